//! The wizard's operations on `Desk`: drafts (saved on every change), the API steps
//! (each with an Idempotency-Key kept in the draft before the request leaves), picking
//! and uploading documents by token, and starting verification.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use lumx::models::{DocumentSide, DocumentType, StartVerification};
use lumx::{CancellationToken, DocumentUpload, GetCustomerOptions, UploadOptions};
use serde::Serialize;

use specta::Type;
use uuid::Uuid;

use crate::drafts::{DraftStore, DraftSummary};
use crate::error::{DeskError, FieldError};
use crate::files::{FilePicker, FileProblem, PickedFile, PickedFiles};
use crate::journal::{self, Intent, OperationKind};
use crate::locale::Language;
use crate::operations::Sent;
use crate::session::{require_production_confirmation, Desk, TosLinkView};
use crate::upload_progress::thinned;
pub use crate::upload_progress::UploadProgress;
use crate::wizard::checks::{self, StepStatus};
use crate::wizard::documents::{self, SlotDef};
use crate::wizard::model::{CustomerKind, Draft, DraftFile, RemoteRequirement, StepId};
use crate::wizard::payloads;
use crate::wizard::steps::{self, StepDef};
use crate::wizard::view::{DraftView, PickedFileView};

/// Everything the wizard screen shows, recomputed after every change.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct WizardState {
    pub draft: DraftView,
    pub steps: Vec<StepDef>,
    pub progress: Vec<StepStatus>,
    /// Field errors of every step, so the analyst sees them while typing.
    pub errors: Vec<FieldError>,
    pub slots: Vec<SlotView>,
    pub ready_to_start: bool,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SlotView {
    pub def: SlotDef,
    /// The picked file of this session (token for upload), if any.
    pub picked: Option<PickedFile>,
    /// What the draft remembers (also after a restart, before the file is re-checked).
    pub file: Option<PickedFileView>,
    pub uploaded_at: Option<String>,
    /// Why the remembered file can no longer be used (moved, changed), in words.
    pub problem: Option<String>,
    pub country: String,
}

/// "Upload a document" from the customer view, outside any draft.
#[derive(Debug, Clone, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ManualUpload {
    pub customer_id: String,
    /// Token of a file picked in this session.
    pub token: String,
    pub document_type: String,
    pub side: Option<String>,
    pub associated_party_id: Option<String>,
    pub country: String,
}

/// Document types the API accepts (§2.5), and which need a side.
pub const DOCUMENT_TYPES: &[&str] = &[
    "ID_CARD",
    "PASSPORT",
    "DRIVERS_LICENSE",
    "SELFIE",
    "PROOF_OF_ADDRESS",
    "BANK_STATEMENT",
    "INCOME_TAX_RETURN",
    "DELIVERY_RECEIPT",
    "INCORPORATION_ARTICLES",
    "SHAREHOLDER_REGISTRY",
    "DIRECTORS_REGISTRY",
    "POWER_OF_ATTORNEY",
    "REGULATED_ACTIVITY_DOCUMENT",
    "SIGNED_BALANCE_SHEET",
    "SIGNED_CORPORATE_STRUCTURE_CHART",
    "SIGNED_INCOME_STATEMENT",
    "ADDITIONAL_INFORMATION",
    "OTHER",
];
const SIDED: &[&str] = &["ID_CARD", "PASSPORT", "DRIVERS_LICENSE"];

/// Field problems of a manual upload, before any request.
pub fn check_manual_upload(m: &ManualUpload, lang: Language) -> Vec<FieldError> {
    use crate::validation::{field_error, Problem};
    let mut errors = Vec::new();
    if Uuid::parse_str(m.customer_id.trim()).is_err() {
        errors.push(field_error("customerId", Problem::Required, lang));
    }
    if !DOCUMENT_TYPES.contains(&m.document_type.as_str()) {
        errors.push(field_error("documentType", Problem::EnumUnknown, lang));
    }
    let sided = SIDED.contains(&m.document_type.as_str());
    match m.side.as_deref() {
        None | Some("") if sided => errors.push(field_error("side", Problem::Required, lang)),
        Some(s) if !s.is_empty() && (!sided || !["FRONT_SIDE", "BACK_SIDE"].contains(&s)) => {
            errors.push(field_error("side", Problem::EnumUnknown, lang))
        }
        _ => {}
    }
    if let Err(p) = crate::validation::country(m.country.trim()) {
        errors.push(field_error("country", p, lang));
    }
    if let Some(party) = m.associated_party_id.as_deref().filter(|p| !p.is_empty()) {
        if Uuid::parse_str(party).is_err() {
            errors.push(field_error("associatedPartyId", Problem::EnumUnknown, lang));
        }
    }
    errors
}

/// Wizard-side resources of a Desk: the drafts database, the picked-file registry and
/// the dialog.
pub struct Onboarding {
    pub drafts: DraftStore,
    pub files: PickedFiles,
    pub picker: Arc<dyn FilePicker>,
    /// (draft id, slot id) → token of the file picked in this session.
    tokens: Mutex<HashMap<(String, String), PickedFile>>,
    /// (draft id, slot id) → problem restoring a remembered file.
    problems: Mutex<HashMap<(String, String), String>>,
    uploads: Mutex<HashMap<(String, String), CancellationToken>>,
    /// RFI rounds, status timelines and transaction RFIs.
    pub rfi: crate::rfi::store::RfiStore,
    /// Every mutating call, hash-chained.
    pub audit: crate::audit::AuditLog,
    /// Every mutation's attempts and their Idempotency-Keys.
    pub journal: crate::journal::Journal,
}

impl Onboarding {
    pub fn new(drafts: DraftStore, picker: Arc<dyn FilePicker>) -> Self {
        Self {
            drafts,
            files: PickedFiles::new(),
            picker,
            tokens: Mutex::default(),
            problems: Mutex::default(),
            uploads: Mutex::default(),
            journal: crate::journal::Journal::in_memory().expect("in-memory SQLite"),
            rfi: crate::rfi::store::RfiStore::in_memory().expect("in-memory SQLite"),
            audit: crate::audit::AuditLog::in_memory().expect("in-memory SQLite"),
        }
    }

    /// Keeps the audit trail in a file (the app) instead of memory (tests).
    pub fn with_audit_log(mut self, log: crate::audit::AuditLog) -> Self {
        self.audit = log;
        self
    }

