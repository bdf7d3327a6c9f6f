//! Altinn 2 consent against Altinn's documented examples: pre-registration, callback, token exchange, claims.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use kravkit::{
    altinn::{
        altinn2::{
            parse_callback, parse_consent_token_response, parse_create_consent_response, prepare_consent_token_request,
            prepare_create_consent_request, Altinn2Outcome, ClaimsError, ConsentRequest, ConsentRequestError,
            ConsentTokenError, UntrustedConsentClaims,
        },
        new_state, Altinn2Environment, PortalViewMode, RedirectUrl,
    },
    http::{HttpResponse, Method},
    ids::{Organisasjonsnummer, PartIdentifikator},
    secret::{AccessToken, AltinnApiKey, ConsentToken},
    UnixTime,
};
use serde_json::{json, Value};

const HEADER: &str = include_str!("../fixtures/altinn/altinn2-consent-token.header.json");
const PAYLOAD: &str = include_str!("../fixtures/altinn/altinn2-consent-token.payload.json");
const PAYLOAD_ENCODED_EXAMPLE: &str =
    include_str!("../fixtures/altinn/altinn2-consent-token.payload.decoded-from-encoded-example.json");
const EXCHANGE_HEADER: &str = include_str!("../fixtures/altinn/altinn2-token-exchange-response.header.json");
const EXCHANGE_PAYLOAD: &str = include_str!("../fixtures/altinn/altinn2-token-exchange-response.payload.json");

fn jwt(header: &str, payload: &str) -> String {
    format!("{}.{}.{}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode("sig"))
}

fn utc(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap()
}

fn request(offered_by: &str) -> ConsentRequest {
    ConsentRequest::new(
        Organisasjonsnummer::parse("910514458").unwrap(),
        PartIdentifikator::parse(offered_by).unwrap(),
        "NORDMANN",
        RedirectUrl::with_state("https://bank.no/cb", "state", "st4te").unwrap(),
        utc("2026-01-10T12:00:00Z"),
    )
}

#[test]
fn pre_registration_request() {
    let key = AltinnApiKey::new("SECRET-API-KEY");
    let req = request("313367002");
    let http = prepare_create_consent_request(&Altinn2Environment::tt02(), &key, None, &req);
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "https://tt02.altinn.no/api/consentRequests");
    assert_eq!(http.header_value("ApiKey"), Some("SECRET-API-KEY"));
    assert_eq!(http.header_value("Accept"), Some("application/hal+json"));
    assert_eq!(http.header_value("Content-Type"), Some("application/json"));
    assert_eq!(http.header_value("Authorization"), None);
    let body: Value = serde_json::from_slice(&http.body).unwrap();
    assert_eq!(
        body,
        json!({
            "CoveredBy": "910514458",
            "OfferedBy": "313367002",
            "OfferedByName": "NORDMANN",
            "ValidTo": "2026-04-10T12:00:00Z",
            "RedirectUrl": "https://bank.no/cb?state=st4te",
            "RequestResources": [{ "ServiceCode": "5928", "ServiceEditionCode": 202301 }]
        })
    );
    assert!(body.get("RequestMessage").is_none());

    let req = req.handled_by(Organisasjonsnummer::parse("313506673").unwrap()).portal_view_mode(PortalViewMode::Hide);
    let http =
        prepare_create_consent_request(&Altinn2Environment::production(), &key, Some(&AccessToken::new("MP")), &req);
    assert_eq!(http.url, "https://www.altinn.no/api/consentRequests");
    assert_eq!(http.header_value("Authorization"), Some("Bearer MP"));
    let body: Value = serde_json::from_slice(&http.body).unwrap();
    assert_eq!(body["HandledBy"], "313506673");
    assert_eq!(body["PortalViewMode"], "Hide");
}

