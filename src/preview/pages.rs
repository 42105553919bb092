//! The preview's HTML pages: the index of the workspace's documents and one page per document
//! (its pages as images with page numbers, download links, and — when the latest build failed —
//! the located errors above the last good render). Every text from the workspace is escaped;
//! pages load nothing from outside and reload themselves when the site version changes.
//!
//! Input: a [`Site`]. Output: HTML strings. No HTTP and no rendering of documents here.

use super::collect::Group;
use super::site::{Entry, Site};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters escaped in a URL path segment: everything but unreserved ASCII.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b'\'')
    .add(b'&')
    .add(b'+')
    .add(b';')
    .add(b'=')
    .add(b':')
    .add(b'@')
    .add(b'!')
    .add(b'$')
    .add(b',');

/// A path segment, percent-encoded.
pub fn segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// The URL of a document's page.
pub fn doc_url(id: &str) -> String {
    format!("/doc/{}/", segment(id))
}

/// The URL of one page image; the version makes each new render a new URL for the browser.
pub fn page_url(id: &str, page: usize, since: u64) -> String {
    format!("/doc/{}/page-{page}.svg?v={since}", segment(id))
}

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{margin:0;font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif;background:#e9e9ea;color:#222}
header{background:#fff;border-bottom:1px solid #ccc;padding:10px 24px;display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}
header h1{font-size:18px;margin:0}header a{color:#05c}
.draft{background:#fff6d6;border-bottom:1px solid #e6d48a;padding:6px 24px;font-size:14px}
main{padding:16px 24px;max-width:1100px}
table{border-collapse:collapse;background:#fff;width:100%;margin-bottom:20px}
th,td{border:1px solid #ccc;padding:6px 10px;text-align:left;font-size:14px;vertical-align:top}
th{background:#f3f3f3}
.errors{background:#fff0f0;border:2px solid #c00;padding:10px 16px;margin:0 0 16px}
.errors h2{color:#c00;font-size:16px;margin:4px 0 8px}
.warnings{background:#fffbe8;border:1px solid #d9b400;padding:8px 16px;margin:0 0 16px}
.diag{margin:4px 0;font-size:14px;white-space:pre-wrap}.hint{color:#555;margin-left:2em}
.loc{font-weight:bold}
.pages{display:flex;flex-direction:column;align-items:center;gap:8px}
.stale{opacity:.55}
figure{margin:0 0 16px}
figure img{display:block;width:794px;height:auto;max-width:100%;background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.3)}
figcaption{text-align:center;font-size:13px;color:#555;padding-top:4px}
.bad{color:#c00}.ok{color:#080}
";

fn shell(site: &Site, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · gongwen 预览</title><style>{STYLE}</style></head>\
         <body data-version=\"{v}\">{body}<script>\
         (function(){{var v={v};var s=new EventSource('/events');\
         s.onmessage=function(e){{if(Number(e.data)!==v){{location.reload();}}}};}})();\
         </script></body></html>",
        title = esc(title),
        v = site.version,
    )
}

fn diagnostics(ds: &Diagnostics) -> String {
    ds.iter().map(diagnostic).collect()
}

fn diagnostic(d: &Diagnostic) -> String {
    let label = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    let mut s = String::from("<div class=\"diag\">");
    if !d.location.is_empty() {
        s.push_str(&format!("<span class=\"loc\">{}</span>：", esc(&d.location.to_string())));
    }
    s.push_str(&format!("{label}：{}", esc(&d.message)));
    for h in &d.hints {
        s.push_str(&format!("<div class=\"hint\">提示：{}</div>", esc(h)));
    }
    s.push_str("</div>");
    s
}

fn error_box(heading: &str, ds: &[&Diagnostics]) -> String {
    let inner: String = ds.iter().map(|d| diagnostics(d)).collect();
    format!("<section class=\"errors\" id=\"errors\"><h2>{}</h2>{inner}</section>", esc(heading))
}

/// The index: every document with kind, title, number, pages and warnings; letters by row.
pub fn index(site: &Site) -> String {
    let mut body = format!(
        "<header><h1>gongwen 预览</h1><span>工作区：{}</span></header>\
         <div class=\"draft\">草稿预览：保存输入文件后页面自动刷新。正式文件请用 <code>gongwen build</code> 生成。</div><main>",
        esc(&site.workspace)
    );
    let problems: Vec<&Diagnostics> = site.problems.iter().map(|(_, ds)| ds).collect();
    if !problems.is_empty() {
        body.push_str(&error_box("无法生成（保留上次的结果）", &problems));
    }
    if !site.notes.is_empty() {
        body.push_str(&format!("<section class=\"warnings\">{}</section>", diagnostics(&site.notes)));
    }
    for (group, heading) in
        [(Group::Documents, "文档（documents/）"), (Group::Data, "由表格生成（督办函每行一份、会议纪要）")]
    {
        let entries: Vec<&Entry> = site.entries.iter().filter(|e| e.group == group).collect();
        if entries.is_empty() {
            continue;
        }
        body.push_str(&format!(
            "<h2>{heading}</h2><table><tr><th>类型</th><th>标题</th><th>文号</th><th>来源</th><th>页数</th><th>状态</th></tr>"
        ));
        for e in entries {
            let pages = e.render.as_ref().map_or(0, |r| r.pages.len());
            let status = match &e.errors {
                Some(ds) => format!("<span class=\"bad\">错误</span>{}", diagnostics(ds)),
                None if e.warnings.is_empty() => "<span class=\"ok\">正常</span>".to_string(),
                None => format!("警告 {} 条{}", e.warnings.warning_count(), diagnostics(&e.warnings)),
            };
            body.push_str(&format!(
                "<tr><td>{kind}</td><td><a href=\"{url}\">{title}</a></td><td>{number}</td><td>{inputs}</td><td>{pages}</td><td>{status}</td></tr>",
                kind = esc(&e.kind),
                url = doc_url(&e.id),
                title = esc(if e.title.is_empty() { &e.id } else { &e.title }),
                number = esc(e.number.as_deref().unwrap_or("")),
                inputs = esc(&e.inputs),
            ));
        }
        body.push_str("</table>");
    }
    body.push_str("</main>");
    shell(site, "目录", &body)
}

/// One document: errors of the latest attempt (if any), then its last good pages.
pub fn document(site: &Site, e: &Entry) -> String {
    let title = if e.title.is_empty() { &e.id } else { &e.title };
    let mut body = format!("<header><a href=\"/\">← 目录</a><h1>{}</h1>", esc(title));
    if let Some(r) = &e.render {
        let url = doc_url(&e.id);
        body.push_str(&format!(
            "<a href=\"{url}draft.pdf\" download>下载 PDF（草稿）</a><a href=\"{url}draft.docx\" download>下载 DOCX（草稿）</a><span>共 {} 页</span>",
            r.pages.len()
        ));
    }
    body.push_str(&format!("</header><div class=\"draft\">草稿 · 输入：{}</div><main>", esc(&e.inputs)));
    let mut errors: Vec<&Diagnostics> = site.problems_for(e.group).collect();
    if let Some(ds) = &e.errors {
        errors.push(ds);
    }
    if !errors.is_empty() {
        let heading =
            if e.render.is_some() { "生成失败，下面是上次成功生成的版本" } else { "生成失败" };
        body.push_str(&error_box(heading, &errors));
    }
    if !e.warnings.is_empty() {
        body.push_str(&format!("<section class=\"warnings\">{}</section>", diagnostics(&e.warnings)));
    }
    if let Some(r) = &e.render {
        let class = if errors.is_empty() { "pages" } else { "pages stale" };
        body.push_str(&format!("<div class=\"{class}\">"));
        for n in 1..=r.pages.len() {
            body.push_str(&format!(
                "<figure><img src=\"{}\" alt=\"第 {n} 页\" width=\"794\" height=\"1123\"{lazy}>\
                 <figcaption>第 {n} 页 / 共 {} 页</figcaption></figure>",
                page_url(&e.id, n, r.since),
                r.pages.len(),
                // Long documents: pages below the fold load as they are scrolled to.
                lazy = if n > 2 { " loading=\"lazy\"" } else { "" },
            ));
        }
        body.push_str("</div>");
    }
    body.push_str("</main>");
    shell(site, title, &body)
}

/// The page for an unknown address.
pub fn not_found(site: &Site) -> String {
    shell(site, "找不到", "<header><a href=\"/\">← 目录</a><h1>找不到这个页面</h1></header>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(esc("<script>\"a\"&'b'</script>"), "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;&lt;/script&gt;");
    }

    #[test]
    fn ids_are_encoded_as_one_segment() {
        assert_eq!(doc_url("a/../b"), "/doc/a%2F..%2Fb/");
        assert_eq!(page_url("通知", 2, 7), "/doc/%E9%80%9A%E7%9F%A5/page-2.svg?v=7");
    }

    #[test]
    fn the_index_lists_documents_and_escapes_titles() {
        let mut site = Site::default();
        site.entries.push(Entry {
            id: "x".into(),
            group: Group::Documents,
            kind: "通用格式".into(),
            inputs: "documents/x.md".into(),
            title: "<b>关于</b>".into(),
            number: Some("陵政办函〔2021〕45号".into()),
            render: None,
            errors: None,
            warnings: Diagnostics::new(),
        });
        let html = index(&site);
        assert!(html.contains("&lt;b&gt;关于&lt;/b&gt;"), "{html}");
        assert!(html.contains("陵政办函〔2021〕45号"));
        assert!(!html.contains("<b>关于"));
    }
}
