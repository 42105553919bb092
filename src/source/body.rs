//! The body of a body-text document: one block per line, `@` directives, `|` tables.
//!
//! Each non-blank line is one paragraph (a clerk pastes a notice line by line), unless it starts
//! with an unescaped `@` (a directive) or `|` (a table row; consecutive rows make one table).
//! Directives switch the part being written (正文 → 方案 → 附件…) or add special blocks. This
//! module returns the blocks per part and the includes to fill later; it does not label
//! attachments or build the 附件说明 (see `super`), and never looks at front matter.

use super::line::{self, Ch};
use super::{Include, IncludeKind, Part, Position};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::{Block, Indent, Paragraph, Span, Table, Title};
use crate::writer::spec;
use std::path::Path;

/// The directives, as a clerk writes them.
pub(crate) const DIRECTIVES: &[(&str, &str)] = &[
    ("方案", "@方案 标题 —— 开始正文后印发的方案（或办法、细则），另起一页，标题居中"),
    ("附件", "@附件 标题 —— 开始一个附件，另起一页；自动编号为 附件1、附件2…（只有一个时为 附件），并生成附件说明"),
    ("名单", "@名单 列名 —— 在此处插入由名册生成的名单，例如 @名单 联络员"),
    ("职责分工", "@职责分工 —— 在此处插入由职责分工表（data/职责分工.xlsx）生成的任务和责任单位"),
    ("居中", "@居中 文字 —— 居中的一行"),
    ("居右", "@居右 文字 —— 右对齐的一行"),
    ("顶格", "@顶格 文字 —— 不缩进的一段（例如表单的抬头）"),
    ("空行", "@空行 N —— 空 N 行（默认 1）"),
    ("分页", "@分页 —— 另起一页"),
];

/// A title argument has several lines when separated by unescaped `|`.
fn title(chars: &[Ch]) -> Title {
    Title {
        lines: line::split(chars, '|')
            .into_iter()
            .map(|l| line::text(line::trim(l)))
            .filter(|l| !l.is_empty())
            .collect(),
    }
}

/// The parsed body: blocks per part, in order.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) body: Vec<Block>,
    /// The 方案: its title and blocks.
    pub(crate) enclosure: Option<(Title, Vec<Block>)>,
    /// The 附件: title and blocks each.
    pub(crate) attachments: Vec<(Title, Vec<Block>)>,
    pub(crate) includes: Vec<Include>,
}

impl Body {
    fn part(&self) -> Part {
        if !self.attachments.is_empty() {
            Part::Attachment(self.attachments.len() - 1)
        } else if self.enclosure.is_some() {
            Part::Enclosure
        } else {
            Part::Body
        }
    }

    fn blocks(&mut self) -> &mut Vec<Block> {
        if let Some((_, blocks)) = self.attachments.last_mut() {
            blocks
        } else if let Some((_, blocks)) = &mut self.enclosure {
            blocks
        } else {
            &mut self.body
        }
    }
}

/// A table row waiting for the rest of its table.
struct Row {
    cells: Vec<String>,
    separator: bool,
    line: usize,
}

struct Parser<'a> {
    file: &'a Path,
    out: Body,
    rows: Vec<Row>,
    diags: &'a mut Diagnostics,
}

/// Parse body text whose first line is line `first_line` of `file`.
pub(crate) fn parse(text: &str, first_line: usize, file: &Path, diags: &mut Diagnostics) -> Body {
    let mut p = Parser { file, out: Body::default(), rows: Vec::new(), diags };
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        p.line(raw, first_line + i);
    }
    p.flush_table();
    p.out
}

