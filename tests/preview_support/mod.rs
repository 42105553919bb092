//! Driving a running `gongwen preview` from tests: start it on a workspace made with
//! `gongwen init`, a tiny HTTP client over `TcpStream`, and the server-sent event stream.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_gongwen");

/// A running `gongwen preview`, killed when dropped.
pub(crate) struct Preview {
    pub(crate) child: Child,
    pub(crate) port: u16,
    pub(crate) dir: tempfile::TempDir,
    pub(crate) ws: PathBuf,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `gongwen init` a workspace, let `prepare` change it, and start the preview on a free port.
pub(crate) fn start(prepare: impl FnOnce(&Path)) -> Preview {
    let dir = tempfile::tempdir().expect("tmp");
    let ws = dir.path().join("ws");
    let st = Command::new(BIN).arg("init").arg(&ws).output().expect("init");
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    prepare(&ws);
    let mut child = Command::new(BIN)
        .args(["preview", "--port", "0", "ws"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn preview");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("read url");
    let url = line.trim().trim_start_matches("预览地址：").to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let port = url.trim_start_matches("http://127.0.0.1:").trim_end_matches('/').parse().expect("port");
    Preview { child, port, dir, ws }
}

/// A response: status, headers (lower-case names), body.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

pub(crate) fn request(port: u16, target: &str, host: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    write!(s, "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Reply { status, headers, body }
}

pub(crate) fn get(port: u16, target: &str) -> Reply {
    request(port, target, &format!("127.0.0.1:{port}"))
}

pub(crate) fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 2 + size + 2..];
    }
    out
}

/// Follow `/events`: each `data:` value, as it arrives.
pub(crate) fn events(port: u16) -> Receiver<u64> {
    let (tx, rx) = channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(s, "GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").expect("send");
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if let Some(v) = line.strip_prefix("data: ").and_then(|v| v.trim().parse().ok())
                && tx.send(v).is_err()
            {
                break;
            }
        }
    });
    rx
}

/// The `src` of every page image on a document page.
pub(crate) fn images(html: &str) -> Vec<String> {
    html.split("<img src=\"").skip(1).filter_map(|s| s.split('"').next()).map(|s| s.replace("&amp;", "&")).collect()
}
