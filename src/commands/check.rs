//! `gongwen check [WORKSPACE | FILES…]`: validate every input and lint across them; no output
//! files. Exit status 1 when any error is found, 0 with warnings only (INPUTS.md).
//!
//! A folder is loaded as a workspace (`gongwen.toml` `[data]` paths, else the files by name in
//! the folder). Files are classified by name (名册, 督办, 会议/纪要, 职责/分工); when no roster is
//! among them, a `名册` beside the first file or one folder up is used to resolve units.
//! `--json` prints the diagnostics as JSON; `--json --model` prints the normalised model.

use crate::cli::CheckArgs;
use crate::diag::{Diagnostic, Diagnostics, Location, Reporter};
use crate::model::{self, InputKind};
use crate::settings::Config;
use crate::{CmdResult, Failure};
use std::path::{Path, PathBuf};

/// Run `gongwen check`.
pub fn run(args: &CheckArgs, reporter: &Reporter) -> CmdResult {
    let inputs = if args.inputs.is_empty() { vec![PathBuf::from(".")] } else { args.inputs.clone() };
    let (ws, ds) = if let [dir] = inputs.as_slice()
        && dir.is_dir()
    {
        let config = Config::load(dir)?;
        model::load_workspace(dir, &config)
    } else {
        load_files(&inputs)?
    };
    if ds.has_errors() {
        return Err(Failure::Input(ds));
    }
    if reporter.json {
        if args.model {
            crate::console::json(&ws);
        } else {
            crate::console::json(&ds);
        }
        return Ok(());
    }
    reporter.diagnostics(&ds);
    reporter.status(summary(&ds));
    Ok(())
}

fn summary(ds: &Diagnostics) -> String {
    match ds.warning_count() {
        0 => "检查完成：没有发现问题".into(),
        n => format!("检查完成：没有错误，{n} 个警告"),
    }
}

/// Classify files by name; a folder among several inputs is a usage error.
fn load_files(files: &[PathBuf]) -> Result<(model::Workspace, Diagnostics), Failure> {
    let mut inputs = Vec::new();
    let mut ds = Diagnostics::new();
    for f in files {
        if f.is_dir() {
            return Err(Failure::Usage(format!("{} 是文件夹：检查工作区时只给一个文件夹", f.display())));
        }
        match InputKind::from_file_name(f) {
            Some(kind) => inputs.push((kind, f.clone())),
            None => ds.push(
                Diagnostic::error("input-kind-unknown", Location::file(f), "无法从文件名判断这是哪种数据")
                    .hint("文件名应含 名册、督办、会议（或纪要）、职责（或分工）之一"),
            ),
        }
    }
    if !inputs.iter().any(|(k, _)| *k == InputKind::Roster)
        && let Some(roster) = files.first().and_then(|f| nearby_roster(f))
    {
        inputs.push((InputKind::Roster, roster));
    }
    let config = files.first().and_then(|f| nearby_config(f)).unwrap_or_default();
    let (ws, more) = model::load_inputs(&inputs, &config);
    ds.extend(more);
    Ok((ws, ds))
}

/// `名册.xlsx` (or .xls/.csv…) in the file's folder or the folder above.
pub fn nearby_roster(file: &Path) -> Option<PathBuf> {
    let dir = file.parent()?;
    let mut dirs = vec![dir.to_path_buf()];
    if let Some(up) = dir.parent() {
        dirs.push(up.to_path_buf());
    }
    dirs.iter()
        .flat_map(|d| ["xlsx", "xls", "xlsb", "ods", "csv"].iter().map(move |e| d.join("名册").with_extension(e)))
        .find(|p| p.is_file())
}

/// `gongwen.toml` in the file's folder or the folder above, if it parses.
pub fn nearby_config(file: &Path) -> Option<Config> {
    let dir = file.parent()?;
    [Some(dir), dir.parent()]
        .into_iter()
        .flatten()
        .find(|d| d.join(crate::settings::CONFIG_FILE).is_file())
        .and_then(|d| Config::load(d).ok())
}
