//! `gongwen build [WORKSPACE]`: build every document of a workspace. Thin: resolves the
//! options, then runs the pipeline of `crate::build` (load everything, stop on any error,
//! render and write each document).

use crate::batch;
use crate::build::{self, Job, Unfilled};
use crate::cli::{BuildArgs, Emit, GlobalArgs, OutputArgs, OutputFormat};
use crate::datadocs::{self, Data};
use crate::diag::Diagnostics;
use crate::diag::Reporter;
use crate::fonts::{FontOptions, FontSet};
use crate::settings::{CONFIG_FILE, Config};
use crate::writer::RenderOptions;
use crate::writer::pdf::Engine;
use crate::{CmdResult, Failure};
use std::path::{Path, PathBuf};

/// Run `gongwen build`.
pub fn run(args: &BuildArgs, global: &GlobalArgs, reporter: &Reporter) -> CmdResult {
    let workers = global.jobs.unwrap_or_else(batch::default_jobs);
    build_workspace(&args.workspace, &args.output, &args.only, Unfilled::Error, args.force, workers, reporter)
}

/// Build a workspace into `--out`, else its `out/` ([`workspace_out`]).
pub(crate) fn build_workspace(
    workspace: &Path,
    output: &OutputArgs,
    only: &[String],
    unfilled: Unfilled,
    force: bool,
    workers: usize,
    reporter: &Reporter,
) -> Result<(), Failure> {
    let formats = super::common::formats(output, "build", &[OutputFormat::Pdf, OutputFormat::Docx, OutputFormat::Png])?;
    let config = Config::load(workspace)?;
    let defaults = build::defaults(&config, workspace)?;
    let all_files = build::source_files(workspace)?;
    let files: Vec<PathBuf> =
        all_files.iter().filter(|f| only.is_empty() || only.contains(&build::name_of(f))).cloned().collect();
    // With --emit the IR is only inspected, so unfilled content is reported but not fatal.
    let unfilled = if output.emit.is_some() { Unfilled::Warn } else { unfilled };
    let (data, mut diags) = Data::load(workspace, &config);
    let (mut jobs, more) = build::load(&files, workspace, &defaults, unfilled, Some(&data));
    diags.extend(more);
    let (data_jobs, registry, more) = data.jobs(workspace);
    diags.extend(more);
    if !diags.has_errors() {
        check_only(only, &all_files, &data_jobs)?;
    }
    jobs.extend(data_jobs.into_iter().filter(|j| only.is_empty() || only.iter().any(|o| selects(o, j))));
    if diags.has_errors() {
        return Err(Failure::Input(diags));
    }
    reporter.diagnostics(&diags);
    if let Some(Emit::Ir) = output.emit {
        for job in &jobs {
            crate::console::json(&job.document);
        }
        return Ok(());
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
    let coverage = build::check_fonts(&engine, &jobs, workspace, &config);
    if coverage.has_errors() {
        return Err(Failure::Input(coverage));
    }
    reporter.diagnostics(&coverage);
    let out = workspace_out(output, workspace);
    crate::output::remove_stale_temps(&out);
    if jobs.is_empty() {
        return Ok(());
    }
    if let Some(reg) = &registry {
        crate::output::write_atomic(reg.path(), reg.to_csv().as_bytes())?;
    }
    let (mut manifest, warning) = datadocs::load_manifest(&out);
    if let Some(w) = warning {
        reporter.diagnostic(&w);
    }
    let options: Vec<RenderOptions> = jobs.iter().map(|j| super::common::render_options(output, &j.relative)).collect();
    let entries: Vec<_> =
        jobs.iter().zip(&options).map(|(j, o)| datadocs::entry(j, &formats, o, engine.fonts_fingerprint())).collect();
    let plan = datadocs::plan(&entries, &manifest, &out, force);
    for (job, entry) in jobs.iter().zip(&entries) {
        if !plan.iter().any(|(i, _)| entries.get(*i).is_some_and(|e| e.id == entry.id)) {
            reporter.status(format!("未变化，跳过 {}", datadocs::job_id(job)));
        }
    }
    let mut summary = Vec::new();
    let mut errors = Diagnostics::new();
    let batch_opts = batch::Options {
        jobs: workers,
        progress: reporter.progress_allowed(),
        evict_every: batch::EVICT_EVERY,
        evict: &|| engine.evict(),
    };
    batch::run(
        plan.len(),
        &batch_opts,
        |k| {
            let (i, _) = plan.get(k).ok_or_else(Diagnostics::new)?;
            match (jobs.get(*i), options.get(*i)) {
                (Some(job), Some(opts)) => build::render(&engine, job, &formats, &out, opts, output.docx_fonts),
                _ => Err(Diagnostics::new()),
            }
        },
        |k, result| {
            let Some((i, reason)) = plan.get(k) else { return };
            let (Some(job), Some(entry)) = (jobs.get(*i), entries.get(*i)) else { return };
            match result {
                Ok((files, fitted)) => {
                    let fitted = fitted.map(|f| f.describe());
                    reporter.status(format!("已生成 {}（{}）", datadocs::job_id(job), reason.describe()));
                    if let Some(f) = &fitted {
                        reporter.status(format!("  署名页已按 GB/T 9704 7.3.5.5 调整：{f}"));
                    }
                    summary.push(serde_json::json!({
                        "name": datadocs::job_id(job),
                        "source": job.source.display().to_string(),
                        "reason": reason.describe(),
                        "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
                        "fitted": fitted,
                    }));
                    let mut entry = entry.clone();
                    entry.files = files.iter().map(|f| crate::build::relative(f, &out)).collect();
                    entry.fitted = fitted;
                    manifest.upsert(entry);
                }
                Err(ds) => errors.extend(ds),
            }
        },
    );
    crate::output::write_atomic(&out.join(crate::manifest::FILE_NAME), manifest.to_json().as_bytes())?;
    if errors.has_errors() {
        return Err(Failure::Input(errors));
    }
    if reporter.json {
        // Warnings are not printed with --json; the characters printed with a fallback font
        // are part of what was built, so they go with the documents.
        crate::console::json(&serde_json::json!({ "documents": summary, "font_fallbacks": coverage }));
    }
    Ok(())
}

/// The output folder of a workspace build: `--out`, else the workspace's `out/`.
pub(crate) fn workspace_out(output: &OutputArgs, workspace: &Path) -> PathBuf {
    output.out.clone().unwrap_or_else(|| workspace.join("out"))
}

/// Whether `--only NAME` selects a document made from data: by its name or its folder
/// (`--only 督办函` builds every letter).
fn selects(name: &str, job: &Job) -> bool {
    job.name == name || job.folder.iter().any(|f| f == name)
}

/// Every `--only` name must select something: a `documents/` file (by stem) or a document made
/// from data (by name or folder); otherwise a usage error lists what there is.
fn check_only(only: &[String], files: &[PathBuf], data_jobs: &[Job]) -> Result<(), Failure> {
    let mut names: Vec<String> = files.iter().map(|f| build::name_of(f)).collect();
    for j in data_jobs {
        let name = j.folder.first().unwrap_or(&j.name);
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    match only.iter().find(|o| !names.contains(o) && !data_jobs.iter().any(|j| selects(o, j))) {
        Some(missing) => {
            Err(Failure::Usage(format!("--only {missing}：工作区中没有这个文档（现有：{}）", names.join("、"))))
        }
        None => Ok(()),
    }
}
