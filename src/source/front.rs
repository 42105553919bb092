//! The front matter of a body-text document: TOML between `---` lines, with Chinese keys.
//!
//! TOML only allows ASCII bare keys, so a key written bare in Chinese (`标题 = "…"`) is quoted
//! before parsing; quoted keys and the English aliases work too. This module reads the fields
//! into typed values and checks them (dates, 格式); it does not build the IR (see `super`) and
//! does not touch the body.

use crate::diag::{Diagnostic, Location};
use crate::ir::{Date, Format};
use serde::Deserialize;
use std::path::Path;

/// The keys a clerk may write, in the order the README lists them.
pub(crate) const KEYS: &[&str] = &[
    "格式",
    "份号",
    "密级",
    "紧急程度",
    "发文机关标志",
    "发文字号",
    "编印单位",
    "编印日期",
    "签发人",
    "标题",
    "主送",
    "署名",
    "成文日期",
    "盖章",
    "附注",
    "抄送",
    "印发机关",
    "印发日期",
    "出席",
    "请假",
    "列席",
];

/// The fields of the front matter, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Front {
    #[serde(rename = "格式", alias = "format", default)]
    pub(crate) format: Option<FormatName>,
    #[serde(rename = "份号", alias = "copy_number", default)]
    pub(crate) copy_number: Option<TextOrNumber>,
    #[serde(rename = "密级", alias = "secrecy", default)]
    pub(crate) secrecy: Option<String>,
    #[serde(rename = "紧急程度", alias = "urgency", default)]
    pub(crate) urgency: Option<String>,
    #[serde(rename = "发文机关标志", alias = "issuer_mark", default)]
    pub(crate) issuer_mark: Option<String>,
    #[serde(rename = "发文字号", alias = "doc_number", default)]
    pub(crate) doc_number: Option<String>,
    #[serde(rename = "编印单位", alias = "edition_office", default)]
    pub(crate) edition_office: Option<String>,
    #[serde(rename = "编印日期", alias = "edition_date", default)]
    pub(crate) edition_date: Option<DateValue>,
    #[serde(rename = "签发人", alias = "signers", default)]
    pub(crate) signers: Option<OneOrMany>,
    #[serde(rename = "标题", alias = "title", default)]
    pub(crate) title: Option<OneOrMany>,
    #[serde(rename = "主送", alias = "recipients", default)]
    pub(crate) recipients: Option<OneOrMany>,
    #[serde(rename = "署名", alias = "issuers", default)]
    pub(crate) issuers: Option<OneOrMany>,
    #[serde(rename = "成文日期", alias = "date", default)]
    pub(crate) date: Option<DateValue>,
    #[serde(rename = "盖章", alias = "sealed", default)]
    pub(crate) sealed: Option<bool>,
    #[serde(rename = "附注", alias = "note", default)]
    pub(crate) note: Option<String>,
    #[serde(rename = "抄送", alias = "cc", default)]
    pub(crate) cc: Option<OneOrMany>,
    #[serde(rename = "印发机关", alias = "printer", default)]
    pub(crate) printer: Option<String>,
    #[serde(rename = "印发日期", alias = "printed", default)]
    pub(crate) printed: Option<DateValue>,
    #[serde(rename = "出席", alias = "present", default)]
    pub(crate) present: Option<OneOrMany>,
    #[serde(rename = "请假", alias = "absent", default)]
    pub(crate) absent: Option<OneOrMany>,
    #[serde(rename = "列席", alias = "attending", default)]
    pub(crate) attending: Option<OneOrMany>,
}

/// `格式`: Chinese or English names of [`Format`].
#[derive(Debug, Clone, Copy, Deserialize)]
pub(crate) enum FormatName {
    #[serde(rename = "通用", alias = "standard", alias = "文件")]
    Standard,
    #[serde(rename = "信函", alias = "letter", alias = "函")]
    Letter,
    #[serde(rename = "纪要", alias = "minutes")]
    Minutes,
    #[serde(rename = "附件", alias = "annex")]
    Annex,
}

impl From<FormatName> for Format {
    fn from(f: FormatName) -> Self {
        match f {
            FormatName::Standard => Format::Standard,
            FormatName::Letter => Format::Letter,
            FormatName::Minutes => Format::Minutes,
            FormatName::Annex => Format::Annex,
        }
    }
}

/// A string, or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The items; a single string is one item.
    pub(crate) fn items(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }

    /// Lines: a single string is split at its line breaks, a list gives one line per item.
    pub(crate) fn lines(&self) -> Vec<String> {
        let items = match self {
            OneOrMany::One(s) => s.lines().map(str::to_owned).collect(),
            OneOrMany::Many(v) => v.clone(),
        };
        items.into_iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect()
    }
}

