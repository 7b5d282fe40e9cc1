//! Desktop notifications for the outcomes desk-core's `StatusWatch` reports.

use desk_core::status_watch::NotificationSink;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

pub struct DesktopNotifications<R: Runtime> {
    pub handle: AppHandle<R>,
}

impl<R: Runtime> NotificationSink for DesktopNotifications<R> {
    /// Only while the analyst works elsewhere: a focused window shows the status itself.
    fn show(&self, title: &str, body: &str) -> bool {
        let focused = self
            .handle
            .get_webview_window("main")
            .and_then(|w| w.is_focused().ok())
            .unwrap_or(true);
        if focused {
            return false;
        }
        let (handle, title, body) = (self.handle.clone(), title.to_string(), body.to_string());
        // A D-Bus round trip to the notification daemon: never on the status read's path.
        // No daemon (a headless server) is not an error to show.
        tauri::async_runtime::spawn_blocking(move || {
            if let Err(e) = handle
                .notification()
                .builder()
                .title(title)
                .body(body)
                .show()
            {
                tracing::info!(error = %e, "desktop notification not shown");
            }
        });
        true
    }
}
