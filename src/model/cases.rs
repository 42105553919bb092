//! The case sheet (督办事项): one [`Case`] per row, one 督办函 each.
//!
//! Input: the first sheet of the case workbook, and the roster to resolve 主送单位. Output:
//! [`Cases`] with every date parsed, phone and e-mail validated, the 发文字号 normalised, plus
//! diagnostics pointing at cells. Numbering of cases without 编号 is compose's job.

use super::normalize::{parse_date_cell, parse_doc_number, parse_email, parse_phone, split_requirements};
use super::roster::{Roster, phone_error};
use super::sheet::{self, Column, RowRef};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::Date;
use crate::reader::Source;
use crate::settings::Config;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The sheet read when present; else the first sheet.
pub const CASES_SHEET: &str = "督办事项";

const COLUMNS: &[Column] = &[
    Column::new("编号", &["督办编号", "发文字号", "文号"], false),
    Column::new("主送单位", &["主送", "督办单位", "责任单位"], true),
    Column::new("督办依据", &["依据"], true),
    Column::new("督办事项", &["事项", "工作"], true),
    Column::new("完成时限", &["完成日期", "截止日期"], true),
    Column::new("工作要求", &["具体要求", "要求"], true),
    Column::new("报送事项", &[], false),
    Column::new("报送时限", &["报送日期"], true),
    Column::new("联系人", &[], false),
    Column::new("联系电话", &["电话", "联系方式"], false),
    Column::new("电子邮箱", &["邮箱", "email", "e-mail"], false),
    Column::new("成文日期", &["签发日期", "日期"], false),
    Column::new("序号", &[], false),
];

/// All cases of one sheet, in row order.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Cases {
    /// The cases.
    pub cases: Vec<Case>,
}

/// One 督办 row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// 编号, brackets normalised to 〔〕; `None` when the sheet leaves numbering to gongwen.toml.
    pub number: Option<DocNumber>,
    /// 主送单位, canonical (alias-resolved against the roster when one is given).
    pub recipient: String,
    /// 督办依据: fills “按___要求”.
    pub basis: String,
    /// 督办事项: fills “___工作应于…完成”.
    pub task: String,
    /// 完成时限.
    pub deadline: Date,
    /// 工作要求, one item per line of the cell (or `；`-separated), without numbering.
    pub requirements: Vec<String>,
    /// 报送事项: fills “___有关情况”; defaults to the 督办事项.
    pub report_item: String,
    /// 报送时限.
    pub report_deadline: Date,
    /// 联系人 (row, else gongwen.toml).
    pub contact: Option<String>,
    /// 联系电话, validated (row, else gongwen.toml).
    pub phone: Option<String>,
    /// 电子邮箱, validated (row, else gongwen.toml).
    pub email: Option<String>,
    /// 成文日期 (row, else gongwen.toml `issuer.date`); `None` leaves it to `settings::fallback_date`.
    pub date: Option<Date>,
    /// Columns the tool does not know, by header text.
    pub extra: BTreeMap<String, String>,
    /// The row.
    pub location: Location,
}

/// A 发文字号 such as `陵双减督〔2021〕1号`, parsed into its parts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DocNumber {
    /// The whole number as printed, with 〔〕 brackets: `陵双减督〔2021〕1号`.
    pub text: String,
    /// 机关代字 before the year: `陵双减督` (may be empty).
    pub prefix: String,
    /// 年份.
    pub year: i32,
    /// 发文顺序号.
    pub seq: u32,
}

impl std::fmt::Display for DocNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl DocNumber {
    /// The part after the 机关代字, `〔2021〕1号`, used in file names.
    pub fn short(&self) -> String {
        format!("〔{}〕{}号", self.year, self.seq)
    }
}

/// Load a case workbook. `roster` resolves 主送单位 (aliases → canonical, unknown → error with the
/// nearest unit); without it the unit is kept as written. `None` only when the sheet is unusable.
pub fn load_cases(path: &Path, config: &Config, roster: Option<&Roster>) -> (Option<Cases>, Diagnostics) {
    let mut ds = Diagnostics::new();
    let source = match Source::open(path) {
        Ok(s) => s,
        Err(d) => {
            ds.push(d);
            return (None, ds);
        }
    };
    let mut cases = Vec::new();
    let usable = stream_cases(&source, config, roster, &mut ds, &mut |c| cases.push(c));
    (usable.then_some(Cases { cases }), ds)
}