/// `份号` written as `"000001"` or `1`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum TextOrNumber {
    Text(String),
    Number(u32),
}

impl TextOrNumber {
    /// Six digits, zero-padded (GB/T 9704 7.2.1).
    pub(crate) fn text(&self) -> String {
        match self {
            TextOrNumber::Text(s) => s.clone(),
            TextOrNumber::Number(n) => format!("{n:06}"),
        }
    }
}

/// A date written as a string (`2021年12月13日`, `2021-12-13`, …) or a TOML date.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum DateValue {
    Text(String),
    Toml(toml::value::Datetime),
}

impl DateValue {
    /// The calendar date, if it is one.
    pub(crate) fn date(&self) -> Option<Date> {
        match self {
            DateValue::Text(s) => parse_date(s),
            DateValue::Toml(dt) => {
                let d = dt.date?;
                valid_date(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
        }
    }

    /// As written, for messages.
    pub(crate) fn written(&self) -> String {
        match self {
            DateValue::Text(s) => s.clone(),
            DateValue::Toml(dt) => dt.to_string(),
        }
    }
}

/// Parse `2021年12月13日`, `2021-12-13`, `2021/12/13` or `2021.12.13` (full-width digits
/// allowed). Checks that the day exists.
pub fn parse_date(s: &str) -> Option<Date> {
    let folded: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '／' => '/',
            '．' => '.',
            _ => c,
        })
        .collect();
    let body = folded.strip_suffix('日').unwrap_or(&folded);
    let parts: Vec<&str> = body.split(['年', '月', '-', '/', '.']).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let all_digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    if y.len() != 4 || !all_digits(y) || !all_digits(m) || !all_digits(d) || m.len() > 2 || d.len() > 2 {
        return None;
    }
    // The separators must be consistent: 年…月…日 or one of - / . twice.
    let seps: Vec<char> = body.chars().filter(|c| !c.is_ascii_digit()).collect();
    let consistent = matches!(seps.as_slice(), ['年', '月'] | ['-', '-'] | ['/', '/'] | ['.', '.'])
        && (seps[0] == '年') == folded.ends_with('日');
    if !consistent {
        return None;
    }
    valid_date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn valid_date(year: i32, month: u32, day: u32) -> Option<Date> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(Date { year, month: month as u8, day: day as u8 })
}

/// Where the front matter is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    /// 1-based line of the first TOML line (after the opening `---`).
    pub(crate) first_line: usize,
    /// 1-based line of the first body line (after the closing `---`).
    pub(crate) body_line: usize,
}

/// A document cut at its front matter fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    /// The TOML text between the fences, and where it is.
    pub(crate) front: Option<(&'a str, Span)>,
    /// The text after the closing fence.
    pub(crate) body: &'a str,
    /// 1-based line of the first body line.
    pub(crate) body_line: usize,
}

/// Split a document into front matter text and body text. A file that does not start with a
/// `---` line has no front matter.
pub(crate) fn split<'a>(text: &'a str, file: &Path) -> Result<Parts<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_fence = |l: &str| l.trim_end_matches(['\n', '\r', ' ', '\t']) == "---";
    let mut lines = text.split_inclusive('\n');
    match lines.next() {
        Some(first) if is_fence(first) => {}
        _ => return Ok(Parts { front: None, body: text, body_line: 1 }),
    }
    let start = text.split_inclusive('\n').next().map_or(0, str::len);
    let mut offset = start;
    for (i, line) in lines.enumerate() {
        if is_fence(line) {
            let front = &text[start..offset];
            let body = &text[offset + line.len()..];
            let span = Span { first_line: 2, body_line: i + 3 };
            return Ok(Parts { front: Some((front, span)), body, body_line: span.body_line });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("front-matter-unclosed", Location::file(file).line(1, Some(1)), "文件头没有结束行 `---`")
        .hint("文件头以一行 `---` 开始，以另一行 `---` 结束，正文写在结束行之后"))
}

/// Quote bare non-ASCII keys (`标题 = …` → `"标题" = …`), returning the text and, per line,
/// the (indent, key end) character columns of a quoted key, to map error columns back.
fn quote_keys(front: &str) -> (String, Vec<Option<(usize, usize)>>) {
    let mut out = String::with_capacity(front.len() + 16);
    let mut shifts = Vec::new();
    for line in front.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        let key_len =
            rest.find(|c: char| c == '=' || c.is_whitespace() || c == '"' || c == '\'' || c == '#' || c == '[');
        let quoted = match key_len {
            Some(n) if n > 0 && !rest[..n].is_ascii() && rest[n..].trim_start().starts_with('=') => {
                out.push_str(&line[..indent]);
                out.push('"');
                out.push_str(&rest[..n]);
                out.push('"');
                out.push_str(&rest[n..]);
                let indent_chars = line[..indent].chars().count();
                Some((indent_chars, indent_chars + rest[..n].chars().count()))
            }
            _ => None,
        };
        if quoted.is_none() {
            out.push_str(line);
        }
        shifts.push(quoted);
    }
    (out, shifts)
}

