//! Which Idempotency-Key an operation sends: the one pure decision every mutation goes
//! through. Lumx caches every answer to a key for 24 hours, failures included
//! (`lumx-api.md` §1.3), so a key may only be sent again while nobody knows what it did.

use time::{Duration, OffsetDateTime};

/// Where the latest attempt at the same target stands (read from the journal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AttemptState {
    /// Written before the first byte; the process may have died before sending.
    Intent,
    /// Handed to the network; no answer recorded (still running, or the app died).
    Sent,
    /// A 2xx: Lumx did it.
    Succeeded,
    /// A definitive refusal (4xx other than 429 and "still processing"), a 409 for a
    /// reused key, or a request that never left whole (a local refusal, a changed file).
    Failed,
    /// Transport error, timeout, 5xx, 429, an unreadable 2xx: it may or may not have
    /// happened.
    Unknown,
}

impl AttemptState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Intent => "intent",
            Self::Sent => "sent",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Intent,
            Self::Sent,
            Self::Succeeded,
            Self::Failed,
            Self::Unknown,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// Whether the outcome of the attempt is unknown to us.
    pub fn unsettled(self) -> bool {
        matches!(self, Self::Intent | Self::Sent | Self::Unknown)
    }
}

/// The latest attempt at a target, as the decision needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorAttempt {
    pub key: String,
    pub fingerprint: String,
    pub state: AttemptState,
    /// When its key was first sent (Lumx's 24 h start from there).
    pub created_at: OffsetDateTime,
}

/// What to do for a new request at a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyChoice {
    /// Send again with this key: Lumx replays what it did, or does it once.
    Reuse(String),
    /// Send with a fresh key.
    Fresh,
    /// This exact request already succeeded: send nothing.
    AlreadyDone,
}

/// How long Lumx keeps a key's answer.
pub const KEY_LIFETIME: Duration = Duration::hours(24);

/// The decision table. A key is reused only while the outcome is unknown *and* the
/// request is byte-for-byte the one it was sent with (else Lumx answers 409); after any
/// definitive answer a new request needs a new key (else Lumx replays that answer).
pub fn choose_key(
    prior: Option<&PriorAttempt>,
    fingerprint: &str,
    now: OffsetDateTime,
) -> KeyChoice {
    let Some(prior) = prior else {
        return KeyChoice::Fresh;
    };
    if prior.fingerprint != fingerprint {
        return KeyChoice::Fresh;
    }
    match prior.state {
        AttemptState::Succeeded => KeyChoice::AlreadyDone,
        AttemptState::Failed => KeyChoice::Fresh,
        // Lumx has forgotten the key: sending it again would be a new request anyway, and
        // a fresh key says so in the journal.
        s if s.unsettled() && now - prior.created_at >= KEY_LIFETIME => KeyChoice::Fresh,
        _ => KeyChoice::Reuse(prior.key.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours_ago: i64) -> (PriorAttempt, OffsetDateTime) {
        let now = OffsetDateTime::now_utc();
        (
            PriorAttempt {
                key: "k1".into(),
                fingerprint: "fp".into(),
                state: AttemptState::Sent,
                created_at: now - Duration::hours(hours_ago),
            },
            now,
        )
    }

    fn with(state: AttemptState) -> (PriorAttempt, OffsetDateTime) {
        let (mut p, now) = at(1);
        p.state = state;
        (p, now)
    }

    #[test]
    fn a_first_attempt_gets_a_fresh_key() {
        assert_eq!(
            choose_key(None, "fp", OffsetDateTime::now_utc()),
            KeyChoice::Fresh
        );
    }

    #[test]
    fn an_unsettled_attempt_with_the_same_request_reuses_its_key() {
        for state in [
            AttemptState::Intent,
            AttemptState::Sent,
            AttemptState::Unknown,
        ] {
            let (p, now) = with(state);
            assert_eq!(
                choose_key(Some(&p), "fp", now),
                KeyChoice::Reuse("k1".into()),
                "{state:?}"
            );
        }
    }

    #[test]
    fn a_changed_request_gets_a_fresh_key_whatever_happened_before() {
        for state in [
            AttemptState::Intent,
            AttemptState::Sent,
            AttemptState::Unknown,
            AttemptState::Failed,
            AttemptState::Succeeded,
        ] {
            let (p, now) = with(state);
            assert_eq!(
                choose_key(Some(&p), "other", now),
                KeyChoice::Fresh,
                "{state:?}"
            );
        }
    }

    #[test]
    fn a_definitive_failure_is_never_replayed() {
        let (p, now) = with(AttemptState::Failed);
        assert_eq!(choose_key(Some(&p), "fp", now), KeyChoice::Fresh);
    }

    #[test]
    fn a_success_of_the_same_request_is_not_sent_again() {
        let (p, now) = with(AttemptState::Succeeded);
        assert_eq!(choose_key(Some(&p), "fp", now), KeyChoice::AlreadyDone);
    }

    #[test]
    fn an_unknown_outcome_older_than_the_key_lifetime_gets_a_fresh_key() {
        let (mut p, now) = at(25);
        p.state = AttemptState::Unknown;
        assert_eq!(choose_key(Some(&p), "fp", now), KeyChoice::Fresh);
        let (p, now) = at(23);
        assert_eq!(
            choose_key(Some(&p), "fp", now),
            KeyChoice::Reuse("k1".into())
        );
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for s in [
            AttemptState::Intent,
            AttemptState::Sent,
            AttemptState::Succeeded,
            AttemptState::Failed,
            AttemptState::Unknown,
        ] {
            assert_eq!(AttemptState::parse(s.as_str()), Some(s));
        }
        assert_eq!(AttemptState::parse("other"), None);
    }
}
