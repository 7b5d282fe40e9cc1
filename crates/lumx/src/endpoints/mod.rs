//! One method per API operation, as inherent methods on [`Client`](crate::Client).
//!
//! Every mutating method takes `key: Option<IdempotencyKey>`: pass a key you
//! persisted (e.g. with a draft) to make a retry after a crash safe; pass
//! `None` to have one generated. Either way the same key is used on every
//! automatic retry of that call.

pub mod accounts;
pub mod customers;
pub mod documents;
pub mod parties;
pub mod verifications;
