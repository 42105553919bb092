//! The document as the template reads it: the IR as JSON, each body paragraph annotated with
//! the closing marks to set in half a cell (`squeeze`: character indices, counted as the
//! template's `split-spans` counts them): the marks that `grid` squeezes so that a closing mark
//! which would start a line stays on the line before (标点挤压), instead of taking a character
//! down with it and leaving that line 2½ cells short. Other lines keep every mark a full cell,
//! so they still count 28. `narrow` lists the document's non-ASCII characters of half a cell
//! (`grid::narrow_class`), which the template boxes like ASCII. The header says whether it has a separator ([`crate::ir::Header::separator`]).

use crate::grid;
use crate::ir::{Block, Document, Indent, Paragraph};
use crate::writer::spec;
use serde_json::Value;

/// The printed lines of a body paragraph, from the line model.
pub(super) fn lines_of(p: &Paragraph) -> Vec<grid::Line> {
    // A blank's plain text is `width` full-width spaces: as many cells as the template draws.
    let chars: Vec<char> = p.spans.iter().flat_map(|s| s.plain().chars().collect::<Vec<_>>()).collect();
    let first = match p.indent {
        Indent::FirstLine => spec::CHARS_PER_LINE - spec::indent::FIRST_LINE,
        Indent::None => spec::CHARS_PER_LINE,
    };
    grid::lines(&chars, first, spec::CHARS_PER_LINE)
}

/// Character indices of the marks to squeeze in `p`.
fn squeezed(p: &Paragraph) -> Vec<usize> {
    lines_of(p).into_iter().flat_map(|l| l.squeezed).collect()
}

/// Add `squeeze` to the paragraphs among `values`, which are `blocks` as JSON, and the
/// column weights (`ir::Table::column_weights`) to the tables.
fn annotate_blocks(blocks: &[Block], values: Option<&mut Value>) {
    let Some(Value::Array(values)) = values else { return };
    for (b, v) in blocks.iter().zip(values.iter_mut()) {
        match (b, v) {
            (Block::Paragraph(p), Value::Object(map)) => {
                let squeeze = squeezed(p);
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
pub(super) fn document_json(doc: &Document) -> Result<Value, serde_json::Error> {
    let mut v = serde_json::to_value(doc)?;
    if let Value::Object(map) = &mut v {
        let text = doc.plain_text();
        map.insert("narrow".into(), grid::narrow_class(text.iter().flat_map(|t| t.chars())).into());
    }
    if let (Some(h), Some(Value::Object(map))) = (&doc.header, v.get_mut("header")) {
        map.insert("separator".into(), h.separator(doc.format).into());
    }
    annotate_blocks(&doc.body, v.get_mut("body"));
    if let Some(e) = &doc.enclosure {
        annotate_blocks(&e.blocks, v.get_mut("enclosure").and_then(|e| e.get_mut("blocks")));
    }
    for (i, a) in doc.attachments.iter().enumerate() {
        annotate_blocks(
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
        let v = document_json(&doc).expect("json");
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
        let v = document_json(&doc).expect("json");
        assert_eq!(v["body"][0]["weights"], serde_json::json!([1, 3, 1]));
        assert_eq!(v["header"]["separator"], serde_json::json!(true));
    }
}
