//! Reading the Worker's answers: problem bodies (the core's `ProblemBody`), JSON answers (the core's
//! `kravkit::api::consent` types), data (Skatteetaten's document or the canonical JSON) and the outcome parameters on the consent return URL. Pure
//! (serde, serde_json and the core only): the JS side wraps the results in
//! `KravkitError`s, and the fuzz targets in `fuzz/` compile this file natively.

use kravkit::api::consent::ConsentOutcome;
use kravkit::api::endpoint::{Data, Endpoint};
use kravkit::api::problem::{ClientCode, ProblemBody, ProblemCode};
use kravkit::api::representation::Representation;
use kravkit::ids::PartIdentifikator;
use serde::de::DeserializeOwned;

/// What a non-2xx answer means: the problem's `code` (or one derived from the status), its message, and the
/// korrelasjonsid from the body or the `Korrelasjonsid` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerProblem {
    /// The stable code: the Worker's (kept as sent, so a code newer than this package still reaches the
    /// caller) or one derived from the status.
    pub code: String,
    /// The problem's `detail`, else its `title`, else a sentence naming the status.
    pub message: String,
    /// Skatteetaten's korrelasjonsid, if the answer carried one.
    pub korrelasjonsid: Option<String>,
}

/// Reads a non-2xx answer; a body that is not a problem object still gives a code from the status.
pub fn read_problem(status: u16, body: &str, header_korrelasjonsid: Option<String>) -> WorkerProblem {
    let p: ProblemBody = serde_json::from_str(body).unwrap_or_default();
    let code = p.code.unwrap_or_else(|| {
        match status {
            401 => ProblemCode::Unauthorized.as_str(),
            403 => ClientCode::Forbidden.as_str(),
            404 => ProblemCode::NotFound.as_str(),
            503 | 504 => ProblemCode::UpstreamUnavailable.as_str(),
            500..=599 => ProblemCode::UpstreamError.as_str(),
            _ => ClientCode::HttpError.as_str(),
        }
        .to_owned()
    });
    let message = p.detail.or(p.title).unwrap_or_else(|| format!("the Worker answered HTTP {status}"));
    WorkerProblem { code, message, korrelasjonsid: p.korrelasjonsid.or(header_korrelasjonsid) }
}

/// Reads a documented JSON answer of `what` (an endpoint); the error is the message for `invalid_response`.
pub fn read_json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("the answer of {what} is not as documented: {e}"))
}

/// Reads a data answer by its `Content-Type`: Skatteetaten's document as the Worker passed it on, or the canonical
/// JSON it made itself; the error says why it is not the data. The document is read as `parseAapneKrav` and
/// friends read it (serde_json without the JSON path in errors: one copy of the model's visitors in the wasm);
/// serde would take an array for a struct, so the top level is checked first.
pub fn read_data(endpoint: Endpoint, text: &str, content_type: Option<&str>) -> Result<Data, String> {
    match content_type.and_then(Representation::of_content_type) {
        Some(Representation::Upstream) if !text.trim_start().starts_with('{') => {
            Err("expected a JSON object at the top level".to_owned())
        }
        Some(Representation::Upstream) => Data::from_json(endpoint, text).map_err(|e| e.to_string()),
        Some(Representation::Canonical) => Data::from_canonical(endpoint, text).map_err(|e| e.to_string()),
        None => Err(format!(
            "the content type {:?} is neither {} nor {}",
            content_type.unwrap_or(""),
            Representation::Upstream.media_type(),
            Representation::Canonical.media_type()
        )),
    }
}

/// The message of `invalid_response` for an answer of `path` that is not its endpoint's data.
pub fn not_the_data(path: &str, why: &str) -> String {
    format!("the answer of {path} is not the expected data: {why}")
}

/// The outcome the Worker put on the return URL after consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnOutcome {
    /// How it ended.
    pub outcome: ConsentOutcome,
    /// The party, when it is a valid party id.
    pub party: Option<String>,
    /// A short error code (letters, digits, `_`), `consent_failed` for a failure without one.
    pub error: Option<String>,
}

/// Reads the `kravkitConsent`, `kravkitParty` and `kravkitError` parameters; `None` without `kravkitConsent`.
/// Anything unexpected on the URL is dropped rather than passed on.
pub fn read_return(consent: Option<String>, party: Option<String>, error: Option<String>) -> Option<ReturnOutcome> {
    let outcome = ConsentOutcome::parse(&consent?);
    let party = party.filter(|p| PartIdentifikator::parse(p).is_ok());
    let error = error.filter(|e| e.len() <= 64 && e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    let error = error.or_else(|| (outcome == ConsentOutcome::Failed).then(|| "consent_failed".to_owned()));
    Some(ReturnOutcome { outcome, party, error })
}
