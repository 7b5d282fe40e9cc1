//! Verification start, `statusReason`, the legacy verification read, and ToS links.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::common::{Level, VerificationStatus};
use super::document::{DocumentSide, DocumentStatus, DocumentType};
use super::lenient::Entries;

/// Why a customer/party is in RFI or rejected. Every field is optional and
/// unknown fields are ignored: the shape is only partly documented.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusReason {
    /// e.g. `DOCUMENT_QUALITY`.
    #[serde(default, deserialize_with = "crate::models::lenient::strings")]
    pub reject_labels: Vec<String>,
    /// e.g. `DOCUMENT_BLURRY`.
    #[serde(default, deserialize_with = "crate::models::lenient::strings")]
    pub reject_sub_labels: Vec<String>,
    /// Per-document problems.
    #[serde(default)]
    pub documents: Entries<DocumentReason>,
    /// Parties with their own problems.
    #[serde(default)]
    pub associated_parties: Entries<PartyReason>,
}

/// One `statusReason.documents[]` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentReason {
    /// Document type. Absent or `null` reads as `Unknown("")`: one entry the
    /// server sent without a type must not make the whole customer undecodable.
    #[serde(
        rename = "type",
        default = "unspecified_document_type",
        deserialize_with = "document_type_or_unspecified"
    )]
    pub document_type: DocumentType,
    /// Side, for identity documents.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub side: Option<DocumentSide>,
    /// Review status (e.g. `DECLINED`).
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<DocumentStatus>,
    /// Reviewer comment.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub comment: Option<String>,
    /// Labels.
    #[serde(default, deserialize_with = "crate::models::lenient::strings")]
    pub reject_labels: Vec<String>,
    /// Sub-labels.
    #[serde(default, deserialize_with = "crate::models::lenient::strings")]
    pub reject_sub_labels: Vec<String>,
}

fn unspecified_document_type() -> DocumentType {
    DocumentType::Unknown(String::new())
}

fn document_type_or_unspecified<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<DocumentType, D::Error> {
    Ok(Option::<DocumentType>::deserialize(d)?.unwrap_or_else(unspecified_document_type))
}

/// One `statusReason.associatedParties[]` entry (§8 #9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartyReason {
    /// Associated party id (kept as a string: the shape is assumed).
    #[serde(deserialize_with = "crate::models::lenient::required_text")]
    pub id: String,
    /// The party's own reason.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_reason: Option<StatusReason>,
}

impl StatusReason {
    /// Documents whose status is `DECLINED` (what must be re-sent).
    pub fn declined_documents(&self) -> impl Iterator<Item = &DocumentReason> {
        self.documents
            .iter()
            .filter(|d| d.status == Some(DocumentStatus::Declined))
    }
}

/// Optional body of `POST /customers/{id}/verifications`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartVerification {
    /// Re-verify only these associated parties (business only, §8 #4).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub associated_party_ids: Vec<Uuid>,
}

/// `201 {id}` from starting a verification ([OLD] `202` had no body → `None`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VerificationStarted {
    /// Verification id (a value that is not a UUID reads as `None`).
    #[serde(default, deserialize_with = "crate::models::lenient::or_none")]
    pub id: Option<Uuid>,
}

/// Legacy `GET /customers/{id}/verifications` response ([MID]/[OLD]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyVerification {
    /// Customer id.
    #[serde(default, deserialize_with = "crate::models::lenient::or_none")]
    pub customer_id: Option<Uuid>,
    /// Status (`TEMPORARY_REJECTION` is read as `Rfi`).
    #[serde(default)]
    pub status: VerificationStatus,
    /// Level.
    #[serde(default)]
    pub level: Option<Level>,
    /// Reason, if any.
    #[serde(default, deserialize_with = "crate::models::lenient::or_none")]
    pub status_reason: Option<StatusReason>,
}

/// Optional body of `POST /customers/{id}/tos`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TosLinkRequest {
    /// Where the customer is sent after accepting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
}

