//! Customer lifecycle rules: creation, requirements, documents, parties, terms of
//! service, verification start and the delayed, taxId-driven outcomes (§2–§4, §9).
//!
//! Everything here is a plain function of the store and a timestamp, so the rules are
//! unit-tested with a manual clock; `Shared` supplies real time, timers and webhooks.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::models::{
    Account, AccountStatus, Balance, Customer, CustomerType, Document, DocumentIssue, FlaggedItem,
    Party, PartyIssue, Requirement, RfiRound, StatusReason, Timer, TimerAction, Verification,
    VerificationRecord, VerificationStatus, Wallet,
};
use crate::rfi_scenarios::{self, Scenario, Target};
use crate::state::{Effects, Store};
use crate::taxid::{sentinel, Sentinel};
use crate::validation::{normalize_tax_id, NewCustomer, NewParty, ValidDocument, SIDED_TYPES};
use crate::views;
use crate::webhooks::WebhookEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delays {
    pub verification: Duration,
    pub activation: Duration,
}

pub const INDIVIDUAL_REQUIREMENTS: &[&str] = &[
    "ID_CARD",
    "PASSPORT",
    "DRIVERS_LICENSE",
    "BANK_STATEMENT",
    "INCOME_TAX_RETURN",
    "DELIVERY_RECEIPT",
    "SELFIE",
    "ADDITIONAL_INFORMATION",
    "TERMS_OF_SERVICE",
    "PROOF_OF_ADDRESS",
];

pub const BUSINESS_REQUIREMENTS: &[&str] = &[
    "INCORPORATION_ARTICLES",
    "POWER_OF_ATTORNEY",
    "DIRECTORS_REGISTRY",
    "SHAREHOLDER_REGISTRY",
    "REGULATED_ACTIVITY_DOCUMENT",
    "SIGNED_BALANCE_SHEET",
    "SIGNED_CORPORATE_STRUCTURE_CHART",
    "SIGNED_INCOME_STATEMENT",
    "ADDITIONAL_INFORMATION",
    "TERMS_OF_SERVICE",
    "PROOF_OF_ADDRESS",
];

pub fn requirements(kind: CustomerType) -> Vec<Requirement> {
    let names = match kind {
        CustomerType::Individual => INDIVIDUAL_REQUIREMENTS,
        CustomerType::Business => BUSINESS_REQUIREMENTS,
    };
    names
        .iter()
        .map(|n| Requirement {
            name: n.to_string(),
            status: "NOT_SENT".into(),
        })
        .collect()
}

/// A sandbox-looking Sumsub WebSDK link.
pub fn verification_link() -> String {
    format!(
        "https://in.sumsub.com/websdk/p/sbx_{}",
        &Uuid::new_v4().simple().to_string()[..16]
    )
}

fn to_time(d: Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::ZERO)
}

// ---------- webhook payloads (§5, §8 #6/#7) ----------

pub fn customer_event(c: &Customer) -> WebhookEvent {
    let mut data = json!({
        "customerId": c.id,
        "status": c.verification.status.as_str(),
        "level": c.verification.level,
    });
    if let Some(r) = &c.verification.status_reason {
        data["statusReason"] = json!(r);
    }
    WebhookEvent {
        event_type: format!("customer.{}", c.verification.status.as_str().to_lowercase()),
        data,
    }
}

pub fn account_event(a: &Account) -> WebhookEvent {
    WebhookEvent {
        event_type: format!("account.{}", a.status.as_str().to_lowercase()),
        data: views::account(a),
    }
}

// ---------- mutations requested by the API ----------

fn ensure_not_rejected(c: &Customer) -> ApiResult<()> {
    if c.verification.status == VerificationStatus::FinalRejection {
        Err(ApiError::conflict(
            "Customer is in FINAL_REJECTION; no further submissions are accepted",
        ))
    } else {
        Ok(())
    }
}

pub fn create_customer(
    store: &mut Store,
    new: NewCustomer,
    now: OffsetDateTime,
    fx: &mut Effects,
) -> ApiResult<Uuid> {
    let norm = normalize_tax_id(&new.tax_id);
    if let Some(existing) = store.tax_index.get(&norm) {
        return Err(
            ApiError::conflict("Another customer with the same document already exists")
                .with_extra("customer", json!({ "id": existing })),
        );
    }
    let id = Uuid::new_v4();
    let seq = store.next_seq();
    let mut account_ids = Vec::new();
    for currency in &new.accounts {
        let acc = Account {
            id: Uuid::new_v4(),
            seq: store.next_seq(),
            customer_id: id,
            currency: currency.clone(),
            status: AccountStatus::Provisioning,
            created_at: now,
            updated_at: now,
        };
        account_ids.push(acc.id);
        store.accounts.insert(acc.id, acc);
    }
    let c = Customer {
        id,
        seq,
        kind: new.kind,
        name: new.name,
        tax_id: new.tax_id,
        date: new.date,
        country: new.country,
        email: new.email,
        metadata: new.metadata,
        verification: Verification::new(verification_link()),
        requirements: requirements(new.kind),
        additional_information: None,
        account_ids,
        wallets: Vec::new(),
        tos_accepted_at: None,
        parties: Vec::new(),
        documents: Vec::new(),
        rfi: None,
        created_at: now,
        updated_at: now,
    };
    fx.events.push(WebhookEvent {
        event_type: "customer.created".into(),
        data: customer_event(&c).data,
    });
    store.tax_index.insert(norm, id);
    store.customers.insert(id, c);
    Ok(id)
}

