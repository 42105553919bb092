//! End-to-end tests of `gongwen preview` (issue 6): the binary is started on a workspace made
//! with `gongwen init`, and a small HTTP client over `TcpStream` fetches the index, document
//! pages and page images, follows the server-sent event stream, edits inputs, and tries path
//! traversal. Plus the draft marks the preview relies on (`RenderOptions::draft`), measured in
//! the laid-out frames.

mod common;
mod preview_support;

use common::frames;
use gongwen::fonts::FontSet;
use gongwen::writer::RenderOptions;
use gongwen::writer::pdf::Engine;
use preview_support::{events, get, images, request, start};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The bound from a save to the updated image being served.
const SAVE_TO_IMAGE: Duration = Duration::from_secs(2);

const NOTICE: &str = "/doc/%E9%80%9A%E7%9F%A5/";

#[test]
fn index_document_page_and_page_images_are_served() {
    let p = start(|_| {});
    let index = get(p.port, "/");
    assert_eq!(index.status, 200);
    assert!(index.header("content-type").is_some_and(|t| t.starts_with("text/html")));
    let html = index.text();
    assert!(html.contains(&format!("href=\"{NOTICE}\"")), "{html}");
    assert!(html.contains("陵政办函〔2021〕45号"), "the index shows the 文号");
    assert!(html.contains("信函格式"), "the index shows the kind");

    let page = get(p.port, NOTICE);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("草稿 · 输入：documents/通知.md"), "banner names the input");
    assert!(html.contains("draft.pdf") && html.contains("draft.docx"), "download links");
    let imgs = images(&html);
    assert!(imgs.len() >= 3, "the notice has several pages: {imgs:?}");
    assert!(html.contains(&format!("第 1 页 / 共 {} 页", imgs.len())));
    let svg = get(p.port, &imgs[0]);
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.text().starts_with("<svg") && svg.body.len() > 10_000, "{} bytes", svg.body.len());

    let pdf = get(p.port, &format!("{NOTICE}draft.pdf"));
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert!(pdf.header("content-disposition").is_some_and(|d| d.starts_with("attachment")));
    let docx = get(p.port, &format!("{NOTICE}draft.docx"));
    assert_eq!(docx.status, 200, "{}", docx.text());
    assert!(docx.body.starts_with(b"PK"), "a DOCX is a zip");
}

#[test]
fn a_save_updates_the_image_and_tells_open_pages_to_reload() {
    let p = start(|_| {});
    let imgs = images(&get(p.port, NOTICE).text());
    let before = get(p.port, &imgs[0]).body;
    let stream = events(p.port);
    let v0 = stream.recv_timeout(Duration::from_secs(10)).expect("first event: the current version");

    let file = p.ws.join("documents").join("通知.md");
    let text = std::fs::read_to_string(&file).expect("read");
    let edited = text.replacen("为贯彻落实", "为认真贯彻落实", 1);
    assert_ne!(edited, text);
    let saved = Instant::now();
    std::fs::write(&file, edited).expect("save");

    let v1 = stream.recv_timeout(SAVE_TO_IMAGE).expect("a reload within 2 s of the save");
    assert!(v1 > v0, "{v1} > {v0}");
    let after = get(p.port, &imgs[0]).body;
    assert!(saved.elapsed() < SAVE_TO_IMAGE, "updated image after {:?}", saved.elapsed());
    assert_ne!(before, after, "the served image changed");
    // The new page image has a new address, so no browser shows a cached old one.
    assert_ne!(images(&get(p.port, NOTICE).text())[0], imgs[0]);

    // Output written by `gongwen build` beside a running preview triggers nothing.
    std::fs::create_dir_all(p.ws.join("out")).expect("mkdir");
    std::fs::write(p.ws.join("out").join("通知.pdf"), b"%PDF-").expect("write out");
    assert!(stream.recv_timeout(Duration::from_millis(800)).is_err(), "out/ is ignored");
}

