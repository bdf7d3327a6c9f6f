//! A small single-threaded async semaphore: at most N calls to one upstream API at a time from this isolate.
//! Waiters are served first come, first served; a waiter that gives up passes its turn on. A waiter is woken
//! through [`crate::signal`], so it resumes in its own request context.

use std::{
    cell::{Cell, RefCell},
    collections::VecDeque,
    rc::Rc,
};

use crate::signal::{signal, wait_at_most, Notify};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Turn {
    Waiting,
    Granted,
    Gone,
}

struct Entry {
    turn: Rc<Cell<Turn>>,
    notify: Notify,
}

struct State {
    available: usize,
    waiters: VecDeque<Entry>,
}

/// The semaphore. Cheap to clone (shared state).
#[derive(Clone)]
pub struct Semaphore(Rc<RefCell<State>>);

/// A held permit; dropping it lets the next waiter in.
pub struct Permit(Rc<RefCell<State>>);

impl Semaphore {
    /// A semaphore with `permits` permits.
    pub fn new(permits: usize) -> Self {
        Self(Rc::new(RefCell::new(State { available: permits, waiters: VecDeque::new() })))
    }

    /// Waits for a permit, at most `max_wait_ms`; `None` if none came in time.
    pub async fn acquire(&self, max_wait_ms: u64) -> Option<Permit> {
        let (turn, wait) = {
            let mut s = self.0.borrow_mut();
            if s.available > 0 && s.waiters.is_empty() {
                s.available -= 1;
                return Some(Permit(self.0.clone()));
            }
            let turn = Rc::new(Cell::new(Turn::Waiting));
            let (notify, wait) = signal();
            s.waiters.push_back(Entry { turn: turn.clone(), notify });
            (turn, wait)
        };
        let mut guard = Waiting { turn, state: self.0.clone(), taken: false };
        if !wait_at_most(wait, max_wait_ms).await && guard.turn.get() != Turn::Granted {
            return None; // the guard marks the turn as given up
        }
        guard.taken = true;
        Some(Permit(self.0.clone()))
    }

    /// Permits free right now (for tests).
    #[cfg(test)]
    pub fn available(&self) -> usize {
        self.0.borrow().available
    }
}

/// Hands a released permit to the next waiter still waiting, or back to the pool.
fn release(state: &Rc<RefCell<State>>) {
    let next = {
        let mut s = state.borrow_mut();
        loop {
            match s.waiters.pop_front() {
                Some(e) if e.turn.get() == Turn::Waiting => break Some(e),
                Some(_) => continue,
                None => {
                    s.available += 1;
                    break None;
                }
            }
        }
    };
    if let Some(e) = next {
        e.turn.set(Turn::Granted);
        e.notify.notify();
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        release(&self.0);
    }
}

/// A waiter; if dropped after a permit was handed to it but before it took it, passes the permit on.
struct Waiting {
    turn: Rc<Cell<Turn>>,
    state: Rc<RefCell<State>>,
    taken: bool,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if self.taken {
            return;
        }
        match self.turn.replace(Turn::Gone) {
            Turn::Granted => release(&self.state),
            Turn::Waiting | Turn::Gone => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::{
        future::Future,
        pin::pin,
        task::{Context, Poll, Waker},
    };

    use super::*;

    fn poll<F: Future>(f: std::pin::Pin<&mut F>) -> Poll<F::Output> {
        f.poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn at_most_n_and_first_come_first_served() {
        let s = Semaphore::new(2);
        let Poll::Ready(Some(pa)) = poll(pin!(s.acquire(1000))) else { panic!("first permit is free") };
        let Poll::Ready(Some(pb)) = poll(pin!(s.acquire(1000))) else { panic!("second permit is free") };
        assert_eq!(s.available(), 0);
        let mut c = pin!(s.acquire(1000));
        let mut d = pin!(s.acquire(1000));
        assert!(poll(c.as_mut()).is_pending());
        assert!(poll(d.as_mut()).is_pending());
        drop(pa);
        let Poll::Ready(Some(pc)) = poll(c.as_mut()) else { panic!("c is next") };
        assert!(poll(d.as_mut()).is_pending());
        drop(pb);
        let Poll::Ready(Some(pd)) = poll(d.as_mut()) else { panic!("d is next") };
        drop(pc);
        drop(pd);
        assert_eq!(s.available(), 2);
    }

    #[test]
    fn a_waiter_that_gives_up_passes_its_turn_on() {
        let s = Semaphore::new(1);
        let Poll::Ready(Some(p)) = poll(pin!(s.acquire(1000))) else { panic!() };
        {
            let mut gone = Box::pin(s.acquire(1000));
            assert!(poll(gone.as_mut()).is_pending());
            drop(p); // hands the permit to `gone`...
        } // ...which is dropped without taking it
        assert_eq!(s.available(), 1);
        let mut next = pin!(s.acquire(1000));
        assert!(poll(next.as_mut()).is_ready());
    }

    #[test]
    fn a_waiter_that_gives_up_before_its_turn_is_skipped() {
        let s = Semaphore::new(1);
        let Poll::Ready(Some(p)) = poll(pin!(s.acquire(1000))) else { panic!() };
        let mut early = Box::pin(s.acquire(1000));
        assert!(poll(early.as_mut()).is_pending());
        let mut late = pin!(s.acquire(1000));
        assert!(poll(late.as_mut()).is_pending());
        drop(early);
        drop(p);
        assert!(poll(late.as_mut()).is_ready(), "the permit skips the waiter that left");
    }
}
