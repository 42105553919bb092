//! Generator of `fixtures/`: the reference case (陵政办函〔2021〕45号) as the spreadsheets a
//! clerk would keep, and `fixtures/bad/` with one defect per file.
//!
//! Run `cargo test --test gen_fixtures -- --ignored` to rebuild them; the files are committed.
//! Workbook properties carry a fixed date so regenerated files are byte-identical.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// One cell to write.
#[derive(Clone)]
enum V {
    S(String),
    N(f64),
    /// An Excel date cell.
    D(u16, u8, u8),
    /// A formula with its cached result.
    F(&'static str, &'static str),
    E,
}

fn s(t: &str) -> V {
    if t.is_empty() { V::E } else { V::S(t.to_string()) }
}

struct Sheet {
    name: &'static str,
    title: Option<&'static str>,
    header: Vec<&'static str>,
    rows: Vec<Vec<V>>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn write_book(path: &Path, sheets: &[Sheet]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2021, 12, 13)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created).set_author("gongwen fixtures"));
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let wrap = Format::new().set_text_wrap();
    let bold = Format::new().set_bold();
    for sh in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sh.name)?;
        let mut r = 0u32;
        if let Some(t) = sh.title {
            let last = sh.header.len().saturating_sub(1).max(1) as u16;
            ws.merge_range(0, 0, 0, last, t, &bold)?;
            r = 1;
        }
        for (c, h) in sh.header.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, *h, &bold)?;
        }
        for row in &sh.rows {
            r += 1;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    V::S(t) if t.contains('\n') => {
                        ws.write_string_with_format(r, c, t, &wrap)?;
                    }
                    V::S(t) => {
                        ws.write_string(r, c, t)?;
                    }
                    V::N(n) => {
                        ws.write_number(r, c, *n)?;
                    }
                    V::D(y, m, d) => {
                        ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d)?, &date)?;
                    }
                    V::F(f, result) => {
                        ws.write_formula(r, c, Formula::new(*f).set_result(*result))?;
                    }
                    V::E => {}
                }
            }
        }
        for c in 0..sh.header.len() as u16 {
            ws.set_column_width(c, 14)?;
        }
    }
    wb.save(path)
}

// ---------------------------------------------------------------- the roster

const ROSTER_HEADER: [&str; 10] =
    ["姓名", "单位", "职务", "协调机制", "联络员", "领导小组", "排序", "联络员排序", "电话", "备注"];

/// (name as typed, unit as typed, title, 协调机制, 联络员, 领导小组, 联络员排序)
type P = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

/// 附件2/3/4 of the reference notice, typed the way a clerk keeps them: one row per person for
/// 协调机制 and 联络员, with the 领导小组 column filled from 附件4 — except that the clerk typed
/// 冯红伟 (附件4's spelling) and 王凤娟 with 县文化旅游局 as separate rows at the bottom.
const PEOPLE: &[P] = &[
    ("吴春梅", "县政府", "副县长", "", "", "组长", ""),
    ("宋志刚", "县政府办公室", "副主任", "", "", "副组长", ""),
    ("秦国平", "县教育局", "局长", "召集人", "", "副组长", ""),
    ("秦艳军", "县委宣传部", "副部长", "成员", "√", "成员", ""),
    ("秦宝龙", "县委政法委", "副书记", "成员", "√", "成员", ""),
    ("崔志亮", "县委编办", "副主任", "成员", "√", "成员", ""),
    ("段永革", "县发改局", "二级主任科员", "成员", "√", "成员", ""),
    ("郭文鹤", "县教育局", "副局长", "成员", "", "成员", ""),
    ("李俊飞", "县教育局", "副局长", "成员", "√", "成员", "1"),
    ("赵冬冬", "县工信局", "副局长", "成员", "√", "成员", ""),
    ("王红旗", "县公安局", "三级高级警长", "成员", "√", "成员", ""),
    ("王　刚", "县民政局", "副局长", "成员", "√", "成员", ""),
    ("冯红卫", "县财政局", "二级主任科员", "成员", "√", "", ""),
    ("杨建国", "县人社局", "副局长", "成员", "√", "成员", ""),
    ("郭　青", "县住建局", "副局长", "成员", "√", "成员", ""),
    ("王凤娟", "县文旅局", "副局长", "成员", "√", "", ""),
    ("程　伟", "县卫体局", "副局长", "成员", "√", "成员", ""),
    ("牛文波", "县市场监管局", "副科级领导", "成员", "√", "成员", ""),
    ("郭俊芬", "县行政审批局", "主任科员", "成员", "√", "成员", ""),
    ("王　刚", "县融媒体中心", "副主任", "成员", "√", "成员", ""),
    ("李成玮", "县税务局", "副局长", "成员", "√", "成员", ""),
    ("敬玲彤", "县消防救援大队", "队长", "成员", "√", "成员", ""),
    ("任爱玲", "县妇联", "主席", "成员", "√", "成员", ""),
    ("和红印", "县人民银行", "副行长", "成员", "√", "成员", ""),
    ("聂万斌", "晋城市银保监分局陵川监管组", "组长", "成员", "√", "成员", ""),
];

