//! Server-sent events: open pages keep one `/events` stream each, and every new site version is
//! pushed to all of them as `data: <version>`; a page reloads when the version differs from the
//! one it was drawn from. tiny_http writes a response body only when it is complete, so a stream
//! takes over the connection's writer ([`tiny_http::Request::into_writer`]) and sends the head
//! itself; tiny_http still owns the socket. A write that fails means the page went away, and
//! its stream is dropped. A comment line every few seconds finds dead streams.
//!
//! Input: site versions. Output: bytes on open connections. No page content here.

use std::io::Write;
use std::sync::Mutex;

/// Headers of an event stream: never cached, closed by the server when it stops.
const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n";

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    streams: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Hub {
    /// Take over a request's connection as an event stream, telling it the current version at
    /// once (a page that reconnects after a restart learns whether it is stale).
    pub fn join(&self, mut writer: Box<dyn Write + Send>, version: u64) {
        let hello = format!("{HEAD}retry: 1000\ndata: {version}\n\n");
        if writer.write_all(hello.as_bytes()).and_then(|_| writer.flush()).is_ok()
            && let Ok(mut streams) = self.streams.lock()
        {
            streams.push(writer);
        }
    }

    /// Tell every page about a new version.
    pub fn publish(&self, version: u64) {
        self.send(&format!("data: {version}\n\n"));
    }

    /// Keep streams alive and drop those whose page is gone.
    pub fn ping(&self) {
        self.send(": ping\n\n");
    }

    /// How many pages are listening.
    pub fn len(&self) -> usize {
        self.streams.lock().map(|s| s.len()).unwrap_or(0)
    }

    /// Whether no page is listening.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Close every stream (shutdown).
    pub fn close(&self) {
        if let Ok(mut streams) = self.streams.lock() {
            streams.clear();
        }
    }

    fn send(&self, text: &str) {
        if let Ok(mut streams) = self.streams.lock() {
            streams.retain_mut(|w| w.write_all(text.as_bytes()).and_then(|_| w.flush()).is_ok());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A writer that records what it got, or fails.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>, bool);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.1 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.0.lock().expect("lock").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_stream_gets_the_head_the_current_version_and_each_new_one() {
        let hub = Hub::default();
        let sink = Sink::default();
        hub.join(Box::new(sink.clone()), 3);
        hub.publish(4);
        let text = String::from_utf8(sink.0.lock().expect("lock").clone()).expect("utf8");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"), "{text}");
        assert!(text.ends_with("\r\n\r\nretry: 1000\ndata: 3\n\ndata: 4\n\n"), "{text}");
    }

    #[test]
    fn a_failing_stream_is_dropped() {
        let hub = Hub::default();
        hub.join(Box::new(Sink::default()), 1);
        hub.join(Box::new(Sink(Arc::default(), true)), 1);
        assert_eq!(hub.len(), 1);
        hub.ping();
        assert_eq!(hub.len(), 1);
        hub.close();
        assert!(hub.is_empty());
    }
}
