//! Workbooks through calamine: xlsx, xlsm, xls, xlsb and ods. The only module that uses calamine.
//!
//! Turns calamine's cells into [`Cell`]s (Excel date cells become dates, formula errors become
//! [`Cell::Error`] and, in xlsx, formulas the file holds no result for [`Cell::Uncomputed`], so
//! `model` can point at them) and calamine's errors into one clear, file-located message: not a
//! spreadsheet, a CSV renamed `.xlsx`, a password, a broken file.

use super::{Cell, Row, Table, Workbook};
use crate::diag::{Diagnostic, Location};
use crate::ir::Date;
use calamine::{Data, Ods, Reader, Sheets, Xls, Xlsb, Xlsx};
use std::io::Cursor;
use std::path::Path;

/// Excel's column limit (A … XFD).
const MAX_COLUMNS: usize = 16_384;

/// Zip container (xlsx, xlsm, xlsb, ods).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// OLE compound file (xls, and password-protected xlsx).
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Read every sheet of a calamine-supported workbook held in `bytes`. xlsx and xlsm go through
/// the same cell-by-cell reading as [`stream`] (blank rows left out, `first_col` 0); xls, xlsb
/// and ods through calamine's ranges.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Workbook, Diagnostic> {
    let loc = Location::file(path);
    if bytes.is_empty() {
        return Err(Diagnostic::error("workbook-empty", loc, "文件是空的（0 字节）").hint("请重新保存或重新复制该文件"));
    }
    if !bytes.starts_with(ZIP_MAGIC) && !bytes.starts_with(CFB_MAGIC) {
        return Err(not_a_workbook(loc, &bytes));
    }
    if let Some(mut book) = cell_reader(path, &bytes) {
        let mut sheets = Vec::new();
        for name in worksheets(book.sheets_metadata()) {
            let mut table = Table { file: path.to_path_buf(), sheet: name.clone(), first_col: 0, rows: vec![] };
            stream_sheet(&mut book, path, &bytes, &name, &mut |_, row| table.rows.push(row))?;
            sheets.push(table);
        }
        return Ok(Workbook { file: path.to_path_buf(), sheets });
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let mut book = match open_sheets(&ext, bytes) {
        Ok(b) => b,
        Err(e) => return Err(open_error(loc, &e)),
    };
    let names = worksheets(book.sheets_metadata());
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| unreadable_sheet(path, &name, &e))?;
        sheets.push(table(path, &name, &range));
    }
    Ok(Workbook { file: path.to_path_buf(), sheets })
}

/// Hand the non-blank rows of one sheet to `visit`, in order, with the sheet's place (a
/// [`Table`] without rows): the sheet named `preferred` if there is one, else the first sheet
/// with anything in it. Returns whether any row was handed on. xlsx and xlsm are streamed from
/// the sheet's XML cell by cell, so a sheet of 10,000 rows is never held as a table (cells keep
/// their sheet columns: `first_col` is 0); xls, xlsb and ods are read whole first.
pub fn stream(
    path: &Path,
    bytes: &[u8],
    preferred: &str,
    visit: &mut dyn FnMut(&Table, Row),
) -> Result<bool, Diagnostic> {
    let Some(mut book) = cell_reader(path, bytes) else {
        let book = read(path, bytes.to_vec())?;
        let Ok(table) = book.data_sheet(preferred) else { return Ok(false) };
        let place = table.place();
        let mut any = false;
        for row in table.rows.iter().filter(|r| !r.cells.iter().all(Cell::is_blank)) {
            any = true;
            visit(&place, row.clone());
        }
        return Ok(any);
    };
    let names = worksheets(book.sheets_metadata());
    let order: Vec<&String> = match names.iter().find(|n| n.trim() == preferred) {
        Some(n) => vec![n],
        None => names.iter().collect(),
    };
    for name in order {
        if stream_sheet(&mut book, path, bytes, name, visit)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// calamine's xlsx reader, when the bytes are an xlsx or xlsm it can open; `None` sends other
/// formats (and files it cannot open, to be diagnosed) to the whole-workbook path.
fn cell_reader<'b>(path: &Path, bytes: &'b [u8]) -> Option<Xlsx<Cursor<&'b [u8]>>> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let streamable = bytes.starts_with(ZIP_MAGIC) && !matches!(ext.as_str(), "xlsb" | "ods");
    streamable.then(|| Xlsx::new(Cursor::new(bytes)).ok()).flatten()
}

