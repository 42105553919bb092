//! `gongwen letters CASES.xlsx`: one 督办函 per case row, numbered from the registry, rendered
//! in parallel and written in row order, with a manifest.
//!
//! The sheet is read twice, row by row, and never held: the first reading checks every row —
//! values, numbers, templates — and keeps only the good rows' numbers; nothing is written if
//! any row fails, unless `--keep-going` (then the good rows are written and the bad ones
//! listed, exit status 1). Numbers are taken from the registry only for the rows written, and
//! the registry is saved before the letters so a number is never issued twice. The second
//! reading feeds the batch engine, and the manifest is written entry by entry as letters are
//! stored, so memory does not grow with the number of rows.

use super::common::{self, Setup};
use crate::batch;
use crate::cli::{Emit, GlobalArgs, LettersArgs, OutputFormat};
use crate::compose::{Composer, Contact, Issuer, LetterContext};
use crate::diag::{Diagnostic, Diagnostics, Location, Reporter};
use crate::ir::Date;
use crate::manifest::{self, Entry, Manifest};
use crate::model::{Case, Roster, load_roster, stream_cases};
use crate::output;
use crate::reader::Source;
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

/// Gives checked cases their numbers, one case at a time and in row order: a case is composed
/// with a placeholder number first (so a template error or a bad value is found before any
/// number is taken), then numbered from the registry.
pub(crate) struct Numberer<'a> {
    config: &'a Config,
    config_date: Option<Date>,
    composer: &'a Composer,
    issuer: &'a Issuer,
    registry: &'a mut Registry,
    seen_keys: BTreeMap<String, usize>,
}

impl<'a> Numberer<'a> {
    pub(crate) fn new(
        config: &'a Config,
        config_date: Option<Date>,
        composer: &'a Composer,
        issuer: &'a Issuer,
        registry: &'a mut Registry,
    ) -> Self {
        Numberer { config, config_date, composer, issuer, registry, seen_keys: BTreeMap::new() }
    }

    /// The case's 发文字号 and 成文日期; `None` (reasons in `diags`) when it cannot be written.
    pub(crate) fn number(&mut self, case: &Case, diags: &mut Diagnostics) -> Option<(String, Date)> {
        let date = case.date.or(self.config_date).unwrap_or_else(fallback_date);
        if let Err(ds) = self.composer.letter(&context(case, "〔　〕号".into(), self.issuer, date)) {
            diags.extend(ds);
            return None;
        }
        let key = row_key(case, &mut self.seen_keys);
        let req = Request {
            key: &key,
            given: case.number.as_ref().map(|n| n.text.as_str()),
            year: date.year,
            recipient: &case.recipient,
            task: &case.task,
            location: &case.location,
        };
        match self.registry.assign(&self.config.letters.numbering, &req) {
            Ok(number) => Some((number, date)),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }
}

/// Number every case (see [`Numberer`]); bad rows are left out, with their errors.
pub(crate) fn number_rows<'a>(
    cases: &'a [Case],
    config: &Config,
    config_date: Option<Date>,
    composer: &Composer,
    issuer: &Issuer,
    registry: &mut Registry,
) -> (Vec<Row<'a>>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut numberer = Numberer::new(config, config_date, composer, issuer, registry);
    let rows = cases
        .iter()
        .filter_map(|case| numberer.number(case, &mut diags).map(|(number, date)| Row { case, number, date }))
        .collect();
    (rows, common::dedup(diags))
}

/// A row that passed the check, as remembered between the two readings of the sheet: a
/// 10,000-row batch keeps these (≈ 60 bytes each), not the rows.
struct Numbered {
    /// 1-based sheet row.
    row: Option<u32>,
    number: String,
    date: Date,
}

