//! The reference workspace (the 陵川县“双减” notice), embedded in the binary, and writing it out.
//!
//! `gongwen init` and `gongwen demo` write these files so a clerk sees every input the tool
//! reads (INPUTS.md, "Workspace"). The files live in the repository under `workspace/` (and the
//! spreadsheets under `fixtures/`) and are compiled in with `include_bytes!`, so an installed
//! binary needs nothing else. This module writes files; it does not parse or build them.

use crate::diag::{Diagnostic, Location};
use crate::output;
use std::path::{Path, PathBuf};

/// One file of the reference workspace.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedFile {
    /// Path inside the workspace, `/`-separated.
    pub path: &'static str,
    /// Contents.
    pub bytes: &'static [u8],
}

/// The reference workspace. Adding a file (e.g. a spreadsheet of `fixtures/`) is one line.
pub const FILES: &[EmbeddedFile] = &[
    EmbeddedFile { path: "gongwen.toml", bytes: include_bytes!("../workspace/gongwen.toml") },
    EmbeddedFile { path: "documents/通知.md", bytes: include_bytes!("../workspace/documents/通知.md") },
    EmbeddedFile {
        path: "templates/领导小组名单.j2", bytes: include_bytes!("../workspace/templates/领导小组名单.j2")
    },
    EmbeddedFile { path: "data/名册.xlsx", bytes: include_bytes!("../fixtures/名册.xlsx") },
    EmbeddedFile { path: "data/职责分工.xlsx", bytes: include_bytes!("../fixtures/职责分工.xlsx") },
    EmbeddedFile { path: "data/督办事项.xlsx", bytes: include_bytes!("../fixtures/督办事项.xlsx") },
    EmbeddedFile { path: "data/会议纪要.xlsx", bytes: include_bytes!("../fixtures/会议纪要.xlsx") },
];

/// Write the reference workspace into `dir`, creating it. `dir` must not exist or be empty
/// unless `force` is set, in which case the workspace's own files are overwritten and other
/// files are left alone. Returns the paths written, in order.
pub fn write(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let here = Location::file(dir);
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Diagnostic::error("init-not-a-folder", here, "目标不是文件夹").hint("换一个文件夹名"));
        }
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| Diagnostic::error("io", Location::file(dir), format!("无法读取文件夹：{e}")))?;
        if !force && entries.next().is_some() {
            return Err(Diagnostic::error("init-not-empty", Location::file(dir), "文件夹不是空的，没有写入任何文件")
                .hint("换一个新的或空的文件夹")
                .hint("或加 --force：覆盖示例工作区的同名文件，保留其他文件"));
        }
    }
    let mut written = Vec::with_capacity(FILES.len());
    for f in FILES {
        let path = f.path.split('/').fold(dir.to_path_buf(), |p, part| p.join(part));
        output::write_atomic(&path, f.bytes)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Config;
    use crate::source;

    #[test]
    fn config_parses_with_the_three_lists() {
        let f = FILES.iter().find(|f| f.path == "gongwen.toml").expect("config");
        let text = std::str::from_utf8(f.bytes).expect("utf-8");
        let c = Config::parse(text, Path::new("gongwen.toml")).expect("parse");
        assert_eq!(c.issuer.name, "陵川县人民政府办公室");
        assert_eq!(c.letters.numbering, "陵双减督〔{year}〕{n}号");
        assert_eq!(c.letters.phone.as_deref(), Some("0356-6209459"));
        assert_eq!(c.letters.email.as_deref(), Some("799191505@qq.com"));
        let lists: Vec<_> = c.lists.iter().map(|l| l.column.as_str()).collect();
        assert_eq!(lists, ["协调机制", "联络员", "领导小组"]);
    }

    #[test]
    fn every_document_parses_without_warnings() {
        for f in FILES.iter().filter(|f| f.path.ends_with(".md")) {
            let text = std::str::from_utf8(f.bytes).expect("utf-8");
            let p = source::parse(text, Path::new(f.path), &source::Defaults::default())
                .unwrap_or_else(|e| panic!("{}: {:?}", f.path, e.iter().map(|d| d.to_string()).collect::<Vec<_>>()));
            assert!(p.warnings.is_empty(), "{}: {:?}", f.path, p.warnings);
        }
    }

    #[test]
    fn writes_into_a_new_folder_and_refuses_a_non_empty_one() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("ws");
        let written = write(&dir, false).expect("write");
        assert_eq!(written.len(), FILES.len());
        assert!(dir.join("documents").join("通知.md").is_file());
        let e = write(&dir, false).unwrap_err();
        assert_eq!(e.code, "init-not-empty");
        std::fs::write(dir.join("gongwen.toml"), b"changed").expect("write");
        std::fs::write(dir.join("mine.txt"), b"keep").expect("write");
        write(&dir, true).expect("force");
        assert_eq!(std::fs::read(dir.join("gongwen.toml")).expect("read"), FILES[0].bytes);
        assert_eq!(std::fs::read(dir.join("mine.txt")).expect("read"), b"keep");
    }
}
