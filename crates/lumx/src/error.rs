//! The one error type of the crate.
//!
//! API errors keep everything the server said (status, `error`, `message`,
//! `logId`, field `details`, raw body) because the error body format is not
//! documented by Lumx and support needs the `logId`.

use std::path::PathBuf;

use serde::Deserialize;

use crate::IdempotencyKey;

/// Shorthand for `Result<T, lumx::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One field-level validation problem (`details[]` in a 400 body).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FieldError {
    /// JSON path or form field name, e.g. `address.postalCode`.
    #[serde(default)]
    pub field: String,
    /// Human-readable problem.
    #[serde(default)]
    pub message: String,
}

/// Everything that can go wrong talking to Lumx.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server answered with a non-2xx status (after retries, if any applied).
    #[error("Lumx API error {status}{}", fmt_api(.error, .message))]
    Api {
        /// HTTP status code.
        status: u16,
        /// `error` field of the body (often the reason phrase), if present.
        error: Option<String>,
        /// `message` field of the body, if present.
        message: Option<String>,
        /// `logId` for Lumx support, if present.
        log_id: Option<String>,
        /// Field-level validation problems, if present.
        details: Vec<FieldError>,
        /// The body as received (lossy UTF-8), for diagnostics.
        raw_body: String,
        /// The answer was replayed from the server's idempotency cache
        /// (`X-Idempotency-Cached: true`): the same key will always get it.
        cached: bool,
    },

    /// A `409 Conflict` on a mutating request whose idempotency key had been
    /// sent before (a retry, or a key supplied by the caller, e.g. from a
    /// persisted draft): the server already saw this key with a *different*
    /// body. The app must not blindly retry; it should pick a new key only if
    /// it really means a new operation.
    #[error("idempotency key {key} was already used with a different request (409){}", fmt_api(&None, .message))]
    IdempotencyConflict {
        /// The key that was replayed.
        key: IdempotencyKey,
        /// `message` field of the body, if present.
        message: Option<String>,
        /// `logId`, if present.
        log_id: Option<String>,
        /// The body as received.
        raw_body: String,
    },

    /// Could not connect, or the connection dropped mid-request.
    #[error("network error: {message}")]
    Transport {
        /// Description including the underlying cause chain.
        message: String,
    },

    /// The connect or request timeout elapsed.
    #[error("request timed out")]
    Timeout,

    /// The response body did not match the expected shape.
    #[error("could not decode response at `{path}`: {message}")]
    Decode {
        /// Path of the failing field, e.g. `data[3].verification.status`.
        path: String,
        /// What serde said.
        message: String,
    },

    /// The caller cancelled the operation (e.g. an upload).
    #[error("cancelled")]
    Cancelled,

    /// Plain `http://` to a non-loopback host.
    #[error("refusing plain http:// for non-loopback host: {url}")]
    InsecureUrl {
        /// The offending URL.
        url: String,
    },

    /// A base URL that is not usable at all.
    #[error("invalid base URL {url}: {reason}")]
    InvalidUrl {
        /// The offending URL.
        url: String,
        /// Why.
        reason: String,
    },

    /// The file to upload could not be opened/read (or is too large/empty).
    #[error("file {}: {source}", .path.display())]
    File {
        /// The file path.
        path: PathBuf,
        /// The I/O problem.
        #[source]
        source: std::io::Error,
    },

    /// The file is not the one the caller checked ([`crate::DocumentUpload::expect_content`]),
    /// or it grew or shrank while it was being sent. The body was cut short before its
    /// closing boundary (or not sent at all), so the server never saw a complete request.
    /// Never retried: a retry would send other bytes under the same idempotency key.
    #[error("file {} changed after it was checked: {change}", .path.display())]
    FileChanged {
        /// The file path.
        path: PathBuf,
        /// What differs.
        change: FileChange,
    },

    /// A request value that would corrupt the request itself (e.g. a line break in a
    /// multipart text field, which would start a new header or part). Nothing was sent.
    #[error("invalid {field}: {reason}")]
    InvalidField {
        /// The request field (`country`, `type`, …).
        field: String,
        /// Why.
        reason: &'static str,
    },

    /// Webhook signature missing, malformed or not matching.
    #[error("webhook signature is invalid")]
    InvalidSignature,

    /// Client configuration problem (e.g. an API key that is not a valid header).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

/// What differs in a [`Error::FileChanged`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChange {
    /// The size is not the expected one: when opened, or the file grew or shrank while
    /// it was streamed.
    Size,
    /// Same size, different SHA-256.
    Content,
}

impl std::fmt::Display for FileChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileChange::Size => "its size differs",
            FileChange::Content => "its content differs",
        })
    }
}

fn fmt_api(error: &Option<String>, message: &Option<String>) -> String {
    match (error, message) {
        (_, Some(m)) if !m.is_empty() => format!(": {m}"),
        (Some(e), _) if !e.is_empty() => format!(": {e}"),
        _ => String::new(),
    }
}

impl Error {
    /// True for a 409 on a replayed idempotency key.
    pub fn is_idempotency_conflict(&self) -> bool {
        matches!(self, Error::IdempotencyConflict { .. })
    }

    /// True for a 409 saying the same key is still being processed by the server: its
    /// answer is not known yet, so the same key must be asked again.
    pub fn is_still_processing(&self) -> bool {
        matches!(self, Error::Api { status: 409, raw_body, .. }
            if ErrorBody::says_still_processing(raw_body.as_bytes()))
    }

