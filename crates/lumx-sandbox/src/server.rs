//! Our own accept loop (instead of `axum::serve`) so a request can close its
//! connection without writing a response — needed for drop-after-commit faults.

use std::sync::Arc;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

/// Put into each request's extensions; `trigger` drops that request's connection.
#[derive(Clone)]
pub struct ConnKill(Arc<Notify>);

impl ConnKill {
    pub fn trigger(&self) {
        self.0.notify_one();
    }
}

pub async fn serve(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    continue;
                }
            },
            _ = shutdown.wait_for(|stop| *stop) => return,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let mut conn_shutdown = shutdown.clone();
        tokio::spawn(async move {
            let kill = ConnKill(Arc::new(Notify::new()));
            let req_kill = kill.clone();
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(req_kill.clone());
                app.clone().oneshot(req.map(Body::new))
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            // Dropping `conn` drops the socket: the peer sees the connection close
            // with no response bytes.
            tokio::select! {
                _ = conn => {}
                _ = kill.0.notified() => {}
                _ = conn_shutdown.wait_for(|stop| *stop) => {}
            }
        });
    }
}
