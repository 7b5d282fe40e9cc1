//! Idempotency-Key behaviour over real HTTP (§1.3, §8 #14).

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use lumx_sandbox::ManualClock;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

#[tokio::test]
async fn same_key_same_body_replays_with_cached_header() {
    let s = start().await;
    let key = Uuid::new_v4().to_string();
    let body = individual_body("123.456.789-09");
    let first = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("x-idempotency-cached").is_none());
    let first: Value = first.json().await.unwrap();
    let again = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["x-idempotency-cached"], "true");
    assert_eq!(again.headers()["content-type"], "application/json");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let stats = s.handle.stats();
    assert_eq!(stats.customers, 1);
    assert_eq!(stats.idempotent_replays, 1);
}

#[tokio::test]
async fn same_key_different_body_is_409_and_nothing_is_created() {
    let s = start().await;
    let key = Uuid::new_v4().to_string();
    let r = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&individual_body("123.456.789-09"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&individual_body("987.654.321-00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "Conflict");
    assert_eq!(s.handle.stats().customers, 1);
}

#[tokio::test]
async fn errors_are_cached_too() {
    let s = start().await;
    let key = Uuid::new_v4().to_string();
    let bad = json!({"type":"INDIVIDUAL"});
    let first = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::BAD_REQUEST);
    let first_log = first.json::<Value>().await.unwrap()["logId"].clone();
    let again = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert_eq!(again.headers()["x-idempotency-cached"], "true");
    assert_eq!(
        again.json::<Value>().await.unwrap()["logId"],
        first_log,
        "the very same response is replayed"
    );
}

#[tokio::test]
async fn key_must_be_uuid_v4() {
    let s = start().await;
    for key in ["abc", "c232ab00-9414-11ec-b3c8-9f6bdeced846"] {
        let r = s
            .post("/customers")
            .header("Idempotency-Key", key)
            .json(&individual_body("123.456.789-09"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{key}");
        assert_eq!(field_names(&r.json().await.unwrap()), ["Idempotency-Key"]);
    }
    assert_eq!(s.handle.stats().customers, 0);
}

#[tokio::test]
async fn scope_is_method_and_path() {
    let s = start().await;
    let key = Uuid::new_v4().to_string();
    let a = s.individual("123.456.789-09").await;
    let b = s.individual("987.654.321-00").await;
    for id in [&a, &b] {
        let r = s
            .patch(&format!("/customers/{id}/additional-information"))
            .header("Idempotency-Key", &key)
            .json(&individual_info())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers().get("x-idempotency-cached").is_none(),
            "different path, fresh request"
        );
    }
}

#[tokio::test]
async fn keys_expire_after_24_hours_on_the_injected_clock() {
    let clock = Arc::new(ManualClock::starting_now());
    let s = start_with(with_clock(clock.clone())).await;
    let key = Uuid::new_v4().to_string();
    let r = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&individual_body("123.456.789-09"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    clock.advance(Duration::from_secs(24 * 3600 - 1));
    let r = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&individual_body("987.654.321-00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT, "still within 24 h");
    clock.advance(Duration::from_secs(1));
    let r = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&individual_body("987.654.321-00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "expired key is reusable");
    assert!(r.headers().get("x-idempotency-cached").is_none());
    assert_eq!(s.handle.stats().customers, 2);
}

#[tokio::test]
async fn multipart_same_file_replays_different_file_conflicts() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    let key = Uuid::new_v4().to_string();
    let send = |file: Vec<u8>| {
        let s = &s;
        let id = id.clone();
        let key = key.clone();
        async move {
            // Each Form gets a fresh random boundary; the hash must not depend on it.
            s.post(&format!("/customers/{id}/documents"))
                .header("Idempotency-Key", key)
                .multipart(doc_form("PASSPORT", Some("FRONT_SIDE"), None, file))
                .send()
                .await
                .unwrap()
        }
    };
    let r = send(pdf()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = send(pdf()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["x-idempotency-cached"], "true");
    assert_eq!(r.text().await.unwrap(), "");
    let mut other = pdf();
    other.extend_from_slice(b"% another scan\n");
    let r = send(other).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(s.handle.stats().documents, 1);
}

#[tokio::test]
async fn concurrent_requests_with_one_key_are_processed_once() {
    let s = Arc::new(start().await);
    let key = Uuid::new_v4().to_string();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let s = Arc::clone(&s);
        let key = key.clone();
        tasks.push(tokio::spawn(async move {
            let r = s
                .post("/customers")
                .header("Idempotency-Key", key)
                .json(&individual_body("123.456.789-09"))
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap()["id"].clone())
        }));
    }
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let (status, id) = t.await.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        ids.insert(id.to_string());
    }
    assert_eq!(ids.len(), 1, "every caller saw the same customer");
    assert_eq!(s.handle.stats().customers, 1);
}

#[tokio::test]
async fn verification_start_is_idempotent() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    s.make_ready(&id, false).await;
    let key = Uuid::new_v4().to_string();
    let r1 = s
        .post(&format!("/customers/{id}/verifications"))
        .header("Idempotency-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r1.status(), StatusCode::CREATED);
    let v1: Value = r1.json().await.unwrap();
    let r2 = s
        .post(&format!("/customers/{id}/verifications"))
        .header("Idempotency-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r2.status(), StatusCode::CREATED);
    assert_eq!(r2.json::<Value>().await.unwrap(), v1);
    assert_eq!(s.handle.stats().verifications_started, 1);
}
