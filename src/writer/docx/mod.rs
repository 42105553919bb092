//! The DOCX writer: the Document IR to an editable GB/T 9704 DOCX, with docx-rs.
//!
//! Same elements and geometry as the PDF, from the same IR: A4 with the standard margins, a
//! 22-line grid of 579 twips, styles for every role (正文, 标题, 一级标题 …) so a clerk can
//! restyle a role in Word or WPS, footers with `— PAGE —` fields odd right / even left, and
//! core properties from the IR's metadata. It never re-derives wording: labels, numbering and
//! dates come from the IR as text. Bytes are deterministic: paragraph ids come from a counter
//! per document, zip entries carry the DOS epoch, and dates come from `ir.meta.date`.
//!
//! It does not paginate: Word, WPS or LibreOffice break the pages. Everything is therefore
//! placed so that it holds wherever a break falls (the 版记 is a text box on the bottom of
//! the last page, the 信函 letterhead is in frames on page 1, the 署名 keeps its last body lines
//! with it). The one option that needs page facts, `RenderOptions::even_colophon`, follows
//! the PDF of the same document (`DocxOptions::facts`): the 版记 moves to the next page, or
//! after a blank page, in a last section without page numbers (7.5).
//!
//! Stage: reads `ir::Document` and `RenderOptions`, returns the file's bytes; writing files
//! is the caller's business. docx-rs is used here and nowhere else.
//!
//! Layout: `geometry` (twips and the line model), `styles` (one style per role), `header`
//! (版头, 标题, 主送), `blocks` (body content), `table`, `closing` (附件说明, 署名, 附注, 附件),
//! `colophon` (版记), `draft` (draft marks), `shapes` (text boxes docx-rs cannot write),
//! `package` (core properties, zip).

mod blocks;
mod closing;
mod colophon;
mod draft;
mod geometry;
mod header;
mod package;
mod shapes;
mod styles;
mod table;

use crate::cli::DocxFonts;
use crate::diag::Diagnostic;
use crate::ir;
use crate::writer::{PageFacts, RenderOptions};
use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, FieldCharType, Footer, Header, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, Run, SpecialIndentType, Table,
};

/// Options of the DOCX writer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocxOptions {
    /// Which font family names the DOCX asks for: the government fonts (what the recipient's
    /// Word or WPS has) or the bundled Fandol families.
    pub fonts: DocxFonts,
    /// Page facts of the PDF of the same document, which the DOCX follows where a word
    /// processor cannot decide alone (the 版记 on an even page).
    pub facts: PageFacts,
    /// Characters the role fonts lack, with the font that has them (`crate::coverage`): each
    /// is a run of its own naming that font as its East Asian font.
    pub fallbacks: std::collections::BTreeMap<char, String>,
}

