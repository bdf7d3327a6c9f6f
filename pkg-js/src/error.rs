//! Errors thrown to JS: an `Error` with a stable `code` property (and `status`/`korrelasjonsid` when known).

use wasm_bindgen::{JsCast, JsValue};

/// The stable codes on errors thrown by this package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The input is not JSON of the expected shape, or holds an invalid value (amount, date).
    InvalidJson,
    /// A bug: a value could not be converted to JS.
    Internal,
}

impl ErrorCode {
    /// The code as JS sees it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::Internal => "internal",
        }
    }
}

/// A JS `Error` with `code` set.
pub(crate) fn js_error(code: ErrorCode, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &"code".into(), &code.as_str().into());
    err.unchecked_into()
}
