//! Composition from the reference data (`fixtures/`): one golden Document IR per template
//! (`tests/golden/compose/*.ir.json`, rewritten with `UPDATE_GOLDEN=1`), the list annexes'
//! counts, names taken from the roster, and escaping of hostile spreadsheet values.

use gongwen::compose::{Composer, Contact, Issuer, LetterContext, Sources};
use gongwen::diag::Location;
use gongwen::ir::{Block, Date, Document, NameListStyle, Span};
use gongwen::model::{Case, Roster, load_cases, load_duties, load_meeting, load_roster};
use gongwen::settings::Config;
use gongwen::source::{self, Defaults};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// The reference workspace's configuration (list titles, numbering, issuer).
fn config() -> Config {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("workspace/gongwen.toml");
    let text = std::fs::read_to_string(&path).expect("workspace/gongwen.toml");
    Config::parse(&text, &path).expect("config")
}

fn roster_from(path: &Path) -> Roster {
    let (roster, ds) = load_roster(path, &config());
    assert!(!ds.has_errors(), "{ds:?}");
    roster.expect("roster")
}

fn roster() -> Roster {
    roster_from(&fixture("名册.xlsx"))
}

fn issuer() -> Issuer {
    Issuer::for_letters(&config(), Path::new("gongwen.toml")).expect("issuer")
}

fn letter(composer: &Composer, case: &Case, number: &str) -> Document {
    let ctx = LetterContext {
        case,
        number: number.into(),
        issuer: &issuer(),
        contact: Contact { person: case.contact.clone(), phone: case.phone.clone(), email: case.email.clone() },
        date: case.date.unwrap_or(Date { year: 2021, month: 12, day: 20 }),
    };
    match composer.letter(&ctx) {
        Ok(d) => d,
        Err(ds) => panic!("{}", ds.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")),
    }
}

/// Compare with (or, with `UPDATE_GOLDEN=1`, rewrite) `tests/golden/compose/NAME.ir.json`.
fn golden(name: &str, doc: &Document) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/compose").join(format!("{name}.ir.json"));
    let mut json = serde_json::to_string_pretty(doc).expect("json");
    json.push('\n');
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &json).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing; run with UPDATE_GOLDEN=1", path.display()));
    assert!(json == want, "{name}: IR differs from {}; review and rerun with UPDATE_GOLDEN=1", path.display());
}

fn text_of(doc: &Document) -> String {
    doc.plain_text().join("\n")
}

#[test]
fn letter_golden_and_wording_of_the_reference_form() {
    let (cases, ds) = load_cases(&fixture("督办事项.xlsx"), &config(), Some(&roster()));
    assert!(!ds.has_errors(), "{ds:?}");
    let cases = cases.expect("cases");
    let doc = letter(&Composer::new(None), &cases.cases[0], "陵双减督〔2021〕1号");
    golden("督办函", &doc);
    let t = text_of(&doc);
    for want in [
        "县文旅局：",
        "按《陵川县“双减”工作部门职责分工》（陵政办函〔2021〕45号）要求，非学科类校外培训机构分类审批工作应于1月31日完成。为此，请你单位抓紧做好以下工作：",
        "一、区分体育、文化艺术、科技等类别，制定非学科类培训机构审批标准。",
        "二、依法依规查处未经审批多址开展培训的校外培训机构。",
        "三、建立非学科类培训机构管理台账。",
        "非学科类校外培训机构审批和查处有关情况请于1月25日前报送我办。",
        "联系人：郭文鹤",
        "联系方式：0356-6209459",
        "电子邮箱：799191505@qq.com",
        "陵川县“双减”工作专门协调机制办公室",
        "2021年12月20日",
    ] {
        assert!(t.lines().any(|l| l == want), "missing line {want:?} in\n{t}");
    }
    let header = doc.header.as_ref().expect("header");
    assert_eq!(header.doc_number.as_deref(), Some("陵双减督〔2021〕1号"));
    assert_eq!(doc.format, gongwen::ir::Format::Letter);
}

fn name_list(doc: &Document) -> &gongwen::ir::NameList {
    let blocks = &doc.attachments[0].blocks;
    blocks.iter().find_map(|b| if let Block::NameList(l) = b { Some(l) } else { None }).expect("a name list")
}

