//! The roster (名册): people, units with their aliases, and list memberships with roles.
//!
//! Input: the `人员` sheet (and optional `单位` sheet) as [`crate::reader::Table`]s. Output: a
//! [`Roster`], the context the member-list annexes are rendered from, plus diagnostics. This
//! module normalises and validates single rows; cross-file checks live in `model::lint`.

pub use super::lists::{Member, MemberList, Role, RoleGroup, member_list};
use super::normalize::{
    PhoneError, clean_name, clean_unit, is_no_mark, parse_order, parse_phone, parse_role, split_list,
};
use super::sheet::{self, Column};
use crate::diag::{Diagnostic, Diagnostics, Location, nearest};
use crate::reader::{Table, Workbook};
use crate::settings::Config;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The people sheet's name (INPUTS.md); when absent, the first sheet other than [`UNIT_SHEET`].
pub const PEOPLE_SHEET: &str = "人员";
/// The optional unit sheet's name.
pub const UNIT_SHEET: &str = "单位";

const PEOPLE_COLUMNS: &[Column] = &[
    Column::new("姓名", &["名字", "name"], true),
    Column::new("单位", &["部门", "工作单位", "unit"], true),
    Column::new("职务", &["职位", "职称", "title"], true),
    Column::new("排序", &["序号", "order"], false),
    Column::new("电话", &["联系电话", "手机", "phone"], false),
    Column::new("备注", &["note"], false),
];

const UNIT_COLUMNS: &[Column] = &[
    Column::new("单位", &["单位名称", "名称"], true),
    Column::new("别名", &["简称", "别称", "aliases"], false),
    Column::new("排序", &["序号", "order"], false),
];

/// The normalised roster.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Roster {
    /// Everyone, one entry per identity (姓名, 单位), in sheet order. Rows that name the same
    /// identity (after unit-alias resolution) are merged into one person.
    pub people: Vec<Person>,
    /// Units: from the `单位` sheet when present (in its order), then any unit only the people
    /// name, in order of first appearance.
    pub units: Vec<Unit>,
    /// One entry per list configured in `gongwen.toml` (`[[lists]]`), members grouped by role.
    pub lists: Vec<MemberList>,
}

/// One person (identity: 姓名 + canonical 单位).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Person {
    /// Name without layout spaces (`王刚`, never `王　刚`; padding is the renderer's job).
    pub name: String,
    /// Canonical unit name (aliases resolved through the `单位` sheet).
    pub unit: String,
    /// 职务, e.g. `副局长`.
    pub title: String,
    /// Role per list column (`协调机制` → 成员, `联络员` → 是); absent lists are not held.
    pub lists: BTreeMap<String, Role>,
    /// 排序 when given; lists sort by it, then by row order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// Per-list order from a `<list>排序` column (e.g. `联络员排序`), overriding `order` in
    /// that list: the reference 联络员名单 puts the lead unit's contact first.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub list_order: BTreeMap<String, u32>,
    /// 1-based position among the people, in sheet order (the fallback sort key).
    pub seq: usize,
    /// 电话, validated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 备注.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Columns the tool does not know, by header text (templates see `person.extra["列名"]`).
    pub extra: BTreeMap<String, String>,
    /// The 姓名 cell of the row the person comes from (the first row when several were merged).
    pub location: Location,
    /// The unit exactly as typed in that row, when it differed from the canonical name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_as_written: Option<String>,
}

/// A unit (单位) with the other names clerks write for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Unit {
    /// Canonical name, e.g. `县文旅局`.
    pub name: String,
    /// Other names that resolve to it, e.g. `县文化旅游局`.
    pub aliases: Vec<String>,
    /// 排序 from the `单位` sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// True when the `单位` sheet lists it; false for units only people name.
    pub declared: bool,
    /// Where the unit is defined (its `单位` sheet row, or the first person naming it).
    pub location: Location,
}

impl Roster {
    /// The canonical unit for a name as written: the unit itself or one of its aliases
    /// (names compared after [`clean_unit`]).
    pub fn resolve_unit(&self, name: &str) -> Option<&str> {
        let name = clean_unit(name);
        self.units.iter().find(|u| u.name == name || u.aliases.contains(&name)).map(|u| u.name.as_str())
    }

    /// Every unit name and alias, for “是否为…？” suggestions.
    pub fn unit_names(&self) -> impl Iterator<Item = &str> {
        self.units.iter().flat_map(|u| std::iter::once(u.name.as_str()).chain(u.aliases.iter().map(String::as_str)))
    }

