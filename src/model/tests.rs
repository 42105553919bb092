//! Tests of record loading and lints on in-memory tables: header detection, aliases, identity,
//! merging, unit resolution, lints and the roster diff.

use super::*;
use crate::diag::Severity;
use crate::reader::{Cell, Row, Table, Workbook};

fn cell(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
}

fn table(sheet: &str, rows: &[&[&str]]) -> Table {
    Table {
        file: "名册.xlsx".into(),
        sheet: sheet.into(),
        first_col: 0,
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| Row { index: i as u32, cells: r.iter().map(|c| cell(c)).collect() })
            .collect(),
    }
}

fn book(sheets: Vec<Table>) -> Workbook {
    Workbook { file: "名册.xlsx".into(), sheets }
}

fn roster(rows: &[&[&str]], units: Option<&[&[&str]]>) -> (Option<Roster>, Diagnostics) {
    let mut sheets = vec![table("人员", rows)];
    if let Some(u) = units {
        sheets.push(table("单位", u));
    }
    let mut ds = Diagnostics::new();
    let r = roster::roster_from_workbook(&book(sheets), &Config::default(), &mut ds);
    (r, ds)
}

fn codes(ds: &Diagnostics) -> Vec<&'static str> {
    ds.iter().map(|d| d.code).collect()
}

const HEAD: &[&str] = &["姓名", "单位", "职务", "协调机制", "联络员", "领导小组"];

#[test]
fn header_row_found_below_title_rows_and_aliases_match() {
    let (r, ds) = roster(
        &[
            &["陵川县“双减”工作名册", "", ""],
            &["", "", ""],
            &["名 字", "工作单位", "职　位", "协调机制", "联络员", "领导小组"],
            &["秦国平", "县教育局", "局长", "召集人", "", "副组长"],
        ],
        None,
    );
    let r = r.expect("roster");
    assert!(!ds.has_errors(), "{ds:?}");
    assert_eq!(r.people.len(), 1);
    assert_eq!(r.people[0].location.to_string(), "名册.xlsx › 人员 › A4");
    assert_eq!(r.people[0].lists.get("协调机制"), Some(&Role::Convener));
}

#[test]
fn missing_required_column_is_located_at_the_header_row() {
    let (r, ds) = roster(&[&["姓名", "部门名称", "职务"], &["秦国平", "县教育局", "局长"]], None);
    assert!(r.is_none());
    let d = ds.iter().find(|d| d.code == "column-missing").expect("column-missing");
    assert_eq!(d.location.to_string(), "名册.xlsx › 人员 › 1");
    assert!(d.message.contains("单位"));
    assert!(d.hints.iter().any(|h| h.contains("部门名称")), "{:?}", d.hints);
}

#[test]
fn roster_with_only_a_unit_sheet_is_an_error() {
    let mut ds = Diagnostics::new();
    let r = roster::roster_from_workbook(
        &book(vec![table("单位", &[&["单位"], &["县教育局"]])]),
        &Config::default(),
        &mut ds,
    );
    assert!(r.is_none());
    assert_eq!(codes(&ds), vec!["sheet-missing"]);
}

#[test]
fn blank_rows_skipped_and_extra_columns_kept() {
    let (r, ds) = roster(
        &[
            &["姓名", "单位", "职务", "办公室"],
            &["", "", "", ""],
            &["秦国平", "县教育局", "局长", "301"],
            &[" ", "\u{3000}", "", ""],
        ],
        None,
    );
    assert!(ds.is_empty(), "{ds:?}");
    let r = r.expect("roster");
    assert_eq!(r.people.len(), 1);
    assert_eq!(r.people[0].extra.get("办公室").map(String::as_str), Some("301"));
}

#[test]
fn empty_unit_is_an_error_at_the_cell() {
    let (_, ds) = roster(&[HEAD, &["秦国平", "", "局长", "召集人", "", ""]], None);
    let d = ds.iter().find(|d| d.code == "cell-empty").expect("cell-empty");
    assert_eq!(d.location.to_string(), "名册.xlsx › 人员 › B2");
    assert_eq!(d.message, "单位为空");
}

