//! The GB/T 9704-2012 numbers, once.
//!
//! Every length, size, font role and colour either writer needs is here, with the clause that
//! forces it (numbers and confidence from `shared/FORMAT.md`). The PDF writer passes this table
//! to `templates/gongwen.typ` as data; the DOCX writer converts it to twips and half-points.
//! Nothing here knows about typst or docx-rs.

use serde::Serialize;

/// Millimetres per point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// Convert millimetres to points.
pub fn mm_to_pt(mm: f64) -> f64 {
    mm / MM_PER_PT
}

/// Convert millimetres to twips (1/20 pt), rounded.
pub fn mm_to_twips(mm: f64) -> i64 {
    (mm_to_pt(mm) * 20.0).round() as i64
}

/// Convert points to twips, rounded.
pub fn pt_to_twips(pt: f64) -> i64 {
    (pt * 20.0).round() as i64
}

/// Paper width, A4 (5.1).
pub const PAGE_WIDTH_MM: f64 = 210.0;
/// Paper height, A4 (5.1).
pub const PAGE_HEIGHT_MM: f64 = 297.0;
/// 天头: top margin (5.2.1), 37 mm ± 1.
pub const MARGIN_TOP_MM: f64 = 37.0;
/// 订口: left margin (5.2.1), 28 mm ± 1.
pub const MARGIN_LEFT_MM: f64 = 28.0;
/// 版心 width (5.2.1).
pub const BLOCK_WIDTH_MM: f64 = 156.0;
/// 版心 height (5.2.1).
pub const BLOCK_HEIGHT_MM: f64 = 225.0;
/// Right margin, derived 210 − 28 − 156.
pub const MARGIN_RIGHT_MM: f64 = PAGE_WIDTH_MM - MARGIN_LEFT_MM - BLOCK_WIDTH_MM;
/// Bottom margin, derived 297 − 37 − 225.
pub const MARGIN_BOTTOM_MM: f64 = PAGE_HEIGHT_MM - MARGIN_TOP_MM - BLOCK_HEIGHT_MM;

/// Lines per page (5.2.3, 一般).
pub const LINES_PER_PAGE: u32 = 22;
/// Characters per line (5.2.3, 一般).
pub const CHARS_PER_LINE: u32 = 28;

/// 号 → pt, Word/WPS convention (FORMAT.md §4).
pub mod size {
    /// 二号: titles (7.3.1).
    pub const ER: f64 = 22.0;
    /// 三号: body and most elements (5.2.2).
    pub const SAN: f64 = 16.0;
    /// 四号: 版记 and page numbers (7.4, 7.5).
    pub const SI: f64 = 14.0;
    /// 小初: the largest issuer mark we set by default (practice, [P1]).
    pub const XIAO_CHU: f64 = 36.0;
}

/// Body font size, 三号 (5.2.2).
pub const BODY_PT: f64 = size::SAN;
/// Title size, 二号 (7.3.1).
pub const TITLE_PT: f64 = size::ER;
/// 版记 size, 四号 (7.4).
pub const COLOPHON_PT: f64 = size::SI;
/// Page number size, 四号 (7.5).
pub const PAGE_NUMBER_PT: f64 = size::SI;
/// Issuer mark size: the standard sets none; 小初 is the practice maximum. Long marks are
/// narrowed by the writer to fit the type area rather than shrunk (practice, [P3]).
pub const MARK_PT: f64 = size::XIAO_CHU;

/// 纪要 出席/请假/列席 labels in 黑体 (10.3) or in the body's 仿宋. 仿宋: the conform checker
/// holds every body-size line to the body font, and the labels share their line with 仿宋 names.
pub const ATTENDANCE_LABEL_HEI: bool = false;

/// Line-breaking classes of full-width punctuation (GB/T 15834-2011 4.x, 行首行尾禁则). Both
/// writers and the line model of `source` read them from here.
pub mod punct {
    /// Marks that never start a line: the character before moves down with them.
    pub const CLOSING: &str = "，。、；：？！）》」』】〕";
    /// Opening brackets: never at a line end (GB/T 15834 行尾禁则); the bracket goes down
    /// with the character after it.
    pub const OPENING: &str = "（《「『【〔";
    /// Opening curly quotes: a whole cell each, as in every GB 2312 font (GB/T 15834); they
    /// never end a line.
    pub const OPENING_QUOTES: &str = "“‘";
    /// Closing curly quotes: a whole cell, never start a line.
    pub const CLOSING_QUOTES: &str = "”’";
}

