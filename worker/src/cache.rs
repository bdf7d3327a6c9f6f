//! The Maskinporten token cache, in three layers: this isolate's memory, the one fetch per key under way in this
//! isolate (others poll memory for its result on their own timers: see [`crate::scope`] for why no request waits
//! on another's promise), and the Cache API (shared by the isolates of a data centre). A token is refreshed by the
//! first request after its [`ReuseWindow::refresh_from`](kravkit::maskinporten::ReuseWindow::refresh_from), while
//! every other request goes on using it, so under steady load no request waits for a token at all. Keys are the
//! core's [`TokenCacheKey`], a SHA-256 that holds no personal data; reuse windows follow the core's
//! [`CachePolicy`](kravkit::maskinporten::CachePolicy).

use std::{cell::RefCell, collections::HashMap, future::Future, rc::Rc};

use kravkit::{maskinporten::TokenCacheKey, secret::AccessToken, UnixTime};
use serde::{Deserialize, Serialize};
use worker::{Cache, Response};

use crate::{
    cache_seal::{sealing, Sealing},
    config::StateKey,
    flight::{Flights, Join, Took},
    log::RequestLog,
};

/// A token and until when it may be served.
#[derive(Clone)]
pub struct CachedToken {
    /// The token.
    pub token: AccessToken,
    /// The last second (exclusive) it may be served.
    pub reuse_until: UnixTime,
    /// When it was received.
    pub received_at: UnixTime,
    /// From when a fresh one is fetched while this one is still served.
    pub refresh_from: UnixTime,
}

impl CachedToken {
    fn usable(&self, now: UnixTime) -> bool {
        self.received_at <= now && now < self.reuse_until
    }
}

/// The per-isolate layers for one error type.
pub struct TokenCache<E: Clone> {
    memory: Rc<RefCell<HashMap<String, CachedToken>>>,
    flights: Flights<Result<CachedToken, E>>,
}

impl<E: Clone> Default for TokenCache<E> {
    fn default() -> Self {
        Self { memory: Rc::default(), flights: Flights::default() }
    }
}

impl<E: Clone + 'static> TokenCache<E> {
    fn remembered(&self, key: &str, now: UnixTime) -> Option<CachedToken> {
        self.memory.borrow().get(key).filter(|t| t.usable(now)).cloned()
    }

    /// A token from memory, or from the one fetch for `key` in this isolate: `fetch` runs at most once per key at a
    /// time, whoever asks. While a token is served, the first request past its refresh point fetches the next one
    /// and the others keep using it; with no usable token, others poll for the fetch's result (at most
    /// `join.max_wait_ms`, or until the fetch is abandoned), then fetch themselves.
    pub async fn get_or_fetch<F, Fut>(
        &self,
        key: &TokenCacheKey,
        now: impl Fn() -> UnixTime,
        log: &RequestLog,
        join: Join<'_>,
        fetch: F,
    ) -> Result<CachedToken, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<CachedToken, E>>,
    {
        let k = key.as_str();
        let memory = self.memory.clone();
        let remembering = |fut: Fut| async move {
            let result = fut.await;
            if let Ok(t) = &result {
                memory.borrow_mut().insert(k.to_owned(), t.clone());
            }
            result
        };
        if let Some(t) = self.remembered(k, now()) {
            if now() < t.refresh_from || self.flights.in_flight(k) {
                log.cache("token", "hit");
                return Ok(t);
            }
            log.cache("token", "refresh");
            // The old token is still good: if the refresh fails, serve it (the next request tries again).
            return Ok(self.flights.fly(k, &join, || remembering(fetch())).await.unwrap_or(t));
        }
        let (result, took) =
            self.flights.run(k, &join, || self.remembered(k, now()).map(Ok), || remembering(fetch())).await;
        match took {
            Took::Fetched => {}
            Took::Shared => log.cache("token", "shared"),
            Took::GaveUp => log.cache("token", "shared_gave_up"),
            Took::Refetched => log.cache("token", "refetched"),
        }
        result
    }

    /// Forgets a token (e.g. when the API refused it: a revoked consent makes a cached consent token useless).
    pub fn evict(&self, key: &TokenCacheKey) {
        self.memory.borrow_mut().remove(key.as_str());
    }
}

