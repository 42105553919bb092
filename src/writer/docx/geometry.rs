//! DOCX geometry: the GB/T 9704 numbers of `writer::spec` in twips, and the vertical
//! arithmetic that puts the issuer mark, the separator, the 信函 double lines and the page
//! number where the standard wants them once a word processor lays the page out.
//!
//! Word and LibreOffice do not say where a glyph sits inside a line, so the placements depend
//! on a line model. The model here was measured with LibreOffice 7.4 rendering the Fandol fonts
//! (what `conform --render-docx` uses) and is kept in the constants below, each with how it was
//! found. Nothing here builds XML; the other modules read these numbers.

use crate::writer::spec;

/// Page width, A4 (5.1): 11906 twips.
pub(super) fn page_width() -> i64 {
    spec::mm_to_twips(spec::PAGE_WIDTH_MM)
}

/// Page height, A4 (5.1): 16838 twips.
pub(super) fn page_height() -> i64 {
    spec::mm_to_twips(spec::PAGE_HEIGHT_MM)
}

/// 天头 (5.2.1): 2098 twips.
pub(super) fn margin_top() -> i64 {
    spec::mm_to_twips(spec::MARGIN_TOP_MM)
}

/// Bottom margin, 35 mm: 1984 twips.
pub(super) fn margin_bottom() -> i64 {
    spec::mm_to_twips(spec::MARGIN_BOTTOM_MM)
}

/// 订口 (5.2.1): 1587 twips.
pub(super) fn margin_left() -> i64 {
    spec::mm_to_twips(spec::MARGIN_LEFT_MM)
}

/// Right margin, 26 mm: 1474 twips.
pub(super) fn margin_right() -> i64 {
    spec::mm_to_twips(spec::MARGIN_RIGHT_MM)
}

/// 版心 width: the text width of the section, 8845 twips (156 mm).
pub(super) fn text_width() -> i64 {
    page_width() - margin_left() - margin_right()
}

/// Bottom edge of the 版心 from the paper top: 262 mm.
pub(super) fn block_bottom() -> i64 {
    page_height() - margin_bottom()
}

/// Header distance: the header part stays empty, 15 mm keeps it clear of the 版心.
pub(super) const HEADER_DISTANCE: i64 = 851;

/// One grid line: 579 twips (28.95 pt), the largest pitch of which 22 fit the 225 mm block
/// (FORMAT.md §3).
pub(super) const PITCH: i64 = spec::DOCX_LINE_PITCH_TWIPS;

/// Half-points of a size in points (`w:sz`).
pub(super) fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

/// Twips of a size in points.
pub(super) fn twips(pt: f64) -> i64 {
    spec::pt_to_twips(pt)
}

/// One 字 of body text as laid out: 16 pt less the −0.25 pt run spacing that gives 28 per line.
pub(super) fn body_char() -> i64 {
    twips(spec::BODY_PT) + spec::DOCX_CHAR_SPACING_TWIPS
}

/// The first-line indent of body paragraphs, two characters of 16 pt (7.3.3). Written as
/// 640 twips, the value Word templates use; the grid advance would give 630.
pub(super) fn first_line_indent() -> i64 {
    spec::indent::FIRST_LINE as i64 * twips(spec::BODY_PT)
}

/// One 字 of 版记 and page-number text (14 pt, clause 3: a 字 is the element's own size).
pub(super) fn small_char() -> i64 {
    twips(spec::COLOPHON_PT)
}

/// Ascent of the Fandol faces as a fraction of the em (their PDF `Ascent` is 979/1000); the
/// conformance checker measures a line's top as baseline − ascent.
pub(super) const FONT_ASCENT: f64 = 0.979;
/// Descent of the Fandol faces as a fraction of the em (FandolSong: 276/1000).
pub(super) const FONT_DESCENT: f64 = 0.276;
/// LibreOffice puts the baseline of an exactly spaced line 4/5 of the line height below its
/// top (sw/source/core/text/itrform2.cxx, `CalcRealHeight`); measured: 800 twips into a
/// 1000-twip line.
pub(super) const EXACT_BASELINE: f64 = 0.8;
/// In the body flow LibreOffice sets the baseline 10 twips (0.17 mm) lower than the 4/5 rule
/// gives; measured on lines of 400 to 2000 twips.
pub(super) const FLOW_BASELINE_EXTRA: i64 = 10;

