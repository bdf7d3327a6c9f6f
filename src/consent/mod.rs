//! The consent lifecycle as data and decisions, without I/O.
//!
//! A party's consent is a [`ConsentRecord`]: which consent ([`ConsentRef`]: an Altinn 3 request id or an Altinn 2
//! authorization code), its [`ConsentStatus`], until when it holds and when it last changed. The functions in
//! [`machine`] take the record, the clock and what Altinn answered ([`Answer`]) and say what to do next: use the
//! consent, ask Altinn something ([`Ask`]), refuse ([`Refusal`]), and what to store ([`Store`]). The adapter (the
//! Worker) does the asking and the storing, the way rustls and quinn-proto leave the sockets to their callers.

mod error;
pub mod machine;
mod mode;
mod record;
mod reference;
mod status;

pub use error::RecordError;
pub use machine::{Answer, Ask, Failure, Finish, Next, Outcome, Refusal, Start};
pub use mode::ConsentMode;
pub use record::{status_of, ConsentRecord, Guard, Store};
pub use reference::ConsentRef;
pub use status::ConsentStatus;

#[cfg(test)]
mod machine_tests;