    /// Keeps the operation journal in a file (the app) instead of memory (tests).
    pub fn with_journal(mut self, journal: crate::journal::Journal) -> Self {
        self.journal = journal;
        self
    }

    /// Keeps RFI history in a file (the app) instead of memory (tests).
    pub fn with_rfi_store(mut self, store: crate::rfi::store::RfiStore) -> Self {
        self.rfi = store;
        self
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The journal target of a draft's step (`create_customer`, `slot:…`, `party:…`).
fn draft_target(draft_id: &str, what: &str) -> String {
    format!("draft:{draft_id}:{what}")
}

/// Everything that goes into a document upload's request, for its fingerprint: a new
/// country, side, party or file is a new request (and a new key).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UploadRequest<'a> {
    customer_id: Uuid,
    document_type: &'a str,
    side: Option<&'a str>,
    country: &'a str,
    associated_party_id: Option<Uuid>,
    file_name: Option<&'a str>,
    content_type: Option<&'a str>,
    sha256: &'a str,
    size: u64,
}

impl<'a> UploadRequest<'a> {
    fn of(
        customer_id: Uuid,
        upload: &'a DocumentUpload,
        checked: &'a crate::files::Checked,
    ) -> Self {
        Self {
            customer_id,
            document_type: upload.document_type.as_str(),
            side: upload.side.as_ref().map(|s| s.as_str()),
            country: &upload.country,
            associated_party_id: upload.associated_party_id,
            file_name: upload.file_name.as_deref(),
            content_type: upload.content_type.as_deref(),
            sha256: &checked.sha256,
            size: checked.size,
        }
    }
}

/// API field names (`taxId`, `address.city`) → the draft's paths (`customer.taxId`).
fn prefix_fields(err: DeskError, prefix: &str) -> DeskError {
    match err {
        DeskError::Validation { message, fields } => DeskError::Validation {
            message,
            fields: fields
                .into_iter()
                .map(|f| FieldError::new(format!("{prefix}.{}", f.field), f.message))
                .collect(),
        },
        // A file problem belongs to the slot (or form) that holds the file.
        DeskError::File { message, fields } => DeskError::File {
            message,
            fields: fields
                .into_iter()
                .map(|f| FieldError::new(prefix, f.message))
                .collect(),
        },
        other => other,
    }
}

/// What a customer creation sent, without personal data: type, country, currencies and
/// metadata keys.
fn audit_summary_customer(body: &lumx::models::NewCustomer) -> serde_json::Value {
    let v = serde_json::to_value(body).unwrap_or_default();
    serde_json::json!({
        "type": v["type"],
        "country": v["country"],
        "accounts": v["accounts"],
        "metadataKeys": v["metadata"].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()),
    })
}

/// Which fields were sent (names only: the values are personal data).
fn audit_field_names(body: &impl Serialize) -> serde_json::Value {
    let v = serde_json::to_value(body).unwrap_or_default();
    serde_json::json!({
        "type": v["type"],
        "fields": v.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()),
    })
}

/// What an upload sent, for the audit trail: files by name, size and SHA-256.
fn upload_summary(upload: &DocumentUpload, checked: &crate::files::Checked) -> serde_json::Value {
    serde_json::json!({
        "type": upload.document_type.as_str(),
        "side": upload.side.as_ref().map(|s| s.as_str().to_string()),
        "country": upload.country,
        "file": { "name": checked.file_name, "size": checked.size, "sha256": checked.sha256 },
    })
}

/// The API's `additionalInformation` echo over the form's defaults: known fields are
/// taken, anything else (or a partial echo) leaves the default.
fn prefill_additional(
    base: &crate::wizard::model::AdditionalForm,
    info: &serde_json::Value,
) -> crate::wizard::model::AdditionalForm {
    fn merge(into: &mut serde_json::Value, from: &serde_json::Value) {
        if let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object()) {
            for (k, v) in from {
                match into.get_mut(k) {
                    Some(slot @ serde_json::Value::Object(_)) => merge(slot, v),
                    Some(slot) if std::mem::discriminant(slot) == std::mem::discriminant(v) => {
                        *slot = v.clone()
                    }
                    Some(slot) if slot.is_string() && v.is_number() => {
                        *slot = serde_json::Value::String(v.to_string())
                    }
                    _ => {}
                }
            }
        }
    }
    let mut value = serde_json::to_value(base).unwrap_or_default();
    merge(&mut value, info);
    serde_json::from_value(value).unwrap_or_else(|_| base.clone())
}

fn lumx_409(existing: String) -> lumx::Error {
    lumx::Error::Api {
        status: 409,
        error: Some("Conflict".into()),
        message: Some(format!(
            "Another customer with the same document already exists ({existing})"
        )),
        log_id: None,
        details: vec![],
        raw_body: String::new(),
    }
}

/// Whether `found` is the customer `body` would create (same type, names, tax id, dates,
/// country and email).
fn same_customer(found: &lumx::models::Customer, body: &lumx::models::NewCustomer) -> bool {
    let Ok(sent) = serde_json::to_value(body) else {
        return false;
    };
    let Ok(got) = serde_json::to_value(found) else {
        return false;
    };
    [
        "type",
        "name",
        "legalName",
        "taxId",
        "birthDate",
        "incorporationDate",
        "country",
        "email",
    ]
    .iter()
    .all(|k| sent.get(*k) == got.get(*k) || sent.get(*k).is_none())
}

/// The API id of a draft party that must already have been sent; `None` when no party is
/// named. The error names `field` so the UI can point at it.
fn sent_party_id(
    draft: &Draft,
    local_id: Option<&str>,
    field: &str,
    message: &str,
) -> Result<Option<Uuid>, DeskError> {
    let Some(local) = local_id else {
        return Ok(None);
    };
    draft
        .parties
        .iter()
        .find(|p| p.local_id == local)
        .and_then(|p| p.remote_id.as_deref())
        .and_then(|r| Uuid::parse_str(r).ok())
        .map(Some)
        .ok_or_else(|| invalid(message, vec![FieldError::new(field, message)]))
}

fn remote_requirements(customer: &lumx::models::Customer) -> Vec<RemoteRequirement> {
    customer
        .requirements
        .iter()
        .map(|r| RemoteRequirement {
            name: r.name.as_str().to_string(),
            status: r.status.as_str().to_string(),
        })
        .collect()
}

