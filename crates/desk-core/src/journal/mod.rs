//! The operation journal: every mutation Lumx Desk sends to Lumx, recorded durably
//! *before* its first byte leaves, with the Idempotency-Key it carries, a fingerprint of
//! everything in the request, and how it ended. Keys are chosen here and only here
//! ([`key_policy::choose_key`]); a resumed draft learns what happened from here.
//!
//! One row per attempt. A `target` names what an operation acts on (a draft's customer
//! creation, one document slot, an RFI round's resubmission): the latest attempt at a
//! target decides the next one's key, and [`Journal::exclusive`] lets one operation per
//! target run at a time.

pub mod key_policy;
pub mod outcome;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use specta::Type;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::DeskError;
pub use key_policy::{AttemptState, KeyChoice, PriorAttempt};
pub use outcome::{settle, Settlement};

/// What an operation does, and the endpoint it calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum OperationKind {
    CreateCustomer,
    TosLink,
    AdditionalInformation,
    CreateParty,
    UploadDocument,
    StartVerification,
    RfiSubmit,
}

impl OperationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreateCustomer => "create_customer",
            Self::TosLink => "tos_link",
            Self::AdditionalInformation => "additional_information",
            Self::CreateParty => "create_party",
            Self::UploadDocument => "upload_document",
            Self::StartVerification => "start_verification",
            Self::RfiSubmit => "rfi_submit",
        }
    }

    pub fn endpoint(self) -> &'static str {
        match self {
            Self::CreateCustomer => "POST /customers",
            Self::TosLink => "POST /customers/{id}/tos",
            Self::AdditionalInformation => "PATCH /customers/{id}/additional-information",
            Self::CreateParty => "POST /customers/{id}/associated-parties",
            Self::UploadDocument => "POST /customers/{id}/documents",
            Self::StartVerification | Self::RfiSubmit => "POST /customers/{id}/verifications",
        }
    }
}

/// An operation about to be sent.
#[derive(Debug, Clone)]
pub struct Intent {
    pub environment: String,
    pub kind: OperationKind,
    pub target: String,
    pub customer_id: Option<String>,
    pub draft_id: Option<String>,
    pub party_id: Option<String>,
    /// SHA-256 of everything that goes into the request (see [`fingerprint`]).
    pub fingerprint: String,
    /// What is sent, without secrets or personal data (for the audit trail).
    pub summary: serde_json::Value,
}

/// One attempt as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OperationRecord {
    pub id: String,
    pub environment: String,
    pub target: String,
    pub kind: OperationKind,
    pub customer_id: Option<String>,
    pub draft_id: Option<String>,
    pub party_id: Option<String>,
    pub fingerprint: String,
    pub idempotency_key: String,
    /// `intent`, `sent`, `succeeded`, `failed` or `unknown`.
    pub state: String,
    pub status: Option<u16>,
    pub outcome: Option<String>,
    /// What a success created (customer, party), for resuming from the journal.
    pub result_id: Option<String>,
    pub analyst: String,
    pub workstation: String,
    pub key_created_at: String,
    pub created_at: String,
    pub updated_at: String,
}

impl OperationRecord {
    pub fn attempt_state(&self) -> AttemptState {
        AttemptState::parse(&self.state).unwrap_or(AttemptState::Unknown)
    }

    fn prior(&self) -> PriorAttempt {
        PriorAttempt {
            key: self.idempotency_key.clone(),
            fingerprint: self.fingerprint.clone(),
            state: self.attempt_state(),
            created_at: OffsetDateTime::parse(&self.key_created_at, &Rfc3339)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
        }
    }
}

/// What [`Journal::begin`] decided.
#[derive(Debug, Clone)]
pub enum Begin {
    /// Send the request with this key; the attempt is recorded as `intent`.
    Send(Attempt),
    /// The same request already succeeded: nothing is sent.
    AlreadyDone(Box<OperationRecord>),
}

/// A recorded attempt about to be sent.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub operation_id: String,
    pub key: String,
    /// Whether an earlier attempt at this target sent the same request and its answer was
    /// lost: e.g. a duplicate-customer 409 may then be our own creation.
    pub repeats_earlier_request: bool,
}

