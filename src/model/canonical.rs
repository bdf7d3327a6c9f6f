//! Reading the canonical JSON back.
//!
//! The model types deserialize Skatteetaten's JSON, where amounts are kroner. The canonical form they serialize to
//! holds amounts as integer øre under the same field names, so it must be read with amounts taken as øre. The
//! functions here switch [`Amount`](super::Amount) deserialization to øre for the duration of one call; everything
//! else (names, text, dates) reads the same either way.
//!
//! ```
//! use kravkit::model::{canonical, AapneKrav};
//! let json = r#"{"partIdentifikator":"212201782","skjermet":false,
//!   "aapentKravMedGjenstaaendeBeloep":[],"innbetalingMedUplassertBeloep":[],
//!   "totalOversikt":{"saldo":2040000},"oversiktPerKravgruppe":[]}"#;
//! let k: AapneKrav = canonical::from_str(json).unwrap();
//! assert_eq!(k.total_oversikt.unwrap().saldo.unwrap().oere(), 2_040_000);
//! ```

use std::cell::Cell;

use serde::de::DeserializeOwned;

thread_local! {
    static OERE_MODE: Cell<bool> = const { Cell::new(false) };
}

/// Whether amounts are being read as øre (inside [`with_oere_amounts`]).
pub(crate) fn oere_mode() -> bool {
    OERE_MODE.with(Cell::get)
}

/// Restores the previous mode on drop, also when deserialization panics.
struct Restore(bool);

impl Drop for Restore {
    fn drop(&mut self) {
        OERE_MODE.with(|m| m.set(self.0));
    }
}

/// Runs `f` with amounts deserialized as whole øre (the canonical form), whatever the deserializer: use it around
/// `serde_wasm_bindgen::from_value` or any other format. Nested calls are fine.
pub fn with_oere_amounts<R>(f: impl FnOnce() -> R) -> R {
    let _restore = Restore(OERE_MODE.with(|m| m.replace(true)));
    f()
}

/// Parses canonical JSON text (as produced by `serde_json::to_string` of a model type).
pub fn from_str<T: DeserializeOwned>(json: &str) -> serde_json::Result<T> {
    with_oere_amounts(|| serde_json::from_str(json))
}

/// Parses a canonical JSON value.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> serde_json::Result<T> {
    with_oere_amounts(|| serde_json::from_value(value))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::Amount;

    #[test]
    fn oere_mode_is_scoped() {
        assert_eq!(serde_json::from_str::<Amount>("150").unwrap().oere(), 15_000);
        assert_eq!(from_str::<Amount>("150").unwrap().oere(), 150);
        assert_eq!(from_value::<Amount>(serde_json::json!(-7)).unwrap().oere(), -7);
        assert!(from_str::<Amount>("1.5").is_err(), "øre are whole");
        assert_eq!(from_str::<Amount>("2.0").unwrap().oere(), 2);
        assert_eq!(from_str::<Amount>("\"-12\"").unwrap().oere(), -12);
        assert!(from_str::<Amount>("1000000000000001").is_err());
        let nested = with_oere_amounts(|| with_oere_amounts(|| 1) + i32::from(oere_mode()));
        assert_eq!(nested, 2);
        assert!(!oere_mode(), "mode restored after the call");
        assert_eq!(serde_json::from_str::<Amount>("150").unwrap().oere(), 15_000);
    }
}
