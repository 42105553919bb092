//! Workbooks through calamine: xlsx, xlsm, xls, xlsb and ods. The only module that uses calamine.
//!
//! Turns calamine's cells into [`Cell`]s (Excel date cells become dates, formula errors become
//! [`Cell::Error`] so `model` can point at them) and calamine's errors into one clear,
//! file-located message: not a spreadsheet, a CSV renamed `.xlsx`, a password, a broken file.

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
            stream_sheet(&mut book, path, &name, &mut |_, row| table.rows.push(row))?;
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
        if stream_sheet(&mut book, path, name, visit)? {
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

/// Stream the non-blank rows of sheet `name` to `visit`; whether there were any.
fn stream_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    path: &Path,
    name: &str,
    visit: &mut dyn FnMut(&Table, Row),
) -> Result<bool, Diagnostic> {
    let corrupt = |e: calamine::XlsxError| unreadable_sheet(path, name, &calamine::Error::Xlsx(e));
    let place = Table { file: path.to_path_buf(), sheet: name.to_string(), first_col: 0, rows: vec![] };
    let mut cells = book.worksheet_cells_reader(name).map_err(corrupt)?;
    let mut current = Row { index: 0, cells: vec![] };
    let mut any = false;
    let mut flush = |row: &mut Row| {
        if !row.cells.iter().all(Cell::is_blank) {
            any = true;
            visit(&place, std::mem::replace(row, Row { index: 0, cells: vec![] }));
        }
    };
    while let Some(c) = cells.next_cell().map_err(corrupt)? {
        let (r, col) = c.get_position();
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
        current.cells[col] = cell(&Data::from(c.get_value().clone()));
    }
    flush(&mut current);
    Ok(any)
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

    /// A sheet whose XML names a cell far beyond column XFD is refused with a located error;
    /// read naively, it would ask for a row of billions of cells.
    #[test]
    fn a_cell_beyond_the_last_column_is_an_error() {
        use std::io::{Read, Write};
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("x.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write_string(0, 0, "主送单位").expect("cell");
        wb.save(&path).expect("save");
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).expect("open")).expect("zip");
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("entry");
            let name = f.name().expect("entry name").to_string();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            if name == "xl/worksheets/sheet1.xml" {
                bytes = String::from_utf8(bytes).expect("xml").replace("r=\"A1\"", "r=\"ZZZZZZ1\"").into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
            out.write_all(&bytes).expect("write");
        }
        let bytes = out.finish().expect("finish").into_inner();
        let e = stream(&path, &bytes, "Sheet1", &mut |_, _| {}).expect_err("refused");
        assert_eq!(e.code, "workbook-corrupt");
        assert!(e.message.contains("列数上限"), "{}", e.message);
        assert!(e.location.to_string().starts_with(&format!("{} › Sheet1 › ", path.display())), "{}", e.location);
        assert_eq!(read(&path, bytes).map(|_| ()).map_err(|e| e.code), Err("workbook-corrupt"));
    }

    #[test]
    fn ods_iso_dates_parse() {
        assert_eq!(iso_date("2021-12-13T00:00:00"), Some(Date { year: 2021, month: 12, day: 13 }));
        assert_eq!(iso_date("nonsense"), None);
    }
}
