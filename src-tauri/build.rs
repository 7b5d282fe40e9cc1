include!("src/command_names.rs");

fn main() {
    // The package root is the repository root (tauri.conf.json lives there), so point
    // tauri-build at our capabilities. The app manifest makes every command denied unless
    // a capability lists it (least privilege).
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES)),
    )
    .expect("failed to run tauri-build");
}
