//! End-to-end tests of the data side through the binary: `gongwen check` on the reference
//! fixtures and on every file of `fixtures/bad/` (exit status, file › sheet › cell, no panic),
//! and `gongwen diff`. Wording clerks read is compared with golden files in `tests/golden/`
//! (rewrite with `UPDATE_GOLDEN=1`).

use std::path::Path;
use std::process::{Command, Output};

fn gongwen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongwen")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

#[test]
fn check_reference_fixtures_finds_the_three_findings() {
    let o = gongwen(&["check", "fixtures"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("fixtures/名册.xlsx › 人员 › A29: warning: “冯红伟”与 A15 的“冯红卫”"), "{err}");
    assert!(err.contains("fixtures/名册.xlsx › 人员 › B30: warning: 单位“县文化旅游局”与 B18 的“县文旅局”"), "{err}");
    assert!(!err.contains("王刚") && !err.contains("error"), "false alarm: {err}");
    golden("check-fixtures.txt", &err);
}

#[test]
fn check_json_lists_the_diagnostics() {
    let o = gongwen(&["check", "--json", "fixtures"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let codes: Vec<&str> = v.as_array().expect("array").iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, vec!["unit-two-names", "person-near-duplicate"]);
    assert_eq!(v[1]["location"]["cell"], "A29");
    assert_eq!(v[1]["severity"], "warning");
}

#[test]
fn check_json_model_dumps_the_reference_roster() {
    let o = gongwen(&["check", "--json", "--model", "fixtures"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let people = v["roster"]["people"].as_array().expect("people");
    assert_eq!(people.len(), 26, "25 rows of 附件2/3 plus 冯红伟; 王凤娟's two rows are one person");
    let wang: Vec<&str> = people.iter().filter(|p| p["name"] == "王刚").filter_map(|p| p["unit"].as_str()).collect();
    assert_eq!(wang, vec!["县民政局", "县融媒体中心"]);
    let sizes = |list: usize| -> Vec<(String, usize)> {
        v["roster"]["lists"][list]["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| (g["role"].as_str().unwrap_or_default().to_string(), g["members"].as_array().map_or(0, Vec::len)))
            .collect()
    };
    let s = |r: &str, n: usize| (r.to_string(), n);
    assert_eq!(sizes(0), vec![s("召集人", 1), s("成员", 22)], "附件2");
    assert_eq!(sizes(1), vec![s("是", 21)], "附件3");
    assert_eq!(sizes(2), vec![s("组长", 1), s("副组长", 2), s("成员", 22)], "附件4");
    // 联络员排序 is a hidden column in the fixture; 宋志刚's 排序 is a formula's cached result.
    assert_eq!(v["roster"]["lists"][1]["groups"][0]["members"][0]["name"], "李俊飞", "附件3 starts with 李俊飞");
    assert_eq!(people[1]["order"], 2);
    assert_eq!(v["roster"]["lists"][2]["groups"][2]["members"][9]["name"], "冯红伟", "附件4 keeps 冯红伟 in place");
    let cases = v["cases"]["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 4);
    assert_eq!(cases[1]["number"]["text"], "陵双减督〔2021〕2号");
    assert_eq!(cases[3]["recipient"], "晋城市银保监分局陵川监管组");
    assert_eq!(v["duties"]["items"].as_array().map(Vec::len), Some(26));
    assert_eq!(v["meeting"]["attendees"].as_array().map(Vec::len), Some(11));
}

#[test]
fn check_gb18030_csv_roster() {
    let o = gongwen(&["check", "--json", "--model", "fixtures/csv/名册.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let people = v["roster"]["people"].as_array().expect("people");
    assert_eq!(people.len(), 23, "秦国平 and the 22 成员 of 附件2");
    assert_eq!(people[9]["name"], "王刚");
    assert_eq!(people[0]["title"], "局长");
    assert_eq!(v["roster"]["lists"][0]["groups"][1]["members"].as_array().map(Vec::len), Some(22));
}

#[test]
fn check_files_and_folders_together_is_a_usage_error() {
    let o = gongwen(&["check", "fixtures", "fixtures/名册.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn diff_reports_one_replacement_and_its_list_effects() {
    let o = gongwen(&["diff", "fixtures/名册.xlsx", "fixtures/diff/名册-调整后.xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "加入：张三（县财政局 二级主任科员）\n离开：冯红卫（县财政局 二级主任科员）\n协调机制名单：−冯红卫 +张三\n联络员名单：−冯红卫 +张三\n需要重新生成：协调机制名单、联络员名单\n"
    );
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn diff_json() {
    let o = gongwen(&["diff", "--json", "fixtures/名册.xlsx", "fixtures/diff/名册-调整后.xlsx"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["joined"][0]["name"], "张三");
    assert_eq!(v["left"][0]["name"], "冯红卫");
    let lists: Vec<&str> = v["lists"].as_array().expect("lists").iter().filter_map(|l| l["list"].as_str()).collect();
    assert_eq!(lists, vec!["协调机制", "联络员"]);
    golden("diff.json", &stdout(&o));
}

#[test]
fn diff_of_identical_rosters_says_so() {
    let o = gongwen(&["diff", "fixtures/名册.xlsx", "fixtures/名册.xlsx"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "两份名册的人员和名单没有差别\n");
}

#[test]
fn diff_of_a_broken_roster_fails_with_its_location() {
    let o = gongwen(&["diff", "fixtures/名册.xlsx", "fixtures/bad/名册-单位为空.xlsx"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fixtures/bad/名册-单位为空.xlsx › 人员 › B8: error: 单位为空"));
}

/// `gongwen check fixtures/bad/FILE` exits 1 with `expected` (file › sheet › cell: message
/// start) in its report, and never panics.
fn bad(file: &str, expected: &str) {
    let path = format!("fixtures/bad/{file}");
    let o = gongwen(&["check", &path]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{file}: {err}");
    assert!(!err.contains("panicked"), "{file}: {err}");
    assert!(err.contains(expected), "{file}: expected `{expected}` in\n{err}");
    let j = gongwen(&["check", "--json", &path]);
    assert_eq!(j.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&j)).expect("json diagnostics");
    assert!(v.as_array().is_some_and(|a| a.iter().any(|d| d["severity"] == "error")));
}

macro_rules! bad_fixtures {
    ($($name:ident: $file:literal => $expected:literal,)*) => {
        $(
            #[test]
            fn $name() {
                bad($file, $expected);
            }
        )*

        /// Every file in fixtures/bad/ has a test above.
        #[test]
        fn every_bad_fixture_is_tested() {
            let tested = [$($file),*];
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad");
            let mut files: Vec<String> = std::fs::read_dir(dir)
                .expect("fixtures/bad")
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect();
            files.sort();
            for f in &files {
                assert!(tested.contains(&f.as_str()), "no test for fixtures/bad/{f}");
            }
        }
    };
}

bad_fixtures! {
    bad_missing_unit_column: "名册-缺少单位列.xlsx" => "fixtures/bad/名册-缺少单位列.xlsx › 人员 › 2: error: 缺少“单位”列",
    bad_empty_unit: "名册-单位为空.xlsx" => "fixtures/bad/名册-单位为空.xlsx › 人员 › B8: error: 单位为空",
    bad_phone: "名册-电话错误.xlsx" => "fixtures/bad/名册-电话错误.xlsx › 人员 › I6: error: 电话“0356-620945”格式不正确",
    bad_formula_ref: "名册-公式错误.xlsx" => "fixtures/bad/名册-公式错误.xlsx › 人员 › C9: error: 单元格是公式错误 #REF!",
    bad_role: "名册-角色无效.xlsx" => "fixtures/bad/名册-角色无效.xlsx › 人员 › D5: error: “召集”不是有效的名单角色",
    bad_listed_twice: "名册-名单重复.xlsx" => "fixtures/bad/名册-名单重复.xlsx › 人员 › D31: error: 李成玮（县税务局）在“协调机制”名单中出现两次",
    bad_empty_workbook: "名册-空工作簿.xlsx" => "fixtures/bad/名册-空工作簿.xlsx: error: 工作簿是空的",
    bad_password: "名册-有密码.xlsx" => "fixtures/bad/名册-有密码.xlsx: error: 工作簿设置了打开密码",
    bad_csv_renamed: "名册-CSV改名.xlsx" => "fixtures/bad/名册-CSV改名.xlsx: error: 文件内容是 CSV 文本",
    bad_corrupt: "名册-文件损坏.xlsx" => "fixtures/bad/名册-文件损坏.xlsx: error: 文件已损坏或不是 Excel 工作簿",
    bad_gbk_csv_empty_title: "名册-职务为空-GBK.csv" => "fixtures/bad/名册-职务为空-GBK.csv › 名册-职务为空-GBK › C3: error: 职务为空",
    bad_unknown_recipient: "督办事项-未知单位.xlsx" => "fixtures/bad/督办事项-未知单位.xlsx › 督办事项 › B3: error: 主送单位“县文化局”不在名册中\n  hint: 是否为“县文旅局”？",
    bad_no_such_day: "督办事项-日期不存在.xlsx" => "fixtures/bad/督办事项-日期不存在.xlsx › 督办事项 › E4: error: 完成时限：日期“2022-02-30”不存在",
    bad_next_monday: "督办事项-日期无法识别.xlsx" => "fixtures/bad/督办事项-日期无法识别.xlsx › 督办事项 › H3: error: 报送时限：“下周一”不是日期",
    bad_email: "督办事项-邮箱错误.xlsx" => "fixtures/bad/督办事项-邮箱错误.xlsx › 督办事项 › K5: error: 电子邮箱“799191505@qq”格式不正确",
    bad_doc_number: "督办事项-编号错误.xlsx" => "fixtures/bad/督办事项-编号错误.xlsx › 督办事项 › A4: error: 编号“陵双减督2021-2号”不是有效的发文字号",
    bad_deadline_in_the_past: "督办事项-时限早于成文日期.xlsx" => "fixtures/bad/督办事项-时限早于成文日期.xlsx › 督办事项 › E6: error: 完成时限 2021年12月1日 早于成文日期 2021年12月20日",
    bad_missing_requirements_column: "督办事项-缺少工作要求列.xlsx" => "fixtures/bad/督办事项-缺少工作要求列.xlsx › 督办事项 › 2: error: 缺少“工作要求”列",
    bad_duty_unknown_unit: "职责分工-未知单位.xlsx" => "fixtures/bad/职责分工-未知单位.xlsx › 职责分工 › C6: error: 责任单位“县文化局”不在名册中\n  hint: 是否为“县文旅局”？",
    bad_duty_div0: "职责分工-公式错误.xlsx" => "fixtures/bad/职责分工-公式错误.xlsx › 职责分工 › B8: error: 单元格是公式错误 #DIV/0!",
    bad_meeting_without_facts: "会议纪要-缺少会议表.xlsx" => "fixtures/bad/会议纪要-缺少会议表.xlsx: error: 缺少“会议”工作表",
    bad_meeting_date: "会议纪要-日期无法识别.xlsx" => "fixtures/bad/会议纪要-日期无法识别.xlsx › 会议 › B4: error: 日期：“下周一”不是日期",
}
