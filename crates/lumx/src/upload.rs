//! Streaming multipart upload of a document.
//!
//! The file is never read into memory: each attempt re-opens it and streams
//! it in 64 KiB chunks (`tokio::fs::File` → `ReaderStream` →
//! `reqwest::Body::wrap_stream`). The multipart envelope is written by hand so
//! that (a) the exact `Content-Length` is known up front (no chunked encoding)
//! and (b) the boundary is derived from the idempotency key, which makes every
//! retry of one upload byte-identical — servers that compare raw bodies for
//! idempotency then replay instead of answering 409.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{stream, StreamExt};
use tokio_util::io::ReaderStream;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::models::{DocumentSide, DocumentType};
use crate::{Error, IdempotencyKey, Result};

/// Progress callback: `(file bytes handed to the connection, file size)`.
/// Called with `(0, total)` at the start of every attempt (so a UI resets on retry).
pub type ProgressFn = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Largest document the API accepts (50 MB).
pub const MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;

const CHUNK: usize = 64 * 1024;

/// What to upload: the file on disk plus the form fields.
#[derive(Clone)]
pub struct DocumentUpload {
    /// File on disk (JPG/PNG/PDF).
    pub path: PathBuf,
    /// `type` form field.
    pub document_type: DocumentType,
    /// `country` form field (issuing country, ISO alpha-3).
    pub country: String,
    /// `side` (identity documents only).
    pub side: Option<DocumentSide>,
    /// `associatedPartyId` when the document belongs to a party.
    pub associated_party_id: Option<Uuid>,
    /// File name sent to the server (defaults to the path's file name).
    pub file_name: Option<String>,
    /// MIME type (defaults from the extension).
    pub content_type: Option<String>,
}

impl DocumentUpload {
    /// Required fields only.
    pub fn new(
        path: impl Into<PathBuf>,
        document_type: DocumentType,
        country: impl Into<String>,
    ) -> Self {
        DocumentUpload {
            path: path.into(),
            document_type,
            country: country.into(),
            side: None,
            associated_party_id: None,
            file_name: None,
            content_type: None,
        }
    }

    /// Sets `side`.
    pub fn side(mut self, side: DocumentSide) -> Self {
        self.side = Some(side);
        self
    }

    /// Sets `associatedPartyId`.
    pub fn associated_party(mut self, id: Uuid) -> Self {
        self.associated_party_id = Some(id);
        self
    }

    /// Overrides the file name sent to the server.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Overrides the MIME type.
    pub fn content_type(mut self, mime: impl Into<String>) -> Self {
        self.content_type = Some(mime.into());
        self
    }
}

// The path often contains a person's name: only show the extension.
impl fmt::Debug for DocumentUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentUpload")
            .field("path", &format_args!("***.{}", extension(&self.path)))
            .field("document_type", &self.document_type)
            .field("country", &self.country)
            .field("side", &self.side)
            .field("associated_party_id", &self.associated_party_id)
            .finish()
    }
}

/// Progress reporting and cancellation for an upload.
#[derive(Clone, Default)]
pub struct UploadOptions {
    /// Called as bytes are handed to the connection.
    pub progress: Option<ProgressFn>,
    /// Cancelling aborts the in-flight request (and any backoff sleep) and the
    /// call returns [`Error::Cancelled`].
    pub cancel: Option<CancellationToken>,
}

impl UploadOptions {
    /// Sets the progress callback.
    pub fn on_progress(mut self, f: impl Fn(u64, u64) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// Sets the cancellation token.
    pub fn cancel_with(mut self, token: CancellationToken) -> Self {
        self.cancel = Some(token);
        self
    }
}

impl fmt::Debug for UploadOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadOptions")
            .field("progress", &self.progress.is_some())
            .field("cancel", &self.cancel)
            .finish()
    }
}

/// An upload ready to be (re)streamed on each attempt.
pub(crate) struct PreparedUpload {
    upload: DocumentUpload,
    progress: Option<ProgressFn>,
}

/// One attempt's body.
pub(crate) struct OpenedBody {
    pub body: reqwest::Body,
    pub content_type: String,
    pub content_length: u64,
}

/// One attempt's body as a plain byte stream (before handing it to reqwest).
pub(crate) struct OpenedStream {
    pub stream: BoxStream<'static, std::io::Result<Bytes>>,
    pub content_type: String,
    pub content_length: u64,
}

