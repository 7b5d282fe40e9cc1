//! `Customers`: the customer directory of the current environment (loaded page by page,
//! queried locally), one customer's view, and the customer-level actions outside the
//! wizard (ToS link, local terms acceptance).

use std::sync::{Arc, RwLock};

use futures_util::StreamExt;
use lumx::{GetCustomerOptions, ListCustomers};
use serde::Serialize;
use specta::Type;

use crate::confirmation::ConfirmationNeeded;
use crate::customer_view::{self, CustomerView};
use crate::directory::{Directory, DirectoryPage, DirectoryQuery};
use crate::environment::EnvironmentKind;
use crate::error::DeskError;
use crate::ledger::Ledger;
use crate::session::{parse_id, Session};
use crate::status_watch::StatusWatch;
use crate::tos::TosLinkView;

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

pub struct Customers {
    session: Arc<Session>,
    ledger: Arc<Ledger>,
    status_watch: Arc<StatusWatch>,
    directory: RwLock<Directory>,
}

impl Customers {
    pub fn new(session: Arc<Session>, ledger: Arc<Ledger>, status_watch: Arc<StatusWatch>) -> Self {
        Self {
            session,
            ledger,
            status_watch,
            directory: RwLock::new(Directory::default()),
        }
    }

    /// Empties the directory (the environment changed: customers of one environment
    /// never show in another).
    pub fn forget(&self) {
        write(&self.directory).clear();
    }

    /// Loads every customer of the current environment, page by page, reporting progress
    /// after each page. Queries can run meanwhile and see what is loaded so far.
    pub async fn load_directory(
        &self,
        mut on_progress: impl FnMut(DirectoryProgress),
    ) -> Result<DirectoryProgress, DeskError> {
        let generation = self.session.generation();
        let client = self.session.current_client().await?;
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
            if self.session.generation() != generation {
                return Err(DeskError::Cancelled {
                    message: self
                        .session
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

    pub fn query_directory(&self, query: &DirectoryQuery) -> DirectoryPage {
        read(&self.directory).query(query)
    }

    pub async fn customer_view(&self, id: &str) -> Result<CustomerView, DeskError> {
        let id = parse_id(id, self.session.language())?;
        let client = self.session.current_client().await?;
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
        view.confirmation =
            ConfirmationNeeded::for_customer(self.session.environment(), &view.display_name);
        view.can_accept_terms_locally = self.session.environment() == EnvironmentKind::LocalSandbox;
        self.status_watch.seen_at(
            &view.id,
            &view.display_name,
            &view.status,
            &crate::status_watch::changed_at(&customer),
        )?;
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
        let client = self.session.current_client().await?;
        let customer = client
            .get_customer(
                parse_id(id, self.session.language())?,
                GetCustomerOptions::default(),
            )
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
        let id = parse_id(id, self.session.language())?;
        let client = self.session.current_client().await?;
        if self.session.environment().is_production() {
            let customer = client
                .get_customer(id, GetCustomerOptions::default())
                .await?;
            let name = customer.legal_name.or(customer.name).unwrap_or_default();
            let needed = ConfirmationNeeded::for_customer(self.session.environment(), &name);
            ConfirmationNeeded::check(needed.as_ref(), confirmation, self.session.language())?;
        }
        crate::tos::send_tos_link(&self.session, &self.ledger, id, None).await
    }

    /// Sandbox-only: marks the customer's Terms of Service as accepted, so a practising
    /// analyst can continue without a browser.
    pub async fn local_accept_terms(&self, id: &str) -> Result<(), DeskError> {
        if self.session.environment() != EnvironmentKind::LocalSandbox {
            return Err(DeskError::Forbidden {
                message: self.session.language().say("Only the Local sandbox can mark terms as accepted; real customers accept them on the Lumx page.", "Só o Sandbox local pode marcar os termos como aceitos; clientes reais os aceitam na página da Lumx.").into(),
            });
        }
        let id = parse_id(id, self.session.language())?;
        let handle = self
            .session
            .local_sandbox()
            .handle()
            .await
            .map_err(|e| DeskError::internal(e.to_string()))?;
        let result: Result<(), DeskError> = if handle.accept_terms(id) {
            Ok(())
        } else {
            Err(DeskError::NotFound {
                message: self
                    .session
                    .language()
                    .say(
                        "No such customer in the Local sandbox.",
                        "Este cliente não existe no Sandbox local.",
                    )
                    .into(),
            })
        };
        self.ledger.record(
            self.session.environment().slug(),
            crate::audit::AuditRecord {
                action: "local sandbox: mark terms accepted".into(),
                customer_id: Some(id.to_string()),
                summary: serde_json::json!({}),
                ..Default::default()
            },
            &result,
        );
        result
    }
}

fn read<T>(m: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(m: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}
