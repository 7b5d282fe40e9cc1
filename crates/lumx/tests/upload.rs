//! Document upload: multipart shape, progress, retry re-opens the file with
//! the same key and identical bytes, cancellation mid-stream.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{client, json, Action, ScriptServer};
use lumx::models::{DocumentSide, DocumentType};
use lumx::{CancellationToken, DocumentUpload, Error, UploadOptions};
use uuid::Uuid;

const CID: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

fn write_file(dir: &tempfile::TempDir, name: &str, len: usize) -> std::path::PathBuf {
    let path = dir.path().join(name);
    let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, data).unwrap();
    path
}

#[tokio::test]
async fn upload_sends_multipart_fields_with_exact_length_and_reports_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(&dir, "passport.jpg", 300_000);
    let srv = ScriptServer::start(vec![Action::Respond {
        status: 201,
        headers: vec![],
        body: String::new(),
    }])
    .await;
    let c = client(&srv.base_url, 1);
    let party: Uuid = "a1b2c3d4-e5f6-7890-abcd-ef1234567890".parse().unwrap();
    let last = Arc::new(Mutex::new((0u64, 0u64)));
    let last2 = last.clone();
    let upload = DocumentUpload::new(&path, DocumentType::Passport, "BRA")
        .side(DocumentSide::Front)
        .associated_party(party);
    c.upload_document(
        CID.parse().unwrap(),
        &upload,
        None,
        UploadOptions::default().on_progress(move |s, t| *last2.lock().unwrap() = (s, t)),
    )
    .await
    .unwrap();

    assert_eq!(*last.lock().unwrap(), (300_000, 300_000));
    let r = &srv.requests()[0];
    assert_eq!(r.target, format!("/customers/{CID}/documents"));
    let ct = r.header("content-type").unwrap();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    assert_eq!(
        r.header("content-length")
            .unwrap()
            .parse::<usize>()
            .unwrap(),
        r.body_len
    );
    assert!(r.header("transfer-encoding").is_none());
    let body = r.body_str();
    for needle in [
        "name=\"type\"\r\n\r\nPASSPORT\r\n",
        "name=\"country\"\r\n\r\nBRA\r\n",
        "name=\"side\"\r\n\r\nFRONT_SIDE\r\n",
        "name=\"associatedPartyId\"\r\n\r\na1b2c3d4-e5f6-7890-abcd-ef1234567890\r\n",
        "name=\"file\"; filename=\"passport.jpg\"\r\nContent-Type: image/jpeg\r\n",
    ] {
        assert!(body.contains(needle), "missing {needle:?}");
    }
    assert!(r.body_len > 300_000 && r.body_len < 301_500);
}

#[tokio::test]
async fn retry_reopens_the_file_with_the_same_key_and_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(&dir, "poa.pdf", 2 * 1024 * 1024);
    let srv = ScriptServer::start(vec![
        Action::DropAfter(700_000),
        Action::Drop,
        Action::Respond {
            status: 204,
            headers: vec![],
            body: String::new(),
        },
    ])
    .await;
    let c = client(&srv.base_url, 4);
    let starts = Arc::new(AtomicU64::new(0));
    let s2 = starts.clone();
    c.upload_document(
        CID.parse().unwrap(),
        &DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA"),
        None,
        UploadOptions::default().on_progress(move |sent, _| {
            if sent == 0 {
                s2.fetch_add(1, Ordering::Relaxed);
            }
        }),
    )
    .await
    .unwrap();
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(
        starts.load(Ordering::Relaxed),
        3,
        "file streamed from the start on each attempt"
    );
    let key = reqs[0].header("idempotency-key").unwrap();
    assert!(reqs
        .iter()
        .all(|r| r.header("idempotency-key") == Some(key)));
    assert_eq!(reqs[0].body_len, 700_000);
    assert_eq!(reqs[1].body_len, reqs[2].body_len);
    assert_eq!(
        reqs[1].body_hash, reqs[2].body_hash,
        "retries are byte-identical"
    );
}

