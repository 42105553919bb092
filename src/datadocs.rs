//! The data side of `gongwen build`: the workspace's spreadsheets, the `@名单`/`@职责分工`
//! includes filled from them, the documents made from data alone (会议纪要, one 督办函 per
//! case), and the incremental plan — which documents to rebuild, and why — from the manifest
//! in `out/`.
//!
//! A document is rebuilt when the hash of what its bytes depend on (its composed IR, the print
//! options, the formats, the tool version) differs from the manifest's; the reason names the
//! inputs whose hashes changed (`名册 › 联络员`, `documents/通知.md`, `督办事项 › 第3行` …). A
//! roster edit therefore rebuilds exactly the documents that print the edited person. This
//! module decides; `commands::build` renders and writes.

use crate::build::Job;
use crate::cli::OutputFormat;
use crate::commands::letters::{self, KIND as LETTER};
use crate::compose::{Composer, Issuer, Sources};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::Document;
use crate::manifest::{self, Entry, Manifest, Reason};
use crate::model::{self, Workspace};
use crate::registry::Registry;
use crate::settings::{CONFIG_FILE, Config};
use crate::writer::RenderOptions;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of workspace templates that override the built-in ones.
pub const TEMPLATES_DIR: &str = "templates";

/// The workspace's data, loaded once per build.
pub struct Data {
    /// Composes from the workspace's templates.
    pub composer: Composer,
    /// The spreadsheets, normalised (absent files are `None`).
    pub model: Workspace,
    /// `gongwen.toml`.
    pub config: Config,
    /// Hash of `gongwen.toml` as parsed.
    config_hash: String,
}

impl Data {
    /// Load the workspace's spreadsheets (those that exist) and lint them together.
    pub fn load(workspace: &Path, config: &Config) -> (Data, Diagnostics) {
        let inputs = model::workspace_paths(workspace, config);
        let (model, diags) = if inputs.is_empty() {
            (Workspace::default(), Diagnostics::new())
        } else {
            model::load_inputs(&inputs, config)
        };
        let data = Data {
            composer: Composer::new(Some(&workspace.join(TEMPLATES_DIR))),
            model,
            config: config.clone(),
            config_hash: manifest::hash_json(config),
        };
        (data, diags)
    }

    /// What includes are filled from.
    pub fn sources(&self) -> Sources<'_> {
        Sources { roster: self.model.roster.as_ref(), duties: self.model.duties.as_ref(), config: &self.config }
    }

    /// The named inputs every document shares.
    pub fn base_inputs(&self) -> BTreeMap<String, String> {
        [(CONFIG_FILE.to_string(), self.config_hash.clone())].into_iter().collect()
    }

    /// The documents made from data alone: the 会议纪要 (when the workspace has a meeting) and
    /// one 督办函 per case (numbered from the workspace's registry). Returns the jobs, the
    /// registry to save before writing (when numbers were issued), and every problem.
    pub fn jobs(&self, workspace: &Path) -> (Vec<Job>, Option<Registry>, Diagnostics) {
        let mut jobs = Vec::new();
        let mut diags = Diagnostics::new();
        if let Some(meeting) = &self.model.meeting {
            match self.composer.minutes(meeting, &self.config) {
                Ok(document) => {
                    let mut inputs = self.base_inputs();
                    inputs.insert("会议纪要".into(), manifest::hash_json(meeting));
                    let name = match &meeting.issue {
                        Some(issue) => format!("会议纪要-{issue}"),
                        None => "会议纪要".into(),
                    };
                    jobs.push(data_job(name, Vec::new(), &self.config.data.meeting, document, inputs));
                }
                Err(ds) => diags.extend(ds),
            }
        }
        let mut registry = None;
        if let Some(cases) = &self.model.cases {
            let config_path = workspace.join(CONFIG_FILE);
            let issuer = match Issuer::for_letters(&self.config, &config_path) {
                Ok(i) => i,
                Err(d) => {
                    diags.push(d);
                    return (jobs, None, diags);
                }
            };
            let path = workspace.join(&self.config.letters.registry);
            let mut reg = match letters::load_registry(&path) {
                Ok(r) => r,
                Err(crate::Failure::Input(ds)) => {
                    diags.extend(ds);
                    return (jobs, None, diags);
                }
                Err(crate::Failure::Usage(m)) => {
                    diags.push(Diagnostic::error("registry", Location::file(&path), m));
                    return (jobs, None, diags);
                }
            };
            let mut dd = Diagnostics::new();
            let date = model::config_date(&self.config, &mut dd);
            diags.extend(dd);
            let (rows, problems) =
                letters::number_rows(&cases.cases, &self.config, date, &self.composer, &issuer, &mut reg);
            diags.extend(problems);
            for row in &rows {
                match self.composer.letter(&row.context(&issuer)) {
                    Ok(document) => {
                        let mut inputs = self.base_inputs();
                        let at = letters::sheet_row(row.case).map_or_else(String::new, |r| format!(" › 第{r}行"));
                        inputs.insert(format!("督办事项{at}"), manifest::hash_json(row.case));
                        jobs.push(data_job(
                            letters::stem(row),
                            vec![LETTER.into()],
                            &self.config.data.cases,
                            document,
                            inputs,
                        ));
                    }
                    Err(ds) => diags.extend(ds),
                }
            }
            registry = reg.changed().then_some(reg);
        }
        (jobs, registry, diags)
    }
}

