//! End-to-end tests of `gongwen letters`, `annex` and the incremental `build` (issue 4): the
//! reference case sheet, numbering across runs, template overrides and errors, `--keep-going`,
//! interrupted batches, `--merge`, and rebuilding only what a roster change touches.
//!
//! Text is read from the typst frames in-process; with `GONGWEN_EXTERNAL_TESTS=1` the written
//! PDFs are also read with pdftotext and checked with the conform checker (which must then be
//! present).

mod common;

use common::frames;
use gongwen::compose::{Composer, Contact, Issuer, LetterContext};
use gongwen::fonts::FontSet;
use gongwen::model::{load_cases, load_roster};
use gongwen::settings::Config;
use gongwen::writer::RenderOptions;
use gongwen::writer::pdf::Engine;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

fn gongwen(args: &[&str], dir: &Path) -> Output {
    // Fonts from the repository only, so results do not depend on the machine.
    let fonts: &[&str] = if args.first() == Some(&"init") { &[] } else { &["--no-system-fonts"] };
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .args(fonts)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongwen")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn external() -> bool {
    std::env::var_os("GONGWEN_EXTERNAL_TESTS").is_some_and(|v| v == "1")
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "pdf")).collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A workspace with the reference configuration and roster, and `cases` as its case sheet.
fn workspace(cases: &[[&str; 6]]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(root().join("workspace/gongwen.toml"), dir.path().join("gongwen.toml")).expect("config");
    std::fs::create_dir_all(dir.path().join("data")).expect("data");
    std::fs::copy(fixture("名册.xlsx"), dir.path().join("data/名册.xlsx")).expect("roster");
    write_cases(&dir.path().join("data/督办事项.xlsx"), cases);
    dir
}

/// A case sheet without 编号: 主送单位, 督办依据, 督办事项, 完成时限, 工作要求, 报送时限.
fn write_cases(path: &Path, rows: &[[&str; 6]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("督办事项").expect("name");
    for (c, h) in
        ["主送单位", "督办依据", "督办事项", "完成时限", "工作要求", "报送时限", "成文日期"].iter().enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).expect("cell");
        }
        ws.write_string(r as u32 + 1, 6, "2021-12-20").expect("date");
    }
    wb.save(path).expect("save");
}

fn case(unit: &'static str, task: &'static str) -> [&'static str; 6] {
    [unit, "《职责分工》", task, "2022-01-31", "开展排查；建立台账", "2022-01-25"]
}

/// The text of a laid-out document, lines joined without separators.
fn typeset_text(engine: &Engine, doc: &gongwen::ir::Document) -> String {
    let paged = engine.layout(doc, &RenderOptions::default()).expect("layout");
    frames::pages(&paged).iter().flat_map(frames::lines).map(|l| l.text()).collect::<Vec<_>>().join("")
}