/// The cases of a case workbook one at a time, in sheet order, without holding the sheet or
/// the cases (a batch of 10,000 letters reads them twice rather than keep them): `each` gets
/// every good case, `ds` every problem. False when the sheet is unusable (no header, no data).
pub fn stream_cases(
    source: &Source,
    config: &Config,
    roster: Option<&Roster>,
    ds: &mut Diagnostics,
    each: &mut dyn FnMut(Case),
) -> bool {
    let mut reader = CaseReader::new(config, roster, ds);
    let mut scan = sheet::Streamed::new(COLUMNS, &[]);
    let streamed = source.stream(CASES_SHEET, &mut |place, row| {
        scan.push(place, row, ds, &mut |r, ds| {
            if let Some(c) = reader.case(&r, ds) {
                each(c)
            }
        })
    });
    if let Err(d) = streamed {
        ds.push(d);
        return false;
    }
    scan.finish(ds, &mut |r, ds| {
        if let Some(c) = reader.case(&r, ds) {
            each(c)
        }
    })
}

/// The cases of a workbook already read whole: how the tests feed in-memory tables, and the
/// reference the streamed reading is checked against.
#[cfg(test)]
pub(crate) fn cases_from_workbook(
    book: &crate::reader::Workbook,
    config: &Config,
    roster: Option<&Roster>,
    ds: &mut Diagnostics,
) -> Option<Cases> {
    let table = match book.data_sheet(CASES_SHEET) {
        Ok(t) => t,
        Err(d) => {
            ds.push(d);
            return None;
        }
    };
    let header = sheet::header(table, COLUMNS, &[], ds)?;
    let mut reader = CaseReader::new(config, roster, ds);
    let cases = header.rows(table).filter_map(|row| reader.case(&row, ds)).collect();
    Some(Cases { cases })
}

/// Turns case rows into cases, one row at a time; remembers the 编号 seen so far, so a
/// repeated one is an error wherever it recurs.
struct CaseReader<'c> {
    letters: &'c crate::settings::LettersConfig,
    roster: Option<&'c Roster>,
    default_date: Option<Date>,
    seen_numbers: BTreeMap<DocNumber, String>,
}

impl<'c> CaseReader<'c> {
    fn new(config: &'c Config, roster: Option<&'c Roster>, ds: &mut Diagnostics) -> Self {
        CaseReader {
            letters: &config.letters,
            roster,
            default_date: super::config_date(config, ds),
            seen_numbers: BTreeMap::new(),
        }
    }

    /// The case of one row; `None` (with the reasons in `ds`) when the row has errors.
    fn case(&mut self, row: &RowRef<'_>, ds: &mut Diagnostics) -> Option<Case> {
        let (letters, roster, default_date) = (self.letters, self.roster, self.default_date);
        let seen_numbers = &mut self.seen_numbers;
        let mut rd = Diagnostics::new();
        let number_col = if row.header.cols.contains_key("编号") { "编号" } else { "序号" };
        let number = row.text(number_col, &mut rd).and_then(|t| doc_number(&t, row.loc(number_col), &mut rd));
        if let Some(n) = &number {
            match seen_numbers.get(n) {
                Some(first) => rd.push(
                    Diagnostic::error("doc-number-duplicate", row.loc(number_col), format!("编号“{n}”与 {first} 重复"))
                        .hint("每份督办函的发文字号必须不同"),
                ),
                None => {
                    seen_numbers.insert(n.clone(), row.loc(number_col).cell.unwrap_or_default());
                }
            }
        }
        let recipient = row.required("主送单位", &mut rd).and_then(|u| match roster {
            Some(r) => match r.resolve_unit(&u) {
                Some(c) => Some(c.to_string()),
                None => {
                    rd.push(r.unknown_unit(&u, "主送单位", row.loc("主送单位")));
                    None
                }
            },
            None => Some(super::normalize::clean_unit(&u)),
        });
        let basis = row.required("督办依据", &mut rd);
        let task = row.required("督办事项", &mut rd);
        let date = match row.cell("成文日期") {
            c if c.is_blank() => default_date,
            _ => date(row, "成文日期", None, None, &mut rd),
        };
        let deadline = date_required(row, "完成时限", None, date, &mut rd);
        let report_deadline = date_required(row, "报送时限", None, date, &mut rd);
        for (name, d) in [("完成时限", deadline), ("报送时限", report_deadline)] {
            if let (Some(d), Some(issued)) = (d, date)
                && d < issued
            {
                rd.push(
                    Diagnostic::error(
                        "date-past",
                        row.loc(name),
                        format!("{name} {} 早于成文日期 {}", d.long(), issued.long()),
                    )
                    .hint("检查年份是否写错，或更新成文日期"),
                );
            }
        }
        let requirements = match row.required("工作要求", &mut rd) {
            Some(_) => row.multiline("工作要求", &mut rd).map(|t| split_requirements(&t)).unwrap_or_default(),
            None => vec![],
        };
        let report_item = row.text("报送事项", &mut rd).or_else(|| task.clone());
        let contact = row.text("联系人", &mut rd).or_else(|| letters.contact.clone());
        let phone = match row.text("联系电话", &mut rd) {
            Some(p) => parse_phone(&p).map_err(|e| rd.push(phone_error(&p, e, row.loc("联系电话")))).ok(),
            None => letters.phone.as_deref().and_then(|p| config_phone(p, &mut rd)),
        };
        let email = match row.text("电子邮箱", &mut rd) {
            Some(e) => email_or_error(&e, row.loc("电子邮箱"), &mut rd),
            None => letters
                .email
                .as_deref()
                .and_then(|e| email_or_error(e, Location::file(crate::settings::CONFIG_FILE), &mut rd)),
        };
        let extra = row.extra(&mut rd);
        let ok = !rd.has_errors();
        ds.extend(rd);
        if let (
            true,
            Some(recipient),
            Some(basis),
            Some(task),
            Some(deadline),
            Some(report_deadline),
            Some(report_item),
        ) = (ok, recipient, basis, task, deadline, report_deadline, report_item)
        {
            return Some(Case {
                number,
                recipient,
                basis,
                task,
                deadline,
                requirements,
                report_item,
                report_deadline,
                contact,
                phone,
                email,
                date,
                extra,
                location: row.location(),
            });
        }
        None
    }
}

