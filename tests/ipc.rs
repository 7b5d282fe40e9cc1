//! Commands called through Tauri's real IPC path (mock runtime, real ACL from the compiled
//! capabilities), as the webview calls them.

use desk_core::environment::EnvironmentKind;
use desk_core::locale::Language;
use lumx_desk_lib::state::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

fn app(state: AppState) -> tauri::App<tauri::test::MockRuntime> {
    lumx_desk_lib::setup(mock_builder(), state)
        .build(tauri::generate_context!())
        .expect("build app")
}

fn invoke(
    app: &tauri::App<tauri::test::MockRuntime>,
    cmd: &str,
    body: Value,
) -> Result<Value, Value> {
    let window = match tauri::Manager::get_webview_window(app, "main") {
        Some(w) => w,
        None => WebviewWindowBuilder::new(app, "main", Default::default())
            .build()
            .expect("window"),
    };
    get_ipc_response(
        &window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The Linux custom-protocol origin; the ACL only trusts the app's own origin.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::from(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json response"))
}

#[test]
fn app_info_reports_version_environment_and_os_language() {
    let app = app(AppState::new(EnvironmentKind::LocalSandbox, Language::PtBr));
    let info = invoke(&app, "app_info", json!({})).expect("app_info succeeds");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["environment"], "localSandbox");
    assert_eq!(info["osLanguage"], "pt-BR");
}

#[test]
fn unknown_commands_are_refused() {
    let app = app(AppState::new(EnvironmentKind::LocalSandbox, Language::En));
    let err = invoke(&app, "read_any_file", json!({ "path": "/etc/passwd" }))
        .expect_err("an unknown command must not succeed");
    assert!(err.to_string().contains("read_any_file"), "{err}");
}

#[test]
fn capability_grants_exactly_the_app_commands() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src-tauri/capabilities/main.json"
    ))
    .unwrap();
    let cap: Value = serde_json::from_str(&text).unwrap();
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_str()
                .expect("permission identifiers are strings")
                .to_string()
        })
        .collect();
    let mut expected: Vec<String> = lumx_desk_lib::COMMAND_NAMES
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    granted.sort();
    expected.sort();
    assert_eq!(
        granted, expected,
        "the main window must be granted its own commands and nothing else (no core:* or plugin permissions)"
    );
    assert_eq!(cap["windows"], json!(["main"]));
}
