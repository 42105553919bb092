//! Fonts: which font file plays each GB/T 9704 role (小标宋, 仿宋, 黑体, 楷体, 宋体).
//!
//! Each [`FontRole`] resolves through one chain (DESIGN.md, "Fonts"): a font named in
//! `gongwen.toml [fonts]` (family name or file path) → a font in the workspace `fonts/` folder
//! or an extra font folder whose family is a government name for the role → that government
//! font installed on the system → the open Fandol font bundled in the binary. Families are
//! matched against every name the font carries (English and Chinese), never guessed.
//!
//! This module only finds and reads font files (with `fontdb`, which reads name tables without
//! parsing glyphs); it does not lay anything out. `writer::pdf` turns the chosen faces into a
//! typst font book once per process; the DOCX writer names the government families instead.
//! System fonts are scanned at most once per process and only when asked for
//! ([`FontOptions::include_system`]); tests leave them out so results are the same everywhere.

use crate::diag::{Diagnostic, Location};
use crate::settings::FontsConfig;
use crate::writer::spec::FontRole;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The bundled Fandol fonts, embedded so an installed binary works anywhere.
static BUNDLED: [(FontRole, &[u8]); 5] = [
    (FontRole::Title, include_bytes!("../fonts/FandolSong-Bold.otf")),
    (FontRole::Body, include_bytes!("../fonts/FandolFang-Regular.otf")),
    (FontRole::Hei, include_bytes!("../fonts/FandolHei-Regular.otf")),
    (FontRole::Kai, include_bytes!("../fonts/FandolKai-Regular.otf")),
    (FontRole::Song, include_bytes!("../fonts/FandolSong-Regular.otf")),
];

/// The broad-coverage fallback of every role (Noto Serif CJK SC, OFL, a subset: every
/// ideograph of U+4E00–U+9FFF and Extension A, 2,057 of Extension B; fonts/README.noto-cjk).
/// Fandol, like 仿宋_GB2312, lacks everyday name characters such as 喆, 堃, 镕. A serif face,
/// because 宋 and 仿宋 are the closest styles to it. A `static` for the reason BUNDLED is one.
static BUNDLED_FALLBACK: &[u8] = include_bytes!("../fonts/NotoSerifCJKsc-Regular.otf");

/// Installed families that cover far more than GBK (Extension B and beyond), tried after the
/// bundled fallback: a clerk who needs a rarer character installs one of these.
const BROAD_FAMILIES: [&str; 14] = [
    "SimSun-ExtB",
    "SimSun-ExtG",
    "MingLiU-ExtB",
    "PMingLiU-ExtB",
    "HanaMinA",
    "HanaMinB",
    "BabelStone Han",
    "Jigmo",
    "Jigmo2",
    "Jigmo3",
    "Plangothic P1",
    "Plangothic P2",
    "TH-Tshyn-P1",
    "TH-Tshyn-P2",
];

/// What [`FontSet::load`] considers.
#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// The workspace folder: its `fonts/` subfolder is searched, and relative font paths in the
    /// configuration are resolved against it.
    pub workspace: Option<PathBuf>,
    /// `gongwen.toml [fonts]`: a family name or a font file per role.
    pub config: FontsConfig,
    /// The configuration file, for error locations.
    pub config_file: Option<PathBuf>,
    /// Extra font folders (`--font-path`), searched after the workspace's `fonts/`.
    pub extra_paths: Vec<PathBuf>,
    /// Whether fonts installed on the system are considered (off in tests and with
    /// `--no-system-fonts`).
    pub include_system: bool,
}

/// Where a role's font came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FontSource {
    /// Named in `gongwen.toml [fonts]`.
    Config,
    /// A file in the workspace `fonts/` folder.
    Workspace,
    /// A file in an extra font folder (`--font-path`).
    Path,
    /// Installed on the system.
    System,
    /// The Fandol font bundled with gongwen.
    Bundled,
}

impl FontSource {
    /// Chinese label for messages and `gongwen fonts`.
    pub fn label(self) -> &'static str {
        match self {
            FontSource::Config => "配置文件",
            FontSource::Workspace => "工作区 fonts/",
            FontSource::Path => "字体目录",
            FontSource::System => "系统字体",
            FontSource::Bundled => "内置字体",
        }
    }
}

