//! Validation of a draft, step by step, with field-level messages in the analyst's
//! language, and each step's completeness ("what is still required and why").

use std::collections::HashMap;

use serde::Serialize;
use specta::Type;
use time::Date;

use super::documents::slots;
use super::model::{AddressForm, CustomerKind, Draft, PartyForm, StepId};
use super::steps::{self, FieldDef, InputKind};
use crate::error::FieldError;
use crate::locale::Language;
use crate::validation::{self as v, field_error, Problem};

/// Errors of every field of `step`, keyed by the field's path.
pub fn validate_step(draft: &Draft, step: StepId, today: Date, lang: Language) -> Vec<FieldError> {
    match step {
        StepId::Customer => {
            validate_fields(draft, &steps::customer_fields(draft.kind), today, lang)
        }
        StepId::Additional => {
            validate_fields(draft, &steps::additional_fields(draft.kind), today, lang)
        }
        StepId::Parties => validate_parties(draft, today, lang),
        _ => vec![],
    }
}

fn value<'a>(draft: &'a Draft, path: &str) -> Value<'a> {
    let c = &draft.customer;
    let a = &draft.additional;
    match path {
        "customer.name" => Value::Text(&c.name),
        "customer.legalName" => Value::Text(&c.legal_name),
        "customer.taxId" => Value::Text(&c.tax_id),
        "customer.birthDate" => Value::Text(&c.birth_date),
        "customer.incorporationDate" => Value::Text(&c.incorporation_date),
        "customer.country" => Value::Text(&c.country),
        "customer.email" => Value::Text(&c.email),
        "customer.currencies" => Value::List(&c.currencies),
        "customer.metadata" => Value::Other,
        "additional.phone" => Value::Text(&a.phone),
        "additional.firstName" => Value::Text(&a.first_name),
        "additional.middleName" => Value::Text(&a.middle_name),
        "additional.lastName" => Value::Text(&a.last_name),
        "additional.monthlyVolumeInUSD" => Value::Text(&a.monthly_volume_in_usd),
        "additional.transactionVolumeInUSD" => Value::Text(&a.transaction_volume_in_usd),
        "additional.jurisdictions" => Value::List(&a.jurisdictions),
        "additional.involvedActivities" => Value::List(&a.involved_activities),
        "additional.transactionCounterparties" => Value::List(&a.transaction_counterparties),
        "additional.professionalSituation" => Value::Text(&a.professional_situation),
        "additional.professionalOccupation" => Value::Text(&a.professional_occupation),
        "additional.sourceOfFunds" => Value::Text(&a.source_of_funds),
        "additional.companyType" => Value::Text(&a.company_type),
        "additional.annualRevenue" => Value::Text(&a.annual_revenue),
        "additional.monthlyTransactionVolume" => Value::Text(&a.monthly_transaction_volume),
        "additional.complianceAndAML" => Value::Text(&a.compliance_and_aml),
        "additional.isRegulatedActivity" => Value::Other,
        "additional.regulatedActivityDetails" => Value::Text(&a.regulated_activity_details),
        "additional.website" => Value::Text(&a.website),
        "additional.servicesProvided" => Value::Text(&a.services_provided),
        p if p.starts_with("additional.address.") => {
            address_value(&a.address, &p["additional.address.".len()..])
        }
        _ => Value::Other,
    }
}

fn address_value<'a>(a: &'a AddressForm, field: &str) -> Value<'a> {
    match field {
        "country" => Value::Text(&a.country),
        "line1" => Value::Text(&a.line1),
        "line2" => Value::Text(&a.line2),
        "city" => Value::Text(&a.city),
        "state" => Value::Text(&a.state),
        "postalCode" => Value::Text(&a.postal_code),
        _ => Value::Other,
    }
}

