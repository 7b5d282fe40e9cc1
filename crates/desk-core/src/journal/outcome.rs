//! How a call ended, as the key policy needs it: did Lumx do it, refuse it for good, or
//! is that unknown?

use super::key_policy::AttemptState;

/// The settled state of an attempt and what is kept of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    pub state: AttemptState,
    pub status: Option<u16>,
    /// `ok`, an HTTP status with its message, or the failure kind; no personal data.
    pub summary: String,
}

/// Classifies a call's result. `result_id` names what a success created (customer,
/// party, document), so a resumed draft can pick it up from the journal.
pub fn settle<T>(result: &Result<T, lumx::Error>) -> Settlement {
    let Err(e) = result else {
        return Settlement {
            state: AttemptState::Succeeded,
            status: Some(200),
            summary: "ok".into(),
        };
    };
    let status = e.status();
    let state = match e {
        lumx::Error::Transport { .. } | lumx::Error::Timeout => AttemptState::Unknown,
        // A 2xx whose body could not be read: Lumx did something we cannot see.
        lumx::Error::Decode { .. } => AttemptState::Unknown,
        // An upload cancelled mid-stream never completed its body; anything else
        // cancelled may have reached the server.
        lumx::Error::Cancelled => AttemptState::Unknown,
        lumx::Error::IdempotencyConflict { .. } => AttemptState::Failed,
        e if e.is_still_processing() => AttemptState::Unknown,
        // Lumx replays a cached answer to every retry with this key for 24 h, failures
        // included: only a fresh answer can be a passing fault.
        lumx::Error::Api {
            status,
            cached: false,
            ..
        } if *status == 429 || *status >= 500 => AttemptState::Unknown,
        lumx::Error::Api { .. } => AttemptState::Failed,
        // Refused before or while sending, with the request never complete: nothing
        // happened, and a new request may carry a new key.
        _ => AttemptState::Failed,
    };
    Settlement {
        state,
        status,
        summary: AuditOutcome::audit_outcome(e),
    }
}

/// How a call ended, for the audit trail: `ok`, an HTTP status, or the failure kind.
pub(crate) trait AuditOutcome {
    fn audit_outcome(&self) -> String;
}

impl AuditOutcome for lumx::Error {
    fn audit_outcome(&self) -> String {
        match self {
            lumx::Error::IdempotencyConflict { .. } => "409 (idempotency conflict)".into(),
            lumx::Error::Transport { .. } => "network".into(),
            lumx::Error::Timeout => "timeout".into(),
            lumx::Error::Cancelled => "cancelled".into(),
            lumx::Error::FileChanged { .. } => {
                "file changed after checking (not sent whole)".into()
            }
            lumx::Error::Decode { .. } => "undecodable answer".into(),
            other => other
                .status()
                .map(|s| s.to_string())
                .unwrap_or_else(|| "error".into()),
        }
    }
}

impl AuditOutcome for crate::error::DeskError {
    fn audit_outcome(&self) -> String {
        self.code().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, body: &str) -> Settlement {
        settle(&Err::<(), _>(lumx::Error::from_response(
            status,
            body.as_bytes(),
        )))
    }

    #[test]
    fn a_2xx_succeeded() {
        let s = settle(&Ok::<_, lumx::Error>(()));
        assert_eq!(s.state, AttemptState::Succeeded);
    }

    #[test]
    fn a_4xx_is_definitive_and_a_5xx_or_429_is_not() {
        assert_eq!(
            api(400, r#"{"message":"missing"}"#).state,
            AttemptState::Failed
        );
        assert_eq!(api(404, "").state, AttemptState::Failed);
        assert_eq!(api(422, "{}").state, AttemptState::Failed);
        assert_eq!(api(429, "").state, AttemptState::Unknown);
        assert_eq!(api(500, "").state, AttemptState::Unknown);
        assert_eq!(api(503, "").state, AttemptState::Unknown);
    }

    #[test]
    fn a_5xx_replayed_from_the_cache_is_definitive() {
        let mut e = lumx::Error::from_response(500, b"");
        if let lumx::Error::Api { cached, .. } = &mut e {
            *cached = true;
        }
        assert_eq!(settle(&Err::<(), _>(e)).state, AttemptState::Failed);
    }

    #[test]
    fn a_409_still_processing_is_unknown_and_a_key_conflict_is_definitive() {
        let still = api(409, r#"{"message":"Request is still being processed"}"#);
        assert_eq!(still.state, AttemptState::Unknown);
        let conflict: Result<(), lumx::Error> = Err(lumx::Error::IdempotencyConflict {
            key: lumx::IdempotencyKey::new(),
            message: None,
            log_id: None,
            raw_body: String::new(),
        });
        let s = settle(&conflict);
        assert_eq!((s.state, s.status), (AttemptState::Failed, Some(409)));
        // The duplicate-customer 409 is an answer too.
        assert_eq!(
            api(409, r#"{"customer":{"id":"x"}}"#).state,
            AttemptState::Failed
        );
    }

    #[test]
    fn transport_failures_timeouts_and_unreadable_answers_are_unknown() {
        for e in [
            lumx::Error::Transport {
                message: "reset".into(),
            },
            lumx::Error::Timeout,
            lumx::Error::Decode {
                path: "id".into(),
                message: "bad".into(),
            },
        ] {
            assert_eq!(settle(&Err::<(), _>(e)).state, AttemptState::Unknown);
        }
    }

    #[test]
    fn a_request_refused_before_it_left_is_failed() {
        let e = lumx::Error::InvalidField {
            field: "country".into(),
            reason: "line break",
        };
        assert_eq!(settle(&Err::<(), _>(e)).state, AttemptState::Failed);
    }
}
