//! Webhook helpers: signature verification and typed event parsing.
//!
//! Lumx signs the raw request body with HMAC-SHA256 using the webhook secret
//! and sends the lowercase hex digest in `X-Hub-Signature`. Verify *before*
//! parsing, against the exact bytes received.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use crate::error::decode_json;
use crate::models::{Account, Level, StatusReason, VerificationStatus};
use crate::{open_enum, Error, Result};

/// Name of the signature header.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature";

type HmacSha256 = Hmac<Sha256>;

/// Lowercase hex HMAC-SHA256 of `body` (what Lumx puts in the header; handy for tests).
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// Checks `signature` (hex, optionally prefixed `sha256=`) against `body`, in
/// constant time. Any problem is [`Error::InvalidSignature`].
pub fn verify_signature(secret: &[u8], body: &[u8], signature: &str) -> Result<()> {
    let sig = signature.trim();
    let sig = match sig.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("sha256=") => &sig[7..],
        _ => sig,
    };
    let expected = hex::decode(sig).map_err(|_| Error::InvalidSignature)?;
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| Error::InvalidSignature)
}

open_enum! {
    /// Webhook event type. `customer.temporary_rejection` ([MID]) reads as `CustomerRfi`.
    pub enum WebhookEventType {
        CustomerCreated = "customer.created",
        CustomerUnderVerification = "customer.under_verification",
        CustomerApproved = "customer.approved",
        CustomerRfi = "customer.rfi" | "customer.temporary_rejection",
        CustomerFinalRejection = "customer.final_rejection",
        AccountProvisioning = "account.provisioning",
        AccountRfi = "account.rfi",
        AccountActive = "account.active",
        AccountClosed = "account.closed",
    }
}

impl WebhookEventType {
    /// `customer.*` events.
    pub fn is_customer(&self) -> bool {
        self.as_str().to_ascii_lowercase().starts_with("customer.")
    }

    /// `account.*` events.
    pub fn is_account(&self) -> bool {
        self.as_str().to_ascii_lowercase().starts_with("account.")
    }
}

/// `data` of `customer.*` events (§8 #7). `status` is parsed case-insensitively
/// (the RFI docs show lowercase `"rfi"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerEventData {
    /// The customer.
    pub customer_id: Uuid,
    /// New status.
    #[serde(default)]
    pub status: Option<VerificationStatus>,
    /// Level.
    #[serde(default)]
    pub level: Option<Level>,
    /// Reason (RFI / rejection).
    #[serde(default, deserialize_with = "crate::models::lenient::or_none")]
    pub status_reason: Option<StatusReason>,
}

/// Typed event payload.
#[derive(Debug, Clone, PartialEq)]
pub enum EventData {
    /// `customer.*`.
    Customer(CustomerEventData),
    /// `account.*` (the account object).
    Account(Account),
    /// Anything else (kept verbatim so the app can log or ignore it).
    Other(serde_json::Value),
}

/// A webhook delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvent {
    /// Delivery id — use it to de-duplicate redeliveries. Lumx's own examples leave
    /// `eventId` out; then it is `sha256:` + the body's hash, so a redelivery of the same
    /// body still de-duplicates.
    pub event_id: String,
    /// Event type (unknown types are kept).
    pub event_type: WebhookEventType,
    /// Typed payload.
    pub data: EventData,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    #[serde(default)]
    event_id: Option<serde_json::Value>,
    #[serde(default)]
    event_type: Option<WebhookEventType>,
    #[serde(default)]
    data: Option<serde_json::Value>,
}

/// Parses the `{eventId, eventType, data}` envelope. Known `customer.*` /
/// `account.*` types must match their data shape (else [`Error::Decode`] with
/// a `data.`-prefixed path); unknown types are decoded by prefix when possible
/// and otherwise kept as [`EventData::Other`].
pub fn parse_event(body: &[u8]) -> Result<WebhookEvent> {
    let env: Envelope = decode_json(body)?;
    let event_id = match env.event_id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(other) if !other.is_null() && !other.is_string() => other.to_string(),
        _ => format!(
            "sha256:{}",
            hex::encode(<Sha256 as sha2::Digest>::digest(body))
        ),
    };
    // [MID] examples show the payload without an envelope: then the body is the data.
    let (event_type, data) = match (env.event_type, env.data) {
        (Some(t), data) => (t, data.unwrap_or_default()),
        (None, Some(data)) => (WebhookEventType::Unknown(String::new()), data),
        (None, None) => (
            WebhookEventType::Unknown(String::new()),
            decode_json::<serde_json::Value>(body)?,
        ),
    };
    let env = Resolved { event_type, data };
    let typed = |v: &serde_json::Value| -> Result<EventData> {
        let bytes = serde_json::to_vec(v).expect("a Value always serializes");
        if env.event_type.is_customer() {
            decode_json::<CustomerEventData>(&bytes).map(EventData::Customer)
        } else {
            decode_json::<Account>(&bytes).map(EventData::Account)
        }
    };
    let data = if env.event_type.is_unknown() {
        if env.event_type.is_customer() || env.event_type.is_account() {
            typed(&env.data).unwrap_or(EventData::Other(env.data))
        } else {
            by_shape(env.data)
        }
    } else {
        typed(&env.data).map_err(|e| match e {
            Error::Decode { path, message } => Error::Decode {
                path: if path.is_empty() || path == "." {
                    "data".into()
                } else {
                    format!("data.{path}")
                },
                message,
            },
            other => other,
        })?
    };
    Ok(WebhookEvent {
        event_id,
        event_type: env.event_type,
        data,
    })
}

