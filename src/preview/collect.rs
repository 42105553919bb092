//! Collect a workspace's documents in memory for the preview: every `documents/*.md` through
//! the same loading as `gongwen build` (`build::load`), and one 督办函 per row of the case sheet
//! through the same composing and numbering as `gongwen letters`, the registry read but never
//! written. Each document comes back with its own outcome — the Document IR or its located
//! errors — so one bad file or row never hides the others.
//!
//! Input: the workspace folder. Output: [`Collected`] (IR, not rendered). Nothing is written to
//! disk here, and nothing is laid out: rendering and caching are `site`'s job.

use crate::build::{self, Unfilled};
use crate::commands::letters::{KIND as LETTER_KIND, context, row_key};
use crate::compose::{Composer, Issuer};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::{Document, Format};
use crate::model::{self, InputKind, load_cases, load_roster};
use crate::registry::{Registry, Request};
use crate::settings::{CONFIG_FILE, Config, fallback_date};
use std::collections::BTreeMap;
use std::path::Path;

/// Which part of the workspace a document comes from; a failure of a whole part (an unreadable
/// case sheet) marks every document of that part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Body-text documents, `documents/*.md`.
    Documents,
    /// 督办函, one per case-sheet row.
    Letters,
}

/// One document of the workspace.
#[derive(Debug, Clone)]
pub struct Item {
    /// Stable id, used in URLs: the file stem (`通知`) or `督办函-第3行`.
    pub id: String,
    /// Where it comes from.
    pub group: Group,
    /// Kind for the index: the format (`信函格式` …) or `督办函`.
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
    /// The documents, body-text documents first (by file name), then letters by row.
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
    if workspace.join(build::DOCUMENTS_DIR).is_dir() {
        match build::source_files(workspace) {
            Ok(files) => {
                for file in files {
                    let (jobs, diags) = build::load(std::slice::from_ref(&file), workspace, &defaults, Unfilled::Warn);
                    let id = build::name_of(&file);
                    let inputs = relative(&file, workspace);
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
                            inputs,
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
    letters(workspace, &config, &mut out);
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

/// The letters of the case sheet, numbered as `gongwen letters` numbers them. Rows with errors
/// become items whose outcome is their errors, so their page shows them.
fn letters(workspace: &Path, config: &Config, out: &mut Collected) {
    let paths = model::workspace_paths(workspace, config);
    let Some(cases_path) = paths.iter().find(|(k, _)| *k == InputKind::Cases).map(|(_, p)| p.clone()) else {
        return;
    };
    let sheet = relative(&cases_path, workspace);
    let mut fail = |ds: Diagnostics| out.failures.push((Some(Group::Letters), ds));
    let issuer = match Issuer::for_letters(config, &workspace.join(CONFIG_FILE)) {
        Ok(i) => i,
        Err(d) => return fail(d.into()),
    };
    let mut roster = None;
    if let Some((_, path)) = paths.iter().find(|(k, _)| *k == InputKind::Roster) {
        let (r, ds) = load_roster(path, config);
        if ds.has_errors() {
            return fail(ds);
        }
        out.notes.extend(ds);
        roster = r;
    }
    let (cases, mut diags) = load_cases(&cases_path, config, roster.as_ref());
    let Some(cases) = cases else {
        return fail(diags);
    };
    let registry_path = workspace.join(&config.letters.registry);
    let mut registry = match std::fs::read_to_string(&registry_path) {
        Ok(text) => match Registry::parse(&text, &registry_path) {
            Ok(r) => r,
            Err(ds) => return fail(ds),
        },
        Err(_) => Registry::empty(&registry_path),
    };
    let composer = Composer::new(Some(&workspace.join("templates")));
    let config_date = model::config_date(config, &mut diags);

    // Rows the sheet rejected: their errors, by sheet row.
    let mut bad: BTreeMap<u32, Diagnostics> = BTreeMap::new();
    for d in diags {
        match d.location.cell.as_deref().and_then(row_of).filter(|_| d.is_error()) {
            Some(row) => bad.entry(row).or_default().push(d),
            None => out.notes.push(d),
        }
    }
    let mut rows: BTreeMap<u32, Item> = BTreeMap::new();
    let mut seen = Vec::new();
    for case in &cases.cases {
        let row = case.location.cell.as_deref().and_then(row_of).unwrap_or(0);
        let date = case.date.or(config_date).unwrap_or_else(fallback_date);
        // As `gongwen letters`: validate with a placeholder number, then number the good rows.
        let outcome = composer.letter(&context(case, "〔　〕号".into(), &issuer, date)).and_then(|_| {
            let key = row_key(case, &mut seen);
            let req = Request {
                key: &key,
                given: case.number.as_ref().map(|n| n.text.as_str()),
                year: date.year,
                recipient: &case.recipient,
                task: &case.task,
                location: &case.location,
            };
            let number = registry.assign(&config.letters.numbering, &req)?;
            composer.letter(&context(case, number, &issuer, date))
        });
        let inputs = format!("{sheet} › 第{row}行（{}）", case.recipient);
        rows.insert(row, letter_item(row, inputs, outcome));
    }
    for (row, ds) in bad {
        rows.entry(row).or_insert_with(|| letter_item(row, format!("{sheet} › 第{row}行"), Err(ds)));
    }
    out.items.extend(rows.into_values());
}

fn letter_item(row: u32, inputs: String, outcome: Result<Document, Diagnostics>) -> Item {
    Item {
        id: format!("{LETTER_KIND}-第{row}行"),
        group: Group::Letters,
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

fn relative(path: &Path, workspace: &Path) -> String {
    path.strip_prefix(workspace)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
