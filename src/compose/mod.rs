//! Compose: the typed model rendered through minijinja templates into Document IR.
//!
//! Each document kind has a template (`templates/*.j2`) that writes the body-text format of
//! [`crate::source`] — front matter and one paragraph per line — from a `Serialize` context
//! struct defined here; `source::parse` turns the text into an [`ir::Document`], so one template
//! serves the PDF and the DOCX writer. Every data value is escaped on output (see [`env`]), so a
//! spreadsheet cell cannot create structure. Member lists enter through `@名单` lines, filled
//! from the roster by [`lists`]. This is the only module that uses minijinja; it reads template
//! files but writes nothing, and knows nothing about layout.

pub mod env;
pub mod filters;
pub mod lists;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::{self, Attachment, Block, Date, Document, Format, Meta, Title};
use crate::model::{Attendance, Case, Duties, Meeting, MemberList, Person, Role, Roster};
use crate::settings::Config;
use crate::source::{self, Defaults, IncludeKind, Parsed};
use env::{Env, Templates};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Front matter that makes a body-only render parse as a 附件 part (no 版头 needed).
const BODY_ONLY_FRONT: &str = "---\n格式 = \"附件\"\n---\n";

/// The issuer as letters print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issuer {
    /// 发文机关标志.
    pub mark: String,
    /// 署名.
    pub name: String,
}

impl Issuer {
    /// The issuer of 督办函: `[letters] issuer`/`mark`, else `[issuer] name`/`mark`; an error
    /// when neither names one.
    pub fn for_letters(config: &Config, config_path: &Path) -> Result<Issuer, Diagnostic> {
        let nonempty = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let own = nonempty(config.letters.issuer.as_deref());
        let name = own.clone().or_else(|| nonempty(Some(&config.issuer.name))).ok_or_else(|| {
            Diagnostic::error("issuer-missing", Location::file(config_path), "gongwen.toml 没有写督办函的发文机关")
                .hint("在 [letters] 下写 issuer = \"陵川县“双减”工作专门协调机制办公室\"，或在 [issuer] 下写 name")
        })?;
        let mark = if own.is_some() {
            nonempty(config.letters.mark.as_deref())
        } else {
            nonempty(config.letters.mark.as_deref()).or_else(|| nonempty(config.issuer.mark.as_deref()))
        };
        Ok(Issuer { mark: mark.unwrap_or_else(|| name.clone()), name })
    }
}

/// 联系人, 联系方式, 电子邮箱 of a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Contact {
    /// 联系人.
    pub person: Option<String>,
    /// 联系方式.
    pub phone: Option<String>,
    /// 电子邮箱.
    pub email: Option<String>,
}

/// The context of `督办函.j2`.
#[derive(Debug, Clone, Serialize)]
pub struct LetterContext<'a> {
    /// The case row.
    pub case: &'a Case,
    /// 发文字号 (from the registry).
    pub number: String,
    /// Issuer.
    pub issuer: &'a Issuer,
    /// Contact lines.
    pub contact: Contact,
    /// 成文日期.
    pub date: Date,
}

/// The context of the list templates (`成员名单.j2`, `联络员名单.j2`, `领导小组名单.j2`).
#[derive(Debug, Clone, Serialize)]
pub struct ListContext<'a> {
    /// The list.
    pub list: &'a MemberList,
    /// The annex title.
    pub title: String,
    /// The office head (办公室主任): the person whose 备注 says so, else the 召集人.
    pub office: Option<&'a Person>,
    /// The whole roster.
    pub roster: &'a Roster,
}

/// The context of `职责分工.j2`.
#[derive(Debug, Clone, Serialize)]
pub struct DutiesContext<'a> {
    /// The tasks.
    pub duties: &'a Duties,
}

/// The context of `会议纪要.j2`.
#[derive(Debug, Clone, Serialize)]
pub struct MinutesContext<'a> {
    /// The meeting.
    pub meeting: &'a Meeting,
    /// 纪要标志, e.g. `…全体会议纪要`.
    pub mark: String,
    /// 出席, each `单位职务姓名`.
    pub present: Vec<String>,
    /// 请假.
    pub absent: Vec<String>,
    /// 列席.
    pub observers: Vec<String>,
    /// 印发日期.
    pub printed: Option<Date>,
}

/// The data `@名单` and `@职责分工` lines are filled from.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The roster, if the workspace has one.
    pub roster: Option<&'a Roster>,
    /// The duties, if the workspace has them.
    pub duties: Option<&'a Duties>,
    /// The configuration (list titles).
    pub config: &'a Config,
}

/// Renders documents from the model.
pub struct Composer {
    env: Env,
}

impl Composer {
    /// A composer whose templates may be overridden by files in `templates_dir`.
    pub fn new(templates_dir: Option<&Path>) -> Composer {
        Composer { env: Env::new(Templates::new(templates_dir)) }
    }

    /// The template lookup (for the manifest's template hashes and messages).
    pub fn templates(&self) -> &Templates {
        self.env.templates()
    }

