//! 版记 (7.4): at the bottom of the last page, its last rule on the bottom edge of the 版心.
//!
//! Where the last page ends is only known once a word processor lays the text out, so the
//! 版记 is a text box anchored to the last paragraph, aligned to the bottom of the margin box,
//! its text anchored to the box bottom, wrapping the body text above it. (Frames do not work:
//! LibreOffice turns the borders of framed paragraphs into frame borders, and it lays floating
//! full-width tables out in the text flow.) Inside, the rules are borders of empty,
//! unindented paragraphs, so each spans the 156 mm block; the text paragraphs keep their
//! one-character side indents and hanging alignment (7.4.2). 信函 keeps only 主送/抄送,
//! without rules (10.1).
//!
//! docx-rs cannot write text boxes: `shapes` builds the box around paragraphs docx-rs renders,
//! and `package` puts it in place of a placeholder run.

use super::Ctx;
use super::blocks::hanging_at;
use super::geometry::{self, PITCH, char_units};
use super::shapes::{self, Injection, Place, TextBox};
use super::styles;
use super::{AddRuns, text_runs};
use crate::ir::{Colophon, Format, Hanging};
use crate::writer::spec;
use docx_rs::{
    BorderType, Indent, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, SpecialIndentType, Tab, TabValueType,
};

fn rule(ctx: &mut Ctx, eighths: usize) -> (Paragraph, i64) {
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Single)
        .size(eighths)
        .space(0)
        .color("000000");
    let p = ctx.paragraph().style(styles::RULE).set_borders(ParagraphBorders::with_empty().set(border));
    (p, geometry::RULE_LINE + geometry::border_height(0, eighths))
}

fn eighths(mm: f64) -> usize {
    (spec::mm_to_pt(mm) * 8.0).round() as usize
}

/// Lines a hanging block of 14 pt text takes between one-character side indents. A wrapped
/// item is counted with one character less per line (a line-break rule may carry one over):
/// a box too small would cut its first line off, a larger one only leaves room above it.
fn hanging_lines(h: &Hanging) -> i64 {
    let ch = geometry::small_char() as f64;
    let label = char_units(&h.label);
    let avail = ((geometry::text_width() - 2 * geometry::small_char()) as f64 / ch - label).floor().max(2.0);
    h.items
        .iter()
        .map(|i| {
            let units = char_units(i.marker.as_deref().unwrap_or("")) + char_units(&i.text);
            if units <= avail { 1 } else { (units / (avail - 1.0)).ceil() as i64 }
        })
        .sum()
}

/// Room above the box for its one-point anchor paragraph, twips: the box takes whole grid lines
/// less this, so the anchor stays on the page of the body's last line.
const ANCHOR_ROOM: i64 = 2 * geometry::RULE_LINE;

/// Build the 版记 of `c` for a document of format `format`; `None` when it has no content.
///
/// Like the PDF, the 版记 takes as many grid lines as it has lines of text, its rules drawn
/// within them: the text lines are spaced a little closer than the grid to make room for the
/// rules.
pub(super) fn text_box(ctx: &mut Ctx, c: &Colophon, format: Format) -> Option<Injection> {
    let letter = format == Format::Letter;
    let ch = geometry::small_char();
    let lists: Vec<&Hanging> = c.recipients.iter().chain(c.cc.iter()).collect();
    let has_print = !letter && (c.printer.is_some() || c.printed.is_some());
    if lists.is_empty() && !has_print {
        return None;
    }
    // (paragraph, is a text paragraph); rules' heights and text lines counted on the way.
    let mut paras: Vec<(Paragraph, bool)> = Vec::new();
    let (mut rules, mut lines) = (0, 0);
    let (thick, thin) = (eighths(spec::COLOPHON_THICK_MM), eighths(spec::COLOPHON_THIN_MM));
    let mut push_rule = |paras: &mut Vec<(Paragraph, bool)>, ctx: &mut Ctx, eighths: usize| {
        let (p, h) = rule(ctx, eighths);
        paras.push((p, false));
        rules += h;
    };
    if !letter {
        push_rule(&mut paras, ctx, thick);
    }
    for l in &lists {
        let got = ctx.capture(|ctx| hanging_at(ctx, l, false, (ch, ch), ch, styles::COLOPHON));
        paras.extend(got.into_iter().map(|p| (p, true)));
        lines += hanging_lines(l);
    }
    if has_print {
        if !lists.is_empty() {
            push_rule(&mut paras, ctx, thin);
        }
        // 印发机关 one character from the left, 印发日期 one character from the right (7.4.3).
        let mut p = ctx
            .paragraph()
            .style(styles::COLOPHON)
            .add_tab(Tab::new().val(TabValueType::Right).pos((geometry::text_width() - ch) as usize));
        p.property.indent = Some(Indent::new(Some(ch as i32), Some(SpecialIndentType::FirstLine(0)), Some(0), None));
        if let Some(printer) = &c.printer {
            p = p.add_runs(text_runs(printer));
        }
        if let Some(printed) = &c.printed {
            p = p.add_run(Run::new().add_tab()).add_runs(text_runs(printed));
        }
        paras.push((p, true));
        lines += 1;
    }
    if !letter {
        push_rule(&mut paras, ctx, thick);
    }
    let height = lines * PITCH - ANCHOR_ROOM;
    let line = ((height - rules) / lines.max(1)) as i32;
    let spacing = LineSpacing::new().before(0).after(0).line(line).line_rule(LineSpacingType::Exact);
    let paras: Vec<Paragraph> =
        paras.into_iter().map(|(p, text)| if text { p.line_spacing(spacing.clone()) } else { p }).collect();
    let text_box = TextBox {
        id: 1,
        name: "版记",
        x: Place::Offset("margin", 0),
        y: Place::Align("margin", "bottom"),
        size: (geometry::text_width(), height),
        rotation: 0,
        behind: false,
        anchor: "b",
    };
    Some(Injection { placeholder: shapes::run_xml(&placeholder_run()), run: text_box.run(&paras) })
}

/// The run that marks where the 版记 goes.
pub(super) fn placeholder_run() -> Run {
    shapes::placeholder("版记")
}
