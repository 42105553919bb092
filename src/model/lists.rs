//! Member lists: the roles a person holds in each list, and each list grouped and ordered for
//! printing (召集人 first, then 成员; by the list's own order column, 排序, then row order).
//!
//! Input: [`Person`]s of a loaded roster. Output: [`MemberList`]s, part of the template context.
//! Reading role cells is `normalize::parse_role`'s job; printing labels (`成　员`) is compose's.

use super::roster::Person;
use serde::Serialize;
use std::collections::BTreeMap;

/// A role within one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Role {
    /// 召集人 (heads a 协调机制).
    #[serde(rename = "召集人")]
    Convener,
    /// 副召集人.
    #[serde(rename = "副召集人")]
    ViceConvener,
    /// 组长 (heads a 领导小组).
    #[serde(rename = "组长")]
    Leader,
    /// 副组长.
    #[serde(rename = "副组长")]
    DeputyLeader,
    /// 成员.
    #[serde(rename = "成员")]
    Member,
    /// Member of a yes/no list such as 联络员 (cell `是`, `√`, `✓`, `Y`, `1`).
    #[serde(rename = "是")]
    Yes,
}

/// One member list (a roster column), ready to print.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct MemberList {
    /// The column name, e.g. `联络员`.
    pub name: String,
    /// The annex title from `gongwen.toml`, if configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Members grouped by role, groups in role order (召集人, 副召集人, 组长, 副组长, 成员, 是),
    /// members within a group by 排序 then row order.
    pub groups: Vec<RoleGroup>,
}

/// The members of one list holding one role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleGroup {
    /// The role.
    pub role: Role,
    /// The members, in print order.
    pub members: Vec<Member>,
}

/// A person as listed: the fields an annex prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    /// Name (unpadded).
    pub name: String,
    /// Canonical unit.
    pub unit: String,
    /// 职务.
    pub title: String,
}

impl Role {
    /// Print order of role groups within a list: heads first.
    pub fn rank(self) -> u8 {
        self as u8
    }

    /// True for the roles that head a list (召集人, 组长).
    pub fn is_head(self) -> bool {
        matches!(self, Role::Convener | Role::Leader)
    }

    /// The role as written in a roster cell and printed as a group label (unpadded).
    pub fn label(self) -> &'static str {
        match self {
            Role::Convener => "召集人",
            Role::ViceConvener => "副召集人",
            Role::Leader => "组长",
            Role::DeputyLeader => "副组长",
            Role::Member => "成员",
            Role::Yes => "是",
        }
    }
}

/// Group a list's members by role, heads first; within a group by the list's own order column,
/// else 排序, then row order.
pub fn member_list(people: &[Person], name: &str, title: Option<String>) -> MemberList {
    let mut groups: BTreeMap<Role, Vec<&Person>> = BTreeMap::new();
    for p in people {
        if let Some(role) = p.lists.get(name) {
            groups.entry(*role).or_default().push(p);
        }
    }
    let groups = groups
        .into_iter()
        .map(|(role, mut ps)| {
            ps.sort_by_key(|p| (p.list_order.get(name).copied().or(p.order).unwrap_or(u32::MAX), p.seq));
            let members = ps
                .iter()
                .map(|p| Member { name: p.name.clone(), unit: p.unit.clone(), title: p.title.clone() })
                .collect();
            RoleGroup { role, members }
        })
        .collect();
    MemberList { name: name.to_string(), title, groups }
}
