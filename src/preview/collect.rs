//! Collect a workspace's documents in memory for the preview, through the same pipeline as
//! `gongwen build`: `build::load` for every `documents/*.md` (includes filled from the
//! workspace's data), and `datadocs::Data::jobs` for the documents made from data alone — one
//! 督办函 per case row, numbered from the registry exactly as a build would number them (the
//! registry is read, never written), and the 会议纪要. Each document comes back with its own
//! outcome — the Document IR or its located errors — so one bad file or row never hides the
//! others.
//!
//! Input: the workspace folder. Output: [`Collected`] (IR, not rendered). Nothing is written to
//! disk here, and nothing is laid out: rendering and caching are `site`'s job.

use crate::build::{self, Job, Unfilled, relative};
use crate::commands::letters::KIND as LETTER_KIND;
use crate::datadocs::Data;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::{Document, Format};
use crate::model::{self, InputKind};
use crate::settings::Config;
use std::collections::BTreeMap;
use std::path::Path;

/// Which part of the workspace a document comes from; a failure of a whole part (an unreadable
/// roster) marks every document of that part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Body-text documents, `documents/*.md`.
    Documents,
    /// Documents made from the spreadsheets alone: 督办函 (one per case row), 会议纪要.
    Data,
}

/// One document of the workspace.
#[derive(Debug, Clone)]
pub struct Item {
    /// Stable id, used in URLs: the file stem (`通知`), `督办函-第3行`, `会议纪要-第5期`.
    pub id: String,
    /// Where it comes from.
    pub group: Group,
    /// Kind for the index: the format (`信函格式` …), `督办函`, `会议纪要`.
    pub kind: String,
    /// The inputs that produce it, for the draft banner (`documents/通知.md`).
    pub inputs: String,
    /// The Document IR, or why there is none.
    pub outcome: Result<Document, Diagnostics>,
    /// Warnings about it.
    pub warnings: Diagnostics,
}

/// Everything collected from one pass over the workspace.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// The documents: body-text documents by file name, then data documents (letters by row).
    pub items: Vec<Item>,
    /// Failures of a whole part (`None`: of the whole workspace, e.g. a broken `gongwen.toml`).
    pub failures: Vec<(Option<Group>, Diagnostics)>,
    /// Warnings that belong to no single document (e.g. roster lints).
    pub notes: Diagnostics,
}

/// Collect every document of `workspace`.
pub fn collect(workspace: &Path) -> Collected {
    let mut out = Collected::default();
    let config = match Config::load(workspace) {
        Ok(c) => c,
        Err(d) => {
            out.failures.push((None, d.into()));
            return out;
        }
    };
    let defaults = match build::defaults(&config, workspace) {
        Ok(d) => d,
        Err(d) => {
            out.failures.push((None, d.into()));
            return out;
        }
    };
    let (data, mut data_diags) = Data::load(workspace, &config);
    if workspace.join(build::DOCUMENTS_DIR).is_dir() {
        match build::source_files(workspace) {
            Ok(files) => {
                for file in files {
                    let (jobs, diags) =
                        build::load(std::slice::from_ref(&file), workspace, &defaults, Unfilled::Error, Some(&data));
                    let id = build::name_of(&file);
                    let item = match jobs.into_iter().next() {
                        Some(job) => Item {
                            id,
                            group: Group::Documents,
                            kind: format_label(job.document.format).into(),
                            inputs: job.relative,
                            outcome: Ok(job.document),
                            warnings: diags,
                        },
                        None => Item {
                            id,
                            group: Group::Documents,
                            kind: "文档".into(),
                            inputs: relative(&file, workspace),
                            outcome: Err(diags),
                            warnings: Diagnostics::new(),
                        },
                    };
                    out.items.push(item);
                }
            }
            Err(d) => out.failures.push((Some(Group::Documents), d.into())),
        }
    }
    // The registry `jobs` returns would be saved by a build; a preview never issues numbers.
    let (jobs, _registry, more) = data.jobs(workspace);
    data_diags.extend(more);
    data_items(workspace, &config, jobs, data_diags, &mut out);
    if out.items.is_empty() && out.failures.is_empty() {
        out.failures.push((
            None,
            Diagnostic::error("workspace-empty", Location::file(workspace), "工作区里没有可预览的文档")
                .hint("正文写在 documents/*.md，督办事项写在 data/督办事项.xlsx；`gongwen init 文件夹` 生成示例工作区")
                .into(),
        ));
    }
    out
}

