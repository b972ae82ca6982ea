//! Bounds-checked access to a guest's linear memory.
//!
//! Every address arithmetic is done in `u64` on values that come from the
//! guest, so nothing can wrap. An access that does not fit, or a pointer to a
//! `u16`/`u32`/`u64`/struct that is not aligned to the type (witx-docs:
//! "a misaligned pointer shall trap"; wasmtime traps too), is a [`GuestFault`]
//! that the caller turns into a trap. Byte buffers and strings have alignment
//! 1. Multi-byte values are little-endian, as in wasm.

use std::ops::Range;

use crate::error::GuestFault;

/// The linear memory of a guest instance, borrowed for one host call.
#[derive(Debug)]
pub struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

/// One `iovec`/`ciovec` record: a guest buffer address and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IoVec {
    /// Guest address of the buffer.
    pub(crate) buf: u32,
    /// Length of the buffer in bytes.
    pub(crate) len: u32,
}

/// Size in bytes of an `iovec` record in guest memory.
pub(crate) const IOVEC_SIZE: u64 = 8;

impl<'a> GuestMemory<'a> {
    /// Wraps the bytes of a guest memory.
    pub fn new(bytes: &'a mut [u8]) -> Self {
        GuestMemory { bytes }
    }

    /// Size of the memory in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the memory has no bytes at all.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Checks that `len` bytes at `ptr` are in bounds and that `ptr` is a
    /// multiple of `align`, returning the host index range.
    ///
    /// # Errors
    ///
    /// [`GuestFault::Misaligned`] or [`GuestFault::OutOfBounds`].
    pub fn check(&self, ptr: u32, len: u64, align: u32) -> Result<Range<usize>, GuestFault> {
        if align > 1 && !ptr.is_multiple_of(align) {
            return Err(GuestFault::Misaligned { ptr, align });
        }
        let start = u64::from(ptr);
        let fault = GuestFault::OutOfBounds {
            ptr,
            len,
            mem_len: self.bytes.len(),
        };
        let end = start.checked_add(len).ok_or(fault)?;
        let mem_len = u64::try_from(self.bytes.len()).map_err(|_| fault)?;
        if end > mem_len {
            return Err(fault);
        }
        // Both fit in the memory length, which is a usize.
        let start = usize::try_from(start).map_err(|_| fault)?;
        let end = usize::try_from(end).map_err(|_| fault)?;
        Ok(start..end)
    }

    /// Checks an array of `count` elements of `elem_size` bytes at `ptr`.
    ///
    /// # Errors
    ///
    /// [`GuestFault`] if the array does not fit or `ptr` is misaligned.
    pub fn check_array(
        &self,
        ptr: u32,
        count: u32,
        elem_size: u64,
        align: u32,
    ) -> Result<Range<usize>, GuestFault> {
        let len = u64::from(count)
            .checked_mul(elem_size)
            .ok_or(GuestFault::Overflow {
                ptr,
                count: u64::from(count),
                elem_size,
            })?;
        self.check(ptr, len, align)
    }

