//! Coverage: is every character of a document in the font of its role (README, "Rare
//! characters")? GB 2312 fonts, Fandol and 仿宋_GB2312 alike, lack everyday name characters such
//! as 喆, 堃, 镕; typst would print a box for them and exit 0. Here each character of the IR is
//! checked against its role's face as `gongwen fonts` resolves it, then against the role's
//! fallback chain (`FontSet::printer`). A character a fallback prints is a warning, one per
//! character and place it was typed; a character no font has is an error, and nothing is
//! written.
//!
//! The IR carries no source places, so the places are found afterwards, only for the few
//! characters that need them: [`Origins`] holds the texts a document is made from (the
//! `documents/*.md` file, `gongwen.toml`) and the cells of the workspace's spreadsheets, and
//! names every line:column and cell holding the character. A character that is in none of them
//! (e.g. from a template) is reported at the document's own file.

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fonts::FontSet;
use crate::ir::Document;
use crate::writer::spec::FontRole;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A character its role's face lacks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The character.
    pub ch: char,
    /// The role it is set in.
    pub role: FontRole,
    /// The family of the face of the role's font itself.
    pub font: String,
    /// The family of the face that prints it instead; `None` when no available font has it.
    pub printer: Option<String>,
}

/// Characters never drawn with a glyph of their own: typst spaces and breaks them or ignores
/// them, so no font need have them.
fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
        || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}'))
}

/// The roles a value of the IR is set in, from the key that holds it: the template sets the
/// 标题 and 发文机关标志 in 小标宋, level-1 headings, bold lead-ins and table headers in 黑体,
/// level-2 headings and 签发人 in 楷体, everything else in 仿宋. Where the template decides by
/// more than the key (a table header is 黑体 only when ruled, an attachment label only on its
/// page), both roles are checked: a warning too many, never a box unreported.
fn roles_of(key: &str, inherited: &[FontRole]) -> Vec<FontRole> {
    match key {
        "title" | "issuer_mark" => vec![FontRole::Title],
        "signers" => vec![FontRole::Kai],
        "header" | "label" => vec![FontRole::Body, FontRole::Hei],
        _ => inherited.to_vec(),
    }
}

/// Keys whose values are never printed, or are enum tags rather than text.
fn skipped(key: &str) -> bool {
    matches!(key, "meta" | "kind" | "role" | "format" | "indent" | "style")
}

