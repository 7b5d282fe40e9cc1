//! The audit trail: every mutating call Lumx Desk makes, appended to a local SQLite log —
//! when, where (environment, OS user, host), what (endpoint, customer/party, the
//! Idempotency-Key, a summary of what was sent without secrets or personal data; files by
//! name, size and SHA-256), the answer, and the analyst's override reasons. Each entry
//! carries the hash of the previous one, so editing the file breaks the chain and
//! `verify` reports the first broken link.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

use crate::error::DeskError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub seq: u32,
    pub at: String,
    pub environment: String,
    pub os_user: String,
    pub host: String,
    /// `POST /customers`, `POST /customers/{id}/documents`, …
    pub action: String,
    pub customer_id: Option<String>,
    pub party_id: Option<String>,
    pub idempotency_key: Option<String>,
    /// JSON: what was sent, without secrets or personal data.
    pub summary: String,
    /// `ok` or the error code (`validation`, `server`, …).
    pub outcome: String,
    pub override_reason: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// What a caller records; the log adds time, place, sequence and hashes.
#[derive(Debug, Clone, Default)]
pub struct AuditRecord {
    pub environment: String,
    pub action: String,
    pub customer_id: Option<String>,
    pub party_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub summary: serde_json::Value,
    pub override_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerification {
    pub entries: u32,
    /// The first entry whose hash or link does not match, if any.
    pub first_broken: Option<u32>,
}

const CSV_HEADER: &[&str] = &[
    "seq",
    "at",
    "environment",
    "os_user",
    "host",
    "action",
    "customer_id",
    "party_id",
    "idempotency_key",
    "summary",
    "outcome",
    "override_reason",
    "prev_hash",
    "hash",
];

pub struct AuditLog {
    conn: Mutex<Connection>,
    os_user: String,
    host: String,
}

fn db_error(e: impl std::fmt::Display) -> DeskError {
    DeskError::internal(format!("The local audit log failed: {e}"))
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn entry_hash(e: &AuditEntry) -> String {
    // Every field but the hash itself, in a fixed order, length-prefixed so no two
    // different entries serialise alike.
    let fields = [
        e.seq.to_string(),
        e.at.clone(),
        e.environment.clone(),
        e.os_user.clone(),
        e.host.clone(),
        e.action.clone(),
        e.customer_id.clone().unwrap_or_default(),
        e.party_id.clone().unwrap_or_default(),
        e.idempotency_key.clone().unwrap_or_default(),
        e.summary.clone(),
        e.outcome.clone(),
        e.override_reason.clone().unwrap_or_default(),
        e.prev_hash.clone(),
    ];
    let mut h = Sha256::new();
    for f in fields {
        h.update((f.len() as u64).to_le_bytes());
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
}

fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .unwrap_or_else(|| "unknown".into())
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

impl AuditLog {
    pub fn open(path: &Path) -> Result<Self, DeskError> {
        Self::init(crate::storage::open_sqlite(path).map_err(db_error)?)
    }

    pub fn in_memory() -> Result<Self, DeskError> {
        Self::init(crate::storage::open_sqlite_in_memory().map_err(db_error)?)
    }

    fn init(conn: Connection) -> Result<Self, DeskError> {
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, data TEXT NOT NULL);",
        )
        .map_err(db_error)?;
        Ok(Self {
            conn: Mutex::new(conn),
            os_user: os_user(),
            host: host(),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn append(&self, record: AuditRecord, outcome: &str) -> Result<AuditEntry, DeskError> {
        let conn = self.conn();
        let last: Option<(u32, String)> = conn
            .query_row(
                "SELECT seq, data FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        let (seq, prev_hash) = match last {
            Some((seq, data)) => {
                let prev: AuditEntry = serde_json::from_str(&data).map_err(db_error)?;
                (seq + 1, prev.hash)
            }
            None => (1, GENESIS.to_string()),
        };
        let mut entry = AuditEntry {
            seq,
            at: time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            environment: record.environment,
            os_user: self.os_user.clone(),
            host: self.host.clone(),
            action: record.action,
            customer_id: record.customer_id,
            party_id: record.party_id,
            idempotency_key: record.idempotency_key,
            summary: record.summary.to_string(),
            outcome: outcome.to_string(),
            override_reason: record.override_reason,
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry);
        conn.execute(
            "INSERT INTO audit (seq, data) VALUES (?1, ?2)",
            params![seq, serde_json::to_string(&entry).map_err(db_error)?],
        )
        .map_err(db_error)?;
        Ok(entry)
    }

    /// Newest first, optionally only entries whose action, customer or party contains
    /// `filter` (case-insensitive).
    pub fn list(&self, filter: &str, limit: u32) -> Result<Vec<AuditEntry>, DeskError> {
        let needle = filter.trim().to_lowercase();
        Ok(self
            .all()?
            .into_iter()
            .rev()
            .filter(|e| {
                needle.is_empty()
                    || e.action.to_lowercase().contains(&needle)
                    || e.customer_id
                        .as_deref()
                        .unwrap_or_default()
                        .contains(&needle)
                    || e.party_id.as_deref().unwrap_or_default().contains(&needle)
                    || e.environment.contains(&needle)
                    || e.outcome.contains(&needle)
            })
            .take(limit as usize)
            .collect())
    }

    fn all(&self) -> Result<Vec<AuditEntry>, DeskError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare("SELECT data FROM audit ORDER BY seq")
            .map_err(db_error)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(db_error)?;
        rows.map(|r| {
            r.map_err(db_error)
                .and_then(|d| serde_json::from_str(&d).map_err(db_error))
        })
        .collect()
    }

    /// Walks the chain from the first entry; reports the first entry that was edited,
    /// inserted, removed or reordered.
    pub fn verify(&self) -> Result<AuditVerification, DeskError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare("SELECT seq, data FROM audit ORDER BY seq")
            .map_err(db_error)?;
        let rows: Vec<(u32, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(db_error)?
            .filter_map(Result::ok)
            .collect();
        let mut prev = GENESIS.to_string();
        for (expected_seq, (seq, data)) in (1u32..).zip(rows.iter()) {
            let intact = serde_json::from_str::<AuditEntry>(data).is_ok_and(|e| {
                e.seq == *seq
                    && *seq == expected_seq
                    && e.prev_hash == prev
                    && entry_hash(&e) == e.hash
            });
            if !intact {
                return Ok(AuditVerification {
                    entries: rows.len() as u32,
                    first_broken: Some(*seq),
                });
            }
            prev = serde_json::from_str::<AuditEntry>(data)
                .map(|e| e.hash)
                .unwrap_or_default();
        }
        Ok(AuditVerification {
            entries: rows.len() as u32,
            first_broken: None,
        })
    }

    pub fn export_json(&self) -> Result<String, DeskError> {
        serde_json::to_string_pretty(&self.all()?).map_err(db_error)
    }

    /// Safe to open in a spreadsheet: formula-like cells (a name such as
    /// `=HYPERLINK(…)` in an override reason) are neutralised, see [`crate::csv_export`].
    pub fn export_csv(&self) -> Result<String, DeskError> {
        let rows = self.all()?.into_iter().map(|e| {
            [
                e.seq.to_string(),
                e.at,
                e.environment,
                e.os_user,
                e.host,
                e.action,
                e.customer_id.unwrap_or_default(),
                e.party_id.unwrap_or_default(),
                e.idempotency_key.unwrap_or_default(),
                e.summary,
                e.outcome,
                e.override_reason.unwrap_or_default(),
                e.prev_hash,
                e.hash,
            ]
        });
        crate::csv_export::to_csv(CSV_HEADER, rows).map_err(|e| DeskError::internal(e.to_string()))
    }

    #[cfg(test)]
    fn tamper(&self, seq: u32, f: impl FnOnce(&mut serde_json::Value)) {
        let conn = self.conn();
        let data: String = conn
            .query_row("SELECT data FROM audit WHERE seq = ?1", [seq], |r| r.get(0))
            .unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&data).unwrap();
        f(&mut v);
        conn.execute(
            "UPDATE audit SET data = ?2 WHERE seq = ?1",
            params![seq, v.to_string()],
        )
        .unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn log_with(n: u32) -> AuditLog {
        let log = AuditLog::in_memory().unwrap();
        for i in 0..n {
            log.append(
                AuditRecord {
                    environment: "local-sandbox".into(),
                    action: "POST /customers".into(),
                    customer_id: Some(format!("c{i}")),
                    idempotency_key: Some(format!("k{i}")),
                    summary: json!({ "type": "INDIVIDUAL", "country": "BRA" }),
                    ..Default::default()
                },
                "ok",
            )
            .unwrap();
        }
        log
    }

    #[test]
    fn entries_chain_to_their_predecessor() {
        let log = log_with(3);
        let all = log.all().unwrap();
        assert_eq!(all[0].prev_hash, GENESIS);
        assert_eq!(all[1].prev_hash, all[0].hash);
        assert_eq!(all[2].prev_hash, all[1].hash);
        assert_eq!(
            log.verify().unwrap(),
            AuditVerification {
                entries: 3,
                first_broken: None
            }
        );
        assert!(!all[0].os_user.is_empty() && !all[0].host.is_empty());
    }

    #[test]
    fn an_edited_entry_is_reported_as_the_first_broken_link() {
        let log = log_with(4);
        log.tamper(2, |v| v["outcome"] = json!("validation"));
        assert_eq!(log.verify().unwrap().first_broken, Some(2));
    }

    #[test]
    fn a_rehashed_edit_still_breaks_the_next_link() {
        let log = log_with(4);
        log.tamper(2, |v| {
            v["customerId"] = json!("someone-else");
            let e: AuditEntry = serde_json::from_value(v.clone()).unwrap();
            v["hash"] = json!(entry_hash(&e));
        });
        assert_eq!(log.verify().unwrap().first_broken, Some(3));
    }

    #[test]
    fn a_removed_entry_breaks_the_chain() {
        let log = log_with(3);
        log.conn()
            .execute("DELETE FROM audit WHERE seq = 2", [])
            .unwrap();
        assert_eq!(log.verify().unwrap().first_broken, Some(3));
    }

    #[test]
    fn lists_newest_first_with_a_filter_and_exports() {
        let log = log_with(3);
        let list = log.list("", 10).unwrap();
        assert_eq!(list[0].seq, 3);
        assert_eq!(log.list("c1", 10).unwrap().len(), 1);
        let csv = log.export_csv().unwrap();
        assert_eq!(csv.lines().count(), 4);
        assert!(csv.lines().nth(1).unwrap().contains("\"POST /customers\""));
        let json: Vec<AuditEntry> = serde_json::from_str(&log.export_json().unwrap()).unwrap();
        assert_eq!(json.len(), 3);
    }

    #[test]
    fn csv_export_neutralises_formulas_and_keeps_quoting() {
        let log = AuditLog::in_memory().unwrap();
        log.append(
            AuditRecord {
                environment: "local-sandbox".into(),
                action: "POST /customers".into(),
                customer_id: Some("-2+3".into()),
                override_reason: Some("=HYPERLINK(\"http://x\")".into()),
                summary: json!({ "type": "INDIVIDUAL" }),
                ..Default::default()
            },
            "ok",
        )
        .unwrap();
        let csv = log.export_csv().unwrap();
        let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let row = reader.records().next().unwrap().unwrap();
        let cell = |name: &str| &row[headers.iter().position(|h| h == name).unwrap()];
        assert_eq!(cell("override_reason"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(cell("customer_id"), "'-2+3");
        assert_eq!(cell("summary"), r#"{"type":"INDIVIDUAL"}"#);
        assert_eq!(row.len(), CSV_HEADER.len());
        assert!(csv.contains(r#""'=HYPERLINK(""http://x"")""#), "{csv}");
    }
}
