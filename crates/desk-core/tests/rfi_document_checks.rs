//! Stopping the next RFI, end to end against the embedded sandbox: an individual whose
//! taxId asks for the "blurry proof of address" scenario sends a blurred photo; the RFI
//! explains its labels from the dictionary; picking the same file again for the declined
//! item is blocked until a reason is given (which the audit log keeps), and a sharp
//! replacement passes. Files are generated specimens on disk, picked through the
//! scripted picker (the native dialog is the E2E suite's part).

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{cpf_from, fill_individual};
use desk_core::desk::Desk;
use desk_core::document_checks::LocalCheck;
use desk_core::drafts::DraftStore;
use desk_core::files::ScriptedPicker;
use desk_core::local_sandbox::LocalSandbox;
use desk_core::locale::Language::En;
use desk_core::secrets::MemoryStore;
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;
use desk_core::wizard::model::CustomerKind;
use doc_specimens as s;

fn write(dir: &Path, name: &str, bytes: Vec<u8>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A desk on the embedded sandbox whose file dialog answers `picks` in turn.
fn desk(picks: Vec<Option<PathBuf>>) -> Desk {
    Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(
            DraftStore::in_memory().unwrap(),
            Arc::new(ScriptedPicker::new(picks)),
        ),
    )
}

#[tokio::test]
async fn the_rejected_file_is_blocked_until_a_reason_and_a_sharp_replacement_passes() {
    let dir = tempfile::tempdir().unwrap();
    let scan = s::proof_of_address_scan(9);
    let blurred = write(
        dir.path(),
        "conta-de-luz.jpg",
        s::jpeg(&s::blurred(&scan, 4.0, 2), 88, None),
    );
    let sharp = write(
        dir.path(),
        "conta-de-luz-nova.jpg",
        s::jpeg(&scan, 88, None),
    );
    let picks = vec![
        Some(blurred.clone()), // the wizard's upload, later rejected
        Some(blurred.clone()), // picked again for the RFI: blocked
        Some(sharp.clone()),   // the replacement
        Some(blurred.clone()), // sent from the customer view: blocked there too
    ];
    let desk = desk(picks);
    let wizard = desk.wizard();
    let mut draft = wizard
        .draft_new(CustomerKind::Individual, En)
        .unwrap()
        .draft;
    // First digit 2: the sandbox's "blurry proof of address" RFI; last digit 2: an RFI.
    fill_individual(&mut draft, &cpf_from(200_000_000, |d| d == 2));
    wizard.draft_save(draft.clone(), En).unwrap();
    let id = wizard
        .wizard_create_customer(&draft.id, None, En)
        .await
        .unwrap()
        .draft
        .customer_id
        .unwrap();
    desk.customers().local_accept_terms(&id).await.unwrap();
    wizard
        .wizard_send_additional(&draft.id, None, En)
        .await
        .unwrap();
    let slot = "customer:PROOF_OF_ADDRESS";
    let state = wizard
        .document_pick(&draft.id, slot, "p".into(), En)
        .await
        .unwrap();
    let findings = &state
        .slots
        .iter()
        .find(|s| s.def.slot_id == slot)
        .unwrap()
        .findings;
    assert!(
        findings.iter().any(|f| f.check == LocalCheck::Blur),
        "the wizard warns before sending: {findings:?}"
    );
    wizard
        .document_upload(&draft.id, slot, None, En, |_| {})
        .await
        .unwrap();
    let view = common::start_verification_until(&desk, &id, "RFI").await;

    // The checklist explains the labels from the dictionary.
    let checklist = view.checklist.clone().unwrap();
    let item = checklist
        .items()
        .find(|i| i.document_type.as_deref() == Some("PROOF_OF_ADDRESS"))
        .expect("the proof of address is declined")
        .clone();
    let group_and_item: Vec<_> = checklist
        .groups
        .iter()
        .flat_map(|g| {
            g.explained
                .iter()
                .chain(g.items.iter().flat_map(|i| i.explained.iter()))
        })
        .collect();
    let blurry = group_and_item
        .iter()
        .find(|e| e.label == "DOCUMENT_BLURRY")
        .expect("DOCUMENT_BLURRY explained");
    assert_eq!(blurry.code.as_deref(), Some("DOCUMENT_BLURRY"));
    assert!(blurry.prevented_by.contains(&LocalCheck::Blur));

    // The same file again: blocked, naming the round and the labels.
    let pick = desk
        .rfi()
        .rfi_pick_document(&id, &item.id, "t".into())
        .await
        .unwrap()
        .unwrap();
    assert!(pick.blocked);
    let first = &pick.findings[0];
    assert_eq!(first.check, LocalCheck::SameAsRejected);
    assert!(first.why.contains("round 1"), "{}", first.why);
    assert!(first.why.contains("DOCUMENT_BLURRY"), "{}", first.why);
    assert!(pick
        .findings
        .iter()
        .any(|f| f.check == LocalCheck::Blur && f.focus));
    let refused = desk
        .rfi()
        .rfi_resend_document(&id, &item.id, &pick.file.token, None, None, |_| {})
        .await
        .unwrap_err();
    assert_eq!(refused.fields()[0].field, "overrideReason");
    desk.rfi()
        .rfi_resend_document(
            &id,
            &item.id,
            &pick.file.token,
            Some("The customer has no other copy"),
            None,
            |_| {},
        )
        .await
        .unwrap();
    let audited = desk.ledger().audit_log().list("documents", 50).unwrap();
    assert!(
        audited
            .iter()
            .any(|e| e.override_reason.as_deref() == Some("The customer has no other copy")),
        "the reason is in the audit log"
    );

    // A sharp replacement of the same bill passes.
    let pick = desk
        .rfi()
        .rfi_pick_document(&id, &item.id, "t".into())
        .await
        .unwrap()
        .unwrap();
    assert!(!pick.blocked, "{:?}", pick.findings);
    assert!(pick.findings.is_empty(), "{:?}", pick.findings);
    let view = desk
        .rfi()
        .rfi_resend_document(&id, &item.id, &pick.file.token, None, None, |_| {})
        .await
        .unwrap();
    assert!(view
        .done
        .iter()
        .any(|d| d.item_id == item.id && d.what == "conta-de-luz-nova.jpg"));
}

