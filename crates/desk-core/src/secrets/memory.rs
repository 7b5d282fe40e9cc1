use std::collections::HashMap;
use std::sync::Mutex;

use lumx::ApiKey;
use zeroize::Zeroizing;

use super::{AuditChainKey, AuditKeyStore, SecretError, SecretStore};
use crate::environment::EnvironmentKind;

/// In-memory store for unit tests. Not used by the app: there is no plaintext fallback.
#[derive(Default)]
pub struct MemoryStore {
    keys: Mutex<HashMap<EnvironmentKind, ApiKey>>,
    reads: std::sync::atomic::AtomicUsize,
    audit_key: Mutex<Option<Zeroizing<String>>>,
}

impl MemoryStore {
    /// How many times `get` reached the store (tests check the vault caches).
    pub fn reads(&self) -> usize {
        self.reads.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl AuditKeyStore for MemoryStore {
    fn audit_chain_key(&self) -> Result<AuditChainKey, SecretError> {
        super::get_or_create_audit_key(
            || Ok(self.audit_key.lock().unwrap().clone()),
            |hex| {
                *self.audit_key.lock().unwrap() = Some(Zeroizing::new(hex.to_owned()));
                Ok(())
            },
        )
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, environment: EnvironmentKind) -> Result<Option<ApiKey>, SecretError> {
        self.reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(self.keys.lock().unwrap().get(&environment).cloned())
    }

    fn set(&self, environment: EnvironmentKind, key: &ApiKey) -> Result<(), SecretError> {
        self.keys.lock().unwrap().insert(environment, key.clone());
        Ok(())
    }

    fn delete(&self, environment: EnvironmentKind) -> Result<bool, SecretError> {
        Ok(self.keys.lock().unwrap().remove(&environment).is_some())
    }
}
