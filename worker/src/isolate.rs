//! Everything one Worker isolate keeps between requests, in one place. Each part is declared by the module that
//! uses it (its `Kept`); this is the list. An isolate serves one request at a time per turn of its event loop, so
//! plain `Cell`/`RefCell` suffice; nothing here is shared across isolates, and all of it can be lost at any time
//! (a new isolate starts empty and refills on demand).
//!
//! | part | what | keyed by | lifetime |
//! |---|---|---|---|
//! | `maskinporten` | the imported signing key, the clock offsets of Maskinporten and the data API, the access tokens and their flights | the key text; scope, resource and consent | until 2 s before the token's earliest expiry (wider if the API's clock runs ahead), the clock offsets for the isolate's life |
//! | `client_key` | the parsed `MASKINPORTEN_KEY` (JWK or PEM) | the secret's text | while the secret is unchanged |
//! | `altinn2` | Altinn 2 consent tokens | authorization code | until their `exp` less 5 s |
//! | `permits` | the concurrency limit per upstream API | API | the isolate |
//! | `jwks` | the bank's session-signing keys, their fetch flight, the last failure | JWKS URL; `kid` | `SESSION_JWKS_TTL_SECS`; 2 s for a failure |
//! | `demo` | the demo session key | none | the isolate |
//! | `consent_state` | the HMAC key of the consent `state` parameter | the secret | while the secret is unchanged |
//! | `cache_seal` | the keys that seal cached data | the secret | while the secret is unchanged |
//! | `grants` | recently read consent records | party and mode | 30 s (`GRANT_TTL_MS`), only while usable |
//!
//! The secrets a part is keyed by are compared, never logged; none of this is visible in a response.

use crate::{auth, cache_seal, config, consent, d1, upstream};

/// What an isolate keeps.
#[derive(Default)]
pub struct Isolate {
    /// See [`upstream::maskinporten::Kept`].
    pub maskinporten: upstream::maskinporten::Kept,
    /// See [`config::client_key::Kept`].
    pub client_key: config::client_key::Kept,
    /// See [`upstream::altinn2::Kept`].
    pub altinn2: upstream::altinn2::Kept,
    /// See [`upstream::http::Kept`].
    pub permits: upstream::http::Kept,
    /// See [`auth::jwks::Kept`].
    pub jwks: auth::jwks::Kept,
    /// See [`auth::demo::Kept`].
    pub demo: auth::demo::Kept,
    /// See [`consent::state::Kept`].
    pub consent_state: consent::state::Kept,
    /// See [`cache_seal::Kept`].
    pub cache_seal: cache_seal::Kept,
    /// See [`d1::Kept`].
    pub grants: d1::Kept,
}

thread_local! {
    // Allocated once per isolate (or test thread) and never freed: an isolate's state lives as long as it does.
    static ISOLATE: &'static Isolate = Box::leak(Box::default());
}

/// This isolate's state.
pub fn get() -> &'static Isolate {
    ISOLATE.with(|i| *i)
}
