//! Tauri commands: thin adapters that take IPC arguments, call into `desk-core` / `lumx`,
//! and map every failure to `DeskError`.

pub mod app;
