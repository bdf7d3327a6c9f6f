//! Errors thrown to JS: an `Error` named `KravkitError` with a stable `code`, the HTTP `status` (0 when there was
//! no response) and Skatteetaten's `korrelasjonsid` (or `null`).

use wasm_bindgen::{JsCast, JsValue};

/// The codes this package raises itself. Errors from the Worker carry the Worker's problem `code` instead
/// (`consent_required`, `forbidden_party`, ...; see docs/worker-api.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The input is not JSON of the expected shape, or holds an invalid value (amount, date).
    InvalidJson,
    /// A party id that is neither a valid organisasjonsnummer nor a valid fødselsnummer (checked before calling).
    InvalidParty,
    /// A period that is malformed, reversed or longer than a year (checked before calling).
    InvalidPeriod,
    /// Bad constructor options (missing `baseUrl` or `session`).
    InvalidOptions,
    /// The request could not be sent or no response came (offline, DNS, CORS, a rejected `fetch`).
    NetworkError,
    /// The session provider threw, or did not give a string.
    SessionFailed,
    /// The Worker answered 2xx with a body that is not what the contract says.
    InvalidResponse,
    /// A bug: a value could not be converted.
    Internal,
}

impl ErrorCode {
    /// The code as JS sees it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::InvalidParty => "invalid_party",
            Self::InvalidPeriod => "invalid_period",
            Self::InvalidOptions => "invalid_options",
            Self::NetworkError => "network_error",
            Self::SessionFailed => "session_failed",
            Self::InvalidResponse => "invalid_response",
            Self::Internal => "internal",
        }
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
pub(crate) fn js_error(code: ErrorCode, message: &str) -> JsValue {
    raise(code.as_str(), message, 0, None)
}

/// The message of a thrown JS value, for wrapping it.
pub(crate) fn message_of(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_default()
}
