//! The per-policy cap on commands running at once.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Instant;

/// Counts the runs in progress under one policy and makes runs past the cap wait.
#[derive(Debug)]
pub(crate) struct Slots {
    /// `None`: no cap.
    max: Option<usize>,
    used: Mutex<usize>,
    freed: Condvar,
}

/// A taken slot, given back on drop.
#[derive(Debug)]
pub(crate) struct Slot<'a>(&'a Slots);

impl Slots {
    pub(crate) fn new(max: Option<usize>) -> Self {
        Self {
            max,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    pub(crate) fn max(&self) -> Option<usize> {
        self.max
    }

    /// Takes a slot, waiting until `deadline` for one to be free; `None` if none was.
    pub(crate) fn acquire(&self, deadline: Instant) -> Option<Slot<'_>> {
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if self.max.is_none_or(|max| *used < max) {
                *used += 1;
                return Some(Slot(self));
            }
            let wait = deadline.checked_duration_since(Instant::now())?;
            if wait.is_zero() {
                return None;
            }
            used = self
                .freed
                .wait_timeout(used, wait)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut used = self.0.used.lock().unwrap_or_else(PoisonError::into_inner);
        *used = used.saturating_sub(1);
        self.0.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_cap_makes_runs_wait_until_their_deadline() {
        let slots = Slots::new(Some(1));
        let soon = || Instant::now() + Duration::from_millis(30);
        let first = slots.acquire(soon()).unwrap();
        let started = Instant::now();
        assert!(slots.acquire(soon()).is_none());
        assert!(started.elapsed() >= Duration::from_millis(25));
        drop(first);
        assert!(slots.acquire(soon()).is_some());
        let unlimited = Slots::new(None);
        let _a = unlimited.acquire(Instant::now()).unwrap();
        let _b = unlimited.acquire(Instant::now()).unwrap();
    }

    #[test]
    fn a_freed_slot_wakes_a_waiter() {
        let slots = std::sync::Arc::new(Slots::new(Some(1)));
        let held = slots.acquire(Instant::now()).map(|_| ());
        assert!(held.is_some());
        let taken = slots.acquire(Instant::now()).unwrap();
        let other = std::sync::Arc::clone(&slots);
        let waiter = std::thread::spawn(move || {
            other
                .acquire(Instant::now() + Duration::from_secs(5))
                .is_some()
        });
        std::thread::sleep(Duration::from_millis(20));
        drop(taken);
        assert!(waiter.join().unwrap());
    }
}