/// A cache entry as stored in the Cache API.
#[derive(Serialize, Deserialize)]
struct Stored {
    access_token: String,
    reuse_until: i64,
    received_at: i64,
    refresh_from: i64,
}

/// The named cache the tokens live in (apart from the zone's default cache).
const CACHE_NAME: &str = "kravkit-tokens";

/// The Cache API URL for an entry name: a synthetic `https` URL on the Worker's own host (the Cache API is per
/// zone), on a path no route serves.
pub fn cache_api_url(public_base: &str, name: &str) -> String {
    let host = url::Url::parse(public_base).ok().and_then(|u| {
        u.host_str().map(|h| match u.port() {
            Some(p) => format!("{h}:{p}"),
            None => h.to_owned(),
        })
    });
    format!("https://{}/__kravkit/token-cache/{name}", host.as_deref().unwrap_or("kravkit.invalid"))
}

/// A token's entry in the Cache API: its URL (named by an HMAC of the [`TokenCacheKey`]) and the keys that seal it
/// ([`crate::cache_seal`]).
pub struct SharedEntry {
    url: String,
    name: String,
    sealing: Rc<Sealing>,
}

impl SharedEntry {
    /// The entry for `key`, or `None` without a usable `STATE_KEY` (tokens are then kept in memory only).
    pub async fn new(public_base: &str, key: &TokenCacheKey, state_key: Option<&StateKey>) -> Option<Self> {
        let sealing = sealing(state_key?).await.ok()?;
        let name = sealing.name(key).await.ok()?;
        Some(Self { url: cache_api_url(public_base, &name), name, sealing })
    }

    /// A token that is usable and not yet due for refresh, if the entry holds one that opens (a token due for
    /// refresh is what the caller is replacing). Errors, and entries that do not open, count as a miss.
    pub async fn get(&self, now: UnixTime) -> Option<CachedToken> {
        let mut response = Cache::open(CACHE_NAME.to_owned()).await.get(self.url.as_str(), true).await.ok()??;
        let sealed = response.text().await.ok()?;
        let plain = self.sealing.open(&self.name, &sealed).await?;
        let stored: Stored = serde_json::from_slice(&plain).ok()?;
        let t = CachedToken {
            token: AccessToken::new(stored.access_token),
            reuse_until: UnixTime::from_secs(stored.reuse_until),
            received_at: UnixTime::from_secs(stored.received_at),
            refresh_from: UnixTime::from_secs(stored.refresh_from),
        };
        (t.usable(now) && now < t.refresh_from).then_some(t)
    }

    /// Stores a token, sealed, for its remaining reuse window. `false` if that failed (memory still has it).
    pub async fn put(&self, token: &CachedToken, now: UnixTime) -> bool {
        let remaining = token.reuse_until.secs() - now.secs();
        if remaining <= 0 {
            return false;
        }
        let stored = Stored {
            access_token: token.token.secret().to_owned(),
            reuse_until: token.reuse_until.secs(),
            received_at: token.received_at.secs(),
            refresh_from: token.refresh_from.secs(),
        };
        let Ok(plain) = serde_json::to_vec(&stored) else { return false };
        let Ok(sealed) = self.sealing.seal(&self.name, &plain).await else { return false };
        let Ok(mut response) = Response::ok(sealed) else { return false };
        let _ = response.headers_mut().set("cache-control", &format!("max-age={remaining}"));
        let _ = response.headers_mut().set("content-type", "application/octet-stream");
        Cache::open(CACHE_NAME.to_owned()).await.put(self.url.as_str(), response).await.is_ok()
    }

    /// Removes the entry.
    pub async fn delete(&self) {
        let _ = Cache::open(CACHE_NAME.to_owned()).await.delete(self.url.as_str(), true).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_api_urls_are_https_urls_on_our_host() {
        let name = "ab".repeat(32);
        let url = cache_api_url("http://127.0.0.1:8787", &name);
        assert_eq!(url, format!("https://127.0.0.1:8787/__kravkit/token-cache/{name}"));
        let url = cache_api_url("https://kravkit.bank.example", &name);
        assert_eq!(url, format!("https://kravkit.bank.example/__kravkit/token-cache/{name}"));
        assert!(cache_api_url("not a url", &name).starts_with("https://kravkit.invalid/"));
    }
}
