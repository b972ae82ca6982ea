//! WebAssembly feature switches, as wasmtime spells them (`-W simd=n`): one list of names and the `Config`
//! method each one sets.

use capvm_core::Config;

/// A `Config` method that switches one feature.
type Switch = fn(&mut Config, bool) -> &mut Config;

/// Every switchable feature: its `-W` name and the `Config` method that sets it.
const FEATURES: &[(&str, Switch)] = &[
    ("simd", Config::wasm_simd),
    ("relaxed-simd", Config::wasm_relaxed_simd),
    ("tail-call", Config::wasm_tail_call),
    ("function-references", Config::wasm_function_references),
    ("exceptions", Config::wasm_exceptions),
    ("multi-memory", Config::wasm_multi_memory),
    ("memory64", Config::wasm_memory64),
    ("extended-const", Config::wasm_extended_const),
];

/// The `-W` names of the features, for help and error messages.
pub(crate) fn names() -> String {
    FEATURES
        .iter()
        .map(|(name, _)| format!("{name}=y|n"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Feature choices from `-W NAME=y|n` options, applied in order (indices into [`FEATURES`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Features {
    choices: Vec<(usize, bool)>,
}

impl Features {
    /// Records `-W key=value` if `key` names a feature: `Ok(true)`; `Ok(false)` if it names none.
    ///
    /// # Errors
    ///
    /// If the value is not `y` or `n`.
    pub(crate) fn apply(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let Some(index) = FEATURES.iter().position(|(name, _)| *name == key) else {
            return Ok(false);
        };
        self.choices.push((index, yes_or_no(value)?));
        Ok(true)
    }

    /// Sets the chosen features on `config`.
    pub(crate) fn configure(&self, config: &mut Config) {
        for &(index, on) in &self.choices {
            if let Some((_, set)) = FEATURES.get(index) {
                set(config, on);
            }
        }
    }
}

/// `y`/`yes`/`true` or `n`/`no`/`false`.
pub(crate) fn yes_or_no(value: &str) -> Result<bool, String> {
    match value {
        "y" | "yes" | "true" => Ok(true),
        "n" | "no" | "false" => Ok(false),
        other => Err(format!("`{other}` is not y or n")),
    }
}

/// The `-W` names of the features, in order (WasmEdge's `--disable-NAME` flags must cover the same list).
#[cfg(test)]
pub(crate) fn all_names() -> Vec<&'static str> {
    FEATURES.iter().map(|(name, _)| *name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_switched_off_feature_rejects_modules_that_use_it() {
        let mut features = Features::default();
        assert_eq!(features.apply("simd", "n"), Ok(true));
        assert_eq!(features.apply("fuel", "10"), Ok(false));
        assert!(features.apply("simd", "maybe").is_err());
        let mut config = Config::new();
        features.configure(&mut config);
        let engine = capvm_core::Engine::new(&config);
        let simd = "(module (func (result v128) (v128.const i64x2 0 0)))";
        assert!(capvm_core::Module::new(&engine, simd).is_err());
        assert!(capvm_core::Module::new(&capvm_core::Engine::default(), simd).is_ok());
    }
}
