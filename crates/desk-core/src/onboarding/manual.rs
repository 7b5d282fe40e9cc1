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
    /// Why a file Lumx already rejected is sent again (kept in the audit log); required
    /// for such a file, ignored otherwise.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// The document type exactly as the API spells it, if it is one the API accepts.
fn known_document_type(value: &str) -> Option<DocumentType> {
    let t = DocumentType::parse(value);
    (!t.is_unknown() && t.as_str() == value).then_some(t)
}

fn is_known_side(value: &str) -> bool {
    let side = DocumentSide::parse(value);
    !side.is_unknown() && side.as_str() == value
}

/// Field problems of a manual upload, before any request.
pub fn check_manual_upload(m: &ManualUpload, lang: Language) -> Vec<FieldError> {
    use crate::validation::{field_error, Problem};
    let mut errors = Vec::new();
    if Uuid::parse_str(m.customer_id.trim()).is_err() {
        errors.push(field_error("customerId", Problem::Required, lang));
    }
    let document_type = known_document_type(&m.document_type);
    if document_type.is_none() {
        errors.push(field_error("documentType", Problem::EnumUnknown, lang));
    }
    let sided = document_type.is_some_and(|t| t.requires_side());
    match m.side.as_deref() {
        None | Some("") if sided => errors.push(field_error("side", Problem::Required, lang)),
        Some(s) if !s.is_empty() && (!sided || !is_known_side(s)) => {
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
