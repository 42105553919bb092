//! Column mapping shared by every record type: find the header row, match headers against
//! known columns and their aliases, and read a row's cells with their locations.
//!
//! Headers are compared after width folding and whitespace removal (`姓 名`, `ＮＡＭＥ` match).
//! The header row is the row among the first [`HEADER_SCAN_ROWS`] that names the most known
//! columns, so title rows (merged or not) above it are skipped. Unknown columns are kept as
//! extras. This module does not interpret values beyond fetching them.

use super::normalize::{clean_prose, clean_text, header_key};
use crate::diag::{Diagnostic, Diagnostics, Location, nearest};
use crate::reader::{Cell, Row, Table};
use std::collections::BTreeMap;

/// How far down a sheet the header row may be (title rows, notes above it).
pub(crate) const HEADER_SCAN_ROWS: usize = 20;

/// One column a record type knows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// Canonical name, used in messages (`单位`).
    pub(crate) name: &'static str,
    /// Other headers accepted for it.
    pub(crate) aliases: &'static [&'static str],
    /// Whether a sheet without it is unusable.
    pub(crate) required: bool,
}

impl Column {
    pub(crate) const fn new(name: &'static str, aliases: &'static [&'static str], required: bool) -> Self {
        Column { name, aliases, required }
    }

    fn matches(&self, key: &str) -> bool {
        header_key(self.name) == key || self.aliases.iter().any(|a| header_key(a) == key)
    }
}

/// The mapped header of one sheet. It holds no rows: data rows come from the sheet's
/// [`Table`] ([`Header::rows`]) or one at a time from a stream ([`Header::row`]).
#[derive(Debug)]
pub(crate) struct Header {
    /// The sheet's place (file, name, first column), without its rows.
    place: Table,
    /// Zero-based sheet row of the header.
    pub(crate) index: u32,
    /// Canonical column name (or dynamic name such as a list column) → table column.
    pub(crate) cols: BTreeMap<String, usize>,
    /// Unknown columns: header text → table column, in sheet order of first appearance.
    pub(crate) extra: Vec<(String, usize)>,
}

/// Find and map the header of `table`. `dynamic` are further column names (e.g. the roster's
/// list columns) matched exactly after folding. Missing required columns are errors located at
/// the header row, with the nearest unmapped header as a suggestion.
pub(crate) fn header(table: &Table, columns: &[Column], dynamic: &[String], ds: &mut Diagnostics) -> Option<Header> {
    let score = |cells: &[Cell]| cells.iter().filter(|c| is_known(&header_key(&c.to_text()), columns, dynamic)).count();
    let best = table
        .rows
        .iter()
        .enumerate()
        .take(HEADER_SCAN_ROWS)
        .map(|(i, r)| (score(&r.cells), i))
        .filter(|(s, _)| *s > 0)
        .max_by_key(|(s, i)| (*s, std::cmp::Reverse(*i)));
    let Some((_, pos)) = best else {
        let expected: Vec<&str> = columns.iter().filter(|c| c.required).map(|c| c.name).collect();
        ds.push(
            Diagnostic::error("header-missing", table.location(), "找不到表头行（没有一列是认识的列名）")
                .hint(format!("第一行数据之上应有表头，至少包括：{}", expected.join("、"))),
        );
        return None;
    };
    let row = &table.rows[pos];
    let mut cols = BTreeMap::new();
    let mut extra = Vec::new();
    for (i, cell) in row.cells.iter().enumerate() {
        let text = clean_text(&cell.to_text());
        if text.is_empty() {
            continue;
        }
        let key = header_key(&text);
        let name = columns
            .iter()
            .find(|c| c.matches(&key))
            .map(|c| c.name.to_string())
            .or_else(|| dynamic.iter().find(|d| header_key(d) == key).cloned());
        match name {
            Some(name) if cols.contains_key(&name) => ds.push(
                Diagnostic::warning(
                    "header-duplicate",
                    table.cell_location(row.index, i),
                    format!("“{name}”列重复出现，只使用第一列"),
                )
                .hint("删除或改名多余的列"),
            ),
            Some(name) => {
                cols.insert(name, i);
            }
            None => extra.push((text, i)),
        }
    }
    let mut ok = true;
    for c in columns.iter().filter(|c| c.required && !cols.contains_key(c.name)) {
        ok = false;
        let mut d = Diagnostic::error("column-missing", table.row_location(row.index), format!("缺少“{}”列", c.name));
        let unmapped: Vec<&str> = extra.iter().map(|(t, _)| t.as_str()).collect();
        let names: Vec<String> = std::iter::once(c.name).chain(c.aliases.iter().copied()).map(header_key).collect();
        let containing = unmapped.iter().copied().find(|u| names.iter().any(|n| header_key(u).contains(n.as_str())));
        if let Some(near) = containing.or_else(|| nearest(c.name, unmapped.iter().copied())) {
            d = d.hint(format!("是否为“{near}”列？请把表头改为“{}”", c.name));
        }
        if !c.aliases.is_empty() {
            d = d.hint(format!("可用的列名：{}、{}", c.name, c.aliases.join("、")));
        }
        ds.push(d);
    }
    ok.then_some(Header { place: table.place(), index: row.index, cols, extra })
}

fn is_known(key: &str, columns: &[Column], dynamic: &[String]) -> bool {
    !key.is_empty() && (columns.iter().any(|c| c.matches(key)) || dynamic.iter().any(|d| header_key(d) == key))
}

/// The header and data rows of a sheet whose rows arrive one at a time ([`crate::reader::Source`]):
/// the first [`HEADER_SCAN_ROWS`] rows are held until the header is found among them; every
/// later row is handed on as it arrives and then dropped.
pub(crate) struct Streamed<'c> {
    columns: &'c [Column],
    dynamic: &'c [String],
    head: Option<Table>,
    header: Option<Header>,
    unusable: bool,
}

