//! Reference for `sort.wat`.

/// The xorshift32 input (shifts 13, 17, 5; seed 0x92d68ca2), sorted with the standard library and hashed with
/// h = h * 31 + a[i].
pub(crate) fn sort(n: i32) -> i64 {
    let mut x: u32 = 0x92d6_8ca2;
    let mut values: Vec<i32> = (0..n.max(0))
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as i32
        })
        .collect();
    values.sort_unstable();
    values
        .iter()
        .fold(0_i64, |h, &v| h.wrapping_mul(31).wrapping_add(i64::from(v)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn small_inputs() {
        assert_eq!(super::sort(0), 0);
        // The first xorshift32 output from 0x92d68ca2.
        let mut x: u32 = 0x92d6_8ca2;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        assert_eq!(super::sort(1), i64::from(x as i32));
    }
}
