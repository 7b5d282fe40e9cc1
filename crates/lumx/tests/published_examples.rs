//! Every example Lumx publishes decodes verbatim with the client's own decoders
//! (`tests/fixtures/published/`, see its README).

use std::path::PathBuf;

use lumx::models::{
    Account, AdditionalInformation, AssociatedParty, Customer, CustomerType, Metadata, Requirement,
    RequirementName, RequirementStatus, StatusReason, TosLink, TosLinkRequest, TransactionLimits,
    VerificationStarted, VerificationStatus,
};
use lumx::models::{Entries, LegacyVerification};
use lumx::webhook::{parse_event, EventData, WebhookEventType};
use lumx::{Error, Page};
use serde::de::DeserializeOwned;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/published")
}

/// The file's text, with the documentation's own placeholders removed: `/* … */`
/// comments and `[ ... ]` elisions (only in `.jsonc` files).
fn text(name: &str) -> String {
    let raw = std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    if !name.ends_with(".jsonc") {
        return raw;
    }
    let mut out = String::new();
    let mut rest = raw.as_str();
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("closed comment") + start + 2;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("[ ... ]", "[]")
}

fn decode<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&text(name)).unwrap_or_else(|e| panic!("{name} does not decode: {e}"))
}

/// Each fixture and what reads it; `every_fixture_is_checked` keeps this list complete.
const CHECKED: &[&str] = &[
    "api-2.1-create-customer-business-response.json",
    "api-2.2-transaction-limits.json",
    "api-2.2-transaction-limits-mid-old.json",
    "api-2.6-associated-party-response.json",
    "api-2.7-start-verification-response.json",
    "api-2.7-legacy-verification.jsonc",
    "api-2.8-tos-link-request.json",
    "api-2.8-tos-link-response.json",
    "api-2.9-accounts-page.json",
    "api-3.5-status-reason.jsonc",
    "api-5-webhook-envelope.jsonc",
    "api-5-customer-rfi-data.json",
    "api-5-mid-customer-payload.json",
    "api-6-duplicate-customer-old.json",
    "api-8-duplicate-customer-sandbox.json",
    "seed-000-additional-information-individual-request.json",
    "seed-000-metadata.json",
    "seed-000-requirements.json",
    "seed-002-account-rfi-event.json",
    "seed-002-customer-rfi-event.json",
];

#[test]
fn every_fixture_is_checked() {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json") || n.ends_with(".jsonc"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CHECKED.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    println!("published examples: {} fixtures", listed.len());
}

#[test]
fn the_create_customer_response_decodes() {
    let c: Customer = decode("api-2.1-create-customer-business-response.json");
    assert_eq!(c.customer_type, CustomerType::Business);
    assert_eq!(c.legal_name.as_deref(), Some("Lumx S.A"));
    assert_eq!(c.status(), Some(&VerificationStatus::NotStarted));
    assert_eq!(c.requirements.len(), 9);
    assert!(c.requirements.unreadable().is_empty());
    assert_eq!(c.accounts.len(), 2);
    assert!(c.metadata.is_empty());
    assert!(c.created_at.is_some() && c.updated_at.is_some());
}

#[test]
fn both_transaction_limit_shapes_decode() {
    let new: TransactionLimits = decode("api-2.2-transaction-limits.json");
    assert_eq!(new.single.unwrap().max.as_deref(), Some("7500.00"));
    assert_eq!(new.daily.unwrap().remaining.as_deref(), Some("12700.00"));
    let old: TransactionLimits = decode("api-2.2-transaction-limits-mid-old.json");
    assert_eq!(old.monthly.unwrap().max.as_deref(), Some("100000.00"));
}

#[test]
fn the_associated_party_response_decodes() {
    let p: AssociatedParty = decode("api-2.6-associated-party-response.json");
    assert_eq!(p.ownership_percentage, Some(40.0));
    assert_eq!(p.all_roles().len(), 1);
    assert!(p.address.is_some() && p.verification.is_some());
}

#[test]
fn verification_examples_decode() {
    // `{ "id": "<uuid>" }`: the placeholder is not a UUID, so the id reads as absent.
    let started: VerificationStarted = decode("api-2.7-start-verification-response.json");
    assert_eq!(started.id, None);
    let legacy: LegacyVerification = decode("api-2.7-legacy-verification.jsonc");
    assert_eq!(legacy.status, VerificationStatus::NotStarted);
    assert_eq!(
        legacy.customer_id, None,
        "\"c85cb5ef-...\" is elided in the docs"
    );
    let reason = legacy.status_reason.unwrap();
    assert_eq!(reason.documents.len(), 1);
    assert_eq!(
        reason.documents[0].status.as_ref().unwrap().as_str(),
        "DECLINED" // [MID] TEMPORARY_REJECTION of a document reads as DECLINED
    );
}

