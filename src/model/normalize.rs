//! Normalisation rules for single values: text clean-up, names, units, headers, dates, phone
//! numbers, e-mail addresses, 发文字号, roles and list splitting.
//!
//! Every function here is pure, total (never panics, whatever the input) and knows nothing about
//! files or locations: callers in the record modules attach the cell location to the error.
//! Full-width forms are folded only where the value is a number, date, code or header; prose and
//! names keep their characters (GB/T 9704 text uses full-width punctuation on purpose).

use super::cases::DocNumber;
use super::roster::Role;
use crate::ir::Date;
use crate::reader::Cell;

/// Fold full-width ASCII (`！`–`～`) to half-width and the ideographic space to a space.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Zero-width characters that sneak in from web pages and Word; never data.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Trim, drop zero-width characters, and collapse every run of whitespace (ideographic space,
/// no-break space, tabs, line breaks) into one space.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().filter(|c| !is_invisible(*c)) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The lines of a multi-line cell, each cleaned, blank lines dropped.
pub fn clean_lines(s: &str) -> Vec<String> {
    s.split(['\n', '\r', '\u{2028}']).map(clean_text).filter(|l| !l.is_empty()).collect()
}

/// Han ideographs (and the compatibility block): spaces between two of them are layout.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Remove spaces that sit between two CJK characters (`王　刚` → `王刚`, `县 教育局` →
/// `县教育局`); spaces between Latin words stay.
fn join_cjk(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let next = chars.get(i + 1).copied();
            if prev.is_some_and(is_cjk) || next.is_some_and(is_cjk) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// Running Chinese text from a cell: cleaned, spaces next to Han characters dropped (`不超过 30
/// 分钟` → `不超过30分钟`: 公文 sets numerals without spaces, and typst prints what it is given),
/// and half-width parentheses around Chinese text made full-width (`(示范文本)` → `（示范文本）`,
/// GB/T 15834). Parentheses around Latin text and codes stay as they are.
pub fn clean_prose(s: &str) -> String {
    let joined = join_cjk(&clean_text(s));
    let chars: Vec<char> = joined.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '(' if chars.get(i + 1).copied().is_some_and(is_cjk) => '（',
            ')' if i.checked_sub(1).and_then(|j| chars.get(j)).copied().is_some_and(is_cjk) => '）',
            _ => c,
        })
        .collect()
}

/// A person's name: cleaned, layout spaces removed (`王　刚` → `王刚`), the separator dot of
/// minority and foreign names unified to `·`.
pub fn clean_name(s: &str) -> String {
    join_cjk(&clean_text(s)).chars().map(|c| if matches!(c, '•' | '・' | '‧' | '･' | '．') { '·' } else { c }).collect()
}

/// A unit name: cleaned, spaces between Chinese characters removed.
pub fn clean_unit(s: &str) -> String {
    join_cjk(&clean_text(s))
}

/// A column header as a comparison key: width-folded, no whitespace, lower case, without the
/// required-marker `*` and a trailing colon.
pub fn header_key(s: &str) -> String {
    let folded: String = fold_width(s).chars().filter(|c| !c.is_whitespace() && !is_invisible(*c)).collect();
    folded.trim_matches(|c| c == '*' || c == ':').to_lowercase()
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Empty cell.
    Empty,
    /// Looks like a date but the day does not exist (`2022-02-30`).
    NoSuchDay(i32, u32, u32),
    /// `12月13日` without a year and no 成文日期 to take it from.
    NoYear,
    /// Not one of the accepted forms (`下周一`, `月底`).
    Unrecognised,
}

impl DateError {
    /// The message for a clerk, naming the offending text.
    pub fn message(&self, text: &str) -> String {
        match self {
            DateError::Empty => "日期为空".into(),
            DateError::NoSuchDay(y, m, d) => format!("日期“{text}”不存在（{y}年没有{m}月{d}日）"),
            DateError::NoYear => format!("日期“{text}”没有年份，也没有成文日期可以补全"),
            DateError::Unrecognised => format!("“{text}”不是日期"),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            DateError::NoYear => "写成 2021年12月13日，或填写成文日期",
            _ => "请写成 2021年12月13日、2021-12-13、2021/12/13 或 2021.12.13，或使用 Excel 日期格式",
        }
    }
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn make_date(y: i32, m: u32, d: u32) -> Result<Date, DateError> {
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(DateError::NoSuchDay(y, m, d));
    }
    Ok(Date { year: y, month: m as u8, day: d as u8 })
}