/// A font dropped into the workspace and named in gongwen.toml shows without a restart: the
/// documents did not change, every page image does.
#[test]
fn new_fonts_are_loaded_without_a_restart() {
    let p = start(|_| {});
    let imgs = images(&get(p.port, NOTICE).text());
    let before = get(p.port, &imgs[0]).body;
    let stream = events(p.port);
    let v0 = stream.recv_timeout(Duration::from_secs(10)).expect("first event: the current version");

    let kai = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/FandolKai-Regular.otf");
    std::fs::create_dir_all(p.ws.join("fonts")).expect("mkdir");
    std::fs::copy(kai, p.ws.join("fonts/kai.otf")).expect("copy font");
    let config = p.ws.join("gongwen.toml");
    let text = std::fs::read_to_string(&config).expect("read config");
    std::fs::write(&config, format!("{text}\n[fonts]\nbody = \"fonts/kai.otf\"\n")).expect("save config");

    let deadline = Instant::now() + Duration::from_secs(20);
    let mut after = before.clone();
    while Instant::now() < deadline {
        // A rebuild that changed nothing visible announces the same version again.
        let Ok(v) = stream.recv_timeout(Duration::from_secs(5)) else { continue };
        if v <= v0 {
            continue;
        }
        after = get(p.port, &images(&get(p.port, NOTICE).text())[0]).body;
        if after != before {
            break;
        }
    }
    assert_ne!(before, after, "the page image changed with the body font");
}

#[test]
fn an_error_shows_in_place_of_the_document_with_the_last_good_render_beneath() {
    let p = start(|_| {});
    let stream = events(p.port);
    let v0 = stream.recv_timeout(Duration::from_secs(10)).expect("version");
    let file = p.ws.join("documents").join("通知.md");
    let good = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, good.replacen("格式 = \"信函\"", "格式 = \"便条\"", 1)).expect("break it");
    let v1 = stream.recv_timeout(Duration::from_secs(10)).expect("reload");
    assert!(v1 > v0);
    let html = get(p.port, NOTICE).text();
    let errors = html.find("id=\"errors\"").expect("error box");
    assert!(html.contains("documents/通知.md:4"), "located at file and line: {html}");
    assert!(html.contains("便条"));
    let image = html.find("<img src=").expect("last good render still shown");
    assert!(errors < image, "the error comes first, the last good render beneath");
    assert!(get(p.port, "/").text().contains("错误"));

    std::fs::write(&file, good).expect("fix it");
    stream.recv_timeout(Duration::from_secs(10)).expect("reload after the fix");
    assert!(!get(p.port, NOTICE).text().contains("id=\"errors\""));

    // A broken gongwen.toml stops everything: every page says where, and keeps its pages.
    let config = p.ws.join("gongwen.toml");
    let text = std::fs::read_to_string(&config).expect("read config");
    std::fs::write(&config, text.replacen("[issuer]", "[issuer\n", 1)).expect("break config");
    stream.recv_timeout(Duration::from_secs(10)).expect("reload");
    let index = get(p.port, "/").text();
    assert!(index.contains("gongwen.toml:"), "{index}");
    let html = get(p.port, NOTICE).text();
    assert!(html.contains("gongwen.toml:") && html.contains("<img src="), "{html}");
}

#[test]
fn every_letter_of_the_case_sheet_is_listed_and_bad_rows_show_their_cells() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let p = start(|ws| {
        std::fs::create_dir_all(ws.join("data")).expect("mkdir");
        std::fs::copy(root.join("名册.xlsx"), ws.join("data/名册.xlsx")).expect("roster");
        std::fs::copy(root.join("bad/督办事项-未知单位.xlsx"), ws.join("data/督办事项.xlsx")).expect("cases");
    });
    let html = get(p.port, "/").text();
    assert!(html.contains("由表格生成（督办函每行一份、会议纪要）"), "{html}");
    let letters: Vec<&str> = html.split("href=\"/doc/").skip(1).filter(|s| s.starts_with("%E7%9D%A3")).collect();
    assert!(letters.len() >= 2, "one link per row: {html}");
    assert!(html.contains("督办事项.xlsx › "), "bad rows are located by sheet and cell: {html}");
    assert!(html.contains("class=\"bad\""), "a bad row is marked");
    assert!(html.contains("陵双减督〔2021〕"), "letters are numbered as `gongwen letters` numbers them");
    let first = letters.iter().find(|l| !l.contains("errors")).expect("a link");
    let target = format!("/doc/{}", first.split('"').next().expect("href"));
    let page = get(p.port, &target).text();
    let ok_or_error = !images(&page).is_empty() || page.contains("id=\"errors\"");
    assert!(ok_or_error, "{page}");
    assert!(
        !p.ws.join(gongwen::settings::Config::default().letters.registry).exists(),
        "the registry is never written"
    );
}

