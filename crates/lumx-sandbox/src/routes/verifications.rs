//! `POST /customers/{id}/verifications` and the legacy `GET` read.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::{path_uuid, OptionalJsonBody};
use crate::error::ApiResult;
use crate::lifecycle;
use crate::state::{customer_not_found, Shared};
use crate::validation;

pub async fn start(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    OptionalJsonBody(body): OptionalJsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let id = path_uuid(&id, customer_not_found)?;
    let party_ids = validation::verification_request(body.as_ref())?;
    let delays = s.delays;
    let vid = s.write(|store, now, fx| {
        lifecycle::start_verification(store, id, party_ids, now, &delays, fx)
    })?;
    Ok((StatusCode::CREATED, Json(json!({ "id": vid }))))
}

/// [MID]/[OLD] shape with [NEW] statuses; parties listed under `associatedParties`.
pub async fn legacy(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = path_uuid(&id, customer_not_found)?;
    s.read(|store, _| {
        let c = store.customer(id)?;
        let mut v = json!({
            "customerId": c.id,
            "status": c.verification.status.as_str(),
            "level": c.verification.level,
        });
        if let Some(r) = &c.verification.status_reason {
            v["statusReason"] = json!(r);
        }
        v["associatedParties"] = c
            .parties
            .iter()
            .map(|p| {
                let mut e = json!({"id": p.id, "status": p.verification.status.as_str()});
                if let Some(r) = &p.verification.status_reason {
                    e["statusReason"] = json!(r);
                }
                e
            })
            .collect();
        Ok(Json(v))
    })
}
