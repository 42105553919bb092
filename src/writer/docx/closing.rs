//! The end of 主体 and the 附件: 附件说明 (7.3.4), 纪要 attendance (10.3), 署名 and 成文日期
//! (7.3.5), 附注 (7.3.6), the enclosure, and the attachment pages (7.3.7).
//!
//! The order is the IR's reading order (`ir::Document::plain_text`), so the DOCX text matches
//! the PDF's. Positions follow the clauses, counted in characters of 16 pt.

use super::Ctx;
use super::blocks::{self, hanging};
use super::geometry::{self, char_units};
use super::header::title;
use super::styles;
use super::{AddRuns, text_runs};
use crate::ir::{Attachment, Document, Signature};
use crate::writer::spec;
use docx_rs::{AlignmentType, Indent, SpecialIndentType};

/// Everything after the body, in reading order.
pub(super) fn closing(ctx: &mut Ctx, doc: &Document) {
    if doc.enclosure.is_none()
        && let Some(n) = &doc.attachment_note
    {
        // "在正文下空一行左空二字编排" (7.3.4).
        ctx.blank(1);
        hanging(ctx, n, false);
    }
    for (i, a) in doc.attendance.iter().enumerate() {
        // "在正文或附件说明下空一行左空二字编排" (10.3); 请假, 列席 each on a new line.
        if i == 0 {
            ctx.blank(1);
        }
        hanging(ctx, a, spec::ATTENDANCE_LABEL_HEI);
    }
    if let Some(s) = &doc.signature {
        signature(ctx, s);
    }
    if let Some(n) = &doc.note {
        // "在成文日期下一行，居左空二字" (7.3.6).
        let p = ctx.paragraph().style(styles::BODY).add_runs(text_runs(n));
        ctx.push(p);
    }
    if let Some(e) = &doc.enclosure {
        ctx.page_break();
        title(ctx, &e.title);
        ctx.blank(1);
        blocks::blocks(ctx, &e.blocks);
        if let Some(n) = &doc.attachment_note {
            ctx.blank(1);
            hanging(ctx, n, false);
        }
    }
    for a in &doc.attachments {
        attachment(ctx, a);
    }
}

fn right_indented(ctx: &mut Ctx, text: &str, right_chars: f64) -> docx_rs::Paragraph {
    let right = (right_chars * geometry::body_char() as f64).round().max(0.0) as i32;
    let mut p = ctx.paragraph().style(styles::FLUSH).align(AlignmentType::Right).add_runs(text_runs(text));
    p.property.indent = Some(Indent::new(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(right), None));
    p
}

/// 署名 and 成文日期. Sealed (7.3.5.1): the date right-indented four characters, the 署名
/// centred over it. Unsealed (7.3.5.2): one blank line, the 署名 right-indented two
/// characters, the date starting two characters right of the 署名; a longer date takes the
/// two-character indent and the 署名 moves left.
fn signature(ctx: &mut Ctx, s: &Signature) {
    let date_w = char_units(&s.date);
    let issuer_w = s.issuers.iter().map(|i| char_units(i)).fold(0.0, f64::max);
    let (issuer_right, date_right) = if s.sealed {
        let date_right = f64::from(spec::indent::SEALED_DATE_RIGHT);
        (date_right + (date_w - issuer_w) / 2.0, date_right)
    } else {
        let right = f64::from(spec::indent::UNSEALED_ISSUER_RIGHT);
        let shift = f64::from(spec::indent::UNSEALED_DATE_SHIFT);
        let date_right = right + issuer_w - shift - date_w;
        if date_right >= right { (right, date_right) } else { (right + shift + date_w - issuer_w, right) }
    };
    // 7.3.5.5: the 署名 never stands alone on a page. Keep-with-next from the last body
    // paragraph to the date lets Word and LibreOffice carry its last lines over with it.
    ctx.keep_last_with_next();
    let blanks = if s.sealed { spec::indent::SEALED_BLANK_LINES } else { 1 };
    for _ in 0..blanks - u32::from(ctx.fewer_signature_blanks) {
        let p = ctx.paragraph().style(styles::BODY).keep_next(true);
        ctx.push(p);
    }
    for issuer in &s.issuers {
        // Joint unsealed documents: each name right-aligned on its own line, sponsor first.
        let own = if s.sealed { issuer_right + (issuer_w - char_units(issuer)) / 2.0 } else { issuer_right };
        let p = right_indented(ctx, issuer, own).keep_next(true);
        ctx.push(p);
    }
    let p = right_indented(ctx, &s.date, date_right);
    ctx.push(p);
}

/// One 附件 on a new page: the marker on line 1 in 黑体, the title centred on line 3, then
/// the content (7.3.7).
fn attachment(ctx: &mut Ctx, a: &Attachment) {
    ctx.page_break();
    let p = ctx.paragraph().style(styles::ANNEX_MARK).add_runs(text_runs(&a.label));
    ctx.push(p);
    if let Some(t) = &a.title {
        ctx.blank((spec::indent::ATTACHMENT_TITLE_LINE - 2) as usize);
        title(ctx, t);
        ctx.blank(1);
    }
    blocks::blocks(ctx, &a.blocks);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (right indent, text) of the paragraphs written, blank lines left out.
    fn lines(ctx: &Ctx) -> Vec<(i32, String)> {
        ctx.children
            .iter()
            .filter_map(|c| match c {
                super::super::Child::Paragraph(p) => Some(p),
                super::super::Child::Table(_) => None,
            })
            .filter(|p| !p.raw_text().is_empty())
            .map(|p| (p.property.indent.as_ref().and_then(|i| i.end).unwrap_or(0), p.raw_text()))
            .collect()
    }

    fn sig(issuer: &str, sealed: bool) -> Signature {
        Signature { issuers: vec![issuer.into()], date: "2021年12月13日".into(), sealed }
    }

    #[test]
    fn unsealed_signature_is_two_characters_in_and_the_date_two_further_right() {
        let mut ctx = Ctx::default();
        signature(&mut ctx, &sig("陵川县人民政府办公室", false));
        let ch = geometry::body_char() as i32;
        // 署名 (10 characters) 2 in; the date (7) starts 2 right of the 署名's start: 3 in.
        assert_eq!(lines(&ctx), vec![(2 * ch, "陵川县人民政府办公室".into()), (3 * ch, "2021年12月13日".into())]);
        assert_eq!(ctx.children.len(), 3, "one blank line before the 署名");
    }

    #[test]
    fn a_date_longer_than_the_signature_takes_the_two_character_indent() {
        let mut ctx = Ctx::default();
        signature(&mut ctx, &sig("县教育局", false));
        let ch = geometry::body_char() as i32;
        assert_eq!(lines(&ctx), vec![(7 * ch, "县教育局".into()), (2 * ch, "2021年12月13日".into())]);
    }

    #[test]
    fn sealed_date_is_four_characters_in_with_the_signature_centred_over_it() {
        let mut ctx = Ctx::default();
        signature(&mut ctx, &sig("陵川县人民政府办公室", true));
        let ch = geometry::body_char() as f64;
        let issuer = ((4.0 + (7.0 - 10.0) / 2.0) * ch).round() as i32;
        assert_eq!(
            lines(&ctx),
            vec![(issuer, "陵川县人民政府办公室".into()), ((4.0 * ch) as i32, "2021年12月13日".into())]
        );
        assert_eq!(ctx.children.len(), 2 + spec::indent::SEALED_BLANK_LINES as usize);
    }
}
