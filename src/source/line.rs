//! One line of body text, with escapes resolved: the characters and whether each is literal.
//!
//! `\` makes the next character literal; a literal character is always text and never takes
//! part in structure (directives, table rows and cells, heading numbering, run-in boundaries,
//! form blanks, trimming). Every structural decision in `source` looks only at non-literal
//! characters, which is what lets [`super::escape`] guarantee that data stays text. This module
//! also turns characters into [`Span`]s (text and form blanks) and recognises 公文 heading
//! numbering (GB/T 9704 7.3.3: `一、` → `（一）` → `1.` → `（1）`). It knows nothing about
//! documents, containers or front matter.

use crate::ir::Span;

/// A character of a source line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ch {
    /// The character.
    pub(crate) c: char,
    /// Escaped with `\`: text, never structure.
    pub(crate) lit: bool,
    /// 1-based column (in characters) in the source line; for escaped characters the column of
    /// the backslash.
    pub(crate) col: usize,
}

impl Ch {
    /// True if this is the structural (unescaped) character `c`.
    pub(crate) fn is(&self, c: char) -> bool {
        !self.lit && self.c == c
    }

    /// True for unescaped white space (including the ideographic space U+3000).
    fn is_blank(&self) -> bool {
        !self.lit && self.c.is_whitespace()
    }
}

/// Resolve escapes. A backslash at the very end of a line has nothing to escape and stays a
/// literal backslash.
pub(crate) fn lex(line: &str) -> Vec<Ch> {
    let mut out = Vec::with_capacity(line.len());
    let mut chars = line.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some((_, next)) => out.push(Ch { c: next, lit: true, col: i + 1 }),
                None => out.push(Ch { c, lit: true, col: i + 1 }),
            }
        } else {
            out.push(Ch { c, lit: false, col: i + 1 });
        }
    }
    out
}

/// The characters without unescaped white space at either end.
pub(crate) fn trim(chars: &[Ch]) -> &[Ch] {
    let start = chars.iter().position(|c| !c.is_blank()).unwrap_or(chars.len());
    let end = chars.iter().rposition(|c| !c.is_blank()).map_or(start, |e| e + 1);
    &chars[start..end.max(start)]
}

/// The characters as a plain string (escapes already resolved).
pub(crate) fn text(chars: &[Ch]) -> String {
    chars.iter().map(|c| c.c).collect()
}

/// Split at unescaped occurrences of `sep`.
pub(crate) fn split(chars: &[Ch], sep: char) -> Vec<&[Ch]> {
    chars.split(|c| c.is(sep)).collect()
}

/// The shortest run of unescaped underscores that makes a form blank. A single `_` is text
/// (as in `file_name`).
const BLANK_MIN: usize = 2;

/// Text and form blanks: a run of two or more unescaped `_` becomes a [`Span::Blank`] as wide
/// as the run (two underscores per character, since `_` is half-width). `make` builds the span
/// for text (plain, heading, …).
pub(crate) fn spans_with(chars: &[Ch], make: &dyn Fn(String) -> Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is('_')).count();
        if run >= BLANK_MIN {
            if !text.is_empty() {
                out.push(make(std::mem::take(&mut text)));
            }
            let width = u8::try_from(run.div_ceil(2)).unwrap_or(u8::MAX);
            out.push(Span::Blank { width });
            i += run;
        } else {
            text.push(chars[i].c);
            i += 1;
        }
    }
    if !text.is_empty() {
        out.push(make(text));
    }
    out
}

/// Plain body text spans.
pub(crate) fn spans(chars: &[Ch]) -> Vec<Span> {
    spans_with(chars, &|text| Span::Text { text })
}

/// Chinese numerals used in 公文 numbering (`一、`, `（十二）`).
const CN_NUMERALS: &str = "一二三四五六七八九十百零〇";

fn is_cn_numeral(c: &Ch) -> bool {
    !c.lit && CN_NUMERALS.contains(c.c)
}

fn is_digit(c: &Ch) -> bool {
    !c.lit && (c.c.is_ascii_digit() || ('０'..='９').contains(&c.c))
}

fn is_open_paren(c: &Ch) -> bool {
    c.is('（') || c.is('(')
}

fn is_close_paren(c: &Ch) -> bool {
    c.is('）') || c.is(')')
}

/// Numbering at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Numbering {
    /// 1 = `一、`, 2 = `（一）`, 3 = `1.`, 4 = `（1）`.
    pub(crate) level: u8,
    /// Characters the numbering takes.
    pub(crate) len: usize,
    /// Written with half-width parentheses (`(一)`): accepted, but worth a warning.
    pub(crate) half_width_parens: bool,
}

