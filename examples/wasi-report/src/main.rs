//! Example capvm guest: reads a text file from a preopened directory, computes a short report on it (line, word
//! and byte counts, the longest line, the most frequent words) and writes the report both to stdout and to a file
//! next to the input.
//!
//! ```text
//! capvm run --dir examples/data::/data examples/wasm/wasi-report.wasm /data/capabilities.txt
//! ```
//!
//! Usage: `wasi-report INPUT [OUTPUT]`. OUTPUT defaults to INPUT with `.report.txt` appended. The guest can only
//! reach the directories it was given with `--dir`: an INPUT outside them fails with "permission denied" or "not
//! found", and a read-only `--dir` makes the report file fail to write (the report is still printed).
//!
//! Exit status: 0 on success, 1 if the input cannot be read or the report cannot be written, 2 on bad usage.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

/// How many of the most frequent words the report lists.
const TOP_WORDS: usize = 8;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = match args.as_slice() {
        [_, input] => (input.clone(), format!("{input}.report.txt")),
        [_, input, output] => (input.clone(), output.clone()),
        _ => {
            eprintln!(
                "usage: wasi-report INPUT [OUTPUT]   (paths as the guest sees them, e.g. /data/notes.txt)"
            );
            return ExitCode::from(2);
        }
    };
    let bytes = match std::fs::read(&input) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("wasi-report: cannot read {input}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let report = report(&input, &text, bytes.len());
    print!("{report}");
    if let Err(error) = std::fs::write(&output, &report) {
        eprintln!("wasi-report: cannot write {output}: {error}");
        return ExitCode::FAILURE;
    }
    println!("report written to {output}");
    ExitCode::SUCCESS
}

/// The words of `text`: runs of letters, digits and inner apostrophes, lowercased.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The report on `text` (read from `name`, `bytes` long) as printed and written.
fn report(name: &str, text: &str, bytes: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let blank = lines.iter().filter(|l| l.trim().is_empty()).count();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut total_words = 0usize;
    let mut letters = 0usize;
    for word in words(text) {
        total_words += 1;
        letters += word.chars().count();
        *counts.entry(word).or_default() += 1;
    }
    // Longest line: the first of the longest, numbered from 1.
    let longest = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.chars().count(), i))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));

    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(out, "report on {name}");
    let _ = writeln!(out, "  bytes:         {bytes}");
    let _ = writeln!(out, "  characters:    {}", text.chars().count());
    let _ = writeln!(out, "  lines:         {} ({blank} blank)", lines.len());
    let _ = writeln!(
        out,
        "  words:         {total_words} ({} distinct)",
        counts.len()
    );
    if total_words > 0 {
        let tenths = (letters * 10 + total_words / 2) / total_words;
        let _ = writeln!(
            out,
            "  average word:  {}.{} letters",
            tenths / 10,
            tenths % 10
        );
    }
    if let Some((length, index)) = longest {
        let _ = writeln!(
            out,
            "  longest line:  line {} ({length} characters)",
            index + 1
        );
    }
    let mut ranked: Vec<(&String, &usize)> = counts.iter().collect();
    // Most frequent first; ties in alphabetical order, so the report is the same on every run.
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !ranked.is_empty() {
        let _ = writeln!(out, "  most frequent words:");
        for (word, count) in ranked.into_iter().take(TOP_WORDS) {
            let _ = writeln!(out, "    {count:>4}  {word}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_ranking() {
        let text = "The cat and the dog.\n\nThe END, the end.\n";
        let r = report("t.txt", text, text.len());
        assert!(r.contains("lines:         3 (1 blank)"), "{r}");
        assert!(r.contains("words:         9 (5 distinct)"), "{r}");
        assert!(
            r.contains("       4  the\n       2  end\n       1  and\n"),
            "{r}"
        );
        assert!(r.contains("longest line:  line 1 (20 characters)"), "{r}");
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let w: Vec<String> = words("Don't 'quote' me, it's 2024!").collect();
        assert_eq!(w, ["don't", "quote", "me", "it's", "2024"]);
    }
}
