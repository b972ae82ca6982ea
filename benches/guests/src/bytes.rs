//! Byte-array loops: a sieve of Eratosthenes over a `Vec<u8>`, then a keyed pass over the bytes with a
//! 256-entry histogram (byte loads and stores, as rustc emits them for slices).

use alloc::vec;

/// The number of primes up to `n`, combined with an FNV-1a hash of the histogram of the keyed flag bytes.
pub fn run(n: i32) -> i64 {
    let n = usize::try_from(n).unwrap_or(0);
    let mut composite = vec![0u8; n + 1];
    let mut primes: u64 = 0;
    for i in 2..=n {
        if composite[i] != 0 {
            continue;
        }
        primes += 1;
        if i <= n / i {
            let mut j = i * i;
            while j <= n {
                composite[j] = 1;
                j += i;
            }
        }
    }
    let mut key: u8 = 0x5a;
    for byte in composite.iter_mut() {
        key = key.rotate_left(3) ^ *byte;
        *byte = byte.wrapping_add(key);
    }
    let mut histogram = [0u32; 256];
    for &byte in &composite {
        histogram[usize::from(byte)] += 1;
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for count in histogram {
        hash = (hash ^ u64::from(count)).wrapping_mul(0x0100_0000_01b3);
    }
    (primes.wrapping_mul(1_000_003) ^ hash) as i64
}
