//! Reference for `simd_dot.wat`.

/// Elements in each array.
const LEN: i64 = 4096;

/// The workload's rounds of saxpy and dot product in exact integer arithmetic: x in halves, y and a * x in
/// eighths, a in quarters, products in sixteenths. Returns the sum of the dot products in sixteenths.
pub(crate) fn simd_dot(n: i32) -> i64 {
    let x: Vec<i64> = (0..LEN).map(|i| (5 * i) % 17 - 8).collect();
    let mut y: Vec<i64> = (0..LEN).map(|i| 2 * ((3 * i) % 13 - 6)).collect();
    let mut total = 0_i64;
    for r in 0..i64::from(n.max(0)) {
        let a = r % 5 - 2;
        for (yi, xi) in y.iter_mut().zip(&x) {
            *yi += a * xi;
        }
        total += x.iter().zip(&y).map(|(xi, yi)| xi * yi).sum::<i64>();
    }
    total
}

#[cfg(test)]
mod tests {
    #[test]
    fn small_rounds() {
        assert_eq!(super::simd_dot(0), 0);
        assert_eq!(super::simd_dot(-1), 0);
        // After five rounds the cumulative a is 0 again, so round 5 repeats round 0's dot product.
        let first = super::simd_dot(1);
        assert_eq!(super::simd_dot(6) - super::simd_dot(5), first);
    }
}
