//! The ledger: the operation journal and the audit trail, and the one way a mutation
//! reaches Lumx. [`Ledger::send_once`] records the attempt in the journal (choosing its
//! Idempotency-Key there) and an intent entry in the audit trail before the request
//! leaves, then the outcome in both.

use std::future::Future;

use lumx::IdempotencyKey;

use crate::audit::{AuditLog, AuditRecord};
use crate::error::DeskError;
use crate::journal::outcome::AuditOutcome;
use crate::journal::{self, Attempt, Begin, Intent, Journal, OperationRecord};

/// What happened to an operation.
pub(crate) enum Sent<T> {
    /// It was sent (again, with the same key, if an earlier attempt's outcome was unknown).
    Now(lumx::Result<T>, Attempt),
    /// The very same request had already succeeded; nothing was sent.
    Before(Box<OperationRecord>),
}

/// What a success created, kept in the journal so a resumed draft can find it there.
pub(crate) trait CreatedId {
    fn created_id(&self) -> Option<String> {
        None
    }
}

impl CreatedId for lumx::models::Customer {
    fn created_id(&self) -> Option<String> {
        Some(self.id.to_string())
    }
}

impl CreatedId for lumx::models::AssociatedParty {
    fn created_id(&self) -> Option<String> {
        Some(self.id.to_string())
    }
}

impl CreatedId for () {}
impl CreatedId for lumx::models::VerificationStarted {}
impl CreatedId for lumx::models::TosLink {}

/// Where every mutation is recorded: what was attempted (journal) and what the analyst
/// can verify later (audit trail). Shared by the services that talk to Lumx.
pub struct Ledger {
    journal: Journal,
    audit: AuditLog,
}

impl Ledger {
    pub fn new(journal: Journal, audit: AuditLog) -> Self {
        Self { journal, audit }
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub fn audit_log(&self) -> &AuditLog {
        &self.audit
    }

    /// Appends a call that is not journaled (local actions) to the audit trail. A failing
    /// audit write is logged, not raised: the action already happened and its result must
    /// reach the analyst.
    pub(crate) fn record<T, E: AuditOutcome>(
        &self,
        environment: &str,
        mut record: AuditRecord,
        result: &Result<T, E>,
    ) {
        record.environment = environment.to_string();
        let outcome = match result {
            Ok(_) => "ok".to_string(),
            Err(e) => e.audit_outcome(),
        };
        self.append_audit(record, &outcome);
    }

    /// Sends `call` at most once per request (see [`journal::key_policy`]). Local
    /// journal failures stop the call before it is sent; after sending, they are logged
    /// and the answer still reaches the analyst.
    pub(crate) async fn send_once<T, Fut>(
        &self,
        intent: Intent,
        override_reason: Option<&str>,
        call: impl FnOnce(IdempotencyKey) -> Fut,
    ) -> Result<Sent<T>, DeskError>
    where
        T: CreatedId,
        Fut: Future<Output = lumx::Result<T>>,
    {
        let journal = &self.journal;
        let attempt = match journal.begin(&intent)? {
            Begin::AlreadyDone(done) => return Ok(Sent::Before(done)),
            Begin::Send(attempt) => attempt,
        };
        let key: IdempotencyKey = attempt
            .key
            .parse()
            .map_err(|_| DeskError::internal("A journal Idempotency-Key is not a UUID"))?;
        let mut summary = intent.summary.clone();
        if let Some(map) = summary.as_object_mut() {
            map.insert("operation".into(), attempt.operation_id.clone().into());
        }
        let record = AuditRecord {
            environment: intent.environment.clone(),
            action: intent.kind.endpoint().into(),
            customer_id: intent.customer_id.clone(),
            party_id: intent.party_id.clone(),
            idempotency_key: Some(attempt.key.clone()),
            summary,
            override_reason: override_reason.map(str::to_owned),
        };
        self.append_audit(record.clone(), "intent");
        journal.mark_sent(&attempt.operation_id)?;
        let result = call(key).await;
        let settlement = journal::settle(&result);
        let created = result.as_ref().ok().and_then(CreatedId::created_id);
        if let Err(e) = journal.settle(&attempt.operation_id, &settlement, created.as_deref()) {
            tracing::error!(error = %e, "could not record an outcome in the journal");
        }
        let mut outcome_record = record;
        if let (Some(id), Some(map)) = (&created, outcome_record.summary.as_object_mut()) {
            map.insert("created".into(), id.clone().into());
        }
        self.append_audit(outcome_record, &settlement.summary);
        Ok(Sent::Now(result, attempt))
    }

    fn append_audit(&self, record: AuditRecord, outcome: &str) {
        if let Err(e) = self.audit.append(record, outcome) {
            tracing::error!(error = %e, "could not append to the audit log");
        }
    }
}
