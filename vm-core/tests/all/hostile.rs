//! Hostile modules: huge memories, deep nesting, truncated and garbage binaries. Each ends in a clean error or
//! runs; none may crash or exhaust the host.

use capvm_core::{Engine, ErrorKind, Linker, Module, Store, StoreLimits};

use super::instantiate;

const FOUR_GIB_MEMORY: &str = r#"(module
  (memory (export "mem") 65536)
  (func (export "poke") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "peek") (param i32) (result i32) local.get 0 i32.load8_u))"#;

#[test]
fn four_gib_memory_beyond_the_store_limit_is_a_clean_error() {
    let engine = Engine::default();
    let module = Module::new(&engine, FOUR_GIB_MEMORY).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_limits(StoreLimits {
        max_memory_pages: 1024,
        ..StoreLimits::default()
    });
    let error = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect_err("65 536 pages > 1024");
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");
}

/// Held by the tests that measure this process's resident set and by the one that fills 256 MiB, so a
/// measurement never includes another test's allocation (tests of one binary run in parallel).
#[cfg(target_os = "linux")]
static RESIDENT_SET: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[cfg(target_os = "linux")]
pub(crate) fn lock_resident_set() -> std::sync::MutexGuard<'static, ()> {
    RESIDENT_SET
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The resident set size of this process in bytes (Linux only).
#[cfg(target_os = "linux")]
pub(crate) fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

#[test]
#[cfg(target_os = "linux")]
fn four_gib_memory_instantiates_lazily_with_default_limits() {
    let _measuring = lock_resident_set();
    let engine = Engine::default();
    let before = resident_bytes();
    let (mut store, instance) = instantiate(&engine, FOUR_GIB_MEMORY);
    let after = resident_bytes();
    // Regression: the memory was zero-filled byte by byte, committing all 4 GiB at instantiation.
    assert!(
        after.saturating_sub(before) < 512 << 20,
        "instantiation committed {} MiB",
        (after - before) >> 20
    );
    let memory = instance.get_memory(&store, "mem").unwrap();
    assert_eq!(memory.size(&store), 65_536);
    let poke = instance
        .get_typed_func::<(i32, i32), ()>(&store, "poke")
        .unwrap();
    let peek = instance.get_typed_func::<i32, i32>(&store, "peek").unwrap();
    poke.call(&mut store, (-1, 7)).unwrap();
    assert_eq!(peek.call(&mut store, -1).unwrap(), 7);
    assert_eq!(peek.call(&mut store, 1 << 31).unwrap(), 0);
}

#[test]
fn growing_to_4_gib_commits_only_what_is_touched() {
    let _measuring = lock_resident_set();
    let engine = Engine::default();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (memory (export "mem") 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
          (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))"#,
    );
    let grow = instance.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    let poke = instance
        .get_typed_func::<(i32, i32), ()>(&store, "poke")
        .unwrap();
    let peek = instance.get_typed_func::<i32, i32>(&store, "peek").unwrap();
    poke.call(&mut store, (100, 9)).unwrap();
    let before = resident_bytes();
    assert_eq!(grow.call(&mut store, 65_535).unwrap(), 1);
    let after = resident_bytes();
    assert!(
        after.saturating_sub(before) < 512 << 20,
        "memory.grow committed {} MiB",
        (after - before) >> 20
    );
    // The old contents moved with the memory, and the new pages read as zero.
    assert_eq!(peek.call(&mut store, 100).unwrap(), 9);
    assert_eq!(peek.call(&mut store, -1).unwrap(), 0);
    poke.call(&mut store, (-1, 5)).unwrap();
    assert_eq!(peek.call(&mut store, -1).unwrap(), 5);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
}

#[test]
fn ten_thousand_nested_blocks_validate_and_run() {
    const DEPTH: usize = 10_000;
    let mut wat = String::from("(module (func (export \"run\") (param i32) (result i32)\n");
    for _ in 0..DEPTH {
        wat.push_str("block (result i32)\n");
    }
    wat.push_str("local.get 0 i32.const 1 i32.add\n");
    for i in 0..DEPTH {
        // Every tenth level branches out of two levels at once, so branches cross many frames too.
        if i % 10 == 5 {
            wat.push_str("br 1\n");
        }
        wat.push_str("end\n");
    }
    wat.push_str("))");
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, &wat);
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 41).unwrap(), 42);
}

/// A module using most sections, as a source of truncations and mutations.
fn sample_binary() -> Vec<u8> {
    wat::parse_str(
        r#"(module
          (type $t (func (param i32) (result i32)))
          (import "env" "f" (func $f (type $t)))
          (memory 1 2)
          (table 2 funcref)
          (global $g (mut i32) (i32.const 7))
          (func $id (type $t) local.get 0)
          (func (export "run") (param i32) (result i32)
            (local i64)
            local.get 0
            global.get $g
            i32.add
            i32.const 0
            call_indirect (type $t)
            i32.load offset=4)
          (elem (i32.const 0) $id $f)
          (data (i32.const 16) "hello"))"#,
    )
    .unwrap()
}