/// Parse a date written as text: `2021-12-13`, `2021/12/13`, `2021.12.13`, `2021年12月13日`,
/// `12月13日` (year from `year_hint`, normally the 成文日期), full-width digits allowed.
/// Anything else (`下周一`) is an error; impossible days (`2022-02-30`) too.
pub fn parse_date(s: &str, year_hint: Option<i32>) -> Result<Date, DateError> {
    let t: String = fold_width(s).chars().filter(|c| !c.is_whitespace() && !is_invisible(*c)).collect();
    if t.is_empty() {
        return Err(DateError::Empty);
    }
    if let Some(rest) = t.strip_suffix('日') {
        let (year, rest) = match rest.split_once('年') {
            Some((y, r)) => (Some(y), r),
            None => (None, rest),
        };
        let (m, d) = rest.split_once('月').ok_or(DateError::Unrecognised)?;
        let m = digits(m, 1, 2)?;
        let d = digits(d, 1, 2)?;
        let y = match year {
            Some(y) => digits(y, 4, 4)? as i32,
            None => year_hint.ok_or(DateError::NoYear)?,
        };
        return make_date(y, m, d);
    }
    let sep = t.chars().find(|c| matches!(c, '-' | '/' | '.')).ok_or(DateError::Unrecognised)?;
    let parts: Vec<&str> = t.split(sep).collect();
    match parts.as_slice() {
        [y, m, d] => make_date(digits(y, 4, 4)? as i32, digits(m, 1, 2)?, digits(d, 1, 2)?),
        _ => Err(DateError::Unrecognised),
    }
}

/// A run of `min..=max` ASCII digits.
fn digits(s: &str, min: usize, max: usize) -> Result<u32, DateError> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError::Unrecognised);
    }
    s.parse().map_err(|_| DateError::Unrecognised)
}

/// An Excel serial day number (1900 date system) to a date: 1 → 1900-01-01, 44543 → 2021-12-13.
/// Excel counts the non-existent 1900-02-29 as day 60, so earlier days shift by one.
pub fn date_from_serial(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let day = serial.floor() as i64;
    let day = if day < 60 { day + 1 } else { day };
    // Day 25569 is 1970-01-01 in Excel's count.
    Some(crate::settings::civil_from_days(day - 25_569))
}

/// A date from a cell: Excel date cells, serial numbers, or text in the forms of [`parse_date`].
/// A month-day text (`2月20日`) takes its year from `reference` (the 成文日期); a deadline is
/// never before the document it is set in, so when that day has already passed in the
/// reference year it means the next year (`2月20日` in a letter of 2021年12月20日 → 2022).
pub fn parse_date_cell(cell: &Cell, reference: Option<Date>) -> Result<Date, DateError> {
    match cell {
        Cell::Date(d) => make_date(d.year, u32::from(d.month), u32::from(d.day)),
        Cell::Number(n) => date_from_serial(*n).ok_or(DateError::Unrecognised),
        Cell::Text(s) => {
            let d = parse_date(s, reference.map(|r| r.year))?;
            match reference {
                Some(r) if d < r && !fold_width(s).contains('年') => {
                    make_date(d.year + 1, u32::from(d.month), u32::from(d.day))
                }
                _ => Ok(d),
            }
        }
        Cell::Empty => Err(DateError::Empty),
        Cell::Bool(_) | Cell::Error(_) | Cell::Uncomputed => Err(DateError::Unrecognised),
    }
}

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    /// Ten digits not starting with 0: a landline whose leading 0 Excel dropped.
    LostLeadingZero,
    /// Not a mobile, landline or service number.
    Invalid,
}