fn walk(v: &Value, roles: &[FontRole], out: &mut BTreeSet<(char, FontRole)>) {
    match v {
        Value::String(s) => {
            for c in s.chars().filter(|&c| needs_glyph(c)) {
                for &r in roles {
                    out.insert((c, r));
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| walk(i, roles, out)),
        Value::Object(map) => {
            // A span's role decides its font: headings of level 1 and bold lead-ins in 黑体,
            // level 2 in 楷体.
            let span_roles = match (map.get("role").and_then(Value::as_str), map.get("level").and_then(Value::as_u64)) {
                (Some("strong"), _) | (Some("heading"), Some(1)) => Some(vec![FontRole::Hei]),
                (Some("heading"), Some(2)) => Some(vec![FontRole::Kai]),
                _ => None,
            };
            let roles = span_roles.as_deref().unwrap_or(roles);
            for (k, item) in map {
                if !skipped(k) {
                    walk(item, &roles_of(k, roles), out);
                }
            }
        }
        _ => {}
    }
}

/// Every character of `doc` that its role's face lacks, with the face that prints it, in
/// character then role order. The page numbers (digits and dashes in 宋体) and the template's
/// own wording are in every font and not checked.
pub fn check(doc: &Document, fonts: &FontSet) -> Vec<Finding> {
    let Ok(value) = serde_json::to_value(doc) else { return Vec::new() };
    let mut chars = BTreeSet::new();
    walk(&value, &[FontRole::Body], &mut chars);
    chars
        .into_iter()
        .filter_map(|(ch, role)| {
            let missing = fonts.printer(role, ch).err()?;
            Some(Finding {
                ch,
                role,
                font: fonts.face(role).family.clone(),
                printer: missing.and_then(|i| fonts.faces().get(i)).map(|f| f.family.clone()),
            })
        })
        .collect()
}

/// Characters the DOCX names a fallback font for, with that font: the recipient's 仿宋_GB2312
/// lacks them as Fandol does, so the run says which font has them (`w:eastAsia`).
pub fn docx_fallbacks(findings: &[Finding]) -> BTreeMap<char, String> {
    let mut out = BTreeMap::new();
    for f in findings {
        if let Some(p) = &f.printer {
            out.entry(f.ch).or_insert_with(|| p.clone());
        }
    }
    out
}

/// The texts and cells a workspace's documents are made from, to find where a character was
/// typed.
#[derive(Debug, Default)]
pub struct Origins {
    texts: Vec<(PathBuf, String)>,
    cells: Vec<(Location, String)>,
}

impl Origins {
    /// Nothing known yet.
    pub fn new() -> Origins {
        Origins::default()
    }

    /// A text file (a `documents/*.md`, `gongwen.toml`), searched line by line; unreadable
    /// files are left out (their reading is reported elsewhere).
    pub fn add_file(&mut self, path: &Path) {
        if self.texts.iter().any(|(p, _)| p == path) {
            return;
        }
        if let Ok(text) = std::fs::read_to_string(path) {
            self.texts.push((path.to_path_buf(), text));
        }
    }

    /// A text held in memory, under the name `path`.
    pub fn add_text(&mut self, path: &Path, text: &str) {
        self.texts.push((path.to_path_buf(), text.to_string()));
    }

    /// Every cell of a spreadsheet (xlsx, xls, ods, csv), searched cell by cell.
    pub fn add_workbook(&mut self, path: &Path) {
        let Ok(book) = crate::reader::open(path) else { return };
        for table in &book.sheets {
            for row in &table.rows {
                for (col, cell) in row.cells.iter().enumerate() {
                    let text = cell.to_text();
                    if !text.is_empty() {
                        self.cells.push((table.cell_location(row.index, col), text));
                    }
                }
            }
        }
    }

    /// Every place holding `c`: file:line:column in the texts, file › sheet › cell in the
    /// spreadsheets.
    pub fn locate(&self, c: char) -> Vec<Location> {
        let mut out = Vec::new();
        for (path, text) in &self.texts {
            for (i, line) in text.lines().enumerate() {
                for (col, _) in line.chars().enumerate().filter(|(_, x)| *x == c) {
                    out.push(Location::file(path).line(i + 1, Some(col + 1)));
                }
            }
        }
        out.extend(self.cells.iter().filter(|(_, t)| t.contains(c)).map(|(l, _)| l.clone()));
        out
    }
}

/// The diagnostics of `findings` located in the spreadsheets (or text files) a document was
/// made from, else at the first of them; for the commands that make documents from one file.
pub fn in_inputs(findings: &[Finding], inputs: &[&Path]) -> Diagnostics {
    if findings.is_empty() {
        return Diagnostics::new();
    }
    let mut origins = Origins::new();
    for p in inputs {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if matches!(ext.as_str(), "md" | "json" | "toml") { origins.add_file(p) } else { origins.add_workbook(p) }
    }
    let place = inputs.first().map(Location::file).unwrap_or_default();
    diagnostics(findings, &[&origins], &place)
}

/// `U+5586`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The diagnostics of `findings`: per character, a warning (`font-fallback`) or, when some
/// role has no font for it, an error (`font-uncovered`) at each place it was typed, else at
/// `place`.
pub fn diagnostics(findings: &[Finding], origins: &[&Origins], place: &Location) -> Diagnostics {
    let mut by_char: BTreeMap<char, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_char.entry(f.ch).or_default().push(f);
    }
    let mut found = Vec::new();
    for (c, fs) in by_char {
        let mut places: Vec<Location> = origins.iter().flat_map(|o| o.locate(c)).collect();
        if places.is_empty() {
            places.push(place.clone());
        }
        let uncovered = fs.iter().any(|f| f.printer.is_none());
        for loc in places {
            found.push((reading_order(&loc), diagnostic(c, &fs, uncovered, loc)));
        }
    }
    // In the order a clerk reads the inputs: file, sheet, row, column, line, column.
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Diagnostics::new();
    for (_, d) in found {
        out.push(d);
    }
    out
}

/// A sort key that puts `A9` before `A10` and line 13 column 9 before column 13.
fn reading_order(loc: &Location) -> (Option<std::path::PathBuf>, Option<String>, usize, usize, usize, usize) {
    let (col, row) = loc.cell.as_deref().map_or((0, 0), |cell| {
        let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
        let col = letters.chars().fold(0usize, |n, c| n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1));
        (col, cell[letters.len()..].parse().unwrap_or(0))
    });
    (loc.file.clone(), loc.sheet.clone(), row, col, loc.line.unwrap_or(0), loc.column.unwrap_or(0))
}

