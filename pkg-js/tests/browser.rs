//! The package in headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod common;

#[wasm_bindgen_test]
fn parses_every_endpoint_into_plain_objects() {
    common::parses_every_endpoint_into_plain_objects();
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_with_a_code() {
    common::bad_input_throws_an_error_with_a_code();
}
