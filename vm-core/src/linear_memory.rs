//! The bytes of one linear memory.
//!
//! On unix the memory reserves address space for its maximum size once, inaccessible (`PROT_NONE`), and makes
//! the first `len` bytes readable and writable. Growing makes more of the reservation accessible: it never
//! copies, never moves the base, and commits nothing; the kernel commits a page (zero-filled) when the guest
//! first touches it. So a loop of one-page grows costs O(1) per page, and a memory holds only what the guest
//! wrote. If the reservation cannot be had (an address-space limit), the memory reserves what it needs now and
//! moves to a larger mapping when it grows past it (copying the old contents once per move).
//!
//! Elsewhere the bytes are a `Vec<u8>` that is reallocated on growth.

#[cfg(unix)]
pub(crate) use self::mapped::LinearMemory;
#[cfg(not(unix))]
pub(crate) use self::vec::LinearMemory;

#[cfg(unix)]
mod mapped {
    use core::ptr::NonNull;

    /// Linear-memory bytes in an anonymous mapping: `reserved` bytes of address space, of which the first `len`
    /// are accessible.
    #[derive(Debug)]
    pub(crate) struct LinearMemory {
        base: NonNull<u8>,
        len: usize,
        reserved: usize,
        /// The most this memory may grow to.
        max: usize,
    }

    // SAFETY: the mapping is owned by this value alone (like a `Vec<u8>`'s buffer), and it is only reached
    // through `&self`/`&mut self`, so the usual borrow rules make sharing and sending it sound.
    unsafe impl Send for LinearMemory {}
    // SAFETY: as above; `&LinearMemory` only gives shared, read-only access to the bytes.
    unsafe impl Sync for LinearMemory {}

    impl LinearMemory {
        /// `len` zero bytes, with address space reserved for growing up to `max` bytes where possible. `len`
        /// and `max` are multiples of the host page size (WebAssembly pages are).
        pub(crate) fn new(len: usize, max: usize) -> Option<Self> {
            let max = max.max(len);
            let mut memory = Self::reserved_for(len, max)?;
            memory.grow_to(len)?;
            Some(memory)
        }

        /// An empty memory with a reservation of `max` bytes or, if that much address space cannot be had,
        /// of at least `needed` bytes (twice the current need where possible, so growth moves rarely).
        fn reserved_for(needed: usize, max: usize) -> Option<Self> {
            let doubled = needed.saturating_mul(2).min(max);
            [max, doubled, needed].into_iter().find_map(|size| {
                Some(Self {
                    base: reserve(size)?,
                    len: 0,
                    reserved: size,
                    max,
                })
            })
        }

        pub(crate) fn len(&self) -> usize {
            self.len
        }

        pub(crate) fn as_mut_ptr(&mut self) -> *mut u8 {
            self.base.as_ptr()
        }

        pub(crate) fn as_slice(&self) -> &[u8] {
            // SAFETY: the first `len` bytes of the mapping are accessible and initialized (zero-filled by the
            // kernel or written since), and the mapping lives as long as `self`.
            unsafe { core::slice::from_raw_parts(self.base.as_ptr(), self.len) }
        }

        pub(crate) fn as_mut_slice(&mut self) -> &mut [u8] {
            // SAFETY: as in `as_slice`, and `&mut self` makes this the only reference to the bytes.
            unsafe { core::slice::from_raw_parts_mut(self.base.as_ptr(), self.len) }
        }

        /// Grows to `new_len` bytes (zeroed), in place when the reservation allows; `None` if the host cannot
        /// provide them, leaving the memory as it was.
        pub(crate) fn grow_to(&mut self, new_len: usize) -> Option<()> {
            if new_len <= self.len {
                return Some(());
            }
            if new_len > self.reserved {
                return self.move_to(new_len);
            }
            // SAFETY: `len..new_len` lies inside the reservation made by `reserve` (checked above) and starts at
            // a page boundary (`len` is a multiple of the page size), so only our own mapping changes.
            let result = unsafe {
                libc::mprotect(
                    self.base.as_ptr().add(self.len).cast(),
                    new_len - self.len,
                    libc::PROT_READ | libc::PROT_WRITE,
                )
            };
            if result != 0 {
                return None;
            }
            self.len = new_len;
            Some(())
        }

