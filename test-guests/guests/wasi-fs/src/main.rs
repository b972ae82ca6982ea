//! Test-only guest: file and directory operations through Rust's `std::fs`, as an ordinary WASI program does
//! them. Every operation prints one line, so the host-side test can compare a transcript.
//!
//! ```text
//! wasi-fs files DIR            create/read/write/append/seek/truncate/rename/remove in DIR; leaves DIR/kept.txt
//! wasi-fs tree DIR             nested directories: create, list recursively, remove
//! wasi-fs ls DIR               the entries of DIR, sorted, one `name type size` line each
//! wasi-fs cat PATH             the contents of PATH
//! wasi-fs write PATH TEXT      create or truncate PATH and write TEXT
//! wasi-fs append PATH TEXT     append TEXT to PATH (creating it)
//! wasi-fs mkdir PATH | rmdir PATH | rm PATH | rename FROM TO | symlink TARGET LINK | stat PATH
//! ```
//!
//! The single-operation commands print `ok` (or the data) on success and `error errno=N` on failure,
//! where N is the WASI errno the host returned (63 = perm, 44 = noent, ...), and exit with status 0 either way.
//! The multi-step commands stop at the first failure and exit with status 1. Bad usage exits with status 2.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["files", dir] => files(Path::new(dir)),
        ["tree", dir] => tree(Path::new(dir)),
        ["ls", dir] => single(ls(Path::new(dir))),
        ["cat", path] => single(fs::read_to_string(path).map(|text| print!("{text}"))),
        ["write", path, text] => single(fs::write(path, text).map(|()| println!("ok"))),
        ["append", path, text] => single(append(Path::new(path), text).map(|()| println!("ok"))),
        ["mkdir", path] => single(fs::create_dir(path).map(|()| println!("ok"))),
        ["rmdir", path] => single(fs::remove_dir(path).map(|()| println!("ok"))),
        ["rm", path] => single(fs::remove_file(path).map(|()| println!("ok"))),
        ["rename", from, to] => single(fs::rename(from, to).map(|()| println!("ok"))),
        ["symlink", target, link] => single(symlink(target, link).map(|()| println!("ok"))),
        ["stat", path] => {
            single(fs::metadata(path).map(|m| println!("{} {}", kind(&m.file_type()), m.len())))
        }
        _ => {
            eprintln!(
                "usage: wasi-fs files|tree|ls|cat|write|append|mkdir|rmdir|rm|rename|symlink|stat ARGS..."
            );
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            println!("failed: {}", describe(&error));
            ExitCode::FAILURE
        }
    }
}

/// `errno=N` for an I/O error (on WASI the raw OS error is the WASI errno), else the error's text.
fn describe(error: &io::Error) -> String {
    match error.raw_os_error() {
        Some(errno) => format!("errno={errno}"),
        None => format!("other ({error})"),
    }
}

/// Runs a single operation: its failure is printed as a result, not an exit status.
fn single(result: io::Result<()>) -> io::Result<()> {
    if let Err(error) = result {
        println!("error {}", describe(&error));
    }
    Ok(())
}

fn append(path: &Path, text: &str) -> io::Result<()> {
    OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?
        .write_all(text.as_bytes())
}

#[allow(
    deprecated,
    reason = "std::fs::soft_link is the stable way to make a symlink on WASI"
)]
fn symlink(target: &str, link: &str) -> io::Result<()> {
    fs::soft_link(target, link)
}

fn kind(ft: &fs::FileType) -> &'static str {
    if ft.is_dir() {
        "dir"
    } else if ft.is_symlink() {
        "symlink"
    } else if ft.is_file() {
        "file"
    } else {
        "other"
    }
}

fn ls(dir: &Path) -> io::Result<()> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        entries.push(format!(
            "{} {} {}",
            entry.file_name().to_string_lossy(),
            kind(&meta.file_type()),
            meta.len()
        ));
    }
    entries.sort();
    for line in entries {
        println!("{line}");
    }
    Ok(())
}

