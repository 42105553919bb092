//! CSV files: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's “Unicode text”), and
//! GBK/GB18030, which Excel on Chinese Windows writes by default.
//!
//! Decodes the bytes, splits RFC 4180 records (quoted fields, doubled quotes, line breaks inside
//! quotes, CRLF) and returns a one-sheet [`Workbook`] named after the file stem. Every value is
//! text: CSV has no types, `model` parses numbers and dates from text as it does for Excel text
//! cells.

use super::{Cell, Row, Table, Workbook};
use crate::diag::{Diagnostic, Location};
use std::path::Path;

/// Read a CSV file's bytes into a one-sheet workbook.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Workbook, Diagnostic> {
    let mut table = place(path);
    stream(path, bytes, &mut |_, row| table.rows.push(row))?;
    Ok(Workbook { file: path.to_path_buf(), sheets: vec![table] })
}

/// Hand the rows of a CSV file's bytes to `visit` one at a time, with the sheet's place (a
/// [`Table`] without rows), so a long file is never held as a table.
pub fn stream(path: &Path, bytes: &[u8], visit: &mut dyn FnMut(&Table, Row)) -> Result<(), Diagnostic> {
    let text = decode(bytes);
    if text.contains('\0') {
        return Err(Diagnostic::error("csv-binary", Location::file(path), "文件不是文本格式的 CSV")
            .hint("如果这是 Excel 工作簿，请把扩展名改为 .xlsx"));
    }
    let delimiter = sniff_delimiter(&text);
    let place = place(path);
    let mut index = 0u32;
    for_each_record(&text, delimiter, &mut |fields| {
        let cells = fields.into_iter().map(|f| if f.is_empty() { Cell::Empty } else { Cell::from_text(f) }).collect();
        visit(&place, Row { index, cells });
        index = index.saturating_add(1);
    });
    Ok(())
}

/// The one sheet of a CSV file: named after the file stem.
fn place(path: &Path) -> Table {
    let sheet = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Table { file: path.to_path_buf(), sheet, first_col: 0, rows: vec![] }
}

/// Bytes to text: a BOM decides; else UTF-8 if valid; else GB18030 (a superset of GBK).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            text.into_owned()
        }
    }
}

/// Tab when the first line has tabs but no commas (Excel's “Unicode text” export), else comma.
fn sniff_delimiter(text: &str) -> char {
    let first = text.lines().next().unwrap_or_default();
    if first.contains('\t') && !first.contains(',') { '\t' } else { ',' }
}

/// Split text into records of fields (RFC 4180; a stray quote inside an unquoted field is kept).
#[cfg(test)]
fn records(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for_each_record(text, delimiter, &mut |r| out.push(r));
    out
}

/// [`records`], one record at a time.
fn for_each_record(text: &str, delimiter: char, emit: &mut dyn FnMut(Vec<String>)) {
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            c if c == delimiter => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                emit(std::mem::take(&mut record));
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        emit(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_stripped() {
        let b = read(Path::new("名册.csv"), "\u{feff}姓名,单位\n王刚,县民政局\n".as_bytes()).expect("read");
        assert_eq!(b.sheets[0].rows[0].cells[0], Cell::Text("姓名".into()));
        assert_eq!(b.sheets[0].sheet, "名册");
    }

    #[test]
    fn gbk_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("姓名,单位\r\n冯红卫,县财政局\r\n");
        let b = read(Path::new("名册.csv"), &bytes).expect("read");
        assert_eq!(b.sheets[0].rows[1].cells[0], Cell::Text("冯红卫".into()));
        assert_eq!(b.sheets[0].rows.len(), 2);
    }

    #[test]
    fn utf16_with_bom_and_tabs() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "姓名\t单位\n王刚\t县民政局\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let b = read(Path::new("x.csv"), &bytes).expect("read");
        assert_eq!(b.sheets[0].rows[1].cells[1], Cell::Text("县民政局".into()));
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_newlines() {
        let r = records("a,\"b,c\",\"d\"\"e\",\"f\ng\"\n1,2\n", ',');
        assert_eq!(r, vec![vec!["a", "b,c", "d\"e", "f\ng"], vec!["1", "2"]]);
    }

    #[test]
    fn last_line_without_newline_is_kept() {
        assert_eq!(records("a,b", ','), vec![vec!["a", "b"]]);
        assert!(records("", ',').is_empty());
    }

    #[test]
    fn error_literals_become_errors() {
        let b = read(Path::new("x.csv"), b"a,#REF!\n").expect("read");
        assert_eq!(b.sheets[0].rows[0].cells[1], Cell::Error("#REF!".into()));
    }

    #[test]
    fn empty_fields_become_empty_cells() {
        let b = read(Path::new("x.csv"), b"a,,c\n").expect("read");
        assert_eq!(b.sheets[0].rows[0].cells[1], Cell::Empty);
    }
}
