//! The preview's HTTP side (tiny_http): binding to 127.0.0.1, routing, and answering from the
//! in-memory [`Site`].
//!
//! Safety (issue 6): the server listens on the loopback address only, answers only requests
//! whose `Host` is that address (so another web site cannot reach it through DNS rebinding),
//! and serves only what the preview rendered into memory — no URL ever becomes a file path.
//! A URL is split into segments *before* each segment is percent-decoded once; a decoded
//! segment that is `.`, `..`, empty in the middle, or holds `/`, `\` or NUL makes the request
//! unknown, so `/../../etc/passwd`, `%2e%2e%2f…` and double-encoded variants all get 404.
//!
//! Input: requests and the current site. Output: responses. Rendering is `site`'s job.

use super::events::Hub;
use super::pages;
use super::site::{Entry, Site};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ir::Document;
use crate::writer::RenderOptions;
use crate::writer::pdf::Engine;
use percent_encoding::percent_decode_str;
use std::io::Cursor;
use std::sync::{Arc, RwLock};
use tiny_http::{Header, Method, Request, Response, Server};

/// How many ports after the requested one are tried when it is taken.
pub const PORT_RANGE: u16 = 10;

/// Exports a document as DOCX (supplied by the command, which knows the DOCX writer).
pub type DocxExport = Arc<dyn Fn(&Document, &RenderOptions) -> Result<Vec<u8>, Diagnostics> + Send + Sync>;

/// What the server answers from.
pub struct App {
    /// The current site; replaced whole by each rebuild.
    pub site: RwLock<Arc<Site>>,
    /// Open event streams.
    pub hub: Hub,
    /// The PDF engine, for PDF downloads; replaced when the workspace's fonts change.
    pub engine: RwLock<Arc<Engine>>,
    /// DOCX downloads.
    pub docx: DocxExport,
    /// The port listened on (for the `Host` check).
    pub port: u16,
}

impl App {
    /// The current site.
    pub fn site(&self) -> Arc<Site> {
        self.site.read().map(|s| Arc::clone(&s)).unwrap_or_default()
    }

    /// The current PDF engine.
    pub fn engine(&self) -> Arc<Engine> {
        // A panic elsewhere cannot leave an engine half-replaced: the guarded value is one Arc.
        Arc::clone(&self.engine.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Replace the PDF engine (new fonts).
    pub fn replace_engine(&self, engine: Engine) {
        *self.engine.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(engine);
    }

    /// Replace the site.
    pub fn replace(&self, site: Site) {
        if let Ok(mut s) = self.site.write() {
            *s = Arc::new(site);
        }
    }
}

/// Listen on 127.0.0.1 at `port`, or the next free one of [`PORT_RANGE`] (port 0: any free
/// port). Returns the server and the port it got.
pub fn bind(port: u16) -> Result<(Server, u16), Diagnostic> {
    let last = if port == 0 { 0 } else { port.saturating_add(PORT_RANGE - 1) };
    let mut error = String::new();
    for p in port..=last {
        match Server::http(("127.0.0.1", p)) {
            Ok(server) => {
                let got = server.server_addr().to_ip().map_or(p, |a| a.port());
                return Ok((server, got));
            }
            Err(e) => error = e.to_string(),
        }
    }
    Err(Diagnostic::error(
        "preview-port",
        Location::default(),
        format!("无法在 127.0.0.1 的端口 {port}–{last} 上启动预览：{error}"),
    )
    .hint("用 --port 换一个端口，或关闭占用端口的程序"))
}

/// A request's target, after the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`.
    Index,
    /// `/events`: the reload stream.
    Events,
    /// `/doc/<id>/`.
    Doc(String),
    /// `/doc/<id>/page-<n>.svg`.
    Page(String, usize),
    /// `/doc/<id>/draft.pdf`.
    Pdf(String),
    /// `/doc/<id>/draft.docx`.
    Docx(String),
    /// Anything else.
    NotFound,
}

/// Route a request target (`/doc/%E9%80%9A%E7%9F%A5/page-1.svg?v=3`).
pub fn route(target: &str) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Route::NotFound;
    };
    let mut segments = Vec::new();
    let raw: Vec<&str> = rest.split('/').collect();
    for (i, seg) in raw.iter().enumerate() {
        let Ok(decoded) = percent_decode_str(seg).decode_utf8() else {
            return Route::NotFound;
        };
        let last = i + 1 == raw.len();
        if decoded == "." || decoded == ".." || decoded.contains(['/', '\\', '\0']) || (decoded.is_empty() && !last) {
            return Route::NotFound;
        }
        segments.push(decoded.into_owned());
    }
    if segments.last().is_some_and(String::is_empty) {
        segments.pop();
    }
    match segments.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => Route::Index,
        ["events"] => Route::Events,
        ["doc", id] => Route::Doc(id.to_string()),
        ["doc", id, "draft.pdf"] => Route::Pdf(id.to_string()),
        ["doc", id, "draft.docx"] => Route::Docx(id.to_string()),
        ["doc", id, file] => match file.strip_prefix("page-").and_then(|f| f.strip_suffix(".svg")).map(str::parse) {
            Some(Ok(n)) if n > 0 => Route::Page(id.to_string(), n),
            _ => Route::NotFound,
        },
        _ => Route::NotFound,
    }
}

