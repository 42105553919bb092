//! The per-document build pipeline of a workspace: find `documents/*.md`, parse them into the
//! IR, fill generated content, render, write.
//!
//! Commands (`build`, `demo`, later `preview` and batch builds) call these functions; they hold
//! no command-line types except the output format list. Everything is validated before
//! anything is written: [`load`] parses every document and collects every problem, and
//! [`render`] renders all formats of one document in memory before writing any of them, so a
//! failing document leaves no files. Layout is `writer`'s job, wording is `source`'s.

use crate::cli::DocxFonts;
use crate::cli::OutputFormat;
use crate::datadocs::Data;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::{Date, Document};
use crate::output;
use crate::settings::{CONFIG_FILE, Config, fallback_date};
use crate::source::{self, Defaults, IncludeKind, Parsed};
use crate::writer::docx::{self, DocxOptions};
use crate::writer::pdf::Engine;
use crate::writer::{PageFacts, RenderOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of body-text documents inside a workspace.
pub const DOCUMENTS_DIR: &str = "documents";

/// PNG resolution: 2 pixels per point (144 dpi), enough to read 四号 text on screen.
pub const PNG_PIXELS_PER_PT: f32 = 2.0;

/// What to do with generated content that cannot be generated yet (an `@名单` before the
/// roster is wired in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfilled {
    /// An error: the document is not built (`gongwen build`).
    Error,
    /// A warning: the document is built without it (`gongwen demo`, `--emit ir`), so the
    /// example still shows every other page.
    Warn,
}

/// A document ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Output name: the source file's stem (`通知`).
    pub name: String,
    /// The source file, as the user named the workspace (for messages).
    pub source: PathBuf,
    /// The source file relative to the workspace (`documents/通知.md`), for banners.
    pub relative: String,
    /// The IR, generated content filled.
    pub document: Document,
    /// Folders under the output folder (`督办函` for letters; empty for documents).
    pub folder: Vec<String>,
    /// Hash per named input (`documents/通知.md`, `名册 › 联络员` …), for the manifest.
    pub inputs: BTreeMap<String, String>,
}

/// The body-text documents of a workspace, sorted by file name so builds are reproducible.
pub fn source_files(workspace: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let dir = workspace.join(DOCUMENTS_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        Diagnostic::error("workspace-missing", Location::file(&dir), format!("无法读取文档文件夹：{e}"))
            .hint("工作区应包含 gongwen.toml 和 documents/*.md；用 `gongwen init 文件夹` 生成一个示例工作区")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let visible = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with('.'));
            let md = p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("md"));
            visible && md && p.is_file()
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Defaults for documents from `gongwen.toml`: the issuer, and a date (`[issuer] date`, else
/// `SOURCE_DATE_EPOCH`, else today).
pub fn defaults(config: &Config, workspace: &Path) -> Result<Defaults, Diagnostic> {
    let date: Date = match &config.issuer.date {
        Some(text) => source::parse_date(text).ok_or_else(|| {
            Diagnostic::error(
                "config-date",
                Location::file(workspace.join(CONFIG_FILE)),
                format!("[issuer] date“{text}”不是有效日期"),
            )
            .hint("写成 \"2021-12-13\" 或 \"2021年12月13日\"")
        })?,
        None => fallback_date(),
    };
    let name = Some(config.issuer.name.trim().to_owned()).filter(|n| !n.is_empty());
    Ok(Defaults {
        issuer_mark: config.issuer.mark.clone().or_else(|| name.clone()),
        issuer_name: name,
        date: Some(date),
    })
}

/// Parse every document of the workspace (all of them, or those named in `only`) and fill
/// their generated content. Returns the jobs and every diagnostic; the caller stops if there
/// is any error.
pub fn load(
    files: &[PathBuf],
    workspace: &Path,
    defaults: &Defaults,
    unfilled: Unfilled,
    data: Option<&Data>,
) -> (Vec<Job>, Diagnostics) {
    let mut jobs = Vec::new();
    let mut diags = Diagnostics::new();
    for path in files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::error("io", Location::file(path), format!("无法读取文件：{e}"))
                        .hint("文档须是 UTF-8 编码的文本文件"),
                );
                continue;
            }
        };
        match source::parse(&text, path, defaults) {
            Ok(parsed) => {
                diags.extend(parsed.warnings.clone());
                let (document, problems, mut inputs) = fill_includes(parsed, unfilled, data);
                let failed = problems.has_errors();
                diags.extend(problems);
                if !failed {
                    let rel = relative(path, workspace);
                    inputs.extend(data.map(Data::base_inputs).unwrap_or_default());
                    inputs.insert(rel.clone(), crate::manifest::hash_bytes(text.as_bytes()));
                    jobs.push(Job {
                        name: name_of(path),
                        source: path.clone(),
                        relative: rel,
                        document,
                        folder: Vec::new(),
                        inputs,
                    });
                }
            }
            Err(ds) => diags.extend(ds),
        }
    }
    (jobs, diags)
}

