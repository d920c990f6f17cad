//! The layers of `src/` (see `src/lib.rs`): a folder imports only the folders above it in
//! `LAYERS`, and the rules never see the evaluator, the parser or the HCL tree. One crate has no
//! boundary that Cargo enforces, so this test is that boundary.

use std::path::{Path, PathBuf};

/// Top to bottom: each layer may import itself and the layers before it.
const LAYERS: [&str; 9] = [
    "base", "value", "input", "eval", "model", "rules", "engine", "report", "cli",
];

/// What a layer may not use even though it sits below it (`crate::` path prefixes or crates).
const FORBIDDEN: [(&str, &str); 3] = [
    ("rules", "crate::eval"),
    ("rules", "crate::input"),
    ("rules", "hcl_edit"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its `#[cfg(test)]` module (tests may reach anywhere).
fn non_test_code(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// Every `crate::LAYER` named in `code`, with its line.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_list = false;
    for (n, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        if in_list {
            // A `use crate::{` list that rustfmt spread over several lines.
            for part in line.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push((n + 1, name));
            }
            in_list = !line.contains('}');
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push((n + 1, name));
            rest = after;
        }
        // `use crate::{a::…, b::…}` lists several layers at once.
        if let Some(i) = line.find("crate::{") {
            in_list = !line[i..].contains('}');
            for part in line[i + "crate::{".len()..].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push((n + 1, name));
            }
        }
    }
    out
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let Some(layer) = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .and_then(|first| LAYERS.iter().position(|l| *l == first))
        else {
            // lib.rs and main.rs sit above every layer.
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        let code = non_test_code(&text);
        for (line, target) in crate_paths(code) {
            // `crate::safe_eprintln!` and other macros exported at the crate root.
            let Some(to) = LAYERS.iter().position(|l| *l == target) else {
                continue;
            };
            if to > layer {
                wrong.push(format!(
                    "{}:{line}: {} imports {} (a layer below it)",
                    rel.display(),
                    LAYERS[layer],
                    LAYERS[to]
                ));
            }
        }
        for (from, what) in FORBIDDEN {
            if LAYERS[layer] != from {
                continue;
            }
            for (n, l) in code.lines().enumerate() {
                let l = l.split("//").next().unwrap_or("");
                if l.contains(what) {
                    wrong.push(format!(
                        "{}:{}: {from} uses {what}: rules read the model only",
                        rel.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} import(s) against the layers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_what_it_must() {
    let code = "use crate::{base::source::Span, rules::RULES};\nlet x = crate::eval::Evaluator::new;\n// crate::cli in a comment\nuse crate::{\n    model::Policy,\n    engine::check,\n};\n";
    let names: Vec<String> = crate_paths(code)
        .into_iter()
        .map(|(_, n)| n)
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(names, ["base", "rules", "eval", "model", "engine"]);
}
