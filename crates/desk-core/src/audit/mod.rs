//! The audit trail: every mutating call Lumx Desk makes, appended to a local SQLite log —
//! when, where (environment, OS user, host), what (endpoint, customer/party, the
//! Idempotency-Key, a summary of what was sent without secrets or personal data; files by
//! name, size and SHA-256), the answer, and the analyst's override reasons.
//!
//! Each entry carries the previous entry's hash and its own HMAC-SHA256, keyed with a
//! secret kept in the OS keychain, so whoever can edit the file but not read the keychain
//! cannot rewrite an entry and recompute the chain. A one-row head (entries, last seq,
//! last hash; MACed too) is updated in the same transaction as each append, so removing
//! entries at the tail, or all of them, shows as well. `verify` names the first problem.
//!
//! Not detectable from the file alone: replacing it whole (with an empty one, or an older
//! copy of itself, head included).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use zeroize::Zeroizing;

use crate::error::DeskError;
use crate::secrets::{AuditChainKey, AUDIT_KEY_LEN};

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
    /// HMAC-SHA256 of the entry (plain SHA-256 for entries older than the keyed chain).
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
    /// The first entry that was edited, moved or removed, or, past the last entry, that
    /// cannot be vouched for; set exactly when `problem` is.
    pub first_broken: Option<u32>,
    pub problem: Option<AuditProblem>,
    /// Entries written by a version before the keyed chain, protected only by plain
    /// SHA-256 until then: an edit made to them before the upgrade would not show.
    pub legacy_entries: u32,
}

/// The first thing found wrong, walking the entries in `seq` order and then the head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AuditProblem {
    /// The entry's content does not match its MAC (edited, or the keychain's key changed).
    Rewritten { seq: u32 },
    /// Entries are missing between `after_seq` (0: from the start) and the next one.
    #[serde(rename_all = "camelCase")]
    Deleted { after_seq: u32 },
    /// The head counts `expected` entries but the log ends early, with `found`.
    Truncated { expected: u32, found: u32 },
    /// An intact entry sits at the wrong place in the sequence.
    Reordered { seq: u32 },
    /// The head row is gone (no entry is known missing, but none can be vouched for).
    HeadMissing,
    /// The head does not match its MAC, or the entries.
    HeadForged,
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
    /// An error when the keychain could not give the key: then nothing is appended or
    /// verified, and both say why.
    key: Result<AuditChainKey, DeskError>,
    os_user: String,
    host: String,
}

fn db_error(e: impl std::fmt::Display) -> DeskError {
    DeskError::internal(format!("The local audit log failed: {e}"))
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const HEAD_TABLE: &str = "CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    entries INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    last_hash TEXT NOT NULL,
    legacy_seq INTEGER NOT NULL,
    mac TEXT NOT NULL
);";

type HmacSha256 = Hmac<Sha256>;

/// Length-prefixed, so no two different field lists feed the same bytes.
fn length_prefixed<D: sha2::digest::Update>(mut d: D, fields: &[String]) -> D {
    for f in fields {
        d.update(&(f.len() as u64).to_le_bytes());
        d.update(f.as_bytes());
    }
    d
}

fn keyed(key: &[u8; AUDIT_KEY_LEN], fields: &[String]) -> HmacSha256 {
    let mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    length_prefixed(mac, fields)
}

fn keyed_hex(key: &[u8; AUDIT_KEY_LEN], fields: &[String]) -> String {
    hex::encode(keyed(key, fields).finalize().into_bytes())
}

fn keyed_matches(key: &[u8; AUDIT_KEY_LEN], fields: &[String], mac_hex: &str) -> bool {
    hex::decode(mac_hex).is_ok_and(|mac| keyed(key, fields).verify_slice(&mac).is_ok())
}

/// Every field but the hash itself, in a fixed order.
fn entry_fields(e: &AuditEntry) -> [String; 13] {
    [
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
    ]
}

/// The hash of entries written before the keyed chain.
fn legacy_hash(e: &AuditEntry) -> String {
    hex::encode(length_prefixed(Sha256::new(), &entry_fields(e)).finalize())
}

/// Where the chain stands, as of the last append.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    entries: u32,
    last_seq: u32,
    last_hash: String,
    /// Entries up to this seq were adopted from a log without a head (plain SHA-256).
    legacy_seq: u32,
}

