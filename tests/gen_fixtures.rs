//! Generator of `fixtures/`: the reference case (陵政办函〔2021〕45号) as the spreadsheets a
//! clerk would keep, and `fixtures/bad/` with one defect per file.
//!
//! Run `cargo test --test gen_fixtures -- --ignored` to rebuild them; the files are committed.
//! Workbook properties carry a fixed date so regenerated files are byte-identical.

mod common;

mod reference;

use reference::{DUTIES, LEADING_GROUP_EXTRA, P, PEOPLE, UNITS};
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
        for (c, h) in sh.header.iter().enumerate() {
            ws.set_column_width(c as u16, 14)?;
            // Clerks hide helper columns; hidden columns are read like any other.
            if h.ends_with("排序") && h.len() > "排序".len() {
                ws.set_column_hidden(c as u16)?;
            }
        }
    }
    wb.save(path)
}

// ---------------------------------------------------------------- the roster

const ROSTER_HEADER: [&str; 10] =
    ["姓名", "单位", "职务", "协调机制", "联络员", "领导小组", "排序", "联络员排序", "电话", "备注"];

fn people_rows(people: &[P]) -> Vec<Vec<V>> {
    let mut rows: Vec<Vec<V>> = people
        .iter()
        .enumerate()
        .map(|(i, (n, u, t, a, b, c, lo))| {
            // One 排序 is a formula (its cached result is what counts), as in real rosters.
            let order = if i == 1 { V::F("=ROW()-2", "2") } else { V::N(i as f64 + 1.0) };
            vec![s(n), s(u), s(t), s(a), s(b), s(c), order, s(lo), V::E, V::E]
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
        name: "督办事项",
        title: Some("陵川县“双减”工作督办事项登记表"),
        header: common::CASES_HEADER.to_vec(),
        rows,
    }]
}

// ---------------------------------------------------------------- duties (附件1)

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

    std::fs::write(bad("名册-有密码.xlsx"), password_protected_stub()).map_err(XlsxError::IoError)?;

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

/// What Excel writes for a workbook with an opening password, reduced to its shape: an OLE
/// compound file (CFB v3, 512-byte sectors) holding `EncryptionInfo` and `EncryptedPackage`
/// streams instead of a zip. The streams are empty; a reader must recognise the container, not
/// decrypt it.
fn password_protected_stub() -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END: u32 = 0xFFFF_FFFE;
    const FATSECT: u32 = 0xFFFF_FFFD;
    let mut header = Vec::with_capacity(512);
    header.extend_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header.extend_from_slice(&[0u8; 16]); // CLSID
    for v in [0x003Eu16, 0x0003, 0xFFFE, 9, 6] {
        header.extend_from_slice(&v.to_le_bytes()); // minor, major, byte order, sector and mini-sector shifts
    }
    header.extend_from_slice(&[0u8; 6]); // reserved
    // directory sectors (0 in v3), FAT sectors, first directory sector, transaction,
    // mini-stream cutoff, first mini-FAT sector, mini-FAT sectors, first DIFAT sector, DIFAT sectors
    for v in [0u32, 1, 1, 0, 4096, END, 0, END, 0] {
        header.extend_from_slice(&v.to_le_bytes());
    }
    header.extend_from_slice(&0u32.to_le_bytes()); // DIFAT[0]: the FAT is sector 0
    while header.len() < 512 {
        header.extend_from_slice(&FREE.to_le_bytes());
    }
    let mut fat: Vec<u8> = [FATSECT, END].iter().flat_map(|v| v.to_le_bytes()).collect();
    fat.resize(512, 0xFF);
    let entry = |name: &str, kind: u8, child: u32, right: u32| {
        let mut e: Vec<u8> = name.encode_utf16().chain([0]).flat_map(|u| u.to_le_bytes()).collect();
        let name_len = e.len() as u16;
        e.resize(64, 0);
        e.extend_from_slice(&name_len.to_le_bytes());
        e.extend_from_slice(&[kind, 1]); // object type, colour black
        for v in [FREE, right, child] {
            e.extend_from_slice(&v.to_le_bytes()); // left sibling, right sibling, child
        }
        e.extend_from_slice(&[0u8; 16 + 4 + 8 + 8]); // CLSID, state, times
        e.extend_from_slice(&END.to_le_bytes()); // start sector
        e.extend_from_slice(&0u64.to_le_bytes()); // size
        e
    };
    let mut dir = entry("Root Entry", 5, 1, FREE);
    dir.extend(entry("EncryptionInfo", 2, FREE, 2));
    dir.extend(entry("EncryptedPackage", 2, FREE, FREE));
    dir.resize(512, 0);
    [header, fat, dir].concat()
}

/// The 协调机制 and 联络员 lists as Excel on Chinese Windows saves “CSV (逗号分隔)”: GB18030
/// bytes, CRLF line ends, a quoted field, the full-width space of 王　刚 kept.
fn write_csv_roster(path: &Path) -> Result<(), XlsxError> {
    let mut text = String::from("姓名,单位,职务,协调机制,联络员\r\n");
    for (n, u, t, a, b, ..) in PEOPLE.iter().filter(|p| !p.3.is_empty()) {
        let title = if *t == "局长" { format!("\"{t}\"") } else { t.to_string() };
        text.push_str(&format!("{n},{u},{title},{a},{b}\r\n"));
    }
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(path, bytes).map_err(XlsxError::IoError)
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
    write_csv_roster(&f.join("csv").join("名册.csv"))?;
    write_bad()
}
