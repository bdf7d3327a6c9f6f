//! No token ever shows in the `Debug` of a prepared request or in the `Debug` or `Display` of any error, even when
//! a server echoes the credentials back.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use kravkit::api::endpoint::Endpoint;
use kravkit::http::HttpResponse;
use kravkit::ids::PartIdentifikator;
use kravkit::model::AapneKrav;
use kravkit::secret::{AccessToken, ConsentToken};
use kravkit::skatteetaten::{
    parse, parse_data, prepare, ApiConfig, Auth, BaseUrl, Environment, Periode, Rettighetspakke, SkatteetatenFeil,
};

const ACCESS: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InNrYXR0ZWV0YXRlbjprcmF2b2diZXRhbGluZ2VyIn0.QUNDRVNT";
const CONSENT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6IkEyIn0.eyJPZmZlcmVkQnkiOiIyMTIyMDE3ODIifQ.Q09OU0VOVA";
/// Distinctive pieces of each token (its signature part), in case only part of one leaks.
const PIECES: [&str; 4] = [ACCESS, CONSENT, "QUNDRVNT", "Q09OU0VOVA"];

fn assert_clean(what: &str, shown: &str) {
    for piece in PIECES {
        assert!(!shown.contains(piece), "{what} shows a token: {shown}");
    }
}

fn part() -> PartIdentifikator {
    PartIdentifikator::parse("212201782").unwrap()
}

fn auth2() -> Auth {
    Auth::altinn2(AccessToken::new(ACCESS), ConsentToken::new(CONSENT))
}

#[test]
fn prepared_requests_hide_tokens() {
    let api = ApiConfig::new(Environment::Test);
    let part = PartIdentifikator::parse("212201782").unwrap();
    let periode = Periode::parse("2024-01-01", "2024-12-31").unwrap();
    let auth = auth2();
    let requests = Endpoint::ALL.map(|e| prepare(&api, e, &part, e.has_period().then_some(periode), &auth).unwrap());
    for r in &requests {
        assert_eq!(r.header_value("authorization"), Some(format!("Bearer {ACCESS}").as_str()), "sent, though");
        assert_clean("request", &format!("{r:?} {r:#?}"));
    }
    assert_clean("auth", &format!("{auth:?} {:?}", Auth::altinn3(AccessToken::new(ACCESS))));
}

/// Responses whose bodies echo the credentials, as a careless gateway might.
fn echoing_responses() -> Vec<HttpResponse> {
    let echo = format!("Authorization: Bearer {ACCESS}\nAltinnSamtykke: {CONSENT}");
    vec![
        HttpResponse::new(401, echo.clone()),
        HttpResponse::new(502, format!("<html><pre>{echo}</pre></html>")),
        HttpResponse::new(
            403,
            format!(r#"{{"kode":"KB-005","melding":"ugyldig token {CONSENT}","korrelasjonsid":"k"}}"#),
        ),
        HttpResponse::new(401, format!("<feil><kode>KB-004</kode><melding>Bearer {ACCESS}</melding></feil>")),
        HttpResponse::new(200, format!(r#"{{"krav":[{{"kravidentifikator":{{"t":"{ACCESS}"}}}}]}}"#)),
        HttpResponse::new(200, format!(r#"{{"partIdentifikator":"{ACCESS}","skjermet":"{CONSENT}"}}"#)),
        HttpResponse::new(200, format!("Bearer {ACCESS}")),
    ]
}

#[test]
fn errors_never_show_tokens() {
    for response in echoing_responses() {
        let errors = Endpoint::ALL.map(|e| parse_data(e, &response).err());
        for e in errors.into_iter().flatten() {
            assert_clean("api error", &format!("{e} | {e:?} | {e:#?}"));
        }
        if let Some(feil) = SkatteetatenFeil::parse(&response.body) {
            assert_clean("error body", &format!("{feil} | {feil:?}"));
        }
    }
    let request_errors = [
        Periode::parse("2024-01-01", "2023-01-01").unwrap_err(),
        Periode::parse("2023-01-01", "2024-06-01").unwrap_err(),
        Periode::parse("x", "2024-06-01").unwrap_err(),
        Rettighetspakke::new(ACCESS).unwrap_err(),
        prepare(&ApiConfig::new(Environment::Test), Endpoint::Krav, &part(), None, &auth2()).unwrap_err(),
        BaseUrl::parse(&format!("https://x/?token={ACCESS}")).unwrap_err(),
    ];
    for e in &request_errors {
        assert_clean("request error", &format!("{e} {e:?}"));
    }
}

#[test]
fn answers_that_echo_the_request_never_show_tokens() {
    let api = ApiConfig::new(Environment::Test);
    let part = PartIdentifikator::parse("212201782").unwrap();
    let sent = prepare(&api, Endpoint::AapneKrav, &part, None, &auth2()).unwrap();
    assert_clean("prepared request", &format!("{sent:?}"));
    for response in echoing_responses() {
        if let Err(e) = parse::<AapneKrav>(&response) {
            assert_clean("answer error", &format!("{e} {e:?}"));
        }
    }
}
