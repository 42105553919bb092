//! The batch engine: many documents rendered in parallel, written in order, memory flat.
//!
//! A producer thread hands items over one by one (row indices, or cases streamed from a sheet);
//! `jobs` worker threads take them and render them (compose + PDF/DOCX, given as a closure);
//! the calling thread receives the results and hands them to a sink **in index order** (it
//! writes files atomically, so the output folder fills in row order and a killed run leaves
//! only complete files). A window bounds how far the producer may run ahead of the sink, so at
//! most about `2 × jobs` items and rendered documents are in memory whatever the batch size. Workers are plain threads, not the global rayon pool: typst-pdf runs its own rayon work
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

/// How many documents a batch renders between two trims of typst's memo cache. The engine's
/// trim drops what the documents since the trim before did not use, so only a few documents'
/// worth stays cached (≈ 0.4 MiB each); trimming every 32 with a longer memory kept ≈ 320 and
/// doubled the peak memory, trimming every 2 instead of 4 saves ≈ 2 MiB more.
pub const EVICT_EVERY: usize = 4;

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

/// Shared between the producer and the sink: how many results the sink has consumed (the
/// producer waits while it is a full window ahead).
struct Gate {
    sunk: Mutex<usize>,
    moved: Condvar,
}

impl Gate {
    /// Wait until item `next` may be handed out; false if the sink is gone.
    fn admit(&self, next: usize, window: usize) -> bool {
        let Ok(mut sunk) = self.sunk.lock() else { return false };
        while next >= *sunk + window {
            match self.moved.wait(sunk) {
                Ok(g) => sunk = g,
                Err(_) => return false,
            }
        }
        true
    }

    fn sunk(&self, n: usize) {
        if let Ok(mut sunk) = self.sunk.lock() {
            *sunk = n;
        }
        self.moved.notify_all();
    }
}

/// Render `count` items: `render(i)` on the workers, `sink(i, result)` on the calling thread in
/// order `0, 1, 2, …`. Returns when every item has been sunk.
pub fn run<T, R, S>(count: usize, opts: &Options<'_>, render: R, sink: S)
where
    T: Send,
    R: Fn(usize) -> Result<T, Diagnostics> + Sync,
    S: FnMut(usize, Result<T, Diagnostics>),
{
    // Handing out indices cannot fail.
    let _ = stream(count, opts, |emit: &mut Emit<'_, usize>| indices(count, emit), |_, i| render(i), sink);
}

fn indices(count: usize, emit: &mut Emit<'_, usize>) -> Result<(), Diagnostics> {
    for i in 0..count {
        if !emit(i) {
            break;
        }
    }
    Ok(())
}

/// What a producer calls with each item; false when the batch is over and it should stop.
pub type Emit<'e, I> = dyn FnMut(I) -> bool + 'e;

/// Render the items `produce` hands over one by one, on its own thread (a sheet streamed row
/// by row): `render(i, item)` on the workers, `sink(i, result)` on the calling thread in order.
/// `count` is the number of items expected, for the progress bar. The producer waits while it
/// is a window ahead of the sink, so only about `2 × jobs` items and results exist at once.
/// Returns the producer's error, if it failed (the items handed over before are still sunk).
pub fn stream<I, T, P, R, S>(
    count: usize,
    opts: &Options<'_>,
    produce: P,
    render: R,
    mut sink: S,
) -> Result<(), Diagnostics>
where
    I: Send,
    T: Send,
    P: FnOnce(&mut Emit<'_, I>) -> Result<(), Diagnostics> + Send,
    R: Fn(usize, I) -> Result<T, Diagnostics> + Sync,
    S: FnMut(usize, Result<T, Diagnostics>),
{
    let jobs = opts.jobs.clamp(1, count.max(1));
    let window = 2 * jobs;
    let gate = Gate { sunk: Mutex::new(0), moved: Condvar::new() };
    let done = AtomicUsize::new(0);
    let bar = progress_bar(count, opts.progress);
    let (work_tx, work_rx) = mpsc::sync_channel::<(usize, I)>(window);
    let work_rx = Mutex::new(work_rx);
    let (tx, rx) = mpsc::sync_channel::<(usize, Result<T, Diagnostics>)>(window);
    let produced = std::thread::scope(|scope| {
        let gate_ref = &gate;
        let producer = scope.spawn(move || {
            let mut next = 0;
            let mut emit = |item: I| {
                if !gate_ref.admit(next, window) || work_tx.send((next, item)).is_err() {
                    return false;
                }
                next += 1;
                true
            };
            catch_unwind(AssertUnwindSafe(|| produce(&mut emit))).unwrap_or_else(|_| Err(panicked(next)))
        });
        for _ in 0..jobs {
            let tx = tx.clone();
            let (work_rx, done, render) = (&work_rx, &done, &render);
            scope.spawn(move || {
                loop {
                    // Hold the lock only to take the next item, not while rendering it.
                    let item = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((i, item)) = item else { break };
                    let result =
                        catch_unwind(AssertUnwindSafe(|| render(i, item))).unwrap_or_else(|_| Err(panicked(i)));
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
                gate.sunk(expected);
            }
        }
        producer.join().unwrap_or_else(|_| Err(panicked(expected)))
    });
    bar.finish_and_clear();
    produced
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

    /// A producer that fails part-way: what it handed over is still rendered and sunk, in
    /// order, and its error is the batch's; one that panics becomes an error too.
    #[test]
    fn a_streamed_batch_sinks_what_came_and_returns_the_producers_error() {
        let mut seen = Vec::new();
        let produce = |emit: &mut Emit<'_, String>| {
            for i in 0..7 {
                emit(format!("第{i}行"));
            }
            Err(Diagnostic::error("io", Location::default(), "读到一半").into())
        };
        let r = stream(10, &opts(2), produce, |i, s: String| Ok(format!("{i}:{s}")), |i, r| seen.push((i, r.ok())));
        assert_eq!(r.expect_err("producer error").0[0].message, "读到一半");
        assert_eq!(seen, (0..7).map(|i| (i, Some(format!("{i}:第{i}行")))).collect::<Vec<_>>());

        let produce = |emit: &mut Emit<'_, usize>| {
            emit(0);
            panic!("boom")
        };
        let mut sunk = 0;
        assert!(stream(3, &opts(2), produce, |_, i| Ok(i), |_, _| sunk += 1).is_err());
        assert_eq!(sunk, 1);
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