/// Whether a `Host` header names this server (127.0.0.1 or localhost at our port).
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    match host {
        None => true,
        Some(h) => {
            let h = h.trim().to_ascii_lowercase();
            [format!("127.0.0.1:{port}"), format!("localhost:{port}")].contains(&h)
                || (port == 80 && (h == "127.0.0.1" || h == "localhost"))
        }
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(request: Request, status: u16, content_type: &str, body: Vec<u8>, extra: &[(&str, String)]) {
    let len = body.len();
    let mut response = Response::new(status.into(), Vec::new(), Cursor::new(body), Some(len), None);
    let csp = if content_type.starts_with("image/svg") {
        "default-src 'none'; style-src 'unsafe-inline'"
    } else {
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
         connect-src 'self'"
    };
    let common = [
        ("Content-Type", content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Content-Security-Policy", csp.to_string()),
        // One request per connection: with keep-alive, Chromium queued requests on connections
        // tiny_http had stopped reading while a page's event stream was open.
        ("Connection", "close".to_string()),
    ];
    for (name, value) in common.iter().chain(extra) {
        if let Some(h) = header(name, value) {
            response.add_header(h);
        }
    }
    // A client that went away is not an error worth reporting.
    let _ = request.respond(response);
}

fn html(request: Request, status: u16, body: String) {
    respond(request, status, "text/html; charset=utf-8", body.into_bytes(), &[]);
}

fn download(request: Request, entry: &Entry, ext: &str, mime: &str, bytes: Vec<u8>) {
    let name = pages::segment(&format!("{}-草稿.{ext}", entry.id));
    let disposition = format!("attachment; filename=\"draft.{ext}\"; filename*=UTF-8''{name}");
    respond(request, 200, mime, bytes, &[("Content-Disposition", disposition)]);
}

fn failed(request: Request, site: &Site, ds: &Diagnostics) {
    let text: Vec<String> = ds.iter().map(|d| pages::esc(&d.to_string())).collect();
    let body = format!(
        "<!DOCTYPE html><meta charset=\"utf-8\"><title>无法导出</title><p><a href=\"/\">← 目录</a></p><pre>{}</pre><!-- v{} -->",
        text.join("\n"),
        site.version
    );
    html(request, 500, body);
}

/// Answer one request.
pub fn handle(app: &App, request: Request) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
    if !host_allowed(host.as_deref(), app.port) {
        respond(request, 403, "text/plain; charset=utf-8", "forbidden host\n".into(), &[]);
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        respond(
            request,
            405,
            "text/plain; charset=utf-8",
            "method not allowed\n".into(),
            &[("Allow", "GET, HEAD".into())],
        );
        return;
    }
    let site = app.site();
    let found = |id: &str| site.entry(id).cloned();
    match route(request.url()) {
        Route::Index => html(request, 200, pages::index(&site)),
        // A HEAD has no body, so it cannot become a stream.
        Route::Events if request.method() == &Method::Head => {
            respond(request, 200, "text/event-stream; charset=utf-8", Vec::new(), &[])
        }
        Route::Events => app.hub.join(request.into_writer(), site.version),
        Route::Doc(id) => match found(&id) {
            Some(e) => html(request, 200, pages::document(&site, &e)),
            None => html(request, 404, pages::not_found(&site)),
        },
        Route::Page(id, n) => {
            match found(&id).and_then(|e| e.render).and_then(|r| r.pages.get(n - 1).map(|p| p.clone().into_bytes())) {
                Some(svg) => respond(request, 200, "image/svg+xml", svg, &[]),
                None => html(request, 404, pages::not_found(&site)),
            }
        }
        Route::Pdf(id) => match found(&id) {
            Some(e) if e.render.is_some() => {
                let Some(r) = e.render.clone() else { return };
                match app.engine().pdf(&r.document, &r.options) {
                    Ok(bytes) => download(request, &e, "pdf", "application/pdf", bytes),
                    Err(ds) => failed(request, &site, &ds),
                }
            }
            _ => html(request, 404, pages::not_found(&site)),
        },
        Route::Docx(id) => match found(&id) {
            Some(e) if e.render.is_some() => {
                let Some(r) = e.render.clone() else { return };
                match (app.docx)(&r.document, &r.options) {
                    Ok(bytes) => download(
                        request,
                        &e,
                        "docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        bytes,
                    ),
                    Err(ds) => failed(request, &site, &ds),
                }
            }
            _ => html(request, 404, pages::not_found(&site)),
        },
        Route::NotFound => html(request, 404, pages::not_found(&site)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_routes() {
        assert_eq!(route("/"), Route::Index);
        assert_eq!(route("/?x=1"), Route::Index);
        assert_eq!(route("/events"), Route::Events);
        assert_eq!(route("/doc/%E9%80%9A%E7%9F%A5/"), Route::Doc("通知".into()));
        assert_eq!(route("/doc/%E9%80%9A%E7%9F%A5"), Route::Doc("通知".into()));
        assert_eq!(route("/doc/a/page-2.svg?v=9"), Route::Page("a".into(), 2));
        assert_eq!(route("/doc/a/draft.pdf"), Route::Pdf("a".into()));
        assert_eq!(route("/doc/a/draft.docx"), Route::Docx("a".into()));
    }

    #[test]
    fn traversal_in_any_encoding_is_not_found() {
        for target in [
            "/../../etc/passwd",
            "/doc/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd/",
            "/doc/%252e%252e%252fetc%252fpasswd/",
            "/doc/..%5c..%5cetc/",
            "/doc/a%00/",
            "/doc//page-1.svg",
            "/doc/a/page-0.svg",
            "/doc/a/page-x.svg",
            "/doc/%ff/",
            "etc/passwd",
        ] {
            assert!(matches!(route(target), Route::NotFound | Route::Doc(_)), "{target}");
            if let Route::Doc(id) = route(target) {
                // A double-encoded id is only an unknown id: it never names a file.
                assert!(!id.contains('/') && id != "..", "{target} → {id}");
            }
        }
        assert_eq!(route("/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd/"), Route::NotFound);
        assert_eq!(route("/../../etc/passwd"), Route::NotFound);
    }

    #[test]
    fn only_our_own_host_is_served() {
        assert!(host_allowed(Some("127.0.0.1:4567"), 4567));
        assert!(host_allowed(Some("LOCALHOST:4567"), 4567));
        assert!(host_allowed(None, 4567));
        assert!(!host_allowed(Some("evil.example:4567"), 4567));
        assert!(!host_allowed(Some("127.0.0.1:4568"), 4567));
    }

    #[test]
    fn a_taken_port_falls_back_to_the_next() {
        let (first, p1) = bind(0).expect("bind");
        let (_second, p2) = bind(p1).expect("fallback");
        assert_ne!(p1, p2);
        assert!(p2 > p1 && p2 < p1 + PORT_RANGE);
        drop(first);
    }
}