    /// Borrows `len` bytes at `ptr`.
    ///
    /// # Errors
    ///
    /// [`GuestFault::OutOfBounds`] if the range does not fit.
    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], GuestFault> {
        let range = self.check(ptr, u64::from(len), 1)?;
        Ok(&self.bytes[range])
    }

    /// Mutably borrows `len` bytes at `ptr`.
    ///
    /// # Errors
    ///
    /// [`GuestFault::OutOfBounds`] if the range does not fit.
    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], GuestFault> {
        let range = self.check(ptr, u64::from(len), 1)?;
        Ok(&mut self.bytes[range])
    }

    /// Copies `data` to guest memory at `ptr`.
    ///
    /// # Errors
    ///
    /// [`GuestFault::OutOfBounds`] if `data` does not fit at `ptr`.
    pub fn write_bytes(&mut self, ptr: u32, data: &[u8]) -> Result<(), GuestFault> {
        let len = u64::try_from(data.len()).unwrap_or(u64::MAX);
        let range = self.check(ptr, len, 1)?;
        self.bytes[range].copy_from_slice(data);
        Ok(())
    }

    fn read_array<const N: usize>(&self, ptr: u32) -> Result<[u8; N], GuestFault> {
        let range = self.check(ptr, N as u64, N as u32)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&self.bytes[range]);
        Ok(out)
    }

    fn write_array<const N: usize>(&mut self, ptr: u32, data: [u8; N]) -> Result<(), GuestFault> {
        let range = self.check(ptr, N as u64, N as u32)?;
        self.bytes[range].copy_from_slice(&data);
        Ok(())
    }

    /// Reads a byte.
    ///
    /// # Errors
    ///
    /// [`GuestFault`] if `ptr` is out of bounds.
    pub fn read_u8(&self, ptr: u32) -> Result<u8, GuestFault> {
        Ok(u8::from_le_bytes(self.read_array(ptr)?))
    }

    /// Reads a little-endian `u16` (2-byte aligned).
    ///
    /// # Errors
    ///
    /// [`GuestFault`] if out of bounds or misaligned.
    pub fn read_u16(&self, ptr: u32) -> Result<u16, GuestFault> {
        Ok(u16::from_le_bytes(self.read_array(ptr)?))
    }

    /// Reads a little-endian `u32` (4-byte aligned).
    ///
    /// # Errors
    ///
    /// [`GuestFault`] if out of bounds or misaligned.
    pub fn read_u32(&self, ptr: u32) -> Result<u32, GuestFault> {
        Ok(u32::from_le_bytes(self.read_array(ptr)?))
    }

    /// Reads a little-endian `u64` (8-byte aligned).
    ///
    /// # Errors
    ///
    /// [`GuestFault`] if out of bounds or misaligned.
    pub fn read_u64(&self, ptr: u32) -> Result<u64, GuestFault> {
        Ok(u64::from_le_bytes(self.read_array(ptr)?))
    }

    /// Writes a byte.
    ///
    /// # Errors
    ///
    /// [`GuestFault`] if `ptr` is out of bounds.
    pub fn write_u8(&mut self, ptr: u32, value: u8) -> Result<(), GuestFault> {
        self.write_array(ptr, value.to_le_bytes())
    }

    /// Writes a little-endian `u16` (2-byte aligned).
    ///
    /// # Errors
    ///
    /// [`GuestFault`] if out of bounds or misaligned.
    pub fn write_u16(&mut self, ptr: u32, value: u16) -> Result<(), GuestFault> {
        self.write_array(ptr, value.to_le_bytes())
    }

    /// Writes a little-endian `u32` (4-byte aligned).
    ///
    /// # Errors
    ///
    /// [`GuestFault`] if out of bounds or misaligned.
    pub fn write_u32(&mut self, ptr: u32, value: u32) -> Result<(), GuestFault> {
        self.write_array(ptr, value.to_le_bytes())
    }

    /// Writes a little-endian `u64` (8-byte aligned).
    ///
    /// # Errors
    ///
    /// [`GuestFault`] if out of bounds or misaligned.
    pub fn write_u64(&mut self, ptr: u32, value: u64) -> Result<(), GuestFault> {
        self.write_array(ptr, value.to_le_bytes())
    }

    /// Writes a fixed-layout record of `N` bytes that requires `align`.
    pub(crate) fn write_record<const N: usize>(
        &mut self,
        ptr: u32,
        align: u32,
        record: &[u8; N],
    ) -> Result<(), GuestFault> {
        let range = self.check(ptr, N as u64, align)?;
        self.bytes[range].copy_from_slice(record);
        Ok(())
    }

    /// Reads a fixed-layout record of `N` bytes that requires `align`.
    pub(crate) fn read_record<const N: usize>(
        &self,
        ptr: u32,
        align: u32,
    ) -> Result<[u8; N], GuestFault> {
        let range = self.check(ptr, N as u64, align)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&self.bytes[range]);
        Ok(out)
    }

    /// Reads entry `index` of an `iovec` array whose bounds were checked.
    pub(crate) fn read_iovec(&self, iovs: u32, index: u32) -> Result<IoVec, GuestFault> {
        let offset = u64::from(index) * IOVEC_SIZE;
        let ptr = u32::try_from(u64::from(iovs) + offset).map_err(|_| GuestFault::Overflow {
            ptr: iovs,
            count: u64::from(index),
            elem_size: IOVEC_SIZE,
        })?;
        let buf = self.read_u32(ptr)?;
        let len = self.read_u32(ptr.wrapping_add(4))?;
        Ok(IoVec { buf, len })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_checked_without_wrapping() {
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        assert!(mem.slice(0, 64).is_ok());
        assert!(mem.slice(63, 1).is_ok());
        assert!(matches!(
            mem.slice(63, 2),
            Err(GuestFault::OutOfBounds { .. })
        ));
        assert!(matches!(
            mem.slice(u32::MAX, 1),
            Err(GuestFault::OutOfBounds { .. })
        ));
        assert!(matches!(
            mem.slice(1, u32::MAX),
            Err(GuestFault::OutOfBounds { .. })
        ));
        assert!(matches!(
            mem.write_u64(64, 1),
            Err(GuestFault::OutOfBounds { .. })
        ));
        assert!(matches!(
            mem.check_array(8, u32::MAX, 48, 8),
            Err(GuestFault::OutOfBounds { .. })
        ));
        // Zero-length accesses at the very end are fine, past it are not.
        assert!(mem.slice(64, 0).is_ok());
        assert!(mem.slice(65, 0).is_err());
    }

    #[test]
    fn alignment_is_enforced_for_wide_values() {
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        assert_eq!(
            mem.write_u32(2, 7),
            Err(GuestFault::Misaligned { ptr: 2, align: 4 })
        );
        assert_eq!(
            mem.read_u64(4),
            Err(GuestFault::Misaligned { ptr: 4, align: 8 })
        );
        assert_eq!(
            mem.read_u16(1),
            Err(GuestFault::Misaligned { ptr: 1, align: 2 })
        );
        mem.write_u8(3, 9).unwrap();
        mem.write_u64(8, 0x0102_0304_0506_0708).unwrap();
        assert_eq!(mem.read_u64(8).unwrap(), 0x0102_0304_0506_0708);
        assert_eq!(mem.read_u8(8).unwrap(), 8, "little endian");
        assert_eq!(mem.read_u8(3).unwrap(), 9);
    }

    #[test]
    fn iovecs_are_read_little_endian() {
        let mut bytes = vec![0u8; 32];
        bytes[8..12].copy_from_slice(&20u32.to_le_bytes());
        bytes[12..16].copy_from_slice(&5u32.to_le_bytes());
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(mem.read_iovec(8, 0).unwrap(), IoVec { buf: 20, len: 5 });
        assert!(mem.read_iovec(8, 3).is_err());
    }
}
