//! The Maskinporten token cache, in three layers: this isolate's memory, the in-flight fetches of this isolate
//! (concurrent requests for one key share a single fetch; joiners are woken through [`crate::signal`] so that each
//! resumes in its own request context), and the Cache API (shared by the isolates of a data centre). Keys are the core's [`TokenCacheKey`], a SHA-256 that holds no personal data; reuse windows follow
//! the core's [`CachePolicy`](kravkit::maskinporten::CachePolicy).

use std::{cell::RefCell, collections::HashMap, future::Future, rc::Rc};

use kravkit::{maskinporten::TokenCacheKey, secret::AccessToken, UnixTime};
use serde::{Deserialize, Serialize};
use worker::{Cache, Response};

use crate::{
    log::RequestLog,
    signal::{signal, wait_at_most, Notify},
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
}

impl CachedToken {
    fn usable(&self, now: UnixTime) -> bool {
        self.received_at <= now && now < self.reuse_until
    }
}

/// One fetch under way: who waits for it, and its result once known.
struct Flight<E> {
    waiters: Vec<Notify>,
    result: Option<Result<CachedToken, E>>,
}

/// The per-isolate layers for one error type.
pub struct TokenCache<E: Clone> {
    memory: RefCell<HashMap<String, CachedToken>>,
    in_flight: RefCell<HashMap<String, Rc<RefCell<Flight<E>>>>>,
}

impl<E: Clone> Default for TokenCache<E> {
    fn default() -> Self {
        Self { memory: RefCell::new(HashMap::new()), in_flight: RefCell::new(HashMap::new()) }
    }
}

/// Ends a flight: records the result (none if the fetching request went away), wakes every waiter.
struct Landing<'a, E: Clone> {
    cache: &'a TokenCache<E>,
    key: String,
    flight: Rc<RefCell<Flight<E>>>,
}

impl<E: Clone> Landing<'_, E> {
    fn land(&self, result: Option<Result<CachedToken, E>>) {
        {
            let mut map = self.cache.in_flight.borrow_mut();
            if map.get(&self.key).is_some_and(|f| Rc::ptr_eq(f, &self.flight)) {
                map.remove(&self.key);
            }
        }
        if let Some(Ok(t)) = &result {
            self.cache.memory.borrow_mut().insert(self.key.clone(), t.clone());
        }
        let waiters = {
            let mut f = self.flight.borrow_mut();
            if f.result.is_none() {
                f.result = result;
            }
            std::mem::take(&mut f.waiters)
        };
        for w in waiters {
            w.notify();
        }
    }
}

impl<E: Clone> Drop for Landing<'_, E> {
    fn drop(&mut self) {
        // Normally landed already; if the fetching request was cancelled, let the waiters fetch themselves.
        self.land(None);
    }
}

impl<E: Clone> TokenCache<E> {
    /// A token from memory, or by joining or starting the one fetch for `key` in this isolate: `fetch` runs at
    /// most once per key at a time, whoever asks. Joiners wait up to `max_wait_ms`, then fetch themselves.
    pub async fn get_or_fetch<F>(
        &self,
        key: &TokenCacheKey,
        now: UnixTime,
        log: &RequestLog,
        max_wait_ms: u64,
        fetch: F,
    ) -> Result<CachedToken, E>
    where
        F: Future<Output = Result<CachedToken, E>>,
    {
        let k = key.as_str().to_owned();
        if let Some(t) = self.memory.borrow().get(&k).filter(|t| t.usable(now)) {
            log.cache("token", "hit");
            return Ok(t.clone());
        }
        let joined = self.in_flight.borrow().get(&k).cloned();
        if let Some(flight) = joined {
            log.cache("token", "shared");
            let (notify, wait) = signal();
            flight.borrow_mut().waiters.push(notify);
            wait_at_most(wait, max_wait_ms).await;
            if let Some(result) = flight.borrow().result.clone() {
                return result;
            }
            log.cache("token", "shared_gave_up");
        }
        let flight = Rc::new(RefCell::new(Flight { waiters: Vec::new(), result: None }));
        self.in_flight.borrow_mut().insert(k.clone(), flight.clone());
        let landing = Landing { cache: self, key: k, flight };
        let result = fetch.await;
        landing.land(Some(result.clone()));
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
}

/// The named cache the tokens live in (apart from the zone's default cache).
const CACHE_NAME: &str = "kravkit-tokens";

/// The Cache API key for a token: a synthetic `https` URL on the Worker's own host (the Cache API is per zone), on
/// a path no route serves, named by the core's [`TokenCacheKey`] (a hash: no party id in it).
pub fn cache_api_url(public_base: &str, key: &TokenCacheKey) -> String {
    let host = url::Url::parse(public_base).ok().and_then(|u| {
        u.host_str().map(|h| match u.port() {
            Some(p) => format!("{h}:{p}"),
            None => h.to_owned(),
        })
    });
    format!("https://{}/__kravkit/token-cache/{}", host.as_deref().unwrap_or("kravkit.invalid"), key.as_str())
}

/// A usable token from the Cache API, if there is one. Errors count as a miss.
pub async fn cache_api_get(url: &str, now: UnixTime) -> Option<CachedToken> {
    let mut response = Cache::open(CACHE_NAME.to_owned()).await.get(url, true).await.ok()??;
    let stored: Stored = response.json().await.ok()?;
    let t = CachedToken {
        token: AccessToken::new(stored.access_token),
        reuse_until: UnixTime::from_secs(stored.reuse_until),
        received_at: UnixTime::from_secs(stored.received_at),
    };
    t.usable(now).then_some(t)
}

/// Stores a token in the Cache API for its remaining reuse window. `false` if that failed (memory still has it).
pub async fn cache_api_put(url: &str, token: &CachedToken, now: UnixTime) -> bool {
    let remaining = token.reuse_until.secs() - now.secs();
    if remaining <= 0 {
        return false;
    }
    let stored = Stored {
        access_token: token.token.secret().to_owned(),
        reuse_until: token.reuse_until.secs(),
        received_at: token.received_at.secs(),
    };
    let Ok(mut response) = Response::from_json(&stored) else { return false };
    let _ = response.headers_mut().set("cache-control", &format!("max-age={remaining}"));
    Cache::open(CACHE_NAME.to_owned()).await.put(url, response).await.is_ok()
}

/// Removes a token from the Cache API.
pub async fn cache_api_delete(url: &str) {
    let _ = Cache::open(CACHE_NAME.to_owned()).await.delete(url, true).await;
}

#[cfg(test)]
mod tests {
    use kravkit::maskinporten::{Environment, GrantBuilder};

    use super::*;

    #[test]
    fn cache_api_keys_are_https_urls_on_our_host_without_personal_data() {
        let key = GrantBuilder::new(&Environment::Test, "c").scope("s").cache_key();
        let url = cache_api_url("http://127.0.0.1:8787", &key);
        assert_eq!(url, format!("https://127.0.0.1:8787/__kravkit/token-cache/{}", key.as_str()));
        let url = cache_api_url("https://kravkit.bank.example", &key);
        assert!(url.starts_with("https://kravkit.bank.example/__kravkit/token-cache/mp-token-v1-"), "{url}");
    }
}
