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
    /// A formula the file holds no result for: the file was written by a program that does
    /// not calculate (Excel and WPS calculate it when the file is opened and saved). Its value
    /// is unknown, not empty.
    Uncomputed,
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
            Cell::Uncomputed => String::new(),
        }
    }

    /// True for a cell whose value cannot be used: a formula error or an uncomputed formula.
    pub fn is_unusable(&self) -> bool {
        matches!(self, Cell::Error(_) | Cell::Uncomputed)
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

/// One sheet's rows. Each row keeps its sheet index, so locations stay true whether blank rows
/// are kept (CSV, xls, ods) or left out (xlsx); callers skip blank rows.
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

    /// The sheet's place (file, name, first column) without its rows.
    pub fn place(&self) -> Table {
        Table { file: self.file.clone(), sheet: self.sheet.clone(), first_col: self.first_col, rows: vec![] }
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

    /// The sheet named `name`, else the first sheet with anything in it — the sheet a record
    /// type reads, as [`Source::stream`] chooses it.
    pub fn data_sheet(&self, name: &str) -> Result<&Table, Diagnostic> {
        self.sheet(name)
            .or_else(|| self.sheets.iter().find(|t| !t.is_blank()))
            .ok_or_else(|| empty_workbook(&self.file))
    }
}

/// Read a spreadsheet file. CSV is recognised by its `.csv`/`.txt` extension; everything else
/// goes to calamine, which detects the format. Errors name the file and say what to do.
pub fn open(path: &Path) -> Result<Workbook, Diagnostic> {
    let bytes = read_bytes(path)?;
    let book = if is_csv(path) { csv::read(path, &bytes)? } else { xlsx::read(path, bytes)? };
    if book.sheets.iter().all(Table::is_blank) {
        return Err(empty_workbook(path));
    }
    Ok(book)
}

/// A spreadsheet file held in memory (as stored: an xlsx stays compressed) whose rows can be
/// streamed, as often as needed, without ever building the sheet's table: a batch reads its
/// rows once to check them all and once more to render them, and its memory does not grow
/// with the number of rows.
pub struct Source {
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Source {
    /// Read the file (errors as for [`open`]).
    pub fn open(path: &Path) -> Result<Source, Diagnostic> {
        Ok(Source { path: path.to_path_buf(), bytes: read_bytes(path)? })
    }

    /// Hand the non-blank rows of the sheet named `preferred` — else of the first sheet with
    /// anything in it — to `visit` in order, with the sheet's place (a [`Table`] without rows).
    /// A file with nothing in it is an error, as for [`open`].
    pub fn stream(&self, preferred: &str, visit: &mut dyn FnMut(&Table, Row)) -> Result<(), Diagnostic> {
        let any = if is_csv(&self.path) {
            let mut any = false;
            csv::stream(&self.path, &self.bytes, &mut |place, row| {
                if !row.cells.iter().all(Cell::is_blank) {
                    any = true;
                    visit(place, row);
                }
            })?;
            any
        } else {
            xlsx::stream(&self.path, &self.bytes, preferred, visit)?
        };
        if any { Ok(()) } else { Err(empty_workbook(&self.path)) }
    }
}

fn is_csv(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    ext == "csv" || ext == "txt"
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| {
        let msg = if e.kind() == std::io::ErrorKind::NotFound {
            "文件不存在".to_string()
        } else {
            format!("无法读取文件：{e}")
        };
        Diagnostic::error("file-unreadable", Location::file(path), msg)
    })
}

fn empty_workbook(path: &Path) -> Diagnostic {
    Diagnostic::error("workbook-empty", Location::file(path), "工作簿是空的，没有任何数据")
        .hint("请确认打开的是填好数据的文件")
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

    /// A cell at its sheet row and column.
    type Placed = (u32, u32, Cell);

    /// The non-blank rows of a table as placed cells, however it was read.
    fn cells(place: &Table, rows: &[Row]) -> Vec<Placed> {
        rows.iter()
            .filter(|r| !r.cells.iter().all(Cell::is_blank))
            .flat_map(|r| {
                r.cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c != Cell::Empty)
                    .map(move |(i, c)| (r.index, place.first_col + i as u32, c.clone()))
            })
            .collect()
    }

    fn streamed(path: &Path, preferred: &str) -> Result<(String, Vec<Placed>), &'static str> {
        let source = Source::open(path).map_err(|d| d.code)?;
        let (mut sheet, mut out) = (String::new(), Vec::new());
        source
            .stream(preferred, &mut |place, row| {
                sheet = place.sheet.clone();
                out.extend(cells(place, std::slice::from_ref(&row)));
            })
            .map_err(|d| d.code)?;
        Ok((sheet, out))
    }

    /// Every fixture, good or bad: streaming a sheet gives exactly the cells, at the same sheet
    /// positions, as reading the workbook whole, or the same error.
    #[test]
    fn streamed_rows_are_the_rows_of_the_table() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files: Vec<PathBuf> = ["", "bad", "csv"]
            .iter()
            .flat_map(|d| std::fs::read_dir(root.join(d)).into_iter().flatten().flatten().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e != "md"))
            .collect();
        files.sort();
        assert!(files.len() > 20, "{files:?}");
        for path in files {
            for preferred in ["人员", "督办事项", "没有这个表"] {
                let whole = open(&path).map_err(|d| d.code).map(|book| {
                    let t = book
                        .sheet(preferred)
                        .or_else(|| book.sheets.iter().find(|t| !t.is_blank()))
                        .expect("a non-blank sheet");
                    (t.sheet.clone(), cells(t, &t.rows))
                });
                assert_eq!(streamed(&path, preferred), whole, "{} › {preferred}", path.display());
            }
        }
    }

    /// A workbook whose wanted sheet is not the first, whose table starts in column C below
    /// blank rows, with a blank row inside: rows keep their sheet positions.
    #[test]
    fn a_streamed_sheet_keeps_sheet_positions() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("x.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().set_name("说明").expect("name").write_string(0, 0, "见下一表").expect("cell");
        let ws = wb.add_worksheet().set_name("督办事项").expect("name");
        ws.write_string(3, 2, "主送单位").expect("cell");
        ws.write_string(3, 3, "督办事项").expect("cell");
        ws.write_string(4, 2, "县教育局").expect("cell");
        ws.write_number(6, 3, 12.0).expect("cell");
        wb.save(&path).expect("save");
        let (sheet, got) = streamed(&path, "督办事项").expect("stream");
        assert_eq!(sheet, "督办事项");
        let text = |s: &str| Cell::Text(s.into());
        assert_eq!(
            got,
            vec![
                (3, 2, text("主送单位")),
                (3, 3, text("督办事项")),
                (4, 2, text("县教育局")),
                (6, 3, Cell::Number(12.0))
            ]
        );
        let (sheet, _) = streamed(&path, "").expect("stream");
        assert_eq!(sheet, "说明", "without the wanted sheet, the first sheet with content");
    }

    #[test]
    fn table_locations_offset_by_first_column() {
        let t = Table { file: "名册.xlsx".into(), sheet: "人员".into(), first_col: 1, rows: vec![] };
        assert_eq!(t.cell_location(6, 1).to_string(), "名册.xlsx › 人员 › C7");
        assert_eq!(t.row_location(6).to_string(), "名册.xlsx › 人员 › 7");
    }
}
