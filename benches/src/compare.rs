//! Reading criterion's results and printing capvm-versus-wasmi tables.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::error::BenchError;

/// One criterion benchmark result: `group/function/value` with its median time.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// The benchmark group (the phase: `execute`, `translate`, ...).
    pub group: String,
    /// The function id (the engine: `capvm`, `wasmi`, ...).
    pub function: String,
    /// The parameter (the workload name).
    pub value: String,
    /// The median time per iteration in nanoseconds.
    pub median_ns: f64,
}

fn criterion_err(path: &Path, message: impl Into<String>) -> BenchError {
    BenchError::Criterion {
        path: path.display().to_string(),
        message: message.into(),
    }
}

fn read_json(path: &Path) -> Result<serde_json::Value, BenchError> {
    let text = fs::read_to_string(path).map_err(|e| criterion_err(path, e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| criterion_err(path, e.to_string()))
}

/// Reads one `.../new` directory holding `benchmark.json` and `estimates.json`.
fn read_measurement(new_dir: &Path) -> Result<Measurement, BenchError> {
    let bench_path = new_dir.join("benchmark.json");
    let bench = read_json(&bench_path)?;
    let field = |name: &str| bench.get(name).and_then(|v| v.as_str()).map(str::to_string);
    let group = field("group_id").ok_or_else(|| criterion_err(&bench_path, "no group_id"))?;
    let function = field("function_id").unwrap_or_default();
    let value = field("value_str").unwrap_or_default();
    let estimates_path = new_dir.join("estimates.json");
    let estimates = read_json(&estimates_path)?;
    let median_ns = estimates
        .get("median")
        .and_then(|m| m.get("point_estimate"))
        .and_then(|p| p.as_f64())
        .ok_or_else(|| criterion_err(&estimates_path, "no median.point_estimate"))?;
    Ok(Measurement {
        group,
        function,
        value,
        median_ns,
    })
}

fn walk(dir: &Path, out: &mut Vec<Measurement>) -> Result<(), BenchError> {
    let entries = fs::read_dir(dir).map_err(|e| criterion_err(dir, e.to_string()))?;
    for entry in entries {
        let entry = entry.map_err(|e| criterion_err(dir, e.to_string()))?;
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") && path.join("benchmark.json").is_file() {
            out.push(read_measurement(&path)?);
        } else if path.file_name().is_some_and(|n| n != "report") {
            walk(&path, out)?;
        }
    }
    Ok(())
}

/// Collects every benchmark result under criterion's output directory (usually `target/criterion`), sorted by
/// group, value and function.
///
/// # Errors
///
/// If the directory or a result file cannot be read or parsed.
pub fn collect_measurements(criterion_dir: &Path) -> Result<Vec<Measurement>, BenchError> {
    let mut out = Vec::new();
    walk(criterion_dir, &mut out)?;
    out.sort_by(|a, b| (&a.group, &a.value, &a.function).cmp(&(&b.group, &b.value, &b.function)));
    Ok(out)
}

/// Formats nanoseconds with a unit that keeps three or four significant digits.
fn format_time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.3} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

/// One table row: the value (workload) and the median of each function (engine) that ran it.
type Row<'a> = (&'a str, BTreeMap<&'a str, f64>);

