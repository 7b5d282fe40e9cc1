//! Draft forms → Lumx request bodies. Called only after validation passed, so parse
//! failures here are reported as validation errors, never panics.

use lumx::models::{
    Activity, AdditionalInformation, Address, BusinessAdditionalInformation, CompanyType,
    Counterparty, Currency, IndividualAdditionalInformation, Jurisdiction, NewAssociatedParty,
    NewBusinessCustomer, NewBusinessParty, NewCustomer, NewIndividualCustomer, NewIndividualParty,
    ProfessionalSituation, Role, SourceOfFunds,
};
use time::Date;
use uuid::Uuid;

use super::model::{AddressForm, CustomerKind, Draft, PartyForm};
use crate::error::{DeskError, FieldError};

fn date(field: &str, value: &str) -> Result<Date, DeskError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(value.trim(), format).map_err(|_| {
        DeskError::validation(
            "Check the highlighted fields.",
            vec![FieldError::new(field, "Use a real date as YYYY-MM-DD.")],
        )
    })
}

/// The API wants E.164 (`+5511999999999`); analysts type `+55 11 99999-9999`.
fn phone(raw: &str) -> String {
    crate::validation::phone_e164(raw).unwrap_or_else(|_| raw.trim().to_string())
}

fn address(a: &AddressForm) -> Address {
    Address {
        country: a.country.trim().to_string(),
        line1: a.line1.trim().to_string(),
        line2: Some(a.line2.trim().to_string()).filter(|s| !s.is_empty()),
        city: a.city.trim().to_string(),
        state: a.state.trim().to_string(),
        postal_code: a.postal_code.trim().to_string(),
    }
}

pub fn new_customer(draft: &Draft) -> Result<NewCustomer, DeskError> {
    let c = &draft.customer;
    let metadata: serde_json::Map<String, serde_json::Value> = c
        .metadata
        .iter()
        .filter(|kv| !kv.key.trim().is_empty())
        .map(|kv| {
            (
                kv.key.trim().to_string(),
                serde_json::Value::String(kv.value.clone()),
            )
        })
        .collect();
    let currencies: Vec<Currency> = c.currencies.iter().map(|s| Currency::parse(s)).collect();
    Ok(match draft.kind {
        CustomerKind::Individual => {
            let mut body = NewIndividualCustomer::new(
                c.name.trim(),
                c.tax_id.trim(),
                date("customer.birthDate", &c.birth_date)?,
                c.country.trim(),
                c.email.trim(),
            )
            .accounts(currencies);
            if !metadata.is_empty() {
                body = body.metadata(metadata);
            }
            NewCustomer::Individual(body)
        }
        CustomerKind::Business => {
            let mut body = NewBusinessCustomer::new(
                c.legal_name.trim(),
                c.tax_id.trim(),
                date("customer.incorporationDate", &c.incorporation_date)?,
                c.country.trim(),
                c.email.trim(),
            )
            .accounts(currencies);
            if !metadata.is_empty() {
                body = body.metadata(metadata);
            }
            NewCustomer::Business(body)
        }
    })
}

pub fn additional_information(draft: &Draft) -> AdditionalInformation {
    let a = &draft.additional;
    let list = |v: &Vec<String>| v.clone();
    match draft.kind {
        CustomerKind::Individual => {
            AdditionalInformation::Individual(IndividualAdditionalInformation {
                phone: phone(&a.phone),
                first_name: a.first_name.trim().to_string(),
                middle_name: a.middle_name.trim().to_string(),
                last_name: a.last_name.trim().to_string(),
                address: address(&a.address),
                monthly_volume_in_usd: a.monthly_volume_in_usd.trim().to_string(),
                transaction_volume_in_usd: a.transaction_volume_in_usd.trim().to_string(),
                jurisdictions: list(&a.jurisdictions)
                    .iter()
                    .map(|s| Jurisdiction::parse(s))
                    .collect(),
                involved_activities: list(&a.involved_activities)
                    .iter()
                    .map(|s| Activity::parse(s))
                    .collect(),
                transaction_counterparties: list(&a.transaction_counterparties)
                    .iter()
                    .map(|s| Counterparty::parse(s))
                    .collect(),
                professional_situation: ProfessionalSituation::parse(&a.professional_situation),
                professional_occupation: a.professional_occupation.trim().to_string(),
                source_of_funds: SourceOfFunds::parse(&a.source_of_funds),
            })
        }
        CustomerKind::Business => AdditionalInformation::Business(BusinessAdditionalInformation {
            phone: phone(&a.phone),
            address: address(&a.address),
            monthly_volume_in_usd: a.monthly_volume_in_usd.trim().to_string(),
            transaction_volume_in_usd: a.transaction_volume_in_usd.trim().to_string(),
            jurisdictions: a
                .jurisdictions
                .iter()
                .map(|s| Jurisdiction::parse(s))
                .collect(),
            involved_activities: a
                .involved_activities
                .iter()
                .map(|s| Activity::parse(s))
                .collect(),
            transaction_counterparties: a
                .transaction_counterparties
                .iter()
                .map(|s| Counterparty::parse(s))
                .collect(),
            company_type: CompanyType::parse(&a.company_type),
            annual_revenue: a.annual_revenue.trim().to_string(),
            monthly_transaction_volume: a.monthly_transaction_volume.trim().to_string(),
            compliance_and_aml: a.compliance_and_aml.trim().to_string(),
            is_regulated_activity: a.is_regulated_activity,
            regulated_activity_details: if a.is_regulated_activity {
                a.regulated_activity_details.trim().to_string()
            } else {
                String::new()
            },
            website: a.website.trim().to_string(),
            source_of_funds: SourceOfFunds::parse(&a.source_of_funds),
            services_provided: Some(a.services_provided.trim().to_string())
                .filter(|s| !s.is_empty()),
        }),
    }
}

