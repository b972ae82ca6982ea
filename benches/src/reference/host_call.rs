//! Reference for `host_call.wat`.

use crate::host::host_step;

/// x = step(x + i) for i in 0..n from x = 0, zero-extended.
pub(crate) fn host_call(n: i32) -> i64 {
    let x = (0..n.max(0)).fold(0_i32, |x, i| host_step(x.wrapping_add(i)));
    i64::from(x as u32)
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_steps() {
        assert_eq!(super::host_call(0), 0);
        assert_eq!(super::host_call(1), i64::from(0x9e37_79b9_u32));
    }
}
