//! [`WastRunner`]: executes the directives of one `.wast` script against vm-core.

use std::collections::HashMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use capvm_core::{Engine, ErrorKind, Instance, Linker, Module, Store, TrapCode, Val};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::token::Id;
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

use crate::error::Error;
use crate::spectest::define_spectest;
use crate::value::{ExternRefs, arg_to_val, describe_rets, describe_val, describe_vals, matches};

/// One assertion that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based line of the directive in the script.
    pub line: usize,
    /// 1-based column of the directive.
    pub col: usize,
    /// The directive's keyword, e.g. `assert_return`.
    pub directive: &'static str,
    /// What the script expected.
    pub expected: String,
    /// What happened instead.
    pub got: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{} {}: expected {}, got {}",
            self.line, self.col, self.directive, self.expected, self.got
        )
    }
}

/// The outcome of one script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    /// Directives whose assertion held.
    pub passed: usize,
    /// Directives whose assertion did not hold, in script order.
    pub failures: Vec<Failure>,
    /// Directives not checked.
    pub skipped: usize,
}

impl FileReport {
    /// How many directives failed.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }

    /// All directives counted.
    pub fn total(&self) -> usize {
        self.passed + self.failed() + self.skipped
    }
}

/// What one directive produced when it did not hold.
struct Mismatch {
    expected: String,
    got: String,
}

impl Mismatch {
    fn new(expected: impl Into<String>, got: impl Into<String>) -> Self {
        Self {
            expected: expected.into(),
            got: got.into(),
        }
    }
}

type Check = Result<(), Mismatch>;

/// Runs `.wast` scripts: one store per script, shared by all its modules, linked with `spectest` and with the
/// modules the script registers.
pub struct WastRunner {
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// The most recently instantiated module, the target of directives that name none.
    current: Option<Instance>,
    /// Instances by their `$name` in the script.
    instances: HashMap<String, Instance>,
    /// Compiled but not instantiated modules (`module definition`), by name.
    definitions: HashMap<String, Module>,
    externs: ExternRefs,
}

impl fmt::Debug for WastRunner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WastRunner")
            .field("instances", &self.instances.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Lexes and parses a script, accepting the bidirectional-text code points some scripts contain.
fn parse_buffer<'a>(path: &str, text: &'a str) -> Result<ParseBuffer<'a>, Error> {
    let mut lexer = Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    ParseBuffer::new_with_lexer(lexer).map_err(|e| parse_error(path, text, e))
}

fn parse_error(path: &str, text: &str, mut error: wast::Error) -> Error {
    error.set_text(text);
    Error::Parse {
        path: path.to_string(),
        message: error.to_string(),
    }
}

/// How many directives (assertions, in the runner's counting) the script `text` holds, without running it.
///
/// # Errors
///
/// If the script does not parse.
pub fn count_directives(path: &str, text: &str) -> Result<usize, Error> {
    let buf = parse_buffer(path, text)?;
    let wast = parser::parse::<Wast<'_>>(&buf).map_err(|e| parse_error(path, text, e))?;
    Ok(wast.directives.len())
}

impl WastRunner {
    /// A runner with a fresh store for `engine`, with `spectest` defined.
    ///
    /// # Errors
    ///
    /// If the `spectest` items cannot be created.
    pub fn new(engine: &Engine) -> Result<Self, Error> {
        let mut store = Store::new(engine, ());
        // An engine that meters fuel gets all of it, so metering changes no outcome (an engine without fuel
        // refuses, and needs none).
        let _ = store.set_fuel(u64::MAX);
        let mut linker = Linker::new(engine);
        // Scripts may register several instances under one name; the later one wins, as in the reference
        // interpreter.
        linker.allow_shadowing(true);
        define_spectest(&mut linker, &mut store).map_err(Error::Spectest)?;
        Ok(Self {
            engine: engine.clone(),
            store,
            linker,
            current: None,
            instances: HashMap::new(),
            definitions: HashMap::new(),
            externs: ExternRefs::default(),
        })
    }