enum Value<'a> {
    Text(&'a str),
    List(&'a [String]),
    Other,
}

fn validate_fields(
    draft: &Draft,
    fields: &[FieldDef],
    today: Date,
    lang: Language,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for def in fields {
        // A field not shown is not asked for.
        if def.shown_when.is_some_and(|c| !c.holds(draft)) {
            continue;
        }
        let (problem, text) = match value(draft, &def.path) {
            Value::Text(text) => (check_text(draft, def, text, today), text),
            Value::List(items) => (check_list(def, items), ""),
            Value::Other => (None, ""),
        };
        match problem {
            // Names the country whose numbering plan the number failed.
            Some(Problem::PhoneNotValidForCountry) => errors.push(FieldError::new(
                &def.path,
                v::phone_not_valid_message(text, lang),
            )),
            Some(p) => errors.push(field_error(&def.path, p, lang)),
            None => {}
        }
    }
    if let Some(p) = check_metadata(draft) {
        errors.push(field_error("customer.metadata", p, lang));
    }
    errors
}

fn options(def: &FieldDef) -> impl Iterator<Item = &String> {
    def.options.iter().flat_map(|g| g.options.iter())
}

fn check_text(draft: &Draft, def: &FieldDef, text: &str, today: Date) -> Option<Problem> {
    let text = text.trim();
    if text.is_empty() {
        return def.required.then_some(Problem::Required);
    }
    if let Err(p) = visible(def.input, text) {
        return Some(p);
    }
    let result = match (def.input, def.path.as_str()) {
        // Once created, the draft keeps only a masked tax id (the API has the real one).
        (_, "customer.taxId") if draft.customer_id.is_some() => Ok(()),
        (_, "customer.taxId") => v::tax_id(
            draft.customer.country.trim(),
            text,
            draft.kind == CustomerKind::Business,
        ),
        (_, "customer.birthDate") => v::birth_date(text, today).map(drop),
        (_, "additional.address.postalCode") => {
            v::postal_code(draft.additional.address.country.trim(), text)
        }
        (InputKind::Date, _) => v::past_date(text, today).map(drop),
        (InputKind::Email, _) => v::email(text),
        (InputKind::Phone, _) => v::phone_e164(text).map(drop),
        (InputKind::Country, _) => v::country(text).map(drop),
        (InputKind::Amount, _) => v::decimal_amount(text),
        (InputKind::Url, _) => v::url(text),
        (InputKind::Select, _) if !options(def).any(|o| o == text) => Err(Problem::EnumUnknown),
        _ if text.chars().count() > 500 => Err(Problem::TooLong),
        _ => Ok(()),
    };
    result.err()
}

/// Typed text goes to Lumx as it is: no hidden characters in any of it (line feeds only
/// in text areas). Checked first, because the format rules (an email's, a URL's path)
/// do not all look for them, and "retype it" is the useful advice whatever the field.
fn visible(input: InputKind, text: &str) -> Result<(), Problem> {
    match input {
        InputKind::TextArea => v::visible_multiline(text),
        _ => v::visible_text(text),
    }
}

fn check_list(def: &FieldDef, items: &[String]) -> Option<Problem> {
    if items.is_empty() {
        return def.required.then_some(Problem::Required);
    }
    if items.iter().any(|i| !options(def).any(|o| o == i)) {
        return Some(Problem::EnumUnknown);
    }
    if let Some(exclusive) = &def.exclusive {
        if items.len() > 1 && items.contains(exclusive) {
            return Some(Problem::NoneExclusive);
        }
    }
    None
}

fn check_metadata(draft: &Draft) -> Option<Problem> {
    let mut seen = std::collections::HashSet::new();
    for kv in &draft.customer.metadata {
        let key = kv.key.trim();
        if key.is_empty() && !kv.value.trim().is_empty() {
            return Some(Problem::Required);
        }
        if !key.is_empty() && !seen.insert(key.to_string()) {
            return Some(Problem::Duplicate);
        }
        if let Err(p) = v::visible_text(key).and(v::visible_text(&kv.value)) {
            return Some(p);
        }
    }
    None
}

fn validate_parties(draft: &Draft, today: Date, lang: Language) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if draft.kind != CustomerKind::Business {
        return errors;
    }
    if !draft.parties.iter().any(|p| p.role == "REPRESENTATIVE") {
        errors.push(field_error(
            "parties",
            Problem::RepresentativeRequired,
            lang,
        ));
    }
    let mut shares: HashMap<Option<&str>, f64> = HashMap::new();
    for (i, party) in draft.parties.iter().enumerate() {
        let prefix = format!("parties[{i}]");
        // Unknown values would otherwise be sent as they are (the payload keeps unknown
        // roles verbatim, and any type but BUSINESS is built as an individual).
        if let Err(problem) = v::one_of(&party.party_type, steps::PARTY_TYPES) {
            errors.push(field_error(&format!("{prefix}.partyType"), problem, lang));
        }
        let role_known = v::one_of(&party.role, steps::PARTY_ROLES);
        if let Err(problem) = role_known {
            errors.push(field_error(&format!("{prefix}.role"), problem, lang));
        }
        for def in steps::party_fields(&party.party_type) {
            if let Some(problem) = check_party_field(party, &def, today) {
                errors.push(field_error(
                    &format!("{prefix}.{}", def.path),
                    problem,
                    lang,
                ));
            }
        }
        if role_known.is_ok() && !steps::roles_for(&party.party_type).contains(&party.role.as_str())
        {
            errors.push(field_error(
                &format!("{prefix}.role"),
                Problem::BusinessPartyRole,
                lang,
            ));
        }
        let pct = parse_pct(&party.ownership_percentage);
        if party.role == "UBO" && pct.is_none_or(|p| p < 25.0) {
            errors.push(field_error(
                &format!("{prefix}.ownershipPercentage"),
                Problem::UboBelow25,
                lang,
            ));
        }
        if let Some(parent) = &party.parent_local_id {
            if !draft
                .parties
                .iter()
                .any(|p| &p.local_id == parent && p.local_id != party.local_id)
            {
                errors.push(field_error(
                    &format!("{prefix}.parentLocalId"),
                    Problem::ParentUnknown,
                    lang,
                ));
            }
        }
        *shares.entry(party.parent_local_id.as_deref()).or_default() += pct.unwrap_or(0.0);
    }
    for (i, party) in draft.parties.iter().enumerate() {
        if shares
            .get(&party.parent_local_id.as_deref())
            .copied()
            .unwrap_or(0.0)
            > 100.0 + 1e-9
        {
            errors.push(field_error(
                &format!("parties[{i}].ownershipPercentage"),
                Problem::SharesOver100,
                lang,
            ));
        }
    }
    errors
}

