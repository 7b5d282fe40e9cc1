//! Retry policy as data plus a pure decision function.
//!
//! Keeping [`RetryPolicy::decide_with`] free of I/O, clocks and randomness
//! makes every branch unit-testable; the client loop only feeds it outcomes
//! and sleeps for whatever it returns. Retrying mutating requests is safe
//! because every one of them carries the same `Idempotency-Key` on each attempt.

use std::time::{Duration, SystemTime};

/// What happened on one attempt, reduced to what the policy needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Could not establish a connection.
    Connect,
    /// Connect or request timeout elapsed.
    Timeout,
    /// The connection dropped (or another transport-level failure mid-request).
    Dropped,
    /// The server answered with a status code.
    Status {
        /// HTTP status.
        status: u16,
        /// Parsed `Retry-After`, if the response had a usable one.
        retry_after: Option<Duration>,
    },
    /// `409` "a request with this Idempotency-Key is still being processed": the first
    /// attempt is still running on the server; its result will be replayed.
    StillProcessing {
        /// Parsed `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// A failure that retrying cannot fix (e.g. the request could not be built).
    Fatal,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Sleep this long, then try again with the same idempotency key.
    Retry(Duration),
    /// Stop and report the last outcome.
    GiveUp,
}

/// Exponential backoff with jitter, honouring `Retry-After` up to a cap.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Total attempts including the first one (1 = never retry).
    pub max_attempts: u32,
    /// Delay before the first retry (doubles each time).
    pub base_delay: Duration,
    /// Upper bound of the computed backoff.
    pub max_delay: Duration,
    /// Fraction (0.0..=1.0) of the backoff that is randomised away, to avoid
    /// many clients retrying in lock-step. 0 = deterministic.
    pub jitter: f64,
    /// Upper bound applied to a server-provided `Retry-After`.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            jitter: 0.5,
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Decision for the failed attempt number `attempt` (1-based), drawing the
    /// jitter sample from the thread RNG.
    pub fn decide(&self, attempt: u32, outcome: Outcome) -> Decision {
        self.decide_with(attempt, outcome, rand::random::<f64>())
    }

    /// Pure decision: `sample` in `[0, 1)` is the jitter draw.
    ///
    /// * attempts exhausted → give up;
    /// * connect error, timeout, dropped connection → backoff;
    /// * 429, 5xx and a 409 "still being processed" → `Retry-After` (capped) if given,
    ///   else backoff;
    /// * any other status (2xx/3xx/4xx) and fatal errors → give up.
    pub fn decide_with(&self, attempt: u32, outcome: Outcome, sample: f64) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::GiveUp;
        }
        match outcome {
            Outcome::Connect | Outcome::Timeout | Outcome::Dropped => {
                Decision::Retry(self.backoff(attempt, sample))
            }
            Outcome::StillProcessing { retry_after }
            | Outcome::Status {
                status: 429 | 500..=599,
                retry_after,
            } => match retry_after {
                Some(ra) => Decision::Retry(ra.min(self.max_retry_after)),
                None => Decision::Retry(self.backoff(attempt, sample)),
            },
            Outcome::Status { .. } | Outcome::Fatal => Decision::GiveUp,
        }
    }

    /// `min(max_delay, base * 2^(attempt-1))`, reduced by up to `jitter` of itself.
    pub fn backoff(&self, attempt: u32, sample: f64) -> Duration {
        let exp = attempt.saturating_sub(1).min(30);
        let raw = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        let jitter = self.jitter.clamp(0.0, 1.0) * sample.clamp(0.0, 1.0);
        raw.mul_f64(1.0 - jitter)
    }
}