#[test]
fn two_wang_gang_in_different_units_are_two_people() {
    let (r, ds) = roster(
        &[
            HEAD,
            &["王　刚", "县民政局", "副局长", "成员", "√", "成员"],
            &["王 刚", "县融媒体中心", "副主任", "成员", "√", "成员"],
        ],
        None,
    );
    let r = r.expect("roster");
    assert!(ds.is_empty(), "{ds:?}");
    assert_eq!(r.people.len(), 2);
    assert!(r.people.iter().all(|p| p.name == "王刚"));
    let lints = lint::lint(&Workspace { roster: Some(r), ..Default::default() });
    assert!(!lints.iter().any(|d| d.message.contains("王刚")), "{lints:?}");
}

#[test]
fn one_character_apart_same_post_is_a_probable_typo() {
    let (r, _) = roster(
        &[
            HEAD,
            &["冯红卫", "县财政局", "二级主任科员", "成员", "√", ""],
            &["冯红伟", "县财政局", "二级主任科员", "", "", "成员"],
        ],
        None,
    );
    let ds = lint::lint(&Workspace { roster: r, ..Default::default() });
    let d = ds.iter().find(|d| d.code == "person-near-duplicate").expect("near duplicate");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.location.to_string(), "名册.xlsx › 人员 › A3");
    assert!(d.message.contains("冯红卫") && d.message.contains("冯红伟"));
}

#[test]
fn one_character_apart_in_different_posts_is_not_flagged() {
    let (r, _) = roster(
        &[HEAD, &["王刚", "县民政局", "副局长", "成员", "", ""], &["王钢", "县财政局", "副局长", "成员", "", ""]],
        None,
    );
    assert!(!codes(&lint::lint(&Workspace { roster: r, ..Default::default() })).contains(&"person-near-duplicate"));
}

#[test]
fn alias_rows_merge_into_one_person_and_two_spellings_are_reported() {
    let (r, ds) = roster(
        &[
            HEAD,
            &["王凤娟", "县文旅局", "副局长", "成员", "√", ""],
            &["王凤娟", "县文化旅游局", "副局长", "", "", "成员"],
        ],
        Some(&[&["单位", "别名"], &["县文旅局", "县文化旅游局、县文化和旅游局"]]),
    );
    let r = r.expect("roster");
    assert_eq!(r.people.len(), 1);
    assert_eq!(r.people[0].lists.len(), 3);
    let d = ds.iter().find(|d| d.code == "unit-two-names").expect("two names");
    assert_eq!(d.location.to_string(), "名册.xlsx › 人员 › B3");
    assert_eq!(r.resolve_unit("县文化和旅游局"), Some("县文旅局"));
}

#[test]
fn abbreviation_without_unit_sheet_is_a_probable_second_name() {
    let (r, _) = roster(
        &[HEAD, &["甲", "县文旅局", "副局长", "成员", "", ""], &["乙", "县文化旅游局", "局长", "成员", "", ""]],
        None,
    );
    let ds = lint::lint(&Workspace { roster: r, ..Default::default() });
    assert!(codes(&ds).contains(&"unit-two-names"), "{ds:?}");
}

#[test]
fn numbered_units_and_declared_units_are_not_second_names() {
    let (r, _) =
        roster(&[HEAD, &["甲", "县第1中学", "校长", "", "", ""], &["乙", "县第10中学", "校长", "", "", ""]], None);
    assert!(!codes(&lint::lint(&Workspace { roster: r, ..Default::default() })).contains(&"unit-two-names"));
    let (r, _) = roster(
        &[HEAD, &["甲", "县文旅局", "局长", "", "", ""], &["乙", "县文化旅游局", "局长", "", "", ""]],
        Some(&[&["单位"], &["县文旅局"], &["县文化旅游局"]]),
    );
    assert!(!codes(&lint::lint(&Workspace { roster: r, ..Default::default() })).contains(&"unit-two-names"));
}

#[test]
fn listed_twice_in_one_list_is_an_error() {
    let (_, ds) = roster(
        &[HEAD, &["李成玮", "县税务局", "副局长", "成员", "", ""], &["李成玮", "县税务局", "副局长", "成员", "", ""]],
        None,
    );
    let d = ds.iter().find(|d| d.code == "list-duplicate").expect("duplicate");
    assert!(d.is_error());
    assert_eq!(d.location.to_string(), "名册.xlsx › 人员 › D3");
}

