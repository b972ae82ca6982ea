//! Parallel compilation (`Config::parallel_compilation`, on by default): a code section of 256 KiB or more is
//! validated and translated by several threads, giving the code and the first error one thread gives.

use capvm_core::{Config, Engine, Module, Store};

/// Appends `value` as unsigned LEB128.
fn leb(out: &mut Vec<u8>, value: u64) {
    // Writing to a `Vec` cannot fail.
    let _ = leb128::write::unsigned(out, value);
}

fn section(out: &mut Vec<u8>, id: u8, content: &[u8]) {
    out.push(id);
    leb(out, content.len() as u64);
    out.extend_from_slice(content);
}

/// A module of functions `(i32) -> i32` with `bodies` (each its locals and code), the last exported as "run",
/// and `tail` after the code section.
fn module_of(bodies: &[Vec<u8>], tail: &[u8]) -> Vec<u8> {
    let count = bodies.len() as u64;
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    section(&mut wasm, 1, &[1, 0x60, 1, 0x7f, 1, 0x7f]);
    let mut funcs = Vec::new();
    leb(&mut funcs, count);
    funcs.extend(std::iter::repeat_n(0, bodies.len()));
    section(&mut wasm, 3, &funcs);
    let mut export = vec![1, 3];
    export.extend_from_slice(b"run");
    export.push(0);
    leb(&mut export, count.saturating_sub(1));
    section(&mut wasm, 7, &export);
    let mut code = Vec::new();
    leb(&mut code, count);
    for body in bodies {
        leb(&mut code, body.len() as u64);
        code.extend_from_slice(body);
    }
    section(&mut wasm, 10, &code);
    wasm.extend_from_slice(tail);
    wasm
}

/// A module of `count` functions of about 600 bytes each, each calling the one before; the functions in
/// `broken` end with an i64 where the i32 result is due. `tail` is appended after the code section.
fn module(count: u32, broken: &[u32], tail: &[u8]) -> Vec<u8> {
    let bodies: Vec<Vec<u8>> = (0..count)
        .map(|k| {
            let mut body = vec![0];
            for j in 0..56i64 {
                // local.get 0; i32.const; i32.mul; i32.const; i32.add; local.set 0
                body.extend_from_slice(&[0x20, 0, 0x41]);
                let _ = leb128::write::signed(&mut body, 3 + 2 * (j % 8));
                body.extend_from_slice(&[0x6c, 0x41]);
                let _ = leb128::write::signed(&mut body, i64::from(k % 64) + j);
                body.extend_from_slice(&[0x6a, 0x21, 0]);
            }
            if k > 0 {
                // local.get 0; call k-1; local.set 0
                body.extend_from_slice(&[0x20, 0, 0x10]);
                leb(&mut body, u64::from(k - 1));
                body.extend_from_slice(&[0x21, 0]);
            }
            body.extend_from_slice(&[0x20, 0]);
            if broken.contains(&k) {
                body.extend_from_slice(&[0x1a, 0x42, 0]);
            }
            body.push(0x0b);
            body
        })
        .collect();
    module_of(&bodies, tail)
}

/// Compiling `wasm` fails with the same type mismatch on one thread and on several, lazily and eagerly.
fn assert_same_first_error(wasm: &[u8]) {
    for lazy in [false, true] {
        let one = Module::new(&engine(lazy, false), wasm)
            .unwrap_err()
            .to_string();
        let several = Module::new(&engine(lazy, true), wasm)
            .unwrap_err()
            .to_string();
        assert!(one.contains("type mismatch"), "{one}");
        assert_eq!(one, several, "lazy: {lazy}");
    }
}

fn engine(lazy: bool, parallel: bool) -> Engine {
    let mut config = Config::new();
    config.lazy_translation(lazy).parallel_compilation(parallel);
    Engine::new(&config)
}

#[test]
fn a_large_module_compiles_to_the_same_code_on_several_threads() {
    let wasm = module(2000, &[], &[]);
    assert!(wasm.len() > 1 << 20, "{} bytes", wasm.len());
    let one = Module::new(&engine(false, false), &wasm).unwrap();
    let several = Module::new(&engine(false, true), &wasm).unwrap();
    assert_eq!(one.serialize().unwrap(), several.serialize().unwrap());
    let mut results = Vec::new();
    for lazy in [false, true] {
        let engine = engine(lazy, true);
        let module = Module::new(&engine, &wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = capvm_core::Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
        results.push(run.call(&mut store, 7).unwrap());
    }
    assert_eq!(results[0], results[1]);
}

#[test]
fn the_error_is_the_first_invalid_function_s_on_several_threads() {
    // Two invalid functions far apart, then a malformed section: the first function's error either way.
    let garbage = [11, 1, 0xff];
    assert_same_first_error(&module(2000, &[37, 1800], &garbage));
    // Without invalid functions, the malformed section is the error.
    let wasm = module(2000, &[], &garbage);
    let error = Module::new(&engine(false, true), &wasm)
        .unwrap_err()
        .to_string();
    assert!(!error.contains("type mismatch"), "{error}");
}

#[test]
fn a_body_refused_as_too_large_comes_after_the_invalid_function_before_it() {
    // Function 0 is invalid; function 1 is valid but larger than wasmparser accepts (7 654 321 bytes).
    let mut large = vec![0];
    large.resize(7_700_000, 0x01);
    large.extend_from_slice(&[0x20, 0, 0x0b]);
    assert_same_first_error(&module_of(&[vec![0, 0x42, 0, 0x0b], large], &[]));
}
