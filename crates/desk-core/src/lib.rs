//! Lumx Desk's domain: everything the desktop shell decides, without Tauri.
//!
//! The Tauri commands in `src-tauri/` are thin adapters over this crate, so the rules
//! here are unit-tested without a window.

pub mod environment;
pub mod error;
pub mod locale;
