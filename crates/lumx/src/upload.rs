//! Streaming multipart upload of a document.
//!
//! The file is never read into memory: each attempt re-opens it and streams
//! it in 64 KiB chunks, read on a blocking thread a few chunks ahead of the
//! connection (→ `reqwest::Body::wrap_stream`). The multipart envelope is written by hand so
//! that (a) the exact `Content-Length` is known up front (no chunked encoding)
//! and (b) the boundary is derived from the idempotency key, which makes every
//! retry of one upload byte-identical — servers that compare raw bodies for
//! idempotency then replay instead of answering 409.
//!
//! With [`DocumentUpload::expect_content`] the bytes are hashed as they stream and the
//! closing boundary is held back until the file part is complete and matches: a file
//! that changed since it was checked ends the body with an error instead, so the server
//! never sees a complete request and the call fails with [`Error::FileChanged`]. The
//! bytes sent are then the bytes checked, on every attempt, in a single read.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::models::{DocumentSide, DocumentType};
use crate::{Error, FileChange, IdempotencyKey, Result};

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
    /// What the file must still be (see [`DocumentUpload::expect_content`]).
    pub expected: Option<ExpectedContent>,
}

/// The size and SHA-256 the caller checked the file at (e.g. when the analyst picked it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedContent {
    /// SHA-256 of the whole file, hex (either case).
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
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
            expected: None,
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

    /// Requires the file to still be `size` bytes with this SHA-256 (hex). Checked as the
    /// file streams, on every attempt: a mismatch withholds the body's closing boundary
    /// and the upload fails with [`Error::FileChanged`], not retried. A `sha256` that is
    /// not 64 hex digits is refused before anything is sent ([`Error::InvalidField`]).
    pub fn expect_content(mut self, sha256: impl Into<String>, size: u64) -> Self {
        self.expected = Some(ExpectedContent {
            sha256: sha256.into(),
            size,
        });
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
            .field("expected", &self.expected)
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
    pub changed: ChangeSignal,
}

/// One attempt's body as a plain byte stream (before handing it to reqwest).
pub(crate) struct OpenedStream {
    pub stream: BoxStream<'static, std::io::Result<Bytes>>,
    pub content_type: String,
    pub content_length: u64,
    pub changed: ChangeSignal,
}

/// Set by an attempt's body stream when it cut the body short because the file is not
/// what was expected. The transport error that the cut causes says only "body error";
/// this says why, so the attempt is reported as [`Error::FileChanged`] and not retried.
#[derive(Clone, Default)]
pub(crate) struct ChangeSignal(Arc<OnceLock<FileChange>>);

impl ChangeSignal {
    pub(crate) fn get(&self) -> Option<FileChange> {
        self.0.get().copied()
    }

    fn set(&self, change: FileChange) {
        let _ = self.0.set(change);
    }
}

/// The expectation, decoded once per attempt.
#[derive(Clone, Copy)]
struct Expected {
    sha256: [u8; 32],
    size: u64,
}

impl PreparedUpload {
    pub(crate) fn new(upload: DocumentUpload, progress: Option<ProgressFn>) -> Self {
        PreparedUpload { upload, progress }
    }

    /// Checks the text fields and the file before the first attempt (missing, empty,
    /// too large, not the expected size).
    pub(crate) async fn check(&self) -> Result<u64> {
        check_text_fields(&self.upload)?;
        let expected = self.expected()?;
        let path = &self.upload.path;
        let meta = tokio::fs::metadata(path)
            .await
            .map_err(|e| file_err(path, e))?;
        self.check_metadata(&meta, expected)?;
        Ok(meta.len())
    }

    /// The error for a file that is not what was expected.
    pub(crate) fn changed(&self, change: FileChange) -> Error {
        Error::FileChanged {
            path: self.upload.path.clone(),
            change,
        }
    }

    fn expected(&self) -> Result<Option<Expected>> {
        let Some(e) = &self.upload.expected else {
            return Ok(None);
        };
        let mut sha256 = [0u8; 32];
        hex::decode_to_slice(e.sha256.trim(), &mut sha256).map_err(|_| Error::InvalidField {
            field: "sha256".into(),
            reason: "is not a SHA-256 in hex (64 hex digits)",
        })?;
        Ok(Some(Expected {
            sha256,
            size: e.size,
        }))
    }

