//! Checks on a picked document's *content*, run in Rust at pick time on the very bytes
//! that will be sent, so that the analyst learns before uploading what Lumx's reviewer
//! (and Sumsub's quick checks) would reject: blurred, cropped, black-and-white,
//! screenshots, edited, encrypted or incomplete PDFs, front equal to back, and the same
//! file as one already rejected. Each [`Finding`] names the label it prevents
//! ([`crate::reject_labels`]), says why in plain words and gives the tip.
//!
//! Findings warn; only [`LocalCheck::SameAsRejected`] blocks (the analyst must give a
//! reason to send it anyway). The thresholds are constants below, calibrated on the
//! specimens the `doc-specimens` crate generates (see the tests' confusion table).

mod fingerprint;
mod measure;
mod metadata;
mod pdf;
mod pixels;
mod rules;
mod wording;

use std::io::Read;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

use crate::files::{Checked, DocumentKind, FileProblem};
use crate::locale::Language;
pub use crate::reject_labels::LocalCheck;

pub use fingerprint::{perceptual_distance, Fingerprint};
pub use measure::Measurements;

/// The longer side of the image the pixel checks look at: the same scale for every
/// photo, so that one sharpness threshold fits a phone picture and a scan.
pub const WORK_MAX_SIDE: u32 = 1024;
/// Sumsub's rule for ID images: "at least 100 KB or 300 DPI".
pub const MIN_ID_BYTES: u64 = 100 * 1024;
pub const MIN_ID_DPI: f64 = 300.0;
/// Below this many pixels on the shorter side, a document's small print is unreadable.
pub const MIN_SHORT_SIDE_PX: u32 = 600;
/// Variance of the Laplacian on the work image below which a picture is blurred.
pub const MIN_SHARPNESS: f64 = 60.0;
/// A grey level at or above this, in all three channels, is burnt-out white.
pub const GLARE_LEVEL: u8 = 250;
/// A burnt-out blob inside the frame covering this share of it is glare...
pub const MIN_GLARE_SHARE: f64 = 0.004;
/// ...unless this much of the whole picture is burnt out: a scan's white page, whose
/// ruled boxes enclose white paper that is no reflection.
pub const MAX_BURNT_SHARE_FOR_GLARE: f64 = 0.15;
/// The document touches a side of the frame when this share of the side is document.
pub const MIN_EDGE_CONTACT: f64 = 0.05;
/// ...unless the document fills this much of the frame (a full-page scan).
pub const FULL_FRAME_SHARE: f64 = 0.9;
/// A pixel is coloured when its channels differ by more than this...
pub const CHROMA_LEVEL: u8 = 16;
/// ...and an image with fewer coloured pixels than this share is black and white.
pub const MIN_COLOUR_SHARE: f64 = 0.002;
/// Perceptual hashes (256 bits) this close are the same picture re-saved or re-scaled...
pub const SAME_PICTURE_MAX_DISTANCE: u32 = 20;
/// ...when neither is more than this many times sharper than the other.
pub const SAME_PICTURE_MAX_SHARPNESS_RATIO: f64 = 3.0;

/// A file already rejected by Lumx, as this desk sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RejectedFile {
    pub fingerprint: Fingerprint,
    pub round: u32,
    /// The document it was sent as ("PASSPORT FRONT").
    pub document: String,
    pub labels: Vec<String>,
}

/// What the checks know about where the file goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckContext {
    /// An identity document (Sumsub's ID image rules apply).
    pub identity_document: bool,
    /// The document has a front and a back (the file is one of them).
    pub two_sided: bool,
    /// The labels of the round this file answers: their checks come first, and some
    /// look harder (a screenshot label makes any camera-less PNG suspect).
    pub focus_labels: Vec<String>,
    /// The other side of the same document, when already picked or sent.
    pub other_side: Option<Fingerprint>,
    /// Files of this customer that Lumx rejected in earlier rounds.
    pub rejected: Vec<RejectedFile>,
}

