//! Every customer status the app reads goes into the customer's timeline here, and a
//! change the app saw happen to an outcome the analyst waits for (APPROVED, RFI,
//! FINAL_REJECTION) becomes one desktop notification, in the analyst's language. The
//! wizard and the RFI view both report here, so whichever reads the change first tells
//! it, and only once: the timeline records a change once.

use std::sync::{Arc, OnceLock};

use lumx::models::VerificationStatus;

use crate::error::DeskError;
use crate::locale::Language;
use crate::rfi_store::{Recorded, RfiStore};
use crate::session::Session;

/// Where notifications go: the shell's desktop notifications. Returns whether one was
/// shown (the shell shows none while the analyst is looking at the window).
pub trait NotificationSink: Send + Sync {
    fn show(&self, title: &str, body: &str) -> bool;
}

pub struct StatusWatch {
    session: Arc<Session>,
    timeline: Arc<RfiStore>,
    sink: OnceLock<Box<dyn NotificationSink>>,
}

impl StatusWatch {
    pub fn new(session: Arc<Session>, timeline: Arc<RfiStore>) -> Self {
        Self {
            session,
            timeline,
            sink: OnceLock::new(),
        }
    }

    /// Set once by the shell; before that (and in tests without one) nothing is shown.
    pub fn set_sink(&self, sink: Box<dyn NotificationSink>) {
        let _ = self.sink.set(sink);
    }

    /// Records the customer's status as read now. Returns whether the timeline changed.
    /// A status seen for the first time is recorded without a notification: the app did
    /// not see it happen (the analyst opened a customer decided long ago).
    pub fn seen(&self, customer_id: &str, name: &str, status: &str) -> Result<bool, DeskError> {
        self.seen_at(customer_id, name, status, &now())
    }

    /// [`Self::seen`], dated `at` (when Lumx says the customer changed: [`changed_at`]).
    pub fn seen_at(
        &self,
        customer_id: &str,
        name: &str,
        status: &str,
        at: &str,
    ) -> Result<bool, DeskError> {
        let env = self.session.environment().slug();
        let recorded = self.timeline.record_status(env, customer_id, status, at)?;
        if recorded == Recorded::Changed {
            if let (Some(sink), Some(body)) = (
                self.sink.get(),
                status_notification(status, name, self.session.language()),
            ) {
                sink.show("Lumx Desk", &body);
            }
        }
        Ok(recorded != Recorded::Same)
    }
}

/// When Lumx last changed the customer (its `updatedAt`, else `createdAt`), RFC 3339; now
/// if it says neither. A status or an RFI round seen for the first time is dated by this,
/// not by when the app happened to read it.
pub fn changed_at(customer: &lumx::models::Customer) -> String {
    customer
        .updated_at
        .or(customer.created_at)
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(now)
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The words of the notification for an outcome the analyst waits for; none for the
/// others. Names the customer, never its tax id.
pub fn status_notification(status: &str, customer: &str, lang: Language) -> Option<String> {
    use Language::{En, PtBr};
    let text = match (VerificationStatus::parse(status), lang) {
        (VerificationStatus::Approved, En) => format!("{customer} was approved."),
        (VerificationStatus::Approved, PtBr) => format!("{customer} foi aprovado(a)."),
        (VerificationStatus::Rfi, En) => {
            format!("Lumx compliance needs more information about {customer} (RFI).")
        }
        (VerificationStatus::Rfi, PtBr) => {
            format!("O compliance da Lumx precisa de mais informações sobre {customer} (RFI).")
        }
        (VerificationStatus::FinalRejection, En) => format!("{customer} was finally rejected."),
        (VerificationStatus::FinalRejection, PtBr) => format!("{customer} teve rejeição final."),
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::local_sandbox::LocalSandbox;
    use crate::secrets::MemoryStore;
    use crate::settings::SettingsFile;

    #[derive(Default)]
    struct Shown(Arc<Mutex<Vec<String>>>);
    impl NotificationSink for Shown {
        fn show(&self, _title: &str, body: &str) -> bool {
            self.0.lock().unwrap().push(body.to_string());
            true
        }
    }

    fn watch() -> (StatusWatch, Arc<Mutex<Vec<String>>>) {
        let dir = tempfile::tempdir().unwrap();
        let session = Arc::new(Session::new(
            SettingsFile::at(dir.path().join("settings.json")),
            Box::new(MemoryStore::default()),
            LocalSandbox::new(None, 1),
        ));
        let watch = StatusWatch::new(session, Arc::new(RfiStore::in_memory().unwrap()));
        let shown = Arc::new(Mutex::new(Vec::new()));
        watch.set_sink(Box::new(Shown(shown.clone())));
        (watch, shown)
    }

    #[test]
    fn a_change_to_an_outcome_is_told_once() {
        let (watch, shown) = watch();
        assert!(watch.seen("c1", "Ana", "UNDER_VERIFICATION").unwrap());
        assert!(watch.seen("c1", "Ana", "APPROVED").unwrap());
        // The RFI view reads the same change after the wizard did: nothing new.
        assert!(!watch.seen("c1", "Ana", "APPROVED").unwrap());
        assert_eq!(*shown.lock().unwrap(), ["Ana was approved."]);
    }

    #[test]
    fn a_status_seen_first_is_not_news_and_progress_is_quiet() {
        let (watch, shown) = watch();
        watch.seen("c1", "Ana", "RFI").unwrap();
        watch.seen("c2", "Bia", "NOT_STARTED").unwrap();
        watch.seen("c2", "Bia", "UNDER_VERIFICATION").unwrap();
        assert!(shown.lock().unwrap().is_empty());
        watch.seen("c1", "Ana", "UNDER_VERIFICATION").unwrap();
        watch.seen("c1", "Ana", "FINAL_REJECTION").unwrap();
        assert_eq!(*shown.lock().unwrap(), ["Ana was finally rejected."]);
    }

    #[test]
    fn words_in_both_languages_and_no_tax_id() {
        assert_eq!(
            status_notification("approved", "Ana", Language::En).as_deref(),
            Some("Ana was approved.")
        );
        assert!(status_notification("RFI", "Ana", Language::PtBr)
            .unwrap()
            .contains("mais informações"));
        assert!(
            status_notification("TEMPORARY_REJECTION", "Ana", Language::En)
                .unwrap()
                .contains("(RFI)")
        );
        assert_eq!(
            status_notification("UNDER_VERIFICATION", "Ana", Language::En),
            None
        );
    }
}