/// Placement of the 通用/纪要 issuer mark: spacing before and exact line height of its
/// paragraph, which starts at the block top after `lines_above` grid lines (份号, 密级, 紧急).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MarkPlacement {
    /// `w:spacing w:before`, twips.
    pub before: i64,
    /// `w:spacing w:line` (exact), twips.
    pub line: i64,
    /// Grid lines the mark paragraph (with its spacing) occupies, so what follows stays on
    /// the grid.
    pub lines: i64,
}

/// Grid lines from the block top to the end of the issuer mark paragraph: the mark top is
/// 35 mm (3.4 lines) down, and a 36 pt mark with its descent needs 1.6 more.
pub(super) const MARK_LINES: i64 = 5;

/// Where the mark paragraph goes so that the top of the mark's em box is 35 mm below the
/// block top (7.2.4) and the paragraph ends on a grid line.
pub(super) fn mark_placement(mark_pt: f64, lines_above: i64) -> MarkPlacement {
    let total = (MARK_LINES - lines_above) * PITCH;
    let target = spec::mm_to_twips(spec::MARK_TOP_BELOW_BLOCK_MM) - lines_above * PITCH;
    let ascent = (FONT_ASCENT * twips(mark_pt) as f64).round() as i64;
    // before + 0.8 × line + extra − ascent = target, before + line = total.
    let baseline = target + ascent - FLOW_BASELINE_EXTRA;
    let before = ((baseline as f64 - EXACT_BASELINE * total as f64) / (1.0 - EXACT_BASELINE)).round() as i64;
    let before = before.max(0);
    MarkPlacement { before, line: total - before, lines: MARK_LINES - lines_above }
}

/// The red separator under 发文字号 (7.2.7): the bottom border of a one-point paragraph that
/// follows the 文号's grid line. Returns (`w:space` in points, `w:sz` in eighths of a point)
/// so that the rule's centre is 4 mm below the 文号's em box.
pub(super) fn separator_border() -> (usize, usize) {
    let eighths = ((spec::mm_to_pt(spec::SEPARATOR_STROKE_MM) * 8.0).round() as usize).max(2);
    let width = eighths as f64 * 20.0 / 8.0;
    let em_bottom = grid_baseline() as f64 + FONT_DESCENT * twips(spec::BODY_PT) as f64;
    let centre = em_bottom + spec::mm_to_twips(spec::SEPARATOR_GAP_MM) as f64;
    // Below the 文号's line: the one-point line, the border space, half the stroke.
    let space_pt = ((centre - PITCH as f64 - RULE_LINE as f64 - width / 2.0) / 20.0).round().max(0.0) as usize;
    (space_pt, eighths)
}

/// Exact height of a rule-carrying empty paragraph, twips (1 pt).
pub(super) const RULE_LINE: i64 = 20;

/// Height a bottom border adds to its paragraph (space + stroke), twips.
pub(super) fn border_height(space_pt: usize, eighths: usize) -> i64 {
    (space_pt as i64) * 20 + ((eighths as f64) * 20.0 / 8.0).round() as i64
}

/// A frame positioned on the page (`w:framePr`, anchored to the page), twips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Frame {
    /// Left edge from the paper's left edge.
    pub x: i64,
    /// Top edge from the paper's top edge.
    pub y: i64,
    /// Width.
    pub w: i64,
    /// Exact height.
    pub h: i64,
}