#[test]
fn tos_link_examples_decode() {
    // A request body: the client writes exactly the published JSON.
    let req = TosLinkRequest {
        redirect_url: Some("<uri>".into()),
    };
    let published: serde_json::Value = decode("api-2.8-tos-link-request.json");
    assert_eq!(serde_json::to_value(&req).unwrap(), published);
    let link: TosLink = decode("api-2.8-tos-link-response.json");
    assert!(link.url.starts_with("https://dashboard.lumx.io/tos/"));
}

#[test]
fn the_accounts_page_decodes() {
    let page: Page<Account> = decode("api-2.9-accounts-page.json");
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.pagination.unwrap().total, Some(3));
}

#[test]
fn the_status_reason_example_decodes() {
    let r: StatusReason = decode("api-3.5-status-reason.jsonc");
    assert_eq!(r.reject_sub_labels, ["DOCUMENT_BLURRY"]);
    assert_eq!(r.declined_documents().count(), 1);
    assert!(r.associated_parties.is_empty());
}

#[test]
fn webhook_examples_decode_with_and_without_envelope_fields() {
    // The envelope's `data` is a placeholder (`{ /* event-specific */ }`): a known type
    // with no customer in it is refused at `data`, and the same envelope around real
    // customer data reads with its eventId.
    let envelope = text("api-5-webhook-envelope.jsonc");
    match parse_event(envelope.as_bytes()) {
        Err(Error::Decode { path, message }) => {
            assert_eq!(path, "data");
            assert!(message.contains("customerId"), "{message}");
        }
        other => panic!("placeholder data must be refused clearly: {other:?}"),
    }
    let filled = envelope.replace(
        "{  }",
        r#"{"customerId": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "APPROVED"}"#,
    );
    let env = parse_event(filled.as_bytes()).unwrap();
    assert_eq!(env.event_id, "550e8400-e29b-41d4-a716-446655440000");
    assert_eq!(env.event_type, WebhookEventType::CustomerApproved);
    // The seeds' events have no `eventId`: the body's hash stands in for it.
    let body = text("seed-002-customer-rfi-event.json");
    let rfi = parse_event(body.as_bytes()).unwrap();
    assert!(rfi.event_id.starts_with("sha256:"));
    assert_eq!(parse_event(body.as_bytes()).unwrap().event_id, rfi.event_id);
    let EventData::Customer(data) = rfi.data else {
        panic!("customer.rfi is a customer event")
    };
    assert_eq!(
        data.status,
        Some(VerificationStatus::Rfi),
        "lowercase \"rfi\""
    );
    assert_eq!(data.status_reason.unwrap().documents.len(), 1);
    let account = parse_event(text("seed-002-account-rfi-event.json").as_bytes()).unwrap();
    assert!(matches!(account.data, EventData::Account(ref a) if a.status.as_str() == "RFI"));
    // Bare `data` payloads (no envelope) whose ids the docs elide as "...": kept verbatim.
    for name in [
        "api-5-customer-rfi-data.json",
        "api-5-mid-customer-payload.json",
    ] {
        let ev = parse_event(text(name).as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(matches!(ev.data, EventData::Other(_)), "{name}");
    }
}

#[test]
fn duplicate_customer_error_bodies_decode() {
    let old = Error::from_response(409, text("api-6-duplicate-customer-old.json").as_bytes());
    assert_eq!(old.status(), Some(409));
    let sandbox = Error::from_response(
        409,
        text("api-8-duplicate-customer-sandbox.json").as_bytes(),
    );
    assert_eq!(
        sandbox.existing_customer_id().as_deref(),
        Some("3c90c3cc-0d44-4b50-8888-8dd25736052a")
    );
    assert!(sandbox.to_string().contains("same document"), "{sandbox}");
}

#[test]
fn seed_000_examples_decode() {
    let info: AdditionalInformation =
        decode("seed-000-additional-information-individual-request.json");
    assert!(matches!(info, AdditionalInformation::Individual(_)));
    let meta: Metadata = decode("seed-000-metadata.json");
    assert_eq!(meta["tier"], "premium");
    let reqs: Entries<Requirement> = decode("seed-000-requirements.json");
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[2].name, RequirementName::BankStatement);
    assert!(reqs.iter().all(|r| r.status == RequirementStatus::NotSent));
}
