//! Compares capvm's and wasmi's outcomes for one module and explains the first difference.

use core::fmt;

use crate::outcome::{Call, Failure, Outcome, State, Value};

/// The result of comparing the two engines on one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Both accepted the module and behaved the same in instantiation and every call.
    Agree {
        /// The number of calls compared.
        calls: usize,
    },
    /// Both rejected the module.
    BothRejected,
    /// One engine exhausted its stack (the engines' depth limits differ): everything before agreed, the rest
    /// was not compared.
    Inconclusive {
        /// The number of calls compared before the stack exhaustion.
        calls: usize,
    },
    /// The engines differ.
    Mismatch(Box<Mismatch>),
}

/// The first difference between capvm and wasmi on a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where they differ: "validation", "exports", "instantiation" or "call N `name`(args)", and what.
    pub step: String,
    /// What capvm did.
    pub capvm: String,
    /// What wasmi did.
    pub wasmi: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "capvm and wasmi differ at {}:\n  capvm: {}\n  wasmi: {}",
            self.step, self.capvm, self.wasmi
        )
    }
}

fn mismatch(
    step: impl Into<String>,
    capvm: impl Into<String>,
    wasmi: impl Into<String>,
) -> Verdict {
    Verdict::Mismatch(Box::new(Mismatch {
        step: step.into(),
        capvm: capvm.into(),
        wasmi: wasmi.into(),
    }))
}

/// Compares two outcomes: the same rejection or acceptance, the same exports, the same instantiation result
/// and, call by call, the same arguments, results (or failure) and exported state. Values (results, globals)
/// are compared with [`Value::same_as`], which lets the NaN lanes of a `v128` differ. Stack exhaustion on
/// either side ends the comparison as [`Verdict::Inconclusive`].
pub fn compare(capvm: &Outcome, wasmi: &Outcome) -> Verdict {
    let (capvm, wasmi) = match (capvm, wasmi) {
        (Outcome::Rejected(_), Outcome::Rejected(_)) => return Verdict::BothRejected,
        (Outcome::Rejected(message), Outcome::Accepted(_)) => {
            return mismatch("validation", format!("rejected: {message}"), "accepted");
        }
        (Outcome::Accepted(_), Outcome::Rejected(message)) => {
            return mismatch("validation", "accepted", format!("rejected: {message}"));
        }
        (Outcome::Accepted(capvm), Outcome::Accepted(wasmi)) => (capvm, wasmi),
    };
    if capvm.exports != wasmi.exports {
        return mismatch(
            "exports",
            format!("{:?}", capvm.exports),
            format!("{:?}", wasmi.exports),
        );
    }
    match (&capvm.instantiation, &wasmi.instantiation) {
        (Err(a), Err(b)) if a.is_stack_overflow() || b.is_stack_overflow() => {
            return Verdict::Inconclusive { calls: 0 };
        }
        (Err(a), _) if a.is_stack_overflow() => return Verdict::Inconclusive { calls: 0 },
        (_, Err(b)) if b.is_stack_overflow() => return Verdict::Inconclusive { calls: 0 },
        (Err(a), Err(b)) => {
            return if a.same_as(b) {
                Verdict::Agree { calls: 0 }
            } else {
                mismatch("instantiation", a.to_string(), b.to_string())
            };
        }
        (Ok(_), Err(b)) => return mismatch("instantiation", "succeeded", b.to_string()),
        (Err(a), Ok(_)) => return mismatch("instantiation", a.to_string(), "succeeded"),
        (Ok(a), Ok(b)) => {
            if let Some(verdict) = compare_states("the state after instantiation", a, b) {
                return verdict;
            }
        }
    }
    for i in 0..capvm.calls.len().max(wasmi.calls.len()) {
        let (a, b) = match (capvm.calls.get(i), wasmi.calls.get(i)) {
            (Some(a), Some(b)) => (a, b),
            (a, b) => {
                let describe = |call: Option<&Call>| match call {
                    Some(call) => format!("called `{}`", call.name),
                    None => "made no such call".to_string(),
                };
                return mismatch(format!("call {i}"), describe(a), describe(b));
            }
        };
        if let Some(verdict) = compare_calls(i, a, b) {
            return verdict;
        }
    }
    Verdict::Agree {
        calls: capvm.calls.len(),
    }
}

fn compare_calls(i: usize, a: &Call, b: &Call) -> Option<Verdict> {
    let inconclusive = |result: &Result<Vec<Value>, Failure>| matches!(result, Err(failure) if failure.is_stack_overflow());
    if inconclusive(&a.result) || inconclusive(&b.result) {
        return Some(Verdict::Inconclusive { calls: i });
    }
    let step = format!("call {i} `{}`({})", a.name, list(&a.args));
    if a.name != b.name || a.args != b.args {
        return Some(mismatch(
            format!("call {i}"),
            format!("`{}`({})", a.name, list(&a.args)),
            format!("`{}`({})", b.name, list(&b.args)),
        ));
    }
    let same = match (&a.result, &b.result) {
        (Ok(x), Ok(y)) => same_values(x, y),
        (Err(x), Err(y)) => x.same_as(y),
        _ => false,
    };
    if !same {
        return Some(mismatch(step, result(&a.result), result(&b.result)));
    }
    compare_states(&format!("the state after {step}"), &a.state, &b.state)
}

