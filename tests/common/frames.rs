//! Flatten laid-out typst pages into glyphs and rules with absolute positions, so tests can
//! measure a document the way a reader (or the conform checker) sees it.

use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::visualize::{Geometry, Paint};
use typst_layout::PagedDocument;

/// Points per millimetre.
pub(crate) const PT_PER_MM: f64 = 72.0 / 25.4;

/// One glyph.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub(crate) text: String,
    /// Left edge of the glyph origin, pt from the page's left edge.
    pub(crate) x: f64,
    /// Baseline, pt from the page top.
    pub(crate) y: f64,
    /// Font size in pt (scaled by the frame transform).
    pub(crate) size: f64,
    /// Advance in pt (scaled).
    pub(crate) advance: f64,
    /// typst family of the glyph's font.
    pub(crate) family: String,
    /// Glyph id in its font: 0 is `.notdef`, the box drawn for a character the font lacks.
    pub(crate) id: u16,
    /// Filled red.
    pub(crate) red: bool,
}

/// One straight stroked line.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    pub(crate) y: f64,
    pub(crate) thickness: f64,
    pub(crate) red: bool,
}

/// What is on one page.
#[derive(Debug, Default)]
pub(crate) struct PageItems {
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) width: f64,
    pub(crate) height: f64,
}

/// A text line: glyphs sharing a baseline, left to right.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub(crate) y: f64,
    pub(crate) glyphs: Vec<Glyph>,
}

impl Line {
    pub(crate) fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }
    pub(crate) fn x0(&self) -> f64 {
        self.glyphs.first().map(|g| g.x).unwrap_or(0.0)
    }
    pub(crate) fn x1(&self) -> f64 {
        self.glyphs.last().map(|g| g.x + g.advance).unwrap_or(0.0)
    }
    pub(crate) fn size(&self) -> f64 {
        self.glyphs.first().map(|g| g.size).unwrap_or(0.0)
    }
}

fn is_red(paint: &Paint) -> bool {
    match paint {
        Paint::Solid(c) => {
            let rgb = c.to_rgb();
            rgb.red > 0.6 && rgb.green < 0.35 && rgb.blue < 0.35
        }
        _ => false,
    }
}

fn walk(frame: &Frame, ts: Transform, out: &mut PageItems) {
    for (pos, item) in frame.items() {
        let at = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(g) => walk(&g.frame, at.pre_concat(g.transform), out),
            FrameItem::Text(t) => {
                let scale_x = at.sx.get();
                let scale_y = at.sy.get();
                let mut x = 0.0;
                for g in &t.glyphs {
                    let p = Point::new(
                        typst::layout::Abs::pt(x + g.x_offset.at(t.size).to_pt()),
                        typst::layout::Abs::zero(),
                    )
                    .transform(at);
                    let adv = g.x_advance.at(t.size).to_pt();
                    out.glyphs.push(Glyph {
                        text: t.text.get(g.range()).unwrap_or("").to_string(),
                        x: p.x.to_pt(),
                        y: p.y.to_pt(),
                        size: t.size.to_pt() * scale_y,
                        advance: adv * scale_x,
                        family: t.font.info().family.clone(),
                        red: is_red(&t.fill),
                        id: g.id,
                    });
                    x += adv;
                }
            }
            FrameItem::Shape(shape, _) => {
                if let (Geometry::Line(d), Some(stroke)) = (&shape.geometry, &shape.stroke) {
                    let a = Point::zero().transform(at);
                    let b = d.transform(at);
                    if (a.y - b.y).to_pt().abs() < 0.01 {
                        out.rules.push(Rule {
                            x0: a.x.to_pt().min(b.x.to_pt()),
                            x1: a.x.to_pt().max(b.x.to_pt()),
                            y: a.y.to_pt(),
                            thickness: stroke.thickness.to_pt(),
                            red: is_red(&stroke.paint),
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every page's glyphs and rules.
pub(crate) fn pages(doc: &PagedDocument) -> Vec<PageItems> {
    doc.pages()
        .iter()
        .map(|p| {
            let mut items =
                PageItems { width: p.frame.width().to_pt(), height: p.frame.height().to_pt(), ..Default::default() };
            walk(&p.frame, Transform::identity(), &mut items);
            items
        })
        .collect()
}

/// Glyphs grouped into lines by baseline (within 0.5 pt), top to bottom.
pub(crate) fn lines(page: &PageItems) -> Vec<Line> {
    let mut glyphs: Vec<Glyph> = page.glyphs.iter().filter(|g| !g.text.trim().is_empty()).cloned().collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<Line> = Vec::new();
    for g in glyphs {
        match out.last_mut() {
            Some(l) if (l.y - g.y).abs() < 0.5 => l.glyphs.push(g),
            _ => out.push(Line { y: g.y, glyphs: vec![g] }),
        }
    }
    for l in &mut out {
        l.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    out
}

/// Millimetres to points.
pub(crate) fn mm(v: f64) -> f64 {
    v * PT_PER_MM
}
