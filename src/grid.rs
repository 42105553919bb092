//! The 公文 line grid as the PDF template fills it: the width of every character in half cells
//! and where a body paragraph's lines break (5.2.3: 28 cells a line). Full-width characters and
//! marks take a cell; digits, Latin letters, signs and curly quotes half a cell (the template
//! boxes each to that width). A line breaks anywhere but before a closing mark (GB/T 15834
//! 行首禁则) and inside a number of one or two digits. Where a closing mark would start a line,
//! one or two full-width closing marks of the line are set in half a cell so the mark fits
//! (标点挤压), or else the character before it goes down with it.
//!
//! `source` asks where a paragraph's first line ends (a run-in heading keeps its font to there)
//! and `writer::pdf` which marks to squeeze. No layout engine is involved: the template sets
//! every character to these widths, and `tests/layout.rs` holds the two to each other.

use crate::writer::spec::punct;

/// Width of a character in half cells: ASCII, and the letters, signs and symbols up to
/// U+2E7F (Latin, Greek, `①`, `℃`, `×`, curly quotes: narrow or East Asian "ambiguous"
/// width, which the checker counts as half a cell and the template boxes to half a cell)
/// take half a cell, except `—`, `…` and `·`, set full width in Chinese text; combining marks
/// and zero-width characters take none; everything else — CJK characters, full-width forms
/// and marks — a whole cell. Both writers measure text with it.
pub fn half_cells(c: char) -> u32 {
    if is_zero_width(c) {
        0
    } else if is_narrow(c) {
        1
    } else {
        2
    }
}

fn is_narrow(c: char) -> bool {
    let u = c as u32;
    (u < 0x80 || (0xA0..=NARROW_END).contains(&u)) && !(0x1100..=0x115F).contains(&u) && !matches!(c, '—' | '…' | '·')
}

/// The last code point that may be narrow: the blocks of letters, signs and symbols end here;
/// the CJK blocks begin.
const NARROW_END: u32 = 0x2E7F;

/// Combining marks and zero-width or format characters (the template's own word joiners and
/// break opportunities among them).
fn is_zero_width(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF)
}

/// The non-ASCII characters of half a cell among `chars`, curly quotes aside, as the body of a
/// regex character class (`\x{2460}\x{2103}`): the template boxes them to half a cell as it
/// does ASCII, so that what this module counts is what typst sets. Only the characters a
/// document uses: a class of every such character makes typst's text matching 10 % slower.
pub fn narrow_class(chars: impl Iterator<Item = char>) -> String {
    let found: std::collections::BTreeSet<char> = chars
        .filter(|&c| {
            !c.is_ascii()
                && !c.is_control()
                && half_cells(c) == 1
                && !punct::OPENING_QUOTES.contains(c)
                && !punct::CLOSING_QUOTES.contains(c)
        })
        .collect();
    found.iter().map(|c| format!("\\x{{{:X}}}", *c as u32)).collect()
}

/// A mark that never starts a line.
fn closing(c: char) -> bool {
    punct::CLOSING.contains(c) || punct::CLOSING_QUOTES.contains(c)
}

/// Inside a number of one or two digits (`3|1` of `1月31日`): no line breaks there, or the
/// line would read `1月3`. Keeping such a number whole leaves a line half a cell short at most,
/// which 5.2.3's 28 characters still count as full.
fn inside_short_number(chars: &[char], k: usize) -> bool {
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    if k == 0 || !digit(k - 1) || !digit(k) {
        return false;
    }
    let first = (0..k).rev().take_while(|&i| digit(i)).last().unwrap_or(k - 1);
    let end = (k..chars.len()).find(|&i| !digit(i)).unwrap_or(chars.len());
    end - first <= 2
}

/// May a line break before character `k`?
fn may_break_before(chars: &[char], k: usize) -> bool {
    !chars.get(k).is_some_and(|&c| closing(c)) && !inside_short_number(chars, k)
}

/// One printed line of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Index of the first character after the line.
    pub end: usize,
    /// Closing marks set in half a cell to keep the line's last characters together.
    pub squeezed: Vec<usize>,
}

