//! Personnel-change report between two rosters (`gongwen diff OLD NEW`).
//!
//! People are matched by identity (姓名, 单位); someone whose name appears once on each side
//! with different units is reported as a unit change rather than one leaving and one joining.
//! For every list, the members removed and added (and role changes) are listed, since those are
//! the annexes that must be regenerated. Input: two [`Roster`]s; output: a [`RosterDiff`]
//! (serialisable for `--json`) and its text rendering. No files are read here.

use super::roster::{Person, Role, Roster};
use serde::Serialize;
use std::collections::BTreeSet;

/// What changed between two rosters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct RosterDiff {
    /// People only in the new roster.
    pub joined: Vec<PersonRef>,
    /// People only in the old roster.
    pub left: Vec<PersonRef>,
    /// Same person, new 职务.
    pub title_changed: Vec<Change>,
    /// Same name (once on each side), new 单位.
    pub unit_changed: Vec<Change>,
    /// Per list (in the new roster's list order), who was removed, added or changed role.
    pub lists: Vec<ListChange>,
}

/// A person in a report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PersonRef {
    /// Name.
    pub name: String,
    /// Canonical unit.
    pub unit: String,
    /// 职务.
    pub title: String,
}

/// One field changed for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Name.
    pub name: String,
    /// Value before.
    pub old: String,
    /// Value after.
    pub new: String,
}

/// The effect on one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListChange {
    /// List (roster column) name.
    pub list: String,
    /// Members no longer listed.
    pub removed: Vec<PersonRef>,
    /// Members newly listed.
    pub added: Vec<PersonRef>,
    /// Members whose role changed: name, old role, new role.
    pub role_changed: Vec<Change>,
    /// Members whose printed post (unit and 职务) changed: name, old post, new post.
    pub post_changed: Vec<Change>,
}

impl RosterDiff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.joined.is_empty()
            && self.left.is_empty()
            && self.title_changed.is_empty()
            && self.unit_changed.is_empty()
            && self.lists.is_empty()
    }
}

fn person_ref(p: &Person) -> PersonRef {
    PersonRef { name: p.name.clone(), unit: p.unit.clone(), title: p.title.clone() }
}

/// Compare two rosters.
pub fn diff(old: &Roster, new: &Roster) -> RosterDiff {
    let mut out = RosterDiff::default();
    let same = |a: &Person, b: &Person| a.name == b.name && a.unit == b.unit;
    let mut old_unmatched: Vec<&Person> =
        old.people.iter().filter(|o| !new.people.iter().any(|n| same(o, n))).collect();
    let mut new_unmatched: Vec<&Person> =
        new.people.iter().filter(|n| !old.people.iter().any(|o| same(o, n))).collect();
    // Someone moving units: the name occurs exactly once among the unmatched on each side.
    let moved: Vec<(String, String, String)> = old_unmatched
        .iter()
        .filter_map(|o| {
            let olds = old_unmatched.iter().filter(|x| x.name == o.name).count();
            let news: Vec<&&Person> = new_unmatched.iter().filter(|x| x.name == o.name).collect();
            match (olds, news.as_slice()) {
                (1, [n]) => Some((o.name.clone(), o.unit.clone(), n.unit.clone())),
                _ => None,
            }
        })
        .collect();
    for (name, old_unit, new_unit) in &moved {
        out.unit_changed.push(Change { name: name.clone(), old: old_unit.clone(), new: new_unit.clone() });
        old_unmatched.retain(|p| !(p.name == *name && p.unit == *old_unit));
        new_unmatched.retain(|p| !(p.name == *name && p.unit == *new_unit));
    }
    out.left = old_unmatched.iter().map(|p| person_ref(p)).collect();
    out.joined = new_unmatched.iter().map(|p| person_ref(p)).collect();
    for n in &new.people {
        let counterpart = old.people.iter().find(|o| same(o, n)).or_else(|| {
            moved
                .iter()
                .find(|(name, _, nu)| *name == n.name && *nu == n.unit)
                .and_then(|(name, ou, _)| old.people.iter().find(|o| o.name == *name && o.unit == *ou))
        });
        if let Some(o) = counterpart
            && o.title != n.title
        {
            out.title_changed.push(Change { name: n.name.clone(), old: o.title.clone(), new: n.title.clone() });
        }
    }
    let mut names: Vec<&str> = new.lists.iter().map(|l| l.name.as_str()).collect();
    for l in &old.lists {
        if !names.contains(&l.name.as_str()) {
            names.push(&l.name);
        }
    }
    for list in names {
        let members = |r: &Roster| -> Vec<(PersonRef, Role)> {
            r.people.iter().filter_map(|p| p.lists.get(list).map(|role| (person_ref(p), *role))).collect()
        };
        let (before, after) = (members(old), members(new));
        // A unit move keeps list membership: compare by name for moved people.
        let key = |p: &PersonRef| {
            if moved.iter().any(|(n, _, _)| *n == p.name) {
                (p.name.clone(), String::new())
            } else {
                (p.name.clone(), p.unit.clone())
            }
        };
        let before_keys: BTreeSet<_> = before.iter().map(|(p, _)| key(p)).collect();
        let after_keys: BTreeSet<_> = after.iter().map(|(p, _)| key(p)).collect();
        let removed: Vec<PersonRef> =
            before.iter().filter(|(p, _)| !after_keys.contains(&key(p))).map(|(p, _)| p.clone()).collect();
        let added: Vec<PersonRef> =
            after.iter().filter(|(p, _)| !before_keys.contains(&key(p))).map(|(p, _)| p.clone()).collect();
        let role_changed: Vec<Change> = after
            .iter()
            .filter_map(|(p, r)| {
                let (_, old_role) = before.iter().find(|(q, _)| key(q) == key(p))?;
                (old_role != r).then(|| Change {
                    name: p.name.clone(),
                    old: old_role.label().into(),
                    new: r.label().into(),
                })
            })
            .collect();
        let post = |p: &PersonRef| format!("{}{}", p.unit, p.title);
        let post_changed: Vec<Change> = after
            .iter()
            .filter_map(|(p, _)| {
                let (q, _) = before.iter().find(|(q, _)| key(q) == key(p))?;
                (post(q) != post(p)).then(|| Change { name: p.name.clone(), old: post(q), new: post(p) })
            })
            .collect();
        if !removed.is_empty() || !added.is_empty() || !role_changed.is_empty() || !post_changed.is_empty() {
            out.lists.push(ListChange { list: list.to_string(), removed, added, role_changed, post_changed });
        }
    }
    out
}

