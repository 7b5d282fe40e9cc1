//! Uploads with an expected size and SHA-256 (`DocumentUpload::expect_content`) against
//! the local sandbox over HTTP: a matching file is stored once; a file changed before or
//! while it streams is refused with `Error::FileChanged`, is stored nowhere and is not
//! retried; a retry after a 5xx is verified again.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use lumx::models::{DocumentType, NewCustomer, NewIndividualCustomer};
use lumx::{
    ApiKey, Client, DocumentUpload, Environment, Error, FileChange, RetryPolicy, UploadOptions,
};
use lumx_sandbox::{FaultConfig, SandboxConfig, SandboxHandle, SandboxStats};
use sha2::{Digest, Sha256};
use uuid::Uuid;

const API_KEY: &str = "sk_sandbox_upload_verified";
const SIZE: usize = 1024 * 1024;

struct Env {
    sandbox: Arc<SandboxHandle>,
    client: Client,
    customer: Uuid,
    dir: tempfile::TempDir,
}

async fn env() -> Env {
    let sandbox = Arc::new(
        lumx_sandbox::start(SandboxConfig {
            token: Some(API_KEY.into()),
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox starts"),
    );
    let client = Client::builder(
        Environment::custom(&sandbox.base_url()).unwrap(),
        ApiKey::new(API_KEY),
    )
    // Fast and deterministic, and room for retries: a retry would show in the counters.
    .retry_policy(RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        jitter: 0.0,
        max_retry_after: Duration::from_secs(1),
    })
    .build()
    .unwrap();
    let tax_id = lumx_sandbox::cpf_ending_in(&mut rand::rng(), 0);
    let customer = client
        .create_customer(
            &NewCustomer::Individual(NewIndividualCustomer::new(
                "Ana Teste",
                tax_id,
                time::macros::date!(1990 - 01 - 01),
                "BRA",
                "ana@example.com",
            )),
            None,
        )
        .await
        .unwrap()
        .id;
    Env {
        sandbox,
        client,
        customer,
        dir: tempfile::tempdir().unwrap(),
    }
}

impl Env {
    /// A PDF-magic file of `SIZE` bytes; returns its path and what was "checked" about it.
    fn file(&self, name: &str) -> (PathBuf, String, u64) {
        let path = self.dir.path().join(name);
        let mut data = b"%PDF-1.7\n".to_vec();
        data.extend((data.len()..SIZE).map(|i| (i % 251) as u8));
        std::fs::write(&path, &data).unwrap();
        (path, hex::encode(Sha256::digest(&data)), SIZE as u64)
    }

    async fn upload(&self, upload: &DocumentUpload, opts: UploadOptions) -> lumx::Result<()> {
        self.client
            .upload_document(self.customer, upload, None, opts)
            .await
    }

    fn stats(&self) -> SandboxStats {
        self.sandbox.stats()
    }
}

/// Overwrites one byte in place: same size, same inode, other content.
fn poke(path: &Path, offset: u64) {
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(offset)).unwrap();
    f.write_all(b"#").unwrap();
}

fn set_len(path: &Path, len: u64) {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(len)
        .unwrap();
}

/// Counts the attempts that start streaming: each opens with a `(0, total)` progress
/// call. (The sandbox's request counter cannot: a request cut short may be dropped by
/// the server before its handler first runs.)
#[derive(Clone, Default)]
struct Attempts(Arc<AtomicU32>);

impl Attempts {
    /// Progress options that count, then call `then(attempt, sent)` (attempt is 1-based).
    fn options(&self, then: impl Fn(u32, u64) + Send + Sync + 'static) -> UploadOptions {
        let n = self.0.clone();
        UploadOptions::default().on_progress(move |sent, _| {
            if sent == 0 {
                n.fetch_add(1, Ordering::Relaxed);
            }
            then(n.load(Ordering::Relaxed), sent);
        })
    }

    fn get(&self) -> u32 {
        self.0.load(Ordering::Relaxed)
    }
}

fn assert_changed(result: lumx::Result<()>, expected: FileChange) {
    match result {
        Err(Error::FileChanged { change, .. }) => assert_eq!(change, expected),
        other => panic!("expected FileChanged({expected:?}), got {other:?}"),
    }
}

#[tokio::test]
async fn a_file_that_matches_its_expectation_is_stored_once() {
    let e = env().await;
    let (path, sha, size) = e.file("poa.pdf");
    let before = e.stats();
    let last = Arc::new(std::sync::Mutex::new((0, 0)));
    let l2 = last.clone();
    e.upload(
        &DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA").expect_content(sha, size),
        UploadOptions::default().on_progress(move |s, t| *l2.lock().unwrap() = (s, t)),
    )
    .await
    .unwrap();
    let after = e.stats();
    assert_eq!(after.documents, before.documents + 1);
    assert_eq!(after.requests, before.requests + 1);
    assert_eq!(
        *last.lock().unwrap(),
        (size, size),
        "progress reached the end"
    );
}

