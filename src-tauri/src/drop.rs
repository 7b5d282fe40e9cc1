//! Files dropped on the window. The OS gives Rust their paths; Rust checks and registers
//! them and tells the UI only tokens, file facts and where they were dropped, so the UI
//! can put them in the slot under the pointer. The webview never sees a path.

use desk_core::files::PickedFile;
use serde::Serialize;
use specta::Type;
use tauri::{DragDropEvent, Manager, Runtime, WindowEvent};
use tauri_specta::Event;

use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct FilesDropped {
    /// Drop point in CSS pixels of the webview.
    pub x: i32,
    pub y: i32,
    pub files: Vec<DroppedFile>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DroppedFile {
    pub file: Option<PickedFile>,
    /// Why the file was refused, in the UI's language.
    pub problem: Option<String>,
}

pub fn watch<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    let app = window.app_handle().clone();
    let scale = window.scale_factor().unwrap_or(1.0);
    window.on_window_event(move |event| {
        let WindowEvent::DragDrop(DragDropEvent::Drop { paths, position }) = event else {
            return;
        };
        let (app, paths) = (app.clone(), paths.clone());
        let (x, y) = ((position.x / scale) as i32, (position.y / scale) as i32);
        tauri::async_runtime::spawn(async move {
            let state = app.state::<AppState>();
            let lang = state.desk.session().language();
            let files = state
                .desk
                .wizard()
                .register_dropped(paths, lang)
                .await
                .into_iter()
                .map(|r| match r {
                    Ok(file) => DroppedFile {
                        file: Some(file),
                        problem: None,
                    },
                    Err(problem) => DroppedFile {
                        file: None,
                        problem: Some(problem),
                    },
                })
                .collect();
            let _ = FilesDropped { x, y, files }.emit(&app);
        });
    });
}
