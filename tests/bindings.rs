//! The committed TypeScript bindings must be exactly what the Rust code generates, so the
//! UI can never drift from the commands and types it calls.

use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts")
}

#[test]
fn committed_bindings_match_the_rust_commands() {
    let generated = lumx_desk_lib::bindings::render_typescript();
    let path = committed_path();
    if std::env::var_os("LUMX_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).expect("write bindings");
        eprintln!("updated {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/bindings.ts is stale: run `LUMX_UPDATE_BINDINGS=1 cargo test --test bindings` and commit the result"
    );
}

#[test]
fn every_command_has_a_binding() {
    let generated = lumx_desk_lib::bindings::render_typescript();
    for name in lumx_desk_lib::COMMAND_NAMES {
        assert!(
            generated.contains(&format!("\"{name}\"")),
            "command {name} missing from bindings"
        );
    }
}

/// Rust's vocabularies as data for the UI's unit tests, so Vitest renders what Rust
/// really sends (and a test can add a value Rust never sent, to see it shown).
#[test]
fn committed_ui_fixture_matches_rust() {
    let data = serde_json::json!({
        "vocabulary": desk_core::vocabulary::Vocabulary::get(),
        "partyForm": desk_core::wizard::steps::party_form(),
        "identityDocuments": desk_core::wizard::steps::IDENTITY_DOCUMENTS,
    });
    let generated = serde_json::to_string_pretty(&data).expect("fixture") + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/test/fixtures/rust-data.json");
    if std::env::var_os("LUMX_UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).expect("fixtures dir");
        std::fs::write(&path, &generated).expect("write fixture");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/test/fixtures/rust-data.json is stale: run `LUMX_UPDATE_BINDINGS=1 cargo test --test bindings` and commit the result"
    );
}
