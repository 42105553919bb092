//! Property tests of `source::escape`: an escaped data value inserted anywhere in a body line
//! comes out verbatim as text and never creates or changes structure.
//!
//! Values are drawn from an alphabet of every character that is structural somewhere (escapes,
//! blanks, table bars, directives, heading numbers, run-in full stops, line breaks, white space),
//! with a fixed-seed generator so a failure reproduces.

use gongwen::ir::{Block, Document, Indent, Paragraph, Span};
use gongwen::source::{self, Defaults};
use std::path::Path;

const ALPHABET: &[&str] = &[
    "\\", "_", "__", "|", "@", "一", "十", "、", "（", "）", "(", ")", "。", "1", "２", ".", "．", "\n", "\r\n", "\r",
    " ", "\u{3000}", "\t", "-", "---", ":", "#", "*", "$", "{{", "}}", "<w:p>", "甲", "a", "@方案 ", "| --- |",
];

/// splitmix64: small, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn value(&mut self) -> String {
        let len = self.below(9);
        (0..len).map(|_| ALPHABET[self.below(ALPHABET.len())]).collect()
    }
}

/// What the value should read as: line breaks become spaces.
fn flat(v: &str) -> String {
    v.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

fn body(line: &str) -> Vec<Block> {
    let text = format!("---\n格式 = \"附件\"\n---\n{line}\n");
    match source::parse(&text, Path::new("t.md"), &Defaults::default()) {
        Ok(p) => {
            assert!(p.includes.is_empty(), "an include appeared from {line:?}");
            p.document.body
        }
        Err(ds) => panic!("{line:?} did not parse: {:?}", ds.iter().map(|d| d.to_string()).collect::<Vec<_>>()),
    }
}

fn text_of(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Text { text } => text.clone(),
            other => panic!("unexpected span {other:?}"),
        })
        .collect()
}

fn plain(expected: &str) -> Vec<Block> {
    if expected.is_empty() {
        return vec![];
    }
    vec![Block::Paragraph(Paragraph { level: None, indent: Indent::FirstLine, spans: vec![Span::text(expected)] })]
}

fn check(rng: &mut Rng, rounds: usize) {
    for _ in 0..rounds {
        let raw = rng.value();
        let v = source::escape(&raw);
        let f = flat(&raw);
        let ctx = format!("value {raw:?} escaped as {v:?}");

        // Alone on a line, at the start, in the middle, at the end: one plain paragraph (or
        // nothing for an empty value), whose text is the value.
        assert_eq!(body(&v), plain(&f), "alone: {ctx}");
        assert_eq!(body(&format!("{v}后文")), plain(&format!("{f}后文")), "start: {ctx}");
        assert_eq!(body(&format!("前文{v}后文")), plain(&format!("前文{f}后文")), "middle: {ctx}");
        assert_eq!(body(&format!("前文{v}")), plain(&format!("前文{f}")), "end: {ctx}");
        // Next to characters that would complete a structure with it.
        for (before, after) in [("1", ""), ("（", "）正文"), ("一", "、正文"), ("@", ""), ("_", "_"), ("|", "")]
        {
            if f.is_empty() {
                continue;
            }
            let line = format!("{before}{v}{after}");
            if before == "@" || before == "|" {
                continue; // the template itself starts a directive or row; covered below
            }
            assert_eq!(body(&line), plain(&format!("{before}{f}{after}")), "around {before:?}/{after:?}: {ctx}");
        }

        // Inside a level-1 heading: still a heading, all of it.
        let b = body(&format!("一、{v}"));
        assert_eq!(
            b,
            [Block::Paragraph(Paragraph {
                level: Some(1),
                indent: Indent::FirstLine,
                spans: vec![Span::Heading { level: 1, text: format!("一、{f}") }],
            })],
            "level 1: {ctx}"
        );

        // Inside a run-in heading: the boundary stays at the template's 。.
        let b = body(&format!("（一）{v}制度。正文{v}"));
        assert_eq!(
            b,
            [Block::Paragraph(Paragraph {
                level: Some(2),
                indent: Indent::FirstLine,
                spans: vec![
                    Span::Heading { level: 2, text: format!("（一）{f}制度。") },
                    Span::text(format!("正文{f}")),
                ],
            })],
            "run-in: {ctx}"
        );

        // In a table cell: one row, two cells, the value verbatim.
        let b = body(&format!("| {v} | 乙 |\n| {v} | {v} |"));
        let [Block::Table(t)] = b.as_slice() else { panic!("table: {ctx}: {b:?}") };
        assert_eq!(t.header, None, "header: {ctx}");
        assert_eq!(t.rows, [vec![f.clone(), "乙".to_owned()], vec![f.clone(), f.clone()]], "cells: {ctx}");

        // As a directive argument: one centred line with the value.
        let b = body(&format!("@居中 {v}"));
        let [Block::Centered(spans)] = b.as_slice() else { panic!("centred: {ctx}: {b:?}") };
        assert_eq!(text_of(spans), f, "centred: {ctx}");

        // As an attachment title: one title line, listed in the 附件说明 unchanged.
        if !f.trim().is_empty() {
            let text = format!("---\n格式 = \"附件\"\n---\n@附件 {v}\n");
            let d: Document = source::parse(&text, Path::new("t.md"), &Defaults::default())
                .unwrap_or_else(|e| panic!("{ctx}: {e:?}"))
                .document;
            assert_eq!(d.attachments.len(), 1, "attachment: {ctx}");
            assert_eq!(d.attachments[0].title.as_ref().map(|t| t.lines.clone()), Some(vec![f.clone()]), "title: {ctx}");
        }
    }
}

