//! What the customer view shows, computed from the API's customer, parties and accounts.
//! Unknown statuses, roles and fields pass through as text: nothing here can fail on a
//! value the client does not know.

use std::collections::HashMap;

use lumx::models::{Account, AssociatedParty, Customer, Limit};
use serde::Serialize;
use specta::Type;

use crate::text::mask_tax_id;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerView {
    pub id: String,
    pub customer_type: String,
    pub display_name: String,
    /// What to type before a change to this customer, in Production (set by the service,
    /// which knows the environment).
    pub confirmation: Option<crate::confirmation::ConfirmationNeeded>,
    /// The local sandbox can play the customer accepting the terms of service (set by
    /// the service, which knows the environment).
    pub can_accept_terms_locally: bool,
    pub masked_tax_id: String,
    pub country: String,
    pub email: String,
    /// Birth date (individuals) or incorporation date (businesses), `YYYY-MM-DD`.
    pub key_date: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub status: String,
    pub level: Option<String>,
    /// Hosted (Sumsub) verification link.
    pub verification_link: Option<String>,
    /// `metadata` flattened to key / JSON-text pairs.
    pub metadata: Vec<KeyValue>,
    pub requirements: Vec<RequirementView>,
    /// `additionalInformation` as sent, each answer under the wizard's field (same label,
    /// same option names); `None` until sent.
    pub additional_information: Option<Vec<InfoItem>>,
    pub parties: Vec<PartyNode>,
    pub accounts: Vec<AccountView>,
    pub limits: Option<LimitsView>,
    /// Only present once the customer is approved.
    pub wallets: Vec<WalletView>,
    pub actions: Actions,
    /// Entries of this customer (or its parties) that could not be read, as
    /// `path: reason`; everything else is shown.
    pub unreadable: Vec<String>,
}

/// One answer of the additional information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InfoItem {
    /// The wizard's field path (`additional.address.postalCode`), whose label is
    /// `field.<path>`; a key the wizard does not know keeps the API's path.
    pub field: String,
    pub value: InfoValue,
}

/// How to show an answer: values of a closed list (labels `enum.<value>`), yes or no, a
/// country code, or text as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum InfoValue {
    Options(Vec<String>),
    Flag(bool),
    Country(String),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RequirementView {
    pub name: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PartyNode {
    pub id: String,
    pub party_type: String,
    pub name: String,
    pub roles: Vec<String>,
    pub ownership_percentage: Option<f64>,
    pub status: String,
    pub children: Vec<PartyNode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub id: String,
    pub currency: String,
    /// `None` when the account list did not include it (yet).
    pub status: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LimitsView {
    pub single: Option<LimitView>,
    pub daily: Option<LimitView>,
    pub monthly: Option<LimitView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LimitView {
    pub max: Option<String>,
    pub used: Option<String>,
    pub remaining: Option<String>,
    /// used / max in 0..=1, when both parse as decimals.
    pub used_fraction: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct WalletView {
    pub blockchain: String,
    pub address: String,
    pub explorer_url: Option<String>,
    pub is_default: bool,
    pub balances: Vec<KeyValue>,
}

/// Which actions make sense for this customer now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Actions {
    /// `TERMS_OF_SERVICE` is still required.
    pub terms_pending: bool,
    pub can_continue_onboarding: bool,
    pub can_resolve_rfi: bool,
    /// FINAL_REJECTION is terminal.
    pub is_final: bool,
}

pub fn build(
    customer: &Customer,
    parties: &[AssociatedParty],
    accounts: &[Account],
) -> CustomerView {
    let status = customer
        .verification
        .as_ref()
        .map(|v| v.status.as_str().to_string())
        .unwrap_or_else(|| "NOT_STARTED".into());
    let requirements: Vec<RequirementView> = customer
        .requirements
        .iter()
        .map(|r| RequirementView {
            name: r.name.as_str().to_string(),
            status: r.status.as_str().to_string(),
        })
        .collect();
    let terms_pending = requirements
        .iter()
        .any(|r| r.name == "TERMS_OF_SERVICE" && !r.status.eq_ignore_ascii_case("ACCEPTED"));
    let approved = status == "APPROVED";
    CustomerView {
        confirmation: None,
        can_accept_terms_locally: false,
        id: customer.id.to_string(),
        customer_type: customer.customer_type.as_str().to_string(),
        display_name: customer
            .legal_name
            .clone()
            .or_else(|| customer.name.clone())
            .unwrap_or_default(),
        masked_tax_id: mask_tax_id(customer.tax_id.as_deref().unwrap_or_default()),
        country: customer.country.clone().unwrap_or_default(),
        email: customer.email.clone().unwrap_or_default(),
        key_date: customer
            .birth_date
            .or(customer.incorporation_date)
            .map(|d| d.to_string()),
        created_at: rfc3339(customer.created_at),
        updated_at: rfc3339(customer.updated_at),
        level: customer
            .verification
            .as_ref()
            .and_then(|v| v.level.as_ref())
            .map(|l| l.as_str().to_string()),
        verification_link: customer.verification.as_ref().and_then(|v| v.link.clone()),
        metadata: customer
            .metadata
            .iter()
            .map(|(k, v)| KeyValue {
                key: k.clone(),
                value: match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                },
            })
            .collect(),
        requirements,
        additional_information: customer
            .additional_information
            .as_ref()
            .map(|info| labelled(info, &customer.customer_type)),
        parties: party_tree(parties),
        accounts: account_views(customer, accounts),
        limits: customer.transaction_limits.as_ref().map(|l| LimitsView {
            single: l.single.as_ref().map(limit_view),
            daily: l.daily.as_ref().map(limit_view),
            monthly: l.monthly.as_ref().map(limit_view),
        }),
        wallets: if approved {
            customer
                .wallets
                .iter()
                .map(|w| WalletView {
                    blockchain: w.blockchain.as_str().to_string(),
                    address: w.address.clone(),
                    explorer_url: w
                        .block_explorer_url
                        .clone()
                        .filter(|u| u.starts_with("https://")),
                    is_default: w.is_default,
                    balances: w
                        .balances
                        .iter()
                        .map(|b| KeyValue {
                            key: b.currency.clone(),
                            value: b.amount.clone(),
                        })
                        .collect(),
                })
                .collect()
        } else {
            vec![]
        },
        actions: Actions {
            terms_pending,
            can_continue_onboarding: status == "NOT_STARTED",
            can_resolve_rfi: status == "RFI",
            is_final: status == "FINAL_REJECTION",
        },
        status,
        unreadable: customer.unreadable_entries(),
    }
}

fn rfc3339(t: Option<time::OffsetDateTime>) -> Option<String> {
    t.and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    })
}