#[test]
fn truncated_binaries_fail_with_an_offset() {
    let engine = Engine::default();
    let bytes = sample_binary();
    Module::from_binary(&engine, &bytes).expect("the whole module is valid");
    let mut rejected = 0;
    for len in 0..bytes.len() {
        let Err(error) = Module::from_binary(&engine, &bytes[..len]) else {
            // A cut at a section boundary can leave a valid (smaller) module.
            continue;
        };
        rejected += 1;
        match error.kind() {
            ErrorKind::Invalid { offset, .. } => {
                assert!(
                    *offset <= len,
                    "offset {offset} beyond the {len} bytes given"
                );
            }
            other => panic!("truncated at {len}: not a decode error: {other:?}"),
        }
        assert!(error.to_string().contains("at offset"), "{error}");
    }
    assert!(
        rejected > bytes.len() * 3 / 4,
        "only {rejected} of {} prefixes rejected",
        bytes.len()
    );
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn garbage_and_mutated_binaries_never_panic() {
    let engine = Engine::default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // Pure garbage after a valid header.
    for _ in 0..2000 {
        let len = (rng.next() % 200) as usize;
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        bytes.extend((0..len).map(|_| rng.next() as u8));
        if let Err(error) = Module::from_binary(&engine, &bytes) {
            assert!(
                matches!(
                    error.kind(),
                    ErrorKind::Invalid { .. } | ErrorKind::Unsupported(_)
                ),
                "{error}"
            );
        }
    }
    // One to three random byte changes in a valid module; whatever still compiles must also instantiate or
    // fail cleanly.
    let sample = sample_binary();
    let linker = {
        let mut linker = Linker::new(&engine);
        linker.func_wrap("env", "f", |x: i32| x).unwrap();
        linker
    };
    for _ in 0..5000 {
        let mut bytes = sample.clone();
        for _ in 0..=(rng.next() % 3) {
            let at = (rng.next() as usize) % bytes.len();
            bytes[at] = rng.next() as u8;
        }
        if let Ok(module) = Module::from_binary(&engine, &bytes) {
            let mut store = Store::new(&engine, ());
            if let Ok(instance) = linker.instantiate(&mut store, &module)
                && let Some(run) = instance.get_func(&store, "run")
            {
                let ty = run.ty(&store);
                let params: Vec<_> = ty
                    .params()
                    .iter()
                    .filter_map(|t| capvm_core::Val::default_for(*t))
                    .collect();
                let mut results: Vec<_> = ty
                    .results()
                    .iter()
                    .filter_map(|t| capvm_core::Val::default_for(*t))
                    .collect();
                let _ = run.call(&mut store, &params, &mut results);
            }
        }
    }
}

/// How many bytes of `data` are resident (Linux only): the pages of one linear memory that the kernel has
/// committed, whatever other tests in this process allocate meanwhile.
#[cfg(target_os = "linux")]
fn resident_bytes_of(data: &[u8]) -> u64 {
    const HOST_PAGE: usize = 4096;
    let mut residency = vec![0u8; data.len().div_ceil(HOST_PAGE)];
    // SAFETY: `data` is a live, page-aligned slice (linear memories start at a page boundary) and `residency`
    // has one byte per host page of it, as mincore requires.
    let result = unsafe {
        libc::mincore(
            data.as_ptr().cast_mut().cast(),
            data.len(),
            residency.as_mut_ptr(),
        )
    };
    assert_eq!(result, 0, "mincore failed");
    residency.iter().filter(|&&page| page & 1 != 0).count() as u64 * HOST_PAGE as u64
}

#[test]
#[cfg(target_os = "linux")]
fn one_page_grows_up_to_4_gib_commit_nothing_and_never_move() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (memory (export "mem") 1)
          (func (export "grow_all") (result i32)
            (local $n i32)
            (loop $l
              (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1))
                (then (local.set $n (i32.add (local.get $n) (i32.const 1))) (br $l))))
            (local.get $n)))"#,
    );
    let memory = instance.get_memory(&store, "mem").unwrap();
    let base = memory.data_mut(&mut store).as_mut_ptr() as usize;
    let grow_all = instance
        .get_typed_func::<(), i32>(&store, "grow_all")
        .unwrap();
    assert_eq!(grow_all.call(&mut store, ()).unwrap(), 65_535);
    assert_eq!(memory.size(&store), 65_536);
    let data = memory.data_mut(&mut store);
    assert_eq!(data.as_mut_ptr() as usize, base, "the memory grew in place");
    data[(4 << 30) - 1] = 1;
    let resident = resident_bytes_of(data);
    assert!(resident < 64 << 20, "{} MiB committed", resident >> 20);
}

