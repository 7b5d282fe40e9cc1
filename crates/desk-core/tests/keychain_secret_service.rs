//! Integration test against a real Secret Service (gnome-keyring under D-Bus).
//! `scripts/test.sh` runs it inside `tests/with-secret-service.sh` with
//! LUMX_REQUIRE_KEYCHAIN=1, where a missing keychain fails the test. A developer running a
//! bare `cargo test` without a session keyring gets a printed notice instead.

use desk_core::environment::EnvironmentKind;
use desk_core::secrets::{AuditKeyStore, KeychainStore, SecretError, SecretStore, AUDIT_KEY_ENTRY};
use lumx::ApiKey;

fn keychain_required() -> bool {
    std::env::var_os("LUMX_REQUIRE_KEYCHAIN").is_some()
}

#[test]
fn stores_replaces_reads_and_deletes_a_key_in_the_real_keychain() {
    // A unique service per run: never touches a developer's real entries.
    let service = format!("io.lumxdesk.desk.test.{}", uuid_like());
    let store = KeychainStore::new(&service);
    let env = EnvironmentKind::Sandbox;

    match store.get(env) {
        Ok(None) => {}
        Ok(Some(_)) => panic!("a fresh service must have no entry"),
        Err(SecretError::Unavailable(msg)) if !keychain_required() => {
            eprintln!(
                "skipping: no Secret Service here ({msg}); scripts/test.sh runs this for real"
            );
            return;
        }
        Err(e) => panic!("keychain unavailable: {e}"),
    }

    store
        .set(env, &ApiKey::new("first_key_0123456789abcdef"))
        .unwrap();
    assert_eq!(
        store.get(env).unwrap().unwrap().expose_secret(),
        "first_key_0123456789abcdef"
    );

    store
        .set(env, &ApiKey::new("second_key_0123456789abcdef"))
        .unwrap();
    assert_eq!(
        store.get(env).unwrap().unwrap().expose_secret(),
        "second_key_0123456789abcdef"
    );
    // A second store object (as after an app restart) sees the same entry.
    let reopened = KeychainStore::new(&service);
    assert_eq!(
        reopened.get(env).unwrap().unwrap().expose_secret(),
        "second_key_0123456789abcdef"
    );
    assert!(reopened.get(EnvironmentKind::Production).unwrap().is_none());

    assert!(store.delete(env).unwrap());
    assert!(store.get(env).unwrap().is_none());
    assert!(!store.delete(env).unwrap());
}

#[test]
fn the_audit_chain_key_is_created_once_beside_the_api_keys() {
    let service = format!("io.lumxdesk.desk.test.audit.{}", uuid_like());
    let store = KeychainStore::new(&service);
    let first = match store.audit_chain_key() {
        Ok(key) => key,
        Err(SecretError::Unavailable(msg)) if !keychain_required() => {
            eprintln!(
                "skipping: no Secret Service here ({msg}); scripts/test.sh runs this for real"
            );
            return;
        }
        Err(e) => panic!("keychain unavailable: {e}"),
    };
    // After a restart the same key comes back, and it is not an API key's entry.
    assert_eq!(
        *KeychainStore::new(&service).audit_chain_key().unwrap(),
        *first
    );
    assert!(store.get(EnvironmentKind::Sandbox).unwrap().is_none());
    let entry = keyring::Entry::new(&service, AUDIT_KEY_ENTRY).unwrap();
    assert_eq!(entry.get_password().unwrap().len(), 64, "stored as hex");
    entry.delete_credential().unwrap();
}

fn uuid_like() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}