pub fn set_additional_information(
    store: &mut Store,
    id: Uuid,
    info: Value,
    now: OffsetDateTime,
) -> ApiResult<()> {
    let c = store.customer_mut(id)?;
    ensure_not_rejected(c)?;
    c.additional_information = Some(info);
    c.set_requirement("ADDITIONAL_INFORMATION", "SENT");
    c.updated_at = now;
    Ok(())
}

pub fn add_party(
    store: &mut Store,
    customer_id: Uuid,
    p: NewParty,
    now: OffsetDateTime,
) -> ApiResult<Uuid> {
    let seq = store.next_seq();
    let c = store.customer_mut(customer_id)?;
    ensure_not_rejected(c)?;
    if c.kind != CustomerType::Business {
        return Err(ApiError::bad_request(
            "Associated parties can only be added to BUSINESS customers",
        ));
    }
    if let Some(parent) = p.parent_id {
        if c.party(parent).is_none() {
            return Err(ApiError::field(
                "parentId",
                "must reference an associated party of this customer",
            ));
        }
    }
    let id = Uuid::new_v4();
    c.parties.push(Party {
        id,
        seq,
        kind: p.kind,
        roles: p.roles,
        name: p.name,
        tax_id: p.tax_id,
        date: p.date,
        email: p.email,
        address: p.address,
        ownership_percentage: p.ownership_percentage,
        parent_id: p.parent_id,
        verification: Verification::new(verification_link()),
        created_at: now,
        updated_at: now,
    });
    c.updated_at = now;
    Ok(id)
}

/// What is known about an uploaded file (never its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    pub file_name: Option<String>,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

pub fn add_document(
    store: &mut Store,
    customer_id: Uuid,
    doc: ValidDocument,
    file: FileMeta,
    now: OffsetDateTime,
) -> ApiResult<Uuid> {
    let seq = store.next_seq();
    let c = store.customer_mut(customer_id)?;
    ensure_not_rejected(c)?;
    if let Some(pid) = doc.party_id {
        if c.party(pid).is_none() {
            return Err(ApiError::field(
                "associatedPartyId",
                "does not belong to this customer",
            ));
        }
    }
    let id = Uuid::new_v4();
    if doc.party_id.is_none() {
        let req = c.requirements.iter_mut().find(|r| r.name == doc.doc_type);
        if let Some(r) = req.filter(|r| r.status != "APPROVED") {
            r.status = "SENT".into();
        }
    }
    c.documents.push(Document {
        id,
        seq,
        party_id: doc.party_id,
        doc_type: doc.doc_type,
        side: doc.side,
        country: doc.country,
        file_name: file.file_name,
        media_type: file.media_type,
        size: file.size,
        sha256: file.sha256,
        status: "SENT".into(),
        uploaded_at: now,
    });
    c.updated_at = now;
    Ok(id)
}

/// Marks the Terms of Service accepted; `false` if the customer does not exist.
pub fn accept_tos(store: &mut Store, customer_id: Uuid, now: OffsetDateTime) -> bool {
    let Some(c) = store.customers.get_mut(&customer_id) else {
        return false;
    };
    if c.tos_accepted_at.is_none() {
        c.tos_accepted_at = Some(now);
        c.requirements.retain(|r| r.name != "TERMS_OF_SERVICE");
        c.updated_at = now;
    }
    true
}

/// What must exist before a full verification may start (§2.7, §8 #16).
fn missing_for_verification(c: &Customer) -> Vec<FieldError> {
    let mut missing = Vec::new();
    if c.additional_information.is_none() {
        missing.push(FieldError::new(
            "ADDITIONAL_INFORMATION",
            "additional information has not been sent",
        ));
    }
    if !c
        .documents
        .iter()
        .any(|d| d.party_id.is_none() && d.doc_type == "PROOF_OF_ADDRESS")
    {
        missing.push(FieldError::new(
            "PROOF_OF_ADDRESS",
            "a PROOF_OF_ADDRESS document has not been uploaded",
        ));
    }
    if c.tos_accepted_at.is_none() {
        missing.push(FieldError::new(
            "TERMS_OF_SERVICE",
            "the Terms of Service have not been accepted",
        ));
    }
    if c.kind == CustomerType::Business
        && !c
            .parties
            .iter()
            .any(|p| p.roles.iter().any(|r| r == "REPRESENTATIVE"))
    {
        missing.push(FieldError::new(
            "REPRESENTATIVE",
            "a business needs at least one REPRESENTATIVE associated party",
        ));
    }
    missing
}

