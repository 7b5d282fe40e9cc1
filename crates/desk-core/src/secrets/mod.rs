//! API keys: stored only in the OS keychain, cached in memory for the session, and never
//! handed to the UI. The UI may set, replace, test and delete a key and see whether one is
//! set (with its last four characters) — it can never read one back.

mod keychain;
mod memory;
mod vault;

pub use keychain::KeychainStore;
pub use memory::MemoryStore;
pub use vault::{ApiKeyVault, KeyStatus};

use crate::environment::EnvironmentKind;
use lumx::ApiKey;

/// Where keys live. One entry per environment.
pub trait SecretStore: Send + Sync {
    fn get(&self, environment: EnvironmentKind) -> Result<Option<ApiKey>, SecretError>;
    fn set(&self, environment: EnvironmentKind, key: &ApiKey) -> Result<(), SecretError>;
    /// Returns whether a key was there.
    fn delete(&self, environment: EnvironmentKind) -> Result<bool, SecretError>;
}

impl<T: SecretStore + ?Sized> SecretStore for Box<T> {
    fn get(&self, environment: EnvironmentKind) -> Result<Option<ApiKey>, SecretError> {
        (**self).get(environment)
    }
    fn set(&self, environment: EnvironmentKind, key: &ApiKey) -> Result<(), SecretError> {
        (**self).set(environment, key)
    }
    fn delete(&self, environment: EnvironmentKind) -> Result<bool, SecretError> {
        (**self).delete(environment)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No usable keychain; the message says what is missing and how to fix it.
    #[error("{0}")]
    Unavailable(String),
    #[error("the OS keychain refused the operation: {0}")]
    Failed(String),
}

impl From<SecretError> for crate::error::DeskError {
    fn from(e: SecretError) -> Self {
        match e {
            SecretError::Unavailable(message) => Self::KeychainUnavailable { message },
            SecretError::Failed(message) => Self::Internal {
                message: format!("The OS keychain refused the operation: {message}"),
            },
        }
    }
}
