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
//! docx-rs cannot write text boxes: this module builds the box's XML around paragraphs that
//! docx-rs renders (so text is escaped the usual way); `package` puts it in place of a
//! placeholder run.

use super::Ctx;
use super::blocks::hanging_at;
use super::geometry::{self, PITCH, char_units};
use super::styles;
use super::text_run;
use crate::ir::{Colophon, Format, Hanging};
use crate::writer::spec;
use docx_rs::{
    BorderType, BuildXML, Indent, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run,
    SpecialIndentType, Tab, TabValueType,
};

/// The 版记 as XML ready to replace a placeholder run.
pub(super) struct TextBox {
    /// The placeholder run's XML, as docx-rs writes it into `document.xml`.
    pub placeholder: String,
    /// The `<w:r>` holding the anchored text box.
    pub run: String,
}

/// EMU per twip (914400 per inch, 1440 twips per inch).
const EMU_PER_TWIP: i64 = 635;

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

/// Lines a hanging block of 14 pt text takes between one-character side indents.
fn hanging_lines(h: &Hanging) -> i64 {
    let ch = geometry::small_char() as f64;
    let label = char_units(&h.label);
    let avail = ((geometry::text_width() - 2 * geometry::small_char()) as f64 / ch - label).floor().max(1.0);
    h.items
        .iter()
        .map(|i| {
            let units = char_units(i.marker.as_deref().unwrap_or("")) + char_units(&i.text);
            (units / avail).ceil().max(1.0) as i64
        })
        .sum()
}

/// Build the 版记 of `c` for a document of format `format`; `None` when it has no content.
pub(super) fn text_box(ctx: &mut Ctx, c: &Colophon, format: Format) -> Option<TextBox> {
    let letter = format == Format::Letter;
    let ch = geometry::small_char();
    let mut paras: Vec<Paragraph> = Vec::new();
    let mut height = 0;
    let lists: Vec<&Hanging> = c.recipients.iter().chain(c.cc.iter()).collect();
    let has_print = !letter && (c.printer.is_some() || c.printed.is_some());
    if lists.is_empty() && !has_print {
        return None;
    }
    let (thick, thin) = (eighths(spec::COLOPHON_THICK_MM), eighths(spec::COLOPHON_THIN_MM));
    if !letter {
        let (p, h) = rule(ctx, thick);
        paras.push(p);
        height += h;
    }
    for l in &lists {
        paras.extend(ctx.capture(|ctx| hanging_at(ctx, l, false, (ch, ch), ch, styles::COLOPHON)));
        height += hanging_lines(l) * PITCH;
    }
    if has_print {
        if !lists.is_empty() {
            let (p, h) = rule(ctx, thin);
            paras.push(p);
            height += h;
        }
        // 印发机关 one character from the left, 印发日期 one character from the right (7.4.3).
        let mut p = ctx
            .paragraph()
            .style(styles::COLOPHON)
            .add_tab(Tab::new().val(TabValueType::Right).pos((geometry::text_width() - ch) as usize));
        p.property.indent = Some(Indent::new(Some(ch as i32), Some(SpecialIndentType::FirstLine(0)), Some(0), None));
        if let Some(printer) = &c.printer {
            p = p.add_run(text_run(printer));
        }
        if let Some(printed) = &c.printed {
            p = p.add_run(Run::new().add_tab()).add_run(text_run(printed));
        }
        paras.push(p);
        height += PITCH;
    }
    if !letter {
        let (p, h) = rule(ctx, thick);
        paras.push(p);
        height += h;
    }
    // Room for one line more than counted: a box too small would clip its top, a larger one
    // only keeps body text a little further up.
    let cy = (height + PITCH) * EMU_PER_TWIP;
    let cx = geometry::text_width() * EMU_PER_TWIP;
    let content: String = paras.iter().map(|p| String::from_utf8_lossy(&p.build()).into_owned()).collect();
    let run = format!(
        concat!(
            r#"<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" "#,
            r#"behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>"#,
            r#"<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>"#,
            r#"<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>"#,
            r#"<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>"#,
            r#"<wp:docPr id="1" name="版记"/><wp:cNvGraphicFramePr/>"#,
            r#"<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">"#,
            r#"<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>"#,
            r#"<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>"#,
            r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>"#,
            r#"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"#,
            r#"<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" "#,
            r#"anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>"#,
            r#"</w:drawing></w:r>"#
        ),
        cx = cx,
        cy = cy,
        content = content
    );
    Some(TextBox { placeholder: String::from_utf8_lossy(&placeholder_run().build()).into_owned(), run })
}

/// The run that marks where the text box goes. Hidden text is used nowhere else, so the run's
/// XML is unique in the document.
pub(super) fn placeholder_run() -> Run {
    Run::new().vanish().add_text("版记")
}