/// The 领导小组 rows typed separately (排序 given so they print where 附件4 has them).
const LEADING_GROUP_EXTRA: &[(&str, &str, &str, u32)] =
    &[("冯红伟", "县财政局", "二级主任科员", 13), ("王凤娟", "县文化旅游局", "副局长", 16)];

const UNITS: &[(&str, &str)] = &[
    ("县政府", "县人民政府"),
    ("县政府办公室", "县政府办"),
    ("县教育局", ""),
    ("县委宣传部", ""),
    ("县委政法委", ""),
    ("县委编办", ""),
    ("县发改局", "县发展和改革局"),
    ("县工信局", ""),
    ("县公安局", ""),
    ("县民政局", ""),
    ("县财政局", ""),
    ("县人社局", ""),
    ("县住建局", ""),
    ("县文旅局", "县文化旅游局、县文化和旅游局"),
    ("县卫体局", ""),
    ("县市场监管局", "县市场监督管理局"),
    ("县行政审批局", ""),
    ("县融媒体中心", ""),
    ("县税务局", ""),
    ("县消防救援大队", ""),
    ("县妇联", ""),
    ("县人民银行", ""),
    ("晋城市银保监分局陵川监管组", "县银保监组"),
];

fn people_rows(people: &[P]) -> Vec<Vec<V>> {
    let mut rows: Vec<Vec<V>> = people
        .iter()
        .enumerate()
        .map(|(i, (n, u, t, a, b, c, lo))| {
            vec![s(n), s(u), s(t), s(a), s(b), s(c), V::N(i as f64 + 1.0), s(lo), V::E, V::E]
        })
        .collect();
    rows.push(vec![V::E; 10]);
    for (n, u, t, o) in LEADING_GROUP_EXTRA {
        rows.push(vec![
            s(n),
            s(u),
            s(t),
            V::E,
            V::E,
            s("成员"),
            V::N(f64::from(*o)),
            V::E,
            V::E,
            s("领导小组名单另行录入"),
        ]);
    }
    rows
}

fn unit_sheet() -> Sheet {
    Sheet {
        name: "单位",
        title: None,
        header: vec!["单位", "别名", "排序"],
        rows: UNITS.iter().enumerate().map(|(i, (u, a))| vec![s(u), s(a), V::N(i as f64 + 1.0)]).collect(),
    }
}

fn roster_book(rows: Vec<Vec<V>>) -> Vec<Sheet> {
    vec![
        Sheet {
            name: "人员",
            title: Some("陵川县“双减”工作专门协调机制人员名册"),
            header: ROSTER_HEADER.to_vec(),
            rows,
        },
        unit_sheet(),
    ]
}

// ---------------------------------------------------------------- cases

