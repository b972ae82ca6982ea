//! Stopping a runaway guest: fuel, epoch deadlines and interrupts.
//!
//! - **Fuel** ([`Config::consume_fuel`](crate::Config::consume_fuel)): translation puts a
//!   `ConsumeFuel` instruction at the head of every block of code (function entry, loop header, the end of a block,
//!   loop or `if`, the start of each `if` arm) that charges the block's cost before it runs; a `br_if` does not end a block, so
//!   when it branches, the rest of its block has been charged without running. Every
//!   operator costs one unit except `nop`, `drop`, `block`, `loop`, `end`, `else`, `unreachable` and `return`,
//!   which cost nothing (as in wasmtime). Bulk memory and table operations (`memory.fill/copy/init`,
//!   `table.fill/copy/init/grow`) also cost one unit per byte or element, checked before they start. A call to a
//!   host function costs one unit (its call instruction). When a block costs more than is left, the trap
//!   "all fuel consumed" comes before any of its instructions run and the remaining fuel is not charged; a block
//!   that traps for another reason half-way has been charged whole.
//! - **Epochs** ([`Config::epoch_interruption`](crate::Config::epoch_interruption)): every function entry and
//!   loop header checks the engine's epoch against the store's deadline
//!   ([`Store::set_epoch_deadline`](crate::Store::set_epoch_deadline)), and the store's interrupt flag
//!   ([`InterruptHandle`]); either stops the guest with the trap "interrupt". Bulk operations are checked once,
//!   before they start, so an interrupted store never holds a half-done operation.
//!
//! With both switched off (the default) translation emits none of these instructions: execution costs nothing
//! extra.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The longest a sleeping host function waits before it looks at the engine's epoch again (an
/// [`InterruptHandle`] wakes it at once).
const EPOCH_POLL: Duration = Duration::from_millis(10);

/// The metering state of one store.
#[derive(Debug)]
pub(crate) struct StoreMetering {
    /// Fuel left (meaningful only when the engine consumes fuel).
    pub(crate) fuel: u64,
    /// The epoch at which execution traps.
    pub(crate) epoch_deadline: u64,
    pub(crate) interrupt: Arc<InterruptState>,
    /// Host functions called so far (from WebAssembly or by the host through the API).
    pub(crate) host_calls: u64,
}

impl Default for StoreMetering {
    fn default() -> Self {
        Self {
            fuel: 0,
            epoch_deadline: u64::MAX,
            interrupt: Arc::default(),
            host_calls: 0,
        }
    }
}

/// The interrupt flag of a store, shared with its [`InterruptHandle`]s.
#[derive(Debug, Default)]
pub(crate) struct InterruptState {
    pub(crate) requested: AtomicBool,
    lock: Mutex<()>,
    wake: Condvar,
}

/// Whether a guest must stop: the engine's epoch has reached the store's deadline, or an interrupt is pending. The
/// one rule behind the interpreter's check, [`InterruptProbe::is_due`] and the host-side checks.
#[inline(always)]
pub(crate) fn is_due(epoch: &AtomicU64, deadline: u64, requested: &AtomicBool) -> bool {
    epoch.load(Ordering::Relaxed) >= deadline || requested.load(Ordering::Relaxed)
}

impl InterruptState {
    /// Takes a pending interrupt request: it is delivered once, as one trap.
    pub(crate) fn take(&self) -> bool {
        self.requested.swap(false, Ordering::Relaxed)
    }

    /// Delivers the interrupt: clears a pending request and returns the trap that stops the guest.
    pub(crate) fn deliver(&self) -> crate::Error {
        self.take();
        crate::Error::trap(crate::TrapCode::Interrupt)
    }

    /// Sleeps for `duration` or until `stop()` says so (checked at every wake-up, at least every
    /// [`EPOCH_POLL`]); returns `false` if it was cut short.
    pub(crate) fn sleep(&self, duration: Duration, stop: impl Fn() -> bool) -> bool {
        let end = Instant::now().checked_add(duration);
        let mut guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if stop() {
                return false;
            }
            let now = Instant::now();
            let left = match end {
                Some(end) if now >= end => return true,
                Some(end) => end - now,
                None => EPOCH_POLL,
            };
            guard = self
                .wake
                .wait_timeout(guard, left.min(EPOCH_POLL))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

/// Stops the WebAssembly code running in one store from another thread (or a signal-free timer).
///
/// [`interrupt`](Self::interrupt) makes the store's current call (or, if none is running, its next one) trap
/// with "interrupt" at its next function entry or loop iteration, and wakes a host function sleeping through
/// [`Caller::sleep`](crate::Caller::sleep). A request is delivered once: the store is usable again after the
/// trap. The checks exist only in modules compiled with
/// [`Config::epoch_interruption`](crate::Config::epoch_interruption).
#[derive(Debug, Clone)]
pub struct InterruptHandle {
    pub(crate) state: Arc<InterruptState>,
}

impl InterruptHandle {
    /// Asks the store's running WebAssembly code to stop.
    pub fn interrupt(&self) {
        self.state.requested.store(true, Ordering::Relaxed);
        let _guard = self
            .state
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.state.wake.notify_all();
    }
}

/// Tells a long-running host function (a command it waits for, a blocking read) whether the store it runs for
/// has been asked to stop: its epoch deadline passed or its [`InterruptHandle`] was used. Cheap to query and
/// usable from any thread; get one with [`Caller::interrupt_probe`](crate::Caller::interrupt_probe).
#[derive(Debug, Clone)]
pub struct InterruptProbe {
    pub(crate) state: Arc<InterruptState>,
    pub(crate) engine: crate::Engine,
    pub(crate) deadline: u64,
}

impl InterruptProbe {
    /// Whether the guest should stop now.
    pub fn is_due(&self) -> bool {
        is_due(
            self.engine.epoch_counter(),
            self.deadline,
            &self.state.requested,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupt_wakes_a_sleep_at_once() {
        let state = Arc::new(InterruptState::default());
        let handle = InterruptHandle {
            state: Arc::clone(&state),
        };
        let sleeper = std::thread::spawn(move || {
            let started = Instant::now();
            let completed = state.sleep(Duration::from_secs(60), || {
                state.requested.load(Ordering::Relaxed)
            });
            (completed, started.elapsed())
        });
        std::thread::sleep(Duration::from_millis(50));
        handle.interrupt();
        let (completed, elapsed) = sleeper.join().expect("sleeper thread");
        assert!(!completed);
        assert!(elapsed < Duration::from_secs(30), "slept {elapsed:?}");
    }

    #[test]
    fn a_sleep_without_interrupt_completes() {
        let state = InterruptState::default();
        let started = Instant::now();
        assert!(state.sleep(Duration::from_millis(30), || false));
        assert!(started.elapsed() >= Duration::from_millis(30));
    }

    #[test]
    fn a_request_is_delivered_once() {
        let state = InterruptState::default();
        state.requested.store(true, Ordering::Relaxed);
        assert!(state.take());
        assert!(!state.take());
    }
}
