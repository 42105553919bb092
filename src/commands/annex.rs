//! `gongwen annex ROSTER.xlsx`: each member list of the roster (the `[[lists]]` of
//! `gongwen.toml`) as a stand-alone 附件 document, numbered as in the notice (附件2–4). The same
//! composition fills the notice's `@名单` lines in `build`, so both always agree.

use super::common;
use super::letters::load_manifest;
use crate::cli::AnnexArgs;
use crate::compose::Composer;
use crate::diag::Reporter;
use crate::manifest::{self, Entry};
use crate::model::load_roster;
use crate::output;
use crate::{CmdResult, Failure};

/// The manifest kind of list annexes.
pub const KIND: &str = "附件";

/// Run `gongwen annex`.
pub fn run(args: &AnnexArgs, reporter: &Reporter) -> CmdResult {
    let formats = common::formats(&args.output, "annex", &common::DEFAULT_FORMATS)?;
    let setup = common::find_config(args.config.as_deref(), &args.roster, reporter)?;
    let (roster, diags) = load_roster(&args.roster, &setup.config);
    if diags.has_errors() {
        return Err(Failure::Input(diags));
    }
    reporter.diagnostics(&diags);
    let Some(roster) = roster else {
        return Err(Failure::Input(diags));
    };
    let composer = Composer::new(setup.workspace.as_ref().map(|w| w.join("templates")).as_deref());
    let annexes = composer.list_annexes(&roster, &setup.config)?;
    let out = setup.out_dir(&args.output, &args.roster);
    let engine = common::engine(&setup, &args.output, reporter)?;
    let opts = common::render_options(&args.output, KIND);
    // Render everything before writing anything.
    let mut rendered = Vec::new();
    for (name, doc) in &annexes {
        rendered.push((name, doc, crate::build::render_files(&engine, doc, &formats, &opts, args.output.docx_fonts)?));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (_, _, r) in &rendered {
        for d in crate::coverage::in_inputs(&r.fallbacks, &[args.roster.as_path()]).0 {
            if seen.insert(d.render(false)) {
                reporter.diagnostic(&d);
            }
        }
    }
    let mut manifest = load_manifest(&out, reporter);
    for (name, doc, rendered) in rendered {
        let label = doc.attachments.first().map(|a| a.label.as_str()).unwrap_or(KIND);
        let stem = format!("{label}-{}", doc.meta.title);
        let names = common::write_files(&out, &stem, &rendered.files, reporter)?;
        manifest.upsert(Entry {
            id: format!("{KIND}/{name}"),
            kind: KIND.into(),
            files: names,
            input_hash: crate::datadocs::output_hash(doc, &opts, &formats, engine.fonts_fingerprint()),
            inputs: [(format!("名册 › {name}"), manifest::hash_json(&roster.list(name)))].into_iter().collect(),
            fitted: rendered.fitted.map(|f| f.describe()),
            ..Entry::default()
        });
    }
    output::write_atomic(&out.join(manifest::FILE_NAME), manifest.to_json().as_bytes())?;
    Ok(())
}