/// Run `gongwen letters`.
pub fn run(args: &LettersArgs, global: &GlobalArgs, reporter: &Reporter) -> CmdResult {
    let formats = common::formats(&args.output, "letters", &common::DEFAULT_FORMATS)?;
    let setup = common::find_config(args.config.as_deref(), &args.cases, reporter)?;
    let issuer = Issuer::for_letters(&setup.config, &setup.config_path)?;
    let out = setup.out_dir(&args.output, &args.cases);
    let roster = load_roster_for(args, &setup, reporter)?;
    let source = Source::open(&args.cases)?;
    let composer = Composer::new(setup.workspace.as_ref().map(|w| w.join("templates")).as_deref());
    let mut diags = Diagnostics::new();
    let config_date = crate::model::config_date(&setup.config, &mut diags);

    let registry_path = match &setup.workspace {
        Some(ws) => ws.join(&setup.config.letters.registry),
        None => out.join(&setup.config.letters.registry),
    };
    let mut registry = load_registry(&registry_path)?;
    // First reading: check every row and number the good ones, keeping only their numbers.
    let mut numbered = Vec::new();
    let mut problems = Diagnostics::new();
    let mut numberer = Numberer::new(&setup.config, config_date, &composer, &issuer, &mut registry);
    let usable = stream_cases(&source, &setup.config, roster.as_ref(), &mut diags, &mut |case| {
        if let Some((number, date)) = numberer.number(&case, &mut problems) {
            numbered.push(Numbered { row: sheet_row(&case), number, date });
        }
    });
    diags.extend(problems);
    let diags = common::dedup(diags);
    if !usable {
        return Err(Failure::Input(diags));
    }
    let failed = diags.has_errors();
    if failed && !args.keep_going {
        return Err(Failure::Input(diags));
    }
    reporter.diagnostics(&diags);
    if numbered.is_empty() {
        reporter.status("没有可生成的督办函");
        return if diags.has_errors() { Err(Failure::Input(Diagnostics::new())) } else { Ok(()) };
    }
    let rows = Rows { source: &source, config: &setup.config, roster: roster.as_ref(), numbered: &numbered };
    if let Some(Emit::Ir) = args.output.emit {
        // Inspect only: nothing is written, no number is registered.
        let mut docs = Vec::with_capacity(numbered.len());
        rows.each(&mut |row| docs.push(composer.letter(&row.context(&issuer))))?;
        let docs = docs.into_iter().collect::<Result<Vec<_>, _>>()?;
        crate::console::json(&docs);
        return if failed { Err(Failure::Input(Diagnostics::new())) } else { Ok(()) };
    }
    if registry.changed() {
        output::write_atomic(registry.path(), registry.to_csv().as_bytes())?;
    }
    drop(registry);

    let engine = common::engine(&setup, &args.output, reporter)?;
    let jobs = global.jobs.unwrap_or_else(batch::default_jobs);
    let batch = Batch { composer: &composer, issuer: &issuer, engine: &engine, formats: &formats, args, out: &out };
    let (count, written) = batch.write(&rows, jobs, reporter)?;
    if args.merge {
        batch.merge(&rows)?;
    }
    reporter.status(format!("已生成 {count} 份督办函，在 {}", out.join(KIND).display()));
    if reporter.json {
        crate::console::json(&written);
    }
    if failed {
        reporter.status(format!("有 {} 处错误，出错的行没有生成（见上面的错误）", diags.error_count()));
        return Err(Failure::Input(Diagnostics::new()));
    }
    Ok(())
}

/// The rows to write, read again from the sheet: every case that was numbered, with its number.
struct Rows<'a> {
    source: &'a Source,
    config: &'a Config,
    roster: Option<&'a Roster>,
    numbered: &'a [Numbered],
}

impl Rows<'_> {
    /// Hand each numbered row to `each`, in sheet order. The sheet is the bytes read for the
    /// check, so it gives the same cases again; its messages were reported then.
    fn each(&self, each: &mut dyn FnMut(Row<'_>)) -> Result<(), Diagnostics> {
        let mut next = self.numbered.iter().peekable();
        let mut again = Diagnostics::new();
        let usable = stream_cases(self.source, self.config, self.roster, &mut again, &mut |case| {
            if let Some(n) = next.next_if(|n| n.row == sheet_row(&case)) {
                each(Row { case: &case, number: n.number.clone(), date: n.date });
            }
        });
        if usable { Ok(()) } else { Err(again) }
    }
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

/// What the manifest and `--json` record per letter.
#[derive(Serialize)]
struct Written {
    row: Option<u32>,
    recipient: String,
    number: String,
    files: Vec<String>,
    /// How the page of the 署名 was fitted (7.3.5.5), if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    fitted: Option<String>,
}

/// A rendered letter on its way to the disk.
struct Done {
    stem: String,
    written: Written,
    case_hash: String,
    input_hash: String,
    rendered: crate::build::Rendered,
    /// Characters printed with a fallback font, located at the case's row.
    warnings: Diagnostics,
}

/// How the letters of one run are rendered and written.
struct Batch<'a> {
    composer: &'a Composer,
    issuer: &'a Issuer,
    engine: &'a Engine,
    formats: &'a [OutputFormat],
    args: &'a LettersArgs,
    out: &'a Path,
}

