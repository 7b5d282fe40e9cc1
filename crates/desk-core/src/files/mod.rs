//! Documents the analyst attaches (PDF, JPEG, PNG): checked in Rust before they are
//! streamed to the Lumx API (`POST /customers/{id}/documents`, max 50 MB).
//!
//! Security rule: the webview never hands Rust a path to read. The native dialog runs in
//! Rust ([`FilePicker`]); the picked file is [`preflight`]ed and registered in the
//! session's [`PickedFiles`], and the UI only ever sees an opaque, random token
//! ([`PickedFile::token`]). The upload command accepts nothing but such a token and calls
//! [`PickedFiles::for_upload`] right before streaming (a cheap look: still there, same
//! type, size and modification time), then streams with the picked size and SHA-256 as
//! the upload's expectation: the client hashes the bytes as they go and withholds the
//! end of the body if they differ, so the bytes sent are the bytes the analyst reviewed,
//! read once. ([`PickedFiles::recheck`] re-hashes the whole file instead.) A picked (or dropped) name that is a link to a file in another
//! folder is refused ([`FileProblem::LinkOutsideFolder`]): the analyst must pick what they
//! see, not what a planted link points at.

pub(crate) mod check;
mod problem;
mod registry;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use check::{preflight, Checked, THUMBNAIL_MAX_PX};
pub use problem::{upload_error, FileProblem};
pub use registry::{pick_document, FilePicker, PickedFiles, ScriptedPicker};

/// The API's limit for one document (lumx-api.md §2.5).
pub const MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;

/// What a document really is, judged by its first bytes (never by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Pdf,
    Jpeg,
    Png,
}

impl DocumentKind {
    /// The MIME type to send as the multipart part's `Content-Type`.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    /// File-name extensions (lowercase, without the dot) accepted for this kind; the first
    /// one is the canonical extension.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Png => &["png"],
        }
    }

    /// Short human name used in messages ("PDF", "JPEG", "PNG").
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
        }
    }

    /// Whether `extension` (with or without a leading dot, any case) names this kind.
    pub fn accepts_extension(self, extension: &str) -> bool {
        let extension = extension.strip_prefix('.').unwrap_or(extension);
        self.extensions()
            .iter()
            .any(|ext| ext.eq_ignore_ascii_case(extension))
    }
}

const PDF_MAGIC: &[u8] = b"%PDF-";
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG_MAGIC: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// The kind of document whose first bytes are `header`, from magic bytes alone.
/// `None` for anything else (and for a header too short to tell).
pub fn sniff(header: &[u8]) -> Option<DocumentKind> {
    if header.starts_with(PDF_MAGIC) {
        Some(DocumentKind::Pdf)
    } else if header.starts_with(PNG_MAGIC) {
        Some(DocumentKind::Png)
    } else if header.starts_with(JPEG_MAGIC) {
        Some(DocumentKind::Jpeg)
    } else {
        None
    }
}

/// What the UI gets back for a picked file: no path, only an opaque token that the upload
/// command resolves through [`PickedFiles`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PickedFile {
    /// Random and unguessable (UUID v4 from the OS CSPRNG); valid only in this session.
    pub token: String,
    pub file_name: String,
    pub size: u64,
    pub kind: DocumentKind,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// `data:image/png;base64,...`, at most [`THUMBNAIL_MAX_PX`] on its longer side; only for
    /// JPEG/PNG, and `None` when the image could not be decoded.
    pub thumbnail: Option<String>,
}
