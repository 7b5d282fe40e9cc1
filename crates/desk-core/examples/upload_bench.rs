//! Prints what the pre-send check costs in a 50 MB upload to the local sandbox over HTTP,
//! both ways side by side in one process: re-hashing the whole file (`recheck`) then
//! streaming it unhashed, against the cheap `for_upload` then streaming it hashed
//! (`expect_content`). Runs alternate, after one warm-up of each. Figures only.
//!
//!     cargo run --release -p desk-core --example upload_bench [-- RUNS]

use std::time::{Duration, Instant};

use desk_core::files::{preflight, Checked, FileProblem, PickedFiles};
use lumx::models::{DocumentType, NewCustomer, NewIndividualCustomer};
use lumx::{ApiKey, Client, DocumentUpload, Environment, UploadOptions};

const KEY: &str = "sk_upload_bench";
const SIZE: usize = 50 * 1024 * 1024;

#[derive(Default)]
struct Samples {
    check: Vec<Duration>,
    total: Vec<Duration>,
}

fn median_ms(samples: &mut [Duration]) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

/// One upload: the pre-send `check`, then the upload, hashed as it streams or not.
/// Returns how long the check took and the check and upload together.
async fn upload(
    client: &Client,
    customer: uuid::Uuid,
    check: impl FnOnce() -> Result<Checked, FileProblem>,
    hashed: bool,
) -> (Duration, Duration) {
    let t = Instant::now();
    let checked = check().expect("check");
    let checked_in = t.elapsed();
    let mut request =
        DocumentUpload::new(checked.canonical_path, DocumentType::ProofOfAddress, "BRA")
            .content_type(checked.kind.mime());
    if hashed {
        request = request.expect_content(checked.sha256, checked.size);
    }
    client
        .upload_document(customer, &request, None, UploadOptions::default())
        .await
        .expect("upload");
    (checked_in, t.elapsed())
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let sandbox = lumx_sandbox::start(lumx_sandbox::SandboxConfig {
        token: Some(KEY.into()),
        ..Default::default()
    })
    .await
    .expect("sandbox");
    let client = Client::new(
        Environment::custom(&sandbox.base_url()).unwrap(),
        ApiKey::new(KEY),
    )
    .unwrap();
    let customer = client
        .create_customer(
            &NewCustomer::Individual(NewIndividualCustomer::new(
                "Bench Mark",
                "529.982.247-25",
                time::macros::date!(1990 - 01 - 01),
                "BRA",
                "bench@example.com",
            )),
            None,
        )
        .await
        .expect("customer")
        .id;

    // Incompressible-looking bytes behind a PDF header (xorshift; nothing compresses here
    // anyway, but the file should not be all one byte).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b50.pdf");
    let mut data = b"%PDF-1.7\n".to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while data.len() < SIZE {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        data.extend_from_slice(&x.to_le_bytes());
    }
    data.truncate(SIZE);
    std::fs::write(&path, &data).unwrap();
    drop(data);
    let files = PickedFiles::new();
    let token = files.register(preflight(&path).unwrap()).token;

    let (mut before, mut after) = (Samples::default(), Samples::default());
    for run in 0..=runs {
        // Before: the whole file re-hashed, then streamed unhashed.
        let (check, total) = upload(&client, customer, || files.recheck(&token), false).await;
        // After: the cheap check, then streamed and hashed in the same pass.
        let (check2, total2) = upload(&client, customer, || files.for_upload(&token), true).await;
        if run > 0 {
            before.check.push(check);
            before.total.push(total);
            after.check.push(check2);
            after.total.push(total2);
        }
    }
    assert_eq!(sandbox.stats().documents, 2 * (runs + 1));

    println!("| 50 MB upload to the local sandbox, median of {runs} | check before sending | check + upload |");
    println!("|---|---|---|");
    for (name, s) in [
        (
            "before: `recheck` (full re-hash) + unhashed stream",
            &mut before,
        ),
        (
            "after: `for_upload` + hashed stream (`expect_content`)",
            &mut after,
        ),
    ] {
        println!(
            "| {name} | {:.1} ms | {:.0} ms |",
            median_ms(&mut s.check),
            median_ms(&mut s.total)
        );
    }
    sandbox.shutdown().await;
}
