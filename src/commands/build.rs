//! `gongwen build [WORKSPACE]`: build every document of a workspace. Thin: resolves the
//! options, then runs the pipeline of `crate::build` (load everything, stop on any error,
//! render and write each document).

use crate::build::{self, Job, Unfilled};
use crate::cli::{BuildArgs, Emit, Letterhead, OutputArgs, OutputFormat};
use crate::diag::Reporter;
use crate::fonts::{FontOptions, FontSet};
use crate::settings::{CONFIG_FILE, Config};
use crate::writer::RenderOptions;
use crate::writer::pdf::Engine;
use crate::{CmdResult, Failure};
use std::path::{Path, PathBuf};

/// Run `gongwen build`.
pub fn run(args: &BuildArgs, reporter: &Reporter) -> CmdResult {
    build_workspace(&args.workspace, &args.output, &args.only, Unfilled::Error, reporter).map(|_| ())
}

/// Build a workspace; returns the files written (nothing with `--emit`).
pub(crate) fn build_workspace(
    workspace: &Path,
    output: &OutputArgs,
    only: &[String],
    unfilled: Unfilled,
    reporter: &Reporter,
) -> Result<Vec<PathBuf>, Failure> {
    let formats = formats(output)?;
    let config = Config::load(workspace)?;
    let defaults = build::defaults(&config, workspace)?;
    let files = select(build::source_files(workspace)?, only)?;
    // With --emit the IR is only inspected, so unfilled content is reported but not fatal.
    let unfilled = if output.emit.is_some() { Unfilled::Warn } else { unfilled };
    let (jobs, diags) = build::load(&files, workspace, &defaults, unfilled);
    if diags.has_errors() {
        return Err(Failure::Input(diags));
    }
    reporter.diagnostics(&diags);
    if let Some(Emit::Ir) = output.emit {
        for job in &jobs {
            println!("{}", serde_json::to_string_pretty(&job.document).unwrap_or_default());
        }
        return Ok(Vec::new());
    }
    let fonts = FontSet::load(&FontOptions {
        workspace: Some(workspace.to_path_buf()),
        config: config.fonts.clone(),
        config_file: Some(workspace.join(CONFIG_FILE)),
        extra_paths: output.font_path.clone(),
        include_system: !output.no_system_fonts,
    })?;
    if let Some(w) = fonts.substitution_warning() {
        reporter.diagnostic(&w);
    }
    let engine = Engine::new(&fonts)?;
    let out = output.out.clone().unwrap_or_else(|| workspace.join("out"));
    let mut written = Vec::new();
    let mut summary = Vec::new();
    for job in &jobs {
        let files = build::render(&engine, job, &formats, &out, &render_options(output, job))?;
        for f in &files {
            reporter.status(format!("已生成 {}", f.display()));
        }
        summary.push(serde_json::json!({
            "name": job.name,
            "source": job.source.display().to_string(),
            "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
        }));
        written.extend(files);
    }
    if reporter.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "documents": summary })).unwrap_or_default());
    }
    Ok(written)
}

/// The requested formats, PDF when none is named; duplicates removed, order kept.
fn formats(output: &OutputArgs) -> Result<Vec<OutputFormat>, Failure> {
    let mut out: Vec<OutputFormat> = Vec::new();
    for f in if output.format.is_empty() { &[OutputFormat::Pdf][..] } else { &output.format[..] } {
        if !out.contains(f) {
            out.push(*f);
        }
    }
    if out.contains(&OutputFormat::Docx) {
        return Err(Failure::Usage("--format docx：这一版本还不能生成 DOCX，请只用 pdf、png".into()));
    }
    Ok(out)
}

/// Keep the documents named with `--only` (by file stem); an unknown name is a usage error.
fn select(files: Vec<PathBuf>, only: &[String]) -> Result<Vec<PathBuf>, Failure> {
    if only.is_empty() {
        return Ok(files);
    }
    let names: Vec<String> = files.iter().map(|f| build::name_of(f)).collect();
    if let Some(missing) = only.iter().find(|o| !names.contains(o)) {
        return Err(Failure::Usage(format!(
            "--only {missing}：documents/ 中没有这个文档（现有：{}）",
            names.join("、")
        )));
    }
    Ok(files.into_iter().zip(names).filter(|(_, n)| only.contains(n)).map(|(f, _)| f).collect())
}

/// How the document is printed: red head or pre-printed paper, 版记 on an even page, draft.
fn render_options(output: &OutputArgs, job: &Job) -> RenderOptions {
    RenderOptions {
        preprinted_letterhead: output.letterhead == Letterhead::Preprinted,
        even_colophon: output.even_colophon,
        draft: output.draft.then(|| format!("草稿 · {}", job.relative)),
    }
}
