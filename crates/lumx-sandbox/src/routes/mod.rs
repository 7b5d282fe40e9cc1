//! HTTP surface: router assembly, auth, idempotency middleware, body extractors and
//! pagination shared by the endpoint modules.

mod accounts;
mod auth;
mod control;
mod customers;
mod documents;
mod host;
mod parties;
mod verifications;

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{DefaultBodyLimit, FromRequest, Query, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use axum::Router;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::idempotency::{self, Begin, CachedResponse};
use crate::state::Shared;
use crate::validation::PageQuery;

use auth::ApiScope;

/// JSON bodies are small; anything bigger is refused with 413.
const JSON_LIMIT: usize = 1024 * 1024;
/// 50 MB file + room for the multipart framing and text parts.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
const UPLOAD_BODY_LIMIT: usize = MAX_FILE_BYTES as usize + 1024 * 1024;

pub fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/customers", post(customers::create).get(customers::list))
        .route("/customers/{id}", get(customers::get_one))
        .route(
            "/customers/{id}/additional-information",
            patch(customers::additional_information),
        )
        .route(
            "/customers/{id}/documents",
            post(documents::upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/customers/{id}/associated-parties",
            post(parties::create).get(parties::list),
        )
        .route(
            "/customers/{id}/associated-parties/{party_id}",
            get(parties::get_one),
        )
        .route(
            "/customers/{id}/verifications",
            post(verifications::start).get(verifications::legacy),
        )
        .route("/customers/{id}/tos", post(customers::tos_link))
        .route("/accounts", get(accounts::list))
        .route_layer(from_fn_with_state(shared.clone(), idempotency_layer))
        .route_layer(from_fn_with_state(
            shared.clone(),
            crate::faults::middleware,
        ));
    let control = Router::new()
        .route(
            "/_sandbox/customers/{id}/tos/accept",
            post(control::accept_tos),
        )
        .route(
            "/_sandbox/faults",
            put(control::set_faults).get(control::get_faults),
        )
        .route("/_sandbox/stats", get(control::stats))
        .route("/_sandbox/seed", post(control::seed));
    Router::new()
        .merge(api)
        .merge(control)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(shared.clone(), auth::auth))
        // Outermost: a request for a foreign Host is refused before anything else.
        .layer(from_fn(host::loopback_only))
        .with_state(shared)
}

async fn not_found(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("Route {method} {} not found", uri.path()))
}

async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("Method {method} is not allowed on {}", uri.path()),
    )
}

// ---------- idempotency ----------

/// Scoped idempotency key handed to the upload handler, which hashes the parsed
/// multipart content itself.
#[derive(Clone)]
pub struct IdemKey(pub String);

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

pub fn is_multipart(headers: &HeaderMap) -> bool {
    content_type(headers) == "multipart/form-data"
}

fn is_json(headers: &HeaderMap) -> bool {
    content_type(headers) == "application/json"
}

async fn idempotency_layer(
    State(shared): State<Arc<Shared>>,
    mut req: Request,
    next: Next,
) -> Response {
    if !matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH) {
        return next.run(req).await;
    }
    let Some(raw) = req.headers().get("idempotency-key") else {
        return next.run(req).await;
    };
    let key = match raw
        .to_str()
        .map_err(|_| ())
        .and_then(|s| crate::validation::idempotency_key(s).map_err(|_| ()))
    {
        Ok(k) => k,
        Err(()) => return ApiError::field("Idempotency-Key", "must be a UUID v4").into_response(),
    };
    let scope = req
        .extensions()
        .get::<ApiScope>()
        .map(|s| s.0.clone())
        .unwrap_or_default();
    let scoped = idempotency::scoped_key(&scope, req.method().as_str(), req.uri().path(), key);
    if is_multipart(req.headers()) {
        req.extensions_mut().insert(IdemKey(scoped));
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, JSON_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large")
                .into_response()
        }
    };
    let hash = hex::encode(Sha256::digest(&bytes));
    let req = Request::from_parts(parts, Body::from(bytes));
    with_idempotency(&shared, scoped, hash, next.run(req)).await
}

/// Runs `work` at most once per scoped key and body hash; replays or refuses otherwise.
pub async fn with_idempotency(
    shared: &Arc<Shared>,
    scoped: String,
    hash: String,
    work: impl std::future::Future<Output = Response>,
) -> Response {
    match idempotency::begin(shared, scoped, hash).await {
        Err(e) => e.into_response(),
        Ok(Begin::Replay(cached)) => cached.replay(),
        Ok(Begin::Proceed(guard)) => {
            let (resp, cached) = capture(work.await).await;
            guard.complete(cached);
            resp
        }
    }
}

