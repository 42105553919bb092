//! One meeting (会议纪要): its facts, the decisions taken, and who attended.
//!
//! Input: sheets `会议` (项目 | 内容), `议定事项`, `参会人员` of a workbook, or the same
//! structure as JSON. Output: a [`Meeting`] plus diagnostics. Matching attendees against the
//! roster is `model::lint`'s job.

use super::cases::{date, date_required};
use super::normalize::{clean_name, clean_text, clean_unit, fold_width, split_list};
use super::sheet::{self, Column};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::Date;
use crate::reader::{Cell, Row, Table, Workbook};
use crate::settings::Config;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

const FACT_COLUMNS: &[Column] =
    &[Column::new("项目", &["名称", "字段"], true), Column::new("内容", &["值", "信息"], true)];

const DECISION_COLUMNS: &[Column] = &[
    Column::new("事项", &["议定事项", "内容"], true),
    Column::new("牵头单位", &["责任单位", "牵头"], false),
    Column::new("配合单位", &["配合"], false),
    Column::new("完成时限", &["完成日期", "截止日期"], false),
    Column::new("序号", &[], false),
];

const ATTENDEE_COLUMNS: &[Column] = &[
    Column::new("姓名", &["名字", "name"], true),
    Column::new("单位", &["部门", "工作单位", "unit"], true),
    Column::new("职务", &["职位", "title"], false),
    Column::new("类别", &["参会类别", "出席情况", "类型"], false),
];

/// A meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Meeting {
    /// 会议名称, e.g. `陵川县“双减”工作专门协调机制第一次全体会议`.
    pub name: String,
    /// 期号, e.g. `第1期` (always with 第…期).
    pub issue: Option<String>,
    /// 日期.
    pub date: Option<Date>,
    /// 地点.
    pub place: Option<String>,
    /// 主持人.
    pub host: Option<String>,
    /// 印发机关.
    pub issuer: Option<String>,
    /// 抄送, one entry per unit (the cell is split at 、，, ；).
    pub cc: Vec<String>,
    /// Rows of sheet 会议 the tool does not know, by 项目.
    pub extra: BTreeMap<String, String>,
    /// 议定事项, in order.
    pub decisions: Vec<Decision>,
    /// 参会人员, in order.
    pub attendees: Vec<Attendee>,
    /// The file.
    pub location: Location,
}

/// One decision (议定事项).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// 1-based position.
    pub index: usize,
    /// 事项.
    pub item: String,
    /// 牵头单位, as written (several allowed).
    pub lead: Vec<String>,
    /// 配合单位, as written.
    pub partners: Vec<String>,
    /// The 牵头单位 and 配合单位 cells, where unit problems are reported.
    pub unit_locations: [Location; 2],
    /// 完成时限.
    pub deadline: Option<Date>,
    /// Columns the tool does not know.
    pub extra: BTreeMap<String, String>,
    /// The row.
    pub location: Location,
}

/// One attendee.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attendee {
    /// Name (unpadded).
    pub name: String,
    /// 单位, as written.
    pub unit: String,
    /// 职务.
    pub title: String,
    /// 出席 / 请假 / 列席.
    pub kind: Attendance,
    /// The 姓名 cell.
    pub location: Location,
}

/// How someone took part (GB/T 9704 10.3: 出席, 请假, 列席 lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Attendance {
    /// 出席.
    #[serde(rename = "出席")]
    Present,
    /// 请假.
    #[serde(rename = "请假")]
    Excused,
    /// 列席.
    #[serde(rename = "列席")]
    Observer,
}

/// The facts sheet (项目 | 内容), the decisions sheet and the attendance sheet.
pub const FACTS_SHEET: &str = "会议";
/// 议定事项 sheet.
pub const DECISIONS_SHEET: &str = "议定事项";
/// 参会人员 sheet.
pub const ATTENDEES_SHEET: &str = "参会人员";

/// Load a meeting workbook, or a `.json` file of the same structure (`{"会议": {"会议名称": …},
/// "议定事项": [{…}], "参会人员": [{…}]}`; JSON values are read as the cells of same-named
/// sheets, so messages name the sheet and the cell the value would occupy). The configuration
/// is taken so every loader has the same shape; a meeting needs none of it.
pub fn load_meeting(path: &Path, _config: &Config) -> (Option<Meeting>, Diagnostics) {
    let mut ds = Diagnostics::new();
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let book = if is_json { json_workbook(path) } else { crate::reader::open(path) };
    match book {
        Ok(book) => {
            let m = meeting_from_workbook(&book, &mut ds);
            (m, ds)
        }
        Err(d) => {
            ds.push(d);
            (None, ds)
        }
    }
}

