//! The PDF writer: a Document IR laid out by typst to GB/T 9704-2012, exported as PDF, PNG or
//! SVG. The only place typst is used.
//!
//! [`Engine::new`] builds the typst world once (fonts, font book, standard library, the
//! template `templates/gongwen.typ` embedded with `include_str!`); the engine is `Send + Sync`
//! and worker threads share it. Each document goes in as **data**: the IR, the GB/T numbers of
//! `writer::spec`, the [`RenderOptions`] and the typst family of each font role are written to
//! a virtual `/input.json` that the template reads with `json(...)`, so no value ever becomes
//! typst markup. Output is deterministic: the PDF identifier is a hash of that input and the
//! timestamp is the document's own date (or none); nothing reads the clock.
//!
//! Input: `ir::Document` + `RenderOptions`. Output: bytes. Layout decisions live in the
//! template; this module only runs it and converts its diagnostics.

mod diagnostics;
mod passes;
mod squeeze;
mod world;

use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontSet;
use crate::ir;
use crate::writer::spec::{self, FontRole, LayoutSpec};
use crate::writer::{Fitted, PageFacts, RenderOptions};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use typst::foundations::{Bytes, Datetime, Smart};
use world::{Base, DocWorld, RoleFont};

/// A laid-out document (re-exported so callers need not depend on typst).
pub use typst_layout::PagedDocument;

/// The typst layout template built into this binary: output depends on it as much as on the
/// document, so an incremental build hashes it too.
pub fn layout_template() -> &'static str {
    world::TEMPLATE
}

/// How many evictions a memoised result survives unused. typst's memo cache otherwise grows by
/// ≈ 0.4 MiB per letter (DESIGN.md, "Speed"). Keeping only what the last few letters used is
/// enough: the template and the fonts are used by every letter. Measured on 1,000 letters
/// (batch trimming every [`crate::batch::EVICT_EVERY`], 2 jobs): peak 107 MiB with 10, 80 MiB with 2,
/// 77 MiB with 1, at the same speed; 0 (clearing all) is 40 % slower.
const CACHE_MAX_AGE: usize = 1;

/// The typst engine, built once per process.
pub struct Engine {
    base: Base,
    fonts: String,
    /// The fonts themselves, for the coverage check before a document is rendered.
    set: FontSet,
}

/// Everything the template reads, serialised to `/input.json`.
#[derive(Serialize)]
struct Input<'a> {
    doc: &'a serde_json::Value,
    spec: LayoutSpec,
    options: &'a RenderOptions,
    fonts: &'a BTreeMap<FontRole, RoleFont>,
    hints: &'a Hints,
}

/// Page facts learnt from a first layout pass and fed to the next one.
#[derive(Debug, Clone, Default, Serialize)]
struct Hints {
    /// Pages that carry no number (7.5: a blank page before the 版记 page, and that page).
    unnumbered: Vec<usize>,
    /// Page breaks before the 版记 so that it lands on an even page.
    colophon_breaks: usize,
    /// Where to break the last body paragraph so that its last lines go over to the page of
    /// the 署名 (7.3.5.5).
    split: Option<Split>,
    /// Leave out the blank line before the 署名 (7.3.5.5 fitting).
    no_signature_gap: bool,
    /// Tighten the line pitch from a body block on (7.3.5.5 fitting).
    fit: Option<Fit>,
    /// What the fitting did, for the report (not read by the template).
    #[serde(skip)]
    fitted: Option<crate::writer::Fitted>,
}

/// A tighter line pitch from body block `from` on, as a fraction of the grid's.
#[derive(Debug, Clone, Copy, Serialize)]
struct Fit {
    from: usize,
    pitch: f64,
}

/// Pitches tried when a page is fitted, tightest last: the conform checker accepts one tighter
/// pitch down to 0.85 of the grid's on the page of the 成文日期, and every step lower makes the
/// page read more crowded.
const FIT_PITCHES: [f64; 4] = [0.95, 0.92, 0.89, 0.86];

/// The most lines above the 署名 on its page that 7.3.5.5 fitting tries to bring back.
const FIT_MAX_LINES: usize = 3;

fn unserialisable(e: serde_json::Error) -> Diagnostics {
    Diagnostics::from(Diagnostic::error(
        "pdf-input",
        crate::diag::Location::default(),
        format!("文档数据无法序列化：{e}"),
    ))
}

impl Hints {
    fn facts(&self) -> PageFacts {
        PageFacts { colophon_breaks: self.colophon_breaks, fitted: self.fitted }
    }
}