fn read_all(path: &Path) -> io::Result<String> {
    let mut text = String::new();
    File::open(path)?.read_to_string(&mut text)?;
    Ok(text)
}

/// Prints `step: value` after checking it, so the transcript shows how far the guest got.
fn step(name: &str, value: impl std::fmt::Debug) {
    println!("{name}: {value:?}");
}

fn files(dir: &Path) -> io::Result<()> {
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");

    let mut file = File::create(&a)?;
    file.write_all(b"hello\n")?;
    drop(file);
    step("create+read", read_all(&a)?);

    append(&a, "world\n")?;
    step("append", read_all(&a)?);

    let mut file = OpenOptions::new().read(true).write(true).open(&a)?;
    step("seek-start", file.seek(SeekFrom::Start(6))?);
    let mut word = [0u8; 5];
    file.read_exact(&mut word)?;
    step("read-at-6", String::from_utf8_lossy(&word));
    step("seek-end", file.seek(SeekFrom::End(-3))?);
    step("seek-current", file.seek(SeekFrom::Current(-2))?);
    step("position", file.stream_position()?);
    file.seek(SeekFrom::Start(0))?;
    file.write_all(b"HELLO")?;
    step("overwrite", read_all(&a)?);
    // Writing past the end leaves a hole of zeros.
    file.seek(SeekFrom::End(2))?;
    file.write_all(b"!")?;
    step("write-past-end", read_all(&a)?);
    file.set_len(5)?;
    step("truncate", read_all(&a)?);
    drop(file);
    step("len", fs::metadata(&a)?.len());

    fs::rename(&a, &b)?;
    step("renamed-old-exists", a.exists());
    step("renamed-new", read_all(&b)?);
    fs::remove_file(&b)?;
    step("removed-exists", b.exists());
    match File::open(&b) {
        Ok(_) => step("open-removed", "unexpectedly opened"),
        Err(error) => step("open-removed", describe(&error)),
    }

    // Left behind for the host to check.
    fs::write(dir.join("kept.txt"), "kept by wasi-fs\n")?;
    step("done", true);
    Ok(())
}

/// Every path under `dir`, relative and sorted, with a trailing `/` on directories.
fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path: PathBuf = entry.path();
        let relative = path
            .strip_prefix(base)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        if entry.file_type()?.is_dir() {
            out.push(format!("{relative}/"));
            walk(base, &path, out)?;
        } else {
            out.push(format!("{relative} {}", entry.metadata()?.len()));
        }
    }
    Ok(())
}

fn listing(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

fn tree(dir: &Path) -> io::Result<()> {
    let root = dir.join("tree");
    fs::create_dir_all(root.join("a/b/c"))?;
    fs::create_dir(root.join("d"))?;
    fs::write(root.join("top.txt"), "1")?;
    fs::write(root.join("a/one.txt"), "22")?;
    fs::write(root.join("a/b/c/deep.txt"), "4444")?;
    fs::write(root.join("d/other.txt"), "333")?;
    for line in listing(&root)? {
        println!("entry: {line}");
    }
    match fs::remove_dir(root.join("a")) {
        Ok(()) => step("rmdir-nonempty", "unexpectedly removed"),
        Err(error) => step("rmdir-nonempty", describe(&error)),
    }
    match fs::create_dir(root.join("d")) {
        Ok(()) => step("mkdir-existing", "unexpectedly created"),
        Err(error) => step("mkdir-existing", describe(&error)),
    }
    fs::rename(root.join("a/b"), root.join("d/moved"))?;
    step("after-move", listing(&root)?);
    fs::remove_dir_all(root.join("a"))?;
    fs::remove_file(root.join("d/moved/c/deep.txt"))?;
    fs::remove_dir(root.join("d/moved/c"))?;
    step("after-remove", listing(&root)?);
    fs::remove_dir_all(&root)?;
    step("tree-exists", root.exists());
    Ok(())
}