impl Head {
    fn fields(&self) -> [String; 5] {
        // The label keeps a head's MAC from ever being a valid entry's (an entry's first
        // field is its seq, digits only).
        [
            "audit-head".to_owned(),
            self.entries.to_string(),
            self.last_seq.to_string(),
            self.last_hash.clone(),
            self.legacy_seq.to_string(),
        ]
    }
}

enum HeadState {
    Valid(Head),
    /// `None`: its values are not even of the right type.
    Forged(Option<Head>),
    Missing,
}

fn read_head(conn: &Connection, key: &[u8; AUDIT_KEY_LEN]) -> Result<HeadState, DeskError> {
    if !has_head_table(conn)? {
        return Ok(HeadState::Missing);
    }
    let row = conn
        .query_row(
            "SELECT entries, last_seq, last_hash, legacy_seq, mac FROM audit_head WHERE id = 1",
            [],
            |r| {
                Ok((
                    Head {
                        entries: r.get(0)?,
                        last_seq: r.get(1)?,
                        last_hash: r.get(2)?,
                        legacy_seq: r.get(3)?,
                    },
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional();
    use rusqlite::Error::{FromSqlConversionFailure, IntegralValueOutOfRange, InvalidColumnType};
    Ok(match row {
        Ok(Some((head, mac))) if keyed_matches(key, &head.fields(), &mac) => HeadState::Valid(head),
        Ok(Some((head, _))) => HeadState::Forged(Some(head)),
        Ok(None) => HeadState::Missing,
        Err(FromSqlConversionFailure(..) | IntegralValueOutOfRange(..) | InvalidColumnType(..)) => {
            HeadState::Forged(None)
        }
        Err(e) => return Err(db_error(e)),
    })
}

fn write_head(conn: &Connection, key: &[u8; AUDIT_KEY_LEN], head: &Head) -> Result<(), DeskError> {
    conn.execute(
        "INSERT OR REPLACE INTO audit_head (id, entries, last_seq, last_hash, legacy_seq, mac)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        params![
            head.entries,
            head.last_seq,
            head.last_hash,
            head.legacy_seq,
            keyed_hex(key, &head.fields())
        ],
    )
    .map_err(db_error)?;
    Ok(())
}

fn has_head_table(conn: &Connection) -> Result<bool, DeskError> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_head'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
    .map_err(db_error)
}

/// Every row in seq order, as stored: an entry that does not parse (or a seq out of
/// range) is kept as `None` (or 0), for `verify` to report rather than skip.
fn read_rows(conn: &Connection) -> Result<Vec<(u32, Option<AuditEntry>)>, DeskError> {
    let mut stmt = conn
        .prepare("SELECT seq, data FROM audit ORDER BY seq")
        .map_err(db_error)?;
    let rows = stmt
        .query_map([], |r| {
            let seq = u32::try_from(r.get::<_, i64>(0)?).unwrap_or(0);
            let entry = r
                .get_ref(1)?
                .as_str()
                .ok()
                .and_then(|d| serde_json::from_str(d).ok());
            Ok((seq, entry))
        })
        .map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

/// Which entries may carry a plain SHA-256 hash instead of a MAC.
#[derive(Clone, Copy)]
enum Legacy {
    Through(u32),
    /// No head to say: those before the first keyed entry (the head's state is reported
    /// anyway).
    UntilKeyed,
}

/// Walks the entries in seq order, then holds the last against the head.
fn check(
    key: &[u8; AUDIT_KEY_LEN],
    rows: &[(u32, Option<AuditEntry>)],
    head: &HeadState,
) -> AuditVerification {
    let entries = rows.len() as u32;
    let legacy = match head {
        HeadState::Valid(h) | HeadState::Forged(Some(h)) => Legacy::Through(h.legacy_seq),
        HeadState::Forged(None) | HeadState::Missing => Legacy::UntilKeyed,
    };
    let hashes: HashSet<&str> = rows
        .iter()
        .filter_map(|(_, e)| e.as_ref().map(|e| e.hash.as_str()))
        .collect();
    let mut legacy_entries = 0;
    let mut seen_keyed = false;
    let mut prev = (0, GENESIS);
    let found = |problem, first_broken, legacy_entries| AuditVerification {
        entries,
        first_broken: Some(first_broken),
        problem: Some(problem),
        legacy_entries,
    };
    for (seq, entry) in rows {
        let seq = *seq;
        let Some(e) = entry else {
            return found(AuditProblem::Rewritten { seq }, seq, legacy_entries);
        };
        let fields = entry_fields(e);
        let is_keyed = keyed_matches(key, &fields, &e.hash);
        let may_be_legacy = match legacy {
            Legacy::Through(last) => e.seq <= last,
            Legacy::UntilKeyed => !seen_keyed,
        };
        let is_legacy = !is_keyed && may_be_legacy && legacy_hash(e) == e.hash;
        if !is_keyed && !is_legacy {
            return found(AuditProblem::Rewritten { seq }, seq, legacy_entries);
        }
        seen_keyed |= is_keyed;
        legacy_entries += u32::from(is_legacy);
        if e.seq != seq {
            return found(AuditProblem::Reordered { seq }, seq, legacy_entries);
        }
        let (prev_seq, prev_hash) = prev;
        if seq != prev_seq + 1 {
            let problem = AuditProblem::Deleted {
                after_seq: prev_seq,
            };
            return found(problem, seq, legacy_entries);
        }
        if e.prev_hash != prev_hash {
            // Both intact, so the link says which one is out of place.
            let (problem, at) = if hashes.contains(e.prev_hash.as_str()) {
                (AuditProblem::Reordered { seq }, seq)
            } else {
                let at = prev_seq.max(1);
                (AuditProblem::Rewritten { seq: at }, at)
            };
            return found(problem, at, legacy_entries);
        }
        prev = (seq, e.hash.as_str());
    }
    let (last_seq, last_hash) = prev;
    let problem = match head {
        HeadState::Missing => Some(AuditProblem::HeadMissing),
        HeadState::Forged(_) => Some(AuditProblem::HeadForged),
        HeadState::Valid(h) if last_seq < h.last_seq => Some(AuditProblem::Truncated {
            expected: h.entries,
            found: entries,
        }),
        HeadState::Valid(h)
            if last_seq != h.last_seq || last_hash != h.last_hash || entries != h.entries =>
        {
            Some(AuditProblem::HeadForged)
        }
        HeadState::Valid(_) => None,
    };
    AuditVerification {
        entries,
        first_broken: problem.as_ref().map(|_| last_seq + 1),
        problem,
        legacy_entries,
    }
}

/// The newest row's seq and hash (empty when it does not parse: `verify` reports that).
fn read_last(conn: &Connection) -> Result<Option<(u32, String)>, DeskError> {
    conn.query_row(
        "SELECT seq, data FROM audit ORDER BY seq DESC LIMIT 1",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1).unwrap_or_default(),
            ))
        },
    )
    .optional()
    .map_err(db_error)
    .map(|last| {
        last.map(|(seq, data)| {
            let hash = serde_json::from_str::<AuditEntry>(&data)
                .map(|e| e.hash)
                .unwrap_or_default();
            (u32::try_from(seq).unwrap_or(0), hash)
        })
    })
}

