//! Unit tests of the body-text format: one behaviour each.

use super::*;
use crate::ir::{Indent, Paragraph, Span, Table};

fn parse_ok(text: &str) -> Parsed {
    match parse(text, Path::new("documents/a.md"), &Defaults::default()) {
        Ok(p) => p,
        Err(ds) => panic!("unexpected errors:\n{}", ds.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")),
    }
}

fn parse_err(text: &str) -> Vec<Diagnostic> {
    match parse(text, Path::new("documents/a.md"), &Defaults::default()) {
        Ok(_) => panic!("expected an error"),
        Err(ds) => ds.into_iter().filter(Diagnostic::is_error).collect(),
    }
}

fn body(text: &str) -> Vec<Block> {
    parse_ok(&format!("---\n格式 = \"附件\"\n---\n{text}")).document.body
}

fn para(level: Option<u8>, spans: Vec<Span>) -> Block {
    Block::Paragraph(Paragraph { level, indent: Indent::FirstLine, spans })
}

fn h(level: u8, text: &str) -> Span {
    Span::Heading { level, text: text.into() }
}

const NOTICE: &str = "---
格式 = \"信函\"
发文机关标志 = \"陵川县人民政府办公室\"
发文字号 = \"陵政办函〔2021〕45号\"
标题 = [\"陵川县人民政府办公室\", \"关于建立协调机制的通知\"]
主送 = \"县直相关单位：\"
署名 = \"陵川县人民政府办公室\"
成文日期 = \"2021年12月13日\"
附注 = \"此件公开发布\"
---
为贯彻落实……，建立了协调机制。

@方案 陵川县“双减”工作专门协调机制
一、指导思想
@附件 职责分工
@附件 联络员名单
@名单 联络员
";

#[test]
fn front_matter_fills_the_header_title_and_signature() {
    let d = parse_ok(NOTICE).document;
    assert_eq!(d.format, Format::Letter);
    let h = d.header.expect("header");
    assert_eq!(h.issuer_mark, "陵川县人民政府办公室");
    assert_eq!(h.doc_number.as_deref(), Some("陵政办函〔2021〕45号"));
    assert_eq!(d.title.expect("title").lines, ["陵川县人民政府办公室", "关于建立协调机制的通知"]);
    assert_eq!(d.recipients.as_deref(), Some("县直相关单位"));
    let s = d.signature.expect("signature");
    assert_eq!(
        (s.issuers, s.date.as_str(), s.sealed),
        (vec!["陵川县人民政府办公室".to_owned()], "2021年12月13日", false)
    );
    assert_eq!(d.note.as_deref(), Some("（此件公开发布）"));
    assert_eq!(d.meta.title, "陵川县人民政府办公室关于建立协调机制的通知");
    assert_eq!(d.meta.date, Some(Date { year: 2021, month: 12, day: 13 }));
}

#[test]
fn title_string_breaks_at_newlines() {
    let d = parse_ok("---\n发文机关标志 = \"x\"\n标题 = \"\"\"\n甲\n乙\"\"\"\n---\n").document;
    assert_eq!(d.title.expect("title").lines, ["甲", "乙"]);
}

#[test]
fn attachments_are_numbered_and_listed_in_the_note() {
    let d = parse_ok(NOTICE).document;
    let labels: Vec<_> = d.attachments.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["附件1", "附件2"]);
    let note = d.attachment_note.expect("note");
    assert_eq!(note.label, "附件：");
    let items: Vec<_> = note.items.iter().map(|i| (i.marker.as_deref(), i.text.as_str())).collect();
    assert_eq!(items, [(Some("1."), "职责分工"), (Some("2."), "联络员名单")]);
}

#[test]
fn a_single_attachment_has_no_number() {
    let d = parse_ok("---\n格式 = \"附件\"\n---\n@附件 名单\n").document;
    assert_eq!(d.attachments[0].label, "附件");
    assert_eq!(d.attachment_note.expect("note").items[0].marker, None);
}

#[test]
fn enclosure_collects_the_lines_after_it() {
    let d = parse_ok(NOTICE).document;
    let e = d.enclosure.expect("enclosure");
    assert_eq!(e.title.lines, ["陵川县“双减”工作专门协调机制"]);
    assert_eq!(e.blocks, [para(Some(1), vec![h(1, "一、指导思想")])]);
    assert_eq!(d.body.len(), 1);
}

#[test]
fn includes_record_part_index_and_line() {
    let p = parse_ok(NOTICE);
    assert_eq!(p.includes.len(), 1);
    let inc = &p.includes[0];
    assert_eq!(inc.kind, IncludeKind::List { name: "联络员".into() });
    assert_eq!(inc.at, Position { part: Part::Attachment(1), index: 0 });
    assert_eq!(inc.location.to_string(), "documents/a.md:17:1");
}

#[test]
fn each_line_is_a_paragraph_and_blank_lines_are_ignored() {
    assert_eq!(
        body("第一段。\n\n\n　　第二段。\n"),
        [para(None, vec![Span::text("第一段。")]), para(None, vec![Span::text("第二段。")])]
    );
}

#[test]
fn level_one_heading_is_the_whole_line() {
    assert_eq!(body("一、指导思想"), [para(Some(1), vec![h(1, "一、指导思想")])]);
}

#[test]
fn level_two_heading_runs_in_up_to_the_first_full_stop() {
    assert_eq!(
        body("（一）会议决策制度。协调机制原则上每年召开一次例会。"),
        [para(Some(2), vec![h(2, "（一）会议决策制度。"), Span::text("协调机制原则上每年召开一次例会。")])]
    );
}

#[test]
fn numbered_sentence_runs_in_up_to_its_first_full_stop() {
    assert_eq!(
        body("一、健全作业管理机制。（县教育局）"),
        [para(Some(1), vec![h(1, "一、健全作业管理机制。"), Span::text("（县教育局）")])]
    );
}

#[test]
fn a_lead_longer_than_a_line_is_a_numbered_sentence_in_the_body_font() {
    // 2 indent cells + 26: a lead past the first printed line is no heading.
    let lead = "健全作业管理机制、分类明确作业总量、提高作业设计数量、加强作业完成指导。";
    let line = format!("一、{lead}（县教育局）");
    assert_eq!(body(&line), [para(None, vec![Span::text(&line)])]);
    // A lead of exactly the first line's 26 cells is still a heading.
    let lead = format!("{}。", "字".repeat(23));
    assert_eq!(
        body(&format!("一、{lead}正文")),
        [para(Some(1), vec![h(1, &format!("一、{lead}")), Span::text("正文")])]
    );
    // So is a line without 。 that is longer than a line (a task of a duties list).
    let long = format!("一、{}（县教育局）", "字".repeat(30));
    assert_eq!(body(&long), [para(None, vec![Span::text(&long)])]);
}

#[test]
fn escaped_full_stop_keeps_a_level_one_heading() {
    assert_eq!(body(r"一、总体要求\。"), [para(Some(1), vec![h(1, "一、总体要求。")])]);
}

#[test]
fn levels_three_and_four_are_recorded() {
    assert_eq!(body("1.工作要求"), [para(Some(3), vec![h(3, "1.工作要求")])]);
    assert_eq!(body("（1）工作。正文"), [para(Some(4), vec![h(4, "（1）工作。"), Span::text("正文")])]);
}

#[test]
fn escaped_numbering_stays_plain_text() {
    assert_eq!(body(r"\一、不是标题"), [para(None, vec![Span::text("一、不是标题")])]);
}

#[test]
fn half_width_heading_parentheses_warn() {
    let p = parse_ok("---\n格式 = \"附件\"\n---\n(五)督查督办制度。正文");
    assert_eq!(p.document.body, [para(Some(2), vec![h(2, "(五)督查督办制度。"), Span::text("正文")])]);
    assert_eq!(p.warnings.iter().map(|w| w.code).collect::<Vec<_>>(), ["heading-half-width"]);
}

#[test]
fn layout_directives_make_their_blocks() {
    assert_eq!(
        body("@居中 督　办　函\n@居右 ____\n@顶格 ______：\n@空行 2\n@空行\n@分页"),
        [
            Block::Centered(vec![Span::text("督　办　函")]),
            Block::Right(vec![Span::Blank { width: 2 }]),
            Block::Paragraph(Paragraph {
                level: None,
                indent: Indent::None,
                spans: vec![Span::Blank { width: 3 }, Span::text("：")]
            }),
            Block::Blank(2),
            Block::Blank(1),
            Block::PageBreak,
        ]
    );
}

#[test]
fn table_rows_make_one_table_with_optional_header() {
    assert_eq!(
        body("| 姓名 | 职务 |\n| --- | :---: |\n| 李俊飞 | 县教育局副局长 |\n|王　刚|县民政局副局长"),
        [Block::Table(Table {
            widths: vec![3, 7],
            header: Some(vec!["姓名".into(), "职务".into()]),
            rows: vec![vec!["李俊飞".into(), "县教育局副局长".into()], vec!["王　刚".into(), "县民政局副局长".into()]],
            ruled: true,
        })]
    );
}

#[test]
fn a_blank_line_ends_a_table() {
    let b = body("| a |\n\n| b |");
    assert_eq!(b.len(), 2);
}

#[test]
fn escaped_bar_stays_in_its_cell() {
    let b = body(r"| a\|b | c |");
    let Block::Table(t) = &b[0] else { panic!("table") };
    assert_eq!(t.rows, [vec!["a|b".to_owned(), "c".to_owned()]]);
}

#[test]
fn uneven_table_rows_are_located_errors() {
    let e = parse_err("---\n格式 = \"附件\"\n---\n| a | b |\n| c |\n");
    assert_eq!(e[0].code, "table-columns");
    assert_eq!(e[0].location.line, Some(5));
}

#[test]
fn unknown_directive_is_an_error_with_the_list_of_directives() {
    let e = parse_err("---\n格式 = \"附件\"\n---\n正文\n  @附录 x\n");
    assert_eq!(e[0].code, "directive-unknown");
    assert_eq!(e[0].location.to_string(), "documents/a.md:5:3");
    assert!(e[0].hints[0].contains("@附件"));
}

#[test]
fn escaped_at_sign_is_text() {
    assert_eq!(body(r"\@居中 x"), [para(None, vec![Span::text("@居中 x")])]);
}

#[test]
fn attachment_without_title_is_an_error() {
    assert_eq!(parse_err("---\n格式 = \"附件\"\n---\n@附件\n")[0].code, "directive-arg");
}

#[test]
fn enclosure_after_attachment_is_an_error() {
    assert_eq!(parse_err("---\n格式 = \"附件\"\n---\n@附件 a\n@方案 b\n")[0].code, "directive-order");
}

#[test]
fn all_errors_are_collected() {
    let e = parse_err("---\n格式 = \"附件\"\n成文日期 = \"2021-02-30\"\n署名 = \"某办\"\n---\n@甲\n@乙\n");
    let codes: Vec<_> = e.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["directive-unknown", "directive-unknown", "date-invalid"]);
    assert_eq!(e[2].location.line, Some(3));
    assert_eq!(e[0].location.line, Some(6));
}

