//! The stores a Desk is built from: opened from files by the app, in memory by tests.

use std::sync::Arc;

use crate::audit::AuditLog;
use crate::drafts::DraftStore;
use crate::files::FilePicker;
use crate::journal::Journal;
use crate::rfi_store::RfiStore;

pub struct Stores {
    pub drafts: DraftStore,
    pub picker: Arc<dyn FilePicker>,
    /// RFI rounds, status timelines and transaction RFIs.
    pub rfi: RfiStore,
    /// Every mutating call, hash-chained.
    pub audit: AuditLog,
    /// Every mutation's attempts and their Idempotency-Keys.
    pub journal: Journal,
}

impl Stores {
    /// `drafts` and the file dialog; the journal, audit trail and RFI history in memory.
    pub fn new(drafts: DraftStore, picker: Arc<dyn FilePicker>) -> Self {
        Self {
            drafts,
            picker,
            journal: Journal::in_memory().expect("in-memory SQLite"),
            rfi: RfiStore::in_memory().expect("in-memory SQLite"),
            audit: AuditLog::in_memory().expect("in-memory SQLite"),
        }
    }

    /// Keeps the audit trail in a file (the app) instead of memory (tests).
    pub fn with_audit_log(mut self, log: AuditLog) -> Self {
        self.audit = log;
        self
    }

    /// Keeps the operation journal in a file (the app) instead of memory (tests).
    pub fn with_journal(mut self, journal: Journal) -> Self {
        self.journal = journal;
        self
    }

    /// Keeps RFI history in a file (the app) instead of memory (tests).
    pub fn with_rfi_store(mut self, store: RfiStore) -> Self {
        self.rfi = store;
        self
    }
}
