//! A library module called from the host with strings in and out.
//!
//! The guest (WebAssembly text, inline) exports its memory, an allocator `alloc(len) -> ptr` and
//! `greet(ptr, len) -> (ptr, len)`, which returns a new UTF-8 string `Hello, NAME!`. The host allocates room in
//! the guest, writes the name there, calls `greet` through a `TypedFunc` and reads the answer back. Guest pointers
//! go through `Memory::slice_mut` and `Memory::slice`, which check them against the memory's size and never panic.
//!
//! ```console
//! cargo run -p capvm-core --example strings
//! ```

use std::error::Error;

use capvm_core::{Engine, Instance, Linker, Memory, Module, Store, TrapCode, TypedFunc};

const GUEST: &str = r#"(module
  (memory (export "memory") 1)
  (data (i32.const 0) "Hello, ")
  (global $next (mut i32) (i32.const 1024))

  ;; A bump allocator that never frees, growing the memory as needed; 0 when memory is exhausted.
  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $ptr i32) (local $end i64)
    (local.set $ptr (global.get $next))
    (local.set $end (i64.add (i64.extend_i32_u (local.get $ptr)) (i64.extend_i32_u (local.get $len))))
    (block $fits
      (loop $grow
        (br_if $fits (i64.lt_u (local.get $end) (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16))))
        (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))
        (return (i32.const 0))))
    (global.set $next (i32.wrap_i64 (local.get $end)))
    (local.get $ptr))

  ;; "Hello, " + the len bytes at ptr + "!", in memory the guest allocates.
  (func (export "greet") (param $ptr i32) (param $len i32) (result i32 i32)
    (local $out i32) (local $out_len i32)
    (local.set $out_len (i32.add (local.get $len) (i32.const 8)))
    (local.set $out (call $alloc (local.get $out_len)))
    (if (i32.eqz (local.get $out)) (then unreachable))
    (memory.copy (local.get $out) (i32.const 0) (i32.const 7))
    (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $ptr) (local.get $len))
    (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 7))) (i32.const 33))
    (local.get $out) (local.get $out_len)))"#;

/// The guest's exports, looked up once.
struct Greeter {
    memory: Memory,
    alloc: TypedFunc<u32, u32>,
    greet: TypedFunc<(u32, u32), (u32, u32)>,
}

impl Greeter {
    fn new(store: &Store<()>, instance: &Instance) -> Result<Self, Box<dyn Error>> {
        Ok(Self {
            memory: instance
                .get_memory(store, "memory")
                .ok_or("the guest exports no memory")?,
            alloc: instance.get_typed_func(store, "alloc")?,
            greet: instance.get_typed_func(store, "greet")?,
        })
    }

    /// Copies `name` into the guest, calls `greet` and copies its answer out.
    fn greet(&self, store: &mut Store<()>, name: &str) -> Result<String, Box<dyn Error>> {
        let len = u32::try_from(name.len())?;
        let ptr = self.alloc.call(&mut *store, len)?;
        if ptr == 0 {
            return Err("the guest is out of memory".into());
        }
        self.memory
            .slice_mut(&mut *store, ptr, len)?
            .copy_from_slice(name.as_bytes());
        let (out, out_len) = self.greet.call(&mut *store, (ptr, len))?;
        // The guest is untrusted: its pointer is checked, and so is its UTF-8.
        let bytes = self.memory.slice(&*store, out, out_len)?;
        Ok(std::str::from_utf8(bytes)?.to_owned())
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let greeter = Greeter::new(&store, &instance)?;

    for name in ["world", "Wörld", "世界"] {
        let greeting = greeter.greet(&mut store, name)?;
        println!("greet({name:?}) = {greeting:?}");
        assert_eq!(greeting, format!("Hello, {name}!"));
    }

    // A long string makes the guest's allocator grow its memory.
    let long = "capvm ".repeat(50_000);
    let greeting = greeter.greet(&mut store, &long)?;
    let pages = greeter.memory.size(&store);
    println!(
        "greet of {} bytes = {} bytes; the memory grew to {pages} pages",
        long.len(),
        greeting.len()
    );
    assert_eq!(greeting.len(), long.len() + 8);
    assert!(pages > 1);

    // A bad pointer passed to the guest is a trap for the host to handle; the store stays usable.
    let error = greeter
        .greet
        .call(&mut store, (u32::MAX - 3, 16))
        .expect_err("reading past the end of memory traps");
    println!("greet(0xfffffffc, 16) = error: {error}");
    assert_eq!(error.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(greeter.greet(&mut store, "again")?, "Hello, again!");
    Ok(())
}
