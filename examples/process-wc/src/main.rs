//! Counts lines, words and bytes of this guest's stdin with the host's `wc -l -w -c`, parses its answer and
//! prints one `name: value` line per count.
//!
//! ```text
//! printf 'one two\nthree\n' | capvm run --allow-command wc process-wc.wasm
//! lines: 2
//! words: 3
//! bytes: 14
//! ```

use std::io::{self, Read};
use std::process::ExitCode;

use capvm_guest::Command;

/// `wc` prints its counts in the order lines, words, bytes, whatever the order of the flags.
fn parse_counts(text: &str) -> Option<[u64; 3]> {
    let mut fields = text.split_whitespace().map(str::parse::<u64>);
    let counts = [
        fields.next()?.ok()?,
        fields.next()?.ok()?,
        fields.next()?.ok()?,
    ];
    fields.next().is_none().then_some(counts)
}

fn main() -> ExitCode {
    let mut input = Vec::new();
    if let Err(err) = io::stdin().read_to_end(&mut input) {
        eprintln!("process-wc: cannot read stdin: {err}");
        return ExitCode::FAILURE;
    }
    let out = Command::new("wc")
        .args(["-l", "-w", "-c"])
        .stdin_u8vec(&input)
        .timeout(5_000)
        .output();
    if !out.success() {
        eprintln!(
            "process-wc: wc failed with status {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        return ExitCode::FAILURE;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let Some([lines, words, bytes]) = parse_counts(&text) else {
        eprintln!("process-wc: cannot parse wc's answer {text:?}");
        return ExitCode::FAILURE;
    };
    println!("lines: {lines}");
    println!("words: {words}");
    println!("bytes: {bytes}");
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::parse_counts;

    #[test]
    fn parses_wc_output() {
        assert_eq!(parse_counts("      2       3      14\n"), Some([2, 3, 14]));
        assert_eq!(parse_counts("2 3 14"), Some([2, 3, 14]));
        assert_eq!(parse_counts("2 3"), None);
        assert_eq!(parse_counts("2 3 14 -"), None);
        assert_eq!(parse_counts("a b c"), None);
    }
}
