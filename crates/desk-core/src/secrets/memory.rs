use std::collections::HashMap;
use std::sync::Mutex;

use lumx::ApiKey;

use super::{SecretError, SecretStore};
use crate::environment::EnvironmentKind;

/// In-memory store for unit tests. Not used by the app: there is no plaintext fallback.
#[derive(Default)]
pub struct MemoryStore {
    keys: Mutex<HashMap<EnvironmentKind, ApiKey>>,
    reads: std::sync::atomic::AtomicUsize,
}

impl MemoryStore {
    /// How many times `get` reached the store (tests check the vault caches).
    pub fn reads(&self) -> usize {
        self.reads.load(std::sync::atomic::Ordering::SeqCst)
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
