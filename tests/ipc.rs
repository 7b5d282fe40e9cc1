//! Commands called through Tauri's real IPC path (mock runtime, real ACL from the compiled
//! capabilities), as the webview calls them.

use std::sync::Arc;

use desk_core::desk::Desk;
use desk_core::drafts::DraftStore;
use desk_core::files::ScriptedPicker;
use desk_core::local_sandbox::LocalSandbox;
use desk_core::locale::Language;
use desk_core::secrets::MemoryStore;
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;
use lumx_desk_lib::state::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

/// The real app with in-memory keys (the keychain has its own integration test) and an
/// in-memory local sandbox seeded with a few customers.
fn app(language: Language) -> tauri::App<tauri::test::MockRuntime> {
    let desk = Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 12),
        Stores::new(
            DraftStore::in_memory().unwrap(),
            Arc::new(ScriptedPicker::default()),
        ),
    );
    let state = AppState::new(desk, language);
    lumx_desk_lib::setup(
        mock_builder(),
        lumx_desk_lib::StateSource::Ready(Box::new(state)),
    )
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
    let app = app(Language::PtBr);
    let info = invoke(&app, "app_info", json!({})).expect("app_info succeeds");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["environment"], "localSandbox");
    assert_eq!(info["osLanguage"], "pt-BR");
}

#[test]
fn unknown_commands_are_refused() {
    let app = app(Language::En);
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
    // The one event the UI listens to (files dropped on the window).
    expected.extend([
        "core:event:allow-listen".into(),
        "core:event:allow-unlisten".into(),
    ]);
    granted.sort();
    expected.sort();
    assert_eq!(
        granted, expected,
        "the main window must be granted its own commands, event listening, and nothing else"
    );
    assert_eq!(cap["windows"], json!(["main"]));
}

#[test]
fn an_api_key_goes_in_and_only_its_status_comes_out() {
    let app = app(Language::En);
    let secret = "lumx_sk_sandbox_RECOGNISABLE_0123456789";
    let status = invoke(
        &app,
        "api_key_set",
        json!({ "environment": "sandbox", "apiKey": secret }),
    )
    .expect("key stored");
    assert_eq!(status["isSet"], true);
    assert_eq!(status["lastFour"], "6789");
    let listed = invoke(&app, "environments_list", json!({})).unwrap();
    let everything = format!("{status}{listed}");
    assert!(!everything.contains("RECOGNISABLE"), "{everything}");
    let sandbox = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "sandbox")
        .unwrap();
    assert_eq!(sandbox["key"]["isSet"], true);

    let deleted = invoke(&app, "api_key_delete", json!({ "environment": "sandbox" })).unwrap();
    assert_eq!(deleted["isSet"], false);
}

#[test]
fn bad_keys_and_the_local_sandbox_get_field_errors() {
    let app = app(Language::En);
    let err = invoke(
        &app,
        "api_key_set",
        json!({ "environment": "production", "apiKey": "short" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["fields"][0]["field"], "apiKey");
    let err = invoke(
        &app,
        "api_key_set",
        json!({ "environment": "localSandbox", "apiKey": "whatever_0123456789" }),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "environment");
}

#[test]
fn switching_to_production_needs_the_typed_word() {
    let app = app(Language::En);
    let err = invoke(
        &app,
        "environment_set",
        json!({ "environment": "production", "confirmation": "yes" }),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "confirmation");
    // The word exactly as the dialog shows it: not in lower case.
    let err = invoke(
        &app,
        "environment_set",
        json!({ "environment": "production", "confirmation": "production" }),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "confirmation");
    let info = invoke(&app, "app_info", json!({})).unwrap();
    assert_eq!(info["environment"], "localSandbox");
    // What the dialog asks for comes with the environment, from Rust.
    let envs = invoke(&app, "environments_list", json!({})).unwrap();
    let production = envs
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "production")
        .unwrap();
    assert_eq!(
        production["confirmation"]["accepted"],
        json!(["PRODUCTION"])
    );

    invoke(
        &app,
        "environment_set",
        json!({ "environment": "production", "confirmation": "PRODUCTION" }),
    )
    .expect("switch with confirmation");
    let info = invoke(&app, "app_info", json!({})).unwrap();
    assert_eq!(info["environment"], "production");
}

#[test]
fn external_links_outside_lumx_are_refused() {
    let app = app(Language::En);
    let err = invoke(
        &app,
        "open_external",
        json!({ "url": "file:///etc/passwd" }),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "url");
}

#[test]
fn customer_ids_are_validated_before_any_request() {
    let app = app(Language::En);
    let err = invoke(&app, "customer_get", json!({ "id": "../../etc/passwd" })).unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["fields"][0]["field"], "id");
}
