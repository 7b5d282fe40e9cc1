//! The audit trail: the chain, its head and what verification names.

use super::*;
use serde_json::json;

fn record(i: u32) -> AuditRecord {
    AuditRecord {
        environment: "local-sandbox".into(),
        action: "POST /customers".into(),
        customer_id: Some(format!("c{i}")),
        idempotency_key: Some(format!("k{i}")),
        summary: json!({ "type": "INDIVIDUAL", "country": "BRA" }),
        ..Default::default()
    }
}

fn fill(log: &AuditLog, n: u32) -> &AuditLog {
    for i in 0..n {
        log.append(record(i), "ok").unwrap();
    }
    log
}

fn log_with(n: u32) -> AuditLog {
    let log = AuditLog::in_memory().unwrap();
    fill(&log, n);
    log
}

fn key(byte: u8) -> AuditChainKey {
    Zeroizing::new([byte; AUDIT_KEY_LEN])
}

fn problem(log: &AuditLog) -> Option<AuditProblem> {
    log.verify().unwrap().problem
}

fn assert_broken(log: &AuditLog, problem: AuditProblem, first_broken: u32) {
    let check = log.verify().unwrap();
    assert_eq!(
        (check.problem, check.first_broken),
        (Some(problem), Some(first_broken))
    );
}

/// Edits an entry and recomputes its hash the only way one without the key can.
fn rehash_without_key(log: &AuditLog, seq: u32) {
    log.tamper(seq, |v| {
        v["customerId"] = json!("someone-else");
        let e: AuditEntry = serde_json::from_value(v.clone()).unwrap();
        v["hash"] = json!(legacy_hash(&e));
    });
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
            first_broken: None,
            problem: None,
            legacy_entries: 0,
        }
    );
    assert!(!all[0].os_user.is_empty() && !all[0].host.is_empty());
}

#[test]
fn an_empty_log_verifies() {
    let check = AuditLog::in_memory().unwrap().verify().unwrap();
    assert_eq!((check.entries, check.problem), (0, None));
}

#[test]
fn an_edited_entry_is_reported_as_the_first_broken_link() {
    let log = log_with(4);
    log.tamper(2, |v| v["outcome"] = json!("validation"));
    assert_broken(&log, AuditProblem::Rewritten { seq: 2 }, 2);
}

#[test]
fn an_edited_summary_is_rewritten() {
    let log = log_with(3);
    log.tamper(3, |v| v["summary"] = json!(r#"{"type":"BUSINESS"}"#));
    assert_eq!(problem(&log), Some(AuditProblem::Rewritten { seq: 3 }));
}

#[test]
fn an_edit_rehashed_without_the_key_is_rewritten() {
    let log = log_with(4);
    rehash_without_key(&log, 2);
    assert_broken(&log, AuditProblem::Rewritten { seq: 2 }, 2);
}

#[test]
fn a_removed_entry_breaks_the_chain() {
    let log = log_with(3);
    log.sql("DELETE FROM audit WHERE seq = 2");
    assert_broken(&log, AuditProblem::Deleted { after_seq: 1 }, 3);
}

#[test]
fn removing_the_first_entries_is_a_deletion_from_the_start() {
    let log = log_with(3);
    log.sql("DELETE FROM audit WHERE seq <= 2");
    assert_eq!(problem(&log), Some(AuditProblem::Deleted { after_seq: 0 }));
}

#[test]
fn removing_the_last_entry_or_every_entry_is_a_truncation() {
    // (rows deleted, entries left, first entry missing)
    for (deleted, found, first_missing) in [("seq = 4", 3, 4), ("seq >= 1", 0, 1)] {
        let log = log_with(4);
        log.sql(&format!("DELETE FROM audit WHERE {deleted}"));
        let truncated = AuditProblem::Truncated { expected: 4, found };
        assert_broken(&log, truncated, first_missing);
        assert_eq!(log.verify().unwrap().entries, found);
    }
}

#[test]
fn an_append_after_a_truncation_keeps_the_gap() {
    let log = log_with(4);
    log.sql("DELETE FROM audit WHERE seq >= 3");
    let entry = log.append(record(9), "ok").unwrap();
    assert_eq!(
        entry.seq, 5,
        "numbered after the head, not after the last row"
    );
    assert_eq!(problem(&log), Some(AuditProblem::Deleted { after_seq: 2 }));
}

#[test]
fn swapped_entries_are_reordered() {
    let log = log_with(4);
    log.sql(
        "UPDATE audit SET seq = -1 WHERE seq = 2;
         UPDATE audit SET seq = 2 WHERE seq = 3;
         UPDATE audit SET seq = 3 WHERE seq = -1;",
    );
    assert_broken(&log, AuditProblem::Reordered { seq: 2 }, 2);
}

#[test]
fn an_edited_head_is_forged_and_a_removed_one_missing() {
    let log = log_with(3);
    log.sql("UPDATE audit_head SET entries = 2, last_seq = 2");
    log.sql("DELETE FROM audit WHERE seq = 3");
    assert_broken(&log, AuditProblem::HeadForged, 3);

    let log = log_with(3);
    log.sql("UPDATE audit_head SET entries = 'many'");
    assert_eq!(problem(&log), Some(AuditProblem::HeadForged));

    let log = log_with(3);
    log.sql("DELETE FROM audit_head");
    assert_eq!(problem(&log), Some(AuditProblem::HeadMissing));
    // Appending does not quietly put a head back.
    log.append(record(7), "ok").unwrap();
    assert_eq!(problem(&log), Some(AuditProblem::HeadMissing));
}

#[test]
fn a_dropped_head_table_is_not_taken_for_a_legacy_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.sqlite");
    fill(&AuditLog::open(&path, key(1)).unwrap(), 3).sql("DROP TABLE audit_head");
    let reopened = AuditLog::open(&path, key(1)).unwrap();
    assert_eq!(problem(&reopened), Some(AuditProblem::HeadMissing));
}

#[test]
fn the_wrong_key_makes_the_first_entry_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.sqlite");
    fill(&AuditLog::open(&path, key(1)).unwrap(), 3);
    let other_key = AuditLog::open(&path, key(2)).unwrap();
    assert_broken(&other_key, AuditProblem::Rewritten { seq: 1 }, 1);
    assert_eq!(problem(&AuditLog::open(&path, key(1)).unwrap()), None);
}

