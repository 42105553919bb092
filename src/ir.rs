//! The Document IR: one 公文 as data, between composition and the writers.
//!
//! A [`Document`] holds the elements GB/T 9704-2012 names — 版头, 主体, 附件, 版记 — as text and
//! structure only. It holds **all wording** the reader will see (labels such as `附件：`, `抄送：`,
//! `出席：`, numbering such as `1.` or `一、`, the `印发` suffix), so the PDF and DOCX writers only
//! translate, never re-derive. It holds **no layout**: no fonts, sizes, positions or colours; those
//! follow from the element kinds through `writer::spec`.
//!
//! Input: built by `compose` (templates) or `source` (body-text files). Output: read by
//! `writer::pdf` and `writer::docx`, and dumped as JSON by `--emit ir`.

use serde::{Deserialize, Serialize};

/// The layout family of a document (GB/T 9704 clause 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// 通用格式 (文件格式): red mark 35 mm below the type-area top, red separator under 发文字号.
    #[default]
    Standard,
    /// 信函格式 (函, 督办函): mark 30 mm from the paper top, red double lines, no number on page 1.
    Letter,
    /// 纪要格式: "××纪要" mark, attendance lists.
    Minutes,
    /// A stand-alone 附件 (annex) document: no 版头, only attachment pages.
    Annex,
}

/// One complete document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    /// Layout family.
    pub format: Format,
    /// Metadata (file properties, deterministic ids); never printed on the page.
    pub meta: Meta,
    /// 版头; absent for [`Format::Annex`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Header>,
    /// 标题 (clause 7.3.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Title>,
    /// 主送机关, without the trailing colon (the writer adds `：` as the clause requires it
    /// after the last name; it is punctuation, not wording). Several names are joined in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<String>,
    /// 正文.
    #[serde(default)]
    pub body: Vec<Block>,
    /// Text printed after the main part on a new page with its own title, such as the 方案 a
    /// notice issues (印发…方案). When present, the 附件说明 follows it, since the annexes
    /// belong to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enclosure: Option<Enclosure>,
    /// 附件说明 (clause 7.3.4), e.g. label `附件：` and items `1.`/`陵川县…职责分工`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_note: Option<Hanging>,
    /// 署名 and 成文日期 (clause 7.3.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// 附注, with its parentheses, e.g. `（此件公开发布）` (clause 7.3.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 纪要 attendance: `出席：` / `请假：` / `列席：` blocks (clause 10.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendance: Vec<Hanging>,
    /// 附件, each on new pages after the main part (clause 7.3.7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// 版记 (clause 7.4); 信函 keeps only 抄送.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colophon: Option<Colophon>,
}

/// Document properties, not printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Meta {
    /// Title for the file properties (usually the 标题 on one line).
    pub title: String,
    /// Author for the file properties (the issuer).
    pub author: String,
    /// The document's date (成文日期); used for file timestamps so builds are reproducible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

/// A calendar date without time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Full year, e.g. 2021.
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

impl Date {
    /// `2021年12月13日` — Arabic numerals, no zero padding (GB/T 9704 7.3.5.4).
    pub fn long(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// `12月13日`.
    pub fn month_day(&self) -> String {
        format!("{}月{}日", self.month, self.day)
    }
}

/// 版头 (clause 7.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Header {
    /// 份号, six digits, e.g. `000001`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_number: Option<String>,
    /// 密级和保密期限, e.g. `秘密★1年`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrecy: Option<String>,
    /// 紧急程度, e.g. `特急`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    /// 发文机关标志, e.g. `陵川县人民政府办公室` (信函) or `××县人民政府文件`.
    pub issuer_mark: String,
    /// 发文字号, e.g. `陵政办函〔2021〕45号`; for 纪要 the 期号 (`第3期`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// 签发人 names (上行文); when present the 发文字号 moves left and the names go right.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signers: Vec<String>,
    /// Label for the signers, `签发人：`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signers_label: Option<String>,
    /// 纪要 practice: a line with the compiling office on the left and the date on the right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition_line: Option<SplitLine>,
}

