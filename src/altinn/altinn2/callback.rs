//! The redirect back from Altinn 2's consent page: `?AuthorizationCode=...&Status=OK`, or
//! `?Status=Failed&ErrorMessage=User%2520did%2520not%2520give%2520consent&FailedAuthorizationCode=...`.

use super::AuthorizationCode;
use crate::altinn::{
    callback::{Callback, CallbackQuery, CallbackStatus},
    CallbackError,
};

/// What the user answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Altinn2Outcome {
    /// `Status=OK`: exchange the code for consent tokens.
    Approved {
        /// The `AuthorizationCode` (the same code the pre-registration returned).
        authorization_code: AuthorizationCode,
    },
    /// `Status=Failed`: the user declined, or the dialogue failed.
    Rejected {
        /// `ErrorMessage`, with Altinn's double URL-encoding undone (and scrubbed of national ids).
        error_message: Option<String>,
        /// `FailedAuthorizationCode`, sent for pre-registered requests.
        failed_authorization_code: Option<AuthorizationCode>,
    },
}

/// A parsed Altinn 2 redirect. Check [`Callback::verify_state`] before trusting it.
pub type Altinn2Callback = Callback<Altinn2Outcome>;

/// Parses the redirect URL (or just its query). `state_param` is the name we gave our state parameter in the
/// `RedirectUrl`. Other parameters are ignored.
pub fn parse_callback(url_or_query: &str, state_param: &str) -> Result<Altinn2Callback, CallbackError> {
    let q = CallbackQuery::parse(url_or_query)?;
    let status = q.status()?;
    let code = q.altinn("AuthorizationCode")?.map(AuthorizationCode::parse).transpose()?;
    let failed_code = q.altinn("FailedAuthorizationCode")?.map(AuthorizationCode::parse).transpose()?;
    let error_message = q.error_message()?;
    let state = q.state(state_param)?;
    let outcome = match status {
        CallbackStatus::Ok => {
            Altinn2Outcome::Approved { authorization_code: code.ok_or(CallbackError::MissingAuthorizationCode)? }
        }
        CallbackStatus::Failed => Altinn2Outcome::Rejected { error_message, failed_authorization_code: failed_code },
    };
    Ok(Altinn2Callback { outcome, state })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn documented_examples() {
        let cb = parse_callback(
            "https://www.eksempel.no/?state=abc&AuthorizationCode=0435d832-193b-4a13-a6d1-d172c18e18c7&Status=OK",
            "state",
        )
        .unwrap();
        assert_eq!(cb.state, "abc");
        let Altinn2Outcome::Approved { authorization_code } = &cb.outcome else { panic!("{cb:?}") };
        assert_eq!(authorization_code.as_str(), "0435d832-193b-4a13-a6d1-d172c18e18c7");
        assert_eq!(cb.verify_state("abc"), Ok(()));
        assert_eq!(cb.verify_state("abd"), Err(CallbackError::StateMismatch));

        let cb = parse_callback(
            "https://www.eksempel.no/?state=abc&Status=Failed&ErrorMessage=User%2520did%2520not%2520give%2520consent&FailedAuthorizationCode=435d832-193b-4a13-a6d1-d172c18e18c7",
            "state",
        )
        .unwrap();
        assert_eq!(
            cb.outcome,
            Altinn2Outcome::Rejected {
                error_message: Some("User did not give consent".into()),
                failed_authorization_code: Some(
                    AuthorizationCode::parse("435d832-193b-4a13-a6d1-d172c18e18c7").unwrap()
                ),
            }
        );
        let cb = parse_callback("?Status=Failed&state=x", "state").unwrap();
        assert_eq!(cb.outcome, Altinn2Outcome::Rejected { error_message: None, failed_authorization_code: None });
    }

    #[test]
    fn malformed_callbacks() {
        use CallbackError as E;
        let p = |s: &str| parse_callback(s, "state").unwrap_err();
        assert_eq!(p("?state=x&Status=OK"), E::MissingAuthorizationCode);
        assert_eq!(p("?state=x&Status=OK&AuthorizationCode="), E::MissingAuthorizationCode);
        assert_eq!(p("?state=x&Status=OK&AuthorizationCode=a%2Fb"), E::InvalidAuthorizationCode);
        assert_eq!(
            p("?state=x&Status=OK&AuthorizationCode=a&AuthorizationCode=b"),
            E::DuplicateParameter("AuthorizationCode".into())
        );
        assert_eq!(p("?state=x&AuthorizationCode=a"), E::MissingStatus);
        assert_eq!(p("?state=x&AuthorizationCode=a&Status=Cancelled"), E::UnknownStatus("Cancelled".into()));
        assert_eq!(p("?AuthorizationCode=a&Status=OK"), E::MissingState("state".into()));
        assert_eq!(p("?AuthorizationCode=a&Status=OK&state=%E"), E::BadEncoding);
    }
}