/// Font file bytes: embedded in the binary or read once from disk, shared by every user.
#[derive(Clone)]
pub enum FontData {
    /// Embedded with `include_bytes!`.
    Static(&'static [u8]),
    /// Read from a file.
    Shared(Arc<[u8]>),
}

impl AsRef<[u8]> for FontData {
    fn as_ref(&self) -> &[u8] {
        match self {
            FontData::Static(b) => b,
            FontData::Shared(b) => b,
        }
    }
}

impl std::fmt::Debug for FontData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontData({} bytes)", self.as_ref().len())
    }
}

/// One chosen font face.
#[derive(Debug, Clone)]
pub struct FontFace {
    /// The family as the font names it first (English when it has an English name).
    pub family: String,
    /// Every family name the font carries (e.g. `FangSong_GB2312` and `仿宋_GB2312`).
    pub names: Vec<String>,
    /// The file, when not embedded.
    pub file: Option<PathBuf>,
    /// Face index within a collection file.
    pub index: u32,
    /// The font program.
    pub data: FontData,
}

/// How one role was resolved (`gongwen fonts`, and the warning of a build).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleResolution {
    /// The role.
    pub role: FontRole,
    /// The family used.
    pub family: String,
    /// Where it came from.
    pub source: FontSource,
    /// The file, when not embedded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// True when the font is not one of the government fonts of the role
    /// ([`FontRole::government_families`]): the PDF then looks slightly different from
    /// documents made on an office PC.
    pub substitute: bool,
}

/// A family found while scanning, for `gongwen fonts --all`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyListing {
    /// Family name (first name of the font).
    pub family: String,
    /// Other names of the family (e.g. the Chinese one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<String>,
    /// Where it was found.
    pub source: FontSource,
    /// Files holding its faces (empty for bundled fonts).
    pub files: Vec<PathBuf>,
}

/// The resolved fonts of a run: one face per role, loaded once, and per role the fallback
/// faces that print what the role's face lacks.
#[derive(Debug, Clone)]
pub struct FontSet {
    faces: Vec<FontFace>,
    roles: BTreeMap<FontRole, (usize, FontSource)>,
    /// Per role, in the order they are tried: installed faces of the role's style, the fonts
    /// the clerk added (workspace `fonts/`, `--font-path`), the bundled fallback, installed
    /// broad-coverage faces. Indices into `faces`; never the role's own face.
    chains: BTreeMap<FontRole, Vec<usize>>,
    /// Which characters each face has, read from its cmap when first asked.
    charsets: Vec<OnceLock<Charset>>,
    listing: Vec<FamilyListing>,
}

/// The characters a face maps to a glyph, as a bit per code point.
#[derive(Debug, Clone, Default)]
pub struct Charset(Vec<u64>);

impl Charset {
    fn of(face: &FontFace) -> Charset {
        let mut bits = vec![0u64; 0x110000 / 64];
        if let Ok(f) = ttf_parser::Face::parse(face.data.as_ref(), face.index)
            && let Some(cmap) = f.tables().cmap
        {
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|c| {
                    // A code point mapped to glyph 0 is .notdef, a box: not covered.
                    let mapped =
                        char::from_u32(c).and_then(|ch| sub.glyph_index(u32::from(ch))).is_some_and(|g| g.0 != 0);
                    if mapped && let Some(w) = bits.get_mut((c / 64) as usize) {
                        *w |= 1 << (c % 64);
                    }
                });
            }
        }
        Charset(bits)
    }

    /// Whether the face has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        let c = u32::from(c);
        self.0.get((c / 64) as usize).is_some_and(|w| w & (1 << (c % 64)) != 0)
    }
}

/// A face's identity while loading: file, index in it, and the address of bundled bytes.
type FaceKey = (Option<PathBuf>, u32, usize);

/// A face seen while scanning, not loaded yet.
#[derive(Debug, Clone)]
struct Candidate {
    names: Vec<String>,
    weight: u16,
    normal_style: bool,
    file: Option<PathBuf>,
    index: u32,
    bundled: Option<&'static [u8]>,
    source: FontSource,
}