impl CheckContext {
    /// Where a document of `document_type` goes: identity documents (the two-sided
    /// ones) follow Sumsub's ID image rules.
    pub fn for_document(document_type: &str) -> Self {
        let sided = lumx::models::DocumentType::parse(document_type).requires_side();
        Self {
            identity_document: sided,
            two_sided: sided,
            ..Self::default()
        }
    }
}

/// One problem found, worded for the analyst.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub check: LocalCheck,
    /// Only "same file as rejected": sending needs a reason.
    pub blocking: bool,
    /// The round's labels point at this check.
    pub focus: bool,
    /// Label codes this finding prevents, the round's own first.
    pub prevents: Vec<String>,
    pub title: String,
    pub why: String,
    pub tip: String,
}

/// Everything the checks found out about one file.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    pub findings: Vec<Finding>,
    pub fingerprint: Fingerprint,
    /// Pages of a PDF; 1 for an image.
    pub pages: u32,
}

impl Inspection {
    pub fn blocked(&self) -> bool {
        self.findings.iter().any(|f| f.blocking)
    }
}

/// A file measured once, with where it goes: its findings can be worded in either
/// language, at any time, without reading the file again.
#[derive(Debug, Clone)]
pub struct Examined {
    measured: Measurements,
    size: u64,
    fingerprint: Fingerprint,
    context: CheckContext,
}

impl Examined {
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }

    pub fn measured(&self) -> &Measurements {
        &self.measured
    }

    pub fn inspection(&self, language: Language) -> Inspection {
        let detected = rules::detect(&self.measured, self.size, &self.context, &self.fingerprint);
        Inspection {
            findings: wording::word(detected, &self.context, language),
            fingerprint: self.fingerprint.clone(),
            pages: self.measured.pdf.as_ref().map_or(1, |p| p.pages as u32),
        }
    }

    /// Sending needs a reason (the same file as one already rejected).
    pub fn blocked(&self) -> bool {
        rules::detect(&self.measured, self.size, &self.context, &self.fingerprint)
            .iter()
            .any(|d| d.check == LocalCheck::SameAsRejected)
    }
}

/// Measures `bytes` (a file of `kind`) for `context`.
pub fn examine_bytes(bytes: &[u8], kind: DocumentKind, context: CheckContext) -> Examined {
    let measured = measure::measure(bytes, kind);
    let fingerprint = Fingerprint {
        sha256: hex::encode(Sha256::digest(bytes)),
        perceptual: measured.perceptual.clone(),
        sharpness: measured
            .perceptual
            .as_ref()
            .map(|_| measured.sharpness.round() as u32),
    };
    Examined {
        measured,
        size: bytes.len() as u64,
        fingerprint,
        context,
    }
}

/// Runs every check on `bytes` and words the findings in `language`.
pub fn inspect_bytes(
    bytes: &[u8],
    kind: DocumentKind,
    context: &CheckContext,
    language: Language,
) -> (Inspection, Measurements) {
    let examined = examine_bytes(bytes, kind, context.clone());
    (examined.inspection(language), examined.measured)
}

/// Reads the checked file whole (at most 50 MB), refuses it if it is no longer what was
/// hashed at pick time, and examines exactly those bytes: what is checked is what the
/// upload (which verifies the same SHA-256 as it streams) will send. Blocking.
pub fn examine_checked(checked: &Checked, context: CheckContext) -> Result<Examined, FileProblem> {
    let mut bytes = Vec::with_capacity(checked.size as usize);
    std::fs::File::open(&checked.canonical_path)
        .and_then(|file| file.take(checked.size + 1).read_to_end(&mut bytes))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FileProblem::Vanished,
            _ => FileProblem::Unreadable {
                reason: e.to_string(),
            },
        })?;
    if bytes.len() as u64 != checked.size {
        return Err(FileProblem::Changed);
    }
    let examined = examine_bytes(&bytes, checked.kind, context);
    if examined.fingerprint.sha256 != checked.sha256 {
        return Err(FileProblem::Changed);
    }
    Ok(examined)
}