#[test]
fn list_annexes_golden_and_counts() {
    let annexes = Composer::new(None).list_annexes(&roster(), &config()).expect("annexes");
    let names: Vec<&str> = annexes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["协调机制", "联络员", "领导小组"]);

    // 附件2: 召集人 秦国平, 22 成员 with the two 王刚 told apart by unit.
    let (_, a2) = &annexes[0];
    golden("成员名单", a2);
    assert_eq!(a2.attachments[0].label, "附件2");
    let l = name_list(a2);
    assert_eq!(l.style, NameListStyle::Stacked);
    assert_eq!(l.groups[0].label, "召集人");
    assert_eq!(l.groups[0].entries.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["秦国平"]);
    assert_eq!(l.groups[1].label, "成\u{3000}员");
    assert_eq!(l.groups[1].entries.len(), 22);
    let wang: Vec<&str> =
        l.groups[1].entries.iter().filter(|e| e.name == "王\u{3000}刚").map(|e| e.post.as_str()).collect();
    assert_eq!(wang, ["县民政局副局长", "县融媒体中心副主任"]);

    // 附件3: 21 联络员 in a two-column table.
    let (_, a3) = &annexes[1];
    golden("联络员名单", a3);
    let Some(Block::Table(t)) = a3.attachments[0].blocks.first() else { panic!("附件3 is not a table") };
    assert_eq!(t.rows.len(), 21);
    assert_eq!(t.rows.iter().filter(|r| r[0] == "王\u{3000}刚").count(), 2);

    // 附件4: 组长 吴春梅, two 副组长, and the office head named from the roster.
    let (_, a4) = &annexes[2];
    golden("领导小组名单", a4);
    let l = name_list(a4);
    assert_eq!(l.style, NameListStyle::Inline);
    assert_eq!(l.groups[0].label, "组\u{3000}长：");
    assert_eq!(l.groups[0].entries.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["吴春梅"]);
    assert_eq!(l.groups[1].entries.len(), 2);
    assert!(text_of(a4).contains("办公室主任由县教育局局长秦国平兼任"), "{}", text_of(a4));
}

#[test]
fn duties_and_minutes_golden() {
    let (duties, ds) = load_duties(&fixture("职责分工.xlsx"), &config());
    assert!(!ds.has_errors(), "{ds:?}");
    let duties = duties.expect("duties");
    let doc = Composer::new(None).duties_annex(&duties, "陵川县“双减”工作部门职责分工").expect("duties");
    golden("职责分工", &doc);
    let t = text_of(&doc);
    assert!(t.contains("二十六、统筹做好面向"), "{t}");
    assert!(t.contains("（县教育局、县市场监管局、县行政审批局会同相关部门）"), "{t}");
    // Items are numbered 一、二、…: level-1 headings where the lead fits on a line (7.3.3),
    // numbered items in 仿宋 where it is longer; the responsible units never in the lead.
    assert!(
        doc.attachments[0].blocks.iter().all(|b| matches!(b, Block::Paragraph(p) if matches!(p.level, Some(1) | None)))
    );
    assert!(doc.attachments[0].blocks.iter().any(|b| matches!(b, Block::Paragraph(p) if p.level.is_none())));
    for b in &doc.attachments[0].blocks {
        let Block::Paragraph(p) = b else { continue };
        let last = p.spans.last().map(Span::plain).unwrap_or_default();
        assert!(matches!(p.spans.last(), Some(Span::Text { .. })) && last.ends_with('）'), "{:?}", p.spans);
    }

    let (meeting, ds) = load_meeting(&fixture("会议纪要.xlsx"), &config());
    assert!(!ds.has_errors(), "{ds:?}");
    let doc = Composer::new(None).minutes(&meeting.expect("meeting"), &config()).expect("minutes");
    golden("会议纪要", &doc);
    assert_eq!(doc.format, gongwen::ir::Format::Minutes);
    let labels: Vec<&str> = doc.attendance.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(labels[0], "出席：");
    assert!(text_of(&doc).contains("一、各成员单位"), "{}", text_of(&doc));
}

#[test]
fn office_head_follows_the_roster() {
    let mut r = roster();
    for p in &mut r.people {
        if p.name == "秦国平" {
            p.name = "李明".into();
        }
    }
    for l in &mut r.lists {
        for g in &mut l.groups {
            for m in &mut g.members {
                if m.name == "秦国平" {
                    m.name = "李明".into();
                }
            }
        }
    }
    let annexes = Composer::new(None).list_annexes(&r, &config()).expect("annexes");
    let t = text_of(&annexes[2].1);
    assert!(t.contains("办公室主任由县教育局局长李明兼任"), "{t}");
    assert!(!t.contains("秦国平"), "{t}");
}

