//! The wizard's operations end to end against the real embedded sandbox over HTTP:
//! validation, idempotent API steps, picking by token and streaming uploads, the
//! verification outcome, and resuming a draft after the app is dropped mid-way.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::{cnpj_ending, cpf_ending, fill_business, fill_individual};
use desk_core::desk::Desk;
use desk_core::drafts::DraftStore;
use desk_core::environment::EnvironmentKind;
use desk_core::files::ScriptedPicker;
use desk_core::journal::Journal;
use desk_core::local_sandbox::LocalSandbox;
use desk_core::locale::Language;
use desk_core::onboarding::WizardState;
use desk_core::secrets::MemoryStore;
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;
use desk_core::wizard::model::{CustomerKind, PartyForm, StepId};

const EN: Language = Language::En;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

fn desk(drafts: DraftStore, picks: Vec<Option<PathBuf>>) -> Desk {
    Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(drafts, Arc::new(ScriptedPicker::new(picks))),
    )
}

/// A Desk whose drafts and operation journal live in `dir` (so a second Desk over the
/// same folder is the app after a restart).
fn desk_in(dir: &std::path::Path, picks: Vec<Option<PathBuf>>) -> Desk {
    Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(
            DraftStore::open(&dir.join("drafts.sqlite")).unwrap(),
            Arc::new(ScriptedPicker::new(picks)),
        )
        .with_journal(Journal::open(&dir.join("journal.sqlite")).unwrap()),
    )
}