#[test]
fn pre_registration_responses() {
    let ok = r#"{"AuthorizationCode":"c44f284f-b43b-4355-925a-2add17439659","CoveredBy":"910514458",
        "OfferedBy":"27042000537","ValidTo":"2019-09-30T10:30:00.000","PortalViewMode":"Hide",
        "_links":{"self":{"href":"https://altinn.no/api/consentRequest/c44f284f-b43b-4355-925a-2add17439659"},
                  "gui":{"href":"https://altinn.no/ui/AccessConsent/request?id=c44f284f-b43b-4355-925a-2add17439659"}}}"#;
    let created = parse_create_consent_response(&HttpResponse::new(201, ok)).unwrap();
    assert_eq!(created.authorization_code.as_str(), "c44f284f-b43b-4355-925a-2add17439659");
    assert_eq!(
        created.gui_url.as_deref(),
        Some("https://altinn.no/ui/AccessConsent/request?id=c44f284f-b43b-4355-925a-2add17439659")
    );
    assert_eq!(
        created.self_url.as_deref(),
        Some("https://altinn.no/api/consentRequest/c44f284f-b43b-4355-925a-2add17439659")
    );
    let bare = parse_create_consent_response(&HttpResponse::new(200, r#"{"AuthorizationCode":"abc-1"}"#)).unwrap();
    assert_eq!(
        bare.consent_page_url(&Altinn2Environment::tt02()),
        "https://tt02.altinn.no/ui/AccessConsent/request?id=abc-1"
    );

    let err =
        |status, body: &str| parse_create_consent_response(&HttpResponse::new(status, body.to_owned())).unwrap_err();
    let list = err(
        400,
        r#"[{"ErrorCode":"1","ErrorMessage":"OfferedByName does not match 27042000537"},{"ErrorCode":2,"ErrorMessage":"ValidTo"}]"#,
    );
    let ConsentRequestError::Rejected { status: 400, ref errors } = list else { panic!("{list:?}") };
    assert_eq!((errors[0].code.as_str(), errors[1].code.as_str()), ("1", "2"));
    assert!(!format!("{list} {list:?}").contains("27042000537"), "{list}");
    assert!(matches!(err(400, r#"{"ErrorCode":"7","ErrorMessage":"x"}"#), ConsentRequestError::Rejected { .. }));
    assert_eq!(
        err(401, r#"{"Message":"Authorization has been denied for this request."}"#),
        ConsentRequestError::UnexpectedStatus {
            status: 401,
            message: Some("Authorization has been denied for this request.".into())
        }
    );
    assert_eq!(err(503, "<html>down</html>"), ConsentRequestError::UnexpectedStatus { status: 503, message: None });
    assert_eq!(err(201, r#"{"CoveredBy":"910514458"}"#), ConsentRequestError::MissingAuthorizationCode);
    assert_eq!(err(201, r#"{"AuthorizationCode":"a b"}"#), ConsentRequestError::MissingAuthorizationCode);
    assert!(matches!(err(201, "not json"), ConsentRequestError::InvalidBody(_)));
}

#[test]
fn callback_then_token_then_claims() {
    let state = new_state([4; 16]);
    let redirect = RedirectUrl::with_state("https://bank.no/cb", "state", &state).unwrap();
    let back = format!("{redirect}&AuthorizationCode=c7dbe642-0fc1-4c3b-8959-8a92e3e1f17d&Status=OK");
    let cb = parse_callback(&back, "state").unwrap();
    cb.verify_state(&state).unwrap();
    let Altinn2Outcome::Approved { authorization_code } = cb.outcome else { panic!() };

    let key = AltinnApiKey::new("SECRET-API-KEY");
    let get = prepare_consent_token_request(&Altinn2Environment::tt02(), &key, None, &authorization_code);
    assert_eq!(get.url, "https://tt02.altinn.no/api/authorization/token/c7dbe642-0fc1-4c3b-8959-8a92e3e1f17d");
    let token_text = jwt(HEADER, PAYLOAD);
    let token = parse_consent_token_response(&HttpResponse::new(200, format!("\"{token_text}\""))).unwrap();
    assert_eq!(token.secret(), token_text);

    let claims = UntrustedConsentClaims::decode(&token).unwrap();
    assert_eq!(claims.authorization_code.as_ref(), Some(&authorization_code));
    assert_eq!(claims.offered_by, Some(PartIdentifikator::parse("11025802170").unwrap()));
    assert_eq!(claims.covered_by, Some(Organisasjonsnummer::parse("910514458").unwrap()));
    assert_eq!(claims.handled_by, None);
    assert_eq!(claims.delegated, Some(UnixTime::from_secs(1_503_855_661)));
    assert_eq!(claims.valid_to, Some(UnixTime::from_secs(1_506_760_200)));
    assert_eq!(
        (claims.expires, claims.not_before),
        (Some(UnixTime::from_secs(1_503_860_347)), Some(UnixTime::from_secs(1_503_860_317)))
    );
    assert_eq!(claims.issuer.as_deref(), Some("altinn.no"));
    assert_eq!(claims.services.len(), 5);
    assert!(claims.covers("4629", 2) && claims.covers("4630", 2) && !claims.covers("5928", 202_301));
    assert_eq!(claims.services[4].parameters, [("tilOgMed".to_owned(), "2017-08".to_owned())]);
}

#[test]
fn older_claim_forms() {
    let claims = UntrustedConsentClaims::decode(&ConsentToken::new(jwt(HEADER, PAYLOAD_ENCODED_EXAMPLE))).unwrap();
    assert_eq!(claims.services.len(), 4);
    assert!(claims.covers("4629", 2));
    assert_eq!(claims.services[3].parameters.len(), 2);
    assert_eq!(claims.delegated, Some(utc("2017-04-18T07:33:13Z")));
    assert_eq!(claims.valid_to, Some(utc("2017-06-30T08:30:00Z")));

    let claims = UntrustedConsentClaims::decode(&ConsentToken::new(jwt(EXCHANGE_HEADER, EXCHANGE_PAYLOAD))).unwrap();
    assert!(claims.covers("4629", 1));
    assert_eq!(claims.delegated, Some(utc("2016-10-27T19:11:17Z")));
    assert_eq!(claims.valid_to, Some(utc("2017-01-05T09:30:00Z")));
    assert_eq!(claims.offered_by, Some(PartIdentifikator::parse("06117701547").unwrap()));

    let with_vendor = json!({"Services": ["5928_202301"], "ServiceCodes": ["4629,1"], "HandledBy": "313506673"});
    let claims = UntrustedConsentClaims::decode(&ConsentToken::new(jwt("{}", &with_vendor.to_string()))).unwrap();
    assert!(claims.covers("5928", 202_301) && !claims.covers("4629", 1));
    assert_eq!(claims.handled_by, Some(Organisasjonsnummer::parse("313506673").unwrap()));
    let array_codes = json!({"ServiceCodes": ["4629,1", "4630,2"]});
    let claims = UntrustedConsentClaims::decode(&ConsentToken::new(jwt("{}", &array_codes.to_string()))).unwrap();
    assert!(claims.covers("4630", 2));
}

#[test]
fn claims_that_do_not_decode() {
    let decode = |t: &str| UntrustedConsentClaims::decode(&ConsentToken::new(t)).unwrap_err();
    assert_eq!(decode("only.two"), ClaimsError::NotAJwt);
    assert_eq!(decode("a.b.c.d"), ClaimsError::NotAJwt);
    assert_eq!(decode("e30.!!!.c2ln"), ClaimsError::Base64);
    assert_eq!(decode(&jwt("{}", "[1,2]")), ClaimsError::NotAnObject);
    assert_eq!(decode(&jwt("{}", "not json")), ClaimsError::NotAnObject);
    let bad_fnr = decode(&jwt("{}", r#"{"OfferedBy":"02925796976"}"#));
    assert!(matches!(bad_fnr, ClaimsError::InvalidClaim { claim: "OfferedBy", .. }));
    assert!(!format!("{bad_fnr} {bad_fnr:?}").contains("0292579697"), "{bad_fnr}");
    assert!(matches!(
        decode(&jwt("{}", r#"{"ValidToDate":"someday"}"#)),
        ClaimsError::InvalidClaim { claim: "ValidToDate", .. }
    ));
    assert!(matches!(decode(&jwt("{}", r#"{"exp":"soon"}"#)), ClaimsError::InvalidClaim { claim: "exp", .. }));
    assert!(matches!(
        decode(&jwt("{}", r#"{"CoveredBy":910514458}"#)),
        ClaimsError::InvalidClaim { claim: "CoveredBy", .. }
    ));
    assert!(matches!(decode(&jwt("{}", r#"{"Services":7}"#)), ClaimsError::InvalidClaim { claim: "Services", .. }));
}

#[test]
fn token_errors_and_redaction() {
    let forbidden = parse_consent_token_response(&HttpResponse::new(403, "")).unwrap_err();
    assert!(matches!(forbidden, ConsentTokenError::NotAuthorized { .. }));
    assert!(forbidden.to_string().contains("expired or invalid"), "{forbidden}");
    for garbage in ["<html>oops</html>", "\"eyJhbGciOi\"", "null", "{}", "\"a.b\""] {
        assert!(parse_consent_token_response(&HttpResponse::new(200, garbage)).is_err(), "{garbage}");
    }

    let fnr = "02925796975";
    let key = AltinnApiKey::new("SECRET-API-KEY");
    let req = request(fnr);
    let http =
        prepare_create_consent_request(&Altinn2Environment::tt02(), &key, Some(&AccessToken::new("SECRET-MP")), &req);
    let token = parse_consent_token_response(&HttpResponse::new(200, format!("\"{}\"", jwt(HEADER, PAYLOAD)))).unwrap();
    let shown = format!("{req:?} {http:?} {token:?} {key:?}");
    assert!(!shown.contains(fnr) && !shown.contains("SECRET") && !shown.contains("eyJ"), "{shown}");

    // Altinn echoing the API key back in an error message: the key never reaches the error text.
    for body in [r#"{"Message":"Invalid ApiKey: SECRET-API-KEY"}"#, "\"ApiKey=SECRET-API-KEY is not valid\""] {
        for status in [403, 400, 500] {
            let e = parse_consent_token_response(&HttpResponse::new(status, body)).unwrap_err();
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains("SECRET"), "{status}: {shown}");
            let e = parse_create_consent_response(&HttpResponse::new(status, body)).unwrap_err();
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains("SECRET"), "{status}: {shown}");
        }
    }
}
