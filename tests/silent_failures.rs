//! End-to-end tests of the silent failures of issue 12 (item 6): output to a closed pipe, a
//! stdout that cannot be written, and formulas a file holds no result for. The real binary runs
//! on the fixtures or on workbooks written here; fonts come from the repository only.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_gongwen");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn gongwen(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args).env("NO_COLOR", "1").env_remove("GONGWEN_FONT_PATHS").stdin(Stdio::null());
    c
}

/// Run with stdout and stderr pipes whose read ends are closed as soon as the child exists,
/// so every line it prints meets a closed pipe (EPIPE; Rust ignores SIGPIPE).
fn with_closed_pipes(mut cmd: Command) -> ExitStatus {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn gongwen");
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().expect("wait for gongwen")
}

fn letters(cases: &Path, out: &Path, extra: &[&str]) -> Command {
    let roster = fixture("名册.xlsx");
    let mut cmd = gongwen(&["letters"]);
    cmd.arg(cases).arg("--roster").arg(roster).arg("--out").arg(out).arg("--no-system-fonts").args(extra);
    cmd
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == ext) {
                found.push(p);
            }
        }
    }
    found
}

#[test]
fn closed_pipes_end_a_bad_run_with_status_1_not_a_panic() {
    for extra in [&[][..], &["--json"][..]] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("out");
        let status = with_closed_pipes(letters(&fixture("bad/督办事项-未知单位.xlsx"), &out, extra));
        assert_eq!(status.code(), Some(1), "{extra:?}: {status}");
        assert!(files_under(&out, "pdf").is_empty(), "{extra:?}");
    }
}

#[test]
fn closed_pipes_end_a_good_run_with_status_0_and_every_letter_written() {
    for extra in [&[][..], &["--json"][..]] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("out");
        let status = with_closed_pipes(letters(&fixture("督办事项.xlsx"), &out, extra));
        assert_eq!(status.code(), Some(0), "{extra:?}: {status}");
        assert_eq!(files_under(&out, "pdf").len(), 4, "{extra:?}");
    }
}

/// A closed stdout alone: the diagnostics still reach stderr, with no panic among them.
#[test]
fn a_closed_stdout_leaves_stderr_whole() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut cmd = letters(&fixture("bad/督办事项-未知单位.xlsx"), &tmp.path().join("out"), &["--json"]);
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn gongwen");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("wait for gongwen");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `> file` on a full disk: the JSON the caller asked for is cut short, which is not a
/// success; the run says so on stderr.
#[cfg(target_os = "linux")]
#[test]
fn a_stdout_that_cannot_be_written_is_status_1() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("open /dev/full");
    let mut cmd = gongwen(&["check", "--json"]);
    let o = cmd.arg(fixture("名册.xlsx")).stdout(full).output().expect("run gongwen");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: 标准输出没有写完"), "{stderr}");
}

/// One case row as text, in [`common::CASES_HEADER`]'s order.
fn case_row(n: u32) -> [String; 12] {
    [
        format!("陵双减督〔2021〕{n}号"),
        "县文旅局".into(),
        "《陵川县“双减”工作部门职责分工》".into(),
        "非学科类校外培训机构分类审批".into(),
        "2022年1月31日".into(),
        "建立非学科类培训机构管理台账".into(),
        "审批和查处情况".into(),
        "2022年1月25日".into(),
        "郭文鹤".into(),
        "0356-6209459".into(),
        "799191505@qq.com".into(),
        "2021年12月20日".into(),
    ]
}

/// A case sheet as a program writes it (title in row 1, header in row 2): rust_xlsxwriter
/// calculates no formula; it stores `0` for each and asks for a recalculation on load. Row 3's
/// 完成时限 (E3) is `=1/0`, row 4's 督办事项 (D4) a text formula; row 5's 完成时限 is a formula
/// whose result the program stored, which is used.
fn write_cases_with_formulas(path: &Path) {
    use rust_xlsxwriter::{Formula, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("督办事项").expect("name");
    ws.write_string(0, 0, "督办事项登记表").expect("title");
    for (c, h) in common::CASES_HEADER.iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("header");
    }
    for n in 1..=3u32 {
        for (c, v) in case_row(n).iter().enumerate() {
            ws.write_string(n + 1, c as u16, v).expect("cell");
        }
    }
    ws.write_formula(2, 4, "=1/0").expect("E3");
    ws.write_formula(3, 3, "=\"校外培训\"&\"广告管控\"").expect("D4");
    ws.write_formula(4, 4, Formula::new("=\"2022年1月31日\"").set_result("2022年1月31日")).expect("E5");
    wb.save(path).expect("save");
}

#[test]
fn a_formula_without_a_stored_result_is_an_error_at_its_cell() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_cases_with_formulas(&tmp.path().join("督办事项.xlsx"));
    let o = letters(Path::new("督办事项.xlsx"), Path::new("out"), &[]).current_dir(tmp.path()).output().expect("run");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("督办事项.xlsx › 督办事项 › E3: error: 完成时限是公式，文件中没有它算出的值"), "{err}");
    assert!(err.contains("督办事项.xlsx › 督办事项 › D4: error: 督办事项是公式，文件中没有它算出的值"), "{err}");
    assert!(err.contains("hint: 在 Excel 或 WPS 中打开该文件并保存一次"), "{err}");
    assert!(!err.contains("为空"), "{err}");
    assert!(!err.contains("E5"), "a stored result is used: {err}");
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    assert!(!tmp.path().join("out").exists(), "nothing is written");
}