/// The 信函 letterhead (10.1): the mark 30 mm from the top, the double lines, and the grid
/// line the text starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LetterHead {
    /// The issuer mark frame; its paragraph's exact line height equals `h`.
    pub mark: Frame,
    /// Upper double line, thick over thin (frame top and bottom borders).
    pub upper: Frame,
    /// Lower double line, thin over thick.
    pub lower: Frame,
    /// An empty frame from the mark down to a grid line, so Word and LibreOffice both start
    /// the text on that line (LibreOffice would snap to the next grid line, Word would not).
    pub spacer: Frame,
    /// Grid line (0-based) the first text line lands on.
    pub first_line: i64,
}

/// Thick 信函 line, eighths of a point.
pub(super) fn letter_thick() -> usize {
    (spec::LETTER_RULE_THICK_PT * 8.0).round() as usize
}

/// Thin 信函 line, eighths of a point.
pub(super) fn letter_thin() -> usize {
    (spec::LETTER_RULE_THIN_PT * 8.0).round() as usize
}

/// Exact height of the mark line: 0.8 of it must hold the ascent and 0.2 the descent, or
/// LibreOffice clips the glyphs.
fn mark_line(mark_pt: f64) -> i64 {
    let size = twips(mark_pt) as f64;
    let need = (FONT_ASCENT * size / EXACT_BASELINE).max(FONT_DESCENT * size / (1.0 - EXACT_BASELINE));
    need.ceil() as i64
}

/// Letterhead geometry for a mark of `mark_pt` points.
pub(super) fn letter_head(mark_pt: f64) -> LetterHead {
    let size = twips(mark_pt) as f64;
    let line = mark_line(mark_pt);
    let top = spec::mm_to_twips(spec::LETTER_MARK_TOP_MM);
    // Inside a frame LibreOffice sets the baseline at exactly 4/5 of the line.
    let frame_y = top + (FONT_ASCENT * size).round() as i64 - (EXACT_BASELINE * line as f64).round() as i64;
    let em_bottom = frame_y + (EXACT_BASELINE * line as f64).round() as i64 + (FONT_DESCENT * size).round() as i64;
    let thick = letter_thick() as i64 * 20 / 8;
    let thin = letter_thin() as i64 * 20 / 8;
    let spacing = spec::mm_to_twips(spec::LETTER_RULE_SPACING_MM);
    let rule_w = spec::mm_to_twips(spec::LETTER_RULE_MM);
    let rule_x = (page_width() - rule_w) / 2;
    // LibreOffice draws the borders of a one-paragraph frame inside the frame box.
    let thick_centre = em_bottom + spec::mm_to_twips(spec::LETTER_RULE_GAP_MM);
    let upper = Frame { x: rule_x, y: thick_centre - thick / 2, w: rule_w, h: thick / 2 + spacing + thin / 2 };
    let lower_centre = page_height() - spec::mm_to_twips(spec::LETTER_BOTTOM_RULE_MM);
    let lower_top = lower_centre - spacing - thin / 2;
    let lower = Frame { x: rule_x, y: lower_top, w: rule_w, h: thin / 2 + spacing + thick / 2 };
    // The first text element sits 7/8 of a 3号 character below the lower line (10.1): the
    // first grid line whose em box starts that far below the thin line.
    let thin_bottom = upper.y + upper.h;
    let gap = (twips(spec::BODY_PT) as f64 * 7.0 / 8.0).round() as i64;
    let mut first_line = 0;
    while first_line < 21 {
        let cell = margin_top() + first_line * PITCH;
        let em_top = cell + grid_baseline() - (FONT_ASCENT * twips(spec::BODY_PT) as f64).round() as i64;
        if em_top >= thin_bottom + gap {
            break;
        }
        first_line += 1;
    }
    let spacer_bottom = margin_top() + first_line * PITCH;
    let mark = Frame { x: margin_left(), y: frame_y, w: text_width(), h: line };
    let spacer = Frame { x: margin_left(), y: frame_y, w: text_width(), h: spacer_bottom - frame_y };
    LetterHead { mark, upper, lower, spacer, first_line }
}

/// Baseline of a 16 pt line snapped to the LibreOffice line grid, from the top of its cell:
/// measured 7.98 mm of the 10.21 mm cell.
pub(super) fn grid_baseline() -> i64 {
    spec::mm_to_twips(7.98)
}

