//! Browser package `kravkit`: a thin wasm-bindgen facade over the core.
//!
//! - [`KravClient`] calls the kravkit Worker (consent, the four endpoints) with a bank session token.
//! - [`Visning`] is a response as the `<kravkit-oversikt>` widget shows it (pages of formatted rows, details,
//!   summary, CSV), built by the core's `present` module.
//! - `parseAapneKrav` and friends read Skatteetaten's raw JSON (any documented version) into kravkit's canonical
//!   shape: camelCase fields, amounts as integer øre, dates as `YYYY-MM-DD`, localised text as `{ nb, nn, en }`.
//! - `betalinger` (and `Visning.betalinger`, `KravClient.betalinger`) gives the payments that settle open claims,
//!   for a netbank to prefill its own payment form; `betalingsfil` writes them as an ISO 20022 pain.001 file.
//! - `labels`, `formatAmount`, `formatDate`, `errorMessage` and the period helpers give a custom UI the same
//!   texts and rules as the widget.
//!
//! Every error thrown is an `Error` with a stable `code`, the HTTP `status` (0 without a response) and
//! `korrelasjonsid`.

use kravkit::api::endpoint::Model;
use kravkit::ids::PartIdentifikator;
use kravkit::model::{AapneKrav, Amount, Innbetalinger, Kravliste, Utbetalinger};
use kravkit::present::{self, Label, Lang};
use kravkit::skatteetaten::Periode;
use kravkit::Date;
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod answer;
mod client;
mod error;
mod pay;
mod types;
mod view;

pub use client::KravClient;
pub use error::{ClientCode, ErrorCode, ProblemCode};
pub use pay::{betalinger, betalingsfil};
pub use view::Visning;

use error::js_error;

/// Reads Skatteetaten's JSON for the endpoint of `T`. The top level must be an object; errors give line and column.
/// (The core's `skatteetaten::parse_body` also names the JSON path, at the cost of a second copy of every
/// visitor; the browser build keeps line and column only, to stay small.)
fn parse<T: Model>(json: &str) -> Result<JsValue, JsValue> {
    let endpoint = T::ENDPOINT;
    if json.trim_start().starts_with('[') {
        return Err(js_error(ClientCode::InvalidJson, "expected a JSON object at the top level, found an array"));
    }
    let value: T = serde_json::from_str(json).map_err(|e| {
        let message = kravkit::ids::redact_national_ids(&e.to_string());
        js_error(ClientCode::InvalidJson, &format!("could not read the {endpoint} response: {message}"))
    })?;
    to_js(&value)
}

/// Converts a value to a plain JS object with serde-wasm-bindgen, JSON-compatible: maps as objects, integers
/// (amounts in øre) as numbers, a missing value as `null`. (Measured against `JSON.parse` of serde_json's text:
/// as fast or faster for 5,000 claims, and 0.5 KB more gzipped wasm.)
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(ClientCode::Internal, &e.to_string()))
}

/// Today in the browser's time zone.
pub(crate) fn today_local() -> Date {
    let now = js_sys::Date::new_0();
    // The JS date's fields are always a valid date.
    Date::new(now.get_full_year() as i32, now.get_month() as u8 + 1, now.get_date() as u8)
        .unwrap_or_else(|_| Date::from_days_since_epoch(0))
}

fn lang(l: &str) -> Lang {
    Lang::parse_or_default(l)
}

fn date(d: &str) -> Result<Date, JsValue> {
    Date::parse(d).map_err(|e| js_error(ProblemCode::InvalidPeriod, &e.to_string()))
}

/// Parses an `aapnekrav` response (open claims with totals).
#[wasm_bindgen(js_name = parseAapneKrav, unchecked_return_type = "AapneKrav")]
pub fn parse_aapne_krav(json: &str) -> Result<JsValue, JsValue> {
    parse::<AapneKrav>(json)
}

/// Parses a `krav` response (all claims in a period).
#[wasm_bindgen(js_name = parseKrav, unchecked_return_type = "Kravliste")]
pub fn parse_krav(json: &str) -> Result<JsValue, JsValue> {
    parse::<Kravliste>(json)
}

/// Parses an `innbetalinger` response (payments in during a period).
#[wasm_bindgen(js_name = parseInnbetalinger, unchecked_return_type = "Innbetalinger")]
pub fn parse_innbetalinger(json: &str) -> Result<JsValue, JsValue> {
    parse::<Innbetalinger>(json)
}

/// Parses an `utbetalinger` response (payouts during a period).
#[wasm_bindgen(js_name = parseUtbetalinger, unchecked_return_type = "Utbetalinger")]
pub fn parse_utbetalinger(json: &str) -> Result<JsValue, JsValue> {
    parse::<Utbetalinger>(json)
}

/// Every text of the widget in `lang` (`nb` default, `nn`, `en`), keyed by camelCase name.
#[wasm_bindgen(unchecked_return_type = "Labels")]
pub fn labels(lang: &str) -> JsValue {
    let lang = self::lang(lang);
    let obj = js_sys::Object::new();
    for l in Label::ALL {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&obj, &l.key().into(), &l.text(lang).into());
    }
    obj.into()
}

