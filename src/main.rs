//! The `gongwen` binary: parse the command line, run, map the outcome to an exit status.
//! All logic lives in the library so tests can call it.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match gongwen::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // A closed pipe (e.g. `gongwen --help | head`) is not an error worth reporting.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    gongwen::run(cli)
}
