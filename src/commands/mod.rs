//! One module per subcommand: each turns its arguments into settings, drives the pipeline
//! stages and reports. No command contains layout or parsing logic of its own.

pub mod build;
pub mod check;
pub mod demo;
pub mod diff;
pub mod fonts;
pub mod init;

use crate::cli::{Cli, Command};
use crate::diag::Reporter;
use crate::{CmdResult, Failure};

/// Run the subcommand of `cli`.
pub fn dispatch(cli: &Cli, reporter: &Reporter) -> CmdResult {
    let name = match &cli.command {
        Command::Demo(args) => return demo::run(args, reporter),
        Command::Init(args) => return init::run(args, reporter),
        Command::Build(args) => return build::run(args, reporter),
        Command::Letters(_) => "letters",
        Command::Annex(_) => "annex",
        Command::Minutes(_) => "minutes",
        Command::Check(args) => return check::run(args, reporter),
        Command::Diff(args) => return diff::run(args, reporter),
        Command::Preview(_) => "preview",
        Command::Fonts(args) => return fonts::run(args, reporter),
    };
    Err(Failure::Usage(format!("`gongwen {name}` is being built")))
}