    /// HTTP status, for API errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::IdempotencyConflict { .. } => Some(409),
            _ => None,
        }
    }

    /// True when retrying the *same* operation later may succeed (network
    /// problems, timeouts, 5xx, 429). Useful for the UI's "try again" button.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::Timeout => true,
            Error::Api { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    /// For the duplicate-customer 409 (`{"customer": {"id": ...}}`), the id of
    /// the customer that already exists.
    pub fn existing_customer_id(&self) -> Option<String> {
        let Error::Api {
            status: 409,
            raw_body,
            ..
        } = self
        else {
            return None;
        };
        let v: serde_json::Value = serde_json::from_str(raw_body).ok()?;
        v.get("customer")?.get("id")?.as_str().map(str::to_owned)
    }

    /// Builds an [`Error::Api`] from a status and body, extracting the
    /// well-known fields leniently (any of them may be missing or odd-shaped).
    /// This is what the client returns for a non-2xx answer (other than a
    /// replayed-key 409); public so captured answers can be decoded the same way.
    pub fn from_response(status: u16, body: &[u8]) -> Error {
        let parsed = ErrorBody::parse(body);
        Error::Api {
            status,
            error: parsed.error,
            message: parsed.message,
            log_id: parsed.log_id,
            details: parsed.details,
            raw_body: String::from_utf8_lossy(body).into_owned(),
            cached: false,
        }
    }

    /// Builds the error for a 409 that hit a replayed key.
    pub(crate) fn idempotency_conflict(key: IdempotencyKey, body: &[u8]) -> Error {
        let parsed = ErrorBody::parse(body);
        Error::IdempotencyConflict {
            key,
            message: parsed.message.or(parsed.error),
            log_id: parsed.log_id,
            raw_body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    pub(crate) fn from_reqwest(e: reqwest::Error) -> Error {
        if e.is_timeout() {
            return Error::Timeout;
        }
        Error::Transport {
            message: error_chain(&e),
        }
    }
}

/// `a: b: c` from an error and its sources (reqwest's top-level message alone
/// is often just "error sending request").
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let s_txt = s.to_string();
        if !out.contains(&s_txt) {
            out.push_str(": ");
            out.push_str(&s_txt);
        }
        cur = s.source();
    }
    out
}

/// Lenient view of an error body. Unknown or wrongly typed fields are ignored.
#[derive(Default)]
pub(crate) struct ErrorBody {
    pub error: Option<String>,
    pub message: Option<String>,
    pub log_id: Option<String>,
    pub details: Vec<FieldError>,
}

impl ErrorBody {
    pub(crate) fn parse(body: &[u8]) -> ErrorBody {
        let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(body) else {
            return ErrorBody::default();
        };
        let text = |k: &str| map.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let details = match map.get("details") {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|i| serde_json::from_value::<FieldError>(i.clone()).ok())
                .collect(),
            _ => Vec::new(),
        };
        ErrorBody {
            error: text("error"),
            message: text("message"),
            log_id: text("logId"),
            details,
        }
    }

    /// Whether a 409 says the same key is still in flight (retry later) rather than
    /// that it was used with different data.
    pub(crate) fn says_still_processing(body: &[u8]) -> bool {
        let text = String::from_utf8_lossy(body).to_ascii_lowercase();
        [
            "still being processed",
            "still processing",
            "is being processed",
            "in flight",
        ]
        .iter()
        .any(|p| text.contains(p))
    }

    /// Whether the body talks about idempotency (used to classify a 409).
    pub(crate) fn mentions_idempotency(body: &[u8]) -> bool {
        String::from_utf8_lossy(body)
            .to_ascii_lowercase()
            .contains("idempoten")
    }
}

/// Decodes JSON, reporting the path of the failing field.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| Error::Decode {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_extracts_known_fields() {
        let body = br#"{"error":"Bad Request","message":"invalid body","logId":"log-1",
            "details":[{"field":"email","message":"must be an email"},{"bogus":1}]}"#;
        let Error::Api {
            status,
            error,
            message,
            log_id,
            details,
            raw_body,
            ..
        } = Error::from_response(400, body)
        else {
            panic!("expected Api");
        };
        assert_eq!(status, 400);
        assert_eq!(error.as_deref(), Some("Bad Request"));
        assert_eq!(message.as_deref(), Some("invalid body"));
        assert_eq!(log_id.as_deref(), Some("log-1"));
        assert_eq!(details.len(), 2);
        assert_eq!(details[0].field, "email");
        assert_eq!(details[1].field, "");
        assert!(raw_body.contains("logId"));
    }

    #[test]
    fn api_error_tolerates_non_json() {
        let e = Error::from_response(502, b"<html>bad gateway</html>");
        assert_eq!(e.status(), Some(502));
        assert!(e.is_transient());
        assert_eq!(e.to_string(), "Lumx API error 502");
    }

    #[test]
    fn duplicate_customer_id_is_extracted() {
        let e = Error::from_response(
            409,
            br#"{"error":"Conflict","customer":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a"}}"#,
        );
        assert_eq!(
            e.existing_customer_id().as_deref(),
            Some("3c90c3cc-0d44-4b50-8888-8dd25736052a")
        );
        assert!(!e.is_idempotency_conflict());
    }

    #[test]
    fn decode_error_reports_the_field_path() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            n: u32,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            items: Vec<Inner>,
        }
        let err = decode_json::<Outer>(br#"{"items":[{"n":1},{"n":"x"}]}"#).unwrap_err();
        match err {
            Error::Decode { path, message } => {
                assert_eq!(path, "items[1].n");
                assert!(message.contains("invalid type"), "{message}");
            }
            other => panic!("expected Decode, got {other:?}"),
        }
    }
}
