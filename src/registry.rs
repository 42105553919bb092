//! The number registry (`编号登记.csv`): every 发文字号 ever issued by `letters`, so a number is
//! never issued twice across runs and rerunning the same rows gives them the same numbers.
//!
//! A row of the case sheet is identified by a *key* the caller computes from what makes a case
//! the same case (主送单位, 督办依据, 督办事项); editing its deadline or requirements keeps its
//! number. Numbers come from the `gongwen.toml` pattern (`陵双减督〔{year}〕{n}号`): the next free
//! `n` of that pattern and year. The file is CSV with a UTF-8 byte-order mark so Excel opens it
//! in Chinese; clerks may read it but should not edit it. This module parses and prints the
//! file and allocates numbers; it does not read or write files (the command does, atomically).

use crate::diag::{Diagnostic, Diagnostics, Location};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The header row of the registry file.
const HEADER: [&str; 7] = ["文号", "编号模式", "年度", "序号", "主送单位", "督办事项", "登记键"];

/// One issued number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The number as printed, e.g. `陵双减督〔2021〕3号`.
    pub number: String,
    /// The pattern it was issued from (empty for numbers given in the case sheet).
    pub pattern: String,
    /// The year.
    pub year: i32,
    /// The sequence number within pattern and year (0 when not from a pattern).
    pub seq: u32,
    /// The recipient, for people reading the file.
    pub recipient: String,
    /// The matter, for people reading the file.
    pub task: String,
    /// The row identity (see module docs).
    pub key: String,
}

/// The registry: issued numbers in issue order.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    path: PathBuf,
    entries: Vec<Entry>,
    by_number: BTreeMap<String, usize>,
    by_key: BTreeMap<String, usize>,
    /// Highest sequence number issued per (pattern, year): numbering a batch of 10,000 rows
    /// must not scan every earlier entry for each row.
    last_seq: BTreeMap<(String, i32), u32>,
    changed: bool,
}

/// What to register for one row.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Row identity.
    pub key: &'a str,
    /// A number given in the case sheet (`编号` column), if any.
    pub given: Option<&'a str>,
    /// The year of the letter (from its 成文日期).
    pub year: i32,
    /// 主送单位.
    pub recipient: &'a str,
    /// 督办事项.
    pub task: &'a str,
    /// Where the row is, for messages.
    pub location: &'a Location,
}

impl Registry {
    /// An empty registry that will be saved to `path`.
    pub fn empty(path: &Path) -> Registry {
        Registry { path: path.to_path_buf(), ..Registry::default() }
    }

    /// Parse the registry file's text (`path` is for messages).
    pub fn parse(text: &str, path: &Path) -> Result<Registry, Diagnostics> {
        let mut reg = Registry::empty(path);
        let mut diags = Diagnostics::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, record) in parse_csv(text).into_iter().enumerate() {
            let line = i + 1;
            if i == 0 && record.first().map(String::as_str) == Some(HEADER[0]) {
                continue;
            }
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let field = |n: usize| record.get(n).map(|s| s.trim().to_string()).unwrap_or_default();
            let (year, seq) = (field(2).parse::<i32>(), field(3).parse::<u32>());
            let (Ok(year), Ok(seq)) = (year, seq) else {
                diags.push(
                    Diagnostic::error(
                        "registry-invalid",
                        Location::file(path).line(line, None),
                        "编号登记的年度或序号不是数字",
                    )
                    .hint("编号登记由 gongwen 维护，请勿手工修改；可从备份恢复"),
                );
                continue;
            };
            let entry = Entry {
                number: field(0),
                pattern: field(1),
                year,
                seq,
                recipient: field(4),
                task: field(5),
                key: field(6),
            };
            if reg.by_number.contains_key(&entry.number) {
                diags.push(Diagnostic::error(
                    "registry-duplicate",
                    Location::file(path).line(line, None),
                    format!("编号登记中文号“{}”出现了两次", entry.number),
                ));
                continue;
            }
            reg.insert(entry);
        }
        reg.changed = false;
        if diags.has_errors() { Err(diags) } else { Ok(reg) }
    }

    fn insert(&mut self, entry: Entry) {
        let i = self.entries.len();
        self.by_number.insert(entry.number.clone(), i);
        let last = self.last_seq.entry((entry.pattern.clone(), entry.year)).or_insert(0);
        *last = (*last).max(entry.seq);
        if !entry.key.is_empty() {
            self.by_key.entry(entry.key.clone()).or_insert(i);
        }
        self.entries.push(entry);
        self.changed = true;
    }

    /// Where the registry is saved.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The issued numbers, in issue order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Whether numbers were issued since loading (the file needs saving).
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// The number for one row: the one it already has (same key, same pattern), the one the
    /// case sheet gives (checked against numbers issued to other rows), or the next free one of
    /// `pattern` (`{year}` and `{n}` replaced) for the row's year.
    pub fn assign(&mut self, pattern: &str, req: &Request<'_>) -> Result<String, Diagnostic> {
        if let Some(given) = req.given {
            return self.claim(given, req);
        }
        if let Some(&i) = self.by_key.get(req.key)
            && let Some(e) = self.entries.get(i)
            && e.pattern == pattern
            && e.year == req.year
        {
            return Ok(e.number.clone());
        }
        if !pattern.contains("{n}") {
            return Err(Diagnostic::error(
                "numbering-pattern",
                Location::file("gongwen.toml"),
                format!("编号模式“{pattern}”中没有序号 {{n}}"),
            )
            .hint("在 gongwen.toml 的 [letters] 写 numbering = \"陵双减督〔{year}〕{n}号\""));
        }
        let mut seq = self.last_seq.get(&(pattern.to_string(), req.year)).copied().unwrap_or(0);
        let number = loop {
            seq += 1;
            let candidate = pattern.replace("{year}", &req.year.to_string()).replace("{n}", &seq.to_string());
            if !self.by_number.contains_key(&candidate) {
                break candidate;
            }
        };
        self.insert(Entry {
            number: number.clone(),
            pattern: pattern.to_string(),
            year: req.year,
            seq,
            recipient: req.recipient.to_string(),
            task: req.task.to_string(),
            key: req.key.to_string(),
        });
        Ok(number)
    }

    fn claim(&mut self, given: &str, req: &Request<'_>) -> Result<String, Diagnostic> {
        if let Some(&i) = self.by_number.get(given)
            && let Some(e) = self.entries.get(i)
        {
            if e.key == req.key {
                return Ok(given.to_string());
            }
            return Err(Diagnostic::error(
                "number-taken",
                req.location.clone(),
                format!("文号“{given}”已发给{}（{}），不能重复使用", e.recipient, e.task),
            )
            .hint(format!("清空“编号”列让 gongwen 自动编号，或改用未使用的文号；已用文号见 {}", self.path.display())));
        }
        self.insert(Entry {
            number: given.to_string(),
            pattern: String::new(),
            year: req.year,
            seq: 0,
            recipient: req.recipient.to_string(),
            task: req.task.to_string(),
            key: req.key.to_string(),
        });
        Ok(given.to_string())
    }

    /// The file's text: a BOM, the header, one line per number.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        write_record(&mut out, HEADER.iter().map(|s| s.to_string()));
        for e in &self.entries {
            write_record(
                &mut out,
                [
                    e.number.clone(),
                    e.pattern.clone(),
                    e.year.to_string(),
                    e.seq.to_string(),
                    e.recipient.clone(),
                    e.task.clone(),
                    e.key.clone(),
                ]
                .into_iter(),
            );
        }
        out
    }
}

