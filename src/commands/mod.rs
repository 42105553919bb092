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
pub mod preview;

use crate::CmdResult;
use crate::cli::{Cli, Command};
use crate::diag::Reporter;

/// Run the subcommand of `cli`.
pub fn dispatch(cli: &Cli, reporter: &Reporter) -> CmdResult {
    match &cli.command {
        Command::Demo(args) => demo::run(args, &cli.global, reporter),
        Command::Init(args) => init::run(args, reporter),
        Command::Build(args) => build::run(args, &cli.global, reporter),
        Command::Letters(args) => letters::run(args, &cli.global, reporter),
        Command::Annex(args) => annex::run(args, reporter),
        Command::Minutes(args) => minutes::run(args, reporter),
        Command::Check(args) => check::run(args, reporter),
        Command::Diff(args) => diff::run(args, reporter),
        Command::Preview(args) => preview::run(args, reporter),
        Command::Fonts(args) => fonts::run(args, reporter),
    }
}
