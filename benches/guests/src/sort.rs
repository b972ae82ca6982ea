//! Sorting with the standard library: `sort_unstable` of pseudo-random integers and the stable `sort_by_key` of
//! keyed records (which allocates its merge buffer), checked by a position-weighted checksum.

use alloc::vec::Vec;

/// A xorshift generator, so the input depends only on `n`.
fn numbers(n: usize, mut state: u32) -> Vec<u32> {
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        })
        .collect()
}

/// Both sorts of `n` elements; the checksum weights each element by its position, so any misplaced element
/// changes it, and the stable sort's records carry their original index, so a lost order changes it too.
pub fn run(n: i32) -> i64 {
    let n = usize::try_from(n).unwrap_or(0);
    let mut values = numbers(n, 0x2545_f491);
    values.sort_unstable();
    let mut records: Vec<(u16, u32)> = numbers(n, 0x9e37_79b9)
        .into_iter()
        .enumerate()
        .map(|(index, random)| ((random % 1000) as u16, index as u32))
        .collect();
    records.sort_by_key(|&(key, _)| key);
    let mut sum: u64 = 0;
    for (position, (&value, &(key, index))) in values.iter().zip(&records).enumerate() {
        let weight = position as u64 + 1;
        sum = sum
            .wrapping_add(u64::from(value).wrapping_mul(weight))
            .wrapping_add((u64::from(key) << 32 | u64::from(index)).wrapping_mul(weight ^ 0x55));
    }
    sum as i64
}
