//! Typed async client for the Lumx REST API: customers, KYC/KYB onboarding
//! (additional information, documents, associated parties, verifications, terms
//! of service), virtual fiat accounts and webhooks.
//!
//! The crate knows nothing about Tauri or any UI. The app holds one [`Client`]
//! per [`Environment`]; `Client` is `Clone + Send + Sync` and cloning it only
//! bumps a reference count.
//!
//! Design notes (why things are the way they are):
//! * Every enum the server may extend is an *open* enum with an `Unknown(String)`
//!   variant, so a new value from Lumx never turns into a decode failure.
//! * Every mutating call carries an [`IdempotencyKey`]; the same key is sent on
//!   every retry of one operation, and the caller may supply it (e.g. from a
//!   persisted draft) so that a retry after a crash cannot create duplicates.
//! * The retry decision is a pure function ([`RetryPolicy::decide_with`]) so it
//!   can be unit-tested branch by branch.
//! * Personal data never appears in `Debug` output and the API key never
//!   appears in `Debug`, `Display` or logs.
//!
//! ```no_run
//! # async fn demo() -> Result<(), lumx::Error> {
//! use lumx::{ApiKey, Client, Environment, IdempotencyKey};
//! use lumx::models::customer::{NewCustomer, NewIndividualCustomer};
//!
//! let client = Client::builder(Environment::Sandbox, ApiKey::new("sk_test_..."))
//!     .build()?;
//! let key = IdempotencyKey::new(); // persist this with the draft
//! let customer = client
//!     .create_customer(
//!         &NewCustomer::Individual(NewIndividualCustomer::new(
//!             "William Default",
//!             "123.456.789-00",
//!             time::macros::date!(1990 - 01 - 01),
//!             "BRA",
//!             "william@example.com",
//!         )),
//!         Some(key),
//!     )
//!     .await?;
//! println!("{}", customer.id);
//! # Ok(()) }
//! ```

mod auth;
mod client;
mod endpoints;
mod env;
mod error;
mod idempotency;
pub mod models;
mod pagination;
mod retry;
mod upload;
pub mod webhook;

pub use auth::ApiKey;
pub use client::{Client, ClientBuilder, Timeouts, MAX_RESPONSE_BODY};
pub use endpoints::accounts::ListAccounts;
pub use endpoints::customers::{GetCustomerOptions, ListCustomers};
pub use env::Environment;
pub use error::{Error, FieldError, FileChange, Result};
pub use idempotency::IdempotencyKey;
pub use pagination::{Page, Pagination};
pub use retry::{parse_retry_after, Decision, Outcome, RetryPolicy};
pub use upload::{DocumentUpload, ExpectedContent, ProgressFn, UploadOptions};

/// Re-exported so callers can cancel uploads without depending on tokio-util.
pub use tokio_util::sync::CancellationToken;
