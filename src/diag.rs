//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`] values that carry a [`Location`]
//! (`文件 › 工作表 › 单元格`, or `模板:行`) and optional hints. Stages collect them into a
//! [`Diagnostics`] list instead of stopping at the first one, so a clerk sees every problem of
//! a spreadsheet in one run. This module only formats; it never decides exit codes (see `lib.rs`).

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a problem is: a file, optionally narrowed to a sheet and cell, or to a line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Location {
    /// The file, as the user named it (relative paths stay relative).
    pub file: Option<PathBuf>,
    /// Worksheet name, for spreadsheets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Cell in A1 form (`C7`), or a whole row (`7`) / column (`C`) when no single cell is at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// 1-based line (templates, body text, front matter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column within `line`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(path: impl AsRef<Path>) -> Self {
        Location { file: Some(path.as_ref().to_path_buf()), ..Default::default() }
    }

    /// Narrow to a worksheet.
    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Narrow to a cell given zero-based (row, column), as calamine counts them.
    pub fn cell(mut self, row: u32, col: u32) -> Self {
        self.cell = Some(a1(row, col));
        self
    }

    /// Narrow to a whole (zero-based) row, printed 1-based.
    pub fn row(mut self, row: u32) -> Self {
        self.cell = Some((row as u64 + 1).to_string());
        self
    }

    /// Narrow to a 1-based line (and optionally column).
    pub fn line(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// True when nothing is known about the place.
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.sheet.is_none() && self.cell.is_none() && self.line.is_none()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.display().to_string());
        }
        if let Some(sheet) = &self.sheet {
            parts.push(sheet.clone());
        }
        if let Some(cell) = &self.cell {
            parts.push(cell.clone());
        }
        let mut s = parts.join(" › ");
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        f.write_str(&s)
    }
}

/// Zero-based (row, column) to A1 notation: (0, 0) → `A1`, (6, 2) → `C7`, (0, 26) → `AA1`.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row as u64 + 1)
}

/// Zero-based column index to letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// How bad a problem is. Errors stop a build (exit status 1); warnings are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational lint, e.g. a probable typo the user may ignore.
    Warning,
    /// The input cannot be used as it is.
    Error,
}

/// One problem, located, with optional hints on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong, in the user's terms (Chinese for data problems).
    pub message: String,
    /// How to fix it; each printed on its own `hint:` line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
    /// A stable machine-readable code (e.g. `unit-unknown`), for `--json` consumers and tests.
    pub code: &'static str,
}

