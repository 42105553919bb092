//! Cross-record and cross-file checks: what a single row cannot tell.
//!
//! Probable typos between people (冯红卫 / 冯红伟: same unit and 职务, one character apart),
//! one unit under two names (县文旅局 / 县文化旅游局), lists without a head, units named by
//! the duties or the meeting that the roster lacks, attendees the roster does not know. Two
//! people with the same name in different units (the two 王刚) are two people and never
//! flagged: identity is (姓名, 单位). Input: a loaded [`Workspace`]; output: diagnostics only.

use super::Workspace;
use super::roster::{Role, Roster};
use crate::diag::{Diagnostic, Diagnostics, edit_distance, is_abbreviation, nearest};
use std::collections::BTreeMap;

/// Run every lint over what the workspace holds.
pub fn lint(ws: &Workspace) -> Diagnostics {
    let mut ds = Diagnostics::new();
    let Some(roster) = &ws.roster else { return ds };
    near_duplicate_people(roster, &mut ds);
    similar_units(roster, &mut ds);
    list_heads(roster, &mut ds);
    if let Some(duties) = &ws.duties {
        for duty in &duties.items {
            for unit in duty.units.iter().filter(|u| !is_collective(u)) {
                if roster.resolve_unit(unit).is_none() {
                    ds.push(roster.unknown_unit(unit, "责任单位", duty.units_location.clone()));
                }
            }
        }
    }
    if let Some(m) = &ws.meeting {
        for d in &m.decisions {
            for (units, loc) in [&d.lead, &d.partners].into_iter().zip(&d.unit_locations) {
                for unit in units.iter().filter(|u| !is_collective(u)) {
                    if roster.resolve_unit(unit).is_none() {
                        ds.push(roster.unknown_unit(unit, "单位", loc.clone()));
                    }
                }
            }
        }
        for a in &m.attendees {
            let named: Vec<_> = roster.people_named(&a.name).collect();
            let unit = roster.resolve_unit(&a.unit).unwrap_or(&a.unit);
            if named.is_empty() {
                let mut d = Diagnostic::warning(
                    "attendee-unknown",
                    a.location.clone(),
                    format!("参会人员“{}”不在名册中", a.name),
                );
                let same_unit = roster.people.iter().filter(|p| p.unit == unit).map(|p| p.name.as_str());
                if let Some(near) = nearest(&a.name, same_unit) {
                    d = d.hint(format!("是否为“{near}”？"));
                }
                ds.push(d);
            } else if !named.iter().any(|p| p.unit == unit) {
                let units: Vec<&str> = named.iter().map(|p| p.unit.as_str()).collect();
                ds.push(
                    Diagnostic::warning(
                        "attendee-unit-mismatch",
                        a.location.clone(),
                        format!("参会人员{}的单位写作“{}”，名册中是“{}”", a.name, a.unit, units.join("”或“")),
                    )
                    .hint("核对单位，或先更新名册"),
                );
            }
        }
    }
    ds
}

/// Collective terms that name no single unit (`各成员单位`), accepted wherever units are listed.
pub const COLLECTIVE_UNITS: &[&str] =
    &["各成员单位", "各相关单位", "各有关单位", "各单位", "相关部门", "有关部门", "相关单位", "有关单位"];

fn is_collective(unit: &str) -> bool {
    COLLECTIVE_UNITS.contains(&unit)
}

/// Same unit, same 职务, same name length, one character apart: most likely one person typed
/// twice. Only people sharing unit and title are compared, so this stays linear-ish on big
/// rosters.
fn near_duplicate_people(roster: &Roster, ds: &mut Diagnostics) {
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, p) in roster.people.iter().enumerate() {
        groups.entry((p.unit.as_str(), p.title.as_str())).or_default().push(i);
    }
    for idx in groups.values() {
        for (k, &i) in idx.iter().enumerate() {
            for &j in idx.iter().skip(k + 1) {
                let (a, b) = (&roster.people[i], &roster.people[j]);
                if a.name.chars().count() == b.name.chars().count() && edit_distance(&a.name, &b.name) == 1 {
                    ds.push(
                        Diagnostic::warning(
                            "person-near-duplicate",
                            b.location.clone(),
                            format!(
                                "“{}”与 {} 的“{}”单位、职务相同（{} {}），姓名只差一个字，可能是同一人",
                                b.name,
                                a.location.cell.clone().unwrap_or_default(),
                                a.name,
                                a.unit,
                                a.title
                            ),
                        )
                        .hint(format!(
                            "如果是同一人，请统一姓名（“{}”或“{}”）并合并为一行；如果确是两人，可忽略本提示",
                            a.name, b.name
                        )),
                    );
                }
            }
        }
    }
}

/// Without aliases on record, a unit name that abbreviates another with the same first and
/// last character (县文旅局 ⊂ 县文化旅游局) is probably the same unit under two names. Units
/// the `单位` sheet declares are distinct by the clerk's word, so pairs of them are skipped;
/// so are pairs that differ only by numerals (县第1中学 / 县第10中学 are two schools).
fn similar_units(roster: &Roster, ds: &mut Diagnostics) {
    let numerals =
        |s: &str| s.chars().filter(|c| !c.is_ascii_digit() && !"一二三四五六七八九十".contains(*c)).collect::<String>();
    for a in &roster.units {
        for b in roster.units.iter().filter(|b| !(a.declared && b.declared)) {
            let same_ends =
                a.name.chars().next() == b.name.chars().next() && a.name.chars().last() == b.name.chars().last();
            if same_ends && is_abbreviation(&a.name, &b.name) && numerals(&a.name) != numerals(&b.name) {
                ds.push(
                    Diagnostic::warning(
                        "unit-two-names",
                        b.location.clone(),
                        format!("单位“{}”和“{}”可能是同一单位的两种写法", b.name, a.name),
                    )
                    .hint(format!(
                        "如果是同一单位，请统一写法，或在“单位”工作表中把“{}”列为“{}”的别名",
                        b.name, a.name
                    )),
                );
            }
        }
    }
}

/// A list that has roles (not a yes/no list) needs a 召集人 or 组长; an empty list is reported.
fn list_heads(roster: &Roster, ds: &mut Diagnostics) {
    for list in &roster.lists {
        let roles: Vec<Role> = list.groups.iter().map(|g| g.role).collect();
        let loc = roster.people.first().map(|p| p.location.clone()).unwrap_or_default();
        let loc = crate::diag::Location { cell: None, line: None, column: None, ..loc };
        if roles.is_empty() {
            ds.push(
                Diagnostic::warning("list-empty", loc, format!("“{}”名单没有任何人", list.name))
                    .hint(format!("在“{}”列中为名单成员填写角色", list.name)),
            );
        } else if roles.iter().any(|r| *r != Role::Yes) && !roles.iter().any(|r| r.is_head()) {
            ds.push(
                Diagnostic::warning("list-no-head", loc, format!("“{}”名单没有召集人或组长", list.name))
                    .hint(format!("在“{}”列中为负责人填写 召集人 或 组长", list.name)),
            );
        }
    }
}