/// SHA-256 (hex) of a request as it is serialised for sending. Lumx compares bodies byte
/// for byte (§1.3), so a reordered body (metadata rows moved) is another request.
pub fn fingerprint(request: &impl Serialize) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(
        serde_json::to_vec(request).unwrap_or_default(),
    ))
}

pub struct Journal {
    conn: Mutex<Connection>,
    analyst: String,
    workstation: String,
    targets: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

fn db_error(e: impl std::fmt::Display) -> DeskError {
    DeskError::internal(format!("The local operation journal failed: {e}"))
}

fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

const COLUMNS: &str = "id, environment, target, kind, customer_id, draft_id, party_id,
    fingerprint, idempotency_key, state, status, outcome, result_id, analyst, workstation,
    key_created_at, created_at, updated_at";

fn kind_from(s: &str) -> OperationKind {
    [
        OperationKind::CreateCustomer,
        OperationKind::TosLink,
        OperationKind::AdditionalInformation,
        OperationKind::CreateParty,
        OperationKind::UploadDocument,
        OperationKind::StartVerification,
        OperationKind::RfiSubmit,
    ]
    .into_iter()
    .find(|k| k.as_str() == s)
    .unwrap_or(OperationKind::StartVerification)
}

fn row_to_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<OperationRecord> {
    Ok(OperationRecord {
        id: r.get(0)?,
        environment: r.get(1)?,
        target: r.get(2)?,
        kind: kind_from(&r.get::<_, String>(3)?),
        customer_id: r.get(4)?,
        draft_id: r.get(5)?,
        party_id: r.get(6)?,
        fingerprint: r.get(7)?,
        idempotency_key: r.get(8)?,
        state: r.get(9)?,
        status: r.get(10)?,
        outcome: r.get(11)?,
        result_id: r.get(12)?,
        analyst: r.get(13)?,
        workstation: r.get(14)?,
        key_created_at: r.get(15)?,
        created_at: r.get(16)?,
        updated_at: r.get(17)?,
    })
}

impl Journal {
    pub fn open(path: &Path) -> Result<Self, DeskError> {
        Self::init(crate::storage::open_sqlite(path).map_err(db_error)?)
    }

    /// In memory: for tests.
    pub fn in_memory() -> Result<Self, DeskError> {
        Self::init(crate::storage::open_sqlite_in_memory().map_err(db_error)?)
    }

    fn init(conn: Connection) -> Result<Self, DeskError> {
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS operations (
                 seq             INTEGER PRIMARY KEY AUTOINCREMENT,
                 id              TEXT NOT NULL UNIQUE,
                 environment     TEXT NOT NULL,
                 target          TEXT NOT NULL,
                 kind            TEXT NOT NULL,
                 customer_id     TEXT,
                 draft_id        TEXT,
                 party_id        TEXT,
                 fingerprint     TEXT NOT NULL,
                 idempotency_key TEXT NOT NULL,
                 state           TEXT NOT NULL,
                 status          INTEGER,
                 outcome         TEXT,
                 result_id       TEXT,
                 analyst         TEXT NOT NULL,
                 workstation     TEXT NOT NULL,
                 key_created_at  TEXT NOT NULL,
                 created_at      TEXT NOT NULL,
                 updated_at      TEXT NOT NULL
             );
             CREATE INDEX IF NOT EXISTS operations_by_target
                 ON operations (environment, target, seq);",
        )
        .map_err(db_error)?;
        Ok(Self {
            conn: Mutex::new(conn),
            analyst: crate::workstation::analyst(),
            workstation: crate::workstation::workstation(),
            targets: Mutex::default(),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until no other operation on `target` runs, and holds it until the guard
    /// drops: a double click, or two windows of work on one slot, run one after the
    /// other, the second seeing what the first recorded.
    pub async fn exclusive(&self, target: &str) -> tokio::sync::OwnedMutexGuard<()> {
        let lock = self
            .targets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(target.to_string())
            .or_default()
            .clone();
        lock.lock_owned().await
    }

    /// The latest attempt at `target`.
    pub fn latest(
        &self,
        environment: &str,
        target: &str,
    ) -> Result<Option<OperationRecord>, DeskError> {
        self.conn()
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM operations WHERE environment = ?1 AND target = ?2
                     ORDER BY seq DESC LIMIT 1"
                ),
                params![environment, target],
                row_to_record,
            )
            .optional()
            .map_err(db_error)
    }

