//! Execution limits from the command line: fuel, a timeout, memory and table sizes, in capvm's own spelling,
//! wasmtime's `-W KEY=VALUE` and WasmEdge's `--gas-limit`, `--time-limit` and `--memory-page-limit`; also what
//! to do with imports nothing defines (`--unknown-imports-trap`, `-W unknown-imports-trap=y`), the one other
//! `-W` option capvm takes.

use std::time::Duration;

use capvm_core::Config;

use crate::args::{RunArgs, parse_size};
use crate::features::{self, Features, yes_or_no};
use crate::report::Failure;

const PAGE: u64 = 65_536;

/// The limits one run is under, after reconciling every spelling of each.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Limits {
    pub(crate) fuel: Option<u64>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_memory_pages: Option<u64>,
    pub(crate) max_table_elements: Option<u64>,
    pub(crate) max_call_depth: Option<u32>,
    pub(crate) unknown_imports: Option<UnknownImports>,
    /// WebAssembly features switched with `-W NAME=y|n`.
    pub(crate) features: Features,
}

/// What functions that no host module defines become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnknownImports {
    /// Functions that trap, naming the import, when called.
    Trap,
    /// Functions that return zeros.
    Default,
}

impl Limits {
    /// Collects the limits from the flags; two spellings of one limit must agree.
    pub(crate) fn from_args(args: &RunArgs) -> Result<Self, Failure> {
        let mut limits = Self::default();
        let setup = |flag: &str, e: String| Failure::Setup(format!("{flag}: {e}"));
        if let Some(fuel) = args.fuel {
            set(&mut limits.fuel, fuel, "--fuel")?;
        }
        if let Some(gas) = args.gas_limit {
            set(&mut limits.fuel, gas, "--gas-limit")?;
        }
        if let Some(text) = &args.timeout {
            let timeout = parse_duration(text).map_err(|e| setup("--timeout", e))?;
            set(&mut limits.timeout, timeout, "--timeout")?;
        }
        if let Some(ms) = args.time_limit {
            set(
                &mut limits.timeout,
                Duration::from_millis(ms),
                "--time-limit",
            )?;
        }
        if let Some(text) = &args.max_memory {
            let pages = memory_pages(text).map_err(|e| setup("--max-memory", e))?;
            set(&mut limits.max_memory_pages, pages, "--max-memory")?;
        }
        if let Some(pages) = args.memory_page_limit {
            set(&mut limits.max_memory_pages, pages, "--memory-page-limit")?;
        }
        if let Some(n) = args.max_table_elements {
            set(&mut limits.max_table_elements, n, "--max-table-elements")?;
        }
        if let Some(depth) = args.max_call_depth {
            set(&mut limits.max_call_depth, depth, "--max-call-depth")?;
        }
        if args.unknown_imports_trap {
            set(
                &mut limits.unknown_imports,
                UnknownImports::Trap,
                "--unknown-imports-trap",
            )?;
        }
        if args.unknown_imports_default {
            set(
                &mut limits.unknown_imports,
                UnknownImports::Default,
                "--unknown-imports-default",
            )?;
        }
        for option in &args.wasm_options {
            limits.apply_option(option)?;
        }
        for (name, disable, enable) in args.wasmedge_features.choices() {
            if disable && enable {
                return Err(Failure::Setup(format!(
                    "--disable-{name} and --enable-{name} contradict each other"
                )));
            }
            if disable || enable {
                let value = if enable { "y" } else { "n" };
                limits.features.apply(name, value).map_err(Failure::Setup)?;
            }
        }
        if limits.timeout == Some(Duration::ZERO) {
            return Err(Failure::Setup(
                "the timeout must be longer than zero".to_string(),
            ));
        }
        Ok(limits)
    }

    /// The limits that `-W KEY=VALUE` options alone give (for `capvm compile`).
    pub(crate) fn from_options(options: &[String]) -> Result<Self, Failure> {
        let mut limits = Self::default();
        for option in options {
            limits.apply_option(option)?;
        }
        Ok(limits)
    }

