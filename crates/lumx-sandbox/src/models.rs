//! Stored objects. These are what the state file contains; `views` turns them into
//! API JSON. Enum-like fields that the API treats as open strings stay `String`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CustomerType {
    Individual,
    Business,
}

impl CustomerType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Individual => "INDIVIDUAL",
            Self::Business => "BUSINESS",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "INDIVIDUAL" => Some(Self::Individual),
            "BUSINESS" => Some(Self::Business),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VerificationStatus {
    NotStarted,
    UnderVerification,
    Approved,
    Rfi,
    FinalRejection,
}

impl VerificationStatus {
    pub const ALL: [Self; 5] = [
        Self::NotStarted,
        Self::UnderVerification,
        Self::Approved,
        Self::Rfi,
        Self::FinalRejection,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "NOT_STARTED",
            Self::UnderVerification => "UNDER_VERIFICATION",
            Self::Approved => "APPROVED",
            Self::Rfi => "RFI",
            Self::FinalRejection => "FINAL_REJECTION",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountStatus {
    Provisioning,
    Active,
    Rfi,
    Closed,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provisioning => "PROVISIONING",
            Self::Active => "ACTIVE",
            Self::Rfi => "RFI",
            Self::Closed => "CLOSED",
        }
    }
}

/// `verification` object shared by customers and associated parties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    pub status: VerificationStatus,
    pub level: String,
    pub link: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status_reason: Option<StatusReason>,
}

impl Verification {
    pub fn new(link: String) -> Self {
        Self {
            status: VerificationStatus::NotStarted,
            level: "STANDARD".into(),
            link,
            status_reason: None,
        }
    }
}

/// `statusReason` exactly as the API shows it (§3.5, §8 #8/#9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct StatusReason {
    pub reject_labels: Vec<String>,
    pub reject_sub_labels: Vec<String>,
    pub documents: Vec<DocumentIssue>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub associated_parties: Vec<PartyIssue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentIssue {
    #[serde(rename = "type")]
    pub doc_type: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub side: Option<String>,
    pub status: String,
    pub comment: String,
    pub reject_labels: Vec<String>,
    pub reject_sub_labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartyIssue {
    pub id: Uuid,
    pub status_reason: StatusReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub name: String,
    pub status: String,
}

/// One item an RFI asked to be re-sent; resolved by a newer upload of the same
/// (party, type, side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlaggedItem {
    pub party_id: Option<Uuid>,
    pub doc_type: String,
    pub side: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfiRound {
    /// Store sequence number when the RFI was issued; uploads with a higher `seq` count as re-sent.
    pub issued_seq: u64,
    pub items: Vec<FlaggedItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Uuid,
    pub seq: u64,
    pub kind: CustomerType,
    /// `name` (INDIVIDUAL) or `legalName` (BUSINESS).
    pub name: String,
    pub tax_id: String,
    /// `birthDate` (INDIVIDUAL) or `incorporationDate` (BUSINESS), `YYYY-MM-DD`.
    pub date: String,
    pub country: String,
    pub email: String,
    pub metadata: Value,
    pub verification: Verification,
    pub requirements: Vec<Requirement>,
    pub additional_information: Option<Value>,
    pub account_ids: Vec<Uuid>,
    pub wallets: Vec<Wallet>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub tos_accepted_at: Option<OffsetDateTime>,
    pub parties: Vec<Party>,
    pub documents: Vec<Document>,
    pub rfi: Option<RfiRound>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Customer {
    pub fn party(&self, id: Uuid) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    pub fn set_requirement(&mut self, name: &str, status: &str) {
        if let Some(r) = self.requirements.iter_mut().find(|r| r.name == name) {
            r.status = status.to_string();
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    pub id: Uuid,
    pub seq: u64,
    pub kind: CustomerType,
    /// First entry is the role given on creation (emitted as `role`).
    pub roles: Vec<String>,
    pub name: String,
    pub tax_id: Option<String>,
    pub date: Option<String>,
    pub email: Option<String>,
    pub address: Option<Value>,
    pub ownership_percentage: Option<f64>,
    pub parent_id: Option<Uuid>,
    pub verification: Verification,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// Metadata of an uploaded file; the bytes themselves are never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: Uuid,
    pub seq: u64,
    pub party_id: Option<Uuid>,
    pub doc_type: String,
    pub side: Option<String>,
    pub country: String,
    pub file_name: Option<String>,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    pub status: String,
    #[serde(with = "time::serde::rfc3339")]
    pub uploaded_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: Uuid,
    pub seq: u64,
    pub customer_id: Uuid,
    pub currency: String,
    pub status: AccountStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wallet {
    pub blockchain: String,
    pub address: String,
    pub block_explorer_url: String,
    pub is_default: bool,
    pub balances: Vec<Balance>,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    pub currency: String,
    pub amount: String,
}

/// One `POST /customers/{id}/verifications` call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRecord {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub party_ids: Vec<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
}

/// A delayed transition, applied once the clock passes `due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    #[serde(with = "time::serde::rfc3339")]
    pub due: OffsetDateTime,
    pub action: TimerAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TimerAction {
    /// Decide the outcome of a full customer verification.
    CustomerOutcome { customer_id: Uuid },
    /// Decide the outcome of a party-only re-verification.
    PartyOutcome {
        customer_id: Uuid,
        party_ids: Vec<Uuid>,
    },
    /// Finish provisioning an account (to `ACTIVE`, or `RFI` for sandbox taxIds ending in 2).
    AccountActivation { account_id: Uuid, to_rfi: bool },
}
