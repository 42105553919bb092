//! Proof with readers that are not ours: every test DOCX is opened by LibreOffice (headless,
//! converted to PDF) and measured by the independent conformance checker
//! (`shared/tools/conform/conform --render-docx`), the rendered text is compared with the IR's
//! text, and python-docx (from the checker's environment) reads every file.
//!
//! Runs only with `GONGWEN_EXTERNAL_TESTS=1`, and then fails (never skips) when LibreOffice,
//! `pdftotext` or the checker is missing. The checker is found at `$GONGWEN_CONFORM` or at
//! `shared/tools/conform/conform` in a parent directory of the checkout.
//!
//! Our PDF of the same IR (`writer::pdf`, bundled fonts) is written beside each DOCX, so the
//! checker also compares the LibreOffice rendering with it: same page count
//! (`render.page_count_vs_pdf`) and same text in the same order (`render.text_vs_pdf`). The
//! rendered characters are also compared with `ir::Document::plain_text()`.
//! `GONGWEN_DOCX_KEEP=DIR` keeps the files for a look (`pdftoppm -r 60 -png`);
//! `GONGWEN_DOCX_IR=a.json:b.json` adds documents given as IR JSON (`gongwen build --emit ir`).

#[path = "docx_fixtures/mod.rs"]
mod fixtures;

use gongwen::ir::{Block, Document, Format};
use gongwen::writer::RenderOptions;
use gongwen::writer::docx::{DocxOptions, write};
use gongwen::writer::pdf::Engine;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn enabled() -> bool {
    std::env::var("GONGWEN_EXTERNAL_TESTS").is_ok_and(|v| v == "1")
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn conform() -> PathBuf {
    if let Some(p) = std::env::var_os("GONGWEN_CONFORM") {
        return PathBuf::from(p);
    }
    manifest()
        .ancestors()
        .map(|a| a.join("shared/tools/conform/conform"))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("conform checker not found above {} (set GONGWEN_CONFORM)", manifest().display()))
}

fn require(tool: &str) {
    let found =
        Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().is_ok_and(|o| o.status.success());
    assert!(found, "{tool} is missing: apt-get install -y libreoffice-writer-nogui poppler-utils");
}

/// The notice with `even_colophon`, its body and last annex lengthened until the PDF adds one
/// page before the 版记 and until it adds two (a blank page): one sample each.
fn even_colophon_samples(engine: &Engine) -> Vec<(String, Document, RenderOptions)> {
    let opts = RenderOptions { even_colophon: true, ..RenderOptions::default() };
    let para = |text: &str| {
        Block::Paragraph(gongwen::ir::Paragraph {
            level: None,
            indent: gongwen::ir::Indent::FirstLine,
            spans: vec![gongwen::ir::Span::text(text)],
        })
    };
    let mut found: Vec<(String, Document, RenderOptions)> = Vec::new();
    for body in [0, 12] {
        for annex in 0..30 {
            let mut doc = fixtures::notice();
            doc.body
                .extend((0..body).map(|_| para("各单位要按照职责分工抓好落实，及时报送工作进展情况和存在的问题。")));
            if let Some(a) = doc.attachments.last_mut() {
                a.blocks.extend((0..annex).map(|_| para("补充说明。")));
            }
            let breaks = engine.page_facts(&doc, &opts).expect("layout").colophon_breaks;
            let name = format!("even-colophon-{breaks}");
            if breaks > 0 && !found.iter().any(|(n, _, _)| *n == name) {
                found.push((name, doc, opts.clone()));
            }
            if found.len() == 2 {
                return found;
            }
        }
    }
    let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
    panic!("no length of the notice gave both one and two pages before the 版记: {names:?}")
}