#[test]
fn bad_front_matter_is_located() {
    let e = parse_err("---\n格式 = \"信函\"\n标题 = 关于\n---\n");
    assert_eq!(e[0].code, "front-matter-invalid");
    assert_eq!(e[0].location.line, Some(3));
}

#[test]
fn unknown_format_is_an_error() {
    assert_eq!(parse_err("---\n格式 = \"公告\"\n---\n")[0].code, "front-matter-invalid");
}

#[test]
fn missing_issuer_mark_comes_from_defaults_or_errors() {
    assert_eq!(parse_err("---\n标题 = \"x\"\n---\n")[0].code, "issuer-mark-missing");
    let defaults = Defaults { issuer_name: Some("某办".into()), ..Default::default() };
    let p = parse("---\n标题 = \"x\"\n---\n", Path::new("a.md"), &defaults).expect("parse");
    assert_eq!(p.document.header.expect("header").issuer_mark, "某办");
}

#[test]
fn signature_defaults_date_from_defaults() {
    let defaults = Defaults { date: Some(Date { year: 2022, month: 1, day: 5 }), ..Default::default() };
    let p = parse("---\n格式 = \"附件\"\n署名 = \"某办\"\n---\n", Path::new("a.md"), &defaults).expect("parse");
    assert_eq!(p.document.signature.expect("signature").date, "2022年1月5日");
    assert_eq!(parse_err("---\n格式 = \"附件\"\n署名 = \"某办\"\n---\n")[0].code, "date-missing");
}

