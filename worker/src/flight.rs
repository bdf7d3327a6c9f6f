//! Single flight per key within an isolate, without cross-request waiting: the first request that needs a value
//! fetches it as its own work and records the outcome in shared memory; requests that need the same value meanwhile
//! poll that memory on timers of their own (never a promise or waker of the fetching request: see
//! [`crate::scope`]). A flight whose request goes away (its client disconnects, or its future is dropped) or
//! overruns its bound counts as abandoned, and the next request in line fetches itself. A flight run after its
//! request's answer (a warm-up) shares only a success: a request that polled for it and sees it fail fetches itself,
//! so that a warm-up never answers a request worse than that request's own fetch would have.

use std::{
    cell::{Cell, RefCell},
    collections::HashMap,
    future::Future,
    rc::Rc,
};

use crate::{
    context::now_ms,
    lease::backoff_ms,
    scope::{pause, Scope},
};

/// Longest pause between two looks at another request's flight.
const POLL_CAP_MS: u64 = 10;

/// One fetch under way: until when its request may take, and its outcome once known.
struct Flight<T> {
    until_ms: f64,
    background: bool,
    abandoned: Cell<bool>,
    outcome: RefCell<Option<T>>,
}

impl<T> Flight<T> {
    fn live(&self, now_ms: f64) -> bool {
        !self.abandoned.get() && self.outcome.borrow().is_none() && now_ms < self.until_ms
    }
}

type Map<T> = RefCell<HashMap<String, Rc<Flight<T>>>>;

/// An outcome that may be a failure (a background flight's failure is not shared).
pub trait Outcome {
    /// Whether this outcome is a failure.
    fn failed(&self) -> bool;
}

impl<V, E> Outcome for Result<V, E> {
    fn failed(&self) -> bool {
        self.is_err()
    }
}

/// The flights of one kind of value (`T` is the whole outcome, e.g. a `Result`).
pub struct Flights<T>(Rc<Map<T>>);

impl<T> Default for Flights<T> {
    fn default() -> Self {
        Self(Rc::new(RefCell::new(HashMap::new())))
    }
}

/// How a request takes part in a flight.
pub struct Join<'a> {
    /// The request's scope (its own flight is abandoned if its client goes away).
    pub scope: &'a Scope,
    /// How long a flight may take before others count it as abandoned.
    pub hold_ms: u64,
    /// How long to poll another request's flight before fetching itself.
    pub max_wait_ms: u64,
    /// The request has answered and runs this as background work: its failure is not shared.
    pub background: bool,
}

/// What [`Flights::run`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Took {
    /// This request fetched.
    Fetched,
    /// Another request's fetch answered.
    Shared,
    /// Another request's fetch was polled for, then given up on (abandoned, or too slow), and this one fetched.
    GaveUp,
    /// Another request's background fetch failed, and this one fetched.
    Refetched,
}

fn unregister<T>(map: &Map<T>, key: &str, flight: &Rc<Flight<T>>) {
    let mut m = map.borrow_mut();
    if m.get(key).is_some_and(|f| Rc::ptr_eq(f, flight)) {
        m.remove(key);
    }
}

/// Marks a flight abandoned if its request stops before it lands (the future dropped).
struct Landing<'a, T> {
    map: &'a Map<T>,
    key: &'a str,
    flight: Rc<Flight<T>>,
}

impl<T> Drop for Landing<'_, T> {
    fn drop(&mut self) {
        if self.flight.outcome.borrow().is_none() {
            self.flight.abandoned.set(true);
        }
        unregister(self.map, self.key, &self.flight);
    }
}

impl<T: Clone + Outcome + 'static> Flights<T> {
    /// Whether a flight for `key` is under way.
    pub fn in_flight(&self, key: &str) -> bool {
        self.0.borrow().get(key).is_some_and(|f| f.live(now_ms()))
    }

    /// The outcome of the flight for `key`: another request's if one is under way (polled for at most
    /// `join.max_wait_ms`), else this request's own `fetch`. `ready` is asked after each look at another request's
    /// flight and may answer first (e.g. a cache the flight fills).
    pub async fn run<F, Fut>(&self, key: &str, join: &Join<'_>, ready: impl Fn() -> Option<T>, fetch: F) -> (T, Took)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        let started = now_ms();
        let mut attempt = 0;
        let mut took = Took::Fetched;
        loop {
            let flight = self.0.borrow().get(key).filter(|f| f.live(now_ms())).cloned();
            let Some(flight) = flight else { break };
            took = Took::GaveUp;
            if now_ms() - started >= join.max_wait_ms as f64 || join.scope.is_aborted() {
                break;
            }
            pause(backoff_ms(attempt, POLL_CAP_MS)).await;
            attempt += 1;
            if let Some(outcome) = flight.outcome.borrow().clone() {
                if flight.background && outcome.failed() {
                    took = Took::Refetched;
                    break;
                }
                return (outcome, Took::Shared);
            }
            if let Some(v) = ready() {
                return (v, Took::Shared);
            }
        }
        (self.fly(key, join, fetch).await, took)
    }

    /// Runs `fetch` as this request's own flight for `key`, visible to others while under way.
    pub async fn fly<F, Fut>(&self, key: &str, join: &Join<'_>, fetch: F) -> T
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        let flight = Rc::new(Flight {
            until_ms: now_ms() + join.hold_ms as f64,
            background: join.background,
            abandoned: Cell::new(false),
            outcome: RefCell::new(None),
        });
        self.0.borrow_mut().insert(key.to_owned(), flight.clone());
        let (map, owned_key, weak) = (Rc::downgrade(&self.0), key.to_owned(), Rc::downgrade(&flight));
        join.scope.on_abort(move || {
            if let (Some(map), Some(f)) = (map.upgrade(), weak.upgrade()) {
                f.abandoned.set(true);
                unregister(&map, &owned_key, &f);
            }
        });
        let landing = Landing { map: &self.0, key, flight: flight.clone() };
        let outcome = fetch().await;
        *flight.outcome.borrow_mut() = Some(outcome.clone());
        drop(landing);
        outcome
    }
}
