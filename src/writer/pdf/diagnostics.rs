//! typst diagnostics to gongwen [`Diagnostic`]s: the message, typst's hints, and the
//! template line that raised it (`templates/gongwen.typ:LINE:COL`), never a `{:?}` dump.
//!
//! Data never becomes markup, so a typst error here is a template or engine fault, not a
//! spreadsheet problem; the hint says so.

use super::world::{Base, TEMPLATE_NAME};
use crate::diag::{Diagnostic, Diagnostics, Location};
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::DiagSpanKind;

/// Convert typst diagnostics (errors, and warnings when asked) into located diagnostics.
pub(crate) fn convert(base: &Base, diags: &[SourceDiagnostic]) -> Diagnostics {
    let mut out = Diagnostics::new();
    for d in diags {
        out.push(one(base, d));
    }
    out
}

fn one(base: &Base, d: &SourceDiagnostic) -> Diagnostic {
    let source = base.template();
    let range = match d.span.get() {
        DiagSpanKind::Number { id, num, sub_range } if id == source.id() => source.range(num, sub_range),
        DiagSpanKind::Range { id, range } if id == source.id() => Some(range),
        _ => None,
    };
    let mut location = Location::file(TEMPLATE_NAME);
    let mut line_text = None;
    if let Some(range) = range {
        let lines = source.lines();
        if let Some((line, col)) = lines.byte_to_line_column(range.start) {
            location = location.line(line + 1, Some(col + 1));
            line_text = lines.line_to_range(line).and_then(|r| source.text().get(r)).map(|t| t.trim().to_string());
        }
    }
    let message = format!("排版失败：{}", d.message);
    let mut diag = match d.severity {
        Severity::Error => Diagnostic::error("pdf-layout", location, message),
        Severity::Warning => Diagnostic::warning("pdf-layout", location, message),
    };
    for h in &d.hints {
        diag = diag.hint(h.v.to_string());
    }
    if let Some(t) = line_text.filter(|t| !t.is_empty()) {
        diag = diag.hint(format!("模板此行：{t}"));
    }
    diag.hint("这是排版模板或引擎的问题，不是表格数据的问题；请把此消息报告给维护者")
}
