//! Customers: create request, the customer resource and its nested objects.

use serde::{Deserialize, Deserializer, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::common::{date_format, Currency, CustomerType, Level, Metadata, VerificationStatus};
use super::document::DocumentType;
use super::lenient::Entries;
use super::verification::StatusReason;

/// Body of `POST /customers`, discriminated by `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NewCustomer {
    /// A person (KYC).
    Individual(NewIndividualCustomer),
    /// A company (KYB).
    Business(NewBusinessCustomer),
}

/// `POST /customers` body for `type: INDIVIDUAL`.
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewIndividualCustomer {
    /// Full name.
    pub name: String,
    /// Local tax id of the country of residence (e.g. CPF).
    pub tax_id: String,
    /// `YYYY-MM-DD`.
    #[serde(with = "date_format::ymd")]
    pub birth_date: Date,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// Contact e-mail.
    pub email: String,
    /// Any JSON object, echoed back on reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Virtual accounts to provision (optional until 2026-06-19).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<Currency>>,
}

impl NewIndividualCustomer {
    /// Required fields only.
    pub fn new(
        name: impl Into<String>,
        tax_id: impl Into<String>,
        birth_date: Date,
        country: impl Into<String>,
        email: impl Into<String>,
    ) -> Self {
        NewIndividualCustomer {
            name: name.into(),
            tax_id: tax_id.into(),
            birth_date,
            country: country.into(),
            email: email.into(),
            metadata: None,
            accounts: None,
        }
    }

    /// Sets `metadata`.
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Sets `accounts`.
    pub fn accounts(mut self, accounts: impl IntoIterator<Item = Currency>) -> Self {
        self.accounts = Some(accounts.into_iter().collect());
        self
    }
}

redacted_debug!(NewIndividualCustomer { country, accounts } redact { name, tax_id, birth_date, email, metadata });

/// `POST /customers` body for `type: BUSINESS`.
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewBusinessCustomer {
    /// Registered legal name.
    pub legal_name: String,
    /// Tax id valid in the country of incorporation (e.g. CNPJ).
    pub tax_id: String,
    /// `YYYY-MM-DD`.
    #[serde(with = "date_format::ymd")]
    pub incorporation_date: Date,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// Contact e-mail.
    pub email: String,
    /// Any JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Virtual accounts to provision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<Currency>>,
}

impl NewBusinessCustomer {
    /// Required fields only.
    pub fn new(
        legal_name: impl Into<String>,
        tax_id: impl Into<String>,
        incorporation_date: Date,
        country: impl Into<String>,
        email: impl Into<String>,
    ) -> Self {
        NewBusinessCustomer {
            legal_name: legal_name.into(),
            tax_id: tax_id.into(),
            incorporation_date,
            country: country.into(),
            email: email.into(),
            metadata: None,
            accounts: None,
        }
    }

    /// Sets `metadata`.
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Sets `accounts`.
    pub fn accounts(mut self, accounts: impl IntoIterator<Item = Currency>) -> Self {
        self.accounts = Some(accounts.into_iter().collect());
        self
    }
}

redacted_debug!(NewBusinessCustomer { country, accounts } redact { legal_name, tax_id, incorporation_date, email, metadata });

/// The customer resource as returned by create/read/list/additional-information.
///
/// Fields are optional wherever a documented version omits them; [MID]/[OLD]
/// extras (`walletAddress`, top-level `balances`) are kept when present.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// Customer id.
    pub id: Uuid,
    /// `INDIVIDUAL` / `BUSINESS`.
    #[serde(rename = "type")]
    pub customer_type: CustomerType,
    /// Individual's full name.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Business legal name.
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
    /// Individual's birth date.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::date",
        serialize_with = "date_format::ymd::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub birth_date: Option<Date>,
    /// Business incorporation date.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::date",
        serialize_with = "date_format::ymd::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub incorporation_date: Option<Date>,
    /// ISO 3166-1 alpha-3.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub country: Option<String>,
    /// Contact e-mail.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<String>,
    /// Caller metadata (`{}` when none).
    #[serde(default, deserialize_with = "crate::models::lenient::or_default")]
    pub metadata: Metadata,
    /// Wallets (only once approved).
    #[serde(default, skip_serializing_if = "Entries::is_blank")]
    pub wallets: Entries<Wallet>,
    /// Verification state.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub verification: Option<Verification>,
    /// Outstanding requirements.
    #[serde(default)]
    pub requirements: Entries<Requirement>,
    /// Echo of the additional information, once sent. Kept as raw JSON because
    /// the server may echo it partially; see [`Customer::additional_information_typed`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<serde_json::Value>,
    /// Virtual accounts `{id, currency}`.
    #[serde(default)]
    pub accounts: Entries<AccountRef>,
    /// Limits (with `includeTransactionLimits=true`).
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub transaction_limits: Option<TransactionLimits>,
    /// Tolerated location of `statusReason` (preferred: `verification.statusReason`).
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_reason: Option<StatusReason>,
    /// [MID]/[OLD] balances (with `includeBalances=true`).
    #[serde(default, skip_serializing_if = "Entries::is_blank")]
    pub balances: Entries<Balance>,
    /// [MID]/[OLD] single wallet address.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub wallet_address: Option<String>,
    /// Creation time.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::timestamp::option",
        serialize_with = "time::serde::rfc3339::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<OffsetDateTime>,
    /// Last update time.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::timestamp::option",
        serialize_with = "time::serde::rfc3339::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<OffsetDateTime>,
}