async fn until_final(desk: &Desk, id: &str) -> WizardState {
    for _ in 0..100 {
        let s = desk.wizard().wizard_refresh(id, EN).await.unwrap();
        if matches!(
            s.draft.remote_status.as_deref(),
            Some("APPROVED" | "RFI" | "FINAL_REJECTION")
        ) {
            return s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("verification did not finish");
}

#[tokio::test]
async fn an_individual_goes_from_an_empty_draft_to_approved() {
    let docs = [
        "id-front.jpg",
        "id-back.jpg",
        "selfie.png",
        "proof-of-address.pdf",
    ];
    let desk = desk(
        DraftStore::in_memory().unwrap(),
        docs.iter().map(|d| Some(fixture(d))).collect(),
    );
    let state = desk
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap();
    assert!(
        !state.errors.is_empty(),
        "an empty draft has required fields"
    );
    let mut draft = state.draft;

    // A wrong CPF is refused before anything is sent.
    fill_individual(&mut draft, "529.982.247-24");
    let state = desk.wizard().draft_save(draft.clone(), EN).unwrap();
    assert!(state.errors.iter().any(|e| e.field == "customer.taxId"));
    let err = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "customer.taxId");

    fill_individual(&mut draft, &cpf_ending(4));
    let state = desk.wizard().draft_save(draft.clone(), EN).unwrap();
    assert!(state.errors.is_empty(), "{:?}", state.errors);
    let state = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();
    let customer_id = state.draft.customer_id.clone().expect("created");
    assert_eq!(state.draft.step, StepId::Terms);

    desk.customers()
        .local_accept_terms(&customer_id)
        .await
        .unwrap();
    let state = desk.wizard().wizard_refresh(&draft.id, EN).await.unwrap();
    assert!(
        state
            .progress
            .iter()
            .find(|p| p.id == StepId::Terms)
            .unwrap()
            .complete
    );

    let state = desk
        .wizard()
        .wizard_send_additional(&draft.id, None, EN)
        .await
        .unwrap();
    assert!(
        state
            .progress
            .iter()
            .find(|p| p.id == StepId::Additional)
            .unwrap()
            .complete
    );

    for slot in [
        "customer:ID_CARD:FRONT_SIDE",
        "customer:ID_CARD:BACK_SIDE",
        "customer:SELFIE",
        "customer:PROOF_OF_ADDRESS",
    ] {
        let state = desk
            .wizard()
            .document_pick(&draft.id, slot, "pick".into(), EN)
            .await
            .unwrap();
        let view = state.slots.iter().find(|s| s.def.slot_id == slot).unwrap();
        assert!(view.picked.is_some());
        let progress = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = progress.clone();
        let state = desk
            .wizard()
            .document_upload(&draft.id, slot, None, EN, move |p| {
                seen.lock().unwrap().push(p.sent)
            })
            .await
            .unwrap();
        assert!(state
            .slots
            .iter()
            .find(|s| s.def.slot_id == slot)
            .unwrap()
            .uploaded_at
            .is_some());
        assert!(
            !progress.lock().unwrap().is_empty(),
            "progress was reported"
        );
    }
    let state = desk.wizard().wizard_refresh(&draft.id, EN).await.unwrap();
    assert!(state.ready_to_start, "{:?}", state.progress);

    desk.wizard()
        .wizard_start_verification(&draft.id, None, EN)
        .await
        .unwrap();
    let done = until_final(&desk, &draft.id).await;
    assert_eq!(done.draft.remote_status.as_deref(), Some("APPROVED"));

    // Every mutating call is in the audit trail, keyed, without personal data, chained.
    let log = desk.ledger().audit_log();
    let entries = log.list("", 200).unwrap();
    // Each call has an intent entry (before sending) and an outcome entry.
    let actions: Vec<_> = entries
        .iter()
        .rev()
        .filter(|e| e.outcome != "intent")
        .map(|e| e.action.as_str())
        .collect();
    let api_calls = actions
        .iter()
        .filter(|a| a.starts_with("POST") || a.starts_with("PATCH"))
        .count();
    assert_eq!(
        entries.iter().filter(|e| e.outcome == "intent").count(),
        api_calls,
        "every API call's outcome follows its intent"
    );
    let count = |pred: &dyn Fn(&str) -> bool| actions.iter().filter(|a| pred(a)).count();
    assert_eq!(count(&|a| a == "POST /customers"), 1, "{actions:?}");
    assert_eq!(count(&|a| a.ends_with("/documents")), 4, "{actions:?}");
    assert!(actions.contains(&"PATCH /customers/{id}/additional-information"));
    assert!(actions.contains(&"POST /customers/{id}/verifications"));
    assert!(entries
        .iter()
        .filter(|e| e.action.starts_with("POST /customers") || e.action.starts_with("PATCH"))
        .all(|e| e.idempotency_key.is_some()));
    let everything = log.export_json().unwrap();
    for secret in [
        "Ana Beatriz",
        "ana@example.com",
        "+5511999999999",
        draft.customer.tax_id.as_str(),
    ] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked into the audit log"
        );
    }
    assert!(
        everything.contains("selfie.png"),
        "files are named with size and SHA-256"
    );
    assert_eq!(log.verify().unwrap().first_broken, None);

    // Seen APPROVED: the retention period starts; once past, the sweep deletes the draft.
    let stored = desk.wizard().drafts().load(&draft.id).unwrap().unwrap();
    let decided = time::OffsetDateTime::parse(
        stored
            .decided_at
            .as_deref()
            .expect("the decision time is recorded"),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let sweep = |days| {
        desk.wizard()
            .sweep_decided_drafts(decided + time::Duration::days(days), None)
            .unwrap()
    };
    assert!(sweep(30).is_empty());
    assert_eq!(sweep(31), [draft.id.clone()]);
    assert!(desk.wizard().draft_open(&draft.id, EN).is_err());
}