/// Write `doc` as DOCX bytes.
///
/// # Errors
/// Only if the DOCX package cannot be assembled (an internal invariant broke); user text can
/// never cause an error, it is always written as text.
pub fn write(doc: &ir::Document, opts: &RenderOptions, docx: &DocxOptions) -> Result<Vec<u8>, Diagnostic> {
    // The runs of every part of the document are made by `scaled_runs`, called from some forty
    // places; they read the fallback fonts of this document from here rather than each taking
    // a parameter. Per thread, so documents written on other threads keep their own.
    let _fallbacks = Fallbacks::set(docx.fallbacks.clone());
    let fonts = styles::Fonts::new(docx.fonts);
    // 7.3.5.5: where the PDF kept the 署名 on the page of the text before it by leaving out
    // the blank line before it, the DOCX leaves it out too, so Word paginates as the PDF does.
    let mut ctx =
        Ctx { fewer_signature_blanks: docx.facts.fitted.is_some_and(|f| f.blank_line_removed), ..Ctx::default() };
    header::front(&mut ctx, doc, opts);
    blocks::blocks(&mut ctx, &doc.body);
    closing::closing(&mut ctx, doc);
    let text_box = doc.colophon.as_ref().and_then(|c| colophon::text_box(&mut ctx, c, doc.format));
    // With `even_colophon` the PDF found how many pages to add before the 版记 (0–2).
    let breaks = if opts.even_colophon && text_box.is_some() { docx.facts.colophon_breaks.min(2) } else { 0 };
    let mut tail = Vec::new();
    if text_box.is_some() {
        if breaks == 2 {
            // A blank page before the 版记's page: both in a section of their own, without
            // page numbers (7.5). The body's section ends with the body.
            let blank = ctx.paragraph().style(styles::BODY).page_break_before(true);
            tail.push(Child::Paragraph(Box::new(blank)));
        }
        ctx.anchor(colophon::placeholder_run(), breaks > 0);
        if breaks == 2 {
            tail.extend(ctx.children.pop());
        }
    }
    let letter = doc.format == ir::Format::Letter;
    let (odd, even, first) = (footer(&mut ctx, true), footer(&mut ctx, false), ctx.paragraph());
    let marks: Vec<(Paragraph, shapes::Injection)> = match opts.draft.as_deref() {
        Some(banner) => (0..3).map(|k| draft::marks(&mut ctx, &fonts, banner, k)).collect(),
        None => Vec::new(),
    };
    let (distance, _) = geometry::footer();
    let margin = PageMargin {
        top: geometry::margin_top() as i32,
        left: geometry::margin_left() as i32,
        bottom: geometry::margin_bottom() as i32,
        right: geometry::margin_right() as i32,
        header: geometry::HEADER_DISTANCE as i32,
        footer: distance as i32,
        gutter: 0,
    };
    let mut out = Docx::new()
        .styles(styles::styles(&fonts))
        .page_size(geometry::page_width() as u32, geometry::page_height() as u32)
        .page_margin(margin)
        .footer(Footer::new().add_paragraph(odd))
        .even_footer(Footer::new().add_paragraph(even));
    // A "lines" grid: 28 characters come from the −0.25 pt run spacing of 正文, because
    // LibreOffice draws a `linesAndChars` grid with each 16 pt glyph over two cells (14 a line).
    out.document = std::mem::take(&mut out.document)
        .doc_grid(DocGrid::new().grid_type(DocGridType::Lines).line_pitch(geometry::PITCH as usize).char_space(0));
    if letter {
        // 信函: no page number on the first page (10.1).
        out = out.first_footer(Footer::new().add_paragraph(first)).title_pg();
    }
    // Draft marks on every page: default, even and (信函) first-page headers.
    let mut header_injections = Vec::new();
    let mut marks = marks.into_iter();
    if let (Some((odd, i1)), Some((even, i2)), Some((first, i3))) = (marks.next(), marks.next(), marks.next()) {
        out = out.header(Header::new().add_paragraph(odd)).even_header(Header::new().add_paragraph(even));
        header_injections.extend([i1, i2]);
        if letter {
            out = out.first_header(Header::new().add_paragraph(first));
            header_injections.push(i3);
        }
    }
    // With a blank page before the 版记, the body's section ends in its last paragraph.
    let body_end = match ctx.children.last() {
        Some(Child::Paragraph(p)) if !tail.is_empty() => Some(p.id.clone()),
        _ => None,
    };
    for child in ctx.children.into_iter().chain(tail) {
        out = match child {
            Child::Paragraph(p) => out.add_paragraph(*p),
            Child::Table(t) => out.add_table(*t),
        };
    }
    package::pack(out, &doc.meta, text_box, header_injections, body_end.as_deref())
}

/// A run of text. Characters XML 1.0 cannot hold (C0 controls other than tab and line feed,
/// e.g. a vertical tab pasted into a spreadsheet cell) are dropped: Word refuses a file that
/// contains them. Everything else, markup-looking text included, is written as text. For
/// fixed wording without curly quotes; text from the IR goes through [`text_runs`].
pub(super) fn text_run(text: impl AsRef<str>) -> Run {
    Run::new().add_text(clean(text.as_ref()))
}

