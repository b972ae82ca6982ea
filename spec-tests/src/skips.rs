//! The skip list: test files that are not run, each with the reason why.

/// One skipped file or directory of the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skip {
    /// A path relative to the suite root (e.g. `wasm-2.0/simd/`); a path ending in `/` skips the whole directory.
    pub path: &'static str,
    /// Why it is skipped, printed with the results.
    pub reason: &'static str,
}

/// Every skipped file or directory. Each entry needs a reason; remove the entry as soon as the reason is gone.
pub const SKIPS: &[Skip] = &[Skip {
    path: "wasm-2.0/simd/",
    reason: "SIMD (v128) is not implemented yet: see the SIMD issue",
}];

/// The skip entry covering `path` (relative to the suite root, `/`-separated), if any.
pub fn skip_reason(path: &str) -> Option<&'static Skip> {
    SKIPS.iter().find(|skip| {
        if skip.path.ends_with('/') {
            path.starts_with(skip.path)
        } else {
            path == skip.path
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_skip_has_a_reason() {
        for skip in SKIPS {
            assert!(
                !skip.reason.trim().is_empty(),
                "{} has no reason",
                skip.path
            );
        }
    }

    #[test]
    fn directory_entries_match_by_prefix_only() {
        assert!(skip_reason("wasm-2.0/simd/simd_address.wast").is_some());
        assert!(skip_reason("wasm-2.0/address.wast").is_none());
        assert!(skip_reason("wasm-2.0/simd").is_none());
    }
}
