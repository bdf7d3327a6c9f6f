//! Who may call: the session (bank-issued or demo) and the party it may act for.

pub mod demo;
pub mod jwk;
pub mod jwks;
pub mod jwt;
pub mod session;

use kravkit::api::problem::ProblemCode;
use kravkit::ids::PartIdentifikator;
use worker::Headers;

pub use session::Session;

use crate::{context::Ctx, problem::Problem};

/// Parses a party id from the API (`invalid_party` when it is not one).
pub fn parse_party(text: &str) -> Result<PartIdentifikator, Problem> {
    PartIdentifikator::parse(text).map_err(|e| Problem::new(ProblemCode::InvalidParty, e.to_string()))
}

/// The path segment that stands for "the party in the [`PARTY_HEADER`] header".
pub const PARTY_IN_HEADER: &str = "_";
/// The header that carries the party when the path says [`PARTY_IN_HEADER`]: a fødselsnummer then never appears in
/// a URL (URLs end up in access logs, the runtime's included).
pub const PARTY_HEADER: &str = "kravkit-party";

/// The party a request names: an organisation number in the path, or `_` in the path and the id in the
/// `Kravkit-Party` header. A fødselsnummer in the path is refused (`person_in_path`): paths end up in request logs.
pub fn party_of(segment: &str, header: Option<&str>) -> Result<PartIdentifikator, Problem> {
    if segment == PARTY_IN_HEADER {
        let value = header.map(str::trim).unwrap_or_default();
        if value.is_empty() {
            return Err(Problem::new(
                ProblemCode::InvalidParty,
                "the path says _: send the party in the Kravkit-Party header",
            ));
        }
        return parse_party(value);
    }
    match parse_party(segment)? {
        PartIdentifikator::Person(_) => Err(Problem::new(
            ProblemCode::PersonInPath,
            "a person's id must not be in the URL: use _ in the path and send the id in the Kravkit-Party header",
        )),
        org => Ok(org),
    }
}

/// Verifies the session, then that it may act for `party` (a path segment, or `_` for the `Kravkit-Party` header):
/// 401, 400 `invalid_party` / `person_in_path`, or 403 `forbidden_party`.
pub async fn for_party(ctx: &Ctx, headers: &Headers, party: &str) -> Result<(Session, PartIdentifikator), Problem> {
    let session = session::authenticate(ctx, headers).await?;
    let party = party_of(party, headers.get(PARTY_HEADER).ok().flatten().as_deref())?;
    ctx.log.party(&party);
    if !session.may_act_for(&party) {
        return Err(Problem::new(ProblemCode::ForbiddenParty, "the session may not act for this party"));
    }
    Ok((session, party))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_named_in_the_header_never_in_the_path() {
        assert_eq!(party_of("313367002", None).unwrap().as_str(), "313367002");
        assert_eq!(party_of("_", Some(" 04827896468 ")).unwrap().as_str(), "04827896468");
        assert_eq!(party_of("_", Some("313367002")).unwrap().as_str(), "313367002");
        let p = party_of("04827896468", None).unwrap_err();
        assert_eq!((p.code, p.status), (ProblemCode::PersonInPath, 400));
        assert!(!p.detail.contains("04827896468"));
        let p = party_of("04827896468", Some("04827896468")).unwrap_err();
        assert_eq!(p.code, ProblemCode::PersonInPath, "the header does not make a path id acceptable");
        assert_eq!(party_of("_", None).unwrap_err().code, ProblemCode::InvalidParty);
        assert_eq!(party_of("_", Some("")).unwrap_err().code, ProblemCode::InvalidParty);
        assert_eq!(party_of("04827896469", None).unwrap_err().code, ProblemCode::InvalidParty);
    }
}
