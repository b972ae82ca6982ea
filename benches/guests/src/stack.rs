//! rustc's shadow stack: recursive calls whose locals live in linear memory (arrays passed by reference, structs
//! returned through a pointer), so every call moves the `__stack_pointer` global down and back up.

/// Returned through a hidden pointer to the caller's frame (too large for a value).
#[derive(Clone, Copy)]
struct Digest {
    words: [u32; 6],
}

#[inline(never)]
fn mix(buffer: &mut [u32; 8], seed: u32) -> Digest {
    for (k, word) in buffer.iter_mut().enumerate() {
        *word = word.wrapping_mul(0x9e37_79b9) ^ seed.rotate_left(k as u32);
    }
    let mut words = [0u32; 6];
    for (k, word) in words.iter_mut().enumerate() {
        *word = buffer[k] ^ buffer[k + 2].rotate_right(7);
    }
    Digest { words }
}

#[inline(never)]
fn fold(digest: &Digest) -> u32 {
    digest.words.iter().fold(0x811c_9dc5, |hash, &word| {
        (hash ^ word).wrapping_mul(0x0100_0193)
    })
}

/// A binary tree of calls `depth` deep, each with an 8-word buffer in its frame.
#[inline(never)]
fn walk(depth: u32, seed: u32) -> u32 {
    let mut buffer = [seed; 8];
    let digest = mix(&mut buffer, seed);
    let hash = fold(&digest);
    if depth == 0 {
        return hash;
    }
    let left = walk(depth - 1, hash ^ 1);
    let right = walk(depth - 1, hash.rotate_left(5));
    fold(&mix(&mut buffer, left ^ right.wrapping_mul(3)))
}

/// `n` trees of depth 6, their hashes summed.
pub fn run(n: i32) -> i64 {
    let mut sum: u64 = 0;
    for i in 0..u32::try_from(n).unwrap_or(0) {
        sum = sum.wrapping_add(u64::from(walk(6, i)));
    }
    sum as i64
}
