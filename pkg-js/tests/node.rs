//! The package in Node (the default wasm-bindgen-test runtime).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

mod common;
use common::client as c;

#[wasm_bindgen_test]
fn parses_every_endpoint_into_plain_objects() {
    common::parses_every_endpoint_into_plain_objects();
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_with_a_code() {
    common::bad_input_throws_an_error_with_a_code();
}

#[wasm_bindgen_test]
async fn requests_are_built_from_the_contract() {
    c::requests_are_built_from_the_contract().await;
}

#[wasm_bindgen_test]
async fn a_person_goes_in_the_kravkit_party_header_never_in_the_url() {
    c::a_person_goes_in_the_kravkit_party_header_never_in_the_url().await;
}

#[wasm_bindgen_test]
async fn consent_is_started_with_a_post_and_only_http_redirects_are_followed() {
    c::consent_is_started_with_a_post_and_only_http_redirects_are_followed().await;
}

#[wasm_bindgen_test]
async fn party_and_period_are_checked_before_anything_is_sent() {
    c::party_and_period_are_checked_before_anything_is_sent().await;
}

#[wasm_bindgen_test]
async fn errors_carry_code_status_and_korrelasjonsid() {
    c::errors_carry_code_status_and_korrelasjonsid().await;
}

#[wasm_bindgen_test]
async fn a_401_refreshes_the_session_once_and_retries_once() {
    c::a_401_refreshes_the_session_once_and_retries_once().await;
}

#[wasm_bindgen_test]
fn options_are_checked() {
    c::options_are_checked();
}

#[wasm_bindgen_test]
fn the_consent_return_is_read_and_the_url_cleaned() {
    c::the_consent_return_is_read_and_the_url_cleaned();
}

#[wasm_bindgen_test]
fn visning_pages_details_summary_and_csv() {
    c::visning_pages_details_summary_and_csv();
}

#[wasm_bindgen_test]
fn labels_formatting_and_periods() {
    c::labels_formatting_and_periods();
}