/// The date printed on a proof of address feeds the guard's ageing clock; a date in the
/// future, a date in another format or a date for a document without one is refused at
/// the field.
#[tokio::test]
async fn a_proof_of_address_issue_date_feeds_the_guard_and_bad_dates_are_refused() {
    use time::Duration;
    let desk = desk(vec![]);
    let wizard = desk.wizard();
    let draft = wizard
        .draft_new(CustomerKind::Individual, En)
        .unwrap()
        .draft;
    let slot = "customer:PROOF_OF_ADDRESS";
    let today = desk_core::validation::today_utc();
    let iso = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let field = "slots.customer:PROOF_OF_ADDRESS.date";
    for bad in [
        iso(today + Duration::days(1)),
        "05/09/2026".into(),
        "2026-02-30".into(),
    ] {
        let err = wizard.document_date(&draft.id, slot, &bad, En).unwrap_err();
        assert_eq!(err.fields()[0].field, field, "{bad}");
    }
    let err = wizard
        .document_date(&draft.id, "customer:SELFIE", "2026-01-01", En)
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "slots.customer:SELFIE.date");

    let issued = iso(today - Duration::days(88));
    let state = wizard.document_date(&draft.id, slot, &issued, En).unwrap();
    let slot_view = state.slots.iter().find(|s| s.def.slot_id == slot).unwrap();
    assert_eq!(slot_view.document_date.as_deref(), Some(issued.as_str()));
    let aged = state
        .guard
        .iter()
        .find(|p| p.check == LocalCheck::ProofOfAddressAge)
        .expect("the guard flags the ageing proof of address");
    assert!(!aged.blocking);
    assert_eq!(aged.slot_id.as_deref(), Some(slot));
    assert!(aged.message.contains("88 days ago"), "{}", aged.message);
    // The same draft read again in Portuguese.
    let pt = wizard
        .draft_state(&draft.id, desk_core::locale::Language::PtBr)
        .unwrap();
    assert!(pt.guard.iter().any(|p| p.message.contains("há 88 dias")));

    let cleared = wizard.document_date(&draft.id, slot, "", En).unwrap();
    assert!(!cleared
        .guard
        .iter()
        .any(|p| p.check == LocalCheck::ProofOfAddressAge));
}
