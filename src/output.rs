//! Writing output files safely: names that every file system accepts, paths that never leave
//! the output folder, and atomic writes.
//!
//! A file is written to a temporary file in its destination folder and renamed into place, so
//! an interrupted run leaves either the old file or the new one, never a partial file under the
//! real name (INPUTS.md, "Exit status"). This module knows nothing about documents; it only
//! turns names into paths and bytes into files.

use crate::diag::{Diagnostic, Location};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Longest file name stem, in characters (CJK names stay well under the 255-byte limit of
/// common file systems even after an extension and a page suffix are added).
pub const MAX_STEM_CHARS: usize = 80;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file-name stem (no extension) that is safe on every file system: `/ \ : * ? " < > |` and
/// control characters become `_`, leading dots and spaces and trailing dots and spaces are
/// removed, the length is bounded, device names are prefixed, and an empty result becomes
/// `未命名`.
pub fn safe_stem(name: &str) -> String {
    let replaced: String =
        name.chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    let trimmed = replaced.trim_start_matches(['.', ' ', '\u{3000}']).trim_end_matches(['.', ' ', '\u{3000}']);
    let mut stem: String = trimmed.chars().take(MAX_STEM_CHARS).collect();
    stem = stem.trim_end_matches(['.', ' ', '\u{3000}']).to_owned();
    if stem.is_empty() {
        return "未命名".to_owned();
    }
    let device = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&device.as_str()) {
        stem.insert(0, '_');
    }
    stem
}

/// The path of an output file: `out/` + safe folder names + safe stem + `.ext`. Every
/// component is sanitised, so the result is always inside `out`.
pub fn output_path(out: &Path, folders: &[&str], stem: &str, ext: &str) -> PathBuf {
    let mut p = out.to_path_buf();
    for f in folders {
        p.push(safe_stem(f));
    }
    p.push(format!("{}.{ext}", safe_stem(stem)));
    p
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, flushed to disk,
/// then renamed over `path`. Missing folders are created.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let io_err = |what: &str, e: std::io::Error| {
        Diagnostic::error("io", Location::file(path), format!("{what}：{e}"))
            .hint("检查输出目录是否存在、可写、空间是否足够")
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| io_err("无法创建输出目录", e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gongwen-").suffix(".tmp");
    // Temporary files are private (0600) by default; output files are ordinary files, so ask
    // for 0666 and let the umask decide, as for any other file the user creates.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| io_err("无法创建临时文件", e))?;
    tmp.write_all(bytes).map_err(|e| io_err("写入失败", e))?;
    tmp.as_file().sync_all().map_err(|e| io_err("写入失败", e))?;
    tmp.persist(path).map_err(|e| io_err("无法保存文件", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_become_underscores() {
        assert_eq!(safe_stem(r#"a/b\c:d*e?f"g<h>i|j"#), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(safe_stem("督办函-〔2021〕1号-县文旅局"), "督办函-〔2021〕1号-县文旅局");
        assert_eq!(safe_stem("a\nb\u{0}"), "a_b_");
    }

    #[test]
    fn leading_dots_and_edge_spaces_are_removed() {
        assert_eq!(safe_stem("..hidden"), "hidden");
        assert_eq!(safe_stem(" 名单. "), "名单");
        assert_eq!(safe_stem("../../etc/passwd"), "_.._etc_passwd");
    }

    #[test]
    fn empty_and_device_names_are_replaced() {
        assert_eq!(safe_stem(""), "未命名");
        assert_eq!(safe_stem("..."), "未命名");
        assert_eq!(safe_stem("con"), "_con");
        assert_eq!(safe_stem("NUL.txt"), "_NUL.txt");
    }

    #[test]
    fn long_names_are_bounded() {
        let long = "很".repeat(300);
        assert_eq!(safe_stem(&long).chars().count(), MAX_STEM_CHARS);
    }

    #[test]
    fn output_paths_stay_inside_the_output_folder() {
        let out = Path::new("/tmp/out");
        for name in ["../x", "/etc/passwd", "..", "a/../../b", "C:\\x"] {
            let p = output_path(out, &[name], name, "pdf");
            assert!(p.starts_with(out), "{}", p.display());
            assert_eq!(p.components().count(), out.components().count() + 2, "{}", p.display());
        }
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("sub").join("a.pdf");
        write_atomic(&p, b"one").expect("write");
        write_atomic(&p, b"two").expect("write");
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(p.parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.pdf"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o044, 0o044, "readable by others like any file: {mode:o}");
        }
    }

    #[test]
    fn atomic_write_into_a_file_path_fails_with_a_location() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").expect("write");
        let e = write_atomic(&file.join("a.pdf"), b"x").unwrap_err();
        assert_eq!(e.code, "io");
        assert!(e.location.file.is_some());
    }
}