impl Diagnostic {
    /// A new error.
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location, message: message.into(), hints: vec![], code }
    }

    /// A new warning.
    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, location, message: message.into(), hints: vec![], code }
    }

    /// Add a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Render as `location: error: message` plus `hint:` lines, optionally with ANSI colour.
    pub fn render(&self, colour: bool) -> String {
        let (label, code) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let mut s = String::new();
        if !self.location.is_empty() {
            if colour {
                s.push_str(&format!("\x1b[1m{}\x1b[0m: ", self.location));
            } else {
                s.push_str(&format!("{}: ", self.location));
            }
        }
        if colour {
            s.push_str(&format!("{code}{label}\x1b[0m: {}", self.message));
        } else {
            s.push_str(&format!("{label}: {}", self.message));
        }
        for h in &self.hints {
            if colour {
                s.push_str(&format!("\n  \x1b[36mhint\x1b[0m: {h}"));
            } else {
                s.push_str(&format!("\n  hint: {h}"));
            }
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Diagnostic {}

/// An ordered collection of diagnostics gathered across a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Append one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Append all of another list.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// True if any error is present.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterate in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Give the diagnostics without a place (typst's, a write's) the place of what was being
    /// made: the document's source, the row of a letter.
    pub fn or_at(mut self, place: &Location) -> Diagnostics {
        for d in self.0.iter_mut().filter(|d| d.location.is_empty()) {
            d.location = place.clone();
        }
        self
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// How a run prints diagnostics and progress: colour on a terminal, plain when piped, nothing
/// but errors with `--quiet`, JSON on stdout with `--json` (then stderr stays quiet).
#[derive(Debug, Clone, Copy, Default)]
pub struct Reporter {
    /// ANSI colour on stderr.
    pub colour: bool,
    /// Only errors.
    pub quiet: bool,
    /// Machine-readable output on stdout; human messages are suppressed.
    pub json: bool,
}

impl Reporter {
    /// Print one diagnostic on stderr (warnings are dropped with `--quiet`).
    pub fn diagnostic(&self, d: &Diagnostic) {
        if self.json || (self.quiet && !d.is_error()) {
            return;
        }
        crate::console::errln(&d.render(self.colour));
    }

    /// Print all diagnostics.
    pub fn diagnostics(&self, ds: &Diagnostics) {
        for d in ds.iter() {
            self.diagnostic(d);
        }
    }

    /// A status line on stderr (suppressed by `--quiet` and `--json`).
    pub fn status(&self, msg: impl AsRef<str>) {
        if !self.quiet && !self.json {
            crate::console::errln(msg.as_ref());
        }
    }

    /// Whether progress bars may be drawn (a terminal, not quiet, not JSON).
    pub fn progress_allowed(&self) -> bool {
        use std::io::IsTerminal;
        !self.quiet && !self.json && std::io::stderr().is_terminal()
    }
}

/// Edit distance (insertions, deletions, substitutions) between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// True when the characters of `short` appear in `long` in order (`县文旅局` in `县文化旅游局`):
/// how Chinese abbreviations are formed.
pub fn is_abbreviation(short: &str, long: &str) -> bool {
    let mut it = long.chars();
    short.chars().count() < long.chars().count() && short.chars().all(|c| it.any(|l| l == c))
}

/// The candidate closest to `needle`, if any is close enough to be a useful “是否为…？”: at most
/// half of the needle's characters differ, or one is an abbreviation of the other. Ties go to
/// the earlier candidate, so suggestions are deterministic.
pub fn nearest<'a>(needle: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (needle.chars().count() / 2).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == needle {
            continue;
        }
        let d = edit_distance(needle, c);
        let close = d <= limit || is_abbreviation(needle, c) || is_abbreviation(c, needle);
        if close && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("冯红卫", "冯红伟"), 1);
        assert_eq!(edit_distance("", "县文旅局"), 4);
        assert_eq!(edit_distance("县文旅局", "县文旅局"), 0);
    }

    #[test]
    fn nearest_suggests_close_names_and_abbreviations() {
        let units = ["县教育局", "县文旅局", "县卫体局"];
        assert_eq!(nearest("县文化局", units), Some("县文旅局"));
        assert_eq!(nearest("县文化旅游局", units), Some("县文旅局"));
        assert_eq!(nearest("市政府", units), None);
        assert!(is_abbreviation("县文旅局", "县文化旅游局"));
        assert!(!is_abbreviation("县文旅局", "县文旅局"));
    }

    #[test]
    fn a1_converts_zero_based_cells() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn location_prints_file_sheet_cell() {
        let l = Location::file("名册.xlsx").sheet("人员").cell(6, 2);
        assert_eq!(l.to_string(), "名册.xlsx › 人员 › C7");
        let t = Location::file("templates/督办函.j2").line(12, Some(3));
        assert_eq!(t.to_string(), "templates/督办函.j2:12:3");
    }

    #[test]
    fn diagnostic_renders_plain_with_hints() {
        let d = Diagnostic::error(
            "unit-unknown",
            Location::file("名册.xlsx").sheet("人员").cell(8, 1),
            "单位“县文化局”不在名册中",
        )
        .hint("是否为“县文旅局”？");
        assert_eq!(
            d.render(false),
            "名册.xlsx › 人员 › B9: error: 单位“县文化局”不在名册中\n  hint: 是否为“县文旅局”？"
        );
    }
}