/// Ideal line pitch: 225 mm / 22 = 28.99 pt (D).
pub fn line_pitch_pt() -> f64 {
    mm_to_pt(BLOCK_HEIGHT_MM) / LINES_PER_PAGE as f64
}

/// Word line pitch: 579 twips (28.95 pt) — 580 would leave Word only 21 lines (FORMAT.md §3).
pub const DOCX_LINE_PITCH_TWIPS: i64 = 579;

/// CJK advance for 28 characters on 156 mm: 15.79 pt (D).
pub fn char_advance_pt() -> f64 {
    mm_to_pt(BLOCK_WIDTH_MM) / CHARS_PER_LINE as f64
}

/// The PDF template's character grid: the tracking of every glyph and the advance it gives.
#[derive(Debug, Clone, Copy)]
pub struct LayoutGrid {
    /// Tracking of every body glyph, pt (negative: the fonts' em is wider than a cell).
    pub tracking_pt: f64,
    /// Advance of a body CJK character: 16 pt plus the tracking, pt.
    pub advance_pt: f64,
}

/// typst leaves the last glyph of each text run untracked, so the tracking spreads the spare
/// width over 27 glyphs, not 28; 0.001 pt keeps rounding from pushing the 28th glyph over.
pub fn layout_grid() -> LayoutGrid {
    let tracking_pt = (mm_to_pt(BLOCK_WIDTH_MM) - BODY_PT) / f64::from(CHARS_PER_LINE - 1) - BODY_PT - 0.001;
    LayoutGrid { tracking_pt, advance_pt: BODY_PT + tracking_pt }
}

/// Run character spacing for DOCX: −0.25 pt (−5 twips) gives 28 × 15.75 = 441 pt ≤ 442.2 pt;
/// LibreOffice renders `linesAndChars` grids with two cells per glyph, so the grid stays `lines`
/// (conform README, "Notes for generators").
pub const DOCX_CHAR_SPACING_TWIPS: i64 = -5;

/// Rules of a ruled table (practice; the standard gives none): dark grey, not black, in both
/// writers. Black rules in the lower half of a page read as a 版记 (to a reader and to the
/// conform checker), which a table is not.
pub const TABLE_RULE_RGB: &str = "666666";

/// Issuer mark top in 通用/纪要 formats: 35 mm below the type-area top (7.2.4, 10.3).
pub const MARK_TOP_BELOW_BLOCK_MM: f64 = 35.0;
/// 信函 issuer mark top: 30 mm from the paper top (10.1).
pub const LETTER_MARK_TOP_MM: f64 = 30.0;
/// Red separator: 4 mm under 发文字号 (7.2.7).
pub const SEPARATOR_GAP_MM: f64 = 4.0;
/// Separator stroke (practice; the standard gives none).
pub const SEPARATOR_STROKE_MM: f64 = 0.6;
/// 信函 double lines are 170 mm long (10.1).
pub const LETTER_RULE_MM: f64 = 170.0;
/// 信函 upper double line: 4 mm under the mark (10.1).
pub const LETTER_RULE_GAP_MM: f64 = 4.0;
/// 信函 lower double line: 20 mm above the paper bottom (10.1).
pub const LETTER_BOTTOM_RULE_MM: f64 = 20.0;
/// 信函 thick rule (practice [P1]; the standard gives no weights).
pub const LETTER_RULE_THICK_PT: f64 = 2.25;
/// Thin 信函 line.
pub const LETTER_RULE_THIN_PT: f64 = 0.75;
/// Distance between the centres of the two 信函 lines: close enough to read as one double
/// line (< 3 mm), far enough apart not to merge in print.
pub const LETTER_RULE_SPACING_MM: f64 = 1.4;

/// 版记 thick rules (first and last), recommended 0.35 mm (7.4.1).
pub const COLOPHON_THICK_MM: f64 = 0.35;
/// 版记 thin rules (between elements), recommended 0.25 mm (7.4.1).
pub const COLOPHON_THIN_MM: f64 = 0.25;

/// Page number: top of the number's em box 7 mm below the type area (7.5).
pub const PAGE_NUMBER_GAP_MM: f64 = 7.0;
/// Page number inset from the block edge: one 四号 character (7.5).
pub const PAGE_NUMBER_INSET_PT: f64 = PAGE_NUMBER_PT;
/// DOCX footer distance that lands the number 7 mm under the block (FORMAT.md §9, ≈ 25 mm).
pub const DOCX_FOOTER_MM: f64 = 25.0;

