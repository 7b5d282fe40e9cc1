//! The wizard's steps as data: which fields each step has, their input kind, options and
//! rules. The UI renders forms from this list, and validation walks the same list, so a
//! field added here appears, validates and saves everywhere at once.

use serde::Serialize;
use specta::Type;

use super::model::{CustomerKind, Draft, PartyForm, StepId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum InputKind {
    Text,
    TextArea,
    Date,
    Email,
    Phone,
    Country,
    Select,
    MultiSelect,
    Checkbox,
    Amount,
    Url,
    Currencies,
    Metadata,
}

/// Only shown (and only required) when the condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum Condition {
    RegulatedActivity,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OptionGroup {
    /// i18n key of the group heading, when options are grouped.
    pub group: Option<String>,
    pub options: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldDef {
    /// Path in the draft (`customer.taxId`, `additional.address.city`); also the i18n key
    /// of its label (`field.<path>`) and the key of its validation errors.
    pub path: String,
    pub input: InputKind,
    pub required: bool,
    pub options: Vec<OptionGroup>,
    /// In a multi-select, the option that excludes all others (`NONE`).
    pub exclusive: Option<String>,
    pub shown_when: Option<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StepDef {
    pub id: StepId,
    pub fields: Vec<FieldDef>,
}

pub const CURRENCIES: &[&str] = &["BRL", "USD", "EUR", "MXN"];
pub const JURISDICTIONS: &[&str] = &["BRA", "USA", "EU", "CANADA", "CHINA", "MEXICO", "OTHERS"];
pub const ACTIVITIES: &[&str] = &[
    "NONE",
    "ADULT_ENTERTAINMENT",
    "DRUGS",
    "FIREARMS",
    "GAMBLING",
    "MARIJUANA",
    "TUMBLING",
];
pub const COUNTERPARTIES: &[&str] = &[
    "SELF",
    "MERCHANTS_SUPPLIERS",
    "CUSTOMERS",
    "EMPLOYEES",
    "CONTRACTORS",
    "FRIENDS",
    "FAMILY",
];
pub const PROFESSIONAL_SITUATIONS: &[&str] = &[
    "EMPLOYEE",
    "SELF_EMPLOYED",
    "UNEMPLOYED",
    "RETIRED",
    "OTHER",
];
pub const INDIVIDUAL_SOURCES_OF_FUNDS: &[&str] = &[
    "EMPLOYMENT",
    "SAVINGS",
    "WINNINGS",
    "MARITAL",
    "REAL_ESTATE",
    "TRUST",
    "INVESTMENT",
    "LOAN",
    "OTHER",
];
pub const BUSINESS_SOURCES_OF_FUNDS: &[&str] = &[
    "COMPANY",
    "COMPANY_CAPITAL",
    "INVESTMENT",
    "LOAN",
    "PRIVATE_CAPITAL",
    "GRANT",
    "OTHER",
];
/// As grouped on the company-types page; the third list is truncated in the docs.
pub const COMPANY_TYPE_GROUPS: &[(&str, &[&str])] = &[
    (
        "companyGroup.financial",
        &[
            "BANK_US",
            "BANK_FOREIGN",
            "BANKING_CORRESPONDENT",
            "BROKER_DEALER_OTC_DESK",
            "FOREIGN_EXCHANGE_MARKET_FX",
            "INSURANCE_COMPANIES",
            "INVESTMENT_ADVISOR_ASSET_MANAGER",
            "LOAN_OR_FINANCE_COMPANY",
            "NON_BANK_CUSTODIANS",
            "PAYMENT_GATEWAY",
            "THIRD_PARTY_PAYMENT_PROCESSOR",
            "U_S_NON_CRYPTO_MSB",
            "FOREIGN_NON_CRYPTO_MSB",
        ],
    ),
    (
        "companyGroup.crypto",
        &[
            "BLOCKCHAIN_SOFTWARE_COMPANY",
            "DEFI_EXCHANGE",
            "MINER",
            "NFT_MARKETPLACE",
            "TOKEN_PROJECT",
            "U_S_CRYPTO_MSB",
            "FOREIGN_CRYPTO_MSB",
            "ATM_KIOSK_OPERATOR",
        ],
    ),
    (
        "companyGroup.investment",
        &[
            "COMMODITIES_FIRMS",
            "HIGH_NET_WORTH_INDIVIDUALS",
            "PENSION_FUNDS",
            "POOLED_INVESTMENT_VEHICLE_FUND",
        ],
    ),
];
pub const IDENTITY_DOCUMENTS: &[&str] = &["ID_CARD", "DRIVERS_LICENSE", "PASSPORT"];
pub const PARTY_TYPES: &[&str] = &["INDIVIDUAL", "BUSINESS"];
pub const PARTY_ROLES: &[&str] = &["REPRESENTATIVE", "UBO", "SHAREHOLDER"];

/// The roles a party of this type may take: a business can only hold shares.
pub fn roles_for(party_type: &str) -> &'static [&'static str] {
    if party_type == "BUSINESS" {
        &["SHAREHOLDER"]
    } else {
        PARTY_ROLES
    }
}

/// One party type as the parties step offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PartyKindDef {
    /// `INDIVIDUAL` or `BUSINESS`; also the i18n key `partyType.<value>`.
    pub party_type: String,
    /// The roles it may take, the first being what a change to this type picks.
    pub roles: Vec<String>,
    /// The field that names a party of this type (`name`, `legalName`).
    pub name_field: String,
    pub fields: Vec<FieldDef>,
}

/// How the parties step builds and edits a party: the form of a new one (the UI gives it
/// its local id) and each type's roles and fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PartyFormDef {
    pub template: PartyForm,
    pub kinds: Vec<PartyKindDef>,
}