/// Stream the non-blank rows of sheet `name` to `visit`; whether there were any. `bytes` is
/// the workbook `book` reads, for what calamine does not tell (see [`uncomputed`]).
fn stream_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    path: &Path,
    bytes: &[u8],
    name: &str,
    visit: &mut dyn FnMut(&Table, Row),
) -> Result<bool, Diagnostic> {
    let corrupt = |e: calamine::XlsxError| unreadable_sheet(path, name, &calamine::Error::Xlsx(e));
    let place = Table { file: path.to_path_buf(), sheet: name.to_string(), first_col: 0, rows: vec![] };
    let mut cells = book.worksheet_cells_reader(name).map_err(corrupt)?;
    let mut current = Row { index: 0, cells: vec![] };
    let mut any = false;
    let mut recalc_flag: Option<bool> = None;
    let mut flush = |row: &mut Row| {
        if !row.cells.iter().all(Cell::is_blank) {
            any = true;
            visit(&place, std::mem::replace(row, Row { index: 0, cells: vec![] }));
        }
    };
    // Formula metadata without expanding shared formulas: only whether a cell has one matters.
    while let Some(c) = cells.next_cell_with_formula_metadata().map_err(corrupt)? {
        let (r, col) = c.pos;
        if r != current.index {
            flush(&mut current);
            current = Row { index: r, cells: vec![] };
        }
        let col = col as usize;
        if col >= MAX_COLUMNS {
            // A crafted sheet could name column 4,000,000,000; a row is a vector of cells.
            return Err(Diagnostic::error(
                "workbook-corrupt",
                Location::file(path).sheet(name).cell(r, col as u32),
                "单元格超出了 Excel 的列数上限（XFD 列）",
            )
            .hint("在 Excel 或 WPS 中打开该文件，另存为 .xlsx 后重试"));
        }
        if current.cells.len() <= col {
            current.cells.resize(col + 1, Cell::Empty);
        }
        let value = Data::from(c.value);
        let recalculated = || *recalc_flag.get_or_insert_with(|| recalculates_on_load(bytes));
        current.cells[col] =
            if c.formula.is_some() && uncomputed(&value, recalculated) { Cell::Uncomputed } else { cell(&value) };
    }
    flush(&mut current);
    Ok(any)
}

/// Whether a formula's stored `value` is not its result. Excel and WPS store the result of
/// every formula they calculate, so a formula stored without a value was never calculated
/// (openpyxl writes them so). Programs that cannot calculate store a placeholder instead —
/// `0` (rust_xlsxwriter, XlsxWriter) or an empty text — and ask for the workbook to be
/// `recalculated` on load; Excel does so on opening and saves the file without the request.
/// Only in such a workbook are `0` and an empty text placeholders: elsewhere they are what the
/// formula gives (`=""`). Read as values, placeholders make a filled cell blank or 0, reported
/// as empty or taken unsaid. Other stored values (rust_xlsxwriter's `set_result`) are used.
fn uncomputed(value: &Data, recalculated: impl FnOnce() -> bool) -> bool {
    match value {
        Data::Empty => true,
        Data::String(s) if s.is_empty() => recalculated(),
        Data::Int(0) => recalculated(),
        Data::Float(f) if *f == 0.0 => recalculated(),
        Data::DateTime(d) if d.as_f64() == 0.0 => recalculated(),
        _ => false,
    }
}

/// Whether the workbook part asks for every formula to be calculated when the file is opened
/// (`<calcPr fullCalcOnLoad="1"/>`): its stored results are not to be trusted. calamine does not
/// read `calcPr`. A workbook that cannot be read here says no.
fn recalculates_on_load(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return false };
    let part = zip.file_names().filter_map(Result::ok).find(|n| is_workbook_part(n)).map(|n| n.into_owned());
    let Some(part) = part else { return false };
    let mut xml = String::new();
    match zip.by_name(&part) {
        Ok(f) => {
            // The workbook part is small; a crafted one is cut off rather than read whole.
            if f.take(WORKBOOK_PART_LIMIT).read_to_string(&mut xml).is_err() {
                return false;
            }
        }
        Err(_) => return false,
    }
    full_calc_on_load(&xml)
}

/// Bytes of the workbook part read to find `calcPr` (which follows the sheet list and the
/// defined names).
const WORKBOOK_PART_LIMIT: u64 = 16 << 20;

