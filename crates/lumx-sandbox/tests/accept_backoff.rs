//! The accept loop under file-descriptor exhaustion. Lowering RLIMIT_NOFILE and filling
//! the fd table affects the whole process, so this file holds one test and runs as its
//! own test binary.
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lumx_sandbox::SandboxConfig;
use tracing_subscriber::fmt::MakeWriter;

const TOKEN: &str = "sk_accept_backoff";

/// Collects formatted log lines in memory (writing them anywhere would need an fd).
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl Lines {
    fn count(&self, needle: &str) -> usize {
        let buf = self.0.lock().unwrap();
        String::from_utf8_lossy(&buf)
            .lines()
            .filter(|l| l.contains(needle))
            .count()
    }
}

impl Write for Lines {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Lines {
    type Writer = Lines;
    fn make_writer(&'a self) -> Lines {
        self.clone()
    }
}

fn nofile() -> libc::rlimit {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) }, 0);
    lim
}

fn set_nofile(lim: libc::rlimit) {
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) }, 0);
}

/// Opens files until the process has no free descriptor left.
fn exhaust_fds() -> Vec<File> {
    let mut held = Vec::new();
    loop {
        match File::open("/dev/null") {
            Ok(f) => held.push(f),
            Err(e) if e.raw_os_error() == Some(libc::EMFILE) => return held,
            Err(e) => panic!("unexpected error while filling the fd table: {e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_backs_off_while_out_of_fds_and_serves_again_after() {
    let lines = Lines::default();
    tracing_subscriber::fmt()
        .with_writer(lines.clone())
        .with_ansi(false)
        .with_env_filter("lumx_sandbox=info")
        .init();
    let sandbox = lumx_sandbox::start(SandboxConfig {
        token: Some(TOKEN.into()),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let original = nofile();
    set_nofile(libc::rlimit {
        rlim_cur: original.rlim_cur.min(256),
        rlim_max: original.rlim_max,
    });
    let mut held = exhaust_fds();
    // The last free descriptor goes to our end of a connection; the server's end then
    // waits in the backlog and every accept fails with EMFILE.
    held.pop();
    let mut client = TcpStream::connect(sandbox.addr()).expect("connect with one fd free");

    // Measurement window. Retrying at once makes hundreds of attempts or more (and as
    // many log lines) in it; backing off from 10 ms makes 7 (0, 10, 30, 70, 150, 310,
    // 630 ms).
    tokio::time::sleep(Duration::from_millis(700)).await;
    let attempts = sandbox.stats().accept_errors;
    let logged = lines.count("accept failed");
    assert!((2..=12).contains(&attempts), "{attempts} failed accepts");
    assert_eq!(logged, 1, "one log line per interval");

    drop(held);
    set_nofile(original);
    // The backlog connection is accepted at the next retry (at most 1 s away).
    let request = format!(
        "GET /_sandbox/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\nConnection: close\r\n\r\n"
    );
    let response = tokio::task::spawn_blocking(move || {
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        client.write_all(request.as_bytes()).unwrap();
        let mut out = String::new();
        client.read_to_string(&mut out).unwrap();
        out
    })
    .await
    .unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert_eq!(lines.count("accepting connections again"), 1);
    sandbox.shutdown().await;
}