/// Build the meeting from an opened workbook.
pub fn meeting_from_workbook(book: &Workbook, ds: &mut Diagnostics) -> Option<Meeting> {
    let Some(facts) = book.sheet(FACTS_SHEET) else {
        ds.push(
            Diagnostic::error("sheet-missing", Location::file(&book.file), format!("缺少“{FACTS_SHEET}”工作表"))
                .hint("会议纪要工作簿应有 会议（项目 | 内容）、议定事项、参会人员 三个工作表"),
        );
        return None;
    };
    let header = sheet::header(facts, FACT_COLUMNS, &[], ds)?;
    let mut m = Meeting { location: Location::file(&book.file), ..Default::default() };
    let mut date_loc = None;
    for row in header.rows(facts) {
        let Some(key) = row.text("项目", ds) else { continue };
        let key_folded: String = fold_width(&key).chars().filter(|c| !c.is_whitespace()).collect();
        let key_folded = key_folded.trim_end_matches([':', '：']).to_string();
        if key_folded == "日期" || key_folded == "会议日期" || key_folded == "时间" {
            m.date = date_required(&row, "内容", Some("日期"), None, ds);
            date_loc = Some(row.loc("内容"));
            continue;
        }
        let value = row.text("内容", ds);
        match key_folded.as_str() {
            "会议名称" | "名称" => m.name = value.unwrap_or_default(),
            "期号" => m.issue = value.map(|v| issue_text(&v)),
            "地点" | "会议地点" => m.place = value,
            "主持人" => m.host = value.map(|v| clean_name(&v)),
            "印发机关" => m.issuer = value,
            "抄送" => m.cc = row.multiline("内容", ds).map(|v| split_list(&v)).unwrap_or_default(),
            _ => {
                if let Some(v) = value {
                    m.extra.insert(key_folded, v);
                }
            }
        }
    }
    if m.name.is_empty() {
        ds.push(
            Diagnostic::error("cell-empty", facts.location(), "会议名称为空")
                .hint("在“会议”工作表中添加一行：会议名称 | …"),
        );
    }
    if date_loc.is_none() {
        ds.push(
            Diagnostic::error("cell-empty", facts.location(), "缺少会议日期")
                .hint("在“会议”工作表中添加一行：日期 | 2021年12月20日"),
        );
    }
    if let Some(t) = book.sheet(DECISIONS_SHEET) {
        m.decisions = decisions(t, m.date, ds);
    }
    if let Some(t) = book.sheet(ATTENDEES_SHEET) {
        m.attendees = attendees(t, ds);
    }
    Some(m)
}

/// `3` → `第3期`; `第3期` stays.
fn issue_text(v: &str) -> String {
    let t = fold_width(v);
    let t = t.trim();
    if t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() { format!("第{t}期") } else { clean_text(v) }
}

fn decisions(t: &Table, meeting_date: Option<Date>, ds: &mut Diagnostics) -> Vec<Decision> {
    let Some(header) = sheet::header(t, DECISION_COLUMNS, &[], ds) else { return vec![] };
    let mut out = Vec::new();
    for row in header.rows(t) {
        let mut rd = Diagnostics::new();
        let item = row.required("事项", &mut rd);
        let lead = row.multiline("牵头单位", &mut rd).map(|u| split_list(&u)).unwrap_or_default();
        let partners = row.multiline("配合单位", &mut rd).map(|u| split_list(&u)).unwrap_or_default();
        let deadline = date(&row, "完成时限", None, meeting_date, &mut rd);
        if let (Some(d), Some(m)) = (deadline, meeting_date)
            && d < m
        {
            rd.push(
                Diagnostic::warning(
                    "date-past",
                    row.loc("完成时限"),
                    format!("完成时限 {} 早于会议日期 {}", d.long(), m.long()),
                )
                .hint("检查年份是否写错"),
            );
        }
        let extra = row.extra(&mut rd);
        let ok = !rd.has_errors();
        ds.extend(rd);
        if let (true, Some(item)) = (ok, item) {
            out.push(Decision {
                index: out.len() + 1,
                item,
                lead,
                partners,
                deadline,
                extra,
                unit_locations: [row.loc("牵头单位"), row.loc("配合单位")],
                location: row.location(),
            });
        }
    }
    out
}

