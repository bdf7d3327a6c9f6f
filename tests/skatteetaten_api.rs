//! The Skatteetaten layer against the documented examples on disk: error bodies and code tables, request URLs,
//! and response parsing.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use kravkit::api::endpoint::Endpoint;
use kravkit::http::{HttpResponse, Method};
use kravkit::ids::PartIdentifikator;
use kravkit::model::{AapneKrav, Innbetalinger, Kravliste, Utbetalinger};
use kravkit::secret::{AccessToken, ConsentToken};
use kravkit::skatteetaten::{
    parse, prepare, ApiConfig, ApiError, Auth, Environment, Feilkode, Periode, RequestError, SkatteetatenFeil,
};
use serde_json::Value;

/// A documented example under fixtures/skatteetaten, compiled in (so the tests also run on wasm32).
macro_rules! fixture {
    ($rel:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/skatteetaten/", $rel)).to_vec()
    };
}

/// The same, as JSON.
macro_rules! json {
    ($rel:literal) => {
        serde_json::from_slice::<Value>(&fixture!($rel)).unwrap()
    };
}

#[test]
fn documented_error_bodies_parse_in_both_formats() {
    let j = SkatteetatenFeil::parse(&fixture!("errors/feil-example.json")).unwrap();
    assert_eq!(j.kode, Feilkode::Other("BSA-006".into()));
    assert_eq!(j.korrelasjonsid.as_deref(), Some("13a865f5-28f9-47db-9abd-ab78977c79fe"));
    assert!(!j.kode.is_known());
    let x = SkatteetatenFeil::parse(&fixture!("errors/feil-example.xml")).unwrap();
    assert_eq!(x.kode.as_str(), "ARBEIDSFORHOLD-003");
    assert_eq!(x.melding, "Fant ingen aktivt arbeidsforhold mellom angitt arbeidstaker og angitt arbeidsgiver");
    assert_eq!(x.korrelasjonsid.as_deref(), Some("a621a996-315d-4b8a-ac6c-6239e67f03e7"));
    // Served as responses, each keeps its status.
    let e = parse::<Kravliste>(&HttpResponse::new(404, fixture!("errors/feil-example.xml"))).unwrap_err();
    assert_eq!((e.status(), e.korrelasjonsid()), (404, Some("a621a996-315d-4b8a-ac6c-6239e67f03e7")));
}

