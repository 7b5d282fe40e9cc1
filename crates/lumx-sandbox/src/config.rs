//! Public configuration types: server settings, fault injection and the injectable clock.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Source of "now" for every time-dependent rule (idempotency expiry, delayed
/// verification outcomes, account activation). Injectable so tests are deterministic.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// Wall-clock time (UTC).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that only moves when told to. Delayed transitions become due when the
/// clock is advanced past them and are applied on the next request (or `tick`).
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<OffsetDateTime>,
}

impl ManualClock {
    pub fn new(start: OffsetDateTime) -> Self {
        Self {
            now: Mutex::new(start),
        }
    }

    /// Starts at the current wall-clock time (truncated to whole milliseconds).
    pub fn starting_now() -> Self {
        let now = OffsetDateTime::now_utc();
        let now = now
            .replace_nanosecond(now.millisecond() as u32 * 1_000_000)
            .unwrap_or(now);
        Self::new(now)
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }

    pub fn set(&self, to: OffsetDateTime) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Where signed webhook events are POSTed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTarget {
    pub url: String,
    pub secret: String,
}

/// Fault injection knobs. Applied to API routes only, never to `/_sandbox` routes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct FaultConfig {
    /// Probability (0..=1) that a request fails with 500 or 503 before being processed.
    pub error_rate: f64,
    /// The next N API requests get 429 with `Retry-After`.
    pub rate_limit_burst: u32,
    /// Value of `Retry-After` (seconds) on injected 429s.
    pub retry_after_secs: u64,
    /// Extra latency before each API request is processed (JSON: `latencyMs`).
    #[serde(rename = "latencyMs", with = "duration_ms")]
    pub latency: Duration,
    /// Probability (0..=1) that a request is processed (mutation committed, response
    /// cached for idempotency) and then the connection is closed without a response.
    pub drop_after_commit_rate: f64,
    /// Seed for the fault RNG; `None` = seeded from entropy.
    pub seed: Option<u64>,
    /// Share (0..=1) of the records in `GET /customers` pages sent malformed, chosen by
    /// the customer id (the same records every time): what a real server's odd data
    /// looks like to the client. `GET /customers/{id}` of the same customers adds one
    /// requirement entry without a name. Stored data is untouched.
    pub malformed_record_rate: f64,
    /// `GET /customers/{id}` of a customer in RFI adds one declined document reason
    /// without a `type`: Lumx flags a document without saying which.
    pub untyped_document_reason: bool,
}

impl FaultConfig {
    /// Checks that probabilities are within 0..=1.
    pub fn validate(&self) -> Result<(), String> {
        for (name, v) in [
            ("errorRate", self.error_rate),
            ("dropAfterCommitRate", self.drop_after_commit_rate),
            ("malformedRecordRate", self.malformed_record_rate),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} must be between 0 and 1"));
            }
        }
        Ok(())
    }
}

mod duration_ms {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_millis() as u64)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        Ok(Duration::from_millis(u64::deserialize(d)?))
    }
}

/// Everything `start` needs.
#[derive(Clone)]
pub struct SandboxConfig {
    /// 0 = ephemeral port. The server always binds 127.0.0.1.
    pub port: u16,
    /// The only Bearer token accepted, on every route. `None` draws a random one at
    /// start ([`SandboxHandle::token`](crate::SandboxHandle::token)); `Some` fixes it
    /// (tests, `--token`). Must not be empty.
    pub token: Option<String>,
    /// JSON state file: loaded on start if present, rewritten atomically after each mutation.
    pub state_file: Option<PathBuf>,
    /// Delay between `UNDER_VERIFICATION` and the taxId-driven outcome.
    pub verification_delay: Duration,
    /// Delay between approval and accounts going `PROVISIONING` -> `ACTIVE`.
    pub account_activation_delay: Duration,
    pub webhook: Option<WebhookTarget>,
    pub faults: FaultConfig,
    pub clock: Arc<dyn Clock>,
    /// A connection that has not sent a complete request head within this time is
    /// closed (slow or stuck clients must not hold file descriptors). It also bounds
    /// how long an idle keep-alive connection stays open.
    pub header_read_timeout: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            port: 0,
            token: None,
            state_file: None,
            verification_delay: Duration::from_millis(1500),
            account_activation_delay: Duration::from_millis(3000),
            webhook: None,
            faults: FaultConfig::default(),
            clock: Arc::new(SystemClock),
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

impl std::fmt::Debug for SandboxConfig {
    // Hand-written so the token and webhook secret never end up in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("port", &self.port)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("state_file", &self.state_file)
            .field("verification_delay", &self.verification_delay)
            .field("account_activation_delay", &self.account_activation_delay)
            .field("webhook_url", &self.webhook.as_ref().map(|w| &w.url))
            .field("faults", &self.faults)
            .field("header_read_timeout", &self.header_read_timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_advances_only_when_told() {
        let c = ManualClock::new(time::macros::datetime!(2026-01-01 00:00 UTC));
        assert_eq!(c.now(), time::macros::datetime!(2026-01-01 00:00 UTC));
        c.advance(Duration::from_secs(3600));
        assert_eq!(c.now(), time::macros::datetime!(2026-01-01 01:00 UTC));
    }

    #[test]
    fn fault_config_json_is_camel_case_with_latency_ms() {
        let f: FaultConfig =
            serde_json::from_str(r#"{"errorRate":0.5,"latencyMs":20,"rateLimitBurst":2}"#).unwrap();
        assert_eq!(f.error_rate, 0.5);
        assert_eq!(f.latency, Duration::from_millis(20));
        assert_eq!(f.rate_limit_burst, 2);
        assert!(f.validate().is_ok());
        let bad = FaultConfig {
            error_rate: 1.5,
            ..Default::default()
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn debug_redacts_token() {
        let cfg = SandboxConfig {
            token: Some("sk_secret_123".into()),
            ..Default::default()
        };
        assert!(!format!("{cfg:?}").contains("sk_secret_123"));
    }
}
