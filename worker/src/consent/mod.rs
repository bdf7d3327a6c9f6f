//! The consent lifecycle's I/O: start (create at Altinn, remember a signed single-use state), finish (the
//! callback), and the check in front of every data call (with revocation detection). What to do at each step is
//! decided by the core (`kravkit::consent::machine`); this module asks Altinn and D1 what it needs and does what
//! the core says.

pub mod access;
pub mod flow;
pub mod pseudonym;
pub mod state;
pub mod state_text;

use kravkit::ids::PartIdentifikator;

use crate::{config::need, context::Ctx, problem::Problem};

/// How D1 knows a party: the stored form ([`pseudonym::party`]), and the plain id when that differs (a person),
/// under which a row from before pseudonyms may still be.
pub struct StoredParty {
    /// The stored form.
    pub key: String,
    /// The plain id, for a person.
    pub legacy: Option<String>,
}

/// The stored form of `party` (a person's needs `STATE_KEY`).
pub fn stored_party(ctx: &Ctx, party: &PartIdentifikator) -> Result<StoredParty, Problem> {
    match party {
        PartIdentifikator::Organisasjon(_) => Ok(StoredParty { key: party.as_str().to_owned(), legacy: None }),
        PartIdentifikator::Person(_) => {
            let key = need(&ctx.config.state_key)?;
            Ok(StoredParty { key: pseudonym::party(key, party), legacy: Some(party.as_str().to_owned()) })
        }
    }
}
