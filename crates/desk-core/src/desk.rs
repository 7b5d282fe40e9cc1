//! `Desk`: one running Lumx Desk, composed of services that each take only what they
//! need. The Tauri commands pick the service and call it; nothing else lives here.
//!
//! ```text
//! Session ─┬─ Customers (directory, customer view, ToS)
//! Ledger  ─┼─ Wizard    (drafts, uploads, API steps, retention)
//!          └─ Rfi       (RFI checklists and rounds; uploads through the Wizard)
//! ```

use std::sync::Arc;

use crate::confirmation::ConfirmationNeeded;
use crate::customers::Customers;
use crate::environment::EnvironmentKind;
use crate::error::DeskError;
use crate::ledger::Ledger;
use crate::local_sandbox::LocalSandbox;
use crate::onboarding::Wizard;
use crate::rfi::Rfi;
use crate::secrets::SecretStore;
use crate::session::Session;
use crate::settings::SettingsFile;
use crate::status_watch::StatusWatch;
use crate::stores::Stores;

pub struct Desk {
    session: Arc<Session>,
    ledger: Arc<Ledger>,
    customers: Customers,
    wizard: Arc<Wizard>,
    rfi: Rfi,
    status_watch: Arc<StatusWatch>,
}

impl Desk {
    pub fn new(
        settings_file: SettingsFile,
        secrets: Box<dyn SecretStore>,
        local: LocalSandbox,
        stores: Stores,
    ) -> Self {
        let session = Arc::new(Session::new(settings_file, secrets, local));
        let ledger = Arc::new(Ledger::new(stores.journal, stores.audit));
        let history = Arc::new(stores.rfi);
        let status_watch = Arc::new(StatusWatch::new(session.clone(), history.clone()));
        let wizard = Arc::new(Wizard::new(
            session.clone(),
            ledger.clone(),
            stores.drafts,
            status_watch.clone(),
            stores.picker,
            history.clone(),
        ));
        Self {
            customers: Customers::new(session.clone(), ledger.clone(), status_watch.clone()),
            rfi: Rfi::new(
                session.clone(),
                ledger.clone(),
                wizard.clone(),
                history,
                status_watch.clone(),
            ),
            status_watch,
            wizard,
            ledger,
            session,
        }
    }

    /// Environment, language, keys and clients.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Customers' status timelines and the notifications of their outcomes.
    pub fn status_watch(&self) -> &StatusWatch {
        &self.status_watch
    }

    /// The operation journal and the audit trail.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub fn customers(&self) -> &Customers {
        &self.customers
    }

    pub fn wizard(&self) -> &Wizard {
        &self.wizard
    }

    pub fn rfi(&self) -> &Rfi {
        &self.rfi
    }

    /// Switches environment (to Production only with "PRODUCTION" typed); the directory
    /// is emptied, so customers of one environment never show in another.
    pub fn set_environment(
        &self,
        kind: EnvironmentKind,
        confirmation: Option<&str>,
    ) -> Result<(), DeskError> {
        let needed = kind
            .is_production()
            .then(ConfirmationNeeded::for_switch_to_production);
        ConfirmationNeeded::check(needed.as_ref(), confirmation, self.session.language())?;
        if self.session.set_environment(kind)? {
            self.customers.forget();
        }
        Ok(())
    }
}
