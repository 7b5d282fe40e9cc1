use std::collections::HashMap;
use std::sync::Mutex;

use lumx::ApiKey;
use serde::Serialize;
use specta::Type;

use super::{SecretError, SecretStore};
use crate::environment::EnvironmentKind;
use crate::error::{DeskError, FieldError};

/// What the UI may know about a key: whether it is set, and at most its last 4 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct KeyStatus {
    pub environment: EnvironmentKind,
    pub is_set: bool,
    pub last_four: Option<String>,
}

/// Reads each environment's key from the store once per session and caches it in memory
/// (avoids repeated keychain prompts on macOS). Nothing here returns a key across IPC:
/// `key_for` is for the Rust HTTP layer only.
pub struct ApiKeyVault<S: SecretStore> {
    store: S,
    cache: Mutex<HashMap<EnvironmentKind, Option<ApiKey>>>,
}

impl<S: SecretStore> ApiKeyVault<S> {
    pub fn new(store: S) -> Self {
        Self {
            store,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    /// The key for Rust-side HTTP calls.
    pub fn key_for(&self, environment: EnvironmentKind) -> Result<Option<ApiKey>, SecretError> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(cached) = cache.get(&environment) {
            return Ok(cached.clone());
        }
        let key = self.store.get(environment)?;
        cache.insert(environment, key.clone());
        Ok(key)
    }

    pub fn status(&self, environment: EnvironmentKind) -> Result<KeyStatus, SecretError> {
        let key = self.key_for(environment)?;
        Ok(KeyStatus {
            environment,
            is_set: key.is_some(),
            last_four: key.as_ref().map(last_four),
        })
    }

    /// Validates, stores in the keychain, then caches. The raw value is dropped afterwards.
    pub fn set(&self, environment: EnvironmentKind, raw: &str) -> Result<KeyStatus, DeskError> {
        let key = validate_key(raw)?;
        self.store.set(environment, &key)?;
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(environment, Some(key));
        Ok(self.status(environment)?)
    }

    pub fn delete(&self, environment: EnvironmentKind) -> Result<KeyStatus, SecretError> {
        self.store.delete(environment)?;
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(environment, None);
        self.status(environment)
    }
}

fn last_four(key: &ApiKey) -> String {
    let secret = key.expose_secret();
    // Short keys would be mostly revealed by their last 4: show less.
    let shown = if secret.chars().count() >= 16 { 4 } else { 0 };
    // Walks the key in place: a collected copy would outlive the zeroized original.
    let mut tail: Vec<char> = secret.chars().rev().take(shown).collect();
    tail.reverse();
    tail.into_iter().collect()
}

/// Refuses what cannot be a Lumx key before it reaches the keychain.
pub fn validate_key(raw: &str) -> Result<ApiKey, DeskError> {
    let key = ApiKey::new(raw);
    let problem = if key.is_empty() {
        Some("Paste the API key from the Lumx Dashboard (Developers → API keys).")
    } else if key
        .expose_secret()
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        Some("An API key has no spaces or line breaks; copy it again from the Dashboard.")
    } else if key.expose_secret().len() < 16 {
        Some("This is too short to be a Lumx API key.")
    } else if key.expose_secret().len() > 512 {
        Some("This is too long to be a Lumx API key.")
    } else {
        None
    };
    match problem {
        Some(message) => Err(DeskError::validation(
            message,
            vec![FieldError::new("apiKey", message)],
        )),
        None => Ok(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;

    const KEY: &str = "lumx_sk_sandbox_0123456789abcdefWXYZ";

    /// Compiles only while what the vault holds wipes itself when dropped.
    fn assert_zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}

    #[test]
    fn cached_and_stored_keys_are_wiped_when_dropped() {
        assert_zeroize_on_drop::<ApiKey>();
        assert_zeroize_on_drop::<Option<ApiKey>>();
        let mut key = validate_key(KEY).unwrap();
        zeroize::Zeroize::zeroize(&mut key);
        assert_eq!(key.expose_secret(), "");
    }

    #[test]
    fn status_shows_only_the_last_four_characters() {
        let vault = ApiKeyVault::new(MemoryStore::default());
        let status = vault.set(EnvironmentKind::Sandbox, KEY).unwrap();
        assert!(status.is_set);
        assert_eq!(status.last_four.as_deref(), Some("WXYZ"));
        let json = serde_json::to_string(&status).unwrap();
        assert!(!json.contains("0123456789"), "{json}");
    }

    #[test]
    fn keys_are_read_from_the_store_once_per_session() {
        let vault = ApiKeyVault::new(MemoryStore::default());
        vault
            .store()
            .set(EnvironmentKind::Production, &ApiKey::new(KEY))
            .unwrap();
        for _ in 0..5 {
            assert!(vault
                .key_for(EnvironmentKind::Production)
                .unwrap()
                .is_some());
        }
        vault.status(EnvironmentKind::Production).unwrap();
        assert_eq!(vault.store().reads(), 1);
    }

    #[test]
    fn environments_have_separate_keys() {
        let vault = ApiKeyVault::new(MemoryStore::default());
        vault.set(EnvironmentKind::Sandbox, KEY).unwrap();
        assert!(vault
            .key_for(EnvironmentKind::Production)
            .unwrap()
            .is_none());
        assert!(!vault.status(EnvironmentKind::Production).unwrap().is_set);
    }

    #[test]
    fn replace_and_delete_update_the_cache() {
        let vault = ApiKeyVault::new(MemoryStore::default());
        vault.set(EnvironmentKind::Sandbox, KEY).unwrap();
        vault
            .set(EnvironmentKind::Sandbox, "another_key_0000000000000009")
            .unwrap();
        assert_eq!(
            vault
                .key_for(EnvironmentKind::Sandbox)
                .unwrap()
                .unwrap()
                .expose_secret(),
            "another_key_0000000000000009"
        );
        let status = vault.delete(EnvironmentKind::Sandbox).unwrap();
        assert!(!status.is_set);
        assert!(vault.key_for(EnvironmentKind::Sandbox).unwrap().is_none());
        assert!(vault
            .store()
            .get(EnvironmentKind::Sandbox)
            .unwrap()
            .is_none());
    }

    #[test]
    fn refuses_implausible_keys_with_a_field_error() {
        let vault = ApiKeyVault::new(MemoryStore::default());
        for bad in [
            "",
            "   ",
            "short",
            "has space in the middle of it",
            &"x".repeat(600),
        ] {
            let err = vault.set(EnvironmentKind::Sandbox, bad).unwrap_err();
            assert_eq!(err.code(), "validation", "{bad:?}");
            assert_eq!(err.fields()[0].field, "apiKey");
        }
        assert!(vault
            .store()
            .get(EnvironmentKind::Sandbox)
            .unwrap()
            .is_none());
    }

    #[test]
    fn surrounding_whitespace_from_copy_paste_is_trimmed() {
        let vault = ApiKeyVault::new(MemoryStore::default());
        vault
            .set(EnvironmentKind::Sandbox, &format!("  {KEY}\n"))
            .unwrap();
        assert_eq!(
            vault
                .key_for(EnvironmentKind::Sandbox)
                .unwrap()
                .unwrap()
                .expose_secret(),
            KEY
        );
    }
}
