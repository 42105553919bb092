//! End-to-end tests of the silent failures of issue 12 (item 6): output to a closed pipe, a
//! stdout that cannot be written, and formulas a file holds no result for. The real binary runs
//! on the fixtures or on workbooks written here; fonts come from the repository only.

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
