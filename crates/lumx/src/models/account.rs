//! Virtual fiat accounts (`GET /accounts`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::common::Currency;

open_enum! {
    /// Account lifecycle status.
    pub enum AccountStatus {
        Provisioning = "PROVISIONING",
        Active = "ACTIVE",
        Rfi = "RFI",
        Closed = "CLOSED",
    }
}

/// A virtual fiat account (also the `data` of `account.*` webhooks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Account id.
    pub id: Uuid,
    /// Owner.
    pub customer_id: Uuid,
    /// Status (missing reads as an unknown empty status).
    #[serde(default)]
    pub status: AccountStatus,
    /// Currency.
    #[serde(default)]
    pub currency: Currency,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_account_decodes() {
        let a: Account = serde_json::from_str(
            r#"{ "id": "d06d342c-629a-4d99-a26f-34e8ea528403",
                 "customerId": "768d6aac-627e-44e8-aabd-d51d10f59c02",
                 "status": "ACTIVE", "currency": "EUR",
                 "createdAt": "2026-05-13T20:49:13.236Z",
                 "updatedAt": "2026-05-14T13:55:15.418Z" }"#,
        )
        .unwrap();
        assert_eq!(a.status, AccountStatus::Active);
        assert_eq!(a.currency, Currency::Eur);
        assert_eq!(a.created_at.unwrap().millisecond(), 236);
        let frozen: AccountStatus = serde_json::from_str(r#""frozen""#).unwrap();
        assert_eq!(serde_json::to_string(&frozen).unwrap(), r#""frozen""#);
    }
}
