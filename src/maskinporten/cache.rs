//! Token reuse: how long a Maskinporten token may be served from a cache, and the key to cache it under.
//!
//! Maskinporten tokens are self-contained and cannot be revoked, so reusing one within its lifetime is safe and
//! spares Maskinporten (and a signature) per API call. All times here are on the *local* clock: `received_at`
//! and `now` come from the same source, so the [`super::ClockOffset`] plays no part.

use std::fmt::Write as _;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{grant::GrantBuilder, token::TokenResponse, wire::AuthorizationDetail};
use crate::time::UnixTime;

/// When a cached token stops being served, and when the next one is fetched.
///
/// A token is served until `margin_secs` before its earliest possible expiry, and the next one is fetched from
/// `refresh_lead_secs` plus the last token request's round trip before that, while the old one is still served.
/// The default (2 s and 1 s) serves a 120 s token (Skatteetaten's usual) for 116–118 s and fetches about 1.03 tokens
/// per lifetime under steady load. Why those figures:
/// - Maskinporten cannot have issued the token before we sent the request, so its expiry on our clock is at least
///   the request's send time plus `expires_in` ([`Fetched`]): no guess about the network is needed;
/// - the API checks `exp` on its own clock. If its clock is ahead of Maskinporten's, it sees the token expire
///   early: [`CachePolicy::with_api_clock_ahead`] widens the margin by what the `Date` headers of the two show
///   ([`super::ClockOffset`]); the 2 s cover a request's way to the API and the headers' one-second resolution;
/// - a token refused as expired anyway is evicted by the caller, so a wrong guess costs one call, not a lifetime.
///
/// A token whose lifetime is not longer than the margin is never cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CachePolicy {
    /// Seconds before the token's earliest possible expiry at which serving stops.
    pub margin_secs: u64,
    /// Seconds before serving stops at which the next token is fetched, on top of the last token request's round
    /// trip.
    pub refresh_lead_secs: u64,
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self { margin_secs: 2, refresh_lead_secs: 1 }
    }
}

/// When a token request was sent and its answer received, on the local clock (the same clock as `now` later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fetched {
    /// When the request was sent.
    pub sent_at: UnixTime,
    /// When the answer was received.
    pub received_at: UnixTime,
}

impl CachePolicy {
    /// This policy with the margin widened by `secs`: how far the API's clock is ahead of Maskinporten's (each
    /// learned from its `Date` header). Nothing when it is behind.
    #[must_use]
    pub fn with_api_clock_ahead(self, secs: i64) -> Self {
        let ahead = u64::try_from(secs).unwrap_or(0);
        Self { margin_secs: self.margin_secs.saturating_add(ahead), ..self }
    }

    /// The reuse window for a token with `expires_in` seconds of lifetime fetched as `fetched` says, or `None` if
    /// it is too short-lived to cache (or the clock went backwards during the request).
    pub fn window_for(&self, fetched: Fetched, expires_in: u64) -> Option<ReuseWindow> {
        let Fetched { sent_at, received_at } = fetched;
        let round_trip = received_at.secs().checked_sub(sent_at.secs()).filter(|rt| *rt >= 0)?;
        let lifetime = i64::try_from(expires_in).ok()?;
        let expires_at = UnixTime::from_secs(sent_at.secs().checked_add(lifetime)?);
        let reuse_until = expires_at.add_secs(-i64::try_from(self.margin_secs).ok()?);
        if reuse_until <= received_at {
            return None;
        }
        let lead = i64::try_from(self.refresh_lead_secs).ok()?.saturating_add(round_trip);
        let refresh_from = UnixTime::from_secs((reuse_until.secs() - lead).max(received_at.secs()));
        Some(ReuseWindow { received_at, reuse_until, refresh_from, expires_at })
    }

    /// The reuse window for a parsed token response fetched as `fetched` says.
    pub fn window(&self, token: &TokenResponse, fetched: Fetched) -> Option<ReuseWindow> {
        self.window_for(fetched, token.expires_in)
    }
}

