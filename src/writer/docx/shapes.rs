//! Floating text boxes (DrawingML `wp:anchor` + `wps:wsp`), which docx-rs cannot write: the
//! 版记 on the bottom of the last page and the draft watermark. The XML is built here around
//! paragraphs that docx-rs renders (so their text is escaped the usual way) and put into the
//! part in place of a placeholder run by `package`.

use docx_rs::{BuildXML, Paragraph, Run};

/// EMU per twip (914400 per inch, 1440 twips per inch).
const EMU_PER_TWIP: i64 = 635;

/// Where a box sits: `relativeFrom` and either an offset in twips or an alignment.
pub(super) enum Place {
    /// `wp:posOffset`, twips from the reference's edge.
    Offset(&'static str, i64),
    /// `wp:align` (`left`, `center`, `bottom` …).
    Align(&'static str, &'static str),
}

impl Place {
    fn xml(&self, axis: &str) -> String {
        match self {
            Place::Offset(from, tw) => format!(
                r#"<wp:position{axis} relativeFrom="{from}"><wp:posOffset>{}</wp:posOffset></wp:position{axis}>"#,
                tw * EMU_PER_TWIP
            ),
            Place::Align(from, how) => {
                format!(r#"<wp:position{axis} relativeFrom="{from}"><wp:align>{how}</wp:align></wp:position{axis}>"#)
            }
        }
    }
}

/// A text box.
pub(super) struct TextBox {
    /// `wp:docPr` id, unique in the part.
    pub id: u32,
    /// `wp:docPr` name.
    pub name: &'static str,
    /// Horizontal place.
    pub x: Place,
    /// Vertical place.
    pub y: Place,
    /// Width and height, twips.
    pub size: (i64, i64),
    /// Rotation, degrees clockwise.
    pub rotation: i64,
    /// Behind the text (watermark) and without wrapping, or in front with text kept above
    /// and below it.
    pub behind: bool,
    /// Vertical anchoring of the text inside the box (`t`, `ctr`, `b`).
    pub anchor: &'static str,
}

impl TextBox {
    /// The `<w:r>` holding the box with `content` inside.
    pub(super) fn run(&self, content: &[Paragraph]) -> String {
        let content: String = content.iter().map(|p| String::from_utf8_lossy(&p.build()).into_owned()).collect();
        let (cx, cy) = (self.size.0 * EMU_PER_TWIP, self.size.1 * EMU_PER_TWIP);
        let (behind, wrap) = if self.behind { ("1", "<wp:wrapNone/>") } else { ("0", "<wp:wrapTopAndBottom/>") };
        let rot = self.rotation * 60_000;
        format!(
            concat!(
                r#"<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" "#,
                r#"relativeHeight="{z}" behindDoc="{behind}" locked="0" layoutInCell="1" allowOverlap="1">"#,
                r#"<wp:simplePos x="0" y="0"/>{x}{y}<wp:extent cx="{cx}" cy="{cy}"/>"#,
                r#"<wp:effectExtent l="0" t="0" r="0" b="0"/>{wrap}<wp:docPr id="{id}" name="{name}"/>"#,
                r#"<wp:cNvGraphicFramePr/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">"#,
                r#"<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>"#,
                r#"<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm rot="{rot}"><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>"#,
                r#"</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>"#,
                r#"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"#,
                r#"<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}" "#,
                r#"anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>"#,
                r#"</w:drawing></w:r>"#
            ),
            z = self.id + 1,
            behind = behind,
            x = self.x.xml("H"),
            y = self.y.xml("V"),
            cx = cx,
            cy = cy,
            wrap = wrap,
            id = self.id,
            name = self.name,
            rot = rot,
            content = content,
            anchor = self.anchor,
        )
    }
}

/// A run standing for floating content in a part, with its replacement.
pub(super) struct Injection {
    /// The placeholder run's XML, as docx-rs writes it.
    pub placeholder: String,
    /// What replaces it.
    pub run: String,
}

/// A placeholder run: hidden text is used nowhere else in the document, so the run's XML is
/// unique in its part.
pub(super) fn placeholder(tag: &str) -> Run {
    Run::new().vanish().add_text(tag)
}

/// The XML of a run, as docx-rs writes it inside a paragraph.
pub(super) fn run_xml(run: &Run) -> String {
    String::from_utf8_lossy(&run.build()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bottom_aligned_box_is_anchored_to_the_margin() {
        let b = TextBox {
            id: 1,
            name: "版记",
            x: Place::Offset("margin", 0),
            y: Place::Align("margin", "bottom"),
            size: (8845, 1000),
            rotation: 0,
            behind: false,
            anchor: "b",
        };
        let x = b.run(&[]);
        assert!(x.contains(r#"<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>"#));
        assert!(x.contains(r#"<wp:extent cx="5616575" cy="635000"/>"#), "{x}");
        assert!(x.contains(r#"behindDoc="0""#) && x.contains("<wp:wrapTopAndBottom/>"));
        assert!(x.contains(r#"anchor="b""#));
    }
}
