//! The document checklist of a draft: which documents the customer and each associated
//! party need, derived from the customer type, the chosen identity document, the
//! regulated-activity answer and the parties. Slot ids are stable so picks and uploads
//! stay attached to their slot across saves.

use serde::Serialize;
use specta::Type;

use super::model::{CustomerKind, Draft, PartyForm};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SlotDef {
    pub slot_id: String,
    /// `None` for the customer's own documents.
    pub party_local_id: Option<String>,
    /// Who the document belongs to, for headings ("Lumx S.A", "Maria Santos").
    pub owner_name: String,
    pub document_type: String,
    /// `FRONT_SIDE` / `BACK_SIDE` for identity documents.
    pub side: Option<String>,
    pub required: bool,
}

fn slot(
    owner: Option<&PartyForm>,
    owner_name: &str,
    document_type: &str,
    side: Option<&str>,
    required: bool,
) -> SlotDef {
    let prefix = owner
        .map(|p| format!("party:{}", p.local_id))
        .unwrap_or_else(|| "customer".into());
    let slot_id = match side {
        Some(side) => format!("{prefix}:{document_type}:{side}"),
        None => format!("{prefix}:{document_type}"),
    };
    SlotDef {
        slot_id,
        party_local_id: owner.map(|p| p.local_id.clone()),
        owner_name: owner_name.to_string(),
        document_type: document_type.to_string(),
        side: side.map(str::to_owned),
        required,
    }
}

/// Identity slots: ID card and driver's licence need both sides; a passport one page.
fn identity(owner: Option<&PartyForm>, name: &str, document: &str) -> Vec<SlotDef> {
    match document {
        "PASSPORT" => vec![slot(owner, name, "PASSPORT", Some("FRONT_SIDE"), true)],
        other => {
            let doc = if other == "DRIVERS_LICENSE" {
                "DRIVERS_LICENSE"
            } else {
                "ID_CARD"
            };
            vec![
                slot(owner, name, doc, Some("FRONT_SIDE"), true),
                slot(owner, name, doc, Some("BACK_SIDE"), true),
            ]
        }
    }
}

pub fn slots(draft: &Draft) -> Vec<SlotDef> {
    let name = draft.display_name().to_string();
    let mut out = Vec::new();
    match draft.kind {
        CustomerKind::Individual => {
            out.extend(identity(None, &name, &draft.identity_document));
            out.push(slot(None, &name, "SELFIE", None, true));
            out.push(slot(None, &name, "PROOF_OF_ADDRESS", None, true));
            for optional in ["BANK_STATEMENT", "INCOME_TAX_RETURN", "OTHER"] {
                out.push(slot(None, &name, optional, None, false));
            }
        }
        CustomerKind::Business => {
            for required in [
                "INCORPORATION_ARTICLES",
                "PROOF_OF_ADDRESS",
                "SHAREHOLDER_REGISTRY",
                "DIRECTORS_REGISTRY",
            ] {
                out.push(slot(None, &name, required, None, true));
            }
            if draft.additional.is_regulated_activity {
                out.push(slot(None, &name, "REGULATED_ACTIVITY_DOCUMENT", None, true));
            }
            for optional in [
                "POWER_OF_ATTORNEY",
                "SIGNED_BALANCE_SHEET",
                "SIGNED_CORPORATE_STRUCTURE_CHART",
                "SIGNED_INCOME_STATEMENT",
                "OTHER",
            ] {
                out.push(slot(None, &name, optional, None, false));
            }
            for party in &draft.parties {
                let party_name = if party.party_type == "BUSINESS" {
                    party.legal_name.clone()
                } else {
                    party.name.clone()
                };
                if party.party_type == "BUSINESS" {
                    out.push(slot(
                        Some(party),
                        &party_name,
                        "INCORPORATION_ARTICLES",
                        None,
                        true,
                    ));
                } else {
                    out.extend(identity(Some(party), &party_name, &party.identity_document));
                }
                out.push(slot(
                    Some(party),
                    &party_name,
                    "PROOF_OF_ADDRESS",
                    None,
                    true,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvironmentKind;

    fn draft(kind: CustomerKind) -> Draft {
        Draft::new(
            "d".into(),
            kind,
            EnvironmentKind::LocalSandbox,
            "now".into(),
        )
    }

    fn required_ids(d: &Draft) -> Vec<String> {
        slots(d)
            .into_iter()
            .filter(|s| s.required)
            .map(|s| s.slot_id)
            .collect()
    }

    #[test]
    fn an_individual_with_an_id_card_needs_both_sides_a_selfie_and_proof_of_address() {
        let d = draft(CustomerKind::Individual);
        assert_eq!(
            required_ids(&d),
            [
                "customer:ID_CARD:FRONT_SIDE",
                "customer:ID_CARD:BACK_SIDE",
                "customer:SELFIE",
                "customer:PROOF_OF_ADDRESS"
            ]
        );
    }

    #[test]
    fn a_passport_is_one_page() {
        let mut d = draft(CustomerKind::Individual);
        d.identity_document = "PASSPORT".into();
        assert_eq!(required_ids(&d)[0], "customer:PASSPORT:FRONT_SIDE");
        assert_eq!(required_ids(&d).len(), 3);
    }

    #[test]
    fn regulated_businesses_and_parties_add_their_documents() {
        let mut d = draft(CustomerKind::Business);
        assert!(!required_ids(&d).iter().any(|s| s.contains("REGULATED")));
        d.additional.is_regulated_activity = true;
        d.parties.push(PartyForm {
            local_id: "p1".into(),
            name: "Maria".into(),
            identity_document: "PASSPORT".into(),
            ..Default::default()
        });
        d.parties.push(PartyForm {
            local_id: "p2".into(),
            party_type: "BUSINESS".into(),
            role: "SHAREHOLDER".into(),
            legal_name: "Holding".into(),
            ..Default::default()
        });
        let ids = required_ids(&d);
        assert!(ids.contains(&"customer:REGULATED_ACTIVITY_DOCUMENT".to_string()));
        assert!(ids.contains(&"party:p1:PASSPORT:FRONT_SIDE".to_string()));
        assert!(ids.contains(&"party:p1:PROOF_OF_ADDRESS".to_string()));
        assert!(ids.contains(&"party:p2:INCORPORATION_ARTICLES".to_string()));
        let party_slot = slots(&d)
            .into_iter()
            .find(|s| s.slot_id == "party:p1:PROOF_OF_ADDRESS")
            .unwrap();
        assert_eq!(party_slot.owner_name, "Maria");
        assert_eq!(party_slot.party_local_id.as_deref(), Some("p1"));
    }
}