async fn capture(resp: Response) -> (Response, CachedResponse) {
    let (parts, body) = resp.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let cached = CachedResponse {
        status: parts.status.as_u16(),
        headers: parts
            .headers
            .iter()
            .filter(|(k, _)| idempotency::keep_header(k.as_str()))
            .filter_map(|(k, v)| Some((k.to_string(), v.to_str().ok()?.to_string())))
            .collect(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    (Response::from_parts(parts, Body::from(bytes)), cached)
}

// ---------- extractors and helpers ----------

/// A required JSON object body with `Content-Type: application/json`.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        match OptionalJsonBody::from_request(req, &()).await?.0 {
            Some(v) => Ok(JsonBody(v)),
            None => Err(ApiError::bad_request("Request body is required")),
        }
    }
}

/// An optional JSON body: empty is fine with any Content-Type; otherwise it must be JSON.
pub struct OptionalJsonBody(pub Option<Value>);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let json = is_json(req.headers());
        let has_type = req.headers().contains_key(header::CONTENT_TYPE);
        if has_type && !json {
            return Err(ApiError::unsupported_media("application/json"));
        }
        let bytes = to_bytes(req.into_body(), JSON_LIMIT)
            .await
            .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large"))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonBody(None));
        }
        if !json {
            return Err(ApiError::unsupported_media("application/json"));
        }
        let v: Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::bad_request(format!("Malformed JSON body: {e}")))?;
        if !v.is_object() {
            return Err(ApiError::bad_request("Request body must be a JSON object"));
        }
        Ok(OptionalJsonBody(Some(v)))
    }
}

pub type QueryMap =
    Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>;

pub fn query(q: QueryMap) -> ApiResult<HashMap<String, String>> {
    q.map(|Query(m)| m)
        .map_err(|e| ApiError::bad_request(format!("Invalid query string: {e}")))
}

/// Path ids that are not UUIDs name nothing, so they are 404s like unknown ids.
pub fn path_uuid(raw: &str, not_found: fn() -> ApiError) -> ApiResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| not_found())
}

/// Cursor pagination over a newest-first list. A cursor is the id of the first item
/// of the page it points to, so `nextCursor` and `previousCursor` work the same way.
pub fn paginate<T>(items: &[T], id: impl Fn(&T) -> Uuid, q: PageQuery) -> ApiResult<(&[T], Value)> {
    let start = match q.cursor {
        None => 0,
        Some(c) => items
            .iter()
            .position(|t| id(t) == c)
            .ok_or_else(|| ApiError::field("cursor", "does not match any item"))?,
    };
    let end = (start + q.size).min(items.len());
    let next = (end < items.len()).then(|| id(&items[end]));
    let prev = (start > 0).then(|| id(&items[start.saturating_sub(q.size)]));
    let pagination = json!({
        "size": q.size,
        "total": items.len(),
        "hasNextPage": next.is_some(),
        "hasPreviousPage": prev.is_some(),
        "nextCursor": next,
        "previousCursor": prev,
    });
    Ok((&items[start..end], pagination))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_walks_forward_and_back() {
        let ids: Vec<Uuid> = (0..5).map(|_| Uuid::new_v4()).collect();
        let page = |cursor| paginate(&ids, |u| *u, PageQuery { size: 2, cursor }).unwrap();
        let (first, p) = page(None);
        assert_eq!(first, &ids[0..2]);
        assert_eq!(p["hasPreviousPage"], false);
        assert_eq!(p["total"], 5);
        let next: Uuid = serde_json::from_value(p["nextCursor"].clone()).unwrap();
        let (second, p) = page(Some(next));
        assert_eq!(second, &ids[2..4]);
        let (third, p3) = page(Some(
            serde_json::from_value(p["nextCursor"].clone()).unwrap(),
        ));
        assert_eq!(third, &ids[4..5]);
        assert_eq!(p3["hasNextPage"], false);
        assert_eq!(p3["nextCursor"], Value::Null);
        let back: Uuid = serde_json::from_value(p3["previousCursor"].clone()).unwrap();
        assert_eq!(page(Some(back)).0, &ids[2..4]);
        assert!(paginate(
            &ids,
            |u| *u,
            PageQuery {
                size: 2,
                cursor: Some(Uuid::new_v4())
            }
        )
        .is_err());
    }
}
