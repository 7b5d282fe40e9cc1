//! The onboarding [`Wizard`] service, one job per file: [`drafts`] (open, autosave, resume from the
//! journal), [`api_steps`] (the API steps, each sent once through the journal),
//! [`uploads`] (picking and uploading documents by token), [`manual`] (a document sent
//! outside a draft), [`remote`] (what the API answered, into the draft) and
//! [`audit_text`] (what the audit trail says of each call).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use lumx::models::{DocumentSide, DocumentType, StartVerification};
use lumx::{CancellationToken, DocumentUpload, GetCustomerOptions, UploadOptions};
use serde::Serialize;

use specta::Type;
use uuid::Uuid;

use crate::confirmation::ConfirmationNeeded;
use crate::drafts::{DraftStore, DraftSummary};
use crate::environment::EnvironmentKind;
use crate::error::{DeskError, FieldError};
use crate::files::{FilePicker, FileProblem, PickedFile, PickedFiles};
use crate::journal::{self, Intent, OperationKind};
use crate::ledger::{Ledger, Sent};
use crate::locale::Language;
use crate::session::Session;
use crate::status_watch::StatusWatch;
use crate::tos::TosLinkView;
use crate::upload_progress::thinned;
pub use crate::upload_progress::UploadProgress;
use crate::wizard::checks::{self, StepStatus};
use crate::wizard::documents::{self, SlotDef};
use crate::wizard::model::{CustomerKind, Draft, DraftFile, RemoteRequirement, StepId};
use crate::wizard::payloads;
use crate::wizard::steps::{self, StepDef};
use crate::wizard::view::{DraftView, PickedFileView};

mod api_steps;
mod audit_text;
mod dates;
mod drafts;
mod examine;
mod manual;
mod remote;
mod retention;
mod uploads;

use audit_text::{audit_field_names, audit_summary_customer, upload_summary};
pub use manual::{check_manual_upload, ManualUpload};
use remote::{lumx_409, prefill_additional, remote_requirements, same_customer, take_remote_state};
use uploads::{slot_country, slot_document, UploadRequest};

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
    pub awaiting: AwaitingAnswer,
    /// What to type before any step is sent, in Production.
    pub confirmation: Option<ConfirmationNeeded>,
    /// How parties are built and edited (businesses only).
    pub party_form: Option<steps::PartyFormDef>,
    /// The identity documents an individual customer can choose from (none for a
    /// business, whose parties choose their own).
    pub identity_documents: Vec<String>,
    /// The local sandbox can play the customer accepting the terms of service.
    pub can_accept_terms_locally: bool,
    /// What the review would reject if verification started now, each with the step or
    /// slot that fixes it (blocking first, then the ageing clock's warnings).
    pub guard: Vec<crate::wizard::guard::GuardProblem>,
}

/// Steps sent whose answer never came (lost connection, timeout, 5xx, the app stopped).
/// Until one is sent again and answered, the fields it carried stay as sent: the retry
/// is then the same request under the same Idempotency-Key, which Lumx does at most
/// once, never a second customer or party under a fresh key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AwaitingAnswer {
    pub customer: bool,
    pub additional: bool,
    /// Local ids of the parties.
    pub parties: Vec<String>,
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
    /// What the document checks found on the picked file, most important first.
    pub findings: Vec<crate::document_checks::Finding>,
    /// The date printed on the document the analyst is asked for, if any.
    pub date_asked: Option<crate::wizard::guard::DocumentDate>,
    /// That date, as entered (`YYYY-MM-DD`).
    pub document_date: Option<String>,
}

/// The onboarding wizard: drafts (autosaved, resumed from the journal), picked files and
/// uploads, and the API steps, each sent once through the [`Ledger`].
pub struct Wizard {
    pub(crate) session: Arc<Session>,
    pub(crate) ledger: Arc<Ledger>,
    pub(crate) drafts: DraftStore,
    /// Customers' status timelines (shared with the RFI view) and their notifications.
    status_watch: Arc<StatusWatch>,
    pub(crate) files: PickedFiles,
    picker: Arc<dyn FilePicker>,
    /// (draft id, slot id) → token of the file picked in this session.
    tokens: Mutex<HashMap<(String, String), PickedFile>>,
    /// (draft id, slot id) → problem restoring a remembered file.
    problems: Mutex<HashMap<(String, String), String>>,
    uploads: Mutex<HashMap<(String, String), CancellationToken>>,
    /// Token → the picked file's document checks.
    examined: Mutex<HashMap<String, crate::document_checks::Examined>>,
    /// What was sent and what Lumx rejected (shared with the RFI view).
    history: Arc<crate::rfi_store::RfiStore>,
}

