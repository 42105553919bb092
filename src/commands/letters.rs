//! `gongwen letters CASES.xlsx`: one 督办函 per case row, numbered from the registry, rendered
//! in parallel and written in row order, with a manifest.
//!
//! The whole batch is validated first — rows, numbers, templates — and nothing is written if
//! any row fails, unless `--keep-going` (then the good rows are written and the bad ones
//! listed, exit status 1). Numbers are taken from the registry only for the rows written, and
//! the registry is saved before the letters so a number is never issued twice.

use super::common::{self, Setup};
use crate::batch;
use crate::cli::{Emit, GlobalArgs, LettersArgs, OutputFormat};
use crate::compose::{Composer, Contact, Issuer, LetterContext};
use crate::diag::{Diagnostic, Diagnostics, Location, Reporter};
use crate::ir::Date;
use crate::manifest::{self, Entry, Manifest};
use crate::model::{Case, Roster, load_cases, load_roster};
use crate::output;
use crate::registry::{Registry, Request};
use crate::settings::{Config, fallback_date};
use crate::writer::pdf::Engine;
use crate::{CmdResult, Failure};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder (under `--out`) and file-name prefix of the letters.
pub const KIND: &str = "督办函";

/// A row ready to render.
pub(crate) struct Row<'a> {
    /// The case.
    pub(crate) case: &'a Case,
    /// Its 发文字号.
    pub(crate) number: String,
    /// Its 成文日期.
    pub(crate) date: Date,
}

impl Row<'_> {
    /// The letter's context.
    pub(crate) fn context<'b>(&'b self, issuer: &'b Issuer) -> LetterContext<'b> {
        context(self.case, self.number.clone(), issuer, self.date)
    }
}

/// Validate every row by composing it with a placeholder number, then give the good rows their
/// numbers from the registry, in row order. Bad rows are left out, with their errors.
pub(crate) fn number_rows<'a>(
    cases: &'a [Case],
    config: &Config,
    config_date: Option<Date>,
    composer: &Composer,
    issuer: &Issuer,
    registry: &mut Registry,
) -> (Vec<Row<'a>>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut good = Vec::new();
    for case in cases {
        let date = case.date.or(config_date).unwrap_or_else(fallback_date);
        match composer.letter(&context(case, "〔　〕号".into(), issuer, date)) {
            Ok(_) => good.push((case, date)),
            Err(ds) => diags.extend(ds),
        }
    }
    let mut rows = Vec::new();
    let mut seen_keys = BTreeMap::new();
    for (case, date) in good {
        let key = row_key(case, &mut seen_keys);
        let req = Request {
            key: &key,
            given: case.number.as_ref().map(|n| n.text.as_str()),
            year: date.year,
            recipient: &case.recipient,
            task: &case.task,
            location: &case.location,
        };
        match registry.assign(&config.letters.numbering, &req) {
            Ok(number) => rows.push(Row { case, number, date }),
            Err(d) => diags.push(d),
        }
    }
    (rows, common::dedup(diags))
}