fn compare_states(step: &str, a: &State, b: &State) -> Option<Verdict> {
    if a.memories != b.memories {
        return Some(mismatch(
            format!("{step}: memories (name, bytes, hash)"),
            format!("{:x?}", a.memories),
            format!("{:x?}", b.memories),
        ));
    }
    let same_globals = a.globals.len() == b.globals.len()
        && a.globals
            .iter()
            .zip(&b.globals)
            .all(|((x, u), (y, v))| x == y && u.same_as(v));
    if !same_globals {
        let show = |globals: &[(String, Value)]| {
            globals
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Some(mismatch(
            format!("{step}: globals"),
            show(&a.globals),
            show(&b.globals),
        ));
    }
    if a.tables != b.tables {
        return Some(mismatch(
            format!("{step}: tables (name, size, null entries)"),
            format!("{:?}", a.tables),
            format!("{:?}", b.tables),
        ));
    }
    None
}

/// Whether two result lists are the same behaviour, value by value ([`Value::same_as`]: `v128` NaN lanes may
/// differ).
fn same_values(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
}

fn list(values: &[Value]) -> String {
    values
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn result(result: &Result<Vec<Value>, Failure>) -> String {
    match result {
        Ok(values) => format!("returned [{}]", list(values)),
        Err(failure) => failure.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{ExportKind, Run, TrapKind};

    fn run(result: Result<Vec<Value>, Failure>) -> Outcome {
        Outcome::Accepted(Run {
            exports: vec![("f".into(), ExportKind::Func)],
            instantiation: Ok(State::default()),
            calls: vec![Call {
                name: "f".into(),
                args: vec![],
                result,
                state: State::default(),
            }],
        })
    }

    #[test]
    fn equal_runs_agree() {
        let a = run(Ok(vec![Value::I32(1)]));
        assert_eq!(compare(&a, &a.clone()), Verdict::Agree { calls: 1 });
    }

    #[test]
    fn different_results_and_traps_mismatch() {
        let one = run(Ok(vec![Value::I32(1)]));
        let two = run(Ok(vec![Value::I32(2)]));
        let trap = run(Err(Failure::Trap(TrapKind::Unreachable)));
        let oob = run(Err(Failure::Trap(TrapKind::MemoryOutOfBounds)));
        for (a, b) in [(&one, &two), (&one, &trap), (&trap, &oob)] {
            let Verdict::Mismatch(m) = compare(a, b) else {
                panic!("{a:?} and {b:?} should mismatch");
            };
            assert!(m.step.starts_with("call 0 `f`"), "{m}");
        }
    }

    #[test]
    fn stack_exhaustion_on_one_side_is_inconclusive() {
        let overflow = run(Err(Failure::Trap(TrapKind::StackOverflow)));
        let fine = run(Ok(vec![]));
        assert_eq!(
            compare(&overflow, &fine),
            Verdict::Inconclusive { calls: 0 }
        );
        assert_eq!(
            compare(&fine, &overflow),
            Verdict::Inconclusive { calls: 0 }
        );
    }

    #[test]
    fn v128_results_and_globals_may_differ_in_nan_lanes_only() {
        // Lane 1 is an f32 NaN on both sides with different payloads; lane 0 is the integer 5.
        let nan_a = Value::V128(5 | 0x7fc0_0000 << 32);
        let nan_b = Value::V128(5 | 0xffc0_0001 << 32);
        let other = Value::V128(6 | 0x7fc0_0000 << 32);
        assert_eq!(
            compare(&run(Ok(vec![nan_a])), &run(Ok(vec![nan_b]))),
            Verdict::Agree { calls: 1 }
        );
        assert!(matches!(
            compare(&run(Ok(vec![nan_a])), &run(Ok(vec![other]))),
            Verdict::Mismatch(_)
        ));
        let with_global = |value: Value| {
            let mut outcome = run(Ok(vec![]));
            if let Outcome::Accepted(run) = &mut outcome {
                run.calls[0].state.globals.push(("g".into(), value));
            }
            outcome
        };
        assert_eq!(
            compare(&with_global(nan_a), &with_global(nan_b)),
            Verdict::Agree { calls: 1 }
        );
        let Verdict::Mismatch(m) = compare(&with_global(nan_a), &with_global(other)) else {
            panic!("v128 global difference not seen");
        };
        assert!(m.step.contains("globals"), "{m}");
    }

    #[test]
    fn rejection_must_match() {
        let rejected = Outcome::Rejected("bad".into());
        assert_eq!(compare(&rejected, &rejected), Verdict::BothRejected);
        assert!(matches!(
            compare(&rejected, &run(Ok(vec![]))),
            Verdict::Mismatch(_)
        ));
    }

    #[test]
    fn state_differences_mismatch() {
        let a = run(Ok(vec![]));
        let mut b = a.clone();
        if let Outcome::Accepted(run) = &mut b {
            run.calls[0].state.memories.push(("m".into(), 65_536, 1));
        }
        let Verdict::Mismatch(m) = compare(&a, &b) else {
            panic!("memory difference not seen");
        };
        assert!(m.step.contains("memories"), "{m}");
    }
}
