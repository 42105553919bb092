//! Sample documents for the layout tests, built in Rust from the reference notice
//! (陵政办函〔2021〕45号) so every element of GB/T 9704 appears at least once.

#![allow(dead_code)]

pub(crate) mod frames;

use gongwen::ir::*;

/// The columns of a case sheet (`督办事项`), in the order the fixtures write them.
pub(crate) const CASES_HEADER: [&str; 12] = [
    "编号",
    "主送单位",
    "督办依据",
    "督办事项",
    "完成时限",
    "工作要求",
    "报送事项",
    "报送时限",
    "联系人",
    "联系电话",
    "电子邮箱",
    "成文日期",
];

pub(crate) fn text(s: &str) -> Span {
    Span::text(s)
}

pub(crate) fn para(s: &str) -> Block {
    Block::Paragraph(Paragraph { level: None, indent: Indent::FirstLine, spans: vec![text(s)] })
}

pub(crate) fn h1(s: &str) -> Block {
    Block::Paragraph(Paragraph {
        level: Some(1),
        indent: Indent::FirstLine,
        spans: vec![Span::Heading { level: 1, text: s.into() }],
    })
}

pub(crate) fn h2(head: &str, rest: &str) -> Block {
    Block::Paragraph(Paragraph {
        level: Some(2),
        indent: Indent::FirstLine,
        spans: vec![Span::Heading { level: 2, text: head.into() }, text(rest)],
    })
}

pub(crate) fn date() -> Date {
    Date { year: 2021, month: 12, day: 13 }
}

pub(crate) const P1: &str = "为贯彻落实习近平总书记重要指示批示精神，深入推动全县减轻义务教育阶段学生作业负担和校外培训负担（以下简称“双减”）工作，全面加强对“双减”工作的组织领导和统筹协调，切实强化部门联动，形成工作合力，经县政府同意，建立了陵川县“双减”工作专门协调机制。请你们按照通知要求，认真贯彻执行。";
pub(crate) const P2: &str = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务，着眼建设高质量教育体系，强化学校教育主阵地作用，深化校外培训机构治理，坚决防止侵害群众利益行为，构建教育良好生态，有效缓解家长焦虑情绪，促进学生全面发展、健康成长。";
pub(crate) const P3: &str = "协调机制原则上每年召开一次例会，由召集人或者召集人委托的同志主持，必要时可以由召集人临时主持召开全体会议。联络员原则上每半年召开一次例会。必要时经协调机制召集人同意，可临时召开联络员会议。协调机制议定的事项，经与会单位同意后以纪要形式印发有关单位执行。";
pub(crate) const P4: &str = "各成员单位要充分认识“双减”工作的重大意义，提高政治站位；制定本部门工作方案，明确工作职责，做好涉及本部门相关工作；积极研究制定“双减”相关配套政策；认真落实协调机制确定的工作事项，指导各对口部门落实具体工作措施；积极主动参加协调机制各项会议、调研、督查活动，加强沟通、密切配合、相互支持、形成合力，共同做好“双减”工作。";

fn header(mark: &str, number: &str) -> Header {
    Header { issuer_mark: mark.into(), doc_number: Some(number.into()), ..Default::default() }
}

fn title(lines: &[&str]) -> Title {
    Title { lines: lines.iter().map(|s| s.to_string()).collect() }
}

fn meta(t: &str) -> Meta {
    Meta { title: t.into(), author: "陵川县人民政府办公室".into(), date: Some(date()) }
}

fn names() -> Vec<NameEntry> {
    [
        ("秦艳军", "县委宣传部副部长"),
        ("秦宝龙", "县委政法委副书记"),
        ("崔志亮", "县委编办副主任"),
        ("段永革", "县发改局二级主任科员"),
        ("王　刚", "县民政局副局长"),
        ("聂万斌", "晋城市银保监分局陵川监管组组长"),
    ]
    .iter()
    .map(|(n, p)| NameEntry { name: n.to_string(), post: p.to_string() })
    .collect()
}

fn attachment_note() -> Hanging {
    Hanging {
        label: "附件：".into(),
        items: vec![
            HangingItem { marker: Some("1.".into()), text: "陵川县“双减”工作部门职责分工".into() },
            HangingItem {
                marker: Some("2.".into()),
                text: "陵川县“双减”工作专门协调机制成员名单及联络员名单（含各成员单位分管负责同志和科室负责同志）"
                    .into(),
            },
        ],
    }
}