/// `parent_id` is the API id of the parent party (already sent).
pub fn new_party(
    p: &PartyForm,
    parent_id: Option<Uuid>,
    index: usize,
) -> Result<NewAssociatedParty, DeskError> {
    let prefix = format!("parties[{index}]");
    let pct = p
        .ownership_percentage
        .trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok();
    let email = Some(p.email.trim().to_string()).filter(|s| !s.is_empty());
    if p.party_type == "BUSINESS" {
        let mut body = NewBusinessParty::new(
            p.legal_name.trim(),
            p.tax_id.trim(),
            date(
                &format!("{prefix}.incorporationDate"),
                &p.incorporation_date,
            )?,
        );
        body.email = email;
        body.address = Some(address(&p.address));
        body.ownership_percentage = pct;
        body.parent_id = parent_id;
        Ok(NewAssociatedParty::Business(body))
    } else {
        let mut body = NewIndividualParty::new(Role::parse(&p.role), p.name.trim());
        body.tax_id = Some(p.tax_id.trim().to_string());
        body.birth_date = Some(date(&format!("{prefix}.birthDate"), &p.birth_date)?);
        body.email = email;
        body.address = Some(address(&p.address));
        body.ownership_percentage = pct;
        body.parent_id = parent_id;
        Ok(NewAssociatedParty::Individual(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvironmentKind;
    use serde_json::json;

    #[test]
    fn individual_customer_body_is_exactly_the_documented_json() {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Individual,
            EnvironmentKind::LocalSandbox,
            "n".into(),
        );
        d.customer.name = " William Default ".into();
        d.customer.tax_id = "529.982.247-25".into();
        d.customer.birth_date = "1990-01-01".into();
        d.customer.email = "w@example.com".into();
        d.customer.currencies = vec!["BRL".into(), "USD".into()];
        d.customer.metadata = vec![
            super::super::model::KeyValueField {
                key: "externalId".into(),
                value: "usr_1".into(),
            },
            super::super::model::KeyValueField {
                key: " ".into(),
                value: "ignored".into(),
            },
        ];
        let body = serde_json::to_value(new_customer(&d).unwrap()).unwrap();
        assert_eq!(
            body,
            json!({
                "type": "INDIVIDUAL", "name": "William Default", "taxId": "529.982.247-25",
                "birthDate": "1990-01-01", "country": "BRA", "email": "w@example.com",
                "metadata": { "externalId": "usr_1" }, "accounts": ["BRL", "USD"]
            })
        );
    }

    #[test]
    fn business_additional_information_drops_details_when_not_regulated() {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Business,
            EnvironmentKind::LocalSandbox,
            "n".into(),
        );
        d.additional.regulated_activity_details = "left over".into();
        d.additional.company_type = "PAYMENT_GATEWAY".into();
        d.additional.source_of_funds = "COMPANY".into();
        d.additional.involved_activities = vec!["NONE".into()];
        d.additional.phone = "+55 (11) 99999-9999".into();
        let body = serde_json::to_value(additional_information(&d)).unwrap();
        assert_eq!(body["phone"], "+5511999999999");
        assert_eq!(body["type"], "BUSINESS");
        assert_eq!(body["regulatedActivityDetails"], "");
        assert_eq!(body["companyType"], "PAYMENT_GATEWAY");
        assert_eq!(body["involvedActivities"], json!(["NONE"]));
        assert_eq!(body["address"]["country"], "BRA");
    }

    #[test]
    fn party_bodies_carry_parent_and_percentage() {
        let p = PartyForm {
            party_type: "INDIVIDUAL".into(),
            role: "UBO".into(),
            name: "Maria Santos".into(),
            tax_id: "987.654.321-00".into(),
            birth_date: "1985-07-10".into(),
            ownership_percentage: "40,5".into(),
            ..Default::default()
        };
        let parent = Uuid::parse_str("a1b2c3d4-e5f6-4890-abcd-ef1234567890").unwrap();
        let body = serde_json::to_value(new_party(&p, Some(parent), 0).unwrap()).unwrap();
        assert_eq!(body["type"], "INDIVIDUAL");
        assert_eq!(body["role"], "UBO");
        assert_eq!(body["ownershipPercentage"], 40.5);
        assert_eq!(body["parentId"], parent.to_string());
        let bad = PartyForm {
            birth_date: "1985-13-40".into(),
            ..p
        };
        assert_eq!(
            new_party(&bad, None, 2).unwrap_err().fields()[0].field,
            "parties[2].birthDate"
        );
    }
}
