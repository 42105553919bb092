//! The document as the template reads it: the IR as JSON, each body paragraph annotated with
//! the closing marks to set in half a cell (`squeeze`: character indices, counted as the
//! template's `split-spans` counts them): the marks that `grid` squeezes so that a closing mark
//! which would start a line stays on the line before (标点挤压), instead of taking a character
//! down with it and leaving that line 2 cells short. Other lines keep every mark a full cell, so
//! they still count 28. The header says whether it has a separator
//! ([`crate::ir::Header::separator`]).

use crate::grid;
use crate::ir::{Block, Document, Indent, Paragraph};
use crate::writer::spec;
use serde_json::Value;

/// Characters below this may be set in the body font's own widths; the CJK blocks begin here.
const MEASURED_END: u32 = 0x2E80;

/// The body font's advance, in em, of every character below [`MEASURED_END`] (NaN where the
/// font has none): read once per engine, not per document.
pub(super) fn body_advances(font: &typst::text::Font) -> Vec<f32> {
    let Ok(face) = ttf_parser::Face::parse(font.data(), font.index()) else { return Vec::new() };
    let em = f32::from(face.units_per_em());
    (0..MEASURED_END)
        .map(|u| {
            char::from_u32(u)
                .and_then(|c| face.glyph_index(c))
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(f32::NAN, |units| f32::from(units) / em)
        })
        .collect()
}

/// How wide the template sets a character of the body font, in half cells.
pub(super) struct Measure<'a> {
    /// [`body_advances`]: Latin, digits and signs keep the body font's widths.
    pub advances: &'a [f32],
}

impl Measure<'_> {
    /// Widths of `chars` in half cells, as the template sets them: CJK characters and the boxed
    /// marks one cell; other characters their advance plus the tracking. typst shapes a word of
    /// Latin letters as a run of its own and leaves the last glyph of each run untracked: the
    /// word's last glyph and the character before the word. Digits and signs belong to no
    /// script and join the run around them.
    fn widths(&self, chars: &[char]) -> Vec<f64> {
        let g = spec::layout_grid();
        let half = g.advance_pt / 2.0;
        let measured = |k: usize| chars.get(k).is_some_and(|&n| !is_full(n) && !grid::is_zero_width(n));
        // Runs of measured characters that hold a letter: their ends lose the tracking.
        let mut untracked = vec![false; chars.len()];
        let mut i = 0;
        while i < chars.len() {
            if !measured(i) {
                i += 1;
                continue;
            }
            let end = (i..chars.len()).find(|&k| !measured(k)).unwrap_or(chars.len());
            if chars[i..end].iter().any(|c| c.is_alphabetic()) {
                untracked[end - 1] = true;
                if i > 0 && !grid::boxed(chars[i - 1]) {
                    untracked[i - 1] = true;
                }
            }
            i = end;
        }
        let mut out = Vec::with_capacity(chars.len());
        for (i, &c) in chars.iter().enumerate() {
            let w = if grid::is_zero_width(c) {
                0.0
            } else if is_full(c) {
                if untracked[i] { 2.0 - g.tracking_pt / half } else { 2.0 }
            } else {
                let advance = self.advances.get(c as usize).filter(|a| !a.is_nan()).map(|&a| f64::from(a));
                match advance {
                    Some(em) => {
                        let track = if untracked[i] { 0.0 } else { g.tracking_pt };
                        (em * spec::BODY_PT + track) / half
                    }
                    None => f64::from(grid::half_cells(c)),
                }
            };
            out.push(w);
        }
        out
    }

    /// The printed lines of a body paragraph, from the line model.
    pub(super) fn lines_of(&self, p: &Paragraph) -> Vec<grid::Line> {
        // A blank's plain text is `width` full-width spaces: as many cells as the template draws.
        let chars: Vec<char> = p.spans.iter().flat_map(|s| s.plain().chars().collect::<Vec<_>>()).collect();
        let first = match p.indent {
            Indent::FirstLine => spec::CHARS_PER_LINE - spec::indent::FIRST_LINE,
            Indent::None => spec::CHARS_PER_LINE,
        };
        grid::lines(&chars, &self.widths(&chars), first, spec::CHARS_PER_LINE)
    }
}

