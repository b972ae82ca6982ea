//! Reference for `memops.wat`.

const REGION: usize = 0x10_0000;

fn load_i64(memory: &[u8], at: usize) -> i64 {
    let mut bytes = [0_u8; 8];
    bytes.copy_from_slice(&memory[at..at + 8]);
    i64::from_le_bytes(bytes)
}

/// The workload's fills, copies and loads replayed on a byte vector.
pub(crate) fn memops(n: i32) -> i64 {
    let mut memory = vec![0_u8; REGION];
    let mut h = 0_i64;
    for i in 0..u32::try_from(n).unwrap_or(0) {
        let len = 16384 + (i.wrapping_mul(977) & 0x3fff) as usize;
        let dst = (i.wrapping_mul(40503) & 0x7ffff) as usize;
        memory[dst..dst + len].fill((i & 0xff) as u8);
        let dst = (i.wrapping_mul(12289) & 0x7ffff) as usize;
        let src = (i.wrapping_mul(7919) & 0x7ffff) as usize;
        memory.copy_within(src..src + len, dst);
        let at = (i.wrapping_mul(104_729) & 0xffff8) as usize;
        h = h.wrapping_mul(31).wrapping_add(load_i64(&memory, at));
    }
    for at in (0..REGION).step_by(64) {
        h = h.wrapping_mul(31).wrapping_add(load_i64(&memory, at));
    }
    h
}

#[cfg(test)]
mod tests {
    #[test]
    fn zero_iterations_hash_a_zeroed_region() {
        assert_eq!(super::memops(0), 0);
    }

    #[test]
    fn first_fill_is_visible() {
        // i = 0: fill [0, 16384) with 0, copy within zeros, so everything stays zero.
        assert_eq!(super::memops(1), 0);
        // i = 1 fills with 0x01 bytes; the result can no longer be zero.
        assert_ne!(super::memops(2), 0);
    }
}
