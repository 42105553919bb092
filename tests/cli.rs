//! End-to-end tests of `gongwen init`, `demo` and `build`: the real binary on temporary
//! workspaces, asserting exit codes, messages (with file:line), the files written and their
//! contents. System fonts are left out (`--no-system-fonts`) so results are the same on every
//! machine. Tests that need `pdftotext` run only with `GONGWEN_EXTERNAL_TESTS=1`, and then fail
//! if it is missing.

use gongwen::ir::Document;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_gongwen");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gongwen(args: &[&str], cwd: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("GONGWEN_FONT_PATHS")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run gongwen")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn external() -> bool {
    std::env::var("GONGWEN_EXTERNAL_TESTS").is_ok_and(|v| v == "1")
}

/// The reference notice without its `@名单` lines (the roster lists cannot be generated yet),
/// so `build` accepts it.
fn notice_without_lists() -> String {
    let text = std::fs::read_to_string(repo().join("workspace/documents/通知.md")).expect("read notice");
    text.lines().filter(|l| !l.starts_with("@名单")).map(|l| format!("{l}\n")).collect()
}

/// A workspace from `init` whose documents are replaced by `docs` (name, text). The case sheet
/// and the meeting are removed, so only the documents are built (not the 督办函 and 纪要).
fn workspace(docs: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ws = tmp.path().join("ws");
    let o = gongwen(&["init", "ws"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    std::fs::remove_file(ws.join("documents/通知.md")).expect("remove");
    for data in ["data/督办事项.xlsx", "data/会议纪要.xlsx"] {
        std::fs::remove_file(ws.join(data)).expect("remove data");
    }
    for (name, text) in docs {
        std::fs::write(ws.join("documents").join(name), text).expect("write doc");
    }
    (tmp, ws)
}

#[test]
fn init_writes_the_reference_workspace() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = gongwen(&["init", "新工作区"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for f in ["gongwen.toml", "documents/通知.md"] {
        let written = std::fs::read(tmp.path().join("新工作区").join(f)).expect(f);
        let source = std::fs::read(repo().join("workspace").join(f)).expect(f);
        assert_eq!(written, source, "{f}");
    }
    // The reference spreadsheets of fixtures/ go to data/ (INPUTS.md, "Workspace").
    for f in ["名册.xlsx", "督办事项.xlsx", "会议纪要.xlsx", "职责分工.xlsx"] {
        let written = std::fs::read(tmp.path().join("新工作区/data").join(f)).expect(f);
        let source = std::fs::read(repo().join("fixtures").join(f)).expect(f);
        assert_eq!(written, source, "{f}");
    }
    let listed: Vec<&str> = gongwen::workspace::FILES.iter().map(|f| f.path).collect();
    assert_eq!(listed.len(), 7, "{listed:?}");
    assert!(tmp.path().join("新工作区/templates/领导小组名单.j2").is_file());
    assert!(stderr(&o).contains("gongwen build"), "{}", stderr(&o));
}

#[test]
fn init_refuses_a_non_empty_folder_unless_forced() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("x");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("mine.txt"), "keep").expect("write");
    let o = gongwen(&["init", "x"], tmp.path());
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.starts_with("x: error: 文件夹不是空的"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(!dir.join("gongwen.toml").exists());
    let o = gongwen(&["init", "x", "--force"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(dir.join("documents/通知.md").is_file());
    assert_eq!(std::fs::read_to_string(dir.join("mine.txt")).expect("read"), "keep");
}

#[test]
fn demo_writes_the_workspace_and_the_notice_pdf() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = gongwen(&["demo", "d", "--no-system-fonts"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let pdf = std::fs::read(tmp.path().join("d/out/通知.pdf")).expect("pdf written");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    // The demo shows both outputs: PDF to send, DOCX (a zip) for last edits.
    let docx = std::fs::read(tmp.path().join("d/out/通知.docx")).expect("docx written");
    assert!(docx.starts_with(b"PK\x03\x04"), "not a DOCX");
    let err = stderr(&o);
    assert!(err.contains("d/out/通知.pdf"), "says where the PDF is: {err}");
    // The lists and duties come from the workspace's data; the letters and minutes too.
    assert!(!err.contains("@名单"), "{err}");
    assert!(tmp.path().join("d/out/会议纪要-第1期.pdf").is_file(), "{err}");
    assert!(tmp.path().join("d/out/督办函/督办函-〔2021〕1号-县文旅局.pdf").is_file(), "{err}");
    // Running it again keeps the workspace (and any edits) and rebuilds.
    std::fs::write(tmp.path().join("d/documents/另一份.md"), "---\n格式 = \"附件\"\n---\n@附件 表\n正文\n")
        .expect("write");
    let o = gongwen(&["demo", "d", "--no-system-fonts"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(tmp.path().join("d/out/另一份.pdf").is_file());
}

#[test]
fn demo_refuses_a_folder_that_is_not_a_workspace() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join("x")).expect("mkdir");
    std::fs::write(tmp.path().join("x/a.txt"), "").expect("write");
    let o = gongwen(&["demo", "x", "--no-system-fonts"], tmp.path());
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("不是工作区"), "{}", stderr(&o));
}

#[test]
fn build_reports_unfilled_lists_as_errors_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&gongwen(&["init", "ws"], tmp.path())), 0);
    // Without the roster the lists cannot be generated: said at their lines, nothing written.
    std::fs::remove_file(tmp.path().join("ws/data/名册.xlsx")).expect("remove roster");
    let o = gongwen(&["build", "ws", "--no-system-fonts"], tmp.path());
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    for line in [45, 48, 51] {
        assert!(err.contains(&format!("ws/documents/通知.md:{line}:1: error: @名单")), "{err}");
    }
    assert!(!tmp.path().join("ws/out").exists(), "nothing written");
}

#[test]
fn build_twice_gives_byte_identical_files() {
    let notice = notice_without_lists();
    let (tmp, _ws) = workspace(&[("通知.md", &notice)]);
    let run = |out: &str| {
        let o = gongwen(&["build", "ws", "--no-system-fonts", "--out", out, "--format", "pdf,png,docx"], tmp.path());
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    };
    run("a");
    run("b");
    let list = |d: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(tmp.path().join(d))
            .expect("out")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let files = list("a");
    for f in ["通知.pdf", "通知-1.png", "通知.docx"] {
        assert!(files.contains(&f.to_owned()), "{f} missing: {files:?}");
    }
    assert_eq!(files, list("b"));
    for f in &files {
        let a = std::fs::read(tmp.path().join("a").join(f)).expect("a");
        let b = std::fs::read(tmp.path().join("b").join(f)).expect("b");
        assert!(a == b, "{f} differs between two builds");
    }
    for f in files.iter().filter(|f| f.ends_with(".png")) {
        assert!(std::fs::read(tmp.path().join("a").join(f)).expect("png").starts_with(b"\x89PNG"), "{f}");
    }
}

#[test]
fn build_writes_into_the_workspace_out_folder_by_default() {
    let (tmp, ws) = workspace(&[("甲.md", "---\n格式 = \"附件\"\n---\n@附件 表\n正文\n")]);
    let o = gongwen(&["build", "--no-system-fonts"], &ws);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(ws.join("out/甲.pdf").is_file());
    drop(tmp);
}

#[test]
fn emit_ir_prints_the_document_as_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&gongwen(&["init", "ws"], tmp.path())), 0);
    let o = gongwen(&["build", "ws", "--emit", "ir", "--only", "通知"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json = String::from_utf8(o.stdout).expect("utf-8");
    let doc: Document = serde_json::from_str(&json).expect("stdout parses as ir::Document");
    assert_eq!(doc.header.as_ref().and_then(|h| h.doc_number.as_deref()), Some("陵政办函〔2021〕45号"));
    assert!(!tmp.path().join("ws/out").exists(), "--emit writes no files");

    // The IR of the reference notice is a golden file: wording changes are reviewed as diffs.
    let golden = repo().join("tests/golden/通知.ir.json");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&golden, &json).expect("write golden");
    }
    let expected = std::fs::read_to_string(&golden).expect("golden file (UPDATE_GOLDEN=1 writes it)");
    assert!(json == expected, "IR differs from tests/golden/通知.ir.json (UPDATE_GOLDEN=1 rewrites it)");
}