#[test]
fn invalid_role_is_an_error_and_no_marks_are_not_members() {
    let (r, ds) = roster(&[HEAD, &["甲", "县教育局", "局长", "召集", "否", "×"]], None);
    assert_eq!(codes(&ds), vec!["role-invalid"]);
    assert!(r.expect("roster").people.is_empty());
}

#[test]
fn list_without_head_is_a_warning_but_yes_lists_need_none() {
    let (r, _) = roster(&[HEAD, &["甲", "县教育局", "局长", "成员", "√", "组长"]], None);
    let ds = lint::lint(&Workspace { roster: r, ..Default::default() });
    let heads: Vec<_> = ds.iter().filter(|d| d.code == "list-no-head").map(|d| d.message.clone()).collect();
    assert_eq!(heads, vec!["“协调机制”名单没有召集人或组长"]);
}

#[test]
fn lists_are_grouped_by_role_and_ordered() {
    let (r, _) = roster(
        &[
            &["姓名", "单位", "职务", "协调机制", "联络员", "排序", "联络员排序"],
            &["甲", "县财政局", "局长", "成员", "√", "2", ""],
            &["乙", "县教育局", "副局长", "成员", "√", "3", "1"],
            &["丙", "县教育局", "局长", "召集人", "", "1", ""],
        ],
        None,
    );
    let r = r.expect("roster");
    let l = r.list("协调机制").expect("list");
    let names: Vec<(Role, Vec<&str>)> =
        l.groups.iter().map(|g| (g.role, g.members.iter().map(|m| m.name.as_str()).collect())).collect();
    assert_eq!(names, vec![(Role::Convener, vec!["丙"]), (Role::Member, vec!["甲", "乙"])]);
    let contacts: Vec<&str> =
        r.list("联络员").expect("list").groups[0].members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(contacts, vec!["乙", "甲"]);
}

#[test]
fn unit_missing_from_unit_sheet_is_a_warning_with_suggestion() {
    let (r, ds) =
        roster(&[HEAD, &["甲", "县文化局", "局长", "成员", "", ""]], Some(&[&["单位", "别名"], &["县文旅局", ""]]));
    let d = ds.iter().find(|d| d.code == "unit-not-in-sheet").expect("warning");
    assert_eq!(d.hints, vec!["是否为“县文旅局”？"]);
    assert!(r.expect("roster").resolve_unit("县文化局").is_some());
}

#[test]
fn numbers_stored_as_numbers_read_as_text() {
    let mut t = table("人员", &[&["姓名", "单位", "职务", "电话"], &["甲", "县教育局", "局长", ""]]);
    t.rows[1].cells[3] = Cell::Number(13_935_612_345.0);
    let mut ds = Diagnostics::new();
    let r = roster::roster_from_workbook(&book(vec![t]), &Config::default(), &mut ds).expect("roster");
    assert_eq!(r.people[0].phone.as_deref(), Some("13935612345"));
}

#[test]
fn formula_errors_are_located() {
    let mut t = table("人员", &[&["姓名", "单位", "职务"], &["甲", "县教育局", ""]]);
    t.rows[1].cells[2] = Cell::Error("#REF!".into());
    let mut ds = Diagnostics::new();
    roster::roster_from_workbook(&book(vec![t]), &Config::default(), &mut ds);
    assert_eq!(codes(&ds), vec!["formula-error"]);
    assert_eq!(ds.0[0].location.to_string(), "名册.xlsx › 人员 › C2");
}

#[test]
fn uncomputed_formulas_are_located_not_read_as_blank() {
    let mut t = table("人员", &[&["姓名", "单位", "职务", "备注"], &["甲", "县教育局", "局长", ""]]);
    t.rows[1].cells[1] = Cell::Uncomputed;
    t.rows[1].cells[3] = Cell::Uncomputed;
    let mut ds = Diagnostics::new();
    roster::roster_from_workbook(&book(vec![t]), &Config::default(), &mut ds);
    assert_eq!(codes(&ds), vec!["formula-uncomputed", "formula-uncomputed"]);
    assert_eq!(ds.0[0].location.to_string(), "名册.xlsx › 人员 › B2");
    assert_eq!(ds.0[0].message, "单位是公式，文件中没有它算出的值");
    assert!(ds.0[0].hints[0].contains("在 Excel 或 WPS 中打开该文件并保存一次"), "{:?}", ds.0[0].hints);
    assert_eq!(ds.0[1].location.to_string(), "名册.xlsx › 人员 › D2");
}

