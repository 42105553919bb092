//! `gongwen preview`: a live browser preview of a workspace's drafts on 127.0.0.1.
//!
//! The pieces, one file each: `collect` gathers the workspace's documents as Document IR (the
//! same loading as `gongwen build` and `gongwen letters`), `site` renders them to SVG pages in
//! memory — only those whose input hash changed — keeping each document's last good render,
//! `pages` draws the HTML, `server` answers HTTP (tiny_http) from memory, `events` pushes
//! reloads to open pages (server-sent events), `watch` reports saves (notify). [`serve`] wires
//! them: build once, listen, then rebuild on every save until Ctrl-C.
//!
//! Previews are drafts: every page carries the 草稿 watermark and a banner naming its inputs
//! (`RenderOptions::draft`, drawn by the PDF template). Nothing is written to disk.

pub mod collect;
pub mod events;
pub mod pages;
pub mod server;
pub mod site;
pub mod watch;

use crate::diag::{Diagnostic, Location, Reporter};
use crate::writer::pdf::Engine;
use server::{App, DocxExport};
use site::Site;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Threads answering requests (event streams do not hold one).
const WORKERS: usize = 4;

/// How often the threads look at the stop flag.
const TICK: Duration = Duration::from_millis(200);

/// How often open event streams are pinged (finds closed pages).
const PING_EVERY: Duration = Duration::from_secs(10);

/// What to preview and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The workspace folder.
    pub workspace: PathBuf,
    /// The first port to try on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// Open the browser on the index.
    pub open: bool,
}

/// Loads the workspace's fonts into a PDF engine (again when they change).
pub type LoadEngine<'a> = &'a (dyn Fn() -> Result<Engine, Diagnostic> + Sync);

/// Whether a changed file (relative to the workspace) can change which fonts are used: a font
/// dropped into `fonts/`, or `[fonts]` in `gongwen.toml`.
fn touches_fonts(rel: &Path) -> bool {
    rel.starts_with("fonts") || rel == Path::new(crate::settings::CONFIG_FILE)
}

/// Build the workspace, serve it, and rebuild on every save until `stop` is set (Ctrl-C).
pub fn serve(
    opts: &Options,
    load_engine: LoadEngine,
    docx: DocxExport,
    stop: &AtomicBool,
    reporter: &Reporter,
) -> Result<(), Diagnostic> {
    if !opts.workspace.is_dir() {
        return Err(Diagnostic::error("workspace-missing", Location::file(&opts.workspace), "工作区文件夹不存在")
            .hint("用 `gongwen init 文件夹` 生成一个示例工作区"));
    }
    let engine = load_engine()?;
    let watcher = watch::Watcher::new(&opts.workspace)?;
    let first = rebuild(&Site::new(&opts.workspace), &opts.workspace, &engine, reporter);
    let (http, port) = server::bind(opts.port)?;
    let app = App {
        site: RwLock::new(Arc::new(first)),
        hub: Default::default(),
        engine: RwLock::new(Arc::new(engine)),
        docx,
        port,
    };
    let url = format!("http://127.0.0.1:{port}/");
    // The URL goes to stdout (scripts read it), the rest to stderr.
    crate::console::outln(&format!("预览地址：{url}"));
    reporter.status("保存工作区里的文件后页面会自动刷新；按 Ctrl-C 停止");
    if opts.open {
        open_browser(&url, reporter);
    }
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                while !stop.load(Ordering::SeqCst) {
                    // A failed accept is the client's problem, not a reason to stop serving.
                    if let Ok(Some(request)) = http.recv_timeout(TICK) {
                        server::handle(&app, request);
                    }
                }
            });
        }
        let mut last_ping = Instant::now();
        while !stop.load(Ordering::SeqCst) {
            let changed = watcher.wait(TICK);
            if !changed.is_empty() {
                let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
                reporter.status(format!("已修改：{}", names.join("、")));
                // New fonts change every page without changing any document; the render hash
                // holds the fonts' fingerprint, so every page is drawn again. Fonts that fail to
                // load leave the old ones in use.
                if changed.iter().any(|p| touches_fonts(p)) {
                    match load_engine() {
                        Ok(engine) if engine.fonts_fingerprint() != app.engine().fonts_fingerprint() => {
                            app.replace_engine(engine);
                            reporter.status("字体已重新载入");
                        }
                        Ok(_) => {}
                        Err(d) => reporter.diagnostic(&d),
                    }
                }
                let next = rebuild(&app.site(), &opts.workspace, &app.engine(), reporter);
                let version = next.version;
                app.replace(next);
                app.hub.publish(version);
            }
            if last_ping.elapsed() >= PING_EVERY {
                app.hub.ping();
                last_ping = Instant::now();
            }
        }
    });
    app.hub.close();
    reporter.status("预览已停止");
    Ok(())
}

/// Collect and render the workspace; report what was rendered and any errors.
fn rebuild(previous: &Site, workspace: &Path, engine: &Engine, reporter: &Reporter) -> Site {
    let started = Instant::now();
    let collected = collect::collect(workspace);
    let (site, report) = previous.rebuild(collected, engine);
    engine.evict();
    for (_, ds) in &site.problems {
        reporter.diagnostics(ds);
    }
    for e in &site.entries {
        if let Some(ds) = &e.errors
            && report.changed
        {
            reporter.diagnostics(ds);
        }
    }
    if !report.rendered.is_empty() {
        reporter.status(format!(
            "已更新 {}（渲染 {} ms，共 {} ms）",
            report.rendered.join("、"),
            report.render_time.as_millis(),
            started.elapsed().as_millis()
        ));
    }
    site
}

/// Open the index in the system's browser; failing to is only a message.
fn open_browser(url: &str, reporter: &Reporter) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    if command.spawn().is_err() {
        reporter.status(format!("无法打开浏览器，请手动打开 {url}"));
    }
}