/// Validate a Chinese phone number and unify its punctuation: mobile `13812345678`, landline
/// `0356-6209459` (area code 3–4 digits, optional extension `-123`), local `6209459`, service
/// `400-123-4567`; `+86`/`86` prefixes, parentheses around the area code, full-width digits and
/// dash variants are accepted. Returns the number with ASCII digits and `-`.
pub fn parse_phone(s: &str) -> Result<String, PhoneError> {
    let mut t: String = fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !is_invisible(*c))
        .map(|c| if matches!(c, '—' | '–' | '－' | '‐' | '‑' | '−') { '-' } else { c })
        .collect();
    if let Some(rest) = t.strip_prefix("+86") {
        t = rest.trim_start_matches('-').to_string();
    }
    if let Some(rest) = t.strip_prefix('(').and_then(|r| r.split_once(')')) {
        t = format!("{}-{}", rest.0, rest.1.trim_start_matches('-'));
    }
    if !t.bytes().all(|b| b.is_ascii_digit() || b == b'-') || t.starts_with('-') || t.ends_with('-') || t.contains("--")
    {
        return Err(PhoneError::Invalid);
    }
    let groups: Vec<&str> = t.split('-').collect();
    let all: String = groups.concat();
    let ok = match groups.as_slice() {
        [n] if n.len() == 11
            && n.starts_with('1')
            && n.as_bytes().get(1).is_some_and(|b| (b'3'..=b'9').contains(b)) =>
        {
            true
        }
        [n] if n.starts_with('0') && (10..=12).contains(&n.len()) => true,
        [n] if (7..=8).contains(&n.len()) && !n.starts_with('0') => true,
        [a, n] | [a, n, _] if a.starts_with('0') && (3..=4).contains(&a.len()) && (7..=8).contains(&n.len()) => {
            groups.get(2).is_none_or(|x| (1..=6).contains(&x.len()))
        }
        [p, _, _] if (*p == "400" || *p == "800") && all.len() == 10 => true,
        [n] if (n.starts_with("400") || n.starts_with("800")) && n.len() == 10 => true,
        _ => false,
    };
    if ok {
        Ok(t)
    } else if groups.len() == 1
        && all.len() == 10
        && !all.starts_with('0')
        && (!all.starts_with('1') || all.starts_with("10"))
    {
        Err(PhoneError::LostLeadingZero)
    } else {
        Err(PhoneError::Invalid)
    }
}

