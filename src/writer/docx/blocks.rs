//! Body content: IR blocks and spans to DOCX paragraphs, runs and tables.
//!
//! Each block becomes paragraphs that name a style from `styles` (the role) and carry only
//! positional direct formatting (alignment, indents for hanging alignment); runs carry none
//! except the East Asian hint of curly quotes (`super::text_runs`). Wording comes from
//! the IR verbatim; nothing is added here except a U+3000 between a name and its post. Tables
//! are in `table`.

use super::Ctx;
use super::geometry::{self, char_units};
use super::styles;
use super::{AddRuns, styled_runs, text_runs};
use crate::ir::{Block, Hanging, Indent as IrIndent, NameList, NameListStyle, Paragraph as IrParagraph, Span};
use docx_rs::{AlignmentType, Indent, Paragraph, Run, SpecialIndentType};

/// The runs of one span, styled by its role.
pub(super) fn span_runs(span: &Span) -> Vec<Run> {
    match span {
        Span::Text { text } => text_runs(text),
        Span::Heading { level: 1, text } => styled_runs(text, styles::HEADING1_CHAR),
        Span::Heading { level: 2, text } => styled_runs(text, styles::HEADING2_CHAR),
        Span::Heading { text, .. } => text_runs(text),
        Span::Strong { text } => styled_runs(text, styles::STRONG),
        // A form blank: full-width low lines, one per character of width, as the PDF prints
        // them (the way printed forms mark a blank; the line keeps its 28 countable cells).
        Span::Blank { width } => text_runs("＿".repeat(*width as usize)),
    }
}

/// Add the runs of `spans` to `p`.
pub(super) fn with_spans(mut p: Paragraph, spans: &[Span]) -> Paragraph {
    for s in spans {
        p = p.add_runs(span_runs(s));
    }
    p
}

/// A paragraph of body text; headings get their level's style (7.3.3).
fn body_paragraph(ctx: &mut Ctx, para: &IrParagraph) {
    let pure = |level: u8| para.spans.iter().all(|s| matches!(s, Span::Heading { level: l, .. } if *l == level));
    let style = match para.level {
        // A paragraph that is only a level-1 heading takes the 黑体 paragraph style; a level-1
        // heading followed by text keeps 正文 and gets the heading as a 黑体 run.
        Some(1) if pure(1) => styles::HEADING1,
        Some(2) => styles::HEADING2,
        Some(3) => styles::HEADING3,
        Some(4) => styles::HEADING4,
        _ if para.indent == IrIndent::None => styles::FLUSH,
        _ => styles::BODY,
    };
    let mut p = ctx.paragraph().style(style);
    if style == styles::HEADING1 {
        for s in &para.spans {
            p = p.add_runs(text_runs(s.plain()));
        }
    } else {
        p = with_spans(p, &para.spans);
    }
    if para.indent == IrIndent::None && style != styles::FLUSH {
        p.property.indent = Some(flush_indent());
    }
    ctx.push(p);
}

