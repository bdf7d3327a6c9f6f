//! Altinn 3 end to end: consent request → approval on the page (plain HTTP) → Maskinporten token with the consent
//! → all four Skatteetaten endpoints; then rejection, revocation, expiry, the events feed, and request validation.

mod common;

use common::*;
use kravkit::altinn::altinn3::{
    parse_consent_events, prepare_consent_events, ConsentChange, ConsentEventType, ConsentRequestId, EventsQuery,
};
use serde_json::{json, Value};

/// A change to a valid request body.
type Edit = Box<dyn Fn(&mut Value)>;

const BASE: &str = "/altinn3/accessmanagement/api/v1/enterprise/consentrequests";

fn today(sim: &Sim) -> chrono::NaiveDate {
    sim.get("/config", &[]).json()["data"]["today"].as_str().unwrap().parse().unwrap()
}

#[test]
fn full_flow_from_consent_request_to_all_four_endpoints() {
    let sim = start();
    let party = "313367002";
    let (id, created) = create_consent3(&sim, party);
    assert_eq!(created["id"], id.as_str());
    assert_eq!(created["consented"], Value::Null);
    assert_eq!(created["consentRequestEvents"][0]["eventType"], "Created");
    assert_eq!(
        created["consentRequestEvents"][0]["performedBy"],
        format!("urn:altinn:organization:identifier-no:{BANK_ORG}")
    );
    let view = created["viewUri"].as_str().unwrap();
    assert_eq!(view, sim.url(&format!("/altinn3/ui/consent/request?id={id}")));

    // The page, as a browser (or a plain HTTP client) sees it.
    let page = sim.get(view, &[]);
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    assert!(page.header("content-security-policy").unwrap().contains("default-src 'none'"));
    for text in
        ["Organisasjon 991825827", "Organisasjon 313367002", RESOURCE, "2099-01-01", "id=\"approve\"", "id=\"reject\""]
    {
        assert!(page.body.contains(text), "page lacks {text}");
    }
    assert!(!page.body.contains("<script"));
    let approve = form_action(view, &page.body, "approve");
    assert_eq!(approve, sim.url(&format!("/altinn3/ui/consent/request/{id}/approve")));
    let answer = sim.post_empty(&approve);
    assert_eq!(answer.status, 303);
    assert_eq!(
        answer.header("location").unwrap(),
        format!("https://bank.example/kravkit/callback?consentId={id}&Status=OK")
    );

    // Status as Altinn reports it.
    let read = core_token(&sim, "altinn:consentrequests.read", None);
    let status = sim.get(&format!("{BASE}/{id}"), &[("Authorization", &format!("Bearer {read}"))]);
    assert_eq!(status.status, 200, "{}", status.body);
    let status = status.json();
    assert!(status["consented"].is_string());
    let events: Vec<&str> =
        status["consentRequestEvents"].as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap()).collect();
    assert_eq!(events, ["Created", "Accepted"]);

    // The consent token: a Maskinporten token carrying the consent, fetched the core crate's way.
    let token = core_token(&sim, SKE_SCOPE, Some((&id, party)));
    let (h, c) = (header(&token), payload(&token));
    assert_eq!(h["kid"], sim_keys().maskinporten.kid.as_str());
    assert_eq!(c["iss"], sim.issuer());
    assert_eq!(c["client_id"], CLIENT);
    assert_eq!(c["consumer"], json!({"authority": "iso6523-actorid-upis", "ID": format!("0192:{BANK_ORG}")}));
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 120);
    let detail = &c["authorization_details"][0];
    assert_eq!(detail["type"], "urn:altinn:consent");
    assert_eq!(detail["id"], id.as_str());
    assert_eq!(detail["from"], "urn:altinn:organization:identifier-no:313367002");
    assert_eq!(detail["to"]["ID"], format!("0192:{BANK_ORG}"));
    assert!(detail["consented"].is_string() && detail["validTo"].is_string());
    assert_eq!(detail["consentRights"][0]["resource"][0]["value"], RESOURCE);
    verify_with_published_key(&sim, &token);

    // All four endpoints answer with this party's data.
    let (fra, til) = (today(&sim) - chrono::Duration::days(300), today(&sim));
    let period = format!("fraOgMed={fra}&tilOgMed={til}");
    let aapne = sim.ske(&format!("{party}/aapnekrav"), &token, &[]);
    assert_eq!(aapne.status, 200, "{}", aapne.body);
    let aapne = aapne.json();
    assert_eq!(aapne["partIdentifikator"], party);
    let open = aapne["aapentKravMedGjenstaaendeBeloep"].as_array().unwrap();
    assert!(open.len() >= 5 && open.iter().all(|k| k["partIdentifikator"] == party));
    for (endpoint, list) in [("krav", "krav"), ("innbetalinger", "innbetaling"), ("utbetalinger", "utbetaling")] {
        let r = sim.ske(&format!("{party}/{endpoint}?{period}"), &token, &[("Accept", "application/json")]);
        assert_eq!(r.status, 200, "{endpoint}: {}", r.body);
        let v = r.json();
        assert_eq!(v["partIdentifikator"], party);
        assert_eq!(v["periode"], json!({"fraOgMed": fra.to_string(), "tilOgMed": til.to_string()}));
        assert!(!v[list].as_array().unwrap().is_empty(), "{endpoint}");
        assert!(kravkit_sim::ids::is_uuid(r.header("korrelasjonsid").unwrap()));
    }

    let stats = sim.stats();
    assert_eq!(stats["tokens"]["byClient"][CLIENT], 3);
    assert_eq!(stats["tokens"]["byKid"][client_key().kid.as_str()], 3);
    assert_eq!(stats["tokens"]["withConsent"], 1);
    assert_eq!(stats["requests"]["skatteetaten.aapnekrav"]["byStatus"]["200"], 1);
    assert_eq!(stats["requests"]["altinn3.ui"]["total"], 2);
}

