//! The typed model: normalised records built from raw tables, plus cross-file lints.
//!
//! Input: [`crate::reader`] tables. Output: [`Roster`], [`Cases`], [`Meeting`], [`Duties`] —
//! all `Serialize`, they are the context templates render from and what
//! `gongwen check --json --model` prints — together with located [`Diagnostics`]. Loading
//! never stops at the first problem: every row is checked and bad rows are left out, so a
//! caller can list everything and decide (errors stop a build; `--keep-going` uses the rest).
//! This stage knows nothing about templates or layout.

pub mod cases;
pub mod diff;
pub mod duties;
pub mod lint;
pub mod lists;
pub mod meeting;
pub mod normalize;
pub mod roster;
mod sheet;

pub use cases::{Case, Cases, DocNumber, load_cases, stream_cases};
pub use duties::{Duties, Duty, load_duties};
pub use meeting::{Attendance, Attendee, Decision, Meeting, load_meeting};
pub use roster::{Member, MemberList, Person, Role, RoleGroup, Roster, Unit, load_roster};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::Date;
use crate::settings::Config;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Everything a workspace's data folder holds, normalised. Absent files are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Workspace {
    /// 名册.
    pub roster: Option<Roster>,
    /// 督办事项.
    pub cases: Option<Cases>,
    /// 会议纪要.
    pub meeting: Option<Meeting>,
    /// 职责分工.
    pub duties: Option<Duties>,
}

/// Which kind of input a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum InputKind {
    /// 名册.
    Roster,
    /// 督办事项.
    Cases,
    /// 会议纪要.
    Meeting,
    /// 职责分工.
    Duties,
}

impl InputKind {
    /// Guess the kind from the file name (`名册`, `督办`, `会议`/`纪要`, `职责`/`分工`).
    pub fn from_file_name(path: &Path) -> Option<InputKind> {
        let name = path.file_name()?.to_string_lossy().to_string();
        [
            (InputKind::Roster, &["名册", "人员", "roster"][..]),
            (InputKind::Cases, &["督办", "cases"][..]),
            (InputKind::Meeting, &["会议", "纪要", "meeting"][..]),
            (InputKind::Duties, &["职责", "分工", "duties"][..]),
        ]
        .into_iter()
        .find(|(_, keys)| keys.iter().any(|k| name.contains(k)))
        .map(|(k, _)| k)
    }
}

/// Where each input of a workspace is: `gongwen.toml`'s `[data]` paths, else a file of the same
/// name directly in the workspace folder (so a folder of spreadsheets, like `fixtures/`, works).
pub fn workspace_paths(dir: &Path, config: &Config) -> Vec<(InputKind, PathBuf)> {
    let d = &config.data;
    [
        (InputKind::Roster, &d.roster),
        (InputKind::Cases, &d.cases),
        (InputKind::Meeting, &d.meeting),
        (InputKind::Duties, &d.duties),
    ]
    .into_iter()
    .filter_map(|(kind, rel)| {
        let configured = dir.join(rel);
        if configured.exists() {
            return Some((kind, configured));
        }
        let stem = rel.file_stem()?;
        ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "json"]
            .iter()
            .map(|ext| dir.join(stem).with_extension(ext))
            .find(|p| p.exists())
            .map(|p| (kind, p))
    })
    .collect()
}

/// Load the given inputs (roster first, so the others can resolve units against it) and run
/// the cross-file lints.
pub fn load_inputs(inputs: &[(InputKind, PathBuf)], config: &Config) -> (Workspace, Diagnostics) {
    let mut ws = Workspace::default();
    let mut ds = Diagnostics::new();
    let mut sorted: Vec<&(InputKind, PathBuf)> = inputs.iter().collect();
    sorted.sort_by_key(|(k, _)| *k);
    for (kind, path) in sorted {
        match kind {
            InputKind::Roster => {
                let (r, d) = load_roster(path, config);
                ds.extend(d);
                ws.roster = r;
            }
            InputKind::Cases => {
                let (c, d) = load_cases(path, config, ws.roster.as_ref());
                ds.extend(d);
                ws.cases = c;
            }
            InputKind::Meeting => {
                let (m, d) = load_meeting(path, config);
                ds.extend(d);
                ws.meeting = m;
            }
            InputKind::Duties => {
                let (m, d) = load_duties(path, config);
                ds.extend(d);
                ws.duties = m;
            }
        }
    }
    if !inputs.iter().any(|(k, _)| *k == InputKind::Roster)
        && let Some((_, first)) = inputs.first()
    {
        ds.push(
            Diagnostic::warning("roster-missing", Location::file(first), "没有名册，单位和人员未核对")
                .hint("把名册.xlsx 放在同一文件夹，或一并给出名册文件"),
        );
    }
    ds.extend(lint::lint(&ws));
    (ws, ds)
}

/// Load every input of a workspace folder (see [`workspace_paths`]) and lint across them.
pub fn load_workspace(dir: &Path, config: &Config) -> (Workspace, Diagnostics) {
    let inputs = workspace_paths(dir, config);
    if inputs.is_empty() {
        let d = Diagnostic::error("workspace-empty", Location::file(dir), "没有找到任何数据文件")
            .hint("工作区应包含 data/名册.xlsx、data/督办事项.xlsx 等文件（见 gongwen init）");
        return (Workspace::default(), d.into());
    }
    load_inputs(&inputs, config)
}

/// The configured default 成文日期 (`issuer.date`), if it parses; a bad value is reported
/// against `gongwen.toml`.
pub fn config_date(config: &Config, ds: &mut Diagnostics) -> Option<Date> {
    let text = config.issuer.date.as_deref()?;
    match normalize::parse_date(text, None) {
        Ok(d) => Some(d),
        Err(e) => {
            ds.push(
                Diagnostic::error(
                    "date-invalid",
                    Location::file(crate::settings::CONFIG_FILE),
                    format!("issuer.date：{}", e.message(text)),
                )
                .hint(e.hint()),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests;
