//! Reference for `minivm.wat`.

/// The bytecode program's computation, written directly in Rust.
pub(crate) fn minivm(n: i32) -> i64 {
    let mut x: u32 = 1;
    let mut acc: u32 = 0;
    let mut n = n as u32;
    while n != 0 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let t = x >> 16;
        if t & 1 != 0 {
            acc = acc.wrapping_add(t);
        } else {
            acc ^= t << 3;
        }
        n -= 1;
    }
    i64::from(acc)
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_steps() {
        assert_eq!(super::minivm(0), 0);
        // x = 1103527590, t = 16838 (even): acc = 16838 << 3
        assert_eq!(super::minivm(1), 16838 << 3);
    }
}