/// Run `gongwen letters`.
pub fn run(args: &LettersArgs, global: &GlobalArgs, reporter: &Reporter) -> CmdResult {
    let formats = common::formats(&args.output, "letters", &common::DEFAULT_FORMATS)?;
    let setup = common::find_config(args.config.as_deref(), &args.cases, reporter)?;
    let issuer = Issuer::for_letters(&setup.config, &setup.config_path)?;
    let out = setup.out_dir(&args.output, &args.cases);
    let roster = load_roster_for(args, &setup, reporter)?;
    let (cases, mut diags) = load_cases(&args.cases, &setup.config, roster.as_ref());
    let Some(cases) = cases else {
        return Err(Failure::Input(diags));
    };
    let composer = Composer::new(setup.workspace.as_ref().map(|w| w.join("templates")).as_deref());
    let config_date = crate::model::config_date(&setup.config, &mut diags);

    let registry_path = match &setup.workspace {
        Some(ws) => ws.join(&setup.config.letters.registry),
        None => out.join(&setup.config.letters.registry),
    };
    let mut registry = load_registry(&registry_path)?;
    let (rows, problems) = number_rows(&cases.cases, &setup.config, config_date, &composer, &issuer, &mut registry);
    diags.extend(problems);
    let diags = common::dedup(diags);
    let failed = diags.has_errors();
    if failed && !args.keep_going {
        return Err(Failure::Input(diags));
    }
    reporter.diagnostics(&diags);
    if rows.is_empty() {
        reporter.status("没有可生成的督办函");
        return if diags.has_errors() { Err(Failure::Input(Diagnostics::new())) } else { Ok(()) };
    }
    if let Some(Emit::Ir) = args.output.emit {
        // Inspect only: nothing is written, no number is registered.
        let mut docs = Vec::with_capacity(rows.len());
        for row in &rows {
            docs.push(composer.letter(&row.context(&issuer))?);
        }
        println!("{}", serde_json::to_string_pretty(&docs).unwrap_or_default());
        return if failed { Err(Failure::Input(Diagnostics::new())) } else { Ok(()) };
    }
    if registry.changed() {
        output::write_atomic(registry.path(), registry.to_csv().as_bytes())?;
    }

    let engine = common::engine(&setup, &args.output, reporter)?;
    let jobs = global.jobs.unwrap_or_else(batch::default_jobs);
    let written = write_letters(&rows, &composer, &issuer, &engine, &formats, args, &out, jobs, reporter)?;
    if args.merge {
        merge(&rows, &composer, &issuer, &engine, args, &out)?;
    }
    reporter.status(format!("已生成 {} 份督办函，在 {}", written.len(), out.join(KIND).display()));
    if reporter.json {
        println!("{}", serde_json::to_string_pretty(&written).unwrap_or_default());
    }
    if failed {
        reporter.status(format!("有 {} 处错误，出错的行没有生成（见上面的错误）", diags.error_count()));
        return Err(Failure::Input(Diagnostics::new()));
    }
    Ok(())
}

/// The roster: `--roster`, else the configured one, else `名册.xlsx` beside the cases. Without
/// one, units are used as written (a warning).
fn load_roster_for(args: &LettersArgs, setup: &Setup, reporter: &Reporter) -> Result<Option<Roster>, Failure> {
    let candidates: Vec<PathBuf> = match &args.roster {
        Some(r) => vec![r.clone()],
        None => {
            let mut c = Vec::new();
            if let Some(ws) = &setup.workspace {
                c.push(ws.join(&setup.config.data.roster));
            }
            c.push(args.cases.parent().unwrap_or(Path::new(".")).join("名册.xlsx"));
            c
        }
    };
    let Some(path) = candidates.iter().find(|p| args.roster.is_some() || p.is_file()) else {
        reporter.diagnostic(
            &Diagnostic::warning(
                "roster-missing",
                Location::file(&args.cases),
                "没有找到名册，主送单位按原样使用、不做核对",
            )
            .hint("用 --roster 名册.xlsx 指定名册"),
        );
        return Ok(None);
    };
    let (roster, ds) = load_roster(path, &setup.config);
    if ds.has_errors() {
        return Err(Failure::Input(ds));
    }
    Ok(roster)
}

pub(crate) fn load_registry(path: &Path) -> Result<Registry, Failure> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Registry::parse(&text, path)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Registry::empty(path)),
        Err(e) => Err(Diagnostic::error("io", Location::file(path), format!("无法读取编号登记：{e}")).into()),
    }
}

/// The identity of a row for the registry: recipient, basis and task; a repeat of an identical
/// row in the same sheet is a different letter and gets its own key.
fn row_key(case: &Case, seen: &mut BTreeMap<String, usize>) -> String {
    let base = manifest::hash_json(&(&case.recipient, &case.basis, &case.task));
    let repeat = seen.entry(base.clone()).or_insert(0);
    *repeat += 1;
    if *repeat == 1 { base } else { format!("{base}#{}", *repeat - 1) }
}

fn context<'a>(case: &'a Case, number: String, issuer: &'a Issuer, date: Date) -> LetterContext<'a> {
    LetterContext {
        case,
        number,
        issuer,
        contact: Contact { person: case.contact.clone(), phone: case.phone.clone(), email: case.email.clone() },
        date,
    }
}

/// The file stem: `督办函-〔2021〕1号-县文旅局` (the part of the number after the 机关代字).
pub(crate) fn stem(row: &Row<'_>) -> String {
    let short = row.number.find('〔').map_or(row.number.as_str(), |i| &row.number[i..]);
    format!("{KIND}-{short}-{}", row.case.recipient)
}

/// The 1-based sheet row of a case (its location's cell is the row number).
pub(crate) fn sheet_row(case: &Case) -> Option<u32> {
    case.location.cell.as_deref().and_then(|c| c.parse().ok())
}

