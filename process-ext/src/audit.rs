//! The audit log: one JSON object per run and per refusal, handed to an [`AuditSink`] as one line.
//!
//! Byte strings from the guest (command, arguments, environment keys) are written as JSON strings when they are
//! UTF-8, and as `{"hex": "..."}` objects otherwise, so no byte is lost or guessed.

use std::fmt::{self, Write as _};
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::Error;

/// Receives the audit records of a policy, one complete JSON object per call (no trailing newline).
///
/// Records are written after the run they describe ended (or when it was refused), from the thread that ran it;
/// a sink shared by many stores is called from many threads.
pub trait AuditSink: Send + Sync + fmt::Debug {
    /// Stores one record. A sink cannot make the run fail; it should report its own errors.
    fn record(&self, json: &str);
}

/// An [`AuditSink`] appending one line per record to a file (`--process-audit FILE`), flushed per record.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: Mutex<File>,
}

impl AuditLog {
    /// Opens (creating if needed) `path` for appending.
    ///
    /// # Errors
    ///
    /// [`Error::AuditLog`] when the file cannot be opened for appending.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref().to_path_buf();
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .map_err(|source| Error::AuditLog {
                path: path.clone(),
                source,
            })?;
        Ok(Self {
            path,
            file: Mutex::new(file),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl AuditSink for AuditLog {
    fn record(&self, json: &str) {
        let mut line = String::with_capacity(json.len() + 1);
        line.push_str(json);
        line.push('\n');
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // One write per record keeps lines whole even when several processes append to the same file.
        let written = file.write_all(line.as_bytes()).and_then(|()| file.flush());
        if let Err(err) = written {
            eprintln!(
                "capvm-process: cannot write the audit log {}: {err}",
                self.path.display()
            );
        }
    }
}

/// Builds one JSON object, field by field.
#[derive(Debug)]
pub(crate) struct Json {
    out: String,
    first: bool,
}

impl Json {
    pub(crate) fn object() -> Self {
        Self {
            out: String::from("{"),
            first: true,
        }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        string(&mut self.out, key);
        self.out.push(':');
    }

    pub(crate) fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        string(&mut self.out, value);
        self
    }

    pub(crate) fn bytes(&mut self, key: &str, value: &[u8]) -> &mut Self {
        self.key(key);
        bytes(&mut self.out, value);
        self
    }

    pub(crate) fn bytes_list<'a>(
        &mut self,
        key: &str,
        values: impl IntoIterator<Item = &'a [u8]>,
    ) -> &mut Self {
        self.key(key);
        self.out.push('[');
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            bytes(&mut self.out, value);
        }
        self.out.push(']');
        self
    }

    pub(crate) fn str_list(&mut self, key: &str, values: &[&str]) -> &mut Self {
        self.key(key);
        self.out.push('[');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            string(&mut self.out, value);
        }
        self.out.push(']');
        self
    }

    pub(crate) fn num(&mut self, key: &str, value: impl fmt::Display) -> &mut Self {
        self.key(key);
        let _infallible = write!(self.out, "{value}");
        self
    }

    pub(crate) fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
        self
    }

    pub(crate) fn null(&mut self, key: &str) -> &mut Self {
        self.key(key);
        self.out.push_str("null");
        self
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// Appends `value` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, ... or `\u00XX`.
fn string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _infallible = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a byte string: a JSON string when it is UTF-8, else `{"hex":"..."}` with two lower-case digits a byte.
fn bytes(out: &mut String, value: &[u8]) {
    match std::str::from_utf8(value) {
        Ok(text) => string(out, text),
        Err(_) => {
            out.push_str("{\"hex\":\"");
            for byte in value {
                let _infallible = write!(out, "{byte:02x}");
            }
            out.push_str("\"}");
        }
    }
}

/// `time` as RFC 3339 UTC with milliseconds, `2026-12-01T08:30:00.123Z`.
pub(crate) fn rfc3339(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let secs = since.as_secs();
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since.subsec_millis()
    )
}

/// The proleptic Gregorian date of `days` since 1970-01-01 (Howard Hinnant's well-known days-to-civil
/// arithmetic, written out here).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        let mut j = Json::object();
        j.str("s", "a\"b\\c\nd\u{1}\u{7f}é")
            .bytes("b", b"ok")
            .bytes("raw", b"\xff\x00a")
            .bytes_list("list", [&b"x"[..], &b"\x80"[..]])
            .num("n", -1)
            .bool("t", true)
            .null("z");
        assert_eq!(
            j.finish(),
            r#"{"s":"a\"b\\c\nd\u0001\u007fé","b":"ok","raw":{"hex":"ff0061"},"list":["x",{"hex":"80"}],"n":-1,"t":true,"z":null}"#
        );
    }

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_796_113_800_123);
        assert_eq!(rfc3339(t), "2026-12-01T08:30:00.123Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn the_log_appends_lines_and_rejects_bad_paths() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, "old\n").unwrap();
        let log = AuditLog::open(&path).unwrap();
        log.record("{\"a\":1}");
        log.record("{\"a\":2}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "old\n{\"a\":1}\n{\"a\":2}\n"
        );
        let err = AuditLog::open(dir.path().join("no/such/dir/x")).unwrap_err();
        assert!(matches!(err, Error::AuditLog { .. }), "{err}");
    }
}
