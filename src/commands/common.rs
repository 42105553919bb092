//! What the data commands (`letters`, `annex`, `minutes`) share: finding `gongwen.toml` near
//! the inputs, loading fonts and the PDF engine once, the formats asked for, and rendering one
//! document into the bytes of each format. No wording and no layout here.

use crate::Failure;
use crate::cli::{Letterhead, OutputArgs, OutputFormat};
use crate::diag::{Diagnostic, Diagnostics, Location, Reporter};
use crate::fonts::{FontOptions, FontSet};
use crate::settings::{CONFIG_FILE, Config};
use crate::writer::RenderOptions;
use crate::writer::pdf::Engine;
use std::path::{Path, PathBuf};

/// The configuration in effect and where it came from.
pub(crate) struct Setup {
    /// The configuration.
    pub(crate) config: Config,
    /// Its file (for messages); the embedded example's name when none was found.
    pub(crate) config_path: PathBuf,
    /// The workspace folder (holding `gongwen.toml`), when one was found.
    pub(crate) workspace: Option<PathBuf>,
}

impl Setup {
    /// The output folder: `--out`, else `out/` in the workspace, else `out/` beside the input.
    pub(crate) fn out_dir(&self, output: &OutputArgs, input: &Path) -> PathBuf {
        output.out.clone().unwrap_or_else(|| {
            self.workspace.clone().unwrap_or_else(|| input.parent().unwrap_or(Path::new(".")).to_path_buf()).join("out")
        })
    }
}

/// `--config`, else `gongwen.toml` beside the input or one folder up (`data/` inside a
/// workspace), else the example workspace's configuration with a warning, so a spreadsheet can
/// be tried on its own.
pub(crate) fn find_config(explicit: Option<&Path>, input: &Path, reporter: &Reporter) -> Result<Setup, Failure> {
    let load = |path: &Path| -> Result<Setup, Failure> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::error("io", Location::file(path), format!("无法读取配置文件：{e}")))?;
        Ok(Setup {
            config: Config::parse(&text, path)?,
            config_path: path.to_path_buf(),
            workspace: path.parent().map(Path::to_path_buf),
        })
    };
    if let Some(path) = explicit {
        return load(path);
    }
    let dir = input.parent().unwrap_or(Path::new("."));
    for candidate in [Some(dir), dir.parent()].into_iter().flatten() {
        let path = candidate.join(CONFIG_FILE);
        if path.is_file() {
            return load(&path);
        }
    }
    let example = crate::workspace::FILES.iter().find(|f| f.path == CONFIG_FILE).map(|f| f.bytes).unwrap_or_default();
    let text = String::from_utf8_lossy(example);
    let path = PathBuf::from(format!("{CONFIG_FILE}（示例工作区）"));
    reporter.diagnostic(
        &Diagnostic::warning(
            "config-example",
            Location::file(input),
            "输入文件旁没有 gongwen.toml，使用示例工作区的配置",
        )
        .hint("用 --config 指定配置文件，或用 `gongwen init 文件夹` 生成工作区后修改其中的 gongwen.toml"),
    );
    Ok(Setup { config: Config::parse(&text, &path)?, config_path: path, workspace: None })
}

/// Load fonts once and build the PDF engine.
pub(crate) fn engine(setup: &Setup, output: &OutputArgs, reporter: &Reporter) -> Result<Engine, Failure> {
    let fonts = FontSet::load(&FontOptions {
        workspace: setup.workspace.clone(),
        config: setup.config.fonts.clone(),
        config_file: Some(setup.config_path.clone()),
        extra_paths: output.font_path.clone(),
        include_system: !output.no_system_fonts,
    })?;
    if let Some(w) = fonts.substitution_warning() {
        reporter.diagnostic(&w);
    }
    Ok(Engine::new(&fonts)?)
}

/// The formats written when `--format` is not given: the PDF to send and the DOCX a clerk keeps
/// editing.
pub(crate) const DEFAULT_FORMATS: [OutputFormat; 2] = [OutputFormat::Pdf, OutputFormat::Docx];

/// The requested formats ([`DEFAULT_FORMATS`] when none), duplicates removed; a format the
/// command cannot write (not in `allowed`) is a usage error.
pub(crate) fn formats(
    output: &OutputArgs,
    command: &str,
    allowed: &[OutputFormat],
) -> Result<Vec<OutputFormat>, Failure> {
    let mut out: Vec<OutputFormat> = Vec::new();
    for f in if output.format.is_empty() { &DEFAULT_FORMATS[..] } else { &output.format[..] } {
        if !out.contains(f) {
            out.push(*f);
        }
    }
    if let Some(bad) = out.iter().find(|f| !allowed.contains(f)) {
        let names: Vec<String> = allowed.iter().map(|f| format!("{f:?}").to_lowercase()).collect();
        return Err(Failure::Usage(format!(
            "gongwen {command} --format: {} is not supported ({})",
            format!("{bad:?}").to_lowercase(),
            names.join(", ")
        )));
    }
    Ok(out)
}

/// Print options from the output flags.
pub(crate) fn render_options(output: &OutputArgs, draft_label: &str) -> RenderOptions {
    RenderOptions {
        preprinted_letterhead: output.letterhead == Letterhead::Preprinted,
        even_colophon: output.even_colophon,
        draft: output.draft.then(|| RenderOptions::draft_banner(draft_label)),
    }
}

/// Write one document's rendered files as `out/STEM.EXT` (atomically), report each, and return
/// their names relative to `out` for the manifest.
pub(crate) fn write_files(
    out: &Path,
    stem: &str,
    files: &[crate::build::RenderedFile],
    reporter: &Reporter,
) -> Result<Vec<String>, Diagnostic> {
    let paths = crate::build::write_rendered(out, &[], stem, files, true)?;
    for p in &paths {
        reporter.status(format!("已生成 {}", p.display()));
    }
    Ok(paths.iter().map(|p| crate::build::relative(p, out)).collect())
}

/// Remove exact repeats (a template error repeats once per row).
pub(crate) fn dedup(ds: Diagnostics) -> Diagnostics {
    let mut out = Diagnostics::new();
    for d in ds {
        if !out.iter().any(|o| o == &d) {
            out.push(d);
        }
    }
    out
}
