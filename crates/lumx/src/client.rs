//! The HTTP core: configuration, authentication header, and the retry loop
//! shared by every endpoint.
//!
//! Endpoints describe a request as a [`Call`]; [`Client::execute`] sends it,
//! feeds each attempt's outcome to the pure [`RetryPolicy`] and sleeps between
//! attempts. The idempotency key is fixed *before* the first attempt, so every
//! retry of one operation carries the same key.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use tokio_util::sync::CancellationToken;
use zeroize::Zeroizing;

use crate::error::{decode_json, ErrorBody};
use crate::retry::{Decision, Outcome, RetryPolicy};
use crate::upload::PreparedUpload;
use crate::{ApiKey, Environment, Error, IdempotencyKey, Result};

/// Header carrying the idempotency key.
pub(crate) const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
/// Response header set when the server replayed a cached response.
pub(crate) const CACHED_HEADER: &str = "X-Idempotency-Cached";

/// Timeout budgets. Uploads get their own, larger budget because a 50 MB
/// document on a slow uplink legitimately takes minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP/TLS connect.
    pub connect: Duration,
    /// Whole request (send + response body) for JSON calls.
    pub request: Duration,
    /// Whole request for document uploads.
    pub upload: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
            upload: Duration::from_secs(600),
        }
    }
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    environment: Environment,
    api_key: ApiKey,
    timeouts: Timeouts,
    retry: RetryPolicy,
    user_agent: String,
}

impl ClientBuilder {
    /// Connect timeout.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.timeouts.connect = d;
        self
    }

    /// Per-request timeout for JSON calls.
    pub fn request_timeout(mut self, d: Duration) -> Self {
        self.timeouts.request = d;
        self
    }

    /// Per-request timeout for uploads.
    pub fn upload_timeout(mut self, d: Duration) -> Self {
        self.timeouts.upload = d;
        self
    }

    /// All timeouts at once.
    pub fn timeouts(mut self, t: Timeouts) -> Self {
        self.timeouts = t;
        self
    }

    /// Retry policy (use [`RetryPolicy::none`] to disable retries).
    pub fn retry_policy(mut self, p: RetryPolicy) -> Self {
        self.retry = p;
        self
    }

    /// `User-Agent` header (defaults to `lumx-rs/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Validates the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        if let Environment::Custom(url) = &self.environment {
            crate::env::validate(url)?;
        }
        if self.api_key.is_empty() {
            return Err(Error::Config("API key is empty".into()));
        }
        // Sized up front so the buffer never reallocates (leaving a copy behind), and wiped
        // once the header holds its own copy.
        let key = self.api_key.expose_secret();
        let mut bearer = Zeroizing::new(String::with_capacity("Bearer ".len() + key.len()));
        bearer.push_str("Bearer ");
        bearer.push_str(key);
        let mut auth = HeaderValue::from_str(&bearer)
            .map_err(|_| Error::Config("API key contains invalid characters".into()))?;
        auth.set_sensitive(true);
        let http = reqwest::Client::builder()
            .connect_timeout(self.timeouts.connect)
            .user_agent(self.user_agent)
            // Redirects would re-send the bearer token somewhere we did not validate.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(crate::error::error_chain(&e)))?;
        Ok(Client {
            inner: Arc::new(Inner {
                base_url: self.environment.base_url(),
                environment: self.environment,
                http,
                auth,
                timeouts: self.timeouts,
                retry: self.retry,
            }),
        })
    }
}

/// The Lumx API client. Cheap to clone (one `Arc`), `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    environment: Environment,
    base_url: String,
    http: reqwest::Client,
    auth: HeaderValue,
    timeouts: Timeouts,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &"***")
            .field("timeouts", &self.inner.timeouts)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Body of one request, rebuildable for every attempt.
pub(crate) enum CallBody {
    Empty,
    Json(Bytes),
    Upload(PreparedUpload),
}

