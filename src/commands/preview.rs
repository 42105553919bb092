//! `gongwen preview [WORKSPACE] [--port N] [--open]`: supplies the way to load the workspace's
//! fonts into a PDF engine (the preview loads them again when `fonts/` or gongwen.toml
//! changes), installs the Ctrl-C handler and hands over to `crate::preview::serve`. DOCX
//! downloads go through the same rendering as the data commands.

use crate::cli::{DocxFonts, PreviewArgs};
use crate::diag::{Diagnostic, Location, Reporter};
use crate::fonts::{FontOptions, FontSet};
use crate::preview::{self, server::DocxExport};
use crate::settings::{CONFIG_FILE, Config};
use crate::writer::PageFacts;
use crate::writer::docx::DocxOptions;
use crate::writer::pdf::Engine;
use crate::{CmdResult, Failure};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by Ctrl-C; the preview loop stops at its next turn.
static STOP: AtomicBool = AtomicBool::new(false);

/// Run `gongwen preview`.
pub fn run(args: &PreviewArgs, reporter: &Reporter) -> CmdResult {
    // Fonts are loaded again when `fonts/` or gongwen.toml changes. A broken gongwen.toml must
    // not stop the preview (it shows the error): fonts then come from the defaults.
    let workspace = args.workspace.clone();
    let load_engine = move || -> Result<Engine, Diagnostic> {
        let config = Config::load(&workspace).unwrap_or_default();
        let fonts = FontSet::load(&FontOptions {
            workspace: Some(workspace.clone()),
            config: config.fonts.clone(),
            config_file: Some(workspace.join(CONFIG_FILE)),
            extra_paths: Vec::new(),
            include_system: true,
        })?;
        if let Some(w) = fonts.substitution_warning() {
            reporter.diagnostic(&w);
        }
        Engine::new(&fonts)
    };
    // Previews are drafts, never printed with the 版记 moved to an even page: the DOCX needs
    // no page facts from a PDF.
    let docx: DocxExport = Arc::new(|doc, opts| {
        let docx_opts = DocxOptions { fonts: DocxFonts::default(), facts: PageFacts::default(), ..Default::default() };
        Ok(crate::writer::docx::write(doc, opts, &docx_opts)?)
    });
    ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst))
        .map_err(|e| Diagnostic::error("preview-signal", Location::default(), format!("无法设置 Ctrl-C 处理：{e}")))?;
    let opts = preview::Options { workspace: args.workspace.clone(), port: args.port, open: args.open };
    preview::serve(&opts, &load_engine, docx, &STOP, reporter).map_err(Failure::from)
}