/// A log without a head table was written by a version before the keyed chain: its
/// entries are adopted as found and pinned by a new head from now on. One that holds keyed
/// entries lost its head table instead, and is left without a head for `verify` to report.
fn adopt_headless(conn: &mut Connection, key: &[u8; AUDIT_KEY_LEN]) -> Result<(), DeskError> {
    // IMMEDIATE: two processes opening an old log at once adopt it once.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_error)?;
    if has_head_table(&tx)? {
        return Ok(());
    }
    tx.execute_batch(HEAD_TABLE).map_err(db_error)?;
    let rows = read_rows(&tx)?;
    let was_keyed = rows.iter().any(|(_, e)| {
        e.as_ref()
            .is_some_and(|e| keyed_matches(key, &entry_fields(e), &e.hash))
    });
    if !was_keyed {
        let (last_seq, last_hash) = match rows.last() {
            Some((seq, e)) => (*seq, e.as_ref().map(|e| e.hash.clone()).unwrap_or_default()),
            None => (0, GENESIS.to_string()),
        };
        let head = Head {
            entries: rows.len() as u32,
            last_seq,
            last_hash,
            legacy_seq: last_seq,
        };
        write_head(&tx, key, &head)?;
    }
    tx.commit().map_err(db_error)
}

impl AuditLog {
    /// The log at `path`, its chain keyed with `key` (the keychain's
    /// [`crate::secrets::AuditKeyStore::audit_chain_key`]).
    pub fn open(path: &Path, key: AuditChainKey) -> Result<Self, DeskError> {
        Self::init(
            crate::storage::open_sqlite(path).map_err(db_error)?,
            Ok(key),
        )
    }

