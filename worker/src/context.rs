//! What every handler gets: the bindings, the configuration, the request's origin and its log.

use kravkit::api::problem::ProblemCode;
use std::{
    cell::{Cell, RefCell},
    future::Future,
    pin::Pin,
    rc::Rc,
};

use kravkit::UnixTime;
use worker::{D1Database, Env};

use crate::{config::Config, log::RequestLog, problem::Problem, scope::Scope};

/// The request's context.
pub struct Ctx {
    /// The Worker's bindings.
    pub env: Env,
    /// The configuration, read for this request.
    pub config: Config,
    /// The origin the request came in on (`https://host`), the default base of the consent callback.
    pub request_origin: String,
    /// The request's log line (shared with in-flight work it starts, such as a token fetch others join).
    pub log: Rc<RequestLog>,
    /// What the request holds of the isolate's shared state, released if the client goes away.
    pub scope: Rc<Scope>,
    started_ms: f64,
    background: RefCell<Option<Background>>,
    answered: Cell<bool>,
}

/// Work a request goes on with after its answer has gone.
pub type Background = Pin<Box<dyn Future<Output = ()>>>;

/// Milliseconds since the epoch (`Date.now()`; advances across I/O in production, always in `wrangler dev`).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The current time in seconds.
pub fn now() -> UnixTime {
    UnixTime::from_millis(now_ms() as i64)
}

impl Ctx {
    /// A context for a request that arrived now.
    pub fn new(env: Env, request_origin: String, method: &str, scope: Rc<Scope>) -> Self {
        let config = Config::load(&env);
        Self {
            env,
            config,
            request_origin,
            log: Rc::new(RequestLog::new(method)),
            scope,
            started_ms: now_ms(),
            background: RefCell::new(None),
            answered: Cell::new(false),
        }
    }

    /// Goes on with `work` after the answer has gone, as part of this request (the runtime's `waitUntil`); what it
    /// calls and decides still goes into this request's log line, written when it ends. One piece of work per
    /// request: a second replaces the first.
    pub fn after_answer(&self, work: impl Future<Output = ()> + 'static) {
        *self.background.borrow_mut() = Some(Box::pin(work));
    }

    /// The work set by [`Ctx::after_answer`], for the router to hand to the runtime; the request has answered from
    /// here on.
    pub fn take_background(&self) -> Option<Background> {
        self.answered.set(true);
        self.background.borrow_mut().take()
    }

    /// Whether the request has answered (what runs now is its background work).
    pub fn answered(&self) -> bool {
        self.answered.get()
    }

    /// Milliseconds since the request arrived.
    pub fn elapsed_ms(&self) -> u32 {
        (now_ms() - self.started_ms).max(0.0) as u32
    }

    /// What an outbound call needs: where to log, and the timeout.
    pub fn outbound(&self) -> Outbound {
        Outbound {
            log: self.log.clone(),
            timeout_ms: self.config.timeout_ms,
            max_body_bytes: self.config.max_upstream_body,
            scope: self.scope.clone(),
        }
    }

    /// The D1 database (binding `DB`).
    pub fn db(&self) -> Result<D1Database, Problem> {
        self.env.d1("DB").map_err(|_| {
            Problem::new(
                ProblemCode::ConfigMissing,
                "DB: the D1 binding is missing; add [[d1_databases]] binding = \"DB\"",
            )
        })
    }

    /// The Worker's public origin: `PUBLIC_URL` if set, else the request's origin.
    pub fn public_base(&self) -> Result<String, Problem> {
        match crate::config::need(&self.config.public_url)? {
            Some(url) => Ok(url.as_str().trim_end_matches('/').to_owned()),
            None => Ok(self.request_origin.clone()),
        }
    }
}

/// What an outbound call needs, owned (a token fetch holds it while others poll for its result).
#[derive(Clone)]
pub struct Outbound {
    /// The log of the request that made the call.
    pub log: Rc<RequestLog>,
    /// The timeout of each call.
    pub timeout_ms: u32,
    /// The scope of the request that made the call (its permits are released if its client goes away).
    pub scope: Rc<Scope>,
    /// The largest answer body read (`UPSTREAM_MAX_BODY_BYTES`).
    pub max_body_bytes: usize,
}