    /// An error for a unit the roster does not know, with the nearest known name as a hint.
    pub fn unknown_unit(&self, name: &str, what: &str, loc: Location) -> Diagnostic {
        let mut d = Diagnostic::error("unit-unknown", loc, format!("{what}“{name}”不在名册中"));
        if let Some(near) = nearest(name, self.unit_names()) {
            let canonical = self.resolve_unit(near).unwrap_or(near);
            d = d.hint(format!("是否为“{canonical}”？"));
        } else {
            d = d.hint("在名册的“单位”工作表中添加该单位，或把它写成名册中的单位名称");
        }
        d
    }

    /// The people with this name (any unit).
    pub fn people_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Person> {
        self.people.iter().filter(move |p| p.name == name)
    }

    /// The list with this column name.
    pub fn list(&self, name: &str) -> Option<&MemberList> {
        self.lists.iter().find(|l| l.name == name)
    }
}

/// Load a roster workbook. Returns `None` only when the file or its people sheet cannot be used
/// at all; otherwise the roster of the good rows, with every problem in the diagnostics.
pub fn load_roster(path: &Path, config: &Config) -> (Option<Roster>, Diagnostics) {
    let mut ds = Diagnostics::new();
    match crate::reader::open(path) {
        Ok(book) => {
            let roster = roster_from_workbook(&book, config, &mut ds);
            (roster, ds)
        }
        Err(d) => {
            ds.push(d);
            (None, ds)
        }
    }
}

/// Build a roster from an opened workbook (see [`load_roster`]).
pub fn roster_from_workbook(book: &Workbook, config: &Config, ds: &mut Diagnostics) -> Option<Roster> {
    let people_sheet =
        book.sheet(PEOPLE_SHEET).or_else(|| book.sheets.iter().find(|t| t.sheet.trim() != UNIT_SHEET && !t.is_blank()));
    let Some(people_sheet) = people_sheet else {
        ds.push(
            Diagnostic::error("sheet-missing", Location::file(&book.file), format!("缺少“{PEOPLE_SHEET}”工作表"))
                .hint("名册的人员应在名为“人员”的工作表中（“单位”工作表只列单位）"),
        );
        return None;
    };
    let mut roster = Roster::default();
    let unit_sheet = book.sheet(UNIT_SHEET);
    if let Some(t) = unit_sheet {
        roster.units = units_from_sheet(t, ds);
    }
    let list_names: Vec<String> = config.lists.iter().map(|l| l.column.clone()).collect();
    let order_names: Vec<String> = list_names.iter().map(|l| format!("{l}排序")).collect();
    let dynamic: Vec<String> = list_names.iter().chain(&order_names).cloned().collect();
    let header = sheet::header(people_sheet, PEOPLE_COLUMNS, &dynamic, ds)?;
    // A roster without any list column simply keeps no lists; one that has some but not all
    // of the configured ones probably misnamed a column.
    let any_list = list_names.iter().any(|n| header.cols.contains_key(n));
    for name in list_names.iter().filter(|_| any_list) {
        if !header.cols.contains_key(name) {
            ds.push(
                Diagnostic::warning(
                    "list-column-missing",
                    header.location(),
                    format!("名册没有“{name}”列，该名单为空"),
                )
                .hint("在表头中添加该列，或从 gongwen.toml 的 [[lists]] 中删除该名单"),
            );
        }
    }
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for u in &roster.units {
        for n in std::iter::once(&u.name).chain(&u.aliases) {
            names.entry(n.clone()).or_insert_with(|| u.name.clone());
        }
    }
    // Canonical unit → the distinct spellings the rows use, with the first cell of each.
    let mut spellings: BTreeMap<String, Vec<(String, Location)>> = BTreeMap::new();
    // Identity (姓名, 单位) → index in `roster.people`, so merging stays O(log n) per row.
    let mut identities: BTreeMap<(String, String), usize> = BTreeMap::new();
    for row in header.rows(people_sheet) {
        let mut row_ds = Diagnostics::new();
        let name = row.required("姓名", &mut row_ds).map(|n| clean_name(&n));
        let unit_text = row.required("单位", &mut row_ds).map(|u| clean_unit(&u));
        let title = row.required("职务", &mut row_ds);
        let unit = unit_text
            .as_ref()
            .map(|u| resolve_or_add(&mut roster, &mut names, unit_sheet.is_some(), u, &row, &mut row_ds));
        if let (Some(u), Some(text)) = (&unit, &unit_text) {
            let seen = spellings.entry(u.clone()).or_default();
            if !seen.iter().any(|(s, _)| s == text) {
                seen.push((text.clone(), row.loc("单位")));
            }
        }
        let mut lists = BTreeMap::new();
        let mut list_locs = BTreeMap::new();
        for list in &list_names {
            let Some(text) = row.text(list, &mut row_ds) else { continue };
            match parse_role(&text) {
                Some(role) => {
                    lists.insert(list.clone(), role);
                    list_locs.insert(list.clone(), row.loc(list));
                }
                None if is_no_mark(&text) => {}
                None => row_ds.push(
                    Diagnostic::error("role-invalid", row.loc(list), format!("“{text}”不是有效的名单角色"))
                        .hint("填写 召集人、副召集人、组长、副组长、成员；只需标明是否在名单中时填 是 或 √"),
                ),
            }
        }
        let order = order_cell(&row, "排序", &mut row_ds);
        let mut list_order = BTreeMap::new();
        for (list, col) in list_names.iter().zip(&order_names) {
            if let Some(o) = order_cell(&row, col, &mut row_ds) {
                list_order.insert(list.clone(), o);
            }
        }
        let phone = row.text("电话", &mut row_ds).and_then(|p| match parse_phone(&p) {
            Ok(p) => Some(p),
            Err(e) => {
                row_ds.push(phone_error(&p, e, row.loc("电话")));
                None
            }
        });
        let note = row.text("备注", &mut row_ds);
        let extra = row.extra(&mut row_ds);
        let has_errors = row_ds.has_errors();
        ds.extend(row_ds);
        let (Some(name), Some(unit), Some(title)) = (name, unit, title) else { continue };
        if has_errors {
            continue;
        }
        let location = row.loc("姓名");
        let unit_as_written = unit_text.filter(|u| *u != unit);
        match identities.get(&(name.clone(), unit.clone())).and_then(|i| roster.people.get_mut(*i)) {
            Some(existing) => {
                merge_person(existing, &title, lists, &list_locs, &location, ds);
                for (list, o) in list_order {
                    existing.list_order.entry(list).or_insert(o);
                }
            }
            None => {
                let seq = roster.people.len() + 1;
                identities.insert((name.clone(), unit.clone()), roster.people.len());
                roster.people.push(Person {
                    name,
                    unit,
                    title,
                    lists,
                    order,
                    list_order,
                    seq,
                    phone,
                    note,
                    extra,
                    location,
                    unit_as_written,
                });
            }
        }
    }
    two_spellings(&spellings, ds);
    roster.lists = config.lists.iter().map(|l| member_list(&roster.people, &l.column, l.title.clone())).collect();
    Some(roster)
}

