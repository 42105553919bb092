//! The DOCX styles: one named style per 公文 role, so a clerk restyles a role in Word or WPS
//! in one place (change 正文's font and all body text follows).
//!
//! Fonts, sizes, colours, indents and line spacing live here and nowhere else in the DOCX
//! writer: paragraphs and runs only name a style (positions such as alignment, frames and
//! borders stay direct, and curly quotes carry the East Asian hint, `super::text_runs`).
//! Every style that names a font writes all four `w:rFonts` channels with `w:hint="eastAsia"`
//! and no theme fonts, so CJK text and full-width punctuation keep the font in Word and WPS
//! (FORMAT.md §13).

use super::geometry::{self, PITCH};
use crate::cli::DocxFonts;
use crate::writer::spec::{self, FontRole};
use docx_rs::{
    AlignmentType, Indent, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style, StyleType, Styles,
};

/// 正文: 16 pt 仿宋, justified, first line indented 2 characters, on the line grid.
pub(super) const BODY: &str = "GwBody";
/// 正文 without the first-line indent (主送, table cells, lines set flush).
pub(super) const FLUSH: &str = "GwFlush";
/// 标题: 22 pt 小标宋, centred, off the grid.
pub(super) const TITLE: &str = "GwTitle";
/// 发文机关标志: 小标宋, red, centred, off the grid.
pub(super) const MARK: &str = "GwMark";
/// 一级标题 paragraph (黑体), outline level 1.
pub(super) const HEADING1: &str = "GwHeading1";
/// 二级标题 paragraph: 仿宋 with the run-in 楷体 heading as a character style, outline level 2.
pub(super) const HEADING2: &str = "GwHeading2";
/// 三级标题 paragraph (仿宋), outline level 3.
pub(super) const HEADING3: &str = "GwHeading3";
/// 四级标题 paragraph (仿宋), outline level 4.
pub(super) const HEADING4: &str = "GwHeading4";
/// 一级标题 run (黑体), for a heading run in a paragraph of another style.
pub(super) const HEADING1_CHAR: &str = "GwHeading1Char";
/// 二级标题 run (楷体): the run-in `（一）…。`.
pub(super) const HEADING2_CHAR: &str = "GwHeading2Char";
/// 签发人 names (楷体, 7.2.6).
pub(super) const SIGNER: &str = "GwSigner";
/// Emphasis run (黑体), e.g. list labels and `出席：`.
pub(super) const STRONG: &str = "GwStrong";
/// 附件标记: `附件1` in 黑体, flush left.
pub(super) const ANNEX_MARK: &str = "GwAnnexMark";
/// 表格: text of ruled tables, 14 pt 仿宋, one grid line per line, flush.
pub(super) const TABLE: &str = "GwTable";
/// 版记: 14 pt 仿宋.
pub(super) const COLOPHON: &str = "GwColophon";
/// 页码: 14 pt 宋体.
pub(super) const PAGE_NUMBER: &str = "GwPageNumber";
/// A rule-carrying empty paragraph (版记 lines, 信函 lines): tiny exact line, off the grid.
pub(super) const RULE: &str = "GwRule";

/// Font family names for each role.
#[derive(Debug, Clone)]
pub(super) struct Fonts {
    names: [(FontRole, &'static str); 5],
    /// The 小标宋 role is a bold face of its family (FandolSong Bold), selected with `w:b`;
    /// 方正小标宋简体 is a family of its own.
    bold_title: bool,
}

impl Fonts {
    /// Government names (what the recipient's Word has) or the bundled Fandol names.
    pub(super) fn new(choice: DocxFonts) -> Self {
        let name = |role: FontRole| match choice {
            DocxFonts::Government => role.government_families().first().copied().unwrap_or(role.bundled_family()),
            DocxFonts::Bundled => role.bundled_family(),
        };
        Fonts { names: FontRole::ALL.map(|r| (r, name(r))), bold_title: choice == DocxFonts::Bundled }
    }

    /// The family name of a role.
    pub(super) fn name(&self, role: FontRole) -> &'static str {
        self.names.iter().find(|(r, _)| *r == role).map(|(_, n)| *n).unwrap_or("")
    }

    /// All four channels plus the East Asian hint, no theme fonts.
    pub(super) fn run_fonts(&self, role: FontRole) -> RunFonts {
        let n = self.name(role);
        RunFonts::new().ascii(n).hi_ansi(n).east_asia(n).cs(n).hint("eastAsia")
    }
}

fn exact(line: i64) -> LineSpacing {
    LineSpacing::new().before(0).after(0).line(line as i32).line_rule(LineSpacingType::Exact)
}

fn sized(style: Style, pt: f64) -> Style {
    style.size(geometry::half_points(pt))
}

fn paragraph(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph).name(name)
}

fn character(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Character).name(name)
}