#[test]
fn bad_front_matter_fails_with_file_and_line() {
    let (tmp, _ws) = workspace(&[("坏.md", "---\n格式 = \"信函\"\n标题 = 关于\n---\n正文\n")]);
    let o = gongwen(&["build", "ws", "--no-system-fonts"], tmp.path());
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("ws/documents/坏.md:3:"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(!tmp.path().join("ws/out").exists());
}

#[test]
fn every_error_of_every_document_is_listed() {
    let (tmp, _ws) = workspace(&[
        ("甲.md", "---\n格式 = \"附件\"\n---\n@附录 x\n"),
        ("乙.md", "---\n格式 = \"附件\"\n---\n| a | b |\n| c |\n"),
    ]);
    let o = gongwen(&["build", "ws", "--no-system-fonts"], tmp.path());
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("甲.md:4:1: error:") && err.contains("乙.md:5:1: error:"), "{err}");
}

#[test]
fn only_with_an_unknown_name_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&gongwen(&["init", "ws"], tmp.path())), 0);
    let o = gongwen(&["build", "ws", "--only", "纪要"], tmp.path());
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("通知"), "lists the documents: {}", stderr(&o));
}

#[test]
fn only_selects_documents_and_data_documents_by_name_or_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&gongwen(&["init", "ws"], tmp.path())), 0);
    let o = gongwen(&["build", "ws", "--no-system-fonts", "--only", "督办函", "--out", "a"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(tmp.path().join("a/督办函/督办函-〔2021〕1号-县文旅局.pdf").is_file(), "{}", stderr(&o));
    assert!(!tmp.path().join("a/通知.pdf").exists() && !tmp.path().join("a/会议纪要-第1期.pdf").exists());
    let o = gongwen(&["build", "ws", "--no-system-fonts", "--only", "通知", "--out", "b"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(tmp.path().join("b/通知.pdf").is_file());
    assert!(!tmp.path().join("b/督办函").exists());
}

#[test]
fn output_names_are_made_safe() {
    let (tmp, _ws) = workspace(&[("..a：b.md", "---\n格式 = \"附件\"\n---\n@附件 表\n正文\n")]);
    let o = gongwen(&["build", "ws", "--no-system-fonts", "--out", "out"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // A hidden source file is not a document; nothing is built and nothing is written.
    assert!(!tmp.path().join("out").exists());
    let (tmp, _ws) = workspace(&[("a:b.md", "---\n格式 = \"附件\"\n---\n@附件 表\n正文\n")]);
    let o = gongwen(&["build", "ws", "--no-system-fonts", "--out", "out"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(tmp.path().join("out/a_b.pdf").is_file());
}

const INJECTIONS: [&str; 5] = ["#set page(width: 1cm)", "*x*", "$x$", "<w:p>", "{{ 7*7 }}"];

fn injection_document() -> String {
    let mut text =
        String::from("---\n发文机关标志 = \"#set text(red)\"\n标题 = \"$x$ 与 <w:p>\"\n主送 = \"{{ 7*7 }}\"\n---\n");
    for s in INJECTIONS {
        text.push_str(s);
        text.push('\n');
    }
    text
}

#[test]
fn injection_strings_reach_the_ir_as_text() {
    let doc_text = injection_document();
    let (tmp, _ws) = workspace(&[("注入.md", &doc_text)]);
    let o = gongwen(&["build", "ws", "--emit", "ir"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc: Document = serde_json::from_slice(&o.stdout).expect("IR");
    let text = doc.plain_text();
    for s in INJECTIONS {
        assert!(text.iter().any(|l| l == s), "{s} is a paragraph of its own: {text:?}");
    }
    assert_eq!(doc.header.map(|h| h.issuer_mark), Some("#set text(red)".to_owned()));
    assert_eq!(doc.title.map(|t| t.joined()), Some("$x$ 与 <w:p>".to_owned()));
    assert_eq!(doc.recipients.as_deref(), Some("{{ 7*7 }}"));
}

#[test]
fn injection_strings_print_literally_in_the_pdf() {
    if !external() {
        return;
    }
    let doc_text = injection_document();
    let (tmp, _ws) = workspace(&[("注入.md", &doc_text)]);
    let o = gongwen(&["build", "ws", "--no-system-fonts", "--out", "out"], tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let pdf = tmp.path().join("out/注入.pdf");
    let text = pdf_text(&pdf);
    // Exactly the characters, spaces included: Latin is set as words, never one box a letter.
    for s in INJECTIONS.iter().chain(&["#set text(red)", "$x$ 与 <w:p>"]) {
        assert!(text.lines().any(|l| l.trim() == *s), "{s:?} is not a line of the PDF text:\n{text}");
    }
}

/// The text of a PDF as `pdftotext` extracts it (poppler-utils; external tests only).
fn pdf_text(pdf: &Path) -> String {
    let t = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) is required");
    assert!(t.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&t.stdout).into_owned()
}

/// Copying from a 督办函 gives the characters that were typed: the e-mail address, the phone
/// number, the 发文字号 and Latin words come out whole, with no spaces added between letters.
#[test]
fn a_letter_copies_back_as_its_text() {
    if !external() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let cases = repo().join("fixtures/督办事项.xlsx");
    let roster = repo().join("fixtures/名册.xlsx");
    let args = ["letters", cases.to_str().unwrap_or(""), "--roster", roster.to_str().unwrap_or(""), "--out", "out"];
    let o = gongwen(&[&args[..], &["--format", "pdf", "--no-system-fonts", "-q"]].concat(), tmp.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let dir = tmp.path().join("out/督办函");
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("letters folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    pdfs.sort();
    let text = pdf_text(pdfs.iter().find(|p| p.to_string_lossy().contains("1号")).expect("letter 1"));
    for want in ["799191505@qq.com", "0356-6209459", "〔2021〕45号", "陵双减督〔2021〕1号", "1月31日", "1月25日"]
    {
        assert!(text.contains(want), "{want} missing from the letter's text:\n{text}");
    }
    for broken in ["qq . com", "q q", "0356 -", "1 月"] {
        assert!(!text.contains(broken), "{broken:?} in the letter's text:\n{text}");
    }
}

/// `build --jobs N` spreads documents over N workers; the files are the same bytes whatever N.
#[test]
fn build_output_is_the_same_with_one_or_two_workers() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&gongwen(&["init", "ws"], tmp.path())), 0);
    let mut trees = Vec::new();
    for (n, out) in [("1", "o1"), ("2", "o2")] {
        let o = gongwen(&["build", "ws", "--no-system-fonts", "--jobs", n, "--out", out, "-q"], tmp.path());
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let mut files: Vec<(String, Vec<u8>)> = walk(&tmp.path().join(out))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "pdf" || e == "docx"))
            .map(|p| {
                let rel = p.strip_prefix(tmp.path().join(out)).expect("inside").display().to_string();
                (rel, std::fs::read(&p).expect("read"))
            })
            .collect();
        files.sort();
        trees.push(files);
    }
    assert!(trees[0].len() >= 12, "notice, minutes and letters as PDF and DOCX: {}", trees[0].len());
    assert!(trees[0] == trees[1], "--jobs 1 and --jobs 2 wrote different files");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

/// A font named in gongwen.toml changes every page without changing a document: `build`
/// rebuilds everything and says the fonts changed.
#[test]
fn build_rebuilds_when_the_fonts_change() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&gongwen(&["init", "ws"], tmp.path())), 0);
    let build = || gongwen(&["build", "ws", "--no-system-fonts", "--format", "pdf", "--only", "通知"], tmp.path());
    assert_eq!(code(&build()), 0);
    let again = build();
    assert!(stderr(&again).contains("未变化，跳过 通知"), "{}", stderr(&again));

    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(ws.join("fonts")).expect("mkdir");
    std::fs::copy(repo().join("fonts/FandolKai-Regular.otf"), ws.join("fonts/kai.otf")).expect("copy font");
    let config = std::fs::read_to_string(ws.join("gongwen.toml")).expect("config");
    std::fs::write(ws.join("gongwen.toml"), format!("{config}\n[fonts]\nbody = \"fonts/kai.otf\"\n")).expect("save");
    let changed = build();
    assert_eq!(code(&changed), 0, "{}", stderr(&changed));
    assert!(stderr(&changed).contains("字体 有变化）"), "{}", stderr(&changed));
}
