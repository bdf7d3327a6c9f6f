//! # kravkit: the sans-IO core
//!
//! Everything needed to talk to Skatteetaten's *Krav og betalinger* API on behalf of a party: the data model of its
//! four endpoints, Maskinporten JWT grants, Altinn 3 and Altinn 2 consent, and request building and parsing.
//!
//! ## Design choices
//!
//! - **No I/O.** The crate never opens a socket, reads a clock or draws random bytes. Time (`now: UnixTime`) and
//!   randomness are arguments; HTTP is plain data ([`http::HttpRequest`] in, [`http::HttpResponse`] out), moved by
//!   an adapter: the Cloudflare Worker, the browser package, a test closure. The same code therefore runs natively,
//!   in the Worker and in the browser, and its tests run natively and on wasm32.
//! - **Keys stay with the signer.** A grant is built as an unsigned value exposing `signing_input()`; whoever holds
//!   the key signs those bytes (WebCrypto in the Worker, the `rsa-signer` feature natively) and hands back the
//!   signature.
//! - **Validated types.** Every identifier is a newtype checked on construction (organisasjonsnummer mod-11,
//!   fødselsnummer check digits); amounts are integer øre; dates are real dates.
//! - **Tolerant of Skatteetaten, strict with ourselves.** Responses are parsed leniently (unknown fields ignored,
//!   every documented field spelling accepted) because the API adds fields without notice; everything we send is
//!   built from validated parts.
//! - **Secrets are types.** Keys, grants, tokens and API keys print as `[redacted]`; upstream text kept in errors
//!   is [`redact::scrub`]bed of tokens and national ids.
//!
//! ## Features
//!
//! | feature | adds |
//! |---|---|
//! | `rsa-signer` | a pure-Rust RS256 signer (jwt-compact + rsa) for native tools and tests |

#![warn(missing_docs)]

pub mod altinn;
pub mod api;
mod b64;
pub mod consent;
pub mod http;
pub mod ids;
pub mod maskinporten;
pub mod model;
pub mod notify;
pub mod pay;
pub mod present;
pub mod redact;
pub mod secret;
pub mod skatteetaten;
pub mod time;
mod uuid;

pub use time::{Date, UnixTime};