fn diagnostic(c: char, fs: &[&Finding], uncovered: bool, loc: Location) -> Diagnostic {
    let cp = code_point(c);
    if uncovered {
        let roles: Vec<String> =
            fs.iter().filter(|f| f.printer.is_none()).map(|f| f.role.label().to_string()).collect();
        return Diagnostic::error(
            "font-uncovered",
            loc,
            format!("“{c}”（{cp}）没有任何可用字体含有，会印成方框（{}）", roles.join("、")),
        )
        .hint("把含有此字的字体文件（如 花园明朝 HanaMinB、SimSun-ExtB）放入工作区 fonts/ 文件夹或安装到系统中，再重新生成")
        .hint(format!("运行 `gongwen fonts --check {c}` 查看哪个字体能印出它"));
    }
    let parts: Vec<String> = fs
        .iter()
        .map(|f| format!("{}字体 {} 没有此字，改用 {}", f.role.label(), f.font, f.printer.as_deref().unwrap_or("")))
        .collect();
    Diagnostic::warning("font-fallback", loc, format!("“{c}”（{cp}）：{}", parts.join("；")))
        .hint("字形与周围的字略有不同；安装含有此字的同类字体（如 方正仿宋_GBK），或把字体文件放入工作区 fonts/ 文件夹")
}

/// Whether any finding has no font at all.
pub fn any_uncovered(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.printer.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Block, Paragraph, Span, Title};

    fn doc(title: &str, body: &str, heading: &str) -> Document {
        Document {
            title: Some(Title { lines: vec![title.into()] }),
            body: vec![Block::Paragraph(Paragraph {
                spans: vec![Span::Heading { level: 1, text: heading.into() }, Span::text(body)],
                ..Paragraph::default()
            })],
            ..Document::default()
        }
    }

    #[test]
    fn rare_name_characters_fall_back_to_the_bundled_serif_in_their_roles() {
        let fonts = FontSet::bundled().expect("bundled fonts");
        let found = check(&doc("关于王喆的通知", "李堃、朱镕基。abc", "一、堃"), &fonts);
        let got: Vec<(char, FontRole, Option<&str>)> =
            found.iter().map(|f| (f.ch, f.role, f.printer.as_deref())).collect();
        let noto = Some("Noto Serif CJK SC");
        assert_eq!(
            got,
            [
                ('喆', FontRole::Title, noto),
                ('堃', FontRole::Body, noto),
                ('堃', FontRole::Hei, noto),
                ('镕', FontRole::Body, noto)
            ]
        );
    }

    #[test]
    fn a_character_no_font_has_is_an_error_at_each_place_it_was_typed() {
        let fonts = FontSet::bundled().expect("bundled fonts");
        let found = check(&doc("通知", "张\u{30000}与王喆", "一、总则"), &fonts);
        assert!(any_uncovered(&found));
        let mut origins = Origins::new();
        origins.add_text(Path::new("documents/通知.md"), "---\n---\n张\u{30000}与王喆\n");
        let ds = diagnostics(&found, &[&origins], &Location::default());
        let rendered: Vec<String> = ds.iter().map(|d| d.render(false)).collect();
        assert_eq!(ds.error_count(), 1, "{rendered:?}");
        assert_eq!(ds.warning_count(), 1, "{rendered:?}");
        // In reading order: column 2 before column 5.
        assert!(rendered[0].starts_with("documents/通知.md:3:2: error: “\u{30000}”（U+30000）"), "{rendered:?}");
        assert!(rendered[1].starts_with("documents/通知.md:3:5: warning: “喆”（U+5586）"), "{rendered:?}");
    }

    #[test]
    fn spaces_and_format_characters_need_no_glyph() {
        assert!(!needs_glyph('\u{3000}'));
        assert!(!needs_glyph('\u{200B}') && !needs_glyph('\n') && !needs_glyph('\u{FE0F}'));
        assert!(needs_glyph('喆') && needs_glyph('a'));
    }
}