#[test]
fn letters_on_the_reference_cases_write_one_pdf_per_row() {
    let out = tempfile::tempdir().expect("tmp");
    let o = gongwen(
        &[
            "letters",
            "fixtures/督办事项.xlsx",
            "--roster",
            "fixtures/名册.xlsx",
            "--out",
            out.path().to_str().expect("utf8"),
            "-q",
        ],
        root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let files = pdfs(&out.path().join("督办函"));
    let names: Vec<String> =
        files.iter().map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()).collect();
    assert_eq!(
        names,
        [
            "督办函-〔2021〕1号-县文旅局.pdf",
            "督办函-〔2021〕2号-县市场监管局.pdf",
            "督办函-〔2021〕3号-县财政局.pdf",
            "督办函-〔2021〕4号-晋城市银保监分局陵川监管组.pdf",
        ]
    );
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        assert!(bytes.starts_with(b"%PDF-"), "{}", f.display());
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).expect("manifest")).expect("json");
    let docs = manifest["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[0]["row"], 3);
    assert_eq!(docs[0]["recipient"], "县文旅局");
    assert_eq!(docs[0]["number"], "陵双减督〔2021〕1号");
    assert_eq!(docs[0]["files"][0], "督办函/督办函-〔2021〕1号-县文旅局.pdf");
    assert!(docs[0]["input_hash"].as_str().is_some_and(|h| h.len() == 32));

    // What each letter says, read from the typeset pages.
    let config = Config::default();
    let (roster, _) = load_roster(&fixture("名册.xlsx"), &config);
    let (cases, _) = load_cases(&fixture("督办事项.xlsx"), &config, roster.as_ref());
    let cases = cases.expect("cases");
    let engine = Engine::new(&FontSet::bundled().expect("fonts")).expect("engine");
    let issuer = Issuer {
        mark: "陵川县“双减”工作专门协调机制办公室".into(),
        name: "陵川县“双减”工作专门协调机制办公室".into(),
    };
    for (i, c) in cases.cases.iter().enumerate() {
        let number = format!("陵双减督〔2021〕{}号", i + 1);
        let ctx = LetterContext {
            case: c,
            number: number.clone(),
            issuer: &issuer,
            contact: Contact { person: c.contact.clone(), phone: c.phone.clone(), email: c.email.clone() },
            date: c.date.expect("date"),
        };
        let doc = Composer::new(None).letter(&ctx).expect("letter");
        let text = typeset_text(&engine, &doc);
        let deadline = format!("{}月{}日", c.deadline.month, c.deadline.day);
        for want in [
            format!("{}：", c.recipient),
            format!("按{}要求", c.basis),
            format!("{}工作应于{deadline}完成", c.task),
            "一、".to_string(),
            "二、".to_string(),
            format!("{}有关情况请于", c.report_item),
            "联系人：".to_string(),
            number,
        ] {
            assert!(text.contains(&want), "letter {i}: {want:?} not in {text}");
        }
        if external() {
            let pdf = &files[i];
            let o = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext must be installed");
            let t: String = String::from_utf8_lossy(&o.stdout).chars().filter(|c| !c.is_whitespace()).collect();
            assert!(t.contains(&format!("{}工作应于{deadline}完成", c.task)), "{}: {t}", pdf.display());
            assert!(t.contains("联系人："), "{t}");
        }
    }
    // The reference row's deadline, printed without zero padding (GB/T 9704 7.3.5.4).
    assert_eq!(cases.cases[0].deadline.month_day(), "1月31日");
    if external() {
        conform(&files);
    }
}

