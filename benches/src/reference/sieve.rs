//! Reference for `sieve.wat`.

/// `(count << 40) ^ sum` over the primes below n, by trial division up to the square root (a different
/// algorithm from the workload's sieve).
pub(crate) fn sieve(n: i32) -> i64 {
    let n = u64::try_from(n).unwrap_or(0);
    let mut count = 0_i64;
    let mut sum = 0_i64;
    let mut primes: Vec<u64> = Vec::new();
    for candidate in 2..n {
        let is_prime = primes
            .iter()
            .take_while(|&&p| p * p <= candidate)
            .all(|&p| candidate % p != 0);
        if is_prime {
            primes.push(candidate);
            count += 1;
            sum += candidate as i64;
        }
    }
    (count << 40) ^ sum
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        // 2 3 5 7: count 4, sum 17
        assert_eq!(super::sieve(10), (4 << 40) ^ 17);
        assert_eq!(super::sieve(2), 0);
        // 25 primes below 100, summing to 1060
        assert_eq!(super::sieve(100), (25 << 40) ^ 1060);
    }
}