/// The coverage check of every job before anything is written (README, "Rare characters"):
/// a warning per character a role's font lacks and place it was typed (the job's
/// `documents/*.md` line, a cell of the workspace's spreadsheets, `gongwen.toml`), an error for
/// a character no font has. A cell feeding many letters is reported once. The workspace's
/// inputs are read again only when some character needs a place.
pub fn check_fonts(engine: &Engine, jobs: &[Job], workspace: &Path, config: &Config) -> Diagnostics {
    let found: Vec<(&Job, Vec<crate::coverage::Finding>)> = jobs
        .iter()
        .map(|j| (j, crate::coverage::check(&j.document, engine.font_set())))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let mut out = Diagnostics::new();
    if found.is_empty() {
        return out;
    }
    let mut shared = crate::coverage::Origins::new();
    for (_, path) in crate::model::workspace_paths(workspace, config) {
        shared.add_workbook(&path);
    }
    shared.add_file(&workspace.join(CONFIG_FILE));
    let mut seen = std::collections::BTreeSet::new();
    for (job, findings) in found {
        let mut own = crate::coverage::Origins::new();
        if job.source.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            own.add_file(&job.source);
        }
        for d in crate::coverage::diagnostics(&findings, &[&own, &shared], &Location::file(&job.source)).0 {
            if seen.insert(d.render(false)) {
                out.push(d);
            }
        }
    }
    out
}