/// A hostile value in every text field of a case: nothing it contains may become structure.
#[test]
fn hostile_values_stay_text() {
    let hostile = [
        "一、标题",
        "@附件 注入",
        "| a | b |",
        "第一行\n第二行",
        "{{ 7*7 }}",
        "#set page(width: 1cm)",
        "（一）乙。丙",
        "__",
        "\\",
    ];
    for h in hostile {
        let case = Case {
            number: None,
            recipient: h.into(),
            basis: h.into(),
            task: h.into(),
            deadline: Date { year: 2022, month: 1, day: 31 },
            requirements: vec![h.into(), h.into()],
            report_item: h.into(),
            report_deadline: Date { year: 2022, month: 1, day: 25 },
            contact: Some(h.into()),
            phone: None,
            email: None,
            date: Some(Date { year: 2021, month: 12, day: 20 }),
            extra: BTreeMap::new(),
            location: Location::default(),
        };
        let doc = letter(&Composer::new(None), &case, "陵双减督〔2021〕9号");
        let flat = h.replace('\n', " ");
        assert_eq!(doc.recipients.as_deref(), Some(flat.as_str()), "{h:?}");
        assert!(doc.attachments.is_empty() && doc.enclosure.is_none(), "{h:?} made an attachment");
        // Exactly the paragraphs of the form: opening, two items, report line, contact.
        assert_eq!(doc.body.len(), 5, "{h:?}: {:#?}", doc.body);
        for (i, b) in doc.body.iter().enumerate() {
            let Block::Paragraph(p) = b else { panic!("{h:?} made a {b:?}") };
            if i == 1 || i == 2 {
                // The two 工作要求 items: the numbering and the value, ended as a sentence
                // (`|sentence`); a heading when the lead fits on a line, else a numbered item.
                assert!(matches!(p.level, Some(1) | None), "{h:?}: {:?}", p.spans);
                let plain: String = p.spans.iter().map(Span::plain).collect();
                let n = if i == 1 { "一" } else { "二" };
                let ended = if flat.trim_end().ends_with(['。', '；', '！', '？']) {
                    flat.trim_end().to_string()
                } else {
                    format!("{}。", flat.trim_end())
                };
                assert_eq!(plain, format!("{n}、{ended}"), "{h:?}");
                assert!(p.spans.iter().all(|s| !matches!(s, Span::Blank { .. } | Span::Strong { .. })), "{h:?}");
            } else {
                assert_eq!(p.level, None, "{h:?} made a heading");
                assert!(p.spans.iter().all(|s| matches!(s, Span::Text { .. })), "{h:?}: {:?}", p.spans);
            }
        }
        let t = text_of(&doc);
        assert!(t.contains(&format!("按{flat}要求，{flat}工作应于1月31日完成。")), "{h:?}: {t}");
        assert!(t.contains(&format!("一、{flat}")), "{h:?}: {t}");
        assert!(t.contains(&format!("联系人：{flat}")), "{h:?}: {t}");
    }
}

/// The notice's `@名单` and `@职责分工` lines filled from the data, as `build` does.
#[test]
fn notice_includes_are_filled_from_the_data() {
    let text = "---\n格式 = \"附件\"\n---\n@附件 职责分工\n@职责分工\n@附件 联络员名单\n@名单 联络员\n";
    let mut parsed = source::parse(text, Path::new("a.md"), &Defaults::default()).expect("parse");
    let (duties, _) = load_duties(&fixture("职责分工.xlsx"), &config());
    let r = roster();
    let c = config();
    let src = Sources { roster: Some(&r), duties: duties.as_ref(), config: &c };
    let (ds, inputs) = Composer::new(None).fill_includes(&mut parsed, &src);
    assert!(ds.is_empty(), "{ds:?}");
    assert_eq!(inputs.keys().map(String::as_str).collect::<Vec<_>>(), ["名册 › 联络员", "职责分工"]);
    let doc = parsed.document;
    assert_eq!(doc.attachments[0].blocks.len(), 26);
    assert!(matches!(&doc.attachments[1].blocks[0], Block::Table(t) if t.rows.len() == 21));
}

/// The reference roster with a cell text replaced everywhere, written as a new workbook.
fn roster_with(from: &str, to: &str, path: &Path) {
    let book = gongwen::reader::open(&fixture("名册.xlsx")).expect("open");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for table in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&table.sheet).expect("sheet name");
        for row in &table.rows {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.to_text().replace(from, to);
                if !text.is_empty() {
                    ws.write_string(row.index, table.first_col as u16 + c as u16, &text).expect("cell");
                }
            }
        }
    }
    wb.save(path).expect("save");
}

/// Issue 4: a roster where 冯红伟 (a typo) is corrected to 冯红卫 prints the same name in the
/// 协调机制 list (附件2) and the 领导小组 list (附件4).
#[test]
fn issue_4_corrected_roster_gives_one_name_in_both_lists() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("名册.xlsx");
    roster_with("冯红伟", "冯红卫", &path);
    let annexes = Composer::new(None).list_annexes(&roster_from(&path), &config()).expect("annexes");
    for i in [0, 2] {
        let t = text_of(&annexes[i].1);
        assert!(t.contains("冯红卫县财政局二级主任科员"), "{t}");
        assert!(!t.contains("冯红伟"), "{t}");
    }
    // Before the correction the two lists disagree.
    let before = Composer::new(None).list_annexes(&roster(), &config()).expect("annexes");
    assert!(text_of(&before[2].1).contains("冯红伟"));
}