    /// The log at `path` while the keychain cannot give its key: entries can be listed and
    /// exported, but appending and verifying fail with `why`.
    pub fn open_without_key(path: &Path, why: DeskError) -> Result<Self, DeskError> {
        Self::init(
            crate::storage::open_sqlite(path).map_err(db_error)?,
            Err(why),
        )
    }

    /// For tests and the default onboarding: a key drawn at random, gone with the log.
    pub fn in_memory() -> Result<Self, DeskError> {
        let mut key: AuditChainKey = Zeroizing::new([0; AUDIT_KEY_LEN]);
        rand::fill(&mut key[..]);
        Self::init(
            crate::storage::open_sqlite_in_memory().map_err(db_error)?,
            Ok(key),
        )
    }

    fn init(
        mut conn: Connection,
        key: Result<AuditChainKey, DeskError>,
    ) -> Result<Self, DeskError> {
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, data TEXT NOT NULL);",
        )
        .map_err(db_error)?;
        if let Ok(key) = &key {
            adopt_headless(&mut conn, key)?;
        }
        Ok(Self {
            conn: Mutex::new(conn),
            key,
            os_user: crate::workstation::analyst(),
            host: crate::workstation::workstation(),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn key(&self) -> Result<&[u8; AUDIT_KEY_LEN], DeskError> {
        self.key.as_deref().map_err(Clone::clone)
    }

    pub fn append(&self, record: AuditRecord, outcome: &str) -> Result<AuditEntry, DeskError> {
        let key = self.key()?;
        let mut conn = self.conn();
        // IMMEDIATE takes the write lock before reading, so another process appending to
        // the same file waits, then chains to this entry instead of to the same predecessor.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let head = read_head(&tx, key)?;
        let last = read_last(&tx)?;
        let (seq, prev_hash) = match &head {
            // The head, not the last row, says where the chain ends: entries removed at
            // the tail stay visible as a gap after this one.
            HeadState::Valid(h) => (
                h.last_seq.max(last.as_ref().map_or(0, |(seq, _)| *seq)) + 1,
                h.last_hash.clone(),
            ),
            // Chain to the last row and leave the head alone: rewriting it would hide
            // whatever was done to it.
            HeadState::Forged(_) | HeadState::Missing => match last {
                Some((seq, hash)) => (seq + 1, hash),
                None => (1, GENESIS.to_string()),
            },
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
        entry.hash = keyed_hex(key, &entry_fields(&entry));
        tx.execute(
            "INSERT INTO audit (seq, data) VALUES (?1, ?2)",
            params![seq, serde_json::to_string(&entry).map_err(db_error)?],
        )
        .map_err(db_error)?;
        if let HeadState::Valid(h) = head {
            let next = Head {
                entries: h.entries + 1,
                last_seq: seq,
                last_hash: entry.hash.clone(),
                legacy_seq: h.legacy_seq,
            };
            write_head(&tx, key, &next)?;
        }
        tx.commit().map_err(db_error)?;
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

    /// Checks every entry's MAC and link, then the head; names the first problem found.
    pub fn verify(&self) -> Result<AuditVerification, DeskError> {
        let key = self.key()?;
        let mut conn = self.conn();
        // One snapshot, so another process's append cannot land between the two reads.
        let tx = conn.transaction().map_err(db_error)?;
        let rows = read_rows(&tx)?;
        let head = read_head(&tx, key)?;
        tx.finish().map_err(db_error)?;
        Ok(check(key, &rows, &head))
    }

    /// [`Self::list`] as the log screen shows it.
    pub fn rows(&self, filter: &str, limit: u32) -> Result<Vec<AuditRow>, DeskError> {
        Ok(self
            .list(filter, limit)?
            .into_iter()
            .map(AuditRow::from)
            .collect())
    }

    /// The whole log in `format`.
    pub fn export(&self, format: ExportFormat) -> Result<String, DeskError> {
        match format {
            ExportFormat::Csv => self.export_csv(),
            ExportFormat::Json => self.export_json(),
        }
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

    #[cfg(test)]
    fn sql(&self, sql: &str) {
        self.conn().execute_batch(sql).unwrap();
    }
}

#[cfg(test)]
mod tests;
mod view;

pub use view::{AuditResult, AuditRow, ExportFormat};