/// The output name of a source file: its stem.
pub fn name_of(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `path` relative to the workspace with `/` separators, for messages and manifests.
pub(crate) fn relative(path: &Path, workspace: &Path) -> String {
    path.strip_prefix(workspace)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Insert generated content at the places the document asks for it. This is the one place
/// that decides what happens to an include that cannot be generated: nothing vanishes
/// silently; each is reported at its file and line, as an error or (for previews of the
/// example) a warning. With the workspace's `data`, lists and duties are generated by
/// `compose` (returning a hash per include for the manifest); without it they are reported.
pub fn fill_includes(
    mut parsed: Parsed,
    unfilled: Unfilled,
    data: Option<&Data>,
) -> (Document, Diagnostics, BTreeMap<String, String>) {
    if let Some(data) = data {
        let (ds, inputs) = data.composer.fill_includes(&mut parsed, &data.sources());
        let ds = match unfilled {
            Unfilled::Error => ds,
            Unfilled::Warn => Diagnostics(
                ds.into_iter()
                    .map(|mut d| {
                        d.severity = crate::diag::Severity::Warning;
                        d
                    })
                    .collect(),
            ),
        };
        return (parsed.document, ds, inputs);
    }
    let mut diags = Diagnostics::new();
    for inc in &parsed.includes {
        match &inc.kind {
            IncludeKind::Duties | IncludeKind::List { .. } => {
                let what = match &inc.kind {
                    IncludeKind::List { name } => format!("名单“{name}”"),
                    IncludeKind::Duties => "职责分工".to_string(),
                };
                let message = format!("{what}要由数据生成，但没有读到工作区的数据");
                let d = match unfilled {
                    Unfilled::Error => Diagnostic::error("include-unfilled", inc.location.clone(), message),
                    Unfilled::Warn => Diagnostic::warning(
                        "include-unfilled",
                        inc.location.clone(),
                        format!("{message}，该附件页只有标题"),
                    ),
                };
                diags.push(
                    d.hint("暂时可把名单直接写成表格（| 姓名 | 职务 |）或正文，或删除这一行")
                        .hint("名单所在的附件标题和附件说明照常生成"),
                );
            }
        }
    }
    (parsed.document, diags, BTreeMap::new())
}

/// One rendered file: the file name is the document's stem plus `tail` (`-1`, `-2`… for the
/// pages of a PNG, empty otherwise), then `.ext`.
pub type RenderedFile = (String, &'static str, Vec<u8>);

/// A document rendered in its formats, and how its last page was fitted (7.3.5.5), if it was.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The files, in the order of the formats.
    pub files: Vec<RenderedFile>,
    /// How the PDF kept the 署名 with the text before it, for the manifest and `--json`.
    pub fitted: Option<crate::writer::Fitted>,
    /// Characters their role's font lacks, printed with a fallback font.
    pub fallbacks: Vec<crate::coverage::Finding>,
}

/// Render `doc` in each of `formats`; everything is rendered before anything is written. The
/// DOCX follows the page facts of the PDF (the 版记 on an even page, a fitted last page).
pub fn render_files(
    engine: &Engine,
    doc: &Document,
    formats: &[OutputFormat],
    opts: &RenderOptions,
    docx_fonts: DocxFonts,
) -> Result<Rendered, Diagnostics> {
    // The callers that know where the text came from check first and report located
    // diagnostics; this check is the guarantee that no document is ever written with a box.
    let fallbacks = crate::coverage::check(doc, engine.font_set());
    if crate::coverage::any_uncovered(&fallbacks) {
        return Err(crate::coverage::diagnostics(&fallbacks, &[], &Location::default()));
    }
    let docx_fallbacks = crate::coverage::docx_fallbacks(&fallbacks);
    let mut files = Vec::with_capacity(formats.len());
    let mut facts = None;
    for format in formats {
        match format {
            OutputFormat::Pdf => {
                let (bytes, f) = engine.pdf_with_facts(doc, opts)?;
                facts = Some(f);
                files.push((String::new(), "pdf", bytes));
            }
            OutputFormat::Png => {
                for (i, png) in engine.png(doc, opts, PNG_PIXELS_PER_PT)?.into_iter().enumerate() {
                    files.push((format!("-{}", i + 1), "png", png));
                }
            }
            OutputFormat::Docx => {
                let facts = facts_once(&mut facts, engine, doc, opts)?;
                files.push((
                    String::new(),
                    "docx",
                    docx::write(
                        doc,
                        opts,
                        &DocxOptions { fonts: docx_fonts, facts, fallbacks: docx_fallbacks.clone() },
                    )?,
                ));
            }
        }
    }
    let fitted = facts_once(&mut facts, engine, doc, opts)?.fitted;
    Ok(Rendered { files, fitted, fallbacks })
}

/// The page facts of `doc`: those its PDF was laid out with, or, without a PDF, a layout of
/// their own, made once.
fn facts_once(
    facts: &mut Option<PageFacts>,
    engine: &Engine,
    doc: &Document,
    opts: &RenderOptions,
) -> Result<PageFacts, Diagnostics> {
    match *facts {
        Some(f) => Ok(f),
        None => {
            let f = engine.page_facts(doc, opts)?;
            *facts = Some(f);
            Ok(f)
        }
    }
}

/// Render a job in every format and write the files atomically under `out` (in the job's
/// folder). Errors without a place are given the job's source file.
pub fn render(
    engine: &Engine,
    job: &Job,
    formats: &[OutputFormat],
    out: &Path,
    opts: &RenderOptions,
    docx_fonts: DocxFonts,
) -> Result<(Vec<PathBuf>, Option<crate::writer::Fitted>), Diagnostics> {
    let place = Location::file(&job.source);
    let folders: Vec<&str> = job.folder.iter().map(String::as_str).collect();
    let rendered = render_files(engine, &job.document, formats, opts, docx_fonts).map_err(|ds| ds.or_at(&place))?;
    Ok((write_rendered(out, &folders, &job.name, &rendered.files, true)?, rendered.fitted))
}

/// Write one document's rendered files as `out/FOLDERS/STEM.EXT`, atomically; `sync` flushes
/// each to disk first (see [`output::write_atomic_unsynced`] for when not to). Returns the
/// paths written.
pub fn write_rendered(
    out: &Path,
    folders: &[&str],
    stem: &str,
    files: &[RenderedFile],
    sync: bool,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut written = Vec::with_capacity(files.len());
    for (tail, ext, bytes) in files {
        let path = output::output_path(out, folders, &format!("{stem}{tail}"), ext);
        if sync {
            output::write_atomic(&path, bytes)?
        } else {
            output::write_atomic_unsynced(&path, bytes)?
        }
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Part;

    #[test]
    fn unfilled_lists_are_errors_naming_file_and_line() {
        let text = "---\n格式 = \"附件\"\n---\n@附件 名单\n@名单 联络员\n";
        let parsed = source::parse(text, Path::new("documents/a.md"), &Defaults::default()).expect("parse");
        assert_eq!(parsed.includes[0].at.part, Part::Attachment(0));
        let (doc, ds, _) = fill_includes(parsed.clone(), Unfilled::Error, None);
        assert_eq!(ds.error_count(), 1);
        let d = ds.iter().next().expect("diagnostic");
        assert_eq!(d.location.to_string(), "documents/a.md:5:1");
        assert!(d.message.contains("联络员"), "{}", d.message);
        assert_eq!(doc.attachments.len(), 1);
        let (_, ds, _) = fill_includes(parsed, Unfilled::Warn, None);
        assert_eq!((ds.error_count(), ds.warning_count()), (0, 1));
    }

    #[test]
    fn defaults_take_issuer_and_date_from_the_config() {
        let mut c = Config::default();
        c.issuer.name = "陵川县人民政府办公室".into();
        c.issuer.date = Some("2021年12月13日".into());
        let d = defaults(&c, Path::new("ws")).expect("defaults");
        assert_eq!(d.issuer_mark.as_deref(), Some("陵川县人民政府办公室"));
        assert_eq!(d.date, Some(Date { year: 2021, month: 12, day: 13 }));
        c.issuer.date = Some("13/12/2021".into());
        assert_eq!(defaults(&c, Path::new("ws")).unwrap_err().code, "config-date");
    }

    #[test]
    fn source_files_are_sorted_markdown_only() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let docs = tmp.path().join(DOCUMENTS_DIR);
        std::fs::create_dir_all(&docs).expect("mkdir");
        for n in ["乙.md", "甲.md", ".草稿.md", "说明.txt", "a.MD"] {
            std::fs::write(docs.join(n), "").expect("write");
        }
        let names: Vec<String> = source_files(tmp.path()).expect("list").iter().map(|p| name_of(p)).collect();
        assert_eq!(names, ["a", "乙", "甲"]);
    }

    #[test]
    fn missing_documents_folder_is_a_located_error() {
        let tmp = tempfile::tempdir().expect("tempdir");
        assert_eq!(source_files(tmp.path()).unwrap_err().code, "workspace-missing");
    }
}
