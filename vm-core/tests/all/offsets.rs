//! Backtraces name the module byte offset of the instruction each frame stopped at, as wasmtime does: the
//! trapping instruction, and in callers the call they wait in.

use capvm_core::{Engine, Linker, Module, Store};

/// The byte offsets of the operators of the module's function bodies that satisfy `pick`, found by reading the
/// binary independently of capvm.
fn offsets_of(wasm: &[u8], pick: impl Fn(&wasmparser::Operator<'_>) -> bool) -> Vec<u32> {
    let mut found = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload {
            let mut reader = body.get_operators_reader().unwrap();
            while !reader.eof() {
                let (op, offset) = reader.read_with_offset().unwrap();
                if pick(&op) {
                    found.push(offset as u32);
                }
            }
        }
    }
    found
}

#[test]
fn frames_name_the_offsets_of_the_trap_and_of_the_calls() {
    let wasm = wat::parse_str(
        r#"(module
          (func $divide (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
          (func $middle (param i32) (result i32) (i32.add (i32.const 1) (call $divide (local.get 0))))
          (func (export "run") (param i32) (result i32) (nop) (call $middle (local.get 0))))"#,
    )
    .unwrap();
    let div = offsets_of(&wasm, |op| matches!(op, wasmparser::Operator::I32DivS));
    let calls = offsets_of(&wasm, |op| matches!(op, wasmparser::Operator::Call { .. }));
    assert_eq!((div.len(), calls.len()), (1, 2));

    let engine = Engine::default();
    let module = Module::new(&engine, &wasm).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    let error = run.call(&mut store, 0).unwrap_err();
    let frames: Vec<(u32, Option<u32>)> = error
        .backtrace()
        .expect("a trap has a backtrace")
        .frames()
        .iter()
        .map(|frame| (frame.func_index(), frame.module_offset()))
        .collect();
    // divide traps at its div_s; middle waits in its call (the first), run in its call (the second).
    assert_eq!(
        frames,
        [(0, Some(div[0])), (1, Some(calls[0])), (2, Some(calls[1]))]
    );
    let shown = error.backtrace().unwrap().to_string();
    assert!(shown.contains(&format!("divide+{:#x}", div[0])), "{shown}");
}
