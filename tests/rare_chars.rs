//! Rare characters (issue 12, items 1–5): no character is ever printed as a box. Every output
//! PDF is laid out again from its IR and its glyphs are scanned for glyph id 0 (.notdef) — the
//! example workspace (its documents and the reference spreadsheets of `fixtures/`), and a
//! workspace whose roster and body text hold the rare names 王喆, 李堃, 朱镕基, 张犇, 赵赟, 陈祎,
//! 刘珺, 周玥, 孙昇 and the Extension B 𠮷. The bundled fonts only (`--no-system-fonts`,
//! `FontSet::bundled`), so the results are the same on every machine: Fandol lacks those
//! characters, the bundled Noto Serif CJK SC has them all, and no bundled font has U+30000.

#[allow(dead_code)]
mod reference;

use gongwen::fonts::FontSet;
use gongwen::ir::Document;
use gongwen::writer::RenderOptions;
use gongwen::writer::pdf::{Engine, PagedDocument};
use reference::{P, PEOPLE, UNITS};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use typst::layout::{Frame, FrameItem};

const BIN: &str = env!("CARGO_BIN_EXE_gongwen");

/// The rare names of the issue, each in a role of the roster.
const RARE: [&str; 9] = ["王喆", "李堃", "朱镕基", "张犇", "赵赟", "陈祎", "刘珺", "周玥", "孙昇"];
/// The characters of [`RARE`] that Fandol lacks, and 𠮷 (U+20BB7, Extension B).
const MISSING: [char; 10] = ['喆', '堃', '镕', '犇', '赟', '祎', '珺', '玥', '昇', '𠮷'];
/// A body line with all of them (𠮷 too).
const BODY_LINE: &str = "参加人员：王喆、李堃、朱镕基、张犇、赵赟、陈祎、刘珺、周玥、孙昇、吉𠮷。";
/// An ideograph of Extension G that no bundled font has.
const UNCOVERED: char = '\u{30000}';

fn gongwen(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args).env("NO_COLOR", "1").env_remove("GONGWEN_FONT_PATHS").stdin(Stdio::null());
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run gongwen")
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&FontSet::bundled().expect("bundled fonts")).expect("engine"))
}

/// The example workspace (`gongwen init`): its documents and the fixtures as its data.
fn example(dir: &Path) {
    let out = run(gongwen(&["init"]).arg(dir));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The reference roster with the first nine people renamed to the rare names, so the names
/// reach the 成员名单 and 联络员名单 pages from cells A3…A11 of 人员.
fn rare_roster(path: &Path) -> Result<(), XlsxError> {
    let header = ["姓名", "单位", "职务", "协调机制", "联络员", "领导小组", "排序", "联络员排序", "电话", "备注"];
    let people: Vec<P> = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, p)| match RARE.get(i) {
            Some(n) => (*n, p.1, p.2, p.3, p.4, p.5, p.6),
            None => *p,
        })
        .collect();
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("人员")?;
    ws.merge_range(0, 0, 0, 9, "陵川县“双减”工作专门协调机制人员名册", &bold)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    for (i, (n, u, t, a, b, c, lo)) in people.iter().enumerate() {
        let r = i as u32 + 2;
        for (col, v) in [n, u, t, a, b, c].iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, col as u16, **v)?;
            }
        }
        ws.write_number(r, 6, i as f64 + 1.0)?;
        if !lo.is_empty() {
            ws.write_string(r, 7, *lo)?;
        }
    }
    let units = wb.add_worksheet();
    units.set_name("单位")?;
    for (c, h) in ["单位", "别名", "排序"].iter().enumerate() {
        units.write_string(0, c as u16, *h)?;
    }
    for (i, (u, a)) in UNITS.iter().enumerate() {
        units.write_string(i as u32 + 1, 0, *u)?;
        if !a.is_empty() {
            units.write_string(i as u32 + 1, 1, *a)?;
        }
        units.write_number(i as u32 + 1, 2, i as f64 + 1.0)?;
    }
    wb.save(path)
}

