//! The command line, as clap types (INPUTS.md, "Command line").
//!
//! This module only declares arguments and their help text; turning them into decisions
//! (defaults, conflicts, format inference) is `settings`' job, and doing the work is the
//! command modules'. Each doc comment is the `--help` text a clerk reads.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// gongwen — 把 Excel 表格生成符合 GB/T 9704-2012 的公文（PDF、DOCX）。
///
/// Turns an office's spreadsheets into finished Chinese official documents (督办函, 会议纪要,
/// 成员名单 annexes, full 通知) laid out to GB/T 9704-2012, as PDF and DOCX.
///
/// Start with `gongwen demo`: it writes an example workspace (the 陵川县“双减” notice) and
/// builds it, so you can see every file the tool reads and writes.
///
/// Exit status: 0 success; 1 input, data, template or I/O errors (nothing is written for the
/// failing documents); 2 usage errors.
#[derive(Debug, Parser)]
#[command(name = "gongwen", version, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// Options every command accepts.
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options shared by every command.
#[derive(Debug, Clone, Args, Default)]
pub struct GlobalArgs {
    /// Print machine-readable JSON on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Print only errors (no progress, no summary).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Worker threads for batches (default: all cores).
    #[arg(long, short = 'j', global = true, value_name = "N")]
    pub jobs: Option<usize>,

    /// Colour in messages.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands (INPUTS.md).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the example workspace (陵川县“双减” notice) to DIR and build it.
    Demo(DemoArgs),
    /// Write the example workspace to DIR without building it.
    Init(InitArgs),
    /// Build every document a workspace defines.
    Build(BuildArgs),
    /// One 督办函 per row of a case sheet (batch).
    Letters(LettersArgs),
    /// The member-list annexes (成员名单, 联络员名单, 领导小组名单) from a roster.
    Annex(AnnexArgs),
    /// A 会议纪要 from a meeting workbook or JSON file.
    Minutes(MinutesArgs),
    /// Validate inputs and lint them (near-duplicate names, unit aliases, dangling units).
    Check(CheckArgs),
    /// Personnel-change report between two rosters.
    Diff(DiffArgs),
    /// Live browser preview of a workspace on 127.0.0.1, drafts watermarked.
    Preview(PreviewArgs),
    /// Show which font each role (标题, 正文, 黑体, 楷体, 页码) resolves to.
    Fonts(FontsArgs),
}

/// `gongwen demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to write the workspace.
    #[arg(default_value = "gongwen-demo")]
    pub dir: PathBuf,

    /// Output and layout options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `gongwen init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the workspace (must be empty or not exist).
    pub dir: PathBuf,

    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

/// `gongwen build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The workspace folder (holding gongwen.toml).
    #[arg(default_value = ".")]
    pub workspace: PathBuf,

    /// Build only these documents (by name, e.g. 通知).
    #[arg(long, value_name = "NAME", num_args = 1..)]
    pub only: Vec<String>,

    /// Rebuild every document even if its inputs did not change.
    #[arg(long)]
    pub force: bool,

    /// Output and layout options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `gongwen letters`.
#[derive(Debug, Args)]
pub struct LettersArgs {
    /// The case sheet (督办事项.xlsx): one 督办函 per row.
    pub cases: PathBuf,

    /// The roster, to resolve 主送单位 (default: 名册.xlsx beside the case sheet or in the workspace).
    #[arg(long, value_name = "R.xlsx")]
    pub roster: Option<PathBuf>,

    /// The workspace configuration (issuer, numbering, contacts).
    #[arg(long, value_name = "gongwen.toml")]
    pub config: Option<PathBuf>,

    /// Also write one combined PDF for printing, each letter starting on an odd page.
    #[arg(long)]
    pub merge: bool,

    /// Write the good rows even when some rows have errors (the bad ones are listed).
    #[arg(long)]
    pub keep_going: bool,

    /// Output and layout options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `gongwen annex`.
#[derive(Debug, Args)]
pub struct AnnexArgs {
    /// The roster (名册.xlsx).
    pub roster: PathBuf,

    /// The workspace configuration (which lists exist).
    #[arg(long, value_name = "gongwen.toml")]
    pub config: Option<PathBuf>,