#[test]
fn two_logs_on_one_file_append_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.sqlite");
    let a = AuditLog::open(&path, key(1)).unwrap();
    let b = AuditLog::open(&path, key(1)).unwrap();
    for i in 0..5 {
        a.append(record(i), "ok").unwrap();
        b.append(record(i), "ok").unwrap();
    }
    std::thread::scope(|s| {
        for log in [&a, &b] {
            s.spawn(move || fill(log, 10));
        }
    });
    for log in [&a, &b] {
        let check = log.verify().unwrap();
        assert_eq!((check.entries, check.problem), (30, None));
    }
    let seqs: Vec<u32> = a.all().unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=30).collect::<Vec<_>>());
}

/// A log as versions before the keyed chain wrote it (plain SHA-256, no head table),
/// opened with a key.
fn legacy_log(path: &Path, n: u32) -> AuditLog {
    let conn = crate::storage::open_sqlite(path).unwrap();
    conn.execute_batch("CREATE TABLE audit (seq INTEGER PRIMARY KEY, data TEXT NOT NULL);")
        .unwrap();
    let mut prev = GENESIS.to_string();
    for seq in 1..=n {
        let mut e = AuditEntry {
            seq,
            at: "2026-01-02T03:04:05Z".into(),
            environment: "local-sandbox".into(),
            os_user: "ana".into(),
            host: "desk".into(),
            action: "POST /customers".into(),
            customer_id: Some(format!("c{seq}")),
            party_id: None,
            idempotency_key: None,
            summary: "{}".into(),
            outcome: "ok".into(),
            override_reason: None,
            prev_hash: prev,
            hash: String::new(),
        };
        e.hash = legacy_hash(&e);
        prev = e.hash.clone();
        conn.execute(
            "INSERT INTO audit (seq, data) VALUES (?1, ?2)",
            params![seq, serde_json::to_string(&e).unwrap()],
        )
        .unwrap();
    }
    AuditLog::open(path, key(1)).unwrap()
}

#[test]
fn a_legacy_log_is_adopted_and_continued_with_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.sqlite");
    let log = legacy_log(&path, 3);
    let check = log.verify().unwrap();
    assert_eq!(
        (check.entries, check.problem, check.legacy_entries),
        (3, None, 3)
    );
    fill(&log, 2);
    let check = AuditLog::open(&path, key(1)).unwrap().verify().unwrap();
    assert_eq!(
        (check.entries, check.problem, check.legacy_entries),
        (5, None, 3)
    );
}

#[test]
fn adopted_legacy_entries_are_pinned_by_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let log = legacy_log(&dir.path().join("audit.sqlite"), 3);
    log.sql("DELETE FROM audit WHERE seq = 3");
    assert_eq!(
        problem(&log),
        Some(AuditProblem::Truncated {
            expected: 3,
            found: 2
        })
    );

    let log = legacy_log(&dir.path().join("rehashed.sqlite"), 3);
    rehash_without_key(&log, 2);
    // Valid on its own, as legacy entries are: the next link gives it away.
    assert_broken(&log, AuditProblem::Rewritten { seq: 2 }, 2);
}

#[test]
fn without_a_key_entries_are_listed_but_nothing_is_appended_or_verified() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.sqlite");
    fill(&AuditLog::open(&path, key(1)).unwrap(), 2);
    let why = DeskError::KeychainUnavailable {
        message: "no keychain".into(),
    };
    let log = AuditLog::open_without_key(&path, why.clone()).unwrap();
    assert_eq!(log.list("", 10).unwrap().len(), 2);
    assert_eq!(log.append(record(3), "ok").unwrap_err(), why);
    assert_eq!(log.verify().unwrap_err(), why);
    assert_eq!(problem(&AuditLog::open(&path, key(1)).unwrap()), None);
}

#[test]
fn problems_serialise_tagged_by_kind() {
    assert_eq!(
        serde_json::to_value(AuditProblem::Deleted { after_seq: 4 }).unwrap(),
        json!({ "kind": "deleted", "afterSeq": 4 })
    );
    assert_eq!(
        serde_json::to_value(AuditProblem::HeadMissing).unwrap(),
        json!({ "kind": "headMissing" })
    );
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