impl Header {
    /// Whether the header ends with the red 分隔线 (7.2.7). GB/T 9704 gives a 纪要 none (10.3);
    /// practice rules its 期号 or 编印 line all the same.
    pub fn separator(&self, format: Format) -> bool {
        format != Format::Minutes || self.edition_line.is_some() || self.doc_number.is_some()
    }
}

/// A line with text flush left and text flush right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SplitLine {
    /// Left part.
    pub left: String,
    /// Right part.
    pub right: String,
}

/// 标题: one or more lines, centred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Title {
    /// Explicit lines. One line means "let the writer wrap it"; several are the author's breaks
    /// (GB/T 9704 7.3.1 wants breaks that keep words whole and the shape symmetric).
    pub lines: Vec<String>,
}

impl Title {
    /// The title as one string, lines joined without separator.
    pub fn joined(&self) -> String {
        self.lines.concat()
    }
}

/// A block of body content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of body text.
    Paragraph(Paragraph),
    /// A table (e.g. the two-column 联络员名单).
    Table(Table),
    /// Lines of names grouped under labels (成员名单: `召集人` / `成员`, or `组长：` …).
    NameList(NameList),
    /// A hanging block: label, then items aligned after the label (e.g. `出席：…`).
    Hanging(Hanging),
    /// A centred line of body-size text (e.g. `督　办　函` on a form, or a sub-heading).
    Centered(#[serde(with = "spans_field")] Vec<Span>),
    /// A flush-right line of body-size text.
    Right(#[serde(with = "spans_field")] Vec<Span>),
    /// `n` empty grid lines (空n行).
    Blank(#[serde(with = "lines_field")] u8),
    /// Start a new page.
    PageBreak,
}

// An internally tagged enum cannot serialise a newtype variant holding a sequence or a number
// (serde: "cannot serialize tagged newtype variant"), so these variants are written as
// `{"kind": "centered", "spans": [...]}` and `{"kind": "blank", "lines": 2}`; the Rust shape
// stays as it is.
mod spans_field {
    use super::Span;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Spans<T> {
        spans: T,
    }

    pub(super) fn serialize<S: Serializer>(spans: &[Span], s: S) -> Result<S::Ok, S::Error> {
        Spans { spans }.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Span>, D::Error> {
        Spans::<Vec<Span>>::deserialize(d).map(|w| w.spans)
    }
}

mod lines_field {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Lines {
        lines: u8,
    }

    pub(super) fn serialize<S: Serializer>(lines: &u8, s: S) -> Result<S::Ok, S::Error> {
        Lines { lines: *lines }.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
        Lines::deserialize(d).map(|w| w.lines)
    }
}

/// A body paragraph. Headings are paragraphs whose first span has a heading role; the level is
/// kept for navigation (DOCX outline levels, PDF bookmarks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Paragraph {
    /// 公文 heading level (1 = `一、`, 2 = `（一）`, 3 = `1.`, 4 = `（1）`), if this paragraph
    /// is or starts with a heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// First-line indent. Body paragraphs indent two characters (7.3.3).
    #[serde(default)]
    pub indent: Indent,
    /// The text.
    pub spans: Vec<Span>,
}

/// First-line treatment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Indent {
    /// Two characters (the 公文 default).
    #[default]
    FirstLine,
    /// Flush left (主送, continuation forms).
    None,
}

/// A run of text with a role. The role picks the font (via `writer::spec`), never the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Span {
    /// Ordinary text in the element's font (仿宋 in the body).
    Text {
        /// The characters, printed literally.
        text: String,
    },
    /// Heading text of a level: 1 → 黑体, 2 → 楷体, 3/4 → 仿宋 (7.3.3).
    Heading {
        /// 1–4.
        level: u8,
        /// The characters, including the numbering (`一、`, `（一）…。`).
        text: String,
    },
    /// Emphasised text (黑体), e.g. role labels in lists; never bold.
    Strong {
        /// The characters.
        text: String,
    },
    /// A form blank to fill in by hand: an underline `width` characters wide.
    Blank {
        /// Width in characters of the surrounding text.
        width: u8,
    },
}

impl Span {
    /// Plain body text.
    pub fn text(s: impl Into<String>) -> Self {
        Span::Text { text: s.into() }
    }

