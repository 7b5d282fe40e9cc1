//! Fault injection for API routes: latency, 429 bursts, random 500/503 and
//! drop-after-commit (the change is applied, then the connection is closed).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::config::FaultConfig;
use crate::error::ApiError;
use crate::server::ConnKill;
use crate::state::Shared;

/// What happens to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub latency: Duration,
    /// Answer with this instead of processing.
    pub reject: Option<Rejection>,
    /// Process, then close the connection without a response.
    pub drop_after_commit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    RateLimited { retry_after_secs: u64 },
    ServerError(StatusCode),
}

pub struct FaultState {
    config: FaultConfig,
    rng: StdRng,
    burst_left: u32,
}

impl FaultState {
    pub fn new(config: FaultConfig) -> Self {
        let rng = match config.seed {
            Some(s) => StdRng::seed_from_u64(s),
            None => StdRng::from_os_rng(),
        };
        Self {
            burst_left: config.rate_limit_burst,
            config,
            rng,
        }
    }

    pub fn config(&self) -> &FaultConfig {
        &self.config
    }

    /// Replaces the configuration; the 429 burst counter and RNG restart.
    pub fn set(&mut self, config: FaultConfig) {
        *self = Self::new(config);
    }

    pub fn decide(&mut self) -> Decision {
        // Both draws happen on every request so a seed gives a reproducible sequence.
        let error_draw: f64 = self.rng.random();
        let drop_draw: f64 = self.rng.random();
        let use_503: bool = self.rng.random();
        let reject = if self.burst_left > 0 {
            self.burst_left -= 1;
            Some(Rejection::RateLimited {
                retry_after_secs: self.config.retry_after_secs,
            })
        } else if error_draw < self.config.error_rate {
            Some(Rejection::ServerError(if use_503 {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            }))
        } else {
            None
        };
        Decision {
            latency: self.config.latency,
            drop_after_commit: reject.is_none() && drop_draw < self.config.drop_after_commit_rate,
            reject,
        }
    }
}

fn rejection_response(r: Rejection) -> Response {
    match r {
        Rejection::RateLimited { retry_after_secs } => {
            ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded")
                .with_header(header::RETRY_AFTER, HeaderValue::from(retry_after_secs))
                .into_response()
        }
        Rejection::ServerError(status) => {
            ApiError::new(status, "Injected sandbox fault; please retry").into_response()
        }
    }
}

pub async fn middleware(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let decision = shared
        .faults
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .decide();
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    if let Some(r) = decision.reject {
        shared
            .counters
            .faults_injected
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        return rejection_response(r);
    }
    let kill = req.extensions().get::<ConnKill>().cloned();
    let resp = next.run(req).await;
    if decision.drop_after_commit {
        if let Some(kill) = kill {
            shared
                .counters
                .faults_injected
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // The handler (and idempotency cache) already committed; now close the
            // socket before a single response byte is written.
            kill.trigger();
            std::future::pending::<()>().await;
        }
    }
    resp
}

/// Whether customer `id` is among the `rate` share the malformed-record fault picks: by id,
/// so the same customers every time, listed or read one by one.
fn chosen(id: uuid::Uuid, rate: f64) -> bool {
    rate > 0.0 && ((id.as_u128() % 10_000) as f64) < rate * 10_000.0
}

/// The same customers read one by one: the record itself decodes, but one requirement
/// entry has no name (what one odd list entry looks like to the client).
pub fn maybe_malformed_entry(
    view: serde_json::Value,
    id: uuid::Uuid,
    rate: f64,
) -> serde_json::Value {
    if !chosen(id, rate) {
        return view;
    }
    let mut view = view;
    if let Some(list) = view.get_mut("requirements").and_then(|r| r.as_array_mut()) {
        list.push(serde_json::json!({"status": "SENT"}));
    }
    view
}

/// A declined document reason without a type added to a customer in RFI.
pub fn maybe_untyped_reason(mut view: serde_json::Value, on: bool) -> serde_json::Value {
    if !on {
        return view;
    }
    let documents = view
        .get_mut("verification")
        .and_then(|v| v.get_mut("statusReason"))
        .and_then(|r| r.get_mut("documents"))
        .and_then(|d| d.as_array_mut());
    if let Some(list) = documents {
        list.push(serde_json::json!({
            "status": "DECLINED",
            "comment": "The document sent is not the one requested",
            "rejectLabels": ["DIFFERENT_DOCS"],
        }));
    }
    view
}

