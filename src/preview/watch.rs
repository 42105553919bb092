//! Watching the workspace (notify) for saves that should refresh the preview.
//!
//! Every change under the workspace counts — spreadsheets, `documents/`, `templates/`,
//! `gongwen.toml`, the number registry — except the output folder `out/` (which `gongwen build`
//! writes while a preview runs) and the scratch files editors and Office leave beside a file
//! (`.x.swp`, `~$名册.xlsx`, `x~`, `#x#`, vim's `4913`). A save often arrives as several events
//! (truncate, write, rename); [`Watcher::wait`] gathers them until the folder has been quiet for
//! [`QUIET`], so a rebuild reads the finished file.
//!
//! Input: file-system events. Output: "something changed" with the paths. No building here.

use crate::diag::{Diagnostic, Location};
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long the workspace must be quiet before a burst of events counts as one save.
pub const QUIET: Duration = Duration::from_millis(25);

/// The longest a burst is gathered before rebuilding anyway.
pub const MAX_BURST: Duration = Duration::from_millis(300);

/// A watch on one workspace.
pub struct Watcher {
    root: PathBuf,
    rx: Receiver<notify::Result<notify::Event>>,
    _inner: notify::RecommendedWatcher,
}

impl Watcher {
    /// Watch `workspace` recursively.
    pub fn new(workspace: &Path) -> Result<Watcher, Diagnostic> {
        let root = workspace.canonicalize().unwrap_or_else(|_| workspace.to_path_buf());
        let fail = |e: notify::Error| {
            Diagnostic::error("preview-watch", Location::file(workspace), format!("无法监视工作区的文件变化：{e}"))
                .hint("确认文件夹存在且有读取权限")
        };
        let (tx, rx) = channel();
        let mut inner = notify::recommended_watcher(move |event| {
            // The receiver lives as long as the watcher; a send after shutdown is harmless.
            let _ = tx.send(event);
        })
        .map_err(fail)?;
        inner.watch(&root, RecursiveMode::Recursive).map_err(fail)?;
        Ok(Watcher { root, rx, _inner: inner })
    }

    /// Wait up to `timeout` for a relevant change, then gather the rest of its burst. Returns
    /// the changed paths relative to the workspace (empty: nothing happened).
    pub fn wait(&self, timeout: Duration) -> Vec<PathBuf> {
        let mut changed = Vec::new();
        let mut deadline = Instant::now() + timeout;
        let mut burst_end: Option<Instant> = None;
        loop {
            let now = Instant::now();
            let wait = match burst_end {
                Some(end) => QUIET.min(end.saturating_duration_since(now)),
                None => deadline.saturating_duration_since(now),
            };
            match self.rx.recv_timeout(wait) {
                Ok(Ok(event)) => {
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    for path in event.paths {
                        if let Some(rel) = relevant(&path, &self.root)
                            && !changed.contains(&rel)
                        {
                            changed.push(rel);
                        }
                    }
                    if !changed.is_empty() && burst_end.is_none() {
                        burst_end = Some(Instant::now() + MAX_BURST);
                        deadline = Instant::now() + MAX_BURST;
                    }
                }
                // A watcher error (e.g. too many files) is not worth stopping for: rebuild.
                Ok(Err(_)) => changed.push(PathBuf::new()),
                Err(RecvTimeoutError::Timeout) => {
                    if burst_end.is_some() || Instant::now() >= deadline {
                        return changed;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return changed,
            }
            if burst_end.is_some_and(|end| Instant::now() >= end) {
                return changed;
            }
        }
    }
}

/// The path relative to the workspace if a change to it should refresh the preview.
pub fn relevant(path: &Path, root: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    if let Some(Component::Normal(first)) = parts.clone().next()
        && first == "out"
    {
        return None;
    }
    let name = rel.file_name()?.to_string_lossy();
    let scratch = name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913";
    if scratch || parts.any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
        return None;
    }
    Some(rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_and_scratch_files_are_ignored() {
        let root = Path::new("/ws");
        let yes = |p: &str| relevant(Path::new(p), root).is_some();
        assert!(yes("/ws/documents/通知.md"));
        assert!(yes("/ws/data/名册.xlsx"));
        assert!(yes("/ws/gongwen.toml"));
        assert!(yes("/ws/templates/督办函.j2"));
        assert!(!yes("/ws/out/通知.pdf"));
        assert!(!yes("/ws/out/督办函/a.pdf"));
        assert!(!yes("/ws/data/~$名册.xlsx"));
        assert!(!yes("/ws/documents/.通知.md.swp"));
        assert!(!yes("/ws/documents/通知.md~"));
        assert!(!yes("/ws/documents/4913"));
        assert!(!yes("/ws/.git/index"));
        assert!(!yes("/elsewhere/x.md"));
        assert!(yes("/ws/documents/output.md"));
    }

    #[test]
    fn a_save_is_reported_once_with_its_path() {
        let tmp = tempfile::tempdir().expect("tmp");
        let w = Watcher::new(tmp.path()).expect("watch");
        std::fs::write(tmp.path().join("a.md"), "x").expect("write");
        std::fs::write(tmp.path().join("a.md"), "xy").expect("write");
        let changed = w.wait(Duration::from_secs(5));
        assert_eq!(changed, [PathBuf::from("a.md")]);
        std::fs::create_dir_all(tmp.path().join("out")).expect("mkdir");
        std::fs::write(tmp.path().join("out").join("a.pdf"), "x").expect("write");
        assert!(w.wait(Duration::from_millis(300)).is_empty());
    }
}
