//! gongwen: spreadsheets → typed model → Document IR → GB/T 9704 PDF and DOCX.
//!
//! The stages, one module each (see README, "Architecture"):
//! `reader` (calamine) → `model` (normalised records + diagnostics) → `compose` (minijinja
//! templates) → `ir` (the Document IR) → `writer::pdf` (typst) and `writer::docx` (docx-rs).
//! `source` parses body-text documents (`documents/*.md`) straight into the IR. `run` is the
//! entry point the binary calls; it maps outcomes to exit statuses (0, 1, 2).

pub mod batch;
pub mod build;
pub mod cli;
pub mod commands;
pub mod compose;
pub mod console;
pub mod coverage;
pub mod datadocs;
pub mod diag;
pub mod fonts;
pub mod grid;
pub mod ir;
pub mod manifest;
pub mod model;
pub mod output;
pub mod preview;
pub mod reader;
pub mod registry;
pub mod settings;
pub mod source;
pub mod workspace;
pub mod writer;

use diag::{Diagnostics, Reporter};
use std::process::ExitCode;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// Input, data, template or I/O problems (exit status 1). Already located.
    Input(Diagnostics),
    /// The command line asks for something impossible (exit status 2).
    Usage(String),
}

impl From<diag::Diagnostic> for Failure {
    fn from(d: diag::Diagnostic) -> Self {
        Failure::Input(d.into())
    }
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Input(d)
    }
}

/// The result of a command.
pub type CmdResult = Result<(), Failure>;

/// Run a parsed command line and return the process exit status.
pub fn run(cli: cli::Cli) -> ExitCode {
    let reporter = reporter(&cli.global);
    let code = match commands::dispatch(&cli, &reporter) {
        Ok(()) => 0,
        Err(Failure::Input(ds)) => {
            reporter.diagnostics(&ds);
            if reporter.json {
                // --json consumers get the errors on stdout too.
                console::json(&ds);
            }
            1
        }
        Err(Failure::Usage(msg)) => {
            console::errln(&format!("error: {msg}"));
            2
        }
    };
    match console::stdout_failure() {
        // The caller reads an answer that is cut short: not a success.
        Some(why) if code == 0 => {
            console::errln(&format!("error: 标准输出没有写完：{why}"));
            ExitCode::from(1)
        }
        _ => ExitCode::from(code),
    }
}

fn reporter(g: &cli::GlobalArgs) -> Reporter {
    use std::io::IsTerminal;
    let colour = match g.color {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    Reporter { colour, quiet: g.quiet, json: g.json }
}