#[tokio::test]
async fn cancellation_aborts_an_in_flight_upload() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(&dir, "big.pdf", 20 * 1024 * 1024);
    // Server reads 1 MiB and then stops reading: the upload is stuck mid-body.
    let srv = ScriptServer::start(vec![Action::StallAfter(1024 * 1024)]).await;
    let c = client(&srv.base_url, 3);
    let token = CancellationToken::new();
    let t2 = token.clone();
    let max_sent = Arc::new(AtomicU64::new(0));
    let m2 = max_sent.clone();
    let canceller = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        t2.cancel();
    });
    let started = Instant::now();
    let res = c
        .upload_document(
            CID.parse().unwrap(),
            &DocumentUpload::new(&path, DocumentType::BankStatement, "BRA"),
            None,
            UploadOptions::default()
                .cancel_with(token)
                .on_progress(move |s, _| {
                    m2.fetch_max(s, Ordering::Relaxed);
                }),
        )
        .await;
    canceller.await.unwrap();
    assert!(matches!(res, Err(Error::Cancelled)), "{res:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let sent = max_sent.load(Ordering::Relaxed);
    assert!(
        sent > 0 && sent < 20 * 1024 * 1024,
        "stopped mid-stream at {sent}"
    );
    assert_eq!(srv.count(), 1, "no retry after cancellation");
}

#[tokio::test]
async fn cancellation_during_backoff_returns_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(&dir, "x.png", 1000);
    let srv =
        ScriptServer::start(vec![common::json_with(429, "{}", &[("retry-after", "5")])]).await;
    let c = client(&srv.base_url, 3);
    let token = CancellationToken::new();
    let t2 = token.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        t2.cancel();
    });
    let started = Instant::now();
    let res = c
        .upload_document(
            CID.parse().unwrap(),
            &DocumentUpload::new(&path, DocumentType::Selfie, "BRA"),
            None,
            UploadOptions::default().cancel_with(token),
        )
        .await;
    assert!(matches!(res, Err(Error::Cancelled)), "{res:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(srv.count(), 1);
}

#[tokio::test]
async fn missing_file_is_a_file_error_and_sends_nothing() {
    let srv = ScriptServer::start(vec![json(201, "")]).await;
    let c = client(&srv.base_url, 3);
    let err = c
        .upload_document(
            CID.parse().unwrap(),
            &DocumentUpload::new("/definitely/not/here.pdf", DocumentType::Selfie, "BRA"),
            None,
            UploadOptions::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::File { .. }), "{err:?}");
    assert_eq!(srv.count(), 0);
}

#[tokio::test]
async fn header_breaking_text_fields_are_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(&dir, "id.pdf", 1_000);
    let srv = ScriptServer::start(vec![]).await;
    let c = client(&srv.base_url, 1);
    let injected = "BRA\r\n--x\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nSELFIE";
    let uploads = [
        (
            "country",
            DocumentUpload::new(&path, DocumentType::Passport, injected),
        ),
        (
            "country",
            DocumentUpload::new(&path, DocumentType::Passport, "BR\nA"),
        ),
        (
            "country",
            DocumentUpload::new(&path, DocumentType::Passport, "BRA\""),
        ),
        (
            "country",
            DocumentUpload::new(&path, DocumentType::Passport, "BRA\u{0}"),
        ),
        (
            "country",
            DocumentUpload::new(&path, DocumentType::Passport, "BRA\u{85}"),
        ),
        (
            "type",
            DocumentUpload::new(&path, DocumentType::parse("ID\r\nX"), "BRA"),
        ),
        (
            "side",
            DocumentUpload::new(&path, DocumentType::Passport, "BRA")
                .side(DocumentSide::parse("FRONT\"; x=\"")),
        ),
        (
            "contentType",
            DocumentUpload::new(&path, DocumentType::Passport, "BRA")
                .content_type("application/pdf\r\nX-Injected: 1"),
        ),
    ];
    for (field, upload) in uploads {
        let err = c
            .upload_document(
                CID.parse().unwrap(),
                &upload,
                None,
                UploadOptions::default(),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidField { field: f, .. } if f == field),
            "{field}: {err:?}"
        );
    }
    assert!(srv.requests().is_empty());
}
