//! What the audit trail says of each call: what was sent without personal data, and how
//! it ended.

use super::*;

/// What a customer creation sent, without personal data: type, country, currencies and
/// metadata keys.
pub(super) fn audit_summary_customer(body: &lumx::models::NewCustomer) -> serde_json::Value {
    let v = serde_json::to_value(body).unwrap_or_default();
    serde_json::json!({
        "type": v["type"],
        "country": v["country"],
        "accounts": v["accounts"],
        "metadataKeys": v["metadata"].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()),
    })
}

/// Which fields were sent (names only: the values are personal data).
pub(super) fn audit_field_names(body: &impl Serialize) -> serde_json::Value {
    let v = serde_json::to_value(body).unwrap_or_default();
    serde_json::json!({
        "type": v["type"],
        "fields": v.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()),
    })
}

/// What an upload sent, for the audit trail: files by name, size and SHA-256.
pub(super) fn upload_summary(
    upload: &DocumentUpload,
    checked: &crate::files::Checked,
) -> serde_json::Value {
    serde_json::json!({
        "type": upload.document_type.as_str(),
        "side": upload.side.as_ref().map(|s| s.as_str().to_string()),
        "country": upload.country,
        "file": { "name": checked.file_name, "size": checked.size, "sha256": checked.sha256 },
    })
}
