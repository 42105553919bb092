//! One module per subcommand: each turns its arguments into settings, drives the pipeline
//! stages and reports. No command contains layout or parsing logic of its own.

pub mod annex;
pub mod build;
pub mod check;
mod common;
pub mod demo;
pub mod diff;
pub mod fonts;
pub mod init;
pub mod letters;
pub mod minutes;

use crate::cli::{Cli, Command};
use crate::diag::Reporter;
use crate::{CmdResult, Failure};

/// Run the subcommand of `cli`.
pub fn dispatch(cli: &Cli, reporter: &Reporter) -> CmdResult {
    let name = match &cli.command {
        Command::Demo(args) => return demo::run(args, reporter),
        Command::Init(args) => return init::run(args, reporter),
        Command::Build(args) => return build::run(args, reporter),
        Command::Letters(args) => return letters::run(args, &cli.global, reporter),
        Command::Annex(args) => return annex::run(args, reporter),
        Command::Minutes(args) => return minutes::run(args, reporter),
        Command::Check(args) => return check::run(args, reporter),
        Command::Diff(args) => return diff::run(args, reporter),
        Command::Preview(_) => "preview",
        Command::Fonts(args) => return fonts::run(args, reporter),
    };
    Err(Failure::Usage(format!("`gongwen {name}` is being built")))
}