/// One logical operation.
pub(crate) struct Call {
    pub method: Method,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub body: CallBody,
    pub idempotency: Option<KeyUse>,
    pub timeout: Duration,
    pub cancel: Option<CancellationToken>,
}

/// The idempotency key of a mutating call, and whether the caller chose it
/// (a caller-chosen key may have been used before, e.g. from a persisted draft).
#[derive(Clone, Copy)]
pub(crate) struct KeyUse {
    pub key: IdempotencyKey,
    pub caller_supplied: bool,
}

impl KeyUse {
    pub(crate) fn new(key: Option<IdempotencyKey>) -> Self {
        match key {
            Some(key) => KeyUse {
                key,
                caller_supplied: true,
            },
            None => KeyUse {
                key: IdempotencyKey::new(),
                caller_supplied: false,
            },
        }
    }
}

/// A successful (2xx) response.
pub(crate) struct RawResponse {
    pub body: Bytes,
}

impl RawResponse {
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        decode_json(&self.body)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.body.iter().all(u8::is_ascii_whitespace)
    }
}

/// Why one attempt failed.
struct AttemptFailure {
    outcome: Outcome,
    error: Error,
}

impl Client {
    /// Starts building a client for `environment`.
    pub fn builder(environment: Environment, api_key: ApiKey) -> ClientBuilder {
        ClientBuilder {
            environment,
            api_key,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            user_agent: concat!("lumx-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }

    /// A client with default timeouts and retry policy.
    pub fn new(environment: Environment, api_key: ApiKey) -> Result<Client> {
        Self::builder(environment, api_key).build()
    }

    /// The environment this client talks to.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// Base URL without trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Configured timeouts.
    pub fn timeouts(&self) -> &Timeouts {
        &self.inner.timeouts
    }

    /// Configured retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn call(&self, method: Method, path: String) -> Call {
        Call {
            method,
            path,
            query: Vec::new(),
            body: CallBody::Empty,
            idempotency: None,
            timeout: self.inner.timeouts.request,
            cancel: None,
        }
    }

    /// A mutating JSON call with an idempotency key.
    pub(crate) fn mutation<B: serde::Serialize>(
        &self,
        method: Method,
        path: String,
        body: Option<&B>,
        key: Option<IdempotencyKey>,
    ) -> Result<Call> {
        let mut call = self.call(method, path);
        if let Some(b) = body {
            let bytes = serde_json::to_vec(b).map_err(|e| Error::Decode {
                path: String::new(),
                message: format!("could not serialize request: {e}"),
            })?;
            call.body = CallBody::Json(Bytes::from(bytes));
        }
        call.idempotency = Some(KeyUse::new(key));
        Ok(call)
    }

    /// Runs `call` with retries; returns the 2xx response or the final error.
    pub(crate) async fn execute(&self, call: Call) -> Result<RawResponse> {
        let policy = &self.inner.retry;
        let mut attempt: u32 = 1;
        loop {
            let once = self.attempt(&call, attempt);
            let result = match &call.cancel {
                Some(token) => tokio::select! {
                    biased;
                    _ = token.cancelled() => return Err(Error::Cancelled),
                    r = once => r,
                },
                None => once.await,
            };
            let failure = match result {
                Ok(resp) => return Ok(resp),
                Err(f) => f,
            };
            match policy.decide(attempt, failure.outcome) {
                Decision::GiveUp => {
                    tracing::debug!(
                        method = %call.method, path = %call.path, attempt,
                        error = %failure.error, "giving up"
                    );
                    return Err(failure.error);
                }
                Decision::Retry(delay) => {
                    tracing::warn!(
                        method = %call.method, path = %call.path, attempt,
                        idempotency_key = ?call.idempotency.map(|k| k.key),
                        delay_ms = delay.as_millis() as u64, error = %failure.error,
                        "retrying Lumx request"
                    );
                    match &call.cancel {
                        Some(token) => tokio::select! {
                            biased;
                            _ = token.cancelled() => return Err(Error::Cancelled),
                            _ = tokio::time::sleep(delay) => {}
                        },
                        None => tokio::time::sleep(delay).await,
                    }
                    attempt += 1;
                }
            }
        }
    }

    async fn attempt(&self, call: &Call, attempt: u32) -> Result<RawResponse, AttemptFailure> {
        let url = format!("{}{}", self.inner.base_url, call.path);
        let mut req = self
            .inner
            .http
            .request(call.method.clone(), &url)
            .header(AUTHORIZATION, self.inner.auth.clone())
            .timeout(call.timeout);
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if let Some(k) = &call.idempotency {
            req = req.header(IDEMPOTENCY_HEADER, k.key.to_string());
        }
        let mut upload_signal = None;
        req = match &call.body {
            CallBody::Empty => req,
            CallBody::Json(bytes) => req
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            CallBody::Upload(upload) => {
                let key = call.idempotency.map(|k| k.key).unwrap_or_default();
                // Re-opens the file on every attempt: a retry streams (and verifies) from
                // the start.
                let body = upload.open(key).await.map_err(|error| AttemptFailure {
                    outcome: Outcome::Fatal,
                    error,
                })?;
                upload_signal = Some((upload, body.changed));
                req.header(CONTENT_TYPE, body.content_type)
                    .header(CONTENT_LENGTH, body.content_length)
                    .body(body.body)
            }
        };
        tracing::debug!(
            method = %call.method, path = %call.path, attempt,
            idempotency_key = ?call.idempotency.map(|k| k.key), "sending Lumx request"
        );

        let sent = req.send().await;
        // A file that changed mid-stream cut its body short on purpose: that is the
        // answer, not the transport error the cut caused (which would be retried).
        if let Some(error) = upload_signal.and_then(|(u, s)| s.get().map(|c| u.changed(c))) {
            return Err(AttemptFailure {
                outcome: Outcome::Fatal,
                error,
            });
        }
        let resp = sent.map_err(transport_failure)?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| crate::retry::parse_retry_after(v, SystemTime::now()));
        let cached = resp
            .headers()
            .get(CACHED_HEADER)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
        let body = read_capped(resp, MAX_RESPONSE_BODY).await?;
        tracing::debug!(
            method = %call.method, path = %call.path, attempt, status, cached,
            "Lumx response"
        );
        if (200..300).contains(&status) {
            return Ok(RawResponse { body });
        }
        let outcome = if cached {
            // A replayed answer is what this key will always get: retrying cannot help.
            Outcome::Fatal
        } else if status == 409 && ErrorBody::says_still_processing(&body) {
            // The same key is still in flight on the server (e.g. a retry that overtook
            // the first attempt): its answer will be cached soon, so ask again.
            Outcome::StillProcessing { retry_after }
        } else {
            Outcome::Status {
                status,
                retry_after,
            }
        };
        let mut error = status_error(call, attempt, status, &body);
        if let Error::Api { cached: c, .. } = &mut error {
            *c = cached;
        }
        Err(AttemptFailure { outcome, error })
    }
}

/// The largest response body read. Lumx's biggest documented answer is a page of 100
/// customers (well under 1 MiB); past this a broken or hostile server could exhaust memory.
pub const MAX_RESPONSE_BODY: usize = 8 * 1024 * 1024;

/// Reads the body, refusing (without buffering it) one longer than `cap` bytes.
async fn read_capped(
    mut resp: reqwest::Response,
    cap: usize,
) -> Result<bytes::Bytes, AttemptFailure> {
    let too_large = || AttemptFailure {
        outcome: Outcome::Fatal,
        error: Error::Decode {
            path: String::new(),
            message: format!(
                "the response body is larger than {} MiB",
                cap / (1024 * 1024)
            ),
        },
    };
    if resp.content_length().is_some_and(|n| n > cap as u64) {
        return Err(too_large());
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = resp.chunk().await.map_err(transport_failure)? {
        if body.len() + chunk.len() > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Maps a non-2xx status to an error, telling a replayed-key 409 apart from
/// other conflicts (e.g. the duplicate-customer 409, which names the existing
/// customer).
fn status_error(call: &Call, attempt: u32, status: u16, body: &[u8]) -> Error {
    if status == 409 && !ErrorBody::says_still_processing(body) {
        if let Some(k) = call.idempotency {
            let names_existing_customer = Error::from_response(409, body)
                .existing_customer_id()
                .is_some();
            let replayed = attempt > 1 || k.caller_supplied;
            if !names_existing_customer && (replayed || ErrorBody::mentions_idempotency(body)) {
                return Error::idempotency_conflict(k.key, body);
            }
        }
    }
    Error::from_response(status, body)
}

fn transport_failure(e: reqwest::Error) -> AttemptFailure {
    let outcome = if e.is_timeout() {
        Outcome::Timeout
    } else if e.is_builder() {
        Outcome::Fatal
    } else if e.is_connect() {
        Outcome::Connect
    } else {
        Outcome::Dropped
    };
    AttemptFailure {
        outcome,
        error: Error::from_reqwest(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}

    #[test]
    fn client_is_send_sync_clone() {
        assert_send_sync_clone::<Client>();
    }

    #[test]
    fn builder_rejects_insecure_custom_url_and_empty_key() {
        let url = reqwest::Url::parse("http://example.com").unwrap();
        let err = Client::new(Environment::Custom(url), ApiKey::new("k")).unwrap_err();
        assert!(matches!(err, Error::InsecureUrl { .. }), "{err:?}");
        let err = Client::new(Environment::local(1), ApiKey::new(" ")).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }

    #[test]
    fn client_debug_hides_the_key() {
        let c = Client::new(Environment::Sandbox, ApiKey::new("sk_secret_123")).unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("sk_secret_123"), "{dbg}");
        assert!(dbg.contains("api-sandbox.lumx.io"));
    }

    fn call_with_key(caller_supplied: bool) -> Call {
        Call {
            method: Method::POST,
            path: "/customers".into(),
            query: vec![],
            body: CallBody::Empty,
            idempotency: Some(KeyUse {
                key: IdempotencyKey::new(),
                caller_supplied,
            }),
            timeout: Duration::from_secs(1),
            cancel: None,
        }
    }

    #[test]
    fn conflict_on_a_retry_is_an_idempotency_conflict() {
        let e = status_error(&call_with_key(false), 2, 409, br#"{"error":"Conflict"}"#);
        assert!(e.is_idempotency_conflict(), "{e:?}");
    }

    #[test]
    fn conflict_on_a_caller_supplied_key_is_an_idempotency_conflict() {
        let e = status_error(&call_with_key(true), 1, 409, br#"{"error":"Conflict"}"#);
        assert!(e.is_idempotency_conflict(), "{e:?}");
    }

    #[test]
    fn conflict_mentioning_idempotency_on_first_attempt_is_detected() {
        let e = status_error(
            &call_with_key(false),
            1,
            409,
            br#"{"message":"Idempotency key reused with a different body"}"#,
        );
        assert!(e.is_idempotency_conflict(), "{e:?}");
    }

    #[test]
    fn fresh_conflict_and_duplicate_customer_are_plain_api_errors() {
        let e = status_error(&call_with_key(false), 1, 409, br#"{"error":"Conflict"}"#);
        assert!(!e.is_idempotency_conflict());
        let dup =
            br#"{"error":"Conflict","customer":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a"}}"#;
        let e = status_error(&call_with_key(true), 3, 409, dup);
        assert!(!e.is_idempotency_conflict());
        assert!(e.existing_customer_id().is_some());
    }
}