/// The request that uploads `checked` into slot `def`.
fn slot_document(
    def: &SlotDef,
    associated_party_id: Option<Uuid>,
    country: &str,
    checked: &crate::files::Checked,
) -> DocumentUpload {
    DocumentUpload {
        side: def.side.as_deref().map(DocumentSide::parse),
        associated_party_id,
        file_name: Some(checked.file_name.clone()),
        content_type: Some(checked.kind.mime().to_string()),
        ..DocumentUpload::new(
            checked.canonical_path.clone(),
            DocumentType::parse(&def.document_type),
            country,
        )
    }
    // The stream sends exactly the checked bytes, or aborts before the body is complete.
    .expect_content(checked.sha256.clone(), checked.size)
}

/// The issuing country of a slot's document: what the analyst chose for it, else its
/// owner's country (the party's address, or the customer's).
fn slot_country(draft: &Draft, def: &SlotDef) -> String {
    draft
        .slot(&def.slot_id)
        .map(|s| s.country.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| {
            def.party_local_id
                .as_ref()
                .and_then(|id| draft.parties.iter().find(|p| &p.local_id == id))
                .map(|p| p.address.country.clone())
                .unwrap_or_else(|| draft.customer.country.clone())
        })
}

/// What the API says now: its requirements and the verification status (with the time
/// a final decision was first seen, for retention).
fn take_remote_state(draft: &mut Draft, customer: &lumx::models::Customer) {
    draft.remote_requirements = remote_requirements(customer);
    draft.set_remote_status(
        customer
            .verification
            .as_ref()
            .map(|v| v.status.as_str().to_string()),
        &now(),
    );
}

fn say(lang: Language, en: &'static str, pt: &'static str) -> &'static str {
    lang.say(en, pt)
}

/// Refuses an API step while its fields have problems, before anything is sent.
fn require_valid(
    draft: &Draft,
    step: StepId,
    lang: Language,
    message: &str,
) -> Result<(), DeskError> {
    let errors = checks::validate_step(draft, step, crate::validation::today_utc(), lang);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(invalid(message, errors))
    }
}

fn invalid(message: &str, errors: Vec<FieldError>) -> DeskError {
    DeskError::validation(message, errors)
}

/// How a call ended, for the audit trail: `ok`, an HTTP status, or the failure kind.
pub(crate) trait AuditOutcome {
    fn audit_outcome(&self) -> String;
}

impl AuditOutcome for lumx::Error {
    fn audit_outcome(&self) -> String {
        match self {
            lumx::Error::IdempotencyConflict { .. } => "409 (idempotency conflict)".into(),
            lumx::Error::Transport { .. } => "network".into(),
            lumx::Error::Timeout => "timeout".into(),
            lumx::Error::Cancelled => "cancelled".into(),
            lumx::Error::FileChanged { .. } => {
                "file changed after checking (not sent whole)".into()
            }
            lumx::Error::Decode { .. } => "undecodable answer".into(),
            other => other
                .status()
                .map(|s| s.to_string())
                .unwrap_or_else(|| "error".into()),
        }
    }
}

impl AuditOutcome for DeskError {
    fn audit_outcome(&self) -> String {
        self.code().to_string()
    }
}

/// What autosave may change: the editable parts of the newest draft. Ids, uploads and
/// API state stay as Rust recorded them; data the API already accepted (the customer,
/// sent parties) cannot change here.
fn merge_edits(draft: &mut Draft, incoming: DraftView) {
    draft.step = incoming.step;
    if draft.customer_id.is_none() {
        draft.customer = incoming.customer;
    }
    draft.additional = incoming.additional;
    draft.identity_document = incoming.identity_document;
    let mut parties = Vec::new();
    for mut p in incoming.parties {
        if p.local_id.is_empty() {
            p.local_id = Uuid::new_v4().to_string();
        }
        match draft.parties.iter().find(|old| old.local_id == p.local_id) {
            Some(old) if old.remote_id.is_some() => parties.push(old.clone()),
            _ => {
                p.remote_id = None;
                parties.push(p);
            }
        }
    }
    // Parties the API already has cannot be deleted (no delete endpoint).
    for old in &draft.parties {
        if old.remote_id.is_some() && !parties.iter().any(|p| p.local_id == old.local_id) {
            parties.push(old.clone());
        }
    }
    draft.parties = parties;
}

impl Desk {
    fn onboarding(&self) -> &Onboarding {
        &self.onboarding
    }

    /// Appends the call to the audit trail. A failing audit write is logged, not raised:
    /// the request already happened and its result must reach the analyst.
    pub(crate) fn audit<T, E: AuditOutcome>(
        &self,
        mut record: crate::audit::AuditRecord,
        result: &Result<T, E>,
    ) {
        record.environment = self.environment().slug().to_string();
        let outcome = match result {
            Ok(_) => "ok".to_string(),
            Err(e) => e.audit_outcome(),
        };
        if let Err(e) = self.onboarding.audit.append(record, &outcome) {
            tracing::error!(error = %e, "could not append to the audit log");
        }
    }

    pub fn draft_list(&self) -> Result<Vec<DraftSummary>, DeskError> {
        self.onboarding().drafts.list()
    }

    pub fn draft_delete(&self, id: &str) -> Result<bool, DeskError> {
        self.onboarding().drafts.delete(id)
    }

    pub fn draft_new(&self, kind: CustomerKind, lang: Language) -> Result<WizardState, DeskError> {
        let draft = Draft::new(Uuid::new_v4().to_string(), kind, self.environment(), now());
        self.onboarding().drafts.save(&draft)?;
        Ok(self.wizard_state(draft, lang))
    }