    /// A regular file of an acceptable size, and the expected one if there is an
    /// expectation (a different size is a changed file, not an empty or too large one).
    fn check_metadata(&self, meta: &std::fs::Metadata, expected: Option<Expected>) -> Result<()> {
        let path = &self.upload.path;
        if !meta.is_file() {
            return Err(file_err(
                path,
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
            ));
        }
        if expected.is_some_and(|e| e.size != meta.len()) {
            return Err(self.changed(FileChange::Size));
        }
        check_size(path, meta.len())
    }

    /// Opens the file and builds a fresh streaming body.
    pub(crate) async fn open(&self, key: IdempotencyKey) -> Result<OpenedBody> {
        let s = self.open_stream(key).await?;
        Ok(OpenedBody {
            body: reqwest::Body::wrap_stream(s.stream),
            content_type: s.content_type,
            content_length: s.content_length,
            changed: s.changed,
        })
    }

    /// Opens the file once and builds the multipart byte stream. The size comes from the
    /// opened descriptor, so the `Content-Length` describes the file that is read.
    pub(crate) async fn open_stream(&self, key: IdempotencyKey) -> Result<OpenedStream> {
        let expected = self.expected()?;
        let path = &self.upload.path;
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| file_err(path, e))?;
        let meta = file.metadata().await.map_err(|e| file_err(path, e))?;
        self.check_metadata(&meta, expected)?;
        let total = meta.len();

        let boundary = format!("lumx-{}", key.as_uuid().simple());
        let (head, tail) = envelope(&self.upload, &boundary);
        let content_length = head.len() as u64 + total + tail.len() as u64;

        if let Some(p) = &self.progress {
            p(0, total);
        }
        let changed = ChangeSignal::default();
        let reader = FileReader {
            file: file.into_std().await,
            total,
            read: 0,
            hasher: expected.map(|e| (Sha256::new(), e.sha256)),
            changed: changed.clone(),
        };
        let body_stream = stream::once(async move { Ok::<Bytes, std::io::Error>(head) })
            .chain(file_then_tail(reader, tail, total, self.progress.clone()));
        Ok(OpenedStream {
            stream: body_stream.boxed(),
            content_type: format!("multipart/form-data; boundary={boundary}"),
            content_length,
            changed,
        })
    }
}

/// How many chunks the reading thread may be ahead of the connection (256 KiB).
const READ_AHEAD: usize = 4;

/// What the reading thread hands the body stream.
enum Piece {
    Chunk(Bytes),
    /// The whole file was read: whether it is what the `Content-Length` (and the
    /// expectation) promised.
    End(std::io::Result<()>),
}

/// The file part of one attempt, read, counted and (with an expectation) hashed on a
/// blocking thread a few chunks ahead of the connection, so that hashing overlaps sending.
struct FileReader {
    file: std::fs::File,
    /// The size the `Content-Length` was computed from.
    total: u64,
    read: u64,
    hasher: Option<(Sha256, [u8; 32])>,
    changed: ChangeSignal,
}

impl FileReader {
    /// Runs until the end of the file, a problem, or the body being dropped (the
    /// attempt is over: the send fails).
    fn run(mut self, tx: tokio::sync::mpsc::Sender<Piece>) {
        let end = loop {
            let mut buf = vec![0u8; CHUNK];
            let n = match self.file.read(&mut buf) {
                Ok(0) => break self.verdict(),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(e),
            };
            self.read += n as u64;
            if self.read > self.total {
                // Growing while it is sent: not one byte past the announced length.
                break Err(self.cut(FileChange::Size));
            }
            if let Some((hasher, _)) = &mut self.hasher {
                hasher.update(&buf[..n]);
            }
            buf.truncate(n);
            if tx.blocking_send(Piece::Chunk(Bytes::from(buf))).is_err() {
                return;
            }
        };
        let _ = tx.blocking_send(Piece::End(end));
    }