    /// Every attempt of a customer or a draft, oldest first.
    pub fn history(
        &self,
        environment: &str,
        owner: &str,
    ) -> Result<Vec<OperationRecord>, DeskError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM operations
                 WHERE environment = ?1 AND (customer_id = ?2 OR draft_id = ?2) ORDER BY seq"
            ))
            .map_err(db_error)?;
        let rows = stmt
            .query_map(params![environment, owner], row_to_record)
            .map_err(db_error)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(db_error);
        rows
    }

    /// Chooses the key for `intent` from the latest attempt at its target and records
    /// the new attempt as `intent` (durable when this returns), or says the very same
    /// request already succeeded.
    pub fn begin(&self, intent: &Intent) -> Result<Begin, DeskError> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let prior = tx
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM operations WHERE environment = ?1 AND target = ?2
                     ORDER BY seq DESC LIMIT 1"
                ),
                params![intent.environment, intent.target],
                row_to_record,
            )
            .optional()
            .map_err(db_error)?;
        let stamp = now();
        let now_t = OffsetDateTime::now_utc();
        let (key, key_created_at) = match key_policy::choose_key(
            prior.as_ref().map(OperationRecord::prior).as_ref(),
            &intent.fingerprint,
            now_t,
        ) {
            KeyChoice::AlreadyDone => {
                return Ok(Begin::AlreadyDone(Box::new(
                    prior.expect("a prior attempt"),
                )));
            }
            KeyChoice::Reuse(key) => (
                key,
                prior
                    .as_ref()
                    .map(|p| p.key_created_at.clone())
                    .unwrap_or_else(|| stamp.clone()),
            ),
            KeyChoice::Fresh => (Uuid::new_v4().to_string(), stamp.clone()),
        };
        // Only an attempt whose answer is unknown may have done what this one is refused
        // for (a duplicate customer that is our own).
        let repeats_earlier_request = prior
            .as_ref()
            .is_some_and(|p| p.fingerprint == intent.fingerprint && p.attempt_state().unsettled());
        let id = Uuid::new_v4().to_string();
        tx.execute(
            &format!(
                "INSERT INTO operations ({COLUMNS}) VALUES
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'intent', NULL, NULL, NULL, ?10, ?11, ?12, ?13, ?13)"
            ),
            params![
                id,
                intent.environment,
                intent.target,
                intent.kind.as_str(),
                intent.customer_id,
                intent.draft_id,
                intent.party_id,
                intent.fingerprint,
                key,
                self.analyst,
                self.workstation,
                key_created_at,
                stamp,
            ],
        )
        .map_err(db_error)?;
        tx.commit().map_err(db_error)?;
        Ok(Begin::Send(Attempt {
            operation_id: id,
            key,
            repeats_earlier_request,
        }))
    }

    /// The request is handed to the network.
    pub fn mark_sent(&self, operation_id: &str) -> Result<(), DeskError> {
        self.conn()
            .execute(
                "UPDATE operations SET state = 'sent', updated_at = ?2 WHERE id = ?1",
                params![operation_id, now()],
            )
            .map(drop)
            .map_err(db_error)
    }

    /// Records how the attempt ended.
    pub fn settle(
        &self,
        operation_id: &str,
        settlement: &Settlement,
        result_id: Option<&str>,
    ) -> Result<(), DeskError> {
        self.conn()
            .execute(
                "UPDATE operations SET state = ?2, status = ?3, outcome = ?4, result_id = ?5,
                     updated_at = ?6 WHERE id = ?1",
                params![
                    operation_id,
                    settlement.state.as_str(),
                    settlement.status,
                    settlement.summary,
                    result_id,
                    now()
                ],
            )
            .map(drop)
            .map_err(db_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(target: &str, fp: &str) -> Intent {
        Intent {
            environment: "local".into(),
            kind: OperationKind::UploadDocument,
            target: target.into(),
            customer_id: Some("c1".into()),
            draft_id: Some("d1".into()),
            party_id: None,
            fingerprint: fp.into(),
            summary: serde_json::json!({}),
        }
    }

    fn send(j: &Journal, i: &Intent) -> Attempt {
        match j.begin(i).unwrap() {
            Begin::Send(a) => a,
            Begin::AlreadyDone(_) => panic!("expected a send"),
        }
    }

    fn settled(state: AttemptState) -> Settlement {
        Settlement {
            state,
            status: None,
            summary: "x".into(),
        }
    }

    #[test]
    fn an_attempt_is_recorded_as_intent_before_it_is_sent() {
        let j = Journal::in_memory().unwrap();
        let a = send(&j, &intent("slot:a", "fp"));
        let rec = j.latest("local", "slot:a").unwrap().unwrap();
        assert_eq!(
            (rec.state.as_str(), rec.idempotency_key.as_str()),
            ("intent", a.key.as_str())
        );
        assert!(!a.repeats_earlier_request);
        j.mark_sent(&a.operation_id).unwrap();
        assert_eq!(j.latest("local", "slot:a").unwrap().unwrap().state, "sent");
    }

    #[test]
    fn an_interrupted_attempt_is_resumed_with_its_key() {
        let j = Journal::in_memory().unwrap();
        let first = send(&j, &intent("slot:a", "fp"));
        j.mark_sent(&first.operation_id).unwrap();
        // The app died here: the next attempt (after a restart) reads the journal.
        let second = send(&j, &intent("slot:a", "fp"));
        assert_eq!(second.key, first.key);
        assert!(second.repeats_earlier_request);
        assert_ne!(second.operation_id, first.operation_id);
    }

    #[test]
    fn a_definitive_failure_or_a_changed_request_gets_a_new_key() {
        let j = Journal::in_memory().unwrap();
        let first = send(&j, &intent("t", "fp"));
        j.settle(&first.operation_id, &settled(AttemptState::Failed), None)
            .unwrap();
        let second = send(&j, &intent("t", "fp"));
        assert_ne!(second.key, first.key);
        let third = send(&j, &intent("t", "fp2"));
        assert_ne!(third.key, second.key);
    }

    #[test]
    fn a_success_is_not_repeated_and_keeps_what_it_created() {
        let j = Journal::in_memory().unwrap();
        let a = send(&j, &intent("t", "fp"));
        j.settle(
            &a.operation_id,
            &settled(AttemptState::Succeeded),
            Some("party-1"),
        )
        .unwrap();
        match j.begin(&intent("t", "fp")).unwrap() {
            Begin::AlreadyDone(rec) => assert_eq!(rec.result_id.as_deref(), Some("party-1")),
            Begin::Send(_) => panic!("sent twice"),
        }
    }

    #[test]
    fn targets_and_environments_do_not_share_keys() {
        let j = Journal::in_memory().unwrap();
        let a = send(&j, &intent("slot:a", "fp"));
        let b = send(&j, &intent("slot:b", "fp"));
        assert_ne!(a.key, b.key);
        let mut other_env = intent("slot:a", "fp");
        other_env.environment = "sandbox".into();
        assert_ne!(send(&j, &other_env).key, a.key);
    }

    #[test]
    fn the_journal_survives_reopening_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sqlite");
        let key = {
            let j = Journal::open(&path).unwrap();
            let a = send(&j, &intent("t", "fp"));
            j.mark_sent(&a.operation_id).unwrap();
            a.key
        };
        let j = Journal::open(&path).unwrap();
        assert_eq!(send(&j, &intent("t", "fp")).key, key);
        assert_eq!(j.history("local", "c1").unwrap().len(), 2);
    }

    #[test]
    fn a_fingerprint_follows_the_bytes_sent() {
        let a = serde_json::json!({"a": 1, "b": {"x": 3}});
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_ne!(
            fingerprint(&a),
            fingerprint(&serde_json::json!({"a": 2, "b": {"x": 3}}))
        );
        // Serialised in another order, it is another body for Lumx.
        let reordered: serde_json::Value = serde_json::from_str(r#"{"b":{"x":3},"a":1}"#).unwrap();
        assert_eq!(
            fingerprint(&reordered) == fingerprint(&a),
            serde_json::to_vec(&reordered).unwrap() == serde_json::to_vec(&a).unwrap()
        );
    }

    #[tokio::test]
    async fn one_operation_per_target_runs_at_a_time() {
        let j = Arc::new(Journal::in_memory().unwrap());
        let guard = j.exclusive("t").await;
        let j2 = j.clone();
        let waiter = tokio::spawn(async move {
            let _g = j2.exclusive("t").await;
        });
        // Another target is not held up.
        let _other = j.exclusive("u").await;
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(guard);
        waiter.await.unwrap();
    }
}
