//! Page facts read back from a laid-out document, for the rules a single typst pass cannot
//! see: a signature alone on its page (7.3.5.5) and the 版记 on an even page (7.5 practice).
//!
//! The template marks the 署名 and the 版记 with labelled `metadata`; this module finds their
//! pages and reads the glyph lines of a page. It decides nothing about layout beyond what to
//! hand the next pass as [`Hints`](super::Hints).

use crate::ir;
use crate::writer::spec::{self, mm_to_pt};
use typst::foundations::{Label, Selector, Value};
use typst::introspection::Introspector;
use typst::introspection::MetadataElem;
use typst::layout::{Frame, FrameItem, Transform};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// Label of the metadata the template puts on the first 署名 line.
const SIGNATURE: &str = "gw-signature";
/// Label of the metadata inside the 版记 float.
const COLOPHON: &str = "gw-colophon";
/// Label of the metadata after the last flow content (before the 版记).
const FLOW_END: &str = "gw-flow-end";

/// Page (1-based) and y (pt) of a labelled element.
fn position(doc: &PagedDocument, name: &str) -> Option<(usize, f64)> {
    let label = Label::new(PicoStr::intern(name))?;
    let intro = doc.introspector();
    let content = intro.query_label(label).ok()?;
    let pos = intro.position(content.location()?)?;
    Some((pos.page.get(), pos.point.y.to_pt()))
}

/// Baselines and text of the body-size lines of a page, top to bottom.
fn body_lines(doc: &PagedDocument, page: usize) -> Vec<(f64, String)> {
    let mut glyphs = Vec::new();
    if let Some(p) = doc.pages().get(page.wrapping_sub(1)) {
        walk(&p.frame, Transform::identity(), &mut glyphs);
    }
    glyphs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut lines: Vec<(f64, String)> = Vec::new();
    for (y, _, text) in glyphs {
        match lines.last_mut() {
            Some((ly, s)) if (*ly - y).abs() < 0.5 => s.push_str(&text),
            _ => lines.push((y, text)),
        }
    }
    lines
}

fn walk(frame: &Frame, ts: Transform, out: &mut Vec<(f64, f64, String)>) {
    for (pos, item) in frame.items() {
        let at = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(g) => walk(&g.frame, at.pre_concat(g.transform), out),
            FrameItem::Text(t) if (t.size.to_pt() * at.sy.get() - spec::BODY_PT).abs() < 0.01 => {
                let p = typst::layout::Point::zero().transform(at);
                // Word joiners are typesetting glue, not text of the IR.
                let text: String = t.text.chars().filter(|c| *c != '\u{2060}').collect();
                out.push((p.y.to_pt(), p.x.to_pt(), text));
            }
            _ => {}
        }
    }
}

/// Label of the metadata the template puts before each body block, valued with its index.
const BLOCK: &str = "gw-block";

/// The page (1-based) of the 署名 and how many body lines stand above it on that page.
pub(super) fn signature_page(doc: &PagedDocument) -> Option<(usize, usize)> {
    let (page, y) = position(doc, SIGNATURE)?;
    let above = body_lines(doc, page).iter().filter(|(ly, _)| *ly < y - spec::line_pitch_pt() * 0.5).count();
    Some((page, above))
}

/// The body blocks that start on `page`: (block index, grid line of its first line, 0-based),
/// top to bottom.
pub(super) fn blocks_on(doc: &PagedDocument, page: usize) -> Vec<(usize, usize)> {
    let Some(label) = Label::new(PicoStr::intern(BLOCK)) else { return Vec::new() };
    let intro = doc.introspector();
    let top = mm_to_pt(spec::MARGIN_TOP_MM);
    let mut out = Vec::new();
    for content in intro.query(&Selector::Label(label)) {
        let Some(meta) = content.to_packed::<MetadataElem>() else { continue };
        let Value::Int(i) = meta.value else { continue };
        let Some(pos) = content.location().and_then(|l| intro.position(l)) else { continue };
        if pos.page.get() == page
            && let Ok(i) = usize::try_from(i)
        {
            let line = ((pos.point.y.to_pt() - top) / spec::line_pitch_pt()).round().max(0.0) as usize;
            out.push((i, line));
        }
    }
    out.sort_unstable();
    out
}

