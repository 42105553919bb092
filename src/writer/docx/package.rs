//! Packaging: core properties from the IR's metadata, the 版记 text box put in place, and the
//! zip written with fixed timestamps, so the same IR always gives the same bytes.

use super::shapes::Injection;
use crate::diag::{Diagnostic, Location};
use crate::ir::Meta;
use docx_rs::Docx;
use std::io::Cursor;

fn escape(s: &str) -> String {
    super::clean(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `docProps/core.xml`: title, author = issuer, created and modified on the document's date
/// (never the clock; the epoch when the IR has no date).
fn core_xml(meta: &Meta) -> String {
    let when = meta
        .date
        .map(|d| format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month, d.day))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let (title, author) = (escape(&meta.title), escape(&meta.author));
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"#,
            r#"<cp:revision>1</cp:revision>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        title = title,
        author = author,
        when = when
    )
}

/// Settings of 正文 that docx-rs cannot write, inherited by every body style:
/// - `overflowPunct` written out as on. That is Word's default (punctuation may overhang the
///   margin), but LibreOffice 7.4 reads the flag inverted: unset or 0 makes it hang 、 and ，
///   up to 5.6 mm beyond the 版心, 1 makes it break the line before them, as the 28-character
///   grid needs (measured with `conform --render-docx`).
/// - `autoSpaceDE/DN` off: no automatic gap between CJK text and digits or Latin, which
///   would shorten lines holding dates or numbers below 28 characters. Word and WPS honour
///   them; LibreOffice 7.4 ignores both (its DOCX import has no mapping for them, here, in
///   the paragraph or in `docDefaults` alike) and keeps "spacing between Asian and non-Asian
///   text" on: 1/5 em (3.2 pt) at every boundary between a CJK character and a digit or
///   letter, so in its rendering such lines still carry less than 28 cells. Nothing in a
///   DOCX turns that off.
fn body_typography(styles: Vec<u8>) -> Result<Vec<u8>, Diagnostic> {
    let mut s = String::from_utf8(styles).map_err(|e| internal(format!("styles.xml is not UTF-8: {e}")))?;
    let start = format!(r#"w:styleId="{}""#, super::styles::BODY);
    let at = s
        .find(&start)
        .and_then(|i| s[i..].find("<w:pPr>").map(|j| i + j + "<w:pPr>".len()))
        .ok_or_else(|| internal("正文 style without paragraph properties".to_string()))?;
    s.insert_str(at, r#"<w:overflowPunct w:val="1" /><w:autoSpaceDE w:val="0" /><w:autoSpaceDN w:val="0" />"#);
    Ok(s.into_bytes())
}

/// The document languages in `docDefaults`, which docx-rs cannot write: Chinese (mainland)
/// for East Asian text, English for the Latin-script channel (digits, Latin letters), as
/// Chinese editions of Word and WPS set them. LibreOffice otherwise takes both from the
/// user's profile, and its line breaking follows them: the Chinese rules (the CJK break
/// iterator) break a line between any two characters, digits included, so as the Latin
/// language `zh-CN` splits numbers ("2022年2月2" / "8日", measured with `conform
/// --render-docx`); the English rules keep a number whole. (They also keep a closing bracket
/// with a number after it, "〔2021〕45号": LibreOffice's rules follow UAX #14 5.0, whose LB30
/// forbids a break between close punctuation and a number; the PDF breaks there.)
fn doc_languages(styles: Vec<u8>) -> Result<Vec<u8>, Diagnostic> {
    let s = String::from_utf8(styles).map_err(|e| internal(format!("styles.xml is not UTF-8: {e}")))?;
    let empty = "<w:rPrDefault><w:rPr />";
    if s.matches(empty).count() != 1 {
        return Err(internal("docDefaults without an empty run property default".to_string()));
    }
    let lang = format!(r#"<w:rPrDefault><w:rPr><w:lang w:val="{LATIN}" w:eastAsia="{EAST_ASIAN}" /></w:rPr>"#);
    Ok(s.replacen(empty, &lang, 1).into_bytes())
}

/// Language of East Asian text: simplified Chinese, mainland China.
const EAST_ASIAN: &str = "zh-CN";
/// Language of Latin-script text (see [`doc_languages`]).
const LATIN: &str = "en-US";

fn internal(message: String) -> Diagnostic {
    Diagnostic::error("docx-write", Location::default(), message)
        .hint("这是 gongwen 的内部错误，请报告此问题并附上输入文件。")
}

/// Build the package: parts from docx-rs, our core properties and text box, zipped.
///
/// Determinism: docx-rs writes zip entries with `zip`'s default time, which is the DOS epoch
/// (1980-01-01) as long as zip's `time` feature stays off; `tests/docx.rs` checks every entry.
pub(super) fn pack(
    docx: Docx,
    meta: &Meta,
    document: Option<Injection>,
    headers: Vec<Injection>,
    body_end: Option<&str>,
) -> Result<Vec<u8>, Diagnostic> {
    let mut xml = docx.build();
    if let Some(id) = body_end {
        unnumbered_tail(&mut xml, id)?;
    }
    xml.doc_props.core = core_xml(meta).into_bytes();
    xml.styles = doc_languages(body_typography(std::mem::take(&mut xml.styles))?)?;
    if let Some(i) = document {
        xml.document = inject(std::mem::take(&mut xml.document), &i, "document.xml")?;
    }
    for i in &headers {
        // Each header part holds the anchor of exactly one injection.
        let at = xml.headers.iter().position(|p| p.windows(i.placeholder.len()).any(|w| w == i.placeholder.as_bytes()));
        let part = at.and_then(|k| xml.headers.get_mut(k)).ok_or_else(|| internal("header anchor missing".into()))?;
        *part = inject(std::mem::take(part), i, "header")?;
    }
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| internal(format!("cannot write the DOCX package: {e}")))?;
    Ok(out.into_inner())
}

/// The relationship id of the empty footer of the pages after the body.
const BLANK_FOOTER: &str = "rIdFooterBlank";

/// End the body's section in its last paragraph (`body_end`, a paragraph id) and give the pages
/// after it (the blank page and the 版记 page of `even_colophon`) a section of their own whose
/// footers are empty: those pages carry no number (7.5). docx-rs cannot write a second
/// section with more than one footer (`add_section` keeps only the first), so the body's
/// section is a copy of the document's, and the document's own (the last) section gets an
/// empty footer part for odd and even pages, and no 信函 first page.
fn unnumbered_tail(xml: &mut docx_rs::XMLDocx, body_end: &str) -> Result<(), Diagnostic> {
    let broken = |what: &str| internal(format!("document.xml: {what}"));
    let mut doc = String::from_utf8(std::mem::take(&mut xml.document)).map_err(|_| broken("not UTF-8"))?;
    let sect_start = doc.rfind("<w:sectPr>").ok_or_else(|| broken("no section properties"))?;
    let sect_end = doc[sect_start..].find("</w:sectPr>").map(|e| sect_start + e + "</w:sectPr>".len());
    let sect_end = sect_end.ok_or_else(|| broken("unclosed section properties"))?;
    let body_sect = doc[sect_start..sect_end].to_string();
    // The last section: no footer of the body, no first page of its own.
    let mut last = body_sect.replace("<w:titlePg />", "");
    while let Some(a) = last.find("<w:footerReference ") {
        let b = last[a..].find("/>").map(|b| a + b + 2).ok_or_else(|| broken("footer reference"))?;
        last.replace_range(a..b, "");
    }
    let refs = format!(
        r#"<w:footerReference w:type="default" r:id="{BLANK_FOOTER}" /><w:footerReference w:type="even" r:id="{BLANK_FOOTER}" />"#
    );
    last.insert_str("<w:sectPr>".len(), &refs);
    doc.replace_range(sect_start..sect_end, &last);
    // The body's section ends with its last paragraph (section properties last in `w:pPr`).
    let p = doc.find(&format!(r#"w14:paraId="{body_end}""#)).ok_or_else(|| broken("body's last paragraph"))?;
    let ppr_end = doc[p..].find("</w:pPr>").map(|e| p + e).ok_or_else(|| broken("paragraph properties"))?;
    doc.insert_str(ppr_end, &body_sect);
    xml.document = doc.into_bytes();
    // The empty footer part, its relationship and its content type.
    xml.footers.push(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p /></w:ftr>"#
        )
        .as_bytes()
        .to_vec(),
    );
    let part = format!("footer{}.xml", xml.footers.len());
    let rel = format!(
        r#"<Relationship Id="{BLANK_FOOTER}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="{part}" />"#
    );
    xml.document_rels = insert_before(std::mem::take(&mut xml.document_rels), "</Relationships>", &rel)?;
    let ty = format!(
        r#"<Override PartName="/word/{part}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" />"#
    );
    xml.content_type = insert_before(std::mem::take(&mut xml.content_type), "</Types>", &ty)?;
    Ok(())
}

/// `text` inserted before the last `end` of a part.
fn insert_before(part: Vec<u8>, end: &str, text: &str) -> Result<Vec<u8>, Diagnostic> {
    let mut s = String::from_utf8(part).map_err(|e| internal(format!("package part is not UTF-8: {e}")))?;
    let at = s.rfind(end).ok_or_else(|| internal(format!("package part without {end}")))?;
    s.insert_str(at, text);
    Ok(s.into_bytes())
}

/// Put `i.run` in place of the one placeholder run of `part`.
fn inject(part: Vec<u8>, i: &Injection, name: &str) -> Result<Vec<u8>, Diagnostic> {
    let xml = String::from_utf8(part).map_err(|e| internal(format!("{name} is not UTF-8: {e}")))?;
    let found = xml.matches(&i.placeholder).count();
    if found != 1 {
        return Err(internal(format!("anchor found {found} times in {name}")));
    }
    Ok(xml.replacen(&i.placeholder, &i.run, 1).into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_before_the_closing_tag() {
        let out = insert_before(b"<Types><A /></Types>".to_vec(), "</Types>", "<B />").expect("inserted");
        assert_eq!(out, b"<Types><A /><B /></Types>");
        assert!(insert_before(b"<Types>".to_vec(), "</Types>", "<B />").is_err());
    }
}
