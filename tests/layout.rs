//! Layout tests: lay out sample documents in-process and measure the frames against the
//! GB/T 9704 numbers of `writer::spec`.

mod common;

use gongwen::fonts::FontSet;
use gongwen::writer::RenderOptions;
use gongwen::writer::pdf::Engine;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&FontSet::bundled().expect("bundled fonts")).expect("engine"))
}

#[test]
fn dump_samples() {
    let Some(dir) = std::env::var_os("GONGWEN_DUMP") else { return };
    for (name, doc) in [
        ("notice", common::notice()),
        ("letter", common::letter()),
        ("minutes", common::minutes()),
        ("annex", common::annex()),
    ] {
        match engine().pdf(&doc, &RenderOptions::default()) {
            Ok(pdf) => std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), pdf).expect("write"),
            Err(e) => panic!("{name}: {}", e.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")),
        }
    }
}

#[test]
fn dump_experiment() {
    let Some(dir) = std::env::var_os("GONGWEN_DUMP") else { return };
    let mut doc = common::notice();
    if let Some(a) = doc.attachments.last_mut() {
        a.blocks.truncate(std::env::var("KEEP").ok().and_then(|s| s.parse().ok()).unwrap_or(1));
        if let Some(Ok(n)) = std::env::var("ROWS").ok().map(|s| s.parse::<usize>()) {
            for b in &mut a.blocks {
                if let gongwen::ir::Block::Table(t) = b {
                    t.rows.truncate(n);
                }
            }
        }
        if std::env::var_os("UNRULED").is_some() {
            for b in &mut a.blocks {
                if let gongwen::ir::Block::Table(t) = b {
                    t.ruled = false;
                }
            }
        }
    }
    let pdf = engine().pdf(&doc, &RenderOptions::default()).expect("pdf");
    std::fs::write(std::path::Path::new(&dir).join("exp.pdf"), pdf).expect("write");
}
