//! Tables (clause 8 leaves their form open; FORMAT.md §10 practice), with an explicit
//! `w:tblGrid` matching `w:tblW`, since WPS sizes tables from the grid.
//!
//! An unruled table is a list in body text (the 联络员 list): 三号 仿宋, a tab-aligned paragraph
//! per row, starting two characters in like a paragraph. A ruled table is a real table, as in the
//! PDF: 四号, a 黑体 header row, half a character of padding, thin rules; every row is a whole
//! number of grid lines (the rules lie on the row boundaries), so the body after the table
//! stays on the grid.

use super::Ctx;
use super::geometry::{self, PITCH, char_units};
use super::styles;
use super::{AddRuns, styled_runs, text_runs};
use crate::ir::Table;
use crate::writer::spec;
use docx_rs::{
    AlignmentType, BorderType, HeightRule, Indent, Run, SpecialIndentType, Tab, TabValueType, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

/// Rule weight of ruled tables: ½ pt (`w:sz` in eighths of a point), as the PDF draws them.
const RULE_EIGHTHS: usize = 4;

/// Column widths in twips: the relative widths of the IR scaled to `total`, the rounding
/// remainder given to the last column.
fn grid(t: &Table, total: usize) -> Vec<usize> {
    let weights: Vec<usize> = t.column_weights().into_iter().map(usize::from).collect();
    let sum: usize = weights.iter().sum();
    let mut grid: Vec<usize> = weights.iter().map(|w| total * w / sum).collect();
    let used: usize = grid.iter().sum();
    if let Some(last) = grid.last_mut() {
        *last += total - used;
    }
    grid
}

/// Write a table.
pub(super) fn table(ctx: &mut Ctx, t: &Table) {
    if !t.ruled {
        let indent = geometry::first_line_indent();
        aligned_list(ctx, t, indent, &grid(t, (geometry::text_width() - indent) as usize));
        return;
    }
    let total = geometry::text_width() as usize;
    let grid = grid(t, total);
    let mut rows = Vec::new();
    if let Some(h) = &t.header {
        rows.push(row(ctx, h, &grid, true));
    }
    for r in &t.rows {
        rows.push(row(ctx, r, &grid, false));
    }
    let pad = (geometry::body_char() / 2) as usize;
    let mut borders = TableBorders::with_empty();
    for pos in [
        TableBorderPosition::Top,
        TableBorderPosition::Bottom,
        TableBorderPosition::Left,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        borders = borders
            .set(TableBorder::new(pos).border_type(BorderType::Single).size(RULE_EIGHTHS).color(spec::TABLE_RULE_RGB));
    }
    let table = docx_rs::Table::without_borders(rows)
        .set_grid(grid)
        .width(total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, pad, 0, pad))
        .set_borders(borders);
    ctx.push_table(table);
}

/// An unruled table is a list in body text, so it is written as one would type it in Word: a
/// paragraph per row, its cells separated by tabs that stop at the column starts, wrapped lines
/// aligned under the last column. Body text is then body text for every reader (the conform
/// checker, like Word's navigation, leaves table cells out of the body: a 联络员名单 annex made
/// of one table would have its 22 pt title as dominant text).
fn aligned_list(ctx: &mut Ctx, t: &Table, indent: i64, grid: &[usize]) {
    let starts: Vec<i64> = grid
        .iter()
        .scan(indent, |x, w| {
            let start = *x;
            *x += *w as i64;
            Some(start)
        })
        .collect();
    let last = starts.last().copied().unwrap_or(indent);
    for (cells, header) in t.header.iter().map(|h| (h, true)).chain(t.rows.iter().map(|r| (r, false))) {
        let mut p = ctx.paragraph().style(styles::FLUSH).align(AlignmentType::Left);
        for &x in starts.iter().skip(1) {
            p = p.add_tab(Tab::new().val(TabValueType::Left).pos(x as usize));
        }
        for (i, text) in cells.iter().enumerate() {
            if i > 0 {
                p = p.add_run(Run::new().add_tab());
            }
            p = p.add_runs(if header { styled_runs(text, styles::STRONG) } else { text_runs(text) });
        }
        p.property.indent =
            Some(Indent::new(Some(last as i32), Some(SpecialIndentType::Hanging((last - indent) as i32)), None, None));
        ctx.push(p);
    }
}