/// The checks the conform checker fails on a document that GB/T 9704 requires as it is: the
/// 版记 of a 信函 has no rules (10.1); with `--even-colophon` the blank page before the 版记
/// page and that page carry no page number (7.5); the 份号 stands flush left on line 1 (7.2.1),
/// which the DOCX check takes for an unindented body paragraph. Nothing else is excused.
fn standard_over_checker(doc: &Document, opts: &RenderOptions, check: &str, measured: &str) -> Option<&'static str> {
    let check = check.trim_start_matches("docx.").trim_start_matches("pdf.");
    let copy = doc.header.as_ref().and_then(|h| h.copy_number.as_deref());
    if check == "body.first_line_indent"
        && let Some(copy) = copy
        && measured.contains(&format!("bad: '{copy}' firstLine=0 firstLineChars=None"))
        && !measured.contains("; '")
    {
        return Some("7.2.1 sets the 份号 flush left");
    }
    if doc.format == Format::Letter && doc.colophon.is_some() && check == "colophon.rules" {
        return Some("10.1 gives the 信函 版记 no rules");
    }
    let unnumbered = matches!(check, "footer.page_field" | "footer.alignment" | "pageno.present");
    if opts.even_colophon && unnumbered {
        return Some("7.5 numbers neither a blank page before the 版记 page nor that page");
    }
    None
}

/// Text without whitespace and without ASCII hyphens: pdftotext joins a hyphen at a line end
/// with the next line ("0356-" / "6221234" → "03566221234").
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

/// The IR text, with the 纪要 编印 line that `plain_text` leaves out.
fn ir_text(doc: &Document) -> String {
    let mut want = doc.plain_text();
    if let Some(h) = &doc.header
        && let Some(e) = &h.edition_line
    {
        let at = want.iter().position(|l| Some(l) == h.doc_number.as_ref()).map_or(0, |i| i + 1);
        want.insert(at, format!("{}{}", e.left, e.right));
    }
    squeeze(&want.concat())
}

/// Characters of sorted `a` that sorted `b` lacks (with multiplicity).
fn diff(a: &[char], b: &[char]) -> Vec<char> {
    let mut out = Vec::new();
    let mut j = 0;
    for &c in a {
        while j < b.len() && b[j] < c {
            j += 1;
        }
        if j < b.len() && b[j] == c {
            j += 1;
        } else {
            out.push(c);
        }
    }
    out
}

