//! DOCX writer tests: the package and its XML, measured against GB/T 9704 and the Word/WPS
//! traps of FORMAT.md §13. Goldens of `document.xml` and `styles.xml` (pretty-printed) live in
//! `tests/golden/docx/`; rewrite them with `UPDATE_GOLDEN=1` and review the diff like code.
//! The LibreOffice round trip is in `tests/docx_external.rs`.

#[path = "docx_fixtures/mod.rs"]
mod fixtures;

use gongwen::cli::DocxFonts;
use gongwen::ir::{Block, Document, Paragraph, Span};
use gongwen::writer::RenderOptions;
use gongwen::writer::docx::{DocxOptions, write};
use std::collections::BTreeMap;

fn docx(doc: &Document) -> Vec<u8> {
    write(doc, &RenderOptions::default(), &DocxOptions { fonts: DocxFonts::Government, ..Default::default() })
        .expect("docx")
}

/// The entries of a zip archive whose entries are stored (docx-rs does not compress), read
/// from the local file headers: name → (bytes, DOS time, DOS date).
fn entries(zip: &[u8]) -> BTreeMap<String, (Vec<u8>, u16, u16)> {
    let mut out = BTreeMap::new();
    let mut i = 0;
    let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
    while i + 30 <= zip.len() && zip[i..i + 4] == [0x50, 0x4b, 0x03, 0x04] {
        let (method, time, date) = (u16_at(i + 8), u16_at(i + 10), u16_at(i + 12));
        let size = u32_at(i + 18);
        let (name_len, extra_len) = (u16_at(i + 26) as usize, u16_at(i + 28) as usize);
        let name = String::from_utf8(zip[i + 30..i + 30 + name_len].to_vec()).expect("utf-8 name");
        let start = i + 30 + name_len + extra_len;
        assert_eq!(method, 0, "{name} is compressed; this reader expects stored entries");
        out.insert(name, (zip[start..start + size].to_vec(), time, date));
        i = start + size;
    }
    out
}

fn parts(zip: &[u8]) -> BTreeMap<String, String> {
    entries(zip).into_iter().map(|(k, (v, _, _))| (k, String::from_utf8_lossy(&v).into_owned())).collect()
}

fn part(zip: &[u8], name: &str) -> String {
    parts(zip).remove(name).unwrap_or_else(|| panic!("no {name}"))
}

