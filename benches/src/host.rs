//! The host function imported by the host-call workload.

/// The import module name of the host function.
pub const HOST_MODULE: &str = "env";

/// The import field name of the host function.
pub const HOST_FUNC: &str = "step";

/// The host function `env.step: (i32) -> i32` that both engines link: `rotl(x, 5) ^ 0x9e3779b9`.
pub fn host_step(x: i32) -> i32 {
    // 0x9e3779b9 as an i32 bit pattern.
    x.rotate_left(5) ^ (0x9e37_79b9_u32 as i32)
}