const CASES_HEADER: [&str; 12] = [
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

const BASIS: &str = "《陵川县“双减”工作部门职责分工》（陵政办函〔2021〕45号）";

fn case_rows() -> Vec<Vec<V>> {
    vec![
        vec![
            s("陵双减督〔2021〕1号"),
            s("县文旅局"),
            s(BASIS),
            s("非学科类校外培训机构分类审批"),
            s("2022年1月31日"),
            s(
                "1.区分体育、文化艺术、科技等类别，制定非学科类培训机构审批标准\n2.依法依规查处未经审批多址开展培训的校外培训机构\n3.建立非学科类培训机构管理台账",
            ),
            s("非学科类校外培训机构审批和查处"),
            s("2022年1月25日"),
            s("郭文鹤"),
            s("0356-6209459"),
            s("799191505@qq.com"),
            V::D(2021, 12, 20),
        ],
        vec![
            s("陵双减督[2021]2号"),
            s("县市场监管局"),
            s(BASIS),
            s("校外培训广告管控"),
            s("2022/2/28"),
            s("全面排查主流媒体、公共场所和网络平台的校外培训广告；依法查处违法违规广告行为；每月报送查处情况"),
            s(""),
            s("2月20日"),
            s("郭文鹤"),
            s("0356-6209459"),
            s("799191505@qq.com"),
            s("2021-12-20"),
        ],
        vec![
            s(""),
            s("县财政局"),
            s(BASIS),
            s("课后服务经费保障"),
            V::D(2022, 2, 28),
            s("一、制定学校课后服务经费保障办法\n二、明确财政补贴和服务性收费标准\n三、确保经费筹措到位"),
            s("课后服务经费保障"),
            s("２０２２．２．２０"),
            s("郭文鹤"),
            s("13935612345"),
            s("799191505@qq.com"),
            V::D(2021, 12, 20),
        ],
        vec![
            s("陵双减督（2021）4号"),
            s("县银保监组"),
            s(BASIS),
            s("校外培训机构预收费风险管控"),
            V::N(44592.0),
            s("（一）督促银行开设预收费资金监管专用账户\n（二）加强对培训领域贷款的监管"),
            s(""),
            s("2022年1月25日"),
            s("郭文鹤"),
            s("0356-6209459"),
            s("799191505@qq.com"),
            V::D(2021, 12, 20),
        ],
    ]
}

fn cases_book(rows: Vec<Vec<V>>) -> Vec<Sheet> {
    vec![Sheet {
        name: "督办事项", title: Some("陵川县“双减”工作督办事项登记表"), header: CASES_HEADER.to_vec(), rows
    }]
}

// ---------------------------------------------------------------- duties (附件1)

const DUTIES: &[(&str, &str)] = &[
    ("健全作业管理机制、分类明确作业总量、提高作业设计数量、加强作业完成指导、科学利用课余时间。", "县教育局"),
    ("保证课后服务时间、提高课后服务质量、拓展课后服务渠道、做强线上学习服务。", "县教育局"),
    (
        "不再审批新的面向义务教育阶段学生的学科类校外培训机构，现有学科类培训机构统一登记为非营利性机构。对已备案的线上学科类培训机构，改为审批制，并全面排查重新办理审批手续。",
        "县教育局、县市场监管局、县民政局、县行政审批局",
    ),
    (
        "对非学科类培训机构，区分体育、文化艺术、科技等类别，分别由体育、文旅、科技等部门主管，分类制定标准严格审批。依法依规严肃查处不具备相应资质条件、未经审批多址开展培训的校外培训机构。",
        "县卫体局、县文旅局、县市场监管局、县教育局",
    ),
    (
        "学科类培训机构一律不得上市融资，严禁资本化运作；上市公司不得通过股票市场融资投资学科类培训机构、不得通过发行股份或支付现金等方式购买学科类培训机构资产；外资不得通过兼并收购、受托经营、加盟连锁、利用可变利益实体等方式控股或参股学科类培训机构。已违规的，要进行清理整治。",
        "县人民银行、县银保监组、县市场监管局、县教育局",
    ),
    (
        "建立培训内容备案与监督制度，制定出台校外培训机构培训材料管理办法。严禁超标超前培训，严禁非学科类培训机构从事学科类培训，严禁提供境外教育课程。依法依规坚决查处超范围培训、培训质量良莠不齐、内容低俗违法、盗版侵权等突出问题。",
        "县教育局、县市场监管局、县委宣传部",
    ),
    ("校外培训机构不得占用国家法定节假日、休息日及寒暑假组织学科类培训。", "县教育局、县市场监管局、县委宣传部"),
    (
        "培训机构不得高薪挖抢学校教师；从事学科类培训的人员必须具备相应教师资格，并将教师资格信息在培训机构场所及网站显著位置公布；不得泄露家长和学生个人信息。全面使用《中小学生校外培训服务合同(示范文本)》。进一步健全常态化排查机制，及时掌握校外培训机构情况及信息，完善“黑白名单”制度。",
        "县教育局、县市场监管局、县委宣传部、县公安局、县发改局",
    ),
    (
        "根据市场需求、培训成本等因素确定义务教育阶段学科类校外培训机构收费项目和标准，向社会公示、接受监督。",
        "县发改局、县市场监管局、县税务局、县教育局",
    ),
    ("严格控制资本过度涌入培训机构，培训机构融资及收费应主要用于培训业务经营。", "县人民银行、县银保监组、县教育局"),
    (
        "坚决禁止为推销业务以虚构原价、虚假折扣、虚假宣传等方式进行不正当竞争，依法依规坚决查处行业垄断行为。",
        "县市场监管局、县教育局",
    ),
    (
        "线上培训要注重保护学生视力，每课时不超过 30 分钟，课程间隔不少于 10 分钟、培训结束时间不晚于 21 点。积极探索利用人工智能技术合理控制学生连续线上培训时间。线上培训机构不得提供和传播“拍照搜题”等惰化学生思维能力、影响学生独立思考、违背教育教学规律的不良学习方法。",
        "县教育局、县委宣传部、县卫体局",
    ),
    ("聘请在境内的外籍人员要符合国家有关规定，严禁聘请身在境外的外籍人员开展培训活动。", "县教育局、县公安局"),
    (
        "依法加强治安管理、联动开展情报信息收集研判和预警预防，指导督促公安派出所依法开展监管范围内校外培训机构的日常消防监督检查，排查“双减”相关风险隐患，做好相关涉稳事件应急处置工作。",
        "县委政法委、县公安局",
    ),
    ("推进义务教育优质均衡发展、提升课堂教学质量、深化高中招生改革、纳入质量评价体系。", "县教育局、县发改局"),
    ("保障学校课后服务条件。", "县教育局、县财政局"),
    (
        "制定学校课后服务经费保障办法，明确相关标准，采取财政补贴、服务性收费或代收费等方式，确保经费筹措到位。",
        "县财政局、县发改局、县教育局",
    ),
    (
        "课后服务经费主要用于参与课后服务教师和相关人员的补助，有关部门在核定绩效工资总量时，应考虑教师参与课后服务的因素，把用于教师课后服务补助的经费额度，作为增量纳入工资并设立相应项目，不作为次年正常核定绩效工资总量的基数；对聘请校外人员提供课后服务的，课后服务补助可按劳务费管理。及时为中小学校补齐补足教师编制。教师参加课后服务的表现应作为职称评聘、表彰奖励和绩效工资分配的重要参考。",
        "县人社局、县教育局、县委编办",
    ),
    (
        "完善家校社协同机制。进一步明晰家校育人责任，密切家校沟通，创新协同方式。推进协同育人共同体建设。办好家长学校或网上家庭教育指导平台，推动社区家庭教育指导中心、服务站点建设，引导家长树立科学育儿观念，理性确定孩子成长预期，努力形成减负共识。",
        "县教育局、县妇联",
    ),
    (
        "切实做好培训广告管控。相关部门要加强校外培训广告管理，确保主流媒体、新媒体、公共场所、居民区各类广告牌和网络平台等不刊登、不播发校外培训广告。不得在中小学校、幼儿园内开展商业广告活动，不得利用中小学和幼儿园的教材、教辅材料、练习册、文具、教具、校服、校车等发布或变相发布广告。依法依规严肃查处各种夸大培训效果、误导公众教育观念、制造家长焦虑的校外培训违法违规广告行为。",
        "县委宣传部、县市场监管局、县融媒体中心、县教育局",
    ),
    (
        "做好房屋建筑工程质量安全监管工作，依法做好教育建筑及校外培训场所工程的建设工程消防设计审查验收工作；指导消防救援机构依法按照“双随机、一公开”监管要求督促校外培训机构加强消防安全管理。",
        "县住建局、县消防救援大队",
    ),
    (
        "坚决压减学科类校外培训，对现有学科类培训机构重新审核登记，逐步压减，解决过多过滥问题；依法依规严肃查处存在不符合资质、管理混乱、借机敛财、虚假宣传、与学校勾连牟利等严重问题的机构。合理利用校内外资源。鼓励有条件的学校在课余时间向学生提供兴趣类课后服务活动，供学生自主选择参加。课后服务不能满足部分学生发展兴趣特长等特殊需要的，可适当引进非学科类校外培训机构参与课后服务，由教育部门负责组织遴选，供学校选择使用，并建立评估退出机制，对出现服务水平低下、恶意在校招揽生源、不按规定提供服务、扰乱学校教育教学和招生秩序等问题的培训机构，坚决取消培训资质。",
        "县教育局、县行政审批局、县市场监管局",
    ),
    (
        "将义务教育阶段学科类校外培训收费纳入政府指导价管理，科学合理确定计价办法，明确收费标准，坚决遏制过高收费和过度逐利行为。",
        "县发改局、县市场监管局、县教育局",
    ),
    (
        "依法组织实施对校外培训机构的税费服务、税务管理和税收执法，指导并监督校外培训机构按规定履行纳税义务。",
        "县税务局",
    ),
    (
        "通过第三方托管、风险储备金等方式，对校外培训机构预收费进行风险管控，加强对培训领域贷款的监管，有效预防“退费难”、“卷钱跑路”等问题发生。",
        "县教育局、县人民银行、县银保监组、县公安局、县市场监管局",
    ),
    (
        "统筹做好面向 3 至 6 岁学龄前儿童和普通高中学生的校外培训治理工作，不得开展面向学龄前儿童的线上培训，严禁以学前班、幼小衔接班、思维训练班等名义面向学龄前儿童开展线下学科类(含外语)培训。不再审批新的面向学龄前儿童的校外培训机构和面向普通高中学生的学科类校外培训机构。",
        "县教育局、县市场监管局、县行政审批局会同相关部门",
    ),
];

fn duties_book(rows: Vec<Vec<V>>) -> Vec<Sheet> {
    vec![Sheet {
        name: "职责分工",
        title: Some("陵川县“双减”工作部门职责分工"),
        header: vec!["序号", "任务", "责任单位"],
        rows,
    }]
}

fn duty_rows() -> Vec<Vec<V>> {
    DUTIES.iter().enumerate().map(|(i, (t, u))| vec![V::N(i as f64 + 1.0), s(t), s(u)]).collect()
}

// ---------------------------------------------------------------- meeting

fn meeting_book(facts: Vec<(&str, V)>, decisions: Vec<Vec<V>>, attendees: Vec<Vec<V>>) -> Vec<Sheet> {
    vec![
        Sheet {
            name: "会议",
            title: None,
            header: vec!["项目", "内容"],
            rows: facts.into_iter().map(|(k, v)| vec![s(k), v]).collect(),
        },
        Sheet {
            name: "议定事项",
            title: None,
            header: vec!["事项", "牵头单位", "配合单位", "完成时限"],
            rows: decisions,
        },
        Sheet {
            name: "参会人员", title: None, header: vec!["姓名", "单位", "职务", "类别"], rows: attendees
        },
    ]
}

fn meeting_facts() -> Vec<(&'static str, V)> {
    vec![
        ("会议名称", s("陵川县“双减”工作专门协调机制第一次全体会议")),
        ("期号", V::N(1.0)),
        ("日期", V::D(2021, 12, 20)),
        ("地点", s("县教育局三楼会议室")),
        ("主持人", s("秦国平")),
        ("印发机关", s("陵川县“双减”工作专门协调机制办公室")),
        ("抄送", s("县委办公室、县人大常委会办公室、县政协办公室")),
    ]
}

fn meeting_decisions() -> Vec<Vec<V>> {
    vec![
        vec![
            s("各成员单位于2022年1月10日前制定本部门“双减”工作方案，报协调机制办公室。"),
            s("县教育局"),
            s("各成员单位"),
            s("2022年1月10日"),
        ],
        vec![
            s("开展校外培训机构专项排查，建立“黑白名单”。"),
            s("县教育局"),
            s("县市场监管局、县公安局"),
            s("2022年1月31日"),
        ],
        vec![s("制定学校课后服务经费保障办法。"), s("县财政局"), s("县发改局、县教育局"), s("2022年2月28日")],
        vec![s("加强校外培训广告管控。"), s("县委宣传部"), s("县市场监管局、县融媒体中心"), s("2022年1月31日")],
    ]
}

fn meeting_attendees() -> Vec<Vec<V>> {
    let present = [
        ("秦国平", "县教育局", "局长"),
        ("秦艳军", "县委宣传部", "副部长"),
        ("秦宝龙", "县委政法委", "副书记"),
        ("段永革", "县发改局", "二级主任科员"),
        ("李俊飞", "县教育局", "副局长"),
        ("王　刚", "县民政局", "副局长"),
        ("冯红卫", "县财政局", "二级主任科员"),
        ("牛文波", "县市场监管局", "副科级领导"),
        ("王　刚", "县融媒体中心", "副主任"),
    ];
    let mut rows: Vec<Vec<V>> = present.iter().map(|(n, u, t)| vec![s(n), s(u), s(t), s("出席")]).collect();
    rows.push(vec![s("郭文鹤"), s("县教育局"), s("副局长"), s("请假")]);
    rows.push(vec![s("宋志刚"), s("县政府办公室"), s("副主任"), s("列席")]);
    rows
}

// ---------------------------------------------------------------- bad inputs

fn bad(name: &str) -> PathBuf {
    fixtures().join("bad").join(name)
}

fn with_cell(mut rows: Vec<Vec<V>>, row: usize, col: usize, v: V) -> Vec<Vec<V>> {
    rows[row][col] = v;
    rows
}

fn write_bad() -> Result<(), XlsxError> {
    let people = || people_rows(PEOPLE);
    let drop_col = |sheets: Vec<Sheet>, col: usize| -> Vec<Sheet> {
        sheets
            .into_iter()
            .map(|mut sh| {
                if sh.name == "人员" {
                    sh.header.remove(col);
                    for r in &mut sh.rows {
                        r.remove(col);
                    }
                }
                sh
            })
            .collect()
    };
    write_book(&bad("名册-缺少单位列.xlsx"), &drop_col(roster_book(people()), 1))?;
    write_book(&bad("名册-单位为空.xlsx"), &roster_book(with_cell(people(), 5, 1, V::E)))?;
    write_book(&bad("名册-电话错误.xlsx"), &roster_book(with_cell(people(), 3, 8, s("0356-620945"))))?;
    write_book(&bad("名册-公式错误.xlsx"), &roster_book(with_cell(people(), 6, 2, V::F("=#REF!", "#REF!"))))?;
    write_book(&bad("名册-角色无效.xlsx"), &roster_book(with_cell(people(), 2, 3, s("召集"))))?;
    let mut dup = people();
    dup.push(vec![s("李成玮"), s("县税务局"), s("副局长"), s("成员"), V::E, V::E, V::E, V::E, V::E, V::E]);
    write_book(&bad("名册-名单重复.xlsx"), &roster_book(dup))?;
    write_book(&bad("名册-空工作簿.xlsx"), &[Sheet { name: "人员", title: None, header: vec![], rows: vec![] }])?;
    std::fs::write(bad("名册-CSV改名.xlsx"), "姓名,单位,职务\n秦国平,县教育局,局长\n").map_err(XlsxError::IoError)?;
    let mut corrupt = b"PK\x03\x04".to_vec();
    corrupt.extend((0..2000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    std::fs::write(bad("名册-文件损坏.xlsx"), corrupt).map_err(XlsxError::IoError)?;
    // A GBK CSV (what Excel on Chinese Windows saves) with one empty 职务.
    let csv = "姓名,单位,职务,协调机制\r\n秦国平,县教育局,局长,召集人\r\n秦艳军,县委宣传部,,成员\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    std::fs::write(bad("名册-职务为空-GBK.csv"), gbk).map_err(XlsxError::IoError)?;

    let cases = case_rows;
    write_book(&bad("督办事项-未知单位.xlsx"), &cases_book(with_cell(cases(), 0, 1, s("县文化局"))))?;
    write_book(&bad("督办事项-日期不存在.xlsx"), &cases_book(with_cell(cases(), 1, 4, s("2022-02-30"))))?;
    write_book(&bad("督办事项-日期无法识别.xlsx"), &cases_book(with_cell(cases(), 0, 7, s("下周一"))))?;
    write_book(&bad("督办事项-邮箱错误.xlsx"), &cases_book(with_cell(cases(), 2, 10, s("799191505@qq"))))?;
    write_book(&bad("督办事项-编号错误.xlsx"), &cases_book(with_cell(cases(), 1, 0, s("陵双减督2021-2号"))))?;
    write_book(&bad("督办事项-时限早于成文日期.xlsx"), &cases_book(with_cell(cases(), 3, 4, s("2021年12月1日"))))?;
    let mut no_req = cases_book(cases());
    no_req[0].header.retain(|h| *h != "工作要求");
    for r in &mut no_req[0].rows {
        r.remove(5);
    }
    write_book(&bad("督办事项-缺少工作要求列.xlsx"), &no_req)?;

    write_book(&bad("职责分工-未知单位.xlsx"), &duties_book(with_cell(duty_rows(), 3, 2, s("县卫体局、县文化局"))))?;
    write_book(&bad("职责分工-公式错误.xlsx"), &duties_book(with_cell(duty_rows(), 5, 1, V::F("=1/0", "#DIV/0!"))))?;
    let mut m = meeting_book(meeting_facts(), meeting_decisions(), meeting_attendees());
    m.remove(0);
    write_book(&bad("会议纪要-缺少会议表.xlsx"), &m)?;
    let mut facts = meeting_facts();
    facts[2].1 = s("下周一");
    write_book(&bad("会议纪要-日期无法识别.xlsx"), &meeting_book(facts, meeting_decisions(), meeting_attendees()))?;
    Ok(())
}

#[test]
#[ignore = "regenerates fixtures/; run with --ignored"]
fn generate_fixtures() -> Result<(), XlsxError> {
    let f = fixtures();
    write_book(&f.join("名册.xlsx"), &roster_book(people_rows(PEOPLE)))?;
    write_book(&f.join("督办事项.xlsx"), &cases_book(case_rows()))?;
    write_book(&f.join("职责分工.xlsx"), &duties_book(duty_rows()))?;
    write_book(&f.join("会议纪要.xlsx"), &meeting_book(meeting_facts(), meeting_decisions(), meeting_attendees()))?;
    // The same roster after a personnel change: 冯红卫 replaced by 张三 (same post).
    let changed: Vec<P> =
        PEOPLE.iter().map(|p| if p.0 == "冯红卫" { ("张三", p.1, p.2, p.3, p.4, p.5, p.6) } else { *p }).collect();
    write_book(&f.join("diff").join("名册-调整后.xlsx"), &roster_book(people_rows(&changed)))?;
    write_bad()
}