/// The example workspace with the rare roster and `line` added to the notice's body (as its
/// line 14, after the first paragraph). Returns the notice's file.
fn rare_workspace(dir: &Path, line: &str) -> PathBuf {
    example(dir);
    rare_roster(&dir.join("data/名册.xlsx")).expect("write roster");
    let notice = dir.join("documents/通知.md");
    let text = std::fs::read_to_string(&notice).expect("read notice");
    let mut lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.get(13), Some(&""), "line 14 of the example notice is the blank after its first paragraph");
    lines.insert(13, line);
    std::fs::write(&notice, lines.join("\n") + "\n").expect("write notice");
    notice
}

/// Every document of a workspace as its IR (`build --emit ir`).
fn documents(ws: &Path) -> Vec<Document> {
    let out = run(gongwen(&["build", "--emit", "ir", "--no-system-fonts"]).arg(ws));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::Deserializer::from_slice(&out.stdout)
        .into_iter::<Document>()
        .collect::<Result<Vec<_>, _>>()
        .expect("IR JSON")
}

/// Every glyph laid out: (its text, its typst family, its glyph id).
fn glyphs(doc: &PagedDocument) -> Vec<(String, String, u16)> {
    fn walk(frame: &Frame, out: &mut Vec<(String, String, u16)>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, out),
                FrameItem::Text(t) => {
                    for g in &t.glyphs {
                        let text = t.text.get(g.range()).unwrap_or("").to_string();
                        out.push((text, t.font.info().family.clone(), g.id));
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for page in doc.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

/// The glyphs of `docs` that are .notdef, a box on paper, with the document's title.
fn notdef(docs: &[Document]) -> Vec<String> {
    let mut boxes = Vec::new();
    for d in docs {
        let laid = engine().layout(d, &RenderOptions::default()).expect("layout");
        for (text, family, id) in glyphs(&laid) {
            if id == 0 {
                boxes.push(format!("{}: “{text}” in {family}", d.meta.title));
            }
        }
    }
    boxes
}

#[test]
fn no_glyph_of_the_example_or_the_fixtures_is_notdef() {
    let tmp = tempfile::tempdir().expect("tempdir");
    example(tmp.path());
    let docs = documents(tmp.path());
    assert!(docs.len() >= 6, "the notice, the 纪要 and four 督办函: {}", docs.len());
    assert_eq!(notdef(&docs), Vec::<String>::new());
}

#[test]
fn rare_names_in_the_roster_and_the_body_are_drawn_by_the_fallback_never_as_boxes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    rare_workspace(tmp.path(), BODY_LINE);
    let docs = documents(tmp.path());
    assert_eq!(notdef(&docs), Vec::<String>::new());
    let notice = docs.iter().find(|d| d.meta.title.contains("协调机制")).expect("the notice");
    let laid = engine().layout(notice, &RenderOptions::default()).expect("layout");
    let all = glyphs(&laid);
    for c in MISSING {
        let drawn: Vec<&(String, String, u16)> = all.iter().filter(|(t, ..)| t.contains(c)).collect();
        assert!(!drawn.is_empty(), "{c} is printed");
        assert!(drawn.iter().all(|(_, f, id)| f == "Noto Serif CJK SC" && *id != 0), "{c}: {drawn:?}");
    }
    // The characters Fandol has stay in Fandol: only the missing ones change font.
    let wang: Vec<&String> = all.iter().filter(|(t, ..)| t == "王").map(|(_, f, _)| f).collect();
    assert!(!wang.is_empty() && wang.iter().all(|f| f.starts_with("Fandol")), "{wang:?}");
}

#[test]
fn a_build_warns_once_per_character_and_place_and_the_docx_names_the_fallback_font() {
    let tmp = tempfile::tempdir().expect("tempdir");
    rare_workspace(tmp.path(), BODY_LINE);
    let out = run(gongwen(&["build"]).arg(tmp.path()).args(["--no-system-fonts", "--only", "通知"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning: “")).collect();
    let notice = tmp.path().join("documents/通知.md");
    for c in MISSING {
        let cp = format!("U+{:04X}", u32::from(c));
        let col = BODY_LINE.chars().position(|x| x == c).expect("in the line") + 1;
        let at = format!(
            "{}:14:{col}: warning: “{c}”（{cp}）：仿宋（正文）字体 FandolFang 没有此字，改用 Noto Serif CJK SC",
            notice.display()
        );
        assert_eq!(warnings.iter().filter(|w| w.starts_with(&at)).count(), 1, "{at}\n{stderr}");
    }
    // The names of the roster: one warning per cell, at 人员 A3…A11.
    for (i, name) in RARE.iter().enumerate() {
        let c = name.chars().find(|c| MISSING.contains(c)).expect("a rare character");
        let at = format!("名册.xlsx › 人员 › A{}: warning: “{c}”", i + 3);
        assert_eq!(warnings.iter().filter(|w| w.contains(&at)).count(), 1, "{at}\n{stderr}");
    }
    assert_eq!(warnings.len(), MISSING.len() + RARE.len(), "{stderr}");

    let docx = tmp.path().join("out/通知.docx");
    let xml = docx_xml(&docx);
    for c in MISSING {
        let run = format!(
            r#"<w:rFonts w:eastAsia="Noto Serif CJK SC" w:hint="eastAsia" /></w:rPr><w:t xml:space="preserve">{c}</w:t>"#
        );
        assert!(xml.contains(&run), "{c} is a run naming its font");
    }
    assert!(tmp.path().join("out/通知.pdf").is_file());

    // --json carries the same warnings with the documents.
    let out =
        run(gongwen(&["build"]).arg(tmp.path()).args(["--no-system-fonts", "--force", "--json", "--only", "通知"]));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let fallbacks = json["font_fallbacks"].as_array().expect("font_fallbacks");
    assert_eq!(fallbacks.len(), MISSING.len() + RARE.len());
    assert!(fallbacks.iter().all(|d| d["code"] == "font-fallback" && d["severity"] == "warning"));
    assert!(
        fallbacks
            .iter()
            .any(|d| d["location"]["line"] == 14 && d["message"].as_str().is_some_and(|m| m.contains("U+5586")))
    );
}

fn docx_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("open docx");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").expect("document.xml"), &mut xml)
        .expect("read");
    xml
}

#[test]
fn a_character_no_font_has_is_a_located_error_and_nothing_is_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let notice = rare_workspace(tmp.path(), &format!("参加人员：王喆、张{UNCOVERED}。"));
    let out = run(gongwen(&["build", "--no-system-fonts"]).arg(tmp.path()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let at = format!("{}:14:10: error: “{UNCOVERED}”（U+30000）没有任何可用字体含有", notice.display());
    assert!(stderr.contains(&at), "{at}\n{stderr}");
    assert!(
        !tmp.path().join("out").exists() || std::fs::read_dir(tmp.path().join("out")).expect("out").next().is_none()
    );
}

#[test]
fn fonts_check_names_the_font_that_prints_each_missing_character() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = run(gongwen(&["fonts", "--no-system-fonts", "--check", "朱镕基"]).arg(tmp.path()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("仿宋（正文）\tFandolFang\t镕（U+9555）→ Noto Serif CJK SC"), "{stdout}");

    let out =
        run(gongwen(&["fonts", "--no-system-fonts", "--json", "--check", &format!("喆{UNCOVERED}")]).arg(tmp.path()));
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::Deserializer::from_slice(&out.stdout).into_iter().next().expect("a JSON value").expect("JSON");
    let body = &json["check"][1];
    assert_eq!(body["role"], "body");
    assert_eq!(body["missing"][0]["printed_with"], "Noto Serif CJK SC");
    assert_eq!(body["missing"][1]["code_point"], "U+30000");
    assert!(body["missing"][1]["printed_with"].is_null());
}