/// One unit written two ways in the people sheet (县文旅局 and its alias 县文化旅游局): the
/// alias resolves, but the annexes would print what the clerk typed, so say it.
fn two_spellings(spellings: &BTreeMap<String, Vec<(String, Location)>>, ds: &mut Diagnostics) {
    for (canonical, seen) in spellings {
        let Some((first, first_loc)) = seen.first() else { continue };
        for (text, loc) in seen.iter().skip(1) {
            ds.push(
                Diagnostic::warning(
                    "unit-two-names",
                    loc.clone(),
                    format!(
                        "单位“{text}”与 {} 的“{first}”是同一单位（“{canonical}”）的两种写法",
                        first_loc.cell.clone().unwrap_or_default()
                    ),
                )
                .hint(format!("统一写成“{canonical}”；本次已按“{canonical}”处理")),
            );
        }
    }
}

/// An optional whole-number cell (排序, 联络员排序).
fn order_cell(row: &sheet::RowRef<'_>, name: &str, ds: &mut Diagnostics) -> Option<u32> {
    let c = row.cell(name);
    if c.is_blank() {
        return None;
    }
    if let Some(d) = sheet::unusable(c, name, || row.loc(name)) {
        ds.push(d);
        return None;
    }
    let o = parse_order(c);
    if o.is_none() {
        ds.push(
            Diagnostic::error("order-invalid", row.loc(name), format!("{name}“{}”不是整数", c.to_text().trim()))
                .hint("填写 1、2、3 这样的整数，或留空按行序排列"),
        );
    }
    o
}