fn reference_roster() -> Roster {
    let (r, _) = roster(
        &[
            HEAD,
            &["吴春梅", "县政府", "副县长", "", "", "组长"],
            &["秦国平", "县教育局", "局长", "召集人", "", "副组长"],
            &["冯红卫", "县财政局", "二级主任科员", "成员", "√", ""],
            &["王刚", "县民政局", "副局长", "成员", "√", "成员"],
            &["王刚", "县融媒体中心", "副主任", "成员", "√", "成员"],
        ],
        Some(&[
            &["单位", "别名"],
            &["县政府", ""],
            &["县教育局", ""],
            &["县财政局", ""],
            &["县民政局", ""],
            &["县融媒体中心", ""],
            &["县文旅局", "县文化旅游局"],
        ]),
    );
    r.expect("roster")
}

#[test]
fn diff_reports_replacement_and_list_effects() {
    let old = reference_roster();
    let mut new = old.clone();
    new.people[2].name = "张三".into();
    new.lists = Config::default().lists.iter().map(|l| lists::member_list(&new.people, &l.column, None)).collect();
    let d = diff::diff(&old, &new);
    assert_eq!(d.joined.len(), 1);
    assert_eq!(d.left.len(), 1);
    let text = diff::render(&d, &old, &new);
    assert_eq!(
        text,
        "加入：张三（县财政局 二级主任科员）\n离开：冯红卫（县财政局 二级主任科员）\n协调机制名单：−冯红卫 +张三\n联络员名单：−冯红卫 +张三\n需要重新生成：协调机制名单、联络员名单\n"
    );
}

#[test]
fn diff_reports_title_unit_and_role_changes() {
    let old = reference_roster();
    let mut new = old.clone();
    new.people[1].title = "党组书记、局长".into();
    new.people[2].unit = "县民政局".into();
    new.people[3].lists.insert("领导小组".into(), Role::DeputyLeader);
    let d = diff::diff(&old, &new);
    assert!(d.joined.is_empty() && d.left.is_empty(), "{d:?}");
    assert_eq!(d.title_changed.len(), 1);
    assert_eq!((d.unit_changed[0].old.as_str(), d.unit_changed[0].new.as_str()), ("县财政局", "县民政局"));
    let text = diff::render(&d, &old, &new);
    assert!(text.contains("领导小组名单：王刚 成员→副组长 秦国平 县教育局局长→县教育局党组书记、局长"), "{text}");
    assert!(
        text.contains(
            "协调机制名单：秦国平 县教育局局长→县教育局党组书记、局长 冯红卫 县财政局二级主任科员→县民政局二级主任科员"
        ),
        "{text}"
    );
    assert!(diff::diff(&old, &old).is_empty());
}

#[test]
fn duties_units_split_and_tails_removed() {
    let t = table(
        "职责分工",
        &[
            &["序号", "任务", "责任单位"],
            &["一、", "任务甲", "（县教育局、县财政局）"],
            &["十二", "任务乙", "县教育局、县行政审批局会同相关部门"],
            &["", "任务丙", "县文化局"],
        ],
    );
    let mut ds = Diagnostics::new();
    let d = duties::duties_from_workbook(&book(vec![t]), &mut ds).expect("duties");
    assert!(ds.is_empty(), "{ds:?}");
    assert_eq!(d.items[0].index, 1);
    assert_eq!(d.items[0].units, vec!["县教育局", "县财政局"]);
    assert_eq!(d.items[0].units_text, "县教育局、县财政局");
    assert_eq!(d.items[1].index, 12);
    assert_eq!(d.items[1].units, vec!["县教育局", "县行政审批局"]);
    assert_eq!(d.items[2].index, 3);
    let ws = Workspace { roster: Some(reference_roster()), duties: Some(d), ..Default::default() };
    let ds = lint::lint(&ws);
    let unknown: Vec<_> = ds.iter().filter(|d| d.code == "unit-unknown").collect();
    assert_eq!(unknown.len(), 2, "{ds:?}");
    let c = unknown.iter().find(|d| d.message.contains("县文化局")).expect("县文化局");
    assert_eq!(c.location.to_string(), "名册.xlsx › 职责分工 › C4");
    assert_eq!(c.hints, vec!["是否为“县文旅局”？"]);
}