struct Resolved {
    event_type: WebhookEventType,
    data: serde_json::Value,
}

/// An event whose type is not named: a customer payload has `customerId` and no `id`,
/// an account payload has both; anything else is kept verbatim.
fn by_shape(data: serde_json::Value) -> EventData {
    let bytes = serde_json::to_vec(&data).expect("a Value always serializes");
    let has = |k: &str| data.get(k).is_some();
    if has("customerId") && !has("id") {
        if let Ok(c) = decode_json::<CustomerEventData>(&bytes) {
            return EventData::Customer(c);
        }
    }
    if has("id") && has("customerId") {
        if let Ok(a) = decode_json::<Account>(&bytes) {
            return EventData::Account(a);
        }
    }
    EventData::Other(data)
}

/// [`verify_signature`] then [`parse_event`].
pub fn verify_and_parse(secret: &[u8], body: &[u8], signature: &str) -> Result<WebhookEvent> {
    verify_signature(secret, body, signature)?;
    parse_event(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{AccountStatus, Currency, DocumentStatus};

    const SECRET: &[u8] = b"whsec_test";
    const BODY: &[u8] = br#"{"eventId":"550e8400-e29b-41d4-a716-446655440000","eventType":"customer.approved","data":{"customerId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":"APPROVED","level":"STANDARD"}}"#;

    #[test]
    fn known_vector() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn valid_signature_is_accepted() {
        let sig = sign(SECRET, BODY);
        assert!(verify_signature(SECRET, BODY, &sig).is_ok());
        assert!(verify_signature(SECRET, BODY, &sig.to_uppercase()).is_ok());
    }

    #[test]
    fn sha256_prefix_is_tolerated() {
        let sig = sign(SECRET, BODY);
        assert!(verify_signature(SECRET, BODY, &format!("sha256={sig}")).is_ok());
        assert!(verify_signature(SECRET, BODY, &format!("SHA256={sig} ")).is_ok());
    }

    #[test]
    fn bad_signatures_are_rejected() {
        let sig = sign(SECRET, BODY);
        let mut tampered = BODY.to_vec();
        tampered[10] ^= 1;
        for (body, sig, secret) in [
            (&tampered[..], sig.as_str(), SECRET),
            (BODY, sig.as_str(), &b"other"[..]),
            (BODY, &sig[..62], SECRET),
            (BODY, "zz", SECRET),
            (BODY, "", SECRET),
            (BODY, "sha1=abcdef", SECRET),
        ] {
            assert!(
                matches!(
                    verify_signature(secret, body, sig),
                    Err(Error::InvalidSignature)
                ),
                "accepted {sig:?}"
            );
        }
    }

    #[test]
    fn customer_event_is_typed() {
        let ev = verify_and_parse(SECRET, BODY, &sign(SECRET, BODY)).unwrap();
        assert_eq!(ev.event_type, WebhookEventType::CustomerApproved);
        assert_eq!(ev.event_id, "550e8400-e29b-41d4-a716-446655440000");
        match ev.data {
            EventData::Customer(d) => {
                assert_eq!(d.status, Some(VerificationStatus::Approved));
                assert_eq!(d.level, Some(Level::Standard));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lowercase_rfi_event_from_the_docs() {
        let body = br#"{"eventId":"e1","eventType":"customer.rfi","data":{
            "customerId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":"rfi",
            "statusReason":{"rejectLabels":["DOCUMENT_QUALITY"],"rejectSubLabels":["DOCUMENT_BLURRY"],
            "documents":[{"type":"PASSPORT","status":"DECLINED","comment":"blurry","rejectLabels":["DOCUMENT_QUALITY"]}]}}}"#;
        let ev = parse_event(body).unwrap();
        let EventData::Customer(d) = ev.data else {
            panic!("not a customer event")
        };
        assert_eq!(d.status, Some(VerificationStatus::Rfi));
        let reason = d.status_reason.unwrap();
        assert_eq!(reason.documents[0].status, Some(DocumentStatus::Declined));
    }

    #[test]
    fn account_event_is_typed() {
        let body = br#"{"eventId":"e2","eventType":"account.rfi","data":{
            "id":"ce4c89f3-60f2-45a3-9de7-415a462dd95c","customerId":"96fec1e2-78d9-4978-813d-674bba64020d",
            "status":"RFI","currency":"USD"}}"#;
        let ev = parse_event(body).unwrap();
        let EventData::Account(a) = ev.data else {
            panic!("not an account event")
        };
        assert_eq!(a.status, AccountStatus::Rfi);
        assert_eq!(a.currency, Currency::Usd);
    }

    #[test]
    fn unknown_event_types_are_kept() {
        let body = br#"{"eventId":"e3","eventType":"onramp.success","data":{"amount":"1"}}"#;
        let ev = parse_event(body).unwrap();
        assert_eq!(
            ev.event_type,
            WebhookEventType::Unknown("onramp.success".into())
        );
        assert_eq!(ev.data, EventData::Other(serde_json::json!({"amount":"1"})));

        let body = br#"{"eventId":"e4","eventType":"customer.updated","data":{"weird":true}}"#;
        let ev = parse_event(body).unwrap();
        assert!(ev.event_type.is_customer() && ev.event_type.is_unknown());
        assert!(matches!(ev.data, EventData::Other(_)));
    }

    #[test]
    fn malformed_known_event_reports_the_data_path() {
        let body = br#"{"eventId":"e5","eventType":"customer.approved","data":{"customerId":"not-a-uuid"}}"#;
        match parse_event(body) {
            Err(Error::Decode { path, .. }) => assert_eq!(path, "data.customerId"),
            other => panic!("{other:?}"),
        }
    }
}
