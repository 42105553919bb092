//! Ingest: spreadsheet files to located raw tables.
//!
//! [`open`] reads a workbook (xlsx, xlsm, xls, xlsb, ods through `xlsx.rs`, the only place
//! calamine is used; csv through `csv.rs`) into a [`Workbook`] of [`Table`]s whose cells keep
//! their position, so later stages can say `名册.xlsx › 人员 › C7`. This stage does not know
//! column meanings, trim text or parse dates from text: that is `model`'s job. A file that is not
//! a spreadsheet gives one located [`Diagnostic`], never a panic.

pub mod csv;
pub mod xlsx;

use crate::diag::{Diagnostic, Location};
use crate::ir::Date;
use std::path::{Path, PathBuf};

/// One cell value, as the file stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, untouched (no trimming).
    Text(String),
    /// A number (integers included).
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A cell formatted as a date (the time of day, if any, dropped).
    Date(Date),
    /// A formula error such as `#REF!`, as Excel prints it.
    Error(String),
}

/// The error values Excel prints in a cell; in CSV exports they arrive as text.
pub const ERROR_LITERALS: &[&str] =
    &["#REF!", "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#VALUE!", "#SPILL!", "#CALC!", "#GETTING_DATA"];

impl Cell {
    /// A text cell, or [`Cell::Error`] when the text is exactly an Excel error value.
    pub fn from_text(s: String) -> Cell {
        if ERROR_LITERALS.contains(&s.trim()) { Cell::Error(s.trim().to_string()) } else { Cell::Text(s) }
    }

    /// True for [`Cell::Empty`] and for text that is only whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }
    }

    /// The value as text, the way a clerk sees it: integral numbers without `.0`
    /// (`13503560000`), dates as `2021-12-13`, errors as `#REF!`.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Cell::Date(d) => format!("{}-{:02}-{:02}", d.year, d.month, d.day),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// Integral floats print without a fraction; others in the shortest round-trip form.
pub fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// One row: its zero-based index in the sheet and its cells from column [`Table::first_col`].
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Zero-based row index in the sheet (as calamine counts).
    pub index: u32,
    /// Cells, left to right.
    pub cells: Vec<Cell>,
}

/// One sheet's used range, blank rows kept (callers skip them, so row numbers stay true).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// Sheet name (the file stem for csv).
    pub sheet: String,
    /// Zero-based column of the first cell of each row.
    pub first_col: u32,
    /// Rows, top to bottom.
    pub rows: Vec<Row>,
}

impl Table {
    /// Location of the sheet.
    pub fn location(&self) -> Location {
        Location::file(&self.file).sheet(&self.sheet)
    }

    /// Location of the cell at zero-based sheet row `row` and table column `col`.
    pub fn cell_location(&self, row: u32, col: usize) -> Location {
        self.location().cell(row, self.first_col.saturating_add(col as u32))
    }

    /// Location of a whole zero-based sheet row.
    pub fn row_location(&self, row: u32) -> Location {
        self.location().row(row)
    }

    /// True when no cell holds anything.
    pub fn is_blank(&self) -> bool {
        self.rows.iter().all(|r| r.cells.iter().all(Cell::is_blank))
    }
}

/// All sheets of one file, in workbook order.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// The sheets.
    pub sheets: Vec<Table>,
}

impl Workbook {
    /// The sheet named `name` (compared after trimming).
    pub fn sheet(&self, name: &str) -> Option<&Table> {
        self.sheets.iter().find(|t| t.sheet.trim() == name)
    }
}

/// Read a spreadsheet file. CSV is recognised by its `.csv`/`.txt` extension; everything else
/// goes to calamine, which detects the format. Errors name the file and say what to do.
pub fn open(path: &Path) -> Result<Workbook, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        let msg = if e.kind() == std::io::ErrorKind::NotFound {
            "文件不存在".to_string()
        } else {
            format!("无法读取文件：{e}")
        };
        Diagnostic::error("file-unreadable", Location::file(path), msg)
    })?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let book = if ext == "csv" || ext == "txt" { csv::read(path, &bytes)? } else { xlsx::read(path, bytes)? };
    if book.sheets.iter().all(Table::is_blank) {
        return Err(Diagnostic::error("workbook-empty", Location::file(path), "工作簿是空的，没有任何数据")
            .hint("请确认打开的是填好数据的文件"));
    }
    Ok(book)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_numbers_print_without_fraction() {
        assert_eq!(Cell::Number(13503560000.0).to_text(), "13503560000");
        assert_eq!(Cell::Number(1.5).to_text(), "1.5");
        assert_eq!(Cell::Number(-3.0).to_text(), "-3");
    }

    #[test]
    fn dates_print_iso() {
        assert_eq!(Cell::Date(Date { year: 2022, month: 1, day: 5 }).to_text(), "2022-01-05");
    }

    #[test]
    fn blank_detection() {
        assert!(Cell::Text(" \u{3000}".into()).is_blank());
        assert!(!Cell::Number(0.0).is_blank());
    }

    #[test]
    fn table_locations_offset_by_first_column() {
        let t = Table { file: "名册.xlsx".into(), sheet: "人员".into(), first_col: 1, rows: vec![] };
        assert_eq!(t.cell_location(6, 1).to_string(), "名册.xlsx › 人员 › C7");
        assert_eq!(t.row_location(6).to_string(), "名册.xlsx › 人员 › 7");
    }
}