/// One markdown table per group: value | `subject` | `baseline` | ratio (subject / baseline) | other functions,
/// with the geometric mean of the ratios as the last row. Rows keep the order of first appearance.
pub fn markdown_tables(measurements: &[Measurement], subject: &str, baseline: &str) -> String {
    // group -> rows of (value, function -> median)
    let mut groups: BTreeMap<&str, Vec<Row<'_>>> = BTreeMap::new();
    for m in measurements {
        let rows = groups.entry(m.group.as_str()).or_default();
        let row = match rows.iter().position(|(v, _)| *v == m.value) {
            Some(i) => &mut rows[i].1,
            None => {
                rows.push((m.value.as_str(), BTreeMap::new()));
                let last = rows.len() - 1;
                &mut rows[last].1
            }
        };
        row.insert(m.function.as_str(), m.median_ns);
    }

    let mut out = String::new();
    for (group, rows) in &groups {
        // Other packages' criterion groups share the directory; show only groups that ran capvm or wasmi.
        let compared = rows
            .iter()
            .any(|(_, fns)| fns.contains_key(subject) || fns.contains_key(baseline));
        if !compared {
            continue;
        }
        let mut others: Vec<&str> = rows
            .iter()
            .flat_map(|(_, fns)| fns.keys().copied())
            .filter(|f| *f != subject && *f != baseline)
            .collect();
        others.sort_unstable();
        others.dedup();

        let _ = writeln!(out, "### {group}\n");
        let mut header =
            format!("| workload | {subject} | {baseline} | ratio ({subject}/{baseline}) |");
        let mut rule = String::from("|---|---:|---:|---:|");
        for other in &others {
            let _ = write!(header, " {other} |");
            rule.push_str("---:|");
        }
        let _ = writeln!(out, "{header}\n{rule}");

        let mut log_sum = 0.0;
        let mut count = 0_u32;
        for (value, fns) in rows {
            let cell = |f: &str| {
                fns.get(f)
                    .map_or_else(|| "-".to_string(), |ns| format_time(*ns))
            };
            let ratio = match (fns.get(subject), fns.get(baseline)) {
                (Some(s), Some(b)) if *b > 0.0 && *s > 0.0 => {
                    log_sum += (s / b).ln();
                    count += 1;
                    format!("{:.2}x", s / b)
                }
                _ => "-".to_string(),
            };
            let _ = write!(
                out,
                "| {value} | {} | {} | {ratio} |",
                cell(subject),
                cell(baseline)
            );
            for other in &others {
                let _ = write!(out, " {} |", cell(other));
            }
            out.push('\n');
        }
        if count > 0 {
            let geomean = (log_sum / f64::from(count)).exp();
            let _ = write!(out, "| **geomean** (n={count}) | | | **{geomean:.2}x** |");
            for _ in &others {
                out.push_str(" |");
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(group: &str, function: &str, value: &str, median_ns: f64) -> Measurement {
        Measurement {
            group: group.to_string(),
            function: function.to_string(),
            value: value.to_string(),
            median_ns,
        }
    }

    #[test]
    fn table_has_ratios_and_geomean() {
        let data = [
            m("execute", "capvm", "fib", 2e6),
            m("execute", "wasmi", "fib", 1e6),
            m("execute", "capvm", "sort", 1e6),
            m("execute", "wasmi", "sort", 2e6),
            m("execute", "capvm", "only_capvm", 5.0),
        ];
        let table = markdown_tables(&data, "capvm", "wasmi");
        assert!(table.contains("### execute"), "{table}");
        assert!(
            table.contains("| fib | 2.00 ms | 1.00 ms | 2.00x |"),
            "{table}"
        );
        assert!(
            table.contains("| sort | 1.00 ms | 2.00 ms | 0.50x |"),
            "{table}"
        );
        assert!(table.contains("| only_capvm | 5.0 ns | - | - |"), "{table}");
        // geomean of 2.0 and 0.5 is 1.0; the row without a ratio is left out
        assert!(
            table.contains("**geomean** (n=2) | | | **1.00x** |"),
            "{table}"
        );
    }

    #[test]
    fn extra_engines_get_their_own_column() {
        let data = [
            m("translate", "capvm", "large", 3e3),
            m("translate", "wasmi", "large", 1e3),
            m("translate", "wasmi-lazy", "large", 5e2),
        ];
        let table = markdown_tables(&data, "capvm", "wasmi");
        assert!(
            table.contains("| ratio (capvm/wasmi) | wasmi-lazy |"),
            "{table}"
        );
        assert!(
            table.contains("| large | 3.00 µs | 1.00 µs | 3.00x | 500.0 ns |"),
            "{table}"
        );
    }

    #[test]
    fn groups_without_either_engine_are_skipped() {
        let data = [
            m("execute", "capvm", "fib", 1e6),
            m("elsewhere", "native", "", 1e3),
        ];
        let table = markdown_tables(&data, "capvm", "wasmi");
        assert!(table.contains("### execute"), "{table}");
        assert!(!table.contains("elsewhere"), "{table}");
    }

    #[test]
    fn reads_criterion_layout() {
        let dir =
            std::env::temp_dir().join(format!("capvm-benches-compare-{}", std::process::id()));
        let new_dir = dir.join("execute").join("capvm").join("fib").join("new");
        fs::create_dir_all(&new_dir).expect("create temp dir");
        fs::write(
            new_dir.join("benchmark.json"),
            r#"{"group_id":"execute","function_id":"capvm","value_str":"fib","throughput":null,
                "full_id":"execute/capvm/fib","directory_name":"execute/capvm/fib","title":"execute/capvm/fib"}"#,
        )
        .expect("write benchmark.json");
        fs::write(
            new_dir.join("estimates.json"),
            r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":3.0},
                "point_estimate":2.0,"standard_error":0.1},
                "median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":3.0},
                "point_estimate":1234.5,"standard_error":0.1}}"#,
        )
        .expect("write estimates.json");
        // criterion's `base` copy and the html report must be ignored
        fs::create_dir_all(dir.join("execute").join("report")).expect("create report dir");
        let found = collect_measurements(&dir);
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(
            found.expect("readable"),
            vec![m("execute", "capvm", "fib", 1234.5)]
        );
    }
}
