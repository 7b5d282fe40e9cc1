//! Retention of local drafts: once the API has decided on a customer — APPROVED, or
//! FINAL_REJECTION, which is just as final (no further onboarding is possible and the
//! API keeps the record) — the draft on this computer only duplicates personal data.
//! After the configured number of days it is deleted, and the deletion is recorded in
//! the audit log. Runs at startup and whenever the app reads a customer's status.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::settings::DraftRetention;
use crate::wizard::model::Draft;

/// Whether `draft` is due for deletion at `now`: decided, and decided (or, for drafts
/// saved before `decided_at` existed, last updated) more than `policy.days` ago. A
/// timestamp that does not parse keeps the draft.
pub fn expired(draft: &Draft, policy: DraftRetention, now: OffsetDateTime) -> bool {
    if !policy.enabled || !crate::wizard::model::is_decided(draft.remote_status.as_deref()) {
        return false;
    }
    let since = draft.decided_at.as_deref().unwrap_or(&draft.updated_at);
    OffsetDateTime::parse(since, &Rfc3339)
        .is_ok_and(|at| now - at > Duration::days(i64::from(policy.days)))
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
