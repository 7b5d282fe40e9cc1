//! The store (everything persisted) and `Shared`, the runtime around it: lock,
//! clock, counters, persistence, timers and webhook dispatch.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::sync::{mpsc, watch, Notify};
use uuid::Uuid;

use crate::config::Clock;
use crate::error::{ApiError, ApiResult};
use crate::faults::FaultState;
use crate::idempotency;
use crate::lifecycle::{self, Delays};
use crate::models::{Account, Customer, Timer, VerificationRecord};
use crate::webhooks::WebhookEvent;

/// Everything the sandbox knows; this is the state file's content.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Store {
    pub seq: u64,
    pub customers: HashMap<Uuid, Customer>,
    pub accounts: HashMap<Uuid, Account>,
    pub verifications: Vec<VerificationRecord>,
    pub timers: Vec<Timer>,
    #[serde(default)]
    pub idempotency: idempotency::Cache,
    /// Normalized taxId -> customer, for duplicate detection. Rebuilt on load.
    #[serde(skip)]
    pub tax_index: HashMap<String, Uuid>,
}

impl Store {
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn rebuild_indexes(&mut self) {
        self.tax_index = self
            .customers
            .values()
            .map(|c| (crate::validation::normalize_tax_id(&c.tax_id), c.id))
            .collect();
    }

    pub fn customer(&self, id: Uuid) -> ApiResult<&Customer> {
        self.customers.get(&id).ok_or_else(customer_not_found)
    }

    pub fn customer_mut(&mut self, id: Uuid) -> ApiResult<&mut Customer> {
        self.customers.get_mut(&id).ok_or_else(customer_not_found)
    }
}

pub fn customer_not_found() -> ApiError {
    ApiError::not_found("Customer not found!")
}

/// Side effects of a state change, carried out once the store lock is released:
/// webhook events to send and timer wake-ups to arm.
#[derive(Debug, Default)]
pub struct Effects {
    pub events: Vec<WebhookEvent>,
    pub wakeups: Vec<OffsetDateTime>,
}

#[derive(Debug, Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub replays: AtomicU64,
    pub faults_injected: AtomicU64,
    pub webhooks_delivered: AtomicU64,
    pub webhooks_failed: AtomicU64,
    /// Failed `accept` calls (e.g. out of file descriptors).
    pub accept_errors: AtomicU64,
}

pub struct Shared {
    store: Mutex<Store>,
    pub clock: Arc<dyn Clock>,
    /// The only accepted Bearer token.
    pub token: String,
    pub delays: Delays,
    state_file: Option<PathBuf>,
    pub faults: Mutex<FaultState>,
    pub counters: Arc<Counters>,
    /// Idempotency keys currently being processed.
    pub inflight: Mutex<HashMap<String, Arc<Notify>>>,
    webhooks: Option<mpsc::UnboundedSender<WebhookEvent>>,
    runtime: tokio::runtime::Handle,
    shutdown: watch::Receiver<bool>,
    weak_self: Weak<Shared>,
}

pub struct SharedParts {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub token: String,
    pub delays: Delays,
    pub state_file: Option<PathBuf>,
    pub faults: FaultState,
    pub counters: Arc<Counters>,
    pub webhooks: Option<mpsc::UnboundedSender<WebhookEvent>>,
    pub shutdown: watch::Receiver<bool>,
}

impl Shared {
    /// Must be called inside a tokio runtime (timers are spawned on it).
    pub fn new(p: SharedParts) -> Arc<Self> {
        let pending: Vec<OffsetDateTime> = p.store.timers.iter().map(|t| t.due).collect();
        let shared = Arc::new_cyclic(|weak| Shared {
            store: Mutex::new(p.store),
            clock: p.clock,
            token: p.token,
            delays: p.delays,
            state_file: p.state_file,
            faults: Mutex::new(p.faults),
            counters: p.counters,
            inflight: Mutex::new(HashMap::new()),
            webhooks: p.webhooks,
            runtime: tokio::runtime::Handle::current(),
            shutdown: p.shutdown,
            weak_self: weak.clone(),
        });
        // Timers loaded from a state file need their wake-ups re-armed.
        shared.dispatch(Effects {
            events: Vec::new(),
            wakeups: pending,
        });
        shared
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    pub fn lock_store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Read access after applying any due transitions.
    pub fn read<R>(&self, f: impl FnOnce(&Store, OffsetDateTime) -> R) -> R {
        let now = self.now();
        let mut fx = Effects::default();
        let r = {
            let mut store = self.lock_store();
            if lifecycle::tick(&mut store, now, &self.delays, &mut fx) {
                self.persist(&store);
            }
            f(&store, now)
        };
        self.dispatch(fx);
        r
    }

    /// A mutation: due transitions first, then `f`; persisted unless `f` fails.
    /// `f` must validate before it mutates, so an error leaves the store untouched.
    pub fn write<R>(
        &self,
        f: impl FnOnce(&mut Store, OffsetDateTime, &mut Effects) -> ApiResult<R>,
    ) -> ApiResult<R> {
        let now = self.now();
        let mut fx = Effects::default();
        let r = {
            let mut store = self.lock_store();
            let ticked = lifecycle::tick(&mut store, now, &self.delays, &mut fx);
            let r = f(&mut store, now, &mut fx);
            if ticked || r.is_ok() {
                self.persist(&store);
            }
            r
        };
        self.dispatch(fx);
        r
    }

    /// Plain mutation outside the request flow (idempotency cache, seeding).
    pub fn with_store_persist<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        let mut store = self.lock_store();
        let r = f(&mut store);
        self.persist(&store);
        r
    }

    /// Applies due transitions now (timer wake-ups and `SandboxHandle::tick`).
    pub fn tick(&self) {
        self.read(|_, _| ());
    }

    fn dispatch(&self, fx: Effects) {
        if let Some(tx) = &self.webhooks {
            for e in fx.events {
                let _ = tx.send(e);
            }
        }
        for due in fx.wakeups {
            let weak = self.weak_self.clone();
            let wait = (due - self.now()).max(time::Duration::ZERO);
            let wait = Duration::try_from(wait).unwrap_or_default() + Duration::from_millis(5);
            let mut shutdown = self.shutdown.clone();
            self.runtime.spawn(async move {
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {
                        if let Some(s) = weak.upgrade() {
                            s.tick();
                        }
                    }
                    _ = shutdown.wait_for(|stop| *stop) => {}
                }
            });
        }
    }

    /// Writes the whole store atomically (temp file + rename). Called with the store
    /// lock held so snapshots land in order.
    fn persist(&self, store: &Store) {
        let Some(path) = &self.state_file else {
            return;
        };
        if let Err(e) = write_atomically(path, store) {
            tracing::warn!(path = %path.display(), error = %e, "could not persist sandbox state");
        }
    }
}

pub fn write_atomically(path: &Path, store: &Store) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(store).map_err(std::io::Error::other)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    // Owner-only (0600 on unix): the state holds the practice customers' personal data.
    let mut options = std::fs::OpenOptions::new();
    options.create(true).write(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&tmp)?, &bytes)?;
    std::fs::rename(&tmp, path)
}

pub fn load(path: &Path) -> std::io::Result<Option<Store>> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let mut store: Store = serde_json::from_slice(&bytes).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}: {e}", path.display()),
                )
            })?;
            store.rebuild_indexes();
            Ok(Some(store))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn counter(c: &AtomicU64) -> u64 {
    c.load(Ordering::Relaxed)
}