/// The documents made from data, and the data's problems: an error at a case-sheet row makes
/// that row's letter show it; other errors stop the data part as a whole (its documents keep
/// their last render); warnings are notes.
fn data_items(workspace: &Path, config: &Config, jobs: Vec<Job>, diags: Diagnostics, out: &mut Collected) {
    let paths = model::workspace_paths(workspace, config);
    let cases_path = paths.iter().find(|(k, _)| *k == InputKind::Cases).map(|(_, p)| p.clone());
    let sheet = cases_path.as_deref().map(|p| relative(p, workspace)).unwrap_or_default();
    let mut rows: BTreeMap<u32, Item> = BTreeMap::new();
    let mut others = Vec::new();
    for job in jobs {
        let letter_row = job.folder.iter().any(|f| f == LETTER_KIND).then(|| job_row(&job)).flatten();
        match letter_row {
            Some(row) => {
                let recipient = job.name.rsplit('-').next().unwrap_or("").to_string();
                let inputs = format!("{sheet} › 第{row}行（{recipient}）");
                rows.insert(row, letter_item(row, inputs, Ok(job.document)));
            }
            None => others.push(Item {
                kind: job.name.split('-').next().unwrap_or(&job.name).to_string(),
                id: job.name,
                group: Group::Data,
                inputs: job.relative,
                outcome: Ok(job.document),
                warnings: Diagnostics::new(),
            }),
        }
    }
    let mut failed = Diagnostics::new();
    for d in diags {
        let in_cases = cases_path.is_some() && d.location.file.as_deref() == cases_path.as_deref();
        let row = d.location.cell.as_deref().and_then(row_of).filter(|_| in_cases && d.is_error());
        match row {
            Some(row) => {
                let item = rows
                    .entry(row)
                    .or_insert_with(|| letter_item(row, format!("{sheet} › 第{row}行"), Err(Diagnostics::new())));
                match &mut item.outcome {
                    Err(ds) => ds.push(d),
                    Ok(_) => item.outcome = Err(d.into()),
                }
            }
            None if d.is_error() => failed.push(d),
            None => out.notes.push(d),
        }
    }
    if !failed.is_empty() {
        out.failures.push((Some(Group::Data), failed));
    }
    out.items.extend(others);
    out.items.extend(rows.into_values());
}

/// The case-sheet row of a letter job, from its named inputs (`督办事项 › 第3行`).
fn job_row(job: &Job) -> Option<u32> {
    job.inputs.keys().find_map(|k| k.split_once(" › 第")).and_then(|(_, r)| r.trim_end_matches('行').parse().ok())
}

fn letter_item(row: u32, inputs: String, outcome: Result<Document, Diagnostics>) -> Item {
    Item {
        id: format!("{LETTER_KIND}-第{row}行"),
        group: Group::Data,
        kind: LETTER_KIND.into(),
        inputs,
        outcome,
        warnings: Diagnostics::new(),
    }
}

/// The row number of an A1 reference (`C7` → 7) or a bare row (`7`).
fn row_of(cell: &str) -> Option<u32> {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().ok()
}

/// The format of a body-text document, in the clerk's words.
fn format_label(format: Format) -> &'static str {
    match format {
        Format::Standard => "通用格式",
        Format::Letter => "信函格式",
        Format::Minutes => "纪要格式",
        Format::Annex => "附件",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_from_a1_references_and_bare_rows() {
        assert_eq!(row_of("C7"), Some(7));
        assert_eq!(row_of("AB12"), Some(12));
        assert_eq!(row_of("7"), Some(7));
        assert_eq!(row_of("C"), None);
    }

    #[test]
    fn an_empty_folder_is_one_workspace_failure() {
        let tmp = tempfile::tempdir().expect("tmp");
        let c = collect(tmp.path());
        assert!(c.items.is_empty());
        assert_eq!(c.failures.len(), 1);
        assert_eq!(c.failures[0].0, None);
    }

    #[test]
    fn a_broken_document_does_not_hide_the_others() {
        let tmp = tempfile::tempdir().expect("tmp");
        let docs = tmp.path().join("documents");
        std::fs::create_dir_all(&docs).expect("mkdir");
        std::fs::write(
            docs.join("好.md"),
            "---\n发文机关标志 = \"某县人民政府\"\n标题 = \"关于测试的通知\"\n---\n正文一段。\n",
        )
        .expect("write");
        std::fs::write(docs.join("坏.md"), "---\n标题 = \n---\n").expect("write");
        let c = collect(tmp.path());
        let outcomes: Vec<(&str, bool)> = c.items.iter().map(|i| (i.id.as_str(), i.outcome.is_ok())).collect();
        assert_eq!(outcomes, [("坏", false), ("好", true)]);
        assert_eq!(c.items[1].inputs, "documents/好.md");
    }
}