    /// Reads and runs the script at `path`.
    ///
    /// # Errors
    ///
    /// If the file cannot be read or does not parse; failed assertions are reported in the [`FileReport`].
    pub fn run_file(&mut self, path: &Path) -> Result<FileReport, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        self.run_script(&path.display().to_string(), &text)
    }

    /// Runs the script `text`; `path` only names it in errors.
    ///
    /// # Errors
    ///
    /// If the script does not parse.
    pub fn run_script(&mut self, path: &str, text: &str) -> Result<FileReport, Error> {
        let buf = parse_buffer(path, text)?;
        let wast = parser::parse::<Wast<'_>>(&buf).map_err(|e| parse_error(path, text, e))?;
        let mut report = FileReport::default();
        for directive in wast.directives {
            let (line, col) = directive.span().linecol_in(text);
            let name = directive_name(&directive);
            // A panic in vm-core is a bug to report, not a reason to stop checking the rest of the script.
            let outcome = catch_unwind(AssertUnwindSafe(|| self.run_directive(directive)))
                .unwrap_or_else(|payload| {
                    let message = payload
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    Err(Mismatch::new("no panic", format!("panic: {message}")))
                });
            match outcome {
                Ok(()) => report.passed += 1,
                Err(mismatch) => report.failures.push(Failure {
                    line: line + 1,
                    col: col + 1,
                    directive: name,
                    expected: mismatch.expected,
                    got: mismatch.got,
                }),
            }
        }
        Ok(report)
    }

    fn run_directive(&mut self, directive: WastDirective<'_>) -> Check {
        match directive {
            WastDirective::Module(mut module) => {
                let name = module.name();
                // A module that fails to load leaves no current module, so later directives cannot pass
                // against the previous one.
                self.current = None;
                let module = self.compile(&mut module)?;
                let instance = self
                    .linker
                    .instantiate(&mut self.store, &module)
                    .map_err(|e| Mismatch::new("instantiation", format!("error: {e}")))?;
                self.set_current(name, instance);
                Ok(())
            }
            WastDirective::ModuleDefinition(mut module) => {
                let name = module.name();
                let module = self.compile(&mut module)?;
                if let Some(name) = name {
                    self.definitions.insert(name.name().to_string(), module);
                }
                Ok(())
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                self.current = None;
                let definition = module
                    .and_then(|m| self.definitions.get(m.name()))
                    .cloned()
                    .ok_or_else(|| Mismatch::new("a defined module", "no such module"))?;
                let new = self
                    .linker
                    .instantiate(&mut self.store, &definition)
                    .map_err(|e| Mismatch::new("instantiation", format!("error: {e}")))?;
                self.set_current(instance, new);
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module)?;
                self.linker
                    .instance(&self.store, name, instance)
                    .map(|_| ())
                    .map_err(|e| Mismatch::new("registration", format!("error: {e}")))
            }
            WastDirective::Invoke(invoke) => self
                .invoke(&invoke)
                .map(|_| ())
                .map_err(|e| Mismatch::new("success", e)),
            WastDirective::AssertReturn { exec, results, .. } => self.assert_return(exec, &results),
            WastDirective::AssertTrap { exec, message, .. } => self.assert_trap(exec, message),
            WastDirective::AssertException { exec, .. } => self.assert_exception(exec),
            WastDirective::AssertExhaustion { call, message, .. } => {
                let outcome = self.invoke(&call);
                expect_trap(outcome.map(|_| ()), message)
            }
            WastDirective::AssertInvalid { mut module, .. }
            | WastDirective::AssertMalformed { mut module, .. } => {
                self.assert_rejected(&mut module)
            }
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => self.assert_unlinkable(&mut module, message),
            other => Err(Mismatch::new(
                "a directive of the WebAssembly 2.0 suite",
                format!("unsupported directive `{}`", directive_name(&other)),
            )),
        }
    }

    fn set_current(&mut self, name: Option<Id<'_>>, instance: Instance) {
        if let Some(name) = name {
            self.instances.insert(name.name().to_string(), instance);
        }
        self.current = Some(instance);
    }

    /// Encodes a module and compiles it; both must succeed.
    fn compile(&self, module: &mut QuoteWat<'_>) -> Result<Module, Mismatch> {
        let bytes = module
            .encode()
            .map_err(|e| Mismatch::new("a module", format!("encode error: {e}")))?;
        Module::from_binary(&self.engine, &bytes)
            .map_err(|e| Mismatch::new("a valid module", format!("error: {e}")))
    }

    /// The instance called `name`, or the current one.
    fn instance(&self, name: Option<Id<'_>>) -> Result<Instance, Mismatch> {
        match name {
            Some(name) => self
                .instances
                .get(name.name())
                .copied()
                .ok_or_else(|| Mismatch::new(format!("instance ${}", name.name()), "none")),
            None => self
                .current
                .ok_or_else(|| Mismatch::new("a current instance", "none")),
        }
    }

    /// Calls an export; `Err` carries the error (or the reason the call could not be made) as text, and the
    /// trap code if it trapped.
    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Vec<Val>, InvokeError> {
        let instance = self
            .instance(invoke.module)
            .map_err(|m| InvokeError::setup(format!("no instance: expected {}", m.expected)))?;
        let func = instance
            .get_func(&self.store, invoke.name)
            .ok_or_else(|| InvokeError::setup(format!("no exported function `{}`", invoke.name)))?;
        let args = invoke
            .args
            .iter()
            .map(|arg| arg_to_val(arg, &mut self.store, &mut self.externs))
            .collect::<Result<Vec<_>, _>>()
            .map_err(InvokeError::setup)?;
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|ty| Val::default_for(*ty).unwrap_or(Val::I32(0)))
            .collect();
        func.call(&mut self.store, &args, &mut results)
            .map_err(InvokeError::from)?;
        Ok(results)
    }

    /// Runs an `assert_return`/`assert_trap` action: an invocation, a global read or an instantiation.
    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<Val>, InvokeError> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module).map_err(|m| {
                    InvokeError::setup(format!("no instance: expected {}", m.expected))
                })?;
                let global = instance
                    .get_global(&self.store, global)
                    .ok_or_else(|| InvokeError::setup(format!("no exported global `{global}`")))?;
                Ok(vec![global.get(&self.store)])
            }
            WastExecute::Wat(mut wat) => {
                let bytes = wat
                    .encode()
                    .map_err(|e| InvokeError::setup(format!("encode error: {e}")))?;
                let module = Module::from_binary(&self.engine, &bytes)
                    .map_err(|e| InvokeError::setup(format!("compile error: {e}")))?;
                self.linker
                    .instantiate(&mut self.store, &module)
                    .map_err(InvokeError::from)?;
                Ok(Vec::new())
            }
        }
    }

    fn assert_return(&mut self, exec: WastExecute<'_>, expected: &[WastRet<'_>]) -> Check {
        let got = self
            .execute(exec)
            .map_err(|e| Mismatch::new(describe_rets(expected), e.message))?;
        let mismatch = || Mismatch::new(describe_rets(expected), describe_vals(&got));
        if got.len() != expected.len() {
            return Err(mismatch());
        }
        for (e, g) in expected.iter().zip(&got) {
            match matches(e, g, &self.store) {
                Ok(true) => {}
                Ok(false) => return Err(mismatch()),
                Err(unsupported) => {
                    return Err(Mismatch::new(
                        describe_rets(expected),
                        format!("{unsupported} (got {})", describe_val(g)),
                    ));
                }
            }
        }
        Ok(())
    }

    fn assert_trap(&mut self, exec: WastExecute<'_>, message: &str) -> Check {
        let outcome = self.execute(exec);
        expect_trap(outcome.map(|_| ()), message)
    }

    /// `assert_exception`: the execution must end with an uncaught WebAssembly exception (not a trap).
    fn assert_exception(&mut self, exec: WastExecute<'_>) -> Check {
        match self.execute(exec) {
            Err(e) if e.exception => Ok(()),
            Err(e) => Err(Mismatch::new(
                "an uncaught exception",
                format!("another {}", e.message),
            )),
            Ok(values) => Err(Mismatch::new(
                "an uncaught exception",
                format!("success with {values:?}"),
            )),
        }
    }

    /// `assert_invalid` / `assert_malformed`: encoding, decoding or validation must fail.
    fn assert_rejected(&self, module: &mut QuoteWat<'_>) -> Check {
        let Ok(bytes) = module.encode() else {
            return Ok(());
        };
        match Module::from_binary(&self.engine, &bytes) {
            Err(e) if matches!(e.kind(), ErrorKind::Invalid { .. }) => Ok(()),
            Err(e) => Err(Mismatch::new(
                "a decode or validation error",
                format!("another error: {e}"),
            )),
            Ok(_) => Err(Mismatch::new(
                "a decode or validation error",
                "the module compiled",
            )),
        }
    }

    /// `assert_unlinkable`: the module compiles, and instantiation fails with a link error.
    fn assert_unlinkable(&mut self, module: &mut Wat<'_>, message: &str) -> Check {
        let expected = || format!("link error \"{message}\"");
        let bytes = module
            .encode()
            .map_err(|e| Mismatch::new(expected(), format!("encode error: {e}")))?;
        let module = Module::from_binary(&self.engine, &bytes)
            .map_err(|e| Mismatch::new(expected(), format!("compile error: {e}")))?;
        match self.linker.instantiate(&mut self.store, &module) {
            Ok(_) => Err(Mismatch::new(expected(), "instantiated")),
            Err(e) if matches!(e.kind(), ErrorKind::Link(_)) => {
                if e.to_string().starts_with(message) {
                    Ok(())
                } else {
                    Err(Mismatch::new(expected(), format!("link error \"{e}\"")))
                }
            }
            Err(e) => Err(Mismatch::new(expected(), format!("another error: {e}"))),
        }
    }
}