fn attendees(t: &Table, ds: &mut Diagnostics) -> Vec<Attendee> {
    let Some(header) = sheet::header(t, ATTENDEE_COLUMNS, &[], ds) else { return vec![] };
    let mut out = Vec::new();
    for row in header.rows(t) {
        let mut rd = Diagnostics::new();
        let name = row.required("姓名", &mut rd).map(|n| clean_name(&n));
        let unit = row.required("单位", &mut rd).map(|u| clean_unit(&u));
        let title = row.text("职务", &mut rd).unwrap_or_default();
        let kind = match row.text("类别", &mut rd) {
            None => Some(Attendance::Present),
            Some(k) => match k.chars().filter(|c| !c.is_whitespace()).collect::<String>().as_str() {
                "出席" | "参会" => Some(Attendance::Present),
                "请假" | "缺席" => Some(Attendance::Excused),
                "列席" => Some(Attendance::Observer),
                _ => {
                    rd.push(
                        Diagnostic::error("attendance-invalid", row.loc("类别"), format!("类别“{k}”无效"))
                            .hint("填写 出席、请假 或 列席（留空视为出席）"),
                    );
                    None
                }
            },
        };
        let ok = !rd.has_errors();
        ds.extend(rd);
        if let (true, Some(name), Some(unit), Some(kind)) = (ok, name, unit, kind) {
            out.push(Attendee { name, unit, title, kind, location: row.loc("姓名") });
        }
    }
    out
}

/// A JSON meeting as a workbook of the three sheets. Keys of the facts object become 项目
/// rows; arrays of objects become tables whose header is the union of their keys.
fn json_workbook(path: &Path) -> Result<Workbook, Diagnostic> {
    let loc = Location::file(path);
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error("file-unreadable", loc.clone(), format!("无法读取文件：{e}")))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Diagnostic::error("json-invalid", loc.clone().line(e.line(), Some(e.column())), format!("JSON 格式错误：{e}"))
            .hint("检查括号、引号和逗号")
    })?;
    let obj =
        value.as_object().ok_or_else(|| Diagnostic::error("json-invalid", loc.clone(), "JSON 顶层应是对象 {…}"))?;
    let text_cell = |v: &serde_json::Value| match v {
        serde_json::Value::Null => Cell::Empty,
        serde_json::Value::String(s) => Cell::Text(s.clone()),
        serde_json::Value::Number(n) => Cell::Number(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::Bool(b) => Cell::Bool(*b),
        serde_json::Value::Array(a) => Cell::Text(
            a.iter()
                .map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string()))
                .collect::<Vec<_>>()
                .join("、"),
        ),
        other => Cell::Text(other.to_string()),
    };
    let facts_obj = obj.get(FACTS_SHEET).and_then(|v| v.as_object()).unwrap_or(obj);
    let mut fact_rows = vec![Row { index: 0, cells: vec![Cell::Text("项目".into()), Cell::Text("内容".into())] }];
    for (k, v) in facts_obj.iter().filter(|(k, _)| k.as_str() != DECISIONS_SHEET && k.as_str() != ATTENDEES_SHEET) {
        fact_rows.push(Row { index: fact_rows.len() as u32, cells: vec![Cell::Text(k.clone()), text_cell(v)] });
    }
    let mut sheets = vec![Table { file: path.to_path_buf(), sheet: FACTS_SHEET.into(), first_col: 0, rows: fact_rows }];
    for name in [DECISIONS_SHEET, ATTENDEES_SHEET] {
        let Some(items) = obj.get(name).and_then(|v| v.as_array()) else { continue };
        let mut keys: Vec<String> = Vec::new();
        for item in items.iter().filter_map(|i| i.as_object()) {
            for k in item.keys() {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        let mut rows = vec![Row { index: 0, cells: keys.iter().map(|k| Cell::Text(k.clone())).collect() }];
        for item in items {
            let cells = keys.iter().map(|k| item.get(k).map(text_cell).unwrap_or(Cell::Empty)).collect();
            rows.push(Row { index: rows.len() as u32, cells });
        }
        sheets.push(Table { file: path.to_path_buf(), sheet: name.into(), first_col: 0, rows });
    }
    Ok(Workbook { file: path.to_path_buf(), sheets })
}
