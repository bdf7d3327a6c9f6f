//! Altinn 3 consent against Altinn's documented examples and its own end-to-end test for Krav og betalinger.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use kravkit::{
    altinn::{
        altinn3::{
            parse_callback, parse_consent_request_response, prepare_create_consent_request,
            prepare_get_consent_request, Altinn3Outcome, ConsentRequest, ConsentRequestError, ConsentRequestId,
            ConsentRight, ConsentStatus, RequestMessage,
        },
        new_state, Altinn3Environment, PortalViewMode, RedirectUrl,
    },
    http::{HttpResponse, Method},
    ids::{Organisasjonsnummer, PartIdentifikator},
    secret::AccessToken,
    UnixTime,
};
use serde_json::{json, Value};

const REQUEST: &str = include_str!("../fixtures/altinn/altinn3-consentrequest.request.json");
const REQUEST_OLDER: &str = include_str!("../fixtures/altinn/altinn3-consentrequest.request.older.json");
const RESPONSE: &str = include_str!("../fixtures/altinn/altinn3-consentrequest.response.json");
const RESPONSE_OLDER: &str = include_str!("../fixtures/altinn/altinn3-consentrequest.response.older.json");

fn org(s: &str) -> Organisasjonsnummer {
    Organisasjonsnummer::parse(s).unwrap()
}

fn party(s: &str) -> PartIdentifikator {
    PartIdentifikator::parse(s).unwrap()
}

fn body_of(req: &ConsentRequest) -> Value {
    let http = prepare_create_consent_request(&Altinn3Environment::tt02(), &AccessToken::new("mp-token"), req);
    serde_json::from_slice(&http.body).unwrap()
}

/// Same keys at every level (arrays: element by element).
fn assert_same_shape(ours: &Value, theirs: &Value, path: &str) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let (ka, kb): (Vec<_>, Vec<_>) = (a.keys().collect(), b.keys().collect());
            assert_eq!(ka, kb, "keys at {path}");
            for k in a.keys() {
                assert_same_shape(&a[k], &b[k], &format!("{path}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "length at {path}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same_shape(x, y, &format!("{path}[{i}]"));
            }
        }
        (a, b) => assert_eq!(std::mem::discriminant(a), std::mem::discriminant(b), "type at {path}"),
    }
}

