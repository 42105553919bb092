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