/// Set one cell wide: a CJK character or a full-width mark.
fn is_full(c: char) -> bool {
    !grid::is_zero_width(c) && ((c as u32) >= MEASURED_END || grid::boxed(c))
}

/// Add `squeeze` to the paragraphs among `values`, which are `blocks` as JSON, and the
/// column weights (`ir::Table::column_weights`) to the tables.
fn annotate_blocks(m: &Measure, blocks: &[Block], values: Option<&mut Value>) {
    let Some(Value::Array(values)) = values else { return };
    for (b, v) in blocks.iter().zip(values.iter_mut()) {
        match (b, v) {
            (Block::Paragraph(p), Value::Object(map)) => {
                let squeeze: Vec<usize> = m.lines_of(p).into_iter().flat_map(|l| l.squeezed).collect();
                if !squeeze.is_empty() {
                    map.insert("squeeze".into(), squeeze.into());
                }
            }
            (Block::Table(t), Value::Object(map)) => {
                map.insert("weights".into(), t.column_weights().into());
            }
            _ => {}
        }
    }
}

/// The document as JSON for the template, with the squeeze annotations.
pub(super) fn document_json(m: &Measure, doc: &Document) -> Result<Value, serde_json::Error> {
    let mut v = serde_json::to_value(doc)?;
    if let (Some(h), Some(Value::Object(map))) = (&doc.header, v.get_mut("header")) {
        map.insert("separator".into(), h.separator(doc.format).into());
    }
    annotate_blocks(m, &doc.body, v.get_mut("body"));
    if let Some(e) = &doc.enclosure {
        annotate_blocks(m, &e.blocks, v.get_mut("enclosure").and_then(|e| e.get_mut("blocks")));
    }
    for (i, a) in doc.attachments.iter().enumerate() {
        annotate_blocks(
            m,
            &a.blocks,
            v.get_mut("attachments").and_then(|x| x.get_mut(i)).and_then(|a| a.get_mut("blocks")),
        );
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Header, Span};

    #[test]
    fn only_a_pair_at_a_line_end_is_squeezed() {
        let at_end = format!("{}3（见附件）。后文", "字".repeat(20));
        let mid = format!("（见附件）。{}", "字".repeat(30));
        let doc = Document {
            body: [at_end, mid]
                .into_iter()
                .map(|t| {
                    Block::Paragraph(Paragraph { level: None, indent: Indent::FirstLine, spans: vec![Span::text(t)] })
                })
                .collect(),
            ..Document::default()
        };
        let v = document_json(&Measure { advances: &[] }, &doc).expect("json");
        assert_eq!(v["body"][0]["squeeze"], serde_json::json!([25]));
        assert!(v["body"][1].get("squeeze").is_none());
    }

    /// Both writers take the columns from the IR: one per cell of the widest row, the given
    /// widths first, then 1 (a row longer than `widths` must not wrap onto a new row).
    #[test]
    fn tables_carry_their_column_weights() {
        let table = crate::ir::Table {
            widths: vec![1, 3],
            header: None,
            rows: vec![vec!["甲".into(), "乙".into(), "丙".into()]],
            ruled: true,
        };
        assert_eq!(table.column_weights(), vec![1, 3, 1]);
        let doc = Document { body: vec![Block::Table(table)], header: Some(Header::default()), ..Document::default() };
        let v = document_json(&Measure { advances: &[] }, &doc).expect("json");
        assert_eq!(v["body"][0]["weights"], serde_json::json!([1, 3, 1]));
        assert_eq!(v["header"]["separator"], serde_json::json!(true));
    }
}
