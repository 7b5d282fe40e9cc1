// The app's IPC surface, in one list shared by build.rs (app manifest: each command is
// denied unless a capability allows it), the bindings test and the capability test.
// Keep in step with `bindings::specta_builder` and `capabilities/main.json`.
pub const COMMAND_NAMES: &[&str] = &["app_info"];