/// The workbook part: `xl/workbook.xml`, or elsewhere in a package whose relationships say so
/// (as calamine follows them).
fn is_workbook_part(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.eq_ignore_ascii_case("workbook.xml") && !name.contains("_rels")
}

/// `fullCalcOnLoad` is set (`1` or `true`) on the `calcPr` element of workbook XML `xml`, with
/// or without a namespace prefix.
fn full_calc_on_load(xml: &str) -> bool {
    xml.match_indices("calcPr").any(|(i, _)| {
        if !matches!(xml[..i].chars().next_back(), Some('<' | ':')) {
            return false;
        }
        let tag = &xml[i + "calcPr".len()..];
        if !tag.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>') {
            return false;
        }
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        matches!(attribute(tag, "fullCalcOnLoad"), Some("1" | "true"))
    })
}

/// The value of attribute `name` in the text of one start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = rest.trim_start().strip_prefix('=') else { continue };
        let value = value.trim_start();
        let quote = value.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let value = &value[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// The names of the worksheets: chart, dialog and macro sheets hold no cells, and reading them
/// as worksheets fails.
fn worksheets(metadata: &[calamine::Sheet]) -> Vec<String> {
    metadata.iter().filter(|s| s.typ == calamine::SheetType::WorkSheet).map(|s| s.name.clone()).collect()
}

fn unreadable_sheet(path: &Path, name: &str, e: &calamine::Error) -> Diagnostic {
    Diagnostic::error("workbook-corrupt", Location::file(path).sheet(name), format!("无法读取工作表：{}", describe(e)))
        .hint("在 Excel 或 WPS 中打开该文件，另存为 .xlsx 后重试")
}

/// Pick the reader from the container and the extension. An encrypted xlsx is an OLE file, so
/// OLE content with an xlsx extension goes to the xlsx reader, which recognises the password.
fn open_sheets(ext: &str, bytes: Vec<u8>) -> Result<Sheets<Cursor<Vec<u8>>>, calamine::Error> {
    let rs = Cursor::new(bytes);
    let is_zip = rs.get_ref().starts_with(ZIP_MAGIC);
    Ok(match (is_zip, ext) {
        (false, "xlsx" | "xlsm" | "xlam") => Sheets::Xlsx(Xlsx::new(rs)?),
        (false, _) => Sheets::Xls(Xls::new(rs)?),
        (true, "xlsb") => Sheets::Xlsb(Xlsb::new(rs)?),
        (true, "ods") => Sheets::Ods(Ods::new(rs)?),
        (true, _) => match Xlsx::new(rs.clone()) {
            Ok(x) => Sheets::Xlsx(x),
            Err(first) => match Ods::new(rs.clone()) {
                Ok(o) => Sheets::Ods(o),
                Err(_) => Sheets::Xlsb(Xlsb::new(rs).map_err(|_| first)?),
            },
        },
    })
}

fn table(path: &Path, name: &str, range: &calamine::Range<Data>) -> Table {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row { index: row0.saturating_add(i as u32), cells: cells.iter().map(cell).collect() })
        .collect();
    Table { file: path.to_path_buf(), sheet: name.to_string(), first_col: col0, rows }
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(Date { year: i32::from(y), month: m, day: d })
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => iso_date(s).map(Cell::Date).unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// `2021-12-13` or `2021-12-13T…` (ods date cells).
fn iso_date(s: &str) -> Option<Date> {
    let date = s.split('T').next()?;
    let mut it = date.split('-');
    let year = it.next()?.parse().ok()?;
    let month = it.next()?.parse().ok()?;
    let day = it.next()?.parse().ok()?;
    Some(Date { year, month, day })
}

fn describe(e: &calamine::Error) -> String {
    e.to_string()
}

fn open_error(loc: Location, e: &calamine::Error) -> Diagnostic {
    let password = matches!(
        e,
        calamine::Error::Xlsx(calamine::XlsxError::Password) | calamine::Error::Xls(calamine::XlsError::Password)
    );
    if password {
        return Diagnostic::error("workbook-password", loc, "工作簿设置了打开密码，无法读取")
            .hint("在 Excel 或 WPS 中取消密码（文件 › 信息 › 保护工作簿）后另存一份");
    }
    Diagnostic::error("workbook-corrupt", loc, format!("文件已损坏或不是 Excel 工作簿（{}）", describe(e)))
        .hint("在 Excel 或 WPS 中打开该文件，另存为 .xlsx 后重试")
}

/// A file with a spreadsheet extension but neither zip nor OLE content: most often a CSV or
/// text export renamed `.xlsx`.
fn not_a_workbook(loc: Location, bytes: &[u8]) -> Diagnostic {
    let head = &bytes[..bytes.len().min(4096)];
    let texty = head.iter().filter(|b| **b == 0).count() == 0;
    if texty && (head.contains(&b',') || head.contains(&b'\t')) {
        Diagnostic::error("workbook-is-csv", loc, "文件内容是 CSV 文本，不是 Excel 工作簿（扩展名被改过）")
            .hint("把扩展名改回 .csv，或在 Excel 中打开后另存为 .xlsx")
    } else if texty {
        Diagnostic::error("workbook-is-text", loc, "文件内容是文本，不是 Excel 工作簿")
            .hint("请在 Excel 或 WPS 中打开并另存为 .xlsx")
    } else {
        Diagnostic::error("workbook-corrupt", loc, "文件已损坏或不是 Excel 工作簿")
            .hint("在 Excel 或 WPS 中打开该文件，另存为 .xlsx 后重试")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_renamed_xlsx_is_named() {
        let e = read(Path::new("名册.xlsx"), "姓名,单位\n王刚,县民政局\n".as_bytes().to_vec()).unwrap_err();
        assert_eq!(e.code, "workbook-is-csv");
        assert_eq!(e.location.to_string(), "名册.xlsx");
    }

    #[test]
    fn garbage_zip_is_corrupt_not_panic() {
        let mut bytes = ZIP_MAGIC.to_vec();
        bytes.extend_from_slice(&[7u8; 300]);
        let e = read(Path::new("x.xlsx"), bytes).unwrap_err();
        assert_eq!(e.code, "workbook-corrupt");
    }

    #[test]
    fn empty_file_is_reported() {
        assert_eq!(read(Path::new("x.xlsx"), vec![]).unwrap_err().code, "workbook-empty");
    }

    /// Flip bytes of a real workbook at pseudo-random places: every result is a workbook or a
    /// located error, never a panic.
    #[test]
    fn mutated_workbooks_never_panic() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/名册.xlsx");
        let original = std::fs::read(&path).expect("fixture");
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..(1 + round % 8) {
                let i = (next() % bytes.len() as u64) as usize;
                bytes[i] = next() as u8;
            }
            if round % 10 == 0 {
                bytes.truncate((next() % bytes.len() as u64) as usize);
            }
            for ext in ["x.xlsx", "x.xls", "x.ods", "x.xlsb"] {
                if let Err(e) = read(Path::new(ext), bytes.clone()) {
                    assert_eq!(e.location.file.as_deref(), Some(Path::new(ext)));
                }
                if let Err(e) = stream(Path::new(ext), &bytes, "人员", &mut |_, _| {}) {
                    assert_eq!(e.location.file.as_deref(), Some(Path::new(ext)));
                }
            }
        }
    }

    /// The workbook `wb` saved in `dir`, with `from` replaced by `to` in its first sheet's XML:
    /// its path and bytes.
    fn saved_with(
        dir: &Path,
        wb: &mut rust_xlsxwriter::Workbook,
        from: &str,
        to: &str,
    ) -> (std::path::PathBuf, Vec<u8>) {
        use std::io::{Read, Write};
        let path = dir.join("x.xlsx");
        wb.save(&path).expect("save");
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).expect("open")).expect("zip");
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("entry");
            let name = f.name().expect("entry name").to_string();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            if name == "xl/worksheets/sheet1.xml" {
                let xml = String::from_utf8(bytes).expect("xml");
                assert!(xml.contains(from), "{xml}");
                bytes = xml.replace(from, to).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
            out.write_all(&bytes).expect("write");
        }
        (path, out.finish().expect("finish").into_inner())
    }

    /// A sheet whose XML names a cell far beyond column XFD is refused with a located error;
    /// read naively, it would ask for a row of billions of cells.
    #[test]
    fn a_cell_beyond_the_last_column_is_an_error() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write_string(0, 0, "主送单位").expect("cell");
        let (path, bytes) = saved_with(dir.path(), &mut wb, "r=\"A1\"", "r=\"ZZZZZZ1\"");
        let e = stream(&path, &bytes, "Sheet1", &mut |_, _| {}).expect_err("refused");
        assert_eq!(e.code, "workbook-corrupt");
        assert!(e.message.contains("列数上限"), "{}", e.message);
        assert!(e.location.to_string().starts_with(&format!("{} › Sheet1 › ", path.display())), "{}", e.location);
        assert_eq!(read(&path, bytes).map(|_| ()).map_err(|e| e.code), Err("workbook-corrupt"));
    }

    /// The first row of each sheet.
    fn first_rows(path: &Path, bytes: Vec<u8>) -> Vec<Vec<Cell>> {
        let book = read(path, bytes).expect("workbook");
        book.sheets.iter().map(|t| t.rows[0].cells.clone()).collect()
    }

    /// rust_xlsxwriter calculates nothing: it stores `0` (or its sheet's default result, or
    /// what `set_result` gives) for each formula and asks for the workbook to be recalculated on
    /// load.
    #[test]
    fn placeholders_of_a_program_that_cannot_calculate_are_uncomputed() {
        use rust_xlsxwriter::{Formula, Workbook};
        let dir = tempfile::tempdir().expect("tmp");
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_formula(0, 0, "=1/0").expect("A1");
        ws.write_formula(0, 1, Formula::new("=\"是\"").set_result("是")).expect("B1");
        ws.write_formula(0, 2, Formula::new("=1/0").set_result("#DIV/0!")).expect("C1");
        ws.write_number(0, 3, 0.0).expect("D1");
        let empty_default = wb.add_worksheet().set_formula_result_default("");
        empty_default.write_formula(0, 0, "=1/0").expect("A1");
        let path = dir.path().join("x.xlsx");
        wb.save(&path).expect("save");
        let bytes = std::fs::read(&path).expect("read");
        assert!(recalculates_on_load(&bytes));
        assert_eq!(
            first_rows(&path, bytes),
            [
                vec![Cell::Uncomputed, Cell::Text("是".into()), Cell::Error("#DIV/0!".into()), Cell::Number(0.0)],
                vec![Cell::Uncomputed],
            ]
        );
    }

    /// In a workbook that does not ask for a recalculation (as Excel and WPS save it), `0` and
    /// an empty text are what the formulas give; only a formula stored without a value is
    /// uncomputed.
    #[test]
    fn results_of_a_calculated_workbook_are_used() {
        use rust_xlsxwriter::{CalculationMode, Formula, Workbook};
        let dir = tempfile::tempdir().expect("tmp");
        let mut wb = Workbook::new();
        wb.set_calculation_mode(CalculationMode::Manual);
        let ws = wb.add_worksheet().set_formula_result_default("");
        ws.write_formula(0, 0, Formula::new("=1-1").set_result("0")).expect("A1");
        ws.write_formula(0, 1, "=\"\"").expect("B1");
        ws.write_formula(0, 2, Formula::new("=ROW()").set_result("1")).expect("C1");
        let (path, bytes) = saved_with(dir.path(), &mut wb, "<f>ROW()</f><v>1</v>", "<f>ROW()</f>");
        assert!(!recalculates_on_load(&bytes));
        assert_eq!(first_rows(&path, bytes), [[Cell::Number(0.0), Cell::Text(String::new()), Cell::Uncomputed]]);
    }

    #[test]
    fn full_calc_on_load_is_read_from_calc_pr() {
        assert!(full_calc_on_load(r#"<workbook><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>"#));
        assert!(full_calc_on_load("<x:calcPr fullCalcOnLoad = 'true'>"));
        assert!(!full_calc_on_load(r#"<calcPr calcId="191029"/>"#));
        assert!(!full_calc_on_load(r#"<calcPr fullCalcOnLoad="0"/>"#));
        assert!(!full_calc_on_load(r#"<calcPr xfullCalcOnLoad="1"/>"#));
        assert!(!full_calc_on_load(r#"<calcPrX fullCalcOnLoad="1"/>"#));
        assert!(!full_calc_on_load(r#"<definedName>calcPr fullCalcOnLoad="1"</definedName>"#));
        assert!(!full_calc_on_load("<calcPr fullCalcOnLoad="));
    }

    #[test]
    fn ods_iso_dates_parse() {
        assert_eq!(iso_date("2021-12-13T00:00:00"), Some(Date { year: 2021, month: 12, day: 13 }));
        assert_eq!(iso_date("nonsense"), None);
    }
}
