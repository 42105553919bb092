//! The build manifest (`out/manifest.json`): what was built from what.
//!
//! One [`Entry`] per generated document: its id (`通知`, `督办函/3`), the files written
//! (relative to the output folder), the hash of everything its bytes depend on (`input_hash`:
//! the composed Document IR, the render options and the tool version) and the hashes of its
//! named inputs (`inputs`: `documents/通知.md`, `名册 › 联络员`, `模板 督办函.j2` …). `build`
//! compares `input_hash` to decide what to rebuild and compares `inputs` to say why; `letters`
//! records row, recipient and 文号 for the clerk. This module holds and compares the data; it
//! does not read or write files (commands do, atomically) and never looks at documents.

use crate::diag::{Diagnostic, Location};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest's file name inside the output folder.
pub const FILE_NAME: &str = "manifest.json";

/// The whole manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The gongwen version that wrote it.
    #[serde(default)]
    pub tool: String,
    /// The documents, in build order.
    #[serde(default)]
    documents: Vec<Entry>,
    /// Position of each id in `documents`: a 10,000-letter batch upserts 10,000 entries.
    #[serde(skip)]
    index: BTreeMap<String, usize>,
}

/// One generated document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable id: the document's name, or `督办函/<row>` for letters.
    pub id: String,
    /// The kind: `通知`, `督办函`, `附件`, `纪要`.
    pub kind: String,
    /// The case-sheet row (1-based, as Excel numbers it), for letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// 主送单位, for letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// 发文字号, when the document has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Files written, relative to the output folder, `/`-separated.
    #[serde(default)]
    pub files: Vec<String>,
    /// Hash of everything the files depend on.
    pub input_hash: String,
    /// Hash per named input, to explain a rebuild.
    #[serde(default)]
    pub inputs: BTreeMap<String, String>,
    /// How the page of the 署名 was fitted (7.3.5.5), e.g. `第1页：取消署名前空行`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fitted: Option<String>,
}

impl Manifest {
    /// An empty manifest stamped with this tool's version.
    pub fn new() -> Manifest {
        Manifest { tool: env!("CARGO_PKG_VERSION").to_string(), ..Manifest::default() }
    }

    fn reindex(&mut self) {
        self.index = self.documents.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    }

    /// The documents, in build order.
    pub fn documents(&self) -> &[Entry] {
        &self.documents
    }

    /// Parse `manifest.json`. A manifest that cannot be read is not an error worth stopping
    /// for: everything is rebuilt, with a warning.
    pub fn parse(text: &str, path: &Path) -> Result<Manifest, Diagnostic> {
        let parsed: Result<Manifest, _> = serde_json::from_str(text);
        parsed
            .map(|mut m| {
                m.reindex();
                m
            })
            .map_err(|e| {
                Diagnostic::warning(
                    "manifest-invalid",
                    Location::file(path),
                    format!("生成记录无法读取（{e}），将全部重新生成"),
                )
            })
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.index.get(id).and_then(|&i| self.documents.get(i))
    }

    /// Replace the entry with the same id in place, or append (build order is deterministic,
    /// so the file is too).
    pub fn upsert(&mut self, entry: Entry) {
        match self.index.get(&entry.id).and_then(|&i| self.documents.get_mut(i)) {
            Some(slot) => *slot = entry,
            None => {
                self.index.insert(entry.id.clone(), self.documents.len());
                self.documents.push(entry);
            }
        }
    }

    /// Remove every entry of `kind` (a new letters batch replaces the previous one).
    pub fn remove_kind(&mut self, kind: &str) {
        self.documents.retain(|e| e.kind != kind);
        self.reindex();
    }

    /// The JSON text: one line per document, a final newline (see [`JsonWriter`]).
    pub fn to_json(&self) -> String {
        let (mut json, mut s) = JsonWriter::start(self);
        for e in &self.documents {
            s.push_str(&json.entry(e));
        }
        s.push_str(json.finish());
        s
    }
}

/// The manifest's JSON text piece by piece, so a batch can write it one entry at a time and
/// never hold 10,000 entries: the head, then each entry on its own line (diffs stay readable),
/// then the tail. [`Manifest::to_json`] is the same text in one piece.
pub struct JsonWriter {
    entries: usize,
}

impl JsonWriter {
    /// Start a manifest with `manifest`'s header fields (its documents are not written).
    pub fn start(manifest: &Manifest) -> (JsonWriter, String) {
        let tool = serde_json::to_string(&manifest.tool).unwrap_or_else(|_| "\"\"".into());
        (JsonWriter { entries: 0 }, format!("{{\n  \"tool\": {tool},\n  \"documents\": ["))
    }

    /// The text of the next entry.
    pub fn entry(&mut self, e: &Entry) -> String {
        let sep = if self.entries == 0 { "" } else { "," };
        self.entries += 1;
        format!("{sep}\n    {}", serde_json::to_string(e).unwrap_or_default())
    }

    /// The closing text.
    pub fn finish(self) -> &'static str {
        if self.entries == 0 { "]\n}\n" } else { "\n  ]\n}\n" }
    }
}

/// Why a document must be (re)built, compared with its previous manifest entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Not built before.
    New,
    /// `--force`.
    Forced,
    /// A file of the previous build is missing.
    Missing(String),
    /// These named inputs changed (added, removed or edited).
    Changed(Vec<String>),
    /// The output depends on something not named as an input (tool version, options).
    Other,
}

