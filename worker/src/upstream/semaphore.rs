//! At most N calls to one upstream API at a time from this isolate. A permit is a lease ([`crate::lease`]): it
//! ends when its call is over, when the client of the request holding it goes away ([`crate::scope`]), or at the
//! lease's deadline (the call's timeout plus a little), whichever comes first. A caller without a permit polls on
//! a timer of its own until one is free or its wait is over; it never waits on another request's wake-up.

use std::{cell::RefCell, rc::Rc};

use crate::{
    context::now_ms,
    lease::{backoff_ms, LeaseId, Leases},
    scope::{pause, Scope},
};

/// Longest pause between two looks for a free permit.
const POLL_CAP_MS: u64 = 10;

/// The semaphore. Cheap to clone (shared state).
#[derive(Clone)]
pub struct Semaphore(Rc<RefCell<Leases>>);

/// A held permit; dropping it frees it.
pub struct Permit {
    leases: Rc<RefCell<Leases>>,
    id: LeaseId,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.leases.borrow_mut().release(self.id);
    }
}

impl Semaphore {
    /// A semaphore with `permits` permits.
    pub fn new(permits: usize) -> Self {
        Self(Rc::new(RefCell::new(Leases::new(permits))))
    }

    /// A permit held at most `hold_ms`, waiting for one at most `max_wait_ms`; `None` if none came in time.
    pub async fn acquire(&self, scope: &Scope, hold_ms: u64, max_wait_ms: u64) -> Option<Permit> {
        let started = now_ms();
        let mut attempt = 0;
        loop {
            let now = now_ms();
            let taken = self.0.borrow_mut().try_take(now, now + hold_ms as f64);
            if let Some(id) = taken {
                let leases = Rc::downgrade(&self.0);
                scope.on_abort(move || {
                    if let Some(l) = leases.upgrade() {
                        l.borrow_mut().release(id);
                    }
                });
                return Some(Permit { leases: self.0.clone(), id });
            }
            let waited = (now - started).max(0.0) as u64;
            if waited >= max_wait_ms || scope.is_aborted() {
                return None;
            }
            pause(backoff_ms(attempt, POLL_CAP_MS).min(max_wait_ms - waited)).await;
            attempt += 1;
        }
    }
}