pub fn party_form() -> PartyFormDef {
    PartyFormDef {
        template: PartyForm::default(),
        kinds: PARTY_TYPES
            .iter()
            .map(|&party_type| PartyKindDef {
                party_type: party_type.to_string(),
                roles: roles_for(party_type)
                    .iter()
                    .map(|r| r.to_string())
                    .collect(),
                name_field: if party_type == "BUSINESS" {
                    "legalName"
                } else {
                    "name"
                }
                .to_string(),
                fields: party_fields(party_type),
            })
            .collect(),
    }
}

fn field(path: &str, input: InputKind, required: bool) -> FieldDef {
    FieldDef {
        path: path.into(),
        input,
        required,
        options: vec![],
        exclusive: None,
        shown_when: None,
    }
}

fn select(path: &str, input: InputKind, options: &[&str]) -> FieldDef {
    FieldDef {
        options: vec![OptionGroup {
            group: None,
            options: options.iter().map(|s| s.to_string()).collect(),
        }],
        ..field(path, input, true)
    }
}

fn address_fields(prefix: &str) -> Vec<FieldDef> {
    vec![
        field(&format!("{prefix}.country"), InputKind::Country, true),
        field(&format!("{prefix}.line1"), InputKind::Text, true),
        field(&format!("{prefix}.line2"), InputKind::Text, false),
        field(&format!("{prefix}.city"), InputKind::Text, true),
        field(&format!("{prefix}.state"), InputKind::Text, true),
        field(&format!("{prefix}.postalCode"), InputKind::Text, true),
    ]
}

fn shared_activity_fields() -> Vec<FieldDef> {
    vec![
        field("additional.monthlyVolumeInUSD", InputKind::Amount, true),
        field("additional.transactionVolumeInUSD", InputKind::Amount, true),
        select(
            "additional.jurisdictions",
            InputKind::MultiSelect,
            JURISDICTIONS,
        ),
        FieldDef {
            exclusive: Some("NONE".into()),
            ..select(
                "additional.involvedActivities",
                InputKind::MultiSelect,
                ACTIVITIES,
            )
        },
        select(
            "additional.transactionCounterparties",
            InputKind::MultiSelect,
            COUNTERPARTIES,
        ),
    ]
}

