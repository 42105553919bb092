//! `gongwen init DIR`: write the reference workspace (see `workspace`) without building it.

use crate::cli::InitArgs;
use crate::diag::Reporter;
use crate::{CmdResult, workspace};

/// Write the workspace and say what to do next.
pub fn run(args: &InitArgs, reporter: &Reporter) -> CmdResult {
    let written = workspace::write(&args.dir, args.force)?;
    if reporter.json {
        let files: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        let summary = serde_json::json!({ "workspace": args.dir.display().to_string(), "files": files });
        crate::console::json(&summary);
        return Ok(());
    }
    reporter.status(format!("已写入示例工作区 {}：", args.dir.display()));
    for p in &written {
        reporter.status(format!("  {}", p.display()));
    }
    reporter.status(format!("下一步：修改 documents/ 中的文档，然后运行 gongwen build {}", args.dir.display()));
    Ok(())
}