pub fn start_verification(
    store: &mut Store,
    customer_id: Uuid,
    party_ids: Vec<Uuid>,
    now: OffsetDateTime,
    delays: &Delays,
    fx: &mut Effects,
) -> ApiResult<Uuid> {
    let c = store.customer_mut(customer_id)?;
    match c.verification.status {
        VerificationStatus::UnderVerification => {
            return Err(ApiError::conflict("A verification is already in progress"))
        }
        VerificationStatus::FinalRejection => {
            return Err(ApiError::conflict(
                "Customer is in FINAL_REJECTION; verification cannot be restarted",
            ))
        }
        VerificationStatus::Approved if party_ids.is_empty() => {
            return Err(ApiError::conflict("Customer is already approved"))
        }
        _ => {}
    }
    let due = now + to_time(delays.verification);
    let record = VerificationRecord {
        id: Uuid::new_v4(),
        customer_id,
        party_ids: party_ids.clone(),
        started_at: now,
    };

    if !party_ids.is_empty() {
        // Re-verify only the listed parties; the customer's own status is untouched.
        if c.kind != CustomerType::Business {
            return Err(ApiError::field(
                "associatedPartyIds",
                "only BUSINESS customers have associated parties",
            ));
        }
        let unknown: Vec<FieldError> = party_ids
            .iter()
            .enumerate()
            .filter(|(_, id)| c.party(**id).is_none())
            .map(|(i, _)| {
                FieldError::new(
                    format!("associatedPartyIds[{i}]"),
                    "does not belong to this customer",
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::validation(unknown));
        }
        if c.verification.status == VerificationStatus::NotStarted {
            return Err(ApiError::bad_request(
                "Start the customer's verification before re-verifying individual parties",
            ));
        }
        for p in c.parties.iter_mut().filter(|p| party_ids.contains(&p.id)) {
            p.verification.status = VerificationStatus::UnderVerification;
            p.verification.status_reason = None;
            p.updated_at = now;
        }
        c.updated_at = now;
        store.timers.push(Timer {
            due,
            action: TimerAction::PartyOutcome {
                customer_id,
                party_ids,
            },
        });
        fx.wakeups.push(due);
        let id = record.id;
        store.verifications.push(record);
        return Ok(id);
    }

    let missing = missing_for_verification(c);
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|m| m.field.as_str()).collect();
        let mut e = ApiError::bad_request(format!(
            "Verification cannot start; missing: {}",
            names.join(", ")
        ));
        e.details = missing;
        return Err(e);
    }
    let id = record.id;
    if sentinel(&c.tax_id) == Sentinel::NeverStarts {
        // Sandbox taxId ending in 1: the call succeeds but the review never begins.
        store.verifications.push(record);
        return Ok(id);
    }
    c.verification.status = VerificationStatus::UnderVerification;
    c.verification.status_reason = None;
    for p in &mut c.parties {
        p.verification.status = VerificationStatus::UnderVerification;
        p.verification.status_reason = None;
        p.updated_at = now;
    }
    c.updated_at = now;
    fx.events.push(customer_event(c));
    store.timers.push(Timer {
        due,
        action: TimerAction::CustomerOutcome { customer_id },
    });
    fx.wakeups.push(due);
    store.verifications.push(record);
    Ok(id)
}

// ---------- delayed transitions ----------

/// Applies every timer due at `now`, earliest first (a transition may schedule the
/// next one, e.g. approval -> account activation). Returns whether anything changed.
pub fn tick(store: &mut Store, now: OffsetDateTime, delays: &Delays, fx: &mut Effects) -> bool {
    let mut changed = false;
    loop {
        let next = store
            .timers
            .iter()
            .enumerate()
            .filter(|(_, t)| t.due <= now)
            .min_by_key(|(_, t)| t.due)
            .map(|(i, _)| i);
        let Some(i) = next else { break };
        let timer = store.timers.remove(i);
        match timer.action {
            TimerAction::CustomerOutcome { customer_id } => {
                resolve_customer(store, customer_id, timer.due, delays, fx)
            }
            TimerAction::PartyOutcome {
                customer_id,
                party_ids,
            } => resolve_parties(store, customer_id, &party_ids, timer.due),
            TimerAction::AccountActivation { account_id, to_rfi } => {
                if let Some(a) = store.accounts.get_mut(&account_id) {
                    if a.status == AccountStatus::Provisioning {
                        a.status = if to_rfi {
                            AccountStatus::Rfi
                        } else {
                            AccountStatus::Active
                        };
                        a.updated_at = timer.due;
                        fx.events.push(account_event(a));
                    }
                }
            }
        }
        changed = true;
    }
    changed
}

fn resolve_customer(
    store: &mut Store,
    id: Uuid,
    at: OffsetDateTime,
    delays: &Delays,
    fx: &mut Effects,
) {
    let issued_seq = store.next_seq();
    let Some(c) = store.customers.get_mut(&id) else {
        return;
    };
    if c.verification.status != VerificationStatus::UnderVerification {
        return;
    }
    match sentinel(&c.tax_id) {
        Sentinel::FinalRejection => reject(c, &mut store.accounts, at, fx),
        Sentinel::Rfi => {
            let items = match &c.rfi {
                Some(round) => outstanding(c, round),
                None => first_rfi_items(c),
            };
            // A data scenario's first round declines no document, only the data.
            let data_round =
                c.rfi.is_none() && Scenario::for_tax_id(&c.tax_id).target() == Some(Target::Data);
            if items.is_empty() && !data_round {
                approve(
                    c,
                    &mut store.accounts,
                    &mut store.timers,
                    at,
                    delays,
                    true,
                    fx,
                );
            } else {
                issue_rfi(c, items, issued_seq, at, fx);
            }
        }
        Sentinel::Approved | Sentinel::NeverStarts => approve(
            c,
            &mut store.accounts,
            &mut store.timers,
            at,
            delays,
            false,
            fx,
        ),
    }
}

fn matches_item(d: &Document, item: &FlaggedItem) -> bool {
    d.party_id == item.party_id && d.doc_type == item.doc_type && d.side == item.side
}

/// Flagged items without a newer upload of the same (party, type, side).
fn outstanding(c: &Customer, round: &RfiRound) -> Vec<FlaggedItem> {
    round
        .items
        .iter()
        .filter(|item| {
            !c.documents
                .iter()
                .any(|d| d.seq > round.issued_seq && matches_item(d, item))
        })
        .cloned()
        .collect()
}

