use lumx::ApiKey;
use zeroize::Zeroizing;

use super::{AuditChainKey, AuditKeyStore, SecretError, SecretStore};
use crate::environment::EnvironmentKind;

/// The OS keychain through the `keyring` crate: Secret Service on Linux, Keychain on
/// macOS, Credential Manager on Windows. Entries are `service` + the environment's slug,
/// and `service` + [`AUDIT_KEY_ENTRY`] for the audit chain key.
pub struct KeychainStore {
    service: String,
}

/// Stable across versions: changing it would orphan every analyst's stored keys.
pub const DEFAULT_SERVICE: &str = "io.lumxdesk.desk.api-key";

/// Stable for the same reason: a new key would make the whole audit log look rewritten.
/// No environment slug can take this name.
pub const AUDIT_KEY_ENTRY: &str = "audit-chain-key";

impl KeychainStore {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, environment: EnvironmentKind) -> Result<keyring::Entry, SecretError> {
        self.named(environment.slug())
    }

    fn named(&self, name: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, name).map_err(map_error)
    }
}

impl AuditKeyStore for KeychainStore {
    fn audit_chain_key(&self) -> Result<AuditChainKey, SecretError> {
        let entry = self.named(AUDIT_KEY_ENTRY)?;
        super::get_or_create_audit_key(
            || match entry.get_password() {
                Ok(raw) => Ok(Some(Zeroizing::new(raw))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(map_error(e)),
            },
            |hex| entry.set_password(hex).map_err(map_error),
        )
    }
}

impl Default for KeychainStore {
    fn default() -> Self {
        Self::new(DEFAULT_SERVICE)
    }
}

impl SecretStore for KeychainStore {
    fn get(&self, environment: EnvironmentKind) -> Result<Option<ApiKey>, SecretError> {
        match self.entry(environment)?.get_password() {
            Ok(raw) => Ok(Some(ApiKey::new(raw))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn set(&self, environment: EnvironmentKind, key: &ApiKey) -> Result<(), SecretError> {
        self.entry(environment)?
            .set_password(key.expose_secret())
            .map_err(map_error)
    }

    fn delete(&self, environment: EnvironmentKind) -> Result<bool, SecretError> {
        match self.entry(environment)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e)),
        }
    }
}

/// keyring's errors never contain the secret, but may contain D-Bus details; platform and
/// access failures become a plain explanation of what is missing.
fn map_error(e: keyring::Error) -> SecretError {
    match e {
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            SecretError::Unavailable(format!(
                "No OS keychain is available ({inner}). {}",
                unavailable_hint()
            ))
        }
        other => SecretError::Failed(other.to_string()),
    }
}

fn unavailable_hint() -> &'static str {
    if cfg!(target_os = "linux") {
        "Lumx Desk keeps API keys only in a Secret Service keychain and never in plain files. \
         Start one in your desktop session (GNOME Keyring or KWallet; e.g. `apt install gnome-keyring` \
         and log in again), make sure it is unlocked, then try again."
    } else if cfg!(target_os = "macos") {
        "Unlock the login keychain in Keychain Access, then try again."
    } else {
        "Check that Windows Credential Manager is available for your user, then try again."
    }
}
