//! A small HTTP/1.1 server on 127.0.0.1 for the verification tests: it
//! records every request (raw bytes too) and answers with whatever the
//! test's handler says, one thread per connection, `Connection: close`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A request as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The whole request, head and body, as received.
    pub raw: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// How many times `needle` occurs in the raw request.
    pub fn count(&self, needle: &str) -> usize {
        let (hay, n) = (&self.raw, needle.as_bytes());
        if n.is_empty() || hay.len() < n.len() {
            return 0;
        }
        hay.windows(n.len()).filter(|w| *w == n).count()
    }
}

/// What to answer.
pub enum Answer {
    Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Answer after a pause.
    Delayed(Duration, Box<Answer>),
    /// Keep the connection open without answering (until the server stops
    /// or 30 s pass), so the client times out.
    Hang,
}

impl Answer {
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        Answer::Reply {
            status,
            headers: vec![],
            body: body.into(),
        }
    }

    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Answer::new(status, body).with_header("content-type", "application/json")
    }

    pub fn xml(status: u16, body: impl Into<String>) -> Self {
        Answer::new(status, body).with_header("content-type", "text/xml")
    }

    pub fn with_header(self, name: &str, value: &str) -> Self {
        match self {
            Answer::Reply {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.to_string(), value.to_string()));
                Answer::Reply {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }
}

type Handler = dyn Fn(&Recorded) -> Answer + Send + Sync;

struct Shared {
    log: Mutex<Vec<Recorded>>,
    stop: AtomicBool,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    handler: Box<Handler>,
}

pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(handler: impl Fn(&Recorded) -> Answer + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            log: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            handler: Box::new(handler),
        });
        let s = Arc::clone(&shared);
        let accept = std::thread::spawn(move || {
            let mut conns = Vec::new();
            for stream in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let s = Arc::clone(&s);
                conns.push(std::thread::spawn(move || serve(stream, &s)));
            }
            for c in conns {
                let _ = c.join();
            }
        });
        Server {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.log.lock().unwrap().clone()
    }

    /// The most requests that were being answered at once.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve(stream: TcpStream, s: &Shared) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut raw = Vec::new();
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return, // the stop poke, or a client that left
            Ok(_) => {}
        }
        raw.extend_from_slice(line.as_bytes());
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let Some(request_line) = head.first() else {
        return;
    };
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = head[1..]
        .iter()
        .filter_map(|h| h.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0usize);
    let mut body = vec![0; len];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    raw.extend_from_slice(&body);
    let rec = Recorded {
        method,
        path,
        headers,
        body,
        raw,
    };
    s.log.lock().unwrap().push(rec.clone());
    let now = s.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    s.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let mut answer = (s.handler)(&rec);
    let mut stream = stream;
    // In flight until the answer is about to be written: a client cannot
    // send its next request before it has read this answer.
    let mut settled = false;
    let mut settle = || {
        if !std::mem::replace(&mut settled, true) {
            s.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    };
    loop {
        match answer {
            Answer::Delayed(d, next) => {
                std::thread::sleep(d);
                answer = *next;
            }
            Answer::Hang => {
                let start = Instant::now();
                while !s.stop.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(30) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                break;
            }
            Answer::Reply {
                status,
                headers,
                body,
            } => {
                settle();
                let mut out = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for (n, v) in headers {
                    out.push_str(&format!("{n}: {v}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(&body);
                let _ = stream.write_all(out.as_bytes());
                let _ = stream.flush();
                break;
            }
        }
    }
    settle();
}