/// The first RFI declines something that was really uploaded: an individual's
/// identity document (else proof of address), a business's proof of address plus
/// one document of its representative.
pub(crate) fn first_rfi_items(c: &Customer) -> Vec<FlaggedItem> {
    let mut items = classic_rfi_items(c);
    let own_identity = || {
        c.documents
            .iter()
            .rev()
            .find(|d| d.party_id.is_none() && SIDED_TYPES.contains(&d.doc_type.as_str()))
    };
    let own = |doc_type: &str, side: Option<&str>| FlaggedItem {
        party_id: None,
        doc_type: doc_type.to_owned(),
        side: side.map(str::to_owned),
    };
    // The scenario replaces what the customer's own item declines; parties stay.
    let replacement = match Scenario::for_tax_id(&c.tax_id).target() {
        None => return items,
        Some(Target::Data) => None,
        Some(Target::ProofOfAddress) => Some(own("PROOF_OF_ADDRESS", None)),
        Some(Target::IdentityDocument) => Some(match own_identity() {
            Some(d) => own(&d.doc_type, d.side.as_deref()),
            None => own("PROOF_OF_ADDRESS", None),
        }),
        Some(Target::IdentityBackSide) => Some(match own_identity() {
            Some(d) => own(&d.doc_type, Some("BACK_SIDE")),
            None => own("ID_CARD", Some("BACK_SIDE")),
        }),
    };
    items.retain(|i| i.party_id.is_some());
    items.splice(0..0, replacement);
    items
}

/// What the first RFI always declined (the classic scenario).
fn classic_rfi_items(c: &Customer) -> Vec<FlaggedItem> {
    let item = |d: &Document| FlaggedItem {
        party_id: d.party_id,
        doc_type: d.doc_type.clone(),
        side: d.side.clone(),
    };
    let own_identity = c
        .documents
        .iter()
        .rev()
        .find(|d| d.party_id.is_none() && SIDED_TYPES.contains(&d.doc_type.as_str()));
    let mut items = vec![match (c.kind, own_identity) {
        (CustomerType::Individual, Some(d)) => item(d),
        _ => FlaggedItem {
            party_id: None,
            doc_type: "PROOF_OF_ADDRESS".into(),
            side: None,
        },
    }];
    if c.kind == CustomerType::Business {
        let party = c
            .parties
            .iter()
            .find(|p| p.roles.iter().any(|r| r == "REPRESENTATIVE"))
            .or(c.parties.first());
        if let Some(p) = party {
            let docs = || {
                c.documents
                    .iter()
                    .rev()
                    .filter(|d| d.party_id == Some(p.id))
            };
            let pick = docs()
                .find(|d| SIDED_TYPES.contains(&d.doc_type.as_str()))
                .or_else(|| docs().find(|d| d.doc_type == "PROOF_OF_ADDRESS"));
            items.push(match pick {
                Some(d) => item(d),
                None => FlaggedItem {
                    party_id: Some(p.id),
                    doc_type: "PROOF_OF_ADDRESS".into(),
                    side: None,
                },
            });
        }
    }
    items
}

fn issue_for(c: &Customer, item: &FlaggedItem) -> DocumentIssue {
    let uploaded = c.documents.iter().any(|d| matches_item(d, item));
    // A party's documents keep the classic labels: the scenario is the customer's.
    let scenario = match item.party_id {
        None => Scenario::for_tax_id(&c.tax_id),
        Some(_) => Scenario::Classic,
    };
    let (label, sub) = scenario.labels();
    let (comment, label, sub) = if uploaded || scenario == Scenario::BackSideMissing {
        (
            rfi_scenarios::comment(label, sub),
            label.to_string(),
            sub.to_string(),
        )
    } else {
        (
            format!("{} was not provided", item.doc_type),
            "DOCUMENT_MISSING".to_string(),
            format!("{}_MISSING", item.doc_type),
        )
    };
    DocumentIssue {
        doc_type: item.doc_type.clone(),
        side: item.side.clone(),
        status: "DECLINED".into(),
        comment,
        reject_labels: vec![label],
        reject_sub_labels: vec![sub],
    }
}

