//! [`Limits`]: the `setrlimit` values every command starts with.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// Default address-space limit of a command (`RLIMIT_AS`): 4 GiB.
pub const DEFAULT_MEM_LIMIT: u64 = 4 << 30;
/// Default file-size limit of a command (`RLIMIT_FSIZE`): 1 GiB.
pub const DEFAULT_FSIZE_LIMIT: u64 = 1 << 30;
/// Default open-file limit of a command (`RLIMIT_NOFILE`).
pub const DEFAULT_NOFILE_LIMIT: u64 = 1024;

/// Resource limits set on every command in the child, before `exec` (soft and hard limit alike, so the command
/// cannot raise them again). `None` leaves the limit the host process has.
///
/// Defaults: CPU time derived from each run's timeout (its seconds rounded up, plus one), address space
/// [`DEFAULT_MEM_LIMIT`], file size [`DEFAULT_FSIZE_LIMIT`], open files [`DEFAULT_NOFILE_LIMIT`], and no
/// process-count limit: `RLIMIT_NPROC` counts every process of the user on the whole host (so a fixed default
/// would break commands of a busy user) and the kernel does not apply it to root or to holders of
/// `CAP_SYS_RESOURCE`/`CAP_SYS_ADMIN`. A value above the host's own hard limit is lowered to it.
///
/// Parsed from the CLI's `--process-limit` syntax, `cpu=30s,mem=2GiB,fsize=1GiB,nofile=256,nproc=64` (any subset,
/// `KEY=none` to leave one unset):
///
/// ```
/// use capvm_process::Limits;
///
/// let limits: Limits = "cpu=30s,mem=2GiB,nproc=64".parse()?;
/// assert_eq!(limits.cpu_secs, Some(30));
/// assert_eq!(limits.mem_bytes, Some(2 << 30));
/// assert_eq!(limits.nproc, Some(64));
/// assert_eq!(limits.nofile, Limits::default().nofile); // not named: the default
/// # Ok::<(), capvm_process::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// CPU seconds (`RLIMIT_CPU`); `None` derives it from the run's timeout.
    pub cpu_secs: Option<u64>,
    /// Address space in bytes (`RLIMIT_AS`).
    pub mem_bytes: Option<u64>,
    /// Largest file the command may write, in bytes (`RLIMIT_FSIZE`).
    pub fsize_bytes: Option<u64>,
    /// Open files (`RLIMIT_NOFILE`).
    pub nofile: Option<u64>,
    /// Processes of the command's user (`RLIMIT_NPROC`): best effort, see the type's docs.
    pub nproc: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            cpu_secs: None,
            mem_bytes: Some(DEFAULT_MEM_LIMIT),
            fsize_bytes: Some(DEFAULT_FSIZE_LIMIT),
            nofile: Some(DEFAULT_NOFILE_LIMIT),
            nproc: None,
        }
    }
}

impl Limits {
    /// The CPU seconds a run with `timeout_ms` gets: the configured value, or the timeout's seconds rounded up
    /// plus one.
    pub fn cpu_secs_for(&self, timeout_ms: u32) -> u64 {
        self.cpu_secs
            .unwrap_or_else(|| u64::from(timeout_ms).div_ceil(1000) + 1)
    }
}

impl FromStr for Limits {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let mut limits = Limits::default();
        let bad = |reason: String| Error::InvalidLimitSpec {
            spec: text.to_owned(),
            reason,
        };
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = item
                .split_once('=')
                .ok_or_else(|| bad(format!("`{item}` is not KEY=VALUE")))?;
            let value = value.trim();
            let parsed = if value == "none" {
                None
            } else if key == "cpu" {
                Some(parse_secs(value).map_err(&bad)?)
            } else {
                Some(parse_size(value).map_err(&bad)?)
            };
            match key.trim() {
                "cpu" => limits.cpu_secs = parsed,
                "mem" => limits.mem_bytes = parsed,
                "fsize" => limits.fsize_bytes = parsed,
                "nofile" => limits.nofile = parsed,
                "nproc" => limits.nproc = parsed,
                other => {
                    return Err(bad(format!(
                        "unknown limit `{other}` (known: cpu, mem, fsize, nofile, nproc)"
                    )));
                }
            }
        }
        if limits.cpu_secs == Some(0) {
            return Err(bad("cpu must be at least 1s".to_owned()));
        }
        Ok(limits)
    }
}

impl fmt::Display for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: Option<u64>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
        let cpu = self
            .cpu_secs
            .map_or_else(|| "timeout".to_owned(), |v| format!("{v}s"));
        write!(
            f,
            "cpu={cpu},mem={},fsize={},nofile={},nproc={}",
            show(self.mem_bytes),
            show(self.fsize_bytes),
            show(self.nofile),
            show(self.nproc)
        )
    }
}

/// `30`, `30s`, `2m`, `1h`.
fn parse_secs(text: &str) -> Result<u64, String> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a duration"))?;
    let factor = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        other => return Err(format!("unknown time unit `{other}` in `{text}`")),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// Parses a size in bytes: `256`, `64K`, `64Ki`, `2M`, `2GiB`: decimal (`K`, `M`, `G`) or binary (`Ki`, `Mi`,
/// `Gi`, with an optional `B`); the one size syntax of capvm's command line too.
///
/// # Errors
///
/// A sentence naming the text, for a missing number, an unknown suffix or a size beyond `u64`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a number or size"))?;
    let factor: u64 = match suffix {
        "" | "B" => 1,
        "K" | "KB" => 1_000,
        "Ki" | "KiB" => 1 << 10,
        "M" | "MB" => 1_000_000,
        "Mi" | "MiB" => 1 << 20,
        "G" | "GB" => 1_000_000_000,
        "Gi" | "GiB" => 1 << 30,
        other => return Err(format!("unknown size suffix `{other}` in `{text}`")),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_reject() {
        let l: Limits = "cpu=30s,mem=2GiB,fsize=1GiB,nofile=256,nproc=64"
            .parse()
            .unwrap();
        assert_eq!(
            l,
            Limits {
                cpu_secs: Some(30),
                mem_bytes: Some(2 << 30),
                fsize_bytes: Some(1 << 30),
                nofile: Some(256),
                nproc: Some(64),
            }
        );
        let l: Limits = "cpu=2m, mem=none".parse().unwrap();
        assert_eq!((l.cpu_secs, l.mem_bytes), (Some(120), None));
        assert_eq!(l.nofile, Some(DEFAULT_NOFILE_LIMIT));
        for bad in ["cpu", "cpu=0", "cpu=3d", "mem=12Q", "wat=1", "nofile=-1"] {
            let err = bad.parse::<Limits>().unwrap_err();
            assert!(err.to_string().contains(bad), "{bad}: {err}");
        }
        assert_eq!(
            Limits::default().to_string(),
            "cpu=timeout,mem=4294967296,fsize=1073741824,nofile=1024,nproc=none"
        );
    }

    #[test]
    fn cpu_time_follows_the_timeout() {
        let l = Limits::default();
        assert_eq!(l.cpu_secs_for(10_000), 11);
        assert_eq!(l.cpu_secs_for(1), 2);
        assert_eq!(l.cpu_secs_for(0), 1);
        let l = Limits {
            cpu_secs: Some(5),
            ..Limits::default()
        };
        assert_eq!(l.cpu_secs_for(60_000), 5);
    }
}
