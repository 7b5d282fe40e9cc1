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
    ];
    let desk = Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(
            DraftStore::in_memory().unwrap(),
            Arc::new(ScriptedPicker::new(picks)),
        ),
    );
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
