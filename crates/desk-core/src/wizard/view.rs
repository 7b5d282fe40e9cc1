//! The draft as it crosses to the webview: no file paths. The stored [`Draft`] keeps the
//! path of each remembered file (to re-check it on resume); the UI names files by token.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::environment::EnvironmentKind;
use crate::wizard::model::{
    AdditionalForm, CustomerForm, CustomerKind, Draft, DraftFile, PartyForm, RemoteRequirement,
    StepId,
};

/// Everything of a [`Draft`] the wizard shows and edits, without its slots (the slots,
/// with their files, are in `WizardState.slots`). Also what autosave sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftView {
    pub id: String,
    pub kind: CustomerKind,
    pub environment: EnvironmentKind,
    pub step: StepId,
    pub customer: CustomerForm,
    pub additional: AdditionalForm,
    /// Identity document of an individual customer: ID_CARD, DRIVERS_LICENSE or PASSPORT.
    pub identity_document: String,
    pub parties: Vec<PartyForm>,
    /// Set once `POST /customers` succeeded.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// The additional information that the API accepted (to tell whether edits are unsent).
    #[serde(default)]
    pub additional_sent: Option<AdditionalForm>,
    #[serde(default)]
    pub verification_started_at: Option<String>,
    /// The customer's requirements and status as last read from the API.
    pub remote_requirements: Vec<RemoteRequirement>,
    #[serde(default)]
    pub remote_status: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The stored version this view was read from (see [`Draft::revision`]).
    pub revision: u64,
    /// The customer's name (individual) or legal name (business), as typed. Shown only:
    /// autosave ignores it.
    #[serde(default)]
    pub display_name: String,
    /// The API answered the verification (APPROVED, RFI or FINAL_REJECTION): nothing
    /// more to follow here; the customer's view takes over. Shown only.
    #[serde(default)]
    pub answered: bool,
    /// Verification started and not answered yet: the wizard keeps reading the status.
    /// Shown only.
    #[serde(default)]
    pub follow_status: bool,
    /// Once verification started: the status to show, UNDER_VERIFICATION until the API
    /// says otherwise. Shown only.
    #[serde(default)]
    pub verification_status: Option<String>,
}

impl From<&Draft> for DraftView {
    fn from(d: &Draft) -> Self {
        Self {
            id: d.id.clone(),
            kind: d.kind,
            environment: d.environment,
            step: d.step,
            customer: d.customer.clone(),
            additional: d.additional.clone(),
            identity_document: d.identity_document.clone(),
            parties: d.parties.clone(),
            customer_id: d.customer_id.clone(),
            additional_sent: d.additional_sent.clone(),
            verification_started_at: d.verification_started_at.clone(),
            remote_requirements: d.remote_requirements.clone(),
            remote_status: d.remote_status.clone(),
            created_at: d.created_at.clone(),
            updated_at: d.updated_at.clone(),
            revision: d.revision,
            display_name: d.display_name().to_string(),
            answered: is_answered(d.remote_status.as_deref()),
            follow_status: d.verification_started_at.is_some()
                && !is_answered(d.remote_status.as_deref()),
            verification_status: d.verification_started_at.as_ref().map(|_| {
                d.remote_status
                    .clone()
                    .unwrap_or_else(|| "UNDER_VERIFICATION".into())
            }),
        }
    }
}

/// Whether the verification has an answer: a decision, or an RFI to resolve.
pub fn is_answered(status: Option<&str>) -> bool {
    use lumx::models::VerificationStatus as S;
    status.is_some_and(|s| matches!(S::parse(s), S::Approved | S::Rfi | S::FinalRejection))
}

/// A file remembered for a slot, as the webview sees it: its name and fingerprint, and
/// the token to upload it by once this session has re-checked it; never where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PickedFileView {
    /// `None` while the file is not (or no longer) usable in this session.
    pub token: Option<String>,
    pub file_name: String,
    pub size: u64,
    /// "PDF", "JPEG" or "PNG".
    pub kind: String,
    pub sha256: String,
}

impl PickedFileView {
    pub fn new(file: &DraftFile, token: Option<String>) -> Self {
        Self {
            token,
            file_name: file.file_name.clone(),
            size: file.size,
            kind: file.kind.clone(),
            sha256: file.sha256.clone(),
        }
    }
}
