//! Lumx Desk's desktop shell: builds the Tauri app, manages state, registers commands.
//! Logic lives in the Tauri-free crates (`desk-core`, `lumx`, `lumx-sandbox`).

pub mod bindings;
mod command_names;
pub mod commands;
pub mod state;

pub use command_names::COMMAND_NAMES;
use state::AppState;
use tauri::{Manager, Runtime};

/// One builder for the app and for tests (tests pass `tauri::test::mock_builder()`).
pub fn setup<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    let specta = bindings::specta_builder::<R>();
    let title = state.environment().window_title();
    builder
        .manage(state)
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            if let Some(window) = app.get_webview_window("main") {
                window.set_title(&title)?;
            }
            Ok(())
        })
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LUMX_DESK_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    setup(tauri::Builder::default(), AppState::from_os())
        .run(tauri::generate_context!())
        .expect("error while running Lumx Desk");
}
