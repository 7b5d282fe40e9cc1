//! State the shell keeps for the lifetime of the app.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use desk_core::environment::EnvironmentKind;

use desk_core::audit::AuditLog;
use desk_core::desk::Desk;
use desk_core::drafts::DraftStore;
use desk_core::error::DeskError;
use desk_core::journal::Journal;
use desk_core::local_sandbox::{LocalSandbox, FIRST_RUN_SEED};
use desk_core::locale::Language;
use desk_core::rfi_store::RfiStore;
use desk_core::secrets::{AuditKeyStore, KeychainStore, SecretStore};
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;

use crate::picker::NativePicker;

type EnvironmentObserver = Box<dyn Fn(EnvironmentKind) + Send + Sync>;

pub struct AppState {
    pub desk: Desk,
    pub os_language: Language,
    /// Set by `setup`: retitles the window, so Production shows in the title bar.
    on_environment_changed: OnceLock<EnvironmentObserver>,
}

impl AppState {
    pub fn new(desk: Desk, os_language: Language) -> Self {
        Self {
            desk,
            os_language,
            on_environment_changed: OnceLock::new(),
        }
    }

    pub fn observe_environment(&self, observer: EnvironmentObserver) {
        let _ = self.on_environment_changed.set(observer);
    }

    pub fn environment_changed(&self, environment: EnvironmentKind) {
        if let Some(observer) = self.on_environment_changed.get() {
            observer(environment);
        }
    }

    /// The real app: settings and the local sandbox's state in the app's data folder,
    /// keys in the OS keychain, language from the OS locale.
    pub fn for_data_dir(data_dir: &Path) -> Result<Self, DeskError> {
        let keychain = KeychainStore::default();
        let audit_path = data_dir.join("audit.sqlite");
        // Without a keychain the app still starts (the local sandbox needs no key); the
        // log then refuses appends and verification, saying why, instead of going unkeyed.
        let audit = match keychain.audit_chain_key() {
            Ok(key) => AuditLog::open(&audit_path, key)?,
            Err(e) => {
                tracing::warn!(error = %e, "no audit chain key; the audit log is read-only");
                AuditLog::open_without_key(&audit_path, e.into())?
            }
        };
        let secrets: Box<dyn SecretStore> = Box::new(keychain);
        let drafts = DraftStore::open(&data_dir.join("drafts.sqlite"))?;
        let desk = Desk::new(
            SettingsFile::at(data_dir.join("settings.json")),
            secrets,
            LocalSandbox::new(Some(data_dir.join("local-sandbox.json")), FIRST_RUN_SEED),
            Stores::new(drafts, Arc::new(NativePicker))
                .with_rfi_store(RfiStore::open(&data_dir.join("rfi.sqlite"))?)
                .with_audit_log(audit)
                .with_journal(Journal::open(&data_dir.join("journal.sqlite"))?),
        );
        // Drafts of customers decided long enough ago go before anything shows them.
        desk.wizard().apply_draft_retention(None);
        let locale = sys_locale::get_locale();
        Ok(Self::new(desk, Language::from_os_locale(locale.as_deref())))
    }
}