/// Checks an access token with the key the simulator publishes, using jwt-compact (not the simulator's code).
fn verify_with_published_key(sim: &Sim, token: &str) {
    use jwt_compact::{alg::Rsa, AlgorithmExt as _, UntrustedToken};
    let jwks = sim.get("/maskinporten/jwk", &[]).json();
    let (kid, key) = kravkit_sim::keys::public_from_jwk(&jwks["keys"][0]).unwrap();
    assert_eq!(header(token)["kid"], kid.as_str());
    let untrusted = UntrustedToken::new(token).unwrap();
    Rsa::rs256().validator::<Value>(&key).validate(&untrusted).expect("signature");
}

#[test]
fn rejection_redirects_with_failed_status_and_blocks_the_token() {
    let sim = start();
    let (id, created) = create_consent3(&sim, "313367002");
    let view = created["viewUri"].as_str().unwrap();
    let page = sim.get(view, &[]);
    let answer = sim.post_empty(&form_action(view, &page.body, "reject"));
    assert_eq!(answer.status, 303);
    assert_eq!(
        answer.header("location").unwrap(),
        format!("https://bank.example/kravkit/callback?consentId={id}&Status=Failed&ErrorMessage=User%20did%20not%20give%20consent")
    );
    // The page no longer offers buttons; a late approve is refused.
    let page = sim.get(view, &[]);
    assert!(page.body.contains("Status: rejected") && !page.body.contains("id=\"approve\""));
    assert_eq!(sim.post_empty(&sim.url(&format!("/altinn3/ui/consent/request/{id}/approve"))).status, 409);
    sim.token(&core_grant(&sim, SKE_SCOPE, Some((&id, "313367002"))))
        .assert_mp("invalid_authorization_details", "rejected");
    assert_eq!(sim.get("/altinn3/ui/consent/request?id=00000000-0000-4000-8000-000000000000", &[]).status, 404);
}