fn data_job(
    name: String,
    folder: Vec<String>,
    source: &Path,
    document: Document,
    inputs: BTreeMap<String, String>,
) -> Job {
    Job {
        name,
        source: source.to_path_buf(),
        relative: source.to_string_lossy().replace('\\', "/"),
        document,
        folder,
        inputs,
    }
}

/// The manifest id of a job: its folder and name.
pub fn job_id(job: &Job) -> String {
    job.folder.iter().map(String::as_str).chain([job.name.as_str()]).collect::<Vec<_>>().join("/")
}

/// The hash of everything a document's files depend on: its IR, the print options, the formats,
/// the fonts (`Engine::fonts_fingerprint`), the tool version and its layout (the typst template
/// and the GB/T numbers, which change between builds of one version during development).
/// `build`, `letters`, `annex` and `minutes` record the same hash, so a build after
/// `gongwen letters` sees those letters as up to date.
pub fn output_hash(doc: &Document, opts: &RenderOptions, formats: &[OutputFormat], fonts: &str) -> String {
    // Hashed once per process: every letter of a batch would otherwise hash the 25 KB template.
    static LAYOUT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let layout = LAYOUT.get_or_init(|| {
        manifest::hash_json(&(crate::writer::pdf::layout_template(), crate::writer::spec::LayoutSpec::gbt9704()))
    });
    manifest::hash_json(&(doc, opts, format!("{formats:?}"), fonts, env!("CARGO_PKG_VERSION"), layout))
}

/// The manifest entry a job will have once built (files are filled in after writing).
pub fn entry(job: &Job, formats: &[OutputFormat], opts: &RenderOptions, fonts: &str) -> Entry {
    Entry {
        id: job_id(job),
        kind: job.folder.first().cloned().unwrap_or_else(|| "文件".into()),
        input_hash: output_hash(&job.document, opts, formats, fonts),
        inputs: job.inputs.clone().into_iter().chain([("字体".to_string(), fonts.to_string())]).collect(),
        ..Entry::default()
    }
}

/// Which jobs to build: `(index, reason)` for each job whose entry differs from the previous
/// manifest or whose previous files are gone (or all, with `force`).
pub fn plan(entries: &[Entry], previous: &Manifest, out: &Path, force: bool) -> Vec<(usize, Reason)> {
    entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let prev = previous.get(&e.id);
            let candidate = Entry { files: prev.map(|p| p.files.clone()).unwrap_or_default(), ..e.clone() };
            manifest::rebuild_reason(prev, &candidate, out, force).map(|r| (i, r))
        })
        .collect()
}

/// The manifest of `out`, or an empty one (a corrupt file is replaced, with a warning).
pub fn load_manifest(out: &Path) -> (Manifest, Option<Diagnostic>) {
    let path: PathBuf = out.join(manifest::FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => match Manifest::parse(&text, &path) {
            Ok(m) => (m, None),
            Err(w) => (Manifest::new(), Some(w)),
        },
        Err(_) => (Manifest::new(), None),
    }
}
