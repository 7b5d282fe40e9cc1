//! Tauri commands: thin adapters that take IPC arguments, call into `desk-core`, and
//! return `Result<_, DeskError>`. No decision is made here.

pub mod app;
pub mod audit;
pub mod customers;
pub mod rfi;
pub mod settings;
pub mod wizard;