/// The span in which a cached token may be served: from when it was received until `reuse_until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReuseWindow {
    /// When the token was received (local clock).
    pub received_at: UnixTime,
    /// The last moment (exclusive) the token may be served.
    pub reuse_until: UnixTime,
    /// From when a fresh token should be fetched while this one is still served, so that callers never wait for
    /// a token while one is in use. Never before `received_at`.
    pub refresh_from: UnixTime,
    /// The token's earliest possible expiry on the local clock (when the request was sent plus `expires_in`).
    pub expires_at: UnixTime,
}

impl ReuseWindow {
    /// Whether the token may be served at `now`. A `now` before `received_at` means the clock went backwards;
    /// the token is then not served (fetching a fresh one is always safe).
    pub fn is_reusable(&self, now: UnixTime) -> bool {
        self.received_at <= now && now < self.reuse_until
    }

    /// Seconds the token may still be served at `now` (0 when it may not), e.g. for a Cache API `max-age`.
    pub fn remaining_secs(&self, now: UnixTime) -> u64 {
        if self.is_reusable(now) {
            (self.reuse_until.secs() - now.secs()).unsigned_abs()
        } else {
            0
        }
    }
}

/// A cache key covering every input that changes the token Maskinporten issues: the issuer (environment), the
/// client id, the scopes (as a set: order and duplicates do not matter), `consumer_org`, `iss_onbehalfof`,
/// `resource` (as a set) and `authorization_details`. The key, algorithm and grant lifetime do not change the
/// token and are left out.
///
/// The key is `mp-token-v1-` and the SHA-256 of those inputs in canonical JSON, as 64 hex digits: safe in a URL
/// path (the Workers Cache API keys by URL) and free of the personal data a consent's `from` may hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenCacheKey(String);

impl TokenCacheKey {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TokenCacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Serialize)]
struct CacheKeyInputs<'a> {
    issuer: &'a str,
    client_id: &'a str,
    scopes: Vec<&'a str>,
    consumer_org: Option<&'a str>,
    iss_onbehalfof: Option<&'a str>,
    resources: Vec<&'a str>,
    authorization_details: Option<&'a AuthorizationDetail>,
}

