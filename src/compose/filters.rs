//! Template filters for 公文 wording: Chinese ordinals, dates, padded names, joined units.
//!
//! Filters that build numbering or dates from numbers return *safe* strings, because their
//! output is structure the template means to write (`一、` opens a level-1 heading). Filters
//! that pass data through (`pad_name`, `join_units`) return ordinary strings, which the
//! environment's formatter escapes like every other value (see `compose::env`). Nothing here
//! knows about documents; each filter is a pure function, unit-tested below.

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind};

/// Chinese numeral for 1–99 as used in 公文 numbering: 一 … 十 … 二十六 … 九十九
/// (GB/T 9704 7.3.3: first-level headings 一、, second-level （一）).
pub fn chinese_numeral(n: u32) -> Option<String> {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |d: u32| DIGITS.get(d as usize).copied();
    match n {
        1..=9 => digit(n).map(String::from),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let mut s = String::new();
            if tens > 1 {
                s.push(digit(tens)?);
            }
            s.push('十');
            if ones > 0 {
                s.push(digit(ones)?);
            }
            Some(s)
        }
        _ => None,
    }
}

/// Pad a two-character name with an ideographic space so it lines up with three-character
/// names in lists (王刚 → 王　刚), as the reference annexes print them. Other lengths, and
/// names with non-CJK characters (foreign names), are returned unchanged.
pub fn pad_name_str(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.as_slice() {
        [a, b] if is_han(*a) && is_han(*b) => format!("{a}\u{3000}{b}"),
        _ => name.to_string(),
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2EBEF}')
}

fn ordinal_arg(value: &Value) -> Result<u32, Error> {
    value
        .as_i64()
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| (1..=99).contains(n))
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("序号须为 1–99 的整数，实际为 {value}")))
}

/// `{{ loop.index|cn }}` → `一` … `九十九` (safe: numbering is structure).
pub fn cn(value: Value) -> Result<Value, Error> {
    let n = ordinal_arg(&value)?;
    let s = chinese_numeral(n).unwrap_or_default();
    Ok(Value::from_safe_string(s))
}

/// `{{ loop.index|cn_text }}` → `一` as ordinary text: an item number that must not make a
/// heading (a 工作要求 or 职责分工 item is a sentence, set in 仿宋 like the body; GB/T 9704 7.3.3
/// fonts apply to headings). Escaped on output like data.
pub fn cn_text(value: Value) -> Result<Value, Error> {
    let n = ordinal_arg(&value)?;
    Ok(Value::from(chinese_numeral(n).unwrap_or_default()))
}

/// `{{ loop.index|cn_paren }}` → `（一）` (safe).
pub fn cn_paren(value: Value) -> Result<Value, Error> {
    let n = ordinal_arg(&value)?;
    Ok(Value::from_safe_string(format!("（{}）", chinese_numeral(n).unwrap_or_default())))
}

/// Year, month and day of a date value: the model's `{year, month, day}` map or an ISO
/// `2021-12-13` string.
fn ymd(value: &Value) -> Result<(i64, i64, i64), Error> {
    let bad = || Error::new(ErrorKind::InvalidOperation, format!("不是日期：{value}"));
    let (y, m, d) = if value.kind() == ValueKind::String {
        let s = value.as_str().unwrap_or_default();
        let mut parts = s.splitn(3, '-').map(|p| p.trim().parse::<i64>().ok());
        (parts.next().flatten(), parts.next().flatten(), parts.next().flatten())
    } else {
        let field = |k: &str| value.get_attr(k).ok().and_then(|v| v.as_i64());
        (field("year"), field("month"), field("day"))
    };
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) && y > 0 => Ok((y, m, d)),
        _ => Err(bad()),
    }
}

/// `{{ d|date }}` → `2021年12月13日`: Arabic numerals, no zero padding (GB/T 9704 7.3.5.4).
pub fn date(value: Value) -> Result<Value, Error> {
    let (y, m, d) = ymd(&value)?;
    Ok(Value::from_safe_string(format!("{y}年{m}月{d}日")))
}

/// `{{ d|month_day }}` → `12月13日`.
pub fn month_day(value: Value) -> Result<Value, Error> {
    let (_, m, d) = ymd(&value)?;
    Ok(Value::from_safe_string(format!("{m}月{d}日")))
}

/// `{{ person.name|pad_name }}` → `王　刚` (data: escaped on output).
pub fn pad_name(value: Value) -> Result<Value, Error> {
    let s = value
        .as_str()
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("姓名须为文字，实际为 {value}")))?;
    Ok(Value::from(pad_name_str(s)))
}

/// `{{ units|join_units }}` → `县教育局、县财政局` (data: escaped on output).
pub fn join_units(value: Value) -> Result<Value, Error> {
    let mut out = Vec::new();
    for item in value.try_iter()? {
        out.push(item.to_string());
    }
    Ok(Value::from(out.join("、")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_cover_the_reference_range() {
        let got: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 26, 99].iter().filter_map(|n| chinese_numeral(*n)).collect();
        assert_eq!(got, ["一", "九", "十", "十一", "十九", "二十", "二十一", "二十六", "九十九"]);
        assert_eq!(chinese_numeral(0), None);
        assert_eq!(chinese_numeral(100), None);
    }

    #[test]
    fn ordinal_filters_are_safe_and_reject_out_of_range() {
        let v = cn(Value::from(26)).expect("26");
        assert!(v.is_safe());
        assert_eq!(v.as_str(), Some("二十六"));
        assert_eq!(cn_paren(Value::from(3)).expect("3").as_str(), Some("（三）"));
        assert!(!cn_text(Value::from(2)).expect("2").is_safe());
        assert!(cn(Value::from(0)).is_err());
        assert!(cn(Value::from("一")).is_err());
    }

    #[test]
    fn dates_print_long_and_short_without_padding() {
        let d = Value::from(minijinja::value::Serde(crate::ir::Date { year: 2022, month: 1, day: 5 }));
        assert_eq!(date(d.clone()).expect("date").as_str(), Some("2022年1月5日"));
        assert_eq!(month_day(d).expect("md").as_str(), Some("1月5日"));
        assert_eq!(date(Value::from("2021-12-13")).expect("iso").as_str(), Some("2021年12月13日"));
        assert!(date(Value::from("明天")).is_err());
    }

    #[test]
    fn two_character_names_are_padded() {
        assert_eq!(pad_name_str("王刚"), "王\u{3000}刚");
        assert_eq!(pad_name_str("秦国平"), "秦国平");
        assert_eq!(pad_name_str("Li"), "Li");
        assert!(!pad_name(Value::from("王刚")).expect("pad").is_safe());
    }

    #[test]
    fn units_join_with_the_enumeration_comma() {
        let v = join_units(Value::from(vec!["县教育局", "县财政局"])).expect("join");
        assert_eq!(v.as_str(), Some("县教育局、县财政局"));
        assert!(!v.is_safe());
    }
}