#[test]
fn escaped_values_never_make_structure() {
    check(&mut Rng(0x5EED), 3000);
}

#[test]
fn each_structural_character_alone_is_escaped() {
    // The generator above is random; this pins every single-character case.
    let mut rng = Rng(1);
    for c in ALPHABET {
        let v = source::escape(c);
        let f = flat(c);
        assert_eq!(body(&format!("{v}文")), plain(&format!("{f}文")), "{c:?}");
    }
    check(&mut rng, 10);
}

#[test]
fn injection_strings_stay_literal_text() {
    for s in ["#set page(width: 1cm)", "*x*", "$x$", "<w:p>", "{{ 7*7 }}"] {
        assert_eq!(body(s), plain(s), "unescaped {s}");
        assert_eq!(body(&source::escape(s)), plain(s), "escaped {s}");
    }
}

#[test]
fn arbitrary_documents_never_panic() {
    // Front matter and body pieces, including broken ones; parse must answer, never panic.
    const PIECES: &[&str] = &[
        "---\n",
        "---",
        "\n",
        "格式 = \"信函\"\n",
        "标题 = [\"a\", \"b\"]\n",
        "成文日期 = 2021-02-30\n",
        "署名 = \"x\"\n",
        "\"\"\"",
        "=",
        "[",
        "]",
        "\"",
        "@附件 ",
        "@方案 ",
        "@名单 ",
        "@空行 999",
        "@分页 x",
        "| a | b |\n",
        "| --- |\n",
        "|",
        "（一）",
        "一、",
        "1.",
        "。",
        "__",
        "\\",
        "\r",
        "\u{feff}",
        "\u{3000}",
        "甲",
    ];
    let mut rng = Rng(0xF00D);
    for _ in 0..3000 {
        let n = rng.below(24);
        let text: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        let result = source::parse(&text, Path::new("t.md"), &Defaults::default());
        if let Err(ds) = result {
            assert!(ds.has_errors(), "an Err carries at least one error: {text:?}");
            for d in ds.iter().filter(|d| d.is_error()) {
                assert!(d.location.line.is_some(), "error without a line for {text:?}: {d}");
            }
        }
    }
}
