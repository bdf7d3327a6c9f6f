//! The redirect back from Altinn 3's consent page: `{redirectUrl}&Status=OK` or `...&Status=Failed&ErrorMessage=...`.

use crate::altinn::{
    callback::{Callback, CallbackQuery, CallbackStatus},
    CallbackError,
};

/// What the user answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Altinn3Outcome {
    /// `Status=OK`: the user accepted. Confirm with the status endpoint, or just ask Maskinporten for the token.
    Approved,
    /// `Status=Failed`: the user declined, or Altinn could not complete the dialogue.
    Rejected {
        /// Altinn's `ErrorMessage`, decoded (and scrubbed of national ids), if it sent one.
        error_message: Option<String>,
    },
}

/// A parsed Altinn 3 redirect. Check [`Callback::verify_state`] before trusting it.
pub type Altinn3Callback = Callback<Altinn3Outcome>;

/// Parses the redirect URL (or just its query). `state_param` is the name we gave our state parameter in the
/// redirect URL. Parameters other than `Status`, `ErrorMessage` and the state are ignored.
pub fn parse_callback(url_or_query: &str, state_param: &str) -> Result<Altinn3Callback, CallbackError> {
    let q = CallbackQuery::parse(url_or_query)?;
    let status = q.status()?;
    let error_message = q.error_message()?;
    let state = q.state(state_param)?;
    let outcome = match status {
        CallbackStatus::Ok => Altinn3Outcome::Approved,
        CallbackStatus::Failed => Altinn3Outcome::Rejected { error_message },
    };
    Ok(Altinn3Callback { outcome, state })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn approved_and_rejected() {
        let cb = parse_callback("https://bank.no/cb?state=s1&Status=OK", "state").unwrap();
        assert_eq!(cb, Altinn3Callback { outcome: Altinn3Outcome::Approved, state: "s1".into() });
        assert_eq!(cb.verify_state("s1"), Ok(()));
        assert_eq!(cb.verify_state("s2"), Err(CallbackError::StateMismatch));
        let cb = parse_callback("?consentId=77&state=s%2B1&Status=Failed&ErrorMessage=User%2520did%2520not", "state")
            .unwrap();
        assert_eq!(cb.state, "s+1");
        assert_eq!(cb.outcome, Altinn3Outcome::Rejected { error_message: Some("User did not".into()) });
        let cb = parse_callback("https://bank.no/cb?state=s1?Status=OK#top", "state").unwrap();
        assert_eq!(cb, Altinn3Callback { outcome: Altinn3Outcome::Approved, state: "s1".into() });
        let cb = parse_callback("Status=failed&state=x", "state").unwrap();
        assert_eq!(cb.outcome, Altinn3Outcome::Rejected { error_message: None });
    }

    #[test]
    fn malformed_callbacks() {
        use CallbackError as E;
        let p = |s: &str| parse_callback(s, "state").unwrap_err();
        assert_eq!(p("https://bank.no/cb?state=x"), E::MissingStatus);
        assert_eq!(p("https://bank.no/cb?state=x&Status="), E::MissingStatus);
        assert_eq!(p("?state=x&Status=Maybe"), E::UnknownStatus("Maybe".into()));
        assert_eq!(p("?state=x&Status=OK&status=Failed"), E::DuplicateParameter("Status".into()));
        assert_eq!(p("?state=x&state=y&Status=OK"), E::DuplicateParameter("state".into()));
        assert_eq!(p("?Status=OK"), E::MissingState("state".into()));
        assert_eq!(p("?Status=OK&state="), E::MissingState("state".into()));
        assert_eq!(p("?Status=OK&State=x"), E::MissingState("state".into()));
        assert_eq!(p("?state=%zz&Status=OK"), E::BadEncoding);
        assert_eq!(p("?state=%C3%28&Status=OK"), E::BadEncoding);
        assert_eq!(
            p("?state=x&Status=Failed&ErrorMessage=a&ErrorMessage=b"),
            E::DuplicateParameter("ErrorMessage".into())
        );
    }
}
