//! Maskinporten: RFC 7523 JWT grants, token requests and responses, and the token cache policy.
//!
//! Maskinporten hands out access tokens for a JWT *grant* signed with the client's RSA key. This module builds
//! those grants, turns them into `/token` requests, parses the answers (and Maskinporten's error messages) and
//! says how long a token may be reused. It does no I/O: the clock, randomness, signing and HTTP are the caller's.
//!
//! # How the pieces fit
//!
//! ```text
//! Environment (Test | Prod | Custom, or AuthorizationServerMetadata)
//!   └─ GrantBuilder::new(&env, client_id).scope(..).kid(..)[.authorization_details(..)][.clock_offset(..)]
//!        ├─ .cache_key() ─────────────────────────────▶ TokenCacheKey: look in the cache first
//!        └─ .build(now, Jti::from_random_bytes(..)) ──▶ UnsignedGrant
//!             ├─ .signing_input() ──▶ signer (WebCrypto in the Worker, RsaSigner natively) ──▶ signature
//!             └─ .finish(&signature) ──▶ SignedGrant
//! prepare_token_request(env.token_endpoint(), &grant) ──▶ HttpRequest ──(adapter moves it)──▶ HttpResponse
//!   ├─ parse_token_response(&response) ──▶ TokenResponse, or TokenError { kind(), hint() }
//!   │    └─ CachePolicy::default().window(&token, fetched) ──▶ ReuseWindow (serve until reuse_until)
//!   └─ ClockOffset::from_response(&response, received_at) ──▶ next builder's .clock_offset(..)
//! ```
//!
//! 1. Pick an [`Environment`] ([`Environment::Test`], [`Environment::Prod`], or a custom issuer such as the
//!    simulator; [`AuthorizationServerMetadata`] reads a `/.well-known/oauth-authorization-server` document).
//! 2. Describe the grant once with a [`GrantBuilder`]: client id, scopes, key reference (`kid` or `x5c`),
//!    optionally `consumer_org` / `iss_onbehalfof` and one [`AuthorizationDetail`] (an Altinn 3 consent or a
//!    system user). Every rule Maskinporten enforces is checked by [`GrantBuilder::build`], which returns a
//!    typed [`GrantError`].
//! 3. For each token request, [`GrantBuilder::build`] takes `now` and a [`Jti`] made from 16 caller-supplied
//!    random bytes, and returns an [`UnsignedGrant`]. Whoever holds the key signs
//!    [`UnsignedGrant::signing_input`] (RSASSA-PKCS1-v1_5 with the grant's [`SigningAlgorithm`]) and passes the
//!    signature to [`UnsignedGrant::finish`], which yields the compact JWT as a
//!    [`SignedGrant`](crate::secret::SignedGrant). With the `rsa-signer` feature, `RsaSigner` does both steps in
//!    pure Rust, and produces the very same JWT (PKCS#1 v1.5 signatures are deterministic).
//! 4. [`prepare_token_request`] makes the `POST /token`; [`parse_token_response`] reads the answer into a
//!    [`TokenResponse`] or a [`TokenError`] whose [`TokenError::kind`] recognises Maskinporten's error codes
//!    (MP-100, MP-110, MP-120, MP-121, ...) and messages, each with an actionable [`ErrorKind::hint`].
//! 5. [`ClockOffset::from_response`] learns the server's clock from the `Date` header; pass it to
//!    [`GrantBuilder::clock_offset`] so later grants' `iat`/`exp` match Maskinporten's clock (it accepts ±10 s).
//! 6. [`CachePolicy`] says until when a token may be reused, and [`GrantBuilder::cache_key`] gives a
//!    [`TokenCacheKey`] covering every input that changes the token.
//!
//! Keys: [`RsaKey`] reads a PKCS#8 or PKCS#1 PEM, or a private JWK, without the `rsa` crate (the DER is parsed
//! by hand, so this also works on wasm32), refuses EC keys, public keys and keys under 2048 bits, and derives the
//! [`PublicJwk`] to register with Maskinporten and the PKCS#8 DER that WebCrypto's `importKey` wants.
//!
//! Secrets (grants, access tokens, private keys) are secret types that print as `[redacted]`; no `Debug` or
//! `Display` of anything in this module shows one.

mod cache;
mod clock;
mod der;
mod environment;
mod error;
mod grant;
mod keys;
#[cfg(feature = "rsa-signer")]
mod signer;
mod token;
mod wire;

pub use cache::{CachePolicy, Fetched, ReuseWindow, TokenCacheKey};
pub use clock::{format_http_date, parse_http_date, ClockOffset, HttpDateError};
pub use environment::{AuthorizationServerMetadata, Environment, MetadataError};
pub use error::{ErrorKind, OAuthError, TokenError};
pub use grant::{
    GrantBuilder, GrantError, SigningAlgorithm, UnsignedGrant, DEFAULT_GRANT_LIFETIME_SECS, MAX_GRANT_LIFETIME_SECS,
};
pub use keys::{KeyError, Pkcs8Der, PublicJwk, RsaKey, MIN_RSA_BITS};
#[cfg(feature = "rsa-signer")]
pub use signer::RsaSigner;
pub use token::{parse_token_response, prepare_token_request, TokenResponse, JWT_BEARER_GRANT_TYPE};
pub use wire::{AuthorizationDetail, Jti};