/// How many body lines `page` holds.
pub(super) fn line_count(doc: &PagedDocument, page: usize) -> usize {
    body_lines(doc, page).len()
}

/// Whether more consecutive body lines of the document step by the grid's pitch than by any
/// tighter one.
pub(super) fn grid_pitch_prevails(doc: &PagedDocument) -> bool {
    let pitch = spec::line_pitch_pt();
    let (mut grid, mut tight) = (0usize, 0usize);
    for page in 1..=doc.pages().len() {
        let ys: Vec<f64> = body_lines(doc, page).iter().map(|(y, _)| *y).collect();
        for step in ys.windows(2).map(|w| w[1] - w[0]) {
            if (step - pitch).abs() < 0.13 {
                grid += 1;
            } else if step < pitch {
                tight += 1;
            }
        }
    }
    grid > tight
}

/// Whether every body line of `page` lies inside the type area.
pub(super) fn inside_block(doc: &PagedDocument, page: usize) -> bool {
    let bottom = mm_to_pt(spec::MARGIN_TOP_MM + spec::BLOCK_HEIGHT_MM);
    body_lines(doc, page).iter().all(|(y, _)| *y <= bottom)
}

/// If the 署名 starts a page that shows no other body text, where to split the last body
/// paragraph so that its last two lines go over with it: (block index, characters kept).
pub(super) fn orphaned_signature(doc: &PagedDocument, ir: &ir::Document) -> Option<(usize, usize)> {
    let (page, above) = signature_page(doc)?;
    if page < 2 || above > 0 {
        return None;
    }
    let block = ir.body.len().checked_sub(1)?;
    let ir::Block::Paragraph(last) = ir.body.get(block)? else { return Some((block, 0)) };
    // The paragraph's last two lines, as typst set them, go over: split where the last line but
    // one starts. Lines are matched on their printed characters, white space aside (the
    // template's stretchable spaces are not text of the IR).
    let lines = body_lines(doc, page - 1);
    let tail: String = lines.iter().rev().take(2).rev().map(|(_, t)| t.as_str()).collect();
    let tail: Vec<char> = tail.chars().filter(|c| !c.is_whitespace()).collect();
    let text: Vec<char> = last.spans.iter().flat_map(|s| s.plain().chars().collect::<Vec<_>>()).collect();
    let printed: Vec<usize> = (0..text.len()).filter(|&i| !text[i].is_whitespace()).collect();
    let Some(keep) = printed.len().checked_sub(tail.len()) else { return Some((block, 0)) };
    let same = printed[keep..].iter().map(|&i| text[i]).eq(tail.iter().copied());
    let at = if same && keep > 0 { printed[keep] } else { 0 };
    Some((block, at))
}

/// Page breaks to insert before the 版记 so it lands on an even page, and the pages that
/// then carry no number (a blank page before the 版记 page, and that page; 7.5).
pub(super) fn even_colophon(doc: &PagedDocument) -> Option<(usize, Vec<usize>)> {
    let (page, _) = position(doc, COLOPHON)?;
    if page % 2 == 0 {
        return None;
    }
    // The flow's end tag may sit at the top of the 版记's page when the text filled the page
    // before; what counts is whether the 版记 page shows any text.
    let shares_page = !body_lines(doc, page).is_empty()
        || position(doc, FLOW_END)
            .is_some_and(|(p, y)| p == page && y > mm_to_pt(spec::MARGIN_TOP_MM) + spec::line_pitch_pt());
    let flow_page = if shares_page { page } else { page - 1 };
    if flow_page == page {
        // The 版记 fits under the text of an odd page: move it to the back of the sheet.
        Some((1, Vec::new()))
    } else {
        // The 版记 already took a page of its own: a blank page goes before it.
        Some((2, vec![flow_page + 1, flow_page + 2]))
    }
}
