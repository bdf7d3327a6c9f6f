//! Shared by the Node and the browser test binaries: the same assertions in both runtimes.

pub mod client;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

pub const AAPNEKRAV_2024: &str = include_str!("../../../fixtures/skatteetaten/2024-04-24/aapnekrav.json");
pub const KRAV_2023: &str = include_str!("../../../fixtures/skatteetaten/2023-03-06/krav.json");
pub const INNBETALINGER_2022: &str = include_str!("../../../fixtures/skatteetaten/2022-12-14/innbetalinger.json");
pub const UTBETALINGER_2024: &str = include_str!("../../../fixtures/skatteetaten/2024-04-24/utbetalinger.json");

/// `obj.a.b[0].c` by a path of property names and indices.
pub fn get(obj: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(obj.clone(), |o, key| match key.parse::<u32>() {
        Ok(i) => Reflect::get_u32(&o, i).unwrap(),
        Err(_) => Reflect::get(&o, &JsValue::from_str(key)).unwrap(),
    })
}

pub fn len(v: &JsValue) -> u32 {
    get(v, &["length"]).as_f64().unwrap() as u32
}

/// The fixture's value in øre, computed independently from the raw JSON.
pub fn ore_in(json: &str, path: &[&str]) -> f64 {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let n = path.iter().fold(&v, |o, key| match key.parse::<usize>() {
        Ok(i) => &o[i],
        Err(_) => &o[*key],
    });
    (n.as_f64().unwrap() * 100.0).round()
}

pub fn parses_every_endpoint_into_plain_objects() {
    let a = kravkit_web::parse_aapne_krav(AAPNEKRAV_2024).unwrap();
    assert!(a.is_object());
    assert_eq!(get(&a, &["partIdentifikator"]).as_string().as_deref(), Some("212201782"));
    assert_eq!(
        get(&a, &["totalOversikt", "saldo"]).as_f64(),
        Some(ore_in(AAPNEKRAV_2024, &["totalOversikt", "saldo"]))
    );
    assert_eq!(
        get(&a, &["aapentKravMedGjenstaaendeBeloep", "0", "gjenstaaendeBeloep"]).as_f64(),
        Some(ore_in(AAPNEKRAV_2024, &["aapentKravMedGjenstaaendeBeloep", "0", "gjenstaaendeBeloep"]))
    );
    assert_eq!(
        get(&a, &["aapentKravMedGjenstaaendeBeloep", "0", "kravbeskrivelse", "nb"]).as_string().as_deref(),
        Some("Restskatt")
    );

    let k = kravkit_web::parse_krav(KRAV_2023).unwrap();
    let raw: serde_json::Value = serde_json::from_str(KRAV_2023).unwrap();
    assert_eq!(len(&get(&k, &["krav"])), raw["krav"].as_array().unwrap().len() as u32);
    // The 2023-03 doc gives kravbeskrivelse as a plain string: it comes out as { nb }.
    assert!(get(&k, &["krav", "0", "kravbeskrivelse", "nb"]).is_string());

    let i = kravkit_web::parse_innbetalinger(INNBETALINGER_2022).unwrap();
    let raw: serde_json::Value = serde_json::from_str(INNBETALINGER_2022).unwrap();
    assert_eq!(len(&get(&i, &["innbetaling"])), raw["innbetaling"].as_array().unwrap().len() as u32);

    let u = kravkit_web::parse_utbetalinger(UTBETALINGER_2024).unwrap();
    assert_eq!(len(&get(&u, &["utbetaling"])), 3);
    assert_eq!(
        get(&u, &["utbetaling", "0", "utbetaltBeloep"]).as_f64(),
        Some(ore_in(UTBETALINGER_2024, &["utbetaling", "0", "utbetaltBeloep"]))
    );
}

pub fn bad_input_throws_an_error_with_a_code() {
    for bad in ["", "{", "[]", r#"{"aapentKravMedGjenstaaendeBeloep":[{"gjenstaaendeBeloep":1.005}]}"#] {
        let err = kravkit_web::parse_aapne_krav(bad).expect_err(bad);
        assert!(err.is_instance_of::<js_sys::Error>(), "{bad}");
        assert_eq!(get(&err, &["code"]).as_string().as_deref(), Some("invalid_json"), "{bad}");
    }
}

/// The tests both runners run (Node and headless Chromium), each as a `#[wasm_bindgen_test]` of the test
/// binary that expands it.
macro_rules! shared_tests {
    () => {
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn parses_every_endpoint_into_plain_objects() {
            $crate::common::parses_every_endpoint_into_plain_objects();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn bad_input_throws_an_error_with_a_code() {
            $crate::common::bad_input_throws_an_error_with_a_code();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        async fn requests_are_built_from_the_contract() {
            $crate::common::client::requests_are_built_from_the_contract().await;
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        async fn data_is_read_by_its_content_type() {
            $crate::common::client::data_is_read_by_its_content_type().await;
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        async fn a_person_goes_in_the_kravkit_party_header_never_in_the_url() {
            $crate::common::client::a_person_goes_in_the_kravkit_party_header_never_in_the_url().await;
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        async fn consent_is_started_with_a_post_and_only_http_redirects_are_followed() {
            $crate::common::client::consent_is_started_with_a_post_and_only_http_redirects_are_followed().await;
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        async fn party_and_period_are_checked_before_anything_is_sent() {
            $crate::common::client::party_and_period_are_checked_before_anything_is_sent().await;
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        async fn errors_carry_code_status_and_korrelasjonsid() {
            $crate::common::client::errors_carry_code_status_and_korrelasjonsid().await;
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        async fn a_401_refreshes_the_session_once_and_retries_once() {
            $crate::common::client::a_401_refreshes_the_session_once_and_retries_once().await;
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn options_are_checked() {
            $crate::common::client::options_are_checked();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn the_consent_return_is_read_and_the_url_cleaned() {
            $crate::common::client::the_consent_return_is_read_and_the_url_cleaned();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn visning_pages_details_summary_and_csv() {
            $crate::common::client::visning_pages_details_summary_and_csv();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn labels_formatting_and_periods() {
            $crate::common::client::labels_formatting_and_periods();
        }
    };
}
pub(crate) use shared_tests;