/// Parse the front matter text.
pub(crate) fn parse(front: &str, span: Span, file: &Path) -> Result<Front, Diagnostic> {
    let (quoted, shifts) = quote_keys(front);
    toml::from_str(&quoted).map_err(|e| {
        let mut loc = Location::file(file);
        if let Some(s) = e.span() {
            let (line, mut col) = crate::settings::line_col(&quoted, s.start);
            if let Some(&Some((indent, key_end))) = shifts.get(line - 1) {
                // Undo the added quotes: one before the key, one after it.
                col = match col {
                    c if c <= indent + 1 => c,
                    c if c <= key_end + 1 => c - 1,
                    c if c == key_end + 2 => key_end,
                    c => c - 2,
                };
            }
            loc = loc.line(span.first_line + line - 1, Some(col));
        }
        Diagnostic::error("front-matter-invalid", loc, format!("文件头有误：{}", e.message().trim()))
            .hint(format!("文件头的键：{}", KEYS.join("、")))
            .hint("文字值要加英文双引号，例如 标题 = \"关于…的通知\"")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Option<Date> {
        Some(Date { year: y, month: m, day })
    }

    #[test]
    fn dates_in_the_usual_spellings() {
        assert_eq!(parse_date("2021年12月13日"), d(2021, 12, 13));
        assert_eq!(parse_date("2021-12-13"), d(2021, 12, 13));
        assert_eq!(parse_date("2021/1/5"), d(2021, 1, 5));
        assert_eq!(parse_date("2021.01.05"), d(2021, 1, 5));
        assert_eq!(parse_date("２０２１年１２月１３日"), d(2021, 12, 13));
        assert_eq!(parse_date("2024-02-29"), d(2024, 2, 29));
    }

    #[test]
    fn impossible_or_malformed_dates_are_rejected() {
        for s in
            ["2021-02-29", "2021-13-01", "2021年12月32日", "21-12-13", "2021-12", "2021年12-13", "2021-12-13日", "明天"]
        {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn chinese_bare_keys_are_accepted() {
        let span = Span { first_line: 2, body_line: 5 };
        let f = parse("格式 = \"信函\"\n\"标题\" = [\"甲\", \"乙\"]\ndate = 2021-12-13\n", span, Path::new("a.md"))
            .expect("parse");
        assert!(matches!(f.format, Some(FormatName::Letter)));
        assert_eq!(f.title.map(|t| t.lines()), Some(vec!["甲".to_owned(), "乙".to_owned()]));
        assert_eq!(f.date.and_then(|d| d.date()), d(2021, 12, 13));
    }

    #[test]
    fn unknown_key_is_located_at_its_line_and_column() {
        let span = Span { first_line: 2, body_line: 5 };
        let e = parse("标题 = \"x\"\n  标提 = \"y\"\n", span, Path::new("a.md")).unwrap_err();
        assert_eq!((e.location.line, e.location.column), (Some(3), Some(3)));
        assert!(e.message.contains("标提"), "{}", e.message);
    }

    #[test]
    fn value_error_column_is_mapped_back_past_the_key() {
        let span = Span { first_line: 2, body_line: 5 };
        let e = parse("盖章 = \"是\"\n", span, Path::new("a.md")).unwrap_err();
        assert_eq!(e.location.line, Some(2));
        assert_eq!(e.location.column, Some(6));
    }

    #[test]
    fn split_finds_the_fences() {
        let Parts { front, body, body_line: line } =
            split("---\n标题 = \"x\"\n---\n正文\n", Path::new("a.md")).expect("split");
        let (f, span) = front.expect("front");
        assert_eq!(f, "标题 = \"x\"\n");
        assert_eq!((span.first_line, span.body_line, line), (2, 4, 4));
        assert_eq!(body, "正文\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_one() {
        let e = split("---\n标题 = \"x\"\n正文\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.location.line, Some(1));
    }

    #[test]
    fn no_fence_means_no_front_matter() {
        let Parts { front, body, body_line: line } = split("正文\n", Path::new("a.md")).expect("split");
        assert!(front.is_none());
        assert_eq!((body, line), ("正文\n", 1));
    }
}
