//! Save-to-updated-image latency of `gongwen preview` (issue 6; target < 150 ms in release
//! mode). Not a timed test: it prints what it measured.
//!
//! A workspace from `gongwen init` gets one more document, a one-page 信函 (a 督办函-sized
//! letter, `documents/督办函样稿.md`). The preview runs as its own process, as a clerk would run
//! it; a page's event stream is followed. Each round edits one sentence of the letter and
//! measures (1) save → the reload event on the stream, (2) save → the changed page image
//! fetched over HTTP, i.e. what the browser shows after reloading. The rebuild also re-reads the
//! whole workspace (the 17-page notice, four spreadsheets, the letters of the case sheet), but
//! renders only the letter. Run with `cargo bench --bench preview`.

#[path = "../tests/preview_support/mod.rs"]
#[allow(unreachable_pub)]
mod preview_support;

use preview_support::{events, get, images, start};
use std::time::{Duration, Instant};

const ROUNDS: usize = 30;

const LETTER: &str = "---
格式 = \"信函\"
发文机关标志 = \"陵川县“双减”工作专门协调机制办公室\"
发文字号 = \"陵双减督〔2021〕9号\"
标题 = \"关于加快推进校外培训机构治理工作的督办函\"
主送 = \"县文旅局\"
署名 = \"陵川县“双减”工作专门协调机制办公室\"
成文日期 = \"2021年12月13日\"
---
按县“双减”工作专门协调机制工作要求，校外培训机构治理工作应于12月31日完成。为此，请你单位抓紧做好以下工作：
一、全面排查辖区内面向中小学生的校外培训机构。
二、对无证无照机构依法依规予以查处。
校外培训机构治理有关情况请于12月25日前报送我办。第0轮。
";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

fn main() {
    let p = start(|ws| std::fs::write(ws.join("documents").join("督办函样稿.md"), LETTER).expect("letter"));
    let page = "/doc/%E7%9D%A3%E5%8A%9E%E5%87%BD%E6%A0%B7%E7%A8%BF/";
    let imgs = images(&get(p.port, page).text());
    assert_eq!(imgs.len(), 1, "a one-page letter");
    let stream = events(p.port);
    stream.recv_timeout(Duration::from_secs(30)).expect("first event");
    let file = p.ws.join("documents").join("督办函样稿.md");
    let mut before = get(p.port, &imgs[0]).body;
    let (mut to_event, mut to_image) = (Vec::new(), Vec::new());
    for round in 1..=ROUNDS {
        // Let the previous rebuild and its burst window settle.
        std::thread::sleep(Duration::from_millis(400));
        let text = LETTER.replace("第0轮", &format!("第{round}轮"));
        let saved = Instant::now();
        std::fs::write(&file, text).expect("save");
        stream.recv_timeout(Duration::from_secs(10)).expect("reload event");
        to_event.push(saved.elapsed().as_secs_f64() * 1000.0);
        let after = get(p.port, &imgs[0]).body;
        to_image.push(saved.elapsed().as_secs_f64() * 1000.0);
        assert_ne!(before, after, "round {round}: the image changed");
        before = after;
    }
    for (label, mut v) in [("save → reload event", to_event), ("save → updated image served", to_image)] {
        v.sort_by(f64::total_cmp);
        println!(
            "{label:<30} median {:6.1} ms   p90 {:6.1} ms   min {:6.1} ms   max {:6.1} ms   (n = {ROUNDS})",
            percentile(&v, 0.5),
            percentile(&v, 0.9),
            v[0],
            v[v.len() - 1]
        );
    }
}
