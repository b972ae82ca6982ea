//! Reference for `matmul.wat`.

/// The bits of sum over i, j of (A * B)[i][j] * (((i + 2j) mod 5) + 1) for the workload's A and B.
pub(crate) fn matmul(n: i32) -> i64 {
    let n = usize::try_from(n).unwrap_or(0);
    let a = |i: usize, j: usize| ((i * 7 + j * 3) % 17) as f64 * 0.25 - 2.0;
    let b = |i: usize, j: usize| ((i * 5 + j * 11) % 19) as f64 * 0.125 - 1.0;
    let mut total = 0.0_f64;
    for i in 0..n {
        for j in 0..n {
            let c = (0..n).fold(0.0_f64, |acc, k| acc + a(i, k) * b(k, j));
            total += c * (((i + 2 * j) % 5) + 1) as f64;
        }
    }
    total.to_bits() as i64
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_by_one() {
        // A = [-2], B = [-1], C = [2], weight 1
        assert_eq!(f64::from_bits(super::matmul(1) as u64), 2.0);
        assert_eq!(super::matmul(0), 0);
    }
}