fn limit_view(l: &Limit) -> LimitView {
    let parse = |s: &Option<String>| s.as_deref().and_then(|v| v.parse::<f64>().ok());
    let used_fraction = match (parse(&l.used), parse(&l.max)) {
        (Some(used), Some(max)) if max > 0.0 => Some((used / max).clamp(0.0, 1.0)),
        _ => None,
    };
    LimitView {
        max: l.max.clone(),
        used: l.used.clone(),
        remaining: l.remaining.clone(),
        used_fraction,
    }
}

fn account_views(customer: &Customer, accounts: &[Account]) -> Vec<AccountView> {
    let mut views: Vec<AccountView> = accounts
        .iter()
        .map(|a| AccountView {
            id: a.id.to_string(),
            currency: a.currency.as_str().to_string(),
            status: Some(a.status.as_str().to_string()),
            updated_at: rfc3339(a.updated_at),
        })
        .collect();
    // Accounts on the customer that the account list did not (yet) return.
    for r in &customer.accounts {
        if !views.iter().any(|v| v.id == r.id.to_string()) {
            views.push(AccountView {
                id: r.id.to_string(),
                currency: r.currency.as_str().to_string(),
                status: None,
                updated_at: None,
            });
        }
    }
    views
}

/// Nests parties under their `parentId`; parties whose parent is unknown stay at the top
/// so nothing disappears. Cycles cannot recurse forever: each party is placed once.
fn party_tree(parties: &[AssociatedParty]) -> Vec<PartyNode> {
    let ids: Vec<String> = parties.iter().map(|p| p.id.to_string()).collect();
    let mut children: HashMap<String, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (i, p) in parties.iter().enumerate() {
        match p.parent_id.map(|id| id.to_string()) {
            Some(parent) if parent != ids[i] && ids.contains(&parent) => {
                children.entry(parent).or_default().push(i)
            }
            _ => roots.push(i),
        }
    }
    let mut placed = vec![false; parties.len()];
    let mut tree: Vec<PartyNode> = roots
        .into_iter()
        .map(|i| node(i, parties, &children, &mut placed))
        .collect();
    // Parties only reachable through a cycle: show them at the top level.
    for i in 0..parties.len() {
        if !placed[i] {
            tree.push(node(i, parties, &children, &mut placed));
        }
    }
    tree
}

