//! The 公文 line grid as the PDF template fills it: how wide each character is and where a
//! body paragraph's lines break (5.2.3: 28 cells a line). CJK characters and full-width marks
//! (quotes, dashes and ellipses included, as GB/T 15834 and every GB 2312 font have them) take
//! one cell; Latin, digits and signs keep their font's widths, which the caller measures. A
//! line breaks between any two CJK characters, never inside a word or number, never before a
//! closing mark (GB/T 15834 行首禁则) and never after an opening one (行尾禁则). Where a closing
//! mark would start a line, a closing mark of the line set beside another mark is set in half a
//! cell so that the mark fits (标点挤压), or else the character before it goes down with it.
//!
//! `writer::pdf` asks which marks to squeeze; `source` and the DOCX writer use [`half_cells`]
//! as the nominal width of text. No layout engine is involved: `tests/layout.rs` holds this
//! model and typst's lines to each other.

use crate::writer::spec::punct;

/// Nominal width of a character in half cells, for estimates that know no font: Latin,
/// Greek and Cyrillic letters, digits and ASCII signs are half a cell; combining marks and
/// zero-width characters none; everything else — CJK characters, full-width forms, quotes,
/// dashes, ellipses and symbols such as `①` — a whole cell.
pub fn half_cells(c: char) -> u32 {
    if is_zero_width(c) {
        0
    } else if is_narrow(c) {
        1
    } else {
        2
    }
}

/// Letters and signs of the alphabetic scripts: set in the font's own (proportional) widths.
pub fn is_narrow(c: char) -> bool {
    let u = c as u32;
    u < 0x2000 && !(0x1100..=0x115F).contains(&u) && !matches!(c, '·' | '×' | '÷' | '§' | '°' | '±')
}

/// Combining marks and zero-width or format characters (the template's own word joiners and
/// break opportunities among them).
pub fn is_zero_width(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF)
}

/// A mark that never starts a line.
fn closing(c: char) -> bool {
    punct::CLOSING.contains(c) || punct::CLOSING_QUOTES.contains(c)
}

/// A mark that never ends a line.
fn opening(c: char) -> bool {
    punct::OPENING.contains(c) || punct::OPENING_QUOTES.contains(c)
}

/// A bracket or quote of either side: the marks the PDF template boxes to one cell.
pub fn boxed(c: char) -> bool {
    closing(c) || opening(c)
}

/// A full-width mark of either kind (the neighbour that allows a squeeze, clreq 3.1.6.1).
fn mark(c: char) -> bool {
    boxed(c) || matches!(c, '—' | '…' | '·')
}

/// Part of a word or number: a line never breaks inside a run of these (UAX #14 for the
/// alphabetic scripts: `qq.com`, `0356-6209459`, `2021`).
fn in_word(c: char) -> bool {
    is_narrow(c) && !c.is_whitespace()
}

/// May a line break before character `k`?
fn may_break_before(chars: &[char], k: usize) -> bool {
    let (Some(&prev), Some(&c)) = (k.checked_sub(1).and_then(|p| chars.get(p)), chars.get(k)) else {
        return k > 0;
    };
    // A web address is set as one box, before which a line may break (the template).
    let url = |k: usize| {
        let rest: String = chars[k..].iter().take(8).collect();
        rest.starts_with("www.") || rest.starts_with("http://") || rest.starts_with("https://")
    };
    // …unless it is part of an address begun earlier in the same word.
    let in_url = || {
        let from = (0..k).rev().take_while(|&i| in_word(chars[i])).last().unwrap_or(k);
        let before: String = chars[from..k].iter().collect();
        before.contains("www.") || before.contains("://")
    };
    if url(k) && !opening(prev) && !in_url() {
        return true;
    }
    !(closing(c)
        || opening(prev)
        || c.is_whitespace()
        || (in_word(prev) && in_word(c))
        // —— and …… are one mark of two cells.
        || (prev == c && matches!(c, '—' | '…')))
}

/// One printed line of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Index of the first character after the line.
    pub end: usize,
    /// Closing marks set in half a cell to keep the line's last characters together.
    pub squeezed: Vec<usize>,
}

/// What a line may hold beyond its cells: the few hundredths of a point the template's
/// tracking leaves on every line, so that rounding never decides a break.
const SLACK: f64 = 0.04;