/// Rendered text without the page-number lines and without the ＿ of form blanks (the IR's
/// `plain_text` gives a blank as spaces; both writers print full-width low lines).
fn rendered_text(pdf: &Path) -> (String, usize) {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let pages = text.matches('\u{c}').count();
    let kept: String = text
        .lines()
        .filter(|l| {
            let t = squeeze(l);
            let number = t.trim_matches('—');
            !(t.starts_with('—')
                && t.ends_with('—')
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    (squeeze(&kept).replace('＿', ""), pages)
}

#[test]
fn libreoffice_renders_every_docx_conforming_with_the_ir_text() {
    if !enabled() {
        return;
    }
    require("soffice");
    require("pdftotext");
    let conform = conform();
    let fonts = gongwen::fonts::FontSet::bundled().expect("bundled fonts");
    let engine = gongwen::writer::pdf::Engine::new(&fonts).expect("pdf engine");
    // `GONGWEN_DOCX_KEEP=DIR` keeps the DOCX files, reports and renderings for a look.
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = std::env::var_os("GONGWEN_DOCX_KEEP").map(PathBuf::from).unwrap_or_else(|| temp.path().to_path_buf());
    let mut problems = Vec::new();
    let plain = RenderOptions::default();
    let mut docs: Vec<(String, Document, RenderOptions)> =
        fixtures::all().into_iter().map(|(n, d)| (n.to_string(), d, plain.clone())).collect();
    // `--even-colophon`: the notice lengthened until the PDF moves its 版记 one page on, and
    // until it puts a blank page before it; the DOCX follows (both pages unnumbered).
    docs.extend(even_colophon_samples(&engine));
    for (i, path) in
        std::env::var("GONGWEN_DOCX_IR").unwrap_or_default().split(':').filter(|p| !p.is_empty()).enumerate()
    {
        let json = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let doc = serde_json::from_slice(&json).unwrap_or_else(|e| panic!("{path}: {e}"));
        docs.push((format!("ir{}", i + 1), doc, plain.clone()));
    }
    for (name, doc, opts) in &docs {
        let name = name.as_str();
        let file = dir.join(format!("{name}.docx"));
        let (ours, facts) = engine.pdf_with_facts(doc, opts).unwrap_or_else(|e| panic!("{name}: pdf: {e:?}"));
        let docx_opts = DocxOptions { facts, ..DocxOptions::default() };
        std::fs::write(&file, write(doc, opts, &docx_opts).expect("docx")).expect("write");
        std::fs::write(dir.join(format!("{name}.pdf")), ours).expect("write pdf");
        let report = dir.join(format!("{name}.json"));
        let kept = dir.join("rendered");
        let out = Command::new(&conform)
            .arg("--render-docx")
            .arg("--keep-rendered")
            .arg(&kept)
            .arg("--json")
            .arg(&report)
            .arg(&file)
            .env("FONT_DIR", manifest().join("fonts"))
            .output()
            .expect("run conform");
        let json: Value = serde_json::from_slice(
            &std::fs::read(&report)
                .unwrap_or_else(|_| panic!("conform wrote no report: {}", String::from_utf8_lossy(&out.stderr))),
        )
        .expect("report json");
        let reports = json["reports"].as_array().cloned().unwrap_or_default();
        assert_eq!(reports.len(), 2, "{name}: DOCX report and LibreOffice rendering report");
        for r in &reports {
            for c in r["checks"].as_array().cloned().unwrap_or_default() {
                if c["status"] != "FAIL" {
                    continue;
                }
                let check = c["name"].as_str().unwrap_or("");
                let measured = c["measured"].as_str().unwrap_or("");
                match standard_over_checker(doc, opts, check, measured) {
                    Some(clause) => eprintln!("{name}: {check} fails where GB/T 9704 {clause}: {measured}"),
                    None => problems.push(format!("{name}: FAIL {check}: {measured}")),
                }
            }
        }
        // The order of the text is compared with our PDF by the checker (render.text_vs_pdf);
        // pdftotext's reading order splits table cells and underlined blanks. Here: the same
        // characters as the IR, none lost, none doubled.
        let pdf = kept.join(format!("{name}.rendered.pdf"));
        let (text, pages) = rendered_text(&pdf);
        eprintln!("{name}: LibreOffice renders {pages} page(s)");
        let sorted = |s: String| {
            let mut v: Vec<char> = s.chars().collect();
            v.sort_unstable();
            v
        };
        let (got, want) = (sorted(text), sorted(ir_text(doc)));
        if got != want {
            let missing: String = diff(&want, &got).into_iter().take(20).collect();
            let extra: String = diff(&got, &want).into_iter().take(20).collect();
            problems.push(format!("{name}: rendered text differs from the IR: missing {missing:?}, extra {extra:?}"));
        }
    }
    // A third reader: python-docx (in the checker's environment) opens every file and sees
    // the role styles by name.
    let script = dir.join("python_docx_reads.py");
    std::fs::write(
        &script,
        "import sys, docx\nfor f in sys.argv[1:]:\n    d = docx.Document(f)\n    names = {p.style.name for p in d.paragraphs if p.style is not None}\n    print(f, len(d.paragraphs), '正文' in names)\n",
    )
    .expect("script");
    let files: Vec<PathBuf> = docs.iter().map(|(n, _, _)| dir.join(format!("{n}.docx"))).collect();
    let out = Command::new(&conform).arg("--python").arg(&script).args(&files).output().expect("python-docx");
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        problems.push(format!("python-docx cannot read: {}", String::from_utf8_lossy(&out.stderr)));
    }
    for (line, (name, _, _)) in stdout.lines().zip(&docs) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let paragraphs: usize = fields.get(1).and_then(|n| n.parse().ok()).unwrap_or(0);
        if paragraphs == 0 || fields.get(2) != Some(&"True") {
            problems.push(format!("{name}: python-docx sees {line:?}"));
        }
    }
    assert_eq!(stdout.lines().count(), docs.len(), "python-docx output: {stdout}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
