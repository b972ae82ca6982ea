//! wasm-smith modules restricted to what capvm implements, made to terminate, from fuzzer bytes or a seed.

use arbitrary::Unstructured;

/// The termination fuel wasm-smith's `ensure_termination` gives each module: one unit per function entry and
/// loop iteration, and the length of every bulk operation. It is one global for the whole module, so it is
/// shared by instantiation and all calls.
pub const TERMINATION_FUEL: u32 = 1_000;

/// The largest memory a generated module declares, in bytes (every memory has a maximum).
pub const MAX_MEMORY_BYTES: u64 = 4 * 65_536;

/// The largest table a generated module declares, in elements (every table has a maximum).
pub const MAX_TABLE_ELEMENTS: u64 = 1_000;

/// The wasm-smith configuration: exactly capvm's features (WebAssembly 2.0 with SIMD, relaxed SIMD, extended
/// constant expressions), canonical NaNs, bounded memories and tables, everything exported so that every
/// function is called and all state is seen.
pub fn config() -> wasm_smith::Config {
    wasm_smith::Config {
        // On: WebAssembly 2.0 with fixed-width SIMD (mutable globals and floats are always on), extended
        // constant expressions and relaxed SIMD.
        bulk_memory_enabled: true,
        reference_types_enabled: true,
        multi_value_enabled: true,
        sign_extension_ops_enabled: true,
        saturating_float_to_int_enabled: true,
        extended_const_enabled: true,
        simd_enabled: true,
        // Relaxed SIMD allows a set of results per operator; it is compared exactly because wasmi 2.0 makes
        // capvm's choice for every one (capvm's are documented in `vm-core/src/exec/simd.rs`, wasmi's are in
        // wasmi_core's `simd.rs`): `relaxed_swizzle` is `swizzle`, the relaxed truncations saturate like
        // `trunc_sat`, `relaxed_madd`/`nmadd` are fused (`mul_add`, one rounding), `relaxed_laneselect` is
        // `bitselect`, `relaxed_min`/`max` are `min`/`max`, `relaxed_q15mulr_s` saturates, and the relaxed dot
        // products read both operands as signed and wrap in i16. If either engine changes a choice, this must
        // be switched off (or the harness taught the allowed set): a difference here is not a bug by itself.
        relaxed_simd_enabled: true,
        // Off: every proposal capvm does not have.
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        exceptions_enabled: false,
        tail_call_enabled: false,
        gc_enabled: false,
        memory64_enabled: false,
        custom_page_sizes_enabled: false,
        wide_arithmetic_enabled: false,
        compact_imports_enabled: false,
        custom_descriptors_enabled: false,
        acquire_release_atomics_enabled: false,
        multibyte_array_access_enabled: false,
        max_memories: 1,
        // Determinism and bounded resources.
        canonicalize_nans: true,
        memory_max_size_required: true,
        max_memory32_bytes: MAX_MEMORY_BYTES,
        table_max_size_required: true,
        max_table_elements: MAX_TABLE_ELEMENTS,
        max_tables: 3,
        min_types: 1,
        min_funcs: 2,
        // Per function body. 200, not the 300 of the scalar-only configuration: with SIMD each instruction
        // costs wasm-smith about 1.7 times as much to choose (it checks the operand types of every operator
        // it could pick, and there are twice as many), and generation is most of the seeded test's time. At
        // 200 the test's 5000 modules take about a sixth more CPU time than the scalar-only ones at 300 did
        // (modules are a fifth smaller; about a sixth of their operators are SIMD).
        max_instructions: 200,
        max_funcs: 30,
        max_imports: 10,
        export_everything: true,
        allow_invalid_funcs: false,
        ..wasm_smith::Config::default()
    }
}

/// A module generated from `u` with [`config`] and made to terminate.
///
/// # Errors
///
/// If wasm-smith cannot build a module from the bytes (it rarely does: short input gives small modules).
pub fn generate(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<u8>> {
    let mut module = wasm_smith::Module::new(config(), u)?;
    module
        .ensure_termination(TERMINATION_FUEL)
        .map_err(|_| arbitrary::Error::IncorrectFormat)?;
    Ok(module.to_bytes())
}

/// A module generated from `u` with [`config`], as it comes: it may loop forever, so run it with fuel.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_unbounded(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<u8>> {
    Ok(wasm_smith::Module::new(config(), u)?.to_bytes())
}

/// The module for `seed`: [`generate`] over pseudo-random bytes (SplitMix64) of a seed-dependent length, so a
/// seed always means the same module.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_from_seed(seed: u64) -> arbitrary::Result<Vec<u8>> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let len = 4096 + (next() % 16_384) as usize;
    let bytes: Vec<u8> = (0..len.div_ceil(8))
        .flat_map(|_| next().to_le_bytes())
        .take(len)
        .collect();
    generate(&mut Unstructured::new(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_deterministic_and_distinct() {
        let a = generate_from_seed(1).unwrap();
        assert_eq!(a, generate_from_seed(1).unwrap());
        assert_ne!(a, generate_from_seed(2).unwrap());
    }
}
