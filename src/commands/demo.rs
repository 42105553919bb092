//! `gongwen demo [DIR]`: write the reference workspace and build it, then say where the files
//! are. The README's first command. Run again on its own workspace, it keeps the (possibly
//! edited) files and rebuilds them.

use crate::build::Unfilled;
use crate::cli::{DemoArgs, GlobalArgs};
use crate::diag::{Diagnostic, Location, Reporter};
use crate::settings::CONFIG_FILE;
use crate::{CmdResult, workspace};

/// Run `gongwen demo`.
pub fn run(args: &DemoArgs, global: &GlobalArgs, reporter: &Reporter) -> CmdResult {
    let dir = &args.dir;
    // Running the demo again rebuilds its own workspace, keeping the clerk's edits; any other
    // non-empty folder is refused.
    if dir.join(CONFIG_FILE).is_file() {
        reporter.status(format!("使用已有的工作区：{}", dir.display()));
    } else {
        workspace::write(dir, false).map_err(|d| {
            if d.code == "init-not-empty" {
                Diagnostic::error(
                    "demo-not-empty",
                    Location::file(dir),
                    "文件夹不是空的，也不是工作区，没有写入任何文件",
                )
                .hint("换一个新的文件夹：gongwen demo 新文件夹")
            } else {
                d
            }
        })?;
        reporter.status(format!("已写入示例工作区：{}", dir.display()));
    }
    let jobs = global.jobs.unwrap_or_else(crate::batch::default_jobs);
    super::build::build_workspace(dir, &args.output, &[], Unfilled::Warn, false, jobs, reporter)?;
    if args.output.emit.is_some() {
        return Ok(());
    }
    // Files unchanged since the last run are not rewritten, so point at the folder and the
    // notice rather than at what this run wrote.
    let out = super::build::workspace_out(&args.output, dir);
    reporter.status("");
    reporter.status(format!("生成的文件在 {}。", out.display()));
    let notice = out.join("通知.pdf");
    if notice.is_file() {
        reporter.status(format!("先打开 {} 查看通知（同名 .docx 可在 Word、WPS 中修改）。", notice.display()));
    }
    reporter.status(format!(
        "正文在 {}，配置在 {}；修改后再次运行 gongwen demo {} 重新生成。",
        dir.join("documents").display(),
        dir.join(CONFIG_FILE).display(),
        dir.display()
    ));
    Ok(())
}
