//! Best-effort, signed webhook delivery (§5): `{eventId, eventType, data}` POSTed with
//! `X-Hub-Signature` = lowercase hex HMAC-SHA256(secret, raw body). Events are queued
//! on a channel so requests never wait for delivery; each is tried up to 3 times.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::config::WebhookTarget;
use crate::state::Counters;

#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvent {
    pub event_type: String,
    pub data: Value,
}

pub const SIGNATURE_HEADER: &str = "X-Hub-Signature";
const BACKOFF: [Duration; 2] = [Duration::from_millis(200), Duration::from_millis(1000)];

pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

pub fn envelope(event: &WebhookEvent) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "eventId": Uuid::new_v4(),
        "eventType": event.event_type,
        "data": event.data,
    }))
    .expect("JSON values always serialize")
}

/// Starts the delivery task; it ends when every sender is dropped.
pub fn spawn(
    target: WebhookTarget,
    counters: Arc<Counters>,
) -> (mpsc::UnboundedSender<WebhookEvent>, JoinHandle<()>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<WebhookEvent>();
    let task = tokio::spawn(async move {
        let client = match reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()
        {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "webhook client could not be built; webhooks disabled");
                return;
            }
        };
        while let Some(event) = rx.recv().await {
            let body = envelope(&event);
            let signature = sign(&target.secret, &body);
            let mut delivered = false;
            for attempt in 0..=BACKOFF.len() {
                let sent = client
                    .post(&target.url)
                    .header("content-type", "application/json")
                    .header(SIGNATURE_HEADER, &signature)
                    .body(body.clone())
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status().is_success() => {
                        delivered = true;
                        break;
                    }
                    Ok(r) => {
                        tracing::debug!(status = %r.status(), event = %event.event_type, "webhook refused")
                    }
                    Err(e) => {
                        tracing::debug!(error = %e, event = %event.event_type, "webhook failed")
                    }
                }
                if let Some(wait) = BACKOFF.get(attempt) {
                    tokio::time::sleep(*wait).await;
                }
            }
            let counter = if delivered {
                &counters.webhooks_delivered
            } else {
                tracing::warn!(event = %event.event_type, "webhook dropped after retries");
                &counters.webhooks_failed
            };
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    (tx, task)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_lowercase_hex_hmac_sha256() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn envelope_has_event_id_type_and_data() {
        let body = envelope(&WebhookEvent {
            event_type: "customer.approved".into(),
            data: json!({"customerId": "x"}),
        });
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["eventType"], "customer.approved");
        assert_eq!(v["data"]["customerId"], "x");
        assert!(Uuid::parse_str(v["eventId"].as_str().unwrap()).is_ok());
    }
}
