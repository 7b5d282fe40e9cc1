//! Bearer-token check, applied to every route (control routes included).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::Shared;
use crate::token::token_matches;

/// Who is calling, as a short hash of the API key (idempotency scope; never the key).
#[derive(Clone)]
pub struct ApiScope(pub String);

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
    let scope = hex::encode(&Sha256::digest(token.as_bytes())[..8]);
    req.extensions_mut().insert(ApiScope(scope));
    next.run(req).await
}