/// `w:ind` with no indents at all.
pub(super) fn flush_indent() -> Indent {
    Indent::new(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
}

/// Write body blocks in order.
pub(super) fn blocks(ctx: &mut Ctx, blocks: &[Block]) {
    for b in blocks {
        block(ctx, b);
    }
}

fn block(ctx: &mut Ctx, b: &Block) {
    match b {
        Block::Paragraph(p) => body_paragraph(ctx, p),
        Block::Table(t) => super::table::table(ctx, t),
        Block::NameList(l) => name_list(ctx, l),
        Block::Hanging(h) => hanging(ctx, h, false),
        Block::Centered(spans) => {
            let p = with_spans(ctx.paragraph().style(styles::FLUSH).align(AlignmentType::Center), spans);
            ctx.push(p);
        }
        Block::Right(spans) => {
            let p = with_spans(ctx.paragraph().style(styles::FLUSH).align(AlignmentType::Right), spans);
            ctx.push(p);
        }
        Block::Blank(n) => ctx.blank(*n as usize),
        Block::PageBreak => ctx.page_break(),
    }
}

/// Names under role labels (成员名单). Stacked: the label on its own line, then one line per
/// person; inline: the label run in before the first name, later names aligned under it.
/// Labels stay in 仿宋 like the PDF: GB/T 9704 names 黑体 only for headings, the 附件 marker
/// and the 纪要 attendance labels (5.2.2 makes 仿宋 the default of every element).
fn name_list(ctx: &mut Ctx, l: &NameList) {
    let ch = geometry::body_char();
    for g in &l.groups {
        match l.style {
            NameListStyle::Stacked => {
                let p = ctx.paragraph().style(styles::BODY).add_runs(text_runs(&g.label));
                ctx.push(p);
                for e in &g.entries {
                    let p = ctx.paragraph().style(styles::BODY).add_runs(text_runs(entry_text(&e.name, &e.post)));
                    ctx.push(p);
                }
            }
            NameListStyle::Inline => {
                let label = (char_units(&g.label) * ch as f64).round() as i64;
                let left = geometry::first_line_indent() + label;
                for (i, e) in g.entries.iter().enumerate() {
                    let mut p = ctx.paragraph().style(styles::BODY);
                    // The first entry hangs after the label; later entries start under it as
                    // a two-character first line on a left indent of the label's width.
                    let (start, special) = if i == 0 {
                        p = p.add_runs(text_runs(&g.label));
                        (left, SpecialIndentType::Hanging(label as i32))
                    } else {
                        (label, SpecialIndentType::FirstLine(geometry::first_line_indent() as i32))
                    };
                    p = p.add_runs(text_runs(entry_text(&e.name, &e.post)));
                    p.property.indent = Some(Indent::new(Some(start as i32), Some(special), Some(0), None));
                    ctx.push(p);
                }
                if g.entries.is_empty() {
                    let p = ctx.paragraph().style(styles::BODY).add_runs(text_runs(&g.label));
                    ctx.push(p);
                }
            }
        }
    }
}

fn entry_text(name: &str, post: &str) -> String {
    format!("{name}\u{3000}{post}")
}

/// A label with items aligned after it (附件说明 7.3.4, 出席 10.3): the first item follows
/// the label, later items start under the first item's marker, and wrapped lines align with
/// the item text, not its marker. `strong_label` sets the label in 黑体 (纪要 attendance).
pub(super) fn hanging(ctx: &mut Ctx, h: &Hanging, strong_label: bool) {
    hanging_at(ctx, h, strong_label, (geometry::first_line_indent(), 0), geometry::body_char(), styles::BODY);
}

/// [`hanging`] with explicit (start, right) indents, character width and paragraph style
/// (版记 uses 14 pt characters and one character on each side).
pub(super) fn hanging_at(ctx: &mut Ctx, h: &Hanging, strong_label: bool, sides: (i64, i64), ch: i64, style: &str) {
    let (start, end) = sides;
    let label_w = (char_units(&h.label) * ch as f64).round() as i64;
    for (i, item) in h.items.iter().enumerate() {
        let marker = item.marker.as_deref().unwrap_or("");
        let marker_w = (char_units(marker) * ch as f64).round() as i64;
        let left = start + label_w + marker_w;
        let mut p = ctx.paragraph().style(style);
        let hang = if i == 0 {
            p = p.add_runs(if strong_label { styled_runs(&h.label, styles::STRONG) } else { text_runs(&h.label) });
            label_w + marker_w
        } else {
            marker_w
        };
        if !marker.is_empty() {
            p = p.add_runs(text_runs(marker));
        }
        p = p.add_runs(text_runs(&item.text));
        p.property.indent =
            Some(Indent::new(Some(left as i32), Some(SpecialIndentType::Hanging(hang as i32)), Some(end as i32), None));
        ctx.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::HangingItem;
    use docx_rs::BuildXML;

    fn xml(span: &Span) -> String {
        span_runs(span).iter().map(|r| String::from_utf8_lossy(&r.build()).into_owned()).collect()
    }

    #[test]
    fn span_runs_name_their_role_style_and_no_font() {
        let h2 = xml(&Span::Heading { level: 2, text: "（一）会议制度。".into() });
        assert_eq!(
            h2,
            r#"<w:r><w:rPr><w:rStyle w:val="GwHeading2Char" /></w:rPr><w:t xml:space="preserve">（一）会议制度。</w:t></w:r>"#
        );
        let strong = xml(&Span::Strong { text: "出席：".into() });
        assert!(strong.contains(r#"<w:rStyle w:val="GwStrong" />"#));
        let level3 = xml(&Span::Heading { level: 3, text: "1.".into() });
        assert!(!level3.contains("rStyle"), "levels 3 and 4 are 仿宋, the paragraph's font");
        for x in [h2, strong, level3] {
            assert!(!x.contains("rFonts"));
        }
    }

    #[test]
    fn curly_quotes_are_east_asian_runs_of_their_own_never_narrowed() {
        let t = xml(&Span::text("建立“黑白名单”。"));
        let run =
            |w: &str, text: &str| format!(r#"<w:r><w:rPr>{w}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#);
        let q = r#"<w:rFonts w:hint="eastAsia" />"#;
        assert_eq!(
            t,
            [run("", "建立"), run(q, "“"), run("", "黑白名单"), run(q, "”"), run("", "。")]
                .concat()
                .replace("<w:rPr></w:rPr>", "<w:rPr />")
        );
        // A styled span keeps its style on every piece.
        let h1 = xml(&Span::Heading { level: 1, text: "一、“双减”工作".into() });
        assert_eq!(h1.matches(r#"<w:rStyle w:val="GwHeading1Char" />"#).count(), 5, "{h1}");
        assert_eq!(h1.matches(q).count(), 2, "{h1}");
        assert!(!h1.contains("<w:w "), "{h1}");
    }

    #[test]
    fn form_blanks_are_full_width_low_lines() {
        let b = xml(&Span::Blank { width: 3 });
        assert!(b.contains(">＿＿＿</w:t>"), "{b}");
    }

    fn indents(ctx: &Ctx) -> Vec<(i32, Option<SpecialIndentType>, i32)> {
        ctx.children
            .iter()
            .filter_map(|c| match c {
                super::super::Child::Paragraph(p) => p.property.indent.as_ref(),
                super::super::Child::Table(_) => None,
            })
            .map(|i| (i.start.unwrap_or(0), i.special_indent, i.end.unwrap_or(0)))
            .collect()
    }

    #[test]
    fn hanging_items_align_after_the_label_and_marker() {
        let mut ctx = Ctx::default();
        let note = Hanging {
            label: "附件：".into(),
            items: vec![
                HangingItem { marker: Some("1.".into()), text: "名单".into() },
                HangingItem { marker: Some("2.".into()), text: "名单".into() },
            ],
        };
        hanging(&mut ctx, &note, false);
        // 2 characters in, then 附件： (3) and 1. (1): wrapped lines start 6 characters in.
        let ch = geometry::body_char() as i32;
        let left = 640 + 4 * ch;
        assert_eq!(
            indents(&ctx),
            vec![(left, Some(SpecialIndentType::Hanging(4 * ch)), 0), (left, Some(SpecialIndentType::Hanging(ch)), 0)]
        );
    }
}
