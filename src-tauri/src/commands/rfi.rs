use desk_core::error::DeskError;
use desk_core::onboarding::UploadProgress;
use desk_core::rfi::{RfiInbox, RfiPick, RfiView};
use desk_core::rfi_store::TransactionRfi;
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn rfi_inbox(state: State<'_, AppState>) -> Result<RfiInbox, DeskError> {
    state.desk.rfi().rfi_inbox().await
}

#[tauri::command]
#[specta::specta]
pub async fn rfi_view(
    state: State<'_, AppState>,
    customer_id: String,
) -> Result<RfiView, DeskError> {
    state.desk.rfi().rfi_view(&customer_id).await
}

/// Picks the file for a declined document with the native dialog and runs the document
/// checks for that item (`None` when cancelled).
#[tauri::command]
#[specta::specta]
pub async fn rfi_pick_document(
    state: State<'_, AppState>,
    customer_id: String,
    item_id: String,
    title: String,
) -> Result<Option<RfiPick>, DeskError> {
    state
        .desk
        .rfi()
        .rfi_pick_document(&customer_id, &item_id, title)
        .await
}

/// Re-uploads a declined document with a file picked in this session (by token); a file
/// Lumx already rejected needs `override_reason`.
#[tauri::command]
#[specta::specta]
pub async fn rfi_resend_document(
    state: State<'_, AppState>,
    customer_id: String,
    item_id: String,
    token: String,
    override_reason: Option<String>,
    confirmation: Option<String>,
    on_progress: Channel<UploadProgress>,
) -> Result<RfiView, DeskError> {
    state
        .desk
        .rfi()
        .rfi_resend_document(
            &customer_id,
            &item_id,
            &token,
            override_reason.as_deref(),
            confirmation.as_deref(),
            move |p| {
                let _ = on_progress.send(p);
            },
        )
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn rfi_mark_done(
    state: State<'_, AppState>,
    customer_id: String,
    item_id: String,
    note: String,
) -> Result<RfiView, DeskError> {
    state
        .desk
        .rfi()
        .rfi_mark_done(&customer_id, &item_id, &note)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn rfi_submit(
    state: State<'_, AppState>,
    customer_id: String,
    override_reason: Option<String>,
    confirmation: Option<String>,
) -> Result<RfiView, DeskError> {
    state
        .desk
        .rfi()
        .rfi_submit(
            &customer_id,
            override_reason.as_deref(),
            confirmation.as_deref(),
        )
        .await
}

#[tauri::command]
#[specta::specta]
pub fn transaction_rfis(state: State<'_, AppState>) -> Result<Vec<TransactionRfi>, DeskError> {
    state.desk.rfi().transaction_rfis()
}

#[tauri::command]
#[specta::specta]
pub fn transaction_rfi_save(
    state: State<'_, AppState>,
    rfi: TransactionRfi,
) -> Result<Vec<TransactionRfi>, DeskError> {
    state.desk.rfi().transaction_rfi_save(rfi)
}

#[tauri::command]
#[specta::specta]
pub fn transaction_rfi_delete(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<TransactionRfi>, DeskError> {
    state.desk.rfi().transaction_rfi_delete(&id)
}

#[tauri::command]
#[specta::specta]
pub fn account_rfi_note(
    state: State<'_, AppState>,
    account_id: String,
    note: String,
) -> Result<(), DeskError> {
    state.desk.rfi().account_rfi_note(&account_id, &note)
}
