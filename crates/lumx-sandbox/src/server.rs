//! Our own accept loop (instead of `axum::serve`) so a request can close its
//! connection without writing a response — needed for drop-after-commit faults.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::accept_backoff::{AcceptBackoff, ErrorLog};
use crate::state::Counters;

/// Put into each request's extensions; `trigger` drops that request's connection.
#[derive(Clone)]
pub struct ConnKill(Arc<Notify>);

impl ConnKill {
    pub fn trigger(&self) {
        self.0.notify_one();
    }
}

pub struct ServeOptions {
    pub header_read_timeout: Duration,
    pub counters: Arc<Counters>,
}

pub async fn serve(
    listener: TcpListener,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
    options: ServeOptions,
) {
    let mut backoff = AcceptBackoff::default();
    let mut errors = ErrorLog::default();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.wait_for(|stop| *stop) => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                backoff.on_success();
                if let Some(failures) = errors.success() {
                    tracing::info!(failures, "accepting connections again");
                }
                stream
            }
            Err(e) => {
                options
                    .counters
                    .accept_errors
                    .fetch_add(1, Ordering::Relaxed);
                let delay = backoff.on_error(&e);
                if let Some(suppressed) = errors.failure(Instant::now()) {
                    tracing::warn!(error = %e, suppressed, retry_in_ms = delay.as_millis() as u64, "accept failed");
                }
                tokio::select! {
                    _ = tokio::time::sleep(delay) => {}
                    _ = shutdown.wait_for(|stop| *stop) => return,
                }
                continue;
            }
        };
        tokio::spawn(serve_connection(
            stream,
            app.clone(),
            shutdown.clone(),
            options.header_read_timeout,
        ));
    }
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
    header_read_timeout: Duration,
) {
    let _ = stream.set_nodelay(true);
    let kill = ConnKill(Arc::new(Notify::new()));
    let req_kill = kill.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(req_kill.clone());
        app.clone().oneshot(req.map(Body::new))
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .serve_connection(TokioIo::new(stream), service);
    // Dropping `conn` drops the socket: the peer sees the connection close
    // with no response bytes.
    tokio::select! {
        _ = conn => {}
        _ = kill.0.notified() => {}
        _ = shutdown.wait_for(|stop| *stop) => {}
    }
}
