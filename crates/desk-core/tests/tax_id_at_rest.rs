//! Once the API has a customer, the local draft keeps its tax id masked only: the
//! SQLite files on disk (database and WAL) hold no trace of the full number, also for a
//! draft made by "Continue onboarding". Against the real embedded sandbox.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::cpf_ending;
use desk_core::desk::Desk;
use desk_core::drafts::DraftStore;
use desk_core::files::ScriptedPicker;
use desk_core::local_sandbox::LocalSandbox;
use desk_core::locale::Language;
use desk_core::secrets::MemoryStore;
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;
use desk_core::wizard::model::CustomerKind;

const EN: Language = Language::En;

/// Every byte SQLite keeps for `db`: the database and its side files.
fn bytes_on_disk(db: &Path) -> Vec<u8> {
    ["", "-wal", "-shm"]
        .iter()
        .flat_map(|suffix| {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            std::fs::read(p).unwrap_or_default()
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn assert_no_trace(db: &Path, cpf: &str) {
    let bytes = bytes_on_disk(db);
    let digits: String = cpf.chars().filter(char::is_ascii_digit).collect();
    assert!(!contains(&bytes, cpf), "{cpf} is still on disk");
    assert!(!contains(&bytes, &digits), "{digits} is still on disk");
    // The first 9 digits identify the person as well as the whole number.
    assert!(
        !contains(&bytes, &cpf[..11]),
        "{} is still on disk",
        &cpf[..11]
    );
}

#[tokio::test]
async fn the_full_tax_id_leaves_the_disk_once_the_customer_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("drafts.sqlite");
    let desk = Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(
            DraftStore::open(&db).unwrap(),
            Arc::new(ScriptedPicker::new(vec![])),
        ),
    );
    let cpf = cpf_ending(4);
    let mut draft = desk
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft;
    draft.customer.name = "Ana Beatriz Souza".into();
    draft.customer.tax_id = cpf.clone();
    draft.customer.birth_date = "1990-05-01".into();
    draft.customer.email = "ana@example.com".into();
    // Autosaves while typing: each version went to the WAL with the full number.
    for _ in 0..3 {
        desk.wizard().draft_save(draft.clone(), EN).unwrap();
    }
    assert!(contains(&bytes_on_disk(&db), &cpf), "the test sees the WAL");

    let created = desk
        .wizard()
        .wizard_create_customer(&draft.id, None, EN)
        .await
        .unwrap();
    let customer_id = created.draft.customer_id.clone().expect("created");
    let masked = format!("***.***.{}", &cpf[8..]);
    assert_eq!(created.draft.customer.tax_id, masked);
    // The customer step is done: the masked value is not an invalid CPF.
    assert!(
        !created
            .errors
            .iter()
            .any(|e| e.field.starts_with("customer.")),
        "{:?}",
        created.errors
    );
    assert!(created.progress[0].complete);
    assert_no_trace(&db, &cpf);

    // "Continue onboarding" on a computer without the draft: prefilled, masked.
    desk.wizard().draft_delete(&draft.id).unwrap();
    let resumed = desk
        .wizard()
        .draft_for_customer(&customer_id, EN)
        .await
        .unwrap();
    assert_eq!(resumed.draft.customer.tax_id, masked);
    assert_eq!(resumed.draft.customer.name, "Ana Beatriz Souza");
    assert_no_trace(&db, &cpf);
}