/// Fill one line from `start` with `cells` cells; `width[i]` is character `i`'s width in half
/// cells.
fn fill(chars: &[char], width: &[f64], start: usize, cells: u32) -> Line {
    let cap = 2.0 * f64::from(cells) + SLACK;
    let w = |i: usize| width.get(i).copied().unwrap_or(2.0);
    let mut used = 0.0;
    let mut fits = start;
    while fits < chars.len() {
        if used + w(fits) > cap {
            break;
        }
        used += w(fits);
        fits += 1;
    }
    let rest = Line { end: fits, squeezed: Vec::new() };
    if fits == chars.len() || fits == start || may_break_before(chars, fits) {
        return rest;
    }
    // The line cannot break here. When the next character is a closing mark, rather than
    // send the character before it down, squeeze closing marks of this line that stand beside
    // another mark (the latest first, never the line's last character) by half a cell each:
    // at most two, so the line counts 29 at most and ends in a closing mark, as a squeezed line
    // does.
    let run_end = (fits..chars.len()).find(|&i| !closing(chars[i])).unwrap_or(chars.len());
    let extra: f64 = (fits..run_end).map(w).sum();
    let deficit = (used + extra - cap).max(0.0).ceil() as usize;
    if closing(chars[fits]) && deficit <= 2 {
        let beside_mark =
            |i: usize| i.checked_sub(1).is_some_and(|p| mark(chars[p])) || chars.get(i + 1).is_some_and(|&n| mark(n));
        // Not the line's second character either: typst may break before a squeezed mark, and
        // the line above could then end after the character before it.
        let mut squeezed: Vec<usize> =
            (start + 2..run_end - 1).rev().filter(|&i| closing(chars[i]) && beside_mark(i)).take(deficit).collect();
        if squeezed.len() == deficit {
            squeezed.reverse();
            return Line { end: run_end, squeezed };
        }
    }
    // Otherwise the line ends at the last place it may: before the character that goes down
    // with the closing mark, before an opening mark's character, or before a word.
    let back = (start + 1..=fits).rev().find(|&k| may_break_before(chars, k)).unwrap_or(fits);
    Line { end: back, squeezed: Vec::new() }
}

/// The lines of a paragraph whose first line has `first` cells and the others `cells`;
/// `width[i]` is character `i`'s width in half cells as the writer sets it.
pub fn lines(chars: &[char], width: &[f64], first: u32, cells: u32) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let line = fill(chars, width, start, if out.is_empty() { first } else { cells });
        // A line always takes at least one character, whatever its width.
        let end = line.end.max(start + 1);
        out.push(Line { end, squeezed: line.squeezed });
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Nominal widths: digits and letters half a cell.
    fn nominal(cs: &[char]) -> Vec<f64> {
        cs.iter().map(|&c| f64::from(half_cells(c))).collect()
    }

    fn first_len(s: &str, cells: u32) -> usize {
        let cs = chars(s);
        lines(&cs, &nominal(&cs), cells, 28)[0].end
    }

    #[test]
    fn a_line_holds_its_cells() {
        assert_eq!(first_len(&"字".repeat(30), 26), 26);
        assert_eq!(first_len("短句。", 26), 3);
        // Digits take half a cell, quotes a whole one.
        assert_eq!(first_len(&format!("{}2021“双”", "字".repeat(22)), 26), 26);
    }

    #[test]
    fn marks_keep_to_their_side_of_the_break() {
        // A closing mark takes the character before it along.
        assert_eq!(first_len(&format!("{}。后文", "字".repeat(26)), 26), 25);
        // An opening bracket or quote never ends a line: it goes down with the line.
        assert_eq!(first_len(&format!("{}（附件）", "字".repeat(25)), 26), 25);
        assert_eq!(first_len(&format!("{}“双减”", "字".repeat(25)), 26), 25);
        // A number or a word is never split.
        assert_eq!(first_len(&format!("{}2021年", "字".repeat(25)), 26), 25);
        assert_eq!(first_len(&format!("{}ab@qq.com", "字".repeat(24)), 26), 24);
        assert_eq!(first_len(&format!("{}1月31日", "字".repeat(24)), 26), 26);
        // —— is one mark.
        assert_eq!(first_len(&format!("{}——后", "字".repeat(25)), 26), 25);
    }

    #[test]
    fn closing_marks_beside_marks_make_room_for_the_one_after_them() {
        // 24.5 cells up to 件, then ）。: 1.5 cells with ） in half a cell, 2 without.
        let text = chars(&format!("{}3（见附件）。后文", "字".repeat(20)));
        let ls = lines(&text, &nominal(&text), 26, 28);
        assert_eq!(ls[0], Line { end: 27, squeezed: vec![25] });
        assert_eq!(text[25], '）');
        // A lone comma in mid-line is never squeezed: the character goes down instead.
        let text = chars(&format!("{}3，一校一策。依法", "字".repeat(20)));
        assert_eq!(lines(&text, &nominal(&text), 26, 28)[0], Line { end: 25, squeezed: vec![] });
        // No squeeze where nothing needs room.
        let text = chars(&format!("（见附件）。{}", "字".repeat(30)));
        assert!(lines(&text, &nominal(&text), 26, 28)[0].squeezed.is_empty());
        // Without a mark to squeeze, the character goes down with its mark.
        let text = chars(&format!("{}。后文", "字".repeat(26)));
        assert_eq!(lines(&text, &nominal(&text), 26, 28)[0], Line { end: 25, squeezed: vec![] });
    }

    #[test]
    fn measured_widths_decide_the_break() {
        // A word of wide letters fills more than its nominal half cells.
        let text = chars(&format!("{}MMMM后", "字".repeat(23)));
        let mut w = nominal(&text);
        for x in w.iter_mut().skip(23).take(4) {
            *x = 1.7;
        }
        assert_eq!(lines(&text, &w, 26, 28)[0].end, 23);
    }

    #[test]
    fn every_character_is_on_some_line() {
        let text = chars(&format!("{}，{}甲，后面还有文字。", "字".repeat(3), "字".repeat(21)));
        let ls = lines(&text, &nominal(&text), 26, 28);
        assert_eq!(ls.last().map(|l| l.end), Some(text.len()));
        assert_eq!(ls[0].end, 25, "甲 goes down with its comma");
    }
}
