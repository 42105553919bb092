//! The duties annex (职责分工): numbered tasks with their responsible units.
//!
//! Input: the first sheet of the duties workbook (序号, 任务, 责任单位). Output: [`Duties`] plus
//! diagnostics. Whether each unit exists in the roster is checked by `model::lint`.

use super::normalize::{clean_text, fold_width, parse_order, split_list};
use super::sheet::{self, Column};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::reader::Workbook;
use crate::settings::Config;
use serde::Serialize;
use std::path::Path;

const COLUMNS: &[Column] = &[
    Column::new("序号", &["编号"], false),
    Column::new("任务", &["任务内容", "工作任务", "职责", "内容"], true),
    Column::new("责任单位", &["责任部门", "牵头单位", "单位"], true),
];

/// Tails that qualify the unit list without naming a unit (`县行政审批局会同相关部门`).
const UNIT_TAILS: &[&str] = &["会同相关部门", "会同有关部门", "等相关部门", "等有关部门", "等部门", "等单位"];

/// The duties list.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Duties {
    /// The tasks, in order.
    pub items: Vec<Duty>,
}

/// One task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duty {
    /// 序号 (1-based; from the sheet when given, else row order).
    pub index: u32,
    /// 任务 text.
    pub task: String,
    /// 责任单位 as written, split at 、 and commas; the first is the lead unit.
    pub units: Vec<String>,
    /// The 责任单位 cell as printed in the annex (cleaned, e.g. `县教育局、县市场监管局`,
    /// keeping a tail such as `会同相关部门`).
    pub units_text: String,
    /// The row.
    pub location: Location,
    /// The 责任单位 cell, where unit problems are reported.
    pub units_location: Location,
}

/// Load a duties workbook (first sheet). `None` only when the sheet is unusable. The
/// configuration is taken so every loader has the same shape; duties need none of it.
pub fn load_duties(path: &Path, _config: &Config) -> (Option<Duties>, Diagnostics) {
    let mut ds = Diagnostics::new();
    match crate::reader::open(path) {
        Ok(book) => {
            let d = duties_from_workbook(&book, &mut ds);
            (d, ds)
        }
        Err(d) => {
            ds.push(d);
            (None, ds)
        }
    }
}

/// Build the duties from an opened workbook.
pub fn duties_from_workbook(book: &Workbook, ds: &mut Diagnostics) -> Option<Duties> {
    let table = match book.data_sheet("职责分工") {
        Ok(t) => t,
        Err(d) => {
            ds.push(d);
            return None;
        }
    };
    let header = sheet::header(table, COLUMNS, &[], ds)?;
    let mut items: Vec<Duty> = Vec::new();
    for row in header.rows(table) {
        let mut rd = Diagnostics::new();
        let fallback = items.len() as u32 + 1;
        let index = match row.cell("序号") {
            c if c.is_blank() => fallback,
            c if c.is_unusable() => {
                rd.extend(sheet::unusable(c, "序号", || row.loc("序号")));
                fallback
            }
            c => parse_order(c).or_else(|| chinese_number(&c.to_text())).unwrap_or_else(|| {
                rd.push(
                    Diagnostic::error(
                        "order-invalid",
                        row.loc("序号"),
                        format!("序号“{}”不是数字", c.to_text().trim()),
                    )
                    .hint("填写 1、2、3 或 一、二、三"),
                );
                fallback
            }),
        };
        let task = row.required("任务", &mut rd);
        let units_text = row.required("责任单位", &mut rd).map(|t| strip_parens(&t));
        let units = match &units_text {
            Some(_) => {
                row.multiline("责任单位", &mut rd).map(|t| unit_names(&strip_parens_raw(&t))).unwrap_or_default()
            }
            None => vec![],
        };
        if units_text.is_some() && units.is_empty() {
            rd.push(
                Diagnostic::error("cell-empty", row.loc("责任单位"), "责任单位为空")
                    .hint("填写至少一个单位，用顿号分隔"),
            );
        }
        if let Some(first) = items.iter().find(|d| d.index == index) {
            rd.push(
                Diagnostic::warning(
                    "order-duplicate",
                    row.loc("序号"),
                    format!("序号 {index} 与第 {} 行重复", first.location.cell.clone().unwrap_or_default()),
                )
                .hint("检查是否漏编或重复录入了一条任务"),
            );
        }
        let ok = !rd.has_errors();
        ds.extend(rd);
        if let (true, Some(task), Some(units_text)) = (ok, task, units_text) {
            items.push(Duty {
                index,
                task,
                units,
                units_text,
                location: row.location(),
                units_location: row.loc("责任单位"),
            });
        }
    }
    Some(Duties { items })
}

/// `（县教育局、县财政局）` → `县教育局、县财政局`: the reference annex prints the units in
/// parentheses after the task; clerks copy them with the parentheses.
fn strip_parens(s: &str) -> String {
    let t = clean_text(s);
    let inner = t.strip_prefix(['（', '(']).and_then(|r| r.strip_suffix(['）', ')']));
    inner.map(clean_text).unwrap_or(t)
}

/// Like [`strip_parens`] but keeping line breaks, for splitting.
fn strip_parens_raw(s: &str) -> String {
    let t = s.trim();
    t.strip_prefix(['（', '(']).and_then(|r| r.strip_suffix(['）', ')'])).unwrap_or(t).to_string()
}

/// The units of a 责任单位 text, tails such as `会同相关部门` removed.
pub fn unit_names(text: &str) -> Vec<String> {
    split_list(text)
        .into_iter()
        .map(|u| UNIT_TAILS.iter().fold(u, |u, tail| u.strip_suffix(tail).map(str::to_string).unwrap_or(u)))
        .filter(|u| !u.is_empty())
        .collect()
}

/// `一` … `九十九` (and a trailing `、`) to a number.
pub fn chinese_number(s: &str) -> Option<u32> {
    let t = fold_width(s);
    let t = t.trim().trim_end_matches(['、', '.']);
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32);
    let chars: Vec<char> = t.chars().collect();
    match chars.as_slice() {
        [c] => digit(*c).filter(|d| *d > 0).or((*c == '十').then_some(10)),
        ['十', u] => digit(*u).map(|u| 10 + u),
        [t, '十'] => digit(*t).filter(|d| *d > 1).map(|t| t * 10),
        [t, '十', u] => Some(digit(*t).filter(|d| *d > 1)? * 10 + digit(*u).filter(|d| *d > 0)?),
        _ => None,
    }
}
