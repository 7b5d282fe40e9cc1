//! `/customers/{id}/associated-parties` (BUSINESS customers only).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use uuid::Uuid;

use super::{path_uuid, JsonBody};
use crate::error::{ApiError, ApiResult};
use crate::lifecycle;
use crate::state::{customer_not_found, Shared, Store};
use crate::validation;
use crate::views;

fn party_not_found() -> ApiError {
    ApiError::not_found("Associated party not found!")
}

fn party_view(store: &Store, customer_id: Uuid, party_id: Uuid) -> ApiResult<Value> {
    let c = store.customer(customer_id)?;
    let idx = c
        .parties
        .iter()
        .position(|p| p.id == party_id)
        .ok_or_else(party_not_found)?;
    Ok(views::parties(c).swap_remove(idx))
}

pub async fn create(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let id = path_uuid(&id, customer_not_found)?;
    let new = validation::new_party(&body, s.now().date())?;
    let view = s.write(|store, now, _| {
        let party_id = lifecycle::add_party(store, id, new, now)?;
        party_view(store, id, party_id)
    })?;
    Ok((StatusCode::CREATED, Json(view)))
}

pub async fn list(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let id = path_uuid(&id, customer_not_found)?;
    s.read(|store, _| Ok(Json(json!({ "data": views::parties(store.customer(id)?) }))))
}

pub async fn get_one(
    State(s): State<Arc<Shared>>,
    Path((id, party_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let id = path_uuid(&id, customer_not_found)?;
    let party_id = path_uuid(&party_id, party_not_found)?;
    s.read(|store, _| party_view(store, id, party_id).map(Json))
}
