//! Lumx Desk's domain: everything the desktop shell decides, without Tauri.
//!
//! The Tauri commands in `src-tauri/` are thin adapters over this crate, so the rules
//! here are unit-tested without a window.

pub mod api_errors;
pub mod audit;
pub mod confirmation;
pub mod connection;
pub mod csv_export;
pub mod customer_view;
pub mod customers;
pub mod desk;
pub mod directory;
pub mod document_checks;
pub mod drafts;
pub mod environment;
pub mod error;
pub mod external_links;
pub mod files;
pub mod journal;
pub mod ledger;
pub mod local_sandbox;
pub mod locale;
pub mod onboarding;
pub mod reject_labels;
pub mod retention;
pub mod rfi;
pub mod rfi_store;
pub mod secrets;
pub mod sent_files;
pub mod session;
pub mod settings;
pub mod status_watch;
pub mod storage;
pub mod stores;
pub mod text;
pub mod tos;
pub mod upload_progress;
pub mod validation;
pub mod vocabulary;
pub mod wizard;
pub mod workstation;
