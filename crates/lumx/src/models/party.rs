//! Associated parties (UBOs, shareholders, representatives) of a business.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::common::{date_format, Address, CustomerType};
use super::customer::Verification;

open_enum! {
    /// Role of an associated party.
    pub enum Role {
        Ubo = "UBO",
        Shareholder = "SHAREHOLDER",
        Representative = "REPRESENTATIVE",
    }
}

/// `POST /customers/{id}/associated-parties` body, discriminated by `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NewAssociatedParty {
    /// A person: UBO, shareholder or representative.
    Individual(NewIndividualParty),
    /// A company shareholder (§8 #5).
    Business(NewBusinessParty),
}

/// An individual party.
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewIndividualParty {
    /// `UBO`, `SHAREHOLDER` or `REPRESENTATIVE`.
    pub role: Role,
    /// Full name.
    pub name: String,
    /// Tax id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    /// Birth date.
    #[serde(
        with = "date_format::ymd::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub birth_date: Option<Date>,
    /// E-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Ownership in percent (e.g. `40`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ownership_percentage: Option<f64>,
    /// Parent party for multi-level structures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
}

impl NewIndividualParty {
    /// Required fields only.
    pub fn new(role: Role, name: impl Into<String>) -> Self {
        NewIndividualParty {
            role,
            name: name.into(),
            tax_id: None,
            birth_date: None,
            email: None,
            address: None,
            ownership_percentage: None,
            parent_id: None,
        }
    }
}

redacted_debug!(NewIndividualParty { role, ownership_percentage, parent_id }
    redact { name, tax_id, birth_date, email, address });

/// A company shareholder (role is always `SHAREHOLDER` per §8 #5).
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewBusinessParty {
    /// `SHAREHOLDER`.
    pub role: Role,
    /// Legal name.
    pub legal_name: String,
    /// Tax id.
    pub tax_id: String,
    /// Incorporation date.
    #[serde(with = "date_format::ymd")]
    pub incorporation_date: Date,
    /// E-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Ownership in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ownership_percentage: Option<f64>,
    /// Parent party for multi-level structures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
}

impl NewBusinessParty {
    /// Required fields only; role `SHAREHOLDER`.
    pub fn new(
        legal_name: impl Into<String>,
        tax_id: impl Into<String>,
        incorporation_date: Date,
    ) -> Self {
        NewBusinessParty {
            role: Role::Shareholder,
            legal_name: legal_name.into(),
            tax_id: tax_id.into(),
            incorporation_date,
            email: None,
            address: None,
            ownership_percentage: None,
            parent_id: None,
        }
    }
}

redacted_debug!(NewBusinessParty { role, ownership_percentage, parent_id }
    redact { legal_name, tax_id, incorporation_date, email, address });

/// An associated party as returned by the API (either variant, flattened).
///
/// The API reference shows a single `role`, the changelog a `roles` array;
/// both are accepted (see [`AssociatedParty::roles`]).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociatedParty {
    /// Party id.
    pub id: Uuid,
    /// `INDIVIDUAL` / `BUSINESS`.
    #[serde(rename = "type", default)]
    pub party_type: CustomerType,
    /// Single role (API reference).
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub role: Option<Role>,
    /// Roles array (changelog).
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub roles: Vec<Role>,
    /// Individual's name.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Business party's legal name.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub legal_name: Option<String>,
    /// Tax id.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_id: Option<String>,
    /// Birth date.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::date",
        serialize_with = "date_format::ymd::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub birth_date: Option<Date>,
    /// Incorporation date.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::date",
        serialize_with = "date_format::ymd::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub incorporation_date: Option<Date>,
    /// E-mail.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<String>,
    /// Address.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub address: Option<Address>,
    /// Ownership in percent.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::percentage",
        skip_serializing_if = "Option::is_none"
    )]
    pub ownership_percentage: Option<f64>,
    /// Parent party.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_id: Option<Uuid>,
    /// The party's own verification.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub verification: Option<Verification>,
    /// Creation time.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::timestamp::option",
        serialize_with = "time::serde::rfc3339::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<OffsetDateTime>,
    /// Last update.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::timestamp::option",
        serialize_with = "time::serde::rfc3339::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<OffsetDateTime>,
}

redacted_debug!(AssociatedParty {
    id, party_type, role, roles, ownership_percentage, parent_id, verification, created_at, updated_at
} redact {
    name, legal_name, tax_id, birth_date, incorporation_date, email, address
});

impl AssociatedParty {
    /// Union of `role` and `roles`, without duplicates, `role` first.
    pub fn all_roles(&self) -> Vec<Role> {
        let mut out: Vec<Role> = self.role.iter().cloned().collect();
        for r in &self.roles {
            if !out.contains(r) {
                out.push(r.clone());
            }
        }
        out
    }