/// A page break inside a body block: before character `at` of block `block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
struct Split {
    block: usize,
    at: usize,
}

impl Engine {
    /// Parse the fonts of `fonts` and prepare the template. Fails if a font cannot be read
    /// by typst.
    pub fn new(fonts: &FontSet) -> Result<Engine, Diagnostic> {
        Ok(Engine { base: Base::new(fonts)?, fonts: fonts.fingerprint(), set: fonts.clone() })
    }

    /// The fonts this engine sets documents in.
    pub fn font_set(&self) -> &FontSet {
        &self.set
    }

    /// [`FontSet::fingerprint`] of the fonts this engine sets documents in.
    pub fn fonts_fingerprint(&self) -> &str {
        &self.fonts
    }

    /// The typst family name a role is set in (as resolved from the font book).
    pub fn role_family(&self, role: FontRole) -> &str {
        self.base.roles.get(&role).map(|r| r.family.as_str()).unwrap_or("")
    }

    /// The printed lines of a body paragraph as the line model sets them with this engine's
    /// body font: where they break and which marks are squeezed (`grid`).
    pub fn paragraph_lines(&self, p: &ir::Paragraph) -> Vec<crate::grid::Line> {
        squeeze::Measure { advances: &self.base.body_advances }.lines_of(p)
    }

    /// Lay the document out. A second pass runs only when the first breaks a rule that needs
    /// page facts: a 署名 alone on its page (7.3.5.5: the last two body lines go over with
    /// it), or, with `even_colophon`, a 版记 on an odd page.
    pub fn layout(&self, doc: &ir::Document, opts: &RenderOptions) -> Result<PagedDocument, Diagnostics> {
        self.layout_with_hints(doc, opts).map(|(paged, _)| paged)
    }

    /// [`Engine::layout`], with the hints the last pass used.
    fn layout_with_hints(
        &self,
        doc: &ir::Document,
        opts: &RenderOptions,
    ) -> Result<(PagedDocument, Hints), Diagnostics> {
        // The document as the template reads it, made once for every pass.
        let measure = squeeze::Measure { advances: &self.base.body_advances };
        let json = squeeze::document_json(&measure, doc).map_err(unserialisable)?;
        let mut hints = Hints::default();
        let mut paged = self.compile(doc, &json, opts, &hints)?;
        if let Some((fitted, fit_hints)) = self.fit(doc, &json, opts, &paged)? {
            paged = fitted;
            hints = fit_hints;
        } else if let Some((block, at)) = passes::orphaned_signature(&paged, doc) {
            hints.split = Some(Split { block, at });
            paged = self.compile(doc, &json, opts, &hints)?;
        }
        if opts.even_colophon
            && let Some((breaks, unnumbered)) = passes::even_colophon(&paged)
        {
            hints.colophon_breaks = breaks;
            hints.unnumbered = unnumbered;
            paged = self.compile(doc, &json, opts, &hints)?;
        }
        Ok((paged, hints))
    }

    /// 7.3.5.5: when the 署名 would open a page with at most [`FIT_MAX_LINES`] lines of text above
    /// it, keep it and those lines on the page before, by the means the standard allows: first
    /// without the blank line before the 署名, then, on a page that starts on grid line 1, with a
    /// tighter line pitch for the last lines of that page. A fitting counts only if the document
    /// loses a page; otherwise `None`, and the caller keeps the 署名 from standing alone instead.
    fn fit(
        &self,
        doc: &ir::Document,
        json: &serde_json::Value,
        opts: &RenderOptions,
        first: &PagedDocument,
    ) -> Result<Option<(PagedDocument, Hints)>, Diagnostics> {
        let Some((page, above)) = passes::signature_page(first) else { return Ok(None) };
        if page < 2 || above > FIT_MAX_LINES {
            return Ok(None);
        }
        let target = page - 1;
        let pages = first.pages().len();
        let fitted = |paged: &PagedDocument| {
            paged.pages().len() < pages
                && passes::signature_page(paged).is_some_and(|(p, _)| p == target)
                && passes::inside_block(paged, target)
        };
        let mut hints = Hints { no_signature_gap: true, ..Hints::default() };
        let paged = self.compile(doc, json, opts, &hints)?;
        if fitted(&paged) {
            hints.fitted = Some(Fitted { page: target, blank_line_removed: true, pitch_permille: 1000 });
            return Ok(Some((paged, hints)));
        }
        // A page under a 版头 does not start on grid line 1; its lines keep the grid.
        if target < 2 {
            return Ok(None);
        }
        // The lines of the 署名's page come back. With pitch f, the last k grid lines of the page
        // take k + extra lines when k ≥ extra · f / (1 − f): the tightening starts at the last
        // block that leaves room for that, so that as few lines as possible leave the grid.
        let extra = passes::line_count(first, page) as f64;
        let blocks = passes::blocks_on(first, target);
        for pitch in FIT_PITCHES {
            let k = (extra * pitch / (1.0 - pitch)).ceil() as usize;
            let Some(start) = spec::LINES_PER_PAGE.checked_sub(k as u32) else { continue };
            let Some(&(from, _)) = blocks.iter().rev().find(|(_, line)| *line <= start as usize) else { continue };
            hints.fit = Some(Fit { from, pitch });
            let paged = self.compile(doc, json, opts, &hints)?;
            // The grid stays the document's pitch: most lines keep it (a reader, and the conform
            // checker, takes the pitch of the document from its lines).
            if fitted(&paged) && passes::grid_pitch_prevails(&paged) {
                let pitch_permille = (pitch * 1000.0).round() as u32;
                hints.fitted = Some(Fitted { page: target, blank_line_removed: true, pitch_permille });
                return Ok(Some((paged, hints)));
            }
        }
        Ok(None)
    }

