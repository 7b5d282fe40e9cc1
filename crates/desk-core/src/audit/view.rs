//! The audit log as the screen shows it: each entry with its environment and how it
//! ended as typed values the UI words in the analyst's language. The stored entry (and
//! its hash) is unchanged.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::AuditEntry;
use crate::environment::EnvironmentKind;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    pub entry: AuditEntry,
    /// `None` for an environment this version does not know.
    pub environment: Option<EnvironmentKind>,
    pub result: AuditResult,
}

/// How a call ended, read from the entry's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AuditResult {
    Ok,
    /// Written before the request left; its answer follows in a later entry.
    Sending,
    /// Lumx answered with this HTTP status.
    Http {
        status: u16,
    },
    /// The Idempotency-Key was already used for another request.
    KeyConflict,
    Network,
    Timeout,
    Cancelled,
    /// The file changed after it was checked; it was never sent whole.
    FileChanged,
    /// Lumx answered something that could not be read.
    Undecodable,
    /// Refused on this computer (validation, conflict, …), by error code.
    Refused {
        code: String,
    },
    /// An outcome this version does not know, as written.
    Other {
        text: String,
    },
}

impl AuditResult {
    /// Reads the stored outcome (see `journal::outcome::AuditOutcome`).
    pub fn of(outcome: &str) -> Self {
        match outcome {
            "ok" => Self::Ok,
            "intent" => Self::Sending,
            "network" => Self::Network,
            "timeout" => Self::Timeout,
            "cancelled" => Self::Cancelled,
            "undecodable answer" => Self::Undecodable,
            "file changed after checking (not sent whole)" => Self::FileChanged,
            "409 (idempotency conflict)" => Self::KeyConflict,
            other => match other.parse::<u16>() {
                Ok(status) => Self::Http { status },
                Err(_) if is_error_code(other) => Self::Refused {
                    code: other.to_string(),
                },
                Err(_) => Self::Other {
                    text: other.to_string(),
                },
            },
        }
    }
}

/// A `DeskError` code: one lower-camel-case word (`validation`, `notFound`).
fn is_error_code(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphabetic())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
}

impl From<AuditEntry> for AuditRow {
    fn from(entry: AuditEntry) -> Self {
        let environment = EnvironmentKind::ALL
            .iter()
            .copied()
            .find(|k| k.slug() == entry.environment);
        let result = AuditResult::of(&entry.outcome);
        Self {
            entry,
            environment,
            result,
        }
    }
}

/// What the log can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_the_ledger_writes_is_read_back_as_a_kind() {
        let cases = [
            ("ok", AuditResult::Ok),
            ("intent", AuditResult::Sending),
            ("422", AuditResult::Http { status: 422 }),
            ("409 (idempotency conflict)", AuditResult::KeyConflict),
            ("network", AuditResult::Network),
            ("timeout", AuditResult::Timeout),
            ("cancelled", AuditResult::Cancelled),
            (
                "file changed after checking (not sent whole)",
                AuditResult::FileChanged,
            ),
            ("undecodable answer", AuditResult::Undecodable),
            (
                "notFound",
                AuditResult::Refused {
                    code: "notFound".into(),
                },
            ),
            (
                "something new",
                AuditResult::Other {
                    text: "something new".into(),
                },
            ),
        ];
        for (stored, kind) in cases {
            assert_eq!(AuditResult::of(stored), kind, "{stored}");
        }
    }

    #[test]
    fn the_ledgers_own_words_round_trip() {
        use crate::journal::outcome::AuditOutcome;
        for e in [lumx::Error::Timeout, lumx::Error::Cancelled] {
            assert!(
                !matches!(
                    AuditResult::of(&e.audit_outcome()),
                    AuditResult::Other { .. }
                ),
                "{e:?}"
            );
        }
    }
}
