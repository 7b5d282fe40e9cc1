//! `Desk`: the state of one running Lumx Desk — the chosen environment, API keys, one
//! client per environment, the local sandbox and the customer directory — and every
//! operation the commands expose. Tauri commands are thin adapters over these methods.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use lumx::{ApiKey, Client, Environment, GetCustomerOptions, ListCustomers};
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use crate::connection::{classify, ConnectionOutcome, ConnectionReport};
use crate::customer_view::{self, CustomerView};
use crate::directory::{Directory, DirectoryPage, DirectoryQuery};
use crate::environment::EnvironmentKind;
use crate::error::{DeskError, FieldError};
use crate::local_sandbox::LocalSandbox;
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryProgress {
    pub loaded: u32,
    /// Reported by the API's pagination, when it does.
    pub total: Option<u32>,
    /// Records that could not be read so far (listed by the directory query).
    pub unreadable: u32,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TosLinkView {
    pub url: String,
    pub expires_at: String,
}

pub struct Desk {
    settings_file: SettingsFile,
    settings: Mutex<Settings>,
    vault: ApiKeyVault<Box<dyn SecretStore>>,
    local: LocalSandbox,
    clients: Mutex<HashMap<EnvironmentKind, Client>>,
    directory: RwLock<Directory>,
    /// Bumped when the environment changes, so a directory load in flight stops.
    generation: AtomicU64,
    pub(crate) onboarding: crate::onboarding::Onboarding,
    /// The UI's language, for messages composed in Rust (validation, file problems).
    language: Mutex<crate::locale::Language>,
}

const USER_AGENT: &str = concat!("LumxDesk/", env!("CARGO_PKG_VERSION"));

impl Desk {
    pub fn new(
        settings_file: SettingsFile,
        secrets: Box<dyn SecretStore>,
        local: LocalSandbox,
        onboarding: crate::onboarding::Onboarding,
    ) -> Self {
        let settings = settings_file.load();
        Self {
            settings_file,
            settings: Mutex::new(settings),
            vault: ApiKeyVault::new(secrets),
            local,
            clients: Mutex::new(HashMap::new()),
            directory: RwLock::new(Directory::default()),
            generation: AtomicU64::new(0),
            onboarding,
            language: Mutex::new(crate::locale::Language::En),
        }
    }

    pub fn language(&self) -> crate::locale::Language {
        *lock(&self.language)
    }

    pub fn set_language(&self, language: crate::locale::Language) {
        *lock(&self.language) = language;
    }

    pub fn environment(&self) -> EnvironmentKind {
        lock(&self.settings).environment
    }

    /// Switching empties the directory: customers of one environment never show in another.
    pub fn set_environment(&self, kind: EnvironmentKind) -> Result<(), DeskError> {
        let mut settings = lock(&self.settings);
        if settings.environment == kind {
            return Ok(());
        }
        settings.environment = kind;
        self.settings_file
            .save(&settings)
            .map_err(|e| DeskError::internal(format!("Could not save settings: {e}")))?;
        self.generation.fetch_add(1, Ordering::SeqCst);
        write(&self.directory).clear();
        Ok(())
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

    /// Loads every customer of the current environment, page by page, reporting progress
    /// after each page. Queries can run meanwhile and see what is loaded so far.
    pub async fn load_directory(
        &self,
        mut on_progress: impl FnMut(DirectoryProgress),
    ) -> Result<DirectoryProgress, DeskError> {
        let generation = self.generation.load(Ordering::SeqCst);
        let client = self.current_client().await?;
        write(&self.directory).clear();
        let mut cursor = None;
        let mut loaded = 0u32;
        let mut pages = 0u32;
        // A server that hands back a cursor it gave before would loop forever.
        let mut seen_cursors = std::collections::HashSet::new();
        loop {
            let page = client
                .list_customers(&ListCustomers {
                    size: Some(100),
                    cursor: cursor.clone(),
                })
                .await?;
            if self.generation.load(Ordering::SeqCst) != generation {
                return Err(DeskError::Cancelled {
                    message: self
                        .language()
                        .say(
                            "The environment changed while the directory was loading.",
                            "O ambiente mudou enquanto a lista de clientes carregava.",
                        )
                        .into(),
                });
            }
            pages += 1;
            loaded += page.data.len() as u32;
            let unreadable = {
                let mut directory = write(&self.directory);
                directory.extend(page.data.iter());
                directory.record_unreadable(pages, page.data.unreadable());
                directory.unreadable_count()
            };
            let total = page
                .pagination
                .as_ref()
                .and_then(|p| p.total)
                .map(|t| t as u32);
            let next = page
                .pagination
                .as_ref()
                .filter(|p| p.has_next_page)
                .and_then(|p| p.next_cursor.clone())
                .filter(|c| !c.is_empty());
            let repeated = next
                .as_ref()
                .is_some_and(|c| !seen_cursors.insert(c.clone()));
            if repeated {
                tracing::warn!(pages, "the customer listing repeated a cursor; stopping");
            }
            let empty = page.data.is_empty() && page.data.unreadable().is_empty();
            let progress = DirectoryProgress {
                loaded,
                total,
                unreadable,
                done: next.is_none() || empty || repeated,
            };
            on_progress(progress);
            if progress.done {
                return Ok(progress);
            }
            cursor = next;
        }
    }

    pub fn audit_log(&self) -> &crate::audit::AuditLog {
        &self.onboarding.audit
    }

    pub fn onboarding_drafts(&self) -> &crate::drafts::DraftStore {
        &self.onboarding.drafts
    }

    pub fn query_directory(&self, query: &DirectoryQuery) -> DirectoryPage {
        read(&self.directory).query(query)
    }

    pub async fn customer_view(&self, id: &str) -> Result<CustomerView, DeskError> {
        let id = parse_id(id)?;
        let client = self.current_client().await?;
        let customer = client
            .get_customer(
                id,
                GetCustomerOptions {
                    include_balances: true,
                    include_transaction_limits: true,
                },
            )
            .await?;
        let is_business = customer.customer_type == lumx::models::CustomerType::Business;
        let parties = async {
            if is_business {
                client.list_associated_parties(id).await
            } else {
                Ok(Default::default())
            }
        };
        let accounts = client
            .accounts_stream(Some(id), Some(100))
            .collect::<Vec<_>>();
        let (parties, accounts) = tokio::join!(parties, accounts);
        let accounts: Vec<_> = accounts.into_iter().collect::<Result<_, _>>()?;
        // Keep the directory row in step with what was just read.
        write(&self.directory).extend([&customer]);
        let parties = parties?;
        let mut view = customer_view::build(&customer, &parties, &accounts);
        view.unreadable.extend(
            parties
                .unreadable()
                .iter()
                .map(|u| format!("{}: {}", u.path("associatedParties"), u.reason)),
        );
        Ok(view)
    }

    /// The full tax id, for an explicit "reveal" click in the customer view.
    pub async fn reveal_tax_id(&self, id: &str) -> Result<String, DeskError> {
        let client = self.current_client().await?;
        let customer = client
            .get_customer(parse_id(id)?, GetCustomerOptions::default())
            .await?;
        Ok(customer.tax_id.unwrap_or_default())
    }

    /// `POST /customers/{id}/tos`. In Production the analyst must have typed the
    /// customer's name or "PRODUCTION".
    pub async fn create_tos_link(
        &self,
        id: &str,
        confirmation: Option<&str>,
    ) -> Result<TosLinkView, DeskError> {
        let id = parse_id(id)?;
        let client = self.current_client().await?;
        if self.environment().is_production() {
            let customer = client
                .get_customer(id, GetCustomerOptions::default())
                .await?;
            let name = customer.legal_name.or(customer.name).unwrap_or_default();
            require_production_confirmation(confirmation, &name)?;
        }
        self.send_tos_link(id, None).await
    }

    /// Asks Lumx for a new ToS link (journaled like every mutation; every request is a
    /// new one, so it never replays an older link).
    pub(crate) async fn send_tos_link(
        &self,
        id: Uuid,
        draft_id: Option<&str>,
    ) -> Result<TosLinkView, DeskError> {
        use crate::journal::{Intent, OperationKind};
        let client = self.current_client().await?;
        let body = lumx::models::TosLinkRequest::default();
        let intent = Intent {
            environment: self.environment().slug().to_string(),
            kind: OperationKind::TosLink,
            target: format!("customer:{id}:tos_link"),
            customer_id: Some(id.to_string()),
            draft_id: draft_id.map(str::to_owned),
            party_id: None,
            fingerprint: crate::journal::fingerprint(&(id, &body, Uuid::new_v4())),
            summary: serde_json::json!({}),
        };
        let link = match self
            .send_once(intent, None, |k| client.create_tos_link(id, &body, Some(k)))
            .await?
        {
            crate::operations::Sent::Now(result, _) => result?,
            crate::operations::Sent::Before(_) => {
                return Err(DeskError::internal("a ToS link request was repeated"))
            }
        };
        Ok(TosLinkView {
            url: link.url,
            expires_at: link
                .expires_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        })
    }

    /// Sandbox-only: marks the customer's Terms of Service as accepted, so a practising
    /// analyst can continue without a browser.
    pub async fn local_accept_terms(&self, id: &str) -> Result<(), DeskError> {
        if self.environment() != EnvironmentKind::LocalSandbox {
            return Err(DeskError::Forbidden {
                message: self.language().say("Only the Local sandbox can mark terms as accepted; real customers accept them on the Lumx page.", "Só o Sandbox local pode marcar os termos como aceitos; clientes reais os aceitam na página da Lumx.").into(),
            });
        }
        let id = parse_id(id)?;
        let handle = self
            .local
            .handle()
            .await
            .map_err(|e| DeskError::internal(e.to_string()))?;
        let accepted = handle.accept_terms(id);
        let result: Result<(), DeskError> = if accepted {
            Ok(())
        } else {
            Err(DeskError::NotFound {
                message: self
                    .language()
                    .say(
                        "No such customer in the Local sandbox.",
                        "Este cliente não existe no Sandbox local.",
                    )
                    .into(),
            })
        };
        self.audit(
            crate::audit::AuditRecord {
                action: "local sandbox: mark terms accepted".into(),
                customer_id: Some(id.to_string()),
                summary: serde_json::json!({}),
                ..Default::default()
            },
            &result,
        );
        if accepted {
            Ok(())
        } else {
            Err(DeskError::NotFound {
                message: self
                    .language()
                    .say(
                        "No such customer in the Local sandbox.",
                        "Este cliente não existe no Sandbox local.",
                    )
                    .into(),
            })
        }
    }
}

/// Production mutations need the customer's name (case-insensitive) or "PRODUCTION"
/// typed by the analyst; checked here, in Rust, so no UI path can skip it.
pub fn require_production_confirmation(
    confirmation: Option<&str>,
    customer_name: &str,
) -> Result<(), DeskError> {
    let typed = confirmation.map(str::trim).unwrap_or_default();
    let ok = typed == "PRODUCTION"
        || (!customer_name.trim().is_empty() && typed.eq_ignore_ascii_case(customer_name.trim()));
    if ok {
        Ok(())
    } else {
        let message = "This is Production: type the customer's name or PRODUCTION to confirm.";
        Err(DeskError::validation(
            message,
            vec![FieldError::new("confirmation", message)],
        ))
    }
}

fn parse_id(id: &str) -> Result<Uuid, DeskError> {
    Uuid::parse_str(id.trim()).map_err(|_| {
        let message = "A customer id looks like 3c90c3cc-0d44-4b50-8888-8dd25736052a.";
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
fn read<T>(m: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}
fn write<T>(m: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_confirmation_accepts_the_name_or_the_word() {
        assert!(require_production_confirmation(Some("PRODUCTION"), "Lumx S.A").is_ok());
        assert!(require_production_confirmation(Some(" lumx s.a "), "Lumx S.A").is_ok());
        for bad in [None, Some(""), Some("production"), Some("Lumx")] {
            let err = require_production_confirmation(bad, "Lumx S.A").unwrap_err();
            assert_eq!(err.fields()[0].field, "confirmation", "{bad:?}");
        }
        // An empty name must not make an empty confirmation valid.
        assert!(require_production_confirmation(Some(""), "").is_err());
    }

    #[test]
    fn ids_are_checked_before_any_request() {
        assert!(parse_id("3c90c3cc-0d44-4b50-8888-8dd25736052a").is_ok());
        assert_eq!(parse_id("not-an-id").unwrap_err().fields()[0].field, "id");
    }
}