#[test]
fn every_code_in_the_tables_maps_to_a_known_variant_with_its_status() {
    let kb = json!("errors/kravogbetalinger-feilkoder-KB.json");
    let das = json!("errors/felles-feilkoder-DAS.json");
    let rows: Vec<&Value> = kb["koder"].as_array().unwrap().iter().chain(das.as_array().unwrap()).collect();
    assert_eq!(rows.len(), 17);
    for row in rows {
        let kode = row["kode"].as_str().unwrap();
        let status = u16::try_from(row["httpStatus"].as_u64().unwrap()).unwrap();
        let parsed = Feilkode::parse(kode);
        assert!(parsed.is_known() && Feilkode::KNOWN.contains(&parsed), "{kode}");
        assert_eq!(parsed.http_status(), Some(status), "{kode}");
        assert!(parsed.meaning_en().is_some_and(|m| !m.is_empty()), "{kode}");
        // As a response with that status and a body in the documented shape:
        let body = format!(r#"{{"kode":"{kode}","melding":"x","korrelasjonsid":"k-{kode}"}}"#);
        let err = parse::<AapneKrav>(&HttpResponse::new(status, body)).unwrap_err();
        assert_eq!(err.feilkode(), Some(&parsed));
        assert_eq!(err.is_retryable(), status >= 500, "{kode}");
        assert_eq!(err.is_consent_problem(), kode == "KB-005", "{kode}");
        assert_eq!(err.is_not_found(), kode == "KB-007" || kode == "KB-009", "{kode}");
        assert_eq!(err.is_authentication_problem(), kode == "KB-004", "{kode}");
    }
    assert_eq!(Feilkode::Das003.http_status(), Some(500));
    assert!(Feilkode::Das003.is_retryable());
}

/// The path and query after `/v1` of a documented example URL.
fn doc_path(urls: &Value, endpoint: &str) -> String {
    let url = urls[endpoint]["url"].as_str().unwrap();
    url.split_once("/v1").unwrap().1.to_owned()
}

#[test]
fn prepared_urls_match_the_documented_examples() {
    let urls = json!("2024-04-24/request-urls.json");
    let api = ApiConfig::new(Environment::Prod);
    let base = Environment::PROD_BASE_URL;
    let auth = Auth::altinn3(AccessToken::new("t"));
    let part = PartIdentifikator::parse("212201782").unwrap();
    let periode = Periode::parse("2023-01-01", "2023-09-01").unwrap();
    let url = |e, p| prepare(&api, e, &part, p, &auth).unwrap().url;
    assert_eq!(url(Endpoint::AapneKrav, None), format!("{base}{}", doc_path(&urls, "aapnekrav")));
    assert_eq!(url(Endpoint::Krav, Some(periode)), format!("{base}{}", doc_path(&urls, "krav")));
    let inn = prepare(&api, Endpoint::Innbetalinger, &part, Some(periode), &auth).unwrap();
    assert_eq!(inn.url, format!("{base}{}", doc_path(&urls, "innbetalinger")));
    assert_eq!(inn.method, Method::Get);
    // The documented Utbetalinger example has fraOgMed 2022-01-01 after tilOgMed 2021-12-31: refused here.
    let ut = &urls["utbetalinger"]["url"].as_str().unwrap();
    assert!(ut.ends_with("fraOgMed=2022-01-01&tilOgMed=2021-12-31"));
    assert!(matches!(Periode::parse("2022-01-01", "2021-12-31"), Err(RequestError::PeriodeReversed { .. })));
    let other = PartIdentifikator::parse("871978433").unwrap();
    let swapped = Periode::parse("2021-12-31", "2022-01-01").unwrap();
    let r = prepare(&api, Endpoint::Utbetalinger, &other, Some(swapped), &auth).unwrap();
    assert_eq!(r.url, format!("{base}/finans/871978433/utbetalinger?fraOgMed=2021-12-31&tilOgMed=2022-01-01"));
    // The 2022-12 example period (2022-01-01..2023-01-01 in the response echo) is exactly one year: allowed.
    assert!(Periode::parse("2020-01-01", "2021-01-01").is_ok());
    assert!(Periode::parse("2020-01-01", "2021-01-02").is_err());
}

#[test]
fn headers_follow_the_consent_style() {
    let api = ApiConfig::new(Environment::Test);
    let part = PartIdentifikator::parse("313367002").unwrap();
    let a3 = prepare(&api, Endpoint::AapneKrav, &part, None, &Auth::altinn3(AccessToken::new("mp-token"))).unwrap();
    assert_eq!(a3.header_value("Accept"), Some("application/json"));
    assert_eq!(a3.header_value("Authorization"), Some("Bearer mp-token"));
    assert_eq!(a3.header_value("AltinnSamtykke"), None);
    let a2 = Auth::altinn2(AccessToken::new("mp-token"), ConsentToken::new("a2"));
    let a2 = prepare(&api, Endpoint::AapneKrav, &part, None, &a2).unwrap();
    assert_eq!(a2.header_value("AltinnSamtykke"), Some("a2"));
    assert_eq!(a2.header_value("Authorization"), Some("Bearer mp-token"));
}

#[test]
fn responses_become_the_model_or_a_typed_error() {
    let ok = parse::<Innbetalinger>(&HttpResponse::new(200, fixture!("2024-04-24/innbetalinger.json"))).unwrap();
    assert_eq!(ok.innbetaling[1].part_identifikator.as_ref().unwrap().as_str(), "04827896468");
    let ok = parse::<Utbetalinger>(&HttpResponse::new(200, fixture!("2024-04-24/utbetalinger.json"))).unwrap();
    assert_eq!(ok.utbetaling[2].utbetalt_beloep.oere(), 6_237_400);

    let kb005 = r#"{"kode":"KB-005","melding":"Feil i forbindelse med samtykketoken.","korrelasjonsid":"9f1"}"#;
    match parse::<AapneKrav>(&HttpResponse::new(403, kb005)) {
        Err(ApiError::Skatteetaten { status: 403, feil }) => {
            assert_eq!(feil.kode, Feilkode::Kb005);
            assert_eq!(feil.melding, "Feil i forbindelse med samtykketoken.");
            assert!(feil.is_consent_problem());
        }
        other => panic!("{other:?}"),
    }
    match parse::<Kravliste>(&HttpResponse::new(404, "404 page not found")) {
        Err(ApiError::Http { status: 404, body }) => assert_eq!(body, "404 page not found"),
        other => panic!("{other:?}"),
    }
    match parse::<Kravliste>(&HttpResponse::new(200, "<html>oops</html>")) {
        Err(ApiError::Parse(p)) => assert_eq!((p.endpoint, p.line, p.column), (Endpoint::Krav, 1, 1)),
        other => panic!("{other:?}"),
    }
    let e = parse::<Kravliste>(&HttpResponse::new(
        200,
        r#"{"krav":[{"kravidentifikator":"k","opprinneligBeloep":"1,5"}]}"#,
    ));
    let Err(ApiError::Parse(p)) = e else { panic!("{e:?}") };
    assert_eq!(p.path, "krav[0].opprinneligBeloep");
}