redacted_debug!(Customer {
    id, customer_type, country, wallets, verification, requirements, accounts,
    transaction_limits, status_reason, balances, wallet_address, created_at, updated_at
} redact {
    name, legal_name, tax_id, birth_date, incorporation_date, email, metadata,
    additional_information
});

impl Customer {
    /// `name` or `legalName`, whichever is set.
    pub fn display_name(&self) -> Option<&str> {
        self.name.as_deref().or(self.legal_name.as_deref())
    }

    /// The verification status, if the server sent one.
    pub fn status(&self) -> Option<&VerificationStatus> {
        self.verification.as_ref().map(|v| &v.status)
    }

    /// `verification.statusReason`, falling back to a top-level `statusReason`.
    pub fn status_reason(&self) -> Option<&StatusReason> {
        self.verification
            .as_ref()
            .and_then(|v| v.status_reason.as_ref())
            .or(self.status_reason.as_ref())
    }

    /// True while `TERMS_OF_SERVICE` is still listed as not accepted.
    pub fn terms_pending(&self) -> bool {
        self.requirements.iter().any(|r| {
            r.name == RequirementName::TermsOfService
                && !matches!(
                    r.status,
                    RequirementStatus::Accepted | RequirementStatus::Approved
                )
        })
    }

    /// Every list entry of this customer that could not be read, as `path: reason`
    /// (`wallets[1].address: missing field ...`); the rest of the customer decoded.
    pub fn unreadable_entries(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |field: &str, list: &[super::Unreadable]| {
            out.extend(
                list.iter()
                    .map(|u| format!("{}: {}", u.path(field), u.reason)),
            );
        };
        add("wallets", self.wallets.unreadable());
        for (i, w) in self.wallets.iter().enumerate() {
            add(&format!("wallets[{i}].balances"), w.balances.unreadable());
        }
        add("requirements", self.requirements.unreadable());
        add("accounts", self.accounts.unreadable());
        add("balances", self.balances.unreadable());
        let reasons = [
            (
                "verification.statusReason",
                self.verification
                    .as_ref()
                    .and_then(|v| v.status_reason.as_ref()),
            ),
            ("statusReason", self.status_reason.as_ref()),
        ];
        for (at, reason) in reasons {
            if let Some(r) = reason {
                add(&format!("{at}.documents"), r.documents.unreadable());
                add(
                    &format!("{at}.associatedParties"),
                    r.associated_parties.unreadable(),
                );
            }
        }
        out
    }

    /// The echoed additional information decoded into the request type.
    pub fn additional_information_typed(
        &self,
    ) -> Option<Result<super::AdditionalInformation, crate::Error>> {
        let v = self.additional_information.as_ref()?;
        let bytes = serde_json::to_vec(v).ok()?;
        Some(crate::error::decode_json(&bytes))
    }
}

/// `verification` object of a customer or party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// Current status (missing reads as an unknown empty status).
    #[serde(default)]
    pub status: VerificationStatus,
    /// Level (`STANDARD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// Hosted verification link (Sumsub WebSDK).
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub link: Option<String>,
    /// Why the status is RFI / rejected.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_reason: Option<StatusReason>,
}

