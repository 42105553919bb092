//! Writers: the Document IR to files. `spec` holds the GB/T 9704 numbers both writers read;
//! `pdf` is the only place typst is used, `docx` the only place docx-rs is used. Writers see
//! only [`crate::ir::Document`] and [`RenderOptions`], never spreadsheet cells or templates.

pub mod docx;
pub mod pdf;
pub mod spec;

use serde::Serialize;

/// Options that change how a document is printed, not what it says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RenderOptions {
    /// Leave out the red issuer mark and rules (keeping their space) for pre-printed paper.
    pub preprinted_letterhead: bool,
    /// Put the 版记 on an even page, with an unnumbered blank page before it when needed.
    pub even_colophon: bool,
    /// Draft: a diagonal 草稿 watermark and this banner text (e.g. the inputs) on every page.
    pub draft: Option<String>,
}

/// What a laid-out PDF learnt about the pages that the DOCX needs to follow it: Word and WPS
/// break the pages themselves, but cannot put a block on an even page on their own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageFacts {
    /// Page breaks before the 版记 with `RenderOptions::even_colophon`: 0 (it is on an even
    /// page already), 1 (it goes to the next, even, page) or 2 (a blank page goes before it,
    /// and both carry no number).
    pub colophon_breaks: usize,
}