/// Red for the issuer mark and rules: the standard gives ink (Y80 M80), not RGB; implementations
/// use pure red ([P1], [P3]).
pub const RED_RGB: (u8, u8, u8) = (0xFF, 0x00, 0x00);

/// Indents counted in characters of the element's own size (clause 3: 字).
pub mod indent {
    /// Body paragraphs: first line 2 chars (7.3.3).
    pub const FIRST_LINE: u32 = 2;
    /// Unsealed 署名: right indent 2 chars (7.3.5.2).
    pub const UNSEALED_ISSUER_RIGHT: u32 = 2;
    /// Unsealed date starts 2 chars right of the 署名's first char (7.3.5.2).
    pub const UNSEALED_DATE_SHIFT: u32 = 2;
    /// Sealed 成文日期: right indent 4 chars (7.3.5.1).
    pub const SEALED_DATE_RIGHT: u32 = 4;
    /// 版记 elements: 1 char from each side (7.4.2).
    pub const COLOPHON_SIDE: u32 = 1;
    /// Attachment title: centred on line 3, i.e. one blank line after the marker (7.3.7).
    pub const ATTACHMENT_TITLE_LINE: u32 = 3;
    /// Blank lines between the body and a sealed 署名: room for the seal. 7.3.5.1 gives no
    /// number (it follows from the seal); practice is two to three.
    pub const SEALED_BLANK_LINES: u32 = 2;
}

/// The five font roles (DESIGN.md, "Fonts").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FontRole {
    /// 小标宋: titles and the issuer mark (7.2.4, 7.3.1).
    Title,
    /// 仿宋: body and the default for every element (5.2.2).
    Body,
    /// 黑体: level-1 headings, 附件 marker, attendance labels (7.3.3, 7.3.7, 10.3).
    Hei,
    /// 楷体: level-2 headings (7.3.3).
    Kai,
    /// 宋体: page numbers (7.5).
    Song,
}

impl FontRole {
    /// All roles in a stable order.
    pub const ALL: [FontRole; 5] = [FontRole::Title, FontRole::Body, FontRole::Hei, FontRole::Kai, FontRole::Song];

    /// The role's Chinese name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            FontRole::Title => "小标宋（标题、发文机关标志）",
            FontRole::Body => "仿宋（正文）",
            FontRole::Hei => "黑体（一级标题、附件标识）",
            FontRole::Kai => "楷体（二级标题）",
            FontRole::Song => "宋体（页码）",
        }
    }

    /// Government font family names, most preferred first: what the recipient's Word or WPS has,
    /// and what DOCX names (practice names, FORMAT.md §5).
    pub fn government_families(self) -> &'static [&'static str] {
        match self {
            FontRole::Title => &["方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"],
            FontRole::Body => &["仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"],
            FontRole::Hei => &["黑体", "SimHei"],
            FontRole::Kai => &["楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"],
            FontRole::Song => &["宋体", "SimSun"],
        }
    }

    /// Installed families of the role's style, most preferred first: where a character the
    /// role's font lacks is looked for before the broad-coverage fallback, so that 喆 in a
    /// 仿宋 line comes from another 仿宋 when one is installed (README, "Rare characters").
    pub fn style_families(self) -> &'static [&'static str] {
        match self {
            FontRole::Title => &[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "FZXiaoBiaoSong-B05",
                "方正小标宋_GB18030",
                "华文中宋",
                "STZhongsong",
            ],
            FontRole::Body => &[
                "仿宋_GB2312",
                "FangSong_GB2312",
                "仿宋",
                "FangSong",
                "方正仿宋_GBK",
                "FZFangSong-Z02",
                "方正仿宋_GB18030",
                "方正仿宋简体",
                "华文仿宋",
                "STFangsong",
            ],
            FontRole::Hei => &[
                "黑体",
                "SimHei",
                "方正黑体_GBK",
                "FZHei-B01",
                "方正黑体_GB18030",
                "方正黑体简体",
                "华文黑体",
                "STHeiti",
                "思源黑体",
                "Source Han Sans SC",
                "Noto Sans CJK SC",
            ],
            FontRole::Kai => &[
                "楷体_GB2312",
                "KaiTi_GB2312",
                "楷体",
                "KaiTi",
                "方正楷体_GBK",
                "FZKai-Z03",
                "方正楷体_GB18030",
                "方正楷体简体",
                "华文楷体",
                "STKaiti",
            ],
            FontRole::Song => &[
                "宋体",
                "SimSun",
                "新宋体",
                "NSimSun",
                "方正书宋_GBK",
                "FZShuSong-Z01",
                "方正书宋_GB18030",
                "华文宋体",
                "STSong",
            ],
        }
    }

    /// The family name of the bundled font as office software lists it (DOCX `--docx-fonts bundled`).
    pub fn bundled_family(self) -> &'static str {
        match self {
            FontRole::Title | FontRole::Song => "FandolSong",
            FontRole::Body => "FandolFang",
            FontRole::Hei => "FandolHei",
            FontRole::Kai => "FandolKai",
        }
    }

    /// The bundled open font file for the role (Fandol, GPL with font exception).
    pub fn bundled_file(self) -> &'static str {
        match self {
            FontRole::Title => "FandolSong-Bold.otf",
            FontRole::Body => "FandolFang-Regular.otf",
            FontRole::Hei => "FandolHei-Regular.otf",
            FontRole::Kai => "FandolKai-Regular.otf",
            FontRole::Song => "FandolSong-Regular.otf",
        }
    }
}