fn reason_from(issues: Vec<DocumentIssue>, parties: Vec<PartyIssue>) -> StatusReason {
    let mut labels: Vec<String> = Vec::new();
    let mut subs: Vec<String> = Vec::new();
    let all = issues.iter().chain(
        parties
            .iter()
            .flat_map(|p| p.status_reason.documents.iter()),
    );
    for i in all {
        for l in &i.reject_labels {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
        for s in &i.reject_sub_labels {
            if !subs.contains(s) {
                subs.push(s.clone());
            }
        }
    }
    StatusReason {
        reject_labels: labels,
        reject_sub_labels: subs,
        documents: issues,
        associated_parties: parties,
    }
}

/// Builds the customer's statusReason (and each flagged party's) from `items`.
fn reason_for_items(
    c: &Customer,
    items: &[FlaggedItem],
) -> (StatusReason, HashMap<Uuid, StatusReason>) {
    let own: Vec<DocumentIssue> = items
        .iter()
        .filter(|i| i.party_id.is_none())
        .map(|i| issue_for(c, i))
        .collect();
    let mut party_order: Vec<Uuid> = Vec::new();
    for pid in items.iter().filter_map(|i| i.party_id) {
        if !party_order.contains(&pid) {
            party_order.push(pid);
        }
    }
    let mut per_party = HashMap::new();
    let mut party_issues = Vec::new();
    for pid in party_order {
        let docs: Vec<DocumentIssue> = items
            .iter()
            .filter(|i| i.party_id == Some(pid))
            .map(|i| issue_for(c, i))
            .collect();
        let reason = reason_from(docs, Vec::new());
        per_party.insert(pid, reason.clone());
        party_issues.push(PartyIssue {
            id: pid,
            status_reason: reason,
        });
    }
    (reason_from(own, party_issues), per_party)
}

pub(crate) fn issue_rfi(
    c: &mut Customer,
    items: Vec<FlaggedItem>,
    issued_seq: u64,
    at: OffsetDateTime,
    fx: &mut Effects,
) {
    let (mut reason, per_party) = reason_for_items(c, &items);
    let scenario = Scenario::for_tax_id(&c.tax_id);
    if c.rfi.is_none() && scenario.target() == Some(Target::Data) {
        let (label, sub) = scenario.labels();
        reason.reject_labels.insert(0, label.to_owned());
        reason.reject_sub_labels.insert(0, sub.to_owned());
    }
    for item in &items {
        if let Some(d) = c.documents.iter_mut().rev().find(|d| matches_item(d, item)) {
            d.status = "DECLINED".into();
        }
        if item.party_id.is_none() {
            c.set_requirement(&item.doc_type, "DECLINED");
        }
    }
    for p in &mut c.parties {
        match per_party.get(&p.id) {
            Some(r) => {
                p.verification.status = VerificationStatus::Rfi;
                p.verification.status_reason = Some(r.clone());
            }
            None => {
                p.verification.status = VerificationStatus::Approved;
                p.verification.status_reason = None;
            }
        }
        p.updated_at = at;
    }
    c.verification.status = VerificationStatus::Rfi;
    c.verification.status_reason = Some(reason);
    c.rfi = Some(RfiRound { issued_seq, items });
    c.updated_at = at;
    fx.events.push(customer_event(c));
}

fn approve(
    c: &mut Customer,
    accounts: &mut HashMap<Uuid, Account>,
    timers: &mut Vec<Timer>,
    at: OffsetDateTime,
    delays: &Delays,
    one_account_rfi: bool,
    fx: &mut Effects,
) {
    c.verification.status = VerificationStatus::Approved;
    c.verification.status_reason = None;
    c.rfi = None;
    for r in &mut c.requirements {
        if r.status == "SENT" || r.status == "DECLINED" {
            r.status = "APPROVED".into();
        }
    }
    for d in c.documents.iter_mut().filter(|d| d.status == "SENT") {
        d.status = "APPROVED".into();
    }
    for p in &mut c.parties {
        p.verification.status = VerificationStatus::Approved;
        p.verification.status_reason = None;
        p.updated_at = at;
    }
    if c.wallets.is_empty() {
        c.wallets = wallets_for(c.id, at);
    }
    c.updated_at = at;
    fx.events.push(customer_event(c));
    // Provisioning starts once the customer is approved (§2.9).
    let due = at + to_time(delays.activation);
    let mut first = true;
    for id in &c.account_ids {
        let Some(a) = accounts.get_mut(id) else {
            continue;
        };
        if a.status != AccountStatus::Provisioning {
            continue;
        }
        a.updated_at = at;
        fx.events.push(account_event(a));
        timers.push(Timer {
            due,
            action: TimerAction::AccountActivation {
                account_id: a.id,
                to_rfi: one_account_rfi && first,
            },
        });
        fx.wakeups.push(due);
        first = false;
    }
}

pub(crate) fn reject(
    c: &mut Customer,
    accounts: &mut HashMap<Uuid, Account>,
    at: OffsetDateTime,
    fx: &mut Effects,
) {
    c.verification.status = VerificationStatus::FinalRejection;
    c.verification.status_reason = Some(StatusReason {
        reject_labels: vec!["REGULATIONS_VIOLATIONS".into()],
        reject_sub_labels: vec!["SANCTIONS_LIST_MATCH".into()],
        documents: Vec::new(),
        associated_parties: Vec::new(),
    });
    c.rfi = None;
    for p in &mut c.parties {
        p.verification.status = VerificationStatus::FinalRejection;
        p.updated_at = at;
    }
    c.updated_at = at;
    fx.events.push(customer_event(c));
    for id in &c.account_ids {
        if let Some(a) = accounts.get_mut(id) {
            if a.status != AccountStatus::Closed {
                a.status = AccountStatus::Closed;
                a.updated_at = at;
                fx.events.push(account_event(a));
            }
        }
    }
}

/// Outcome of a party-only re-verification: a flagged party whose items were all
/// re-sent is approved (and dropped from the customer's RFI); otherwise it stays RFI.
fn resolve_parties(store: &mut Store, customer_id: Uuid, party_ids: &[Uuid], at: OffsetDateTime) {
    let Some(c) = store.customers.get_mut(&customer_id) else {
        return;
    };
    for pid in party_ids {
        let remaining: Option<Vec<FlaggedItem>> = c.rfi.as_ref().map(|round| {
            outstanding(c, round)
                .into_iter()
                .filter(|i| i.party_id == Some(*pid))
                .collect()
        });
        let remaining = remaining.unwrap_or_default();
        let reason = (!remaining.is_empty()).then(|| reason_for_items(c, &remaining).1.remove(pid));
        let Some(p) = c.parties.iter_mut().find(|p| p.id == *pid) else {
            continue;
        };
        if p.verification.status != VerificationStatus::UnderVerification {
            continue;
        }
        p.updated_at = at;
        match reason.flatten() {
            Some(r) => {
                p.verification.status = VerificationStatus::Rfi;
                p.verification.status_reason = Some(r);
            }
            None => {
                p.verification.status = VerificationStatus::Approved;
                p.verification.status_reason = None;
                if let Some(round) = c.rfi.as_mut() {
                    round.items.retain(|i| i.party_id != Some(*pid));
                }
                if let Some(r) = c.verification.status_reason.as_mut() {
                    r.associated_parties.retain(|a| a.id != *pid);
                }
            }
        }
    }
    c.updated_at = at;
}

// ---------- wallets ----------

const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Deterministic sandbox addresses per customer and chain (POLYGON is the default).
pub fn wallets_for(customer_id: Uuid, at: OffsetDateTime) -> Vec<Wallet> {
    let chains = [
        ("ETHEREUM", "https://sepolia.etherscan.io/address/"),
        ("POLYGON", "https://amoy.polygonscan.com/address/"),
        ("BASE", "https://sepolia.basescan.org/address/"),
        ("TRON", "https://nile.tronscan.org/#/address/"),
    ];
    chains
        .iter()
        .map(|(chain, explorer)| {
            let digest = Sha256::digest(format!("{customer_id}:{chain}").as_bytes());
            let address = if *chain == "TRON" {
                let tail: String = digest
                    .iter()
                    .chain(digest.iter())
                    .take(33)
                    .map(|b| BASE58[(*b as usize) % BASE58.len()] as char)
                    .collect();
                format!("T{tail}")
            } else {
                format!("0x{}", hex::encode(&digest[..20]))
            };
            let currencies: &[&str] = if *chain == "BASE" {
                &["USDC"]
            } else {
                &["USDC", "USDT"]
            };
            Wallet {
                blockchain: chain.to_string(),
                block_explorer_url: format!("{explorer}{address}"),
                address,
                is_default: *chain == "POLYGON",
                balances: currencies
                    .iter()
                    .map(|c| Balance {
                        currency: c.to_string(),
                        amount: "0.00".into(),
                    })
                    .collect(),
                updated_at: at,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Clock, ManualClock};
    use serde_json::json;
    use time::macros::datetime;

    const DELAYS: Delays = Delays {
        verification: Duration::from_secs(2),
        activation: Duration::from_secs(5),
    };

    struct World {
        store: Store,
        clock: ManualClock,
        fx: Effects,
    }

    impl World {
        fn new() -> Self {
            Self {
                store: Store::default(),
                clock: ManualClock::new(datetime!(2026-03-01 12:00 UTC)),
                fx: Effects::default(),
            }
        }

        fn customer(&mut self, kind: CustomerType, tax_id: &str) -> Uuid {
            let new = NewCustomer {
                kind,
                name: "Ana Souza".into(),
                tax_id: tax_id.into(),
                date: "1990-01-01".into(),
                country: "BRA".into(),
                email: "ana@example.com".into(),
                metadata: json!({}),
                accounts: vec!["BRL".into(), "USD".into()],
            };
            create_customer(&mut self.store, new, self.clock.now(), &mut self.fx).unwrap()
        }

        fn upload(&mut self, id: Uuid, doc_type: &str, side: Option<&str>, party: Option<Uuid>) {
            let doc = ValidDocument {
                doc_type: doc_type.into(),
                country: "BRA".into(),
                side: side.map(str::to_string),
                party_id: party,
            };
            let file = FileMeta {
                file_name: Some("f.pdf".into()),
                media_type: "application/pdf".into(),
                size: 10,
                sha256: "00".into(),
            };
            add_document(&mut self.store, id, doc, file, self.clock.now()).unwrap();
        }

        fn ready(&mut self, id: Uuid) {
            set_additional_information(&mut self.store, id, json!({"type":"X"}), self.clock.now())
                .unwrap();
            self.upload(id, "PROOF_OF_ADDRESS", None, None);
            assert!(accept_tos(&mut self.store, id, self.clock.now()));
        }

        fn start(&mut self, id: Uuid) -> ApiResult<Uuid> {
            start_verification(
                &mut self.store,
                id,
                Vec::new(),
                self.clock.now(),
                &DELAYS,
                &mut self.fx,
            )
        }

        fn advance(&mut self, d: Duration) {
            self.clock.advance(d);
            tick(&mut self.store, self.clock.now(), &DELAYS, &mut self.fx);
        }

        fn status(&self, id: Uuid) -> VerificationStatus {
            self.store.customers[&id].verification.status
        }

        fn events(&self) -> Vec<String> {
            self.fx
                .events
                .iter()
                .map(|e| e.event_type.clone())
                .collect()
        }
    }

    #[test]
    fn start_names_every_missing_precondition() {
        let mut w = World::new();
        let id = w.customer(CustomerType::Business, "42.887.120/0001-00");
        let e = w.start(id).unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::BAD_REQUEST);
        let fields: Vec<&str> = e.details.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "ADDITIONAL_INFORMATION",
                "PROOF_OF_ADDRESS",
                "TERMS_OF_SERVICE",
                "REPRESENTATIVE"
            ]
        );
        assert!(e.message.contains("PROOF_OF_ADDRESS"));
    }

    #[test]
    fn requirements_move_to_sent_and_tos_disappears() {
        let mut w = World::new();
        let id = w.customer(CustomerType::Individual, "123.456.789-09");
        let names: Vec<String> = w.store.customers[&id]
            .requirements
            .iter()
            .map(|r| r.name.clone())
            .collect();
        assert_eq!(names, INDIVIDUAL_REQUIREMENTS);
        w.ready(id);
        let c = &w.store.customers[&id];
        let status = |n: &str| {
            c.requirements
                .iter()
                .find(|r| r.name == n)
                .map(|r| r.status.clone())
        };
        assert_eq!(status("PROOF_OF_ADDRESS").as_deref(), Some("SENT"));
        assert_eq!(status("ADDITIONAL_INFORMATION").as_deref(), Some("SENT"));
        assert_eq!(status("PASSPORT").as_deref(), Some("NOT_SENT"));
        assert_eq!(status("TERMS_OF_SERVICE"), None);
    }

    #[test]
    fn approved_after_delay_then_accounts_activate() {
        let mut w = World::new();
        let id = w.customer(CustomerType::Individual, "123.456.789-09");
        w.ready(id);
        w.start(id).unwrap();
        assert_eq!(w.status(id), VerificationStatus::UnderVerification);
        w.advance(Duration::from_millis(1999));
        assert_eq!(w.status(id), VerificationStatus::UnderVerification);
        w.advance(Duration::from_millis(1));
        assert_eq!(w.status(id), VerificationStatus::Approved);
        let c = &w.store.customers[&id];
        assert_eq!(c.wallets.len(), 4);
        assert!(c.requirements.iter().any(|r| r.status == "APPROVED"));
        assert!(c
            .account_ids
            .iter()
            .all(|a| w.store.accounts[a].status == AccountStatus::Provisioning));
        w.advance(Duration::from_secs(5));
        let c = &w.store.customers[&id];
        assert!(c
            .account_ids
            .iter()
            .all(|a| w.store.accounts[a].status == AccountStatus::Active));
        assert_eq!(
            w.events(),
            [
                "customer.created",
                "customer.under_verification",
                "customer.approved",
                "account.provisioning",
                "account.provisioning",
                "account.active",
                "account.active"
            ]
        );
        // Approved customers cannot start again.
        assert_eq!(
            w.start(id).unwrap_err().status,
            axum::http::StatusCode::CONFLICT
        );
    }

    #[test]
    fn one_large_clock_jump_applies_chained_transitions() {
        let mut w = World::new();
        let id = w.customer(CustomerType::Individual, "123.456.789-09");
        w.ready(id);
        w.start(id).unwrap();
        w.advance(Duration::from_secs(3600));
        let c = &w.store.customers[&id];
        assert_eq!(c.verification.status, VerificationStatus::Approved);
        assert!(c
            .account_ids
            .iter()
            .all(|a| w.store.accounts[a].status == AccountStatus::Active));
    }

    #[test]
    fn tax_id_ending_in_1_never_starts() {
        let mut w = World::new();
        let id = w.customer(CustomerType::Individual, "123.456.789-01");
        w.ready(id);
        w.start(id).unwrap();
        w.advance(Duration::from_secs(60));
        assert_eq!(w.status(id), VerificationStatus::NotStarted);
        assert_eq!(w.store.verifications.len(), 1);
    }

    #[test]
    fn tax_id_ending_in_3_is_final_and_terminal() {
        let mut w = World::new();
        let id = w.customer(CustomerType::Individual, "123.456.789-03");
        w.ready(id);
        w.start(id).unwrap();
        w.advance(Duration::from_secs(2));
        assert_eq!(w.status(id), VerificationStatus::FinalRejection);
        let c = &w.store.customers[&id];
        assert!(c
            .account_ids
            .iter()
            .all(|a| w.store.accounts[a].status == AccountStatus::Closed));
        assert_eq!(
            w.start(id).unwrap_err().status,
            axum::http::StatusCode::CONFLICT
        );
        let e = set_additional_information(&mut w.store, id, json!({}), w.clock.now()).unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::CONFLICT);
    }

    #[test]
    fn the_first_digit_picks_what_the_rfi_declines() {
        let reason_of = |tax_id: &str| {
            let mut w = World::new();
            let id = w.customer(CustomerType::Individual, tax_id);
            w.ready(id);
            w.upload(id, "ID_CARD", Some("FRONT_SIDE"), None);
            w.upload(id, "PROOF_OF_ADDRESS", None, None);
            w.start(id).unwrap();
            w.advance(Duration::from_secs(2));
            assert_eq!(w.status(id), VerificationStatus::Rfi, "{tax_id}");
            w.store.customers[&id]
                .verification
                .status_reason
                .clone()
                .unwrap()
        };
        let blurry_poa = reason_of("223.456.789-02");
        assert_eq!(blurry_poa.documents.len(), 1);
        assert_eq!(blurry_poa.documents[0].doc_type, "PROOF_OF_ADDRESS");
        assert_eq!(
            blurry_poa.documents[0].reject_sub_labels,
            ["DOCUMENT_BLURRY"]
        );
        assert_eq!(
            blurry_poa.documents[0].comment,
            "Document is blurry and illegible"
        );

        let back_missing = reason_of("423.456.789-02");
        assert_eq!(back_missing.documents[0].doc_type, "ID_CARD");
        assert_eq!(back_missing.documents[0].side.as_deref(), Some("BACK_SIDE"));
        assert_eq!(back_missing.reject_labels, ["BACK_SIDE_MISSING"]);

        let screenshot = reason_of("323.456.789-02");
        assert_eq!(screenshot.documents[0].side.as_deref(), Some("FRONT_SIDE"));
        assert_eq!(screenshot.reject_sub_labels, ["badPhoto_screenshot"]);

        let data = reason_of("623.456.789-02");
        assert!(data.documents.is_empty());
        assert_eq!(data.reject_labels, ["REQUESTED_DATA_MISMATCH"]);
        assert_eq!(data.reject_sub_labels, ["dataMismatch_fullName"]);
    }

    #[test]
    fn a_data_rfi_is_approved_once_verification_starts_again() {
        let mut w = World::new();
        let id = w.customer(CustomerType::Individual, "623.456.789-02");
        w.ready(id);
        w.start(id).unwrap();
        w.advance(Duration::from_secs(2));
        assert_eq!(w.status(id), VerificationStatus::Rfi);
        w.start(id).unwrap();
        w.advance(Duration::from_secs(2));
        assert_eq!(w.status(id), VerificationStatus::Approved);
    }

    #[test]
    fn rfi_declines_an_uploaded_document_and_partial_resend_stays_rfi() {
        let mut w = World::new();
        let id = w.customer(CustomerType::Individual, "123.456.789-02");
        w.ready(id);
        w.upload(id, "PASSPORT", Some("FRONT_SIDE"), None);
        w.start(id).unwrap();
        w.advance(Duration::from_secs(2));
        assert_eq!(w.status(id), VerificationStatus::Rfi);
        let reason = w.store.customers[&id]
            .verification
            .status_reason
            .clone()
            .unwrap();
        assert_eq!(reason.reject_labels, ["DOCUMENT_QUALITY"]);
        assert_eq!(reason.documents[0].doc_type, "PASSPORT");
        assert_eq!(reason.documents[0].side.as_deref(), Some("FRONT_SIDE"));
        assert_eq!(reason.documents[0].status, "DECLINED");

        // Re-sending an unrelated side does not resolve it.
        w.upload(id, "PASSPORT", Some("BACK_SIDE"), None);
        w.start(id).unwrap();
        assert_eq!(w.status(id), VerificationStatus::UnderVerification);
        w.advance(Duration::from_secs(2));
        assert_eq!(w.status(id), VerificationStatus::Rfi);

        w.upload(id, "PASSPORT", Some("FRONT_SIDE"), None);
        w.start(id).unwrap();
        w.advance(Duration::from_secs(2));
        assert_eq!(w.status(id), VerificationStatus::Approved);
        w.advance(Duration::from_secs(5));
        let statuses: Vec<AccountStatus> = w.store.customers[&id]
            .account_ids
            .iter()
            .map(|a| w.store.accounts[a].status)
            .collect();
        assert_eq!(statuses, [AccountStatus::Rfi, AccountStatus::Active]);
    }

    #[test]
    fn business_rfi_flags_a_party_and_lists_only_what_is_still_missing() {
        let mut w = World::new();
        let id = w.customer(CustomerType::Business, "12.887.120/0001-02");
        w.ready(id);
        let now = w.clock.now();
        let holding = add_party(
            &mut w.store,
            id,
            NewParty {
                kind: CustomerType::Business,
                roles: vec!["SHAREHOLDER".into()],
                name: "Holding".into(),
                tax_id: None,
                date: None,
                email: None,
                address: None,
                ownership_percentage: Some(60.0),
                parent_id: None,
            },
            now,
        )
        .unwrap();
        let rep = add_party(
            &mut w.store,
            id,
            NewParty {
                kind: CustomerType::Individual,
                roles: vec!["REPRESENTATIVE".into()],
                name: "Rep".into(),
                tax_id: None,
                date: None,
                email: None,
                address: None,
                ownership_percentage: None,
                parent_id: Some(holding),
            },
            now,
        )
        .unwrap();
        w.upload(id, "ID_CARD", Some("FRONT_SIDE"), Some(rep));
        w.start(id).unwrap();
        w.advance(Duration::from_secs(2));
        assert_eq!(w.status(id), VerificationStatus::Rfi);
        let c = &w.store.customers[&id];
        let reason = c.verification.status_reason.clone().unwrap();
        assert_eq!(reason.documents[0].doc_type, "PROOF_OF_ADDRESS");
        assert_eq!(reason.associated_parties[0].id, rep);
        assert_eq!(
            c.party(rep).unwrap().verification.status,
            VerificationStatus::Rfi
        );
        assert_eq!(
            c.party(holding).unwrap().verification.status,
            VerificationStatus::Approved
        );

        // Only the customer's proof of address is re-sent: the next round lists only the party.
        w.upload(id, "PROOF_OF_ADDRESS", None, None);
        w.start(id).unwrap();
        w.advance(Duration::from_secs(2));
        let reason = w.store.customers[&id]
            .verification
            .status_reason
            .clone()
            .unwrap();
        assert!(reason.documents.is_empty());
        assert_eq!(reason.associated_parties.len(), 1);
        assert_eq!(
            reason.associated_parties[0].status_reason.documents[0].doc_type,
            "ID_CARD"
        );

        w.upload(id, "ID_CARD", Some("FRONT_SIDE"), Some(rep));
        w.start(id).unwrap();
        w.advance(Duration::from_secs(2));
        assert_eq!(w.status(id), VerificationStatus::Approved);
        assert_eq!(
            w.store.customers[&id]
                .party(rep)
                .unwrap()
                .verification
                .status,
            VerificationStatus::Approved
        );
    }

    #[test]
    fn duplicate_tax_id_ignores_punctuation() {
        let mut w = World::new();
        let first = w.customer(CustomerType::Individual, "123.456.789-09");
        let new = NewCustomer {
            kind: CustomerType::Individual,
            name: "Other".into(),
            tax_id: "12345678909".into(),
            date: "1990-01-01".into(),
            country: "BRA".into(),
            email: "o@example.com".into(),
            metadata: json!({}),
            accounts: vec![],
        };
        let e = create_customer(&mut w.store, new, w.clock.now(), &mut w.fx).unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::CONFLICT);
        assert_eq!(
            e.extra,
            vec![("customer".to_string(), json!({ "id": first }))]
        );
    }

    #[test]
    fn wallets_are_deterministic_with_polygon_default() {
        let id = Uuid::new_v4();
        let at = datetime!(2026-01-01 00:00 UTC);
        let a = wallets_for(id, at);
        assert_eq!(a, wallets_for(id, at));
        assert_eq!(a.iter().filter(|w| w.is_default).count(), 1);
        let eth = &a[0];
        assert!(eth.address.starts_with("0x") && eth.address.len() == 42);
        let tron = &a[3];
        assert!(tron.address.starts_with('T') && tron.address.len() == 34);
        assert_eq!(a[2].balances.len(), 1, "Base has USDC only");
    }
}