/// The plain-language message for an error `code` (of the Worker or of this package), in `lang`.
#[wasm_bindgen(js_name = errorMessage)]
pub fn error_message(code: &str, lang: &str) -> String {
    Label::for_error(code).text(self::lang(lang)).to_owned()
}

/// An amount in øre for people: `kr 1 234,50` (nb, nn) or `NOK 1,234.50` (en).
#[wasm_bindgen(js_name = formatAmount)]
pub fn format_amount(oere: f64, lang: &str) -> Result<String, JsValue> {
    let whole = oere.is_finite() && oere.fract() == 0.0 && oere.abs() <= (Amount::MAX_KRONER * 100) as f64;
    let amount = Amount::from_oere(oere as i64).ok().filter(|_| whole);
    let amount = amount.ok_or_else(|| js_error(ClientCode::InvalidJson, "an amount must be a whole number of øre"))?;
    Ok(present::format_amount(amount, self::lang(lang)))
}

/// A `YYYY-MM-DD` date for people: `21.02.2023` (nb, nn) or `21 Feb 2023` (en).
#[wasm_bindgen(js_name = formatDate)]
pub fn format_date(date: &str, lang: &str) -> Result<String, JsValue> {
    Ok(present::format_date(self::date(date)?, self::lang(lang)))
}

/// Throws `invalid_party` unless `party` is a valid organisasjonsnummer or fødselsnummer.
#[wasm_bindgen(js_name = checkParty)]
pub fn check_party(party: &str) -> Result<(), JsValue> {
    PartIdentifikator::parse(party).map(drop).map_err(|e| js_error(ProblemCode::InvalidParty, &e.to_string()))
}

/// Throws `invalid_period` unless `fraOgMed..=tilOgMed` is a valid period of at most one year.
#[wasm_bindgen(js_name = checkPeriode)]
pub fn check_periode(
    #[wasm_bindgen(js_name = fraOgMed)] fra_og_med: &str,
    #[wasm_bindgen(js_name = tilOgMed)] til_og_med: &str,
) -> Result<(), JsValue> {
    Periode::parse(fra_og_med, til_og_med).map(drop).map_err(|e| js_error(ProblemCode::InvalidPeriod, &e.to_string()))
}

/// The longest allowed period ending on `today` (default: the local date): `{ fraOgMed, tilOgMed }`.
#[wasm_bindgen(js_name = defaultPeriode, unchecked_return_type = "PeriodeInput")]
pub fn default_periode(today: Option<String>) -> Result<JsValue, JsValue> {
    let today = match today {
        Some(t) => date(&t)?,
        None => today_local(),
    };
    let p = present::default_periode(today);
    let obj = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&obj, &"fraOgMed".into(), &p.fra_og_med().to_string().into());
    let _ = js_sys::Reflect::set(&obj, &"tilOgMed".into(), &p.til_og_med().to_string().into());
    Ok(obj.into())
}

/// The latest `tilOgMed` allowed with `fraOgMed` (one year later).
#[wasm_bindgen(js_name = latestTilOgMed)]
pub fn latest_til_og_med(#[wasm_bindgen(js_name = fraOgMed)] fra_og_med: &str) -> Result<String, JsValue> {
    Ok(present::latest_til_og_med(date(fra_og_med)?).to_string())
}

/// The earliest `fraOgMed` allowed with `tilOgMed` (one year earlier).
#[wasm_bindgen(js_name = earliestFraOgMed)]
pub fn earliest_fra_og_med(#[wasm_bindgen(js_name = tilOgMed)] til_og_med: &str) -> Result<String, JsValue> {
    Ok(present::earliest_fra_og_med(date(til_og_med)?).to_string())
}

/// The days left of a consent valid to `validTo` (`YYYY-MM-DD` or an RFC 3339 time; its date counts) on `today`
/// (default: the local date), once 14 or fewer (0 on its last day); `null` before that and after it.
#[wasm_bindgen(js_name = consentDaysLeft)]
pub fn consent_days_left(
    #[wasm_bindgen(js_name = validTo)] valid_to: &str,
    today: Option<String>,
) -> Result<Option<i32>, JsValue> {
    let valid_to = date(valid_to.get(..10).unwrap_or(valid_to))?;
    let today = match today {
        Some(t) => date(&t)?,
        None => today_local(),
    };
    Ok(present::consent_days_left(valid_to, today).map(|d| d as i32))
}

/// Today in the browser's time zone, `YYYY-MM-DD`.
#[wasm_bindgen]
pub fn today() -> String {
    today_local().to_string()
}

/// The party as a heading shows it: `Org.nr. 313 367 002` (a fødselsnummer masked).
#[wasm_bindgen(js_name = formatParty)]
pub fn format_party(party: &str, lang: &str) -> String {
    present::format_party(party, self::lang(lang))
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