fn write_record(out: &mut String, fields: impl Iterator<Item = String>) {
    let quoted: Vec<String> = fields
        .map(|f| if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f })
        .collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

/// RFC 4180 records: `"` quotes fields, `""` is a quote inside one, CRLF or LF ends a record.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATTERN: &str = "陵双减督〔{year}〕{n}号";

    fn req<'a>(key: &'a str, loc: &'a Location) -> Request<'a> {
        Request { key, given: None, year: 2021, recipient: "县文旅局", task: "排查", location: loc }
    }

    #[test]
    fn numbers_continue_after_the_highest_issued() {
        let loc = Location::default();
        let mut r = Registry::empty(Path::new("编号登记.csv"));
        assert_eq!(r.assign(PATTERN, &req("a", &loc)).expect("a"), "陵双减督〔2021〕1号");
        assert_eq!(r.assign(PATTERN, &req("b", &loc)).expect("b"), "陵双减督〔2021〕2号");
        let again = Registry::parse(&r.to_csv(), Path::new("编号登记.csv")).expect("parse");
        let mut again = again;
        assert!(!again.changed());
        assert_eq!(again.assign(PATTERN, &req("c", &loc)).expect("c"), "陵双减督〔2021〕3号");
        assert!(again.changed());
    }

    #[test]
    fn the_same_row_keeps_its_number_across_runs() {
        let loc = Location::default();
        let mut r = Registry::empty(Path::new("x.csv"));
        let first = r.assign(PATTERN, &req("a", &loc)).expect("a");
        r.assign(PATTERN, &req("b", &loc)).expect("b");
        let mut again = Registry::parse(&r.to_csv(), Path::new("x.csv")).expect("parse");
        assert_eq!(again.assign(PATTERN, &req("a", &loc)).expect("a"), first);
        assert!(!again.changed());
    }

    #[test]
    fn a_given_number_cannot_be_taken_twice() {
        let loc = Location::default();
        let mut r = Registry::empty(Path::new("x.csv"));
        let mut q = req("a", &loc);
        q.given = Some("陵双减督〔2021〕2号");
        r.assign(PATTERN, &q).expect("given");
        // Automatic numbering skips a number given by hand.
        assert_eq!(r.assign(PATTERN, &req("b", &loc)).expect("b"), "陵双减督〔2021〕1号");
        assert_eq!(r.assign(PATTERN, &req("c", &loc)).expect("c"), "陵双减督〔2021〕3号");
        let mut other = req("d", &loc);
        other.given = Some("陵双减督〔2021〕2号");
        assert_eq!(r.assign(PATTERN, &other).unwrap_err().code, "number-taken");
    }

    #[test]
    fn csv_round_trips_quotes_commas_and_line_breaks() {
        let text = "a,\"b,\"\"c\"\"\",\"d\ne\"\r\nf\n";
        assert_eq!(parse_csv(text), vec![vec!["a", "b,\"c\"", "d\ne"], vec!["f"]]);
        let mut out = String::new();
        write_record(&mut out, ["b,\"c\"".to_string(), "x".to_string()].into_iter());
        assert_eq!(parse_csv(&out), vec![vec!["b,\"c\"", "x"]]);
    }

    #[test]
    fn a_corrupt_line_is_located() {
        let e = Registry::parse("文号,编号模式,年度,序号\nX,P,二〇二一,1\n", Path::new("编号登记.csv")).unwrap_err();
        assert_eq!(e.iter().next().map(|d| d.location.line), Some(Some(2)));
    }
}