/// What a streamed sheet does with each data row.
pub(crate) type EachRow<'e> = dyn FnMut(RowRef<'_>, &mut Diagnostics) + 'e;

impl<'c> Streamed<'c> {
    pub(crate) fn new(columns: &'c [Column], dynamic: &'c [String]) -> Self {
        Streamed { columns, dynamic, head: None, header: None, unusable: false }
    }

    /// The next row of the sheet at `place`.
    pub(crate) fn push(&mut self, place: &Table, row: Row, ds: &mut Diagnostics, each: &mut EachRow<'_>) {
        if self.unusable {
            return;
        }
        if let Some(h) = &self.header {
            if row.index > h.index && !is_blank(&row) {
                each(h.row(&row), ds);
            }
            return;
        }
        let head = self.head.get_or_insert_with(|| place.place());
        head.rows.push(row);
        if head.rows.len() >= HEADER_SCAN_ROWS {
            self.locate(ds, each);
        }
    }

    /// The end of the sheet: whether it had a header (a missing one is reported).
    pub(crate) fn finish(mut self, ds: &mut Diagnostics, each: &mut EachRow<'_>) -> bool {
        if self.header.is_none() && !self.unusable {
            self.locate(ds, each);
        }
        self.header.is_some()
    }

    fn locate(&mut self, ds: &mut Diagnostics, each: &mut EachRow<'_>) {
        let Some(head) = self.head.take() else {
            self.unusable = true;
            return;
        };
        match header(&head, self.columns, self.dynamic, ds) {
            Some(h) => {
                for r in h.rows(&head) {
                    each(r, ds);
                }
                self.header = Some(h);
            }
            None => self.unusable = true,
        }
    }
}

/// One data row under a header.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowRef<'a> {
    pub(crate) header: &'a Header,
    row: &'a Row,
}

static EMPTY: Cell = Cell::Empty;

impl Header {
    /// The data rows of `table` below the header, blank rows skipped.
    pub(crate) fn rows<'a>(&'a self, table: &'a Table) -> impl Iterator<Item = RowRef<'a>> {
        table
            .rows
            .iter()
            .filter(move |r| r.index > self.index && !is_blank(r))
            .map(move |row| RowRef { header: self, row })
    }

