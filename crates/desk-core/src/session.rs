//! `Session`: the chosen environment and the UI's language, the API keys, one client per
//! environment and the local sandbox. Every service that talks to Lumx gets its client
//! here; none of them keeps settings or keys of its own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lumx::{ApiKey, Client, Environment, ListCustomers};
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use crate::connection::{classify, ConnectionOutcome, ConnectionReport};
use crate::environment::EnvironmentKind;
use crate::error::{DeskError, FieldError};
use crate::local_sandbox::LocalSandbox;
use crate::locale::Language;
use crate::secrets::{ApiKeyVault, KeyStatus, SecretStore};
use crate::settings::{Settings, SettingsFile};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentStatus {
    pub kind: EnvironmentKind,
    pub current: bool,
    /// `None` for the local sandbox before it has started.
    pub base_url: Option<String>,
    /// Not applicable (always unset) for the local sandbox, which needs no key.
    pub key: KeyStatus,
    /// A keychain problem reading the key, in plain words.
    pub key_error: Option<String>,
    /// What to type before switching to this environment (Production only).
    pub confirmation: Option<crate::confirmation::ConfirmationNeeded>,
}

pub struct Session {
    settings_file: SettingsFile,
    settings: Mutex<Settings>,
    vault: ApiKeyVault<Box<dyn SecretStore>>,
    local: LocalSandbox,
    clients: Mutex<HashMap<EnvironmentKind, Client>>,
    /// Bumped when the environment changes, so work for the old one (a directory load
    /// in flight) can tell and stop.
    generation: AtomicU64,
    /// The UI's language, for messages composed in Rust (validation, file problems).
    language: Mutex<crate::locale::Language>,
}

const USER_AGENT: &str = concat!("LumxDesk/", env!("CARGO_PKG_VERSION"));

impl Session {
    pub fn new(
        settings_file: SettingsFile,
        secrets: Box<dyn SecretStore>,
        local: LocalSandbox,
    ) -> Self {
        let settings = settings_file.load();
        Self {
            settings_file,
            settings: Mutex::new(settings),
            vault: ApiKeyVault::new(secrets),
            local,
            clients: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
            language: Mutex::new(crate::locale::Language::En),
        }
    }

    pub fn language(&self) -> crate::locale::Language {
        *lock(&self.language)
    }

    pub fn set_language(&self, language: crate::locale::Language) {
        *lock(&self.language) = language;
        crate::locale::set_current(language);
    }

    pub fn environment(&self) -> EnvironmentKind {
        lock(&self.settings).environment
    }

    /// Saves the choice; `true` when it changed (see [`Session::generation`]).
    pub fn set_environment(&self, kind: EnvironmentKind) -> Result<bool, DeskError> {
        let mut settings = lock(&self.settings);
        if settings.environment == kind {
            return Ok(false);
        }
        settings.environment = kind;
        self.settings_file
            .save(&settings)
            .map_err(|e| DeskError::internal(format!("Could not save settings: {e}")))?;
        self.generation.fetch_add(1, Ordering::SeqCst);
        Ok(true)
    }

    /// Changes with every switch of environment.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// Changes the settings and writes them to disk.
    pub(crate) fn update_settings(&self, f: impl FnOnce(&mut Settings)) -> Result<(), DeskError> {
        let mut settings = lock(&self.settings);
        f(&mut settings);
        self.settings_file
            .save(&settings)
            .map_err(|e| DeskError::internal(format!("Could not save settings: {e}")))
    }

    pub fn local_sandbox(&self) -> &LocalSandbox {
        &self.local
    }

    pub fn environments(&self) -> Vec<EnvironmentStatus> {
        let current = self.environment();
        EnvironmentKind::ALL
            .iter()
            .map(|&kind| {
                let (key, key_error) = if kind.needs_api_key() {
                    match self.vault.status(kind) {
                        Ok(status) => (status, None),
                        Err(e) => (unset(kind), Some(e.to_string())),
                    }
                } else {
                    (unset(kind), None)
                };
                EnvironmentStatus {
                    kind,
                    current: kind == current,
                    base_url: kind
                        .hosted_base_url()
                        .map(str::to_owned)
                        .or_else(|| self.local.running_url()),
                    key,
                    key_error,
                    confirmation: kind
                        .is_production()
                        .then(crate::confirmation::ConfirmationNeeded::for_switch_to_production),
                }
            })
            .collect()
    }

    pub fn set_api_key(&self, kind: EnvironmentKind, raw: &str) -> Result<KeyStatus, DeskError> {
        if !kind.needs_api_key() {
            return Err(DeskError::validation(
                "The Local sandbox needs no API key.",
                vec![FieldError::new(
                    "environment",
                    "The Local sandbox needs no API key.",
                )],
            ));
        }
        let status = self.vault.set(kind, raw)?;
        lock(&self.clients).remove(&kind);
        Ok(status)
    }

