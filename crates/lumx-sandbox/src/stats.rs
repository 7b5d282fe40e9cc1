//! Object counts and request counters (reliability tests use them to prove that
//! retries created no duplicates).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::state::{counter, Shared};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxStats {
    pub customers: usize,
    pub individuals: usize,
    pub businesses: usize,
    pub associated_parties: usize,
    pub documents: usize,
    pub accounts: usize,
    pub verifications_started: usize,
    pub idempotency_keys: usize,
    pub idempotent_replays: u64,
    /// Every request that reached the server, authenticated or not.
    pub requests: u64,
    pub faults_injected: u64,
    pub webhooks_delivered: u64,
    pub webhooks_failed: u64,
    /// Failed `accept` calls (e.g. out of file descriptors); retried with backoff.
    pub accept_errors: u64,
    pub customers_by_status: BTreeMap<String, usize>,
    pub accounts_by_status: BTreeMap<String, usize>,
}

pub fn collect(s: &Shared) -> SandboxStats {
    let mut st = s.read(|store, _| {
        let mut st = SandboxStats {
            customers: store.customers.len(),
            accounts: store.accounts.len(),
            verifications_started: store.verifications.len(),
            idempotency_keys: store.idempotency.len(),
            ..Default::default()
        };
        for c in store.customers.values() {
            match c.kind {
                crate::models::CustomerType::Individual => st.individuals += 1,
                crate::models::CustomerType::Business => st.businesses += 1,
            }
            st.associated_parties += c.parties.len();
            st.documents += c.documents.len();
            *st.customers_by_status
                .entry(c.verification.status.as_str().to_string())
                .or_default() += 1;
        }
        for a in store.accounts.values() {
            *st.accounts_by_status
                .entry(a.status.as_str().to_string())
                .or_default() += 1;
        }
        st
    });
    let c = &s.counters;
    st.idempotent_replays = counter(&c.replays);
    st.requests = counter(&c.requests);
    st.faults_injected = counter(&c.faults_injected);
    st.webhooks_delivered = counter(&c.webhooks_delivered);
    st.webhooks_failed = counter(&c.webhooks_failed);
    st.accept_errors = counter(&c.accept_errors);
    st
}