#[test]
#[cfg(target_os = "linux")]
fn growing_a_full_memory_does_not_copy_it() {
    let _measuring = lock_resident_set();
    let engine = Engine::default();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (memory (export "mem") 4096)
          (func (export "fill") (memory.fill (i32.const 0) (i32.const 1) (i32.const 0x10000000)))
          (func (export "grow") (result i32) (memory.grow (i32.const 1024))))"#,
    );
    let memory = instance.get_memory(&store, "mem").unwrap();
    let base = memory.data_mut(&mut store).as_mut_ptr() as usize;
    let fill = instance.get_typed_func::<(), ()>(&store, "fill").unwrap();
    let grow = instance.get_typed_func::<(), i32>(&store, "grow").unwrap();
    fill.call(&mut store, ()).unwrap();
    assert_eq!(grow.call(&mut store, ()).unwrap(), 4096);
    let data = memory.data_mut(&mut store);
    assert_eq!(data.as_mut_ptr() as usize, base, "the memory grew in place");
    assert_eq!(data.len(), 320 << 20);
    assert_eq!(data[(256 << 20) - 1], 1);
    assert_eq!(data[(256 << 20) + 1], 0);
    // 256 MiB were written; the 64 MiB grown are not committed, and no second copy exists.
    let resident = resident_bytes_of(data);
    assert!(
        (256 << 20..(256 + 8) << 20).contains(&resident),
        "{} MiB resident",
        resident >> 20
    );
}

#[test]
fn huge_tables_in_all_exceed_the_store_limit() {
    // 100 tables of 10 000 000 funcref each: 8 GB if committed.
    let tables: String = (0..100).map(|_| "(table 10000000 funcref)").collect();
    let engine = Engine::default();
    let module = Module::new(&engine, format!("(module {tables})")).unwrap();
    let mut store = Store::new(&engine, ());
    let error = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect_err("over the store's total");
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");
    assert!(error.to_string().contains("in all exceed"), "{error}");
}

#[test]
fn table_grow_counts_against_the_store_total() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (table $a 0 funcref)
          (table $b 0 funcref)
          (func (export "grow_a") (param i32) (result i32) (table.grow $a (ref.null func) (local.get 0)))
          (func (export "grow_b") (param i32) (result i32) (table.grow $b (ref.null func) (local.get 0))))"#,
    );
    store.set_limits(StoreLimits {
        max_total_table_elements: 1000,
        ..StoreLimits::default()
    });
    let grow_a = instance
        .get_typed_func::<i32, i32>(&store, "grow_a")
        .unwrap();
    let grow_b = instance
        .get_typed_func::<i32, i32>(&store, "grow_b")
        .unwrap();
    assert_eq!(grow_a.call(&mut store, 600).unwrap(), 0);
    assert_eq!(
        grow_b.call(&mut store, 500).unwrap(),
        -1,
        "1100 > 1000 in all"
    );
    assert_eq!(grow_b.call(&mut store, 400).unwrap(), 0);
    assert_eq!(grow_a.call(&mut store, 1).unwrap(), -1);
}

#[test]
#[cfg(target_os = "linux")]
fn a_large_null_table_is_committed_lazily() {
    let _measuring = lock_resident_set();
    let engine = Engine::default();
    let before = resident_bytes();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (table $t (export "t") 9000000 funcref)
          (func (export "size") (result i32) (table.size $t)))"#,
    );
    let after = resident_bytes();
    // 72 MB if the elements were written at instantiation.
    assert!(
        after.saturating_sub(before) < 48 << 20,
        "instantiation committed {} MiB",
        (after - before) >> 20
    );
    let size = instance.get_typed_func::<(), i32>(&store, "size").unwrap();
    assert_eq!(size.call(&mut store, ()).unwrap(), 9_000_000);
}

#[test]
#[cfg(target_os = "linux")]
fn a_deep_trap_with_huge_names_has_a_bounded_backtrace() {
    let _measuring = lock_resident_set();
    // Regression: every frame copied the names, so this trap used gigabytes (100 000-byte names, 65 536 frames).
    let name = "f".repeat(100_000);
    let engine = Engine::default();
    let wat = format!(r#"(module ${name} (func ${name} (export "rec") call ${name}))"#);
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let rec = instance.get_typed_func::<(), ()>(&store, "rec").unwrap();
    let before = resident_bytes();
    let error = rec.call(&mut store, ()).expect_err("stack exhausted");
    let after = resident_bytes();
    assert_eq!(error.trap_code(), Some(capvm_core::TrapCode::StackOverflow));
    let backtrace = error.backtrace().expect("a backtrace");
    let kept = capvm_core::WasmBacktrace::INNERMOST + capvm_core::WasmBacktrace::OUTERMOST;
    assert_eq!(backtrace.frames().len(), kept);
    assert_eq!(backtrace.total(), 65_536);
    assert_eq!(backtrace.omitted(), 65_536 - kept);
    assert_eq!(backtrace.frames()[0].func_name(), Some(name.as_str()));
    assert!(
        after.saturating_sub(before) < 64 << 20,
        "the trap took {} MiB",
        (after - before) >> 20
    );
    let text = backtrace.to_string();
    assert!(
        text.contains(&format!("... {} frames omitted", 65_536 - kept)),
        "{}",
        &text[..200]
    );
    assert_eq!(text.lines().count(), kept + 1);
}