    /// The body text a template renders.
    pub fn source<C: Serialize>(&self, template: &str, ctx: &C) -> Result<String, Diagnostic> {
        self.env.render(template, ctx)
    }

    /// Parse a template's output; problems are reported against the generated text.
    fn parse(&self, template: &str, text: &str, defaults: &Defaults) -> Result<Parsed, Diagnostics> {
        let path = PathBuf::from(format!("{}（生成的文本）", self.templates().display_path(template).display()));
        source::parse(text, &path, defaults).map_err(|ds| {
            let mut out = Diagnostics::new();
            for d in ds {
                out.push(d.hint(format!("模板 {template} 生成的文本不符合正文格式；检查模板，数据值已自动转义")));
            }
            out
        })
    }

    /// One 督办函.
    pub fn letter(&self, ctx: &LetterContext<'_>) -> Result<Document, Diagnostics> {
        const T: &str = "督办函.j2";
        let text = self.source(T, ctx)?;
        let defaults = Defaults {
            issuer_mark: Some(ctx.issuer.mark.clone()),
            issuer_name: Some(ctx.issuer.name.clone()),
            date: Some(ctx.date),
        };
        Ok(self.parse(T, &text, &defaults)?.document)
    }

    /// The blocks of a member list as its template writes them (the list itself and any text
    /// around it, such as the 办公室主任 paragraph of a 领导小组).
    pub fn list_blocks(&self, roster: &Roster, list: &MemberList, title: &str) -> Result<Vec<Block>, Diagnostics> {
        let template = list_template(list);
        let ctx = ListContext { list, title: title.to_string(), office: office_head(roster), roster };
        let text = format!("{BODY_ONLY_FRONT}{}", self.source(template, &ctx)?);
        let mut parsed = self.parse(template, &text, &Defaults::default())?;
        let mut diags = Diagnostics::new();
        for inc in parsed.includes.iter().rev() {
            if inc.kind != (IncludeKind::List { name: list.name.clone() }) {
                diags.push(Diagnostic::error(
                    "template-list",
                    inc.location.clone(),
                    format!("名单模板只能插入它自己的名单（@名单 {}）", list.name),
                ));
                continue;
            }
            if let Some(blocks) = inc.at.part.blocks_mut(&mut parsed.document) {
                let at = inc.at.index.min(blocks.len());
                blocks.insert(at, lists::list_block(list));
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(std::mem::take(&mut parsed.document.attachments)
            .into_iter()
            .flat_map(|a| a.blocks)
            .chain(parsed.document.body)
            .collect())
    }

    /// Fill every `@名单` and `@职责分工` line of a parsed document from the data. Returns the
    /// problems and, per include, a hash of what was inserted (`名册 › 联络员`, `职责分工`), so a
    /// build can say which input changed a document.
    pub fn fill_includes(&self, parsed: &mut Parsed, src: &Sources<'_>) -> (Diagnostics, BTreeMap<String, String>) {
        let mut diags = Diagnostics::new();
        let mut inputs = BTreeMap::new();
        let includes = std::mem::take(&mut parsed.includes);
        for inc in includes.iter().rev() {
            let filled = match &inc.kind {
                IncludeKind::List { name } => self.include_list(name, inc, src).map(|b| (format!("名册 › {name}"), b)),
                IncludeKind::Duties => match src.duties {
                    Some(duties) => self.duties_blocks(duties).map(|b| ("职责分工".to_string(), b)),
                    None => Err(Diagnostic::error(
                        "duties-missing",
                        inc.location.clone(),
                        "@职责分工 需要职责分工表，但没有读到",
                    )
                    .hint("把职责分工表放在 data/职责分工.xlsx，或在 gongwen.toml 的 [data] 写 duties = \"…\"")
                    .into()),
                },
            };
            match filled {
                Ok((input, blocks)) => {
                    inputs.insert(input, crate::manifest::hash_json(&blocks));
                    if let Some(target) = inc.at.part.blocks_mut(&mut parsed.document) {
                        let at = inc.at.index.min(target.len());
                        target.splice(at..at, blocks);
                    }
                }
                Err(ds) => diags.extend(ds),
            }
        }
        (diags, inputs)
    }

    fn include_list(&self, name: &str, inc: &source::Include, src: &Sources<'_>) -> Result<Vec<Block>, Diagnostics> {
        let Some(roster) = src.roster else {
            return Err(Diagnostic::error(
                "roster-missing",
                inc.location.clone(),
                format!("@名单 {name} 需要名册，但没有读到名册"),
            )
            .hint("把名册放在 data/名册.xlsx，或在 gongwen.toml 的 [data] 写 roster = \"…\"")
            .into());
        };
        let Some(list) = roster.list(name) else {
            let known: Vec<&str> = roster.lists.iter().map(|l| l.name.as_str()).collect();
            return Err(Diagnostic::error("list-unknown", inc.location.clone(), format!("名单“{name}”不存在"))
                .hint(format!("gongwen.toml 的 [[lists]] 中有：{}", known.join("、")))
                .into());
        };
        self.list_blocks(roster, list, &list_title(list, src.config))
    }

    /// The 职责分工 blocks (reference 附件1).
    pub fn duties_blocks(&self, duties: &Duties) -> Result<Vec<Block>, Diagnostics> {
        const T: &str = "职责分工.j2";
        let text = format!("{BODY_ONLY_FRONT}{}", self.source(T, &DutiesContext { duties })?);
        Ok(self.parse(T, &text, &Defaults::default())?.document.body)
    }

    /// The stand-alone list annexes of a roster, in `gongwen.toml` order: `(list name, document)`.
    /// They are numbered as in the notice, after the 职责分工 (附件1): 附件2, 附件3, …
    pub fn list_annexes(&self, roster: &Roster, config: &Config) -> Result<Vec<(String, Document)>, Diagnostics> {
        let mut out = Vec::new();
        let mut diags = Diagnostics::new();
        for (i, list) in roster.lists.iter().enumerate() {
            let title = list_title(list, config);
            match self.list_blocks(roster, list, &title) {
                Ok(blocks) => out.push((list.name.clone(), annex_document(&format!("附件{}", i + 2), &title, blocks))),
                Err(ds) => diags.extend(ds),
            }
        }
        if diags.has_errors() { Err(diags) } else { Ok(out) }
    }

    /// The 职责分工 as a stand-alone annex (附件1).
    pub fn duties_annex(&self, duties: &Duties, title: &str) -> Result<Document, Diagnostics> {
        Ok(annex_document("附件1", title, self.duties_blocks(duties)?))
    }

    /// A 会议纪要.
    pub fn minutes(&self, meeting: &Meeting, config: &Config) -> Result<Document, Diagnostics> {
        const T: &str = "会议纪要.j2";
        let people = |kind: Attendance| -> Vec<String> {
            meeting
                .attendees
                .iter()
                .filter(|a| a.kind == kind)
                .map(|a| format!("{}{}{}", a.unit, a.title, a.name))
                .collect()
        };
        let name = meeting.name.trim();
        let mark = if name.ends_with("纪要") { name.to_string() } else { format!("{name}纪要") };
        let ctx = MinutesContext {
            meeting,
            mark,
            present: people(Attendance::Present),
            absent: people(Attendance::Excused),
            observers: people(Attendance::Observer),
            printed: meeting.date,
        };
        let text = self.source(T, &ctx)?;
        let defaults = Defaults {
            issuer_mark: None,
            issuer_name: Some(config.issuer.name.clone()).filter(|n| !n.is_empty()),
            date: meeting.date,
        };
        let mut doc = self.parse(T, &text, &defaults)?.document;
        doc.meta.date = meeting.date;
        Ok(doc)
    }
}

/// The template that renders a list: by the roles it holds.
pub fn list_template(list: &MemberList) -> &'static str {
    let has = |r: Role| list.groups.iter().any(|g| g.role == r);
    if has(Role::Leader) || has(Role::DeputyLeader) {
        "领导小组名单.j2"
    } else if list.groups.iter().all(|g| g.role == Role::Yes) {
        "联络员名单.j2"
    } else {
        "成员名单.j2"
    }
}

/// The annex title of a list: `gongwen.toml`, else the roster's, else `<列名>名单`.
pub fn list_title(list: &MemberList, config: &Config) -> String {
    config
        .lists
        .iter()
        .find(|l| l.column == list.name)
        .and_then(|l| l.title.clone())
        .or_else(|| list.title.clone())
        .unwrap_or_else(|| format!("{}名单", list.name))
}

/// The 办公室主任: the person whose 备注 names the office, else the 召集人 of the first list
/// that has one (in the reference, the 县教育局局长 heads both).
fn office_head(roster: &Roster) -> Option<&Person> {
    roster.people.iter().find(|p| p.note.as_deref().is_some_and(|n| n.contains("办公室主任"))).or_else(|| {
        let head = roster
            .lists
            .iter()
            .flat_map(|l| &l.groups)
            .find(|g| g.role == Role::Convener)
            .and_then(|g| g.members.first())?;
        roster.people.iter().find(|p| p.name == head.name && p.unit == head.unit)
    })
}

/// A document holding one 附件 page (GB/T 9704 7.3.7: label on line 1, title on line 3).
fn annex_document(label: &str, title: &str, blocks: Vec<Block>) -> Document {
    Document {
        format: Format::Annex,
        meta: Meta { title: title.to_string(), author: String::new(), date: None },
        attachments: vec![Attachment {
            label: label.to_string(),
            title: Some(Title { lines: vec![title.to_string()] }),
            blocks,
        }],
        ..Document::default()
    }
}

/// Every visible line of a document (for tests and reports): [`ir::Document::plain_text`].
pub fn plain_text(doc: &Document) -> Vec<String> {
    ir::Document::plain_text(doc)
}