    /// The printed characters (blanks give full-width spaces of their width).
    pub fn plain(&self) -> String {
        match self {
            Span::Text { text } | Span::Heading { text, .. } | Span::Strong { text } => text.clone(),
            Span::Blank { width } => "\u{3000}".repeat(*width as usize),
        }
    }
}

/// A label and items printed after it, wrapped lines aligned after the label (附件说明,
/// 抄送, 出席). With several items each starts a new line aligned under the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Hanging {
    /// The label with its colon, e.g. `附件：`, `抄送：`, `出席：`.
    pub label: String,
    /// The items.
    pub items: Vec<HangingItem>,
}

/// One item of a [`Hanging`] block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HangingItem {
    /// Numbering before the text, e.g. `1.`; wrapped lines align with the text, not the marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// The text.
    pub text: String,
}

/// A table. Cell text is plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Table {
    /// Relative column widths (e.g. `[1, 3]`).
    pub widths: Vec<u16>,
    /// Header row, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Vec<String>>,
    /// Body rows; each has `widths.len()` cells.
    pub rows: Vec<Vec<String>>,
    /// Whether to draw cell borders.
    #[serde(default)]
    pub ruled: bool,
}

impl Table {
    /// The relative width of every column: one column per cell of the widest row (at least
    /// `widths.len()`), `widths` where given (at least 1), else 1.
    pub fn column_weights(&self) -> Vec<u16> {
        let cols = self.widths.len().max(self.rows.iter().map(Vec::len).max().unwrap_or(1)).max(1);
        (0..cols).map(|i| self.widths.get(i).copied().unwrap_or(1).max(1)).collect()
    }
}

/// Names grouped under role labels, as in 成员名单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NameList {
    /// How labels sit relative to names.
    pub style: NameListStyle,
    /// The groups, in order.
    pub groups: Vec<NameGroup>,
}

/// Placement of group labels in a [`NameList`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NameListStyle {
    /// Label on its own line (黑体), names below (附件2: `召集人` / `成　员`).
    #[default]
    Stacked,
    /// Label run-in before the first name, later names aligned under it (附件4: `组　长：`).
    Inline,
}

/// One labelled group of a [`NameList`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NameGroup {
    /// The role label as printed, e.g. `召集人`, `成　员`, `组　长：`.
    pub label: String,
    /// The people.
    pub entries: Vec<NameEntry>,
}

/// One person in a list: the name (already padded, `王　刚`) and the unit + title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NameEntry {
    /// Name as printed.
    pub name: String,
    /// Unit and title as printed, e.g. `县教育局局长`.
    pub post: String,
}

/// 署名 and 成文日期.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Signature {
    /// 发文机关署名, one or more (joint documents: sponsor first).
    pub issuers: Vec<String>,
    /// 成文日期 as printed, `2021年12月13日`.
    pub date: String,
    /// Sealed (7.3.5.1: date right-indented 4 chars, 署名 centred over it) or unsealed
    /// (7.3.5.2: 署名 right-indented 2 chars, date 2 chars further right).
    #[serde(default)]
    pub sealed: bool,
}

/// A titled text appended after the main part (see [`Document::enclosure`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Enclosure {
    /// Title, set like the main title.
    pub title: Title,
    /// Content.
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// One 附件.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Attachment {
    /// The marker printed on line 1 in 黑体: `附件1`, or `附件` when there is only one.
    pub label: String,
    /// Title on line 3, centred; must equal the 附件说明 entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Title>,
    /// Content.
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// 版记 (7.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Colophon {
    /// 主送 moved here when it would crowd the first page (7.3.2), label `主送：`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Hanging>,
    /// 抄送, label `抄送：`, text ending with `。`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cc: Option<Hanging>,
    /// 印发机关, printed flush left (one character in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printer: Option<String>,
    /// 印发日期 with its suffix, `2021年12月13日印发`, printed flush right (one character in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed: Option<String>,
}

