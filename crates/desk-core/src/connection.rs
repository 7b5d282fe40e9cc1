//! "Test connection": one cheap authenticated call, and its outcome in plain words.

use serde::Serialize;
use specta::Type;

use crate::api_errors::looks_like_tls;
use crate::environment::EnvironmentKind;

/// What happened; the UI explains each outcome in the analyst's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ConnectionOutcome {
    /// The key works in this environment.
    Accepted,
    /// No key is stored for this environment.
    NoKey,
    /// 401: wrong key, or a key of the other environment.
    Unauthorized,
    /// 403: the key may not list customers.
    Forbidden,
    /// DNS, refused or dropped connection.
    Unreachable,
    /// TLS handshake or certificate problem.
    Tls,
    Timeout,
    /// 5xx or 429.
    ServerError,
    Unexpected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub environment: EnvironmentKind,
    pub base_url: String,
    pub outcome: ConnectionOutcome,
    /// Technical detail (status, cause) for support; never contains the key.
    pub detail: String,
    pub elapsed_ms: u32,
}

/// Classifies the result of the probe call.
pub fn classify(result: &Result<(), lumx::Error>) -> (ConnectionOutcome, String) {
    use lumx::Error as E;
    match result {
        Ok(()) => (ConnectionOutcome::Accepted, "HTTP 200".into()),
        Err(E::Api { status, .. }) => {
            let outcome = match status {
                401 => ConnectionOutcome::Unauthorized,
                403 => ConnectionOutcome::Forbidden,
                429 | 500..=599 => ConnectionOutcome::ServerError,
                _ => ConnectionOutcome::Unexpected,
            };
            (outcome, format!("HTTP {status}"))
        }
        Err(E::Transport { message }) if looks_like_tls(message) => {
            (ConnectionOutcome::Tls, message.clone())
        }
        Err(E::Transport { message }) => (ConnectionOutcome::Unreachable, message.clone()),
        Err(E::Timeout) => (ConnectionOutcome::Timeout, "timed out".into()),
        Err(other) => (ConnectionOutcome::Unexpected, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> lumx::Error {
        lumx::Error::Api {
            status,
            error: None,
            message: None,
            log_id: None,
            details: vec![],
            raw_body: String::new(),
            cached: false,
        }
    }

    #[test]
    fn each_failure_has_its_own_outcome() {
        assert_eq!(classify(&Ok(())).0, ConnectionOutcome::Accepted);
        assert_eq!(classify(&Err(api(401))).0, ConnectionOutcome::Unauthorized);
        assert_eq!(classify(&Err(api(403))).0, ConnectionOutcome::Forbidden);
        assert_eq!(classify(&Err(api(503))).0, ConnectionOutcome::ServerError);
        assert_eq!(classify(&Err(api(429))).0, ConnectionOutcome::ServerError);
        assert_eq!(classify(&Err(api(418))).0, ConnectionOutcome::Unexpected);
        assert_eq!(
            classify(&Err(lumx::Error::Timeout)).0,
            ConnectionOutcome::Timeout
        );
        let tls = lumx::Error::Transport {
            message: "invalid peer certificate: Expired".into(),
        };
        assert_eq!(classify(&Err(tls)).0, ConnectionOutcome::Tls);
        let refused = lumx::Error::Transport {
            message: "tcp connect error: Connection refused".into(),
        };
        assert_eq!(classify(&Err(refused)).0, ConnectionOutcome::Unreachable);
    }
}