/// Lines a cell's text takes in a column of `width` twips (ruled tables: 14 pt characters
/// inside the padding).
fn cell_lines(text: &str, width: usize) -> usize {
    let pad = geometry::body_char() as usize;
    let per_line = ((width.saturating_sub(pad)) / geometry::small_char() as usize).max(1) as f64;
    let units = char_units(text);
    let lines = (units / per_line).ceil().max(1.0);
    // The row's height is exact, so a line too few would clip text: allow every line but the
    // last to send one character down (a closing mark may not start a line).
    ((units + lines - 1.0) / per_line).ceil().max(1.0) as usize
}

fn row(ctx: &mut Ctx, cells: &[String], grid: &[usize], header: bool) -> TableRow {
    let mut lines = 1;
    let cells = grid
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let text = cells.get(i).map(String::as_str).unwrap_or("");
            lines = lines.max(cell_lines(text, *w));
            let runs = if header { styled_runs(text, styles::STRONG) } else { text_runs(text) };
            let p = ctx.paragraph().style(styles::TABLE).align(AlignmentType::Left).add_runs(runs);
            TableCell::new().width(*w, WidthType::Dxa).add_paragraph(p)
        })
        .collect();
    // Whole grid lines, as many as the longest cell needs, and exactly that: LibreOffice adds
    // the rules to a row that is only "at least" its height, and six rows put the next body
    // line 2.7 pt off the grid.
    TableRow::new(cells).cant_split().row_height((lines as i64 * PITCH) as f32).height_rule(HeightRule::Exact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::BuildXML;

    fn first_table(ctx: &Ctx) -> String {
        match ctx.children.first() {
            Some(super::super::Child::Table(t)) => String::from_utf8_lossy(&t.build()).into_owned(),
            _ => String::new(),
        }
    }

    #[test]
    fn unruled_tables_are_tab_aligned_paragraphs_starting_where_paragraphs_start() {
        let mut ctx = Ctx::default();
        let t = Table {
            widths: vec![1, 3],
            header: None,
            rows: vec![vec!["王　刚".into(), "县民政局".into()], vec!["李俊飞".into(), "县教育局".into()]],
            ruled: false,
        };
        table(&mut ctx, &t);
        assert_eq!(ctx.children.len(), 2, "a paragraph per row");
        let Some(super::super::Child::Paragraph(p)) = ctx.children.first() else { panic!("not a paragraph") };
        let x = String::from_utf8_lossy(&p.build()).into_owned();
        // The second column starts 640 + 2051 twips in; wrapped lines hang there.
        assert!(x.contains(r#"<w:tab w:val="left" w:pos="2691" />"#), "{x}");
        assert!(x.contains(r#"<w:ind w:left="2691" w:right="0" w:hanging="2051" />"#), "{x}");
        assert!(x.contains("王　刚</w:t></w:r><w:r><w:rPr /><w:tab />"), "{x}");
    }

    #[test]
    fn ruled_rows_are_whole_grid_lines_high() {
        let mut ctx = Ctx::default();
        let long = "健全作业管理机制、分类明确作业总量、提高作业设计质量、加强作业完成指导、科学利用课余时间。";
        let t = Table {
            widths: vec![1, 6, 3],
            header: Some(vec!["序号".into(), "任务".into(), "责任单位".into()]),
            rows: vec![vec!["1".into(), long.into(), "县教育局".into()]],
            ruled: true,
        };
        table(&mut ctx, &t);
        let x = first_table(&ctx);
        assert!(x.contains(r#"<w:gridCol w:w="884" w:type="dxa" /><w:gridCol w:w="5307" w:type="dxa" />"#), "{x}");
        assert!(x.contains(r#"<w:trHeight w:val="579" w:hRule="exact" />"#), "header row: {x}");
        // 46 characters of 14 pt in a 5307-twip column (18 a line): three lines.
        assert!(x.contains(r#"<w:trHeight w:val="1737" w:hRule="exact" />"#), "{x}");
        assert!(x.contains(r#"w:val="single" w:sz="4""#) || x.contains(r#"w:sz="4""#), "{x}");
    }
}