impl PreparedUpload {
    pub(crate) fn new(upload: DocumentUpload, progress: Option<ProgressFn>) -> Self {
        PreparedUpload { upload, progress }
    }

    /// Checks the text fields and the file before the first attempt (missing, empty,
    /// too large).
    pub(crate) async fn check(&self) -> Result<u64> {
        check_text_fields(&self.upload)?;
        let path = &self.upload.path;
        let meta = tokio::fs::metadata(path)
            .await
            .map_err(|e| file_err(path, e))?;
        if !meta.is_file() {
            return Err(file_err(
                path,
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
            ));
        }
        check_size(path, meta.len())?;
        Ok(meta.len())
    }

    /// Opens the file and builds a fresh streaming body.
    pub(crate) async fn open(&self, key: IdempotencyKey) -> Result<OpenedBody> {
        let s = self.open_stream(key).await?;
        Ok(OpenedBody {
            body: reqwest::Body::wrap_stream(s.stream),
            content_type: s.content_type,
            content_length: s.content_length,
        })
    }

    /// Opens the file and builds the multipart byte stream.
    pub(crate) async fn open_stream(&self, key: IdempotencyKey) -> Result<OpenedStream> {
        let path = &self.upload.path;
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| file_err(path, e))?;
        let total = file.metadata().await.map_err(|e| file_err(path, e))?.len();
        check_size(path, total)?;

        let boundary = format!("lumx-{}", key.as_uuid().simple());
        let (head, tail) = envelope(&self.upload, &boundary);
        let content_length = head.len() as u64 + total + tail.len() as u64;

        let sent = Arc::new(AtomicU64::new(0));
        let progress = self.progress.clone();
        if let Some(p) = &progress {
            p(0, total);
        }
        let file_stream = ReaderStream::with_capacity(file, CHUNK).map(move |chunk| {
            if let (Ok(bytes), Some(p)) = (&chunk, &progress) {
                let now =
                    sent.fetch_add(bytes.len() as u64, Ordering::Relaxed) + bytes.len() as u64;
                p(now, total);
            }
            chunk
        });
        let body_stream = stream::once(async move { Ok::<Bytes, std::io::Error>(head) })
            .chain(file_stream)
            .chain(stream::once(async move { Ok(tail) }));
        Ok(OpenedStream {
            stream: body_stream.boxed(),
            content_type: format!("multipart/form-data; boundary={boundary}"),
            content_length,
        })
    }
}

fn check_size(path: &Path, len: u64) -> Result<()> {
    let problem = if len == 0 {
        "file is empty"
    } else if len > MAX_DOCUMENT_BYTES {
        "file is larger than 50 MB"
    } else {
        return Ok(());
    };
    Err(file_err(
        path,
        std::io::Error::new(std::io::ErrorKind::InvalidInput, problem),
    ))
}

