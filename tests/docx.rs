//! DOCX writer tests: the XML of the generated documents, measured against GB/T 9704.

#[path = "docx_fixtures/mod.rs"]
mod fixtures;

use gongwen::cli::DocxFonts;
use gongwen::writer::RenderOptions;
use gongwen::writer::docx::{DocxOptions, write};

#[test]
fn dump_samples_when_asked() {
    let Ok(dir) = std::env::var("GONGWEN_DOCX_DUMP") else { return };
    for (name, doc) in fixtures::all() {
        let bytes = write(&doc, &RenderOptions::default(), &DocxOptions { fonts: DocxFonts::Government }).unwrap();
        std::fs::write(format!("{dir}/{name}.docx"), bytes).unwrap();
    }
}
