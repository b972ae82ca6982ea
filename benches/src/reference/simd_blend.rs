//! Reference for `simd_blend.wat`.

/// Pixels in the background; the source holds twice as many.
const PIXELS: usize = 4096;

/// One xorshift32 step (shifts 13, 17, 5).
fn xorshift(x: u32) -> u32 {
    let x = x ^ (x << 13);
    let x = x ^ (x >> 17);
    x ^ (x << 5)
}

/// The background and the source: pixel p of the concatenation is generator p mod 4's (p div 4 + 1)-th output,
/// byte by byte (r, g, b, a = least to most significant).
fn images() -> (Vec<[u8; 4]>, Vec<[u8; 4]>) {
    let mut lanes = [0x1234_5678_u32, 0x9abc_def1, 0x0bad_f00d, 0xdead_beef];
    let pixels: Vec<[u8; 4]> = (0..3 * PIXELS)
        .map(|p| {
            let lane = &mut lanes[p % 4];
            *lane = xorshift(*lane);
            lane.to_le_bytes()
        })
        .collect();
    let src = pixels[PIXELS..].to_vec();
    let mut dst = pixels;
    dst.truncate(PIXELS);
    (dst, src)
}

/// Blends the scrolled source over the background one pixel and one channel at a time, in u32 arithmetic, and
/// hashes the background's bytes as little-endian i64 words.
pub(crate) fn simd_blend(n: i32) -> i64 {
    let (mut dst, src) = images();
    for frame in 0..u32::try_from(n).unwrap_or(0) {
        let offset = (frame.wrapping_mul(389) % 4096) as usize;
        for (d, s) in dst.iter_mut().zip(&src[offset..offset + PIXELS]) {
            let alpha = u32::from(s[3]);
            for (dc, &sc) in d.iter_mut().zip(s) {
                let blended = (u32::from(sc) * alpha + u32::from(*dc) * (256 - alpha)) >> 8;
                *dc = u8::try_from(blended).unwrap_or(u8::MAX);
            }
        }
    }
    let bytes: Vec<u8> = dst.into_iter().flatten().collect();
    bytes.chunks_exact(8).fold(0_i64, |h, word| {
        let mut le = [0_u8; 8];
        le.copy_from_slice(word);
        h.wrapping_mul(31).wrapping_add(i64::from_le_bytes(le))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn inputs() {
        let (dst, src) = super::images();
        // The first output of the first lane: 0x12345678 -> 0x87985aa5, stored little-endian.
        assert_eq!(dst[0], [0xa5, 0x5a, 0x98, 0x87]);
        assert_eq!(super::xorshift(0x1234_5678), 0x8798_5aa5);
        assert_eq!((dst.len(), src.len()), (4096, 8192));
    }

    #[test]
    fn frames_change_the_background() {
        assert_ne!(super::simd_blend(1), super::simd_blend(0));
        assert_eq!(super::simd_blend(-3), super::simd_blend(0));
    }
}