/// A second row for the same identity (姓名, 单位): its list roles join the first row's; the
/// same list twice is the “listed twice” error, a different 职务 a warning.
fn merge_person(
    existing: &mut Person,
    title: &str,
    lists: BTreeMap<String, Role>,
    list_locs: &BTreeMap<String, Location>,
    location: &Location,
    ds: &mut Diagnostics,
) {
    let row_of = |loc: &Location| loc.cell.clone().unwrap_or_default();
    if existing.title != title {
        ds.push(
            Diagnostic::warning(
                "person-title-conflict",
                location.clone(),
                format!(
                    "{}（{}）在 {} 的职务是“{}”，这里是“{}”",
                    existing.name,
                    existing.unit,
                    row_of(&existing.location),
                    existing.title,
                    title
                ),
            )
            .hint("同一人只保留一种职务写法"),
        );
    }
    for (list, role) in lists {
        if let std::collections::btree_map::Entry::Vacant(e) = existing.lists.entry(list.clone()) {
            e.insert(role);
        } else {
            ds.push(
                Diagnostic::error(
                    "list-duplicate",
                    list_locs.get(&list).cloned().unwrap_or_else(|| location.clone()),
                    format!(
                        "{}（{}）在“{}”名单中出现两次（{} 和 {}）",
                        existing.name,
                        existing.unit,
                        list,
                        row_of(&existing.location),
                        row_of(location)
                    ),
                )
                .hint("删除重复的一行，或清空其中一行的该列"),
            );
        }
    }
}

/// Resolve a unit as written against the 单位 sheet; without a sheet every unit is its own
/// canonical name. A unit missing from an existing sheet is a warning and is added.
/// `names` maps every unit name and alias to its canonical name (the loader's index, so a large
/// roster resolves each row in O(log n)).
fn resolve_or_add(
    roster: &mut Roster,
    names: &mut BTreeMap<String, String>,
    has_sheet: bool,
    unit: &str,
    row: &sheet::RowRef<'_>,
    ds: &mut Diagnostics,
) -> String {
    if let Some(c) = names.get(unit) {
        return c.clone();
    }
    let loc = row.loc("单位");
    if has_sheet {
        let mut d = Diagnostic::warning("unit-not-in-sheet", loc.clone(), format!("单位“{unit}”不在“单位”工作表中"));
        if let Some(near) = nearest(unit, roster.unit_names()) {
            d = d.hint(format!("是否为“{}”？", roster.resolve_unit(near).unwrap_or(near)));
        } else {
            d = d.hint("在“单位”工作表中补上该单位");
        }
        ds.push(d);
    }
    roster.units.push(Unit { name: unit.to_string(), aliases: vec![], order: None, declared: false, location: loc });
    names.insert(unit.to_string(), unit.to_string());
    unit.to_string()
}

fn units_from_sheet(t: &Table, ds: &mut Diagnostics) -> Vec<Unit> {
    let Some(header) = sheet::header(t, UNIT_COLUMNS, &[], ds) else { return vec![] };
    let mut units: Vec<Unit> = Vec::new();
    for row in header.rows(t) {
        let Some(name) = row.required("单位", ds).map(|u| clean_unit(&u)) else { continue };
        let aliases: Vec<String> = row.text("别名", ds).map(|a| split_list(&a)).unwrap_or_default();
        let order = parse_order(row.cell("排序"));
        let loc = row.loc("单位");
        if let Some(prev) = units.iter().find(|u| u.name == name || u.aliases.contains(&name)) {
            ds.push(
                Diagnostic::error(
                    "unit-duplicate",
                    loc,
                    format!("单位“{name}”重复（已在 {} 定义）", prev.location.cell.clone().unwrap_or_default()),
                )
                .hint("每个单位只占一行，其他写法填在“别名”列"),
            );
            continue;
        }
        for a in &aliases {
            if let Some(prev) = units.iter().find(|u| &u.name == a || u.aliases.contains(a)) {
                ds.push(
                    Diagnostic::error(
                        "unit-alias-conflict",
                        row.loc("别名"),
                        format!("别名“{a}”已属于单位“{}”", prev.name),
                    )
                    .hint("一个别名只能对应一个单位"),
                );
            }
        }
        let aliases = aliases
            .into_iter()
            .filter(|a| *a != name && !units.iter().any(|u| &u.name == a || u.aliases.contains(a)))
            .collect();
        units.push(Unit { name, aliases, order, declared: true, location: loc });
    }
    units
}

/// The error for a refused phone number.
pub fn phone_error(text: &str, e: PhoneError, loc: Location) -> Diagnostic {
    match e {
        PhoneError::LostLeadingZero => Diagnostic::error("phone-invalid", loc, format!("电话“{text}”少了区号开头的 0"))
            .hint("Excel 把电话当成了数字：把单元格设为“文本”格式后重新输入，如 0356-6209459"),
        PhoneError::Invalid => Diagnostic::error("phone-invalid", loc, format!("电话“{text}”格式不正确"))
            .hint("写成手机号 13812345678 或带区号的座机 0356-6209459"),
    }
}
