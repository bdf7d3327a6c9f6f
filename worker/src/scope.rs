//! A request's scope: what it holds of the isolate's shared state (upstream permits, a token fetch others may be
//! polling for), released when the client goes away.
//!
//! Under workerd a request whose client disconnects is cancelled where it stands: its pending I/O never completes
//! and its Rust future is never polled (or dropped) again, so guards in it never run their `Drop`. With the
//! `enable_request_signal` compatibility flag the incoming request's `signal` fires `abort` first; the scope's
//! handler then runs every release registered with [`Scope::on_abort`] synchronously. Holds also expire by
//! themselves ([`crate::lease`]), so a lost abort costs time, never a permanent leak.
//!
//! No request ever waits on another request's promise or waker: a request that needs what another one is fetching
//! polls shared memory on timers of its own (workerd cancels a request whose only pending work belongs to another
//! request as hung, and resumes a woken task in the waker's request context).

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

/// The abort handler installed on a request's signal, kept so it can be removed and freed.
#[cfg(target_arch = "wasm32")]
type Listener = (web_sys::AbortSignal, wasm_bindgen::closure::Closure<dyn FnMut()>);

/// A request's scope. Cheap to share within the request (`Rc`).
#[derive(Default)]
pub struct Scope {
    aborted: Cell<bool>,
    releases: RefCell<Vec<Box<dyn FnOnce()>>>,
    #[cfg(target_arch = "wasm32")]
    listener: RefCell<Option<Listener>>,
}

impl Scope {
    /// A new scope.
    pub fn new() -> Rc<Self> {
        Rc::new(Self::default())
    }

    /// Whether the client went away.
    pub fn is_aborted(&self) -> bool {
        self.aborted.get()
    }

    /// Runs `release` if the client goes away before the request ends (at once if it has already). Releases
    /// must be idempotent: the normal path usually releases the same thing again.
    pub fn on_abort(&self, release: impl FnOnce() + 'static) {
        if self.aborted.get() {
            release();
        } else {
            self.releases.borrow_mut().push(Box::new(release));
        }
    }

    /// The client went away: runs every registered release, once.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // called by the signal's handler
    pub fn abort(&self) {
        if self.aborted.replace(true) {
            return;
        }
        let releases = std::mem::take(&mut *self.releases.borrow_mut());
        for release in releases {
            release();
        }
    }

    /// Calls [`Scope::abort`] when `signal` (the incoming request's) aborts. Undone by [`Scope::finish`]. (Natively,
    /// in unit tests, there is no runtime to signal anything.)
    #[cfg(not(target_arch = "wasm32"))]
    pub fn watch(self: &Rc<Self>, _signal: web_sys::AbortSignal) {}

    /// Calls [`Scope::abort`] when `signal` (the incoming request's) aborts. Undone by [`Scope::finish`].
    #[cfg(target_arch = "wasm32")]
    pub fn watch(self: &Rc<Self>, signal: web_sys::AbortSignal) {
        use wasm_bindgen::JsCast;
        let weak = Rc::downgrade(self);
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if let Some(scope) = weak.upgrade() {
                scope.abort();
            }
        });
        signal.set_onabort(Some(closure.as_ref().unchecked_ref()));
        if signal.aborted() {
            self.abort();
        }
        *self.listener.borrow_mut() = Some((signal, closure));
    }

    /// The request is over: the abort handler is removed (and freed), registered releases are forgotten.
    pub fn finish(&self) {
        #[cfg(target_arch = "wasm32")]
        if let Some((signal, closure)) = self.listener.borrow_mut().take() {
            signal.set_onabort(None);
            drop(closure);
        }
        self.releases.borrow_mut().clear();
    }
}

/// Sleeps on this request's own timer: how a request waits for something another request is doing.
pub async fn pause(ms: u64) {
    worker::Delay::from(std::time::Duration::from_millis(ms)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abort_runs_each_release_once() {
        let s = Scope::new();
        let count = Rc::new(Cell::new(0));
        for _ in 0..3 {
            let c = count.clone();
            s.on_abort(move || c.set(c.get() + 1));
        }
        s.abort();
        s.abort();
        assert_eq!(count.get(), 3);
        assert!(s.is_aborted());
        let c = count.clone();
        s.on_abort(move || c.set(c.get() + 10));
        assert_eq!(count.get(), 13, "registered after the abort: runs at once");
    }

    #[test]
    fn a_finished_request_releases_nothing_on_a_late_abort() {
        let s = Scope::new();
        let count = Rc::new(Cell::new(0));
        let c = count.clone();
        s.on_abort(move || c.set(c.get() + 1));
        s.finish();
        s.abort();
        assert_eq!(count.get(), 0);
    }
}