    pub fn delete_api_key(&self, kind: EnvironmentKind) -> Result<KeyStatus, DeskError> {
        let status = self.vault.delete(kind)?;
        lock(&self.clients).remove(&kind);
        Ok(status)
    }

    /// The client for `kind`, built once; the local sandbox is started on first use.
    pub async fn client(&self, kind: EnvironmentKind) -> Result<Client, DeskError> {
        if let Some(c) = lock(&self.clients).get(&kind) {
            return Ok(c.clone());
        }
        let (environment, key) = match kind {
            EnvironmentKind::LocalSandbox => {
                let url = self.local.base_url().await.map_err(|e| {
                    DeskError::internal(format!("The Local sandbox could not start: {e}"))
                })?;
                (Environment::custom(&url)?, ApiKey::new(self.local.token()))
            }
            EnvironmentKind::Sandbox | EnvironmentKind::Production => {
                let env = if kind == EnvironmentKind::Sandbox {
                    Environment::Sandbox
                } else {
                    Environment::Production
                };
                let key = self
                    .vault
                    .key_for(kind)?
                    .ok_or_else(|| DeskError::Unauthorized {
                        message: format!(
                            "No API key is set for {}. Add one in Settings → Environments.",
                            kind.slug()
                        ),
                    })?;
                (env, key)
            }
        };
        let client = Client::builder(environment, key)
            .user_agent(USER_AGENT)
            .build()?;
        lock(&self.clients).insert(kind, client.clone());
        Ok(client)
    }

    pub async fn current_client(&self) -> Result<Client, DeskError> {
        self.client(self.environment()).await
    }

    /// One cheap authenticated call (`GET /customers?size=1`), never retried, so the
    /// answer reflects the key and the network as they are now.
    pub async fn test_connection(&self, kind: EnvironmentKind) -> ConnectionReport {
        let started = Instant::now();
        let base_url = kind
            .hosted_base_url()
            .map(str::to_owned)
            .unwrap_or_default();
        let client = match self.client(kind).await {
            Ok(c) => c,
            Err(DeskError::Unauthorized { message }) => {
                return report(kind, base_url, ConnectionOutcome::NoKey, message, started)
            }
            Err(e) => {
                return report(
                    kind,
                    base_url,
                    ConnectionOutcome::Unexpected,
                    e.to_string(),
                    started,
                )
            }
        };
        let probe = Client::builder(client.environment().clone(), self.probe_key(kind))
            .user_agent(USER_AGENT)
            .retry_policy(lumx::RetryPolicy::none())
            .connect_timeout(Duration::from_secs(5))
            .request_timeout(Duration::from_secs(10))
            .build();
        let result = match probe {
            Ok(p) => p
                .list_customers(&ListCustomers {
                    size: Some(1),
                    cursor: None,
                })
                .await
                .map(|_| ()),
            Err(e) => Err(e),
        };
        let (outcome, detail) = classify(&result);
        report(kind, client.base_url().to_owned(), outcome, detail, started)
    }

    fn probe_key(&self, kind: EnvironmentKind) -> ApiKey {
        match kind {
            EnvironmentKind::LocalSandbox => ApiKey::new(self.local.token()),
            _ => self
                .vault
                .key_for(kind)
                .ok()
                .flatten()
                .unwrap_or_else(|| ApiKey::new("")),
        }
    }
}

pub(crate) fn parse_id(id: &str, lang: Language) -> Result<Uuid, DeskError> {
    Uuid::parse_str(id.trim()).map_err(|_| {
        let message = lang.say(
            "A customer id looks like 3c90c3cc-0d44-4b50-8888-8dd25736052a.",
            "Um id de cliente tem esta forma: 3c90c3cc-0d44-4b50-8888-8dd25736052a.",
        );
        DeskError::validation(message, vec![FieldError::new("id", message)])
    })
}

fn unset(kind: EnvironmentKind) -> KeyStatus {
    KeyStatus {
        environment: kind,
        is_set: false,
        last_four: None,
    }
}

fn report(
    environment: EnvironmentKind,
    base_url: String,
    outcome: ConnectionOutcome,
    detail: String,
    started: Instant,
) -> ConnectionReport {
    ConnectionReport {
        environment,
        base_url,
        outcome,
        detail,
        elapsed_ms: started.elapsed().as_millis().min(u32::MAX as u128) as u32,
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_before_any_request() {
        assert!(parse_id("3c90c3cc-0d44-4b50-8888-8dd25736052a", Language::En).is_ok());
        let refused = parse_id("not-an-id", Language::PtBr).unwrap_err();
        assert_eq!(refused.fields()[0].field, "id");
        assert!(refused.fields()[0].message.starts_with("Um id de cliente"));
    }
}
