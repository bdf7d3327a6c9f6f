//! Who may call: the session (bank-issued or demo) and the party it may act for.

pub mod demo;
pub mod jwk;
pub mod jwks;
pub mod jwt;
pub mod session;

use kravkit::ids::PartIdentifikator;
use worker::Headers;

pub use session::Session;

use crate::{context::Ctx, problem::Problem};

/// Parses a party id from the API (`invalid_party` when it is not one).
pub fn parse_party(text: &str) -> Result<PartIdentifikator, Problem> {
    PartIdentifikator::parse(text).map_err(|e| Problem::new("invalid_party", e.to_string()))
}

/// The path segment that stands for "the party in the [`PARTY_HEADER`] header".
pub const PARTY_IN_HEADER: &str = "_";
/// The header that carries the party when the path says [`PARTY_IN_HEADER`]: a fødselsnummer then never appears in
/// a URL (URLs end up in access logs, the runtime's included).
pub const PARTY_HEADER: &str = "kravkit-party";

/// Verifies the session, then that it may act for `party` (a path segment, or `_` for the `Kravkit-Party` header):
/// 401, 400 `invalid_party`, or 403 `forbidden_party`.
pub async fn for_party(ctx: &Ctx, headers: &Headers, party: &str) -> Result<(Session, PartIdentifikator), Problem> {
    let session = session::authenticate(ctx, headers).await?;
    let party = if party == PARTY_IN_HEADER {
        let value = headers.get(PARTY_HEADER).ok().flatten().unwrap_or_default();
        if value.is_empty() {
            return Err(Problem::new("invalid_party", "the path says _: send the party in the Kravkit-Party header"));
        }
        parse_party(value.trim())?
    } else {
        parse_party(party)?
    };
    ctx.log.party(&party);
    if !session.may_act_for(&party) {
        return Err(Problem::new("forbidden_party", "the session may not act for this party"));
    }
    Ok((session, party))
}
