//! `gongwen demo [DIR]`: write the reference workspace and build it, then say where the files
//! are. The README's first command.

use crate::build::Unfilled;
use crate::cli::DemoArgs;
use crate::diag::{Diagnostic, Location, Reporter};
use crate::settings::CONFIG_FILE;
use crate::{CmdResult, workspace};

/// Run `gongwen demo`.
pub fn run(args: &DemoArgs, reporter: &Reporter) -> CmdResult {
    let dir = &args.dir;
    // Running the demo again refreshes its own workspace; any other non-empty folder is refused.
    let again = dir.join(CONFIG_FILE).is_file();
    workspace::write(dir, again).map_err(|d| {
        if d.code == "init-not-empty" {
            Diagnostic::error(
                "demo-not-empty",
                Location::file(dir),
                "文件夹不是空的，也不是示例工作区，没有写入任何文件",
            )
            .hint("换一个新的文件夹：gongwen demo 新文件夹")
        } else {
            d
        }
    })?;
    reporter.status(format!("示例工作区：{}", dir.display()));
    let written = super::build::build_workspace(dir, &args.output, &[], Unfilled::Warn, reporter)?;
    if args.output.emit.is_some() {
        return Ok(());
    }
    reporter.status("");
    reporter.status(format!(
        "打开 {} 查看生成的公文。",
        written.first().map(|p| p.display().to_string()).unwrap_or_default()
    ));
    reporter.status(format!(
        "正文在 {}，配置在 {}；修改后运行 gongwen build {} 重新生成。",
        dir.join("documents").display(),
        dir.join(CONFIG_FILE).display(),
        dir.display()
    ));
    Ok(())
}