/// A Terms-of-Service acceptance link (valid 24 h).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TosLink {
    /// Hosted acceptance page.
    pub url: String,
    /// Expiry.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfi_status_reason_from_the_docs_decodes() {
        let r: StatusReason = serde_json::from_value(json!({
            "rejectLabels": ["DOCUMENT_QUALITY"],
            "rejectSubLabels": ["DOCUMENT_BLURRY"],
            "documents": [{"type": "PASSPORT", "status": "DECLINED",
                           "comment": "Document is blurry and illegible",
                           "rejectLabels": ["DOCUMENT_QUALITY"]},
                          {"type": "SELFIE", "status": "APPROVED"}],
            "associatedParties": [{"id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
                                   "statusReason": {"rejectLabels": ["X"]}}],
            "somethingNew": true
        }))
        .unwrap();
        let declined: Vec<_> = r.declined_documents().collect();
        assert_eq!(declined.len(), 1);
        assert_eq!(declined[0].document_type, DocumentType::Passport);
        assert_eq!(
            r.associated_parties[0]
                .status_reason
                .as_ref()
                .unwrap()
                .reject_labels,
            vec!["X".to_string()]
        );
    }

    #[test]
    fn null_lists_and_flags_read_as_empty_not_as_an_unreadable_customer() {
        let customer: crate::models::Customer = serde_json::from_value(json!({
            "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "type": "INDIVIDUAL",
            "wallets": [{"blockchain": "POLYGON", "address": "0xabc", "isDefault": null, "balances": null}],
            "requirements": null, "accounts": null, "balances": null,
            "verification": {"status": "RFI", "statusReason": {
                "rejectLabels": null, "rejectSubLabels": null, "associatedParties": null,
                "documents": [{"type": "PASSPORT", "rejectLabels": null, "rejectSubLabels": null}]}}
        }))
        .unwrap();
        assert!(customer.requirements.is_empty() && customer.accounts.is_empty());
        assert!(!customer.wallets[0].is_default && customer.wallets[0].balances.is_empty());
        let reason = customer.status_reason().unwrap();
        assert!(reason.reject_labels.is_empty() && reason.associated_parties.is_empty());
        assert!(reason.documents[0].reject_labels.is_empty());
        // A single label where a list was expected is a one-label list.
        let one = serde_json::from_value::<StatusReason>(json!({"rejectLabels": "x"})).unwrap();
        assert_eq!(one.reject_labels, ["x"]);
    }

    #[test]
    fn a_document_entry_without_type_does_not_sink_the_customer() {
        let customer: crate::models::Customer = serde_json::from_value(json!({
            "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "type": "INDIVIDUAL",
            "verification": {"status": "RFI", "statusReason": {"documents": [
                {"status": "DECLINED", "comment": "re-send it"},
                {"type": null, "status": "DECLINED"},
                {"type": "PASSPORT", "status": "DECLINED"}]}}
        }))
        .unwrap();
        let reason = customer.status_reason().unwrap();
        let unspecified = DocumentType::Unknown(String::new());
        assert_eq!(reason.documents[0].document_type, unspecified);
        assert_eq!(reason.documents[0].comment.as_deref(), Some("re-send it"));
        assert_eq!(reason.documents[1].document_type, unspecified);
        assert_eq!(reason.documents[2].document_type, DocumentType::Passport);
        // The RFI store persists the reason as JSON and reads it back.
        let stored = serde_json::to_string(reason).unwrap();
        assert_eq!(
            &serde_json::from_str::<StatusReason>(&stored).unwrap(),
            reason
        );
        // A type of the wrong JSON type is kept verbatim as an unknown type.
        let odd = serde_json::from_value::<DocumentReason>(json!({"type": 7})).unwrap();
        assert_eq!(odd.document_type, DocumentType::Unknown("7".into()));
    }

    #[test]
    fn legacy_verification_decodes() {
        let v: LegacyVerification = serde_json::from_value(json!({
            "customerId": "c85cb5ef-0000-4000-8000-000000000000", "status": "TEMPORARY_REJECTION",
            "level": "STANDARD",
            "statusReason": {"rejectLabels": ["screenshot"], "documents": [
                {"type": "PASSPORT", "status": "TEMPORARY_REJECTION", "comment": "no screenshots"}]},
            "beneficiaries": []
        }))
        .unwrap();
        assert_eq!(v.status, VerificationStatus::Rfi);
        assert_eq!(v.status_reason.unwrap().declined_documents().count(), 1);
    }

    #[test]
    fn start_verification_body() {
        assert_eq!(
            serde_json::to_value(StartVerification::default()).unwrap(),
            json!({})
        );
        let id = Uuid::parse_str("a1b2c3d4-e5f6-7890-abcd-ef1234567890").unwrap();
        assert_eq!(
            serde_json::to_value(StartVerification {
                associated_party_ids: vec![id]
            })
            .unwrap(),
            json!({"associatedPartyIds": ["a1b2c3d4-e5f6-7890-abcd-ef1234567890"]})
        );
        assert_eq!(
            serde_json::to_value(TosLinkRequest {
                redirect_url: Some("https://x.test/done".into())
            })
            .unwrap(),
            json!({"redirectUrl": "https://x.test/done"})
        );
    }
}