open_enum! {
    /// Name of a requirement entry: document types plus a few process steps.
    pub enum RequirementName {
        IdCard = "ID_CARD",
        Passport = "PASSPORT",
        DriversLicense = "DRIVERS_LICENSE",
        BankStatement = "BANK_STATEMENT",
        IncomeTaxReturn = "INCOME_TAX_RETURN",
        DeliveryReceipt = "DELIVERY_RECEIPT",
        Selfie = "SELFIE",
        ProofOfAddress = "PROOF_OF_ADDRESS",
        IncorporationArticles = "INCORPORATION_ARTICLES",
        PowerOfAttorney = "POWER_OF_ATTORNEY",
        DirectorsRegistry = "DIRECTORS_REGISTRY",
        ShareholderRegistry = "SHAREHOLDER_REGISTRY",
        RegulatedActivityDocument = "REGULATED_ACTIVITY_DOCUMENT",
        SignedBalanceSheet = "SIGNED_BALANCE_SHEET",
        SignedCorporateStructureChart = "SIGNED_CORPORATE_STRUCTURE_CHART",
        SignedIncomeStatement = "SIGNED_INCOME_STATEMENT",
        AdditionalInformation = "ADDITIONAL_INFORMATION",
        TermsOfService = "TERMS_OF_SERVICE",
        Other = "OTHER",
    }
}

impl RequirementName {
    /// The document type to upload for this requirement, if it is a document.
    pub fn document_type(&self) -> Option<DocumentType> {
        match self {
            RequirementName::TermsOfService => None,
            RequirementName::Unknown(_) => None,
            other => Some(DocumentType::parse(other.as_str())),
        }
    }
}

open_enum! {
    /// Status of a requirement (only `NOT_SENT` is documented; the rest are §8 #2).
    pub enum RequirementStatus {
        NotSent = "NOT_SENT",
        Sent = "SENT",
        Approved = "APPROVED",
        Declined = "DECLINED",
        Accepted = "ACCEPTED",
    }
}

/// One `requirements[]` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// What is required.
    pub name: RequirementName,
    /// Where it stands (missing reads as an unknown empty status).
    #[serde(default)]
    pub status: RequirementStatus,
}

/// `accounts[]` entry on a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRef {
    /// Account id.
    pub id: Uuid,
    /// Account currency.
    #[serde(default)]
    pub currency: Currency,
}

open_enum! {
    /// Wallet blockchain.
    pub enum Blockchain {
        Ethereum = "ETHEREUM",
        Polygon = "POLYGON",
        Base = "BASE",
        Tron = "TRON",
    }
}

/// A custodial wallet (only once the customer is approved).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Wallet {
    /// Chain.
    #[serde(default)]
    pub blockchain: Blockchain,
    /// On-chain address.
    pub address: String,
    /// Explorer link.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub block_explorer_url: Option<String>,
    /// Default wallet flag.
    #[serde(default, deserialize_with = "crate::models::lenient::flag")]
    pub is_default: bool,
    /// Stablecoin balances (with `includeBalances=true`).
    #[serde(default)]
    pub balances: Entries<Balance>,
}

/// A stablecoin balance (`USDC`/`USDT`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Balance {
    /// Token symbol.
    #[serde(deserialize_with = "crate::models::lenient::required_text")]
    pub currency: String,
    /// Decimal string (a JSON number is read as its decimal text; missing reads as "").
    #[serde(default, deserialize_with = "crate::models::lenient::amount_or_empty")]
    pub amount: String,
    /// Last update.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::timestamp::option",
        serialize_with = "time::serde::rfc3339::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<OffsetDateTime>,
}

/// `transactionLimits` in either the [NEW] object shape or the [MID]/[OLD]
/// flat-string shape (a bare string is read as `max`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TransactionLimits {
    /// Per-transaction limit.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub single: Option<Limit>,
    /// Daily limit.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub daily: Option<Limit>,
    /// Monthly limit.
    #[serde(
        default,
        deserialize_with = "crate::models::lenient::or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub monthly: Option<Limit>,
}

