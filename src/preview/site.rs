//! The preview's in-memory site: what the server shows, rebuilt from each [`Collected`] pass.
//!
//! Each [`Entry`] keeps the **last good render** of one document (its pages as SVG, and the IR
//! and options to export a PDF on request) next to the outcome of the latest attempt, so an
//! error shows above the page it broke. Rebuilding renders only documents whose input hash
//! changed — the hash of the Document IR and the render options, the same quantity `gongwen
//! build`'s manifest records as `input_hash` — and reuses every other render. A rebuild makes a
//! whole new [`Site`] that the server swaps in at once, so a page never sees a half-built state;
//! `version` grows only when something visible changed, and is what pages reload on.
//!
//! Input: [`Collected`] and the PDF engine. Output: pages in memory. No HTTP, no files.

use super::collect::{Collected, Group, Item};
use crate::diag::{Diagnostics, Location};
use crate::ir::Document;
use crate::manifest;
use crate::writer::RenderOptions;
use crate::writer::pdf::Engine;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A document as last rendered successfully.
#[derive(Debug, Clone)]
pub struct Render {
    /// One SVG per page.
    pub pages: Arc<Vec<String>>,
    /// What was rendered, for PDF and DOCX downloads.
    pub document: Arc<Document>,
    /// The options it was rendered with (draft banner naming the inputs).
    pub options: Arc<RenderOptions>,
    /// Hash of document and options.
    pub hash: String,
    /// The site version at which these pages appeared (for image URLs).
    pub since: u64,
}

/// One document of the site.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable id (URL segment).
    pub id: String,
    /// Where it comes from.
    pub group: Group,
    /// Kind for the index.
    pub kind: String,
    /// The inputs, as the banner names them.
    pub inputs: String,
    /// Title (one line).
    pub title: String,
    /// 发文字号.
    pub number: Option<String>,
    /// The last good render.
    pub render: Option<Render>,
    /// The errors of the latest attempt, when it failed.
    pub errors: Option<Diagnostics>,
    /// Warnings of the latest attempt.
    pub warnings: Diagnostics,
}

/// Everything the server shows.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Grows with every visible change.
    pub version: u64,
    /// The workspace, as named on the command line.
    pub workspace: String,
    /// Documents in index order.
    pub entries: Vec<Entry>,
    /// Errors that stop a whole part (or the workspace), shown on every page.
    pub problems: Vec<(Option<Group>, Diagnostics)>,
    /// Warnings of no single document.
    pub notes: Diagnostics,
}

/// What a rebuild did, for the terminal.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Ids of documents rendered anew.
    pub rendered: Vec<String>,
    /// Time spent rendering.
    pub render_time: Duration,
    /// Whether anything visible changed.
    pub changed: bool,
}

impl Site {
    /// An empty site for `workspace`.
    pub fn new(workspace: &Path) -> Site {
        Site { workspace: workspace.display().to_string(), ..Site::default() }
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The errors that stop this entry's part, if any.
    pub fn problems_for(&self, group: Group) -> impl Iterator<Item = &Diagnostics> {
        self.problems.iter().filter(move |(g, _)| g.is_none() || *g == Some(group)).map(|(_, ds)| ds)
    }

    /// Build the next site from a collection pass, rendering only what changed.
    pub fn rebuild(&self, collected: Collected, engine: &Engine) -> (Site, Report) {
        let version = self.version + 1;
        let mut report = Report::default();
        let mut entries = Vec::with_capacity(collected.items.len());
        let failed = |g: Group| collected.failures.iter().any(|(fg, _)| fg.is_none() || *fg == Some(g));
        for item in collected.items {
            let previous = self.entry(&item.id);
            let entry = self.update(item, previous, engine, version, &mut report);
            entries.push(entry);
        }
        // A part that failed as a whole keeps its previous documents, with their last render.
        for old in &self.entries {
            if failed(old.group) && !entries.iter().any(|e| e.id == old.id) {
                entries.push(old.clone());
            }
        }
        let mut next = Site {
            version: self.version,
            workspace: self.workspace.clone(),
            entries,
            problems: collected.failures,
            notes: collected.notes,
        };
        report.changed = next.visible() != self.visible();
        if report.changed {
            next.version = version;
        }
        (next, report)
    }

    fn update(
        &self,
        item: Item,
        previous: Option<&Entry>,
        engine: &Engine,
        version: u64,
        report: &mut Report,
    ) -> Entry {
        let last = previous.and_then(|p| p.render.clone());
        let mut entry = Entry {
            id: item.id,
            group: item.group,
            kind: item.kind,
            inputs: item.inputs,
            title: previous.map(|p| p.title.clone()).unwrap_or_default(),
            number: previous.and_then(|p| p.number.clone()),
            render: last.clone(),
            errors: None,
            warnings: item.warnings,
        };
        let document = match item.outcome {
            Ok(d) => d,
            Err(ds) => {
                entry.errors = Some(ds);
                return entry;
            }
        };
        entry.title = title_of(&document);
        // As `gongwen build` reports them: a warning per rare character and line of the draft,
        // an error (and no new render) for a character no font has.
        let findings = crate::coverage::check(&document, engine.font_set());
        if !findings.is_empty() {
            let mut own = crate::coverage::Origins::new();
            let source = Path::new(&self.workspace).join(&entry.inputs);
            if entry.inputs.ends_with(".md") {
                own.add_file(&source);
            }
            let ds = crate::coverage::diagnostics(&findings, &[&own], &Location::file(&source));
            if ds.has_errors() {
                entry.errors = Some(ds);
                return entry;
            }
            entry.warnings.extend(ds);
        }
        entry.number = document.header.as_ref().and_then(|h| h.doc_number.clone());
        // The template prints “草稿” before the banner text: the text names the inputs.
        let options =
            RenderOptions { draft: Some(RenderOptions::draft_banner(&entry.inputs)), ..RenderOptions::default() };
        let hash = manifest::hash_json(&(&document, &options, engine.fonts_fingerprint()));
        if last.as_ref().is_some_and(|r| r.hash == hash) {
            return entry;
        }
        let started = Instant::now();
        let result = engine.svg(&document, &options);
        report.render_time += started.elapsed();
        match result {
            Ok(pages) => {
                report.rendered.push(entry.id.clone());
                entry.render = Some(Render {
                    pages: Arc::new(pages),
                    document: Arc::new(document),
                    options: Arc::new(options),
                    hash,
                    since: version,
                });
            }
            Err(ds) => entry.errors = Some(ds.or_at(&Location::file(&entry.inputs))),
        }
        entry
    }

    /// What a reader of the pages can see, to decide whether pages must reload.
    fn visible(&self) -> String {
        let mut s = String::new();
        for e in &self.entries {
            s.push_str(&format!(
                "{}|{}|{}|{:?}|{:?}|{:?}|{:?}\n",
                e.id,
                e.inputs,
                e.render.as_ref().map(|r| r.hash.as_str()).unwrap_or(""),
                e.title,
                e.number,
                e.errors,
                e.warnings
            ));
        }
        s.push_str(&format!("{:?}{:?}", self.problems, self.notes));
        s
    }
}

/// The title on one line, or the document's metadata title.
fn title_of(doc: &Document) -> String {
    match &doc.title {
        Some(t) => t.joined(),
        None => doc.meta.title.clone(),
    }
}