impl Candidate {
    fn has_name(&self, wanted: &str) -> bool {
        let wanted = wanted.trim();
        self.names.iter().any(|n| n.eq_ignore_ascii_case(wanted))
    }

    fn family(&self) -> String {
        self.names.first().cloned().unwrap_or_default()
    }
}

impl FontSet {
    /// Resolve every role. Fails with a located error when a configured font cannot be found
    /// or read; the bundled fonts guarantee that every other role resolves.
    pub fn load(opts: &FontOptions) -> Result<FontSet, Diagnostic> {
        let mut local = Vec::new();
        if let Some(ws) = &opts.workspace {
            local.extend(scan_dir(&ws.join("fonts"), FontSource::Workspace));
        }
        for p in &opts.extra_paths {
            local.extend(scan_dir(p, FontSource::Path));
        }
        let system: &[Candidate] = if opts.include_system { system_candidates() } else { &[] };
        let bundled = bundled_candidates();

        let mut set = FontSet {
            faces: Vec::new(),
            roles: BTreeMap::new(),
            chains: BTreeMap::new(),
            charsets: Vec::new(),
            listing: Vec::new(),
        };
        let mut loaded: BTreeMap<FaceKey, usize> = BTreeMap::new();
        for role in FontRole::ALL {
            let (cand, source) = match configured(&opts.config, role) {
                Some(value) => (resolve_configured(opts, role, value, &local, system, bundled)?, FontSource::Config),
                None => {
                    let gov = role.government_families();
                    match pick_government(&local, gov, role).or_else(|| pick_government(system, gov, role)) {
                        Some(c) => (c.clone(), c.source),
                        None => {
                            let c =
                                bundled.iter().find(|c| c.bundled == Some(bundled_bytes(role))).ok_or_else(|| {
                                    Diagnostic::error(
                                        "font-missing",
                                        Location::default(),
                                        format!("字体角色“{}”没有可用的字体", role.label()),
                                    )
                                    .hint("内置字体无法读取：请重新安装 gongwen")
                                })?;
                            (c.clone(), FontSource::Bundled)
                        }
                    }
                }
            };
            let idx = set.face_of(&cand, opts, &mut loaded)?;
            set.roles.insert(role, (idx, source));
        }
        set.load_chains(opts, &local, system, &mut loaded)?;
        set.charsets = set.faces.iter().map(|_| OnceLock::new()).collect();
        set.listing = listing(&local, system, bundled);
        Ok(set)
    }

    /// The index of `cand` among the faces, loading it the first time it is asked for.
    fn face_of(
        &mut self,
        cand: &Candidate,
        opts: &FontOptions,
        loaded: &mut BTreeMap<FaceKey, usize>,
    ) -> Result<usize, Diagnostic> {
        // A bundled face is keyed by its bytes' address so two roles sharing it load once.
        let key = (cand.file.clone(), cand.index, cand.bundled.map(|b| b.as_ptr() as usize).unwrap_or(0));
        if let Some(&i) = loaded.get(&key) {
            return Ok(i);
        }
        self.faces.push(load_face(cand, opts)?);
        loaded.insert(key, self.faces.len() - 1);
        Ok(self.faces.len() - 1)
    }

    /// The fallback faces of every role ([`FontSet::chains`]). typst picks a face by family
    /// name, so one family is loaded once and never beside a role's face of the same family.
    fn load_chains(
        &mut self,
        opts: &FontOptions,
        local: &[Candidate],
        system: &[Candidate],
        loaded: &mut BTreeMap<FaceKey, usize>,
    ) -> Result<(), Diagnostic> {
        let role_families: Vec<String> = self.faces.iter().map(|f| f.family.to_lowercase()).collect();
        let mut by_family: BTreeMap<String, usize> = BTreeMap::new();
        let fallback = fallback_candidate();
        for role in FontRole::ALL {
            let mut wanted: Vec<Candidate> = Vec::new();
            for fam in role.style_families() {
                for pool in [local, system] {
                    wanted.extend(best_face(pool.iter().filter(|c| c.has_name(fam)), role).cloned());
                }
            }
            // Whatever the clerk put in the workspace's fonts/ or a font folder: dropping a font
            // there is how a character no bundled font has gets printed.
            let mut local_families: Vec<String> = local.iter().map(Candidate::family).collect();
            local_families.dedup();
            for fam in &local_families {
                wanted.extend(best_face(local.iter().filter(|c| c.family() == *fam), role).cloned());
            }
            wanted.extend(fallback.iter().cloned());
            for fam in BROAD_FAMILIES {
                wanted.extend(best_face(system.iter().filter(|c| c.has_name(fam)), role).cloned());
            }
            let mut chain = Vec::new();
            for cand in wanted {
                let family = cand.family().to_lowercase();
                if family.is_empty() || role_families.contains(&family) {
                    continue;
                }
                let idx = match by_family.get(&family) {
                    Some(i) => *i,
                    None => {
                        let i = self.face_of(&cand, opts, loaded)?;
                        by_family.insert(family, i);
                        i
                    }
                };
                if !chain.contains(&idx) {
                    chain.push(idx);
                }
            }
            self.chains.insert(role, chain);
        }
        Ok(())
    }

