//! `gongwen preview` in a real browser (issue 6): headless Chromium loads the index and a
//! document page from a running preview, takes screenshots and dumps the DOM. The document page
//! must show its page image — red pixels of the issuer mark and dark text pixels inside the
//! page — and neither page may show an error. With `UPDATE_GOLDEN=1` the screenshots are
//! copied to `docs/` for the README.
//!
//! Runs only with `GONGWEN_EXTERNAL_TESTS=1`, and then fails (never skips) when Chromium is
//! missing (`apt-get install -y chromium`; `CHROMIUM` names another binary).

mod preview_support;

use preview_support::{Preview, start};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn enabled() -> bool {
    std::env::var("GONGWEN_EXTERNAL_TESTS").is_ok_and(|v| v == "1")
}

fn chromium() -> String {
    let bin = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let found = Command::new(&bin).arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(found, "GONGWEN_EXTERNAL_TESTS=1 needs Chromium (`apt-get install -y chromium`, or set CHROMIUM)");
    bin
}

/// Run headless Chromium on `url` with extra arguments; returns stdout. A browser that has not
/// finished after 60 s is killed and started again with a fresh profile (three attempts): a hung
/// headless browser is a flaky harness, not a finding about the page.
fn browse(p: &Preview, url: &str, extra: &[String]) -> String {
    for attempt in 1..=3 {
        if let Some(out) = browse_once(p, url, extra, Duration::from_secs(60)) {
            return out;
        }
        eprintln!("chromium did not finish within 60 s on {url} (attempt {attempt})");
    }
    panic!("chromium did not finish on {url} in three attempts");
}

fn browse_once(p: &Preview, url: &str, extra: &[String], limit: Duration) -> Option<String> {
    // A fresh profile per run: a profile still held by the previous run's exiting browser
    // makes the next one wait on it.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let profile = p.dir.path().join(format!("chromium-profile-{}", RUNS.fetch_add(1, Ordering::SeqCst)));
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            // Stop loading after 20 s and take the screenshot anyway; the checks below still
            // need page 1's image (red issuer mark) in the picture.
            "--timeout=20000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run chromium");
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("chromium output");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn screenshot(p: &Preview, url: &str, file: &Path, size: (u32, u32)) -> Image {
    browse(p, url, &[format!("--screenshot={}", file.display()), format!("--window-size={},{}", size.0, size.1)]);
    let bytes = std::fs::read(file).expect("screenshot written");
    Image::decode(&bytes)
}

/// An RGBA image.
struct Image {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

impl Image {
    fn decode(bytes: &[u8]) -> Image {
        let mut decoder = png::Decoder::new(Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut reader = decoder.read_info().expect("png");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("frame");
        assert_eq!(info.color_type, png::ColorType::Rgba, "screenshots are RGB(A)");
        buf.truncate(info.buffer_size());
        Image { width: info.width as usize, height: info.height as usize, rgba: buf }
    }

    /// Count pixels in the rectangle `x0..x1 × y0..y1` that satisfy `f(r, g, b)`.
    fn count(&self, (x0, y0, x1, y1): (usize, usize, usize, usize), f: impl Fn(u8, u8, u8) -> bool) -> usize {
        let mut n = 0;
        for y in y0..y1.min(self.height) {
            for x in x0..x1.min(self.width) {
                let i = (y * self.width + x) * 4;
                if let [r, g, b, _] = self.rgba[i..i + 4] {
                    n += usize::from(f(r, g, b));
                }
            }
        }
        n
    }
}

fn red(r: u8, g: u8, b: u8) -> bool {
    r > 180 && g < 90 && b < 90
}

fn dark(r: u8, g: u8, b: u8) -> bool {
    u16::from(r) + u16::from(g) + u16::from(b) < 200
}

fn docs_copy(from: &Path, name: &str) {
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        let to: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(name);
        std::fs::copy(from, to).expect("copy screenshot to docs/");
    }
}

#[test]
fn the_index_and_a_document_page_render_in_headless_chromium() {
    if !enabled() {
        return;
    }
    let p = start(|_| {});
    let base = format!("http://127.0.0.1:{}/", p.port);

    let dom = browse(&p, &base, &["--dump-dom".into()]);
    assert!(dom.contains("陵政办函〔2021〕45号"), "index lists the notice: {dom}");
    assert!(dom.contains("督办函"), "index lists the letters");
    assert!(!dom.contains("id=\"errors\"") && !dom.contains("class=\"bad\""), "no error on the index: {dom}");
    let shot = p.dir.path().join("index.png");
    let index = screenshot(&p, &base, &shot, (1280, 900));
    let ink = index.count((0, 0, index.width, index.height), dark);
    assert!(ink > 2_000, "the index has text: {ink} dark pixels");
    docs_copy(&shot, "preview-index.png");

    let page = format!("{base}doc/%E9%80%9A%E7%9F%A5/");
    let dom = browse(&p, &page, &["--dump-dom".into()]);
    assert!(dom.contains("page-1.svg"), "the page image is on the page: {dom}");
    assert!(!dom.contains("id=\"errors\""), "no error on the document page: {dom}");
    let shot = p.dir.path().join("document.png");
    let doc = screenshot(&p, &page, &shot, (1280, 1300));
    // The page image: 794 px wide, centred below the header; the red issuer mark and double
    // lines of the 信函 format are drawn only by the SVG.
    let x0 = doc.width.saturating_sub(794) / 2;
    let area = (x0, 80, x0 + 794, doc.height);
    let reds = doc.count(area, red);
    let text = doc.count(area, dark);
    assert!(reds > 1_000, "the red issuer mark and lines are visible: {reds} red pixels");
    assert!(text > 3_000, "body text is visible: {text} dark pixels");
    docs_copy(&shot, "preview-document.png");
}
