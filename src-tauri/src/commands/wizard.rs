use desk_core::drafts::DraftSummary;
use desk_core::error::DeskError;
use desk_core::locale::Language;
use desk_core::onboarding::{UploadProgress, WizardState};
use desk_core::tos::TosLinkView;
use desk_core::validation::{country_options, CountryOption};
use desk_core::wizard::model::CustomerKind;
use desk_core::wizard::view::DraftView;
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

/// The UI's language, so messages composed in Rust (validation, file checks) match it.
#[tauri::command]
#[specta::specta]
pub fn ui_language_set(state: State<'_, AppState>, language: Language) -> Result<(), DeskError> {
    state.desk.session().set_language(language);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub fn countries() -> Result<Vec<CountryOption>, DeskError> {
    Ok(country_options())
}

#[tauri::command]
#[specta::specta]
pub fn draft_list(state: State<'_, AppState>) -> Result<Vec<DraftSummary>, DeskError> {
    state.desk.wizard().draft_list()
}

#[tauri::command]
#[specta::specta]
pub fn draft_new(state: State<'_, AppState>, kind: CustomerKind) -> Result<WizardState, DeskError> {
    state
        .desk
        .wizard()
        .draft_new(kind, state.desk.session().language())
}

#[tauri::command]
#[specta::specta]
pub fn draft_open(state: State<'_, AppState>, id: String) -> Result<WizardState, DeskError> {
    state
        .desk
        .wizard()
        .draft_open(&id, state.desk.session().language())
}

/// The draft's state recomputed, without re-checking files (after a failed step, or a
/// change of language).
#[tauri::command]
#[specta::specta]
pub fn draft_state(state: State<'_, AppState>, id: String) -> Result<WizardState, DeskError> {
    state
        .desk
        .wizard()
        .draft_state(&id, state.desk.session().language())
}

/// Autosave: called as the analyst types; returns the recomputed state (errors, progress).
#[tauri::command]
#[specta::specta]
pub fn draft_save(state: State<'_, AppState>, draft: DraftView) -> Result<WizardState, DeskError> {
    state
        .desk
        .wizard()
        .draft_save(draft, state.desk.session().language())
}

#[tauri::command]
#[specta::specta]
pub fn draft_delete(state: State<'_, AppState>, id: String) -> Result<bool, DeskError> {
    state.desk.wizard().draft_delete(&id)
}

#[tauri::command]
#[specta::specta]
pub async fn wizard_create_customer(
    state: State<'_, AppState>,
    draft_id: String,
    confirmation: Option<String>,
) -> Result<WizardState, DeskError> {
    let lang = state.desk.session().language();
    state
        .desk
        .wizard()
        .wizard_create_customer(&draft_id, confirmation.as_deref(), lang)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn wizard_refresh(
    state: State<'_, AppState>,
    draft_id: String,
) -> Result<WizardState, DeskError> {
    let lang = state.desk.session().language();
    state.desk.wizard().wizard_refresh(&draft_id, lang).await
}

#[tauri::command]
#[specta::specta]
pub async fn wizard_tos_link(
    state: State<'_, AppState>,
    draft_id: String,
    confirmation: Option<String>,
) -> Result<TosLinkView, DeskError> {
    state
        .desk
        .wizard()
        .wizard_tos_link(&draft_id, confirmation.as_deref())
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn wizard_send_additional(
    state: State<'_, AppState>,
    draft_id: String,
    confirmation: Option<String>,
) -> Result<WizardState, DeskError> {
    let lang = state.desk.session().language();
    state
        .desk
        .wizard()
        .wizard_send_additional(&draft_id, confirmation.as_deref(), lang)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn wizard_send_party(
    state: State<'_, AppState>,
    draft_id: String,
    local_id: String,
    confirmation: Option<String>,
) -> Result<WizardState, DeskError> {
    let lang = state.desk.session().language();
    state
        .desk
        .wizard()
        .wizard_send_party(&draft_id, &local_id, confirmation.as_deref(), lang)
        .await
}

/// Opens the native file dialog for one document slot.
#[tauri::command]
#[specta::specta]
pub async fn document_pick(
    state: State<'_, AppState>,
    draft_id: String,
    slot_id: String,
    title: String,
) -> Result<WizardState, DeskError> {
    let lang = state.desk.session().language();
    state
        .desk
        .wizard()
        .document_pick(&draft_id, &slot_id, title, lang)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn document_upload(
    state: State<'_, AppState>,
    draft_id: String,
    slot_id: String,
    confirmation: Option<String>,
    on_progress: Channel<UploadProgress>,
) -> Result<WizardState, DeskError> {
    let lang = state.desk.session().language();
    state
        .desk
        .wizard()
        .document_upload(
            &draft_id,
            &slot_id,
            confirmation.as_deref(),
            lang,
            move |p| {
                let _ = on_progress.send(p);
            },
        )
        .await
}

#[tauri::command]
#[specta::specta]
pub fn document_upload_cancel(
    state: State<'_, AppState>,
    draft_id: String,
    slot_id: String,
) -> Result<bool, DeskError> {
    Ok(state
        .desk
        .wizard()
        .document_upload_cancel(&draft_id, &slot_id))
}

#[tauri::command]
#[specta::specta]
pub async fn wizard_start_verification(
    state: State<'_, AppState>,
    draft_id: String,
    confirmation: Option<String>,
) -> Result<WizardState, DeskError> {
    let lang = state.desk.session().language();
    state
        .desk
        .wizard()
        .wizard_start_verification(&draft_id, confirmation.as_deref(), lang)
        .await
}

/// Opens the native file dialog for a document sent outside the wizard (customer view).
#[tauri::command]
#[specta::specta]
pub async fn document_pick_any(
    state: State<'_, AppState>,
    title: String,
) -> Result<Option<desk_core::files::PickedFile>, DeskError> {
    let lang = state.desk.session().language();
    state.desk.wizard().pick(title, lang).await
}

/// Uploads a picked file (by token) to a customer, outside any draft.
#[tauri::command]
#[specta::specta]
pub async fn document_upload_manual(
    state: State<'_, AppState>,
    upload: desk_core::onboarding::ManualUpload,
    confirmation: Option<String>,
    on_progress: Channel<UploadProgress>,
) -> Result<(), DeskError> {
    let lang = state.desk.session().language();
    state
        .desk
        .wizard()
        .manual_upload(upload, confirmation.as_deref(), lang, move |p| {
            let _ = on_progress.send(p);
        })
        .await
}

/// "Continue onboarding" from the customer view.
#[tauri::command]
#[specta::specta]
pub async fn draft_for_customer(
    state: State<'_, AppState>,
    customer_id: String,
) -> Result<WizardState, DeskError> {
    let lang = state.desk.session().language();
    state
        .desk
        .wizard()
        .draft_for_customer(&customer_id, lang)
        .await
}

/// Sets the date printed on a slot's document (a proof of address's issue date, an ID's
/// expiry date) for the guard's ageing clock; empty clears it.
#[tauri::command]
#[specta::specta]
pub fn document_date(
    state: State<'_, AppState>,
    draft_id: String,
    slot_id: String,
    date: String,
) -> Result<WizardState, DeskError> {
    state
        .desk
        .wizard()
        .document_date(&draft_id, &slot_id, &date, state.desk.session().language())
}

/// Puts a dropped (already checked, tokenised) file into a slot.
#[tauri::command]
#[specta::specta]
pub async fn document_assign(
    state: State<'_, AppState>,
    draft_id: String,
    slot_id: String,
    token: String,
) -> Result<WizardState, DeskError> {
    state
        .desk
        .wizard()
        .document_assign(&draft_id, &slot_id, &token, state.desk.session().language())
        .await
}
