//! Reference for `locals.wat`.

/// One ChaCha quarter round on words a, b, c, d of the state.
fn quarter_round(x: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(16);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(12);
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(8);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(7);
}

/// n ChaCha double rounds from the fixed start state, bumping word 12 after each; the checksum packs the xor of
/// words 0..8 above the xor of words 8..16.
pub(crate) fn locals(n: i32) -> i64 {
    let mut x: [u32; 16] = [0; 16];
    x[..4].copy_from_slice(&[0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]);
    for (i, word) in x[4..12].iter_mut().enumerate() {
        // Key bytes 0, 1, .., 31 read as little-endian words.
        let base = 4 * u8::try_from(i).unwrap_or(0);
        *word = u32::from_le_bytes([base, base + 1, base + 2, base + 3]);
    }
    x[12] = 1;
    x[13] = 0x0900_0000;
    x[14] = 0x4a00_0000;
    x[15] = 0;
    for _ in 0..n.max(0) {
        quarter_round(&mut x, 0, 4, 8, 12);
        quarter_round(&mut x, 1, 5, 9, 13);
        quarter_round(&mut x, 2, 6, 10, 14);
        quarter_round(&mut x, 3, 7, 11, 15);
        quarter_round(&mut x, 0, 5, 10, 15);
        quarter_round(&mut x, 1, 6, 11, 12);
        quarter_round(&mut x, 2, 7, 8, 13);
        quarter_round(&mut x, 3, 4, 9, 14);
        x[12] = x[12].wrapping_add(1);
    }
    let high = x[..8].iter().fold(0, |acc, w| acc ^ w);
    let low = x[8..].iter().fold(0, |acc, w| acc ^ w);
    ((u64::from(high) << 32) | u64::from(low)) as i64
}

#[cfg(test)]
mod tests {
    /// The quarter round matches the test vector of RFC 8439, section 2.1.1.
    #[test]
    fn quarter_round_vector() {
        let mut x = [0_u32; 16];
        x[0] = 0x1111_1111;
        x[1] = 0x0102_0304;
        x[2] = 0x9b8d_6f43;
        x[3] = 0x0123_4567;
        super::quarter_round(&mut x, 0, 1, 2, 3);
        assert_eq!(x[..4], [0xea2a_92f4, 0xcb1c_f8ce, 0x4581_472e, 0x5881_c4bb]);
    }

    #[test]
    fn zero_rounds_is_the_start_state() {
        let xor = |words: &[u32]| words.iter().fold(0, |acc, w| acc ^ w);
        let high = xor(&[
            0x6170_7865,
            0x3320_646e,
            0x7962_2d32,
            0x6b20_6574,
            0x0302_0100,
            0x0706_0504,
            0x0b0a_0908,
            0x0f0e_0d0c,
        ]);
        let low = xor(&[
            0x1312_1110,
            0x1716_1514,
            0x1b1a_1918,
            0x1f1e_1d1c,
            1,
            0x0900_0000,
            0x4a00_0000,
            0,
        ]);
        assert_eq!(
            super::locals(0),
            ((u64::from(high) << 32) | u64::from(low)) as i64
        );
    }
}
