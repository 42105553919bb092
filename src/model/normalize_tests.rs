//! Unit tests of the normalisation rules: every date form and every 发文字号 bracket form of
//! INPUTS.md, each text rule, and a deterministic fuzz run of random cells through them all.

use super::*;

fn d(year: i32, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

#[test]
fn date_iso_dash() {
    assert_eq!(parse_date("2021-12-13", None), Ok(d(2021, 12, 13)));
    assert_eq!(parse_date("2022-1-5", None), Ok(d(2022, 1, 5)));
}

#[test]
fn date_slash() {
    assert_eq!(parse_date("2021/12/13", None), Ok(d(2021, 12, 13)));
}

#[test]
fn date_dot() {
    assert_eq!(parse_date("2021.12.13", None), Ok(d(2021, 12, 13)));
}

#[test]
fn date_chinese_full() {
    assert_eq!(parse_date("2021年12月13日", None), Ok(d(2021, 12, 13)));
    assert_eq!(parse_date(" 2022年1月31日 ", None), Ok(d(2022, 1, 31)));
    assert_eq!(parse_date("2022年 1 月 31 日", None), Ok(d(2022, 1, 31)));
}

#[test]
fn date_month_day_takes_year_from_hint() {
    assert_eq!(parse_date("12月13日", Some(2021)), Ok(d(2021, 12, 13)));
    assert_eq!(parse_date("12月13日", None), Err(DateError::NoYear));
}

#[test]
fn date_full_width_digits() {
    assert_eq!(parse_date("２０２１年１２月１３日", None), Ok(d(2021, 12, 13)));
    assert_eq!(parse_date("２０２２．２．２０", None), Ok(d(2022, 2, 20)));
    assert_eq!(parse_date("２０２１－１２－１３", None), Ok(d(2021, 12, 13)));
}

#[test]
fn date_impossible_day_is_an_error() {
    assert_eq!(parse_date("2022-02-30", None), Err(DateError::NoSuchDay(2022, 2, 30)));
    assert_eq!(parse_date("2021/13/01", None), Err(DateError::NoSuchDay(2021, 13, 1)));
    assert_eq!(parse_date("2021年4月31日", None), Err(DateError::NoSuchDay(2021, 4, 31)));
    assert_eq!(parse_date("2024-02-29", None), Ok(d(2024, 2, 29)));
    assert_eq!(parse_date("2100-02-29", None), Err(DateError::NoSuchDay(2100, 2, 29)));
}

#[test]
fn date_words_are_errors() {
    for s in ["下周一", "月底", "2021", "2021-12", "12-13", "21-12-13", "2021-12-13-1", "2021年12月", "年月日", "1e5"]
    {
        assert!(parse_date(s, Some(2021)).is_err(), "{s} should not parse");
    }
    assert_eq!(parse_date("", None), Err(DateError::Empty));
    assert_eq!(parse_date("下周一", None), Err(DateError::Unrecognised));
}

#[test]
fn date_messages_name_the_text() {
    assert_eq!(DateError::NoSuchDay(2022, 2, 30).message("2022-02-30"), "日期“2022-02-30”不存在（2022年没有2月30日）");
    assert_eq!(DateError::Unrecognised.message("下周一"), "“下周一”不是日期");
}

#[test]
fn date_excel_serials() {
    assert_eq!(date_from_serial(1.0), Some(d(1900, 1, 1)));
    assert_eq!(date_from_serial(59.0), Some(d(1900, 2, 28)));
    assert_eq!(date_from_serial(61.0), Some(d(1900, 3, 1)));
    assert_eq!(date_from_serial(44543.0), Some(d(2021, 12, 13)));
    assert_eq!(date_from_serial(44592.75), Some(d(2022, 1, 31)));
    assert_eq!(date_from_serial(0.0), None);
    assert_eq!(date_from_serial(f64::NAN), None);
    assert_eq!(date_from_serial(-5.0), None);
}

#[test]
fn date_cells() {
    assert_eq!(parse_date_cell(&Cell::Date(d(2021, 12, 13)), None), Ok(d(2021, 12, 13)));
    assert_eq!(parse_date_cell(&Cell::Number(44543.0), None), Ok(d(2021, 12, 13)));
    assert_eq!(parse_date_cell(&Cell::Text("2021年12月13日".into()), None), Ok(d(2021, 12, 13)));
    assert_eq!(parse_date_cell(&Cell::Empty, None), Err(DateError::Empty));
    assert_eq!(parse_date_cell(&Cell::Error("#REF!".into()), None), Err(DateError::Unrecognised));
    assert_eq!(parse_date_cell(&Cell::Bool(true), None), Err(DateError::Unrecognised));
}

#[test]
fn month_day_before_the_reference_means_next_year() {
    let issued = Some(d(2021, 12, 20));
    assert_eq!(parse_date_cell(&Cell::Text("2月20日".into()), issued), Ok(d(2022, 2, 20)));
    assert_eq!(parse_date_cell(&Cell::Text("12月31日".into()), issued), Ok(d(2021, 12, 31)));
    // An explicit year is taken as written (the past-date lint reports it).
    assert_eq!(parse_date_cell(&Cell::Text("2021年2月20日".into()), issued), Ok(d(2021, 2, 20)));
}

#[test]
fn doc_number_bracket_forms() {
    for s in [
        "陵双减督〔2021〕1号",
        "陵双减督[2021]1号",
        "陵双减督【2021】1号",
        "陵双减督(2021)1号",
        "陵双减督（2021）1号",
        "陵双减督［2021］1号",
        "陵双减督﹝2021﹞1号",
        "陵双减督〖2021〗1号",
        "陵双减督{2021}1号",
        "陵双减督 〔2021〕 1 号",
        "陵双减督〔2021〕01号",
        "陵双减督〔２０２１〕１号",
        "陵双减督〔2021〕1",
        "陵双减督〔2021〕第1号",
    ] {
        let n = parse_doc_number(s).unwrap_or_else(|| panic!("{s} should parse"));
        assert_eq!(n.text, "陵双减督〔2021〕1号", "{s}");
        assert_eq!((n.prefix.as_str(), n.year, n.seq), ("陵双减督", 2021, 1));
    }
    assert_eq!(parse_doc_number("陵政办函[2021]45号").map(|n| n.text), Some("陵政办函〔2021〕45号".into()));
}

#[test]
fn doc_number_rejects_malformed() {
    for s in [
        "陵双减督2021-1号",
        "陵双减督〔21〕1号",
        "陵双减督〔2021〕号",
        "陵双减督〔2021〕0号",
        "〔2021",
        "陵双减督〔2021〕1a号",
        "号",
    ] {
        assert_eq!(parse_doc_number(s), None, "{s}");
    }
}

#[test]
fn doc_number_short_form() {
    assert_eq!(parse_doc_number("陵双减督〔2021〕1号").map(|n| n.short()), Some("〔2021〕1号".into()));
}

#[test]
fn fold_width_converts_full_width_ascii_and_space() {
    assert_eq!(fold_width("０３５６－６２０９４５９"), "0356-6209459");
    assert_eq!(fold_width("ＡＢｃ＠ｑｑ．ｃｏｍ"), "ABc@qq.com");
    assert_eq!(fold_width("王\u{3000}刚"), "王 刚");
    assert_eq!(fold_width("县教育局，"), "县教育局,");
}

#[test]
fn clean_text_trims_and_collapses() {
    assert_eq!(clean_text("  县教育局  副局长 \n"), "县教育局 副局长");
    assert_eq!(clean_text("\u{3000}文\u{200B}字\u{00A0}\u{00A0}内容\t"), "文字 内容");
    assert_eq!(clean_text(""), "");
    assert_eq!(clean_text(" \u{3000} "), "");
}

#[test]
fn clean_lines_keeps_lines() {
    assert_eq!(clean_lines(" a \r\n\n b\u{2028}c "), vec!["a", "b", "c"]);
}

#[test]
fn names_lose_layout_spaces() {
    assert_eq!(clean_name("王　刚"), "王刚");
    assert_eq!(clean_name("王 刚"), "王刚");
    assert_eq!(clean_name(" 程　伟 "), "程伟");
    assert_eq!(clean_name("迪丽热巴•迪力木拉提"), "迪丽热巴·迪力木拉提");
    assert_eq!(clean_name("John  Smith"), "John Smith");
}

#[test]
fn units_lose_spaces_between_chinese() {
    assert_eq!(clean_unit("县 教育局"), "县教育局");
    assert_eq!(clean_unit(" 县文旅局\u{3000}"), "县文旅局");
}

#[test]
fn header_keys_fold_width_space_case_and_markers() {
    assert_eq!(header_key("姓 名"), "姓名");
    assert_eq!(header_key("*单位："), "单位");
    assert_eq!(header_key("ＮＡＭＥ"), "name");
    assert_eq!(header_key("Name*"), "name");
}

#[test]
fn phones_accepted_and_unified() {
    assert_eq!(parse_phone("0356-6209459"), Ok("0356-6209459".into()));
    assert_eq!(parse_phone("０３５６－６２０９４５９"), Ok("0356-6209459".into()));
    assert_eq!(parse_phone("0356—6209459"), Ok("0356-6209459".into()));
    assert_eq!(parse_phone("(0356)6209459"), Ok("0356-6209459".into()));
    assert_eq!(parse_phone("（0356）6209459"), Ok("0356-6209459".into()));
    assert_eq!(parse_phone("03566209459"), Ok("03566209459".into()));
    assert_eq!(parse_phone("138 1234 5678"), Ok("13812345678".into()));
    assert_eq!(parse_phone("+86 13812345678"), Ok("13812345678".into()));
    assert_eq!(parse_phone("6209459"), Ok("6209459".into()));
    assert_eq!(parse_phone("0356-6209459-801"), Ok("0356-6209459-801".into()));
    assert_eq!(parse_phone("400-123-4567"), Ok("400-123-4567".into()));
}

#[test]
fn phones_rejected() {
    for p in
        ["0356-620945", "12812345678", "1381234567", "abc", "0356--6209459", "-6209459", "0356-6209459-", "电话", ""]
    {
        assert_eq!(parse_phone(p), Err(PhoneError::Invalid), "{p}");
    }
    assert_eq!(parse_phone("3566209459"), Err(PhoneError::LostLeadingZero));
}

#[test]
fn emails() {
    assert_eq!(parse_email("799191505@qq.com"), Some("799191505@qq.com".into()));
    assert_eq!(parse_email("７９９１９１５０５＠ＱＱ．ＣＯＭ"), Some("799191505@qq.com".into()));
    assert_eq!(parse_email(" first.last+tag@mail.example.gov.cn "), Some("first.last+tag@mail.example.gov.cn".into()));
    for e in [
        "799191505@qq",
        "799191505qq.com",
        "@qq.com",
        "a@@qq.com",
        "a@qq..com",
        "a@-qq.com",
        "a b@qq.com",
        ".a@qq.com",
        "a@qq.c0m",
        "张三@qq.com",
        "",
    ] {
        assert_eq!(parse_email(e), None, "{e}");
    }
}

#[test]
fn roles() {
    assert_eq!(parse_role("召集人"), Some(Role::Convener));
    assert_eq!(parse_role("副召集人"), Some(Role::ViceConvener));
    assert_eq!(parse_role("组　长："), Some(Role::Leader));
    assert_eq!(parse_role("副组长"), Some(Role::DeputyLeader));
    assert_eq!(parse_role("成　员"), Some(Role::Member));
    for y in ["是", "√", "✓", "✔", "Y", "y", "Yes", "1", "１"] {
        assert_eq!(parse_role(y), Some(Role::Yes), "{y}");
    }
    assert_eq!(parse_role("召集"), None);
    assert!(is_no_mark("否") && is_no_mark("×") && is_no_mark("N") && is_no_mark("0"));
    assert!(!is_no_mark("是"));
}

#[test]
fn lists_split_at_every_separator() {
    assert_eq!(
        split_list("县教育局、县财政局,县发改局，县税务局；县妇联;县公安局/县民政局\n县人社局"),
        vec!["县教育局", "县财政局", "县发改局", "县税务局", "县妇联", "县公安局", "县民政局", "县人社局"]
    );
    assert!(split_list(" 、 ").is_empty());
}

#[test]
fn requirements_by_line_or_semicolon_without_numbering() {
    assert_eq!(
        split_requirements("1.甲\n2、乙\n（三）丙\n(4)丁\n五、戊\n６．己"),
        vec!["甲", "乙", "丙", "丁", "戊", "己"]
    );
    assert_eq!(split_requirements("甲；乙;丙"), vec!["甲", "乙", "丙"]);
    assert_eq!(split_requirements("一是加强领导"), vec!["一是加强领导"]);
    assert_eq!(split_requirements("2022年完成"), vec!["2022年完成"]);
}

#[test]
fn strip_numbering_only_strips_real_numbers() {
    assert_eq!(strip_numbering("（一）会议决策"), "会议决策");
    assert_eq!(strip_numbering("(1) 排查"), "排查");
    assert_eq!(strip_numbering("十二、培训"), "培训");
    assert_eq!(strip_numbering("（县教育局）"), "（县教育局）");
    assert_eq!(strip_numbering("一是"), "一是");
    assert_eq!(strip_numbering("1)"), "1)");
}

#[test]
fn orders() {
    assert_eq!(parse_order(&Cell::Number(3.0)), Some(3));
    assert_eq!(parse_order(&Cell::Text("１２".into())), Some(12));
    assert_eq!(parse_order(&Cell::Number(2.5)), None);
    assert_eq!(parse_order(&Cell::Number(-1.0)), None);
    assert_eq!(parse_order(&Cell::Text("第一".into())), None);
    assert_eq!(parse_order(&Cell::Text("99999999999".into())), None);
}

/// xorshift64*: deterministic pseudo-random numbers, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// Characters that matter to the rules: digits of both widths, separators, brackets, CJK,
/// invisible and combining characters, surrogate-range neighbours, emoji.
const PIECES: &[&str] = &[
    "0",
    "1",
    "2",
    "9",
    "０",
    "９",
    "-",
    "/",
    ".",
    "．",
    "年",
    "月",
    "日",
    "号",
    "第",
    "〔",
    "〕",
    "[",
    "]",
    "【",
    "】",
    "(",
    ")",
    "（",
    "）",
    "@",
    "＠",
    "+86",
    " ",
    "\u{3000}",
    "\u{200B}",
    "\u{FEFF}",
    "\n",
    "\r",
    "\t",
    "、",
    "，",
    "；",
    "王",
    "刚",
    "县",
    "局",
    "召集人",
    "成员",
    "√",
    "#REF!",
    "é",
    "\u{0301}",
    "\u{FFFF}",
    "\u{10FFFF}",
    "😀",
    "2021",
    "12",
    "30",
    "99999999999999999999",
    "e",
    "E",
    "-1",
    "NaN",
    "inf",
];

#[test]
fn fuzz_random_cells_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let len = (rng.next() % 12) as usize;
        let text: String = (0..len).map(|_| rng.pick(PIECES)).collect();
        let cell = match rng.next() % 6 {
            0 => Cell::Text(text.clone()),
            1 => Cell::Number(f64::from_bits(rng.next())),
            2 => Cell::Number((rng.next() % 3_000_000) as f64 - 1000.0),
            3 => Cell::Date(Date {
                year: (rng.next() % 20_000) as i32 - 5000,
                month: rng.next() as u8,
                day: rng.next() as u8,
            }),
            4 => Cell::Error(text.clone()),
            _ => Cell::from_text(text.clone()),
        };
        let reference = Some(Date { year: 2021, month: 12, day: 20 });
        let _ = parse_date_cell(&cell, reference);
        let _ = parse_date(&text, Some(2021));
        let _ = parse_phone(&text);
        let _ = parse_email(&text);
        let _ = parse_doc_number(&text);
        let _ = parse_role(&text);
        let _ = parse_order(&cell);
        let _ = split_requirements(&text);
        let _ = split_list(&text);
        let _ = strip_numbering(&text);
        let name = clean_name(&text);
        assert!(!name.starts_with(' ') && !name.ends_with(' '));
        let _ = clean_unit(&text);
        let _ = header_key(&text);
        let _ = cell.to_text();
        if let Ok(d) = parse_date(&text, Some(2021)) {
            assert!(
                (1..=12).contains(&d.month)
                    && d.day >= 1
                    && u32::from(d.day) <= days_in_month(d.year, u32::from(d.month))
            );
        }
    }
}

#[test]
fn clean_prose_drops_spaces_next_to_han_and_folds_parentheses() {
    assert_eq!(clean_prose("每课时不超过 30 分钟"), "每课时不超过30分钟");
    assert_eq!(clean_prose("面向 3 至 6 岁"), "面向3至6岁");
    assert_eq!(clean_prose("《合同(示范文本)》"), "《合同（示范文本）》");
    assert_eq!(clean_prose("Word (docx) file"), "Word (docx) file");
}