    fn compile(
        &self,
        doc: &ir::Document,
        doc_json: &serde_json::Value,
        opts: &RenderOptions,
        hints: &Hints,
    ) -> Result<PagedDocument, Diagnostics> {
        let input = Input { doc: doc_json, spec: LayoutSpec::gbt9704(), options: opts, fonts: &self.base.roles, hints };
        let json = serde_json::to_vec(&input).map_err(unserialisable)?;
        let world = DocWorld { base: &self.base, input: Bytes::new(json), today: today(doc) };
        let warned = typst::compile::<PagedDocument>(&world);
        warned.output.map_err(|errors| diagnostics::convert(&self.base, &errors))
    }

    /// Lay out and export as PDF. The bytes depend only on the document and the options.
    pub fn pdf(&self, doc: &ir::Document, opts: &RenderOptions) -> Result<Vec<u8>, Diagnostics> {
        self.pdf_with_facts(doc, opts).map(|(bytes, _)| bytes)
    }

    /// [`Engine::pdf`], with the page facts the DOCX of the same document follows.
    pub fn pdf_with_facts(
        &self,
        doc: &ir::Document,
        opts: &RenderOptions,
    ) -> Result<(Vec<u8>, PageFacts), Diagnostics> {
        let (paged, hints) = self.layout_with_hints(doc, opts)?;
        Ok((self.export(&paged, doc, opts)?, hints.facts()))
    }

    /// The page facts alone (lays the document out; for a DOCX written without its PDF).
    pub fn page_facts(&self, doc: &ir::Document, opts: &RenderOptions) -> Result<PageFacts, Diagnostics> {
        self.layout_with_hints(doc, opts).map(|(_, hints)| hints.facts())
    }

