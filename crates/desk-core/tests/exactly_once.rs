//! Exactly once, never stuck, through Lumx Desk's own operations against the real local
//! sandbox over HTTP. Each test counts what the sandbox holds (customers, documents,
//! verifications) and reads the operation journal. A "restart" is a second `Desk` over
//! the same folder: drafts, journal and the local sandbox's state file, as in the app.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{cnpj_ending, cpf_ending, fill_business, fill_individual};
use desk_core::desk::Desk;
use desk_core::drafts::DraftStore;
use desk_core::files::ScriptedPicker;
use desk_core::journal::{Journal, OperationKind, OperationRecord};
use desk_core::local_sandbox::LocalSandbox;
use desk_core::locale::Language;
use desk_core::onboarding::ManualUpload;
use desk_core::secrets::MemoryStore;
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;
use desk_core::wizard::model::CustomerKind;
use lumx_sandbox::{FaultConfig, SandboxStats};

const EN: Language = Language::En;
const ENV: &str = "local-sandbox";
const FRONT: &str = "customer:ID_CARD:FRONT_SIDE";
const BACK: &str = "customer:ID_CARD:BACK_SIDE";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

fn desk_in(dir: &Path, picks: &[&str]) -> Desk {
    Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(Some(dir.join("local-sandbox.json")), 0),
        Stores::new(
            DraftStore::open(&dir.join("drafts.sqlite")).unwrap(),
            Arc::new(ScriptedPicker::new(
                picks.iter().map(|f| Some(fixture(f))).collect::<Vec<_>>(),
            )),
        )
        .with_journal(Journal::open(&dir.join("journal.sqlite")).unwrap()),
    )
}

async fn stats(desk: &Desk) -> SandboxStats {
    desk.session()
        .local_sandbox()
        .handle()
        .await
        .unwrap()
        .stats()
}

async fn faults(desk: &Desk, faults: FaultConfig) {
    desk.session()
        .local_sandbox()
        .handle()
        .await
        .unwrap()
        .set_faults(faults);
}

fn attempts(dir: &Path, owner: &str, kind: OperationKind) -> Vec<OperationRecord> {
    Journal::open(&dir.join("journal.sqlite"))
        .unwrap()
        .history(ENV, owner)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == kind)
        .collect()
}

/// A new individual draft with its customer created; returns (draft id, customer id).
async fn created_individual(desk: &Desk, last_digit: u32) -> (String, String) {
    let mut draft = desk
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft;
    fill_individual(&mut draft, &cpf_ending(last_digit));
    desk.wizard().draft_save(draft.clone(), EN).unwrap();
    let created = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();
    (draft.id, created.draft.customer_id.unwrap())
}

#[tokio::test]
async fn a_refused_start_is_not_replayed_once_the_cause_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [
        ("customer:ID_CARD:FRONT_SIDE", "id-front.jpg"),
        ("customer:ID_CARD:BACK_SIDE", "id-back.jpg"),
        ("customer:SELFIE", "selfie.png"),
        ("customer:PROOF_OF_ADDRESS", "proof-of-address.pdf"),
    ];
    let desk = desk_in(dir.path(), &docs.map(|(_, f)| f));
    let (draft_id, customer_id) = created_individual(&desk, 6).await;
    desk.wizard()
        .wizard_send_additional(&draft_id, None, EN)
        .await
        .unwrap();
    for (slot, _) in docs {
        desk.wizard()
            .document_pick(&draft_id, slot, "pick".into(), EN)
            .await
            .unwrap();
        desk.wizard()
            .document_upload(&draft_id, slot, None, EN, |_| {})
            .await
            .unwrap();
    }
    // The Terms are not accepted, but the draft is made to believe they are (its view of
    // the API gone stale), so the request reaches Lumx and is refused there.
    DraftStore::open(&dir.path().join("drafts.sqlite"))
        .unwrap()
        .update(&draft_id, |d| {
            for r in &mut d.remote_requirements {
                if r.name == "TERMS_OF_SERVICE" {
                    r.status = "ACCEPTED".into();
                }
            }
        })
        .unwrap();
    let refused = desk
        .wizard()
        .wizard_start_verification(&draft_id, None, EN)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "validation", "{refused:?}");
    assert_eq!(stats(&desk).await.verifications_started, 0);

    desk.customers()
        .local_accept_terms(&customer_id)
        .await
        .unwrap();
    desk.wizard().wizard_refresh(&draft_id, EN).await.unwrap();
    let started = desk
        .wizard()
        .wizard_start_verification(&draft_id, None, EN)
        .await
        .unwrap();
    assert!(started.draft.verification_started_at.is_some());
    assert_eq!(stats(&desk).await.verifications_started, 1);

    let starts = attempts(dir.path(), &draft_id, OperationKind::StartVerification);
    let states: Vec<_> = starts.iter().map(|r| r.state.as_str()).collect();
    assert_eq!(states, ["failed", "succeeded"]);
    assert_eq!(starts[0].status, Some(400));
    assert_ne!(
        starts[0].idempotency_key, starts[1].idempotency_key,
        "the cached 400 is not replayed"
    );
}

