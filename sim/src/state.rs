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
    inner: Mutex<Inner>,
}

/// The mutable part.
#[derive(Default, Clone)]
pub struct Inner {
    /// Maskinporten clients by id.
    pub clients: BTreeMap<String, Client>,
    /// Altinn 2 API key → owner org.
    pub api_keys: BTreeMap<String, String>,
    /// Lifetime of issued access tokens.
    pub token_lifetime_secs: i64,
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
    /// Used grant ids per client → the grant's `exp` (kept until then).
    pub jtis: HashMap<(String, String), i64>,
    /// Counters.
    pub stats: Stats,
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
        let state = Self {
            public_url: public_url.trim_end_matches('/').to_owned(),
            keys,
            data,
            quiet,
            startup: config,
            clock_offset: AtomicI64::new(0),
            inner: Mutex::new(Inner::default()),
        };
        state.reset();
        Ok(state)
    }

    /// The mutable state (a poisoned lock is still usable: every update leaves it consistent).
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Back to the startup config: runtime clients, faults, consents, used grants, counters and the clock offset go.
    pub fn reset(&self) {
        *self.lock() = self.fresh();
        self.clock_offset.store(0, Ordering::Relaxed);
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
        inner
    }

    /// The simulator's clock: real time plus the configured offset.
    pub fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(std::time::SystemTime::now()) + Duration::seconds(self.clock_offset())
    }

    /// [`State::now`] in whole seconds since the epoch.
    pub fn now_secs(&self) -> i64 {
        self.now().timestamp()
    }

    /// The clock offset in seconds.
    pub fn clock_offset(&self) -> i64 {
        self.clock_offset.load(Ordering::Relaxed)
    }

    /// Sets the clock offset.
    pub fn set_clock_offset(&self, secs: i64) {
        self.clock_offset.store(secs, Ordering::Relaxed);
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
