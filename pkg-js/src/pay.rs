//! Payments for a netbank's own payment form: `betalinger(aapneKrav, selection)` and how a selection is given.

use kravkit::model::{canonical, AapneKrav};
use kravkit::pay::{self, Selection};
use kravkit::present::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{js_error, ClientCode, ProblemCode};
use crate::{to_js, today_local};

/// Reads a selection: `'all'` (or nothing), `'overdue'`, an array of claim or instalment ids, or
/// `{ kind: 'all' | 'overdue' | 'ids', ids? }`.
pub(crate) fn selection_of(v: &JsValue) -> Result<Selection, JsValue> {
    let bad = || js_error(ClientCode::InvalidOptions, "a selection is 'all', 'overdue' or an array of id strings");
    let ids_of = |v: &JsValue| -> Result<Selection, JsValue> {
        let array: &js_sys::Array = v.dyn_ref().ok_or_else(bad)?;
        array.iter().map(|id| id.as_string().ok_or_else(bad)).collect::<Result<_, _>>().map(Selection::Ids)
    };
    if v.is_undefined() || v.is_null() {
        return Ok(Selection::All);
    }
    if js_sys::Array::is_array(v) {
        return ids_of(v);
    }
    // A string, or `{ kind, ids }`; reading a property of a non-object gives `undefined`.
    let kind = v.as_string().or_else(|| js_sys::Reflect::get(v, &"kind".into()).ok()?.as_string()).ok_or_else(bad)?;
    match kind.as_str() {
        "all" => Ok(Selection::All),
        "overdue" => Ok(Selection::Overdue),
        "ids" if v.is_object() => ids_of(&js_sys::Reflect::get(v, &"ids".into()).map_err(|_| bad())?),
        _ => Err(bad()),
    }
}

pub(crate) fn lang_of(lang: Option<String>) -> Lang {
    lang.as_deref().map(Lang::parse_or_default).unwrap_or_default()
}

/// The payments that settle `selection` of the open claims in `aapneKrav` (canonical, as `KravClient.aapneKrav`
/// gives it): one per open instalment with a valid KID and account, in øre, never more than is left, with the
/// ones that cannot be paid from here listed in `skipped`. `today` (`YYYY-MM-DD`, default: the local date) decides
/// what is overdue; `lang` the descriptions.
#[wasm_bindgen(unchecked_return_type = "Betalinger")]
pub fn betalinger(
    #[wasm_bindgen(js_name = aapneKrav, unchecked_param_type = "AapneKrav")] aapne_krav: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BetalingSelection | null | undefined")] selection: JsValue,
    today: Option<String>,
    lang: Option<String>,
) -> Result<JsValue, JsValue> {
    let (aapne, selection, today) = inputs(aapne_krav, &selection, today)?;
    to_js(&pay::betalinger(&aapne, &selection, today, lang_of(lang)))
}

/// The open claims, selection and day of `betalinger` and `betalingsfil`.
fn inputs(
    aapne_krav: JsValue,
    selection: &JsValue,
    today: Option<String>,
) -> Result<(AapneKrav, Selection, kravkit::Date), JsValue> {
    // Through JSON text: serde_json already reads the canonical form (`Visning.fromJson`), and a second reader
    // straight from JS values would add a copy of every visitor to the wasm.
    let json = js_sys::JSON::stringify(&aapne_krav)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| js_error(ClientCode::InvalidJson, "aapneKrav must be an AapneKrav object"))?;
    let aapne: AapneKrav = canonical::from_str(&json)
        .map_err(|e| js_error(ClientCode::InvalidJson, &format!("aapneKrav is not an AapneKrav: {e}")))?;
    let selection = selection_of(selection)?;
    let today = match today {
        Some(t) => kravkit::Date::parse(&t).map_err(|e| js_error(ProblemCode::InvalidPeriod, &e.to_string()))?,
        None => today_local(),
    };
    Ok((aapne, selection, today))
}

/// The options of a payment file, as JavaScript gives them.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileOptions {
    debtor: DebtorInput,
    message_id: Option<String>,
    earliest: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct DebtorInput {
    name: String,
    account: String,
    bic: Option<String>,
    organisasjonsnummer: Option<String>,
}

fn stringify(v: &JsValue, what: &str) -> Result<String, JsValue> {
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| js_error(ClientCode::InvalidOptions, &format!("{what} must be JSON data")))
}

/// Reads `options` and writes the file for `payments`.
pub(crate) fn file_of(payments: &[pay::Betaling], options: &JsValue) -> Result<String, JsValue> {
    let o: FileOptions = serde_json::from_str(&stringify(options, "options")?)
        .map_err(|e| js_error(ClientCode::InvalidOptions, &format!("options: {e}")))?;
    let organisasjonsnummer = match o.debtor.organisasjonsnummer.as_deref() {
        Some(n) => Some(
            kravkit::ids::Organisasjonsnummer::parse(n)
                .map_err(|e| js_error(ProblemCode::InvalidParty, &e.to_string()))?,
        ),
        None => None,
    };
    let debtor = pay::Debtor { name: o.debtor.name, account: o.debtor.account, bic: o.debtor.bic, organisasjonsnummer };
    let now_ms = js_sys::Date::now();
    let created = kravkit::UnixTime::from_secs((now_ms / 1000.0) as i64);
    let earliest = match o.earliest {
        Some(d) => kravkit::Date::parse(&d).map_err(|e| js_error(ProblemCode::InvalidPeriod, &e.to_string()))?,
        None => today_local(),
    };
    let message_id = o.message_id.unwrap_or_else(|| format!("KRAVKIT-{:x}", now_ms as u64));
    let file = pay::PaymentFile { message_id: &message_id, created, earliest, debtor: &debtor };
    pay::pain001(payments, &file).map_err(|e| js_error(ClientCode::InvalidOptions, &e.to_string()))
}

/// The payments of `selection` (as `betalinger` gives them) as an ISO 20022 `pain.001.001.09` credit-transfer file
/// for upload to the bank: one transaction per payment with the KID as structured reference, each on its due date or
/// on `options.earliest` (default: today) if that is later. `options`: `{ debtor: { name, account (11 digits or
/// IBAN), bic?, organisasjonsnummer? }, messageId? (default: derived from the time), earliest? }`.
#[wasm_bindgen]
pub fn betalingsfil(
    #[wasm_bindgen(js_name = aapneKrav, unchecked_param_type = "AapneKrav")] aapne_krav: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BetalingSelection | null | undefined")] selection: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BetalingsfilOptions")] options: JsValue,
    today: Option<String>,
) -> Result<String, JsValue> {
    let (aapne, selection, today) = inputs(aapne_krav, &selection, today)?;
    file_of(&pay::betalinger(&aapne, &selection, today, Lang::Nb).betalinger, &options)
}