/// Why an action failed: its message, its trap code if it trapped, and whether an exception left it.
struct InvokeError {
    message: String,
    trap: Option<TrapCode>,
    exception: bool,
}

impl InvokeError {
    fn setup(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            trap: None,
            exception: false,
        }
    }
}

impl From<capvm_core::Error> for InvokeError {
    fn from(error: capvm_core::Error) -> Self {
        Self {
            message: format!("error: {error}"),
            trap: error.trap_code(),
            exception: error.exception().is_some(),
        }
    }
}

impl From<InvokeError> for String {
    fn from(error: InvokeError) -> Self {
        error.message
    }
}

/// The action must have trapped, with a code whose spec message begins the expected text.
fn expect_trap(outcome: Result<(), InvokeError>, message: &str) -> Check {
    let expected = || format!("trap \"{message}\"");
    match outcome {
        Ok(()) => Err(Mismatch::new(expected(), "no trap")),
        Err(InvokeError {
            trap: Some(code), ..
        }) if message.starts_with(code.message()) => Ok(()),
        Err(InvokeError {
            trap: Some(code), ..
        }) => Err(Mismatch::new(expected(), format!("trap \"{code}\""))),
        Err(InvokeError { message: got, .. }) => {
            Err(Mismatch::new(expected(), format!("a non-trap {got}")))
        }
    }
}

