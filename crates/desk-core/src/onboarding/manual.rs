//! A document sent at any time outside a draft (RFIs, late documents): the form and its
//! checks before any request.

use super::*;

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
