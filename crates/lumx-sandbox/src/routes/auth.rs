//! Bearer-token check, applied to every route (control routes included).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::Shared;
use crate::token::token_matches;

/// Who is calling (the idempotency scope). The sandbox accepts one token, which plays
/// the integrator's API key; it is drawn anew at every launch for safety, while a real
/// API key stays the same, so the scope is fixed: keys cached before a restart (state
/// file) still replay after it, as they do on Lumx.
#[derive(Clone)]
pub struct ApiScope(pub String);

const SCOPE: &str = "integrator";

pub async fn auth(State(shared): State<Arc<Shared>>, mut req: Request, next: Next) -> Response {
    shared.counters.requests.fetch_add(1, Ordering::Relaxed);
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return ApiError::unauthorized("Missing Authorization header").into_response();
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return ApiError::unauthorized("Authorization header must be 'Bearer <API_KEY>'")
            .into_response();
    };
    if !token_matches(token, &shared.token) {
        return ApiError::unauthorized("Invalid API key").into_response();
    }
    req.extensions_mut().insert(ApiScope(SCOPE.into()));
    next.run(req).await
}