#[tokio::test]
async fn other_bytes_of_the_same_size_are_refused_stored_nowhere_and_not_retried() {
    let e = env().await;
    let (path, sha, size) = e.file("poa.pdf");
    poke(&path, SIZE as u64 - 10); // after the check, before the upload
    let attempts = Attempts::default();
    let before = e.stats();
    let result = e
        .upload(
            &DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA")
                .expect_content(sha, size),
            attempts.options(|_, _| {}),
        )
        .await;
    assert_changed(result, FileChange::Content);
    let after = e.stats();
    assert_eq!(attempts.get(), 1, "one attempt, cut short, not retried");
    assert!(after.requests <= before.requests + 1);
    assert_eq!(after.documents, before.documents, "nothing stored");
    assert_eq!(after.idempotency_keys, before.idempotency_keys);

    // Changed while it streams, after the first chunk went out.
    let (path, sha, size) = e.file("during.pdf");
    let p2 = path.clone();
    let attempts = Attempts::default();
    let result = e
        .upload(
            &DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA")
                .expect_content(sha, size),
            attempts.options(move |_, sent| {
                if sent == 64 * 1024 {
                    poke(&p2, SIZE as u64 - 10);
                }
            }),
        )
        .await;
    assert_changed(result, FileChange::Content);
    let last = e.stats();
    assert_eq!(attempts.get(), 1, "mid-stream: not retried");
    assert_eq!(
        last.documents, before.documents,
        "mid-stream: nothing stored"
    );
    assert_eq!(last.idempotency_keys, before.idempotency_keys);
}

#[tokio::test]
async fn a_file_that_grows_or_shrinks_is_refused_stored_nowhere_and_not_retried() {
    let e = env().await;
    // Before the upload: the size from the opened file differs, nothing is sent.
    for len in [SIZE as u64 + 1, SIZE as u64 - 1] {
        let (path, sha, size) = e.file("before.pdf");
        set_len(&path, len);
        let before = e.stats();
        let result = e
            .upload(
                &DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA")
                    .expect_content(sha, size),
                UploadOptions::default(),
            )
            .await;
        assert_changed(result, FileChange::Size);
        let after = e.stats();
        assert_eq!(after.documents, before.documents);
        assert_eq!(after.requests, before.requests, "nothing sent");
    }
    // While it streams: after the first chunk went out, the file grows or shrinks.
    for len in [SIZE as u64 + 100_000, SIZE as u64 / 2] {
        let (path, sha, size) = e.file("during.pdf");
        let done = Arc::new(AtomicBool::new(false));
        let (p2, d2) = (path.clone(), done.clone());
        let attempts = Attempts::default();
        let before = e.stats();
        let result = e
            .upload(
                &DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA")
                    .expect_content(sha, size),
                attempts.options(move |_, sent| {
                    if sent > 0 && !d2.swap(true, Ordering::Relaxed) {
                        set_len(&p2, len);
                    }
                }),
            )
            .await;
        assert!(
            done.load(Ordering::Relaxed),
            "the file was changed mid-stream"
        );
        assert_changed(result, FileChange::Size);
        let after = e.stats();
        assert_eq!(attempts.get(), 1, "len {len}: not retried");
        assert!(after.requests <= before.requests + 1);
        assert_eq!(
            after.documents, before.documents,
            "len {len}: nothing stored"
        );
    }
}

#[tokio::test]
async fn a_retry_after_a_server_error_is_verified_again_and_succeeds() {
    let e = env().await;
    let (path, sha, size) = e.file("poa.pdf");
    e.sandbox.set_faults(FaultConfig {
        error_rate: 1.0,
        seed: Some(1),
        ..Default::default()
    });
    let attempts = Attempts::default();
    let sandbox = e.sandbox.clone();
    let before = e.stats();
    e.upload(
        &DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA").expect_content(sha, size),
        attempts.options(move |attempt, sent| {
            // The second attempt meets no fault.
            if attempt == 2 && sent == 0 {
                sandbox.set_faults(FaultConfig::default());
            }
        }),
    )
    .await
    .unwrap();
    let after = e.stats();
    assert_eq!(attempts.get(), 2, "two attempts");
    assert_eq!(after.faults_injected, before.faults_injected + 1);
    assert_eq!(after.requests, before.requests + 2);
    assert_eq!(after.documents, before.documents + 1);
}

#[tokio::test]
async fn a_file_changed_between_attempts_is_refused_on_the_retry() {
    let e = env().await;
    let (path, sha, size) = e.file("poa.pdf");
    e.sandbox.set_faults(FaultConfig {
        error_rate: 1.0,
        seed: Some(1),
        ..Default::default()
    });
    let attempts = Attempts::default();
    let (sandbox, p2) = (e.sandbox.clone(), path.clone());
    let before = e.stats();
    let result = e
        .upload(
            &DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA")
                .expect_content(sha, size),
            attempts.options(move |attempt, sent| {
                if attempt == 2 && sent == 0 {
                    sandbox.set_faults(FaultConfig::default());
                    poke(&p2, 100); // the retry would send other bytes under the same key
                }
            }),
        )
        .await;
    assert_changed(result, FileChange::Content);
    let after = e.stats();
    assert_eq!(attempts.get(), 2, "no third attempt");
    assert_eq!(after.faults_injected, before.faults_injected + 1);
    assert_eq!(after.documents, before.documents, "nothing stored");
    assert_eq!(after.idempotency_keys, before.idempotency_keys);
}