/// The keyword of a directive, for reports.
fn directive_name(directive: &WastDirective<'_>) -> &'static str {
    match directive {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(script: &str) -> FileReport {
        let engine = Engine::default();
        let mut runner = WastRunner::new(&engine).unwrap();
        runner.run_script("test.wast", script).unwrap()
    }

    #[test]
    fn passing_and_failing_assertions_are_counted() {
        let report = run(r#"
            (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
            (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
            (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
        "#);
        assert_eq!(report.passed, 2);
        assert_eq!(report.failed(), 1);
        assert_eq!(report.failures[0].line, 4);
        assert_eq!(report.failures[0].directive, "assert_return");
    }

    #[test]
    fn a_link_error_is_not_a_trap() {
        let report = run(r#"
            (assert_trap (module (import "spectest" "unknown" (func))) "unreachable")
            (assert_unlinkable (module (import "spectest" "unknown" (func))) "unknown import")
        "#);
        assert_eq!(report.passed, 1, "{:?}", report.failures);
        assert_eq!(report.failures[0].directive, "assert_trap");
    }

    #[test]
    fn traps_must_have_the_expected_code() {
        let report = run(r#"
            (module (func (export "u") unreachable))
            (assert_trap (invoke "u") "unreachable")
            (assert_trap (invoke "u") "integer overflow")
        "#);
        assert_eq!(report.passed, 2);
        assert_eq!(report.failed(), 1);
    }

    #[test]
    fn registered_modules_and_spectest_link() {
        let report = run(r#"
            (module $a (global (export "g") i32 (i32.const 7)))
            (register "a" $a)
            (module (import "a" "g" (global i32)) (import "spectest" "global_i32" (global i32))
              (import "spectest" "print_i32" (func (param i32)))
              (func (export "sum") (result i32) global.get 0 global.get 1 i32.add))
            (assert_return (invoke "sum") (i32.const 673))
            (assert_return (get $a "g") (i32.const 7))
        "#);
        assert_eq!(report.failures, Vec::new());
        assert_eq!(report.passed, 5);
    }

    #[test]
    fn a_module_that_fails_to_load_leaves_no_current_module() {
        let report = run(r#"
            (module (func (export "f") (result i32) i32.const 1))
            (module (import "spectest" "unknown" (func)) (func (export "f") (result i32) i32.const 2))
            (assert_return (invoke "f") (i32.const 1))
        "#);
        // The failed module is one failure; the invoke must not reach the first module's `f`.
        assert_eq!(report.passed, 1, "{:?}", report.failures);
        assert_eq!(report.failed(), 2);
        assert_eq!(report.failures[1].directive, "assert_return");
    }

    #[test]
    fn invalid_and_malformed_modules_must_be_rejected() {
        let report = run(r#"
            (assert_invalid (module (func (result i32))) "type mismatch")
            (assert_malformed (module quote "(func") "unexpected end")
            (assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
            (assert_invalid (module (func)) "this module is valid")
        "#);
        assert_eq!(report.passed, 3);
        assert_eq!(report.failures.len(), 1);
        assert_eq!(report.failures[0].line, 5);
    }
}
