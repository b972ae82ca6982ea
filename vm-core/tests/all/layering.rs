//! The module graph reads one way (`ir` at the bottom; translation and compilation above it; the store; the
//! executor; the API on top): a lower layer never names a higher one. Checked on the sources, outside comments and unit tests.

use std::path::Path;

/// Every `crate::NAME` a file under `dir` (relative to `src/`) names outside comments, with the file.
fn references(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut stack = vec![root.join(dir)];
    if !stack[0].is_dir() {
        stack[0] = root.join(format!("{dir}.rs"));
    }
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests (at the end of a file, by this crate's convention) may reach across layers.
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for (at, _) in code.match_indices("crate::") {
                let name: String = code[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push((path.display().to_string(), name));
            }
        }
    }
    assert!(
        !found.is_empty() || dir == "ir",
        "no sources read for {dir}"
    );
    found
}

#[test]
fn lower_layers_never_name_higher_ones() {
    let layers: &[(&str, &[&str])] = &[
        (
            "ir",
            &[
                "translate",
                "compile",
                "store",
                "exec",
                "module",
                "func",
                "instance",
                "linker",
            ],
        ),
        (
            "translate",
            &[
                "compile", "store", "exec", "module", "func", "instance", "linker",
            ],
        ),
        (
            "compile",
            &["store", "exec", "module", "func", "instance", "linker"],
        ),
        ("store", &["exec", "module", "func", "instance", "linker"]),
        ("exec", &["module", "func", "instance", "linker"]),
    ];
    for (layer, above) in layers {
        for (file, name) in references(layer) {
            assert!(
                !above.contains(&name.as_str()),
                "{file} (layer {layer}) names crate::{name}, a layer above it"
            );
        }
    }
}
