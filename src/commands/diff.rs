//! `gongwen diff OLD NEW`: the personnel-change report between two rosters, as text or
//! `--json`. Both rosters must load without errors (exit 1 otherwise); a difference is not an
//! error (exit 0).

use crate::cli::DiffArgs;
use crate::diag::{Diagnostics, Reporter};
use crate::model::{self, diff};
use crate::settings::Config;
use crate::{CmdResult, Failure};

/// Run `gongwen diff`.
pub fn run(args: &DiffArgs, reporter: &Reporter) -> CmdResult {
    let config: Config = super::check::nearby_config(&args.new).unwrap_or_default();
    let mut ds = Diagnostics::new();
    let (old, d) = model::load_roster(&args.old, &config);
    ds.extend(d);
    let (new, d) = model::load_roster(&args.new, &config);
    ds.extend(d);
    // Warnings about the rosters themselves are `gongwen check`'s business; only errors stop a diff.
    if ds.has_errors() {
        return Err(Failure::Input(Diagnostics(ds.into_iter().filter(|d| d.is_error()).collect())));
    }
    let (Some(old), Some(new)) = (old, new) else { return Err(Failure::Input(ds)) };
    let report = diff::diff(&old, &new);
    if reporter.json {
        crate::console::json(&report);
    } else {
        crate::console::out(&diff::render(&report, &old, &new));
    }
    Ok(())
}
