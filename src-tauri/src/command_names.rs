// The app's IPC surface, in one list shared by build.rs (app manifest: each command is
// denied unless a capability allows it), the bindings test and the capability test.
// Keep in step with `bindings::specta_builder` and `capabilities/main.json`.
pub const COMMAND_NAMES: &[&str] = &[
    "app_info",
    "open_external",
    "environments_list",
    "environment_set",
    "api_key_set",
    "api_key_delete",
    "connection_test",
    "directory_load",
    "directory_query",
    "customer_get",
    "customer_reveal_tax_id",
    "tos_link_create",
    "local_sandbox_accept_terms",
];
