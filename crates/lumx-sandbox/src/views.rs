//! Stored objects -> API JSON (the §2 shapes).

use std::collections::HashMap;

use serde_json::{json, Map, Value};
use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

use crate::models::{Account, Customer, CustomerType, Party, VerificationStatus, Wallet};

const TS_FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// ISO-8601 UTC with milliseconds, like the accounts examples: `2026-05-13T20:49:13.236Z`.
pub fn ts(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(TS_FORMAT)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".into())
}

#[derive(Debug, Clone, Copy, Default)]
pub struct CustomerViewOptions {
    pub include_balances: bool,
    pub include_transaction_limits: bool,
}

pub fn customer(
    c: &Customer,
    accounts: &HashMap<Uuid, Account>,
    opts: CustomerViewOptions,
) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(c.id));
    m.insert("type".into(), json!(c.kind.as_str()));
    let (name_key, date_key) = match c.kind {
        CustomerType::Individual => ("name", "birthDate"),
        CustomerType::Business => ("legalName", "incorporationDate"),
    };
    m.insert(name_key.into(), json!(c.name));
    m.insert("taxId".into(), json!(c.tax_id));
    m.insert(date_key.into(), json!(c.date));
    m.insert("country".into(), json!(c.country));
    m.insert("email".into(), json!(c.email));
    m.insert("metadata".into(), c.metadata.clone());
    let approved = c.verification.status == VerificationStatus::Approved;
    if approved && !c.wallets.is_empty() {
        let wallets: Vec<Value> = c
            .wallets
            .iter()
            .map(|w| wallet(w, opts.include_balances))
            .collect();
        m.insert("wallets".into(), Value::Array(wallets));
    }
    m.insert("verification".into(), json!(c.verification));
    m.insert("requirements".into(), json!(c.requirements));
    if let Some(info) = &c.additional_information {
        m.insert("additionalInformation".into(), info.clone());
    }
    let accs: Vec<Value> = c
        .account_ids
        .iter()
        .filter_map(|id| accounts.get(id))
        .map(|a| json!({"id": a.id, "currency": a.currency}))
        .collect();
    if !accs.is_empty() {
        m.insert("accounts".into(), Value::Array(accs));
    }
    if approved && opts.include_transaction_limits {
        m.insert("transactionLimits".into(), transaction_limits(c.kind));
    }
    m.insert("createdAt".into(), json!(ts(c.created_at)));
    m.insert("updatedAt".into(), json!(ts(c.updated_at)));
    Value::Object(m)
}

fn wallet(w: &Wallet, include_balances: bool) -> Value {
    let mut v = json!({
        "blockchain": w.blockchain,
        "address": w.address,
        "blockExplorerUrl": w.block_explorer_url,
        "isDefault": w.is_default,
    });
    if include_balances {
        v["balances"] = w
            .balances
            .iter()
            .map(|b| json!({"currency": b.currency, "amount": b.amount, "updatedAt": ts(w.updated_at)}))
            .collect();
    }
    v
}

/// Standard KYC/KYB limits of §7.2; nothing is spent in the sandbox.
pub fn transaction_limits(kind: CustomerType) -> Value {
    let (single, period) = match kind {
        CustomerType::Individual => ("7500.00", "15000.00"),
        CustomerType::Business => ("50000.00", "100000.00"),
    };
    json!({
        "single": {"max": single},
        "daily": {"max": period, "used": "0.00", "remaining": period},
        "monthly": {"max": period, "used": "0.00", "remaining": period},
    })
}

/// `sole_shareholder` adds `UBO` to `roles`, as the changelog describes for an
/// individual who is the only shareholder.
pub fn party(p: &Party, sole_shareholder: bool) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(p.id));
    m.insert("type".into(), json!(p.kind.as_str()));
    let mut roles = p.roles.clone();
    if sole_shareholder && !roles.iter().any(|r| r == "UBO") {
        roles.push("UBO".into());
    }
    m.insert("role".into(), json!(roles.first()));
    m.insert("roles".into(), json!(roles));
    let (name_key, date_key) = match p.kind {
        CustomerType::Individual => ("name", "birthDate"),
        CustomerType::Business => ("legalName", "incorporationDate"),
    };
    m.insert(name_key.into(), json!(p.name));
    if let Some(t) = &p.tax_id {
        m.insert("taxId".into(), json!(t));
    }
    if let Some(d) = &p.date {
        m.insert(date_key.into(), json!(d));
    }
    if let Some(e) = &p.email {
        m.insert("email".into(), json!(e));
    }
    if let Some(a) = &p.address {
        m.insert("address".into(), a.clone());
    }
    if let Some(pct) = p.ownership_percentage {
        m.insert("ownershipPercentage".into(), number(pct));
    }
    if let Some(parent) = p.parent_id {
        m.insert("parentId".into(), json!(parent));
    }
    m.insert("verification".into(), json!(p.verification));
    m.insert("createdAt".into(), json!(ts(p.created_at)));
    m.insert("updatedAt".into(), json!(ts(p.updated_at)));
    Value::Object(m)
}

/// Parties of a customer with the sole-shareholder rule applied.
pub fn parties(c: &Customer) -> Vec<Value> {
    let shareholders: Vec<&Party> = c
        .parties
        .iter()
        .filter(|p| p.roles.iter().any(|r| r == "SHAREHOLDER"))
        .collect();
    let sole = match shareholders.as_slice() {
        [only] if only.kind == CustomerType::Individual => Some(only.id),
        _ => None,
    };
    c.parties
        .iter()
        .map(|p| party(p, sole == Some(p.id)))
        .collect()
}

pub fn account(a: &Account) -> Value {
    json!({
        "id": a.id,
        "customerId": a.customer_id,
        "status": a.status.as_str(),
        "currency": a.currency,
        "createdAt": ts(a.created_at),
        "updatedAt": ts(a.updated_at),
    })
}

/// Whole numbers render without a fraction (`40`, not `40.0`).
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamps_have_milliseconds_and_z() {
        assert_eq!(
            ts(datetime!(2026-05-13 20:49:13.236 UTC)),
            "2026-05-13T20:49:13.236Z"
        );
    }

    #[test]
    fn limits_follow_kyc_and_kyb_standard() {
        let kyc = transaction_limits(CustomerType::Individual);
        assert_eq!(kyc["single"]["max"], "7500.00");
        assert_eq!(kyc["monthly"]["remaining"], "15000.00");
        let kyb = transaction_limits(CustomerType::Business);
        assert_eq!(kyb["single"]["max"], "50000.00");
        assert_eq!(kyb["daily"]["max"], "100000.00");
    }

    #[test]
    fn whole_percentages_render_as_integers() {
        assert_eq!(number(40.0), json!(40));
        assert_eq!(number(12.5), json!(12.5));
    }
}