    /// The fallback faces of `role`, in the order they are tried (indices into
    /// [`FontSet::faces`]).
    pub fn chain(&self, role: FontRole) -> &[usize] {
        self.chains.get(&role).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The characters face `idx` has.
    pub fn charset(&self, idx: usize) -> Option<&Charset> {
        let face = self.faces.get(idx)?;
        Some(self.charsets.get(idx)?.get_or_init(|| Charset::of(face)))
    }

    /// Whether `role`'s own face prints `c`; if not, the index of the face that does (the
    /// first of the role's chain that has it), or `None` when no font has it.
    pub fn printer(&self, role: FontRole, c: char) -> Result<(), Option<usize>> {
        if self.charset(self.face_index(role)).is_some_and(|s| s.has(c)) {
            return Ok(());
        }
        Err(self.chain(role).iter().copied().find(|&i| self.charset(i).is_some_and(|s| s.has(c))))
    }

    /// The bundled fonts only (what tests and `--no-system-fonts` without a workspace get).
    pub fn bundled() -> Result<FontSet, Diagnostic> {
        FontSet::load(&FontOptions::default())
    }

    /// The distinct faces, in a stable order (roles may share one).
    pub fn faces(&self) -> &[FontFace] {
        &self.faces
    }

    /// Index into [`FontSet::faces`] of the face playing `role`.
    pub fn face_index(&self, role: FontRole) -> usize {
        self.roles.get(&role).map(|r| r.0).unwrap_or(0)
    }

    /// The face playing `role`.
    pub fn face(&self, role: FontRole) -> &FontFace {
        &self.faces[self.face_index(role)]
    }

    /// Role → family → source, in role order.
    pub fn resolution(&self) -> Vec<RoleResolution> {
        FontRole::ALL
            .iter()
            .map(|&role| {
                let (idx, source) = self.roles.get(&role).copied().unwrap_or((0, FontSource::Bundled));
                let face = &self.faces[idx];
                let gov = role.government_families();
                let substitute = !face.names.iter().any(|n| gov.iter().any(|g| g.eq_ignore_ascii_case(n)));
                RoleResolution { role, family: face.family.clone(), source, file: face.file.clone(), substitute }
            })
            .collect()
    }

    /// A hash of the font programs the roles use: output made with other fonts is other output
    /// (an incremental build and the preview compare it), even when no document changed.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let mut seen = Vec::new();
        for role in FontRole::ALL {
            let idx = self.face_index(role);
            h.update([role as u8]);
            let faces = std::iter::once(&idx).chain(self.chain(role));
            for &idx in faces {
                h.update((idx as u64).to_le_bytes());
                if !seen.contains(&idx) {
                    seen.push(idx);
                    if let Some(face) = self.faces.get(idx) {
                        h.update(face.index.to_le_bytes());
                        h.update(face.family.as_bytes());
                        match &face.data {
                            // The bundled fonts are part of this binary, which the output hash
                            // names by version: 31 MB need not be hashed on every run.
                            FontData::Static(b) => h.update((b.len() as u64).to_le_bytes()),
                            FontData::Shared(b) => h.update(b),
                        }
                    }
                }
            }
        }
        h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
    }

    /// Every family found while resolving (workspace, extra folders, system when scanned,
    /// bundled), for `gongwen fonts --all`.
    pub fn families(&self) -> &[FamilyListing] {
        &self.listing
    }

