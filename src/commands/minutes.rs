//! `gongwen minutes MEETING.xlsx|.json`: a 会议纪要 in 纪要 format. Attendees are checked
//! against the roster when one is found (`--roster`, or 名册.xlsx beside the meeting file):
//! unknown people and units that differ from the roster are warnings.

use super::common;
use super::letters::load_manifest;
use crate::cli::MinutesArgs;
use crate::compose::Composer;
use crate::diag::Reporter;
use crate::manifest::{self, Entry};
use crate::model::{Workspace, lint, load_meeting, load_roster};
use crate::output;
use crate::{CmdResult, Failure};
use std::path::Path;

/// The manifest kind and file-name prefix of minutes.
pub const KIND: &str = "会议纪要";

/// Run `gongwen minutes`.
pub fn run(args: &MinutesArgs, reporter: &Reporter) -> CmdResult {
    let formats = common::formats(&args.output, "minutes", &common::DEFAULT_FORMATS)?;
    let setup = common::find_config(args.config.as_deref(), &args.meeting, reporter)?;
    let (meeting, mut diags) = load_meeting(&args.meeting, &setup.config);
    let beside = args.meeting.parent().unwrap_or(Path::new(".")).join("名册.xlsx");
    let roster_path = args.roster.clone().or_else(|| beside.is_file().then_some(beside));
    let roster = roster_path.map(|p| {
        let (r, ds) = load_roster(&p, &setup.config);
        diags.extend(ds);
        r
    });
    let Some(meeting) = meeting else {
        return Err(Failure::Input(diags));
    };
    let ws = Workspace { roster: roster.flatten(), meeting: Some(meeting), ..Workspace::default() };
    diags.extend(lint::lint(&ws));
    if diags.has_errors() {
        return Err(Failure::Input(diags));
    }
    reporter.diagnostics(&diags);
    let Some(meeting) = &ws.meeting else {
        return Err(Failure::Input(diags));
    };
    let composer = Composer::new(setup.workspace.as_ref().map(|w| w.join("templates")).as_deref());
    let doc = composer.minutes(meeting, &setup.config)?;
    let out = setup.out_dir(&args.output, &args.meeting);
    let engine = common::engine(&setup, &args.output, reporter)?;
    let opts = common::render_options(&args.output, KIND);
    let rendered = crate::build::render_files(&engine, &doc, &formats, &opts, args.output.docx_fonts)?;
    reporter.diagnostics(&crate::coverage::in_inputs(&rendered.fallbacks, &[args.meeting.as_path()]));
    let stem = match &meeting.issue {
        Some(issue) => format!("{KIND}-{issue}"),
        None => KIND.to_string(),
    };
    let names = common::write_files(&out, &stem, &rendered.files, reporter)?;
    let mut manifest = load_manifest(&out, reporter);
    manifest.upsert(Entry {
        id: stem.clone(),
        kind: KIND.into(),
        number: meeting.issue.clone(),
        files: names,
        input_hash: crate::datadocs::output_hash(&doc, &opts, &formats, engine.fonts_fingerprint()),
        inputs: [("会议".to_string(), manifest::hash_json(meeting))].into_iter().collect(),
        fitted: rendered.fitted.map(|f| f.describe()),
        ..Entry::default()
    });
    output::write_atomic(&out.join(manifest::FILE_NAME), manifest.to_json().as_bytes())?;
    Ok(())
}
