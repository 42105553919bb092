//! The minijinja environment: strict, escaping, with the 公文 filters and workspace overrides.
//!
//! Every value a template prints goes through the formatter, which applies
//! [`crate::source::escape`] unless the value is *safe* — produced by a numbering or date filter,
//! by `toml`, or by template text itself. So a spreadsheet value prints literally and can never
//! make a heading, directive, table row or paragraph break. `none` is refused rather than printed
//! as the word "none"; undefined names are errors (strict mode); no HTML escaping.
//!
//! Templates are looked up by file name (`督办函.j2`): a file of that name in the workspace's
//! `templates/` folder wins over the built-in one (embedded with `include_str!`). Errors name the
//! template file and line, as a [`Diagnostic`]. This module only renders text; turning the text
//! into a document is `compose`'s job.

use super::filters;
use crate::diag::{Diagnostic, Location};
use crate::source;
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The built-in templates, by file name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("督办函.j2", include_str!("../../templates/督办函.j2")),
    ("成员名单.j2", include_str!("../../templates/成员名单.j2")),
    ("领导小组名单.j2", include_str!("../../templates/领导小组名单.j2")),
    ("联络员名单.j2", include_str!("../../templates/联络员名单.j2")),
    ("职责分工.j2", include_str!("../../templates/职责分工.j2")),
    ("会议纪要.j2", include_str!("../../templates/会议纪要.j2")),
];

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The workspace's `templates/` folder.
    Workspace(PathBuf),
    /// Built into the program.
    Builtin,
}

/// Template lookup: the workspace folder first, then the built-ins.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    dir: Option<PathBuf>,
}

impl Templates {
    /// Look up overrides in `dir` (a workspace's `templates/`), if given.
    pub fn new(dir: Option<&Path>) -> Templates {
        Templates { dir: dir.map(Path::to_path_buf) }
    }

    /// Where `name` comes from, or `None` if there is no such template.
    pub fn origin(&self, name: &str) -> Option<Origin> {
        if let Some(dir) = &self.dir
            && safe_name(name)
        {
            let path = dir.join(name);
            if path.is_file() {
                return Some(Origin::Workspace(path));
            }
        }
        BUILTIN.iter().any(|(n, _)| *n == name).then_some(Origin::Builtin)
    }

    /// The path to print in messages: the override file, or `templates/NAME` (built-in).
    pub fn display_path(&self, name: &str) -> PathBuf {
        match self.origin(name) {
            Some(Origin::Workspace(p)) => p,
            _ => Path::new("templates").join(name),
        }
    }

    /// The source text of `name`.
    pub fn source(&self, name: &str) -> Result<Option<String>, std::io::Error> {
        match self.origin(name) {
            Some(Origin::Workspace(p)) => std::fs::read_to_string(p).map(Some),
            Some(Origin::Builtin) => Ok(BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, s)| (*s).to_string())),
            None => Ok(None),
        }
    }
}

/// A template name that cannot leave the templates folder.
fn safe_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\']) && !name.starts_with('.')
}

/// The configured environment.
pub struct Env {
    env: Environment<'static>,
    templates: Templates,
}

impl Env {
    /// An environment reading overrides from `templates` (see [`Templates`]).
    pub fn new(templates: Templates) -> Env {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_debug(true);
        // Block tags on their own lines leave no blank lines behind: one source line is one
        // paragraph, so stray newlines would matter.
        if let Ok(syntax) =
            SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).keep_trailing_newline(true).build()
        {
            env.set_syntax(syntax);
        }
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_formatter(format_value);
        let loader_templates = templates.clone();
        env.set_loader(move |name| {
            loader_templates
                .source(name)
                .map_err(|e| Error::new(ErrorKind::TemplateNotFound, format!("无法读取模板：{e}")))
        });
        env.add_filter("cn", filters::cn);
        env.add_filter("cn_text", filters::cn_text);
        env.add_filter("cn_paren", filters::cn_paren);
        env.add_filter("date", filters::date);
        env.add_filter("month_day", filters::month_day);
        env.add_filter("pad_name", filters::pad_name);
        env.add_filter("join_units", filters::join_units);
        env.add_filter("run_in", run_in);
        env.add_filter("sentence", sentence);
        env.add_filter("toml", toml);
        Env { env, templates }
    }

    /// The template lookup.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Render template `name` with a typed context.
    pub fn render<C: Serialize>(&self, name: &str, ctx: &C) -> Result<String, Diagnostic> {
        let tmpl = self.env.get_template(name).map_err(|e| self.error(name, &e))?;
        tmpl.render(Value::from(Serde(ctx))).map_err(|e| self.error(name, &e))
    }

    /// A minijinja error as a diagnostic located at the innermost template and line.
    fn error(&self, name: &str, err: &Error) -> Diagnostic {
        let mut inner: &Error = err;
        let mut cur: &dyn std::error::Error = err;
        while let Some(next) = cur.source() {
            if let Some(e) = next.downcast_ref::<Error>()
                && e.name().is_some()
            {
                inner = e;
            }
            cur = next;
        }
        let tmpl = inner.name().unwrap_or(name);
        let mut loc = Location::file(self.templates.display_path(tmpl));
        if let Some(line) = inner.line() {
            loc = loc.line(line, None);
        }
        let what = match inner.kind() {
            ErrorKind::SyntaxError => "语法错误",
            ErrorKind::UndefinedError => "未定义的名称",
            ErrorKind::UnknownFilter => "未知的过滤器",
            ErrorKind::UnknownFunction => "未知的函数",
            ErrorKind::TemplateNotFound => "找不到模板",
            _ => "渲染失败",
        };
        let detail = inner.detail().map(|d| format!("：{d}")).unwrap_or_default();
        let mut d = Diagnostic::error("template", loc, format!("模板{what}{detail}"));
        if let (Some(src), Some(range)) = (inner.template_source(), inner.range())
            && let Some(snippet) = src.get(range)
        {
            d = d.hint(format!("出错的表达式：{snippet}"));
        }
        if inner.kind() == ErrorKind::UndefinedError {
            d = d.hint("检查变量名拼写；可用的字段见 `gongwen check --json --model`");
        }
        d
    }
}

