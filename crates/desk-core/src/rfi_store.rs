//! Local memory of RFIs (SQLite in the app's data folder): each round's statusReason and
//! checklist, what was re-sent for each item and when, the analyst's override reasons,
//! the outcome, the customer's status timeline, and transaction RFIs recorded by hand.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::DeskError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Resent {
    pub item_id: String,
    /// File name for documents; a short description for data and review items.
    pub what: String,
    pub sha256: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Round {
    pub number: u32,
    /// The statusReason as received, JSON.
    pub status_reason: String,
    pub opened_at: String,
    pub submitted_at: Option<String>,
    pub override_reason: Option<String>,
    /// The status the customer reached after this round's submission.
    pub outcome: Option<String>,
    pub resent: Vec<Resent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusEvent {
    pub status: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TransactionRfi {
    pub id: String,
    pub transaction_id: String,
    /// `ON_RAMP` or `OFF_RAMP`.
    pub direction: String,
    pub amount: String,
    /// When compliance asked (RFC 3339); the refund deadline is 24 h later.
    pub asked_at: String,
    pub relationship: String,
    pub purpose: String,
    pub expected_outcome: String,
    pub other_context: String,
    pub resolved: bool,
}

pub struct RfiStore {
    conn: Mutex<Connection>,
}

pub(crate) fn db_error(e: impl std::fmt::Display) -> DeskError {
    DeskError::internal(format!("The local RFI database failed: {e}"))
}

/// What recording a status did to the customer's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// It was the latest status already.
    Same,
    /// The first status recorded for this customer.
    First,
    /// A change from the latest recorded status.
    Changed,
}

impl RfiStore {
    pub fn open(path: &Path) -> Result<Self, DeskError> {
        Self::init(crate::storage::open_sqlite(path).map_err(db_error)?)
    }

    pub fn in_memory() -> Result<Self, DeskError> {
        Self::init(crate::storage::open_sqlite_in_memory().map_err(db_error)?)
    }

    fn init(conn: Connection) -> Result<Self, DeskError> {
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS rounds (
                 env TEXT NOT NULL, customer_id TEXT NOT NULL, number INTEGER NOT NULL,
                 status_reason TEXT NOT NULL, opened_at TEXT NOT NULL, submitted_at TEXT,
                 override_reason TEXT, outcome TEXT,
                 PRIMARY KEY (env, customer_id, number));
             CREATE TABLE IF NOT EXISTS resent (
                 env TEXT NOT NULL, customer_id TEXT NOT NULL, number INTEGER NOT NULL,
                 item_id TEXT NOT NULL, what TEXT NOT NULL, sha256 TEXT, at TEXT NOT NULL,
                 PRIMARY KEY (env, customer_id, number, item_id));
             CREATE TABLE IF NOT EXISTS status_events (
                 env TEXT NOT NULL, customer_id TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS account_notes (
                 env TEXT NOT NULL, account_id TEXT NOT NULL, note TEXT NOT NULL, updated_at TEXT NOT NULL,
                 PRIMARY KEY (env, account_id));
             CREATE TABLE IF NOT EXISTS transaction_rfis (
                 env TEXT NOT NULL, id TEXT PRIMARY KEY, data TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS sent_files (
                 env TEXT NOT NULL, customer_id TEXT NOT NULL, slot TEXT NOT NULL,
                 fingerprint TEXT NOT NULL, file_name TEXT NOT NULL, at TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS rejected_files (
                 env TEXT NOT NULL, customer_id TEXT NOT NULL, number INTEGER NOT NULL,
                 item_id TEXT NOT NULL, data TEXT NOT NULL,
                 PRIMARY KEY (env, customer_id, number, item_id));",
        )
        .map_err(db_error)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    pub(crate) fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn rounds(&self, env: &str, customer: &str) -> Result<Vec<Round>, DeskError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(
                "SELECT number, status_reason, opened_at, submitted_at, override_reason, outcome
                 FROM rounds WHERE env = ?1 AND customer_id = ?2 ORDER BY number",
            )
            .map_err(db_error)?;
        let mut rounds: Vec<Round> = stmt
            .query_map(params![env, customer], |r| {
                Ok(Round {
                    number: r.get(0)?,
                    status_reason: r.get(1)?,
                    opened_at: r.get(2)?,
                    submitted_at: r.get(3)?,
                    override_reason: r.get(4)?,
                    outcome: r.get(5)?,
                    resent: vec![],
                })
            })
            .map_err(db_error)?
            .filter_map(Result::ok)
            .collect();
        let mut stmt = conn
            .prepare(
                "SELECT number, item_id, what, sha256, at FROM resent
                 WHERE env = ?1 AND customer_id = ?2 ORDER BY at",
            )
            .map_err(db_error)?;
        let resent = stmt
            .query_map(params![env, customer], |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    Resent {
                        item_id: r.get(1)?,
                        what: r.get(2)?,
                        sha256: r.get(3)?,
                        at: r.get(4)?,
                    },
                ))
            })
            .map_err(db_error)?;
        for (number, item) in resent.filter_map(Result::ok) {
            if let Some(round) = rounds.iter_mut().find(|r| r.number == number) {
                round.resent.push(item);
            }
        }
        Ok(rounds)
    }

    pub fn open_round(
        &self,
        env: &str,
        customer: &str,
        status_reason: &str,
        at: &str,
    ) -> Result<u32, DeskError> {
        let conn = self.conn();
        let next: u32 = conn
            .query_row(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM rounds WHERE env = ?1 AND customer_id = ?2",
                params![env, customer],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        conn.execute(
            "INSERT INTO rounds (env, customer_id, number, status_reason, opened_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![env, customer, next, status_reason, at],
        )
        .map_err(db_error)?;
        Ok(next)
    }

    pub fn record_resent(
        &self,
        env: &str,
        customer: &str,
        round: u32,
        r: &Resent,
    ) -> Result<(), DeskError> {
        self.conn()
            .execute(
                "INSERT INTO resent (env, customer_id, number, item_id, what, sha256, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (env, customer_id, number, item_id)
                 DO UPDATE SET what = ?5, sha256 = ?6, at = ?7",
                params![env, customer, round, r.item_id, r.what, r.sha256, r.at],
            )
            .map(drop)
            .map_err(db_error)
    }

    pub fn mark_submitted(
        &self,
        env: &str,
        customer: &str,
        round: u32,
        at: &str,
        override_reason: Option<&str>,
    ) -> Result<(), DeskError> {
        self.conn()
            .execute(
                "UPDATE rounds SET submitted_at = ?4, override_reason = ?5
                 WHERE env = ?1 AND customer_id = ?2 AND number = ?3",
                params![env, customer, round, at, override_reason],
            )
            .map(drop)
            .map_err(db_error)
    }

    pub fn set_outcome(
        &self,
        env: &str,
        customer: &str,
        round: u32,
        outcome: &str,
    ) -> Result<(), DeskError> {
        self.conn()
            .execute(
                "UPDATE rounds SET outcome = ?4 WHERE env = ?1 AND customer_id = ?2 AND number = ?3",
                params![env, customer, round, outcome],
            )
            .map(drop)
            .map_err(db_error)
    }

    /// Appends a status to the customer's timeline unless it is the latest one already
    /// (read and written under one lock, so two readers of one change record it once).
    pub fn record_status(
        &self,
        env: &str,
        customer: &str,
        status: &str,
        at: &str,
    ) -> Result<Recorded, DeskError> {
        let conn = self.conn();
        let last: Option<String> = conn
            .query_row(
                "SELECT status FROM status_events WHERE env = ?1 AND customer_id = ?2 ORDER BY rowid DESC LIMIT 1",
                params![env, customer],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_error)?;
        if last.as_deref() == Some(status) {
            return Ok(Recorded::Same);
        }
        conn.execute(
            "INSERT INTO status_events (env, customer_id, status, at) VALUES (?1, ?2, ?3, ?4)",
            params![env, customer, status, at],
        )
        .map_err(db_error)?;
        Ok(match last {
            None => Recorded::First,
            Some(_) => Recorded::Changed,
        })
    }

    pub fn timeline(&self, env: &str, customer: &str) -> Result<Vec<StatusEvent>, DeskError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare("SELECT status, at FROM status_events WHERE env = ?1 AND customer_id = ?2 ORDER BY rowid")
            .map_err(db_error)?;
        let rows = stmt
            .query_map(params![env, customer], |r| {
                Ok(StatusEvent {
                    status: r.get(0)?,
                    at: r.get(1)?,
                })
            })
            .map_err(db_error)?;
        Ok(rows.filter_map(Result::ok).collect())
    }

    /// What the analyst noted about an account RFI (what was asked and answered by email
    /// or Slack); an empty note removes it.
    pub fn save_account_note(
        &self,
        env: &str,
        account_id: &str,
        note: &str,
        at: &str,
    ) -> Result<(), DeskError> {
        let conn = self.conn();
        if note.trim().is_empty() {
            conn.execute(
                "DELETE FROM account_notes WHERE env = ?1 AND account_id = ?2",
                params![env, account_id],
            )
        } else {
            conn.execute(
                "INSERT INTO account_notes (env, account_id, note, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (env, account_id) DO UPDATE SET note = ?3, updated_at = ?4",
                params![env, account_id, note, at],
            )
        }
        .map(drop)
        .map_err(db_error)
    }

    pub fn account_note(&self, env: &str, account_id: &str) -> Result<Option<String>, DeskError> {
        self.conn()
            .query_row(
                "SELECT note FROM account_notes WHERE env = ?1 AND account_id = ?2",
                params![env, account_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_error)
    }

    pub fn save_transaction(&self, env: &str, t: &TransactionRfi) -> Result<(), DeskError> {
        let data = serde_json::to_string(t).map_err(db_error)?;
        self.conn()
            .execute(
                "INSERT INTO transaction_rfis (env, id, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET data = ?3",
                params![env, t.id, data],
            )
            .map(drop)
            .map_err(db_error)
    }

    pub fn transactions(&self, env: &str) -> Result<Vec<TransactionRfi>, DeskError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare("SELECT data FROM transaction_rfis WHERE env = ?1")
            .map_err(db_error)?;
        let rows = stmt
            .query_map(params![env], |r| r.get::<_, String>(0))
            .map_err(db_error)?;
        let mut list: Vec<TransactionRfi> = rows
            .filter_map(Result::ok)
            .filter_map(|d| serde_json::from_str(&d).ok())
            .collect();
        list.sort_by(|a, b| a.asked_at.cmp(&b.asked_at));
        Ok(list)
    }

    pub fn delete_transaction(&self, id: &str) -> Result<bool, DeskError> {
        self.conn()
            .execute("DELETE FROM transaction_rfis WHERE id = ?1", [id])
            .map(|n| n > 0)
            .map_err(db_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_number_themselves_and_keep_what_was_resent() {
        let s = RfiStore::in_memory().unwrap();
        assert_eq!(s.open_round("local", "c1", "{}", "t1").unwrap(), 1);
        s.record_resent(
            "local",
            "c1",
            1,
            &Resent {
                item_id: "customer:PASSPORT".into(),
                what: "p.jpg".into(),
                sha256: Some("ab".into()),
                at: "t2".into(),
            },
        )
        .unwrap();
        // Re-sending the same item again replaces the record.
        s.record_resent(
            "local",
            "c1",
            1,
            &Resent {
                item_id: "customer:PASSPORT".into(),
                what: "p2.jpg".into(),
                sha256: Some("cd".into()),
                at: "t3".into(),
            },
        )
        .unwrap();
        s.mark_submitted("local", "c1", 1, "t4", Some("compliance agreed by email"))
            .unwrap();
        s.set_outcome("local", "c1", 1, "RFI").unwrap();
        assert_eq!(s.open_round("local", "c1", "{\"x\":1}", "t5").unwrap(), 2);
        assert_eq!(
            s.open_round("sandbox", "c1", "{}", "t5").unwrap(),
            1,
            "per environment"
        );
        let rounds = s.rounds("local", "c1").unwrap();
        assert_eq!(rounds.len(), 2);
        assert_eq!(rounds[0].resent.len(), 1);
        assert_eq!(rounds[0].resent[0].what, "p2.jpg");
        assert_eq!(
            rounds[0].override_reason.as_deref(),
            Some("compliance agreed by email")
        );
        assert_eq!(rounds[0].outcome.as_deref(), Some("RFI"));
        assert!(rounds[1].submitted_at.is_none());
    }

    #[test]
    fn account_notes_are_saved_replaced_and_cleared() {
        let s = RfiStore::in_memory().unwrap();
        s.save_account_note("l", "a1", "asked for invoices", "t1")
            .unwrap();
        s.save_account_note("l", "a1", "invoices sent 25/11", "t2")
            .unwrap();
        assert_eq!(
            s.account_note("l", "a1").unwrap().as_deref(),
            Some("invoices sent 25/11")
        );
        assert_eq!(s.account_note("other", "a1").unwrap(), None);
        s.save_account_note("l", "a1", "  ", "t3").unwrap();
        assert_eq!(s.account_note("l", "a1").unwrap(), None);
    }

    #[test]
    fn the_timeline_records_changes_only() {
        let s = RfiStore::in_memory().unwrap();
        let record = |status, at| s.record_status("l", "c", status, at).unwrap();
        assert_eq!(record("UNDER_VERIFICATION", "1"), Recorded::First);
        assert_eq!(record("UNDER_VERIFICATION", "2"), Recorded::Same);
        assert_eq!(record("RFI", "3"), Recorded::Changed);
        let t: Vec<_> = s
            .timeline("l", "c")
            .unwrap()
            .into_iter()
            .map(|e| e.status)
            .collect();
        assert_eq!(t, ["UNDER_VERIFICATION", "RFI"]);
    }

    #[test]
    fn transaction_rfis_are_listed_oldest_first() {
        let s = RfiStore::in_memory().unwrap();
        let t = |id: &str, at: &str| TransactionRfi {
            id: id.into(),
            transaction_id: format!("tx-{id}"),
            direction: "ON_RAMP".into(),
            amount: "100.00".into(),
            asked_at: at.into(),
            relationship: String::new(),
            purpose: String::new(),
            expected_outcome: String::new(),
            other_context: String::new(),
            resolved: false,
        };
        s.save_transaction("l", &t("b", "2026-11-25T12:00:00Z"))
            .unwrap();
        s.save_transaction("l", &t("a", "2026-11-25T10:00:00Z"))
            .unwrap();
        let ids: Vec<_> = s
            .transactions("l")
            .unwrap()
            .into_iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(ids, ["a", "b"]);
        assert!(s.delete_transaction("a").unwrap());
        assert_eq!(s.transactions("l").unwrap().len(), 1);
        assert!(s.transactions("other").unwrap().is_empty());
    }
}
