use desk_core::environment::EnvironmentKind;
use desk_core::error::DeskError;
use desk_core::external_links::check_external_url;
use desk_core::locale::Language;
use desk_core::vocabulary::Vocabulary;
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::state::AppState;

/// What the shell shows in its header on launch.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub environment: EnvironmentKind,
    /// Language suggested by the OS locale; the UI uses it until the analyst picks one.
    pub os_language: Language,
    /// The API's statuses and document types as the screens show them.
    pub vocabulary: Vocabulary,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, DeskError> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        environment: state.desk.session().environment(),
        os_language: state.os_language,
        vocabulary: Vocabulary::get(),
    })
}

/// Opens a Lumx, Sumsub or block-explorer link in the system browser.
#[tauri::command]
#[specta::specta]
pub fn open_external(url: String) -> Result<(), DeskError> {
    let url = check_external_url(&url)?;
    open::that_detached(&url)
        .map_err(|e| DeskError::internal(format!("The system browser could not be opened: {e}")))
}
