//! Browser package `kravkit`: a thin wasm-bindgen facade over the core.
//!
//! Parsers take the raw JSON text of a Skatteetaten response (any documented version) and return plain JS
//! objects in kravkit's canonical shape: camelCase fields, amounts as integer øre, dates as `YYYY-MM-DD`, localised
//! text as `{ nb, nn, en }`. Bad input throws an `Error` with a stable `code`.

use kravkit::model::{AapneKrav, Innbetalinger, Kravliste, Utbetalinger};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;

mod error;
mod types;

pub use error::ErrorCode;

fn parse<T: DeserializeOwned + Serialize>(endpoint: &'static str, json: &str) -> Result<JsValue, JsValue> {
    let value: T = kravkit::skatteetaten::parse_body(endpoint, 200, json.as_bytes())
        .map_err(|e| error::js_error(ErrorCode::InvalidJson, &e.to_string()))?;
    to_js(&value)
}

/// Converts a core value to a plain JS object (maps as objects, integers as numbers).
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| error::js_error(ErrorCode::Internal, &e.to_string()))
}

/// Parses an `aapnekrav` response (open claims with totals).
#[wasm_bindgen(js_name = parseAapneKrav, unchecked_return_type = "AapneKrav")]
pub fn parse_aapne_krav(json: &str) -> Result<JsValue, JsValue> {
    parse::<AapneKrav>("aapnekrav", json)
}

/// Parses a `krav` response (all claims in a period).
#[wasm_bindgen(js_name = parseKrav, unchecked_return_type = "Kravliste")]
pub fn parse_krav(json: &str) -> Result<JsValue, JsValue> {
    parse::<Kravliste>("krav", json)
}

/// Parses an `innbetalinger` response (payments in during a period).
#[wasm_bindgen(js_name = parseInnbetalinger, unchecked_return_type = "Innbetalinger")]
pub fn parse_innbetalinger(json: &str) -> Result<JsValue, JsValue> {
    parse::<Innbetalinger>("innbetalinger", json)
}

/// Parses an `utbetalinger` response (payouts during a period).
#[wasm_bindgen(js_name = parseUtbetalinger, unchecked_return_type = "Utbetalinger")]
pub fn parse_utbetalinger(json: &str) -> Result<JsValue, JsValue> {
    parse::<Utbetalinger>("utbetalinger", json)
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
