//! Test documents for the DOCX writer, built in Rust from the Document IR: a 通用 notice with
//! every element (three pages and more), a 信函 督办函, a 纪要, and an annex-only document with
//! a table and name lists. Wording follows the reference case (陵政办函〔2021〕45号).

#![allow(dead_code)]

use gongwen::ir::*;

fn para(text: &str) -> Block {
    Block::Paragraph(Paragraph { level: None, indent: Indent::FirstLine, spans: vec![Span::text(text)] })
}

fn h1(text: &str) -> Block {
    Block::Paragraph(Paragraph {
        level: Some(1),
        indent: Indent::FirstLine,
        spans: vec![Span::Heading { level: 1, text: text.into() }],
    })
}

fn run_in(level: u8, head: &str, rest: &str) -> Block {
    let mut spans = vec![Span::Heading { level, text: head.into() }];
    if !rest.is_empty() {
        spans.push(Span::text(rest));
    }
    Block::Paragraph(Paragraph { level: Some(level), indent: Indent::FirstLine, spans })
}

fn h2(head: &str, rest: &str) -> Block {
    run_in(2, head, rest)
}

fn date(year: i32, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

fn title(lines: &[&str]) -> Title {
    Title { lines: lines.iter().map(|s| s.to_string()).collect() }
}

fn entry(name: &str, post: &str) -> NameEntry {
    NameEntry { name: name.into(), post: post.into() }
}

const UNITS: &str = "协调机制由县教育局、县委宣传部、县委政法委、县委编办、县发改局、县工信局、县公安局、县民政局、县财政局、县人社局、县住建局、县文旅局、县卫体局、县市场监管局、县行政审批局、县融媒体中心、县税务局、县消防救援大队、县妇联、县人民银行、县银保监组等部门组成，县教育局为牵头单位。";

/// Members of the coordination mechanism (附件2 of the reference).
pub(crate) fn members() -> Vec<NameEntry> {
    vec![
        entry("秦艳军", "县委宣传部副部长"),
        entry("秦宝龙", "县委政法委副书记"),
        entry("崔志亮", "县委编办副主任"),
        entry("段永革", "县发改局二级主任科员"),
        entry("郭文鹤", "县教育局副局长"),
        entry("李俊飞", "县教育局副局长"),
        entry("赵冬冬", "县工信局副局长"),
        entry("王红旗", "县公安局三级高级警长"),
        entry("王\u{3000}刚", "县民政局副局长"),
        entry("冯红卫", "县财政局二级主任科员"),
        entry("杨建国", "县人社局副局长"),
        entry("郭\u{3000}青", "县住建局副局长"),
    ]
}

/// A 通用 notice with every element: 份号, mark, 文号, two-line title, 主送, headings of
/// levels 1 and 2 (run-in), a hanging block, 附件说明, sealed signature, 附注, two 附件 and a
/// full 版记.
pub(crate) fn notice() -> Document {
    let body = vec![
        para(
            "为贯彻落实习近平总书记重要指示批示精神，深入推动全县减轻义务教育阶段学生作业负担和校外培训负担（以下简称“双减”）工作，全面加强对“双减”工作的组织领导和统筹协调，切实强化部门联动，形成工作合力，经县政府同意，建立陵川县“双减”工作专门协调机制。现将有关事项通知如下。",
        ),
        h1("一、指导思想"),
        para(
            "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务，着眼建设高质量教育体系，强化学校教育主阵地作用，深化校外培训机构治理，坚决防止侵害群众利益行为，构建教育良好生态，有效缓解家长焦虑情绪，促进学生全面发展、健康成长。",
        ),
        h1("二、主要职能"),
        h2(
            "（一）深入贯彻落实党中央、国务院和省委省政府、市委市政府、县委县政府关于做好“双减”工作的重大决策部署。",
            "",
        ),
        h2(
            "（二）加强联系与指导，建立信息互通共享机制，研判“双减”工作形势，统筹协调推进“双减”工作，研究解决重大问题，不断完善工作机制，确保如期完成“双减”工作目标任务。",
            "",
        ),
        h1("三、成员单位"),
        para(UNITS),
        para("协调机制办公室设在县教育局，承担协调机制日常工作。协调机制设联络员，由各成员单位有关科室负责同志担任。"),
        h1("四、工作规则"),
        h2(
            "（一）会议决策制度。",
            "协调机制原则上每年召开一次例会，由召集人或者召集人委托的同志主持，必要时可以由召集人临时主持召开全体会议。联络员原则上每半年召开一次例会。",
        ),
        h2(
            "（二）专题研判制度。",
            "协调机制加强对“双减”中的难点热点问题和各类安全维稳隐患研判，作出预警，及时处置，做好通报，防微杜渐。",
        ),
        h2("（三）联合指导制度。", "协调机制可根据工作需要，组织联合工作组，指导、检查工作。"),
        Block::Hanging(Hanging {
            label: "联系人：".into(),
            items: vec![HangingItem {
                marker: None,
                text: "县教育局基础教育股王刚，联系电话0356-6221234，电子邮箱ljxjyj@example.cn".into(),
            }],
        }),
        h1("五、工作要求"),
        para(
            "各成员单位要充分认识“双减”工作的重大意义，提高政治站位；制定本部门工作方案，明确工作职责，做好涉及本部门相关工作；积极研究制定“双减”相关配套政策；认真落实协调机制确定的工作事项，指导各对口部门落实具体工作措施；积极主动参加协调机制各项会议、调研、督查活动，加强沟通、密切配合、相互支持、形成合力，共同做好“双减”工作。",
        ),
    ];
    Document {
        format: Format::Standard,
        meta: Meta {
            title: "关于建立陵川县“双减”工作专门协调机制的通知".into(),
            author: "陵川县人民政府办公室".into(),
            date: Some(date(2021, 12, 13)),
        },
        header: Some(Header {
            copy_number: Some("000001".into()),
            issuer_mark: "陵川县人民政府办公室文件".into(),
            doc_number: Some("陵政办发〔2021〕45号".into()),
            ..Default::default()
        }),
        title: Some(title(&["陵川县人民政府办公室关于建立", "陵川县“双减”工作专门协调机制的通知"])),
        recipients: Some("县直相关单位".into()),
        body,
        attachment_note: Some(Hanging {
            label: "附件：".into(),
            items: vec![
                HangingItem {
                    marker: Some("1.".into()), text: "陵川县“双减”工作专门协调机制成员名单".into()
                },
                HangingItem {
                    marker: Some("2.".into()), text: "陵川县“双减”工作专门协调机制联络员名单".into()
                },
            ],
        }),
        signature: Some(Signature {
            issuers: vec!["陵川县人民政府办公室".into()],
            date: "2021年12月13日".into(),
            sealed: true,
        }),
        note: Some("（此件公开发布）".into()),
        attachments: vec![
            Attachment {
                label: "附件1".into(),
                title: Some(title(&["陵川县“双减”工作专门协调机制成员名单"])),
                blocks: vec![Block::NameList(NameList {
                    style: NameListStyle::Stacked,
                    groups: vec![
                        NameGroup {
                            label: "召集人".into(), entries: vec![entry("秦国平", "县教育局局长")]
                        },
                        NameGroup { label: "成\u{3000}员".into(), entries: members() },
                    ],
                })],
            },
            Attachment {
                label: "附件2".into(),
                title: Some(title(&["陵川县“双减”工作专门协调机制联络员名单"])),
                blocks: vec![liaison_table()],
            },
        ],
        colophon: Some(Colophon {
            recipients: None,
            cc: Some(Hanging {
                label: "抄送：".into(),
                items: vec![HangingItem {
                    marker: None,
                    text:
                        "县委办公室，县人大常委会办公室，县政协办公室，县纪委监委，县法院，县检察院，各乡镇人民政府。"
                            .into(),
                }],
            }),
            printer: Some("陵川县人民政府办公室".into()),
            printed: Some("2021年12月13日印发".into()),
        }),
        ..Default::default()
    }
}

/// The 联络员 table: two columns, no rules.
pub(crate) fn liaison_table() -> Block {
    Block::Table(Table {
        widths: vec![1, 3],
        header: None,
        rows: members().into_iter().map(|e| vec![e.name, e.post]).collect(),
        ruled: false,
    })
}

/// A 信函 督办函 of two pages: long issuer mark (narrowed), 文号 flush right, unsealed
/// signature, 版记 with 抄送 only.
pub(crate) fn letter() -> Document {
    let mut body = vec![para(
        "按《陵川县“双减”工作专门协调机制》要求，校外培训机构专项治理工作应于2021年12月31日前完成。为此，请你单位抓紧做好以下工作：",
    )];
    for (i, t) in [
        "一、对辖区内校外培训机构开展全面排查，逐一建立工作台账，明确责任人和整改时限，确保不留死角。",
        "二、严格落实培训内容备案与监督制度，严禁超标超前培训，严禁非学科类培训机构从事学科类培训。",
        "三、加强培训广告管控，确保主流媒体、新媒体、公共场所、居民区各类广告牌和网络平台等不刊登、不播发校外培训广告。",
        "四、做好家长和学生的宣传引导工作，及时回应社会关切，营造全社会共同关心支持的良好氛围。",
    ]
    .iter()
    .enumerate()
    {
        let (head, rest) = t.split_once('。').map(|(h, r)| (format!("{h}。"), r)).unwrap_or((t.to_string(), ""));
        body.push(run_in(1, &head, rest));
        if i == 1 {
            body.push(para("对检查中发现的问题，要建立问题清单、责任清单和整改清单，实行销号管理，整改一个、销号一个，确保问题整改到位。对整改不力、敷衍塞责的，将按照有关规定严肃追究责任。"));
        }
    }
    body.push(para("请于2022年1月5日前将有关情况报协调机制办公室。"));
    body.push(para("联系人：王刚；联系电话：0356-6221234；电子邮箱：ljxjyj@example.cn。"));
    for _ in 0..3 {
        body.push(para("各成员单位收到督办函后应按规定期限将相关办理情况报协调机制办公室，逾期未报送的，协调机制办公室将进行通报，并纳入年度目标责任考核。"));
    }
    Document {
        format: Format::Letter,
        meta: Meta {
            title: "督办函".into(),
            author: "陵川县“双减”工作专门协调机制办公室".into(),
            date: Some(date(2021, 12, 20)),
        },
        header: Some(Header {
            issuer_mark: "陵川县“双减”工作专门协调机制办公室".into(),
            doc_number: Some("陵双减督〔2021〕1号".into()),
            ..Default::default()
        }),
        title: Some(title(&["督办函"])),
        recipients: Some("县文旅局".into()),
        body,
        signature: Some(Signature {
            issuers: vec!["陵川县“双减”工作专门协调机制办公室".into()],
            date: "2021年12月20日".into(),
            sealed: false,
        }),
        colophon: Some(Colophon {
            cc: Some(Hanging {
                label: "抄送：".into(),
                items: vec![HangingItem { marker: None, text: "县教育局。".into() }],
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A 纪要: mark ending in 纪要, 期号 and 编印 line, attendance blocks, full 版记.
pub(crate) fn minutes() -> Document {
    let names = "秦国平、秦艳军、秦宝龙、崔志亮、段永革、郭文鹤、李俊飞、赵冬冬、王红旗、冯红卫、杨建国、王凤娟、程伟、牛文波、郭俊芬、李成玮、敬玲彤";
    Document {
        format: Format::Minutes,
        meta: Meta {
            title: "陵川县“双减”工作专门协调机制会议纪要".into(),
            author: "陵川县“双减”工作专门协调机制办公室".into(),
            date: Some(date(2021, 12, 24)),
        },
        header: Some(Header {
            issuer_mark: "陵川县“双减”工作协调机制会议纪要".into(),
            doc_number: Some("第1期".into()),
            edition_line: Some(SplitLine {
                left: "陵川县“双减”工作专门协调机制办公室".into(),
                right: "2021年12月24日".into(),
            }),
            ..Default::default()
        }),
        body: vec![
            para(
                "2021年12月22日，县政府副县长吴春梅主持召开陵川县“双减”工作专门协调机制第一次全体会议，听取各成员单位“双减”工作进展情况汇报，研究部署下一阶段重点工作。现将会议议定事项纪要如下。",
            ),
            h1("一、关于校外培训机构专项治理"),
            para(
                "会议要求，县教育局牵头，县市场监管局、县民政局、县行政审批局配合，于2022年1月31日前完成全县校外培训机构全面排查，建立工作台账，对无证无照机构依法取缔。",
            ),
            h1("二、关于课后服务保障"),
            para(
                "会议要求，县财政局、县发改局、县教育局于2022年2月28日前制定学校课后服务经费保障办法，明确相关标准，确保经费筹措到位。",
            ),
            h1("三、关于宣传引导"),
            para("会议要求，县委宣传部、县融媒体中心加强“双减”政策宣传解读，及时回应社会关切，营造良好舆论氛围。"),
        ],
        attendance: vec![
            Hanging { label: "出席：".into(), items: vec![HangingItem { marker: None, text: names.into() }] },
            Hanging {
                label: "请假：".into(),
                items: vec![HangingItem { marker: None, text: "和红印（县人民银行）".into() }],
            },
            Hanging {
                label: "列席：".into(),
                items: vec![HangingItem { marker: None, text: "县政府办公室副主任宋志刚".into() }],
            },
        ],
        colophon: Some(Colophon {
            cc: Some(Hanging {
                label: "抄送：".into(),
                items: vec![HangingItem {
                    marker: None,
                    text: "县委办公室，县人大常委会办公室，县政协办公室。".into(),
                }],
            }),
            printer: Some("陵川县“双减”工作专门协调机制办公室".into()),
            printed: Some("2021年12月24日印发".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The 职责分工 table: ruled, with a header row.
pub(crate) fn duties_table() -> Block {
    let rows = [
        ("1", "健全作业管理机制、分类明确作业总量、提高作业设计质量、加强作业完成指导、科学利用课余时间。", "县教育局"),
        ("2", "保证课后服务时间、提高课后服务质量、拓展课后服务渠道、做强线上学习服务。", "县教育局"),
        (
            "3",
            "校外培训机构不得占用国家法定节假日、休息日及寒暑假组织学科类培训。",
            "县教育局、县市场监管局、县委宣传部",
        ),
        ("4", "聘请在境内的外籍人员要符合国家有关规定，严禁聘请身在境外的外籍人员开展培训活动。", "县教育局、县公安局"),
        ("5", "保障学校课后服务条件。", "县教育局、县财政局"),
    ];
    Block::Table(Table {
        widths: vec![1, 6, 3],
        header: Some(vec!["序号".into(), "任务".into(), "责任单位".into()]),
        rows: rows.iter().map(|(a, b, c)| vec![a.to_string(), b.to_string(), c.to_string()]).collect(),
        ruled: true,
    })
}

/// An annex-only document: the ruled 职责分工 table, stacked and inline name lists, and the
/// 联络员 table.
pub(crate) fn annex() -> Document {
    Document {
        format: Format::Annex,
        meta: Meta {
            title: "陵川县“双减”工作名单".into(),
            author: "陵川县人民政府办公室".into(),
            date: Some(date(2021, 12, 13)),
        },
        attachments: vec![
            Attachment {
                label: "附件1".into(),
                title: Some(title(&["陵川县“双减”工作部门职责分工"])),
                blocks: vec![
                    duties_table(),
                    para(
                        "各责任单位要按照职责分工，明确分管领导和具体责任人，于每月底前将工作进展情况报协调机制办公室。",
                    ),
                ],
            },
            Attachment {
                label: "附件2".into(),
                title: Some(title(&["陵川县“双减”工作专门协调机制", "成员名单"])),
                blocks: vec![Block::NameList(NameList {
                    style: NameListStyle::Stacked,
                    groups: vec![
                        NameGroup {
                            label: "召集人".into(), entries: vec![entry("秦国平", "县教育局局长")]
                        },
                        NameGroup { label: "成\u{3000}员".into(), entries: members() },
                    ],
                })],
            },
            Attachment {
                label: "附件3".into(),
                title: Some(title(&["陵川县“双减”工作专门协调机制", "联络员名单"])),
                blocks: vec![liaison_table()],
            },
            Attachment {
                label: "附件4".into(),
                title: Some(title(&["陵川县“双减”工作监管领导小组", "成员名单"])),
                blocks: vec![
                    Block::NameList(NameList {
                        style: NameListStyle::Inline,
                        groups: vec![
                            NameGroup {
                                label: "组\u{3000}长：".into(),
                                entries: vec![entry("吴春梅", "县政府副县长")],
                            },
                            NameGroup {
                                label: "副组长：".into(),
                                entries: vec![entry("宋志刚", "县政府办公室副主任"), entry("秦国平", "县教育局局长")],
                            },
                            NameGroup {
                                label: "成\u{3000}员：".into(),
                                entries: members().into_iter().take(6).collect(),
                            },
                        ],
                    }),
                    para("领导小组下设办公室，办公室主任由教育局局长秦国平兼任，具体负责“双减”监管工作。"),
                ],
            },
        ],
        ..Default::default()
    }
}

/// All test documents with their file stems.
pub(crate) fn all() -> Vec<(&'static str, Document)> {
    vec![("notice", notice()), ("letter", letter()), ("minutes", minutes()), ("annex", annex())]
}
