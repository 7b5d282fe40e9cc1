//! `/customers`, `/customers/{id}`, additional information and the ToS link.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use uuid::Uuid;

use super::{paginate, path_uuid, query, JsonBody, OptionalJsonBody, QueryMap};
use crate::error::ApiResult;
use crate::lifecycle;
use crate::models::Customer;
use crate::state::{customer_not_found, Shared};
use crate::validation;
use crate::views::{self, CustomerViewOptions};

pub async fn create(
    State(s): State<Arc<Shared>>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let new = validation::new_customer(&body, s.now().date())?;
    let view = s.write(|store, now, fx| {
        let id = lifecycle::create_customer(store, new, now, fx)?;
        Ok(views::customer(
            &store.customers[&id],
            &store.accounts,
            CustomerViewOptions::default(),
        ))
    })?;
    Ok((StatusCode::CREATED, Json(view)))
}

pub async fn list(State(s): State<Arc<Shared>>, q: QueryMap) -> ApiResult<Json<Value>> {
    let page = validation::page_query(&query(q)?)?;
    s.read(|store, _| {
        let mut all: Vec<&Customer> = store.customers.values().collect();
        all.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.seq.cmp(&a.seq)));
        let (items, pagination) = paginate(&all, |c| c.id, page)?;
        let malformed_rate = s
            .faults
            .lock()
            .map_or(0.0, |f| f.config().malformed_record_rate);
        let data: Vec<Value> = items
            .iter()
            .map(|c| {
                let view = views::customer(c, &store.accounts, CustomerViewOptions::default());
                crate::faults::maybe_malformed(view, c.id, malformed_rate)
            })
            .collect();
        Ok(Json(json!({ "data": data, "pagination": pagination })))
    })
}

pub async fn get_one(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    q: QueryMap,
) -> ApiResult<Json<Value>> {
    let id = path_uuid(&id, customer_not_found)?;
    let q = query(q)?;
    let opts = CustomerViewOptions {
        include_balances: validation::bool_query(&q, "includeBalances")?,
        include_transaction_limits: validation::bool_query(&q, "includeTransactionLimits")?,
    };
    let (malformed_rate, untyped) = s.faults.lock().map_or((0.0, false), |f| {
        let c = f.config();
        (c.malformed_record_rate, c.untyped_document_reason)
    });
    s.read(|store, _| {
        let view = views::customer(store.customer(id)?, &store.accounts, opts);
        let view = crate::faults::maybe_malformed_entry(view, id, malformed_rate);
        Ok(Json(crate::faults::maybe_untyped_reason(view, untyped)))
    })
}

pub async fn additional_information(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let id = path_uuid(&id, customer_not_found)?;
    let view = s.write(|store, now, _| {
        let kind = store.customer(id)?.kind;
        let info = validation::additional_information(&body, kind)?;
        lifecycle::set_additional_information(store, id, info, now)?;
        Ok(views::customer(
            &store.customers[&id],
            &store.accounts,
            CustomerViewOptions::default(),
        ))
    })?;
    Ok(Json(view))
}

/// `POST /customers/{id}/tos`: a 24-hour sandbox acceptance link. Acceptance itself
/// happens on a hosted page; here it is simulated by the `/_sandbox` control route.
pub async fn tos_link(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    OptionalJsonBody(body): OptionalJsonBody,
) -> ApiResult<Json<Value>> {
    let id = path_uuid(&id, customer_not_found)?;
    validation::tos_request(body.as_ref())?;
    s.read(|store, now| {
        store.customer(id)?;
        let token = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
        Ok(Json(json!({
            "url": format!("https://dashboard.lumx.io/tos/sandbox/{token}"),
            "expiresAt": views::ts(now + time::Duration::hours(24)),
        })))
    })
}