/// Footer: distance from the paper bottom and exact height of the page-number line, so that
/// the top of the number's em box is 7 mm below the block (7.5). The footer grows upwards
/// from the distance in both Word and LibreOffice; with LibreOffice's 4/5 baseline the em top
/// is `paper − distance − line + 0.8 line − ascent`. A 25 mm distance (FORMAT.md §9) leaves
/// the number about 5 mm under the block in this model, so the distance is derived instead.
pub(super) fn footer() -> (i64, i64) {
    let line = twips(spec::PAGE_NUMBER_PT) + 80;
    let em_top = block_bottom() + spec::mm_to_twips(spec::PAGE_NUMBER_GAP_MM);
    let ascent = (FONT_ASCENT * twips(spec::PAGE_NUMBER_PT) as f64).round() as i64;
    let distance = page_height() - em_top - line + (EXACT_BASELINE * line as f64).round() as i64 - ascent;
    (distance, line)
}

/// Width of text in characters of its own size: CJK characters and full-width forms and marks
/// (quotes included) count 1, Latin letters and digits ½ ([`crate::grid::half_cells`]).
pub(super) fn char_units(s: &str) -> f64 {
    s.chars().map(|c| f64::from(crate::grid::half_cells(c)) / 2.0).sum()
}

/// Curly quotes, which need the East Asian hint to be set full width.
pub(super) fn is_quote(c: char) -> bool {
    crate::writer::spec::punct::OPENING_QUOTES.contains(c) || crate::writer::spec::punct::CLOSING_QUOTES.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_and_margins_are_the_standard_twips() {
        assert_eq!((page_width(), page_height()), (11906, 16838));
        assert_eq!((margin_top(), margin_bottom(), margin_left(), margin_right()), (2098, 1984, 1587, 1474));
        assert_eq!(text_width(), 8845);
    }

    #[test]
    fn mark_paragraph_ends_on_a_grid_line_with_the_mark_35_mm_down() {
        let m = mark_placement(spec::MARK_PT, 0);
        assert_eq!(m.before + m.line, MARK_LINES * PITCH);
        let em_top =
            m.before + (EXACT_BASELINE * m.line as f64) as i64 + FLOW_BASELINE_EXTRA - (FONT_ASCENT * 720.0) as i64;
        assert!((em_top - 1984).abs() <= 2, "{em_top}");
        // No clipping: the line holds ascent and descent.
        assert!(EXACT_BASELINE * m.line as f64 >= FONT_ASCENT * 720.0);
        assert!((1.0 - EXACT_BASELINE) * m.line as f64 >= FONT_DESCENT * 720.0);
    }

    #[test]
    fn footer_puts_the_number_7_mm_under_the_block() {
        let (distance, line) = footer();
        let em_top = page_height() - distance - line + (EXACT_BASELINE * line as f64) as i64 - 274;
        assert!((em_top - 15250).abs() <= 2, "{em_top}");
        // The footer stays below the block.
        assert!(page_height() - distance - line >= block_bottom());
    }

    #[test]
    fn letter_lines_are_170_mm_and_the_lower_pair_20_mm_above_the_bottom() {
        let h = letter_head(spec::MARK_PT);
        assert_eq!(h.upper.w, spec::mm_to_twips(170.0));
        let lower_thick_centre = h.lower.y + h.lower.h - letter_thick() as i64 * 20 / 16;
        assert!((page_height() - lower_thick_centre - 1134).abs() <= 2);
        assert!(h.spacer.y + h.spacer.h > h.upper.y + h.upper.h);
        assert_eq!((h.spacer.y + h.spacer.h - margin_top()) % PITCH, 0);
    }

    #[test]
    fn widths_count_half_width_characters_as_half() {
        assert_eq!(char_units("2021年12月13日"), 7.0);
        assert_eq!(char_units("附件："), 3.0);
        assert_eq!(char_units("1."), 1.0);
        assert_eq!(char_units("“双减”"), 4.0);
    }
}