/// The `w:style` element with the given id.
fn style<'a>(styles: &'a str, id: &str) -> &'a str {
    let start = styles.find(&format!(r#"w:styleId="{id}""#)).unwrap_or_else(|| panic!("no style {id}"));
    let end = styles[start..].find("</w:style>").map(|e| start + e).expect("style end");
    &styles[start..end]
}

#[test]
fn same_ir_gives_the_same_bytes_on_any_thread() {
    let doc = fixtures::notice();
    let a = docx(&doc);
    let b = docx(&doc);
    assert_eq!(a, b, "two writes differ");
    // docx-rs numbers paragraphs from a thread-local counter: a thread that wrote other
    // documents first must still give the same bytes.
    let other = std::thread::spawn(move || {
        let _ = docx(&fixtures::letter());
        let _ = docx(&fixtures::annex());
        docx(&doc)
    })
    .join()
    .expect("thread");
    assert_eq!(a, other, "bytes depend on the thread's history");
}

#[test]
fn zip_entries_carry_the_dos_epoch_not_the_clock() {
    let e = entries(&docx(&fixtures::letter()));
    assert!(e.len() >= 10, "{:?}", e.keys());
    for (name, (_, time, date)) in &e {
        // 1980-01-01 00:00: date = (0 << 9) | (1 << 5) | 1.
        assert_eq!((*time, *date), (0, 33), "{name} has a timestamp from the clock");
    }
}

#[test]
fn core_properties_come_from_the_ir() {
    let core = part(&docx(&fixtures::notice()), "docProps/core.xml");
    assert!(core.contains("<dc:title>关于建立陵川县“双减”工作专门协调机制的通知</dc:title>"), "{core}");
    assert!(core.contains("<dc:creator>陵川县人民政府办公室</dc:creator>"));
    assert!(core.contains(r#"<dcterms:created xsi:type="dcterms:W3CDTF">2021-12-13T00:00:00Z</dcterms:created>"#));
    assert!(core.contains(r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2021-12-13T00:00:00Z</dcterms:modified>"#));
}

#[test]
fn section_is_a4_with_the_standard_margins_grid_and_footers() {
    let bytes = docx(&fixtures::notice());
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#), "pgSz");
    for attr in [r#"w:top="2098""#, r#"w:right="1474""#, r#"w:bottom="1984""#, r#"w:left="1587""#] {
        assert!(doc.contains(attr), "pgMar {attr}");
    }
    assert!(doc.contains(r#"<w:docGrid w:type="lines" w:linePitch="579" w:charSpace="0" />"#), "docGrid");
    assert!(doc.contains(r#"w:type="even""#) && doc.contains(r#"w:type="default""#), "footer references");
    assert!(!doc.contains("<w:titlePg"), "通用 documents number page 1");
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders />"), "{settings}");
}

#[test]
fn footers_hold_a_page_field_between_em_dashes_odd_right_even_left() {
    let p = parts(&docx(&fixtures::notice()));
    let footers: Vec<&String> = p.iter().filter(|(k, _)| k.starts_with("word/footer")).map(|(_, v)| v).collect();
    assert_eq!(footers.len(), 2);
    let right = footers.iter().find(|f| f.contains(r#"<w:jc w:val="right" />"#)).expect("odd footer");
    let left = footers.iter().find(|f| f.contains(r#"<w:jc w:val="left" />"#)).expect("even footer");
    for f in [right, left] {
        assert!(f.contains("<w:instrText>PAGE</w:instrText>"), "{f}");
        assert!(f.contains(">— </w:t>") && f.contains("> —</w:t>"), "{f}");
        assert!(f.contains(r#"<w:pStyle w:val="GwPageNumber" />"#));
    }
    // One 四号 character in from the block edge (7.5).
    assert!(right.contains(r#"w:right="280""#) && left.contains(r#"w:left="280""#));
}

#[test]
fn letters_have_no_number_on_page_one() {
    let bytes = docx(&fixtures::letter());
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains("<w:titlePg />"), "titlePg");
    let p = parts(&bytes);
    let footers: Vec<&String> = p.iter().filter(|(k, _)| k.starts_with("word/footer")).map(|(_, v)| v).collect();
    assert_eq!(footers.len(), 3);
    assert_eq!(footers.iter().filter(|f| f.contains("PAGE")).count(), 2, "the first-page footer is empty");
}

#[test]
fn fonts_are_set_by_styles_with_all_four_channels_and_no_theme_fonts() {
    let bytes = docx(&fixtures::notice());
    let styles = part(&bytes, "word/styles.xml");
    let doc = part(&bytes, "word/document.xml");
    let body = style(&styles, "GwBody");
    assert!(
        body.contains(
            r#"<w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:cs="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia" />"#
        ),
        "{body}"
    );
    assert!(body.contains(r#"<w:sz w:val="32" />"#) && body.contains(r#"<w:spacing w:val="-5" />"#));
    assert!(body.contains(r#"w:line="579" w:lineRule="exact""#) && body.contains(r#"w:firstLine="640""#));
    for (id, font) in [
        ("GwTitle", "方正小标宋简体"),
        ("GwMark", "方正小标宋简体"),
        ("GwHeading1", "黑体"),
        ("GwHeading2Char", "楷体_GB2312"),
        ("GwAnnexMark", "黑体"),
        ("GwPageNumber", "宋体"),
    ] {
        let s = style(&styles, id);
        for ch in ["ascii", "hAnsi", "eastAsia", "cs"] {
            assert!(s.contains(&format!(r#"w:{ch}="{font}""#)), "{id} {ch}: {s}");
        }
        assert!(s.contains(r#"w:hint="eastAsia""#), "{id}");
    }
    assert!(!styles.contains("Theme") && !doc.contains("Theme"), "theme fonts");
    // Editing-friendliness: no run or paragraph names a font itself, so the role styles are
    // the only place fonts live (changing 正文 changes all body text).
    // (Curly quotes carry only the East Asian hint, which names no font.)
    assert!(!doc.contains("w:ascii=") && !doc.contains("w:eastAsia="), "direct fonts in document.xml");
    // The body roles that do not set a font of their own inherit 正文's.
    for id in ["GwFlush", "GwHeading2", "GwHeading3", "GwHeading4", "GwColophon"] {
        let s = style(&styles, id);
        assert!(!s.contains("<w:rFonts"), "{id} overrides the body font");
        assert!(s.contains(r#"<w:basedOn w:val="GwBody" />"#), "{id} not based on 正文");
    }
    let uses_body_font = ["GwBody", "GwFlush", "GwHeading2", "GwHeading3", "GwHeading4"]
        .iter()
        .map(|id| doc.matches(&format!(r#"<w:pStyle w:val="{id}" />"#)).count())
        .sum::<usize>();
    assert!(uses_body_font > 40, "{uses_body_font} body paragraphs");
}

#[test]
fn bundled_font_names_replace_the_government_ones() {
    let bytes = write(
        &fixtures::notice(),
        &RenderOptions::default(),
        &DocxOptions { fonts: DocxFonts::Bundled, ..Default::default() },
    )
    .expect("docx");
    let styles = part(&bytes, "word/styles.xml");
    for f in ["FandolFang", "FandolSong", "FandolHei", "FandolKai"] {
        assert!(styles.contains(&format!(r#"w:eastAsia="{f}""#)), "{f}");
    }
    assert!(!styles.contains("仿宋_GB2312") && !styles.contains("方正小标宋简体"));
    // 小标宋 is FandolSong Bold: the bold face of the family.
    assert!(style(&styles, "GwTitle").contains("<w:b />") && style(&styles, "GwMark").contains("<w:b />"));
    let government = part(&docx(&fixtures::notice()), "word/styles.xml");
    assert!(!government.contains("<w:b />"), "no bold anywhere with the government fonts");
}

#[test]
fn run_in_level_two_headings_are_a_kai_character_style() {
    let doc = part(&docx(&fixtures::notice()), "word/document.xml");
    let at = doc.find("（一）会议决策制度。").expect("heading text");
    let run_start = doc[..at].rfind("<w:r>").expect("run");
    assert!(doc[run_start..at].contains(r#"<w:rStyle w:val="GwHeading2Char" />"#), "{}", &doc[run_start..at]);
    let rest = doc.find("协调机制原则上每年召开一次例会").expect("rest");
    let rest_run = doc[..rest].rfind("<w:r>").expect("run");
    assert!(!doc[rest_run..rest].contains("rStyle"), "the text after the heading is 正文");
}

#[test]
fn ruled_tables_have_an_explicit_grid_and_lists_are_tab_aligned() {
    let doc = part(&docx(&fixtures::annex()), "word/document.xml");
    let attr = |s: &str, prefix: &str| -> Vec<usize> {
        s.split(prefix).skip(1).map(|x| x[..x.find('"').expect("quote")].parse().expect("number")).collect()
    };
    let tables: Vec<&str> = doc.split("<w:tbl>").skip(1).collect();
    assert!(!tables.is_empty(), "the ruled table");
    for t in tables {
        let t = &t[..t.find("</w:tblGrid>").expect("every table has a w:tblGrid")];
        let width = attr(t, r#"<w:tblW w:w=""#);
        let cols = attr(t, r#"<w:gridCol w:w=""#);
        assert_eq!(width.len(), 1);
        assert_eq!(cols.iter().sum::<usize>(), width[0], "tblW differs from the grid");
    }
    // The unruled 联络员 list is body text: tab-aligned paragraphs, columns 1:3 after the
    // two-character indent.
    assert!(doc.contains(r#"<w:tab w:val="left" w:pos="2691" />"#), "tab stop at the second column");
    assert!(doc.contains("县教育局副局长"), "the 联络员 list");
    for t in doc.split("<w:tbl>").skip(1) {
        let t = &t[..t.find("</w:tbl>").expect("closed table")];
        assert!(!t.contains("县教育局副局长"), "the list is not in a table");
    }
}

#[test]
fn header_has_the_red_mark_and_separator_and_the_colophon_its_rules() {
    let doc = part(&docx(&fixtures::notice()), "word/document.xml");
    let styles = part(&docx(&fixtures::notice()), "word/styles.xml");
    assert!(style(&styles, "GwMark").contains(r#"<w:color w:val="FF0000" />"#));
    assert!(doc.contains(r#"<w:bottom w:val="single" w:space="8" w:sz="14" w:color="FF0000" />"#), "separator");
    // 版记: a text box at the bottom of the margin box with three rules, first and last
    // 0.35 mm (w:sz 8), the middle one 0.25 mm (w:sz 6) (7.4.1).
    assert!(doc.contains(r#"<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>"#));
    let tb = &doc[doc.find("<w:txbxContent>").expect("text box")..];
    let rules: Vec<&str> = tb
        .split(r#"<w:bottom w:val="single" w:space="0" w:sz=""#)
        .skip(1)
        .map(|s| &s[..s.find('"').expect("q")])
        .collect();
    assert_eq!(rules, ["8", "6", "8"]);
    assert!(tb.contains("抄送：") && tb.contains("2021年12月13日印发"));
}

#[test]
fn letterhead_frames_sit_on_the_page() {
    let doc = part(&docx(&fixtures::letter()), "word/document.xml");
    let frames = doc.matches("<w:framePr").count();
    assert_eq!(frames, 4, "mark, two double lines and the spacer");
    assert!(doc.contains(r#"w:color="FF0000""#));
    // 170 mm double lines, centred: 9638 twips from x = 1134.
    assert_eq!(doc.matches(r#"w:w="9638""#).count(), 2);
    let pre = write(
        &fixtures::letter(),
        &RenderOptions { preprinted_letterhead: true, ..Default::default() },
        &DocxOptions::default(),
    )
    .expect("docx");
    let pre = part(&pre, "word/document.xml");
    assert_eq!(pre.matches("<w:framePr").count(), 1, "pre-printed paper keeps only the spacer");
    assert!(!pre.contains("FF0000") && !pre.contains("GwMark"), "no mark, no red lines");
}

#[test]
fn data_never_becomes_markup() {
    let mut doc = fixtures::notice();
    let nasty = r#"<w:p>&amp; {{ 7*7 }} "</w:t>"#;
    doc.body.push(Block::Paragraph(Paragraph { spans: vec![Span::text(nasty)], ..Default::default() }));
    doc.meta.title = nasty.into();
    if let Some(c) = doc.colophon.as_mut().and_then(|c| c.cc.as_mut()) {
        c.items[0].text = nasty.into();
    }
    let bytes = docx(&doc);
    let p = parts(&bytes);
    for name in ["word/document.xml", "docProps/core.xml"] {
        let xml = &p[name];
        assert!(!xml.contains(nasty), "{name} has the raw text");
        assert!(xml.contains("&lt;w:p&gt;&amp;amp;"), "{name} lacks the escaped text");
    }
    assert_eq!(p["word/document.xml"].matches("&lt;w:p&gt;").count(), 2, "body and 版记");
}

/// The text of `w:t` elements in document order.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    for chunk in xml.split("<w:t").skip(1) {
        let Some(gt) = chunk.find('>') else { continue };
        if chunk[..gt].ends_with('/') {
            continue;
        }
        let body = &chunk[gt + 1..];
        out.push_str(&body[..body.find("</w:t>").unwrap_or(0)]);
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

#[test]
fn document_text_is_the_ir_text_in_order() {
    for (name, doc) in fixtures::all() {
        let p = parts(&docx(&doc));
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        // The 版记 text box is anchored in the last paragraph, so it comes last, as in the IR.
        // `plain_text` leaves out the 纪要 编印 line, which the writers print after the 期号.
        let mut want = doc.plain_text();
        if let Some(e) = doc.header.as_ref().and_then(|h| h.edition_line.as_ref()) {
            let at = want.iter().position(|l| Some(l) == doc.header.as_ref().and_then(|h| h.doc_number.as_ref()));
            want.insert(at.map_or(0, |i| i + 1), format!("{}{}", e.left, e.right));
        }
        assert_eq!(squeeze(&text_of(&p["word/document.xml"])), squeeze(&want.concat()), "{name}");
    }
}

/// The runs (`<w:r>…</w:r>`) of `xml` whose text holds a curly quote, with that text.
fn quote_runs(xml: &str) -> Vec<(&str, String)> {
    xml.split("<w:r>")
        .skip(1)
        .map(|r| &r[..r.find("</w:r>").unwrap_or(r.len())])
        .map(|r| (r, text_of(r)))
        .filter(|(_, t)| t.contains(['“', '”', '‘', '’']))
        .collect()
}

/// The `w:w` scale of a run, 100 when it has none.
fn scale_of(run: &str) -> i32 {
    run.split(r#"<w:w w:val=""#).nth(1).and_then(|s| s[..s.find('"')?].parse().ok()).unwrap_or(100)
}

#[test]
fn curly_quotes_are_full_width_east_asian_runs_of_their_own() {
    // “ ” ‘ ’ are full width in Chinese text (GB/T 15834): each run of them carries the East
    // Asian hint, so that Word, WPS and LibreOffice take the CJK font's full-width glyph, and is
    // never narrowed with `w:w`.
    let mut seen = 0;
    for (name, doc) in fixtures::all() {
        let xml = part(&docx(&doc), "word/document.xml");
        for para in xml.split("<w:p ").skip(1) {
            for (run, text) in quote_runs(para) {
                assert!(text.chars().all(|c| "“”‘’".contains(c)), "{name}: a quote shares a run with text: {run}");
                // Issuer marks are narrowed as a whole (next test).
                assert!(run.contains(r#"<w:rFonts w:hint="eastAsia" />"#), "{name}: {run}");
                if !para.contains(r#"<w:pStyle w:val="GwMark" />"#) {
                    assert_eq!(scale_of(run), 100, "{name}: {run}");
                }
                seen += 1;
            }
        }
    }
    assert!(seen > 20, "{seen} quote runs in the fixtures");
}

#[test]
fn quotes_in_a_narrowed_issuer_mark_are_narrowed_like_every_character() {
    let xml = part(&docx(&fixtures::minutes()), "word/document.xml");
    let start = xml.find(r#"<w:pStyle w:val="GwMark" />"#).expect("mark");
    let mark = &xml[start..start + xml[start..].find("</w:p>").expect("end")];
    let runs: Vec<(&str, String)> = mark
        .split("<w:r>")
        .skip(1)
        .map(|r| &r[..r.find("</w:r>").unwrap_or(r.len())])
        .map(|r| (r, text_of(r)))
        .collect();
    assert_eq!(runs.iter().map(|(_, t)| t.as_str()).collect::<String>(), "陵川县“双减”工作协调机制会议纪要");
    // 17 full-width characters, the quotes among them, of 36 pt (小初) on 156 mm: 72 %, every
    // run alike.
    for (run, text) in &runs {
        assert_eq!(scale_of(run), 72, "{text}: {run}");
    }
}

#[test]
fn document_languages_are_chinese_with_english_for_latin_script() {
    // LibreOffice breaks lines by these: Chinese rules for CJK text, English ones for digits,
    // which keep a number whole.
    let styles = part(&docx(&fixtures::notice()), "word/styles.xml");
    let defaults = &styles[..styles.find("</w:docDefaults>").expect("docDefaults")];
    assert!(
        defaults.contains(r#"<w:rPrDefault><w:rPr><w:lang w:val="en-US" w:eastAsia="zh-CN" /></w:rPr></w:rPrDefault>"#),
        "{defaults}"
    );
    assert_eq!(styles.matches("<w:lang ").count(), 1, "set once, in docDefaults");
}

/// Pretty-print XML: one element per line, indented; text stays on its element's line.
fn pretty(xml: &str) -> String {
    let mut out = String::new();
    let mut depth: usize = 0;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if !text.is_empty() {
            out.push_str(text);
        }
        let gt = rest[lt..].find('>').map(|g| lt + g + 1).unwrap_or(rest.len());
        let tag = &rest[lt..gt];
        let closing = tag.starts_with("</");
        let selfclosing = tag.ends_with("/>") || tag.starts_with("<?");
        if closing {
            depth = depth.saturating_sub(1);
            if !out.ends_with('>') || out.ends_with("/>") || out.ends_with('\n') {
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
            }
            out.push_str(tag);
        } else {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&"  ".repeat(depth));
            out.push_str(tag);
            if !selfclosing {
                depth += 1;
            }
        }
        rest = &rest[gt..];
    }
    out.push('\n');
    out
}

fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/docx").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} missing: UPDATE_GOLDEN=1", path.display()));
    if want != actual {
        let line = want.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{name} differs from the golden at line {}:\n  golden: {:?}\n  actual: {:?}\n(UPDATE_GOLDEN=1 to accept)",
            line + 1,
            want.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn golden_xml_of_each_document() {
    for (name, doc) in fixtures::all() {
        let p = parts(&docx(&doc));
        golden(&format!("{name}.document.xml"), &pretty(&p["word/document.xml"]));
        if name == "notice" {
            golden("styles.xml", &pretty(&p["word/styles.xml"]));
        }
    }
}

#[test]
fn docx_rs_reads_every_document_back() {
    for (name, doc) in fixtures::all() {
        let back = docx_rs::read_docx(&docx(&doc)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!back.document.children.is_empty(), "{name}");
    }
}

#[test]
fn odd_input_never_panics_and_stays_well_formed() {
    let empty = docx(&Document::default());
    docx_rs::read_docx(&empty).expect("empty document");
    let mut doc = fixtures::letter();
    let weird = "\u{b}竖\u{0}排\u{1b}[0m\u{FFFF}\t行\n";
    doc.body.push(Block::Paragraph(Paragraph { spans: vec![Span::text(weird)], ..Default::default() }));
    if let Some(h) = doc.header.as_mut() {
        h.issuer_mark = "很长的发文机关标志".repeat(8);
        h.doc_number = Some(String::new());
    }
    doc.title = Some(gongwen::ir::Title { lines: vec![] });
    doc.meta.title = weird.into();
    let bytes = docx(&doc);
    docx_rs::read_docx(&bytes).expect("re-read");
    let xml = part(&bytes, "word/document.xml");
    let at = xml.find("竖").expect("text kept");
    assert!(xml[at..].starts_with("竖排[0m"), "controls dropped: {:?}", &xml[at..at + 40]);
    assert!(!xml.contains('\u{b}') && !xml.contains('\u{0}'));
    // A mark longer than the type area is narrowed, not shrunk: 72 characters of 36 pt on
    // 156 mm is 17 %.
    assert!(xml.contains(r#"<w:w w:val="17" />"#), "mark scale");
}

#[test]
fn enclosure_comes_after_the_signature_with_the_attachment_note() {
    let mut doc = fixtures::letter();
    doc.enclosure = Some(gongwen::ir::Enclosure {
        title: gongwen::ir::Title { lines: vec!["陵川县“双减”工作专门协调机制".into()] },
        blocks: vec![Block::Paragraph(Paragraph {
            spans: vec![Span::text("一、指导思想")], ..Default::default()
        })],
    });
    doc.attachment_note = fixtures::notice().attachment_note;
    let xml = part(&docx(&doc), "word/document.xml");
    let at = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s} missing"));
    // The end of the enclosure title: its quotes are runs of their own.
    let title = "工作专门协调机制</w:t>";
    assert!(at("2021年12月20日") < at(title), "enclosure after the date");
    assert!(at("一、指导思想") < at("附件："), "附件说明 after the enclosure");
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(squeeze(&text_of(&xml)), squeeze(&doc.plain_text().concat()));
    // The enclosure starts a new page.
    let title_para = xml[..at(title)].rfind("<w:p ").expect("paragraph");
    assert!(xml[title_para..].starts_with("<w:p ") && xml[title_para..at(title)].contains("<w:pageBreakBefore />"));
}

#[test]
fn preprinted_paper_keeps_the_space_of_the_mark_and_rule() {
    let plain = part(&docx(&fixtures::notice()), "word/document.xml");
    let pre = write(
        &fixtures::notice(),
        &RenderOptions { preprinted_letterhead: true, ..Default::default() },
        &DocxOptions::default(),
    )
    .expect("docx");
    let pre = part(&pre, "word/document.xml");
    assert!(!pre.contains("陵川县人民政府办公室文件") && !pre.contains("FF0000"));
    // Same paragraphs, same spacing: the mark paragraph is there, empty.
    assert_eq!(pre.matches("<w:p ").count(), plain.matches("<w:p ").count());
    assert_eq!(pre.matches(r#"<w:pStyle w:val="GwMark" />"#).count(), 1);
}

#[test]
fn minutes_rule_their_issue_number_or_edition_line_in_red() {
    // GB/T 9704 10.3 sets no separator for 纪要; practice rules the 期号 or the 编印 line.
    let rule = r#"w:color="FF0000""#;
    let with = part(&docx(&fixtures::minutes()), "word/document.xml");
    assert!(with.contains(rule), "under the 编印 line");
    let mut doc = fixtures::minutes();
    if let Some(h) = doc.header.as_mut() {
        h.edition_line = None;
    }
    assert!(doc.header.as_ref().is_some_and(|h| h.doc_number.is_some()));
    assert!(part(&docx(&doc), "word/document.xml").contains(rule), "under the 期号");
    if let Some(h) = doc.header.as_mut() {
        h.doc_number = None;
    }
    assert!(!part(&docx(&doc), "word/document.xml").contains(rule), "nothing to rule: no rule");
}

#[test]
fn drafts_carry_the_marks_in_every_page_header() {
    let opts = RenderOptions { draft: Some("草稿 · documents/通知.md".into()), ..Default::default() };
    let bytes = write(&fixtures::letter(), &opts, &DocxOptions::default()).expect("docx");
    let p = parts(&bytes);
    let headers: Vec<&String> = p.iter().filter(|(k, _)| k.starts_with("word/header")).map(|(_, v)| v).collect();
    assert_eq!(headers.len(), 3, "default, even and the 信函 first page");
    for h in headers {
        assert!(h.contains(r#"<a:xfrm rot="-2700000">"#) && h.contains(r#"behindDoc="1""#), "{h}");
        assert!(h.contains(">草稿</w:t>") && h.contains(">草稿\u{3000}草稿 · documents/通知.md</w:t>"));
        assert!(h.contains(r#"<w:color w:val="E1E1E1" />"#));
    }
    assert_eq!(text_of(&p["word/document.xml"]), text_of(&part(&docx(&fixtures::letter()), "word/document.xml")));
    assert!(!parts(&docx(&fixtures::letter())).keys().any(|k| k.starts_with("word/header")), "no marks on finals");
    docx_rs::read_docx(&bytes).expect("re-read");
    // Word wants drawing ids unique in the whole package.
    let mut ids: Vec<&str> =
        p.values().flat_map(|x| x.split(r#"<wp:docPr id=""#).skip(1).map(|s| &s[..s.find('"').unwrap_or(0)])).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((n, ids.len()), (7, 7), "版记 and two marks in each of three headers: {ids:?}");
}

/// `--even-colophon` in the DOCX follows the PDF's page facts: one page more puts the 版记's
/// anchor on a new page; two pages more end the body's section in its last paragraph and give
/// the blank page and the 版记 page a section whose footers are empty (7.5).
#[test]
fn even_colophon_follows_the_pdf_page_facts() {
    let opts = RenderOptions { even_colophon: true, ..RenderOptions::default() };
    let with = |breaks: usize| {
        let facts = gongwen::writer::PageFacts { colophon_breaks: breaks, fitted: None };
        write(&fixtures::notice(), &opts, &DocxOptions { facts, ..DocxOptions::default() }).expect("docx")
    };
    let plain = part(&with(0), "word/document.xml");
    assert_eq!(plain.matches("<w:sectPr>").count(), 1);
    let anchor = |doc: &str| {
        let at = doc.find("版记").map(|i| doc[..i].rfind("<w:p ").unwrap_or(0)).unwrap_or(0);
        doc[at..].split("</w:pPr>").next().unwrap_or("").to_string()
    };
    assert!(!anchor(&plain).contains("pageBreakBefore"), "{}", anchor(&plain));

    let one = part(&with(1), "word/document.xml");
    assert_eq!(one.matches("<w:sectPr>").count(), 1);
    assert!(anchor(&one).contains("<w:pageBreakBefore />"), "{}", anchor(&one));

    let zip = with(2);
    let two = part(&zip, "word/document.xml");
    let sections: Vec<&str> = two.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sections.len(), 2, "the body's section and the last one");
    assert!(sections[0].contains(r#"<w:footerReference w:type="even""#), "the body keeps its footers");
    assert!(!sections[0].contains("rIdFooterBlank"));
    let last = sections[1].split("</w:sectPr>").next().unwrap_or("");
    assert_eq!(last.matches("<w:footerReference ").count(), 2, "{last}");
    assert_eq!(last.matches(r#"r:id="rIdFooterBlank""#).count(), 2, "odd and even pages: {last}");
    let rels = part(&zip, "word/_rels/document.xml.rels");
    let target = rels.split(r#"Id="rIdFooterBlank""#).nth(1).and_then(|r| r.split('"').nth(3)).expect("relationship");
    let footer = part(&zip, &format!("word/{target}"));
    assert!(!footer.contains("PAGE"), "the blank footer has no page number: {footer}");
    assert!(part(&zip, "[Content_Types].xml").contains(&format!("/word/{target}")));
    // The blank page: an empty paragraph on a page of its own, then the anchor on the next.
    assert!(anchor(&two).contains("<w:pageBreakBefore />"));
}
