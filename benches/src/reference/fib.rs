//! Reference for `fib.wat`.

/// fib(n) with fib(0) = 0 and fib(1) = 1, computed iteratively (wrapping like i64 arithmetic).
pub(crate) fn fib(n: i32) -> i64 {
    let (mut a, mut b) = (0_i64, 1_i64);
    for _ in 0..n.max(0) {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        assert_eq!(super::fib(0), 0);
        assert_eq!(super::fib(1), 1);
        assert_eq!(super::fib(2), 1);
        assert_eq!(super::fib(20), 6765);
        assert_eq!(super::fib(30), 832_040);
    }
}
