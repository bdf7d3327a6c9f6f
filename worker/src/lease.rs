//! Leases: at most N holders of something at a time, each hold ending by itself at a deadline. Sans-IO (times are
//! passed in, milliseconds since the epoch), so the rules are tested natively.
//!
//! Why leases and not a plain counter: under workerd a request whose client went away is cancelled where it
//! stands, and its Rust future is never polled or dropped again, so a guard's `Drop` may never run. A hold that
//! expires by itself (and one that the request's abort signal releases, see [`crate::scope`]) cannot leak.

/// One hold's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LeaseId(u64);

/// The holds of one resource.
#[derive(Debug)]
pub struct Leases {
    max: usize,
    next: u64,
    held: Vec<(LeaseId, f64)>,
}

impl Leases {
    /// A resource at most `max` may hold at once.
    pub fn new(max: usize) -> Self {
        Self { max, next: 0, held: Vec::new() }
    }

    fn expire(&mut self, now_ms: f64) {
        self.held.retain(|&(_, until)| until > now_ms);
    }

    /// A hold until `until_ms` if fewer than `max` unexpired holds exist at `now_ms`.
    pub fn try_take(&mut self, now_ms: f64, until_ms: f64) -> Option<LeaseId> {
        self.expire(now_ms);
        if self.held.len() >= self.max {
            return None;
        }
        self.next += 1;
        let id = LeaseId(self.next);
        self.held.push((id, until_ms));
        Some(id)
    }

    /// Ends a hold; `false` if it had ended already (released or expired). Releasing twice is harmless.
    pub fn release(&mut self, id: LeaseId) -> bool {
        let before = self.held.len();
        self.held.retain(|&(h, _)| h != id);
        self.held.len() != before
    }

    /// Unexpired holds at `now_ms`.
    #[cfg(test)]
    pub fn held(&mut self, now_ms: f64) -> usize {
        self.expire(now_ms);
        self.held.len()
    }
}

/// The pauses of a waiter that polls on its own timer: 2, 4, 8, 16 ms, then `cap_ms` each time.
pub fn backoff_ms(attempt: u32, cap_ms: u64) -> u64 {
    (2u64 << attempt.min(10)).min(cap_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_max_holds() {
        let mut l = Leases::new(2);
        let a = l.try_take(0.0, 1000.0).expect("first");
        let _b = l.try_take(0.0, 1000.0).expect("second");
        assert_eq!(l.try_take(1.0, 1000.0), None, "full");
        assert!(l.release(a));
        assert!(!l.release(a), "a second release is a no-op");
        assert!(l.try_take(2.0, 1000.0).is_some(), "the released hold is free again");
        assert_eq!(l.held(3.0), 2);
    }

    #[test]
    fn a_hold_nobody_releases_ends_at_its_deadline() {
        let mut l = Leases::new(1);
        let abandoned = l.try_take(0.0, 500.0).expect("taken");
        assert_eq!(l.try_take(499.0, 1500.0), None, "still held just before the deadline");
        let next = l.try_take(500.0, 1500.0).expect("free at the deadline");
        assert!(!l.release(abandoned), "the abandoned hold is gone already");
        assert_eq!(l.held(1499.0), 1);
        assert!(l.release(next));
        assert_eq!(l.held(1499.0), 0);
    }

    #[test]
    fn ids_are_never_reused() {
        let mut l = Leases::new(1);
        let a = l.try_take(0.0, 10.0).unwrap();
        l.release(a);
        let b = l.try_take(0.0, 10.0).unwrap();
        assert_ne!(a, b);
        assert!(!l.release(a), "an old id cannot end a newer hold");
        assert_eq!(l.held(0.0), 1);
    }

    #[test]
    fn backoff_grows_to_its_cap() {
        let steps: Vec<u64> = (0..8).map(|i| backoff_ms(i, 25)).collect();
        assert_eq!(steps, [2, 4, 8, 16, 25, 25, 25, 25]);
        assert_eq!(backoff_ms(u32::MAX, 25), 25);
    }
}
