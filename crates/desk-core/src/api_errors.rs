//! How Lumx client errors reach the analyst: as a `DeskError` whose message says what
//! happened in plain words and what to do next. Field details from the API are kept so
//! the UI can highlight the inputs.

use crate::error::{DeskError, FieldError};

impl From<lumx::Error> for DeskError {
    fn from(e: lumx::Error) -> Self {
        use lumx::Error as E;
        match e {
            E::Api {
                status,
                message,
                error,
                log_id,
                details,
                ..
            } => {
                let detail = message.or(error).unwrap_or_default();
                let support = log_id
                    .map(|id| format!(" (Lumx log id {id})"))
                    .unwrap_or_default();
                let text = |lead: &str| {
                    if detail.is_empty() {
                        format!("{lead}{support}")
                    } else {
                        format!("{lead}: {detail}{support}")
                    }
                };
                match status {
                    400 | 422 if !details.is_empty() => DeskError::Validation {
                        message: text("Lumx refused some fields"),
                        fields: details
                            .into_iter()
                            .map(|d| FieldError::new(d.field, d.message))
                            .collect(),
                    },
                    400 | 413 | 415 | 422 => DeskError::Validation {
                        message: text("Lumx refused the request"),
                        fields: vec![],
                    },
                    401 => DeskError::Unauthorized {
                        message: text("The API key was not accepted (wrong key, or a key of another environment)"),
                    },
                    403 => DeskError::Forbidden {
                        message: text("This API key may not do this"),
                    },
                    404 => DeskError::NotFound {
                        message: text("Not found"),
                    },
                    409 => DeskError::Conflict {
                        message: text("Conflict"),
                    },
                    429 => DeskError::RateLimited {
                        message: text("Lumx is rate-limiting requests; wait a moment and try again"),
                    },
                    s if s >= 500 => DeskError::Server {
                        message: text(&format!("Lumx had a server error ({s}); nothing was changed twice, try again")),
                    },
                    s => DeskError::Internal {
                        message: text(&format!("Unexpected answer from Lumx ({s})")),
                    },
                }
            }
            E::IdempotencyConflict { message, .. } => DeskError::Conflict {
                message: format!(
                    "This operation was already sent with different data{}. Review it before sending again.",
                    message.map(|m| format!(" ({m})")).unwrap_or_default()
                ),
            },
            E::Transport { message } if looks_like_tls(&message) => DeskError::Network {
                message: format!("Secure connection (TLS) to Lumx failed: {message}. Check the system clock and any proxy that inspects HTTPS."),
            },
            E::Transport { message } => DeskError::Network {
                message: format!("Lumx could not be reached: {message}. Check the network connection."),
            },
            E::Timeout => DeskError::Timeout {
                message: "Lumx did not answer in time. Nothing is lost; try again.".into(),
            },
            E::Cancelled => DeskError::Cancelled {
                message: "Cancelled.".into(),
            },
            // The file differed from the picked one while it streamed (nothing was stored).
            E::FileChanged { .. } => crate::files::FileProblem::Changed.into(),
            // The client refused a value before sending: keep it on its field.
            E::InvalidField { field, reason } => DeskError::Validation {
                message: format!("Nothing was sent: the {field} field {reason}."),
                fields: vec![FieldError::new(field, reason)],
            },
            other => DeskError::Internal {
                message: other.to_string(),
            },
        }
    }
}

pub(crate) fn looks_like_tls(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("certificate") || m.contains("tls") || m.contains("handshake")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, details: Vec<lumx::FieldError>) -> lumx::Error {
        lumx::Error::Api {
            status,
            error: Some("Bad Request".into()),
            message: Some("taxId is invalid".into()),
            log_id: Some("log-1".into()),
            details,
            raw_body: String::new(),
            cached: false,
        }
    }

    #[test]
    fn api_field_details_become_field_errors() {
        let e: DeskError = api(
            400,
            vec![lumx::FieldError {
                field: "taxId".into(),
                message: "invalid CPF".into(),
            }],
        )
        .into();
        assert_eq!(e.code(), "validation");
        assert_eq!(e.fields()[0].field, "taxId");
        assert!(e.to_string().contains("log-1"));
    }

    #[test]
    fn statuses_map_to_codes() {
        for (status, code) in [
            (400, "validation"),
            (401, "unauthorized"),
            (403, "forbidden"),
            (404, "notFound"),
            (409, "conflict"),
            (429, "rateLimited"),
            (503, "server"),
        ] {
            let e: DeskError = api(status, vec![]).into();
            assert_eq!(e.code(), code, "{status}");
        }
    }

    #[test]
    fn transport_timeouts_and_tls_are_explained() {
        let tls: DeskError = lumx::Error::Transport {
            message: "invalid peer certificate: UnknownIssuer".into(),
        }
        .into();
        assert!(tls.to_string().contains("TLS"));
        let net: DeskError = lumx::Error::Transport {
            message: "connection refused".into(),
        }
        .into();
        assert_eq!(net.code(), "network");
        assert_eq!(DeskError::from(lumx::Error::Timeout).code(), "timeout");
    }

    #[test]
    fn a_value_the_client_refused_to_send_stays_on_its_field() {
        let err = DeskError::from(lumx::Error::InvalidField {
            field: "country".into(),
            reason: "contains a line break, a quote or a control character",
        });
        assert_eq!(err.code(), "validation");
        assert_eq!(err.fields()[0].field, "country");
        assert!(err.to_string().starts_with("Nothing was sent"), "{err}");
    }
}