fn parse_pct(s: &str) -> Option<f64> {
    s.trim().replace(',', ".").parse::<f64>().ok()
}

fn check_party_field(p: &PartyForm, def: &FieldDef, today: Date) -> Option<Problem> {
    let text = match def.path.as_str() {
        "name" => &p.name,
        "legalName" => &p.legal_name,
        "taxId" => &p.tax_id,
        "birthDate" => &p.birth_date,
        "incorporationDate" => &p.incorporation_date,
        "identityDocument" => &p.identity_document,
        "email" => &p.email,
        "ownershipPercentage" => &p.ownership_percentage,
        a if a.starts_with("address.") => match address_value(&p.address, &a["address.".len()..]) {
            Value::Text(t) => t,
            _ => return None,
        },
        _ => return None,
    }
    .trim();
    if text.is_empty() {
        return def.required.then_some(Problem::Required);
    }
    if let Err(p) = visible(def.input, text) {
        return Some(p);
    }
    let result = match def.path.as_str() {
        "taxId" if p.remote_id.is_some() => Ok(()),
        "taxId" => v::tax_id(p.address.country.trim(), text, p.party_type == "BUSINESS"),
        "birthDate" => v::birth_date(text, today).map(drop),
        "address.postalCode" => v::postal_code(p.address.country.trim(), text),
        "ownershipPercentage" => match parse_pct(text) {
            Some(x) => v::percentage(x),
            None => Err(Problem::PercentageRange),
        },
        _ => match def.input {
            InputKind::Date => v::past_date(text, today).map(drop),
            InputKind::Email => v::email(text),
            InputKind::Country => v::country(text).map(drop),
            InputKind::Select if !options(def).any(|o| o == text) => Err(Problem::EnumUnknown),
            _ => Ok(()),
        },
    };
    result.err()
}

/// Where a step stands, for the wizard's step list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StepStatus {
    pub id: StepId,
    pub complete: bool,
    /// What is still missing, as i18n keys (`missing.<what>`), in the order to do them.
    pub missing: Vec<String>,
}

pub fn progress(draft: &Draft, today: Date, lang: Language) -> Vec<StepStatus> {
    StepId::for_kind(draft.kind)
        .iter()
        .map(|&id| {
            let mut missing = Vec::new();
            let field_errors = validate_step(draft, id, today, lang);
            if !field_errors.is_empty() {
                missing.push("missing.fields".to_string());
            }
            match id {
                StepId::Customer if draft.customer_id.is_none() => {
                    missing.push("missing.customerNotCreated".into())
                }
                StepId::Terms if !draft.terms_accepted() => {
                    missing.push("missing.termsNotAccepted".into())
                }
                StepId::Additional if draft.additional_sent.as_ref() != Some(&draft.additional) => {
                    missing.push("missing.additionalNotSent".into())
                }
                StepId::Parties if draft.parties.iter().any(|p| p.remote_id.is_none()) => {
                    missing.push("missing.partiesNotSent".into())
                }
                StepId::Documents => {
                    let required = slots(draft).into_iter().filter(|s| s.required);
                    let pending = required
                        .filter(|s| {
                            draft
                                .slot(&s.slot_id)
                                .and_then(|st| st.uploaded_at.as_ref())
                                .is_none()
                        })
                        .count();
                    if pending > 0 {
                        missing.push("missing.documentsNotUploaded".into());
                    }
                }
                StepId::Review if draft.verification_started_at.is_none() => {
                    missing.push("missing.verificationNotStarted".into())
                }
                _ => {}
            }
            StepStatus {
                id,
                complete: missing.is_empty(),
                missing,
            }
        })
        .collect()
}

