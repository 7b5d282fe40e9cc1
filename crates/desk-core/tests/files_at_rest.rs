//! Every file the app writes with personal data is owner-only (0600, in a 0700 folder)
//! even under the usual umask 022. The umask is process-wide, so every check lives in
//! this one test binary and runs in one test function, in order.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use desk_core::audit::{AuditLog, AuditRecord};
use desk_core::drafts::DraftStore;
use desk_core::environment::EnvironmentKind;
use desk_core::local_sandbox::LocalSandbox;
use desk_core::rfi_store::RfiStore;
use desk_core::secrets::{AuditKeyStore, MemoryStore};
use desk_core::storage::write_private;
use desk_core::wizard::model::{CustomerKind, Draft};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn side(db: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// The database, its WAL side files (open, after a write) and its folder.
fn assert_private_db(db: &Path) {
    assert_eq!(mode(db.parent().unwrap()), 0o700, "{}", db.display());
    for path in [db.to_path_buf(), side(db, "-wal"), side(db, "-shm")] {
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}

fn draft() -> Draft {
    let mut d = Draft::new(
        "d1".into(),
        CustomerKind::Individual,
        EnvironmentKind::LocalSandbox,
        "2026-11-25T10:00:00Z".into(),
    );
    d.customer.name = "Ana Souza".into();
    d
}

#[test]
fn personal_data_files_are_owner_only_under_umask_022() {
    // SAFETY: umask only sets the process's file-creation mask.
    unsafe { libc::umask(0o022) };
    let root = tempfile::tempdir().unwrap();

    // A fresh data folder (nested: every created level is private).
    let data = root.path().join("share/com.lumx.desk");
    let drafts_db = data.join("drafts.sqlite");
    let drafts = DraftStore::open(&drafts_db).unwrap();
    drafts.save(&draft()).unwrap();
    assert_private_db(&drafts_db);
    assert_eq!(mode(&root.path().join("share")), 0o700);

    let rfi_db = data.join("rfi.sqlite");
    let rfi = RfiStore::open(&rfi_db).unwrap();
    rfi.record_status("local", "c1", "APPROVED", "2026-11-25T10:00:00Z")
        .unwrap();
    assert_private_db(&rfi_db);

    let audit_db = data.join("audit.sqlite");
    let key = MemoryStore::default().audit_chain_key().unwrap();
    let audit = AuditLog::open(&audit_db, key).unwrap();
    audit
        .append(
            AuditRecord {
                action: "POST /customers".into(),
                ..Default::default()
            },
            "ok",
        )
        .unwrap();
    assert_private_db(&audit_db);

    // What an older version left behind (0755 folder, 0644 files) is tightened on open.
    let old = root.path().join("old");
    std::fs::create_dir(&old).unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755)).unwrap();
    let old_db = old.join("drafts.sqlite");
    drop(DraftStore::open(&old_db).unwrap());
    for path in [old_db.clone(), side(&old_db, "-wal"), side(&old_db, "-shm")] {
        if path.exists() {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755)).unwrap();
    let reopened = DraftStore::open(&old_db).unwrap();
    reopened.save(&draft()).unwrap();
    assert_private_db(&old_db);
    assert_eq!(reopened.list().unwrap().len(), 1);

    // Exports: new, and replacing a file that was 0644.
    let csv = root.path().join("lumx-desk-audit.csv");
    write_private(&csv, audit.export_csv().unwrap().as_bytes()).unwrap();
    assert_eq!(mode(&csv), 0o600);
    let json = root.path().join("lumx-desk-audit.json");
    std::fs::write(&json, b"an older, longer export that must not survive").unwrap();
    write_private(&json, b"[]").unwrap();
    assert_eq!(mode(&json), 0o600);
    assert_eq!(std::fs::read(&json).unwrap(), b"[]");

    // The local sandbox's state (its practice customers) in its own data folder.
    let sandbox_dir = root.path().join("sandbox");
    let state = sandbox_dir.join("local-sandbox.json");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sandbox = LocalSandbox::new(Some(state.clone()), 3);
    rt.block_on(sandbox.handle()).unwrap();
    assert_eq!(mode(&sandbox_dir), 0o700);
    assert_eq!(mode(&state), 0o600);
}