/// The runs of a piece of text: as [`text_run`], except that each stretch of curly quotes is
/// a run of its own marked East Asian (`w:hint="eastAsia"`), so that Word, WPS and LibreOffice
/// set “ ” ‘ ’ full width from the CJK font, as GB/T 15834 and the PDF have them, not from a
/// Latin font half as wide. Never narrowed: a squeezed glyph is no half-width mark. Text without
/// quotes stays one run.
pub(super) fn text_runs(text: impl AsRef<str>) -> Vec<Run> {
    scaled_runs(text.as_ref(), 100)
}

thread_local! {
    static FALLBACKS: std::cell::RefCell<std::collections::BTreeMap<char, String>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

/// The fallback fonts of the document being written on this thread, cleared when dropped.
struct Fallbacks;

impl Fallbacks {
    fn set(map: std::collections::BTreeMap<char, String>) -> Fallbacks {
        FALLBACKS.with(|f| *f.borrow_mut() = map);
        Fallbacks
    }
}

impl Drop for Fallbacks {
    fn drop(&mut self) {
        FALLBACKS.with(|f| f.borrow_mut().clear());
    }
}

/// How a stretch of text is written: plain, curly quotes (East Asian hint), or a character the
/// role fonts lack, named with the font that has it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Plain,
    Quotes,
    Fallback(String),
}

fn piece_of(c: char) -> Piece {
    if geometry::is_quote(c) {
        return Piece::Quotes;
    }
    FALLBACKS.with(|f| f.borrow().get(&c).cloned()).map(Piece::Fallback).unwrap_or(Piece::Plain)
}

/// [`text_runs`] narrowed to `scale` percent (`w:w`; a long issuer mark narrowed to the block
/// width, as the PDF narrows it).
pub(super) fn scaled_runs(text: &str, scale: i32) -> Vec<Run> {
    let text = clean(text);
    let run = |piece: &str, kind: &Piece| {
        let mut r = Run::new().add_text(piece);
        match kind {
            Piece::Plain => {}
            Piece::Quotes => r = r.fonts(docx_rs::RunFonts::new().hint("eastAsia")),
            // Word and WPS take a CJK character from the East Asian font; the style's
            // 仿宋_GB2312 has no 喆, so the run names the font that has it.
            Piece::Fallback(font) => r = r.fonts(docx_rs::RunFonts::new().east_asia(font).hint("eastAsia")),
        }
        if scale == 100 { r } else { r.stretch(scale) }
    };
    let plain = FALLBACKS.with(|f| f.borrow().is_empty()) && !text.contains(geometry::is_quote);
    if plain {
        return vec![run(&text, &Piece::Plain)];
    }
    let mut runs = Vec::new();
    let mut rest = text.as_str();
    while let Some(first) = rest.chars().next() {
        let kind = piece_of(first);
        let end = rest.find(|c| piece_of(c) != kind).unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(end);
        runs.push(run(piece, &kind));
        rest = tail;
    }
    runs
}

/// [`text_runs`], each run in character style `style`.
pub(super) fn styled_runs(text: impl AsRef<str>, style: &str) -> Vec<Run> {
    text_runs(text).into_iter().map(|r| r.style(style)).collect()
}

/// Appending several runs to a paragraph.
pub(super) trait AddRuns {
    /// `self` with `runs` added at the end, in order.
    fn add_runs(self, runs: Vec<Run>) -> Self;
}

impl AddRuns for Paragraph {
    fn add_runs(self, runs: Vec<Run>) -> Self {
        runs.into_iter().fold(self, Paragraph::add_run)
    }
}

/// `text` without the characters XML 1.0 forbids.
pub(super) fn clean(text: &str) -> String {
    text.chars().filter(|&c| !(c < ' ' && c != '\t' && c != '\n') && c != '\u{FFFE}' && c != '\u{FFFF}').collect()
}