#[tokio::test]
async fn a_draft_resumes_after_the_app_is_dropped_and_creates_one_customer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("drafts.sqlite");
    let desk1 = desk_in(dir.path(), vec![Some(fixture("selfie.png"))]);
    let mut draft = desk1
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft;
    let cpf = cpf_ending(5);
    fill_individual(&mut draft, &cpf);
    desk1.wizard().draft_save(draft.clone(), EN).unwrap();
    desk1
        .wizard()
        .document_pick(&draft.id, "customer:SELFIE", "pick".into(), EN)
        .await
        .unwrap();
    let created = desk1
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();
    let first_id = created.draft.customer_id.clone().unwrap();
    drop(desk1);

    // "Reopen" after the app stopped between Lumx's answer and the draft's update: the
    // draft has no customer id, the journal has the creation.
    let store = DraftStore::open(&db).unwrap();
    let mut saved = store.load(&draft.id).unwrap().unwrap();
    assert_eq!(saved.customer.name, "Ana Beatriz Souza");
    assert!(saved.slot("customer:SELFIE").unwrap().file.is_some());
    saved.customer_id = None;
    saved.customer.tax_id = cpf;
    store.save(&saved).unwrap();
    drop(store);
    let desk2 = desk_in(dir.path(), vec![]);
    let resumed = desk2.wizard().draft_open(&draft.id, EN).unwrap();
    assert_eq!(
        resumed.draft.customer_id.as_deref(),
        Some(first_id.as_str()),
        "the draft caught up with the journal"
    );
    let selfie = resumed
        .slots
        .iter()
        .find(|s| s.def.slot_id == "customer:SELFIE")
        .unwrap();
    assert!(
        selfie.picked.is_some(),
        "the picked file was re-checked and got a new token"
    );
    assert!(selfie.problem.is_none());
    // desk2's embedded sandbox is a new, empty server: a second creation would get
    // another id. Nothing is sent.
    let again = desk2
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();
    assert_eq!(again.draft.customer_id.as_deref(), Some(first_id.as_str()));
    let creations = Journal::open(&dir.path().join("journal.sqlite"))
        .unwrap()
        .history("local-sandbox", &draft.id)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == desk_core::journal::OperationKind::CreateCustomer)
        .count();
    assert_eq!(creations, 1, "one creation attempt in the journal");
}

#[tokio::test]
async fn a_business_with_a_representative_a_ubo_and_a_nested_business_shareholder() {
    let picks = vec![
        Some(fixture("articles.pdf")),
        Some(fixture("proof-of-address.pdf")),
        Some(fixture("articles.pdf")),
        Some(fixture("articles.pdf")),
    ];
    let desk = desk(DraftStore::in_memory().unwrap(), picks);
    let mut draft = desk
        .wizard()
        .draft_new(CustomerKind::Business, EN)
        .unwrap()
        .draft;
    draft.customer.legal_name = "Padaria Estrela Ltda".into();
    draft.customer.tax_id = "11.222.333/0001-81".into();
    draft.customer.incorporation_date = "2015-03-10".into();
    draft.customer.email = "fin@estrela.com.br".into();
    let party = |id: &str, ty: &str, role: &str, pct: &str, parent: Option<&str>| PartyForm {
        local_id: id.into(),
        party_type: ty.into(),
        role: role.into(),
        name: if ty == "INDIVIDUAL" {
            "Maria Santos".into()
        } else {
            String::new()
        },
        legal_name: if ty == "BUSINESS" {
            "Holding Estrela S.A".into()
        } else {
            String::new()
        },
        tax_id: if ty == "BUSINESS" {
            "11.444.777/0001-61".into()
        } else {
            "529.982.247-25".into()
        },
        birth_date: "1985-07-10".into(),
        incorporation_date: "2010-01-01".into(),
        email: "p@example.com".into(),
        address: desk_core::wizard::model::AddressForm {
            country: "BRA".into(),
            line1: "Rua B, 2".into(),
            city: "Rio".into(),
            state: "RJ".into(),
            postal_code: "20000-000".into(),
            ..Default::default()
        },
        ownership_percentage: pct.into(),
        parent_local_id: parent.map(str::to_owned),
        identity_document: "PASSPORT".into(),
        ..Default::default()
    };
    draft.parties = vec![
        party("rep", "INDIVIDUAL", "REPRESENTATIVE", "", None),
        party("hold", "BUSINESS", "SHAREHOLDER", "60", None),
        party("ubo", "INDIVIDUAL", "UBO", "30", Some("hold")),
    ];
    let state = desk.wizard().draft_save(draft.clone(), EN).unwrap();
    let party_errors: Vec<_> = state
        .errors
        .iter()
        .filter(|e| e.field.starts_with("parties"))
        .collect();
    assert!(party_errors.is_empty(), "{party_errors:?}");
    desk.wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();

    // A nested party cannot go before its parent.
    let err = desk
        .wizard()
        .wizard_send_party(&draft.id, "ubo", None, EN)
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "parties[2].parentLocalId");
    for id in ["rep", "hold", "ubo"] {
        desk.wizard()
            .wizard_send_party(&draft.id, id, None, EN)
            .await
            .unwrap();
    }
    let state = desk.wizard().wizard_refresh(&draft.id, EN).await.unwrap();
    assert!(state.draft.parties.iter().all(|p| p.remote_id.is_some()));
    // Sending a sent party again is a no-op, not a duplicate.
    desk.wizard()
        .wizard_send_party(&draft.id, "rep", None, EN)
        .await
        .unwrap();

    // Party documents go with their associatedPartyId.
    for slot in [
        "customer:INCORPORATION_ARTICLES",
        "customer:PROOF_OF_ADDRESS",
        "party:hold:INCORPORATION_ARTICLES",
    ] {
        desk.wizard()
            .document_pick(&draft.id, slot, "pick".into(), EN)
            .await
            .unwrap();
        desk.wizard()
            .document_upload(&draft.id, slot, None, EN, |_| {})
            .await
            .unwrap();
    }
    let view = desk
        .customers()
        .customer_view(state.draft.customer_id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(
        view.parties.len(),
        2,
        "rep and the holding at the top level"
    );
    let holding = view
        .parties
        .iter()
        .find(|p| p.party_type == "BUSINESS")
        .unwrap();
    assert_eq!(
        holding.children.len(),
        1,
        "the UBO nested under the holding"
    );
}

