//! The one-way pipeline, enforced: each third-party format crate is used by exactly one stage
//! (STYLE.md §2). A `use calamine` in a writer, or `typst::` in the model, fails this test.

use std::fs;
use std::path::{Path, PathBuf};

/// (crate path prefix as written in code, the only places allowed to name it)
const CONFINED: &[(&str, &[&str])] = &[
    ("calamine", &["src/reader/"]),
    ("minijinja", &["src/compose/"]),
    ("docx_rs", &["src/writer/docx"]),
    ("typst", &["src/writer/pdf/"]),
    ("typst_pdf", &["src/writer/pdf/"]),
    ("typst_render", &["src/writer/pdf/"]),
    ("typst_svg", &["src/writer/pdf/"]),
    ("typst_kit", &["src/writer/pdf/", "src/fonts.rs"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// True if `line` names the crate as a path root (`use krate`, `krate::`), ignoring comments.
fn names_crate(line: &str, krate: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    let bytes = code.as_bytes();
    let mut start = 0;
    while let Some(pos) = code[start..].find(krate) {
        let at = start + pos;
        let end = at + krate.len();
        let before_ok =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b'"');
        let rest = &code[end..];
        let after_ok = rest.starts_with("::") || rest.starts_with(';') || rest.starts_with(" as ");
        let is_use = code.trim_start().starts_with("use ") || code.contains(&format!("{krate}::"));
        if before_ok && after_ok && is_use {
            return true;
        }
        start = end;
    }
    false
}

#[test]
fn format_crates_stay_in_their_stage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 10, "expected the crate's sources under src/");
    let mut violations = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(root).unwrap_or(file).to_string_lossy().replace('\\', "/");
        let Ok(text) = fs::read_to_string(file) else { continue };
        for (n, line) in text.lines().enumerate() {
            for (krate, allowed) in CONFINED {
                if names_crate(line, krate) && !allowed.iter().any(|a| rel.starts_with(a)) {
                    violations.push(format!("{rel}:{}: uses `{krate}` (allowed only in {allowed:?})", n + 1));
                }
            }
        }
    }
    assert!(violations.is_empty(), "layering violations:\n{}", violations.join("\n"));
}

#[test]
fn the_checker_recognises_crate_paths() {
    assert!(names_crate("use calamine::Reader;", "calamine"));
    assert!(names_crate("    let w = typst::World;", "typst"));
    assert!(!names_crate("// calamine::Reader in a comment", "calamine"));
    assert!(!names_crate("let s = \"typst::x\";", "typst"));
    assert!(!names_crate("use typst_pdf::pdf;", "typst"));
    assert!(names_crate("use typst_pdf::pdf;", "typst_pdf"));
}
