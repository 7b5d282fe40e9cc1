//! Lumx Desk's desktop shell: builds the Tauri app, manages state, registers commands.
//! Logic lives in the Tauri-free crates (`desk-core`, `lumx`, `lumx-sandbox`).

pub mod bindings;
mod command_names;
pub mod commands;
mod drop;
mod notifications;
pub mod picker;
pub mod state;

pub use command_names::COMMAND_NAMES;
use state::AppState;
use tauri::{Manager, Runtime};

type InitState<R> =
    Box<dyn FnOnce(&tauri::AppHandle<R>) -> Result<AppState, Box<dyn std::error::Error>> + Send>;

/// Where the app's state comes from: built by the caller (tests), or from the app's own
/// data folder once Tauri knows it (the real app).
pub enum StateSource<R: Runtime> {
    Ready(Box<AppState>),
    FromApp(InitState<R>),
}

/// One builder for the app and for tests (tests pass `tauri::test::mock_builder()` and a
/// ready state with in-memory secrets).
pub fn setup<R: Runtime>(builder: tauri::Builder<R>, source: StateSource<R>) -> tauri::Builder<R> {
    let specta = bindings::specta_builder::<R>();
    let (builder, init) = match source {
        StateSource::Ready(state) => (builder.manage(*state), None),
        StateSource::FromApp(init) => (builder, Some(init)),
    };
    builder
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            if let Some(init) = init {
                let state = init(app.handle())?;
                app.manage(state);
            }
            if let Some(window) = app.get_webview_window("main") {
                drop::watch(&window);
            }
            let state = app.state::<AppState>();
            let handle = app.handle().clone();
            let retitle = move |environment: desk_core::environment::EnvironmentKind| {
                if let Some(window) = handle.get_webview_window("main") {
                    let _ = window.set_title(&environment.window_title());
                }
            };
            retitle(state.desk.session().environment());
            state.observe_environment(Box::new(retitle));
            state
                .desk
                .status_watch()
                .set_sink(Box::new(notifications::DesktopNotifications {
                    handle: app.handle().clone(),
                }));
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
    let init: InitState<tauri::Wry> = Box::new(|app| {
        let dir = app.path().app_data_dir()?;
        Ok(AppState::for_data_dir(&dir)?)
    });
    // First among plugins, as its docs require: a second launch hands over and exits
    // before any other plugin starts or the state opens the stores.
    let builder =
        tauri::Builder::default().plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }));
    setup(builder, StateSource::FromApp(init))
        .run(tauri::generate_context!())
        .expect("error while running Lumx Desk");
}