        /// Moves to a new mapping of at least `new_len` bytes (the fallback when the first reservation was
        /// smaller than the maximum).
        fn move_to(&mut self, new_len: usize) -> Option<()> {
            let mut moved = Self::reserved_for(new_len, self.max.max(new_len))?;
            moved.grow_to(new_len)?;
            moved.as_mut_slice()[..self.len].copy_from_slice(self.as_slice());
            core::mem::swap(self, &mut moved);
            Some(())
        }
    }

    impl Drop for LinearMemory {
        fn drop(&mut self) {
            if self.reserved != 0 {
                // SAFETY: `base..base + reserved` is the mapping `reserve` made, which nothing uses any more.
                unsafe {
                    libc::munmap(self.base.as_ptr().cast(), self.reserved);
                }
            }
        }
    }

    /// Reserves `len` bytes of inaccessible address space (a dangling, well-aligned pointer for 0 bytes).
    fn reserve(len: usize) -> Option<NonNull<u8>> {
        if len == 0 {
            return Some(NonNull::dangling());
        }
        // SAFETY: a fresh anonymous private mapping at an address the kernel chooses touches no existing memory.
        let ptr = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                len,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        NonNull::new(ptr.cast())
    }
}

#[cfg(not(unix))]
mod vec {
    /// Linear-memory bytes in a vector.
    #[derive(Debug)]
    pub(crate) struct LinearMemory {
        bytes: Vec<u8>,
    }

    impl LinearMemory {
        pub(crate) fn new(len: usize, _max: usize) -> Option<Self> {
            let mut bytes = Vec::new();
            bytes.try_reserve_exact(len).ok()?;
            bytes.resize(len, 0);
            Some(Self { bytes })
        }

        pub(crate) fn len(&self) -> usize {
            self.bytes.len()
        }

        pub(crate) fn as_mut_ptr(&mut self) -> *mut u8 {
            self.bytes.as_mut_ptr()
        }

        pub(crate) fn as_slice(&self) -> &[u8] {
            &self.bytes
        }

        pub(crate) fn as_mut_slice(&mut self) -> &mut [u8] {
            &mut self.bytes
        }

        pub(crate) fn grow_to(&mut self, new_len: usize) -> Option<()> {
            let extra = new_len.checked_sub(self.bytes.len())?;
            self.bytes.try_reserve_exact(extra).ok()?;
            self.bytes.resize(new_len, 0);
            Some(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LinearMemory;

    const PAGE: usize = 65_536;

    #[test]
    fn grows_in_place_with_zeroed_bytes() {
        let mut memory = LinearMemory::new(PAGE, 16 * PAGE).unwrap();
        memory.as_mut_slice()[PAGE - 1] = 9;
        let base = memory.as_mut_ptr();
        memory.grow_to(3 * PAGE).unwrap();
        assert_eq!(memory.len(), 3 * PAGE);
        assert_eq!(memory.as_mut_ptr(), base, "grew without moving");
        assert_eq!(memory.as_slice()[PAGE - 1], 9);
        assert!(memory.as_slice()[PAGE..].iter().all(|&b| b == 0));
        memory.as_mut_slice()[3 * PAGE - 1] = 1;
    }

    #[test]
    fn grows_past_a_small_reservation_by_moving() {
        let mut memory = LinearMemory::new(PAGE, PAGE).unwrap();
        memory.as_mut_slice()[17] = 5;
        memory.grow_to(4 * PAGE).unwrap();
        assert_eq!(memory.len(), 4 * PAGE);
        assert_eq!(memory.as_slice()[17], 5);
        assert!(memory.as_slice()[PAGE..].iter().all(|&b| b == 0));
    }

    #[test]
    fn empty_memories_work() {
        let mut memory = LinearMemory::new(0, 0).unwrap();
        assert!(memory.as_slice().is_empty());
        memory.grow_to(PAGE).unwrap();
        assert_eq!(memory.as_slice().len(), PAGE);
    }
}
