//! 版头 (7.2) and the start of 主体: issuer mark, 发文字号, red separator, 信函 letterhead,
//! 标题 (7.3.1) and 主送 (7.3.2).
//!
//! 通用 and 纪要 headers flow from the block top: every paragraph is either a grid line or
//! exactly spaced so that the header ends on a grid line, and the body below stays on the
//! 22-line grid. The 信函 letterhead sits partly above the block, so it is drawn in frames
//! anchored to the page (first page only), with an empty frame that ends on a grid line.

use super::Ctx;
use super::geometry::{self, Frame, PITCH};
use super::styles;
use super::{AddRuns, scaled_runs, styled_runs, text_runs};
use crate::ir::{Document, Format, Header, SplitLine, Title};
use crate::writer::RenderOptions;
use crate::writer::spec;
use docx_rs::{
    AlignmentType, BorderType, BreakType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, SpecialIndentType, Tab, TabValueType, TableCell, TableCellMargins,
    TableLayoutType, TableRow, WidthType,
};

/// The 版头, 标题 and 主送 of `doc`.
pub(super) fn front(ctx: &mut Ctx, doc: &Document, opts: &RenderOptions) {
    match (&doc.header, doc.format) {
        (Some(h), Format::Letter) => letter(ctx, h, opts),
        (Some(h), format) => standard(ctx, h, opts, format),
        (None, _) => {}
    }
    if let Some(t) = &doc.title {
        title(ctx, t);
        ctx.blank(1);
    }
    if let Some(r) = &doc.recipients {
        let p = ctx.paragraph().style(styles::FLUSH).add_runs(text_runs(format!("{r}：")));
        ctx.push(p);
    }
}

/// A title, centred, the author's line breaks kept (7.3.1).
pub(super) fn title(ctx: &mut Ctx, t: &Title) {
    let mut p = ctx.paragraph().style(styles::TITLE);
    for (i, line) in t.lines.iter().enumerate() {
        if i > 0 {
            p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
        }
        p = p.add_runs(text_runs(line));
    }
    ctx.push(p);
}

fn exact(before: i64, line: i64) -> LineSpacing {
    LineSpacing::new().before(before.max(0) as u32).after(0).line(line as i32).line_rule(LineSpacingType::Exact)
}

/// 份号, 密级, 紧急程度: flush left, one grid line each (7.2.1–7.2.3).
fn top_left(h: &Header) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    out.extend(h.copy_number.clone().map(|s| (s, false)));
    out.extend(h.secrecy.clone().map(|s| (s, true)));
    out.extend(h.urgency.clone().map(|s| (s, true)));
    out
}

fn left_runs(text: &str, strong: bool) -> Vec<Run> {
    if strong { styled_runs(text, styles::STRONG) } else { text_runs(text) }
}

/// Horizontal scale (`w:w`, percent) that fits `text` set in `pt` points into the type area:
/// long marks are narrowed, not shrunk (practice, `spec::MARK_PT`).
fn mark_scale(text: &str, pt: f64) -> Option<i32> {
    let need = geometry::char_units(text) * geometry::twips(pt) as f64;
    let width = geometry::text_width() as f64;
    (need > width).then(|| ((width / need) * 100.0).floor() as i32)
}

fn mark_runs(text: &str) -> Vec<Run> {
    scaled_runs(text, mark_scale(text, spec::MARK_PT).unwrap_or(100))
}

/// 通用 and 纪要: mark 35 mm below the block top, 发文字号 two lines under it, the red rule
/// 4 mm under the 文号, the title two lines under the rule.
fn standard(ctx: &mut Ctx, h: &Header, opts: &RenderOptions, format: Format) {
    let left = top_left(h);
    for (text, strong) in &left {
        let p = ctx.paragraph().style(styles::FLUSH).add_runs(left_runs(text, *strong));
        ctx.push(p);
    }
    let place = geometry::mark_placement(spec::MARK_PT, left.len() as i64);
    let mut mark = ctx.paragraph().style(styles::MARK).line_spacing(exact(place.before, place.line));
    if !opts.preprinted_letterhead {
        mark = mark.add_runs(mark_runs(&h.issuer_mark));
    }
    ctx.push(mark);
    // 发文字号 "编排在发文机关标志下空二行位置" (7.2.5).
    ctx.blank(2);
    if let Some(n) = &h.doc_number {
        let p = doc_number_line(ctx, n, h);
        ctx.push(p);
    }
    if let Some(e) = &h.edition_line {
        if h.doc_number.is_some() {
            ctx.blank(1);
        }
        split_line(ctx, e);
    }
    if h.doc_number.is_none() && h.edition_line.is_none() {
        ctx.blank(1);
    }
    let draw = !opts.preprinted_letterhead && h.separator(format);
    // The red rule is the bottom border of a one-point paragraph under the last header line,
    // 4 mm under its em box (7.2.7); a filler gives the rule's height back so the title and
    // the body stay on the grid. Pre-printed paper: no rule, same space.
    let (space, eighths) = geometry::separator_border();
    let mut rule = ctx.paragraph().style(styles::RULE);
    let mut used = geometry::RULE_LINE;
    if draw {
        rule = rule.set_borders(ParagraphBorders::with_empty().set(red_border(
            ParagraphBorderPosition::Bottom,
            eighths,
            space,
        )));
        used += geometry::border_height(space, eighths);
    }
    ctx.push(rule);
    let filler = ctx.paragraph().style(styles::RULE).line_spacing(exact(0, PITCH - used));
    ctx.push(filler);
    // 标题 "编排于红色分隔线下空二行位置" (7.3.1): the rule's line is the first blank line.
    ctx.blank(1);
}