pub fn customer_fields(kind: CustomerKind) -> Vec<FieldDef> {
    let mut fields = match kind {
        CustomerKind::Individual => vec![
            field("customer.name", InputKind::Text, true),
            field("customer.taxId", InputKind::Text, true),
            field("customer.birthDate", InputKind::Date, true),
        ],
        CustomerKind::Business => vec![
            field("customer.legalName", InputKind::Text, true),
            field("customer.taxId", InputKind::Text, true),
            field("customer.incorporationDate", InputKind::Date, true),
        ],
    };
    fields.extend([
        field("customer.country", InputKind::Country, true),
        field("customer.email", InputKind::Email, true),
        select("customer.currencies", InputKind::Currencies, CURRENCIES),
        field("customer.metadata", InputKind::Metadata, false),
    ]);
    fields
}

pub fn additional_fields(kind: CustomerKind) -> Vec<FieldDef> {
    let mut fields = vec![field("additional.phone", InputKind::Phone, true)];
    match kind {
        CustomerKind::Individual => {
            fields.extend([
                field("additional.firstName", InputKind::Text, true),
                field("additional.middleName", InputKind::Text, false),
                field("additional.lastName", InputKind::Text, true),
            ]);
            fields.extend(address_fields("additional.address"));
            fields.extend(shared_activity_fields());
            fields.extend([
                select(
                    "additional.professionalSituation",
                    InputKind::Select,
                    PROFESSIONAL_SITUATIONS,
                ),
                field("additional.professionalOccupation", InputKind::Text, true),
                select(
                    "additional.sourceOfFunds",
                    InputKind::Select,
                    INDIVIDUAL_SOURCES_OF_FUNDS,
                ),
            ]);
        }
        CustomerKind::Business => {
            fields.extend(address_fields("additional.address"));
            fields.extend(shared_activity_fields());
            fields.extend([
                FieldDef {
                    options: COMPANY_TYPE_GROUPS
                        .iter()
                        .map(|(group, options)| OptionGroup {
                            group: Some(group.to_string()),
                            options: options.iter().map(|s| s.to_string()).collect(),
                        })
                        .collect(),
                    ..field("additional.companyType", InputKind::Select, true)
                },
                field("additional.annualRevenue", InputKind::Amount, true),
                field(
                    "additional.monthlyTransactionVolume",
                    InputKind::Amount,
                    true,
                ),
                field("additional.complianceAndAML", InputKind::TextArea, true),
                field("additional.isRegulatedActivity", InputKind::Checkbox, false),
                FieldDef {
                    shown_when: Some(Condition::RegulatedActivity),
                    ..field(
                        "additional.regulatedActivityDetails",
                        InputKind::TextArea,
                        true,
                    )
                },
                field("additional.website", InputKind::Url, true),
                select(
                    "additional.sourceOfFunds",
                    InputKind::Select,
                    BUSINESS_SOURCES_OF_FUNDS,
                ),
                field("additional.servicesProvided", InputKind::TextArea, true),
            ]);
        }
    }
    fields
}

/// Fields of one associated party; `party_type` decides the individual/business variant.
pub fn party_fields(party_type: &str) -> Vec<FieldDef> {
    let mut fields = if party_type == "BUSINESS" {
        vec![
            field("legalName", InputKind::Text, true),
            field("taxId", InputKind::Text, true),
            field("incorporationDate", InputKind::Date, true),
        ]
    } else {
        vec![
            field("name", InputKind::Text, true),
            field("taxId", InputKind::Text, true),
            field("birthDate", InputKind::Date, true),
            select("identityDocument", InputKind::Select, IDENTITY_DOCUMENTS),
        ]
    };
    fields.push(field("email", InputKind::Email, true));
    fields.extend(address_fields("address"));
    fields.push(field("ownershipPercentage", InputKind::Amount, false));
    fields
}

