//! The one bounds rule of linear memory: an access of `size` bytes at address `start` is allowed when all of
//! `start..start + size` lies inside the memory's current length, computed in 64-bit arithmetic that cannot
//! wrap. The interpreter's loads, stores and bulk operations, instantiation's data segments and the embedding
//! API's memory helpers all ask here.

use core::ops::Range;

/// The host range of the `size` bytes at `start` in a memory of `len` bytes, if all of them are inside.
#[inline(always)]
pub(crate) fn range(start: u64, size: u64, len: usize) -> Option<Range<usize>> {
    let end = start.checked_add(size)?;
    if end > len as u64 {
        return None;
    }
    // Both fit in a `usize`: `end` is at most `len`.
    Some(start as usize..end as usize)
}

/// Where a load or store of `size` bytes at dynamic address `addr` plus static `offset` of a 32-bit memory of
/// `len` bytes starts, if it is in bounds (the effective address is 33 bits wide, so it never wraps).
#[inline(always)]
pub(crate) fn effective32(addr: u32, offset: u32, size: usize, len: usize) -> Option<usize> {
    range(u64::from(addr) + u64::from(offset), size as u64, len).map(|r| r.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_byte_is_in_bounds_and_the_next_is_not() {
        assert_eq!(range(65_535, 1, 65_536), Some(65_535..65_536));
        assert_eq!(range(65_536, 1, 65_536), None);
        assert_eq!(range(65_536, 0, 65_536), Some(65_536..65_536));
        assert_eq!(range(65_537, 0, 65_536), None);
    }

    #[test]
    fn huge_addresses_do_not_wrap() {
        assert_eq!(range(u64::MAX, 2, usize::MAX), None);
        assert_eq!(range(u64::MAX - 1, 1, 16), None);
        assert_eq!(effective32(u32::MAX, u32::MAX, 8, 1 << 20), None);
        assert_eq!(effective32(u32::MAX, 1, 1, usize::MAX), Some(1 << 32));
    }

    #[test]
    fn static_offsets_add_to_the_address() {
        assert_eq!(effective32(16, 4, 4, 24), Some(20));
        assert_eq!(effective32(16, 5, 4, 24), None);
    }
}