/// The numbers handed to the typst template as `spec` (all lengths in pt or mm as named).
#[derive(Debug, Clone, Serialize)]
pub struct LayoutSpec {
    /// Paper width, mm.
    pub page_width_mm: f64,
    /// Paper height, mm.
    pub page_height_mm: f64,
    /// Top margin, mm.
    pub margin_top_mm: f64,
    /// Left margin, mm.
    pub margin_left_mm: f64,
    /// Right margin, mm.
    pub margin_right_mm: f64,
    /// Bottom margin, mm.
    pub margin_bottom_mm: f64,
    /// Type-area width, mm.
    pub block_width_mm: f64,
    /// Type-area height, mm.
    pub block_height_mm: f64,
    /// Lines per page.
    pub lines: u32,
    /// Characters per line.
    pub chars: u32,
    /// Tracking of body glyphs, pt ([`layout_grid`]).
    pub tracking_pt: f64,
    /// Body size, pt.
    pub body_pt: f64,
    /// Title size, pt.
    pub title_pt: f64,
    /// 版记 size, pt.
    pub colophon_pt: f64,
    /// Page number size, pt.
    pub page_number_pt: f64,
    /// Issuer mark size, pt.
    pub mark_pt: f64,
    /// Mark top below the type-area top (通用/纪要), mm.
    pub mark_top_below_block_mm: f64,
    /// 信函 mark top from the paper top, mm.
    pub letter_mark_top_mm: f64,
    /// Separator gap under 发文字号, mm.
    pub separator_gap_mm: f64,
    /// Separator stroke, mm.
    pub separator_stroke_mm: f64,
    /// 信函 rule length, mm.
    pub letter_rule_mm: f64,
    /// 信函 upper rule gap under the mark, mm.
    pub letter_rule_gap_mm: f64,
    /// 信函 lower rule height above the paper bottom, mm.
    pub letter_bottom_rule_mm: f64,
    /// 信函 thick rule, pt.
    pub letter_rule_thick_pt: f64,
    /// 信函 thin rule, pt.
    pub letter_rule_thin_pt: f64,
    /// 信函 rule centre spacing, mm.
    pub letter_rule_spacing_mm: f64,
    /// 版记 thick rule, mm.
    pub colophon_thick_mm: f64,
    /// 版记 thin rule, mm.
    pub colophon_thin_mm: f64,
    /// Page number gap under the block, mm.
    pub page_number_gap_mm: f64,
    /// Page number inset, pt.
    pub page_number_inset_pt: f64,
    /// Red as `#rrggbb`.
    pub red: String,
    /// Table rules as `#rrggbb` ([`TABLE_RULE_RGB`]).
    pub table_rule: String,
    /// Body first-line indent, chars.
    pub first_line_indent_chars: u32,
    /// Unsealed 署名 right indent, chars.
    pub unsealed_issuer_right_chars: u32,
    /// Unsealed date shift, chars.
    pub unsealed_date_shift_chars: u32,
    /// Sealed date right indent, chars.
    pub sealed_date_right_chars: u32,
    /// 版记 side indent, chars.
    pub colophon_side_chars: u32,
    /// Marks that never start a line ([`punct::CLOSING`]).
    pub closing_marks: String,
    /// Opening brackets ([`punct::OPENING`]).
    pub opening_marks: String,
    /// Opening curly quotes ([`punct::OPENING_QUOTES`]).
    pub opening_quotes: String,