impl Document {
    /// All printed text in reading order, one entry per line-level element; used by tests and
    /// by the DOCX/PDF parity check.
    pub fn plain_text(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(h) = &self.header {
            out.extend(h.copy_number.clone());
            out.extend(h.secrecy.clone());
            out.extend(h.urgency.clone());
            out.push(h.issuer_mark.clone());
            out.extend(h.doc_number.clone());
        }
        if let Some(t) = &self.title {
            out.push(t.joined());
        }
        if let Some(r) = &self.recipients {
            out.push(format!("{r}："));
        }
        blocks_text(&self.body, &mut out);
        let note_after_enclosure = self.enclosure.is_some();
        if !note_after_enclosure && let Some(n) = &self.attachment_note {
            hanging_text(n, &mut out);
        }
        for a in &self.attendance {
            hanging_text(a, &mut out);
        }
        if let Some(s) = &self.signature {
            out.extend(s.issuers.iter().cloned());
            out.push(s.date.clone());
        }
        out.extend(self.note.clone());
        if let Some(e) = &self.enclosure {
            out.push(e.title.joined());
            blocks_text(&e.blocks, &mut out);
            if let Some(n) = &self.attachment_note {
                hanging_text(n, &mut out);
            }
        }
        for a in &self.attachments {
            out.push(a.label.clone());
            if let Some(t) = &a.title {
                out.push(t.joined());
            }
            blocks_text(&a.blocks, &mut out);
        }
        if let Some(c) = &self.colophon {
            if let Some(r) = &c.recipients {
                hanging_text(r, &mut out);
            }
            if let Some(cc) = &c.cc {
                hanging_text(cc, &mut out);
            }
            out.extend(c.printer.clone());
            out.extend(c.printed.clone());
        }
        out
    }
}

fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(Span::plain).collect()
}

fn hanging_text(h: &Hanging, out: &mut Vec<String>) {
    for (i, item) in h.items.iter().enumerate() {
        let label = if i == 0 { h.label.as_str() } else { "" };
        let marker = item.marker.as_deref().unwrap_or("");
        out.push(format!("{label}{marker}{}", item.text));
    }
}

fn blocks_text(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => out.push(spans_text(&p.spans)),
            Block::Centered(s) | Block::Right(s) => out.push(spans_text(s)),
            Block::Table(t) => {
                if let Some(h) = &t.header {
                    out.push(h.concat());
                }
                for r in &t.rows {
                    out.push(r.concat());
                }
            }
            Block::NameList(l) => {
                for g in &l.groups {
                    out.push(g.label.clone());
                    for e in &g.entries {
                        out.push(format!("{}{}", e.name, e.post));
                    }
                }
            }
            Block::Hanging(h) => hanging_text(h, out),
            Block::Blank(_) | Block::PageBreak => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_without_zero_padding() {
        let d = Date { year: 2022, month: 1, day: 5 };
        assert_eq!(d.long(), "2022年1月5日");
        assert_eq!(d.month_day(), "1月5日");
    }

    #[test]
    fn every_block_kind_round_trips_through_json() {
        let body = vec![
            Block::Centered(vec![Span::text("督　办　函")]),
            Block::Right(vec![Span::text("右")]),
            Block::Blank(2),
            Block::PageBreak,
        ];
        let doc = Document { body, ..Default::default() };
        let json = serde_json::to_string(&doc).expect("serialise");
        assert!(json.contains(r#"{"kind":"blank","lines":2}"#), "{json}");
        assert!(json.contains(r#"{"kind":"centered","spans":[{"role":"text","text":"督　办　函"}]}"#), "{json}");
        let back: Document = serde_json::from_str(&json).expect("parse");
        assert_eq!(doc, back);
    }

    #[test]
    fn ir_round_trips_through_json() {
        let doc = Document {
            format: Format::Letter,
            title: Some(Title { lines: vec!["关于…的通知".into()] }),
            body: vec![Block::Paragraph(Paragraph {
                level: Some(2),
                indent: Indent::FirstLine,
                spans: vec![Span::Heading { level: 2, text: "（一）会议决策制度。".into() }, Span::text("正文")],
            })],
            ..Default::default()
        };
        let json = serde_json::to_string(&doc).expect("serialise");
        let back: Document = serde_json::from_str(&json).expect("parse");
        assert_eq!(doc, back);
    }
}