impl Parser<'_> {
    fn at(&self, line: usize, col: usize) -> Location {
        Location::file(self.file).line(line, Some(col))
    }

    fn error(&mut self, code: &'static str, line: usize, col: usize, msg: impl Into<String>, hint: &str) {
        let mut d = Diagnostic::error(code, self.at(line, col), msg);
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        self.diags.push(d);
    }

    fn push(&mut self, block: Block) {
        self.out.blocks().push(block);
    }

    fn line(&mut self, raw: &str, n: usize) {
        let lexed = line::lex(raw);
        let chars = line::trim(&lexed);
        let Some(first) = chars.first() else {
            // A blank line separates paragraphs (nothing to do) and ends a table.
            self.flush_table();
            return;
        };
        if first.is('|') {
            self.row(chars, n);
            return;
        }
        self.flush_table();
        if first.is('@') {
            self.directive(&chars[1..], n, first.col);
        } else {
            self.paragraph(chars, n);
        }
    }

    fn paragraph(&mut self, chars: &[Ch], n: usize) {
        let Some(num) = line::numbering(chars) else {
            self.push(Block::Paragraph(Paragraph {
                level: None,
                indent: Indent::FirstLine,
                spans: line::spans(chars),
            }));
            return;
        };
        if num.half_width_parens {
            self.diags.push(
                Diagnostic::warning("heading-half-width", self.at(n, chars[0].col), "标题序号用了半角括号")
                    .hint("公文序号应使用全角括号，例如“（一）”“（1）”"),
            );
        }
        // The heading runs in up to its first 。 (7.3.3), or is the whole line when it has none.
        // A lead longer than the paragraph's first printed line (more than its 26 characters
        // after the indent) is no heading but a numbered item — a task, a function, a
        // requirement — set in the body font throughout: a heading names a topic in a few
        // words, and a font that changed at a line end, or ran on for lines, would read as
        // neither. Characters are counted, as the conform checker counts them; the rare lead
        // that wraps for its Latin letters keeps its heading font on both lines.
        let end = line::heading_end(chars, num.len);
        let lead = chars[..end].iter().filter(|c| !c.is('。') && crate::grid::half_cells(c.c) == 2).count();
        if lead > (spec::CHARS_PER_LINE - spec::indent::FIRST_LINE) as usize {
            self.push(Block::Paragraph(Paragraph {
                level: None,
                indent: Indent::FirstLine,
                spans: line::spans(chars),
            }));
            return;
        }
        let level = num.level;
        let mut spans = line::spans_with(&chars[..end], &|text| Span::Heading { level, text });
        spans.extend(line::spans(&chars[end..]));
        self.push(Block::Paragraph(Paragraph { level: Some(level), indent: Indent::FirstLine, spans }));
    }

    fn directive(&mut self, rest: &[Ch], n: usize, col: usize) {
        let name_len = rest.iter().take_while(|c| !c.lit && !c.c.is_whitespace()).count();
        let name = line::text(&rest[..name_len]);
        let args = line::trim(&rest[name_len..]);
        let arg_text = line::text(args);
        match name.as_str() {
            "方案" => {
                let t = title(args);
                if t.lines.is_empty() {
                    self.error("directive-arg", n, col, "@方案 缺少标题", "例如：@方案 陵川县“双减”工作专门协调机制");
                } else if !self.out.attachments.is_empty() {
                    self.error(
                        "directive-order",
                        n,
                        col,
                        "@方案 必须写在所有 @附件 之前",
                        "附件在方案之后，按顺序排列",
                    );
                } else if self.out.enclosure.is_some() {
                    self.error("directive-order", n, col, "一个文件只能有一个 @方案", "");
                } else {
                    self.out.enclosure = Some((t, Vec::new()));
                }
            }
            "附件" => {
                let t = title(args);
                if t.lines.is_empty() {
                    self.error(
                        "directive-arg",
                        n,
                        col,
                        "@附件 缺少标题",
                        "附件标题会写进附件说明，必须与附件页的标题一致：@附件 陵川县“双减”工作部门职责分工",
                    );
                } else {
                    self.out.attachments.push((t, Vec::new()));
                }
            }
            "名单" => {
                if arg_text.is_empty() {
                    self.error(
                        "directive-arg",
                        n,
                        col,
                        "@名单 缺少名单名称",
                        "写 gongwen.toml 中 [[lists]] 的列名，例如：@名单 联络员",
                    );
                } else {
                    let at = Position { part: self.out.part(), index: self.out.blocks().len() };
                    let location = self.at(n, col);
                    self.out.includes.push(Include { kind: IncludeKind::List { name: arg_text }, at, location });
                }
            }
            "职责分工" => {
                let at = Position { part: self.out.part(), index: self.out.blocks().len() };
                let location = self.at(n, col);
                self.out.includes.push(Include { kind: IncludeKind::Duties, at, location });
            }
            "居中" => self.push(Block::Centered(line::spans(args))),
            "居右" => self.push(Block::Right(line::spans(args))),
            "顶格" => {
                self.push(Block::Paragraph(Paragraph { level: None, indent: Indent::None, spans: line::spans(args) }))
            }
            "空行" => match blank_count(&arg_text) {
                Some(k) => self.push(Block::Blank(k)),
                None => self.error(
                    "directive-arg",
                    n,
                    col,
                    format!("@空行 的行数“{arg_text}”无效"),
                    "写 1 到 21 之间的数字，例如：@空行 2",
                ),
            },
            "分页" => {
                if arg_text.is_empty() {
                    self.push(Block::PageBreak);
                } else {
                    self.error("directive-arg", n, col, "@分页 后面不能有文字", "把文字写在下一行");
                }
            }
            _ => {
                let known: Vec<String> = DIRECTIVES.iter().map(|(d, _)| format!("@{d}")).collect();
                self.error(
                    "directive-unknown",
                    n,
                    col,
                    format!("不认识的指令“@{name}”"),
                    &format!("可用的指令：{}；行首要写 @ 字符本身时写成 \\@", known.join(" ")),
                );
            }
        }
    }

    fn row(&mut self, chars: &[Ch], n: usize) {
        // `| a | b |`: the part before the first `|` is empty; a trailing `|` is optional.
        let mut parts = line::split(chars, '|');
        parts.remove(0);
        if parts.len() > 1 && parts.last().is_some_and(|p| line::trim(p).is_empty()) {
            parts.pop();
        }
        let cells: Vec<&[Ch]> = parts.into_iter().map(line::trim).collect();
        let separator = cells.iter().all(|c| is_rule(c));
        self.rows.push(Row { cells: cells.iter().map(|c| line::text(c)).collect(), separator, line: n });
    }

    fn flush_table(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        let columns = rows[0].cells.len();
        let mut ok = true;
        for r in &rows {
            if r.cells.len() != columns {
                self.error(
                    "table-columns",
                    r.line,
                    1,
                    format!("表格这一行有 {} 列，第一行有 {} 列", r.cells.len(), columns),
                    "每一行的 | 数目要相同；单元格里的 | 字符写成 \\|",
                );
                ok = false;
            }
        }
        for (i, r) in rows.iter().enumerate() {
            if r.separator && i != 1 {
                self.error(
                    "table-header",
                    r.line,
                    1,
                    "表头分隔行（| --- |）只能写在表格的第二行",
                    "第一行是表头，第二行写 | --- | --- |，其余是内容",
                );
                ok = false;
            }
        }
        if !ok {
            return;
        }
        let has_header = rows.get(1).is_some_and(|r| r.separator);
        let mut cells = rows.into_iter().filter(|r| !r.separator).map(|r| r.cells);
        let header = if has_header { cells.next() } else { None };
        let rows: Vec<Vec<String>> = cells.collect();
        let widths = (0..columns)
            .map(|c| {
                let longest = header.iter().chain(&rows).map(|r| r[c].chars().count()).max().unwrap_or(1);
                u16::try_from(longest.max(1)).unwrap_or(u16::MAX)
            })
            .collect();
        self.push(Block::Table(Table { widths, header, rows, ruled: true }));
    }
}

/// A header rule cell: `---`, `:---:` … (unescaped).
fn is_rule(cell: &[Ch]) -> bool {
    let dashes = cell.iter().filter(|c| c.is('-')).count();
    dashes >= 3 && cell.iter().all(|c| c.is('-') || c.is(':'))
}

/// `@空行` count: empty means 1; at most one page of lines.
fn blank_count(arg: &str) -> Option<u8> {
    if arg.is_empty() {
        return Some(1);
    }
    arg.parse::<u8>().ok().filter(|k| (1..=21).contains(k))
}
