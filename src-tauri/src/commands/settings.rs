use desk_core::connection::ConnectionReport;
use desk_core::environment::EnvironmentKind;
use desk_core::error::DeskError;
use desk_core::secrets::KeyStatus;
use desk_core::session::EnvironmentStatus;
use desk_core::settings::DraftRetention;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn environments_list(state: State<'_, AppState>) -> Result<Vec<EnvironmentStatus>, DeskError> {
    Ok(state.desk.session().environments())
}

/// Switching to Production needs "PRODUCTION" typed by the analyst (checked by desk-core).
#[tauri::command]
#[specta::specta]
pub fn environment_set(
    state: State<'_, AppState>,
    environment: EnvironmentKind,
    confirmation: Option<String>,
) -> Result<Vec<EnvironmentStatus>, DeskError> {
    state
        .desk
        .set_environment(environment, confirmation.as_deref())?;
    state.environment_changed(environment);
    Ok(state.desk.session().environments())
}

/// Stores a key in the OS keychain. The key goes in, only its status comes out.
#[tauri::command]
#[specta::specta]
pub fn api_key_set(
    state: State<'_, AppState>,
    environment: EnvironmentKind,
    api_key: String,
) -> Result<KeyStatus, DeskError> {
    // Wiped when the command returns (the IPC layer's own buffers are beyond our reach).
    let api_key = zeroize::Zeroizing::new(api_key);
    state.desk.session().set_api_key(environment, &api_key)
}

#[tauri::command]
#[specta::specta]
pub fn api_key_delete(
    state: State<'_, AppState>,
    environment: EnvironmentKind,
) -> Result<KeyStatus, DeskError> {
    state.desk.session().delete_api_key(environment)
}

#[tauri::command]
#[specta::specta]
pub async fn connection_test(
    state: State<'_, AppState>,
    environment: EnvironmentKind,
) -> Result<ConnectionReport, DeskError> {
    Ok(state.desk.session().test_connection(environment).await)
}

#[tauri::command]
#[specta::specta]
pub fn draft_retention_get(state: State<'_, AppState>) -> Result<DraftRetention, DeskError> {
    Ok(state.desk.wizard().draft_retention())
}

/// Saves "delete local drafts of decided customers after N days" and applies it at once.
#[tauri::command]
#[specta::specta]
pub fn draft_retention_set(
    state: State<'_, AppState>,
    retention: DraftRetention,
) -> Result<DraftRetention, DeskError> {
    state
        .desk
        .wizard()
        .set_draft_retention(retention, state.desk.session().language())
}