    /// One warning naming every role that got a substitute, or `None` when all roles use
    /// government fonts. A build prints it once.
    pub fn substitution_warning(&self) -> Option<Diagnostic> {
        let subs: Vec<String> = self
            .resolution()
            .into_iter()
            .filter(|r| r.substitute)
            .map(|r| format!("{} → {}（{}）", r.role.label(), r.family, r.source.label()))
            .collect();
        if subs.is_empty() {
            return None;
        }
        Some(
            Diagnostic::warning(
                "font-substitute",
                Location::default(),
                format!("未找到政府公文字体，使用替代字体：{}", subs.join("；")),
            )
            .hint("安装 方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312、宋体，或把字体文件放入工作区 fonts/ 文件夹")
            .hint("运行 `gongwen fonts` 查看每个角色使用的字体"),
        )
    }
}

/// The first government family (in preference order) present in `pool`.
fn pick_government<'a>(pool: &'a [Candidate], gov: &[&str], role: FontRole) -> Option<&'a Candidate> {
    gov.iter().find_map(|g| best_face(pool.iter().filter(|c| c.has_name(g)), role))
}

fn configured(cfg: &FontsConfig, role: FontRole) -> Option<&str> {
    let v = match role {
        FontRole::Title => &cfg.title,
        FontRole::Body => &cfg.body,
        FontRole::Hei => &cfg.hei,
        FontRole::Kai => &cfg.kai,
        FontRole::Song => &cfg.song,
    };
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn config_key(role: FontRole) -> &'static str {
    match role {
        FontRole::Title => "title",
        FontRole::Body => "body",
        FontRole::Hei => "hei",
        FontRole::Kai => "kai",
        FontRole::Song => "song",
    }
}

fn config_location(opts: &FontOptions) -> Location {
    match &opts.config_file {
        Some(f) => Location::file(f),
        None => Location::default(),
    }
}

fn is_font_path(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"].iter().any(|e| lower.ends_with(e)) || value.contains('/') || value.contains('\\')
}

fn resolve_configured(
    opts: &FontOptions,
    role: FontRole,
    value: &str,
    local: &[Candidate],
    system: &[Candidate],
    bundled: &[Candidate],
) -> Result<Candidate, Diagnostic> {
    let key = config_key(role);
    if is_font_path(value) {
        let path = match &opts.workspace {
            Some(ws) if Path::new(value).is_relative() => ws.join(value),
            _ => PathBuf::from(value),
        };
        let found = scan_file(&path, FontSource::Config);
        return best_face(found.iter(), role).cloned().ok_or_else(|| {
            let what = if path.exists() { "不是可用的字体文件" } else { "不存在" };
            Diagnostic::error(
                "font-file",
                config_location(opts),
                format!("[fonts] {key} 指定的字体文件“{}”{what}", path.display()),
            )
            .hint("填写 .ttf/.otf/.ttc 文件的路径（相对于工作区），或填写字体名称")
        });
    }
    let pools = [local, system, bundled];
    pools.iter().find_map(|pool| best_face(pool.iter().filter(|c| c.has_name(value)), role)).cloned().ok_or_else(|| {
        Diagnostic::error("font-family", config_location(opts), format!("[fonts] {key} 指定的字体“{value}”未找到"))
            .hint("运行 `gongwen fonts --all` 查看可用的字体名称，或把字体文件放入工作区 fonts/ 文件夹")
    })
}

/// Within one family, the face closest to what the role wants: upright, bold for 小标宋
/// (the Fandol 小标宋 stand-in is FandolSong Bold), regular otherwise.
fn best_face<'a>(cands: impl Iterator<Item = &'a Candidate>, role: FontRole) -> Option<&'a Candidate> {
    let want: i32 = if role == FontRole::Title { 700 } else { 400 };
    cands.min_by_key(|c| (!c.normal_style, (i32::from(c.weight) - want).abs()))
}

/// The bytes of the bundled font for `role` (the preview's own pages use the bundled 黑体 so
/// their Chinese text reads on machines without CJK fonts).
pub fn bundled_bytes(role: FontRole) -> &'static [u8] {
    BUNDLED.iter().find(|(r, _)| *r == role).map(|(_, b)| *b).unwrap_or(&[])
}