/// The report as text for a clerk, one line per change — `离开：冯红卫（县财政局 二级主任科员）`,
/// `联络员名单：−冯红卫 +张三` — and last the annexes to regenerate.
pub fn render(d: &RosterDiff, old: &Roster, new: &Roster) -> String {
    if d.is_empty() {
        return "两份名册的人员和名单没有差别\n".into();
    }
    // A name is shown with its unit when it is ambiguous in either roster (the two 王刚).
    let ambiguous = |name: &str| old.people_named(name).count() > 1 || new.people_named(name).count() > 1;
    let short = |p: &PersonRef| if ambiguous(&p.name) { format!("{}（{}）", p.name, p.unit) } else { p.name.clone() };
    let mut s = String::new();
    for p in &d.joined {
        s.push_str(&format!("加入：{}（{} {}）\n", p.name, p.unit, p.title));
    }
    for p in &d.left {
        s.push_str(&format!("离开：{}（{} {}）\n", p.name, p.unit, p.title));
    }
    for c in &d.title_changed {
        s.push_str(&format!("职务变动：{}  {} → {}\n", c.name, c.old, c.new));
    }
    for c in &d.unit_changed {
        s.push_str(&format!("单位变动：{}  {} → {}\n", c.name, c.old, c.new));
    }
    for l in &d.lists {
        let mut parts: Vec<String> = l.removed.iter().map(|p| format!("−{}", short(p))).collect();
        parts.extend(l.added.iter().map(|p| format!("+{}", short(p))));
        parts.extend(l.role_changed.iter().map(|c| format!("{} {}→{}", c.name, c.old, c.new)));
        parts.extend(l.post_changed.iter().map(|c| format!("{} {}→{}", c.name, c.old, c.new)));
        s.push_str(&format!("{}名单：{}\n", l.list, parts.join(" ")));
    }
    if !d.lists.is_empty() {
        let titles: Vec<String> = d
            .lists
            .iter()
            .map(|l| {
                new.list(&l.list)
                    .or(old.list(&l.list))
                    .and_then(|m| m.title.clone())
                    .unwrap_or(format!("{}名单", l.list))
            })
            .collect();
        s.push_str(&format!("需要重新生成：{}\n", titles.join("、")));
    }
    s
}
