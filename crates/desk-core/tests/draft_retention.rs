//! The drafts retention sweep on a whole Desk: which drafts go, that each deletion is in
//! the audit log without personal data, and that the setting persists and is validated.

use std::sync::Arc;

use desk_core::desk::Desk;
use desk_core::drafts::DraftStore;
use desk_core::environment::EnvironmentKind;
use desk_core::files::ScriptedPicker;
use desk_core::local_sandbox::LocalSandbox;
use desk_core::locale::Language;
use desk_core::secrets::MemoryStore;
use desk_core::settings::{DraftRetention, SettingsFile};
use desk_core::stores::Stores;
use desk_core::wizard::model::{CustomerKind, Draft};
use time::macros::datetime;

fn desk(settings: SettingsFile) -> Desk {
    Desk::new(
        settings,
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(
            DraftStore::in_memory().unwrap(),
            Arc::new(ScriptedPicker::new(vec![])),
        ),
    )
}

fn draft(id: &str, status: Option<&str>, decided_at: &str) -> Draft {
    let mut d = Draft::new(
        id.into(),
        CustomerKind::Individual,
        EnvironmentKind::Sandbox,
        "2026-09-01T00:00:00Z".into(),
    );
    d.customer.name = "Ana Beatriz Souza".into();
    d.customer_id = Some(format!("cust-{id}"));
    d.set_remote_status(status.map(Into::into), decided_at);
    d
}

#[test]
fn the_sweep_deletes_long_decided_drafts_and_audits_each_deletion() {
    let desk = desk(SettingsFile::ephemeral());
    let store = desk.wizard().drafts();
    store
        .save(&draft(
            "old-approved",
            Some("APPROVED"),
            "2026-10-01T00:00:00Z",
        ))
        .unwrap();
    store
        .save(&draft(
            "old-final",
            Some("FINAL_REJECTION"),
            "2026-10-01T00:00:00Z",
        ))
        .unwrap();
    store
        .save(&draft(
            "on-screen",
            Some("APPROVED"),
            "2026-10-01T00:00:00Z",
        ))
        .unwrap();
    store
        .save(&draft("recent", Some("APPROVED"), "2026-11-25T00:00:00Z"))
        .unwrap();
    store
        .save(&draft(
            "pending",
            Some("UNDER_VERIFICATION"),
            "2026-01-01T00:00:00Z",
        ))
        .unwrap();

    let now = datetime!(2026-12-01 12:00 UTC);
    let mut deleted = desk
        .wizard()
        .sweep_decided_drafts(now, Some("on-screen"))
        .unwrap();
    deleted.sort();
    assert_eq!(deleted, ["old-approved", "old-final"]);
    let mut left: Vec<String> = store.list().unwrap().into_iter().map(|d| d.id).collect();
    left.sort();
    assert_eq!(left, ["on-screen", "pending", "recent"]);

    let entries = desk.ledger().audit_log().list("retention", 10).unwrap();
    assert_eq!(entries.len(), 2);
    for e in &entries {
        assert_eq!(e.outcome, "ok");
        assert_eq!(e.environment, EnvironmentKind::Sandbox.slug());
        assert!(e.customer_id.as_deref().unwrap().starts_with("cust-old-"));
        assert!(e.summary.contains("\"retentionDays\":30"), "{}", e.summary);
        assert!(
            !e.summary.contains("Ana"),
            "no personal data: {}",
            e.summary
        );
    }
    assert_eq!(
        desk.ledger().audit_log().verify().unwrap().first_broken,
        None
    );

    // A second sweep finds nothing more to do (and audits nothing).
    assert!(desk
        .wizard()
        .sweep_decided_drafts(now, Some("on-screen"))
        .unwrap()
        .is_empty());
    assert_eq!(
        desk.ledger()
            .audit_log()
            .list("retention", 10)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn turned_off_nothing_is_deleted_and_the_setting_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    let desk1 = desk(SettingsFile::at(&path));
    assert_eq!(desk1.wizard().draft_retention(), DraftRetention::default());
    let off = DraftRetention {
        enabled: false,
        days: 90,
    };
    desk1
        .wizard()
        .set_draft_retention(off, Language::En)
        .unwrap();
    let store = desk1.wizard().drafts();
    store
        .save(&draft("old", Some("APPROVED"), "2020-01-01T00:00:00Z"))
        .unwrap();
    assert!(desk1
        .wizard()
        .sweep_decided_drafts(datetime!(2026-12-01 12:00 UTC), None)
        .unwrap()
        .is_empty());
    assert_eq!(
        desk(SettingsFile::at(&path)).wizard().draft_retention(),
        off
    );
}

#[test]
fn a_period_out_of_range_is_refused_in_both_languages() {
    let desk = desk(SettingsFile::ephemeral());
    for days in [0, DraftRetention::MAX_DAYS + 1] {
        let policy = DraftRetention {
            enabled: true,
            days,
        };
        let en = desk
            .wizard()
            .set_draft_retention(policy, Language::En)
            .unwrap_err();
        assert_eq!(en.fields()[0].field, "days");
        let pt = desk
            .wizard()
            .set_draft_retention(policy, Language::PtBr)
            .unwrap_err();
        assert!(pt.fields()[0].message.contains("dias"), "{pt:?}");
    }
    assert_eq!(desk.wizard().draft_retention(), DraftRetention::default());
}