    /// True when the party has `role` (via either field).
    pub fn has_role(&self, role: &Role) -> bool {
        self.role.as_ref() == Some(role) || self.roles.contains(role)
    }

    /// `name` or `legalName`.
    pub fn display_name(&self) -> Option<&str> {
        self.name.as_deref().or(self.legal_name.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::date;

    #[test]
    fn individual_party_json_is_exact() {
        let parent = Uuid::parse_str("a1b2c3d4-e5f6-7890-abcd-ef1234567890").unwrap();
        let p = NewAssociatedParty::Individual(NewIndividualParty {
            tax_id: Some("987.654.321-00".into()),
            birth_date: Some(date!(1985 - 07 - 10)),
            email: Some("maria@example.com".into()),
            address: Some(Address::new(
                "BRA",
                "Rua das Acácias, 456",
                "Rio de Janeiro",
                "RJ",
                "20000-000",
            )),
            ownership_percentage: Some(40.0),
            parent_id: Some(parent),
            ..NewIndividualParty::new(Role::Ubo, "Maria Santos")
        });
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({
                "type": "INDIVIDUAL",
                "role": "UBO",
                "name": "Maria Santos",
                "taxId": "987.654.321-00",
                "birthDate": "1985-07-10",
                "email": "maria@example.com",
                "address": {"country": "BRA", "line1": "Rua das Acácias, 456",
                            "city": "Rio de Janeiro", "state": "RJ", "postalCode": "20000-000"},
                "ownershipPercentage": 40.0,
                "parentId": "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
            })
        );
    }

    #[test]
    fn business_party_json_is_exact() {
        let p = NewAssociatedParty::Business(NewBusinessParty {
            ownership_percentage: Some(60.0),
            ..NewBusinessParty::new("Holding Ltda", "11.222.333/0001-44", date!(2010 - 03 - 04))
        });
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({
                "type": "BUSINESS",
                "role": "SHAREHOLDER",
                "legalName": "Holding Ltda",
                "taxId": "11.222.333/0001-44",
                "incorporationDate": "2010-03-04",
                "ownershipPercentage": 60.0
            })
        );
    }

    #[test]
    fn role_and_roles_are_both_accepted() {
        let single: AssociatedParty = serde_json::from_value(json!({
            "id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "type": "INDIVIDUAL", "role": "UBO",
            "name": "Maria Santos", "ownershipPercentage": 40,
            "verification": {"status": "NOT_STARTED", "level": "STANDARD"}
        }))
        .unwrap();
        assert_eq!(single.all_roles(), vec![Role::Ubo]);

        let both: AssociatedParty = serde_json::from_value(json!({
            "id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "type": "INDIVIDUAL",
            "role": "SHAREHOLDER", "roles": ["SHAREHOLDER", "UBO", "DIRECTOR"]
        }))
        .unwrap();
        assert_eq!(
            both.all_roles(),
            vec![
                Role::Shareholder,
                Role::Ubo,
                Role::Unknown("DIRECTOR".into())
            ]
        );
        assert!(both.has_role(&Role::Ubo));

        let only_array: AssociatedParty = serde_json::from_value(json!({
            "id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "type": "BUSINESS",
            "roles": ["shareholder"], "legalName": "Holding", "incorporationDate": "2010-03-04"
        }))
        .unwrap();
        assert_eq!(only_array.all_roles(), vec![Role::Shareholder]);
        assert_eq!(only_array.display_name(), Some("Holding"));
    }

    #[test]
    fn party_debug_hides_personal_data() {
        let p: AssociatedParty = serde_json::from_value(json!({
            "id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "type": "INDIVIDUAL", "role": "UBO",
            "name": "Maria Santos", "taxId": "987.654.321-00", "birthDate": "1985-07-10",
            "email": "maria@example.com",
            "address": {"country": "BRA", "line1": "Rua das Acácias, 456", "city": "Rio",
                        "state": "RJ", "postalCode": "20000-000"}
        }))
        .unwrap();
        let dbg = format!("{p:?}");
        for pii in ["Maria", "987.654", "1985", "maria@", "Acácias", "20000"] {
            assert!(!dbg.contains(pii), "Debug leaks {pii}: {dbg}");
        }
        let req = NewIndividualParty {
            email: Some("maria@example.com".into()),
            ..NewIndividualParty::new(Role::Representative, "Maria Santos")
        };
        let dbg = format!("{req:?}");
        assert!(!dbg.contains("Maria") && !dbg.contains("maria@"), "{dbg}");
        assert!(dbg.contains("REPRESENTATIVE"));
    }
}