#[test]
fn duplicate_duty_numbers_are_warnings() {
    let t = table("职责分工", &[&["序号", "任务", "责任单位"], &["1", "甲", "县教育局"], &["1", "乙", "县教育局"]]);
    let mut ds = Diagnostics::new();
    let d = duties::duties_from_workbook(&book(vec![t]), &mut ds).expect("duties");
    assert_eq!(codes(&ds), vec!["order-duplicate"]);
    assert_eq!(ds.0[0].location.to_string(), "名册.xlsx › 职责分工 › A3");
    assert_eq!(d.items.len(), 2);
}

#[test]
fn chinese_numbers() {
    use duties::chinese_number;
    assert_eq!(chinese_number("一"), Some(1));
    assert_eq!(chinese_number("十"), Some(10));
    assert_eq!(chinese_number("十二、"), Some(12));
    assert_eq!(chinese_number("二十"), Some(20));
    assert_eq!(chinese_number("二十六"), Some(26));
    assert_eq!(chinese_number("一十"), None);
    assert_eq!(chinese_number("零"), None);
    assert_eq!(chinese_number("百"), None);
}

fn cases_table(rows: &[&[&str]]) -> Table {
    let mut all: Vec<&[&str]> =
        vec![&["编号", "主送单位", "督办依据", "督办事项", "完成时限", "工作要求", "报送时限", "成文日期"]];
    all.extend_from_slice(rows);
    table("督办事项", &all)
}

fn load_cases_table(t: Table, roster: Option<&Roster>) -> (Option<Cases>, Diagnostics) {
    let mut ds = Diagnostics::new();
    let c = cases::cases_from_workbook(&book(vec![t]), &Config::default(), roster, &mut ds);
    (c, ds)
}

/// The case sheets of the fixtures, good and bad: read row by row from the file (as `letters`
/// does) they give the same cases and the same located messages as read whole.
#[test]
fn streamed_cases_are_the_cases_of_the_whole_sheet() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let (roster, _) = load_roster(&root.join("名册.xlsx"), &Config::default());
    let mut files = vec![root.join("督办事项.xlsx")];
    files.extend(
        std::fs::read_dir(root.join("bad"))
            .expect("bad fixtures")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("督办事项"))),
    );
    assert!(files.len() > 5);
    for path in files {
        let (streamed, streamed_ds) = load_cases(&path, &Config::default(), roster.as_ref());
        let book = crate::reader::open(&path).expect("workbook");
        let mut whole_ds = Diagnostics::new();
        let whole = cases::cases_from_workbook(&book, &Config::default(), roster.as_ref(), &mut whole_ds);
        assert_eq!(streamed, whole, "{}", path.display());
        let located = |ds: &Diagnostics| ds.iter().map(|d| (d.code, d.location.to_string())).collect::<Vec<_>>();
        assert_eq!(located(&streamed_ds), located(&whole_ds), "{}", path.display());
    }
}

#[test]
fn cases_resolve_units_and_parse_everything() {
    let r = reference_roster();
    let (c, ds) = load_cases_table(
        cases_table(&[&[
            "陵双减督【2021】3号",
            "县文化旅游局",
            "依据",
            "事项",
            "2022年1月31日",
            "甲\n乙",
            "1月25日",
            "2021-12-20",
        ]]),
        Some(&r),
    );
    assert!(ds.is_empty(), "{ds:?}");
    let c = &c.expect("cases").cases[0];
    assert_eq!(c.recipient, "县文旅局");
    assert_eq!(c.number.as_ref().map(|n| n.text.as_str()), Some("陵双减督〔2021〕3号"));
    assert_eq!(c.report_deadline, Date { year: 2022, month: 1, day: 25 });
    assert_eq!(c.report_item, "事项");
    assert_eq!(c.requirements, vec!["甲", "乙"]);
}

#[test]
fn cases_collect_every_error_of_a_row() {
    let r = reference_roster();
    let (c, ds) = load_cases_table(
        cases_table(&[&["陵双减督2021-1号", "县文化局", "", "事项", "2022-02-30", "", "下周一", "2021-12-20"]]),
        Some(&r),
    );
    assert_eq!(
        codes(&ds),
        vec!["doc-number-invalid", "unit-unknown", "cell-empty", "date-invalid", "date-invalid", "cell-empty"],
        "{ds:?}"
    );
    let cells: Vec<String> = ds.iter().map(|d| d.location.cell.clone().unwrap_or_default()).collect();
    assert_eq!(cells, vec!["A2", "B2", "C2", "E2", "G2", "F2"]);
    assert!(c.expect("sheet usable").cases.is_empty());
}