impl Batch<'_> {
    /// Render the rows on `jobs` workers as they are read and write them in row order, the
    /// manifest entry by entry. Returns how many were written and, for `--json`, what.
    fn write(&self, rows: &Rows<'_>, jobs: usize, reporter: &Reporter) -> Result<(usize, Vec<Written>), Failure> {
        let opts = common::render_options(&self.args.output, KIND);
        let options = batch::Options {
            jobs,
            progress: reporter.progress_allowed(),
            evict_every: batch::EVICT_EVERY,
            evict: &|| self.engine.evict(),
        };
        let produce = |emit: &mut batch::Emit<'_, (Case, String, Date)>| {
            rows.each(&mut |row| {
                emit((row.case.clone(), row.number, row.date));
            })
        };
        // The workers compose, render and hash; the calling thread only writes, in row order.
        let render = |_, (case, number, date): (Case, String, Date)| -> Result<Done, Diagnostics> {
            let row = Row { case: &case, number, date };
            let doc = self.composer.letter(&row.context(self.issuer)).map_err(|ds| ds.or_at(&case.location))?;
            let rendered =
                crate::build::render_files(self.engine, &doc, self.formats, &opts, self.args.output.docx_fonts)
                    .map_err(|ds| ds.or_at(&case.location))?;
            let warnings = crate::coverage::diagnostics(&rendered.fallbacks, &[], &case.location);
            Ok(Done {
                warnings,
                stem: stem(&row),
                case_hash: manifest::hash_json(&case),
                input_hash: crate::datadocs::output_hash(&doc, &opts, self.formats, self.engine.fonts_fingerprint()),
                written: Written {
                    row: sheet_row(&case),
                    recipient: case.recipient.clone(),
                    number: row.number.clone(),
                    files: vec![],
                    fitted: None,
                },
                rendered,
            })
        };
        output::remove_stale_temps(self.out);
        let mut previous = load_manifest(self.out, reporter);
        previous.remove_kind(KIND);
        let mut manifest = ManifestFile::start(self.out, &previous)?;
        drop(previous);
        let mut count = 0;
        let mut written = Vec::new();
        let mut errors = Diagnostics::new();
        let streamed = batch::stream(rows.numbered.len(), &options, produce, render, |_, result| {
            let result = result.inspect(|done| reporter.diagnostics(&done.warnings));
            match result.and_then(|done| self.store(done, &mut manifest)) {
                Ok(w) => {
                    count += 1;
                    if reporter.json {
                        written.push(w);
                    }
                }
                Err(ds) => errors.extend(ds),
            }
        });
        manifest.finish()?;
        errors.extend(streamed.err().unwrap_or_default());
        if errors.has_errors() {
            return Err(Failure::Input(errors));
        }
        Ok((count, written))
    }

    /// Write one letter's files and its manifest entry.
    fn store(&self, done: Done, manifest: &mut ManifestFile) -> Result<Written, Diagnostics> {
        let Done { stem, mut written, case_hash, input_hash, rendered, .. } = done;
        // Unsynced: the letters can be made again byte for byte from the sheet and the registry.
        let paths = crate::build::write_rendered(self.out, &[KIND], &stem, &rendered.files, false)?;
        written.fitted = rendered.fitted.map(|f| f.describe());
        written.files = paths.iter().map(|p| crate::build::relative(p, self.out)).collect();
        manifest.push(&Entry {
            id: format!("{KIND}/{stem}"),
            kind: KIND.into(),
            row: written.row,
            recipient: Some(written.recipient.clone()),
            number: Some(written.number.clone()),
            files: written.files.clone(),
            input_hash,
            inputs: [("督办事项".to_string(), case_hash)].into_iter().collect(),
            fitted: written.fitted.clone(),
        })?;
        Ok(written)
    }

    /// `--merge`: one PDF of every letter for printing, each starting on an odd page.
    fn merge(&self, rows: &Rows<'_>) -> Result<(), Failure> {
        let opts = common::render_options(&self.args.output, KIND);
        let mut docs = Vec::with_capacity(rows.numbered.len());
        rows.each(&mut |row| docs.push(self.composer.letter(&row.context(self.issuer))))?;
        let docs = docs.into_iter().collect::<Result<Vec<_>, _>>()?;
        let bytes = self.engine.merged_pdf(&docs, &opts)?;
        output::write_atomic(&output::output_path(self.out, &[], &format!("{KIND}-合并打印"), "pdf"), &bytes)?;
        Ok(())
    }
}

/// `out/manifest.json`, written as the letters are: the other documents' entries first, then
/// one entry per letter as it is stored, so a batch never holds its entries; put in place when
/// the batch is over.
struct ManifestFile {
    file: output::AtomicFile,
    json: manifest::JsonWriter,
}

impl ManifestFile {
    fn start(out: &Path, previous: &Manifest) -> Result<ManifestFile, Diagnostic> {
        let mut file = output::AtomicFile::create(&out.join(manifest::FILE_NAME))?;
        let (mut json, head) = manifest::JsonWriter::start(previous);
        file.write(head.as_bytes())?;
        for e in previous.documents() {
            file.write(json.entry(e).as_bytes())?;
        }
        Ok(ManifestFile { file, json })
    }

    fn push(&mut self, entry: &Entry) -> Result<(), Diagnostic> {
        self.file.write(self.json.entry(entry).as_bytes())
    }

    fn finish(mut self) -> Result<(), Diagnostic> {
        self.file.write(self.json.finish().as_bytes())?;
        self.file.commit(true)
    }
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
