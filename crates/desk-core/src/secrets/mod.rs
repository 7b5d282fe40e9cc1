//! API keys: stored only in the OS keychain, cached in memory for the session, and never
//! handed to the UI. The UI may set, replace, test and delete a key and see whether one is
//! set (with its last four characters) — it can never read one back.
//!
//! The keychain also holds the audit log's chain key ([`AuditKeyStore`]), beside the API
//! keys and never shown to the UI either.

mod keychain;
mod memory;
mod vault;

pub use keychain::{KeychainStore, AUDIT_KEY_ENTRY};
pub use memory::MemoryStore;
pub use vault::{ApiKeyVault, KeyStatus};

use crate::environment::EnvironmentKind;
use lumx::ApiKey;
use zeroize::Zeroizing;

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

pub const AUDIT_KEY_LEN: usize = 32;

/// The secret that MACs the audit log's chain ([`crate::audit`]).
pub type AuditChainKey = Zeroizing<[u8; AUDIT_KEY_LEN]>;

/// Where the audit chain key lives. Get-or-create only: replacing or deleting it would make
/// every entry already written look rewritten, so nothing here can.
pub trait AuditKeyStore {
    fn audit_chain_key(&self) -> Result<AuditChainKey, SecretError>;
}

/// The get-or-create both stores share, over their raw entry: the stored value is 64 hex
/// digits. A new key is read back after it is stored, so two processes racing to create
/// it both use whichever write the store kept.
fn get_or_create_audit_key(
    get: impl Fn() -> Result<Option<Zeroizing<String>>, SecretError>,
    set: impl Fn(&str) -> Result<(), SecretError>,
) -> Result<AuditChainKey, SecretError> {
    if let Some(stored) = get()? {
        return parse_audit_key(&stored);
    }
    let mut fresh: AuditChainKey = Zeroizing::new([0; AUDIT_KEY_LEN]);
    rand::fill(&mut fresh[..]);
    set(&Zeroizing::new(hex::encode(&fresh[..])))?;
    let stored = get()?.ok_or_else(|| {
        SecretError::Failed("the audit log's key was not kept after it was stored".into())
    })?;
    parse_audit_key(&stored)
}

fn parse_audit_key(stored: &str) -> Result<AuditChainKey, SecretError> {
    let mut key: AuditChainKey = Zeroizing::new([0; AUDIT_KEY_LEN]);
    // Never replaced when malformed: the entries already written depend on the original.
    hex::decode_to_slice(stored.trim(), &mut key[..]).map_err(|_| {
        SecretError::Failed(format!(
            "the audit log's key in the OS keychain is not {} hex digits",
            AUDIT_KEY_LEN * 2
        ))
    })?;
    Ok(key)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn the_audit_key_is_created_once_then_read_back() {
        let store = MemoryStore::default();
        let first = store.audit_chain_key().unwrap();
        assert_ne!(*first, [0; AUDIT_KEY_LEN]);
        assert_eq!(*store.audit_chain_key().unwrap(), *first);
        assert_ne!(
            *MemoryStore::default().audit_chain_key().unwrap(),
            *first,
            "each store draws its own key"
        );
    }

    #[test]
    fn a_malformed_audit_key_is_refused_and_kept() {
        let stored = RefCell::new(Some(Zeroizing::new("not hex".to_owned())));
        let err = get_or_create_audit_key(
            || Ok(stored.borrow().clone()),
            |hex| {
                *stored.borrow_mut() = Some(Zeroizing::new(hex.to_owned()));
                Ok(())
            },
        )
        .unwrap_err();
        assert!(matches!(err, SecretError::Failed(_)), "{err:?}");
        assert!(!err.to_string().contains("not hex"), "{err}");
        assert_eq!(
            stored.borrow().as_deref().map(String::as_str),
            Some("not hex")
        );
    }
}