    /// Closing curly quotes ([`punct::CLOSING_QUOTES`]).
    pub closing_quotes: String,
    /// 纪要 attendance labels in 黑体 ([`ATTENDANCE_LABEL_HEI`]).
    pub attendance_label_hei: bool,
}

impl LayoutSpec {
    /// The standard's numbers.
    pub fn gbt9704() -> Self {
        let (r, g, b) = RED_RGB;
        LayoutSpec {
            page_width_mm: PAGE_WIDTH_MM,
            page_height_mm: PAGE_HEIGHT_MM,
            margin_top_mm: MARGIN_TOP_MM,
            margin_left_mm: MARGIN_LEFT_MM,
            margin_right_mm: MARGIN_RIGHT_MM,
            margin_bottom_mm: MARGIN_BOTTOM_MM,
            block_width_mm: BLOCK_WIDTH_MM,
            block_height_mm: BLOCK_HEIGHT_MM,
            lines: LINES_PER_PAGE,
            chars: CHARS_PER_LINE,
            tracking_pt: layout_grid().tracking_pt,
            body_pt: BODY_PT,
            title_pt: TITLE_PT,
            colophon_pt: COLOPHON_PT,
            page_number_pt: PAGE_NUMBER_PT,
            mark_pt: MARK_PT,
            mark_top_below_block_mm: MARK_TOP_BELOW_BLOCK_MM,
            letter_mark_top_mm: LETTER_MARK_TOP_MM,
            separator_gap_mm: SEPARATOR_GAP_MM,
            separator_stroke_mm: SEPARATOR_STROKE_MM,
            letter_rule_mm: LETTER_RULE_MM,
            letter_rule_gap_mm: LETTER_RULE_GAP_MM,
            letter_bottom_rule_mm: LETTER_BOTTOM_RULE_MM,
            letter_rule_thick_pt: LETTER_RULE_THICK_PT,
            letter_rule_thin_pt: LETTER_RULE_THIN_PT,
            letter_rule_spacing_mm: LETTER_RULE_SPACING_MM,
            colophon_thick_mm: COLOPHON_THICK_MM,
            colophon_thin_mm: COLOPHON_THIN_MM,
            page_number_gap_mm: PAGE_NUMBER_GAP_MM,
            page_number_inset_pt: PAGE_NUMBER_INSET_PT,
            red: format!("#{r:02x}{g:02x}{b:02x}"),
            table_rule: format!("#{TABLE_RULE_RGB}"),
            first_line_indent_chars: indent::FIRST_LINE,
            unsealed_issuer_right_chars: indent::UNSEALED_ISSUER_RIGHT,
            unsealed_date_shift_chars: indent::UNSEALED_DATE_SHIFT,
            sealed_date_right_chars: indent::SEALED_DATE_RIGHT,
            colophon_side_chars: indent::COLOPHON_SIDE,
            closing_marks: punct::CLOSING.to_owned(),
            opening_marks: punct::OPENING.to_owned(),
            opening_quotes: punct::OPENING_QUOTES.to_owned(),
            closing_quotes: punct::CLOSING_QUOTES.to_owned(),
            attendance_label_hei: ATTENDANCE_LABEL_HEI,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_margins_match_the_standard() {
        assert!((MARGIN_RIGHT_MM - 26.0).abs() < 1e-9);
        assert!((MARGIN_BOTTOM_MM - 35.0).abs() < 1e-9);
    }

    #[test]
    fn grid_numbers() {
        assert!((line_pitch_pt() - 28.99).abs() < 0.01);
        assert!((char_advance_pt() - 15.79).abs() < 0.01);
        // 22 Word lines of 579 twips must fit the 225 mm block (12756 twips).
        assert!(22 * DOCX_LINE_PITCH_TWIPS <= mm_to_twips(BLOCK_HEIGHT_MM));
        assert_eq!(mm_to_twips(PAGE_WIDTH_MM), 11906);
        assert_eq!(mm_to_twips(PAGE_HEIGHT_MM), 16838);
        assert_eq!(mm_to_twips(MARGIN_TOP_MM), 2098);
    }
}