/// Fill one line from `start` with `cells` cells.
fn fill(chars: &[char], start: usize, cells: u32) -> Line {
    let cap = 2 * cells;
    let mut width = 0;
    let mut fits = start;
    while let Some(&c) = chars.get(fits) {
        if width + half_cells(c) > cap {
            break;
        }
        width += half_cells(c);
        fits += 1;
    }
    let rest = Line { end: fits, squeezed: Vec::new() };
    if fits == chars.len() || fits == start || may_break_before(chars, fits) {
        return rest;
    }
    // The line cannot break here. When the next character is a closing mark, rather than
    // send the character before it down, squeeze full-width closing marks of this line (the
    // latest first, never the line's last character) by half a cell each: at most two, so
    // the line counts 29 at most and ends in a closing mark, as a squeezed line does.
    let run_end = (fits..chars.len()).find(|&i| !closing(chars[i])).unwrap_or(chars.len());
    let extra: u32 = chars[fits..run_end].iter().map(|&c| half_cells(c)).sum();
    let deficit = (width + extra).saturating_sub(cap) as usize;
    if closing(chars[fits]) && deficit <= 2 {
        // Not the line's second character either: typst may break before a squeezed mark, and
        // the line above could then end after the character before it.
        let mut squeezed: Vec<usize> =
            (start + 2..run_end - 1).rev().filter(|&i| punct::CLOSING.contains(chars[i])).take(deficit).collect();
        if squeezed.len() == deficit {
            squeezed.reverse();
            return Line { end: run_end, squeezed };
        }
    }
    // Otherwise the line ends at the last place it may: before the character that goes down
    // with the closing mark, or before a short number.
    let back = (start + 1..=fits).rev().find(|&k| may_break_before(chars, k)).unwrap_or(fits);
    Line { end: back, squeezed: Vec::new() }
}

/// The lines of a paragraph whose first line has `first` cells and the others `cells`.
pub fn lines(chars: &[char], first: u32, cells: u32) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let line = fill(chars, start, if out.is_empty() { first } else { cells });
        // A line always takes at least one character, whatever its width.
        let end = line.end.max(start + 1);
        out.push(Line { end, squeezed: line.squeezed });
        start = end;
    }
    out
}

/// How many characters fill a paragraph's first line of `cells` cells.
pub fn first_line_len(chars: &[char], cells: u32) -> usize {
    fill(chars, 0, cells).end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn a_line_holds_its_cells() {
        assert_eq!(first_line_len(&chars(&"字".repeat(30)), 26), 26);
        assert_eq!(first_line_len(&chars("短句。"), 26), 3);
        // Digits and curly quotes take half a cell.
        assert_eq!(first_line_len(&chars(&format!("{}2021“双”", "字".repeat(22))), 26), 29);
    }

    #[test]
    fn a_closing_mark_takes_the_character_before_it_along() {
        let text = chars(&format!("{}。后文", "字".repeat(26)));
        assert_eq!(first_line_len(&text, 26), 25);
        // Opening brackets and quotes may end a line; numbers break where the line ends.
        assert_eq!(first_line_len(&chars(&format!("{}（附件）", "字".repeat(25))), 26), 26);
        assert_eq!(first_line_len(&chars(&format!("{}“双减”", "字".repeat(25))), 26), 26);
        assert_eq!(first_line_len(&chars(&format!("{}2021年", "字".repeat(25))), 26), 27);
        // …but a number of one or two digits stays whole: `1月31日` never reads `1月3`.
        assert_eq!(first_line_len(&chars(&format!("{}1月31日", "字".repeat(24))), 26), 26);
    }

    #[test]
    fn closing_marks_of_the_line_make_room_for_the_one_after_it() {
        // 24.5 cells up to 件, then ）。: 1.5 cells with ） in half a cell, 2 without.
        let text = chars(&format!("{}3（见附件）。后文", "字".repeat(20)));
        let ls = lines(&text, 26, 28);
        assert_eq!(ls[0], Line { end: 27, squeezed: vec![25] });
        assert_eq!(text[25], '）');
        // A closing quote is half a cell already: the comma before it gives the room.
        let text = chars(&format!("{}3，“一校一策”；依法", "字".repeat(19)));
        assert_eq!(lines(&text, 26, 28)[0], Line { end: 28, squeezed: vec![20] });
        // A whole cell to find and one mark to give it: the character goes down.
        let text = chars(&format!("{}，“一校一策”；依法", "字".repeat(20)));
        assert_eq!(lines(&text, 26, 28)[0], Line { end: 25, squeezed: vec![] });
        // No squeeze where nothing needs room.
        let text = chars(&format!("（见附件）。{}", "字".repeat(30)));
        assert!(lines(&text, 26, 28)[0].squeezed.is_empty());
        // Without a mark to squeeze, the character goes down with its mark.
        let text = chars(&format!("{}。后文", "字".repeat(26)));
        assert_eq!(lines(&text, 26, 28)[0], Line { end: 25, squeezed: vec![] });
    }

    #[test]
    fn every_character_is_on_some_line() {
        let text = chars(&format!("{}，{}甲，后面还有文字。", "字".repeat(3), "字".repeat(21)));
        let ls = lines(&text, 26, 28);
        assert_eq!(ls.last().map(|l| l.end), Some(text.len()));
        assert_eq!(ls[0].end, 25, "甲 goes down with its comma");
    }
}
