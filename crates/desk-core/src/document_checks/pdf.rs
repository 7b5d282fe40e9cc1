//! What a PDF says about itself, from its structure (no rendering): whether it opens,
//! whether it is encrypted, how many pages it declares and really has, and which
//! programs made it.

use lopdf::{decode_text_string, Document, Object};

/// The facts the checks use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PdfFacts {
    /// It did not parse: corrupt or truncated.
    pub unreadable: bool,
    /// It has an `/Encrypt` dictionary (a password, or restrictions a reviewer's tools
    /// may refuse).
    pub encrypted: bool,
    /// Pages reachable from the page tree.
    pub pages: usize,
    /// The page tree's own `/Count`, when it says one.
    pub declared_pages: Option<usize>,
    /// `/Producer` and `/Creator` of the document information dictionary.
    pub programs: Vec<String>,
}

pub(crate) fn pdf_facts(bytes: &[u8]) -> PdfFacts {
    let document = match Document::load_mem(bytes) {
        Ok(document) => document,
        // lopdf refuses a PDF it cannot decrypt with an empty password; the file itself
        // may be fine, but nobody without the password can read it.
        Err(_) if declares_encryption(bytes) => {
            return PdfFacts {
                encrypted: true,
                ..PdfFacts::default()
            }
        }
        Err(_) => {
            return PdfFacts {
                unreadable: true,
                ..PdfFacts::default()
            }
        }
    };
    let declared_pages = document
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get_deref(b"Pages", &document).ok())
        .and_then(|pages| pages.as_dict().ok())
        .and_then(|pages| pages.get(b"Count").ok())
        .and_then(|count| count.as_i64().ok())
        .and_then(|count| usize::try_from(count).ok());
    let programs = document
        .trailer
        .get_deref(b"Info", &document)
        .ok()
        .and_then(|info| info.as_dict().ok())
        .map(|info| {
            [b"Producer".as_slice(), b"Creator".as_slice()]
                .iter()
                .filter_map(|key| info.get_deref(key, &document).ok())
                .filter_map(|value: &Object| decode_text_string(value).ok())
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty())
                .collect()
        })
        .unwrap_or_default();
    PdfFacts {
        unreadable: false,
        encrypted: document.is_encrypted() || document.was_encrypted(),
        pages: document.get_pages().len(),
        declared_pages,
        programs,
    }
}

/// An `/Encrypt` entry in a trailer, looked up in the raw bytes (for PDFs that do not
/// open at all).
fn declares_encryption(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"/Encrypt")
}