#[tokio::test]
async fn a_document_can_be_sent_outside_the_wizard_by_token_only() {
    use desk_core::onboarding::ManualUpload;
    let desk = desk(
        DraftStore::in_memory().unwrap(),
        vec![Some(fixture("passport.jpg"))],
    );
    let mut draft = desk
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft;
    fill_individual(&mut draft, &cpf_ending(6));
    desk.wizard().draft_save(draft.clone(), EN).unwrap();
    let customer_id = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap()
        .draft
        .customer_id
        .unwrap();
    let picked = desk
        .wizard()
        .pick("Passport".into(), EN)
        .await
        .unwrap()
        .unwrap();
    let mut upload = ManualUpload {
        customer_id: customer_id.clone(),
        token: picked.token.clone(),
        document_type: "PASSPORT".into(),
        side: None,
        associated_party_id: None,
        country: "BRA".into(),
        override_reason: None,
    };
    // The side is required for a passport: refused before any request.
    let err = desk
        .wizard()
        .manual_upload(upload.clone(), None, EN, |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "side");
    // A token that was never issued cannot make Rust read anything.
    let forged = ManualUpload {
        token: "/etc/passwd".into(),
        side: Some("FRONT_SIDE".into()),
        ..upload.clone()
    };
    assert_eq!(
        desk.wizard()
            .manual_upload(forged, None, EN, |_| {})
            .await
            .unwrap_err()
            .code(),
        "file"
    );
    upload.side = Some("FRONT_SIDE".into());
    desk.wizard()
        .manual_upload(upload, None, EN, |_| {})
        .await
        .unwrap();
    let view = desk.customers().customer_view(&customer_id).await.unwrap();
    let passport = view
        .requirements
        .iter()
        .find(|r| r.name == "PASSPORT")
        .unwrap();
    assert_ne!(passport.status, "NOT_SENT");
}