impl Wizard {
    pub fn new(
        session: Arc<Session>,
        ledger: Arc<Ledger>,
        drafts: DraftStore,
        status_watch: Arc<StatusWatch>,
        picker: Arc<dyn FilePicker>,
        history: Arc<crate::rfi_store::RfiStore>,
    ) -> Self {
        Self {
            session,
            ledger,
            drafts,
            status_watch,
            files: PickedFiles::new(),
            picker,
            tokens: Mutex::default(),
            problems: Mutex::default(),
            uploads: Mutex::default(),
            examined: Mutex::default(),
            history,
        }
    }

    /// The drafts kept on this computer.
    pub fn drafts(&self) -> &DraftStore {
        &self.drafts
    }

    pub(crate) fn environment(&self) -> EnvironmentKind {
        self.session.environment()
    }

    fn language(&self) -> Language {
        self.session.language()
    }

    async fn current_client(&self) -> Result<lumx::Client, DeskError> {
        self.session.current_client().await
    }

    fn journal(&self) -> &journal::Journal {
        self.ledger.journal()
    }
}

pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The journal target of a draft's step (`create_customer`, `slot:…`, `party:…`).
pub(super) fn draft_target(draft_id: &str, what: &str) -> String {
    format!("draft:{draft_id}:{what}")
}

/// API field names (`taxId`, `address.city`) → the draft's paths (`customer.taxId`).
pub(super) fn prefix_fields(err: DeskError, prefix: &str) -> DeskError {
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

/// The API id of a draft party that must already have been sent; `None` when no party is
/// named. The error names `field` so the UI can point at it.
pub(super) fn sent_party_id(
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

pub(super) fn say(lang: Language, en: &'static str, pt: &'static str) -> &'static str {
    lang.say(en, pt)
}

/// Refuses an API step while its fields have problems, before anything is sent.
pub(super) fn require_valid(
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

pub(super) fn invalid(message: &str, errors: Vec<FieldError>) -> DeskError {
    DeskError::validation(message, errors)
}

impl Wizard {
    pub(super) fn draft_gone(&self) -> DeskError {
        DeskError::NotFound {
            message: say(
                self.language(),
                "This draft no longer exists.",
                "Este rascunho não existe mais.",
            )
            .into(),
        }
    }

    pub(super) fn load_draft(&self, id: &str) -> Result<Draft, DeskError> {
        self.drafts.load(id)?.ok_or_else(|| self.draft_gone())
    }

    /// Changes only what `change` touches, on the newest stored draft (see
    /// [`DraftStore::update`]); what is returned is what was saved.
    pub(super) fn update_draft(
        &self,
        id: &str,
        change: impl FnOnce(&mut Draft),
    ) -> Result<Draft, DeskError> {
        self.drafts
            .update(id, |d| {
                change(d);
                d.updated_at = now();
            })?
            .ok_or_else(|| self.draft_gone())
    }

    /// A journal entry for a step of `draft_id`.
    pub(super) fn draft_intent(
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

    /// What must be typed before a step of `draft` goes to Production: the customer's
    /// name (also for a party's documents) or PRODUCTION.
    pub(super) fn confirmation_for(&self, draft: &Draft) -> Option<ConfirmationNeeded> {
        ConfirmationNeeded::for_customer(self.environment(), draft.display_name())
    }

    pub(super) async fn guard_production(
        &self,
        draft: &Draft,
        confirmation: Option<&str>,
    ) -> Result<(), DeskError> {
        ConfirmationNeeded::check(
            self.confirmation_for(draft).as_ref(),
            confirmation,
            self.language(),
        )
    }

    pub(super) fn customer_uuid(draft: &Draft) -> Result<Uuid, DeskError> {
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
}