/// A listed record broken the ways a real server's odd data breaks a client, for the
/// `rate` share of customers picked by id (stable across requests and restarts).
pub fn maybe_malformed(view: serde_json::Value, id: uuid::Uuid, rate: f64) -> serde_json::Value {
    if !chosen(id, rate) {
        return view;
    }
    let n = id.as_u128();
    let mut view = view;
    match (n / 10_000) % 3 {
        // The type is an object: the record can't be read, its id still names it.
        0 => view["type"] = serde_json::json!({"unexpected": true}),
        // The id is not a UUID.
        1 => view["id"] = serde_json::json!(n % 100_000),
        // Not an object at all.
        _ => view = serde_json::Value::String("customer record unavailable".into()),
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untyped_reason_is_added_only_when_asked_and_only_where_documents_are_listed() {
        let rfi = serde_json::json!({"verification": {"status": "RFI", "statusReason": {"documents": []}}});
        assert_eq!(maybe_untyped_reason(rfi.clone(), false), rfi);
        let with = maybe_untyped_reason(rfi, true);
        let docs = with["verification"]["statusReason"]["documents"]
            .as_array()
            .unwrap();
        assert_eq!(docs.len(), 1);
        assert!(docs[0].get("type").is_none());
        let approved = serde_json::json!({"verification": {"status": "APPROVED"}});
        assert_eq!(maybe_untyped_reason(approved.clone(), true), approved);
    }

    #[test]
    fn malformed_records_are_the_same_share_and_the_same_records_every_time() {
        let mut rng = StdRng::seed_from_u64(3);
        let ids: Vec<uuid::Uuid> = (0..20_000)
            .map(|_| uuid::Uuid::from_u128(rng.random()))
            .collect();
        let view = || serde_json::json!({"id": "x", "type": "INDIVIDUAL"});
        let broken = |rate| {
            ids.iter()
                .filter(|id| maybe_malformed(view(), **id, rate) != view())
                .count()
        };
        assert_eq!(broken(0.0), 0);
        let one_percent = broken(0.01);
        assert!((120..=280).contains(&one_percent), "{one_percent}");
        assert_eq!(broken(0.01), one_percent, "chosen by id, not by chance");
        assert_eq!(broken(1.0), ids.len());
    }

    #[test]
    fn burst_then_nothing() {
        let mut f = FaultState::new(FaultConfig {
            rate_limit_burst: 2,
            retry_after_secs: 7,
            seed: Some(1),
            ..Default::default()
        });
        let expected = Some(Rejection::RateLimited {
            retry_after_secs: 7,
        });
        assert_eq!(f.decide().reject, expected);
        assert_eq!(f.decide().reject, expected);
        assert_eq!(f.decide().reject, None);
    }

    #[test]
    fn error_rate_one_always_fails_with_500_or_503() {
        let mut f = FaultState::new(FaultConfig {
            error_rate: 1.0,
            seed: Some(3),
            ..Default::default()
        });
        let mut seen = std::collections::HashSet::new();
        for _ in 0..50 {
            match f.decide().reject {
                Some(Rejection::ServerError(s)) => {
                    seen.insert(s.as_u16());
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(seen, [500, 503].into_iter().collect());
    }

    #[test]
    fn no_faults_by_default_and_seeded_sequences_repeat() {
        let mut f = FaultState::new(FaultConfig::default());
        assert!((0..100).all(|_| f.decide()
            == Decision {
                latency: Duration::ZERO,
                reject: None,
                drop_after_commit: false
            }));
        let cfg = FaultConfig {
            error_rate: 0.3,
            drop_after_commit_rate: 0.3,
            seed: Some(42),
            ..Default::default()
        };
        let a: Vec<Decision> = {
            let mut f = FaultState::new(cfg.clone());
            (0..40).map(|_| f.decide()).collect()
        };
        let mut g = FaultState::new(cfg);
        let b: Vec<Decision> = (0..40).map(|_| g.decide()).collect();
        assert_eq!(a, b);
        assert!(a.iter().any(|d| d.drop_after_commit));
        assert!(a.iter().any(|d| d.reject.is_some()));
    }
}
