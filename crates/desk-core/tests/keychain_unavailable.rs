//! With no D-Bus session (no Secret Service), the keychain reports a clear
//! "no keychain" error that says how to fix it — never a silent fallback.
//! Its own test binary, because it changes the process environment.

use desk_core::environment::EnvironmentKind;
use desk_core::error::DeskError;
use desk_core::secrets::{KeychainStore, SecretError, SecretStore};
use lumx::ApiKey;

#[test]
fn missing_secret_service_is_a_clear_unavailable_error() {
    let dir = std::env::temp_dir().join(format!("no-dbus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // This test binary has one test, so no other thread reads the environment meanwhile.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}/missing-bus", dir.display()),
    );
    let store = KeychainStore::new("io.lumxdesk.desk.test.unavailable");
    let err = store
        .set(
            EnvironmentKind::Sandbox,
            &ApiKey::new("key_0123456789abcdef0"),
        )
        .expect_err("there is no keychain to store into");
    let SecretError::Unavailable(message) = &err else {
        panic!("expected Unavailable, got {err:?}");
    };
    assert!(message.contains("Secret Service"), "{message}");
    assert!(!message.contains("key_0123456789abcdef0"));
    let desk: DeskError = err.into();
    assert_eq!(desk.code(), "keychainUnavailable");
}
