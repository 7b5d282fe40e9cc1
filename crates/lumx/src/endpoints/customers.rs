//! `POST /customers`, `GET /customers/{id}`, `GET /customers`,
//! `PATCH /customers/{id}/additional-information`.

use futures_util::Stream;
use reqwest::Method;
use uuid::Uuid;

use crate::models::{AdditionalInformation, Customer, NewCustomer};
use crate::pagination::paginate;
use crate::{Client, IdempotencyKey, Page, Result};

/// Query flags for reading a customer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetCustomerOptions {
    /// `includeBalances=true`.
    pub include_balances: bool,
    /// `includeTransactionLimits=true`.
    pub include_transaction_limits: bool,
}

/// Page request for `GET /customers`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCustomers {
    /// Page size (1..=100, server default 25).
    pub size: Option<u32>,
    /// Cursor from a previous page.
    pub cursor: Option<String>,
}

pub(crate) fn page_query(
    size: Option<u32>,
    cursor: &Option<String>,
) -> Vec<(&'static str, String)> {
    let mut q = Vec::new();
    if let Some(s) = size {
        q.push(("size", s.to_string()));
    }
    if let Some(c) = cursor {
        q.push(("cursor", c.clone()));
    }
    q
}

impl Client {
    /// `POST /customers`.
    pub async fn create_customer(
        &self,
        body: &NewCustomer,
        key: Option<IdempotencyKey>,
    ) -> Result<Customer> {
        let call = self.mutation(Method::POST, "/customers".into(), Some(body), key)?;
        self.execute(call).await?.json()
    }

    /// `GET /customers/{id}`.
    pub async fn get_customer(&self, id: Uuid, opts: GetCustomerOptions) -> Result<Customer> {
        let mut call = self.call(Method::GET, format!("/customers/{id}"));
        if opts.include_balances {
            call.query.push(("includeBalances", "true".into()));
        }
        if opts.include_transaction_limits {
            call.query.push(("includeTransactionLimits", "true".into()));
        }
        self.execute(call).await?.json()
    }

    /// `GET /customers` — one page.
    pub async fn list_customers(&self, req: &ListCustomers) -> Result<Page<Customer>> {
        let mut call = self.call(Method::GET, "/customers".into());
        call.query = page_query(req.size, &req.cursor);
        self.execute(call).await?.json()
    }

    /// Every customer, following cursors page by page (`size` per request).
    pub fn customers_stream(
        &self,
        size: Option<u32>,
    ) -> impl Stream<Item = Result<Customer>> + Send + 'static {
        let client = self.clone();
        paginate(move |cursor| {
            let client = client.clone();
            async move { client.list_customers(&ListCustomers { size, cursor }).await }
        })
    }

    /// `PATCH /customers/{id}/additional-information` — returns the updated customer.
    pub async fn send_additional_information(
        &self,
        customer_id: Uuid,
        body: &AdditionalInformation,
        key: Option<IdempotencyKey>,
    ) -> Result<Customer> {
        let call = self.mutation(
            Method::PATCH,
            format!("/customers/{customer_id}/additional-information"),
            Some(body),
            key,
        )?;
        self.execute(call).await?.json()
    }
}
