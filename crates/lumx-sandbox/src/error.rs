//! The uniform error body: `{"error", "message", "details"?, "logId"}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Map, Value};
use uuid::Uuid;

/// One failed field in a validation error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub details: Vec<FieldError>,
    /// Extra top-level members (e.g. `customer` on a duplicate-taxId conflict).
    pub extra: Vec<(String, Value)>,
    pub headers: Vec<(header::HeaderName, HeaderValue)>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            details: Vec::new(),
            extra: Vec::new(),
            headers: Vec::new(),
        }
    }

    pub fn validation(details: Vec<FieldError>) -> Self {
        let mut e = Self::new(StatusCode::BAD_REQUEST, "Invalid request parameters");
        e.details = details;
        e
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn field(field: &str, message: &str) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    pub fn unsupported_media(expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Content-Type must be {expected}"),
        )
    }

    pub fn with_extra(mut self, key: &str, value: Value) -> Self {
        self.extra.push((key.to_string(), value));
        self
    }

    pub fn with_header(mut self, name: header::HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn body(&self) -> Value {
        let mut body = Map::new();
        let reason = self.status.canonical_reason().unwrap_or("Error");
        body.insert("error".into(), json!(reason));
        body.insert("message".into(), json!(self.message));
        if !self.details.is_empty() {
            body.insert("details".into(), json!(self.details));
        }
        for (k, v) in &self.extra {
            body.insert(k.clone(), v.clone());
        }
        body.insert("logId".into(), json!(Uuid::new_v4()));
        Value::Object(body)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (self.status, axum::Json(self.body())).into_response();
        for (k, v) in self.headers {
            resp.headers_mut().insert(k, v);
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_body_has_reason_phrase_details_and_log_id() {
        let b = ApiError::field("email", "must be a valid email address").body();
        assert_eq!(b["error"], "Bad Request");
        assert_eq!(b["details"][0]["field"], "email");
        assert!(Uuid::parse_str(b["logId"].as_str().unwrap()).is_ok());
    }

    #[test]
    fn non_validation_errors_have_no_details() {
        let b = ApiError::not_found("Customer not found!").body();
        assert_eq!(b["error"], "Not Found");
        assert!(b.get("details").is_none());
    }
}