    /// Output and layout options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `gongwen minutes`.
#[derive(Debug, Args)]
pub struct MinutesArgs {
    /// The meeting workbook (.xlsx) or JSON file.
    pub meeting: PathBuf,

    /// The roster, to check attendees.
    #[arg(long, value_name = "R.xlsx")]
    pub roster: Option<PathBuf>,

    /// The workspace configuration.
    #[arg(long, value_name = "gongwen.toml")]
    pub config: Option<PathBuf>,

    /// Output and layout options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `gongwen check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A workspace folder, or spreadsheet files (default: the current folder).
    pub inputs: Vec<PathBuf>,

    /// With --json: print the normalised model (what templates see) instead of diagnostics.
    #[arg(long)]
    pub model: bool,
}

/// `gongwen diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The roster before the change.
    pub old: PathBuf,
    /// The roster after the change.
    pub new: PathBuf,
}

/// `gongwen preview`.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The workspace folder.
    #[arg(default_value = ".")]
    pub workspace: PathBuf,

    /// Port on 127.0.0.1 (the next free one of a few is tried if taken).
    #[arg(long, default_value_t = 4567)]
    pub port: u16,

    /// Open the browser.
    #[arg(long)]
    pub open: bool,
}

/// `gongwen fonts`.
#[derive(Debug, Args)]
pub struct FontsArgs {
    /// A workspace whose fonts/ folder and gongwen.toml fonts are considered.
    #[arg(default_value = ".")]
    pub workspace: PathBuf,

    /// Also list every font family found, with its files.
    #[arg(long)]
    pub all: bool,

    /// Check characters (a text, or a file whose text is checked): for each role, which
    /// characters its font lacks and which font prints them instead. Exit status 1 when no
    /// font has one of them.
    #[arg(long, value_name = "TEXT|FILE")]
    pub check: Option<String>,

    /// Ignore installed fonts: what a build with --no-system-fonts would use.
    #[arg(long)]
    pub no_system_fonts: bool,
}

/// Options for commands that write documents.
#[derive(Debug, Clone, Args, Default)]
pub struct OutputArgs {
    /// Output folder (default: out/ in the workspace, or beside the input).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Output formats, comma-separated (default pdf,docx: the PDF to send, the DOCX to edit; png only for build).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "pdf,docx,png")]
    pub format: Vec<OutputFormat>,

    /// Red head printed (normal) or left out with its space kept, for pre-printed red-head paper (套红).
    #[arg(long, value_enum, default_value_t = Letterhead::Printed)]
    pub letterhead: Letterhead,

    /// Put the 版记 on an even page, inserting an unnumbered blank page when needed (duplex printing).
    #[arg(long)]
    pub even_colophon: bool,

    /// Mark output as a draft (diagonal 草稿 watermark and a banner naming the inputs).
    #[arg(long)]
    pub draft: bool,

    /// Font names in DOCX: the government fonts the recipient has, or the bundled Fandol fonts.
    #[arg(long, value_enum, default_value_t = DocxFonts::Government)]
    pub docx_fonts: DocxFonts,

    /// Print the Document IR as JSON instead of writing files.
    #[arg(long, value_enum, value_name = "STAGE")]
    pub emit: Option<Emit>,

    /// Extra font folders (searched before system fonts).
    #[arg(long, value_name = "DIR", env = "GONGWEN_FONT_PATHS", value_delimiter = ':')]
    pub font_path: Vec<PathBuf>,

    /// Ignore fonts installed on the system (use only fonts/ folders and the bundled fonts).
    #[arg(long)]
    pub no_system_fonts: bool,
}

/// File formats the writers produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum)]
pub enum OutputFormat {
    /// PDF through typst, fonts embedded.
    Pdf,
    /// Word document through docx-rs.
    Docx,
    /// One PNG per page.
    Png,
}

/// Red-head handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Letterhead {
    /// Print the red issuer mark and rules.
    #[default]
    Printed,
    /// Leave them out (keeping their space) for pre-printed paper.
    Preprinted,
}

/// DOCX font naming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DocxFonts {
    /// 方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体.
    #[default]
    Government,
    /// FandolSong, FandolFang, FandolHei, FandolKai.
    Bundled,
}

/// Intermediate stages that can be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// The Document IR as JSON.
    Ir,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
