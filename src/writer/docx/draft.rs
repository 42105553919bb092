//! The draft marks (`RenderOptions::draft`, `--draft`), as the PDF draws them: a large light
//! grey 草稿 turned 45° behind the text of every page, and a small grey banner naming the
//! inputs in the top margin. They live in the page headers, so a draft cannot pass for the
//! issued document and the marks go in one place. (LibreOffice 7.4 shows the 草稿 unturned.)

use super::geometry;
use super::shapes::{self, Injection, Place, TextBox};
use super::styles::Fonts;
use super::{AddRuns, Ctx, text_run, text_runs};
use crate::writer::spec::{self, FontRole};
use docx_rs::{AlignmentType, Paragraph};

/// Light grey of the watermark (the PDF's `luma(225)`).
const MARK_GREY: &str = "E1E1E1";
/// Grey of the banner (the PDF's `luma(120)`).
const BANNER_GREY: &str = "787878";

/// The marks for header part `part` (0, 1, 2): the paragraph holding their anchor, and what
/// replaces it. Drawing ids differ between parts, as Word wants them unique in the package.
pub(super) fn marks(ctx: &mut Ctx, fonts: &Fonts, banner: &str, part: u32) -> (Paragraph, Injection) {
    let size = |pt: f64| geometry::half_points(pt);
    let mark_pt = 6.0 * spec::BODY_PT;
    let mark = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(text_run("草稿").fonts(fonts.run_fonts(FontRole::Hei)).size(size(mark_pt)).color(MARK_GREY));
    let banner_pt = (spec::COLOPHON_PT * 0.7 * 2.0).round() / 2.0;
    let line = Paragraph::new().add_runs(
        text_runs(format!("草稿\u{3000}{banner}"))
            .into_iter()
            .map(|r| r.fonts(fonts.run_fonts(FontRole::Body)).size(size(banner_pt)).color(BANNER_GREY))
            .collect(),
    );
    let pt = |p: f64| geometry::twips(p);
    let diagonal = TextBox {
        id: 11 + 2 * part,
        name: "草稿",
        x: Place::Align("page", "center"),
        y: Place::Align("page", "center"),
        size: (pt(2.5 * mark_pt), pt(1.5 * mark_pt)),
        rotation: -45,
        behind: true,
        anchor: "ctr",
    };
    let top = TextBox {
        id: 12 + 2 * part,
        name: "草稿说明",
        x: Place::Offset("page", geometry::margin_left()),
        y: Place::Offset("page", geometry::margin_top() / 3),
        size: (geometry::text_width(), pt(2.0 * banner_pt)),
        rotation: 0,
        behind: true,
        anchor: "t",
    };
    let run = format!("{}{}", diagonal.run(&[mark]), top.run(&[line]));
    let placeholder = shapes::placeholder(&format!("草稿{part}"));
    let anchor = ctx.paragraph().style(super::styles::RULE).add_run(placeholder.clone());
    (anchor, Injection { placeholder: shapes::run_xml(&placeholder), run })
}