#[tokio::test]
async fn an_upload_whose_country_changed_gets_a_new_key_and_stores_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk_in(dir.path(), &["id-front.jpg"]);
    let (_, customer_id) = created_individual(&desk, 6).await;
    let picked = desk
        .wizard()
        .pick("pick".into(), EN)
        .await
        .unwrap()
        .unwrap();
    let upload = |country: &str| ManualUpload {
        customer_id: customer_id.clone(),
        token: picked.token.clone(),
        document_type: "ID_CARD".into(),
        side: Some("FRONT_SIDE".into()),
        associated_party_id: None,
        country: country.into(),
        override_reason: None,
    };
    // Every request fails before it is processed: the outcome stays unknown.
    faults(
        &desk,
        FaultConfig {
            error_rate: 1.0,
            seed: Some(7),
            ..FaultConfig::default()
        },
    )
    .await;
    let failed = desk
        .wizard()
        .manual_upload(upload("BRA"), None, EN, |_| {})
        .await
        .unwrap_err();
    assert_eq!(failed.code(), "server", "{failed:?}");
    faults(&desk, FaultConfig::default()).await;
    let before = stats(&desk).await.documents;

    // The analyst corrects the issuing country: a new request, never the old key.
    desk.wizard()
        .manual_upload(upload("ARG"), None, EN, |_| {})
        .await
        .unwrap();
    assert_eq!(stats(&desk).await.documents, before + 1);
    // The same request again is not sent again.
    desk.wizard()
        .manual_upload(upload("ARG"), None, EN, |_| {})
        .await
        .unwrap();
    assert_eq!(stats(&desk).await.documents, before + 1);

    let uploads = attempts(dir.path(), &customer_id, OperationKind::UploadDocument);
    let states: Vec<_> = uploads.iter().map(|r| r.state.as_str()).collect();
    assert_eq!(states, ["unknown", "succeeded"]);
    assert_ne!(uploads[0].idempotency_key, uploads[1].idempotency_key);
    assert_ne!(uploads[0].fingerprint, uploads[1].fingerprint);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_slots_uploading_when_the_app_dies_end_with_one_document_each() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Arc::new(desk_in(dir.path(), &["id-front.jpg", "id-back.jpg"]));
    let (draft_id, _) = created_individual(&desk, 6).await;
    for slot in [FRONT, BACK] {
        desk.wizard()
            .document_pick(&draft_id, slot, "pick".into(), EN)
            .await
            .unwrap();
    }
    let before = stats(&desk).await.documents;
    // The sandbox stores each document and the connection drops before any answer, as
    // when the app is killed right after Lumx committed.
    faults(
        &desk,
        FaultConfig {
            drop_after_commit_rate: 1.0,
            seed: Some(7),
            ..FaultConfig::default()
        },
    )
    .await;
    let uploads: Vec<_> = [FRONT, BACK]
        .into_iter()
        .map(|slot| {
            let (desk, draft_id) = (desk.clone(), draft_id.clone());
            tokio::spawn(async move {
                desk.wizard()
                    .document_upload(&draft_id, slot, None, EN, |_| {})
                    .await
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    while stats(&desk).await.documents < before + 2 {
        assert!(
            Instant::now() < deadline,
            "both uploads reached the sandbox"
        );
        tokio::task::yield_now().await;
    }
    // The app dies: both operations stop mid-way, nothing after this point runs.
    for u in uploads {
        u.abort();
        assert!(u.await.unwrap_err().is_cancelled());
    }
    drop(desk);

    let desk = desk_in(dir.path(), &[]);
    let resumed = desk.wizard().draft_open(&draft_id, EN).unwrap();
    for slot in [FRONT, BACK] {
        let view = resumed
            .slots
            .iter()
            .find(|s| s.def.slot_id == slot)
            .unwrap();
        assert!(
            view.picked.is_some(),
            "{slot} was re-checked after the restart"
        );
        desk.wizard()
            .document_upload(&draft_id, slot, None, EN, |_| {})
            .await
            .unwrap();
    }
    assert_eq!(
        stats(&desk).await.documents,
        before + 2,
        "one document per slot"
    );
    let after = desk.wizard().draft_open(&draft_id, EN).unwrap();
    for slot in [FRONT, BACK] {
        let view = after.slots.iter().find(|s| s.def.slot_id == slot).unwrap();
        assert!(view.uploaded_at.is_some(), "{slot} shows uploaded");
        let tries: Vec<_> = attempts(dir.path(), &draft_id, OperationKind::UploadDocument)
            .into_iter()
            .filter(|r| r.target.ends_with(slot))
            .collect();
        assert_eq!(
            tries.len(),
            2,
            "{slot}: the attempt that died and the resume"
        );
        assert_eq!(
            tries[0].idempotency_key, tries[1].idempotency_key,
            "{slot} resumed with its key"
        );
        assert_eq!(tries[1].state, "succeeded");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_rfi_submit_clicked_twice_then_restarted_starts_one_verification() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk_in(dir.path(), &["proof-of-address.pdf"; 6]);
    let (_, id) = common::business_in_rfi(&desk).await;
    let before = stats(&desk).await.verifications_started;

    // Two clicks at once: the second waits for the first and sends nothing.
    let (a, b) = tokio::join!(
        desk.rfi()
            .rfi_submit(&id, Some("sent by the analyst"), None),
        desk.rfi()
            .rfi_submit(&id, Some("sent by the analyst"), None)
    );
    assert!(a.is_ok() || b.is_ok(), "{a:?} {b:?}");
    assert_eq!(stats(&desk).await.verifications_started, before + 1);
    drop(desk);

    // After a restart the same click does not start another verification either.
    let desk = desk_in(dir.path(), &[]);
    let _ = desk
        .rfi()
        .rfi_submit(&id, Some("sent by the analyst"), None)
        .await;
    assert_eq!(stats(&desk).await.verifications_started, before + 1);
    let submits = attempts(dir.path(), &id, OperationKind::RfiSubmit);
    assert_eq!(submits.len(), 1, "one RFI submission in the journal");
    assert_eq!(submits[0].state, "succeeded");
}

#[tokio::test]
async fn bytes_changed_between_check_and_send_abort_the_upload_and_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("front.jpg");
    std::fs::copy(fixture("id-front.jpg"), &file).unwrap();
    let desk = Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(
            DraftStore::in_memory().unwrap(),
            Arc::new(ScriptedPicker::new(vec![Some(file.clone())])),
        ),
    );
    let (draft_id, customer_id) = created_individual(&desk, 6).await;
    desk.wizard()
        .document_pick(&draft_id, FRONT, "pick".into(), EN)
        .await
        .unwrap();
    // Another program rewrites the file in place, same size, and puts its modification
    // time back: only the bytes tell.
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let before = stats(&desk).await.documents;

    let err = desk
        .wizard()
        .document_upload(&draft_id, FRONT, None, EN, |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code(), "file", "{err:?}");
    assert!(
        err.to_string().contains("changed after it was picked"),
        "{err}"
    );
    assert_eq!(err.fields()[0].field, format!("slots.{FRONT}"));
    assert_eq!(stats(&desk).await.documents, before, "nothing stored");
    let attempt = desk
        .ledger()
        .journal()
        .latest(ENV, &format!("draft:{draft_id}:slot:{FRONT}"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (attempt.state.as_str(), attempt.customer_id.as_deref()),
        ("failed", Some(customer_id.as_str()))
    );
}

#[tokio::test]
async fn a_party_whose_answer_was_lost_keeps_its_fields_until_sent_again_and_is_created_once() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk_in(dir.path(), &[]);
    let wizard = desk.wizard();
    let mut draft = wizard.draft_new(CustomerKind::Business, EN).unwrap().draft;
    fill_business(&mut draft, &cnpj_ending(3));
    wizard.draft_save(draft.clone(), EN).unwrap();
    wizard
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();

    // Lumx stores the party, and every answer is lost on the way back.
    faults(
        &desk,
        FaultConfig {
            drop_after_commit_rate: 1.0,
            ..Default::default()
        },
    )
    .await;
    wizard
        .wizard_send_party(&draft.id, "rep", None, EN)
        .await
        .expect_err("no answer arrives");
    faults(&desk, FaultConfig::default()).await;
    assert_eq!(stats(&desk).await.associated_parties, 1);

    // The party may exist: its fields stay as sent, and the wizard says why.
    let state = wizard.draft_open(&draft.id, EN).unwrap();
    assert_eq!(state.awaiting.parties, vec!["rep".to_string()]);
    let mut edited = state.draft.clone();
    edited.parties[0].name = "Someone Else".into();
    edited.parties[0].tax_id = "111.444.777-35".into();
    let saved = wizard.draft_save(edited.clone(), EN).unwrap();
    assert_eq!(saved.draft.parties[0].name, "Rita Representante");
    assert_eq!(saved.draft.parties[0].tax_id, "529.982.247-25");
    // Nor can it be removed while Lumx may have it.
    edited.parties.clear();
    assert_eq!(
        wizard.draft_save(edited, EN).unwrap().draft.parties.len(),
        1
    );

    // Sent again: the same request under the same key, so Lumx replays it.
    let sent = wizard
        .wizard_send_party(&draft.id, "rep", None, EN)
        .await
        .unwrap();
    assert!(sent.draft.parties[0].remote_id.is_some());
    assert!(sent.awaiting.parties.is_empty());
    assert_eq!(stats(&desk).await.associated_parties, 1);
    let tries = attempts(dir.path(), &draft.id, OperationKind::CreateParty);
    assert_eq!(tries.len(), 2, "{tries:?}");
    assert_eq!(tries[0].idempotency_key, tries[1].idempotency_key);
    assert_eq!(
        tries[1].attempt_state(),
        desk_core::journal::AttemptState::Succeeded
    );

    // Answered: the party is the API's now, and the rest of the draft edits freely.
    let mut later = sent.draft.clone();
    later.additional.phone = "+552130000001".into();
    assert!(wizard.draft_save(later, EN).unwrap().awaiting == Default::default());
}
