//! Member lists as IR blocks, and the `@名单` includes of a document filled from the roster.
//!
//! The body-text format has no syntax for a name list on purpose: lists come from the roster,
//! never from typed text, through an `@名单 列名` line. This module turns a
//! [`MemberList`] into the block GB/T-style annexes use — a stacked [`NameList`] for
//! 召集人／成员 lists (reference 附件2), an inline one for 组长／副组长／成员 (附件4), a
//! two-column table for yes/no lists such as 联络员 (附件3) — with two-character names and
//! labels padded (王　刚, 成　员). It knows no templates; `compose` renders the text around.

use super::filters::pad_name_str;
use crate::ir::{Block, NameEntry, NameGroup, NameList, NameListStyle, Table};
use crate::model::{MemberList, Role};

/// Relative column widths of a yes/no list table: name, then unit and title. The table is
/// unruled and set in body size on the grid, as 附件3 of the reference prints it: a list laid out
/// in two columns, not a data table.
const TABLE_WIDTHS: [u16; 2] = [2, 5];

/// The block for a list.
pub fn list_block(list: &MemberList) -> Block {
    if list.groups.iter().all(|g| g.role == Role::Yes) {
        let rows = list
            .groups
            .iter()
            .flat_map(|g| &g.members)
            .map(|m| vec![pad_name_str(&m.name), format!("{}{}", m.unit, m.title)])
            .collect();
        return Block::Table(Table { widths: TABLE_WIDTHS.to_vec(), header: None, rows, ruled: false });
    }
    let inline = list.groups.iter().any(|g| matches!(g.role, Role::Leader | Role::DeputyLeader));
    let groups = list
        .groups
        .iter()
        .map(|g| NameGroup {
            label: role_label(g.role, inline),
            entries: g
                .members
                .iter()
                .map(|m| NameEntry { name: pad_name_str(&m.name), post: format!("{}{}", m.unit, m.title) })
                .collect(),
        })
        .collect();
    Block::NameList(NameList { style: if inline { NameListStyle::Inline } else { NameListStyle::Stacked }, groups })
}

/// `成　员` (stacked) or `成　员：` (inline): two-character labels padded to three like names.
fn role_label(role: Role, inline: bool) -> String {
    let label = match role {
        Role::Yes => Role::Member.label(),
        r => r.label(),
    };
    let padded = pad_name_str(label);
    if inline { format!("{padded}：") } else { padded }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Member, RoleGroup};

    fn member(name: &str, unit: &str, title: &str) -> Member {
        Member { name: name.into(), unit: unit.into(), title: title.into() }
    }

    #[test]
    fn convener_lists_are_stacked_with_padded_labels_and_names() {
        let list = MemberList {
            name: "协调机制".into(),
            title: None,
            groups: vec![
                RoleGroup { role: Role::Convener, members: vec![member("秦国平", "县教育局", "局长")] },
                RoleGroup { role: Role::Member, members: vec![member("王刚", "县民政局", "副局长")] },
            ],
        };
        let Block::NameList(l) = list_block(&list) else { panic!("not a name list") };
        assert_eq!(l.style, NameListStyle::Stacked);
        assert_eq!(l.groups[0].label, "召集人");
        assert_eq!(l.groups[1].label, "成\u{3000}员");
        assert_eq!(l.groups[1].entries[0], NameEntry { name: "王\u{3000}刚".into(), post: "县民政局副局长".into() });
    }

    #[test]
    fn leader_lists_are_inline_with_colons() {
        let list = MemberList {
            name: "领导小组".into(),
            title: None,
            groups: vec![
                RoleGroup { role: Role::Leader, members: vec![member("吴春梅", "县政府", "副县长")] },
                RoleGroup {
                    role: Role::DeputyLeader, members: vec![member("宋志刚", "县政府办公室", "副主任")]
                },
            ],
        };
        let Block::NameList(l) = list_block(&list) else { panic!("not a name list") };
        assert_eq!(l.style, NameListStyle::Inline);
        assert_eq!(l.groups.iter().map(|g| g.label.as_str()).collect::<Vec<_>>(), ["组\u{3000}长：", "副组长："]);
    }

    #[test]
    fn yes_no_lists_are_two_column_tables() {
        let list = MemberList {
            name: "联络员".into(),
            title: None,
            groups: vec![RoleGroup { role: Role::Yes, members: vec![member("郭青", "县住建局", "副局长")] }],
        };
        let Block::Table(t) = list_block(&list) else { panic!("not a table") };
        assert_eq!(t.rows, vec![vec!["郭\u{3000}青".to_string(), "县住建局副局长".to_string()]]);
    }
}