#[tokio::test]
async fn a_lost_create_response_is_recovered_without_a_second_customer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("drafts.sqlite");
    let desk = desk_in(dir.path(), vec![]);
    let mut draft = desk
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft;
    let cpf = cpf_ending(8);
    fill_individual(&mut draft, &cpf);
    desk.wizard().draft_save(draft.clone(), EN).unwrap();
    let first = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();
    let first_id = first.draft.customer_id.clone().unwrap();

    // As if the response never arrived and the server forgot the key: the draft has no
    // customer id, the journal an unknown outcome under a key the server never saw, and
    // the retry meets "same document already exists".
    let store = DraftStore::open(&db).unwrap();
    let mut saved = store.load(&draft.id).unwrap().unwrap();
    // Before the response, the draft still held the full tax id.
    saved.customer_id = None;
    saved.customer.tax_id = cpf.clone();
    store.save(&saved).unwrap();
    // No API reaches this state by design: the journal row is edited directly.
    let changed = rusqlite::Connection::open(dir.path().join("journal.sqlite"))
        .unwrap()
        .execute(
            "UPDATE operations SET state = 'unknown', result_id = NULL, idempotency_key = ?1
             WHERE kind = 'create_customer'",
            [uuid::Uuid::new_v4().to_string()],
        )
        .unwrap();
    assert_eq!(changed, 1);
    let again = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();
    assert_eq!(again.draft.customer_id.as_deref(), Some(first_id.as_str()));
    // The adoption is the attempt's success in the journal, so a resume finds it there.
    let adopted = desk
        .ledger()
        .journal()
        .latest(
            "local-sandbox",
            &format!("draft:{}:create_customer", draft.id),
        )
        .unwrap()
        .unwrap();
    assert_eq!(
        (adopted.state.as_str(), adopted.result_id.as_deref()),
        ("succeeded", Some(first_id.as_str()))
    );
    // Clicked again after the adoption: nothing is sent, the draft keeps its customer.
    let third = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();
    assert_eq!(third.draft.customer_id.as_deref(), Some(first_id.as_str()));

    // A different person with the same tax id is not adopted.
    let mut other = desk
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft;
    fill_individual(&mut other, &cpf);
    other.customer.name = "Someone Else".into();
    desk.wizard().draft_save(other.clone(), EN).unwrap();
    let err = desk
        .wizard()
        .wizard_create_customer(&other.id, None, EN)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "conflict");
}

#[tokio::test]
async fn continue_onboarding_prefills_a_draft_from_an_existing_customer() {
    let desk = desk(DraftStore::in_memory().unwrap(), vec![]);
    let mut draft = desk
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft;
    fill_individual(&mut draft, &cpf_ending(0));
    desk.wizard().draft_save(draft.clone(), EN).unwrap();
    let id = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap()
        .draft
        .customer_id
        .unwrap();
    desk.wizard()
        .wizard_send_additional(&draft.id, None, EN)
        .await
        .unwrap();
    // Forget the local draft, as on another computer.
    desk.wizard().draft_delete(&draft.id).unwrap();

    let state = desk.wizard().draft_for_customer(&id, EN).await.unwrap();
    let d = &state.draft;
    assert_eq!(d.customer_id.as_deref(), Some(id.as_str()));
    assert_eq!(d.customer.name, "Ana Beatriz Souza");
    assert_eq!(d.additional.phone, "+5511999999999");
    assert_eq!(d.additional.address.city, "São Paulo");
    assert_eq!(d.additional.jurisdictions, ["USA"]);
    assert_eq!(d.step, StepId::Terms, "the first step still to do");
    // Asking again opens the same draft rather than a second one.
    let again = desk.wizard().draft_for_customer(&id, EN).await.unwrap();
    assert_eq!(again.draft.id, d.id);
}

#[tokio::test]
async fn dropped_files_are_checked_in_rust_and_only_their_tokens_reach_a_slot() {
    let desk = desk(DraftStore::in_memory().unwrap(), vec![]);
    let draft = desk
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft;
    let results = desk
        .wizard()
        .register_dropped(vec![fixture("selfie.png"), fixture("empty.pdf")], EN)
        .await;
    let token = results[0].as_ref().expect("a PNG passes").token.clone();
    assert!(results[1].as_ref().unwrap_err().contains("empty"));
    let state = desk
        .wizard()
        .document_assign(&draft.id, "customer:SELFIE", &token, EN)
        .await
        .unwrap();
    let slot = state
        .slots
        .iter()
        .find(|s| s.def.slot_id == "customer:SELFIE")
        .unwrap();
    assert_eq!(slot.file.as_ref().unwrap().file_name, "selfie.png");
    // A path is not a token.
    let err = desk
        .wizard()
        .document_assign(&draft.id, "customer:SELFIE", "/etc/passwd", EN)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "file");
}