/// Parses a `Retry-After` value: delta-seconds (`"120"`) or an HTTP-date
/// (`"Wed, 21 Oct 2015 07:28:00 GMT"`), relative to `now`. A date in the past
/// means "now" (zero). Garbage yields `None`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            jitter: 0.5,
            max_retry_after: Duration::from_secs(10),
        }
    }

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn connect_error_backs_off_exponentially() {
        let p = policy();
        assert_eq!(
            p.decide_with(1, Outcome::Connect, 0.0),
            Decision::Retry(MS(100))
        );
        assert_eq!(
            p.decide_with(2, Outcome::Connect, 0.0),
            Decision::Retry(MS(200))
        );
        assert_eq!(
            p.decide_with(3, Outcome::Connect, 0.0),
            Decision::Retry(MS(400))
        );
    }

    #[test]
    fn a_request_still_being_processed_is_asked_again() {
        let p = policy();
        let still = |retry_after| Outcome::StillProcessing { retry_after };
        assert_eq!(p.decide_with(1, still(None), 0.0), Decision::Retry(MS(100)));
        assert_eq!(
            p.decide_with(2, still(Some(MS(300))), 0.0),
            Decision::Retry(MS(300))
        );
        assert_eq!(p.decide_with(4, still(None), 0.0), Decision::GiveUp);
        // A plain 409 (different data, duplicate customer) is final.
        let conflict = Outcome::Status {
            status: 409,
            retry_after: None,
        };
        assert_eq!(p.decide_with(1, conflict, 0.0), Decision::GiveUp);
    }

    #[test]
    fn timeout_is_retried() {
        assert_eq!(
            policy().decide_with(1, Outcome::Timeout, 0.0),
            Decision::Retry(MS(100))
        );
    }

    #[test]
    fn dropped_connection_is_retried() {
        assert_eq!(
            policy().decide_with(2, Outcome::Dropped, 0.0),
            Decision::Retry(MS(200))
        );
    }

    #[test]
    fn server_errors_are_retried() {
        for status in [500, 502, 503, 504, 599] {
            let d = policy().decide_with(
                1,
                Outcome::Status {
                    status,
                    retry_after: None,
                },
                0.0,
            );
            assert_eq!(d, Decision::Retry(MS(100)), "status {status}");
        }
    }

    #[test]
    fn too_many_requests_honours_retry_after() {
        let d = policy().decide_with(
            1,
            Outcome::Status {
                status: 429,
                retry_after: Some(Duration::from_secs(3)),
            },
            0.9,
        );
        assert_eq!(d, Decision::Retry(Duration::from_secs(3)));
    }

    #[test]
    fn too_many_requests_without_retry_after_backs_off() {
        let d = policy().decide_with(
            2,
            Outcome::Status {
                status: 429,
                retry_after: None,
            },
            0.0,
        );
        assert_eq!(d, Decision::Retry(MS(200)));
    }

    #[test]
    fn retry_after_is_capped() {
        let d = policy().decide_with(
            1,
            Outcome::Status {
                status: 503,
                retry_after: Some(Duration::from_secs(3600)),
            },
            0.0,
        );
        assert_eq!(d, Decision::Retry(Duration::from_secs(10)));
    }

    #[test]
    fn client_errors_are_never_retried() {
        for status in [400, 401, 403, 404, 409, 415, 422] {
            let d = policy().decide_with(
                1,
                Outcome::Status {
                    status,
                    retry_after: Some(Duration::from_secs(1)),
                },
                0.0,
            );
            assert_eq!(d, Decision::GiveUp, "status {status}");
        }
    }

    #[test]
    fn success_and_redirect_statuses_give_up() {
        for status in [200, 201, 304] {
            let d = policy().decide_with(
                1,
                Outcome::Status {
                    status,
                    retry_after: None,
                },
                0.0,
            );
            assert_eq!(d, Decision::GiveUp);
        }
    }

    #[test]
    fn fatal_errors_give_up() {
        assert_eq!(
            policy().decide_with(1, Outcome::Fatal, 0.0),
            Decision::GiveUp
        );
    }

    #[test]
    fn attempts_are_bounded() {
        let p = policy();
        assert_eq!(p.decide_with(4, Outcome::Connect, 0.0), Decision::GiveUp);
        assert_eq!(p.decide_with(9, Outcome::Timeout, 0.0), Decision::GiveUp);
        assert_eq!(
            RetryPolicy::none().decide_with(1, Outcome::Connect, 0.0),
            Decision::GiveUp
        );
    }

    #[test]
    fn backoff_is_capped_at_max_delay() {
        let p = policy();
        assert_eq!(p.backoff(5, 0.0), MS(1000));
        assert_eq!(p.backoff(31, 0.0), MS(1000));
        assert_eq!(p.backoff(u32::MAX, 0.0), MS(1000));
    }

    #[test]
    fn jitter_reduces_delay_within_bounds() {
        let p = policy();
        assert_eq!(p.backoff(1, 1.0), MS(50));
        assert_eq!(p.backoff(1, 0.5), MS(75));
        let no_jitter = RetryPolicy {
            jitter: 0.0,
            ..policy()
        };
        assert_eq!(no_jitter.backoff(2, 0.99), MS(200));
        // The randomised entry point stays inside [50%, 100%] of the backoff.
        for _ in 0..100 {
            match p.decide(2, Outcome::Dropped) {
                Decision::Retry(d) => assert!(d >= MS(100) && d <= MS(200), "{d:?}"),
                Decision::GiveUp => panic!("should retry"),
            }
        }
    }

    #[test]
    fn retry_after_seconds() {
        let now = SystemTime::now();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_http_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        // A date in the past means "retry now".
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_garbage_is_ignored() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }
}
