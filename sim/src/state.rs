//! Shared state: keys, test data, the clock, and everything `/config` can change.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{
        atomic::{AtomicI64, Ordering},
        Mutex, MutexGuard, PoisonError,
    },
};

use chrono::{DateTime, Duration, Utc};

use crate::{
    altinn2::model::Consent2,
    altinn3::model::{Consent3, FeedEvent},
    config::{Client, FileConfig, DEFAULT_TOKEN_LIFETIME_SECS},
    faults::Fault,
    keys::SimKeys,
    skatteetaten::data::Dataset,
    stats::Stats,
};

/// The simulator. One per server; handlers get it as `State<Arc<State>>`.
pub struct State {
    /// The base URL it advertises (issuer, `viewUri`, links), without a trailing slash.
    pub public_url: String,
    /// Its own signing keys.
    pub keys: SimKeys,
    /// Skatteetaten test data (fixed at start).
    pub data: Dataset,
    /// No request log on stderr.
    pub quiet: bool,
    startup: FileConfig,
    clock_offset: AtomicI64,
    /// Per-service offsets that override `clock_offset` (`clockOffsets` in `/config`). Its own lock, never held
    /// together with `inner`, so the clock can be read while `inner` is locked.
    clock_offsets: Mutex<BTreeMap<String, i64>>,
    inner: Mutex<Inner>,
    /// Every token issued, when the config says `recordTokens` (kept across resets).
    issued: Option<Mutex<IssuedTokens>>,
}

/// The tokens the simulator handed out (`recordTokens`), oldest first.
#[derive(Debug, Default, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedTokens {
    /// Maskinporten access tokens (with and without an Altinn 3 consent).
    pub access_tokens: Vec<String>,
    /// Altinn 2 consent tokens.
    pub altinn2_consent_tokens: Vec<String>,
}

/// The services that can have their own clock offset.
pub const SERVICES: &[&str] = &["maskinporten", "altinn3", "altinn2", "skatteetaten"];

/// The mutable part.
#[derive(Default, Clone)]
pub struct Inner {
    /// Maskinporten clients by id.
    pub clients: BTreeMap<String, Client>,
    /// Altinn 2 API key → owner org.
    pub api_keys: BTreeMap<String, String>,
    /// Lifetime of issued access tokens.
    pub token_lifetime_secs: i64,
    /// Refuse grants without `jti` (`requireJti`).
    pub require_jti: bool,
    /// `aud: "unspecified"` on tokens without `resource` (`unspecifiedAud`).
    pub unspecified_aud: bool,
    /// Injected faults, first match wins.
    pub faults: Vec<Fault>,
    /// Next fault id.
    pub next_fault_id: u64,
    /// Altinn 3 consent requests by id.
    pub consents3: BTreeMap<String, Consent3>,
    /// Altinn 3 status changes, oldest first.
    pub feed: Vec<FeedEvent>,
    /// Altinn 2 consent requests by authorization code.
    pub consents2: BTreeMap<String, Consent2>,
    /// The bank's session key set served at `/session/jwks.json` (`sessionJwks`).
    pub session_jwks: Option<serde_json::Value>,
    /// Used grant ids per client → the grant's `exp` (kept until then).
    pub jtis: HashMap<(String, String), i64>,
    /// Counters.
    pub stats: Stats,
}

/// Real time, without any offset.
pub fn real_now() -> DateTime<Utc> {
    DateTime::<Utc>::from(std::time::SystemTime::now())
}

impl State {
    /// Builds the state from a checked config.
    pub fn new(
        public_url: &str,
        config: FileConfig,
        data: Dataset,
        keys: SimKeys,
        quiet: bool,
    ) -> Result<Self, String> {
        config.check()?;
        let record_tokens = config.record_tokens.unwrap_or(false);
        let state = Self {
            public_url: public_url.trim_end_matches('/').to_owned(),
            keys,
            data,
            quiet,
            startup: config,
            clock_offset: AtomicI64::new(0),
            clock_offsets: Mutex::new(BTreeMap::new()),
            inner: Mutex::new(Inner::default()),
            issued: record_tokens.then(Mutex::default),
        };
        state.reset();
        Ok(state)
    }

    /// The mutable state (a poisoned lock is still usable: every update leaves it consistent).
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Back to the startup config: runtime clients, faults, consents, used grants, counters and the clock offsets go.
    pub fn reset(&self) {
        *self.lock() = self.fresh();
        self.set_clock_offsets(0, BTreeMap::new());
    }

    /// The mutable state as at start.
    pub fn fresh(&self) -> Inner {
        let mut inner = Inner::default();
        for c in &self.startup.clients {
            if let Ok(client) = c.compile() {
                inner.clients.insert(c.client_id.clone(), client);
            }
        }
        for k in &self.startup.altinn2_api_keys {
            inner.api_keys.insert(k.key.clone(), k.org.clone());
        }
        inner.token_lifetime_secs = self.startup.token_lifetime_secs.unwrap_or(DEFAULT_TOKEN_LIFETIME_SECS);
        inner.require_jti = self.startup.require_jti.unwrap_or(true);
        inner.unspecified_aud = true;
        inner
    }

    /// Records an issued token, if the config says `recordTokens`.
    pub fn record_token(&self, record: impl FnOnce(&mut IssuedTokens)) {
        if let Some(issued) = &self.issued {
            record(&mut issued.lock().unwrap_or_else(PoisonError::into_inner));
        }
    }

    /// The tokens issued so far, or `None` when the config does not say `recordTokens`.
    pub fn issued_tokens(&self) -> Option<IssuedTokens> {
        self.issued.as_ref().map(|i| i.lock().unwrap_or_else(PoisonError::into_inner).clone())
    }

    /// The simulator's clock for the control routes: real time plus the global offset.
    pub fn now(&self) -> DateTime<Utc> {
        real_now() + Duration::seconds(self.clock_offset())
    }

    /// [`State::now`] in whole seconds since the epoch.
    pub fn now_secs(&self) -> i64 {
        self.now().timestamp()
    }

    /// The clock of one service (see [`SERVICES`]): real time plus its own offset, or the global one.
    pub fn now_for(&self, service: &str) -> DateTime<Utc> {
        real_now() + Duration::seconds(self.clock_offset_for(service))
    }

    /// The global clock offset in seconds.
    pub fn clock_offset(&self) -> i64 {
        self.clock_offset.load(Ordering::Relaxed)
    }

    /// The offset that applies to `service`.
    pub fn clock_offset_for(&self, service: &str) -> i64 {
        self.clock_offsets().get(service).copied().unwrap_or_else(|| self.clock_offset())
    }

    /// The per-service offsets.
    pub fn clock_offsets(&self) -> BTreeMap<String, i64> {
        self.clock_offsets.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Sets the global offset and replaces the per-service ones.
    pub fn set_clock_offsets(&self, global: i64, per_service: BTreeMap<String, i64>) {
        let mut offsets = self.clock_offsets.lock().unwrap_or_else(PoisonError::into_inner);
        self.clock_offset.store(global, Ordering::Relaxed);
        *offsets = per_service;
    }

    /// `public_url` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// The Maskinporten issuer (and required grant `aud`): `{public}/maskinporten/`.
    pub fn issuer(&self) -> String {
        self.url("/maskinporten/")
    }
}
