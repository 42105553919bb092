//! Everything gongwen prints on stdout and stderr goes through here.
//!
//! Rust ignores SIGPIPE, so a reader that goes away (`gongwen letters … | head -c 1`) turns
//! every later write into an `EPIPE` error, and `println!` panics on it: exit status 101 and a
//! panic message instead of the run's own status. Here a closed stream is remembered and
//! written no more, and the run goes on to end with the status it earns (1 for bad input, 0
//! otherwise): files are still written, the registry still kept.
//!
//! Any other failure to write stdout (a full disk under `gongwen check --json > file`) would
//! leave the caller a truncated answer with status 0; it is remembered, and `run` turns a
//! success into status 1 (see [`stdout_failure`]). A failure to write stderr has nowhere to be
//! told and is dropped.

use serde::Serialize;
use std::io::{self, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
static STDOUT_FAILURE: OnceLock<String> = OnceLock::new();

/// Write `text` to stdout as it is.
pub fn out(text: &str) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = write_all(io::stdout().lock(), text) {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != io::ErrorKind::BrokenPipe {
            let _ = STDOUT_FAILURE.set(e.to_string());
        }
    }
}

/// Write `text` and a line break to stdout.
pub fn outln(text: &str) {
    let mut line = String::with_capacity(text.len() + 1);
    line.push_str(text);
    line.push('\n');
    out(&line);
}

/// Write `value` to stdout as pretty JSON and a line break (`--json`, `--emit ir`).
pub fn json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => outln(&text),
        // Only a map with non-string keys fails; the caller must not get an empty answer.
        Err(e) => {
            let _ = STDOUT_FAILURE.set(format!("无法写成 JSON：{e}"));
        }
    }
}

/// Write `text` and a line break to stderr.
pub fn errln(text: &str) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut line = String::with_capacity(text.len() + 1);
    line.push_str(text);
    line.push('\n');
    if write_all(io::stderr().lock(), &line).is_err() {
        STDERR_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Why stdout lost output, if it did for another reason than its reader going away.
pub fn stdout_failure() -> Option<&'static str> {
    STDOUT_FAILURE.get().map(String::as_str)
}

// Flushed at once: stdout is line-buffered, and text without a final line break would meet its
// error only at exit, where nobody looks at it.
fn write_all(mut w: impl Write, text: &str) -> io::Result<()> {
    w.write_all(text.as_bytes())?;
    w.flush()
}