fn red_border(pos: ParagraphBorderPosition, eighths: usize, space: usize) -> ParagraphBorder {
    let (r, g, b) = spec::RED_RGB;
    ParagraphBorder::new(pos).val(BorderType::Single).size(eighths).space(space).color(format!("{r:02X}{g:02X}{b:02X}"))
}

/// 发文字号 centred; with 签发人 (上行文, 7.2.6) the 文号 goes left one character in and the
/// signers right one character in, on the same line.
fn doc_number_line(ctx: &mut Ctx, number: &str, h: &Header) -> Paragraph {
    let p = ctx.paragraph().style(styles::FLUSH);
    if h.signers.is_empty() {
        return p.align(AlignmentType::Center).add_runs(text_runs(number));
    }
    let ch = geometry::twips(spec::BODY_PT) as i32;
    let mut p = p
        .indent(Some(ch), Some(SpecialIndentType::FirstLine(0)), Some(ch), None)
        .add_tab(Tab::new().val(TabValueType::Right).pos((geometry::text_width() as i32 - 2 * ch) as usize))
        .add_runs(text_runs(number))
        .add_run(Run::new().add_tab());
    if let Some(label) = &h.signers_label {
        p = p.add_runs(text_runs(label));
    }
    p.add_runs(styled_runs(h.signers.join("\u{3000}"), styles::SIGNER))
}

/// A line with a flush-left and a flush-right part (纪要 编印单位 and date, practice; one blank
/// line under the 期号): a borderless two-cell table, so both parts stay editable
/// and aligned in every word processor. The right cell is as wide as its text.
fn split_line(ctx: &mut Ctx, s: &SplitLine) {
    let width = geometry::text_width() as usize;
    let cell = |ctx: &mut Ctx, text: &str, align: AlignmentType, w: usize| {
        let p = ctx.paragraph().style(styles::FLUSH).align(align).add_runs(text_runs(text));
        TableCell::new().width(w, WidthType::Dxa).add_paragraph(p)
    };
    let right =
        (((geometry::char_units(&s.right) + 1.0) * geometry::twips(spec::BODY_PT) as f64) as usize).min(width / 2);
    let left = width - right;
    let cells = vec![cell(ctx, &s.left, AlignmentType::Left, left), cell(ctx, &s.right, AlignmentType::Right, right)];
    let table = docx_rs::Table::without_borders(vec![TableRow::new(cells)])
        .set_grid(vec![left, right])
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0));
    ctx.push_table(table);
}

fn framed(p: Paragraph, f: Frame, h_anchor: &str) -> Paragraph {
    let x = if h_anchor == "margin" { 0 } else { f.x };
    p.frame_x(x as i32)
        .frame_y(f.y as i32)
        .frame_width(f.w as u32)
        .frame_height(f.h as u32)
        .h_rule("exact")
        .h_anchor(h_anchor)
        .v_anchor("page")
        .wrap("around")
}

/// 信函 (10.1): the mark 30 mm from the paper top, red double lines (170 mm) 4 mm under it
/// and 20 mm above the paper bottom, on the first page only; 文号 flush right under the upper
/// lines, 份号/密级/紧急 flush left on the same lines.
fn letter(ctx: &mut Ctx, h: &Header, opts: &RenderOptions) {
    let head = geometry::letter_head(spec::MARK_PT);
    if !opts.preprinted_letterhead {
        let mark =
            ctx.paragraph().style(styles::MARK).line_spacing(exact(0, head.mark.h)).add_runs(mark_runs(&h.issuer_mark));
        ctx.push(framed(mark, head.mark, "margin"));
        let (thick, thin) = (geometry::letter_thick(), geometry::letter_thin());
        let upper = ctx.paragraph().style(styles::RULE).set_borders(
            ParagraphBorders::with_empty().set(red_border(ParagraphBorderPosition::Top, thick, 0)).set(red_border(
                ParagraphBorderPosition::Bottom,
                thin,
                0,
            )),
        );
        ctx.push(framed(upper, head.upper, "page"));
        let lower = ctx.paragraph().style(styles::RULE).set_borders(
            ParagraphBorders::with_empty().set(red_border(ParagraphBorderPosition::Top, thin, 0)).set(red_border(
                ParagraphBorderPosition::Bottom,
                thick,
                0,
            )),
        );
        ctx.push(framed(lower, head.lower, "page"));
    }
    let spacer = ctx.paragraph().style(styles::RULE);
    ctx.push(framed(spacer, head.spacer, "margin"));
    let left = top_left(h);
    let number = h.doc_number.as_deref().unwrap_or("");
    let mut first = ctx.paragraph().style(styles::FLUSH);
    match left.first() {
        Some((text, strong)) => {
            first = first
                .add_tab(Tab::new().val(TabValueType::Right).pos(geometry::text_width() as usize))
                .add_runs(left_runs(text, *strong));
            if !number.is_empty() {
                first = first.add_run(Run::new().add_tab()).add_runs(text_runs(number));
            }
        }
        None => first = first.align(AlignmentType::Right).add_runs(text_runs(number)),
    }
    ctx.push(first);
    for (text, strong) in left.iter().skip(1) {
        let p = ctx.paragraph().style(styles::FLUSH).add_runs(left_runs(text, *strong));
        ctx.push(p);
    }
    // 标题 "居中编排，与其上最后一个要素相距二行" (10.1): two blank lines.
    ctx.blank(2);
}
