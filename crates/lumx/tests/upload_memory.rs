//! A 50 MB upload must stream: resident memory growth stays far below the
//! file size, and the body reaches the server in many chunks.
//! (Own test binary so other tests' allocations don't disturb the numbers.)

mod common;

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use common::{client, Action, ScriptServer};
use lumx::models::DocumentType;
use lumx::{DocumentUpload, UploadOptions};

fn vm_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn fifty_megabyte_upload_streams_with_bounded_memory() {
    const SIZE: usize = 50 * 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.pdf");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let block: Vec<u8> = (0..1024 * 1024).map(|i| (i % 253) as u8).collect();
        for _ in 0..50 {
            f.write_all(&block).unwrap();
        }
    }
    let srv = ScriptServer::start(vec![Action::Respond {
        status: 201,
        headers: vec![],
        body: String::new(),
    }])
    .await;
    let c = client(&srv.base_url, 1);

    let baseline = vm_rss_kib();
    let peak = Arc::new(AtomicU64::new(baseline));
    let calls = Arc::new(AtomicU64::new(0));
    let (p2, c2) = (peak.clone(), calls.clone());
    c.upload_document(
        "3c90c3cc-0d44-4b50-8888-8dd25736052a".parse().unwrap(),
        &DocumentUpload::new(&path, DocumentType::BankStatement, "BRA"),
        None,
        UploadOptions::default().on_progress(move |_, _| {
            // Sample RSS every 16 chunks (~1 MiB).
            if c2.fetch_add(1, Ordering::Relaxed) % 16 == 0 {
                p2.fetch_max(vm_rss_kib(), Ordering::Relaxed);
            }
        }),
    )
    .await
    .unwrap();
    peak.fetch_max(vm_rss_kib(), Ordering::Relaxed);

    let growth_kib = peak.load(Ordering::Relaxed).saturating_sub(baseline);
    let r = &srv.requests()[0];
    println!(
        "50 MiB upload: RSS baseline {baseline} KiB, peak growth {growth_kib} KiB, \
         {} body bytes in {} reads, {} progress calls",
        r.body_len,
        r.body_reads,
        calls.load(Ordering::Relaxed)
    );
    assert!(r.body_len > SIZE);
    assert_eq!(
        r.header("content-length")
            .unwrap()
            .parse::<usize>()
            .unwrap(),
        r.body_len
    );
    assert!(
        r.body_reads >= 100,
        "body arrived in only {} reads",
        r.body_reads
    );
    assert!(calls.load(Ordering::Relaxed) >= 800);
    // Far below the 51 200 KiB file: allow 12 MiB for allocator/runtime noise.
    assert!(
        growth_kib < 12 * 1024,
        "RSS grew by {growth_kib} KiB during a 50 MiB upload"
    );
}