#[test]
fn rare_characters_are_warned_in_the_preview_and_one_no_font_has_is_an_error_in_place() {
    let p = start(|ws| {
        let file = ws.join("documents").join("通知.md");
        let text = std::fs::read_to_string(&file).expect("read");
        let mut lines: Vec<&str> = text.lines().collect();
        lines.insert(13, "参加人员：王喆。");
        std::fs::write(&file, lines.join("\n") + "\n").expect("write");
    });
    let stream = events(p.port);
    stream.recv_timeout(Duration::from_secs(10)).expect("version");
    let html = get(p.port, NOTICE).text();
    assert!(html.contains("documents/通知.md:14:7") && html.contains("U+5586"), "{html}");
    assert!(!html.contains("id=\"errors\""), "a warning, not an error");

    let file = p.ws.join("documents").join("通知.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replacen("王喆", "王\u{30000}", 1)).expect("write");
    stream.recv_timeout(Duration::from_secs(10)).expect("reload");
    let html = get(p.port, NOTICE).text();
    assert!(html.contains("id=\"errors\"") && html.contains("U+30000"), "{html}");
    assert!(html.contains("documents/通知.md:14:7"), "{html}");
}

#[test]
fn traversal_and_foreign_hosts_get_nothing() {
    let p = start(|_| {});
    for target in [
        "/../../etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/doc/..%2f..%2f..%2fetc%2fpasswd/",
        "/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd/page-1.svg",
        "/doc/%252e%252e%252fetc%252fpasswd/draft.pdf",
        "/doc/..%5c..%5cgongwen.toml/",
        "/documents/%E9%80%9A%E7%9F%A5.md",
        "/gongwen.toml",
    ] {
        let r = get(p.port, target);
        assert_eq!(r.status, 404, "{target}");
        assert!(!r.text().contains("root:"), "{target}");
        assert!(!r.text().contains("[issuer]"), "{target}");
    }
    let r = request(p.port, "/", "attacker.example");
    assert_eq!(r.status, 403, "DNS-rebinding guard");
}

#[test]
fn the_draft_option_draws_the_watermark_and_banner_and_a_normal_render_does_not() {
    let engine = Engine::new(&FontSet::bundled().expect("fonts")).expect("engine");
    let mut doc = gongwen::ir::Document::default();
    doc.body.push(common::para(common::P1));
    let page = |opts: &RenderOptions| frames::pages(&engine.layout(&doc, opts).expect("layout")).remove(0);
    let plain = page(&RenderOptions::default());
    assert!(!plain.glyphs.iter().any(|g| g.text == "草" || g.text == "稿"), "a normal render has no draft marks");

    let draft = page(&RenderOptions { draft: Some("输入：documents/通知.md".into()), ..Default::default() });
    let banner = frames::lines(&draft).into_iter().map(|l| l.text()).find(|t| t.contains("documents/通知.md"));
    assert_eq!(banner.as_deref(), Some("草稿输入：documents/通知.md"), "the banner names the input once");
    // The watermark: 草 and 稿 large, on a diagonal across the middle of the page.
    let big = |c: &str| draft.glyphs.iter().find(|g| g.text == c && g.size > 3.0 * 16.0).cloned();
    let (cao, gao) = (big("草").expect("large 草"), big("稿").expect("large 稿"));
    assert!(gao.x > cao.x + 20.0 && (gao.y - cao.y).abs() > 20.0, "diagonal: {cao:?} {gao:?}");
    let centre = |v: f64, size: f64| (v - size / 2.0).abs() < size / 4.0;
    assert!(centre((cao.x + gao.x) / 2.0, draft.width), "centred across the page");
    assert!(centre((cao.y + gao.y) / 2.0, draft.height), "centred down the page");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_preview_cleanly() {
    let mut p = start(|_| {});
    let _stream = events(p.port);
    let st = Command::new("kill").args(["-INT", &p.child.id().to_string()]).status().expect("kill");
    assert!(st.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = p.child.try_wait().expect("wait") {
            break s;
        }
        assert!(Instant::now() < deadline, "still running 10 s after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(TcpStream::connect(("127.0.0.1", p.port)).is_err(), "the port is closed");
}
