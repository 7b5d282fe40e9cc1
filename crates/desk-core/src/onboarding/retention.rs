//! The drafts retention on the wizard: the setting, and the sweep that deletes drafts of
//! decided customers after it (see [`crate::retention`]), each deletion in the audit log.

use time::OffsetDateTime;

use crate::audit::AuditRecord;
use crate::error::{DeskError, FieldError};
use crate::locale::Language;
use crate::retention::expired;
use crate::settings::DraftRetention;

use super::Wizard;

impl Wizard {
    pub fn draft_retention(&self) -> DraftRetention {
        self.session.settings().draft_retention
    }

    /// Saves the setting (1 to [`DraftRetention::MAX_DAYS`] days) and applies it at once.
    pub fn set_draft_retention(
        &self,
        policy: DraftRetention,
        lang: Language,
    ) -> Result<DraftRetention, DeskError> {
        if !(1..=DraftRetention::MAX_DAYS).contains(&policy.days) {
            let message = lang.say(
                "Enter a number of days from 1 to 3650.",
                "Informe um número de dias de 1 a 3650.",
            );
            return Err(DeskError::validation(
                message,
                vec![FieldError::new("days", message)],
            ));
        }
        self.session
            .update_settings(|s| s.draft_retention = policy)?;
        self.sweep_decided_drafts(OffsetDateTime::now_utc(), None)?;
        Ok(policy)
    }

    /// Deletes the drafts [`expired`] at `now` (all environments: they are all on this
    /// computer), except `keep` (the draft on screen), and records each deletion in the
    /// audit log. Returns the ids deleted.
    pub fn sweep_decided_drafts(
        &self,
        now: OffsetDateTime,
        keep: Option<&str>,
    ) -> Result<Vec<String>, DeskError> {
        let policy = self.draft_retention();
        let store = &self.drafts;
        let mut deleted = Vec::new();
        for draft in store.all()? {
            if Some(draft.id.as_str()) == keep || !expired(&draft, policy, now) {
                continue;
            }
            let result = store.delete(&draft.id);
            let outcome = match &result {
                Ok(_) => "ok".to_string(),
                Err(e) => e.code().to_string(),
            };
            // The draft id and the decision, never the draft's personal data.
            let record = AuditRecord {
                environment: draft.environment.slug().to_string(),
                action: "Delete local draft (retention)".into(),
                customer_id: draft.customer_id.clone(),
                summary: serde_json::json!({
                    "draftId": draft.id,
                    "status": draft.remote_status,
                    "decidedAt": draft.decided_at.as_deref().unwrap_or(&draft.updated_at),
                    "retentionDays": policy.days,
                }),
                ..Default::default()
            };
            self.ledger.audit_log().append(record, &outcome)?;
            if result? {
                deleted.push(draft.id);
            }
        }
        if !deleted.is_empty() {
            store.forget_old_versions()?;
            tracing::info!(count = deleted.len(), "deleted local drafts past retention");
        }
        Ok(deleted)
    }

    /// The sweep now, at startup and after a status read: a failure is logged, never in
    /// the way of what the app was doing.
    pub fn apply_draft_retention(&self, keep: Option<&str>) {
        if let Err(e) = self.sweep_decided_drafts(OffsetDateTime::now_utc(), keep) {
            tracing::error!(error = %e, "could not apply the drafts retention");
        }
    }

    /// A customer's status was read outside the wizard (the RFI view): this computer's
    /// drafts of that customer learn it, so their retention period can start.
    pub(crate) fn customer_status_seen(&self, customer_id: &str, status: &str, now: &str) {
        let env = self.environment();
        let store = &self.drafts;
        let result = store.all().and_then(|drafts| {
            for d in drafts {
                if d.environment == env
                    && d.customer_id.as_deref() == Some(customer_id)
                    && d.remote_status.as_deref() != Some(status)
                {
                    // Only the status, on the newest version: an autosave may run meanwhile.
                    store.update(&d.id, |d| {
                        d.set_remote_status(Some(status.to_string()), now)
                    })?;
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            tracing::error!(error = %e, "could not record the status in the local drafts");
        }
        self.apply_draft_retention(None);
    }
}
