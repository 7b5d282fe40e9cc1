//! Uploads with an expected size and SHA-256 (`DocumentUpload::expect_content`) against
//! the local sandbox over HTTP: a matching file is stored once; a file changed before or
//! while it streams is refused with `Error::FileChanged`, is stored nowhere and is not
//! retried; a retry after a 5xx is verified again.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
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
    /// Writes a fresh PDF-magic file of `SIZE` bytes and takes its size and SHA-256 (what
    /// the app checked at pick time), runs `edit` on it, then uploads it with that
    /// expectation; `during(path, attempt, sent)` runs on every progress call.
    async fn upload_checked(
        &self,
        edit: impl FnOnce(&Path),
        during: impl Fn(&Path, u32, u64) + Send + Sync + 'static,
    ) -> Uploaded {
        let path = self.dir.path().join(format!("{}.pdf", Uuid::new_v4()));
        let mut data = b"%PDF-1.7\n".to_vec();
        data.extend((data.len()..SIZE).map(|i| (i % 251) as u8));
        std::fs::write(&path, &data).unwrap();
        let upload = DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA")
            .expect_content(hex::encode(Sha256::digest(&data)), SIZE as u64);
        edit(&path);

        // Every attempt that starts streaming opens with a `(0, total)` progress call.
        // (The sandbox's request counter cannot count them: a request cut short may be
        // dropped by the server before its handler first runs.)
        let attempts = Arc::new(AtomicU32::new(0));
        let n = attempts.clone();
        let opts = UploadOptions::default().on_progress(move |sent, _| {
            if sent == 0 {
                n.fetch_add(1, Ordering::Relaxed);
            }
            during(&path, n.load(Ordering::Relaxed), sent);
        });
        let before = self.sandbox.stats();
        let result = self
            .client
            .upload_document(self.customer, &upload, None, opts)
            .await;
        Uploaded {
            result,
            attempts: attempts.load(Ordering::Relaxed),
            before,
            after: self.sandbox.stats(),
        }
    }
}

/// What one [`Env::upload_checked`] did.
struct Uploaded {
    result: lumx::Result<()>,
    attempts: u32,
    before: SandboxStats,
    after: SandboxStats,
}

impl Uploaded {
    /// Refused as `change`, after `attempts` attempts, with nothing stored.
    fn assert_refused(self, change: FileChange, attempts: u32) -> Self {
        match &self.result {
            Err(Error::FileChanged { change: c, .. }) => assert_eq!(*c, change),
            other => panic!("expected FileChanged({change:?}), got {other:?}"),
        }
        assert_eq!(self.attempts, attempts, "attempts");
        assert_eq!(
            self.after.documents, self.before.documents,
            "nothing stored"
        );
        assert_eq!(
            self.after.idempotency_keys, self.before.idempotency_keys,
            "no key recorded"
        );
        self
    }

    /// Server requests since the upload began.
    /// Requests the sandbox counted. Only for uploads that ended normally or never left:
    /// a request cut short mid-body may be counted after `after` was read, so "not
    /// retried" is proved by the client's `attempts`.
    fn requests(&self) -> u64 {
        self.after.requests - self.before.requests
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

const FIRST_CHUNK: u64 = 64 * 1024;

#[tokio::test]
async fn a_file_that_matches_its_expectation_is_stored_once() {
    let e = env().await;
    let last = Arc::new(AtomicU64::new(0));
    let l2 = last.clone();
    let up = e
        .upload_checked(|_| {}, move |_, _, sent| l2.store(sent, Ordering::Relaxed))
        .await;
    up.result.as_ref().unwrap();
    assert_eq!(up.attempts, 1);
    assert_eq!(up.after.documents, up.before.documents + 1);
    assert_eq!(up.requests(), 1);
    assert_eq!(
        last.load(Ordering::Relaxed),
        SIZE as u64,
        "progress reached the end"
    );
}

#[tokio::test]
async fn other_bytes_of_the_same_size_are_refused_stored_nowhere_and_not_retried() {
    let e = env().await;
    // After the check, before the upload.
    e.upload_checked(|path| poke(path, SIZE as u64 - 10), |_, _, _| {})
        .await
        .assert_refused(FileChange::Content, 1);
    // While it streams, after the first chunk went out.
    e.upload_checked(
        |_| {},
        |path, _, sent| {
            if sent == FIRST_CHUNK {
                poke(path, SIZE as u64 - 10);
            }
        },
    )
    .await
    .assert_refused(FileChange::Content, 1);
}

#[tokio::test]
async fn a_file_that_grows_or_shrinks_is_refused_stored_nowhere_and_not_retried() {
    let e = env().await;
    for len in [SIZE as u64 + 1, SIZE as u64 - 1] {
        // Before the upload: the size of the opened file differs, nothing is sent.
        let up = e
            .upload_checked(|path| set_len(path, len), |_, _, _| {})
            .await
            .assert_refused(FileChange::Size, 0);
        assert_eq!(up.requests(), 0, "len {len}: nothing sent");
    }
    for len in [SIZE as u64 + 100_000, SIZE as u64 / 2] {
        // While it streams, after the first chunk went out.
        e.upload_checked(
            |_| {},
            move |path, _, sent| {
                if sent == FIRST_CHUNK {
                    set_len(path, len);
                }
            },
        )
        .await
        .assert_refused(FileChange::Size, 1);
    }
}

/// The sandbox answers the first attempt with a 5xx; `on_retry` runs as the second
/// attempt starts.
async fn upload_after_a_server_error(
    e: &Env,
    on_retry: impl Fn(&Path) + Send + Sync + 'static,
) -> Uploaded {
    e.sandbox.set_faults(FaultConfig {
        error_rate: 1.0,
        seed: Some(1),
        ..Default::default()
    });
    let sandbox = e.sandbox.clone();
    let up = e
        .upload_checked(
            |_| {},
            move |path, attempt, sent| {
                if attempt == 2 && sent == 0 {
                    sandbox.set_faults(FaultConfig::default());
                    on_retry(path);
                }
            },
        )
        .await;
    assert_eq!(up.after.faults_injected, up.before.faults_injected + 1);
    up
}

#[tokio::test]
async fn a_retry_after_a_server_error_is_verified_again_and_succeeds() {
    let e = env().await;
    let up = upload_after_a_server_error(&e, |_| {}).await;
    up.result.as_ref().unwrap();
    assert_eq!(up.attempts, 2, "two attempts");
    assert_eq!(up.requests(), 2);
    assert_eq!(up.after.documents, up.before.documents + 1);
}

#[tokio::test]
async fn a_file_changed_between_attempts_is_refused_on_the_retry() {
    let e = env().await;
    // The retry would send other bytes under the same key.
    upload_after_a_server_error(&e, |path| poke(path, 100))
        .await
        .assert_refused(FileChange::Content, 2);
}
