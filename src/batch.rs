//! The batch engine: many documents rendered in parallel, written in order, memory flat.
//!
//! `jobs` worker threads pull item indices from a shared counter and render them (compose +
//! PDF/DOCX, given as a closure); the calling thread receives the results and hands them to a
//! sink **in index order** (it writes files atomically, so the output folder fills in row order
//! and a killed run leaves only complete files). A window bounds how far workers may run ahead
//! of the sink, so at most about `2 × jobs` rendered documents are in memory whatever the batch
//! size. Workers are plain threads, not the global rayon pool: typst-pdf runs its own rayon work
//! and waits on it, and on a shared pool another document's job could nest on the waiting stack
//! (DESIGN.md, "Speed"); the PDF engine gives each calling thread a private pool. Every
//! `evict_every` documents the `evict` hook trims typst's memo cache, which otherwise grows with
//! each document. A panic while rendering one item becomes that item's error. A progress bar is
//! drawn on a terminal only. This module knows nothing about documents or files.

use crate::diag::{Diagnostic, Diagnostics, Location};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// How a batch runs.
pub struct Options<'a> {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Draw a progress bar (only when stderr is a terminal and not `--quiet`).
    pub progress: bool,
    /// Trim caches every this many documents (0: never).
    pub evict_every: usize,
    /// The cache trim.
    pub evict: &'a (dyn Fn() + Sync),
}

/// The default number of workers: every core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Shared between workers and the sink: the next index to hand out, and how many results the
/// sink has consumed (workers wait while they are a full window ahead).
struct Gate {
    state: Mutex<(usize, usize)>,
    moved: Condvar,
}

/// Render `count` items: `render(i)` on the workers, `sink(i, result)` on the calling thread in
/// order `0, 1, 2, …`. Returns when every item has been sunk.
pub fn run<T, R, S>(count: usize, opts: &Options<'_>, render: R, mut sink: S)
where
    T: Send,
    R: Fn(usize) -> Result<T, Diagnostics> + Sync,
    S: FnMut(usize, Result<T, Diagnostics>),
{
    let jobs = opts.jobs.clamp(1, count.max(1));
    let window = 2 * jobs;
    let gate = Gate { state: Mutex::new((0, 0)), moved: Condvar::new() };
    let done = AtomicUsize::new(0);
    let bar = progress_bar(count, opts.progress);
    let (tx, rx) = mpsc::sync_channel::<(usize, Result<T, Diagnostics>)>(window);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (gate, done, render) = (&gate, &done, &render);
            scope.spawn(move || {
                while let Some(i) = next_index(gate, count, window) {
                    let result = catch_unwind(AssertUnwindSafe(|| render(i))).unwrap_or_else(|_| Err(panicked(i)));
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if opts.evict_every > 0 && n % opts.evict_every == 0 {
                        (opts.evict)();
                    }
                    if tx.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Result<T, Diagnostics>> = BTreeMap::new();
        let mut expected = 0;
        for (i, result) in rx.iter() {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&expected) {
                sink(expected, result);
                expected += 1;
                bar.inc(1);
                if let Ok(mut s) = gate.state.lock() {
                    s.1 = expected;
                }
                gate.moved.notify_all();
            }
        }
    });
    bar.finish_and_clear();
}

/// The next index for a worker, waiting while the sink is a full window behind; `None` when all
/// are handed out.
fn next_index(gate: &Gate, count: usize, window: usize) -> Option<usize> {
    let mut s = gate.state.lock().ok()?;
    loop {
        let (next, sunk) = *s;
        if next >= count {
            return None;
        }
        if next < sunk + window {
            s.0 += 1;
            return Some(next);
        }
        s = gate.moved.wait(s).ok()?;
    }
}

fn panicked(i: usize) -> Diagnostics {
    Diagnostic::error("internal", Location::default(), format!("第 {} 份文件生成时程序出错（内部错误）", i + 1))
        .hint("请把输入文件和这条消息报告给维护者")
        .into()
}

fn progress_bar(count: usize, visible: bool) -> ProgressBar {
    if !visible || count < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(count as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} 份 {elapsed_precise} 剩余 {eta}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    fn opts(jobs: usize) -> Options<'static> {
        Options { jobs, progress: false, evict_every: 0, evict: &|| {} }
    }

    #[test]
    fn results_reach_the_sink_in_index_order() {
        for jobs in [1, 2, 4] {
            let mut seen = Vec::new();
            run(
                50,
                &opts(jobs),
                |i| {
                    // Later items finish first, so ordering is the sink's doing.
                    std::thread::sleep(std::time::Duration::from_micros(((50 - i) * 20) as u64));
                    Ok(i * 10)
                },
                |i, r| seen.push((i, r.ok())),
            );
            assert_eq!(seen, (0..50).map(|i| (i, Some(i * 10))).collect::<Vec<_>>());
        }
    }

    #[test]
    fn workers_never_run_more_than_a_window_ahead() {
        let sunk = AtomicUsize::new(0);
        let overrun = AtomicBool::new(false);
        run(
            200,
            &opts(2),
            |i| {
                if i >= sunk.load(Ordering::SeqCst) + 4 {
                    overrun.store(true, Ordering::SeqCst);
                }
                Ok(())
            },
            |i, _| sunk.store(i + 1, Ordering::SeqCst),
        );
        assert!(!overrun.load(Ordering::SeqCst));
    }

    #[test]
    fn a_panic_becomes_that_items_error() {
        let mut errors = Vec::new();
        run(
            5,
            &opts(2),
            |i| if i == 3 { panic!("boom") } else { Ok(i) },
            |i, r| {
                if r.is_err() {
                    errors.push(i)
                }
            },
        );
        assert_eq!(errors, [3]);
    }

    #[test]
    fn the_cache_is_trimmed_every_n_documents() {
        let evictions = AtomicUsize::new(0);
        let evict = || {
            evictions.fetch_add(1, Ordering::SeqCst);
        };
        let o = Options { jobs: 2, progress: false, evict_every: 10, evict: &evict };
        run(35, &o, Ok, |_, _| {});
        assert_eq!(evictions.load(Ordering::SeqCst), 3);
    }
}
