//! What crosses to the webview names files by token, never by path: the wizard state
//! after a pick and after a resume, while the stored draft keeps the path to re-check it.

use std::path::PathBuf;
use std::sync::Arc;

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
const FOLDER: &str = "ana-souza-private-scans";

fn desk(db: &std::path::Path, picks: Vec<Option<PathBuf>>) -> Desk {
    Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(
            DraftStore::open(db).unwrap(),
            Arc::new(ScriptedPicker::new(picks)),
        ),
    )
}

#[tokio::test]
async fn the_wizard_state_carries_no_file_path() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join(FOLDER);
    std::fs::create_dir(&folder).unwrap();
    let selfie = folder.join("selfie.png");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/selfie.png"),
        &selfie,
    )
    .unwrap();
    let db = root.path().join("data/drafts.sqlite");

    let first = desk(&db, vec![Some(selfie.clone())]);
    let draft_id = first
        .wizard()
        .draft_new(CustomerKind::Individual, EN)
        .unwrap()
        .draft
        .id;
    let picked = first
        .wizard()
        .document_pick(&draft_id, "customer:SELFIE", "Pick".into(), EN)
        .await
        .unwrap();
    let json = serde_json::to_string(&picked).unwrap();
    assert!(!json.contains(FOLDER), "{json}");
    assert!(!json.contains(&*selfie.to_string_lossy()), "{json}");
    let slot = picked
        .slots
        .iter()
        .find(|s| s.def.slot_id == "customer:SELFIE")
        .unwrap();
    let file = slot.file.as_ref().expect("the slot shows its file");
    assert_eq!(file.file_name, "selfie.png");
    assert_eq!(
        file.token.as_deref(),
        Some(slot.picked.as_ref().unwrap().token.as_str())
    );
    drop(first);

    // The stored draft keeps the path: a resumed session re-checks the file by it.
    let stored = DraftStore::open(&db)
        .unwrap()
        .load(&draft_id)
        .unwrap()
        .unwrap();
    let remembered = stored
        .slot("customer:SELFIE")
        .unwrap()
        .file
        .as_ref()
        .unwrap();
    assert!(remembered.path.contains(FOLDER));

    let resumed = desk(&db, vec![])
        .wizard()
        .draft_open(&draft_id, EN)
        .unwrap();
    let json = serde_json::to_string(&resumed).unwrap();
    assert!(!json.contains(FOLDER), "{json}");
    let slot = resumed
        .slots
        .iter()
        .find(|s| s.def.slot_id == "customer:SELFIE")
        .unwrap();
    assert!(slot.file.as_ref().unwrap().token.is_some(), "re-checked");
}
