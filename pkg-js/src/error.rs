//! Errors thrown to JS: an `Error` named `KravkitError` with a stable `code`, the HTTP `status` (0 when there was
//! no response) and Skatteetaten's `korrelasjonsid` (or `null`).

pub use kravkit::api::problem::{ClientCode, ProblemCode};
use wasm_bindgen::{JsCast, JsValue};

/// A code this package raises itself, without an HTTP response: one of its own ([`ClientCode`]) or a Worker
/// code it can tell before calling ([`ProblemCode::InvalidParty`], [`ProblemCode::InvalidPeriod`]). Errors from the
/// Worker carry the Worker's problem `code`.
pub trait ErrorCode: Copy {
    /// The code as JS sees it.
    fn as_str(self) -> &'static str;
}

impl ErrorCode for ClientCode {
    fn as_str(self) -> &'static str {
        ClientCode::as_str(self)
    }
}

impl ErrorCode for ProblemCode {
    fn as_str(self) -> &'static str {
        ProblemCode::as_str(self)
    }
}

/// A JS `Error` with `code`, `status` and `korrelasjonsid` set.
pub(crate) fn raise(code: &str, message: &str, status: u16, korrelasjonsid: Option<&str>) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("KravkitError");
    let set = |k: &str, v: JsValue| {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&err, &k.into(), &v);
    };
    set("code", code.into());
    set("status", status.into());
    set("korrelasjonsid", korrelasjonsid.map_or(JsValue::NULL, JsValue::from));
    err.unchecked_into()
}

/// An error this package raises itself, without an HTTP response.
pub(crate) fn js_error(code: impl ErrorCode, message: &str) -> JsValue {
    raise(code.as_str(), message, 0, None)
}

/// The message of a thrown JS value, for wrapping it.
pub(crate) fn message_of(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_default()
}
