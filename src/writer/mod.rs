//! Writers: the Document IR to files. `spec` holds the GB/T 9704 numbers both writers read;
//! `pdf` is the only place typst is used, `docx` the only place docx-rs is used. Writers see
//! only [`crate::ir::Document`] and [`RenderOptions`], never spreadsheet cells or templates.

pub mod docx;
pub mod pdf;
pub mod spec;

use serde::Serialize;

/// Options that change how a document is printed, not what it says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RenderOptions {
    /// Leave out the red issuer mark and rules (keeping their space) for pre-printed paper.
    pub preprinted_letterhead: bool,
    /// Put the 版记 on an even page, with an unnumbered blank page before it when needed.
    pub even_colophon: bool,
    /// Draft: a diagonal 草稿 watermark and this banner text (e.g. the inputs) on every page.
    pub draft: Option<String>,
}

impl RenderOptions {
    /// The draft banner naming `inputs` (`data/督办事项.xlsx › 第3行`): the location
    /// separator `›` is in none of the bundled fonts, so the banner separates with `，`.
    pub fn draft_banner(inputs: &str) -> String {
        format!("输入：{}", inputs.replace(" › ", "，").replace('›', "，"))
    }
}

/// What a laid-out PDF learnt about the pages that the DOCX needs to follow it: Word and WPS
/// break the pages themselves, but cannot put a block on an even page on their own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageFacts {
    /// Page breaks before the 版记 with `RenderOptions::even_colophon`: 0 (it is on an even
    /// page already), 1 (it goes to the next, even, page) or 2 (a blank page goes before it,
    /// and both carry no number).
    pub colophon_breaks: usize,
    /// How the page of the 署名 and 成文日期 was fitted (7.3.5.5), if it was.
    pub fitted: Option<Fitted>,
}

/// 7.3.5.5: the 署名 and 成文日期 were kept on the page of the text before them, instead of
/// a page that would hold only them and a few lines, by the means the standard allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fitted {
    /// The page (1-based) that now holds the 署名 and 成文日期.
    pub page: usize,
    /// The blank line before the 署名 was left out.
    pub blank_line_removed: bool,
    /// The line pitch of that page from the first paragraph starting on it, in thousandths of
    /// the grid's (1000 = not tightened).
    pub pitch_permille: u32,
}

impl Fitted {
    /// What was done, for a clerk: `第1页：取消署名前空行`, `第2页：取消署名前空行，行距收紧为0.90倍`.
    pub fn describe(&self) -> String {
        let mut out = format!("第{}页：", self.page);
        let mut parts = Vec::new();
        if self.blank_line_removed {
            parts.push("取消署名前空行".to_owned());
        }
        if self.pitch_permille < 1000 {
            parts.push(format!("行距收紧为{:.2}倍", f64::from(self.pitch_permille) / 1000.0));
        }
        out.push_str(&parts.join("，"));
        out
    }
}