/// Whether every step before Review is complete: the API's preconditions for starting
/// verification (additional information, proof of address, terms; a representative).
pub fn ready_to_start(statuses: &[StepStatus]) -> bool {
    statuses
        .iter()
        .filter(|s| s.id != StepId::Review)
        .all(|s| s.complete)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvironmentKind;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 25);

    fn individual() -> Draft {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Individual,
            EnvironmentKind::LocalSandbox,
            "n".into(),
        );
        d.customer.name = "Ana Souza".into();
        d.customer.tax_id = "529.982.247-25".into();
        d.customer.birth_date = "1990-05-01".into();
        d.customer.email = "ana@example.com".into();
        d
    }

    fn errors(d: &Draft, step: StepId) -> Vec<String> {
        validate_step(d, step, TODAY, Language::En)
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_complete_individual_customer_step_has_no_errors() {
        assert!(errors(&individual(), StepId::Customer).is_empty());
    }

    #[test]
    fn wrong_cpf_future_birth_date_bad_email_and_no_currency_are_field_errors() {
        let mut d = individual();
        d.customer.tax_id = "529.982.247-24".into();
        d.customer.birth_date = "2030-01-01".into();
        d.customer.email = "ana@".into();
        d.customer.currencies.clear();
        assert_eq!(
            errors(&d, StepId::Customer),
            [
                "customer.taxId",
                "customer.birthDate",
                "customer.email",
                "customer.currencies"
            ]
        );
        let pt = validate_step(&d, StepId::Customer, TODAY, Language::PtBr);
        let en = validate_step(&d, StepId::Customer, TODAY, Language::En);
        assert_ne!(pt[0].message, en[0].message);
    }

    #[test]
    fn foreign_tax_ids_are_not_checked_as_cpf() {
        let mut d = individual();
        d.customer.country = "USA".into();
        d.customer.tax_id = "123-45-6789".into();
        assert!(errors(&d, StepId::Customer).is_empty());
    }

    #[test]
    fn none_is_exclusive_and_regulated_details_become_required() {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Business,
            EnvironmentKind::LocalSandbox,
            "n".into(),
        );
        d.additional.involved_activities = vec!["NONE".into(), "GAMBLING".into()];
        let errs = errors(&d, StepId::Additional);
        assert!(errs.contains(&"additional.involvedActivities".to_string()));
        assert!(!errs.contains(&"additional.regulatedActivityDetails".to_string()));
        d.additional.is_regulated_activity = true;
        assert!(errors(&d, StepId::Additional)
            .contains(&"additional.regulatedActivityDetails".to_string()));
    }

    fn party(id: &str, role: &str, pct: &str, parent: Option<&str>) -> PartyForm {
        PartyForm {
            local_id: id.into(),
            role: role.into(),
            name: "Maria Santos".into(),
            tax_id: "529.982.247-25".into(),
            birth_date: "1985-07-10".into(),
            email: "m@example.com".into(),
            address: AddressForm {
                country: "BRA".into(),
                line1: "Rua A, 1".into(),
                city: "Rio".into(),
                state: "RJ".into(),
                postal_code: "20000-000".into(),
                ..Default::default()
            },
            ownership_percentage: pct.into(),
            parent_local_id: parent.map(str::to_owned),
            ..Default::default()
        }
    }

    #[test]
    fn party_rules_representative_ubo_25_and_100_per_parent() {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Business,
            EnvironmentKind::LocalSandbox,
            "n".into(),
        );
        assert_eq!(errors(&d, StepId::Parties), ["parties"]);
        d.parties = vec![
            party("r", "REPRESENTATIVE", "", None),
            party("u", "UBO", "30", None),
        ];
        assert!(errors(&d, StepId::Parties).is_empty());
        d.parties[1].ownership_percentage = "20".into();
        assert_eq!(
            errors(&d, StepId::Parties),
            ["parties[1].ownershipPercentage"]
        );
        d.parties[1].ownership_percentage = "60".into();
        d.parties.push(party("s", "SHAREHOLDER", "50", None));
        let errs = errors(&d, StepId::Parties);
        assert!(
            errs.iter()
                .filter(|e| e.ends_with("ownershipPercentage"))
                .count()
                >= 2,
            "{errs:?}"
        );
        // Nested shares count under their own parent.
        d.parties[2].parent_local_id = Some("u".into());
        assert!(errors(&d, StepId::Parties).is_empty());
        d.parties[2].parent_local_id = Some("ghost".into());
        assert_eq!(errors(&d, StepId::Parties), ["parties[2].parentLocalId"]);
    }

    #[test]
    fn unknown_party_types_and_roles_are_refused() {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Business,
            EnvironmentKind::LocalSandbox,
            "n".into(),
        );
        let mut robot = party("x", "CEO", "30", None);
        robot.party_type = "ROBOT".into();
        d.parties = vec![party("r", "REPRESENTATIVE", "", None), robot];
        let errs = validate_step(&d, StepId::Parties, TODAY, Language::PtBr);
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["parties[1].partyType", "parties[1].role"]);
        assert_eq!(
            errs[0].message,
            Problem::EnumUnknown.message(Language::PtBr)
        );
        // A business with an unknown role gets one error, not two.
        d.parties[1].party_type = "BUSINESS".into();
        d.parties[1].legal_name = "Holding".into();
        d.parties[1].tax_id = "11.222.333/0001-81".into();
        d.parties[1].incorporation_date = "2010-01-01".into();
        assert_eq!(errors(&d, StepId::Parties), ["parties[1].role"]);
        d.parties[1].role = String::new();
        assert_eq!(
            validate_step(&d, StepId::Parties, TODAY, Language::En)[0].message,
            Problem::Required.message(Language::En)
        );
    }

    #[test]
    fn postal_codes_follow_the_address_country() {
        let mut d = individual();
        d.additional.address.postal_code = "ABC".into();
        assert!(errors(&d, StepId::Additional).contains(&"additional.address.postalCode".into()));
        d.additional.address.postal_code = "01310-100".into();
        assert!(!errors(&d, StepId::Additional).contains(&"additional.address.postalCode".into()));
        d.additional.address.country = "USA".into();
        assert!(errors(&d, StepId::Additional).contains(&"additional.address.postalCode".into()));

        let mut b = Draft::new(
            "d".into(),
            CustomerKind::Business,
            EnvironmentKind::LocalSandbox,
            "n".into(),
        );
        b.parties = vec![party("r", "REPRESENTATIVE", "", None)];
        b.parties[0].address.postal_code = "2000".into();
        assert_eq!(
            errors(&b, StepId::Parties),
            ["parties[0].address.postalCode"]
        );
        b.parties[0].address.country = "PRT".into();
        assert!(errors(&b, StepId::Parties).is_empty());
    }

    #[test]
    fn business_parties_can_only_be_shareholders() {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Business,
            EnvironmentKind::LocalSandbox,
            "n".into(),
        );
        let mut b = party("b", "UBO", "30", None);
        b.party_type = "BUSINESS".into();
        b.legal_name = "Holding".into();
        b.tax_id = "11.222.333/0001-81".into();
        b.incorporation_date = "2010-01-01".into();
        d.parties = vec![party("r", "REPRESENTATIVE", "", None), b];
        assert!(errors(&d, StepId::Parties).contains(&"parties[1].role".to_string()));
    }

    #[test]
    fn masked_tax_ids_of_created_customers_and_parties_are_not_flagged() {
        let mut d = individual();
        d.customer.tax_id = "***.***.247-25".into();
        assert!(errors(&d, StepId::Customer).contains(&"customer.taxId".to_string()));
        d.customer_id = Some("c".into());
        assert!(errors(&d, StepId::Customer).is_empty());

        d.kind = CustomerKind::Business;
        let mut p = party("r", "REPRESENTATIVE", "", None);
        p.tax_id = "***.***.247-25".into();
        d.parties = vec![p];
        assert!(errors(&d, StepId::Parties).contains(&"parties[0].taxId".to_string()));
        d.parties[0].remote_id = Some("p".into());
        assert!(!errors(&d, StepId::Parties).contains(&"parties[0].taxId".to_string()));
    }

    #[test]
    fn progress_explains_what_is_missing_until_each_step_is_done() {
        let mut d = individual();
        let p = progress(&d, TODAY, Language::En);
        assert_eq!(p[0].missing, ["missing.customerNotCreated"]);
        assert!(!ready_to_start(&p));
        d.customer_id = Some("c".into());
        d.remote_requirements = vec![];
        let p = progress(&d, TODAY, Language::En);
        assert!(p[0].complete);
        assert!(
            p[1].complete,
            "terms accepted once absent from requirements"
        );
        assert!(p[2].missing.contains(&"missing.fields".to_string()));
        assert_eq!(
            p.last().unwrap().missing,
            ["missing.verificationNotStarted"]
        );
    }
}