    /// "Continue onboarding" from the customer view: the draft of this customer if this
    /// computer has one, else a new draft prefilled from the API (customer data, the
    /// additional information already sent, parties already created).
    pub async fn draft_for_customer(
        &self,
        customer_id: &str,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let id = Uuid::parse_str(customer_id.trim()).map_err(|_| {
            DeskError::validation(
                "Not a customer id.",
                vec![FieldError::new("id", "Not a customer id.")],
            )
        })?;
        let env = self.environment();
        if let Some(existing) = self
            .draft_list()?
            .into_iter()
            .find(|d| d.environment == env && d.customer_id.as_deref() == Some(&id.to_string()))
        {
            return self.draft_open(&existing.id, lang);
        }
        let client = self.current_client().await?;
        let c = client
            .get_customer(id, GetCustomerOptions::default())
            .await?;
        let kind = if c.customer_type == lumx::models::CustomerType::Business {
            CustomerKind::Business
        } else {
            CustomerKind::Individual
        };
        let mut draft = Draft::new(Uuid::new_v4().to_string(), kind, env, now());
        let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        draft.customer.name = c.name.clone().unwrap_or_default();
        draft.customer.legal_name = c.legal_name.clone().unwrap_or_default();
        draft.customer.tax_id = c.tax_id.clone().unwrap_or_default();
        draft.customer.birth_date = date(c.birth_date);
        draft.customer.incorporation_date = date(c.incorporation_date);
        draft.customer.country = c.country.clone().unwrap_or_default();
        draft.customer.email = c.email.clone().unwrap_or_default();
        draft.customer.currencies = c
            .accounts
            .iter()
            .map(|a| a.currency.as_str().to_string())
            .collect();
        draft.customer.metadata = c
            .metadata
            .iter()
            .map(|(k, v)| crate::wizard::model::KeyValueField {
                key: k.clone(),
                value: v
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string()),
            })
            .collect();
        draft.customer_id = Some(id.to_string());
        if let Some(info) = &c.additional_information {
            draft.additional = prefill_additional(&draft.additional, info);
            draft.additional_sent = Some(draft.additional.clone());
        }
        draft.remote_requirements = remote_requirements(&c);
        draft.set_remote_status(
            c.verification
                .as_ref()
                .map(|v| v.status.as_str().to_string()),
            &now(),
        );
        if kind == CustomerKind::Business {
            for p in client.list_associated_parties(id).await? {
                let party_type = p.party_type.as_str().to_string();
                draft.parties.push(crate::wizard::model::PartyForm {
                    local_id: p.id.to_string(),
                    party_type,
                    role: p
                        .all_roles()
                        .first()
                        .map(|r| r.as_str().to_string())
                        .unwrap_or_default(),
                    name: p.name.clone().unwrap_or_default(),
                    legal_name: p.legal_name.clone().unwrap_or_default(),
                    tax_id: p.tax_id.clone().unwrap_or_default(),
                    birth_date: date(p.birth_date),
                    incorporation_date: date(p.incorporation_date),
                    email: p.email.clone().unwrap_or_default(),
                    ownership_percentage: p
                        .ownership_percentage
                        .map(|x| x.to_string())
                        .unwrap_or_default(),
                    parent_local_id: p.parent_id.map(|x| x.to_string()),
                    remote_id: Some(p.id.to_string()),
                    ..Default::default()
                });
            }
        }
        let progress = checks::progress(&draft, crate::validation::today_utc(), lang);
        draft.step = progress
            .iter()
            .find(|p| !p.complete)
            .map(|p| p.id)
            .unwrap_or(StepId::Review);
        // The API has the tax ids: the local draft keeps them masked only.
        crate::wizard::minimize::minimize(&mut draft);
        self.onboarding().drafts.save(&draft)?;
        Ok(self.wizard_state(draft, lang))
    }

    fn draft_gone(&self) -> DeskError {
        DeskError::NotFound {
            message: say(
                self.language(),
                "This draft no longer exists.",
                "Este rascunho não existe mais.",
            )
            .into(),
        }
    }

    fn load_draft(&self, id: &str) -> Result<Draft, DeskError> {
        self.onboarding()
            .drafts
            .load(id)?
            .ok_or_else(|| self.draft_gone())
    }

    /// Changes only what `change` touches, on the newest stored draft (see
    /// [`DraftStore::update`]); what is returned is what was saved.
    fn update_draft(&self, id: &str, change: impl FnOnce(&mut Draft)) -> Result<Draft, DeskError> {
        self.onboarding()
            .drafts
            .update(id, |d| {
                change(d);
                d.updated_at = now();
            })?
            .ok_or_else(|| self.draft_gone())
    }

    /// A journal entry for a step of `draft_id`.
    fn draft_intent(
        &self,
        kind: OperationKind,
        draft_id: &str,
        what: &str,
        customer_id: Option<Uuid>,
        request: &impl Serialize,
        summary: serde_json::Value,
    ) -> Intent {
        Intent {
            environment: self.environment().slug().to_string(),
            kind,
            target: draft_target(draft_id, what),
            customer_id: customer_id.map(|c| c.to_string()),
            draft_id: Some(draft_id.to_string()),
            party_id: None,
            fingerprint: journal::fingerprint(&(customer_id, request)),
            summary,
        }
    }

    /// Opens a draft (also after a crash): remembered files are re-checked against their
    /// SHA-256 and get fresh tokens; a moved or changed file is reported on its slot.
    pub fn draft_open(&self, id: &str, lang: Language) -> Result<WizardState, DeskError> {
        let draft = self.load_draft(id)?;
        if draft.environment != self.environment() {
            return Err(DeskError::Conflict {
                message: say(lang, "This draft belongs to another environment; switch to it in Settings to continue.", "Este rascunho é de outro ambiente; mude para ele em Configurações para continuar.").into(),
            });
        }
        let ob = self.onboarding();
        for slot in &draft.slots {
            let Some(file) = &slot.file else { continue };
            let k = (draft.id.clone(), slot.slot_id.clone());
            if lock(&ob.tokens).contains_key(&k) {
                continue;
            }
            match ob
                .files
                .restore(std::path::Path::new(&file.path), &file.sha256)
            {
                Ok(picked) => {
                    lock(&ob.tokens).insert(k.clone(), picked);
                    lock(&ob.problems).remove(&k);
                }
                Err(problem) => {
                    lock(&ob.problems).insert(k, problem.message_in(lang));
                }
            }
        }
        let draft = self.catch_up_with_journal(draft)?;
        Ok(self.wizard_state(draft, lang))
    }

    /// What the journal knows and the draft missed (the app stopped between Lumx's
    /// answer and the draft's update): the created customer and parties, sent additional
    /// information, uploaded slots.
    fn catch_up_with_journal(&self, draft: Draft) -> Result<Draft, DeskError> {
        let env = self.environment().slug();
        let succeeded = |what: &str| -> Option<crate::journal::OperationRecord> {
            self.journal()
                .latest(env, &draft_target(&draft.id, what))
                .ok()
                .flatten()
                .filter(|r| r.attempt_state() == crate::journal::AttemptState::Succeeded)
        };
        let customer_id = match &draft.customer_id {
            Some(_) => None,
            None => succeeded("create_customer").and_then(|r| r.result_id),
        };
        let parties: Vec<(String, String)> = draft
            .parties
            .iter()
            .filter(|p| p.remote_id.is_none())
            .filter_map(|p| {
                let done = succeeded(&format!("party:{}", p.local_id))?;
                Some((p.local_id.clone(), done.result_id?))
            })
            .collect();
        let cid = customer_id
            .as_deref()
            .or(draft.customer_id.as_deref())
            .and_then(|c| Uuid::parse_str(c).ok());
        let additional_sent = draft.additional_sent.is_none()
            && cid.is_some()
            && succeeded("additional_information").is_some_and(|r| {
                r.fingerprint
                    == journal::fingerprint(&(cid, payloads::additional_information(&draft)))
            });
        let uploaded: Vec<(String, String)> = match cid {
            None => vec![],
            Some(cid) => {
                let tokens = lock(&self.onboarding().tokens);
                documents::slots(&draft)
                    .into_iter()
                    .filter(|def| {
                        draft
                            .slot(&def.slot_id)
                            .is_some_and(|s| s.uploaded_at.is_none())
                    })
                    .filter_map(|def| {
                        let done = succeeded(&format!("slot:{}", def.slot_id))?;
                        let token = tokens.get(&(draft.id.clone(), def.slot_id.clone()))?;
                        let checked = self.onboarding().files.resolve(&token.token)?;
                        let party =
                            sent_party_id(&draft, def.party_local_id.as_deref(), "", "").ok()?;
                        let country = crate::validation::country(slot_country(&draft, &def).trim())
                            .ok()?
                            .alpha3;
                        let upload = slot_document(&def, party, country, &checked);
                        let fp = journal::fingerprint(&UploadRequest::of(cid, &upload, &checked));
                        (fp == done.fingerprint).then(|| (def.slot_id.clone(), done.updated_at))
                    })
                    .collect()
            }
        };
        if customer_id.is_none() && parties.is_empty() && !additional_sent && uploaded.is_empty() {
            return Ok(draft);
        }
        self.update_draft(&draft.id, |d| {
            if let Some(id) = customer_id {
                d.customer_id = Some(id);
                if d.step == StepId::Customer {
                    d.step = StepId::Terms;
                }
            }
            for (local, remote) in parties {
                if let Some(p) = d.parties.iter_mut().find(|p| p.local_id == local) {
                    p.remote_id = Some(remote);
                }
            }
            if additional_sent {
                d.additional_sent = Some(d.additional.clone());
            }
            for (slot_id, at) in uploaded {
                d.slot_mut(&slot_id).uploaded_at = Some(at);
            }
        })
    }

    /// Saves what the analyst typed. Only editable parts are taken from the UI; ids,
    /// keys, uploads and API state stay as Rust recorded them. Data already accepted by
    /// the API (the customer, sent parties) cannot change here.
    pub fn draft_save(
        &self,
        incoming: DraftView,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let id = incoming.id.clone();
        let draft = self.update_draft(&id, |draft| merge_edits(draft, incoming))?;
        Ok(self.wizard_state(draft, lang))
    }

    pub fn wizard_state(&self, draft: Draft, lang: Language) -> WizardState {
        let today = crate::validation::today_utc();
        let progress = checks::progress(&draft, today, lang);
        let errors = StepId::for_kind(draft.kind)
            .iter()
            .flat_map(|&s| checks::validate_step(&draft, s, today, lang))
            .collect();
        let ob = self.onboarding();
        let tokens = lock(&ob.tokens);
        let problems = lock(&ob.problems);
        let slots = documents::slots(&draft)
            .into_iter()
            .map(|def| {
                let k = (draft.id.clone(), def.slot_id.clone());
                let state = draft.slot(&def.slot_id);
                let picked = tokens.get(&k).cloned();
                SlotView {
                    file: state
                        .and_then(|s| s.file.as_ref())
                        .map(|f| PickedFileView::new(f, picked.as_ref().map(|p| p.token.clone()))),
                    picked,
                    uploaded_at: state.and_then(|s| s.uploaded_at.clone()),
                    problem: problems.get(&k).cloned(),
                    country: slot_country(&draft, &def),
                    def,
                }
            })
            .collect();
        WizardState {
            ready_to_start: checks::ready_to_start(&progress),
            steps: steps::steps(draft.kind),
            progress,
            errors,
            slots,
            draft: DraftView::from(&draft),
        }
    }

    async fn guard_production(
        &self,
        draft: &Draft,
        confirmation: Option<&str>,
    ) -> Result<(), DeskError> {
        if self.environment().is_production() {
            require_production_confirmation(confirmation, draft.display_name())?;
        }
        Ok(())
    }

    fn customer_uuid(draft: &Draft) -> Result<Uuid, DeskError> {
        draft
            .customer_id
            .as_deref()
            .and_then(|id| Uuid::parse_str(id).ok())
            .ok_or_else(|| {
                DeskError::validation(
                    "Create the customer first (step 1).",
                    vec![FieldError::new(
                        "customer",
                        "Create the customer first (step 1).",
                    )],
                )
            })
    }

    /// Step 1: `POST /customers`. The key is saved in the draft before the request
    /// leaves, so a crash or a lost response followed by a retry replays the same
    /// creation instead of creating a second customer.
    pub async fn wizard_create_customer(
        &self,
        draft_id: &str,
        confirmation: Option<&str>,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let _one = self
            .journal()
            .exclusive(&draft_target(draft_id, "create_customer"))
            .await;
        let draft = self.load_draft(draft_id)?;
        if draft.customer_id.is_some() {
            return Ok(self.wizard_state(draft, lang));
        }
        require_valid(
            &draft,
            StepId::Customer,
            lang,
            say(
                lang,
                "Check the highlighted fields before creating the customer.",
                "Verifique os campos destacados antes de criar o cliente.",
            ),
        )?;
        self.guard_production(&draft, confirmation).await?;
        let body = payloads::new_customer(&draft)?;
        let client = self.current_client().await?;
        let intent = self.draft_intent(
            OperationKind::CreateCustomer,
            draft_id,
            "create_customer",
            None,
            &body,
            audit_summary_customer(&body),
        );
        let sent = self
            .send_once(intent, None, |k| client.create_customer(&body, Some(k)))
            .await?;
        let customer = match sent {
            // Created before (the app stopped before the draft learnt it).
            Sent::Before(done) => {
                let id = done
                    .result_id
                    .as_deref()
                    .and_then(|id| Uuid::parse_str(id).ok())
                    .ok_or_else(|| {
                        DeskError::internal("The journal lost a created customer's id")
                    })?;
                client
                    .get_customer(id, GetCustomerOptions::default())
                    .await?
            }
            Sent::Now(Ok(c), _) => c,
            Sent::Now(Err(e), attempt) => match e.existing_customer_id() {
                // A retry of this very draft met "same document already exists": if that
                // customer carries exactly this draft's data, it is the one our earlier
                // attempt created (its response was lost), so adopt it.
                Some(existing) if attempt.repeats_earlier_request => {
                    let id = Uuid::parse_str(&existing).map_err(|_| DeskError::from(e))?;
                    let found = client
                        .get_customer(id, GetCustomerOptions::default())
                        .await?;
                    if same_customer(&found, &body) {
                        found
                    } else {
                        return Err(prefix_fields(
                            DeskError::from(lumx_409(existing)),
                            "customer",
                        ));
                    }
                }
                _ => return Err(prefix_fields(e.into(), "customer")),
            },
        };
        let draft = self.update_draft(draft_id, |d| {
            d.customer_id = Some(customer.id.to_string());
            take_remote_state(d, &customer);
            if d.step == StepId::Customer {
                d.step = StepId::Terms;
            }
        })?;
        // Earlier saves of this draft (with the full tax id) must not linger on disk.
        self.onboarding().drafts.forget_old_versions()?;
        Ok(self.wizard_state(draft, lang))
    }

    /// Re-reads the customer: requirements (ToS accepted?) and verification status.
    pub async fn wizard_refresh(
        &self,
        draft_id: &str,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        let customer = self
            .current_client()
            .await?
            .get_customer(id, GetCustomerOptions::default())
            .await?;
        let draft = self.update_draft(draft_id, |d| take_remote_state(d, &customer))?;
        if let Some(status) = &draft.remote_status {
            // The customer's status timeline, shared with the RFI view.
            let env = self.environment().slug();
            self.onboarding()
                .rfi
                .record_status(env, &id.to_string(), status, &now())?;
        }
        self.apply_draft_retention(Some(&draft.id));
        Ok(self.wizard_state(draft, lang))
    }

    pub async fn wizard_tos_link(
        &self,
        draft_id: &str,
        confirmation: Option<&str>,
    ) -> Result<TosLinkView, DeskError> {
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        self.guard_production(&draft, confirmation).await?;
        self.send_tos_link(id, Some(draft_id)).await
    }

    /// Step 3: `PATCH /customers/{id}/additional-information`.
    pub async fn wizard_send_additional(
        &self,
        draft_id: &str,
        confirmation: Option<&str>,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let _one = self
            .journal()
            .exclusive(&draft_target(draft_id, "additional_information"))
            .await;
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        require_valid(
            &draft,
            StepId::Additional,
            lang,
            say(
                lang,
                "Check the highlighted fields before sending.",
                "Verifique os campos destacados antes de enviar.",
            ),
        )?;
        self.guard_production(&draft, confirmation).await?;
        let body = payloads::additional_information(&draft);
        let client = self.current_client().await?;
        let intent = self.draft_intent(
            OperationKind::AdditionalInformation,
            draft_id,
            "additional_information",
            Some(id),
            &body,
            audit_field_names(&body),
        );
        if let Sent::Now(result, _) = self
            .send_once(intent, None, |k| {
                client.send_additional_information(id, &body, Some(k))
            })
            .await?
        {
            result.map_err(|e| prefix_fields(e.into(), "additional"))?;
        }
        // What was sent, not what may have been typed since.
        let sent = draft.additional.clone();
        self.update_draft(draft_id, |d| d.additional_sent = Some(sent))?;
        self.wizard_refresh(draft_id, lang).await
    }

    /// Step 4: `POST /customers/{id}/associated-parties` for one party (its parent first).
    pub async fn wizard_send_party(
        &self,
        draft_id: &str,
        local_id: &str,
        confirmation: Option<&str>,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let _one = self
            .journal()
            .exclusive(&draft_target(draft_id, &format!("party:{local_id}")))
            .await;
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        let index = draft
            .parties
            .iter()
            .position(|p| p.local_id == local_id)
            .ok_or_else(|| DeskError::NotFound {
                message: say(
                    lang,
                    "No such party in this draft.",
                    "Esta parte relacionada não está neste rascunho.",
                )
                .into(),
            })?;
        if draft.parties[index].remote_id.is_some() {
            return Ok(self.wizard_state(draft, lang));
        }
        let prefix = format!("parties[{index}]");
        let errors: Vec<FieldError> = checks::validate_step(
            &draft,
            StepId::Parties,
            crate::validation::today_utc(),
            lang,
        )
        .into_iter()
        .filter(|e| e.field.starts_with(&format!("{prefix}.")))
        .collect();
        if !errors.is_empty() {
            return Err(invalid(
                say(
                    lang,
                    "Check the highlighted fields of this party.",
                    "Verifique os campos destacados desta parte relacionada.",
                ),
                errors,
            ));
        }
        let parent_id = sent_party_id(
            &draft,
            draft.parties[index].parent_local_id.as_deref(),
            &format!("{prefix}.parentLocalId"),
            "Send the parent party first.",
        )?;
        self.guard_production(&draft, confirmation).await?;
        let body = payloads::new_party(&draft.parties[index], parent_id, index)?;
        let p = &draft.parties[index];
        let intent = self.draft_intent(
            OperationKind::CreateParty,
            draft_id,
            &format!("party:{local_id}"),
            Some(id),
            &body,
            serde_json::json!({
                "type": p.party_type, "role": p.role,
                "ownershipPercentage": p.ownership_percentage,
                "parentId": parent_id.map(|x| x.to_string()),
            }),
        );
        let client = self.current_client().await?;
        let remote_id = match self
            .send_once(intent, None, |k| {
                client.create_associated_party(id, &body, Some(k))
            })
            .await?
        {
            Sent::Now(result, _) => result
                .map_err(|e| prefix_fields(e.into(), &prefix))?
                .id
                .to_string(),
            Sent::Before(done) => done
                .result_id
                .ok_or_else(|| DeskError::internal("The journal lost a created party's id"))?,
        };
        let draft = self.update_draft(draft_id, |d| {
            if let Some(p) = d.parties.iter_mut().find(|p| p.local_id == local_id) {
                p.remote_id = Some(remote_id);
            }
        })?;
        self.onboarding().drafts.forget_old_versions()?;
        Ok(self.wizard_state(draft, lang))
    }

    /// Opens the native dialog for a slot; the checked file is remembered in the draft
    /// (path + SHA-256) and the UI gets a token. `Ok(state)` unchanged when cancelled.
    pub async fn document_pick(
        &self,
        draft_id: &str,
        slot_id: &str,
        title: String,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let draft = self.load_draft(draft_id)?;
        if !documents::slots(&draft)
            .iter()
            .any(|s| s.slot_id == slot_id)
        {
            return Err(DeskError::NotFound {
                message: say(
                    lang,
                    "No such document slot.",
                    "Este documento não faz parte do rascunho.",
                )
                .into(),
            });
        }
        let picked = self.pick(title, lang).await?;
        let Some(picked) = picked else {
            return Ok(self.wizard_state(self.load_draft(draft_id)?, lang));
        };
        let checked = self
            .onboarding()
            .files
            .resolve(&picked.token)
            .ok_or_else(|| DeskError::internal("picked file vanished from the registry"))?;
        let draft = self.put_in_slot(draft_id, slot_id, &checked.canonical_path, picked)?;
        Ok(self.wizard_state(draft, lang))
    }

    /// Files dropped on the window (the OS hands Rust their paths; the webview never sees
    /// them): each is checked like a picked file and registered, so the UI gets tokens.
    pub async fn register_dropped(
        &self,
        paths: Vec<std::path::PathBuf>,
        lang: Language,
    ) -> Vec<Result<PickedFile, String>> {
        let checked = tokio::task::spawn_blocking(move || {
            paths
                .iter()
                .map(|p| crate::files::preflight(p))
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        checked
            .into_iter()
            .map(|r| match r {
                Ok(c) => Ok(self.onboarding().files.register(c)),
                Err(p) => Err(p.message_in(lang)),
            })
            .collect()
    }

    /// Puts a file already checked in this session (dropped onto a slot) into a slot.
    pub fn document_assign(
        &self,
        draft_id: &str,
        slot_id: &str,
        token: &str,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let draft = self.load_draft(draft_id)?;
        if !documents::slots(&draft)
            .iter()
            .any(|s| s.slot_id == slot_id)
        {
            return Err(DeskError::NotFound {
                message: say(
                    lang,
                    "No such document slot.",
                    "Este documento não faz parte do rascunho.",
                )
                .into(),
            });
        }
        let checked = self
            .onboarding()
            .files
            .recheck(token)
            .map_err(|p| p.into_desk_error(lang))?;
        let picked = PickedFile {
            token: token.to_string(),
            file_name: checked.file_name.clone(),
            size: checked.size,
            kind: checked.kind,
            sha256: checked.sha256.clone(),
            thumbnail: checked.thumbnail.clone(),
        };
        let draft = self.put_in_slot(draft_id, slot_id, &checked.canonical_path, picked)?;
        Ok(self.wizard_state(draft, lang))
    }

    /// Remembers `picked` for the slot, touching nothing else of the draft.
    fn put_in_slot(
        &self,
        draft_id: &str,
        slot_id: &str,
        path: &std::path::Path,
        picked: PickedFile,
    ) -> Result<Draft, DeskError> {
        let file = DraftFile {
            path: path.to_string_lossy().into_owned(),
            file_name: picked.file_name.clone(),
            size: picked.size,
            sha256: picked.sha256.clone(),
            kind: picked.kind.label().to_string(),
        };
        let draft = self.update_draft(draft_id, |d| {
            let slot = d.slot_mut(slot_id);
            slot.file = Some(file);
            slot.uploaded_at = None;
        })?;
        let k = (draft_id.to_string(), slot_id.to_string());
        lock(&self.onboarding().tokens).insert(k.clone(), picked);
        lock(&self.onboarding().problems).remove(&k);
        Ok(draft)
    }

    /// The dialog + preflight, on a blocking thread (GTK dialogs block).
    pub async fn pick(
        &self,
        title: String,
        lang: Language,
    ) -> Result<Option<PickedFile>, DeskError> {
        let picker = self.onboarding().picker.clone();
        let files = &self.onboarding().files;
        let path = tokio::task::spawn_blocking(move || picker.pick(&title))
            .await
            .map_err(|e| DeskError::internal(format!("The file dialog failed: {e}")))?;
        let Some(path) = path else { return Ok(None) };
        let checked = crate::files::preflight(&path).map_err(|p| p.into_desk_error(lang))?;
        Ok(Some(files.register(checked)))
    }

    /// Step 5: streams the slot's file to `POST /customers/{id}/documents`, reporting
    /// progress; the key is tied to the file's SHA-256, so a retry of the same file replays.
    pub async fn document_upload(
        &self,
        draft_id: &str,
        slot_id: &str,
        confirmation: Option<&str>,
        lang: Language,
        on_progress: impl Fn(UploadProgress) + Send + Sync + 'static,
    ) -> Result<WizardState, DeskError> {
        let target = draft_target(draft_id, &format!("slot:{slot_id}"));
        let _one = self.journal().exclusive(&target).await;
        let draft = self.load_draft(draft_id)?;
        let customer_id = Self::customer_uuid(&draft)?;
        let def = documents::slots(&draft)
            .into_iter()
            .find(|s| s.slot_id == slot_id)
            .ok_or_else(|| DeskError::NotFound {
                message: say(
                    lang,
                    "No such document slot.",
                    "Este documento não faz parte do rascunho.",
                )
                .into(),
            })?;
        let k = (draft.id.clone(), slot_id.to_string());
        let token = lock(&self.onboarding().tokens)
            .get(&k)
            .map(|p| p.token.clone())
            .ok_or_else(|| {
                let message = say(
                    lang,
                    "Pick the file for this document first.",
                    "Escolha primeiro o arquivo deste documento.",
                );
                DeskError::File {
                    message: message.into(),
                    fields: vec![FieldError::new(format!("slots.{slot_id}"), message)],
                }
            })?;
        let associated_party_id = sent_party_id(
            &draft,
            def.party_local_id.as_deref(),
            &format!("slots.{slot_id}"),
            "Send this party (step 4) before its documents.",
        )?;
        // The country becomes a multipart field: refused here, before any request, unless
        // it is a known ISO code (anything else could also break the part headers).
        let country = crate::validation::country(slot_country(&draft, &def).trim())
            .map_err(|p| {
                invalid(
                    say(
                        lang,
                        "Choose the issuing country of this document.",
                        "Escolha o país emissor deste documento.",
                    ),
                    vec![crate::validation::field_error(
                        &format!("slots.{slot_id}"),
                        p,
                        lang,
                    )],
                )
            })?
            .alpha3;
        self.guard_production(&draft, confirmation).await?;
        let checked = self
            .onboarding()
            .files
            .for_upload(&token)
            .map_err(|p: FileProblem| p.into_desk_error(lang))?;
        let upload = slot_document(&def, associated_party_id, country, &checked);
        let intent = Intent {
            environment: self.environment().slug().to_string(),
            kind: OperationKind::UploadDocument,
            target,
            customer_id: Some(customer_id.to_string()),
            draft_id: Some(draft_id.to_string()),
            party_id: upload.associated_party_id.map(|p| p.to_string()),
            fingerprint: journal::fingerprint(&UploadRequest::of(customer_id, &upload, &checked)),
            summary: upload_summary(&upload, &checked),
        };
        let client = self.current_client().await?;
        let cancel = CancellationToken::new();
        lock(&self.onboarding().uploads).insert(k.clone(), cancel.clone());
        let options = UploadOptions {
            progress: Some(thinned(on_progress)),
            cancel: Some(cancel),
        };
        let sent = self
            .send_once(intent, None, |key| {
                client.upload_document(customer_id, &upload, Some(key), options)
            })
            .await;
        lock(&self.onboarding().uploads).remove(&k);
        if let Sent::Now(result, _) = sent? {
            result.map_err(|e| {
                prefix_fields(
                    crate::files::upload_error(e, lang),
                    &format!("slots.{slot_id}"),
                )
            })?;
        }
        let sha256 = checked.sha256.clone();
        self.update_draft(draft_id, |d| {
            let slot = d.slot_mut(slot_id);
            // Only if the slot still holds the file that was sent.
            if slot.file.as_ref().is_some_and(|f| f.sha256 == sha256) {
                slot.uploaded_at = Some(now());
            }
        })?;
        self.wizard_refresh(draft_id, lang).await
    }

    /// Sends any document at any time (RFIs, late documents): a file picked in this
    /// session, with its type, side and party checked first.
    pub async fn manual_upload(
        &self,
        upload: ManualUpload,
        confirmation: Option<&str>,
        lang: Language,
        on_progress: impl Fn(UploadProgress) + Send + Sync + 'static,
    ) -> Result<(), DeskError> {
        let errors = check_manual_upload(&upload, lang);
        if !errors.is_empty() {
            return Err(invalid(
                say(
                    lang,
                    "Check the highlighted fields before uploading.",
                    "Verifique os campos destacados antes de enviar o documento.",
                ),
                errors,
            ));
        }
        let customer_id = Uuid::parse_str(upload.customer_id.trim()).expect("checked above");
        let client = self.current_client().await?;
        if self.environment().is_production() {
            let customer = client
                .get_customer(customer_id, GetCustomerOptions::default())
                .await?;
            let name = customer.legal_name.or(customer.name).unwrap_or_default();
            require_production_confirmation(confirmation, &name)?;
        }
        let checked = self
            .onboarding()
            .files
            .for_upload(&upload.token)
            .map_err(|p| p.into_desk_error(lang))?;
        let side = upload.side.as_deref().filter(|s| !s.is_empty());
        let party = upload
            .associated_party_id
            .as_deref()
            .filter(|p| !p.is_empty())
            .and_then(|p| Uuid::parse_str(p).ok());
        let request = DocumentUpload {
            side: side.map(DocumentSide::parse),
            associated_party_id: party,
            file_name: Some(checked.file_name.clone()),
            content_type: Some(checked.kind.mime().to_string()),
            ..DocumentUpload::new(
                checked.canonical_path.clone(),
                DocumentType::parse(&upload.document_type),
                upload.country.trim(),
            )
        }
        .expect_content(checked.sha256.clone(), checked.size);
        let options = UploadOptions {
            progress: Some(thinned(on_progress)),
            cancel: None,
        };
        // One target per customer, type, side and party: the same file sent again is
        // not sent twice; another file, or another country, is a new request.
        let target = format!(
            "customer:{customer_id}:document:{}:{}:{}",
            upload.document_type,
            side.unwrap_or("-"),
            party.map(|p| p.to_string()).unwrap_or_else(|| "-".into())
        );
        let _one = self.journal().exclusive(&target).await;
        let intent = Intent {
            environment: self.environment().slug().to_string(),
            kind: OperationKind::UploadDocument,
            target,
            customer_id: Some(customer_id.to_string()),
            draft_id: None,
            party_id: party.map(|p| p.to_string()),
            fingerprint: journal::fingerprint(&UploadRequest::of(customer_id, &request, &checked)),
            summary: upload_summary(&request, &checked),
        };
        match self
            .send_once(intent, None, |key| {
                client.upload_document(customer_id, &request, Some(key), options)
            })
            .await?
        {
            Sent::Now(result, _) => result.map_err(|e| crate::files::upload_error(e, lang)),
            Sent::Before(_) => Ok(()),
        }
    }

    pub fn document_upload_cancel(&self, draft_id: &str, slot_id: &str) -> bool {
        match lock(&self.onboarding().uploads).get(&(draft_id.to_string(), slot_id.to_string())) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Step 6: `POST /customers/{id}/verifications`, only when every step is complete.
    pub async fn wizard_start_verification(
        &self,
        draft_id: &str,
        confirmation: Option<&str>,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let _one = self
            .journal()
            .exclusive(&draft_target(draft_id, "start_verification"))
            .await;
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        let state = self.wizard_state(draft.clone(), lang);
        if !state.ready_to_start {
            let message = "Some steps are not complete yet; see what is missing on each step.";
            return Err(invalid(message, vec![FieldError::new("review", message)]));
        }
        self.guard_production(&draft, confirmation).await?;
        let body = StartVerification::default();
        let client = self.current_client().await?;
        let intent = self.draft_intent(
            OperationKind::StartVerification,
            draft_id,
            "start_verification",
            Some(id),
            &body,
            serde_json::json!({ "associatedPartyIds": [] }),
        );
        if let Sent::Now(result, _) = self
            .send_once(intent, None, |k| {
                client.start_verification(id, &body, Some(k))
            })
            .await?
        {
            result?;
        }
        self.update_draft(draft_id, |d| {
            d.verification_started_at.get_or_insert_with(now);
            d.step = StepId::Review;
        })?;
        self.wizard_refresh(draft_id, lang).await
    }
}