/// Print a value: safe strings as they are, everything else escaped as body text.
fn format_value(out: &mut minijinja::Output, _state: &mut minijinja::State, value: &Value) -> Result<(), Error> {
    if value.is_none() {
        return Err(Error::new(ErrorKind::InvalidOperation, "值为空（none），不能输出；请用 {% if … %} 判断"));
    }
    if value.is_safe() {
        return out.write_str(value.as_str().unwrap_or_default()).map_err(Error::from);
    }
    out.write_str(&source::escape(&value.to_string())).map_err(Error::from)
}

/// `{{ text|run_in }}`: the text with its first `。` left structural, so that after a numbering
/// (`一、`, `（一）`) the first sentence is the run-in heading (GB/T 9704 7.3.3) and the rest body
/// text. Everything else is escaped. Safe.
fn run_in(value: Value) -> Result<Value, Error> {
    let s = value.to_string();
    let out = match s.split_once('。') {
        Some((head, rest)) if !head.trim().is_empty() => {
            let rest = if rest.trim().is_empty() { String::new() } else { source::escape(rest) };
            format!("{}。{rest}", source::escape(head))
        }
        _ => source::escape(&s),
    };
    Ok(Value::from_safe_string(out))
}

/// `{{ item|sentence }}`: the text ending in a full stop, as a numbered item that is a
/// sentence does (GB/T 15834): `。` is added unless it ends in `。`, `；`, `！` or `？`.
fn sentence(value: Value) -> Result<Value, Error> {
    let s = value.to_string();
    let t = s.trim_end();
    if t.is_empty() || t.ends_with(['。', '；', '！', '？']) {
        Ok(value)
    } else {
        Ok(Value::from(format!("{t}。")))
    }
}

/// `{{ value|toml }}`: a TOML string (or array of strings) for front matter. Safe.
fn toml(value: Value) -> Result<Value, Error> {
    let out = if value.kind() == ValueKind::Seq {
        let items: Result<Vec<String>, Error> =
            value.try_iter()?.map(|v| Ok(source::toml_string(&v.to_string()))).collect();
        format!("[{}]", items?.join(", "))
    } else {
        source::toml_string(&value.to_string())
    };
    Ok(Value::from_safe_string(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with(name: &str, text: &str) -> (tempfile::TempDir, Env) {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join(name), text).expect("write");
        let env = Env::new(Templates::new(Some(dir.path())));
        (dir, env)
    }

    #[derive(Serialize)]
    struct Ctx {
        v: String,
        n: u32,
        none: Option<String>,
    }

    fn ctx(v: &str) -> Ctx {
        Ctx { v: v.into(), n: 3, none: None }
    }

    #[test]
    fn values_are_escaped_and_filters_are_structure() {
        let (_d, env) = env_with("t.j2", "{{ n|cn }}、{{ v }}\n");
        assert_eq!(env.render("t.j2", &ctx("一、@x")).expect("render"), "三、\\一、\\@x\n");
    }

    #[test]
    fn run_in_keeps_only_the_first_full_stop_structural() {
        let (_d, env) = env_with("t.j2", "{{ v|run_in }}");
        assert_eq!(env.render("t.j2", &ctx("甲。乙。")).expect("render"), "\\甲。\\乙\\。");
    }

    #[test]
    fn toml_filter_quotes_strings_and_lists() {
        let (_d, env) = env_with("t.j2", "a = {{ v|toml }}\nb = {{ [v, \"x\"]|toml }}");
        assert_eq!(env.render("t.j2", &ctx("x\"y")).expect("render"), "a = \"x\\\"y\"\nb = [\"x\\\"y\", \"x\"]");
    }

    #[test]
    fn undefined_names_and_none_are_errors_with_file_and_line() {
        let (dir, env) = env_with("t.j2", "第一行\n{{ nope }}\n");
        let e = env.render("t.j2", &ctx("")).unwrap_err();
        assert_eq!(e.location.file.as_deref(), Some(dir.path().join("t.j2").as_path()));
        assert_eq!(e.location.line, Some(2));
        assert!(e.message.contains("未定义"), "{}", e.message);
        let (_d, env) = env_with("t.j2", "{{ none }}");
        assert!(env.render("t.j2", &ctx("")).unwrap_err().message.contains("none"));
    }

    #[test]
    fn syntax_errors_are_located() {
        let (_d, env) = env_with("t.j2", "a\nb\n{% if %}\n");
        let e = env.render("t.j2", &ctx("")).unwrap_err();
        assert_eq!(e.location.line, Some(3));
        assert!(e.message.contains("语法错误"), "{}", e.message);
    }

    #[test]
    fn workspace_templates_override_builtins_by_name() {
        let (dir, env) = env_with("督办函.j2", "覆盖");
        assert_eq!(env.templates().origin("督办函.j2"), Some(Origin::Workspace(dir.path().join("督办函.j2"))));
        assert_eq!(env.templates().origin("会议纪要.j2"), Some(Origin::Builtin));
        assert_eq!(env.templates().origin("../督办函.j2"), None);
        assert_eq!(env.render("督办函.j2", &ctx("")).expect("render"), "覆盖");
    }
}