/// Validate an e-mail address (`799191505@qq.com`): width-folded (`＠` → `@`), one `@`, a local
/// part of letters, digits and `._%+-`, a dotted domain with a letter TLD. The domain is
/// lower-cased.
pub fn parse_email(s: &str) -> Option<String> {
    let folded: String = fold_width(s).chars().filter(|c| !is_invisible(*c)).collect();
    let t = folded.trim();
    if t.contains(char::is_whitespace) {
        return None;
    }
    let (local, domain) = t.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    (local_ok && domain_ok).then(|| format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// Brackets clerks type around the year of a 发文字号; GB/T 9704 7.2.4 wants 六角括号 〔〕.
const OPEN_BRACKETS: &[char] = &['〔', '[', '【', '(', '（', '［', '﹝', '〖', '{'];
const CLOSE_BRACKETS: &[char] = &['〕', ']', '】', ')', '）', '］', '﹞', '〗', '}'];

/// Parse a 发文字号 such as `陵双减督[2021]1号`, `陵双减督【2021】1号`, `陵双减督(2021)1号`,
/// `陵双减督（2021）1号` or `陵双减督〔2021〕01号` into its parts, with 〔〕 and no zero padding
/// (GB/T 9704 7.2.4). A missing trailing `号` is added.
pub fn parse_doc_number(s: &str) -> Option<DocNumber> {
    let t: String = clean_text(s).chars().filter(|c| !c.is_whitespace()).collect();
    let open = t.find(OPEN_BRACKETS)?;
    let prefix = t.get(..open)?.to_string();
    let rest = t.get(open..)?;
    let mut chars = rest.chars();
    chars.next();
    let rest = chars.as_str();
    let close = rest.find(CLOSE_BRACKETS)?;
    let year_text = fold_width(rest.get(..close)?);
    let after = rest.get(close..)?;
    let mut chars = after.chars();
    chars.next();
    let seq_text = fold_width(chars.as_str());
    let seq_text = seq_text.strip_suffix('号').unwrap_or(&seq_text);
    let seq_text = seq_text.strip_prefix('第').unwrap_or(seq_text);
    if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if seq_text.is_empty() || seq_text.len() > 6 || !seq_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year_text.parse().ok()?;
    let seq: u32 = seq_text.parse().ok()?;
    if seq == 0 || prefix.contains(OPEN_BRACKETS) {
        return None;
    }
    Some(DocNumber { text: format!("{prefix}〔{year}〕{seq}号"), prefix, year, seq })
}

/// A role cell: 召集人, 副召集人, 组长, 副组长, 成员 (spaces inside ignored: `成　员`), or a yes
/// mark for yes/no lists (是, √, ✓, ✔, Y, Yes, 1, ○, ●). `None` for anything else; the caller
/// decides whether a blank or `否` means “not in the list”.
pub fn parse_role(s: &str) -> Option<Role> {
    let t: String = fold_width(s).chars().filter(|c| !c.is_whitespace() && !is_invisible(*c)).collect();
    let t = t.trim_end_matches(['：', ':']);
    Some(match t {
        "召集人" => Role::Convener,
        "副召集人" => Role::ViceConvener,
        "组长" => Role::Leader,
        "副组长" => Role::DeputyLeader,
        "成员" | "组员" => Role::Member,
        "是" | "√" | "✓" | "✔" | "○" | "●" | "1" | "有" => Role::Yes,
        _ if t.eq_ignore_ascii_case("y") || t.eq_ignore_ascii_case("yes") || t.eq_ignore_ascii_case("true") => {
            Role::Yes
        }
        _ => return None,
    })
}

/// True for the cells that explicitly say “not in this list” (否, ×, N, 0, No).
pub fn is_no_mark(s: &str) -> bool {
    let t: String = fold_width(s).chars().filter(|c| !c.is_whitespace()).collect();
    matches!(t.as_str(), "否" | "×" | "✗" | "无" | "0" | "-")
        || t.eq_ignore_ascii_case("n")
        || t.eq_ignore_ascii_case("no")
}

/// Split a cell naming several units or items at 、 , ， ; ； / and line breaks.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', '/', '\n', '\r']).map(clean_unit).filter(|x| !x.is_empty()).collect()
}

/// Split 工作要求 into items: one per line, or at `；` when the cell is a single line. Leading
/// numbering the clerk typed (`1.`, `1、`, `一、`, `（一）`, `(1)`) is removed: the letter numbers
/// the items itself.
pub fn split_requirements(s: &str) -> Vec<String> {
    let lines = clean_lines(s);
    let items: Vec<String> = if lines.len() == 1 {
        lines.iter().flat_map(|l| l.split(['；', ';'])).map(clean_text).filter(|x| !x.is_empty()).collect()
    } else {
        lines
    };
    items.into_iter().map(|i| strip_numbering(&i)).filter(|x| !x.is_empty()).collect()
}

/// Remove a leading item number: `1.`, `1．`, `1、`, `一、`, `（一）`, `(1)`, `（1）`.
pub fn strip_numbering(s: &str) -> String {
    let t = clean_text(s);
    let chars: Vec<char> = t.chars().collect();
    let numeral = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c);
    let (open, start) = match chars.first() {
        Some('(' | '（') => (true, 1),
        _ => (false, 0),
    };
    let n = chars.iter().skip(start).take_while(|c| numeral(**c)).count();
    let after = chars.get(start + n).copied();
    let strip = n > 0
        && match after {
            Some(')' | '）') => open,
            Some('.' | '、' | '．') => !open,
            _ => false,
        };
    if strip { chars.iter().skip(start + n + 1).collect::<String>().trim().to_string() } else { t }
}

/// A whole number for 排序/序号: from a number cell or digits in text (`１２`).
pub fn parse_order(cell: &Cell) -> Option<u32> {
    match cell {
        Cell::Number(n) if n.is_finite() && *n >= 0.0 && n.fract() == 0.0 && *n < 1e9 => Some(*n as u32),
        Cell::Text(s) => {
            let t = fold_width(s);
            let t = t.trim();
            if t.is_empty() || t.len() > 9 || !t.bytes().all(|b| b.is_ascii_digit()) { None } else { t.parse().ok() }
        }
        _ => None,
    }
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
