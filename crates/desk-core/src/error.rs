//! The one error type that crosses the IPC boundary.
//!
//! It serialises as `{ code, message, fields? }` with `code` as the tag, so the TypeScript
//! side gets a discriminated union: the UI branches on `code`, shows `message`, and
//! highlights each entry of `fields` next to its input.

use serde::{Deserialize, Serialize};
use specta::Type;

/// A problem with one input, addressed by a stable field path (`taxId`, `address.city`,
/// `parties[1].ownershipPercentage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, thiserror::Error)]
#[serde(tag = "code", rename_all = "camelCase")]
pub enum DeskError {
    /// Input was refused before anything was sent (or the API refused it field by field).
    #[error("{message}")]
    Validation {
        message: String,
        fields: Vec<FieldError>,
    },
    /// The API key is missing, wrong, or belongs to another environment (HTTP 401).
    #[error("{message}")]
    Unauthorized { message: String },
    /// The key is valid but may not do this (HTTP 403).
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{message}")]
    NotFound { message: String },
    /// Idempotency-Key replayed with a different body, or a duplicate customer.
    #[error("{message}")]
    Conflict { message: String },
    #[error("{message}")]
    RateLimited { message: String },
    /// The API answered 5xx after every retry.
    #[error("{message}")]
    Server { message: String },
    /// DNS, connection refused or dropped, TLS.
    #[error("{message}")]
    Network { message: String },
    #[error("{message}")]
    Timeout { message: String },
    /// No usable OS keychain (e.g. no Secret Service on Linux); never falls back to plaintext.
    #[error("{message}")]
    KeychainUnavailable { message: String },
    /// A picked file is unreadable, vanished, empty, too big or of the wrong type.
    #[error("{message}")]
    File {
        message: String,
        fields: Vec<FieldError>,
    },
    #[error("{message}")]
    Cancelled { message: String },
    /// A bug or an unexpected state; the message is safe to show (no secrets).
    #[error("{message}")]
    Internal { message: String },
}

impl DeskError {
    pub fn validation(message: impl Into<String>, fields: Vec<FieldError>) -> Self {
        Self::Validation {
            message: message.into(),
            fields,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal {
            message: message.into(),
        }
    }

    /// The stable machine-readable code, as the UI sees it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation { .. } => "validation",
            Self::Unauthorized { .. } => "unauthorized",
            Self::Forbidden { .. } => "forbidden",
            Self::NotFound { .. } => "notFound",
            Self::Conflict { .. } => "conflict",
            Self::RateLimited { .. } => "rateLimited",
            Self::Server { .. } => "server",
            Self::Network { .. } => "network",
            Self::Timeout { .. } => "timeout",
            Self::KeychainUnavailable { .. } => "keychainUnavailable",
            Self::File { .. } => "file",
            Self::Cancelled { .. } => "cancelled",
            Self::Internal { .. } => "internal",
        }
    }

    /// Field-level problems, empty when the error is not about specific inputs.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Self::Validation { fields, .. } | Self::File { fields, .. } => fields,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn validation_error_serialises_with_code_message_and_fields() {
        let err = DeskError::validation(
            "Check the highlighted fields",
            vec![FieldError::new("taxId", "CPF check digits do not match")],
        );
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            json!({
                "code": "validation",
                "message": "Check the highlighted fields",
                "fields": [{ "field": "taxId", "message": "CPF check digits do not match" }]
            })
        );
    }

    #[test]
    fn plain_errors_carry_no_fields_and_their_code_matches_the_tag() {
        let cases = [
            DeskError::Unauthorized {
                message: "m".into(),
            },
            DeskError::NotFound {
                message: "m".into(),
            },
            DeskError::KeychainUnavailable {
                message: "m".into(),
            },
            DeskError::internal("m"),
        ];
        for err in cases {
            let value = serde_json::to_value(&err).unwrap();
            assert_eq!(value["code"], err.code());
            assert_eq!(value["message"], "m");
            assert!(value.get("fields").is_none());
            assert!(err.fields().is_empty());
        }
    }

    #[test]
    fn round_trips_through_json() {
        let err = DeskError::File {
            message: "too big".into(),
            fields: vec![FieldError::new("file", "over 50 MB")],
        };
        let back: DeskError = serde_json::from_str(&serde_json::to_string(&err).unwrap()).unwrap();
        assert_eq!(back, err);
        assert_eq!(back.to_string(), "too big");
    }
}