#[test]
fn colophon_fields() {
    let d = parse_ok("---\n格式 = \"附件\"\n抄送 = [\"县委办\", \"县人大办\"]\n印发机关 = \"县政府办\"\n印发日期 = 2021-12-13\n---\n")
        .document;
    let c = d.colophon.expect("colophon");
    assert_eq!(c.cc.expect("cc").items[0].text, "县委办，县人大办。");
    assert_eq!(c.printer.as_deref(), Some("县政府办"));
    assert_eq!(c.printed.as_deref(), Some("2021年12月13日印发"));
}

#[test]
fn doc_number_with_square_brackets_warns() {
    let p = parse_ok("---\n发文机关标志 = \"x\"\n发文字号 = \"x[2021]1号\"\n---\n");
    assert_eq!(
        p.warnings.iter().map(|w| (w.code, w.location.line)).collect::<Vec<_>>(),
        [("doc-number-brackets", Some(3))]
    );
}

#[test]
fn no_front_matter_needs_an_issuer() {
    assert_eq!(parse_err("正文\n")[0].code, "issuer-mark-missing");
}

#[test]
fn escape_marks_specials_first_character_and_edge_space() {
    assert_eq!(escape("a_b|c@d。e\\"), r"\a\_b\|c\@d\。e\\");
    assert_eq!(escape(" x\ny "), r"\ x y\ ");
    assert_eq!(escape(""), "");
}

#[test]
fn toml_string_round_trips() {
    for v in ["普通", "引号\"和\\反斜杠", "换\n行", "控制\u{1}字符", "'''"] {
        let t: toml::Table = toml::from_str(&format!("k = {}", toml_string(v))).expect("toml");
        assert_eq!(t["k"].as_str(), Some(v.replace('\n', " ").as_str()));
    }
}