/// Recognise 公文 heading numbering at the start of `chars` (already trimmed). Every character
/// of the numbering must be unescaped.
pub(crate) fn numbering(chars: &[Ch]) -> Option<Numbering> {
    let run = |from: usize, pred: &dyn Fn(&Ch) -> bool| chars.iter().skip(from).take_while(|c| pred(c)).count();
    let first = chars.first()?;
    if is_open_paren(first) {
        let half = first.is('(');
        for (level, pred) in [(2u8, &is_cn_numeral as &dyn Fn(&Ch) -> bool), (4u8, &is_digit)] {
            let n = run(1, pred);
            if n > 0 && chars.get(1 + n).is_some_and(is_close_paren) {
                let half = half || chars.get(1 + n).is_some_and(|c| c.is(')'));
                return Some(Numbering { level, len: n + 2, half_width_parens: half });
            }
        }
        return None;
    }
    let n = run(0, &is_cn_numeral);
    if n > 0 {
        return chars.get(n).is_some_and(|c| c.is('、')).then_some(Numbering {
            level: 1,
            len: n + 1,
            half_width_parens: false,
        });
    }
    // Level 3: `1.` / `1．`, at most three digits (so a year such as `2021.` is not a heading),
    // and not a decimal number (`1.5倍`).
    let n = run(0, &is_digit);
    if (1..=3).contains(&n)
        && chars.get(n).is_some_and(|c| c.is('.') || c.is('．'))
        && !chars.get(n + 1).is_some_and(is_digit)
    {
        return Some(Numbering { level: 3, len: n + 1, half_width_parens: false });
    }
    None
}

/// Where the heading part of a numbered line ends: after the first unescaped `。` (a run-in
/// heading, 7.3.3: `（一）会议决策制度。` then body text), or at the end of the line.
pub(crate) fn heading_end(chars: &[Ch], from: usize) -> usize {
    chars.iter().skip(from).position(|c| c.is('。')).map_or(chars.len(), |p| from + p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<(u8, usize)> {
        numbering(&lex(s)).map(|n| (n.level, n.len))
    }

    #[test]
    fn backslash_makes_next_character_literal() {
        let l = lex(r"a\_\\b\");
        assert_eq!(text(&l), r"a_\b\");
        assert_eq!(l.iter().map(|c| c.lit).collect::<Vec<_>>(), [false, true, true, false, true]);
        assert_eq!(l.iter().map(|c| c.col).collect::<Vec<_>>(), [1, 2, 4, 6, 7]);
    }

    #[test]
    fn trim_keeps_escaped_white_space() {
        let l = lex("\u{3000} a\\  ");
        assert_eq!(text(trim(&l)), "a ");
    }

    #[test]
    fn underscore_runs_become_blanks_of_half_their_length() {
        let s = spans(&lex("按____要求，file_name___"));
        assert_eq!(
            s,
            [Span::text("按"), Span::Blank { width: 2 }, Span::text("要求，file_name"), Span::Blank { width: 2 }]
        );
    }

    #[test]
    fn escaped_underscores_are_text() {
        assert_eq!(spans(&lex(r"\_\_")), [Span::text("__")]);
        assert_eq!(spans(&lex(r"_\_")), [Span::text("__")]);
    }

    #[test]
    fn recognises_the_four_heading_levels() {
        assert_eq!(num("一、指导思想"), Some((1, 2)));
        assert_eq!(num("二十六、统筹"), Some((1, 4)));
        assert_eq!(num("（一）会议决策制度。"), Some((2, 3)));
        assert_eq!(num("(五)督查督办制度。"), Some((2, 3)));
        assert_eq!(num("1.工作"), Some((3, 2)));
        assert_eq!(num("12．工作"), Some((3, 3)));
        assert_eq!(num("（1）工作"), Some((4, 3)));
        assert_eq!(num("（１２）工作"), Some((4, 4)));
    }

    #[test]
    fn ordinary_text_has_no_numbering() {
        for s in ["一是宣传", "2021.12", "2021.", "1.5倍", "（此件公开发布）", "（县教育局）", "十分", "、"]
        {
            assert_eq!(num(s), None, "{s}");
        }
    }

    #[test]
    fn escaped_numbering_is_text() {
        assert_eq!(num(r"\一、指导思想"), None);
        assert_eq!(num(r"一\、指导思想"), None);
        assert_eq!(num(r"\（一）"), None);
        // An escaped digit after `1.` is text, so it does not turn the heading into a decimal.
        assert_eq!(num(r"1.\5"), Some((3, 2)));
    }

    #[test]
    fn half_width_parentheses_are_flagged() {
        assert!(numbering(&lex("(一)x")).is_some_and(|n| n.half_width_parens));
        assert!(numbering(&lex("（一)x")).is_some_and(|n| n.half_width_parens));
        assert!(numbering(&lex("（一）x")).is_some_and(|n| !n.half_width_parens));
    }

    #[test]
    fn run_in_heading_ends_after_the_first_unescaped_full_stop() {
        let l = lex(r"（一）会议\。决策。正文。");
        assert_eq!(heading_end(&l, 3), 9);
        assert_eq!(heading_end(&lex("一、指导思想"), 2), 6);
    }
}
