//! Body-text documents (`documents/*.md`) into the Document IR.
//!
//! A document is TOML front matter between `---` lines (the 版头, 标题, 主送, 署名, 版记 …
//! fields, with Chinese keys), then the body: **one paragraph per line**, so a clerk can paste
//! text from an existing notice. 公文 heading levels are recognised from their numbering
//! (GB/T 9704 7.3.3): `一、…` level 1 (黑体), `（一）…。` level 2 (楷体, run-in up to the first
//! `。`), `1.`/`1．` level 3 and `（1）` level 4 (仿宋); the heading part of a numbered line runs up
//! to and including its first `。`, or is the whole line, except that a `一、` line containing a
//! `。` is a numbered sentence and stays a plain paragraph. Lines starting with `@` are directives
//! (`@方案`, `@附件`, `@名单`, `@居中`, …), lines starting with `|` are table rows, and runs of
//! `__` are form blanks. `\` makes the next character literal.
//!
//! [`escape`] is what `compose` applies to every data value inserted into template output: the
//! value then comes out verbatim as text and cannot create or change structure. Templates render
//! to this same format, so a template and a hand-written document are read by the same code.
//!
//! Stage: text → `ir::Document` plus the list of generated contents to include ([`Include`]),
//! which `build` fills (or reports). This module reads no files and no configuration: defaults
//! from `gongwen.toml` come in as [`Defaults`].

mod body;
mod front;
mod line;

pub use front::parse_date;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::{
    Attachment, Block, Colophon, Date, Document, Enclosure, Format, Hanging, HangingItem, Header, Meta, Signature,
    SplitLine, Title,
};
use std::path::Path;

/// Values a document may leave out, taken from `gongwen.toml` by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    /// 发文机关标志 when the front matter has none.
    pub issuer_mark: Option<String>,
    /// 署名 when the front matter has a 成文日期 but no 署名.
    pub issuer_name: Option<String>,
    /// 成文日期 when the front matter has a 署名 but no date.
    pub date: Option<Date>,
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The IR, without the generated contents of [`Parsed::includes`].
    pub document: Document,
    /// Generated contents to insert (e.g. `@名单 联络员`), in source order.
    pub includes: Vec<Include>,
    /// Problems that do not stop the build (e.g. half-width parentheses in heading numbers).
    pub warnings: Diagnostics,
}

/// A place where generated content goes (an `@名单` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// What to generate.
    pub kind: IncludeKind,
    /// Where the generated blocks go.
    pub at: Position,
    /// The directive's file, line and column, for messages.
    pub location: Location,
}

/// Kinds of generated content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeKind {
    /// A member list from the roster: `name` is the roster column of the list (`gongwen.toml`
    /// `[[lists]] column`), e.g. `联络员`.
    List {
        /// The list's roster column.
        name: String,
    },
    /// The 职责分工 from the duties workbook (`@职责分工`).
    Duties,
}

/// A position among the blocks of a document part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Which part.
    pub part: Part,
    /// Insert before the block with this index (equal to the length: at the end).
    pub index: usize,
}

/// A part of a document that holds blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// 正文.
    Body,
    /// The 方案 after the main part.
    Enclosure,
    /// The attachment with this 0-based index.
    Attachment(usize),
}

impl Part {
    /// The blocks of this part in `doc`, if the part exists.
    pub fn blocks_mut<'d>(&self, doc: &'d mut Document) -> Option<&'d mut Vec<Block>> {
        match self {
            Part::Body => Some(&mut doc.body),
            Part::Enclosure => doc.enclosure.as_mut().map(|e| &mut e.blocks),
            Part::Attachment(i) => doc.attachments.get_mut(*i).map(|a| &mut a.blocks),
        }
    }
}

/// Characters that are structural somewhere in a line, so always escaped in data.
const SPECIAL: &[char] = &['\\', '_', '|', '@', '。'];