#[test]
fn request_matches_the_documented_example() {
    let theirs: Value = serde_json::from_str(REQUEST).unwrap();
    let valid_to = UnixTime::parse_rfc3339(theirs["validTo"].as_str().unwrap()).unwrap();
    let right = |year: &str| ConsentRight::new("standard-samtykke-for-dele-data").metadata("inntektsaar", year);
    let req = ConsentRequest::new(
        ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap(),
        party("21818297804"),
        org("991825827"),
        RedirectUrl::parse("https://bankenmin.no/huslaan?consentId=77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap(),
        UnixTime::from_secs(0),
    )
    .valid_to(valid_to)
    .rights(vec![right("2023"), right("2024")])
    .portal_view_mode(PortalViewMode::Hide);
    let mut ours = body_of(&req);
    assert_same_shape(&ours, &theirs, "$");
    // Equal apart from validTo's precision (we send whole seconds with Z).
    assert_eq!(ours["validTo"], "2026-07-18T06:18:12Z");
    ours["validTo"] = theirs["validTo"].clone();
    assert_eq!(ours, theirs);
}

#[test]
fn request_matches_altinns_e2e_test_exactly() {
    let now = UnixTime::parse_rfc3339("2026-04-22T10:00:00Z").unwrap();
    let req = ConsentRequest::new(
        ConsentRequestId::new_v4([0x5a; 16]),
        party("313506673"),
        org("991825827"),
        RedirectUrl::parse("https://example.com/").unwrap(),
        now,
    )
    .valid_to(now.add_secs(5 * 86_400))
    .request_message(RequestMessage {
        en: Some("Playwright end to end test request message english".into()),
        nb: Some("Playwright ende-til-ende test request message bokmål".into()),
        nn: Some("Playwright ende-til-ende test request message nynorsk".into()),
    });
    let expected = json!({
        "id": "5a5a5a5a-5a5a-4a5a-9a5a-5a5a5a5a5a5a",
        "from": "urn:altinn:organization:identifier-no:313506673",
        "to": "urn:altinn:organization:identifier-no:991825827",
        "validTo": "2026-04-27T10:00:00Z",
        "consentRights": [{
            "action": ["consent"],
            "resource": [{ "type": "urn:altinn:resource", "value": "ske-samtykke-krav-og-betalinger" }]
        }],
        "redirectUrl": "https://example.com/",
        "requestMessage": {
            "en": "Playwright end to end test request message english",
            "nb": "Playwright ende-til-ende test request message bokmål",
            "nn": "Playwright ende-til-ende test request message nynorsk"
        }
    });
    assert_eq!(body_of(&req), expected);
    // Key order as in the e2e test, too.
    let text = req.to_json();
    let order =
        ["\"id\"", "\"from\"", "\"to\"", "\"validTo\"", "\"consentRights\"", "\"redirectUrl\"", "\"requestMessage\""];
    let positions: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn optional_parties_and_view_mode() {
    let req = ConsentRequest::new(
        ConsentRequestId::new_v4([2; 16]),
        party("313367002"),
        org("991825827"),
        RedirectUrl::parse("https://bank.no/cb").unwrap(),
        UnixTime::from_secs(0),
    )
    .required_delegator(party("02925796975"))
    .portal_view_mode(PortalViewMode::Show);
    let body = body_of(&req);
    assert!(body.get("handledBy").is_none(), "Altinn sets handledBy from the token's supplier");
    assert_eq!(body["requiredDelegator"], "urn:altinn:person:identifier-no:02925796975");
    assert_eq!(body["portalViewMode"], "show");
    assert_eq!(body["validTo"], "1970-04-01T00:00:00Z");
}

#[test]
fn documented_responses_parse() {
    let d = parse_consent_request_response(&HttpResponse::new(201, RESPONSE)).unwrap();
    assert_eq!(d.id.to_string(), "77ed8698-e619-4066-9eb4-5c1eb3f165a1");
    assert_eq!(d.from, Some(party("21818297804")));
    assert_eq!(d.to, Some(party("991825827")));
    assert_eq!(d.valid_to, UnixTime::parse_rfc3339("2026-07-18T06:18:12Z").unwrap());
    assert_eq!(d.consented, None);
    assert_eq!(
        d.view_uri.as_deref(),
        Some(
            "https://am.ui.tt02.altinn.no/accessmanagement/ui/consent/request?id=77ed8698-e619-4066-9eb4-5c1eb3f165a1"
        )
    );
    assert_eq!(d.rights.len(), 2);
    assert_eq!(d.rights[1].resources, ["standard-samtykke-for-dele-data"]);
    assert_eq!(d.rights[1].metadata["inntektsaar"], "2024");
    assert_eq!(d.events.len(), 1);
    assert_eq!(d.events[0].performed_by, Some(party("991825827")));
    assert_eq!(d.events[0].consent_request_id, Some(d.id));
    assert_eq!(d.status(UnixTime::parse_rfc3339("2025-07-18T07:00:00Z").unwrap()), ConsentStatus::Pending);

    let older = parse_consent_request_response(&HttpResponse::new(201, RESPONSE_OLDER)).unwrap();
    assert_eq!(older.rights[0].metadata["INNTEKTSAAR"], "2024");
    assert_eq!(older.rights[0].actions, ["read"]);
    // The older request uses lower-case `metadata` and has no events, viewUri or consented: still readable.
    let lower = parse_consent_request_response(&HttpResponse::new(200, REQUEST_OLDER)).unwrap();
    assert_eq!(lower.rights[0].metadata["INNTEKTSAAR"], "2024");
    assert!(lower.events.is_empty() && lower.view_uri.is_none());
}

#[test]
fn whole_flow_with_a_simulated_altinn() {
    let env = Altinn3Environment::custom("http://127.0.0.1:8787/").unwrap();
    let token = AccessToken::new("mp-write-token");
    let now = UnixTime::parse_rfc3339("2026-01-10T12:00:00Z").unwrap();
    let state = new_state([9; 16]);
    let id = ConsentRequestId::new_v4([1; 16]);
    let redirect = RedirectUrl::with_state("https://bank.no/samtykke/retur", "state", &state).unwrap();
    let req = ConsentRequest::new(id, party("313367002"), org("991825827"), redirect, now);
    let http = prepare_create_consent_request(&env, &token, &req);
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "http://127.0.0.1:8787/accessmanagement/api/v1/enterprise/consentrequests");

    // Altinn echoes the request with events and a viewUri.
    let mut echoed: Value = serde_json::from_slice(&http.body).unwrap();
    echoed["viewUri"] = json!(format!("https://am.ui.tt02.altinn.no/accessmanagement/ui/consent/request?id={id}"));
    echoed["consentRequestEvents"] = json!([{"consentEventID": "e1", "created": "2026-01-10T12:00:01Z",
        "performedBy": "urn:altinn:organization:identifier-no:991825827", "eventType": "Created", "consentRequestID": id}]);
    let created = parse_consent_request_response(&HttpResponse::new(201, echoed.to_string())).unwrap();
    assert_eq!(created.id, id);
    assert_eq!(created.valid_to, now.add_secs(90 * 86_400));

    let back = format!("{}&Status=OK", req.redirect_url);
    let cb = parse_callback(&back, "state").unwrap();
    assert_eq!(cb.outcome, Altinn3Outcome::Approved);
    cb.verify_state(&state).unwrap();
    assert!(cb.verify_state(&new_state([8; 16])).is_err());

    let get = prepare_get_consent_request(&env, &AccessToken::new("mp-read-token"), &id);
    assert_eq!(get.url, format!("http://127.0.0.1:8787/accessmanagement/api/v1/enterprise/consentrequests/{id}"));
    echoed["consented"] = json!("2026-01-10T12:05:00+00:00");
    echoed["consentRequestEvents"]
        .as_array_mut()
        .unwrap()
        .push(json!({"eventType": "Accepted", "created": "2026-01-10T12:05:00Z"}));
    let got = parse_consent_request_response(&HttpResponse::new(200, echoed.to_string())).unwrap();
    let consented = UnixTime::parse_rfc3339("2026-01-10T12:05:00Z").ok();
    assert_eq!(got.status(now), ConsentStatus::Granted { valid_to: created.valid_to, consented });
    assert_eq!(got.status(now.add_secs(91 * 86_400)), ConsentStatus::Expired { valid_to: created.valid_to });
}

#[test]
fn errors_and_debug_never_leak_secrets_or_national_ids() {
    let fnr = "02925796975";
    let req = ConsentRequest::new(
        ConsentRequestId::new_v4([3; 16]),
        party(fnr),
        org("991825827"),
        RedirectUrl::parse("https://bank.no/cb").unwrap(),
        UnixTime::from_secs(1_800_000_000),
    );
    let http = prepare_create_consent_request(&Altinn3Environment::tt02(), &AccessToken::new("SECRET-MP-TOKEN"), &req);
    let shown = format!("{req:?} {http:?} {http:#?}");
    assert!(!shown.contains(fnr) && !shown.contains("SECRET"), "{shown}");
    assert!(String::from_utf8(http.body).unwrap().contains(fnr), "the body itself carries the id");

    let problem = format!(
        r#"{{"title":"Bad request","status":400,"detail":"party urn:altinn:person:identifier-no:{fnr} has no access"}}"#
    );
    let err = parse_consent_request_response(&HttpResponse::new(400, problem)).unwrap_err();
    assert!(matches!(err, ConsentRequestError::Problem { status: 400, .. }));
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(fnr), "{shown}");
    let bad_urn = format!(
        r#"{{"id":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","validTo":"2026-07-18T06:18:12Z","from":"urn:altinn:person:identifier-no:{}6"}}"#,
        &fnr[..10]
    );
    let err = parse_consent_request_response(&HttpResponse::new(201, bad_urn)).unwrap_err();
    assert!(matches!(err, ConsentRequestError::InvalidField { field: "from", .. }));
    assert!(!format!("{err} {err:?}").contains(&fnr[..10]), "{err}");

    // A gateway echoing what it was sent: the token and any key never reach the error text.
    for detail in ["Authorization: Bearer SECRET-MP-TOKEN refused", "apiKey=SECRET-KEY", "access_token: SECRET-AT"] {
        let body = json!({"title": "Unauthorized", "status": 401, "detail": detail}).to_string();
        for status in [400, 401, 500] {
            let err = parse_consent_request_response(&HttpResponse::new(status, body.clone())).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("SECRET"), "{status}: {shown}");
        }
    }
}
