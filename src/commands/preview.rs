//! `gongwen preview [WORKSPACE] [--port N] [--open]`: resolves the workspace's fonts and
//! configuration, builds the PDF engine once, installs the Ctrl-C handler and hands over to
//! `crate::preview::serve`. DOCX downloads go through the same per-format rendering as the
//! data commands, so they work wherever `--format docx` does.

use super::common;
use crate::cli::{OutputArgs, OutputFormat, PreviewArgs};
use crate::diag::{Diagnostic, Location, Reporter};
use crate::fonts::{FontOptions, FontSet};
use crate::preview::{self, server::DocxExport};
use crate::settings::{CONFIG_FILE, Config};
use crate::writer::pdf::Engine;
use crate::{CmdResult, Failure};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by Ctrl-C; the preview loop stops at its next turn.
static STOP: AtomicBool = AtomicBool::new(false);

/// Run `gongwen preview`.
pub fn run(args: &PreviewArgs, reporter: &Reporter) -> CmdResult {
    // A broken gongwen.toml must not stop the preview (it shows the error); fonts then come
    // from the defaults until the preview is restarted.
    let config = Config::load(&args.workspace).unwrap_or_default();
    let fonts = FontSet::load(&FontOptions {
        workspace: Some(args.workspace.clone()),
        config: config.fonts.clone(),
        config_file: Some(args.workspace.join(CONFIG_FILE)),
        extra_paths: Vec::new(),
        include_system: true,
    })?;
    if let Some(w) = fonts.substitution_warning() {
        reporter.diagnostic(&w);
    }
    let engine = Arc::new(Engine::new(&fonts)?);
    let docx_engine = Arc::clone(&engine);
    let docx: DocxExport = Arc::new(move |doc, opts| {
        let files = common::render(&docx_engine, doc, &[OutputFormat::Docx], opts, &OutputArgs::default())?;
        Ok(files.into_iter().next().map(|(_, bytes)| bytes).unwrap_or_default())
    });
    ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst))
        .map_err(|e| Diagnostic::error("preview-signal", Location::default(), format!("无法设置 Ctrl-C 处理：{e}")))?;
    let opts = preview::Options { workspace: args.workspace.clone(), port: args.port, open: args.open };
    preview::serve(&opts, engine, docx, &STOP, reporter).map_err(Failure::from)
}