/// Escape a data value for insertion anywhere in a body line: it then reads back verbatim as
/// text (line breaks become spaces) and cannot create or change structure — no directive, table
/// row or cell, heading, run-in boundary, form blank or paragraph break.
///
/// Why it is enough: every structural decision looks only at unescaped characters. The value's
/// `\ _ | @ 。` are escaped wherever they are; its first character is always escaped, and every
/// structure that is recognised from the start of a line or cell (`@` directives, `|` rows, heading
/// numbering, `---` header rules) is a contiguous run that would have to include it; white space
/// at its ends is escaped so trimming cannot remove it.
pub fn escape(value: &str) -> String {
    let flat: Vec<char> =
        value.replace("\r\n", " ").chars().map(|c| if c == '\r' || c == '\n' { ' ' } else { c }).collect();
    let lead = flat.iter().take_while(|c| c.is_whitespace()).count();
    let trail = flat.len() - flat.iter().rev().take_while(|c| c.is_whitespace()).count();
    let mut out = String::with_capacity(value.len() + 8);
    for (i, &c) in flat.iter().enumerate() {
        if i == 0 || i < lead || i >= trail || SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A value as a TOML basic string (with its quotes), for inserting data into front matter:
/// it reads back as exactly the value, with line breaks turned into spaces (a line break in
/// `标题` would otherwise be an explicit title break).
pub fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.replace("\r\n", " ").chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Parse a body-text document. All problems are collected; on any error the result is `Err`
/// with every error (and the warnings).
pub fn parse(text: &str, file: &Path, defaults: &Defaults) -> Result<Parsed, Diagnostics> {
    let mut diags = Diagnostics::new();
    let front::Parts { front, body: body_text, body_line } = front::split(text, file)?;
    let fields = match front {
        Some((front_text, span)) => match front::parse(front_text, span, file) {
            Ok(f) => Some((f, front_text)),
            Err(d) => {
                diags.push(d);
                None
            }
        },
        None => Some((front::Front::default(), "")),
    };
    let body = body::parse(body_text, body_line, file, &mut diags);
    let mut document = Document { body: body.body, ..Document::default() };
    if let Some((f, front_text)) = fields {
        let at_key = |keys: &[&str]| Location::file(file).line(key_line(front_text, keys), None);
        apply_front(&mut document, f, defaults, &at_key, &mut diags);
    }
    document.enclosure = body.enclosure.map(|(title, blocks)| Enclosure { title, blocks });
    attach(&mut document, body.attachments);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Parsed { document, includes: body.includes, warnings: diags })
}

/// The 1-based file line of the first of `keys` in the front matter (line 1 if absent).
fn key_line(front_text: &str, keys: &[&str]) -> usize {
    front_text
        .lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('"');
            keys.iter().any(|k| {
                l.strip_prefix(k).is_some_and(|r| r.trim_start().trim_start_matches('"').trim_start().starts_with('='))
            })
        })
        .map_or(1, |i| i + 2)
}