#[test]
fn duplicate_doc_numbers_are_errors() {
    let row: &[&str] =
        &["陵双减督〔2021〕1号", "县教育局", "依据", "事项", "2022-01-31", "甲", "2022-01-25", "2021-12-20"];
    let same: &[&str] =
        &["陵双减督[2021]1号", "县教育局", "依据", "事项", "2022-01-31", "甲", "2022-01-25", "2021-12-20"];
    let (c, ds) = load_cases_table(cases_table(&[row, same]), None);
    assert_eq!(codes(&ds), vec!["doc-number-duplicate"]);
    assert_eq!(ds.0[0].message, "编号“陵双减督〔2021〕1号”与 A2 重复");
    assert_eq!(c.expect("cases").cases.len(), 1);
}

#[test]
fn deadline_before_issue_date_is_an_error() {
    let (_, ds) = load_cases_table(
        cases_table(&[&["", "县教育局", "依据", "事项", "2021年12月1日", "甲", "2022-01-05", "2021年12月20日"]]),
        None,
    );
    assert_eq!(codes(&ds), vec!["date-past"]);
    assert_eq!(ds.0[0].location.cell.as_deref(), Some("E2"));
}

#[test]
fn meeting_from_json_matches_the_workbook_structure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("会议纪要.json");
    std::fs::write(
        &path,
        r#"{"会议": {"会议名称": "第一次全体会议", "期号": "3", "日期": "2021年12月20日", "主持人": "秦国平", "抄送": ["县委办公室", "县政府办公室"]},
            "议定事项": [{"事项": "制定方案", "牵头单位": "县教育局", "完成时限": "1月10日"}],
            "参会人员": [{"姓名": "王　刚", "单位": "县融媒体中心", "职务": "副主任", "类别": "列席"}]}"#,
    )
    .expect("write");
    let (m, ds) = load_meeting(&path, &Config::default());
    assert!(ds.is_empty(), "{ds:?}");
    let m = m.expect("meeting");
    assert_eq!(m.issue.as_deref(), Some("第3期"));
    assert_eq!(m.cc, vec!["县委办公室", "县政府办公室"]);
    assert_eq!(m.decisions[0].deadline, Some(Date { year: 2022, month: 1, day: 10 }));
    assert_eq!(m.attendees[0].name, "王刚");
    assert_eq!(m.attendees[0].kind, Attendance::Observer);
    let ws = Workspace { roster: Some(reference_roster()), meeting: Some(m), ..Default::default() };
    assert!(lint::lint(&ws).is_empty());
}

#[test]
fn attendees_unknown_or_in_another_unit_are_warnings() {
    let t =
        table("参会人员", &[&["姓名", "单位", "职务"], &["冯红伟", "县财政局", ""], &["秦国平", "县财政局", "局长"]]);
    let facts = table("会议", &[&["项目", "内容"], &["会议名称", "会"], &["日期", "2021-12-20"]]);
    let mut ds = Diagnostics::new();
    let m = meeting::meeting_from_workbook(&book(vec![facts, t]), &mut ds);
    assert!(ds.is_empty(), "{ds:?}");
    let ws = Workspace { roster: Some(reference_roster()), meeting: m, ..Default::default() };
    let ds = lint::lint(&ws);
    assert_eq!(codes(&ds), vec!["attendee-unknown", "attendee-unit-mismatch"]);
    assert_eq!(ds.0[0].hints, vec!["是否为“冯红卫”？"]);
    assert!(!ds.has_errors());
}

#[test]
fn input_kinds_from_file_names() {
    use std::path::Path;
    assert_eq!(InputKind::from_file_name(Path::new("data/名册.xlsx")), Some(InputKind::Roster));
    assert_eq!(InputKind::from_file_name(Path::new("督办事项-1.xlsx")), Some(InputKind::Cases));
    assert_eq!(InputKind::from_file_name(Path::new("会议纪要.json")), Some(InputKind::Meeting));
    assert_eq!(InputKind::from_file_name(Path::new("职责分工.csv")), Some(InputKind::Duties));
    assert_eq!(InputKind::from_file_name(Path::new("x.xlsx")), None);
}