fn candidates_of(db: &fontdb::Database, source: FontSource, bundled: Option<&'static [u8]>) -> Vec<Candidate> {
    db.faces()
        .map(|f| Candidate {
            names: f.families.iter().map(|(n, _)| n.clone()).collect(),
            weight: f.weight.0,
            normal_style: f.style == fontdb::Style::Normal,
            file: match &f.source {
                fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => Some(p.clone()),
                fontdb::Source::Binary(_) => None,
            },
            index: f.index,
            bundled,
            source,
        })
        .collect()
}

fn scan_file(path: &Path, source: FontSource) -> Vec<Candidate> {
    let mut db = fontdb::Database::new();
    if db.load_font_file(path).is_err() {
        return Vec::new();
    }
    candidates_of(&db, source, None)
}

/// Font files under `dir`, recursively, in sorted path order (STYLE.md §7).
fn scan_dir(dir: &Path, source: FontSource) -> Vec<Candidate> {
    let mut files = Vec::new();
    collect_font_files(dir, &mut files);
    files.sort();
    files.iter().flat_map(|f| scan_file(f, source)).collect()
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_font_files(&path, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            let e = e.to_ascii_lowercase();
            matches!(e.as_str(), "ttf" | "otf" | "ttc" | "otc")
        }) {
            out.push(path);
        }
    }
}

/// System fonts, scanned once per process (name tables only).
fn system_candidates() -> &'static [Candidate] {
    static SYSTEM: OnceLock<Vec<Candidate>> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let mut c = candidates_of(&db, FontSource::System, None);
        c.sort_by(|a, b| (&a.file, a.index).cmp(&(&b.file, b.index)));
        c
    })
}

/// The bundled fallback face, as a candidate.
fn fallback_candidate() -> Option<Candidate> {
    bundled_candidates().iter().find(|c| c.bundled.is_some_and(|b| std::ptr::eq(b, BUNDLED_FALLBACK))).cloned()
}

fn bundled_candidates() -> &'static [Candidate] {
    static BUNDLED_CANDS: OnceLock<Vec<Candidate>> = OnceLock::new();
    BUNDLED_CANDS.get_or_init(|| {
        BUNDLED
            .iter()
            .map(|(_, bytes)| bytes)
            .chain([&BUNDLED_FALLBACK])
            .flat_map(|bytes| {
                let mut db = fontdb::Database::new();
                db.load_font_source(fontdb::Source::Binary(Arc::new(*bytes)));
                candidates_of(&db, FontSource::Bundled, Some(*bytes))
            })
            .collect()
    })
}

fn load_face(c: &Candidate, opts: &FontOptions) -> Result<FontFace, Diagnostic> {
    let data = match (c.bundled, &c.file) {
        (Some(b), _) => FontData::Static(b),
        (None, Some(path)) => FontData::Shared(
            std::fs::read(path)
                .map_err(|e| {
                    Diagnostic::error(
                        "font-read",
                        config_location(opts),
                        format!("无法读取字体文件“{}”：{e}", path.display()),
                    )
                })?
                .into(),
        ),
        (None, None) => FontData::Static(&[]),
    };
    Ok(FontFace { family: c.family(), names: c.names.clone(), file: c.file.clone(), index: c.index, data })
}

fn listing(local: &[Candidate], system: &[Candidate], bundled: &[Candidate]) -> Vec<FamilyListing> {
    let mut out: Vec<FamilyListing> = Vec::new();
    for c in local.iter().chain(system).chain(bundled) {
        let family = c.family();
        match out.iter_mut().find(|l| l.family == family && l.source == c.source) {
            Some(l) => {
                if let Some(f) = &c.file
                    && !l.files.contains(f)
                {
                    l.files.push(f.clone());
                }
            }
            None => out.push(FamilyListing {
                other_names: c.names.iter().skip(1).filter(|n| **n != family).cloned().collect(),
                family,
                source: c.source,
                files: c.file.iter().cloned().collect(),
            }),
        }
    }
    out.sort_by(|a, b| (a.source, &a.family).cmp(&(b.source, &b.family)));
    out
}

#[cfg(test)]
#[path = "fonts_tests.rs"]
mod tests;