impl Reason {
    /// In the clerk's words, for the build report.
    pub fn describe(&self) -> String {
        match self {
            Reason::New => "首次生成".into(),
            Reason::Forced => "--force".into(),
            Reason::Missing(f) => format!("文件 {f} 不存在"),
            Reason::Changed(inputs) => format!("{} 有变化", inputs.join("、")),
            Reason::Other => "程序版本或输出选项有变化".into(),
        }
    }
}

/// Decide whether `new` must be built: `None` when the previous entry has the same
/// `input_hash` and all its files still exist under `out`.
pub fn rebuild_reason(previous: Option<&Entry>, new: &Entry, out: &Path, force: bool) -> Option<Reason> {
    if force {
        return Some(Reason::Forced);
    }
    let Some(prev) = previous else {
        return Some(Reason::New);
    };
    if prev.input_hash == new.input_hash {
        return new.files.iter().find(|f| !out.join(f).is_file()).map(|f| Reason::Missing(f.clone()));
    }
    let mut changed: Vec<String> =
        new.inputs.iter().filter(|(k, v)| prev.inputs.get(*k) != Some(*v)).map(|(k, _)| k.clone()).collect();
    changed.extend(prev.inputs.keys().filter(|k| !new.inputs.contains_key(*k)).cloned());
    if changed.is_empty() { Some(Reason::Other) } else { Some(Reason::Changed(changed)) }
}

/// Hex SHA-256 of a value's JSON: the hash of an input as the manifest records it.
pub fn hash_json<T: Serialize + ?Sized>(value: &T) -> String {
    hash_bytes(&serde_json::to_vec(value).unwrap_or_default())
}

/// Hex SHA-256 of bytes (first 16 bytes: collisions are not a concern for change detection).
pub fn hash_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, hash: &str, inputs: &[(&str, &str)]) -> Entry {
        Entry {
            id: id.into(),
            kind: "通知".into(),
            input_hash: hash.into(),
            inputs: inputs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn unchanged_inputs_need_no_rebuild() {
        let dir = tempfile::tempdir().expect("tmp");
        let e = entry("通知", "h1", &[("名册 › 联络员", "a")]);
        assert_eq!(rebuild_reason(Some(&e), &e, dir.path(), false), None);
        assert_eq!(rebuild_reason(Some(&e), &e, dir.path(), true), Some(Reason::Forced));
        assert_eq!(rebuild_reason(None, &e, dir.path(), false), Some(Reason::New));
    }

    #[test]
    fn the_reason_names_the_changed_inputs() {
        let dir = tempfile::tempdir().expect("tmp");
        let old = entry("通知", "h1", &[("名册 › 联络员", "a"), ("名册 › 协调机制", "b"), ("旧", "x")]);
        let new = entry("通知", "h2", &[("名册 › 联络员", "a2"), ("名册 › 协调机制", "b")]);
        let r = rebuild_reason(Some(&old), &new, dir.path(), false).expect("rebuild");
        assert_eq!(r, Reason::Changed(vec!["名册 › 联络员".into(), "旧".into()]));
        assert_eq!(r.describe(), "名册 › 联络员、旧 有变化");
    }

    #[test]
    fn a_missing_file_forces_a_rebuild() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut e = entry("通知", "h1", &[]);
        e.files = vec!["通知.pdf".into()];
        assert_eq!(rebuild_reason(Some(&e), &e, dir.path(), false), Some(Reason::Missing("通知.pdf".into())));
        std::fs::write(dir.path().join("通知.pdf"), b"x").expect("write");
        assert_eq!(rebuild_reason(Some(&e), &e, dir.path(), false), None);
    }

    /// Written entry by entry, the manifest is the same text as written whole, one line per
    /// document, and reads back; an empty one is valid JSON too.
    #[test]
    fn the_streamed_manifest_is_the_whole_one() {
        let mut m = Manifest::new();
        assert_eq!(Manifest::parse(&m.to_json(), Path::new("m.json")).expect("parse"), {
            let mut e = Manifest::new();
            e.reindex();
            e
        });
        m.upsert(entry("通知", "1", &[("名册 › 联络员", "a")]));
        m.upsert(entry("督办函/督办函-〔2021〕1号-县教育局", "2", &[]));
        let (mut w, mut text) = JsonWriter::start(&m);
        for e in m.documents() {
            text.push_str(&w.entry(e));
        }
        text.push_str(w.finish());
        assert_eq!(text, m.to_json());
        assert_eq!(text.lines().filter(|l| l.starts_with("    {\"id\"")).count(), 2, "{text}");
        assert_eq!(Manifest::parse(&text, Path::new("m.json")).expect("parse"), m);
    }

    #[test]
    fn upsert_replaces_in_place_and_appends_new_ids() {
        let mut m = Manifest::new();
        m.upsert(entry("b", "1", &[]));
        m.upsert(entry("a", "1", &[]));
        m.upsert(entry("b", "2", &[]));
        let ids: Vec<_> = m.documents.iter().map(|e| (e.id.as_str(), e.input_hash.as_str())).collect();
        assert_eq!(ids, [("b", "2"), ("a", "1")]);
        let back = Manifest::parse(&m.to_json(), Path::new("m.json")).expect("parse");
        assert_eq!(back, m);
    }
}
