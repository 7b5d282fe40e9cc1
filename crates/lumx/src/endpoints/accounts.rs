//! `GET /accounts`.

use futures_util::Stream;
use reqwest::Method;
use uuid::Uuid;

use super::customers::page_query;
use crate::models::Account;
use crate::pagination::paginate;
use crate::{Client, Page, Result};

/// Page request for `GET /accounts`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAccounts {
    /// Only this customer's accounts.
    pub customer_id: Option<Uuid>,
    /// Page size (1..=100).
    pub size: Option<u32>,
    /// Cursor from a previous page.
    pub cursor: Option<String>,
}

impl Client {
    /// `GET /accounts` — one page.
    pub async fn list_accounts(&self, req: &ListAccounts) -> Result<Page<Account>> {
        let mut call = self.call(Method::GET, "/accounts".into());
        call.query = page_query(req.size, &req.cursor);
        if let Some(id) = req.customer_id {
            call.query.push(("customerId", id.to_string()));
        }
        self.execute(call).await?.json()
    }

    /// Every account (optionally of one customer), following cursors.
    pub fn accounts_stream(
        &self,
        customer_id: Option<Uuid>,
        size: Option<u32>,
    ) -> impl Stream<Item = Result<Account>> + Send + 'static {
        let client = self.clone();
        paginate(move |cursor| {
            let client = client.clone();
            async move {
                client
                    .list_accounts(&ListAccounts {
                        customer_id,
                        size,
                        cursor,
                    })
                    .await
            }
        })
    }
}
