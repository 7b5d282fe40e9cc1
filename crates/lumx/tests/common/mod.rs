//! A tiny scripted HTTP/1.1 server over raw tokio TCP, for tests that need
//! exact control over each attempt (drop the connection, stall, delay...).
//! It never buffers large bodies: it counts bytes and reads, and keeps the
//! body only when it is small.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What to do with the n-th request.
#[derive(Clone, Debug)]
pub enum Action {
    /// Read the whole request, answer with this status/headers/body.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Read the whole request, then close without answering.
    Drop,
    /// Read this many body bytes, then close.
    DropAfter(usize),
    /// Read this many body bytes, then stop reading (hold the connection).
    StallAfter(usize),
    /// Read the whole request, then wait this long before answering 200 `{}`.
    Delay(Duration),
}

pub fn json(status: u16, body: &str) -> Action {
    Action::Respond {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.into(),
    }
}

pub fn json_with(status: u16, body: &str, headers: &[(&str, &str)]) -> Action {
    let mut h: Vec<(String, String)> = vec![("content-type".into(), "application/json".into())];
    h.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Action::Respond {
        status,
        headers: h,
        body: body.into(),
    }
}

/// One received request.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// Body bytes actually received.
    pub body_len: usize,
    /// Number of socket reads that delivered body bytes.
    pub body_reads: usize,
    /// FNV-1a hash of the body (for identity checks on big bodies).
    pub body_hash: u64,
    /// The body, if it is at most 1 MiB.
    pub body: Vec<u8>,
    pub at: std::time::Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn body_str(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub struct ScriptServer {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ScriptServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ScriptServer {
    /// Starts a server; request n gets `script[n]` (the last action repeats).
    pub async fn start(script: Vec<Action>) -> ScriptServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);
        let reqs = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                let reqs = reqs.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    let _ = serve(sock, reqs, script).await;
                });
            }
        });
        ScriptServer {
            base_url: format!("http://{addr}"),
            requests,
            task,
        }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

fn fnv(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= *b as u64;
        *hash = hash.wrapping_mul(0x100000001b3);
    }
}

async fn serve(
    mut sock: TcpStream,
    reqs: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Vec<Action>>,
) -> std::io::Result<()> {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 256 * 1024];
    loop {
        // Headers.
        let head_end = loop {
            if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or("").split(' ');
        let method = first.next().unwrap_or("").to_string();
        let target = first.next().unwrap_or("").to_string();
        let headers: Vec<(String, String)> = lines
            .filter(|l| !l.is_empty())
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let content_length: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let index = reqs.lock().unwrap().len();
        let action = script
            .get(index)
            .or(script.last())
            .cloned()
            .unwrap_or(Action::Drop);
        let limit = match action {
            Action::DropAfter(n) | Action::StallAfter(n) => n.min(content_length),
            _ => content_length,
        };
        // Body.
        let mut rest: Vec<u8> = buf.split_off(head_end);
        buf.clear();
        let mut body_len = 0usize;
        let mut body_reads = 0usize;
        let mut body_hash = 0xcbf29ce484222325u64;
        let mut body = Vec::new();
        let mut take = |bytes: &[u8], body_len: &mut usize, body_reads: &mut usize| {
            if bytes.is_empty() {
                return;
            }
            *body_len += bytes.len();
            *body_reads += 1;
            fnv(&mut body_hash, bytes);
            if body.len() + bytes.len() <= 1 << 20 {
                body.extend_from_slice(bytes);
            }
        };
        let first_part = rest.len().min(limit);
        take(&rest[..first_part], &mut body_len, &mut body_reads);
        let leftover = rest.split_off(first_part);
        while body_len < limit {
            let want = (limit - body_len).min(chunk.len());
            let n = sock.read(&mut chunk[..want]).await?;
            if n == 0 {
                break;
            }
            take(&chunk[..n], &mut body_len, &mut body_reads);
        }
        reqs.lock().unwrap().push(Recorded {
            method,
            target,
            headers,
            body_len,
            body_reads,
            body_hash,
            body,
            at: std::time::Instant::now(),
        });
        buf = leftover;
        match action {
            Action::Respond {
                status,
                headers,
                body,
            } => {
                let mut out = format!(
                    "HTTP/1.1 {status} Status\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (k, v) in headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(&body);
                sock.write_all(out.as_bytes()).await?;
            }
            Action::Delay(d) => {
                tokio::time::sleep(d).await;
                sock.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
                    .await?;
            }
            Action::Drop | Action::DropAfter(_) => return Ok(()),
            Action::StallAfter(_) => {
                tokio::time::sleep(Duration::from_secs(60)).await;
                return Ok(());
            }
        }
    }
}

pub const CUSTOMER_JSON: &str = r#"{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","type":"INDIVIDUAL",
 "name":"William Default","taxId":"123.456.789-00","birthDate":"1990-01-01","country":"BRA",
 "email":"w@example.com","verification":{"status":"NOT_STARTED","level":"STANDARD"},
 "requirements":[],"metadata":{},"createdAt":"2021-01-01T00:00:00Z","updatedAt":"2021-01-01T00:00:00Z"}"#;

pub fn fast_policy(max_attempts: u32) -> lumx::RetryPolicy {
    lumx::RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        jitter: 0.0,
        max_retry_after: Duration::from_secs(5),
    }
}

pub fn client(base_url: &str, max_attempts: u32) -> lumx::Client {
    lumx::Client::builder(
        lumx::Environment::custom(base_url).unwrap(),
        lumx::ApiKey::new("sk_test_key"),
    )
    .retry_policy(fast_policy(max_attempts))
    .request_timeout(Duration::from_secs(5))
    .build()
    .unwrap()
}

pub fn individual() -> lumx::models::NewCustomer {
    lumx::models::NewCustomer::Individual(lumx::models::NewIndividualCustomer::new(
        "William Default",
        "123.456.789-00",
        time::macros::date!(1990 - 01 - 01),
        "BRA",
        "w@example.com",
    ))
}
