//! Sandbox-only control routes under `/_sandbox` (authenticated, never faulted).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::{path_uuid, JsonBody};
use crate::config::FaultConfig;
use crate::error::{ApiError, ApiResult};
use crate::state::{customer_not_found, Shared};
use crate::views::{self, CustomerViewOptions};
use crate::{lifecycle, seed as seeder, stats};

/// Simulates the customer accepting the Terms of Service on the hosted page.
pub async fn accept_tos(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = path_uuid(&id, customer_not_found)?;
    let view = s.write(|store, now, _| {
        if !lifecycle::accept_tos(store, id, now) {
            return Err(customer_not_found());
        }
        Ok(views::customer(
            &store.customers[&id],
            &store.accounts,
            CustomerViewOptions::default(),
        ))
    })?;
    Ok(Json(view))
}

pub async fn get_faults(State(s): State<Arc<Shared>>) -> Json<Value> {
    let f = s.faults.lock().unwrap_or_else(|e| e.into_inner());
    Json(json!(f.config()))
}

pub async fn set_faults(
    State(s): State<Arc<Shared>>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let cfg: FaultConfig = serde_json::from_value(body)
        .map_err(|e| ApiError::bad_request(format!("Invalid fault configuration: {e}")))?;
    cfg.validate().map_err(ApiError::bad_request)?;
    s.faults
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .set(cfg.clone());
    Ok(Json(json!(cfg)))
}

pub async fn stats(State(s): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(stats::collect(&s)))
}

pub async fn seed(
    State(s): State<Arc<Shared>>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let count = body.get("count").and_then(Value::as_u64);
    let count = match count {
        Some(n) if (1..=100_000).contains(&n) => n as usize,
        _ => {
            return Err(ApiError::field(
                "count",
                "must be an integer between 1 and 100000",
            ))
        }
    };
    let seed = match body.get("seed") {
        None | Some(Value::Null) => rand::random::<u64>(),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| ApiError::field("seed", "must be a non-negative integer"))?,
    };
    let created = seeder::seed_shared(&s, count, seed);
    let total = s.read(|store, _| store.customers.len());
    Ok((
        StatusCode::CREATED,
        Json(json!({ "created": created, "seed": seed, "customers": total })),
    ))
}
