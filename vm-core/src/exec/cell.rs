//! Conversions between typed values and the untyped 64-bit cells of the value stack.

/// A type that is stored in one cell.
pub(crate) trait Cell: Sized {
    fn from_cell(cell: u64) -> Self;
    fn into_cell(self) -> u64;
}

impl Cell for i32 {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        cell as i32
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        u64::from(self as u32)
    }
}

impl Cell for i64 {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        cell as i64
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        self as u64
    }
}

impl Cell for f32 {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        f32::from_bits(cell as u32)
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        u64::from(self.to_bits())
    }
}

impl Cell for f64 {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        f64::from_bits(cell)
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        self.to_bits()
    }
}

impl Cell for bool {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        cell as u32 != 0
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        u64::from(self)
    }
}