/// A letter's bytes per format, with the file extension.
type Rendered = Vec<crate::build::RenderedFile>;

/// What the manifest records per letter.
#[derive(Serialize)]
struct Written {
    row: Option<u32>,
    recipient: String,
    number: String,
    files: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn write_letters(
    rows: &[Row<'_>],
    composer: &Composer,
    issuer: &Issuer,
    engine: &Engine,
    formats: &[OutputFormat],
    args: &LettersArgs,
    out: &Path,
    jobs: usize,
    reporter: &Reporter,
) -> Result<Vec<Written>, Failure> {
    let opts = common::render_options(&args.output, KIND);
    let options = batch::Options {
        jobs,
        progress: reporter.progress_allowed(),
        evict_every: batch::EVICT_EVERY,
        evict: &|| engine.evict(),
    };
    // The workers render and hash; the main thread only writes, in row order.
    let render = |i: usize| -> Result<(String, Rendered), Diagnostics> {
        let row = rows.get(i).ok_or_else(Diagnostics::new)?;
        let doc = composer.letter(&row.context(issuer))?;
        let files = crate::build::render_files(engine, &doc, formats, &opts, args.output.docx_fonts)?;
        Ok((crate::datadocs::output_hash(&doc, &opts, formats, engine.fonts_fingerprint()), files))
    };
    let mut manifest = load_manifest(out, reporter);
    manifest.remove_kind(KIND);
    let mut written = Vec::new();
    let mut errors = Diagnostics::new();
    batch::run(rows.len(), &options, render, |i, result| {
        let Some(row) = rows.get(i) else { return };
        match result.and_then(|(input_hash, files)| {
            let mut names = Vec::new();
            for (tail, ext, bytes) in &files {
                let path = output::output_path(out, &[KIND], &format!("{}{tail}", stem(row)), ext);
                output::write_atomic_unsynced(&path, bytes)?;
                names.push(relative(&path, out));
            }
            Ok((input_hash, names))
        }) {
            Ok((input_hash, files)) => {
                manifest.upsert(Entry {
                    id: format!("{KIND}/{}", stem(row)),
                    kind: KIND.into(),
                    row: sheet_row(row.case),
                    recipient: Some(row.case.recipient.clone()),
                    number: Some(row.number.clone()),
                    files: files.clone(),
                    input_hash,
                    inputs: [("督办事项".to_string(), manifest::hash_json(row.case))].into_iter().collect(),
                });
                written.push(Written {
                    row: sheet_row(row.case),
                    recipient: row.case.recipient.clone(),
                    number: row.number.clone(),
                    files,
                });
            }
            Err(ds) => errors.extend(ds.into_iter().map(|mut d| {
                if d.location.is_empty() {
                    d.location = row.case.location.clone();
                }
                d
            })),
        }
    });
    output::write_atomic(&out.join(manifest::FILE_NAME), manifest.to_json().as_bytes())?;
    if errors.has_errors() {
        return Err(Failure::Input(errors));
    }
    Ok(written)
}

/// The manifest of the output folder, or a new one (a corrupt one is replaced, with a warning).
pub(crate) fn load_manifest(out: &Path, reporter: &Reporter) -> Manifest {
    let path = out.join(manifest::FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => Manifest::parse(&text, &path).unwrap_or_else(|w| {
            reporter.diagnostic(&w);
            Manifest::new()
        }),
        Err(_) => Manifest::new(),
    }
}

/// `out/督办函/a.pdf` → `督办函/a.pdf`.
pub(crate) fn relative(path: &Path, out: &Path) -> String {
    path.strip_prefix(out)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `--merge`: one PDF of every letter for printing, each starting on an odd page.
fn merge(
    rows: &[Row<'_>],
    composer: &Composer,
    issuer: &Issuer,
    engine: &Engine,
    args: &LettersArgs,
    out: &Path,
) -> Result<(), Failure> {
    let opts = common::render_options(&args.output, KIND);
    let mut docs = Vec::with_capacity(rows.len());
    for row in rows {
        docs.push(composer.letter(&row.context(issuer))?);
    }
    let bytes = engine.merged_pdf(&docs, &opts)?;
    output::write_atomic(&output::output_path(out, &[], &format!("{KIND}-合并打印"), "pdf"), &bytes)?;
    Ok(())
}
