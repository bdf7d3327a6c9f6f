//! KravClient, Visning and the helpers, run the same in Node and in Chromium. The Worker is replaced by a `fetch`
//! function (the client's own option) that answers with real `Response` objects and records each `Request`: what
//! is tested is the real client building requests, mapping errors and refreshing sessions.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{get, AAPNEKRAV_2024};

/// One answer of the stand-in Worker.
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
}

pub fn ok(body: impl Into<String>) -> Answer {
    Answer { status: 200, body: body.into(), headers: vec![("content-type", "application/json".into())] }
}

pub fn problem(status: u16, code: &str, korrelasjonsid: Option<&str>) -> Answer {
    let k = korrelasjonsid.map(|k| format!(r#","korrelasjonsid":"{k}""#)).unwrap_or_default();
    Answer {
        status,
        body: format!(
            r#"{{"type":"about:blank","title":"t","status":{status},"code":"{code}","detail":"because {code}"{k}}}"#
        ),
        headers: vec![("content-type", "application/problem+json".into())],
    }
}

/// A `fetch` answering with `handler`, and every request it got.
pub struct Stub {
    pub fetch: Function,
    pub requests: Rc<RefCell<Vec<web_sys::Request>>>,
}

pub fn stub(handler: impl Fn(&web_sys::Request) -> Answer + 'static) -> Stub {
    let requests = Rc::new(RefCell::new(Vec::new()));
    let seen = requests.clone();
    let f = Closure::<dyn Fn(web_sys::Request) -> JsValue>::new(move |req: web_sys::Request| {
        let a = handler(&req);
        seen.borrow_mut().push(req);
        let init = web_sys::ResponseInit::new();
        init.set_status(a.status);
        let headers = web_sys::Headers::new().unwrap();
        for (k, v) in &a.headers {
            headers.set(k, v).unwrap();
        }
        init.set_headers(&headers);
        let body = (a.status != 204).then_some(a.body.as_str());
        web_sys::Response::new_with_opt_str_and_init(body, &init).unwrap().into()
    });
    Stub { fetch: f.into_js_value().unchecked_into(), requests }
}

pub fn client(session: JsValue, fetch: &Function) -> kravkit_web::KravClient {
    let o = Object::new();
    Reflect::set(&o, &"baseUrl".into(), &"https://worker.test/".into()).unwrap();
    Reflect::set(&o, &"session".into(), &session).unwrap();
    Reflect::set(&o, &"fetch".into(), fetch).unwrap();
    kravkit_web::KravClient::new(o.into()).unwrap()
}

pub async fn resolve(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

fn code(e: &JsValue) -> (String, u16, Option<String>) {
    (
        get(e, &["code"]).as_string().unwrap(),
        get(e, &["status"]).as_f64().unwrap() as u16,
        get(e, &["korrelasjonsid"]).as_string(),
    )
}

fn path(r: &web_sys::Request) -> String {
    let u = web_sys::Url::new(&r.url()).unwrap();
    format!("{} {}{}", r.method(), u.pathname(), u.search())
}

fn periode(fra: &str, til: &str) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &"fraOgMed".into(), &fra.into()).unwrap();
    Reflect::set(&o, &"tilOgMed".into(), &til.into()).unwrap();
    o.into()
}

/// The canonical JSON of the 2024 example, as the Worker sends it.
pub fn canonical_aapnekrav() -> String {
    js_sys::JSON::stringify(&kravkit_web::parse_aapne_krav(AAPNEKRAV_2024).unwrap()).unwrap().into()
}

pub async fn requests_are_built_from_the_contract() {
    let canonical = canonical_aapnekrav();
    let s = stub(move |r| {
        let u = web_sys::Url::new(&r.url()).unwrap();
        match u.pathname().as_str() {
            "/v1/parties/313367002/aapnekrav" => ok(canonical.clone()),
            "/v1/parties/313367002/krav" => ok(r#"{"krav":[]}"#),
            "/v1/parties/313367002/consent" if r.method() == "DELETE" => {
                Answer { status: 204, body: String::new(), headers: vec![] }
            }
            "/v1/parties/313367002/consent" => {
                ok(r#"{"party":"313367002","status":"granted","mode":"altinn3","validTo":"2027-01-01"}"#)
            }
            _ => problem(404, "not_found", None),
        }
    });
    let c = client("tok".into(), &s.fetch);
    assert_eq!(c.base_url(), "https://worker.test");
    let a = resolve(c.aapne_krav("313367002".into())).await.unwrap();
    assert_eq!(get(&a, &["totalOversikt", "saldo"]).as_f64(), Some(2_040_000.0), "canonical øre, as sent");
    let k = resolve(c.krav("313367002".into(), periode("2023-01-01", "2023-12-31"))).await.unwrap();
    assert_eq!(get(&k, &["krav", "length"]).as_f64(), Some(0.0));
    let st = resolve(c.consent_status("313367002".into())).await.unwrap();
    assert_eq!(get(&st, &["status"]).as_string().as_deref(), Some("granted"));
    assert_eq!(get(&st, &["validTo"]).as_string().as_deref(), Some("2027-01-01"));
    assert!(get(&st, &["updatedAt"]).is_null());
    assert!(resolve(c.revoke_consent("313367002".into())).await.unwrap().is_undefined());
    let reqs = s.requests.borrow();
    let seen: Vec<String> = reqs.iter().map(path).collect();
    assert_eq!(
        seen,
        [
            "GET /v1/parties/313367002/aapnekrav",
            "GET /v1/parties/313367002/krav?fraOgMed=2023-01-01&tilOgMed=2023-12-31",
            "GET /v1/parties/313367002/consent",
            "DELETE /v1/parties/313367002/consent",
        ]
    );
    for (r, accept) in reqs.iter().zip([UPSTREAM_FIRST, UPSTREAM_FIRST, "application/json", "application/json"]) {
        assert_eq!(r.headers().get("authorization").unwrap().as_deref(), Some("Bearer tok"));
        assert_eq!(r.headers().get("accept").unwrap().as_deref(), Some(accept), "{}", path(r));
    }
}

/// The `Accept` of a data call: Skatteetaten's document preferred, the canonical JSON taken.
const UPSTREAM_FIRST: &str = "application/vnd.kravkit.upstream+json, application/json;q=0.5";

/// A data answer in Skatteetaten's own shape, as the Worker passes it on.
fn upstream(body: &str) -> Answer {
    Answer {
        status: 200,
        body: body.into(),
        headers: vec![("content-type", "application/vnd.kravkit.upstream+json".into())],
    }
}

pub async fn data_is_read_by_its_content_type() {
    let s = stub(move |r| {
        let u = web_sys::Url::new(&r.url()).unwrap();
        match u.pathname().as_str() {
            "/v1/parties/313367002/aapnekrav" => upstream(AAPNEKRAV_2024),
            "/v1/parties/311851381/aapnekrav" => ok(canonical_aapnekrav()),
            "/v1/parties/314961900/aapnekrav" => upstream("[1, 2]"),
            "/v1/parties/314055403/aapnekrav" => Answer {
                status: 200,
                body: AAPNEKRAV_2024.into(),
                headers: vec![("content-type", "text/plain".into())],
            },
            _ => upstream(r#"{"aapentKravMedGjenstaaendeBeloep": "not a list"}"#),
        }
    });
    let c = client("tok".into(), &s.fetch);
    let passed = resolve(c.aapne_krav("313367002".into())).await.unwrap();
    let canonical = resolve(c.aapne_krav("311851381".into())).await.unwrap();
    assert_eq!(get(&passed, &["totalOversikt", "saldo"]).as_f64(), Some(2_040_000.0), "kroner read into øre");
    assert_eq!(js_sys::JSON::stringify(&passed).unwrap(), js_sys::JSON::stringify(&canonical).unwrap());
    for party in ["314961900", "314055403", "212201782"] {
        let e = resolve(c.aapne_krav(party.into())).await.unwrap_err();
        assert_eq!(code(&e).0, "invalid_response", "{party}");
    }
}

pub async fn consent_is_started_with_a_post_and_only_http_redirects_are_followed() {
    let redirect = Rc::new(RefCell::new(String::from("https://altinn.test/consent?id=1")));
    let r2 = redirect.clone();
    let s = stub(move |_| Answer {
        status: 201,
        body: format!(r#"{{"redirectUrl":"{}","party":"212201782","mode":"altinn2"}}"#, r2.borrow()),
        headers: vec![],
    });
    let navigated = Rc::new(RefCell::new(Vec::<String>::new()));
    let n2 = navigated.clone();
    let nav = Closure::<dyn Fn(String)>::new(move |u: String| n2.borrow_mut().push(u)).into_js_value();
    let o = Object::new();
    Reflect::set(&o, &"baseUrl".into(), &"https://worker.test".into()).unwrap();
    Reflect::set(&o, &"session".into(), &"tok".into()).unwrap();
    Reflect::set(&o, &"fetch".into(), &s.fetch).unwrap();
    Reflect::set(&o, &"navigate".into(), &nav).unwrap();
    let c = kravkit_web::KravClient::new(o.into()).unwrap();
    let started =
        resolve(c.start_consent("212201782".into(), Some("https://bank.test/netbank?x=1".into()))).await.unwrap();
    assert_eq!(get(&started, &["mode"]).as_string().as_deref(), Some("altinn2"));
    assert_eq!(*navigated.borrow(), ["https://altinn.test/consent?id=1"]);
    let req = Clone::clone(&s.requests.borrow()[0]);
    assert_eq!(path(&req), "POST /v1/consents");
    assert_eq!(req.headers().get("content-type").unwrap().as_deref(), Some("application/json"));
    let body = JsFuture::from(req.text().unwrap()).await.unwrap().as_string().unwrap();
    assert_eq!(body, r#"{"party":"212201782","returnUrl":"https://bank.test/netbank?x=1"}"#);

    *redirect.borrow_mut() = "javascript:alert(1)".into();
    let e = resolve(c.start_consent("212201782".into(), Some("https://bank.test/".into()))).await.unwrap_err();
    assert_eq!(code(&e).0, "invalid_response");
    assert_eq!(navigated.borrow().len(), 1, "never navigates to a non-web URL");
}

pub async fn party_and_period_are_checked_before_anything_is_sent() {
    let s = stub(|_| ok("{}"));
    let c = client("tok".into(), &s.fetch);
    for bad in ["313367003", "1234", "04827896469", ""] {
        let e = resolve(c.aapne_krav(bad.into())).await.unwrap_err();
        assert_eq!(code(&e), ("invalid_party".into(), 0, None), "{bad}");
        assert!(e.is_instance_of::<js_sys::Error>());
        assert_eq!(get(&e, &["name"]).as_string().as_deref(), Some("KravkitError"));
    }
    for (fra, til) in
        [("2023-01-01", "2024-01-02"), ("2023-02-01", "2023-01-01"), ("2023-02-30", "2023-03-01"), ("", "")]
    {
        let e = resolve(c.innbetalinger("313367002".into(), periode(fra, til))).await.unwrap_err();
        assert_eq!(code(&e).0, "invalid_period", "{fra}..{til}");
    }
    let e = resolve(c.utbetalinger("313367002".into(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(code(&e).0, "invalid_period");
    let e = resolve(c.start_consent("31336700".into(), Some("https://bank.test/".into()))).await.unwrap_err();
    assert_eq!(code(&e).0, "invalid_party");
    assert!(s.requests.borrow().is_empty(), "nothing was sent");
    // A fødselsnummer is a valid party too (synthetic, month + 80).
    assert!(resolve(c.consent_status("04827896468".into())).await.is_err_and(|e| code(&e).0 == "invalid_response"));
}

/// A person is sent as `_` with the id in the `Kravkit-Party` header: a fødselsnummer never goes into a URL (the
/// Worker refuses one in the path with `person_in_path`).
pub async fn a_person_goes_in_the_kravkit_party_header_never_in_the_url() {
    let canonical = canonical_aapnekrav();
    let s = stub(move |r| {
        let u = web_sys::Url::new(&r.url()).unwrap();
        let header = r.headers().get("kravkit-party").unwrap();
        match (u.pathname().as_str(), header.as_deref()) {
            ("/v1/parties/_/aapnekrav", Some("04827896468")) => ok(canonical.clone()),
            ("/v1/parties/_/krav", Some("04827896468")) => ok(r#"{"krav":[]}"#),
            ("/v1/parties/_/consent", Some("04827896468")) => {
                ok(r#"{"party":"04827896468","status":"granted","mode":"altinn3","validTo":"2027-01-01"}"#)
            }
            _ => problem(400, "person_in_path", None),
        }
    });
    let c = client("tok".into(), &s.fetch);
    let fnr = "04827896468";
    assert!(resolve(c.aapne_krav(fnr.into())).await.is_ok());
    assert!(resolve(c.krav(fnr.into(), periode("2023-01-01", "2023-12-31"))).await.is_ok());
    let st = resolve(c.consent_status(fnr.into())).await.unwrap();
    assert_eq!(get(&st, &["status"]).as_string().as_deref(), Some("granted"));
    let v = resolve(c.visning("aapnekrav".into(), fnr.into(), JsValue::UNDEFINED, Some("2024-06-01".into()))).await;
    assert!(v.is_ok());
    assert!(resolve(c.aapne_krav("313367002".into())).await.is_err(), "an organisation stays in the path");
    let reqs = s.requests.borrow();
    for r in reqs.iter() {
        assert!(!r.url().contains(fnr), "{}", r.url());
    }
    assert_eq!(reqs.last().map(|r| r.headers().get("kravkit-party").unwrap()), Some(None));
    assert_eq!(reqs.len(), 5);
}

pub async fn errors_carry_code_status_and_korrelasjonsid() {
    let s = stub(|r| {
        let u = web_sys::Url::new(&r.url()).unwrap();
        match u.pathname().as_str() {
            "/v1/parties/313367002/aapnekrav" => problem(403, "consent_required", Some("k-body")),
            "/v1/parties/311851381/aapnekrav" => Answer {
                status: 502,
                body: "<html>bad gateway</html>".into(),
                headers: vec![("korrelasjonsid", "k-header".into())],
            },
            "/v1/parties/314961900/aapnekrav" => {
                ok(r#"{"aapentKravMedGjenstaaendeBeloep":[{"kravidentifikator":"x"}]}"#)
            }
            "/v1/parties/314055403/aapnekrav" => Answer { status: 503, body: String::new(), headers: vec![] },
            _ => problem(404, "not_found", None),
        }
    });
    let c = client("tok".into(), &s.fetch);
    let e = resolve(c.aapne_krav("313367002".into())).await.unwrap_err();
    assert_eq!(code(&e), ("consent_required".into(), 403, Some("k-body".into())));
    assert_eq!(get(&e, &["message"]).as_string().as_deref(), Some("because consent_required"));
    let e = resolve(c.aapne_krav("311851381".into())).await.unwrap_err();
    assert_eq!(code(&e), ("upstream_error".into(), 502, Some("k-header".into())));
    let e = resolve(c.aapne_krav("314961900".into())).await.unwrap_err();
    assert_eq!(code(&e), ("invalid_response".into(), 0, None));
    let e = resolve(c.aapne_krav("314055403".into())).await.unwrap_err();
    assert_eq!(code(&e), ("upstream_unavailable".into(), 503, None));

    let failing: Function = Closure::<dyn Fn(JsValue) -> JsValue>::new(|_| Promise::reject(&"offline".into()).into())
        .into_js_value()
        .unchecked_into();
    let c = client("tok".into(), &failing);
    let e = resolve(c.aapne_krav("313367002".into())).await.unwrap_err();
    assert_eq!(code(&e), ("network_error".into(), 0, None));
    assert!(get(&e, &["message"]).as_string().unwrap().contains("offline"));
    let throwing: Function = js_sys::Function::new_with_args("r", "throw new TypeError('boom')");
    let e = resolve(client("tok".into(), &throwing).aapne_krav("313367002".into())).await.unwrap_err();
    assert_eq!(code(&e).0, "network_error");
}

/// A session provider counting its calls: `token-1`, `token-2`, ...
fn provider(calls: Rc<Cell<u32>>) -> JsValue {
    Closure::<dyn Fn() -> JsValue>::new(move || {
        calls.set(calls.get() + 1);
        Promise::resolve(&JsValue::from(format!("token-{}", calls.get()))).into()
    })
    .into_js_value()
}

pub async fn a_401_refreshes_the_session_once_and_retries_once() {
    let canonical = canonical_aapnekrav();
    // token-1 is expired; later tokens work.
    let s = stub(move |r| match r.headers().get("authorization").unwrap().as_deref() {
        Some("Bearer token-1") => problem(401, "unauthorized", None),
        _ => ok(canonical.clone()),
    });
    let calls = Rc::new(Cell::new(0));
    let c = client(provider(calls.clone()), &s.fetch);
    // Two requests at once: one provider call for both, one refresh for both.
    let (a, b) = futures_join(c.aapne_krav("313367002".into()), c.aapne_krav("212201782".into())).await;
    assert!(a.is_ok() && b.is_ok());
    assert_eq!(calls.get(), 2);
    let auth: Vec<String> =
        s.requests.borrow().iter().map(|r| r.headers().get("authorization").unwrap().unwrap()).collect();
    assert_eq!(auth, ["Bearer token-1", "Bearer token-1", "Bearer token-2", "Bearer token-2"]);
    // The refreshed token is kept.
    resolve(c.aapne_krav("313367002".into())).await.unwrap();
    assert_eq!(calls.get(), 2);

    // Always 401: one retry, then the error (no loop).
    let s = stub(|_| problem(401, "unauthorized", None));
    let calls = Rc::new(Cell::new(0));
    let c = client(provider(calls.clone()), &s.fetch);
    let e = resolve(c.aapne_krav("313367002".into())).await.unwrap_err();
    assert_eq!(code(&e), ("unauthorized".into(), 401, None));
    assert_eq!((calls.get(), s.requests.borrow().len()), (2, 2));
    // A fixed token is not retried.
    let c = client("fixed".into(), &s.fetch);
    assert!(resolve(c.aapne_krav("313367002".into())).await.is_err());
    assert_eq!(s.requests.borrow().len(), 3);
    // A provider that fails or gives no string.
    let bad: JsValue = js_sys::Function::new_no_args("return Promise.reject(new Error('logged out'))").into();
    let e = resolve(client(bad, &s.fetch).aapne_krav("313367002".into())).await.unwrap_err();
    assert_eq!(code(&e).0, "session_failed");
    let bad: JsValue = js_sys::Function::new_no_args("return 42").into();
    let e = resolve(client(bad, &s.fetch).aapne_krav("313367002".into())).await.unwrap_err();
    assert_eq!(code(&e).0, "session_failed");
}

async fn futures_join(a: Promise, b: Promise) -> (Result<JsValue, JsValue>, Result<JsValue, JsValue>) {
    let all = js_sys::Promise::all_settled(&js_sys::Array::of2(&a, &b));
    let r = JsFuture::from(all).await.unwrap();
    let one = |i: u32| {
        let x = Reflect::get_u32(&r, i).unwrap();
        if get(&x, &["status"]).as_string().as_deref() == Some("fulfilled") {
            Ok(get(&x, &["value"]))
        } else {
            Err(get(&x, &["reason"]))
        }
    };
    (one(0), one(1))
}

pub fn options_are_checked() {
    for bad in [JsValue::UNDEFINED, JsValue::from("x")] {
        assert_eq!(code(&kravkit_web::KravClient::new(bad).err().unwrap()).0, "invalid_options");
    }
    let o = Object::new();
    Reflect::set(&o, &"baseUrl".into(), &"https://w.test".into()).unwrap();
    assert_eq!(code(&kravkit_web::KravClient::new(o.clone().into()).err().unwrap()).0, "invalid_options", "no session");
    Reflect::set(&o, &"session".into(), &"".into()).unwrap();
    assert!(kravkit_web::KravClient::new(o.into()).is_err(), "empty token");
}

pub fn the_consent_return_is_read_and_the_url_cleaned() {
    let s = stub(|_| ok("{}"));
    let c = client("t".into(), &s.fetch);
    let r = c
        .handle_return(
            "https://bank.test/netbank?party=313367002&kravkitConsent=granted&kravkitParty=313367002&lang=nn".into(),
        )
        .unwrap();
    assert_eq!(get(&r, &["outcome"]).as_string().as_deref(), Some("granted"));
    assert_eq!(get(&r, &["party"]).as_string().as_deref(), Some("313367002"));
    assert!(get(&r, &["error"]).is_null());
    assert_eq!(
        get(&r, &["cleanUrl"]).as_string().as_deref(),
        Some("https://bank.test/netbank?party=313367002&lang=nn")
    );
    let r = c
        .handle_return("https://bank.test/?kravkitConsent=failed&kravkitParty=999&kravkitError=invalid_state".into())
        .unwrap();
    assert_eq!(get(&r, &["outcome"]).as_string().as_deref(), Some("failed"));
    assert!(get(&r, &["party"]).is_null(), "an invalid party is dropped");
    assert_eq!(get(&r, &["error"]).as_string().as_deref(), Some("invalid_state"));
    assert_eq!(get(&r, &["cleanUrl"]).as_string().as_deref(), Some("https://bank.test/"));
    let r = c.handle_return("https://bank.test/?kravkitConsent=%3Cscript%3E&kravkitError=%3Cb%3E".into()).unwrap();
    assert_eq!(get(&r, &["outcome"]).as_string().as_deref(), Some("failed"));
    assert_eq!(get(&r, &["error"]).as_string().as_deref(), Some("consent_failed"), "odd codes are not passed on");
    assert!(c.handle_return("https://bank.test/netbank?party=1".into()).unwrap().is_null());
    let url = web_sys::Url::new("https://bank.test/?kravkitConsent=denied&kravkitParty=212201782").unwrap();
    assert_eq!(get(&c.handle_return(url.into()).unwrap(), &["outcome"]).as_string().as_deref(), Some("denied"));
    assert_eq!(code(&c.handle_return(JsValue::NULL).unwrap_err()).0, "invalid_options");
}

pub fn visning_pages_details_summary_and_csv() {
    let v = kravkit_web::Visning::from_json("aapnekrav", &canonical_aapnekrav(), Some("2023-03-01".into())).unwrap();
    assert_eq!(
        (v.kind().as_str(), v.length(), v.skjermet(), v.today().as_str()),
        ("aapnekrav", 2, false, "2023-03-01")
    );
    let page = v.page("en", 0, 1).unwrap();
    assert_eq!(get(&page, &["shown"]).as_string().as_deref(), Some("Showing 1 of 2"));
    assert_eq!(get(&page, &["rows", "0", "status"]).as_string().as_deref(), Some("overdue"));
    assert_eq!(get(&page, &["rows", "0", "daysOverdue"]).as_f64(), Some(8.0));
    assert_eq!(get(&page, &["rows", "0", "cells", "2"]).as_string().as_deref(), Some("21 Feb 2023"));
    let d = v.detail("nb", 0).unwrap();
    assert_eq!(get(&d, &["sections", "1", "title"]).as_string().as_deref(), Some("Forfall 21.02.2023"));
    assert!(v.detail("nb", 9).unwrap().is_null());
    let s = v.summary("nn").unwrap();
    assert_eq!(get(&s, &["totals", "0", "oere"]).as_f64(), Some(2_040_000.0));
    assert_eq!(get(&s, &["groups", "0", "forfaltBar"]).as_f64(), Some(1000.0));
    assert_eq!(get(&v.counts().unwrap(), &["overdue"]).as_f64(), Some(2.0));
    assert!(v.csv("nb").starts_with("\u{feff}Referanse;Krav;"));
    assert_eq!(v.csv_filename(), "kravkit-aapnekrav-212201782-2023-03-01.csv");
    assert_eq!(get(&v.columns("nb").unwrap(), &["5", "numeric"]).as_bool(), Some(true));
    let k = kravkit_web::Visning::from_json("krav", r#"{"krav":[]}"#, None).unwrap();
    assert!(k.summary("nb").unwrap().is_null());
    assert_eq!(code(&kravkit_web::Visning::from_json("aapnekrav", "[", None).err().unwrap()).0, "invalid_json");
    assert_eq!(code(&kravkit_web::Visning::from_json("nope", "{}", None).err().unwrap()).0, "invalid_options");
}

pub fn labels_formatting_and_periods() {
    let nb = kravkit_web::labels("nb");
    assert_eq!(get(&nb, &["giSamtykke"]).as_string().as_deref(), Some("Gi samtykke i Altinn"));
    assert_eq!(get(&kravkit_web::labels("en"), &["saldo"]).as_string().as_deref(), Some("Balance"));
    assert_eq!(get(&kravkit_web::labels("xx"), &["saldo"]).as_string().as_deref(), Some("Saldo"), "nb by default");
    assert_eq!(
        js_sys::Object::keys(nb.unchecked_ref::<Object>()).length() as usize,
        kravkit::present::Label::ALL.len()
    );
    assert_eq!(kravkit_web::error_message("forbidden_party", "en"), "You do not have access to this party.");
    assert_eq!(kravkit_web::format_amount(-123_450.0, "nb").unwrap(), "\u{2212}kr\u{a0}1\u{a0}234,50");
    assert_eq!(kravkit_web::format_amount(123_450.0, "en").unwrap(), "NOK\u{a0}1,234.50");
    assert!(kravkit_web::format_amount(1.5, "nb").is_err());
    assert!(kravkit_web::format_amount(f64::NAN, "nb").is_err());
    assert_eq!(kravkit_web::format_date("2023-02-21", "nn").unwrap(), "21.02.2023");
    assert_eq!(kravkit_web::format_party("313367002", "nb"), "Org.nr. 313 367 002");
    assert!(kravkit_web::check_periode("2023-01-01", "2024-01-01").is_ok());
    assert!(kravkit_web::check_periode("2023-01-01", "2024-01-02").is_err());
    assert!(kravkit_web::check_party("313367002").is_ok() && kravkit_web::check_party("313367003").is_err());
    let p = kravkit_web::default_periode(Some("2024-02-29".into())).unwrap();
    assert_eq!(get(&p, &["fraOgMed"]).as_string().as_deref(), Some("2023-03-01"));
    assert_eq!(kravkit_web::latest_til_og_med("2024-02-29").unwrap(), "2025-02-28");
    assert_eq!(kravkit_web::earliest_fra_og_med("2025-02-28").unwrap(), "2024-02-28");
    assert_eq!(kravkit_web::today().len(), 10);
    assert_eq!(kravkit_web::version(), env!("CARGO_PKG_VERSION"));
}
