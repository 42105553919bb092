//! Render benchmark (harness-free): one-page 督办函-sized letter, fonts loaded once.
//!
//! Prints the one-off cost of loading fonts and building the engine, then per-document
//! layout and PDF export times, the floor of an empty document (typst + template), and the
//! throughput of two worker threads. Run with `cargo bench --bench render`.

#[path = "../tests/common/mod.rs"]
#[allow(unreachable_pub)]
mod common;

use gongwen::fonts::FontSet;
use gongwen::ir::Document;
use gongwen::writer::RenderOptions;
use gongwen::writer::pdf::Engine;
use std::hint::black_box;
use std::time::Instant;

fn time<R>(label: &str, n: usize, mut f: impl FnMut() -> R) {
    // One warm-up run so memoisation of the template is not counted as per-document work.
    black_box(f());
    let start = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    let per = start.elapsed().as_secs_f64() * 1000.0 / n as f64;
    println!("{label:<44} {per:8.2} ms/doc  (n = {n})");
}

fn main() {
    let start = Instant::now();
    let fonts = FontSet::bundled().expect("fonts");
    let engine = Engine::new(&fonts).expect("engine");
    println!(
        "{:<44} {:8.2} ms (once per process)",
        "load fonts + build engine",
        start.elapsed().as_secs_f64() * 1000.0
    );

    let mut letter = common::letter();
    letter.body.truncate(1);
    let opts = RenderOptions::default();
    let pages = engine.layout(&letter, &opts).expect("layout").pages().len();
    assert_eq!(pages, 1, "the benchmark letter is one page");

    // Vary one character per document so typst's memo cache cannot return a whole result.
    let mut k = 0u32;
    let mut next = || {
        k += 1;
        let mut d = letter.clone();
        d.recipients = Some(format!("县直相关单位{k}"));
        d
    };
    time("layout, one-page letter", 200, || engine.layout(&next(), &opts).expect("layout"));
    time("layout + PDF export, one-page letter", 200, || engine.pdf(&next(), &opts).expect("pdf"));
    time("layout, empty document (typst + template floor)", 200, || {
        engine.layout(&Document::default(), &opts).expect("layout")
    });

    let docs: Vec<Document> = (0..400).map(|_| next()).collect();
    let start = Instant::now();
    let evict = || engine.evict();
    let options =
        gongwen::batch::Options { jobs: 2, progress: false, evict_every: gongwen::batch::EVICT_EVERY, evict: &evict };
    let mut ok = 0;
    gongwen::batch::run(docs.len(), &options, |i| engine.pdf(&docs[i], &opts), |_, r| ok += usize::from(r.is_ok()));
    assert_eq!(ok, docs.len());
    let per = start.elapsed().as_secs_f64() * 1000.0 / docs.len() as f64;
    println!("{:<44} {per:8.2} ms/doc wall  (n = {})", "PDF, 2 worker threads", docs.len());
}