fn node(
    i: usize,
    parties: &[AssociatedParty],
    children: &HashMap<String, Vec<usize>>,
    placed: &mut [bool],
) -> PartyNode {
    placed[i] = true;
    let p = &parties[i];
    let id = p.id.to_string();
    let mut kids = Vec::new();
    for &k in children.get(&id).map(Vec::as_slice).unwrap_or_default() {
        if !placed[k] {
            kids.push(node(k, parties, children, placed));
        }
    }
    PartyNode {
        id,
        party_type: p.party_type.as_str().to_string(),
        name: p
            .name
            .clone()
            .or_else(|| p.legal_name.clone())
            .unwrap_or_default(),
        roles: p
            .all_roles()
            .iter()
            .map(|r| r.as_str().to_string())
            .collect(),
        ownership_percentage: p.ownership_percentage,
        status: p
            .verification
            .as_ref()
            .map(|v| v.status.as_str().to_string())
            .unwrap_or_else(|| "NOT_STARTED".into()),
        children: kids,
    }
}

/// The additional information as the wizard asks it: each leaf of the JSON under its
/// field path, its value shown by the field's kind.
fn labelled(
    value: &serde_json::Value,
    customer_type: &lumx::models::CustomerType,
) -> Vec<InfoItem> {
    use crate::wizard::steps::{additional_fields, InputKind};
    let kind = if *customer_type == lumx::models::CustomerType::Business {
        crate::wizard::model::CustomerKind::Business
    } else {
        crate::wizard::model::CustomerKind::Individual
    };
    let fields = additional_fields(kind);
    let text = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    fn leaves<'a>(
        prefix: String,
        v: &'a serde_json::Value,
        out: &mut Vec<(String, &'a serde_json::Value)>,
    ) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    leaves(format!("{prefix}.{k}"), v, out);
                }
            }
            other => out.push((prefix, other)),
        }
    }
    let mut out = Vec::new();
    leaves("additional".into(), value, &mut out);
    out.into_iter()
        // `type` tags the API's individual/business variant: the view already says which.
        .filter(|(field, _)| field != "additional.type")
        .map(|(field, v)| {
            let input = fields.iter().find(|f| f.path == field).map(|f| f.input);
            let value = match (input, v) {
                (_, serde_json::Value::Array(items)) => {
                    InfoValue::Options(items.iter().map(text).collect())
                }
                (Some(InputKind::Select), v) => InfoValue::Options(vec![text(v)]),
                (_, serde_json::Value::Bool(b)) => InfoValue::Flag(*b),
                (Some(InputKind::Country), v) => InfoValue::Country(text(v)),
                (_, v) => InfoValue::Text(text(v)),
            };
            InfoItem { field, value }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn customer(status: &str, extra: serde_json::Value) -> Customer {
        let mut base = json!({
            "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            "type": "BUSINESS",
            "legalName": "Lumx S.A",
            "taxId": "42.887.120/0001-00",
            "incorporationDate": "2020-01-01",
            "country": "BRA",
            "email": "hello@lumx.io",
            "verification": { "status": status, "level": "STANDARD",
                              "link": "https://in.sumsub.com/websdk/p/sbx_aA00" },
            "requirements": [
                { "name": "TERMS_OF_SERVICE", "status": "NOT_SENT" },
                { "name": "PROOF_OF_ADDRESS", "status": "SENT" },
                { "name": "SOMETHING_NEW", "status": "WAITING" }
            ],
            "accounts": [ { "id": "8412f484-32fe-418f-80d1-99eb1b3ba7f3", "currency": "BRL" } ],
            "metadata": { "externalId": "usr_123", "tier": 2 },
            "createdAt": "2021-01-01T00:00:00Z",
            "updatedAt": "2021-01-02T00:00:00Z"
        });
        base.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        serde_json::from_value(base).unwrap()
    }

    fn party(id: u8, parent: Option<u8>, role: &str, pct: f64) -> AssociatedParty {
        let uuid = |n: u8| format!("00000000-0000-4000-8000-0000000000{n:02}");
        serde_json::from_value(json!({
            "id": uuid(id),
            "type": "INDIVIDUAL",
            "role": role,
            "name": format!("Party {id}"),
            "ownershipPercentage": pct,
            "parentId": parent.map(uuid),
            "verification": { "status": "RFI", "level": "STANDARD" }
        }))
        .unwrap()
    }

    #[test]
    fn header_masks_the_tax_id_and_keeps_unknown_values() {
        let v = build(&customer("ON_HOLD", json!({})), &[], &[]);
        assert_eq!(v.display_name, "Lumx S.A");
        assert_eq!(v.masked_tax_id, "**.***.***/****-00");
        assert_eq!(v.status, "ON_HOLD");
        assert_eq!(v.key_date.as_deref(), Some("2020-01-01"));
        assert_eq!(v.requirements[2].name, "SOMETHING_NEW");
        assert_eq!(v.requirements[2].status, "WAITING");
        assert!(v.actions.terms_pending);
        assert!(!v.actions.can_resolve_rfi);
        let tier = v.metadata.iter().find(|kv| kv.key == "tier").unwrap();
        assert_eq!(tier.value, "2");
    }

    #[test]
    fn parties_nest_by_parent_and_orphans_stay_visible() {
        let parties = [
            party(1, None, "SHAREHOLDER", 60.0),
            party(2, Some(1), "UBO", 50.0),
            party(3, Some(2), "UBO", 30.0),
            party(4, Some(99), "REPRESENTATIVE", 0.0),
        ];
        let tree = party_tree(&parties);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].name, "Party 1");
        assert_eq!(tree[0].children[0].name, "Party 2");
        assert_eq!(tree[0].children[0].children[0].name, "Party 3");
        assert_eq!(tree[1].name, "Party 4");
        assert_eq!(tree[0].status, "RFI");
    }

    #[test]
    fn a_parent_cycle_does_not_hang_or_lose_parties() {
        let parties = [
            party(1, Some(2), "UBO", 30.0),
            party(2, Some(1), "UBO", 30.0),
        ];
        let tree = party_tree(&parties);
        let count = |nodes: &[PartyNode]| -> usize {
            fn c(n: &[PartyNode]) -> usize {
                n.iter().map(|x| 1 + c(&x.children)).sum()
            }
            c(nodes)
        };
        assert_eq!(count(&tree), 2);
    }

    #[test]
    fn wallets_only_when_approved_and_limits_as_fractions() {
        let extra = json!({
            "wallets": [{ "blockchain": "POLYGON", "address": "0xabc", "isDefault": true,
                          "blockExplorerUrl": "https://polygonscan.com/address/0xabc",
                          "balances": [{ "currency": "USDC", "amount": "10.5" }] }],
            "transactionLimits": {
                "single": { "max": "7500.00" },
                "daily": { "max": "15000.00", "used": "3000.00", "remaining": "12000.00" }
            }
        });
        let approved = build(&customer("APPROVED", extra.clone()), &[], &[]);
        assert_eq!(approved.wallets.len(), 1);
        assert_eq!(approved.wallets[0].balances[0].value, "10.5");
        let limits = approved.limits.unwrap();
        assert_eq!(limits.daily.unwrap().used_fraction, Some(0.2));
        assert_eq!(limits.single.unwrap().used_fraction, None);
        let rfi = build(&customer("RFI", extra), &[], &[]);
        assert!(rfi.wallets.is_empty());
        assert!(rfi.actions.can_resolve_rfi);
    }

    #[test]
    fn accounts_merge_the_list_with_the_customer_refs() {
        let accounts: Vec<Account> = serde_json::from_value(json!([{
            "id": "d06d342c-629a-4d99-a26f-34e8ea528403",
            "customerId": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            "status": "RFI", "currency": "USD"
        }]))
        .unwrap();
        let v = build(&customer("APPROVED", json!({})), &[], &accounts);
        assert_eq!(v.accounts.len(), 2);
        assert_eq!(v.accounts[0].status.as_deref(), Some("RFI"));
        assert_eq!(v.accounts[1].currency, "BRL");
        assert_eq!(v.accounts[1].status, None);
    }

    #[test]
    fn additional_information_is_shown_under_the_wizards_fields() {
        let extra = json!({ "additionalInformation": {
            "type": "BUSINESS",
            "phone": "+5511999999999",
            "address": { "city": "São Paulo", "country": "BRA" },
            "jurisdictions": ["BRA", "USA"],
            "companyType": "PAYMENT_GATEWAY",
            "isRegulatedActivity": false
        }});
        let v = build(&customer("NOT_STARTED", extra), &[], &[]);
        let info = v.additional_information.unwrap();
        let get = |k: &str| info.iter().find(|i| i.field == k).unwrap().value.clone();
        assert_eq!(
            get("additional.address.city"),
            InfoValue::Text("São Paulo".into())
        );
        assert_eq!(
            get("additional.jurisdictions"),
            InfoValue::Options(vec!["BRA".into(), "USA".into()])
        );
        assert_eq!(
            get("additional.isRegulatedActivity"),
            InfoValue::Flag(false)
        );
        assert_eq!(
            get("additional.companyType"),
            InfoValue::Options(vec!["PAYMENT_GATEWAY".into()])
        );
        assert_eq!(
            get("additional.address.country"),
            InfoValue::Country("BRA".into())
        );
        assert!(v.actions.can_continue_onboarding);
    }
}