/// One limit; amounts are decimal strings.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Limit {
    /// Maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    /// Already used in the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub used: Option<String>,
    /// Remaining in the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<String>,
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Obj {
            #[serde(default, deserialize_with = "crate::models::lenient::amount")]
            max: Option<String>,
            #[serde(default, deserialize_with = "crate::models::lenient::amount")]
            used: Option<String>,
            #[serde(default, deserialize_with = "crate::models::lenient::amount")]
            remaining: Option<String>,
        }
        // [MID]/[OLD] flat shape: the amount itself (a string, or a number).
        Ok(match serde_json::Value::deserialize(d)? {
            v @ (serde_json::Value::String(_) | serde_json::Value::Number(_)) => Limit {
                max: Some(match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                }),
                ..Limit::default()
            },
            v @ serde_json::Value::Object(_) => {
                let o = Obj::deserialize(v).map_err(serde::de::Error::custom)?;
                Limit {
                    max: o.max,
                    used: o.used,
                    remaining: o.remaining,
                }
            }
            _ => {
                return Err(serde::de::Error::custom(
                    "expected an amount or a limit object",
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::common::Currency;
    use serde_json::json;
    use time::macros::date;

    #[test]
    fn one_malformed_entry_per_list_costs_only_that_entry() {
        let c: Customer = serde_json::from_value(json!({
            "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "type": "INDIVIDUAL",
            "metadata": null, "name": 42,
            "wallets": [{"blockchain": "BASE", "address": "0x1", "balances": [
                {"currency": "USDC", "amount": 10.5}, {"amount": "1"}]}, {"blockchain": "TRON"}],
            "requirements": [{"name": "SELFIE"}, {"status": "SENT"}],
            "accounts": [{"id": "8412f484-32fe-418f-80d1-99eb1b3ba7f3", "currency": "BRL"}, {"id": 5}],
            "transactionLimits": {"single": {"max": 7500}, "daily": "15000.00", "monthly": []},
            "verification": {"status": "RFI", "statusReason": {"documents": [{"type": "PASSPORT"}, 3]}},
            "createdAt": "2021-01-01T00:00:00", "updatedAt": "not a time"
        }))
        .unwrap();
        assert!(c.metadata.is_empty());
        assert_eq!(c.name.as_deref(), Some("42"));
        assert_eq!(c.wallets.len(), 1);
        assert_eq!(c.wallets[0].balances[0].amount, "10.5");
        assert_eq!(c.requirements[0].status, RequirementStatus::default());
        assert_eq!(c.accounts.len(), 1);
        let limits = c.transaction_limits.as_ref().unwrap();
        assert_eq!(limits.single.as_ref().unwrap().max.as_deref(), Some("7500"));
        assert_eq!(
            limits.daily.as_ref().unwrap().max.as_deref(),
            Some("15000.00")
        );
        assert!(limits.monthly.is_none());
        assert!(c.created_at.is_some() && c.updated_at.is_none());
        let paths: Vec<String> = c
            .unreadable_entries()
            .iter()
            .map(|e| e.split(':').next().unwrap().to_string())
            .collect();
        assert_eq!(
            paths,
            [
                "wallets[1]",
                "wallets[0].balances[1]",
                "requirements[1]",
                "accounts[1].id",
                "verification.statusReason.documents[1]",
            ]
        );
    }

    #[test]
    fn create_individual_json_is_exact() {
        let mut meta = Metadata::new();
        meta.insert("externalId".into(), json!("usr_123"));
        let body = NewCustomer::Individual(
            NewIndividualCustomer::new(
                "William Default",
                "123.456.789-00",
                date!(1990 - 01 - 01),
                "BRA",
                "william@example.com",
            )
            .metadata(meta)
            .accounts([Currency::Brl, Currency::Usd]),
        );
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({
                "type": "INDIVIDUAL",
                "name": "William Default",
                "taxId": "123.456.789-00",
                "birthDate": "1990-01-01",
                "country": "BRA",
                "email": "william@example.com",
                "metadata": {"externalId": "usr_123"},
                "accounts": ["BRL", "USD"]
            })
        );
    }

    #[test]
    fn create_business_json_is_exact_and_omits_unset_optionals() {
        let body = NewCustomer::Business(NewBusinessCustomer::new(
            "Lumx S.A",
            "42.887.120/0001-00",
            date!(2020 - 01 - 01),
            "BRA",
            "hello@lumx.io",
        ));
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({
                "type": "BUSINESS",
                "legalName": "Lumx S.A",
                "taxId": "42.887.120/0001-00",
                "incorporationDate": "2020-01-01",
                "country": "BRA",
                "email": "hello@lumx.io"
            })
        );
    }

    const BUSINESS_RESPONSE: &str = r#"{
      "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
      "type": "BUSINESS",
      "legalName": "Lumx S.A",
      "taxId": "42.887.120/0001-00",
      "incorporationDate": "2020-01-01",
      "country": "BRA",
      "email": "hello@lumx.io",
      "verification": { "status": "NOT_STARTED", "level": "STANDARD",
                        "link": "https://in.sumsub.com/websdk/p/sbx_aA00bB11cC33dD44" },
      "requirements": [
        { "name": "INCORPORATION_ARTICLES", "status": "NOT_SENT" },
        { "name": "TERMS_OF_SERVICE", "status": "NOT_SENT" },
        { "name": "SOMETHING_NEW", "status": "WAITING" }
      ],
      "accounts": [
        { "id": "8412f484-32fe-418f-80d1-99eb1b3ba7f3", "currency": "BRL" },
        { "id": "af04e979-360a-428a-84e6-cbd8ffc4942b", "currency": "USD" }
      ],
      "metadata": {},
      "transactionLimits": {
        "single": { "max": "7500.00" },
        "daily": { "max": "15000.00", "used": "2300.00", "remaining": "12700.00" },
        "monthly": "15000.00"
      },
      "unexpectedField": [1, 2, 3],
      "createdAt": "2021-01-01T00:00:00Z",
      "updatedAt": "2026-05-13T20:49:13.236Z"
    }"#;

    #[test]
    fn business_response_decodes() {
        let c: Customer = crate::error::decode_json(BUSINESS_RESPONSE.as_bytes()).unwrap();
        assert_eq!(c.customer_type, CustomerType::Business);
        assert_eq!(c.display_name(), Some("Lumx S.A"));
        assert_eq!(c.incorporation_date, Some(date!(2020 - 01 - 01)));
        assert_eq!(c.status(), Some(&VerificationStatus::NotStarted));
        assert_eq!(c.requirements.len(), 3);
        assert_eq!(
            c.requirements[2].name,
            RequirementName::Unknown("SOMETHING_NEW".into())
        );
        assert!(c.terms_pending());
        assert_eq!(c.accounts[1].currency, Currency::Usd);
        let limits = c.transaction_limits.as_ref().unwrap();
        assert_eq!(
            limits.daily.as_ref().unwrap().remaining.as_deref(),
            Some("12700.00")
        );
        assert_eq!(
            limits.monthly.as_ref().unwrap().max.as_deref(),
            Some("15000.00")
        );
        assert!(c.updated_at.is_some());
    }

    #[test]
    fn status_reason_is_found_at_either_location() {
        let nested = r#"{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","type":"INDIVIDUAL",
            "verification":{"status":"rfi","statusReason":{"rejectLabels":["A"]}}}"#;
        let c: Customer = serde_json::from_str(nested).unwrap();
        assert_eq!(c.status(), Some(&VerificationStatus::Rfi));
        assert_eq!(
            c.status_reason().unwrap().reject_labels,
            vec!["A".to_string()]
        );

        let top = r#"{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","type":"individual",
            "verification":{"status":"TEMPORARY_REJECTION"},"statusReason":{"rejectLabels":["B"]}}"#;
        let c: Customer = serde_json::from_str(top).unwrap();
        assert_eq!(c.customer_type, CustomerType::Individual);
        assert_eq!(c.status(), Some(&VerificationStatus::Rfi));
        assert_eq!(
            c.status_reason().unwrap().reject_labels,
            vec!["B".to_string()]
        );
    }

    #[test]
    fn customer_debug_hides_personal_data() {
        let json = r#"{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","type":"INDIVIDUAL",
            "name":"William Default","taxId":"123.456.789-00","birthDate":"1990-01-01",
            "email":"william@example.com","country":"BRA",
            "additionalInformation":{"phone":"+5511999999999","firstName":"William"}}"#;
        let c: Customer = serde_json::from_str(json).unwrap();
        let dbg = format!("{c:?}");
        for pii in [
            "William",
            "123.456.789",
            "1990",
            "william@",
            "+5511",
            "Default",
        ] {
            assert!(!dbg.contains(pii), "Debug leaks {pii}: {dbg}");
        }
        assert!(dbg.contains("3c90c3cc"));
        assert!(dbg.contains("BRA"));

        let req = NewIndividualCustomer::new(
            "William Default",
            "123.456.789-00",
            date!(1990 - 01 - 01),
            "BRA",
            "william@example.com",
        );
        let dbg = format!("{:?}", NewCustomer::Individual(req));
        for pii in ["William", "123.456.789", "1990", "william@"] {
            assert!(!dbg.contains(pii), "Debug leaks {pii}: {dbg}");
        }
        let biz = NewBusinessCustomer::new(
            "Acme Secret Ltd",
            "42.887.120/0001-00",
            date!(2020 - 01 - 01),
            "BRA",
            "ceo@acme.test",
        );
        let dbg = format!("{biz:?}");
        for pii in ["Acme", "42.887", "2020", "ceo@"] {
            assert!(!dbg.contains(pii), "Debug leaks {pii}: {dbg}");
        }
    }
}
