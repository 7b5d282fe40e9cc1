//! `GET /accounts` with `customerId`, `size`, `cursor`.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use super::{paginate, query, QueryMap};
use crate::error::{ApiError, ApiResult};
use crate::models::Account;
use crate::state::Shared;
use crate::validation;
use crate::views;

pub async fn list(State(s): State<Arc<Shared>>, q: QueryMap) -> ApiResult<Json<Value>> {
    let q = query(q)?;
    let page = validation::page_query(&q)?;
    let customer = match q.get("customerId").filter(|v| !v.is_empty()) {
        None => None,
        Some(raw) => Some(
            validation::parse_uuid(raw)
                .ok_or_else(|| ApiError::field("customerId", "must be a UUID"))?,
        ),
    };
    s.read(|store, _| {
        let mut all: Vec<&Account> = store
            .accounts
            .values()
            .filter(|a| customer.is_none_or(|c| a.customer_id == c))
            .collect();
        all.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.seq.cmp(&a.seq)));
        let (items, pagination) = paginate(&all, |a| a.id, page)?;
        let data: Vec<Value> = items.iter().map(|a| views::account(a)).collect();
        Ok(Json(json!({ "data": data, "pagination": pagination })))
    })
}
