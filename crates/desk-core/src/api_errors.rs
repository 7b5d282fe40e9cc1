//! How Lumx client errors reach the analyst: as a `DeskError` whose message says what
//! happened in plain words and what to do next. Field details from the API are kept so
//! the UI can highlight the inputs.

use crate::error::{DeskError, FieldError};
use crate::locale::Language;

/// `?` on a client call: in the language the analyst is using now (see
/// [`crate::locale::current`]), since a conversion has no session to ask.
impl From<lumx::Error> for DeskError {
    fn from(e: lumx::Error) -> Self {
        api_error(e, crate::locale::current())
    }
}

/// A Lumx client error as the analyst reads it, in `lang`. Lumx's own words (its message,
/// its field details) are kept as they came, after ours.
pub fn api_error(e: lumx::Error, lang: Language) -> DeskError {
    use lumx::Error as E;
    let say = |en: &'static str, pt: &'static str| lang.say(en, pt);
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
                .map(|id| format!(" ({} {id})", say("Lumx log id", "id de log da Lumx")))
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
                    message: text(say("Lumx refused some fields", "A Lumx recusou alguns campos")),
                    fields: details
                        .into_iter()
                        .map(|d| FieldError::new(d.field, d.message))
                        .collect(),
                },
                400 | 413 | 415 | 422 => DeskError::Validation {
                    message: text(say("Lumx refused the request", "A Lumx recusou o pedido")),
                    fields: vec![],
                },
                401 => DeskError::Unauthorized {
                    message: text(say(
                        "The API key was not accepted (wrong key, or a key of another environment)",
                        "A chave de API não foi aceita (chave errada ou de outro ambiente)",
                    )),
                },
                403 => DeskError::Forbidden {
                    message: text(say(
                        "This API key may not do this",
                        "Esta chave de API não tem permissão para isto",
                    )),
                },
                404 => DeskError::NotFound {
                    message: text(say("Not found", "Não encontrado")),
                },
                409 => DeskError::Conflict {
                    message: text(say("Conflict", "Conflito")),
                },
                429 => DeskError::RateLimited {
                    message: text(say(
                        "Lumx is rate-limiting requests; wait a moment and try again",
                        "A Lumx está limitando os pedidos; aguarde um momento e tente de novo",
                    )),
                },
                s if s >= 500 => DeskError::Server {
                    message: text(&match lang {
                        Language::En => format!(
                            "Lumx had a server error ({s}); nothing was changed twice, try again"
                        ),
                        Language::PtBr => format!(
                            "A Lumx teve um erro de servidor ({s}); nada foi alterado duas vezes, tente de novo"
                        ),
                    }),
                },
                s => DeskError::Internal {
                    message: text(&match lang {
                        Language::En => format!("Unexpected answer from Lumx ({s})"),
                        Language::PtBr => format!("Resposta inesperada da Lumx ({s})"),
                    }),
                },
            }
        }
        E::IdempotencyConflict { message, .. } => {
            let why = message.map(|m| format!(" ({m})")).unwrap_or_default();
            DeskError::Conflict {
                message: match lang {
                    Language::En => format!(
                        "This operation was already sent with different data{why}. Review it before sending again."
                    ),
                    Language::PtBr => format!(
                        "Esta operação já foi enviada com outros dados{why}. Revise-a antes de enviar de novo."
                    ),
                },
            }
        }
        E::Transport { message } if looks_like_tls(&message) => DeskError::Network {
            message: match lang {
                Language::En => format!(
                    "Secure connection (TLS) to Lumx failed: {message}. Check the system clock and any proxy that inspects HTTPS."
                ),
                Language::PtBr => format!(
                    "A conexão segura (TLS) com a Lumx falhou: {message}. Verifique o relógio do sistema e qualquer proxy que inspecione HTTPS."
                ),
            },
        },
        E::Transport { message } => DeskError::Network {
            message: match lang {
                Language::En => {
                    format!("Lumx could not be reached: {message}. Check the network connection.")
                }
                Language::PtBr => format!(
                    "Não foi possível falar com a Lumx: {message}. Verifique a conexão de rede."
                ),
            },
        },
        E::Timeout => DeskError::Timeout {
            message: say(
                "Lumx did not answer in time. Nothing is lost; try again.",
                "A Lumx não respondeu a tempo. Nada se perdeu; tente de novo.",
            )
            .into(),
        },
        E::Cancelled => DeskError::Cancelled {
            message: say("Cancelled.", "Cancelado.").into(),
        },
        // The file differed from the picked one while it streamed (nothing was stored).
        E::FileChanged { .. } => crate::files::FileProblem::Changed.into_desk_error(lang),
        // The client refused a value before sending: keep it on its field.
        E::InvalidField { field, reason } => DeskError::Validation {
            message: match lang {
                Language::En => format!("Nothing was sent: the {field} field {reason}."),
                Language::PtBr => format!("Nada foi enviado: o campo {field} {reason}."),
            },
            fields: vec![FieldError::new(field, reason)],
        },
        other => DeskError::Internal {
            message: other.to_string(),
        },
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
    fn client_errors_speak_the_analysts_language() {
        let pt = |e| api_error(e, Language::PtBr).to_string();
        assert!(pt(lumx::Error::Timeout).starts_with("A Lumx não respondeu"));
        assert!(pt(api(503, vec![])).contains("erro de servidor (503)"));
        assert!(
            pt(api(503, vec![])).contains("taxId is invalid"),
            "Lumx's words kept"
        );
        assert!(pt(api(401, vec![])).contains("chave de API"));
        let net = pt(lumx::Error::Transport {
            message: "dns error".into(),
        });
        assert!(
            net.starts_with("Não foi possível falar com a Lumx"),
            "{net}"
        );
        let en = api_error(lumx::Error::Timeout, Language::En).to_string();
        assert!(en.starts_with("Lumx did not answer"));
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
