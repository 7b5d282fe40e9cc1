//! Idempotency-Key handling (§1.3, §8 #13/#14).
//!
//! Scope = API key + method + path + key. The request is identified by a SHA-256 of
//! its body (JSON: raw bytes; multipart: the parsed fields and file bytes, because a
//! client that rebuilds a form gets a new random boundary). Completed responses —
//! errors included — are kept for 24 h by the injectable clock. A request whose key
//! is still in flight waits for the first one instead of being processed twice.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Response, StatusCode};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::error::ApiError;
use crate::state::Shared;

pub const TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How long a duplicate waits for the in-flight original before giving up with 409.
const IN_FLIGHT_WAIT: Duration = Duration::from_secs(60);
pub const CACHED_HEADER: &str = "x-idempotency-cached";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl CachedResponse {
    /// The replayed response, marked with `X-Idempotency-Cached: true`.
    pub fn replay(&self) -> Response<Body> {
        let mut resp = Response::new(Body::from(self.body.clone()));
        *resp.status_mut() = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        for (k, v) in &self.headers {
            if let (Ok(k), Ok(v)) = (
                HeaderName::try_from(k.as_str()),
                HeaderValue::try_from(v.as_str()),
            ) {
                resp.headers_mut().insert(k, v);
            }
        }
        resp.headers_mut()
            .insert(CACHED_HEADER, HeaderValue::from_static("true"));
        resp
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub request_hash: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub response: CachedResponse,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Miss,
    Hit(CachedResponse),
    Mismatch,
}

/// Completed responses by scoped key. Persisted with the rest of the state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cache {
    entries: HashMap<String, Entry>,
}

impl Cache {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn check(&mut self, key: &str, hash: &str, now: OffsetDateTime) -> Lookup {
        match self.entries.get(key) {
            Some(e) if now - e.created_at >= TTL => {
                self.entries.remove(key);
                Lookup::Miss
            }
            Some(e) if e.request_hash == hash => Lookup::Hit(e.response.clone()),
            Some(_) => Lookup::Mismatch,
            None => Lookup::Miss,
        }
    }

    pub fn insert(
        &mut self,
        key: String,
        hash: String,
        now: OffsetDateTime,
        response: CachedResponse,
    ) {
        // Expired entries are dropped whenever a new one arrives, keeping the map bounded.
        self.entries.retain(|_, e| now - e.created_at < TTL);
        self.entries.insert(
            key,
            Entry {
                request_hash: hash,
                created_at: now,
                response,
            },
        );
    }
}

/// `"<api-scope>|<METHOD>|<path>|<key>"`.
pub fn scoped_key(api_scope: &str, method: &str, path: &str, key: uuid::Uuid) -> String {
    format!("{api_scope}|{method}|{path}|{key}")
}

pub enum Begin {
    Proceed(Guard),
    Replay(CachedResponse),
}

/// Held while the first request with a key is processed; dropping it without
/// `complete` releases the key (nothing cached) and wakes waiters.
pub struct Guard {
    shared: Arc<Shared>,
    key: String,
    hash: String,
    done: bool,
}

impl Guard {
    pub fn complete(mut self, response: CachedResponse) {
        let now = self.shared.now();
        self.shared.with_store_persist(|store| {
            store
                .idempotency
                .insert(self.key.clone(), self.hash.clone(), now, response);
        });
        self.done = true;
        self.release();
    }

    fn release(&self) {
        let mut inflight = self
            .shared
            .inflight
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = inflight.remove(&self.key) {
            n.notify_waiters();
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if !self.done {
            self.release();
        }
    }
}

pub async fn begin(shared: &Arc<Shared>, key: String, hash: String) -> Result<Begin, ApiError> {
    loop {
        let wait = {
            let now = shared.now();
            let mut store = shared.lock_store();
            match store.idempotency.check(&key, &hash, now) {
                Lookup::Hit(resp) => {
                    shared
                        .counters
                        .replays
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Ok(Begin::Replay(resp));
                }
                Lookup::Mismatch => return Err(mismatch()),
                Lookup::Miss => {}
            }
            let mut inflight = shared.inflight.lock().unwrap_or_else(|e| e.into_inner());
            match inflight.get(&key) {
                Some(n) => Arc::clone(n).notified_owned(),
                None => {
                    inflight.insert(key.clone(), Arc::new(Notify::new()));
                    return Ok(Begin::Proceed(Guard {
                        shared: Arc::clone(shared),
                        key,
                        hash,
                        done: false,
                    }));
                }
            }
        };
        if tokio::time::timeout(IN_FLIGHT_WAIT, wait).await.is_err() {
            return Err(ApiError::conflict(
                "A request with this Idempotency-Key is still being processed",
            ));
        }
    }
}

pub fn mismatch() -> ApiError {
    ApiError::conflict("This Idempotency-Key was already used with a different request body")
}

/// Headers worth replaying (framing headers are recomputed by the server).
pub fn keep_header(name: &str) -> bool {
    matches!(name, "content-type" | "location")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Clock, ManualClock};
    use time::macros::datetime;

    fn resp(body: &str) -> CachedResponse {
        CachedResponse {
            status: 201,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    #[test]
    fn same_hash_hits_different_hash_conflicts() {
        let clock = ManualClock::new(datetime!(2026-01-01 00:00 UTC));
        let mut cache = Cache::default();
        assert_eq!(cache.check("k", "h1", clock.now()), Lookup::Miss);
        cache.insert("k".into(), "h1".into(), clock.now(), resp("{}"));
        assert_eq!(cache.check("k", "h1", clock.now()), Lookup::Hit(resp("{}")));
        assert_eq!(cache.check("k", "h2", clock.now()), Lookup::Mismatch);
        assert_eq!(cache.check("other", "h1", clock.now()), Lookup::Miss);
    }

    #[test]
    fn entries_expire_after_24_hours_by_the_clock() {
        let clock = ManualClock::new(datetime!(2026-01-01 00:00 UTC));
        let mut cache = Cache::default();
        cache.insert("k".into(), "h1".into(), clock.now(), resp("{}"));
        clock.advance(TTL - Duration::from_secs(1));
        assert!(matches!(
            cache.check("k", "h1", clock.now()),
            Lookup::Hit(_)
        ));
        clock.advance(Duration::from_secs(1));
        assert_eq!(cache.check("k", "h2", clock.now()), Lookup::Miss);
        assert!(cache.is_empty());
    }

    #[test]
    fn insert_purges_expired_entries() {
        let clock = ManualClock::new(datetime!(2026-01-01 00:00 UTC));
        let mut cache = Cache::default();
        cache.insert("old".into(), "h".into(), clock.now(), resp("{}"));
        clock.advance(TTL);
        cache.insert("new".into(), "h".into(), clock.now(), resp("{}"));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn replay_sets_cached_header_and_status() {
        let r = resp(r#"{"id":1}"#).replay();
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(r.headers()[CACHED_HEADER], "true");
        assert_eq!(r.headers()["content-type"], "application/json");
    }
}
