use desk_core::customer_view::CustomerView;
use desk_core::customers::DirectoryProgress;
use desk_core::directory::{DirectoryPage, DirectoryQuery};
use desk_core::error::DeskError;
use desk_core::tos::TosLinkView;
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

/// Loads the whole directory of the current environment, streaming progress per page.
#[tauri::command]
#[specta::specta]
pub async fn directory_load(
    state: State<'_, AppState>,
    on_progress: Channel<DirectoryProgress>,
) -> Result<DirectoryProgress, DeskError> {
    state
        .desk
        .customers()
        .load_directory(|p| {
            let _ = on_progress.send(p);
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub fn directory_query(
    state: State<'_, AppState>,
    query: DirectoryQuery,
) -> Result<DirectoryPage, DeskError> {
    Ok(state.desk.customers().query_directory(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn customer_get(
    state: State<'_, AppState>,
    id: String,
) -> Result<CustomerView, DeskError> {
    state.desk.customers().customer_view(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn customer_reveal_tax_id(
    state: State<'_, AppState>,
    id: String,
) -> Result<String, DeskError> {
    state.desk.customers().reveal_tax_id(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn tos_link_create(
    state: State<'_, AppState>,
    id: String,
    confirmation: Option<String>,
) -> Result<TosLinkView, DeskError> {
    state
        .desk
        .customers()
        .create_tos_link(&id, confirmation.as_deref())
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn local_sandbox_accept_terms(
    state: State<'_, AppState>,
    id: String,
) -> Result<(), DeskError> {
    state.desk.customers().local_accept_terms(&id).await
}