#[test]
fn revocation_and_expiry_show_in_status_and_events_and_stop_grants() {
    let sim = start();
    let party = "212201782";
    let (revoked, token_before) = consent3_token(&sim, party);
    let (expired, _) = consent3_token(&sim, party);
    assert_eq!(sim.ske(&format!("{party}/aapnekrav"), &token_before, &[]).status, 200);

    sim.config(json!({"consents": [{"id": revoked, "action": "revoke"}, {"id": expired, "action": "expire"}]}));
    let read = core_token(&sim, "altinn:consentrequests.read", None);
    let auth = format!("Bearer {read}");
    let events = |id: &str| -> Vec<String> {
        let v = sim.get(&format!("{BASE}/{id}"), &[("Authorization", &auth)]).json();
        v["consentRequestEvents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["eventType"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(events(&revoked), ["Created", "Accepted", "Revoked"]);
    assert_eq!(events(&expired), ["Created", "Accepted", "Expired"]);
    let v = sim.get(&format!("{BASE}/{expired}"), &[("Authorization", &auth)]).json();
    let valid_to = chrono::DateTime::parse_from_rfc3339(v["validTo"].as_str().unwrap()).unwrap();
    assert!(valid_to.timestamp() <= now());

    // The feed shows events only once they are five minutes old: none yet, all of them on Altinn's clock later.
    assert_eq!(event_pages(&sim, &EventsQuery::new()).concat(), []);
    let read = later_for_the_feed(&sim);
    let changes: Vec<(String, String)> = event_pages_with(&sim, &read, &EventsQuery::new())
        .concat()
        .into_iter()
        .map(|c| (c.consent_request_id.to_string(), c.event_type.as_str().to_owned()))
        .collect();
    let kinds = |id: &str| changes.iter().filter(|c| c.0 == id).map(|c| c.1.as_str()).collect::<Vec<_>>();
    assert_eq!(kinds(&revoked), ["created", "accepted", "revoked"], "oldest first");
    assert_eq!(kinds(&expired), ["created", "accepted", "expired"]);
    assert_eq!(changes.last().unwrap(), &(expired.clone(), "expired".to_owned()));
    // Filters: by type, by request.
    let revocations = event_pages_with(&sim, &read, &EventsQuery::new().event_type(ConsentEventType::Revoked)).concat();
    assert_eq!(
        revocations.iter().map(|c| c.consent_request_id.to_string()).collect::<Vec<_>>(),
        std::slice::from_ref(&revoked)
    );
    let one = EventsQuery::new().consent_request(ConsentRequestId::parse(&expired).unwrap());
    assert_eq!(event_pages_with(&sim, &read, &one).concat().len(), 3);

    sim.token(&core_grant(&sim, SKE_SCOPE, Some((&revoked, party))))
        .assert_mp("invalid_authorization_details", "revoked");
    sim.token(&core_grant(&sim, SKE_SCOPE, Some((&expired, party))))
        .assert_mp("invalid_authorization_details", "expired");
    // A token issued before the revocation no longer opens Skatteetaten.
    sim.ske(&format!("{party}/aapnekrav"), &token_before, &[]).assert_ske(403, "KB-005");
    let view = sim.get("/config", &[]).json();
    let status = |id: &str| {
        view["consents"]["altinn3"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()["status"].clone()
    };
    assert_eq!((status(&revoked), status(&expired)), (json!("revoked"), json!("expired")));
    let reasons = &sim.stats()["grantsRejected"]["byReason"];
    assert_eq!((reasons["consent_revoked"].as_u64(), reasons["consent_expired"].as_u64()), (Some(1), Some(1)));
}

/// The feed's pages for `query`, walked the core crate's way (`prepare_consent_events` → HTTP →
/// `parse_consent_events` → `EventsQuery::next`), with a token of the read scope.
fn event_pages(sim: &Sim, query: &EventsQuery) -> Vec<Vec<ConsentChange>> {
    let read = core_token(sim, "altinn:consentrequests.read", None);
    event_pages_with(sim, &read, query)
}

fn event_pages_with(sim: &Sim, read: &str, query: &EventsQuery) -> Vec<Vec<ConsentChange>> {
    let env = kravkit::altinn::Altinn3Environment::custom(&sim.url("/altinn3")).unwrap();
    let token = kravkit::secret::AccessToken::new(read);
    let mut pages = Vec::new();
    let mut next = Some(query.clone());
    while let Some(q) = next {
        let req = prepare_consent_events(&env, &token, &q);
        let r = sim.get(&req.url, &[("Authorization", req.header_value("Authorization").unwrap())]);
        let page = parse_consent_events(&kravkit::http::HttpResponse::new(r.status, r.body)).unwrap();
        next = q.next(&page);
        pages.push(page.changes);
        assert!(pages.len() < 10, "the walk ends");
    }
    pages
}

/// Moves Altinn's clock six minutes on, so every event so far is old enough for the feed; gives a read token that
/// is still valid there.
fn later_for_the_feed(sim: &Sim) -> String {
    sim.config(json!({"tokenLifetimeSecs": 900}));
    let read = core_token(sim, "altinn:consentrequests.read", None);
    sim.config(json!({"clockOffsets": {"altinn3": 360}}));
    read
}

#[test]
fn events_page_oldest_first_by_one_hundred_with_the_filters_kept() {
    let sim = start();
    let write = core_token(&sim, "altinn:consentrequests.write", None);
    let mut ids = Vec::new();
    for _ in 0..100 {
        let id = kravkit_sim::ids::new_uuid();
        let r = sim.post_json(BASE, &[("Authorization", &format!("Bearer {write}"))], &consent3_body(&id, "313367002"));
        assert_eq!(r.status, 201);
        ids.push(id);
    }
    sim.config(json!({"consents": ids.iter().map(|id| json!({"id": id, "action": "approve"})).collect::<Vec<_>>()}));
    let read = later_for_the_feed(&sim);
    // 100 created, then 100 accepted: two full pages (each with a next link) and the empty page after them.
    let pages = event_pages_with(&sim, &read, &EventsQuery::new());
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [100, 100, 0]);
    assert_eq!(pages[0][0].consent_request_id.to_string(), ids[0]);
    assert!(pages[0].iter().all(|c| c.event_type == ConsentEventType::Created));
    assert_eq!(pages[1][99].consent_request_id.to_string(), ids[99]);
    // The filter is kept in the next link: accepted only, one full page, then the empty one.
    let accepted = event_pages_with(&sim, &read, &EventsQuery::new().event_type(ConsentEventType::Accepted));
    assert_eq!(accepted.iter().map(Vec::len).collect::<Vec<_>>(), [100, 0]);
    let auth = format!("Bearer {read}");
    let first = sim.get(&format!("{BASE}/events?eventType=accepted"), &[("Authorization", &auth)]).json();
    let link = first["links"]["next"].as_str().unwrap();
    assert!(
        link.starts_with(&sim.url(&format!("{BASE}/events?continuationToken=")))
            && link.ends_with("&eventType=accepted")
    );
    let token = link.split("continuationToken=").nth(1).unwrap().split('&').next().unwrap();
    let raw = percent_encoding::percent_decode_str(token).decode_utf8().unwrap();
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, raw.as_bytes()).unwrap();
    assert_eq!((bytes.len(), bytes[6] >> 4), (16, 7), "the token is a base64 UUIDv7");
    // createdBefore in the past of every event: nothing.
    let before = EventsQuery::new().created_before(kravkit::UnixTime::from_secs(now() - 3_600));
    assert_eq!(event_pages_with(&sim, &read, &before).concat(), []);
    // Bad parameters are validation problems naming the parameter.
    for (query, code, path) in [
        ("continuationToken=%25%25%25", "SIM-A3-EV1", "$QUERY/continuationToken"),
        ("eventType=created", "AM.VLD-00052", "$QUERY/eventType"),
        ("eventType=archived", "AM.VLD-00052", "$QUERY/eventType"),
        ("createdAfter=yesterday", "SIM-A3-EV2", "$QUERY/createdAfter"),
        ("consentRequestId=nope", "SIM-A3-EV3", "$QUERY/consentRequestId"),
        ("createdAfter=2026-02-01T00:00:00Z&createdBefore=2026-01-01T00:00:00Z", "SIM-A3-EV4", "$QUERY/createdAfter"),
    ] {
        let r = sim.get(&format!("{BASE}/events?{query}"), &[("Authorization", &auth)]);
        assert_eq!(r.status, 400, "{query}");
        let v = r.json();
        assert_eq!(
            (v["validationErrors"][0]["code"].as_str(), v["validationErrors"][0]["paths"][0].as_str()),
            (Some(code), Some(path)),
            "{query}"
        );
    }
    // Another organisation sees none of these.
    sim.config(
        json!({"clients": [client_config("other-bank", "313367002", &["altinn:consentrequests.read"], client_key())]}),
    );
    let mut c = claims(&sim, "altinn:consentrequests.read");
    c["iss"] = json!("other-bank");
    let other = sim.access_token(&sign(&json!({"alg": "RS256", "kid": client_key().kid}), &c, client_key()));
    let theirs = sim.get(&format!("{BASE}/events"), &[("Authorization", &format!("Bearer {other}"))]).json();
    assert!(theirs["data"].as_array().unwrap().is_empty());
    // The old feed is gone.
    assert_eq!(sim.get(&format!("{BASE}/latestchanges"), &[("Authorization", &auth)]).status, 400);
}

#[test]
fn consent_requests_are_validated_strictly() {
    let sim = start();
    let write = format!("Bearer {}", core_token(&sim, "altinn:consentrequests.write", None));
    let post = |body: &Value| sim.post_json(BASE, &[("Authorization", &write)], body);
    let valid = || consent3_body(&kravkit_sim::ids::new_uuid(), "313367002");
    let cases: Vec<(&str, Edit)> = vec![
        ("/id", Box::new(|b| b["id"] = json!("not-a-uuid"))),
        ("/from", Box::new(|b| b["from"] = json!("urn:altinn:organization:identifier-no:313367003"))),
        ("/from", Box::new(|b| b["from"] = json!("313367002"))),
        ("/to", Box::new(|b| b["to"] = json!("urn:altinn:person:identifier-no:04827896468"))),
        ("/validTo", Box::new(|b| b["validTo"] = json!("2020-01-01T00:00:00Z"))),
        ("/validTo", Box::new(|b| b["validTo"] = json!("tomorrow"))),
        ("/consentRights", Box::new(|b| b["consentRights"] = json!([]))),
        ("/consentRights/0", Box::new(|b| b["consentRights"][0]["action"] = json!([]))),
        ("/consentRights/0", Box::new(|b| b["consentRights"][0]["resource"][0]["type"] = json!("urn:x"))),
        ("/redirectUrl", Box::new(|b| b["redirectUrl"] = json!("/relative"))),
        ("/redirectUrl", Box::new(|b| b["redirectUrl"] = json!("javascript:alert(1)"))),
        ("/requestMessage", Box::new(|b| b["requestMessage"] = json!({"de": "Hallo"}))),
        ("/portalViewMode", Box::new(|b| b["portalViewMode"] = json!("maybe"))),
        ("/bogus", Box::new(|b| b["bogus"] = json!(1))),
        // Altinn sets handledBy itself (from the token's supplier); its create body has no such field.
        ("/handledBy", Box::new(|b| b["handledBy"] = json!("urn:altinn:organization:identifier-no:313367002"))),
    ];
    for (path, edit) in cases {
        let mut body = valid();
        edit(&mut body);
        let r = post(&body);
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        let v = r.json();
        assert_eq!(v["status"], 400);
        assert!(v["validationErrors"].as_array().unwrap().iter().any(|e| e["paths"][0] == path), "{path}: {v}");
    }
    // A `to` other than the token's organisation: a bare 403.
    let mut not_ours = valid();
    not_ours["to"] = json!("urn:altinn:organization:identifier-no:313367002");
    let r = post(&not_ours);
    assert_eq!((r.status, r.body.as_str()), (403, ""));
    let body = valid();
    let created = post(&body);
    assert_eq!(created.status, 201);
    assert_eq!(created.json()["handledBy"], Value::Null, "no supplier in the token");
    let again = post(&body);
    assert_eq!(again.status, 200, "a repeated id with the same parties answers with the stored request");
    assert_eq!(again.json()["id"], body["id"]);
    assert_eq!(again.json()["consentRequestStatus"], "created");
    let mut other_from = body.clone();
    other_from["from"] = json!("urn:altinn:organization:identifier-no:212201782");
    let clash = post(&other_from);
    assert_eq!(clash.status, 400, "{}", clash.body);
    assert_eq!(clash.json()["code"], "AM-00016");
    assert_eq!(sim.post_json(BASE, &[], &valid()).status, 401);
    let read_only = format!("Bearer {}", core_token(&sim, "altinn:consentrequests.read", None));
    assert_eq!(sim.post_json(BASE, &[("Authorization", &read_only)], &valid()).status, 403);
    assert_eq!(sim.get(&format!("{BASE}/{}", body["id"].as_str().unwrap()), &[("Authorization", &write)]).status, 403);
    assert_eq!(sim.get(&format!("{BASE}/not-a-uuid"), &[("Authorization", &read_only)]).status, 400);
    assert_eq!(
        sim.get(&format!("{BASE}/{}", kravkit_sim::ids::new_uuid()), &[("Authorization", &read_only)]).status,
        404
    );
    let garbage = sim.post_json(BASE, &[("Authorization", &write)], &json!([1, 2]));
    assert_eq!(garbage.status, 400);
}

#[test]
fn a_vendor_creates_for_its_customer_and_altinn_sets_handled_by_from_the_supplier() {
    let sim = start();
    let customer = "313367002";
    let mut cfg = client_config(CLIENT, BANK_ORG, &SCOPES, client_key());
    cfg["consumerOrgs"] = json!([customer]);
    sim.config(json!({"clients": [cfg]}));
    let write = sim.access_token(&grant(&sim, "altinn:consentrequests.write", |c| c["consumer_org"] = json!(customer)));
    let auth = format!("Bearer {write}");
    let mut body = consent3_body(&kravkit_sim::ids::new_uuid(), "212201782");
    // `to` is the customer, the token's consumer; the vendor (the bank's org here) is the supplier.
    body["to"] = json!(format!("urn:altinn:organization:identifier-no:{customer}"));
    let r = sim.post_json(BASE, &[("Authorization", &auth)], &body);
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.json()["handledBy"], format!("urn:altinn:organization:identifier-no:{BANK_ORG}"));
    // The vendor's own organisation as `to` is not the token's consumer.
    body["id"] = json!(kravkit_sim::ids::new_uuid());
    body["to"] = json!(format!("urn:altinn:organization:identifier-no:{BANK_ORG}"));
    assert_eq!(sim.post_json(BASE, &[("Authorization", &auth)], &body).status, 403);
}