/// The front matter fields into the document.
fn apply_front(
    doc: &mut Document,
    f: front::Front,
    defaults: &Defaults,
    at_key: &dyn Fn(&[&str]) -> Location,
    diags: &mut Diagnostics,
) {
    doc.format = f.format.map(Format::from).unwrap_or_default();
    let mut date_of = |value: &Option<front::DateValue>, keys: &[&str]| -> Option<Date> {
        let v = value.as_ref()?;
        let d = v.date();
        if d.is_none() {
            diags.push(
                Diagnostic::error("date-invalid", at_key(keys), format!("{}“{}”不是有效日期", keys[0], v.written()))
                    .hint("写成 2021年12月13日 或 2021-12-13"),
            );
        }
        d
    };
    let date = date_of(&f.date, &["成文日期", "date"]);
    let printed = date_of(&f.printed, &["印发日期", "printed"]);
    let edition_date = date_of(&f.edition_date, &["编印日期", "edition_date"]);
    let date_given = f.date.is_some();

    let mark = f.issuer_mark.clone().or_else(|| defaults.issuer_mark.clone()).or_else(|| defaults.issuer_name.clone());
    if doc.format != Format::Annex {
        match mark {
            Some(issuer_mark) => {
                let signers = f.signers.as_ref().map(|s| s.items()).unwrap_or_default();
                doc.header = Some(Header {
                    copy_number: f.copy_number.as_ref().map(|c| c.text()),
                    secrecy: f.secrecy.clone(),
                    urgency: f.urgency.clone(),
                    issuer_mark,
                    doc_number: f.doc_number.clone(),
                    signers_label: (!signers.is_empty()).then(|| "签发人：".to_owned()),
                    signers,
                    // 纪要 practice: 编印单位 left, its date right (FORMAT.md 11.3).
                    edition_line: f.edition_office.clone().map(|left| SplitLine {
                        left,
                        right: edition_date.as_ref().map(Date::long).unwrap_or_default(),
                    }),
                });
            }
            None => diags.push(
                Diagnostic::error("issuer-mark-missing", at_key(&["格式", "format"]), "缺少发文机关标志")
                    .hint("在文件头写 发文机关标志 = \"…\"，或在 gongwen.toml 的 [issuer] 写 name")
                    .hint("只有附件、没有版头的文件写 格式 = \"附件\""),
            ),
        }
    }
    if let Some(n) = &f.doc_number
        && n.contains(['[', ']', '【', '】', '(', ')', '（', '）'])
    {
        diags.push(
            Diagnostic::warning(
                "doc-number-brackets",
                at_key(&["发文字号", "doc_number"]),
                format!("发文字号“{n}”的年份括号不规范"),
            )
            .hint("GB/T 9704 7.2.4：年份用六角括号〔〕，例如 陵政办函〔2021〕45号"),
        );
    }
    doc.title = f.title.as_ref().map(|t| Title { lines: t.lines() }).filter(|t| !t.lines.is_empty());
    doc.recipients = f.recipients.as_ref().map(|r| {
        let joined = r.items().join("、");
        joined.trim().trim_end_matches([':', '：']).to_owned()
    });
    if f.issuers.is_some() || date_given {
        let issuers = f
            .issuers
            .as_ref()
            .map(|i| i.lines())
            .or_else(|| defaults.issuer_name.clone().map(|n| vec![n]))
            .unwrap_or_default();
        let date = if date_given { date } else { defaults.date };
        if issuers.is_empty() {
            diags.push(
                Diagnostic::error("signature-missing", at_key(&["成文日期", "date"]), "有成文日期但缺少署名")
                    .hint("在文件头写 署名 = \"…\"，或在 gongwen.toml 的 [issuer] 写 name"),
            );
        }
        match date {
            Some(d) => {
                doc.signature = Some(Signature { issuers, date: d.long(), sealed: f.sealed.unwrap_or(false) });
                doc.meta.date = Some(d);
            }
            None if !date_given => diags.push(
                Diagnostic::error("date-missing", at_key(&["署名", "issuers"]), "有署名但缺少成文日期")
                    .hint("在文件头写 成文日期 = \"2021年12月13日\""),
            ),
            None => {}
        }
    }
    doc.note = f.note.as_ref().map(|n| {
        let n = n.trim();
        if n.starts_with('（') { n.to_owned() } else { format!("（{}）", n.trim_matches(['(', ')'])) }
    });
    for (label, field) in [("出席：", &f.present), ("请假：", &f.absent), ("列席：", &f.attending)] {
        if let Some(v) = field {
            doc.attendance.push(Hanging { label: label.to_owned(), items: vec![item(v.items().join("、"))] });
        }
    }
    let cc = f.cc.as_ref().map(|c| {
        let text = c.items().join("，");
        Hanging { label: "抄送：".to_owned(), items: vec![item(format!("{}。", text.trim_end_matches('。')))] }
    });
    if cc.is_some() || f.printer.is_some() || printed.is_some() {
        doc.colophon = Some(Colophon {
            recipients: None,
            cc,
            printer: f.printer.clone(),
            printed: printed.map(|d| format!("{}印发", d.long())),
        });
    }
    doc.meta = Meta {
        title: doc.title.as_ref().map(Title::joined).unwrap_or_default(),
        author: doc
            .signature
            .as_ref()
            .and_then(|s| s.issuers.first().cloned())
            .or_else(|| doc.header.as_ref().map(|h| h.issuer_mark.clone()))
            .unwrap_or_default(),
        date: doc.meta.date,
    };
}

fn item(text: String) -> HangingItem {
    HangingItem { marker: None, text }
}

/// Label the attachments and write the 附件说明 from their titles, so the two always match
/// (GB/T 9704 7.3.4, 7.3.7): `附件1`… with numbered items, or `附件` with an unnumbered item
/// when there is only one.
fn attach(doc: &mut Document, attachments: Vec<(Title, Vec<Block>)>) {
    let single = attachments.len() == 1;
    let mut items = Vec::new();
    for (i, (title, blocks)) in attachments.into_iter().enumerate() {
        let n = i + 1;
        items.push(HangingItem { marker: (!single).then(|| format!("{n}.")), text: title.joined() });
        let label = if single { "附件".to_owned() } else { format!("附件{n}") };
        doc.attachments.push(Attachment { label, title: Some(title), blocks });
    }
    if !items.is_empty() {
        doc.attachment_note = Some(Hanging { label: "附件：".to_owned(), items });
    }
}

#[cfg(test)]
mod tests;