impl GrantBuilder {
    /// The key under which tokens obtained with this builder's grants may be cached.
    pub fn cache_key(&self) -> TokenCacheKey {
        let mut scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
        scopes.sort_unstable();
        scopes.dedup();
        let mut resources: Vec<&str> = self.resources.iter().map(String::as_str).collect();
        resources.sort_unstable();
        resources.dedup();
        let inputs = CacheKeyInputs {
            issuer: &self.audience,
            client_id: &self.client_id,
            scopes,
            consumer_org: self.consumer_org.as_ref().map(|o| o.as_str()),
            iss_onbehalfof: self.iss_onbehalfof.as_deref(),
            resources,
            authorization_details: self.authorization_details.as_ref(),
        };
        let canonical = serde_json::to_vec(&inputs).unwrap_or_default();
        let mut key = String::with_capacity(12 + 64);
        key.push_str("mp-token-v1-");
        for b in Sha256::digest(&canonical) {
            let _ = write!(key, "{b:02x}");
        }
        TokenCacheKey(key)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::{
        ids::{ConsentRequestId, Organisasjonsnummer, PartIdentifikator},
        maskinporten::Environment,
    };

    const T0: UnixTime = UnixTime::from_secs(1_766_129_217);

    /// A token request sent at `T0` and answered `rtt` seconds later.
    fn at(rtt: i64) -> Fetched {
        Fetched { sent_at: T0, received_at: T0.add_secs(rtt) }
    }

    #[test]
    fn default_policy_windows() {
        let p = CachePolicy::default();
        let w = p.window_for(at(0), 120).unwrap();
        assert_eq!(w.expires_at, T0.add_secs(120));
        assert_eq!(w.reuse_until, T0.add_secs(118), "served until 2 s before the earliest expiry");
        assert_eq!(w.refresh_from, T0.add_secs(117), "the next one fetched 1 s before that");
        assert_eq!(p.window_for(at(0), 3600).unwrap().reuse_until, T0.add_secs(3598));
        assert_eq!(p.window_for(at(0), 3).unwrap().reuse_until, T0.add_secs(1));
        // A token living no longer than the margin is never cached.
        assert_eq!(p.window_for(at(0), 2), None);
        assert_eq!(p.window_for(at(0), 0), None);
        assert_eq!(p.window_for(at(0), u64::MAX), None);
    }

    #[test]
    fn the_expiry_counts_from_when_the_request_was_sent() {
        let p = CachePolicy::default();
        // A slow answer: Maskinporten may have issued the token at any point of the 4 s.
        let w = p.window_for(at(4), 120).unwrap();
        assert_eq!(w.received_at, T0.add_secs(4));
        assert_eq!(w.expires_at, T0.add_secs(120), "not received_at + 120");
        assert_eq!(w.reuse_until, T0.add_secs(118));
        assert_eq!(w.refresh_from, T0.add_secs(113), "the lead covers the last round trip too");
        // A token that is all but spent by the time it arrives is not cached.
        assert_eq!(p.window_for(at(9), 10), None);
        // The clock went backwards during the request: nothing to base the window on.
        assert_eq!(p.window_for(Fetched { sent_at: T0, received_at: T0.add_secs(-1) }, 120), None);
    }

    #[test]
    fn steady_load_fetches_at_most_105_tokens_per_100_lifetimes() {
        // Each refresh is sent by the first request at or after `refresh_from` and answered within a second.
        for lifetime in [30, 60, 120, 600, 3600] {
            for rtt in [0, 1] {
                let mut sent = T0;
                let mut fetched = 0u32;
                let end = T0.add_secs(100 * lifetime);
                while sent < end {
                    fetched += 1;
                    let w = CachePolicy::default()
                        .window_for(Fetched { sent_at: sent, received_at: sent.add_secs(rtt) }, lifetime as u64)
                        .unwrap();
                    sent = w.refresh_from;
                }
                let limit = if lifetime >= 120 { 105 } else { 120 };
                assert!(
                    fetched <= limit,
                    "{lifetime} s tokens, {rtt} s round trips: {fetched} fetches in 100 lifetimes"
                );
            }
        }
    }

    #[test]
    fn refresh_is_never_before_receipt() {
        let w = CachePolicy::default().window_for(at(0), 4).unwrap();
        assert_eq!((w.refresh_from, w.reuse_until), (T0.add_secs(1), T0.add_secs(2)));
        let w = CachePolicy::default().window_for(at(1), 4).unwrap();
        assert_eq!(
            (w.refresh_from, w.reuse_until),
            (T0.add_secs(1), T0.add_secs(2)),
            "refreshed at once, still served"
        );
    }

    #[test]
    fn an_api_clock_ahead_of_maskinportens_widens_the_margin() {
        let p = CachePolicy::default().with_api_clock_ahead(5);
        let w = p.window_for(at(0), 120).unwrap();
        assert_eq!(w.reuse_until, T0.add_secs(113));
        assert_eq!(CachePolicy::default().with_api_clock_ahead(-30), CachePolicy::default(), "behind: no change");
    }

    #[test]
    fn reuse_edges() {
        let w = CachePolicy::default().window_for(at(0), 120).unwrap();
        assert!(w.is_reusable(T0));
        assert!(w.is_reusable(T0.add_secs(117)));
        assert!(!w.is_reusable(T0.add_secs(118)), "reuse_until is exclusive");
        assert!(!w.is_reusable(T0.add_secs(-1)), "clock went backwards: fetch a fresh token");
        assert_eq!(w.remaining_secs(T0), 118);
        assert_eq!(w.remaining_secs(T0.add_secs(100)), 18);
        assert_eq!(w.remaining_secs(T0.add_secs(118)), 0);
        assert_eq!(w.remaining_secs(T0.add_secs(-5)), 0);
        // Every served moment leaves at least the margin before the earliest expiry.
        for now in 0..200 {
            let now = T0.add_secs(now);
            if w.is_reusable(now) {
                assert!(w.expires_at.secs() - now.secs() >= 2);
            }
        }
    }

    #[test]
    fn custom_policy() {
        let p = CachePolicy { margin_secs: 30, refresh_lead_secs: 10 };
        let w = p.window_for(at(0), 120).unwrap();
        assert_eq!((w.refresh_from, w.reuse_until), (T0.add_secs(80), T0.add_secs(90)));
        assert_eq!(p.window_for(at(0), 30), None);
    }

    fn base() -> GrantBuilder {
        GrantBuilder::new(&Environment::Test, "my_client_id").scope("skatteetaten:kravogbetalinger").kid("k1")
    }

    #[test]
    fn cache_key_shape_and_stability() {
        let k = base().cache_key();
        assert!(k.as_str().starts_with("mp-token-v1-"));
        assert_eq!(k.as_str().len(), 12 + 64);
        assert!(k.as_str()[12..].bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(k, base().cache_key());
        // Inputs that do not change the token do not change the key.
        assert_eq!(k, base().kid("other").cache_key());
        assert_eq!(k, base().lifetime_secs(120).cache_key());
        assert_eq!(k, base().scope("skatteetaten:kravogbetalinger").cache_key());
    }

    #[test]
    fn cache_key_is_order_insensitive_for_scopes_and_resources() {
        let a = base().scope("a:x b:y").resource("https://r1").resource("https://r2").cache_key();
        let b = GrantBuilder::new(&Environment::Test, "my_client_id")
            .scope("b:y")
            .scope("a:x skatteetaten:kravogbetalinger")
            .kid("k1")
            .resource("https://r2")
            .resource("https://r1")
            .cache_key();
        assert_eq!(a, b);
    }

    #[test]
    fn cache_key_changes_with_every_token_input() {
        let org = |s| Organisasjonsnummer::parse(s).unwrap();
        let consent = |id: &str, from: &str| AuthorizationDetail::AltinnConsent {
            id: ConsentRequestId::parse(id).unwrap(),
            from: PartIdentifikator::parse(from).unwrap(),
        };
        let id1 = "77ed8698-e619-4066-9eb4-5c1eb3f165a1";
        let id2 = "0a7d59f8-8c62-4312-9fb4-62456664c96f";
        let variants = [
            base(),
            GrantBuilder::new(&Environment::Prod, "my_client_id").scope("skatteetaten:kravogbetalinger"),
            GrantBuilder::new(&Environment::custom("http://sim/", "http://sim/token"), "my_client_id")
                .scope("skatteetaten:kravogbetalinger"),
            GrantBuilder::new(&Environment::Test, "other_client").scope("skatteetaten:kravogbetalinger"),
            base().scope("altinn:consentrequests.read"),
            base().consumer_org(org("313367002")),
            base().consumer_org(org("311851381")),
            base().iss_onbehalfof("obo-1"),
            base().iss_onbehalfof("obo-2"),
            base().resource("https://api.test/"),
            base().authorization_details(consent(id1, "313506673")),
            base().authorization_details(consent(id2, "313506673")),
            base().authorization_details(consent(id1, "21818297804")),
            base().authorization_details(AuthorizationDetail::SystemUser { org: org("313506673") }),
            base().authorization_details(AuthorizationDetail::SystemUser { org: org("313367002") }),
        ];
        let keys: Vec<_> = variants.iter().map(GrantBuilder::cache_key).collect();
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "variants {i} and {j} share a key");
            }
        }
        assert!(!format!("{:?}", keys[12]).contains("21818297804"));
    }
}
