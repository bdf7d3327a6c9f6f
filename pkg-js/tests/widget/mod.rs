//! <kravkit-oversikt> rendered in Chromium: the element module (js/kravkit-oversikt.js) defined with this test
//! binary's own wasm exports as its kit, fed the canonical form of Skatteetaten's example through the client's
//! `fetch` option, then its shadow DOM checked: content, formatting, ARIA, expanders, tabs, language.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

use super::common::client::{canonical_aapnekrav, ok, problem, stub};
use super::common::get;

#[wasm_bindgen(module = "/js/kravkit-oversikt.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineKravkitOversikt)]
    fn define(kit: &JsValue, name: &str) -> JsValue;
}

fn set(o: &Object, k: &str, v: &JsValue) {
    Reflect::set(o, &k.into(), v).unwrap();
}

/// The kit the package entry passes: here the same functions, from this binary's exports.
fn kit() -> JsValue {
    let k = Object::new();
    set(&k, "init", &Function::new_no_args("return Promise.resolve()"));
    let any = kravkit_web::KravClient::new({
        let o = Object::new();
        set(&o, "baseUrl", &"".into());
        set(&o, "session", &"x".into());
        o.into()
    })
    .unwrap();
    set(&k, "KravClient", &Reflect::get(&JsValue::from(any), &"constructor".into()).unwrap());
    set(&k, "labels", &Closure::<dyn Fn(String) -> JsValue>::new(|l: String| kravkit_web::labels(&l)).into_js_value());
    set(
        &k,
        "errorMessage",
        &Closure::<dyn Fn(String, String) -> String>::new(|c: String, l: String| kravkit_web::error_message(&c, &l))
            .into_js_value(),
    );
    set(
        &k,
        "checkPeriode",
        &Closure::<dyn Fn(String, String) -> Result<(), JsValue>>::new(|a: String, b: String| {
            kravkit_web::check_periode(&a, &b)
        })
        .into_js_value(),
    );
    set(
        &k,
        "latestTilOgMed",
        &Closure::<dyn Fn(String) -> Result<String, JsValue>>::new(|a: String| kravkit_web::latest_til_og_med(&a))
            .into_js_value(),
    );
    set(
        &k,
        "earliestFraOgMed",
        &Closure::<dyn Fn(String) -> Result<String, JsValue>>::new(|a: String| kravkit_web::earliest_fra_og_med(&a))
            .into_js_value(),
    );
    set(
        &k,
        "defaultPeriode",
        &Closure::<dyn Fn(Option<String>) -> Result<JsValue, JsValue>>::new(kravkit_web::default_periode)
            .into_js_value(),
    );
    set(&k, "today", &Closure::<dyn Fn() -> String>::new(kravkit_web::today).into_js_value());
    set(
        &k,
        "formatDate",
        &Closure::<dyn Fn(String, String) -> Result<String, JsValue>>::new(|d: String, l: String| {
            kravkit_web::format_date(&d, &l)
        })
        .into_js_value(),
    );
    set(
        &k,
        "consentDaysLeft",
        &Closure::<dyn Fn(String, Option<String>) -> Result<Option<i32>, JsValue>>::new(
            |v: String, t: Option<String>| kravkit_web::consent_days_left(&v, t),
        )
        .into_js_value(),
    );
    set(
        &k,
        "formatAmount",
        &Closure::<dyn Fn(f64, String) -> Result<String, JsValue>>::new(|o: f64, l: String| {
            kravkit_web::format_amount(o, &l)
        })
        .into_js_value(),
    );
    set(
        &k,
        "formatParty",
        &Closure::<dyn Fn(String, String) -> String>::new(|p: String, l: String| kravkit_web::format_party(&p, &l))
            .into_js_value(),
    );
    k.into()
}

const TAG: &str = "kravkit-oversikt-test";

