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
    // Through JSON text: serde_json already reads the canonical form (`Visning.fromJson`), and a second reader
    // straight from JS values would add a copy of every visitor to the wasm.
    let json = js_sys::JSON::stringify(&aapne_krav)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| js_error(ClientCode::InvalidJson, "aapneKrav must be an AapneKrav object"))?;
    let aapne: AapneKrav = canonical::from_str(&json)
        .map_err(|e| js_error(ClientCode::InvalidJson, &format!("aapneKrav is not an AapneKrav: {e}")))?;
    let selection = selection_of(&selection)?;
    let today = match today {
        Some(t) => kravkit::Date::parse(&t).map_err(|e| js_error(ProblemCode::InvalidPeriod, &e.to_string()))?,
        None => today_local(),
    };
    to_js(&pay::betalinger(&aapne, &selection, today, lang_of(lang)))
}