    fn verdict(&mut self) -> std::io::Result<()> {
        if self.read != self.total {
            return Err(self.cut(FileChange::Size));
        }
        if let Some((hasher, want)) = self.hasher.take() {
            if hasher.finalize()[..] != want[..] {
                return Err(self.cut(FileChange::Content));
            }
        }
        Ok(())
    }

    fn cut(&self, change: FileChange) -> std::io::Error {
        self.changed.set(change);
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("file changed after it was checked: {change}"),
        )
    }
}

/// The file's chunks as the reader hands them over, then the closing boundary only if
/// the reader found the file complete and matching; otherwise its error ends the body.
/// The reader starts on the first poll, so nothing is read before the body is wanted.
fn file_then_tail(
    reader: FileReader,
    tail: Bytes,
    total: u64,
    progress: Option<ProgressFn>,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> {
    let (tx, rx) = tokio::sync::mpsc::channel(READ_AHEAD);
    let mut start = Some((reader, tx));
    let sending = Sending {
        rx,
        tail,
        sent: 0,
        total,
        progress,
    };
    // `None` once the tail or an error went out: nothing follows either.
    stream::unfold(Some(sending), move |state| {
        if let Some((reader, tx)) = start.take() {
            tokio::task::spawn_blocking(move || reader.run(tx));
        }
        async move {
            let mut s = state?;
            match s.rx.recv().await {
                Some(Piece::Chunk(chunk)) => {
                    s.sent += chunk.len() as u64;
                    if let Some(p) = &s.progress {
                        p(s.sent, s.total);
                    }
                    Some((Ok(chunk), Some(s)))
                }
                Some(Piece::End(Ok(()))) => Some((Ok(s.tail), None)),
                Some(Piece::End(Err(e))) => Some((Err(e), None)),
                None => Some((Err(std::io::Error::other("the file reader stopped")), None)),
            }
        }
    })
}

/// The body stream's side of the file part.
struct Sending {
    rx: tokio::sync::mpsc::Receiver<Piece>,
    tail: Bytes,
    /// File bytes handed to the connection, for progress.
    sent: u64,
    total: u64,
    progress: Option<ProgressFn>,
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
    use std::sync::atomic::{AtomicU64, Ordering};

    fn sha256_hex(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    /// Every byte the stream yields up to its first error, the error, and whether the
    /// stream ended right after it.
    async fn drain(mut s: OpenedStream) -> (Vec<u8>, Option<std::io::Error>, ChangeSignal) {
        let mut body = Vec::new();
        while let Some(item) = s.stream.next().await {
            match item {
                Ok(b) => body.extend_from_slice(&b),
                Err(e) => {
                    assert!(s.stream.next().await.is_none(), "nothing after the error");
                    return (body, Some(e), s.changed);
                }
            }
        }
        (body, None, s.changed)
    }

    fn expecting(path: &Path, content: &[u8]) -> PreparedUpload {
        PreparedUpload::new(
            DocumentUpload::new(path, DocumentType::ProofOfAddress, "BRA")
                .expect_content(sha256_hex(content), content.len() as u64),
            None,
        )
    }

    /// `doc.pdf` of `len` bytes in a fresh folder (kept alive by the returned guard).
    fn pdf_file(len: usize) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.pdf");
        let mut data = b"%PDF-1.7\n".to_vec();
        data.resize(len, b'a');
        std::fs::write(&path, &data).unwrap();
        (dir, path, data)
    }

    #[tokio::test]
    async fn a_matching_file_streams_the_exact_body_with_its_closing_boundary() {
        let (_dir, path, content) = pdf_file(300_000);
        let key = IdempotencyKey::new();
        let prepared = expecting(&path, &content);
        assert_eq!(prepared.check().await.unwrap(), 300_000);
        let opened = prepared.open_stream(key).await.unwrap();
        let length = opened.content_length;
        let (body, err, changed) = drain(opened).await;
        assert!(err.is_none(), "{err:?}");
        assert_eq!(changed.get(), None);

        let boundary = format!("lumx-{}", key.as_uuid().simple());
        let (head, tail) = envelope(&prepared.upload, &boundary);
        let expected = [&head[..], &content[..], &tail[..]].concat();
        assert_eq!(body, expected);
        assert_eq!(body.len() as u64, length);
        // The same bytes as without an expectation: checking changes nothing on the wire.
        let plain = PreparedUpload::new(
            DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA"),
            None,
        );
        let (plain_body, _, _) = drain(plain.open_stream(key).await.unwrap()).await;
        assert_eq!(plain_body, body);
    }

    #[tokio::test]
    async fn other_bytes_of_the_same_size_end_in_an_error_instead_of_the_boundary() {
        let (_dir, path, checked) = pdf_file(200_000);
        let mut now = checked.clone();
        now[150_000] = b'b';
        std::fs::write(&path, &now).unwrap();
        let key = IdempotencyKey::new();
        let prepared = expecting(&path, &checked);
        let opened = prepared.open_stream(key).await.unwrap();
        let length = opened.content_length;
        let (body, err, changed) = drain(opened).await;
        assert_eq!(err.unwrap().kind(), std::io::ErrorKind::InvalidData);
        assert_eq!(changed.get(), Some(FileChange::Content));
        let closing = format!("\r\n--lumx-{}--\r\n", key.as_uuid().simple());
        assert!(body.ends_with(&now), "the whole file part went out");
        assert_eq!(body.len() as u64, length - closing.len() as u64);
        assert!(!body.windows(closing.len()).any(|w| w == closing.as_bytes()));
    }

    #[tokio::test]
    async fn a_file_that_grows_or_shrinks_while_streaming_is_cut_short() {
        let (_dir, path, content) = pdf_file(300_000);
        for grow in [true, false] {
            std::fs::write(&path, &content).unwrap();
            let prepared = expecting(&path, &content);
            let opened = prepared.open_stream(IdempotencyKey::new()).await.unwrap();
            let length = opened.content_length;
            // After the size was taken from the open descriptor.
            let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            f.set_len(if grow { 400_000 } else { 100_000 }).unwrap();
            let (body, err, changed) = drain(opened).await;
            assert!(err.is_some(), "grow={grow}");
            assert_eq!(changed.get(), Some(FileChange::Size), "grow={grow}");
            assert!(
                (body.len() as u64) < length,
                "grow={grow}: {} of {length} bytes",
                body.len()
            );
        }
        // Without an expectation the announced length is enforced just the same.
        std::fs::write(&path, &content).unwrap();
        let plain = PreparedUpload::new(
            DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA"),
            None,
        );
        let opened = plain.open_stream(IdempotencyKey::new()).await.unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .set_len(300_001)
            .unwrap();
        let (_, err, changed) = drain(opened).await;
        assert!(err.is_some());
        assert_eq!(changed.get(), Some(FileChange::Size));
    }

    #[tokio::test]
    async fn a_different_size_at_open_or_a_malformed_hash_sends_nothing() {
        let (_dir, path, content) = pdf_file(1_000);
        let shorter = expecting(&path, &content[..999]);
        for result in [
            shorter.check().await.map(|_| ()),
            shorter.open_stream(IdempotencyKey::new()).await.map(|_| ()),
        ] {
            assert!(
                matches!(
                    result,
                    Err(Error::FileChanged {
                        change: FileChange::Size,
                        ..
                    })
                ),
                "{result:?}"
            );
        }
        let bad_hash = PreparedUpload::new(
            DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA")
                .expect_content("abc", 1_000),
            None,
        );
        assert!(matches!(
            bad_hash.check().await,
            Err(Error::InvalidField { field, .. }) if field == "sha256"
        ));
        // Hex case does not matter.
        let upper = PreparedUpload::new(
            DocumentUpload::new(&path, DocumentType::ProofOfAddress, "BRA")
                .expect_content(sha256_hex(&content).to_uppercase(), 1_000),
            None,
        );
        let (_, err, _) = drain(upper.open_stream(IdempotencyKey::new()).await.unwrap()).await;
        assert!(err.is_none(), "{err:?}");
    }

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
