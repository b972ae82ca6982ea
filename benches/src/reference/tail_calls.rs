//! Reference for `tail_calls.wat`.

/// The sum, over every x in 1..=n, of the number of Collatz steps (halve an even x, take 3x + 1 of an odd one)
/// that bring x to 1.
pub(crate) fn tail_calls(n: i32) -> i64 {
    let mut total = 0i64;
    for start in 1..=i64::from(n) {
        let mut x = start as u64;
        let mut steps = 0i64;
        while x != 1 {
            x = if x.is_multiple_of(2) {
                x / 2
            } else {
                3 * x + 1
            };
            steps += 1;
        }
        total += steps;
    }
    total
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_step_counts() {
        // 1: 0 steps, 2: 1, 3: 7 (3 10 5 16 8 4 2 1), 27: 111.
        assert_eq!(super::tail_calls(0), 0);
        assert_eq!(super::tail_calls(1), 0);
        assert_eq!(super::tail_calls(3), 8);
        assert_eq!(super::tail_calls(27) - super::tail_calls(26), 111);
    }
}