    /// Applies one wasmtime-style `-W KEY=VALUE` option.
    fn apply_option(&mut self, option: &str) -> Result<(), Failure> {
        let flag = format!("-W {option}");
        let bad = |e: String| Failure::Setup(format!("{flag}: {e}"));
        let Some((key, value)) = option.split_once('=') else {
            return Err(bad(format!("expected KEY=VALUE; {}", SUPPORTED_OPTIONS)));
        };
        if self.features.apply(key, value).map_err(bad)? {
            return Ok(());
        }
        match key {
            "fuel" => set(&mut self.fuel, parse_count(value).map_err(bad)?, &flag),
            "timeout" => set(
                &mut self.timeout,
                parse_duration(value).map_err(bad)?,
                &flag,
            ),
            "max-memory-size" => {
                let pages = memory_pages(value).map_err(bad)?;
                set(&mut self.max_memory_pages, pages, &flag)
            }
            "max-table-elements" => set(
                &mut self.max_table_elements,
                parse_count(value).map_err(bad)?,
                &flag,
            ),
            "unknown-imports-trap" | "unknown-imports-default" => {
                let on = yes_or_no(value).map_err(bad)?;
                let choice = if key == "unknown-imports-trap" {
                    UnknownImports::Trap
                } else {
                    UnknownImports::Default
                };
                if on {
                    set(&mut self.unknown_imports, choice, &flag)?;
                }
                Ok(())
            }
            _ => Err(bad(format!(
                "unknown option `{key}`; {SUPPORTED_OPTIONS}, and the features {}",
                features::names()
            ))),
        }
    }

    /// The engine configuration these limits need.
    pub(crate) fn configure(&self, config: &mut Config) {
        let mut store_limits = capvm_core::StoreLimits::default();
        if let Some(pages) = self.max_memory_pages {
            store_limits.max_memory_pages = pages;
        }
        if let Some(n) = self.max_table_elements {
            store_limits.max_total_table_elements = n;
            store_limits.max_table_elements = store_limits.max_table_elements.min(n);
        }
        if let Some(depth) = self.max_call_depth {
            store_limits.max_call_depth = depth;
        }
        config.store_limits(store_limits);
        config.consume_fuel(self.fuel.is_some());
        config.epoch_interruption(self.timeout.is_some());
        self.features.configure(config);
    }
}

const SUPPORTED_OPTIONS: &str = "supported: fuel=N, timeout=DURATION, max-memory-size=BYTES, \
     max-table-elements=N, unknown-imports-trap=y|n, unknown-imports-default=y|n";

/// Records `value` for a limit, refusing a second, different value from another spelling.
fn set<V: PartialEq + std::fmt::Debug>(
    slot: &mut Option<V>,
    value: V,
    flag: &str,
) -> Result<(), Failure> {
    match slot {
        Some(previous) if *previous != value => Err(Failure::Setup(format!(
            "{flag} conflicts with another flag that sets it to {previous:?}"
        ))),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

/// A maximum memory size in bytes, as whole pages: a size that is not a whole number of pages is an error that
/// says so, never a silent rounding.
fn memory_pages(text: &str) -> Result<u64, String> {
    let bytes = parse_size(text)?;
    if bytes % PAGE != 0 {
        return Err(format!(
            "{bytes} bytes is not a whole number of 64 KiB WebAssembly pages (a memory's size is always one); \
             use a multiple of 65536, for example {}",
            (bytes / PAGE).max(1) * PAGE
        ));
    }
    Ok(bytes / PAGE)
}

fn parse_count(text: &str) -> Result<u64, String> {
    text.trim()
        .replace('_', "")
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))
}

/// Parses a duration: a whole number with an optional unit `ms`, `s`, `m` or `h` (seconds without one), e.g.
/// `500ms`, `10s`, `2m`.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits.parse().map_err(|_| {
        format!("`{text}` is not a duration (a number with an optional unit: ms, s, m, h)")
    })?;
    let millis_per: u64 = match unit {
        "ms" => 1,
        "" | "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{text}` (use ms, s, m or h)"
            ));
        }
    };
    number
        .checked_mul(millis_per)
        .map(Duration::from_millis)
        .ok_or_else(|| format!("duration `{text}` is too long"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert!(parse_duration("1d").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn memory_sizes_must_be_whole_pages() {
        assert_eq!(memory_pages("64Ki"), Ok(1));
        assert_eq!(memory_pages("1Gi"), Ok(16_384));
        let error = memory_pages("100").unwrap_err();
        assert!(error.contains("64 KiB WebAssembly pages"), "{error}");
        assert!(memory_pages("0").is_ok());
    }

    #[test]
    fn options_in_wasmtime_spelling() {
        let mut limits = Limits::default();
        limits.apply_option("fuel=1_000").unwrap();
        limits.apply_option("timeout=2s").unwrap();
        limits.apply_option("max-memory-size=128Ki").unwrap();
        limits.apply_option("max-table-elements=10").unwrap();
        assert_eq!(limits.fuel, Some(1000));
        assert_eq!(limits.timeout, Some(Duration::from_secs(2)));
        assert_eq!(limits.max_memory_pages, Some(2));
        assert_eq!(limits.max_table_elements, Some(10));
        assert!(limits.apply_option("fuel=2").is_err(), "conflicting values");
        assert!(limits.apply_option("fuel=1000").is_ok(), "the same value");
        assert!(limits.apply_option("bogus=1").is_err());
        assert!(limits.apply_option("fuel").is_err());
    }
}