fn no_indent() -> Indent {
    Indent::new(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
}

/// All styles of a document.
pub(super) fn styles(fonts: &Fonts) -> Styles {
    let red = {
        let (r, g, b) = spec::RED_RGB;
        format!("{r:02X}{g:02X}{b:02X}")
    };
    let mut body = paragraph(BODY, "正文")
        .based_on("Normal")
        .next(BODY)
        .fonts(fonts.run_fonts(FontRole::Body))
        .align(AlignmentType::Both)
        .line_spacing(exact(PITCH))
        .indent(Some(0), Some(SpecialIndentType::FirstLine(geometry::first_line_indent() as i32)), Some(0), None)
        .q_format(true);
    body = sized(body, spec::BODY_PT);
    // 28 characters of 16 pt on 156 mm: −0.25 pt per character (FORMAT.md §3, option a). The
    // grid stays "lines": LibreOffice lays a `linesAndChars` grid out at 14 characters a line.
    body.run_property = body.run_property.spacing(spec::DOCX_CHAR_SPACING_TWIPS as i32);
    // 22 lines on every page: no widow/orphan control moving a line to the next page.
    body.paragraph_property.widow_control = Some(false);

    let flush = paragraph(FLUSH, "正文顶格").based_on(BODY).next(BODY).q_format(true);
    let flush = with_indent(flush, no_indent());

    let title = paragraph(TITLE, "标题")
        .based_on(BODY)
        .next(BODY)
        .fonts(fonts.run_fonts(FontRole::Title))
        .align(AlignmentType::Center)
        .snap_to_grid(false)
        .q_format(true);
    let mut title = with_indent(sized(title, spec::TITLE_PT), no_indent());

    let mark = paragraph(MARK, "发文机关标志")
        .based_on(BODY)
        .fonts(fonts.run_fonts(FontRole::Title))
        .color(red)
        .align(AlignmentType::Center)
        .snap_to_grid(false);
    let mut mark = with_indent(sized(mark, spec::MARK_PT), no_indent());
    mark.run_property = mark.run_property.spacing(0);
    if fonts.bold_title {
        title = title.bold();
        mark = mark.bold();
    }

    let h1 =
        paragraph(HEADING1, "一级标题").based_on(BODY).next(BODY).fonts(fonts.run_fonts(FontRole::Hei)).outline_lvl(0);
    let h2 = paragraph(HEADING2, "二级标题").based_on(BODY).next(BODY).outline_lvl(1);
    let h3 = paragraph(HEADING3, "三级标题").based_on(BODY).next(BODY).outline_lvl(2);
    let h4 = paragraph(HEADING4, "四级标题").based_on(BODY).next(BODY).outline_lvl(3);
    let h1c = character(HEADING1_CHAR, "一级标题字符").fonts(fonts.run_fonts(FontRole::Hei));
    let h2c = character(HEADING2_CHAR, "二级标题字符").fonts(fonts.run_fonts(FontRole::Kai));
    let strong = character(STRONG, "黑体强调").fonts(fonts.run_fonts(FontRole::Hei));
    let signer = character(SIGNER, "签发人姓名").fonts(fonts.run_fonts(FontRole::Kai));

    let annex = paragraph(ANNEX_MARK, "附件标记").based_on(BODY).next(BODY).fonts(fonts.run_fonts(FontRole::Hei));
    let annex = with_indent(annex.align(AlignmentType::Left), no_indent());

    let colophon = paragraph(COLOPHON, "版记").based_on(BODY).snap_to_grid(false).line_spacing(exact(PITCH));
    let mut colophon = with_indent(sized(colophon, spec::COLOPHON_PT), no_indent());
    colophon.run_property = colophon.run_property.spacing(0);

    let table = paragraph(TABLE, "表格").based_on(FLUSH).snap_to_grid(false).line_spacing(exact(PITCH));
    let mut table = sized(table, spec::COLOPHON_PT);
    table.run_property = table.run_property.spacing(0);

    let (_, pn_line) = geometry::footer();
    let page_number = paragraph(PAGE_NUMBER, "页码")
        .fonts(fonts.run_fonts(FontRole::Song))
        .snap_to_grid(false)
        .line_spacing(exact(pn_line));
    let page_number = with_indent(sized(page_number, spec::PAGE_NUMBER_PT), no_indent());

    let rule = paragraph(RULE, "线条").based_on(BODY).snap_to_grid(false).line_spacing(exact(geometry::RULE_LINE));
    let rule = with_indent(sized(rule, 1.0), no_indent());

    Styles::new()
        .add_style(body)
        .add_style(flush)
        .add_style(title)
        .add_style(mark)
        .add_style(h1)
        .add_style(h2)
        .add_style(h3)
        .add_style(h4)
        .add_style(h1c)
        .add_style(h2c)
        .add_style(strong)
        .add_style(signer)
        .add_style(annex)
        .add_style(colophon)
        .add_style(table)
        .add_style(page_number)
        .add_style(rule)
}

fn with_indent(mut s: Style, indent: Indent) -> Style {
    s.paragraph_property.indent = Some(indent);
    s
}
