//! Contract tests: the client against the local `lumx-sandbox` simulator.
//! Every endpoint, every taxId status path, an RFI round for an individual and
//! for a business with nested parties, the idempotency table, validation
//! errors, and retries under each injected fault with no duplicates created.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use lumx::models::*;
use lumx::{
    ApiKey, Client, DocumentUpload, Environment, Error, GetCustomerOptions, IdempotencyKey,
    ListAccounts, ListCustomers, RetryPolicy, UploadOptions,
};
use lumx_sandbox::{FaultConfig, SandboxConfig, SandboxHandle};
use time::macros::date;
use uuid::Uuid;

// ---------------------------------------------------------------- harness

const API_KEY: &str = "sk_sandbox_contract";

struct Env {
    sandbox: SandboxHandle,
    client: Client,
    dir: tempfile::TempDir,
}

async fn env() -> Env {
    env_with(
        RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
            jitter: 0.5,
            max_retry_after: Duration::from_secs(3),
        },
        Duration::from_secs(5),
    )
    .await
}

async fn env_with(retry: RetryPolicy, request_timeout: Duration) -> Env {
    let sandbox = lumx_sandbox::start(SandboxConfig {
        token: Some(API_KEY.into()),
        verification_delay: Duration::from_millis(30),
        account_activation_delay: Duration::from_millis(30),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let client = Client::builder(
        Environment::custom(&sandbox.base_url()).unwrap(),
        ApiKey::new(API_KEY),
    )
    .retry_policy(retry)
    .request_timeout(request_timeout)
    .build()
    .unwrap();
    Env {
        sandbox,
        client,
        dir: tempfile::tempdir().unwrap(),
    }
}

static SEQ: AtomicU32 = AtomicU32::new(1);

/// A unique CPF-shaped tax id whose last digit selects the sandbox outcome.
fn tax_id(last: u8) -> String {
    let n = SEQ.fetch_add(1, Ordering::Relaxed) + std::process::id() % 1000 * 1000;
    let d = format!("{:09}{}", n % 1_000_000_000, (n % 10) as u8);
    format!(
        "{}.{}.{}-{}{}",
        &d[0..3],
        &d[3..6],
        &d[6..9],
        &d[9..10],
        last
    )
}

fn cnpj(last: u8) -> String {
    let n = SEQ.fetch_add(1, Ordering::Relaxed) + std::process::id() % 1000 * 1000;
    let d = format!("{:08}", n % 100_000_000);
    format!(
        "{}.{}.{}/0001-{}{}",
        &d[0..2],
        &d[2..5],
        &d[5..8],
        n % 10,
        last
    )
}

fn new_individual(last: u8) -> NewCustomer {
    let mut meta = Metadata::new();
    meta.insert("externalId".into(), serde_json::json!("usr_123"));
    NewCustomer::Individual(
        NewIndividualCustomer::new(
            "William Default",
            tax_id(last),
            date!(1990 - 01 - 01),
            "BRA",
            "william@example.com",
        )
        .metadata(meta)
        .accounts([Currency::Brl, Currency::Usd]),
    )
}

fn new_business(last: u8) -> NewCustomer {
    NewCustomer::Business(
        NewBusinessCustomer::new(
            "Lumx S.A",
            cnpj(last),
            date!(2020 - 01 - 01),
            "BRA",
            "hello@lumx.io",
        )
        .accounts([Currency::Brl]),
    )
}

fn address() -> Address {
    Address::new("BRA", "Av. Paulista, 1000", "São Paulo", "SP", "01310-100")
}

fn individual_info() -> AdditionalInformation {
    AdditionalInformation::Individual(IndividualAdditionalInformation {
        phone: "+5511999999999".into(),
        first_name: "William".into(),
        middle_name: "".into(),
        last_name: "Default".into(),
        address: address(),
        monthly_volume_in_usd: "5000".into(),
        transaction_volume_in_usd: "1000".into(),
        jurisdictions: vec![Jurisdiction::Bra, Jurisdiction::Usa],
        involved_activities: vec![Activity::None],
        transaction_counterparties: vec![Counterparty::SelfOwned],
        professional_situation: ProfessionalSituation::Employee,
        professional_occupation: "Software Engineer".into(),
        source_of_funds: SourceOfFunds::Employment,
    })
}

fn business_info() -> AdditionalInformation {
    AdditionalInformation::Business(BusinessAdditionalInformation {
        phone: "+5511888888888".into(),
        address: address(),
        monthly_volume_in_usd: "50000.00".into(),
        transaction_volume_in_usd: "10000.00".into(),
        jurisdictions: vec![Jurisdiction::Bra],
        involved_activities: vec![Activity::None],
        transaction_counterparties: vec![Counterparty::Customers, Counterparty::MerchantsSuppliers],
        company_type: CompanyType::PaymentGateway,
        annual_revenue: "1000000.00".into(),
        monthly_transaction_volume: "100000.00".into(),
        compliance_and_aml: "KYC on every client".into(),
        is_regulated_activity: false,
        regulated_activity_details: "".into(),
        website: "https://lumx.io".into(),
        source_of_funds: SourceOfFunds::Company,
        services_provided: Some("Payments".into()),
    })
}

impl Env {
    fn file(&self, name: &str, len: usize) -> PathBuf {
        let path = self.dir.path().join(name);
        let mut data = b"%PDF-1.4\n".to_vec();
        data.resize(len.max(16), b'x');
        std::fs::write(&path, data).unwrap();
        path
    }

    async fn upload(
        &self,
        customer: Uuid,
        doc: DocumentType,
        side: Option<DocumentSide>,
        party: Option<Uuid>,
    ) {
        let mut up = DocumentUpload::new(
            self.file(&format!("{}.pdf", Uuid::new_v4()), 2048),
            doc,
            "BRA",
        );
        if let Some(s) = side {
            up = up.side(s);
        }
        if let Some(p) = party {
            up = up.associated_party(p);
        }
        self.client
            .upload_document(customer, &up, None, UploadOptions::default())
            .await
            .unwrap_or_else(|e| panic!("upload failed: {e:?}"));
    }

    async fn accept_terms(&self, id: Uuid) {
        assert!(self.sandbox.accept_terms(id), "accept_terms");
    }

    /// Create + ToS + additional info + proof of address + ID card: ready to start.
    async fn ready_individual(&self, last: u8) -> Customer {
        let c = self
            .client
            .create_customer(&new_individual(last), None)
            .await
            .unwrap();
        self.accept_terms(c.id).await;
        self.client
            .send_additional_information(c.id, &individual_info(), None)
            .await
            .unwrap();
        self.upload(c.id, DocumentType::ProofOfAddress, None, None)
            .await;
        self.upload(c.id, DocumentType::IdCard, Some(DocumentSide::Front), None)
            .await;
        c
    }

    async fn wait_for(&self, id: Uuid, want: VerificationStatus) -> Customer {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let c = self
                .client
                .get_customer(id, GetCustomerOptions::default())
                .await
                .unwrap();
            if c.status() == Some(&want) {
                return c;
            }
            assert!(
                Instant::now() < deadline,
                "customer stuck at {:?}, wanted {want:?}",
                c.status()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

// ---------------------------------------------------------------- endpoints & status paths

#[tokio::test]
async fn individual_onboarding_to_approved_with_active_accounts() {
    let e = env().await;
    let created = e
        .client
        .create_customer(&new_individual(0), None)
        .await
        .unwrap();
    assert_eq!(created.customer_type, CustomerType::Individual);
    assert_eq!(created.status(), Some(&VerificationStatus::NotStarted));
    assert_eq!(
        created.metadata.get("externalId"),
        Some(&serde_json::json!("usr_123"))
    );
    assert!(created.terms_pending());
    let currencies: Vec<_> = created
        .accounts
        .iter()
        .map(|a| a.currency.clone())
        .collect();
    assert_eq!(currencies, vec![Currency::Brl, Currency::Usd]);

    let tos = e
        .client
        .create_tos_link(
            created.id,
            &TosLinkRequest {
                redirect_url: Some("https://example.com/done".into()),
            },
            None,
        )
        .await
        .unwrap();
    assert!(tos.url.starts_with("https://"), "{}", tos.url);
    assert!(tos.expires_at > time::OffsetDateTime::now_utc());
    e.accept_terms(created.id).await;

    let updated = e
        .client
        .send_additional_information(created.id, &individual_info(), None)
        .await
        .unwrap();
    match updated.additional_information_typed() {
        Some(Ok(AdditionalInformation::Individual(i))) => {
            assert_eq!(i.professional_occupation, "Software Engineer")
        }
        other => panic!("additional information not echoed: {other:?}"),
    }
    e.upload(created.id, DocumentType::ProofOfAddress, None, None)
        .await;
    e.upload(
        created.id,
        DocumentType::IdCard,
        Some(DocumentSide::Front),
        None,
    )
    .await;

    let started = e
        .client
        .start_verification(created.id, &StartVerification::default(), None)
        .await
        .unwrap();
    assert!(started.id.is_some());
    let approved = e.wait_for(created.id, VerificationStatus::Approved).await;
    assert!(!approved.terms_pending());

    let full = e
        .client
        .get_customer(
            created.id,
            GetCustomerOptions {
                include_balances: true,
                include_transaction_limits: true,
            },
        )
        .await
        .unwrap();
    assert!(!full.wallets.is_empty(), "wallets once approved");
    assert!(full.transaction_limits.is_some());

    let legacy = e.client.get_verification(created.id).await.unwrap();
    assert_eq!(legacy.status, VerificationStatus::Approved);

    // Accounts: PROVISIONING -> ACTIVE after approval.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let accounts: Vec<Account> = e
            .client
            .accounts_stream(Some(created.id), Some(1))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(accounts.len(), 2);
        assert!(accounts.iter().all(|a| a.customer_id == created.id));
        if accounts.iter().all(|a| a.status == AccountStatus::Active) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "accounts not active: {accounts:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn tax_id_sentinels_select_not_started_and_final_rejection() {
    let e = env().await;
    let stays = e.ready_individual(1).await;
    e.client
        .start_verification(stays.id, &StartVerification::default(), None)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let c = e
        .client
        .get_customer(stays.id, GetCustomerOptions::default())
        .await
        .unwrap();
    assert_eq!(c.status(), Some(&VerificationStatus::NotStarted));

    let rejected = e.ready_individual(3).await;
    e.client
        .start_verification(rejected.id, &StartVerification::default(), None)
        .await
        .unwrap();
    e.wait_for(rejected.id, VerificationStatus::FinalRejection)
        .await;
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn individual_rfi_round_then_approved() {
    let e = env().await;
    let c = e.ready_individual(2).await;
    e.client
        .start_verification(c.id, &StartVerification::default(), None)
        .await
        .unwrap();
    let rfi = e.wait_for(c.id, VerificationStatus::Rfi).await;
    let reason = rfi.status_reason().expect("statusReason on RFI").clone();
    let declined: Vec<_> = reason.declined_documents().cloned().collect();
    assert!(
        !declined.is_empty(),
        "RFI names a declined document: {reason:?}"
    );
    for d in &declined {
        let side = d.side.clone().or(d
            .document_type
            .requires_side()
            .then_some(DocumentSide::Front));
        e.upload(c.id, d.document_type.clone(), side, None).await;
    }
    e.client
        .start_verification(c.id, &StartVerification::default(), None)
        .await
        .unwrap();
    e.wait_for(c.id, VerificationStatus::Approved).await;
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn business_with_nested_parties_rfi_round_then_approved() {
    let e = env().await;
    let biz = e
        .client
        .create_customer(&new_business(2), None)
        .await
        .unwrap();
    assert_eq!(biz.customer_type, CustomerType::Business);
    e.accept_terms(biz.id).await;
    e.client
        .send_additional_information(biz.id, &business_info(), None)
        .await
        .unwrap();

    let rep = e
        .client
        .create_associated_party(
            biz.id,
            &NewAssociatedParty::Individual(NewIndividualParty {
                tax_id: Some(tax_id(0)),
                birth_date: Some(date!(1980 - 02 - 03)),
                email: Some("rep@example.com".into()),
                address: Some(address()),
                ..NewIndividualParty::new(Role::Representative, "Rita Rep")
            }),
            None,
        )
        .await
        .unwrap();
    let holding = e
        .client
        .create_associated_party(
            biz.id,
            &NewAssociatedParty::Business(NewBusinessParty {
                email: Some("holding@example.com".into()),
                address: Some(address()),
                ownership_percentage: Some(60.0),
                ..NewBusinessParty::new("Holding Ltda", cnpj(0), date!(2010 - 03 - 04))
            }),
            None,
        )
        .await
        .unwrap();
    let nested = e
        .client
        .create_associated_party(
            biz.id,
            &NewAssociatedParty::Individual(NewIndividualParty {
                tax_id: Some(tax_id(0)),
                birth_date: Some(date!(1975 - 05 - 06)),
                email: Some("ubo@example.com".into()),
                address: Some(address()),
                ownership_percentage: Some(100.0),
                parent_id: Some(holding.id),
                ..NewIndividualParty::new(Role::Ubo, "Ursula Ubo")
            }),
            None,
        )
        .await
        .unwrap();
    assert_eq!(holding.party_type, CustomerType::Business);
    assert!(holding.has_role(&Role::Shareholder));
    assert_eq!(nested.parent_id, Some(holding.id));
    assert_eq!(nested.ownership_percentage, Some(100.0));

    let parties = e.client.list_associated_parties(biz.id).await.unwrap();
    assert_eq!(parties.len(), 3);
    let read = e
        .client
        .get_associated_party(biz.id, nested.id)
        .await
        .unwrap();
    assert_eq!(read.id, nested.id);
    assert!(read.has_role(&Role::Ubo));
    assert_eq!(read.display_name(), Some("Ursula Ubo"));

    e.upload(biz.id, DocumentType::ProofOfAddress, None, None)
        .await;
    e.upload(biz.id, DocumentType::IncorporationArticles, None, None)
        .await;
    for p in [rep.id, nested.id] {
        e.upload(
            biz.id,
            DocumentType::Passport,
            Some(DocumentSide::Front),
            Some(p),
        )
        .await;
        e.upload(biz.id, DocumentType::ProofOfAddress, None, Some(p))
            .await;
    }
    e.upload(
        biz.id,
        DocumentType::IncorporationArticles,
        None,
        Some(holding.id),
    )
    .await;

    e.client
        .start_verification(biz.id, &StartVerification::default(), None)
        .await
        .unwrap();
    let rfi = e.wait_for(biz.id, VerificationStatus::Rfi).await;
    let reason = rfi.status_reason().expect("statusReason").clone();
    assert!(
        !reason.associated_parties.is_empty(),
        "a party is flagged: {reason:?}"
    );

    // Re-send the flagged party documents (and any customer-level ones), then re-verify.
    let mut resent = 0;
    for pr in &reason.associated_parties {
        let pid: Uuid = pr.id.parse().unwrap();
        assert!(
            parties.iter().any(|p| p.id == pid),
            "flagged party {pid} exists"
        );
        let docs = pr
            .status_reason
            .as_ref()
            .map(|r| r.documents.clone())
            .unwrap_or_default();
        for d in docs {
            resent += 1;
            let side = d.side.clone().or(d
                .document_type
                .requires_side()
                .then_some(DocumentSide::Front));
            e.upload(biz.id, d.document_type.clone(), side, Some(pid))
                .await;
        }
    }
    for d in reason.declined_documents() {
        resent += 1;
        let side = d.side.clone().or(d
            .document_type
            .requires_side()
            .then_some(DocumentSide::Front));
        e.upload(biz.id, d.document_type.clone(), side, None).await;
    }
    assert!(resent > 0, "the RFI named documents to re-send: {reason:?}");
    e.client
        .start_verification(biz.id, &StartVerification::default(), None)
        .await
        .unwrap();
    e.wait_for(biz.id, VerificationStatus::Approved).await;
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn verification_preconditions_are_reported_as_api_errors() {
    let e = env().await;
    let c = e
        .client
        .create_customer(&new_individual(0), None)
        .await
        .unwrap();
    let err = e
        .client
        .start_verification(c.id, &StartVerification::default(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                status: 400..=499,
                ..
            }
        ),
        "{err:?}"
    );

    // Business without a representative cannot start either.
    let b = e
        .client
        .create_customer(&new_business(0), None)
        .await
        .unwrap();
    e.accept_terms(b.id).await;
    e.client
        .send_additional_information(b.id, &business_info(), None)
        .await
        .unwrap();
    e.upload(b.id, DocumentType::ProofOfAddress, None, None)
        .await;
    let err = e
        .client
        .start_verification(b.id, &StartVerification::default(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                status: 400..=499,
                ..
            }
        ),
        "{err:?}"
    );

    // Unknown customer → 404.
    let err = e
        .client
        .get_customer(Uuid::new_v4(), GetCustomerOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn list_customers_pages_and_stream() {
    let e = env().await;
    for _ in 0..5 {
        e.client
            .create_customer(&new_individual(0), None)
            .await
            .unwrap();
    }
    let first = e
        .client
        .list_customers(&ListCustomers {
            size: Some(2),
            cursor: None,
        })
        .await
        .unwrap();
    assert_eq!(first.data.len(), 2);
    assert!(first.next_cursor().is_some(), "{:?}", first.pagination);
    let all: Vec<Customer> = e
        .client
        .customers_stream(Some(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    let mut ids: Vec<_> = all.iter().map(|c| c.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "no item repeated across pages");
    let accounts = e
        .client
        .list_accounts(&ListAccounts {
            size: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(accounts.data.len(), 3);
    e.sandbox.shutdown().await;
}

// ---------------------------------------------------------------- idempotency & validation

#[tokio::test]
async fn idempotency_replay_returns_the_same_customer_and_different_body_conflicts() {
    let e = env().await;
    let key = IdempotencyKey::new();
    let body = new_individual(0);
    let a = e.client.create_customer(&body, Some(key)).await.unwrap();
    let b = e.client.create_customer(&body, Some(key)).await.unwrap();
    assert_eq!(a.id, b.id, "replay returns the cached response");
    assert_eq!(e.sandbox.stats().customers, 1);

    let err = e
        .client
        .create_customer(&new_individual(0), Some(key))
        .await
        .unwrap_err();
    assert!(err.is_idempotency_conflict(), "{err:?}");
    assert_eq!(e.sandbox.stats().customers, 1);

    // A fresh key for the same taxId is the documented duplicate conflict, not an idempotency one.
    let err = e.client.create_customer(&body, None).await.unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert!(!err.is_idempotency_conflict());
    assert_eq!(err.existing_customer_id(), Some(a.id.to_string()));
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn validation_errors_carry_field_details() {
    let e = env().await;
    let bad = NewCustomer::Individual(NewIndividualCustomer::new(
        "",
        "123.456.789-00",
        date!(1990 - 01 - 01),
        "Brazil",
        "not-an-email",
    ));
    match e.client.create_customer(&bad, None).await.unwrap_err() {
        Error::Api {
            status, details, ..
        } => {
            assert_eq!(status, 400);
            let fields: Vec<_> = details.iter().map(|d| d.field.as_str()).collect();
            for f in ["name", "country", "email"] {
                assert!(fields.contains(&f), "{f} missing from {fields:?}");
            }
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.sandbox.stats().customers, 0);
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn wrong_api_key_is_unauthorized_and_not_retried() {
    let e = env().await;
    let c = Client::builder(
        Environment::custom(&e.sandbox.base_url()).unwrap(),
        ApiKey::new("wrong"),
    )
    .build()
    .unwrap();
    let err = c
        .list_customers(&ListCustomers::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    e.sandbox.shutdown().await;
}

// ---------------------------------------------------------------- faults

async fn create_many(e: &Env, n: usize) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for _ in 0..n {
        ids.push(
            e.client
                .create_customer(&new_individual(0), None)
                .await
                .unwrap()
                .id,
        );
    }
    ids
}

#[tokio::test]
async fn server_errors_are_retried_without_duplicates() {
    let e = env().await;
    e.sandbox.set_faults(FaultConfig {
        error_rate: 0.4,
        seed: Some(7),
        ..Default::default()
    });
    let ids = create_many(&e, 8).await;
    let c = ids[0];
    e.client
        .send_additional_information(c, &individual_info(), None)
        .await
        .unwrap();
    e.upload(c, DocumentType::ProofOfAddress, None, None).await;
    e.upload(c, DocumentType::Selfie, None, None).await;
    e.sandbox.set_faults(FaultConfig::default());
    let stats = e.sandbox.stats();
    assert!(
        stats.faults_injected >= 3,
        "faults actually fired: {stats:?}"
    );
    assert_eq!(stats.customers, 8);
    assert_eq!(stats.documents, 2);
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn rate_limit_burst_honours_retry_after() {
    let e = env().await;
    e.sandbox.set_faults(FaultConfig {
        rate_limit_burst: 1,
        retry_after_secs: 1,
        ..Default::default()
    });
    let started = Instant::now();
    create_many(&e, 1).await;
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    let stats = e.sandbox.stats();
    assert_eq!(stats.faults_injected, 1);
    assert_eq!(stats.customers, 1);
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn latency_beyond_timeout_then_same_key_creates_once() {
    let e = env_with(
        RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
        Duration::from_millis(250),
    )
    .await;
    e.sandbox.set_faults(FaultConfig {
        latency: Duration::from_millis(600),
        ..Default::default()
    });
    let key = IdempotencyKey::new();
    let body = new_individual(0);
    let err = e
        .client
        .create_customer(&body, Some(key))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    e.sandbox.set_faults(FaultConfig::default());
    // The app retries the persisted draft with the same key.
    e.client.create_customer(&body, Some(key)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await; // let any late handler finish
    assert_eq!(e.sandbox.stats().customers, 1);
    e.sandbox.shutdown().await;
}

#[tokio::test]
async fn drop_after_commit_is_replayed_not_duplicated() {
    let e = env().await;
    e.sandbox.set_faults(FaultConfig {
        drop_after_commit_rate: 0.5,
        seed: Some(11),
        ..Default::default()
    });
    let ids = create_many(&e, 6).await;
    let c = ids[0];
    e.accept_terms(c).await;
    e.client
        .send_additional_information(c, &individual_info(), None)
        .await
        .unwrap();
    e.upload(c, DocumentType::ProofOfAddress, None, None).await;
    e.upload(c, DocumentType::IdCard, Some(DocumentSide::Front), None)
        .await;
    e.upload(c, DocumentType::IdCard, Some(DocumentSide::Back), None)
        .await;
    let b = e
        .client
        .create_customer(&new_business(0), None)
        .await
        .unwrap();
    e.client
        .create_associated_party(
            b.id,
            &NewAssociatedParty::Individual(NewIndividualParty::new(
                Role::Representative,
                "Rita Rep",
            )),
            None,
        )
        .await
        .unwrap();
    e.sandbox.set_faults(FaultConfig::default());
    let stats = e.sandbox.stats();
    assert!(
        stats.faults_injected >= 2,
        "drops actually fired: {stats:?}"
    );
    assert!(
        stats.idempotent_replays >= 2,
        "dropped commits were replayed: {stats:?}"
    );
    assert_eq!(stats.customers, 7);
    assert_eq!(stats.documents, 3);
    assert_eq!(stats.associated_parties, 1);
    e.sandbox.shutdown().await;
}