fn file_err(path: &Path, source: std::io::Error) -> Error {
    Error::File {
        path: path.to_owned(),
        source,
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn guess_mime(path: &Path) -> &'static str {
    match extension(path).as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// The hand-written envelope puts these values between part headers (and the content
/// type in one): a CR/LF would start a new header or part, a quote would end a
/// parameter. Refused instead of escaped, since no valid value contains them; the file
/// name, which may, is sanitised below.
fn check_text_fields(u: &DocumentUpload) -> Result<()> {
    let fields = [
        ("type", Some(u.document_type.as_str())),
        ("country", Some(u.country.as_str())),
        ("side", u.side.as_ref().map(|s| s.as_str())),
        ("contentType", u.content_type.as_deref()),
    ];
    for (field, value) in fields {
        if value.is_some_and(|v| v.chars().any(|c| c == '"' || c.is_control())) {
            return Err(Error::InvalidField {
                field: field.into(),
                reason: "contains a line break, a quote or a control character",
            });
        }
    }
    Ok(())
}

/// Quotes are not allowed in a header parameter; control characters would
/// break the part header.
fn sanitize_filename(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c == '"' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The multipart text before and after the file bytes.
fn envelope(u: &DocumentUpload, boundary: &str) -> (Bytes, Bytes) {
    let mut head = String::new();
    let mut field = |name: &str, value: &str| {
        head.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    };
    field("type", u.document_type.as_str());
    field("country", &u.country);
    if let Some(side) = &u.side {
        field("side", side.as_str());
    }
    if let Some(id) = &u.associated_party_id {
        field("associatedPartyId", &id.to_string());
    }
    let file_name = u
        .file_name
        .clone()
        .or_else(|| u.path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "document".into());
    let mime = u
        .content_type
        .clone()
        .unwrap_or_else(|| guess_mime(&u.path).to_owned());
    head.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: {mime}\r\n\r\n",
        sanitize_filename(&file_name)
    ));
    (
        Bytes::from(head),
        Bytes::from(format!("\r\n--{boundary}--\r\n")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;

    #[test]
    fn envelope_has_all_fields_and_a_key_derived_boundary() {
        let id = Uuid::parse_str("a1b2c3d4-e5f6-7890-abcd-ef1234567890").unwrap();
        let u = DocumentUpload::new("/tmp/maria \"x\".PDF", DocumentType::Passport, "BRA")
            .side(DocumentSide::Front)
            .associated_party(id);
        let (head, tail) = envelope(&u, "lumx-b");
        let head = String::from_utf8(head.to_vec()).unwrap();
        assert_eq!(
            head,
            "--lumx-b\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nPASSPORT\r\n\
             --lumx-b\r\nContent-Disposition: form-data; name=\"country\"\r\n\r\nBRA\r\n\
             --lumx-b\r\nContent-Disposition: form-data; name=\"side\"\r\n\r\nFRONT_SIDE\r\n\
             --lumx-b\r\nContent-Disposition: form-data; name=\"associatedPartyId\"\r\n\r\na1b2c3d4-e5f6-7890-abcd-ef1234567890\r\n\
             --lumx-b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"maria _x_.PDF\"\r\nContent-Type: application/pdf\r\n\r\n"
        );
        assert_eq!(&tail[..], b"\r\n--lumx-b--\r\n");
    }

    #[tokio::test]
    async fn body_is_identical_across_attempts_and_length_is_exact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.png");
        tokio::fs::write(&path, vec![7u8; 200_000]).await.unwrap();
        let calls = Arc::new(AtomicU64::new(0));
        let c2 = calls.clone();
        let prepared = PreparedUpload::new(
            DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA"),
            Some(Arc::new(move |sent, total| {
                assert!(sent <= total);
                c2.fetch_add(1, Ordering::Relaxed);
            })),
        );
        assert_eq!(prepared.check().await.unwrap(), 200_000);
        let key = IdempotencyKey::new();
        let mut bodies = Vec::new();
        for _ in 0..2 {
            let opened = prepared.open_stream(key).await.unwrap();
            let chunks: Vec<Bytes> = opened.stream.try_collect().await.unwrap();
            let collected: Vec<u8> = chunks.concat();
            assert_eq!(collected.len() as u64, opened.content_length);
            bodies.push(collected);
        }
        assert_eq!(bodies[0], bodies[1]);
        // (0,total) + at least 200_000 / 64 KiB chunks, per attempt.
        assert!(calls.load(Ordering::Relaxed) >= 2 * 5);
    }

    #[tokio::test]
    async fn missing_empty_and_oversized_files_are_file_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = PreparedUpload::new(
            DocumentUpload::new(dir.path().join("nope.pdf"), DocumentType::Selfie, "BRA"),
            None,
        );
        assert!(matches!(missing.check().await, Err(Error::File { .. })));
        let empty_path = dir.path().join("empty.pdf");
        tokio::fs::write(&empty_path, b"").await.unwrap();
        let empty = PreparedUpload::new(
            DocumentUpload::new(&empty_path, DocumentType::Selfie, "BRA"),
            None,
        );
        assert!(matches!(empty.check().await, Err(Error::File { .. })));
        let big_path = dir.path().join("big.pdf");
        let f = std::fs::File::create(&big_path).unwrap();
        f.set_len(MAX_DOCUMENT_BYTES + 1).unwrap(); // sparse: no disk used
        let big = PreparedUpload::new(
            DocumentUpload::new(&big_path, DocumentType::Selfie, "BRA"),
            None,
        );
        match big.check().await {
            Err(Error::File { source, .. }) => assert!(source.to_string().contains("50 MB")),
            other => panic!("expected File error, got {other:?}"),
        }
    }

    #[test]
    fn debug_does_not_show_the_path() {
        let u = DocumentUpload::new(
            "/home/maria.santos/passport.jpg",
            DocumentType::Passport,
            "BRA",
        );
        let dbg = format!("{u:?}");
        assert!(!dbg.contains("maria"), "{dbg}");
        assert!(dbg.contains("***.jpg"));
    }
}