/// A long 通用 notice: header, title, 主送, headings, paragraphs, table, 附件说明, sealed
/// signature, 附注, two attachments, 版记. At least three pages.
pub(crate) fn notice() -> Document {
    let mut body = vec![
        para(P1),
        para("请认真贯彻执行。"),
        h1("一、指导思想"),
        para(P2),
        h1("二、工作规则"),
        h2("（一）会议决策制度。", P3),
    ];
    for _ in 0..3 {
        body.push(h2("（二）专题研判制度。", P2));
        body.push(para(P4));
    }
    body.push(Block::Paragraph(Paragraph {
        level: Some(3),
        indent: Indent::FirstLine,
        spans: vec![Span::Heading { level: 3, text: "1.".into() }, text("联络员会议每半年召开一次。")],
    }));
    Document {
        format: Format::Standard,
        meta: meta("陵川县人民政府关于建立陵川县“双减”工作专门协调机制的通知"),
        header: Some(Header {
            copy_number: Some("000001".into()),
            ..header("陵川县人民政府文件", "陵政发〔2021〕45号")
        }),
        title: Some(title(&["陵川县人民政府关于建立", "陵川县“双减”工作专门协调机制的通知"])),
        recipients: Some("各乡镇人民政府，县直各有关单位".into()),
        body,
        attachment_note: Some(attachment_note()),
        signature: Some(Signature { issuers: vec!["陵川县人民政府".into()], date: date().long(), sealed: true }),
        note: Some("（此件公开发布）".into()),
        attachments: vec![
            Attachment {
                label: "附件1".into(),
                title: Some(title(&["陵川县“双减”工作部门职责分工"])),
                // A ruled table well above the 版记: the conform checker takes long rules within
                // 40 mm of the 抄送 line for 版记 rules.
                blocks: vec![
                    para(P3),
                    Block::Table(Table {
                        widths: vec![1, 3],
                        header: Some(vec!["姓名".into(), "单位及职务".into()]),
                        rows: names().into_iter().map(|n| vec![n.name, n.post]).collect(),
                        ruled: true,
                    }),
                    para(P4),
                ],
            },
            Attachment {
                label: "附件2".into(),
                title: Some(title(&["陵川县“双减”工作专门协调机制成员名单"])),
                blocks: vec![Block::NameList(NameList {
                    style: NameListStyle::Stacked,
                    groups: vec![
                        NameGroup {
                            label: "召集人".into(),
                            entries: vec![NameEntry { name: "秦国平".into(), post: "县教育局局长".into() }],
                        },
                        NameGroup { label: "成　员".into(), entries: names() },
                    ],
                })],
            },
        ],
        colophon: Some(Colophon {
            recipients: None,
            cc: Some(Hanging {
                label: "抄送：".into(),
                items: vec![HangingItem {
                    marker: None,
                    text: "县委办公室，县人大常委会办公室，县政协办公室。".into(),
                }],
            }),
            printer: Some("陵川县人民政府办公室".into()),
            printed: Some(format!("{}印发", date().long())),
        }),
        ..Default::default()
    }
}

/// A one-page 信函 like the reference: mark, double lines, 文号 on the right, unsealed
/// signature, 附注, 抄送 only.
pub(crate) fn letter() -> Document {
    Document {
        format: Format::Letter,
        meta: meta("陵川县人民政府办公室关于建立陵川县“双减”工作专门协调机制的通知"),
        header: Some(header("陵川县人民政府办公室", "陵政办函〔2021〕45号")),
        title: Some(title(&["陵川县人民政府办公室关于建立", "陵川县“双减”工作专门协调机制的通知"])),
        recipients: Some("县直相关单位".into()),
        // One short closing line makes the body fill page 1 exactly (the 7.3.5.5 test relies on it).
        body: vec![para(P1), para("请认真贯彻执行。"), para(P3)],
        signature: Some(Signature {
            issuers: vec!["陵川县人民政府办公室".into()], date: date().long(), sealed: false
        }),
        note: Some("（此件公开发布）".into()),
        ..Default::default()
    }
}

/// The letter with a 抄送 (信函 keeps no 版记 rules and no 印发 line, 10.1).
pub(crate) fn letter_with_cc() -> Document {
    let mut doc = letter();
    doc.colophon = Some(Colophon {
        cc: Some(Hanging {
            label: "抄送：".into(),
            items: vec![HangingItem { marker: None, text: "县委办公室。".into() }],
        }),
        printer: Some("陵川县人民政府办公室".into()),
        printed: Some(format!("{}印发", date().long())),
        ..Default::default()
    });
    doc
}

