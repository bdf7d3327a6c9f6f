//! `Visning`: a response as `<kravkit-oversikt>` shows it, kept in wasm memory so a party with thousands of claims
//! crosses into JS one page at a time.

use kravkit::api::endpoint::Data;
use kravkit::present::{Lang, View};
use wasm_bindgen::prelude::*;

use crate::error::{js_error, ClientCode, ProblemCode};
use crate::{to_js, today_local};

/// Rows in display order (claims by due date, payments newest first) with status flags, pages of formatted cells,
/// details, the summary of open claims and CSV; everything formatted for `lang` (`nb`, `nn` or `en`).
#[wasm_bindgen]
pub struct Visning {
    view: View,
}

impl From<View> for Visning {
    fn from(view: View) -> Self {
        Self { view }
    }
}

fn lang(l: &str) -> Lang {
    Lang::parse_or_default(l)
}

#[wasm_bindgen]
impl Visning {
    /// A view of canonical JSON (as the Worker answers): `kind` is `aapnekrav`, `krav`, `innbetalinger` or
    /// `utbetalinger`; `today` (`YYYY-MM-DD`, default: the local date) is the day overdue flags are relative to.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "VisningKind")] kind: &str,
        json: &str,
        today: Option<String>,
    ) -> Result<Visning, JsValue> {
        let endpoint = crate::client::endpoint_of(kind)?;
        let data =
            Data::from_canonical(endpoint, json).map_err(|e| js_error(ClientCode::InvalidJson, &e.to_string()))?;
        let today = match today {
            Some(t) => kravkit::Date::parse(&t).map_err(|e| js_error(ProblemCode::InvalidPeriod, &e.to_string()))?,
            None => today_local(),
        };
        Ok(View::new(data, today).into())
    }

    /// `aapnekrav`, `krav`, `innbetalinger` or `utbetalinger`.
    #[wasm_bindgen(getter, unchecked_return_type = "VisningKind")]
    pub fn kind(&self) -> String {
        self.view.endpoint().as_str().to_owned()
    }

    /// Number of rows.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.view.len()
    }

    /// Whether Skatteetaten shielded the party's data.
    #[wasm_bindgen(getter)]
    pub fn skjermet(&self) -> bool {
        self.view.skjermet()
    }

    /// The day overdue flags are relative to, `YYYY-MM-DD`.
    #[wasm_bindgen(getter)]
    pub fn today(&self) -> String {
        self.view.today().to_string()
    }

    /// The table's columns.
    #[wasm_bindgen(unchecked_return_type = "Column[]")]
    pub fn columns(&self, lang: &str) -> Result<JsValue, JsValue> {
        to_js(&self.view.columns(self::lang(lang)))
    }

    /// Rows `start..start + count` in display order.
    #[wasm_bindgen(unchecked_return_type = "Page")]
    pub fn page(&self, lang: &str, start: usize, count: usize) -> Result<JsValue, JsValue> {
        to_js(&self.view.page(self::lang(lang), start, count))
    }

    /// Everything about the row at `position`, or `null`.
    #[wasm_bindgen(unchecked_return_type = "Detail | null")]
    pub fn detail(&self, lang: &str, position: usize) -> Result<JsValue, JsValue> {
        match self.view.detail(self::lang(lang), position) {
            Some(d) => to_js(&d),
            None => Ok(JsValue::NULL),
        }
    }

    /// Totals and per-group chart of open claims; `null` for the other kinds.
    #[wasm_bindgen(unchecked_return_type = "Summary | null")]
    pub fn summary(&self, lang: &str) -> Result<JsValue, JsValue> {
        match self.view.summary(self::lang(lang)) {
            Some(s) => to_js(&s),
            None => Ok(JsValue::NULL),
        }
    }

    /// The payments for `selection` (`'all'`, `'overdue'`, or claim/instalment ids) of open claims, as
    /// `betalinger` gives them; `null` for the other kinds.
    #[wasm_bindgen(unchecked_return_type = "Betalinger | null")]
    pub fn betalinger(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BetalingSelection | null | undefined")] selection: JsValue,
        lang: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let selection = crate::pay::selection_of(&selection)?;
        match self.view.betalinger(&selection, crate::pay::lang_of(lang)) {
            Some(b) => to_js(&b),
            None => Ok(JsValue::NULL),
        }
    }

    /// The payments of `selection` as an ISO 20022 pain.001 file (`options` as for `betalingsfil`).
    pub fn betalingsfil(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BetalingSelection | null | undefined")] selection: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BetalingsfilOptions")] options: JsValue,
    ) -> Result<String, JsValue> {
        let selection = crate::pay::selection_of(&selection)?;
        let paid = self.view.betalinger(&selection, Lang::Nb).map(|b| b.betalinger).unwrap_or_default();
        crate::pay::file_of(&paid, &options)
    }

    /// `{ any, overdue }`: whether an open claim can be paid from here, and whether one has an overdue instalment
    /// that can; `null` for the other kinds.
    #[wasm_bindgen(unchecked_return_type = "Payable | null")]
    pub fn payable(&self) -> Result<JsValue, JsValue> {
        match self.view.payable() {
            Some(p) => to_js(&p),
            None => Ok(JsValue::NULL),
        }
    }

    /// `{ total, overdue }`.
    #[wasm_bindgen(unchecked_return_type = "Counts")]
    pub fn counts(&self) -> Result<JsValue, JsValue> {
        to_js(&self.view.counts())
    }

    /// The whole table as CSV (`;` and decimal comma in nb/nn, `,` and decimal point in en; UTF-8 with BOM).
    pub fn csv(&self, lang: &str) -> String {
        self.view.csv(self::lang(lang))
    }

    /// A file name for the CSV, e.g. `kravkit-aapnekrav-313367002-2026-11-25.csv`.
    #[wasm_bindgen(js_name = csvFilename)]
    pub fn csv_filename(&self) -> String {
        self.view.csv_filename()
    }
}