#[tokio::test]
async fn a_business_rfi_is_resolved_item_by_item_and_approved_in_the_next_round() {
    let picks = (0..10)
        .map(|_| Some(fixture("proof-of-address.pdf")))
        .collect();
    let desk = desk(DraftStore::in_memory().unwrap(), picks);
    let (draft_id, id) = common::business_in_rfi(&desk).await;
    assert_eq!(
        until_final(&desk, &draft_id)
            .await
            .draft
            .remote_status
            .as_deref(),
        Some("RFI")
    );

    let view = desk.rfi().rfi_view(&id).await.unwrap();
    assert_eq!(view.status, "RFI");
    assert_eq!(view.current_round, Some(1));
    let checklist = view.checklist.clone().unwrap();
    assert!(
        checklist.groups.iter().any(|g| g.party_id.is_none()),
        "the customer's declined document"
    );
    assert!(
        checklist.groups.iter().any(|g| g.party_id.is_some()),
        "the flagged party"
    );
    assert!(
        checklist.items().any(|i| i.comment.is_some()),
        "a compliance comment"
    );
    assert!(!view.can_submit);
    // Sending with items open needs a written reason.
    let err = desk.rfi().rfi_submit(&id, None, None).await.unwrap_err();
    assert_eq!(err.fields()[0].field, "override");

    // Opening the view again does not open a second round.
    assert_eq!(
        desk.rfi().rfi_view(&id).await.unwrap().current_round,
        Some(1)
    );

    for item in checklist.items() {
        match item.kind {
            desk_core::rfi::checklist::RfiItemKind::Document => {
                let picked = desk
                    .wizard()
                    .pick("re-upload".into(), EN)
                    .await
                    .unwrap()
                    .unwrap();
                desk.rfi()
                    .rfi_resend_document(
                        &id,
                        &item.id,
                        &picked.token,
                        // The fixture is the very file this round rejected: sending
                        // it again takes a reason (tests/rfi_document_checks.rs).
                        Some("compliance asked for the same file by email"),
                        None,
                        |_| {},
                    )
                    .await
                    .unwrap();
            }
            _ => {
                desk.rfi()
                    .rfi_mark_done(&id, &item.id, "re-sent by email")
                    .await
                    .unwrap();
            }
        }
    }
    let ready = desk.rfi().rfi_view(&id).await.unwrap();
    assert!(ready.can_submit, "{:?}", ready.done);
    let sent = desk.rfi().rfi_submit(&id, None, None).await.unwrap();
    assert_eq!(sent.status, "UNDER_VERIFICATION");
    let mut last = sent;
    for _ in 0..100 {
        last = desk.rfi().rfi_view(&id).await.unwrap();
        if last.status != "UNDER_VERIFICATION" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(last.status, "APPROVED");
    assert_eq!(last.rounds.len(), 1);
    assert_eq!(last.rounds[0].round.outcome.as_deref(), Some("APPROVED"));
    assert!(last.rounds[0].round.resent.len() >= 2);
    let timeline: Vec<_> = last.timeline.iter().map(|e| e.status.as_str()).collect();
    assert!(
        timeline.ends_with(&["RFI", "UNDER_VERIFICATION", "APPROVED"]),
        "{timeline:?}"
    );
}

#[tokio::test]
async fn a_final_rejection_offers_no_resubmission() {
    let desk = desk(
        DraftStore::in_memory().unwrap(),
        vec![Some(fixture("proof-of-address.pdf"))],
    );
    let mut draft = desk
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft;
    fill_individual(&mut draft, &cpf_ending(3));
    desk.wizard().draft_save(draft.clone(), EN).unwrap();
    let id = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap()
        .draft
        .customer_id
        .unwrap();
    desk.customers().local_accept_terms(&id).await.unwrap();
    desk.wizard()
        .wizard_send_additional(&draft.id, None, EN)
        .await
        .unwrap();
    desk.wizard()
        .document_pick(&draft.id, "customer:PROOF_OF_ADDRESS", "p".into(), EN)
        .await
        .unwrap();
    desk.wizard()
        .document_upload(&draft.id, "customer:PROOF_OF_ADDRESS", None, EN, |_| {})
        .await
        .unwrap();
    let client = desk.session().current_client().await.unwrap();
    client
        .start_verification(
            uuid::Uuid::parse_str(&id).unwrap(),
            &Default::default(),
            None,
        )
        .await
        .unwrap();
    until_final(&desk, &draft.id).await;
    let view = desk.rfi().rfi_view(&id).await.unwrap();
    assert!(view.is_final);
    assert!(view.checklist.is_none());
    assert_eq!(
        desk.rfi()
            .rfi_submit(&id, Some("please"), None)
            .await
            .unwrap_err()
            .code(),
        "conflict"
    );
}

#[tokio::test]
async fn transaction_rfis_are_validated_and_listed() {
    use desk_core::rfi_store::TransactionRfi;
    let desk = desk(DraftStore::in_memory().unwrap(), vec![]);
    let mut t = TransactionRfi {
        id: String::new(),
        transaction_id: String::new(),
        direction: "SIDEWAYS".into(),
        amount: "-5".into(),
        asked_at: "yesterday".into(),
        relationship: String::new(),
        purpose: String::new(),
        expected_outcome: String::new(),
        other_context: String::new(),
        resolved: false,
    };
    let err = desk.rfi().transaction_rfi_save(t.clone()).unwrap_err();
    let fields: Vec<_> = err.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["transactionId", "direction", "amount", "askedAt"]);
    t.transaction_id = "tx_123".into();
    t.direction = "OFF_RAMP".into();
    t.amount = "1500.00".into();
    t.asked_at = "2026-11-25T10:00:00Z".into();
    let list = desk.rfi().transaction_rfi_save(t).unwrap();
    assert_eq!(list.len(), 1);
    assert!(!list[0].id.is_empty());
    assert!(desk
        .rfi()
        .transaction_rfi_delete(&list[0].id)
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn in_production_every_step_asks_for_the_customers_name_also_for_a_partys_documents() {
    let desk = desk(DraftStore::in_memory().unwrap(), vec![]);
    let saved_business = || {
        let mut draft = desk
            .wizard()
            .draft_new(CustomerKind::Business, EN)
            .unwrap()
            .draft;
        fill_business(&mut draft, &cnpj_ending(5));
        desk.wizard().draft_save(draft, EN).unwrap()
    };
    assert_eq!(
        saved_business().confirmation,
        None,
        "nothing to type outside Production"
    );

    desk.set_environment(EnvironmentKind::Production, Some("production"))
        .expect_err("the word exactly as shown");
    desk.set_environment(EnvironmentKind::Production, Some("PRODUCTION"))
        .unwrap();
    let state = saved_business();
    let needed = state.confirmation.expect("Production asks");
    // One descriptor for every step of the draft, party documents included: the
    // customer's name, never the party's ("Rita Representante").
    assert_eq!(needed.accepted, ["Padaria Estrela Ltda", "PRODUCTION"]);
    assert!(!needed.accepts(Some("Rita Representante")));
    let err = desk
        .wizard()
        .wizard_create_customer(&state.draft.id, Some("padaria estrela ltda"), EN)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(
        err.to_string()
            .contains("type Padaria Estrela Ltda or PRODUCTION"),
        "{err}"
    );
}

#[tokio::test]
async fn an_rfi_seen_for_the_first_time_is_dated_when_lumx_changed_it() {
    let desk = Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, desk_core::local_sandbox::FIRST_RUN_SEED),
        Stores::new(
            DraftStore::in_memory().unwrap(),
            Arc::new(ScriptedPicker::new(vec![])),
        ),
    );
    let inbox = desk.rfi().rfi_inbox().await.unwrap();
    let seeded = inbox
        .customers
        .first()
        .expect("the seed has customers in RFI");
    let since = seeded.updated_at.clone().expect("the API dates them");
    let view = desk.rfi().rfi_view(&seeded.id).await.unwrap();
    // The inbox's "since", the round and the timeline agree: all are the API's date, not
    // the moment this app first read the customer.
    assert_eq!(view.rounds[0].round.opened_at, since);
    assert_eq!(view.timeline[0].status, "RFI");
    assert_eq!(view.timeline[0].at, since);
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert!(
        !since.starts_with(&today),
        "seeded RFIs are older than today: {since}"
    );
}
