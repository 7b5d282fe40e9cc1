//! An RFI's `statusReason` → the checklist the analyst works through: one item per
//! declined document (with side, comment, labels), one group per flagged associated
//! party, and an item for additional information when the labels point at data rather
//! than documents. Unknown labels, statuses and missing fields pass through; nothing
//! here fails on a shape the docs did not show.

use lumx::models::{AssociatedParty, DocumentReason, StatusReason};

use crate::locale::Language;
use crate::reject_labels::{explain_all, LabelExplanation};
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum RfiItemKind {
    /// Re-upload this document.
    Document,
    /// Correct and re-send the additional information.
    AdditionalInformation,
    /// Labels with no document or data pointer: read them and act, then tick it off.
    Review,
    /// Lumx flagged a document without saying which (no type), or sent an entry that
    /// could not be read: it can't be re-sent blindly, so the analyst reads the comment
    /// and labels, acts by hand and ticks it off.
    UnidentifiedDocument,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RfiItem {
    /// Stable within a round: `customer:PASSPORT:FRONT_SIDE`, `party:<id>:PROOF_OF_ADDRESS`.
    pub id: String,
    pub kind: RfiItemKind,
    pub document_type: Option<String>,
    pub side: Option<String>,
    pub status: Option<String>,
    pub comment: Option<String>,
    pub labels: Vec<String>,
    pub sub_labels: Vec<String>,
    /// The labels and sub-labels explained in the analyst's language ([`explain`]).
    pub explained: Vec<LabelExplanation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RfiGroup {
    /// `None` for the customer itself.
    pub party_id: Option<String>,
    pub owner_name: String,
    pub labels: Vec<String>,
    pub sub_labels: Vec<String>,
    pub explained: Vec<LabelExplanation>,
    pub items: Vec<RfiItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RfiChecklist {
    pub groups: Vec<RfiGroup>,
    /// Only associated parties were flagged: re-verify just them.
    pub only_parties: bool,
}

impl RfiChecklist {
    pub fn items(&self) -> impl Iterator<Item = &RfiItem> {
        self.groups.iter().flat_map(|g| g.items.iter())
    }

    pub fn flagged_party_ids(&self) -> Vec<String> {
        self.groups
            .iter()
            .filter_map(|g| g.party_id.clone())
            .collect()
    }
}

/// Labels that point at data (KYC/KYB answers) rather than a document. Matched
/// case-insensitively, also as parts of longer labels (`..._DATA_MISMATCH`).
const DATA_HINTS: &[&str] = &[
    "DATA",
    "INFORMATION",
    "ADDRESS_MISMATCH",
    "INCONSISTENT",
    "QUESTIONNAIRE",
    "DIFFERENTDOCS",
    "DIFFERENT_DOCS",
];

fn points_at_data(labels: &[String]) -> bool {
    labels.iter().any(|l| {
        let upper = l.to_ascii_uppercase();
        DATA_HINTS.iter().any(|h| upper.contains(h)) && !upper.contains("DOCUMENT_QUALITY")
    })
}

/// A document needs re-sending unless the review accepted it.
fn needs_resend(d: &DocumentReason) -> bool {
    match d.status.as_ref().map(|s| s.as_str().to_ascii_uppercase()) {
        Some(s) if s == "APPROVED" || s == "ACCEPTED" || s == "VERIFIED" => false,
        Some(_) => true,
        // No status: flagged if the reviewer said anything about it.
        None => {
            d.comment.is_some() || !d.reject_labels.is_empty() || !d.reject_sub_labels.is_empty()
        }
    }
}

fn items_for(prefix: &str, reason: &StatusReason) -> Vec<RfiItem> {
    let mut items: Vec<RfiItem> = Vec::new();
    for (index, d) in reason.documents.iter().enumerate() {
        if !needs_resend(d) {
            continue;
        }
        let doc_type = d.document_type.as_str().to_string();
        if doc_type.trim().is_empty() {
            items.push(RfiItem {
                id: format!("{prefix}:UNIDENTIFIED:{index}"),
                kind: RfiItemKind::UnidentifiedDocument,
                document_type: None,
                side: d.side.as_ref().map(|s| s.as_str().to_string()),
                status: d.status.as_ref().map(|s| s.as_str().to_string()),
                comment: d.comment.clone(),
                labels: d.reject_labels.clone(),
                sub_labels: d.reject_sub_labels.clone(),
                explained: Vec::new(),
            });
            continue;
        }
        let side = d.side.as_ref().map(|s| s.as_str().to_string());
        let id = match &side {
            Some(side) => format!("{prefix}:{doc_type}:{side}"),
            None => format!("{prefix}:{doc_type}"),
        };
        if items.iter().any(|i| i.id == id) {
            continue;
        }
        items.push(RfiItem {
            id,
            kind: RfiItemKind::Document,
            document_type: Some(doc_type),
            side,
            status: d.status.as_ref().map(|s| s.as_str().to_string()),
            comment: d.comment.clone(),
            labels: d.reject_labels.clone(),
            sub_labels: d.reject_sub_labels.clone(),
            explained: Vec::new(),
        });
    }
    for bad in reason.documents.unreadable() {
        let text = |k: &str| bad.raw.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        items.push(RfiItem {
            id: format!("{prefix}:UNREADABLE:{}", bad.index.unwrap_or(usize::MAX)),
            kind: RfiItemKind::UnidentifiedDocument,
            document_type: text("type"),
            side: None,
            status: text("status"),
            comment: text("comment"),
            labels: vec![],
            sub_labels: vec![],
            explained: Vec::new(),
        });
    }
    let all_labels: Vec<String> = reason
        .reject_labels
        .iter()
        .chain(reason.reject_sub_labels.iter())
        .cloned()
        .collect();
    let data_item = points_at_data(&all_labels)
        || reason
            .documents
            .iter()
            .any(|d| d.document_type.as_str() == "ADDITIONAL_INFORMATION" && needs_resend(d));
    if data_item {
        items.retain(|i| i.document_type.as_deref() != Some("ADDITIONAL_INFORMATION"));
        items.push(RfiItem {
            id: format!("{prefix}:ADDITIONAL_INFORMATION"),
            kind: RfiItemKind::AdditionalInformation,
            document_type: None,
            side: None,
            status: None,
            comment: None,
            labels: reason.reject_labels.clone(),
            sub_labels: reason.reject_sub_labels.clone(),
            explained: Vec::new(),
        });
    }
    if items.is_empty() && !all_labels.is_empty() {
        items.push(RfiItem {
            id: format!("{prefix}:REVIEW"),
            kind: RfiItemKind::Review,
            document_type: None,
            side: None,
            status: None,
            comment: None,
            labels: reason.reject_labels.clone(),
            sub_labels: reason.reject_sub_labels.clone(),
            explained: Vec::new(),
        });
    }
    items
}

/// A label the group already explains is not explained again on each of its items.
fn explain_once(group: &mut RfiGroup) {
    let said: Vec<String> = group
        .labels
        .iter()
        .chain(&group.sub_labels)
        .map(|l| l.to_ascii_uppercase())
        .collect();
    for item in &mut group.items {
        item.labels
            .retain(|l| !said.contains(&l.to_ascii_uppercase()));
        item.sub_labels
            .retain(|l| !said.contains(&l.to_ascii_uppercase()));
    }
}

/// Explains every group's and item's labels in `language`, from the reject-label
/// dictionary (the one place their meaning is written).
pub fn explain(checklist: &mut RfiChecklist, language: Language) {
    for group in &mut checklist.groups {
        group.explained = explain_all(group.labels.iter().chain(&group.sub_labels), language);
        for item in &mut group.items {
            item.explained = explain_all(item.labels.iter().chain(&item.sub_labels), language);
        }
    }
}

pub fn derive(
    reason: &StatusReason,
    customer_name: &str,
    parties: &[AssociatedParty],
) -> RfiChecklist {
    let mut groups = Vec::new();
    let customer_items = items_for("customer", reason);
    if !customer_items.is_empty() {
        groups.push(RfiGroup {
            party_id: None,
            owner_name: customer_name.to_string(),
            labels: reason.reject_labels.clone(),
            sub_labels: reason.reject_sub_labels.clone(),
            explained: Vec::new(),
            items: customer_items,
        });
    }
    for p in &reason.associated_parties {
        let empty = StatusReason::default();
        let party_reason = p.status_reason.as_ref().unwrap_or(&empty);
        let mut items = items_for(&format!("party:{}", p.id), party_reason);
        if items.is_empty() {
            // Flagged with nothing specific: the analyst still has to look at this party.
            items.push(RfiItem {
                id: format!("party:{}:REVIEW", p.id),
                kind: RfiItemKind::Review,
                document_type: None,
                side: None,
                status: None,
                comment: None,
                labels: vec![],
                sub_labels: vec![],
                explained: Vec::new(),
            });
        }
        let name = parties
            .iter()
            .find(|x| x.id.to_string().eq_ignore_ascii_case(&p.id))
            .and_then(|x| x.name.clone().or_else(|| x.legal_name.clone()))
            .unwrap_or_else(|| format!("Party {}", p.id));
        groups.push(RfiGroup {
            party_id: Some(p.id.clone()),
            owner_name: name,
            labels: party_reason.reject_labels.clone(),
            sub_labels: party_reason.reject_sub_labels.clone(),
            explained: Vec::new(),
            items,
        });
    }
    for g in &mut groups {
        explain_once(g);
    }
    let only_parties = !groups.is_empty() && groups.iter().all(|g| g.party_id.is_some());
    RfiChecklist {
        groups,
        only_parties,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_label_is_explained_once_per_group() {
        let reason: StatusReason = serde_json::from_value(json!({
            "rejectLabels": ["BAD_PROOF_OF_ADDRESS"],
            "documents": [{ "type": "PROOF_OF_ADDRESS", "status": "DECLINED",
                            "rejectLabels": ["bad_proof_of_address", "DOCUMENT_BLURRY"] }]
        }))
        .unwrap();
        let c = derive(&reason, "Ana", &[]);
        let g = &c.groups[0];
        assert_eq!(g.labels, ["BAD_PROOF_OF_ADDRESS"]);
        let item = g.items.iter().find(|i| i.document_type.is_some()).unwrap();
        assert_eq!(item.labels, ["DOCUMENT_BLURRY"]);
    }

    fn reason(v: serde_json::Value) -> StatusReason {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn the_documented_rfi_gives_one_document_item_with_its_comment() {
        let r = reason(json!({
            "rejectLabels": ["DOCUMENT_QUALITY"], "rejectSubLabels": ["DOCUMENT_BLURRY"],
            "documents": [{ "type": "PASSPORT", "status": "DECLINED",
                            "comment": "Document is blurry and illegible",
                            "rejectLabels": ["DOCUMENT_QUALITY"] }]
        }));
        let c = derive(&r, "Ana", &[]);
        assert_eq!(c.groups.len(), 1);
        let item = &c.groups[0].items[0];
        assert_eq!(item.id, "customer:PASSPORT");
        assert_eq!(item.kind, RfiItemKind::Document);
        assert_eq!(
            item.comment.as_deref(),
            Some("Document is blurry and illegible")
        );
        assert_eq!(c.groups[0].sub_labels, ["DOCUMENT_BLURRY"]);
        assert!(!c.only_parties);
    }

    #[test]
    fn flagged_parties_get_their_own_group_and_name() {
        let party: AssociatedParty = serde_json::from_value(json!({
            "id": "a1b2c3d4-e5f6-4890-abcd-ef1234567890", "type": "INDIVIDUAL",
            "role": "UBO", "name": "Maria Santos"
        }))
        .unwrap();
        let r = reason(json!({
            "associatedParties": [{
                "id": "A1B2C3D4-E5F6-4890-ABCD-EF1234567890",
                "statusReason": { "rejectLabels": ["DOCUMENT_QUALITY"],
                    "documents": [{ "type": "ID_CARD", "side": "BACK_SIDE", "status": "declined",
                                    "comment": "cut off" }] }
            }]
        }));
        let c = derive(&r, "Lumx S.A", &[party]);
        assert!(c.only_parties);
        assert_eq!(c.groups[0].owner_name, "Maria Santos");
        assert_eq!(c.groups[0].items[0].side.as_deref(), Some("BACK_SIDE"));
        assert_eq!(
            c.flagged_party_ids(),
            ["A1B2C3D4-E5F6-4890-ABCD-EF1234567890"]
        );
    }

    #[test]
    fn data_labels_add_an_additional_information_item() {
        let r = reason(json!({ "rejectLabels": ["INCONSISTENT_PROFILE_DATA"] }));
        let c = derive(&r, "Ana", &[]);
        assert_eq!(
            c.groups[0].items[0].kind,
            RfiItemKind::AdditionalInformation
        );
        assert_eq!(c.groups[0].items[0].id, "customer:ADDITIONAL_INFORMATION");
    }

    #[test]
    fn old_sumsub_style_labels_and_unknown_statuses_pass_through() {
        let r = reason(json!({
            "rejectLabels": ["screenshot", "unsatisfactory_photos"],
            "rejectSubLabels": ["proofOfAddress_listOfDocs", "badPhoto"],
            "documents": [
                { "type": "PASSPORT", "status": "TEMPORARY_REJECTION", "comment": "Screenshots aren't accepted." },
                { "type": "SELFIE", "status": "APPROVED" },
                { "type": "BRAND_NEW_DOC", "status": "NEEDS_SOMETHING" }
            ]
        }));
        let c = derive(&r, "Ana", &[]);
        let ids: Vec<_> = c.items().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["customer:PASSPORT", "customer:BRAND_NEW_DOC"]);
        assert_eq!(c.groups[0].labels, ["screenshot", "unsatisfactory_photos"]);
    }

    #[test]
    fn labels_without_documents_still_give_something_to_review() {
        let c = derive(
            &reason(json!({ "rejectLabels": ["SOMETHING_NEW"] })),
            "Ana",
            &[],
        );
        assert_eq!(c.groups[0].items[0].kind, RfiItemKind::Review);
        let empty = derive(&StatusReason::default(), "Ana", &[]);
        assert!(empty.groups.is_empty());
        assert!(!empty.only_parties);
    }

    #[test]
    fn a_party_flagged_without_details_is_reviewed_and_unknown_parties_keep_their_id() {
        let r = reason(json!({ "associatedParties": [{ "id": "p-1" }] }));
        let c = derive(&r, "Lumx", &[]);
        assert_eq!(c.groups[0].owner_name, "Party p-1");
        assert_eq!(c.groups[0].items[0].kind, RfiItemKind::Review);
    }

    #[test]
    fn a_document_without_type_or_unreadable_is_reviewed_by_hand_not_resent() {
        let c = derive(
            &reason(json!({"documents": [
                {"status": "DECLINED", "comment": "re-send the other one"},
                {"type": "PASSPORT", "status": "DECLINED"},
                {"type": 7, "status": ["DECLINED"], "comment": "odd"},
                "not an object"
            ]})),
            "Ana",
            &[],
        );
        let items: Vec<&RfiItem> = c.items().collect();
        let kinds: Vec<(&str, &RfiItemKind)> =
            items.iter().map(|i| (i.id.as_str(), &i.kind)).collect();
        assert_eq!(
            kinds,
            [
                (
                    "customer:UNIDENTIFIED:0",
                    &RfiItemKind::UnidentifiedDocument
                ),
                ("customer:PASSPORT", &RfiItemKind::Document),
                ("customer:7", &RfiItemKind::Document),
                ("customer:UNREADABLE:3", &RfiItemKind::UnidentifiedDocument),
            ]
        );
        // Nothing to upload for the unidentified one: no type to send.
        assert_eq!(items[0].document_type, None);
        assert_eq!(items[0].comment.as_deref(), Some("re-send the other one"));
    }

    #[test]
    fn duplicate_document_entries_make_one_item() {
        let r = reason(json!({ "documents": [
            { "type": "PROOF_OF_ADDRESS", "status": "DECLINED" },
            { "type": "PROOF_OF_ADDRESS", "status": "DECLINED", "comment": "again" }
        ]}));
        assert_eq!(derive(&r, "Ana", &[]).items().count(), 1);
    }
}
