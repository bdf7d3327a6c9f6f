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

/// When a cached token stops being served.
///
/// The default reuses a token until 90 % of its lifetime has passed, but always stops at least 10 s before it
/// expires: a 120 s token (Skatteetaten's usual) is served for 108 s, a 599 s token for 539 s, and a 60 s token
/// for 50 s. Why:
/// - the lifetime runs from when Maskinporten issued the token, a network round trip before we received it;
/// - the API that receives the token checks `exp` on its own clock, which may be a few seconds ahead, and the
///   request carrying the token takes time too; 10 s covers both with room to spare;
/// - a margin proportional to the lifetime keeps long-lived tokens (some scopes give 3600 s) from being used
///   right up to the edge, at the cost of one extra token request per lifetime.
///
/// A token whose lifetime is not longer than the minimum margin is never cached, so no token with under 10 s left
/// is ever served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CachePolicy {
    /// Percentage of the lifetime after which the token is no longer served (1..=100).
    pub reuse_percent: u8,
    /// Seconds before expiry at which serving stops, whatever the percentage says.
    pub min_margin_secs: u64,
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self { reuse_percent: 90, min_margin_secs: 10 }
    }
}

impl CachePolicy {
    /// The reuse window for a token with `expires_in` seconds of lifetime received at local time `received_at`,
    /// or `None` if it is too short-lived to cache.
    pub fn window_for(&self, received_at: UnixTime, expires_in: u64) -> Option<ReuseWindow> {
        let lifetime = i64::try_from(expires_in).ok()?;
        let by_percent = lifetime.saturating_mul(i64::from(self.reuse_percent.min(100))) / 100;
        let by_margin = lifetime.saturating_sub(i64::try_from(self.min_margin_secs).ok()?);
        let reuse = by_percent.min(by_margin);
        (reuse > 0).then(|| ReuseWindow {
            received_at,
            reuse_until: received_at.add_secs(reuse),
            expires_at: received_at.add_secs(lifetime),
        })
    }

    /// The reuse window for a parsed token response received at local time `received_at`.
    pub fn window(&self, token: &TokenResponse, received_at: UnixTime) -> Option<ReuseWindow> {
        self.window_for(received_at, token.expires_in)
    }
}

/// The span in which a cached token may be served: from when it was received until `reuse_until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReuseWindow {
    /// When the token was received (local clock).
    pub received_at: UnixTime,
    /// The last moment (exclusive) the token may be served.
    pub reuse_until: UnixTime,
    /// When the token expires, as best we know (received time plus `expires_in`; the real expiry is a little
    /// earlier).
    pub expires_at: UnixTime,
}

impl ReuseWindow {
    /// Whether the token may be served at `now`. A `now` before `received_at` means the clock went backwards;
    /// the token is then not served (fetching a fresh one is always safe).
    pub fn is_reusable(&self, now: UnixTime) -> bool {
        self.received_at <= now && now < self.reuse_until
    }

    /// From when a fresh token should be fetched while this one is still served, so that callers never wait
    /// for a token while one is in use: the last tenth of the reuse window, at least 1 s and at most 5 s before
    /// its end (a token request takes a round trip; the old token stays valid meanwhile). Never before
    /// `received_at`.
    pub fn refresh_from(&self) -> UnixTime {
        let span = self.reuse_until.secs() - self.received_at.secs();
        let lead = (span / 10).clamp(1, 5).min(span);
        UnixTime::from_secs(self.reuse_until.secs() - lead)
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

    #[test]
    fn default_policy_windows() {
        let p = CachePolicy::default();
        let w = p.window_for(T0, 120).unwrap();
        assert_eq!(w.reuse_until, T0.add_secs(108));
        assert_eq!(w.expires_at, T0.add_secs(120));
        assert_eq!(p.window_for(T0, 599).unwrap().reuse_until, T0.add_secs(539));
        assert_eq!(p.window_for(T0, 3600).unwrap().reuse_until, T0.add_secs(3240));
        // Short lifetimes: the 10 s margin wins over 90 %.
        assert_eq!(p.window_for(T0, 60).unwrap().reuse_until, T0.add_secs(50));
        assert_eq!(p.window_for(T0, 30).unwrap().reuse_until, T0.add_secs(20));
        assert_eq!(p.window_for(T0, 11).unwrap().reuse_until, T0.add_secs(1));
        // A token living no longer than the margin is never cached.
        assert_eq!(p.window_for(T0, 10), None);
        assert_eq!(p.window_for(T0, 0), None);
        assert_eq!(p.window_for(T0, u64::MAX), None);
    }

    #[test]
    fn refresh_starts_in_the_last_tenth_of_the_window_between_1_and_5_s_before_its_end() {
        let at = UnixTime::from_secs(1_000);
        let refresh = |lifetime| {
            let w = CachePolicy::default().window_for(at, lifetime).expect("cached");
            (w.refresh_from().secs() - at.secs(), w.reuse_until.secs() - at.secs())
        };
        assert_eq!(refresh(120), (103, 108), "a 120 s token: served 108 s, refreshed from 103 s");
        assert_eq!(refresh(30), (18, 20));
        assert_eq!(refresh(14), (3, 4), "a 4 s window: refreshed in its last second");
        assert_eq!(refresh(11), (0, 1), "a 1 s window: refreshed at once, still served meanwhile");
        assert_eq!(refresh(3600), (3235, 3240));
    }

    #[test]
    fn reuse_edges() {
        let w = CachePolicy::default().window_for(T0, 120).unwrap();
        assert!(w.is_reusable(T0));
        assert!(w.is_reusable(T0.add_secs(107)));
        assert!(!w.is_reusable(T0.add_secs(108)), "reuse_until is exclusive");
        assert!(!w.is_reusable(T0.add_secs(-1)), "clock went backwards: fetch a fresh token");
        assert_eq!(w.remaining_secs(T0), 108);
        assert_eq!(w.remaining_secs(T0.add_secs(100)), 8);
        assert_eq!(w.remaining_secs(T0.add_secs(108)), 0);
        assert_eq!(w.remaining_secs(T0.add_secs(-5)), 0);
        // Every served moment leaves at least the margin before expiry.
        for now in 0..200 {
            let now = T0.add_secs(now);
            if w.is_reusable(now) {
                assert!(w.expires_at.secs() - now.secs() > 10);
            }
        }
    }

    #[test]
    fn custom_policy() {
        let p = CachePolicy { reuse_percent: 50, min_margin_secs: 30 };
        assert_eq!(p.window_for(T0, 120).unwrap().reuse_until, T0.add_secs(60));
        assert_eq!(p.window_for(T0, 40).unwrap().reuse_until, T0.add_secs(10));
        let never = CachePolicy { reuse_percent: 0, min_margin_secs: 0 };
        assert_eq!(never.window_for(T0, 120), None);
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