/// Mounts the element with a client over `routes` and waits for its first settled event.
async fn mount(consent: &'static str, data: Option<String>) -> (HtmlElement, JsValue) {
    define(&kit(), TAG);
    let canonical = data.unwrap_or_else(canonical_aapnekrav);
    let s = stub(move |r| {
        let path = web_sys::Url::new(&r.url()).unwrap().pathname();
        match path.as_str() {
            "/v1/parties/212201782/consent" => {
                ok(format!(r#"{{"party":"212201782","status":"{consent}","mode":"altinn3"}}"#))
            }
            "/v1/parties/212201782/aapnekrav" => ok(canonical.clone()),
            _ => problem(404, "not_found", None),
        }
    });
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc.create_element(TAG).unwrap().unchecked_into();
    el.set_attribute("party", "212201782").unwrap();
    el.set_attribute("today", "2023-03-01").unwrap();
    let client = super::common::client::client("tok".into(), &s.fetch);
    set(el.unchecked_ref(), "client", &JsValue::from(client));
    let settled = Promise::new(&mut |resolve, _| {
        for t in ["kravkit-loaded", "kravkit-consent-required", "kravkit-error"] {
            el.add_event_listener_with_callback(t, &resolve).unwrap();
        }
    });
    doc.body().unwrap().append_child(&el).unwrap();
    let event = JsFuture::from(settled).await.unwrap();
    (el, event)
}

fn root(el: &HtmlElement) -> web_sys::ShadowRoot {
    el.shadow_root().unwrap()
}

fn all(el: &HtmlElement, sel: &str) -> Vec<Element> {
    let list = root(el).query_selector_all(sel).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

fn text(el: &HtmlElement, sel: &str) -> String {
    root(el)
        .query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("{sel}"))
        .text_content()
        .unwrap()
        .replace('\u{a0}', " ")
}

fn attr(e: &Element, a: &str) -> Option<String> {
    e.get_attribute(a)
}

#[wasm_bindgen_test]
async fn the_overview_renders_formatted_with_aria() {
    let (el, event) = mount("granted", None).await;
    assert_eq!(get(&event, &["type"]).as_string().as_deref(), Some("kravkit-loaded"));
    assert_eq!(get(&event, &["detail", "total"]).as_f64(), Some(2.0));
    assert_eq!(get(&el, &["state"]).as_string().as_deref(), Some("ready"));
    assert_eq!(text(&el, ".kk-t-saldo dd"), "kr 20 400,00");
    assert_eq!(text(&el, ".kk-t-forfalt dt"), "Forfalt");
    assert_eq!(text(&el, ".kk-party"), "Org.nr. 212 201 782");
    let rows = all(&el, "tbody > tr");
    assert_eq!(rows.len(), 2);
    assert_eq!(attr(&rows[0], "data-id").as_deref(), Some("krav-1234"));
    let cells: Vec<String> =
        (0..6).map(|i| rows[0].children().item(i).unwrap().text_content().unwrap().replace('\u{a0}', " ")).collect();
    assert_eq!(cells, ["Restskatt", "2023/02", "21.02.2023", "Forfalt", "kr 10 000,00", "kr 10 000,00"]);

    let tablist = &all(&el, "[role=tablist]")[0];
    assert_eq!(attr(tablist, "aria-label").as_deref(), Some("Visninger"));
    let tabs = all(&el, "[role=tab]");
    let selected: Vec<(Option<String>, Option<String>)> =
        tabs.iter().map(|t| (attr(t, "aria-selected"), attr(t, "tabindex"))).collect();
    assert_eq!(selected[0], (Some("true".into()), Some("0".into())));
    assert!(selected[1..].iter().all(|s| *s == (Some("false".into()), Some("-1".into()))));
    assert_eq!(attr(&all(&el, "[role=tabpanel]")[0], "aria-labelledby").as_deref(), Some("kk-tab-aapnekrav"));
    assert_eq!(all(&el, "th[scope=col]").len(), 6);
    assert_eq!(all(&el, "th.kk-num").len(), 2);

    // The expander.
    let button: HtmlElement = all(&el, ".kk-exp")[0].clone().unchecked_into();
    assert_eq!(attr(&button, "aria-expanded").as_deref(), Some("false"));
    assert_eq!(attr(&button, "type").as_deref(), Some("button"));
    button.click();
    assert_eq!(attr(&button, "aria-expanded").as_deref(), Some("true"));
    let id = attr(&button, "aria-controls").unwrap();
    let detail = text(&el, &format!("#{id}"));
    assert!(
        detail.contains("Forfall 21.02.2023") && detail.contains("6345 06 24804") && detail.contains("NDEANOKK"),
        "{detail}"
    );
    let copies = all(&el, &format!("#{id} button.kk-copy"));
    assert!(copies.iter().any(|b| attr(b, "data-copy").as_deref() == Some("63450624804")));
    button.click();
    assert_eq!(attr(&button, "aria-expanded").as_deref(), Some("false"));
    assert!(all(&el, "tr.kk-detail").is_empty());

    // Another language re-renders every label and number.
    el.set_attribute("lang", "en").unwrap();
    assert_eq!(text(&el, ".kk-t-saldo dd"), "NOK 20,400.00");
    assert_eq!(text(&el, "#kk-tab-innbetalinger"), "Payments");
    assert_eq!(all(&el, "tbody > tr")[0].children().item(2).unwrap().text_content().unwrap(), "21 Feb 2023");
    // Styles come from one adopted stylesheet; no <style> and no style attribute anywhere.
    assert_eq!(get(&root(&el), &["adoptedStyleSheets", "length"]).as_f64(), Some(1.0));
    assert!(all(&el, "style, [style]").is_empty());
    el.remove();
}

#[wasm_bindgen_test]
async fn needs_consent_and_shielded() {
    let (el, event) = mount("expired", None).await;
    assert_eq!(get(&event, &["type"]).as_string().as_deref(), Some("kravkit-consent-required"));
    assert_eq!(get(&event, &["detail", "status"]).as_string().as_deref(), Some("expired"));
    assert_eq!(text(&el, ".kk-notice"), "Samtykket har gått ut.");
    assert!(text(&el, ".kk-consent").contains("90 dager"));
    assert_eq!(text(&el, ".kk-consent button"), "Gi samtykke i Altinn");
    el.remove();

    let shielded = r#"{"partIdentifikator":"212201782","skjermet":true,"aapentKravMedGjenstaaendeBeloep":[]}"#;
    let (el, event) = mount("granted", Some(shielded.into())).await;
    assert_eq!(get(&event, &["detail", "skjermet"]).as_bool(), Some(true));
    assert_eq!(get(&el, &["state"]).as_string().as_deref(), Some("shielded"));
    assert!(text(&el, ".kk-empty").starts_with("Opplysningene er skjermet"));
    el.remove();
}