/// A 纪要 with 期号 and attendance.
pub(crate) fn minutes() -> Document {
    Document {
        format: Format::Minutes,
        meta: meta("陵川县“双减”工作专门协调机制会议纪要"),
        header: Some(Header {
            edition_line: Some(SplitLine { left: "陵川县“双减”工作专门协调机制办公室".into(), right: date().long() }),
            ..header("陵川县“双减”工作协调机制会议纪要", "第3期")
        }),
        body: vec![para(P1), h1("一、会议议定事项"), para(P3), para(P4)],
        attendance: vec![
            Hanging {
                label: "出席：".into(),
                items: vec![HangingItem {
                    marker: None,
                    text: "秦国平（县教育局）、秦艳军（县委宣传部）、秦宝龙（县委政法委）、崔志亮（县委编办）、段永革（县发改局）、王红旗（县公安局）".into(),
                }],
            },
            Hanging {
                label: "请假：".into(),
                items: vec![HangingItem { marker: None, text: "王　刚（县民政局）".into() }],
            },
        ],
        colophon: Some(Colophon {
            cc: Some(Hanging {
                label: "抄送：".into(),
                items: vec![HangingItem { marker: None, text: "县委办公室，县政府办公室。".into() }],
            }),
            printer: Some("陵川县“双减”工作专门协调机制办公室".into()),
            printed: Some(format!("{}印发", date().long())),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A stand-alone annex: 附件3 with an inline-label name list.
pub(crate) fn annex() -> Document {
    let mut groups = vec![NameGroup {
        label: "组　长：".into(),
        entries: vec![NameEntry { name: "吴春梅".into(), post: "县政府副县长".into() }],
    }];
    groups.push(NameGroup { label: "成　员：".into(), entries: names() });
    Document {
        format: Format::Annex,
        meta: meta("陵川县“双减”工作监管领导小组成员名单"),
        attachments: vec![Attachment {
            label: "附件3".into(),
            title: Some(title(&["陵川县“双减”工作监管领导小组成员名单"])),
            blocks: vec![Block::NameList(NameList { style: NameListStyle::Inline, groups }), para(P2), para(P4)],
        }],
        ..Default::default()
    }
}

/// The reference notice as the demo builds it: a 信函 with the 方案 as an enclosure, the
/// 附件说明 after it, the 职责分工 annex, the 联络员 list as an unruled table and the 督办函
/// form with its blanks.
pub(crate) fn reference() -> Document {
    let mut doc = letter();
    doc.body = vec![para(P1)];
    doc.enclosure = Some(Enclosure {
        title: title(&["陵川县“双减”工作专门协调机制"]),
        blocks: vec![
            h1("一、指导思想"),
            para(P2),
            h1("二、工作规则"),
            h2("（一）会议决策制度。", P3),
            h2("（二）专题研判制度。", P4),
            h1("三、工作要求"),
            para(P4),
        ],
    });
    doc.attachment_note = Some(attachment_note());
    let blank = |w: u8| Span::Blank { width: w };
    doc.attachments = vec![
        Attachment {
            label: "附件1".into(),
            title: Some(title(&["陵川县“双减”工作部门职责分工"])),
            blocks: vec![para(P3)],
        },
        Attachment {
            label: "附件2".into(),
            title: Some(title(&["陵川县“双减”工作专门协调机制联络员名单"])),
            blocks: vec![Block::Table(Table {
                widths: vec![1, 3],
                header: None,
                rows: names().into_iter().map(|n| vec![n.name, n.post]).collect(),
                ruled: false,
            })],
        },
        Attachment {
            label: "附件5".into(),
            title: Some(title(&["督　办　函"])),
            blocks: vec![
                Block::Paragraph(Paragraph { level: None, indent: Indent::None, spans: vec![blank(6), text("：")] }),
                Block::Paragraph(Paragraph {
                    level: None,
                    indent: Indent::FirstLine,
                    spans: vec![
                        text("按"),
                        blank(6),
                        text("要求，"),
                        blank(6),
                        text("工作应于"),
                        blank(2),
                        text("月"),
                        blank(2),
                        text("日完成。为此，请你单位抓紧做好以下工作："),
                    ],
                }),
                h1("一、"),
                h1("二、"),
                Block::Centered(vec![text("（此页无正文）")]),
                Block::Right(vec![text("联系人："), blank(4)]),
            ],
        },
    ];
    doc
}