/// Run the conform checker; no check may FAIL.
fn conform(files: &[PathBuf]) {
    let checker = root().join("../shared/tools/conform/conform");
    let checker = std::env::var_os("GONGWEN_CONFORM").map(PathBuf::from).unwrap_or(checker);
    let report = tempfile::NamedTempFile::new().expect("tmp");
    let o = Command::new("bash")
        .arg(&checker)
        .arg("--json")
        .arg(report.path())
        .args(files)
        .output()
        .expect("the conform checker must be present");
    assert!(o.status.code().is_some_and(|c| c <= 1), "conform could not run: {}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(report.path()).expect("report")).expect("json");
    let mut failed = Vec::new();
    for rep in r["reports"].as_array().expect("reports") {
        let file = rep["file"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default().to_string();
        for c in rep["checks"].as_array().expect("checks") {
            if c["status"] == "FAIL" {
                failed.push(format!("{file}: {}: {}", c["name"].as_str().unwrap_or_default(), c["measured"]));
            }
        }
    }
    assert!(failed.is_empty(), "conform failures:\n{}", failed.join("\n"));
}

fn registry_numbers(ws: &Path) -> Vec<String> {
    std::fs::read_to_string(ws.join("编号登记.csv"))
        .expect("registry")
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn numbers_are_kept_across_runs_and_never_issued_twice() {
    let ws = workspace(&[case("县文旅局", "甲"), case("县财政局", "乙")]);
    let run = |dir: &Path| {
        let o = gongwen(&["letters", "data/督办事项.xlsx", "-q"], dir);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    run(ws.path());
    assert_eq!(registry_numbers(ws.path()), ["陵双减督〔2021〕1号", "陵双减督〔2021〕2号"]);
    assert!(ws.path().join("out/督办函/督办函-〔2021〕2号-县财政局.pdf").is_file());
    // Same rows again, and a new row inserted first: old rows keep their numbers.
    write_cases(
        &ws.path().join("data/督办事项.xlsx"),
        &[case("县教育局", "丙"), case("县文旅局", "甲"), case("县财政局", "乙")],
    );
    run(ws.path());
    assert_eq!(registry_numbers(ws.path()), ["陵双减督〔2021〕1号", "陵双减督〔2021〕2号", "陵双减督〔2021〕3号"]);
    assert!(ws.path().join("out/督办函/督办函-〔2021〕3号-县教育局.pdf").is_file());
    assert!(ws.path().join("out/督办函/督办函-〔2021〕1号-县文旅局.pdf").is_file());
    // A row removed: its number is not given to anyone else.
    write_cases(&ws.path().join("data/督办事项.xlsx"), &[case("县卫体局", "丁")]);
    run(ws.path());
    assert_eq!(registry_numbers(ws.path()).last().map(String::as_str), Some("陵双减督〔2021〕4号"));
}

#[test]
fn a_workspace_template_overrides_the_builtin() {
    let ws = workspace(&[case("县文旅局", "甲")]);
    std::fs::create_dir_all(ws.path().join("templates")).expect("templates");
    let builtin = std::fs::read_to_string(root().join("templates/督办函.j2")).expect("builtin");
    let changed = builtin.replace("为此，请你单位抓紧做好以下工作：", "特此函告，请你单位抓紧做好以下工作：");
    assert_ne!(builtin, changed);
    std::fs::write(ws.path().join("templates/督办函.j2"), changed).expect("override");
    let o = gongwen(&["letters", "data/督办事项.xlsx", "--emit", "ir", "-q"], ws.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let ir = String::from_utf8_lossy(&o.stdout);
    assert!(ir.contains("特此函告"), "{ir}");
    assert!(!ws.path().join("out").exists(), "--emit ir wrote files");
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let ws = workspace(&[case("县文旅局", "甲"), case("县财政局", "乙")]);
    std::fs::create_dir_all(ws.path().join("templates")).expect("templates");
    std::fs::write(
        ws.path().join("templates/督办函.j2"),
        "---\n格式 = \"信函\"\n---\n按{{ case.no_such_field }}要求\n",
    )
    .expect("override");
    let o = gongwen(&["letters", "data/督办事项.xlsx"], ws.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let at = format!("{}:4", Path::new("templates").join("督办函.j2").display());
    assert!(err.contains(&at), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "one error per template fault, not per row: {err}");
    assert!(!ws.path().join("out/督办函").exists());
}

#[test]
fn keep_going_writes_the_good_rows_and_lists_the_bad() {
    let out = tempfile::tempdir().expect("tmp");
    let o_str = out.path().to_str().expect("utf8");
    let args = ["letters", "fixtures/bad/督办事项-未知单位.xlsx", "--roster", "fixtures/名册.xlsx", "--out", o_str];
    let o = gongwen(&args, root());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("督办事项-未知单位.xlsx › 督办事项 › "), "{}", stderr(&o));
    assert!(pdfs(&out.path().join("督办函")).is_empty(), "a failing batch wrote letters");

    let mut with = args.to_vec();
    with.push("--keep-going");
    let o = gongwen(&with, root());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("不在名册中"), "{err}");
    let written = pdfs(&out.path().join("督办函"));
    assert_eq!(written.len(), 3, "{written:?}\n{err}");
}

#[test]
fn a_killed_batch_leaves_no_truncated_file() {
    let rows: Vec<[&str; 6]> = (0..400).map(|_| case("县文旅局", "甲")).collect();
    let ws = workspace(&rows);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["letters", "data/督办事项.xlsx", "-q", "--jobs", "1", "--no-system-fonts"])
        .current_dir(ws.path())
        .spawn()
        .expect("spawn");
    let dir = ws.path().join("out/督办函");
    let start = std::time::Instant::now();
    while pdfs(&dir).len() < 5 && start.elapsed() < std::time::Duration::from_secs(120) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("kill");
    let _ = child.wait();
    let files = pdfs(&dir);
    assert!(files.len() >= 5 && files.len() < 400, "{} letters", files.len());
    for f in files {
        let bytes = std::fs::read(&f).expect("read");
        let tail = &bytes[bytes.len().saturating_sub(32)..];
        assert!(bytes.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF"), "truncated: {}", f.display());
    }
    // The manifest is written as the batch goes, but put in place only at the end.
    assert!(!ws.path().join("out/manifest.json").exists());
    let temps = |d: &std::path::Path| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(d)
            .expect("dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".gongwen-")))
            .collect()
    };
    assert_eq!(temps(&ws.path().join("out")).len(), 1, "the unfinished manifest");
    // A rerun finishes the batch and clears what the killed run left behind.
    let rerun = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["letters", "data/督办事项.xlsx", "-q", "--no-system-fonts", "--format", "docx"])
        .current_dir(ws.path())
        .output()
        .expect("rerun");
    assert!(rerun.status.success(), "{}", String::from_utf8_lossy(&rerun.stderr));
    let manifest = std::fs::read_to_string(ws.path().join("out/manifest.json")).expect("manifest");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("manifest JSON");
    assert_eq!(manifest["documents"].as_array().map(Vec::len), Some(400));
    for d in [ws.path().join("out"), dir] {
        assert_eq!(temps(&d), Vec::<std::path::PathBuf>::new());
    }
}

#[test]
fn merge_starts_every_letter_on_an_odd_page() {
    let config = Config::default();
    let (cases, _) = load_cases(&fixture("督办事项.xlsx"), &config, None);
    let cases = cases.expect("cases");
    let engine = Engine::new(&FontSet::bundled().expect("fonts")).expect("engine");
    let issuer = Issuer { mark: "办公室".into(), name: "办公室".into() };
    let docs: Vec<_> = cases
        .cases
        .iter()
        .map(|c| {
            let ctx = LetterContext {
                case: c,
                number: "督〔2021〕1号".into(),
                issuer: &issuer,
                contact: Contact::default(),
                date: c.date.expect("date"),
            };
            Composer::new(None).letter(&ctx).expect("letter")
        })
        .collect();
    let opts = RenderOptions::default();
    let mut expected_starts = Vec::new();
    let mut total = 0;
    for d in &docs {
        expected_starts.push(total);
        let n = engine.layout(d, &opts).expect("layout").pages().len();
        total += n + n % 2;
    }
    let merged = engine.merged_layout(&docs, &opts).expect("merged");
    assert_eq!(merged.pages().len(), total);
    assert!(expected_starts.iter().all(|s| s % 2 == 0), "0-based starts are even, i.e. odd page numbers");
    let items = frames::pages(&merged);
    for s in expected_starts {
        assert!(items[s].glyphs.iter().any(|g| g.red), "page {} does not start a letter (no red mark)", s + 1);
    }
    assert!(!engine.merged_pdf(&docs, &opts).expect("pdf").is_empty());
}

#[test]
fn build_rebuilds_only_what_a_roster_change_touches() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    let ws_s = ws.to_str().expect("utf8");
    let o = gongwen(&["init", ws_s], root());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = gongwen(&["build", ws_s], root());
    assert!(o.status.success(), "{}", stderr(&o));
    let first = stderr(&o);
    assert!(first.contains("已生成 通知（首次生成）"), "{first}");
    assert!(first.contains("已生成 督办函/督办函-〔2021〕1号-县文旅局（首次生成）"), "{first}");

    let o = gongwen(&["build", ws_s], root());
    let again = stderr(&o);
    assert!(!again.contains("已生成"), "{again}");
    assert!(again.contains("未变化，跳过 通知"), "{again}");

    // 冯红卫 replaced by 张三: the notice prints both lists he was on; letters and minutes do not
    // take names from the roster.
    std::fs::copy(fixture("diff/名册-调整后.xlsx"), ws.join("data/名册.xlsx")).expect("copy");
    let o = gongwen(&["build", ws_s], root());
    assert!(o.status.success(), "{}", stderr(&o));
    let changed = stderr(&o);
    assert!(changed.contains("已生成 通知（名册 › 协调机制、名册 › 联络员 有变化）"), "{changed}");
    assert_eq!(changed.matches("已生成").count(), 1, "{changed}");
    assert!(changed.contains("未变化，跳过 会议纪要-第1期"), "{changed}");

    let o = gongwen(&["build", ws_s, "--force"], root());
    assert_eq!(stderr(&o).matches("（--force）").count(), 6, "{}", stderr(&o));
}

#[test]
fn annex_writes_the_three_list_annexes() {
    let out = tempfile::tempdir().expect("tmp");
    let o = gongwen(&["annex", "fixtures/名册.xlsx", "--out", out.path().to_str().expect("utf8"), "-q"], root());
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = pdfs(out.path())
        .iter()
        .map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "附件2-陵川县“双减”工作专门协调机制成员名单.pdf",
            "附件3-陵川县“双减”工作专门协调机制联络员名单.pdf",
            "附件4-陵川县“双减”工作监管领导小组成员名单.pdf",
        ]
    );
    // PDF and DOCX by default: each PDF has its DOCX beside it.
    let docxs: Vec<PathBuf> = pdfs(out.path()).iter().map(|p| p.with_extension("docx")).collect();
    assert!(docxs.iter().all(|d| d.is_file()), "{docxs:?}");
    if external() {
        conform(&[pdfs(out.path()), docxs].concat());
    }
    // PNG is for `build` only.
    let o = gongwen(&["annex", "fixtures/名册.xlsx", "--format", "png", "--out", "x"], root());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("png is not supported (pdf, docx)"), "{}", stderr(&o));
}
