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