/// A 发文字号 cell: a bare integer leaves numbering to `gongwen.toml`; anything else must parse.
fn doc_number(text: &str, loc: Location, ds: &mut Diagnostics) -> Option<DocNumber> {
    if text.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return None;
    }
    let n = parse_doc_number(text);
    if n.is_none() {
        ds.push(
            Diagnostic::error("doc-number-invalid", loc, format!("编号“{text}”不是有效的发文字号"))
                .hint("写成 陵双减督〔2021〕1号（年份用六角括号〔〕，顺序号不编虚位），或留空按顺序自动编号"),
        );
    }
    n
}

fn config_phone(p: &str, ds: &mut Diagnostics) -> Option<String> {
    parse_phone(p).map_err(|e| ds.push(phone_error(p, e, Location::file(crate::settings::CONFIG_FILE)))).ok()
}

fn email_or_error(text: &str, loc: Location, ds: &mut Diagnostics) -> Option<String> {
    let e = parse_email(text);
    if e.is_none() {
        ds.push(
            Diagnostic::error("email-invalid", loc, format!("电子邮箱“{text}”格式不正确"))
                .hint("写成 799191505@qq.com 这样的地址（@ 用半角）"),
        );
    }
    e
}

/// A date cell that may be blank. `col` is the column; messages name it, or `label` when the
/// column is generic (the meeting sheet's 内容 holds the 日期).
pub(crate) fn date(
    row: &RowRef<'_>,
    col: &str,
    label: Option<&str>,
    reference: Option<Date>,
    ds: &mut Diagnostics,
) -> Option<Date> {
    let name = label.unwrap_or(col);
    let cell = row.cell(col);
    if cell.is_blank() {
        return None;
    }
    if let Some(d) = sheet::unusable(cell, name, || row.loc(col)) {
        ds.push(d);
        return None;
    }
    match parse_date_cell(cell, reference) {
        Ok(d) => Some(d),
        Err(e) => {
            let text = cell.to_text();
            ds.push(
                Diagnostic::error("date-invalid", row.loc(col), format!("{name}：{}", e.message(text.trim())))
                    .hint(e.hint()),
            );
            None
        }
    }
}

/// A date cell that must be filled (see [`date`]).
pub(crate) fn date_required(
    row: &RowRef<'_>,
    col: &str,
    label: Option<&str>,
    reference: Option<Date>,
    ds: &mut Diagnostics,
) -> Option<Date> {
    if row.cell(col).is_blank() {
        let name = label.unwrap_or(col);
        ds.push(
            Diagnostic::error("cell-empty", row.loc(col), format!("{name}为空")).hint("填写日期，如 2022年1月31日"),
        );
        return None;
    }
    date(row, col, label, reference, ds)
}
