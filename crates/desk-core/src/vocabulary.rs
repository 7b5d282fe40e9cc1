//! The API's vocabularies as the UI shows them: which statuses exist and how each one
//! reads (its tone), which document types can be sent and which of them have sides.
//! Built from `lumx`'s open enums, so a value added there reaches every screen without
//! a UI change; the UI keeps only the words (i18n) and renders an unheard-of value as
//! it came.

use lumx::models::{
    AccountStatus, CustomerType, DocumentSide, DocumentStatus, DocumentType, RequirementStatus,
    VerificationStatus,
};
use serde::Serialize;
use specta::Type;

/// How a status reads on its badge; the words carry the meaning, the colour reinforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum Tone {
    Neutral,
    Info,
    Success,
    Warning,
    Danger,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusDef {
    /// The wire value (`APPROVED`); also the i18n key `status.<value>`.
    pub value: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTypeDef {
    /// The wire value (`PASSPORT`); also the i18n key `req.<value>`.
    pub value: String,
    /// Sent once per side (`FRONT_SIDE`, `BACK_SIDE`).
    pub sided: bool,
}

/// Everything the UI needs to render the API's values; sent once with the app's info.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    /// Individual or business: the customer list's type filter.
    pub customer_types: Vec<String>,
    /// Customer statuses in lifecycle order: the customer list's filter.
    pub customer_statuses: Vec<String>,
    /// Every status a badge can show (customers, parties, accounts, requirements,
    /// documents), with its tone. A status not listed reads neutral, as it came.
    pub statuses: Vec<StatusDef>,
    /// Document types a manual upload can send, the usual one first.
    pub document_types: Vec<DocumentTypeDef>,
    pub document_sides: Vec<String>,
    /// Directions of a transaction RFI (the first is a new one's).
    pub transaction_directions: Vec<String>,
}

/// `ON_RAMP` (fiat in, stablecoin out) or `OFF_RAMP`; also the i18n key `direction.<value>`.
pub const TRANSACTION_DIRECTIONS: &[&str] = &["ON_RAMP", "OFF_RAMP"];

impl Vocabulary {
    pub fn get() -> Self {
        let mut statuses: Vec<StatusDef> = Vec::new();
        let mut add = |value: &str, tone: Tone| {
            if !statuses.iter().any(|s| s.value == value) {
                statuses.push(StatusDef {
                    value: value.to_string(),
                    tone,
                });
            }
        };
        for s in VerificationStatus::KNOWN {
            add(s.as_str(), verification_tone(s));
        }
        for s in AccountStatus::KNOWN {
            add(s.as_str(), account_tone(s));
        }
        for s in RequirementStatus::KNOWN {
            add(s.as_str(), requirement_tone(s));
        }
        for s in DocumentStatus::KNOWN {
            add(s.as_str(), document_tone(s));
        }
        Self {
            customer_types: CustomerType::KNOWN
                .iter()
                .map(|t| t.as_str().to_string())
                .collect(),
            customer_statuses: VerificationStatus::KNOWN
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            statuses,
            document_types: document_types(),
            document_sides: DocumentSide::KNOWN
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            transaction_directions: TRANSACTION_DIRECTIONS
                .iter()
                .map(|d| d.to_string())
                .collect(),
        }
    }
}

/// The document types Lumx accepts, proof of address first (what RFIs ask for most).
fn document_types() -> Vec<DocumentTypeDef> {
    let mut types: Vec<&DocumentType> = DocumentType::KNOWN.iter().collect();
    types.sort_by_key(|t| **t != DocumentType::ProofOfAddress);
    types
        .into_iter()
        .map(|t| DocumentTypeDef {
            value: t.as_str().to_string(),
            sided: t.requires_side(),
        })
        .collect()
}

fn verification_tone(s: &VerificationStatus) -> Tone {
    match s {
        VerificationStatus::NotStarted => Tone::Neutral,
        VerificationStatus::UnderVerification => Tone::Info,
        VerificationStatus::Approved => Tone::Success,
        VerificationStatus::Rfi => Tone::Warning,
        VerificationStatus::FinalRejection => Tone::Danger,
        VerificationStatus::Unknown(_) => Tone::Neutral,
    }
}

fn account_tone(s: &AccountStatus) -> Tone {
    match s {
        AccountStatus::Provisioning => Tone::Info,
        AccountStatus::Active => Tone::Success,
        AccountStatus::Rfi => Tone::Warning,
        AccountStatus::Closed | AccountStatus::Unknown(_) => Tone::Neutral,
    }
}

fn requirement_tone(s: &RequirementStatus) -> Tone {
    match s {
        RequirementStatus::NotSent | RequirementStatus::Unknown(_) => Tone::Neutral,
        RequirementStatus::Sent => Tone::Info,
        RequirementStatus::Approved | RequirementStatus::Accepted => Tone::Success,
        RequirementStatus::Declined => Tone::Danger,
    }
}

fn document_tone(s: &DocumentStatus) -> Tone {
    match s {
        DocumentStatus::Declined => Tone::Danger,
        DocumentStatus::Approved => Tone::Success,
        DocumentStatus::Pending => Tone::Info,
        DocumentStatus::Unknown(_) => Tone::Neutral,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_status_has_one_tone() {
        let v = Vocabulary::get();
        let tone = |s: &str| v.statuses.iter().find(|d| d.value == s).map(|d| d.tone);
        assert_eq!(tone("APPROVED"), Some(Tone::Success));
        assert_eq!(tone("RFI"), Some(Tone::Warning));
        assert_eq!(tone("FINAL_REJECTION"), Some(Tone::Danger));
        assert_eq!(tone("NOT_SENT"), Some(Tone::Neutral));
        assert_eq!(tone("PROVISIONING"), Some(Tone::Info));
        let mut values: Vec<_> = v.statuses.iter().map(|s| &s.value).collect();
        let n = values.len();
        values.sort();
        values.dedup();
        assert_eq!(values.len(), n, "a status listed twice");
    }

    #[test]
    fn document_types_follow_the_api_enum_with_sides() {
        let v = Vocabulary::get();
        assert_eq!(v.document_types.len(), DocumentType::KNOWN.len());
        assert_eq!(v.document_types[0].value, "PROOF_OF_ADDRESS");
        let sided: Vec<_> = v
            .document_types
            .iter()
            .filter(|d| d.sided)
            .map(|d| d.value.as_str())
            .collect();
        assert_eq!(sided, ["ID_CARD", "PASSPORT", "DRIVERS_LICENSE"]);
        assert_eq!(v.document_sides, ["FRONT_SIDE", "BACK_SIDE"]);
    }

    #[test]
    fn the_customer_filter_is_the_lifecycle() {
        assert_eq!(
            Vocabulary::get().customer_statuses,
            [
                "NOT_STARTED",
                "UNDER_VERIFICATION",
                "APPROVED",
                "RFI",
                "FINAL_REJECTION"
            ]
        );
    }
}
