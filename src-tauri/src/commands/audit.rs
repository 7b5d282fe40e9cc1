use desk_core::audit::{AuditRow, AuditVerification, ExportFormat};
use desk_core::error::DeskError;
use tauri::State;

use crate::state::AppState;

/// Newest first; `filter` matches action, customer, party, environment or outcome.
#[tauri::command]
#[specta::specta]
pub fn audit_list(state: State<'_, AppState>, filter: String) -> Result<Vec<AuditRow>, DeskError> {
    state.desk.ledger().audit_log().rows(&filter, 500)
}

#[tauri::command]
#[specta::specta]
pub fn audit_verify(state: State<'_, AppState>) -> Result<AuditVerification, DeskError> {
    state.desk.ledger().audit_log().verify()
}

/// Saves the whole log where the analyst chooses in the native save dialog; returns the
/// file name, or `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn audit_export(
    state: State<'_, AppState>,
    format: ExportFormat,
) -> Result<Option<String>, DeskError> {
    let content = state.desk.ledger().audit_log().export(format)?;
    let extension = format.extension();
    let target = tauri::async_runtime::spawn_blocking(move || {
        rfd::FileDialog::new()
            .set_file_name(format!("lumx-desk-audit.{extension}"))
            .add_filter(extension, &[extension])
            .save_file()
    })
    .await
    .map_err(|e| DeskError::internal(e.to_string()))?;
    let Some(path) = target else { return Ok(None) };
    // Owner-only, like the log itself: the export holds customer ids and who did what.
    desk_core::storage::write_private(&path, content.as_bytes())
        .map_err(|e| DeskError::internal(format!("Could not write {}: {e}", path.display())))?;
    Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()))
}
