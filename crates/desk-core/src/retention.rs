//! Retention of local drafts: once the API has decided on a customer — APPROVED, or
//! FINAL_REJECTION, which is just as final (no further onboarding is possible and the
//! API keeps the record) — the draft on this computer only duplicates personal data.
//! After the configured number of days it is deleted, and the deletion is recorded in
//! the audit log. Runs at startup and whenever the app reads a customer's status.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::audit::AuditRecord;
use crate::error::{DeskError, FieldError};
use crate::locale::Language;
use crate::session::Desk;
use crate::settings::DraftRetention;
use crate::wizard::model::Draft;

/// The statuses after which a draft is no longer needed.
const DECIDED: &[&str] = &["APPROVED", "FINAL_REJECTION"];

pub fn is_decided(status: Option<&str>) -> bool {
    status.is_some_and(|s| DECIDED.contains(&s))
}

/// Whether `draft` is due for deletion at `now`: decided, and decided (or, for drafts
/// saved before `decided_at` existed, last updated) more than `policy.days` ago. A
/// timestamp that does not parse keeps the draft.
pub fn expired(draft: &Draft, policy: DraftRetention, now: OffsetDateTime) -> bool {
    if !policy.enabled || !is_decided(draft.remote_status.as_deref()) {
        return false;
    }
    let since = draft.decided_at.as_deref().unwrap_or(&draft.updated_at);
    OffsetDateTime::parse(since, &Rfc3339)
        .is_ok_and(|at| now - at > Duration::days(i64::from(policy.days)))
}

impl Desk {
    pub fn draft_retention(&self) -> DraftRetention {
        self.settings().draft_retention
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
        self.update_settings(|s| s.draft_retention = policy)?;
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
        let store = &self.onboarding.drafts;
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
            self.onboarding.audit.append(record, &outcome)?;
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
        let store = &self.onboarding.drafts;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvironmentKind;
    use crate::wizard::model::CustomerKind;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-01 12:00 UTC);
    const ON_30: DraftRetention = DraftRetention {
        enabled: true,
        days: 30,
    };

    fn decided(status: &str, at: &str) -> Draft {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Individual,
            EnvironmentKind::LocalSandbox,
            "2026-01-01T00:00:00Z".into(),
        );
        d.customer_id = Some("c".into());
        d.set_remote_status(Some(status.into()), at);
        d
    }

    #[test]
    fn approved_and_finally_rejected_drafts_expire_after_the_period() {
        assert!(expired(
            &decided("APPROVED", "2026-10-31T11:59:59Z"),
            ON_30,
            NOW
        ));
        assert!(expired(
            &decided("FINAL_REJECTION", "2026-10-01T00:00:00Z"),
            ON_30,
            NOW
        ));
        // 30 days ago to the second is not yet past 30 days.
        assert!(!expired(
            &decided("APPROVED", "2026-11-01T12:00:00Z"),
            ON_30,
            NOW
        ));
        assert!(!expired(
            &decided("APPROVED", "2026-11-20T00:00:00Z"),
            ON_30,
            NOW
        ));
    }

    #[test]
    fn undecided_disabled_or_unreadable_drafts_are_kept() {
        for status in ["UNDER_VERIFICATION", "RFI", "REJECTED", "NOT_STARTED"] {
            assert!(!expired(
                &decided(status, "2025-01-01T00:00:00Z"),
                ON_30,
                NOW
            ));
        }
        let off = DraftRetention {
            enabled: false,
            days: 30,
        };
        assert!(!expired(
            &decided("APPROVED", "2025-01-01T00:00:00Z"),
            off,
            NOW
        ));
        assert!(!expired(&decided("APPROVED", "yesterday"), ON_30, NOW));
    }

    #[test]
    fn the_period_counts_from_the_decision_not_from_later_reads() {
        let mut d = decided("APPROVED", "2026-10-01T00:00:00Z");
        d.set_remote_status(Some("APPROVED".into()), "2026-11-30T00:00:00Z");
        assert_eq!(d.decided_at.as_deref(), Some("2026-10-01T00:00:00Z"));
        assert!(expired(&d, ON_30, NOW));
        // Back under review: no longer decided.
        d.set_remote_status(Some("RFI".into()), "2026-11-30T00:00:00Z");
        assert_eq!(d.decided_at, None);
        assert!(!expired(&d, ON_30, NOW));
    }

    #[test]
    fn drafts_saved_before_decided_at_existed_count_from_their_last_update() {
        let mut d = decided("APPROVED", "x");
        d.decided_at = None;
        d.updated_at = "2026-10-01T00:00:00Z".into();
        assert!(expired(&d, ON_30, NOW));
        d.updated_at = "2026-11-25T00:00:00Z".into();
        assert!(!expired(&d, ON_30, NOW));
    }
}