    /// One data row of the sheet, read apart from its table (a streamed sheet).
    pub(crate) fn row<'a>(&'a self, row: &'a Row) -> RowRef<'a> {
        RowRef { header: self, row }
    }

    /// Location of the header row.
    pub(crate) fn location(&self) -> Location {
        self.place.row_location(self.index)
    }
}

/// True when no cell of the row holds anything.
pub(crate) fn is_blank(row: &Row) -> bool {
    row.cells.iter().all(Cell::is_blank)
}

impl RowRef<'_> {
    /// Zero-based sheet row.
    pub(crate) fn index(&self) -> u32 {
        self.row.index
    }

    /// The whole row's location.
    pub(crate) fn location(&self) -> Location {
        self.header.place.row_location(self.index())
    }

    /// The cell of column `name` (Empty when the column or the cell is absent).
    pub(crate) fn cell(&self, name: &str) -> &Cell {
        match self.header.cols.get(name) {
            Some(c) => self.row.cells.get(*c).unwrap_or(&EMPTY),
            None => &EMPTY,
        }
    }

    /// Location of column `name` in this row (the row when the column is absent).
    pub(crate) fn loc(&self, name: &str) -> Location {
        match self.header.cols.get(name) {
            Some(c) => self.header.place.cell_location(self.index(), *c),
            None => self.location(),
        }
    }

    /// The cleaned text of column `name`; `None` when blank. A formula error or a formula
    /// without a result is reported once here and reads as blank.
    pub(crate) fn text(&self, name: &str, ds: &mut Diagnostics) -> Option<String> {
        let cell = self.cell(name);
        if let Some(d) = unusable(cell, name, || self.loc(name)) {
            ds.push(d);
            return None;
        }
        let t = clean_prose(&cell.to_text());
        (!t.is_empty()).then_some(t)
    }

    /// The text of column `name` with its line breaks kept (for cells holding one item per
    /// line); `None` when blank or unusable (reported).
    pub(crate) fn multiline(&self, name: &str, ds: &mut Diagnostics) -> Option<String> {
        self.text(name, ds).map(|_| self.cell(name).to_text())
    }

    /// Like [`RowRef::text`] but an error “<name>为空” when blank.
    pub(crate) fn required(&self, name: &str, ds: &mut Diagnostics) -> Option<String> {
        if self.cell(name).is_unusable() {
            return self.text(name, ds);
        }
        let t = self.text(name, ds);
        if t.is_none() {
            ds.push(
                Diagnostic::error("cell-empty", self.loc(name), format!("{name}为空")).hint(format!("请填写{name}")),
            );
        }
        t
    }

    /// Unknown columns of this row with non-blank values.
    pub(crate) fn extra(&self, ds: &mut Diagnostics) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (name, col) in &self.header.extra {
            let cell = self.row.cells.get(*col).unwrap_or(&EMPTY);
            if let Some(d) = unusable(cell, name, || self.header.place.cell_location(self.index(), *col)) {
                ds.push(d);
                continue;
            }
            let t = clean_text(&cell.to_text());
            if !t.is_empty() {
                out.entry(name.clone()).or_insert(t);
            }
        }
        out
    }
}

/// The error for a cell of column `name` whose value cannot be used, if it is one: a formula
/// error (`#REF!`: the formula's inputs are broken), or a formula the file holds no result for
/// (reading it as blank would report a filled cell as empty, or drop it unsaid).
pub(crate) fn unusable(cell: &Cell, name: &str, loc: impl FnOnce() -> Location) -> Option<Diagnostic> {
    match cell {
        Cell::Error(e) => Some(
            Diagnostic::error("formula-error", loc(), format!("单元格是公式错误 {e}"))
                .hint("在 Excel 中修正公式（或改为直接填写值）后重新保存"),
        ),
        Cell::Uncomputed => Some(
            Diagnostic::error("formula-uncomputed", loc(), format!("{name}是公式，文件中没有它算出的值"))
                .hint("在 Excel 或 WPS 中打开该文件并保存一次，公式就会算出结果；或改为直接填写值"),
        ),
        _ => None,
    }
}