/// `— N —` in 4号宋体 (7.5): odd pages right-aligned one character in, even pages left.
fn footer(ctx: &mut Ctx, odd: bool) -> Paragraph {
    let ch = geometry::small_char() as i32;
    let (align, left, right) = if odd { (AlignmentType::Right, 0, ch) } else { (AlignmentType::Left, ch, 0) };
    ctx.paragraph()
        .style(styles::PAGE_NUMBER)
        .align(align)
        .indent(Some(left), Some(SpecialIndentType::FirstLine(0)), Some(right), None)
        .add_run(text_run("— "))
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(text_run("1"))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
        .add_run(text_run(" —"))
}

/// Body content in document order.
enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The document being built: its children, the paragraph-id counter and a pending page break.
#[derive(Default)]
struct Ctx {
    children: Vec<Child>,
    next_id: u32,
    page_break: bool,
    /// One blank line fewer before the 署名 (the PDF's 7.3.5.5 fitting).
    fewer_signature_blanks: bool,
}

impl Ctx {
    /// A new paragraph with the next id: docx-rs numbers paragraphs from a thread-local
    /// counter, which would make the bytes depend on what the thread wrote before.
    fn paragraph(&mut self) -> Paragraph {
        self.next_id += 1;
        Paragraph::new().id(format!("{:08X}", 0x1000_0000 + self.next_id))
    }

    /// Append a paragraph (starting a new page if one was asked for).
    fn push(&mut self, mut p: Paragraph) {
        if std::mem::take(&mut self.page_break) {
            p = p.page_break_before(true);
        }
        self.children.push(Child::Paragraph(Box::new(p)));
    }

    /// Append a table; a pending page break goes on an empty paragraph before it.
    fn push_table(&mut self, t: Table) {
        if self.page_break {
            let p = self.paragraph().style(styles::RULE);
            self.push(p);
        }
        self.children.push(Child::Table(Box::new(t)));
    }

    /// `n` empty grid lines.
    fn blank(&mut self, n: usize) {
        for _ in 0..n {
            let p = self.paragraph().style(styles::BODY);
            self.push(p);
        }
    }

    /// Keep the last paragraph on the page of the next one; with widow control its last two
    /// lines go over together, as the PDF carries them (7.3.5.5).
    fn keep_last_with_next(&mut self) {
        if let Some(Child::Paragraph(p)) = self.children.last_mut() {
            let taken = std::mem::take(p.as_mut());
            **p = taken.keep_next(true).widow_control(true);
        }
    }

    /// Start the next paragraph on a new page.
    fn page_break(&mut self) {
        self.page_break = true;
    }

    /// Run `f` and return the paragraphs it pushed instead of keeping them in the body.
    fn capture(&mut self, f: impl FnOnce(&mut Ctx)) -> Vec<Paragraph> {
        let kept = std::mem::take(&mut self.children);
        f(self);
        let got = std::mem::replace(&mut self.children, kept);
        got.into_iter()
            .filter_map(|c| match c {
                Child::Paragraph(p) => Some(*p),
                Child::Table(_) => None,
            })
            .collect()
    }

    /// A one-point paragraph at the end holding `run` (the anchor of the 版记 text box). It
    /// has the 版记 style: readers that resolve the box's runs through their anchor paragraph
    /// then see 14 pt, and it carries no text of its own.
    /// The one-point paragraph the 版记 text box hangs from; `new_page` puts it (and so the
    /// 版记) at the bottom of the next page.
    fn anchor(&mut self, run: Run, new_page: bool) {
        let spacing =
            LineSpacing::new().before(0).after(0).line(geometry::RULE_LINE as i32).line_rule(LineSpacingType::Exact);
        let p = self.paragraph().style(styles::COLOPHON).line_spacing(spacing).add_run(run).page_break_before(new_page);
        self.push(p);
    }
}
