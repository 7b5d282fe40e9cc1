//! `lumx-sandbox`: a faithful, stateful local HTTP simulator of the Lumx API
//! (customers, KYC/KYB onboarding, verifications with taxId-driven outcomes, RFIs,
//! accounts, webhooks, idempotency and fault injection).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sandbox = lumx_sandbox::start(lumx_sandbox::SandboxConfig::default()).await?;
//! // Every request needs `Authorization: Bearer <token>` and a loopback `Host`.
//! println!("{} {}", sandbox.base_url(), sandbox.token());
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

mod accept_backoff;
mod config;
mod error;
mod faults;
mod idempotency;
mod lifecycle;
mod models;
mod rfi_scenarios;
mod routes;
mod seed;
mod server;
mod state;
mod stats;
mod taxid;
mod token;
mod validation;
mod views;
mod webhooks;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use uuid::Uuid;

pub use config::{Clock, FaultConfig, ManualClock, SandboxConfig, SystemClock, WebhookTarget};
pub use stats::SandboxStats;
pub use taxid::{cnpj_ending_in, cpf_ending_in, is_valid_cnpj, is_valid_cpf};
pub use token::generate_token;
pub use webhooks::{sign as webhook_signature, SIGNATURE_HEADER};

use lifecycle::Delays;
use state::{Counters, Shared, SharedParts, Store};

/// A running sandbox. Dropping it without `shutdown` leaves the server running until
/// the runtime ends.
pub struct SandboxHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown_tx: watch::Sender<bool>,
    server: JoinHandle<()>,
    webhook_task: Option<JoinHandle<()>>,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The Bearer token every route requires (configured or drawn at start).
    pub fn token(&self) -> &str {
        &self.shared.token
    }

    /// Replaces the fault configuration (the 429 burst counter restarts).
    pub fn set_faults(&self, faults: FaultConfig) {
        self.shared
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .set(faults);
    }

    pub fn faults(&self) -> FaultConfig {
        self.shared
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .config()
            .clone()
    }

    pub fn stats(&self) -> SandboxStats {
        stats::collect(&self.shared)
    }

    /// Marks the customer's Terms of Service as accepted; `false` if unknown.
    pub fn accept_terms(&self, customer_id: Uuid) -> bool {
        self.shared
            .write(|store, now, _| Ok(lifecycle::accept_tos(store, customer_id, now)))
            .unwrap_or(false)
    }

    /// Adds `count` realistic customers (deterministic for a given `seed`).
    pub fn seed(&self, count: usize, seed: u64) -> usize {
        seed::seed_shared(&self.shared, count, seed)
    }

    /// Applies every delayed transition that is due by the configured clock. Useful
    /// after advancing a `ManualClock`; any request does the same.
    pub fn tick(&self) {
        self.shared.tick();
    }

    /// Stops accepting, closes open connections and stops webhook delivery.
    pub async fn shutdown(self) {
        let _ = self.shutdown_tx.send(true);
        let _ = self.server.await;
        if let Some(task) = self.webhook_task {
            task.abort();
        }
    }
}

/// Seeds a running sandbox with `count` customers in every status; see [`SandboxHandle::seed`].
pub fn seed(handle: &SandboxHandle, count: usize, rng_seed: u64) -> usize {
    handle.seed(count, rng_seed)
}

/// Binds 127.0.0.1:`config.port` and serves until [`SandboxHandle::shutdown`].
pub async fn start(config: SandboxConfig) -> std::io::Result<SandboxHandle> {
    config
        .faults
        .validate()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let token = match config.token {
        // It travels in a header and is compared after trimming: printable ASCII only.
        Some(t) if t.is_empty() || !t.bytes().all(|b| b.is_ascii_graphic()) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the sandbox token must be non-empty printable ASCII without spaces",
            ))
        }
        Some(t) => t,
        None => generate_token(),
    };
    let store = match &config.state_file {
        Some(path) => state::load(path)?.unwrap_or_default(),
        None => Store::default(),
    };
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let addr = listener.local_addr()?;
    let counters = Arc::new(Counters::default());
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let (webhook_tx, webhook_task) = match config.webhook {
        Some(target) => {
            let (tx, task) = webhooks::spawn(target, Arc::clone(&counters));
            (Some(tx), Some(task))
        }
        None => (None, None),
    };
    let shared = Shared::new(SharedParts {
        store,
        clock: config.clock,
        token,
        delays: Delays {
            verification: config.verification_delay,
            activation: config.account_activation_delay,
        },
        state_file: config.state_file,
        faults: faults::FaultState::new(config.faults),
        counters: Arc::clone(&counters),
        webhooks: webhook_tx,
        shutdown: shutdown_rx.clone(),
    });
    let app = routes::router(Arc::clone(&shared));
    let server = tokio::spawn(server::serve(
        listener,
        app,
        shutdown_rx,
        server::ServeOptions {
            header_read_timeout: config.header_read_timeout,
            counters,
        },
    ));
    Ok(SandboxHandle {
        addr,
        shared,
        shutdown_tx,
        server,
        webhook_task,
    })
}
