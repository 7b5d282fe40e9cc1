//! The onboarding draft: everything the analyst typed or picked, as typed, plus the
//! Idempotency-Keys of the API steps and what the API already accepted. It is saved on
//! every change (see `drafts`), so nothing is lost on a crash, and replayed keys mean a
//! resumed "create customer" never creates a second customer.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::environment::EnvironmentKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CustomerKind {
    Individual,
    Business,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum StepId {
    Customer,
    Terms,
    Additional,
    Parties,
    Documents,
    Review,
}

impl StepId {
    pub fn for_kind(kind: CustomerKind) -> &'static [StepId] {
        match kind {
            CustomerKind::Individual => &[
                StepId::Customer,
                StepId::Terms,
                StepId::Additional,
                StepId::Documents,
                StepId::Review,
            ],
            CustomerKind::Business => &[
                StepId::Customer,
                StepId::Terms,
                StepId::Additional,
                StepId::Parties,
                StepId::Documents,
                StepId::Review,
            ],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct KeyValueField {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerForm {
    pub name: String,
    pub legal_name: String,
    pub tax_id: String,
    pub birth_date: String,
    pub incorporation_date: String,
    pub country: String,
    pub email: String,
    pub currencies: Vec<String>,
    pub metadata: Vec<KeyValueField>,
}

impl Default for CustomerForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            legal_name: String::new(),
            tax_id: String::new(),
            birth_date: String::new(),
            incorporation_date: String::new(),
            country: "BRA".into(),
            email: String::new(),
            // BRL preselected: every Lumx customer gets a BRL account by default.
            currencies: vec!["BRL".into()],
            metadata: vec![],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AddressForm {
    pub country: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
}

/// Both bodies of `PATCH /customers/{id}/additional-information`; the kind decides which
/// fields are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalForm {
    pub phone: String,
    pub first_name: String,
    pub middle_name: String,
    pub last_name: String,
    pub address: AddressForm,
    #[serde(rename = "monthlyVolumeInUSD")]
    pub monthly_volume_in_usd: String,
    #[serde(rename = "transactionVolumeInUSD")]
    pub transaction_volume_in_usd: String,
    pub jurisdictions: Vec<String>,
    pub involved_activities: Vec<String>,
    pub transaction_counterparties: Vec<String>,
    pub professional_situation: String,
    pub professional_occupation: String,
    pub source_of_funds: String,
    pub company_type: String,
    pub annual_revenue: String,
    pub monthly_transaction_volume: String,
    #[serde(rename = "complianceAndAML")]
    pub compliance_and_aml: String,
    pub is_regulated_activity: bool,
    pub regulated_activity_details: String,
    pub website: String,
    pub services_provided: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PartyForm {
    /// Stable id inside the draft (parties have no API id until sent).
    pub local_id: String,
    /// `INDIVIDUAL` or `BUSINESS` (business parties can only be shareholders).
    pub party_type: String,
    /// `REPRESENTATIVE`, `UBO` or `SHAREHOLDER`.
    pub role: String,
    pub name: String,
    pub legal_name: String,
    pub tax_id: String,
    pub birth_date: String,
    pub incorporation_date: String,
    pub email: String,
    pub address: AddressForm,
    pub ownership_percentage: String,
    pub parent_local_id: Option<String>,
    /// Identity document the party will send: ID_CARD, DRIVERS_LICENSE or PASSPORT.
    pub identity_document: String,
    /// The API's id once the party was created.
    pub remote_id: Option<String>,
}

impl Default for PartyForm {
    fn default() -> Self {
        Self {
            local_id: String::new(),
            party_type: "INDIVIDUAL".into(),
            role: "REPRESENTATIVE".into(),
            name: String::new(),
            legal_name: String::new(),
            tax_id: String::new(),
            birth_date: String::new(),
            incorporation_date: String::new(),
            email: String::new(),
            address: AddressForm {
                country: "BRA".into(),
                ..Default::default()
            },
            ownership_percentage: String::new(),
            parent_local_id: None,
            identity_document: "ID_CARD".into(),
            remote_id: None,
        }
    }
}

/// A file the analyst picked for a slot: where it was and its fingerprint, so a resumed
/// draft can check the file is still the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftFile {
    pub path: String,
    pub file_name: String,
    pub size: u64,
    pub sha256: String,
    pub kind: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SlotState {
    pub slot_id: String,
    pub file: Option<DraftFile>,
    pub uploaded_at: Option<String>,
    /// Issuing country of the document (defaults to the owner's country).
    pub country: String,
    /// The date printed on the document, as the analyst entered it at upload
    /// (`YYYY-MM-DD`): a proof of address's issue date, an identity document's expiry
    /// date (see [`crate::wizard::guard::DocumentDate`]).
    #[serde(default)]
    pub document_date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RemoteRequirement {
    pub name: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub id: String,
    pub kind: CustomerKind,
    pub environment: EnvironmentKind,
    pub step: StepId,
    pub customer: CustomerForm,
    pub additional: AdditionalForm,
    /// Identity document of an individual customer: ID_CARD, DRIVERS_LICENSE or PASSPORT.
    pub identity_document: String,
    pub parties: Vec<PartyForm>,
    pub slots: Vec<SlotState>,
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
    /// When `remote_status` was first seen final (APPROVED or FINAL_REJECTION): the
    /// start of the draft's retention period. Local only, never sent to the webview.
    #[serde(default)]
    pub decided_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Bumped by every stored change, so the UI can tell a newer answer from an older one.
    #[serde(default)]
    pub revision: u64,
}

pub(crate) fn default_identity() -> String {
    "ID_CARD".into()
}

impl AdditionalForm {
    /// First, middle and last name from the customer's full name, unless the analyst has
    /// already typed a first or last name: `Ana Beatriz de Souza` → `Ana`, `Beatriz de`,
    /// `Souza`.
    pub fn prefill_names(&mut self, full_name: &str) {
        if !self.first_name.trim().is_empty() || !self.last_name.trim().is_empty() {
            return;
        }
        let words: Vec<&str> = full_name.split_whitespace().collect();
        let Some((first, rest)) = words.split_first() else {
            return;
        };
        self.first_name = first.to_string();
        if let Some((last, middle)) = rest.split_last() {
            self.last_name = last.to_string();
            if self.middle_name.trim().is_empty() {
                self.middle_name = middle.join(" ");
            }
        }
    }
}

impl Draft {
    pub fn new(id: String, kind: CustomerKind, environment: EnvironmentKind, now: String) -> Self {
        let mut additional = AdditionalForm::default();
        additional.address.country = "BRA".into();
        Self {
            id,
            kind,
            environment,
            step: StepId::Customer,
            customer: CustomerForm::default(),
            additional,
            identity_document: default_identity(),
            parties: vec![],
            slots: vec![],
            customer_id: None,
            additional_sent: None,
            verification_started_at: None,
            remote_requirements: vec![],
            remote_status: None,
            decided_at: None,
            created_at: now.clone(),
            updated_at: now,
            revision: 0,
        }
    }

    /// Records the verification status as just read; the first time it is final, `now`
    /// becomes `decided_at`.
    pub fn set_remote_status(&mut self, status: Option<String>, now: &str) {
        let decided = is_decided(status.as_deref());
        if !decided {
            self.decided_at = None;
        } else if self.decided_at.is_none() || self.remote_status != status {
            self.decided_at = Some(now.to_string());
        }
        self.remote_status = status;
    }

    pub fn display_name(&self) -> &str {
        match self.kind {
            CustomerKind::Individual => &self.customer.name,
            CustomerKind::Business => &self.customer.legal_name,
        }
    }

    /// `TERMS_OF_SERVICE` is gone from (or accepted in) the requirements last read.
    pub fn terms_accepted(&self) -> bool {
        self.customer_id.is_some()
            && !self
                .remote_requirements
                .iter()
                .any(|r| r.name == "TERMS_OF_SERVICE" && !r.status.eq_ignore_ascii_case("ACCEPTED"))
    }

    pub fn slot(&self, slot_id: &str) -> Option<&SlotState> {
        self.slots.iter().find(|s| s.slot_id == slot_id)
    }

    pub fn slot_mut(&mut self, slot_id: &str) -> &mut SlotState {
        if let Some(i) = self.slots.iter().position(|s| s.slot_id == slot_id) {
            &mut self.slots[i]
        } else {
            self.slots.push(SlotState {
                slot_id: slot_id.to_string(),
                ..Default::default()
            });
            self.slots.last_mut().expect("just pushed")
        }
    }
}

/// The statuses after which a draft is no longer needed.
const DECIDED: &[&str] = &["APPROVED", "FINAL_REJECTION"];

/// Whether the API has decided on the customer (APPROVED, or FINAL_REJECTION, which is
/// just as final).
pub fn is_decided(status: Option<&str>) -> bool {
    status.is_some_and(|s| DECIDED.contains(&s))
}

#[cfg(test)]
mod tests {
    use super::AdditionalForm;

    #[test]
    fn names_come_from_the_full_name_unless_typed() {
        let mut a = AdditionalForm::default();
        a.prefill_names("  Ana Beatriz de  Souza ");
        assert_eq!(
            (&*a.first_name, &*a.middle_name, &*a.last_name),
            ("Ana", "Beatriz de", "Souza")
        );
        let mut typed = AdditionalForm {
            last_name: "Silva".into(),
            ..Default::default()
        };
        typed.prefill_names("Ana Souza");
        assert_eq!((&*typed.first_name, &*typed.last_name), ("", "Silva"));
        let mut one = AdditionalForm::default();
        one.prefill_names("Cher");
        assert_eq!((&*one.first_name, &*one.last_name), ("Cher", ""));
    }
}