    /// Export laid-out pages as PDF with the identifier and date of `doc`.
    fn export(&self, paged: &PagedDocument, doc: &ir::Document, opts: &RenderOptions) -> Result<Vec<u8>, Diagnostics> {
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident(doc, opts)),
            creator: Smart::Custom(Some("gongwen".into())),
            timestamp: today(doc).map(typst_pdf::Timestamp::new_utc),
            page_ranges: None,
            standards: typst_pdf::PdfStandards::default(),
            tagged: false,
            pretty: false,
        };
        // typst-pdf runs rayon jobs and waits on them; on a shared pool a waiting thread may
        // pick up another document's export and nest it on its stack (DESIGN.md, "Speed").
        // Each calling thread therefore exports on its own single-thread pool.
        with_private_pool(|| typst_pdf::pdf(paged, &options))
            .map_err(|errors| diagnostics::convert(&self.base, &errors))
    }

    /// Lay out and rasterise, one PNG per page at `pixels_per_pt` (1.0 = 72 dpi).
    pub fn png(
        &self,
        doc: &ir::Document,
        opts: &RenderOptions,
        pixels_per_pt: f32,
    ) -> Result<Vec<Vec<u8>>, Diagnostics> {
        let paged = self.layout(doc, opts)?;
        let ropts = typst_render::RenderOptions { pixel_per_pt: f64::from(pixels_per_pt).into(), render_bleed: false };
        paged
            .pages()
            .iter()
            .map(|page| {
                typst_render::render(page, &ropts).encode_png().map_err(|e| {
                    Diagnostics::from(Diagnostic::error(
                        "png-encode",
                        crate::diag::Location::default(),
                        format!("PNG 编码失败：{e}"),
                    ))
                })
            })
            .collect()
    }

    /// Lay out and export one SVG per page (fast previews).
    pub fn svg(&self, doc: &ir::Document, opts: &RenderOptions) -> Result<Vec<String>, Diagnostics> {
        let paged = self.layout(doc, opts)?;
        let sopts = typst_svg::SvgOptions { render_bleed: false, pretty: false };
        Ok(paged.pages().iter().map(|p| typst_svg::svg(p, &sopts)).collect())
    }

    /// Several documents as one PDF for duplex printing: each starts on an odd page, a blank
    /// page being added after a document with an odd number of pages, so no sheet carries two
    /// documents (`gongwen letters --merge`). Pages keep their own page numbers.
    pub fn merged_pdf(&self, docs: &[ir::Document], opts: &RenderOptions) -> Result<Vec<u8>, Diagnostics> {
        let merged = self.merged_layout(docs, opts)?;
        self.export(&merged, &docs.first().cloned().unwrap_or_default(), opts)
    }

    /// The pages of [`Engine::merged_pdf`]: every document's pages, each document padded with
    /// a blank page to an even count.
    pub fn merged_layout(&self, docs: &[ir::Document], opts: &RenderOptions) -> Result<PagedDocument, Diagnostics> {
        let mut pages = typst::ecow::EcoVec::new();
        let mut info = None;
        for doc in docs {
            let mut paged = self.layout(doc, opts)?;
            info.get_or_insert_with(|| paged.info_mut().clone());
            for page in paged.pages() {
                pages.push(page.clone());
            }
            if pages.len() % 2 == 1
                && let Some(last) = pages.last()
            {
                let mut blank = last.clone();
                blank.frame = typst::layout::Frame::hard(last.frame.size());
                pages.push(blank);
            }
        }
        Ok(PagedDocument::new(pages, info.unwrap_or_default()))
    }

    /// Drop typst's memoised results that were not used recently. Call every few documents in
    /// long batches ([`crate::batch`] does, every [`crate::batch::EVICT_EVERY`]).
    pub fn evict(&self) {
        comemo::evict(CACHE_MAX_AGE);
    }
}

/// The document's date as typst's "today" and as the PDF timestamp; `None` when undated.
fn today(doc: &ir::Document) -> Option<Datetime> {
    doc.meta.date.and_then(|d| Datetime::from_ymd(d.year, d.month, d.day))
}

/// A stable identifier: the hash of the document and its options.
fn ident(doc: &ir::Document, opts: &RenderOptions) -> String {
    let mut h = Sha256::new();
    h.update(serde_json::to_vec(doc).unwrap_or_default());
    h.update(serde_json::to_vec(opts).unwrap_or_default());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn with_private_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    thread_local! {
        static POOL: Option<rayon::ThreadPool> = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
    }
    POOL.with(|pool| match pool {
        Some(pool) => pool.install(f),
        None => f(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    #[test]
    fn engine_is_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Engine>();
    }

    #[test]
    fn template_errors_become_located_diagnostics_without_debug_dumps() {
        let engine = Engine::new(&FontSet::bundled().expect("fonts")).expect("engine");
        // The IR types leave no way to make the template fail, so feed the converter a typst
        // error pointing at the template's first node.
        let source = engine.base.template();
        let diag =
            diagnostics::convert(&engine.base, &[typst::diag::SourceDiagnostic::error(source.root().span(), "boom")]);
        let d = diag.iter().next().expect("one diagnostic");
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.location.line, Some(1));
        assert!(d.render(false).starts_with("templates/gongwen.typ:1:1: error: 排版失败：boom"), "{}", d.render(false));
        assert!(d.hints.iter().any(|h| h.starts_with("模板此行：")));
    }

    #[test]
    fn pdf_identifier_and_date_come_from_the_document() {
        let mut doc = ir::Document::default();
        assert!(today(&doc).is_none());
        doc.meta.date = Some(ir::Date { year: 2021, month: 12, day: 13 });
        assert_eq!(today(&doc), Datetime::from_ymd(2021, 12, 13));
        let opts = RenderOptions::default();
        assert_eq!(ident(&doc, &opts), ident(&doc.clone(), &opts));
        doc.meta.title = "另一份".into();
        assert_ne!(ident(&doc, &opts), ident(&ir::Document::default(), &opts));
    }
}
