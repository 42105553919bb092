//! External conformance test: writes the sample notice, letter, minutes and annex as PDF and
//! runs the independent checker (`shared/tools/conform/conform`) on them. Runs only with
//! `GONGWEN_EXTERNAL_TESTS=1`, and then fails — never skips — when the checker cannot run.

mod common;

use gongwen::fonts::FontSet;
use gongwen::writer::RenderOptions;
use gongwen::writer::pdf::Engine;
use std::path::{Path, PathBuf};
use std::process::Command;

fn conform() -> PathBuf {
    if let Some(p) = std::env::var_os("GONGWEN_CONFORM") {
        return PathBuf::from(p);
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [here.join("../shared/tools/conform/conform"), here.join("../../shared/tools/conform/conform")]
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("conform checker not found; set GONGWEN_CONFORM"))
}

/// Checks allowed to fail, with the reason. GB/T 9704 10.3 sets the 纪要 labels 出席/请假/列席
/// in 黑体, while the checker holds every non-heading body line to 仿宋.
const KNOWN: &[(&str, &str)] = &[("minutes.pdf", "pdf.font.body")];

#[test]
fn sample_pdfs_pass_the_conform_checker() {
    if std::env::var("GONGWEN_EXTERNAL_TESTS").as_deref() != Ok("1") {
        return;
    }
    let engine = Engine::new(&FontSet::bundled().expect("fonts")).expect("engine");
    let dir = tempfile::tempdir().expect("tempdir");
    let keep = std::env::var_os("GONGWEN_KEEP_PDFS").map(PathBuf::from);
    let out = keep.as_deref().unwrap_or(dir.path());
    let mut files = Vec::new();
    for (name, doc) in [
        ("notice.pdf", common::notice()),
        ("letter.pdf", common::letter()),
        ("minutes.pdf", common::minutes()),
        ("annex.pdf", common::annex()),
        ("reference.pdf", common::reference()),
    ] {
        let pdf = engine.pdf(&doc, &RenderOptions::default()).expect("pdf");
        let path = out.join(name);
        std::fs::write(&path, pdf).expect("write");
        files.push(path);
    }
    let report = out.join("conform.json");
    let status = Command::new(conform())
        .arg("--json")
        .arg(&report)
        .args(&files)
        .status()
        .unwrap_or_else(|e| panic!("cannot run the conform checker: {e}"));
    assert!(status.code().is_some_and(|c| c <= 1), "conform could not check the files ({status})");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("conform report")).expect("report JSON");
    let mut failures = Vec::new();
    for r in json["reports"].as_array().expect("reports") {
        let file = Path::new(r["file"].as_str().unwrap_or("")).file_name().and_then(|f| f.to_str()).unwrap_or("");
        for c in r["checks"].as_array().expect("checks") {
            let name = c["name"].as_str().unwrap_or("");
            if c["status"] == "FAIL" && !KNOWN.contains(&(file, name)) {
                failures.push(format!("{file}: {name}: {}", c["measured"]));
            }
        }
    }
    assert!(failures.is_empty(), "conform failures:\n{}", failures.join("\n"));
}