pub fn steps(kind: CustomerKind) -> Vec<StepDef> {
    StepId::for_kind(kind)
        .iter()
        .map(|&id| StepDef {
            id,
            fields: match id {
                StepId::Customer => customer_fields(kind),
                StepId::Additional => additional_fields(kind),
                _ => vec![],
            },
        })
        .collect()
}

impl Condition {
    pub fn holds(self, draft: &Draft) -> bool {
        match self {
            Condition::RegulatedActivity => draft.additional.is_regulated_activity,
        }
    }
}

/// The draft's steps with only the fields it shows now (a condition's fields appear when
/// it holds): what the wizard renders.
pub fn shown_steps(draft: &Draft) -> Vec<StepDef> {
    let mut steps = steps(draft.kind);
    for step in &mut steps {
        step.fields
            .retain(|f| f.shown_when.is_none_or(|c| c.holds(draft)));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regulated_details_show_only_for_a_regulated_activity() {
        let mut draft = Draft::new(
            "d".into(),
            CustomerKind::Business,
            crate::environment::EnvironmentKind::LocalSandbox,
            "t".into(),
        );
        let shown = |d: &Draft| {
            shown_steps(d)
                .into_iter()
                .flat_map(|s| s.fields)
                .any(|f| f.path == "additional.regulatedActivityDetails")
        };
        assert!(!shown(&draft));
        draft.additional.is_regulated_activity = true;
        assert!(shown(&draft));
    }

    #[test]
    fn individuals_have_no_parties_step_and_businesses_do() {
        let ids = |k| steps(k).iter().map(|s| s.id).collect::<Vec<_>>();
        assert!(!ids(CustomerKind::Individual).contains(&StepId::Parties));
        assert!(ids(CustomerKind::Business).contains(&StepId::Parties));
    }

    #[test]
    fn every_documented_enum_value_is_offered() {
        let fields = additional_fields(CustomerKind::Business);
        let company = fields
            .iter()
            .find(|f| f.path == "additional.companyType")
            .unwrap();
        let all: Vec<_> = company
            .options
            .iter()
            .flat_map(|g| g.options.clone())
            .collect();
        assert!(all.contains(&"ATM_KIOSK_OPERATOR".to_string()));
        assert_eq!(company.options.len(), 3);
        let activities = fields
            .iter()
            .find(|f| f.path == "additional.involvedActivities")
            .unwrap();
        assert_eq!(activities.exclusive.as_deref(), Some("NONE"));
        assert_eq!(activities.options[0].options.len(), ACTIVITIES.len());
    }

    #[test]
    fn a_business_party_may_only_hold_shares() {
        let form = party_form();
        let kind = |t: &str| form.kinds.iter().find(|k| k.party_type == t).unwrap();
        assert_eq!(kind("BUSINESS").roles, ["SHAREHOLDER"]);
        assert_eq!(kind("INDIVIDUAL").roles, PARTY_ROLES);
        assert!(kind("BUSINESS")
            .fields
            .iter()
            .any(|f| f.path == "legalName"));
        assert!(kind("INDIVIDUAL")
            .fields
            .iter()
            .any(|f| f.path == "identityDocument"));
        assert!(roles_for(&form.template.party_type).contains(&form.template.role.as_str()));
        assert!(
            form.template.local_id.is_empty(),
            "the UI gives each party its id"
        );
    }

    #[test]
    fn regulated_details_only_when_regulated() {
        let fields = additional_fields(CustomerKind::Business);
        let details = fields
            .iter()
            .find(|f| f.path == "additional.regulatedActivityDetails")
            .unwrap();
        assert_eq!(details.shown_when, Some(Condition::RegulatedActivity));
    }

    #[test]
    fn paths_are_unique_within_a_step() {
        for kind in [CustomerKind::Individual, CustomerKind::Business] {
            for step in steps(kind) {
                let mut paths: Vec<_> = step.fields.iter().map(|f| f.path.clone()).collect();
                let n = paths.len();
                paths.sort();
                paths.dedup();
                assert_eq!(paths.len(), n, "{:?}", step.id);
            }
        }
    }
}
