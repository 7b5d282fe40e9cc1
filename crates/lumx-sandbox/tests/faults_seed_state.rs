//! Fault injection, seeding and state persistence.

mod common;

use std::time::{Duration, Instant};

use common::*;
use lumx_sandbox::{FaultConfig, SandboxConfig};
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

#[tokio::test]
async fn rate_limit_burst_returns_429_with_retry_after() {
    let s = start().await;
    s.handle.set_faults(FaultConfig {
        rate_limit_burst: 2,
        retry_after_secs: 7,
        ..Default::default()
    });
    for _ in 0..2 {
        let r = s.get("/customers").send().await.unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()["retry-after"], "7");
        assert_eq!(
            r.json::<Value>().await.unwrap()["error"],
            "Too Many Requests"
        );
    }
    assert_eq!(
        s.get("/customers").send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn error_rate_gives_500_or_503_but_not_on_control_routes() {
    let s = start().await;
    let r = s
        .put("/_sandbox/faults")
        .json(&json!({"errorRate": 1.0, "seed": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.handle.faults().error_rate, 1.0);
    let mut seen = std::collections::HashSet::new();
    for _ in 0..20 {
        let r = s
            .post("/customers")
            .json(&individual_body("123.456.789-09"))
            .send()
            .await
            .unwrap();
        seen.insert(r.status().as_u16());
    }
    assert_eq!(seen, [500, 503].into_iter().collect());
    assert_eq!(s.handle.stats().customers, 0, "rejected before processing");
    assert_eq!(
        s.get("/_sandbox/stats").send().await.unwrap().status(),
        StatusCode::OK
    );
    let r = s
        .put("/_sandbox/faults")
        .json(&json!({"errorRate": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = s
        .put("/_sandbox/faults")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        s.get("/customers").send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn latency_is_added() {
    let s = start().await;
    s.handle.set_faults(FaultConfig {
        latency: Duration::from_millis(150),
        ..Default::default()
    });
    let t = Instant::now();
    assert_eq!(
        s.get("/customers").send().await.unwrap().status(),
        StatusCode::OK
    );
    assert!(t.elapsed() >= Duration::from_millis(150));
    let t = Instant::now();
    s.get("/_sandbox/stats").send().await.unwrap();
    assert!(
        t.elapsed() < Duration::from_millis(150),
        "control routes are not delayed"
    );
}

#[tokio::test]
async fn drop_after_commit_closes_the_connection_but_commits_and_caches() {
    let s = start().await;
    s.handle.set_faults(FaultConfig {
        drop_after_commit_rate: 1.0,
        ..Default::default()
    });
    let key = Uuid::new_v4().to_string();
    let body = individual_body("123.456.789-09");
    let err = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&body)
        .send()
        .await
        .expect_err("no response must arrive");
    assert!(!err.is_timeout(), "{err}");
    assert!(
        err.is_request() || err.is_connect() || err.to_string().contains("connection"),
        "{err}"
    );
    assert_eq!(s.handle.stats().customers, 1, "the mutation was committed");

    s.handle.set_faults(FaultConfig::default());
    let retry = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers()["x-idempotency-cached"], "true");
    let list = s.json("/customers").await;
    assert_eq!(
        list["data"][0]["id"],
        retry.json::<Value>().await.unwrap()["id"]
    );
    assert_eq!(
        s.handle.stats().customers,
        1,
        "the retry created no duplicate"
    );
}

#[tokio::test]
async fn seed_fills_every_status_quickly() {
    let s = start().await;
    let t = Instant::now();
    assert_eq!(s.handle.seed(10_000, 7), 10_000);
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    let stats = s.handle.stats();
    assert_eq!(stats.customers, 10_000);
    for status in [
        "NOT_STARTED",
        "UNDER_VERIFICATION",
        "APPROVED",
        "RFI",
        "FINAL_REJECTION",
    ] {
        assert!(
            stats.customers_by_status.get(status).copied().unwrap_or(0) > 100,
            "{status}: {stats:?}"
        );
    }
    assert!(stats.individuals > 0 && stats.businesses > 0 && stats.associated_parties > 0);
    assert!(stats.accounts_by_status.get("ACTIVE").copied().unwrap_or(0) > 0);
    let page = s.json("/customers?size=100").await;
    assert_eq!(page["pagination"]["total"], 10_000);
    let rfi = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["verification"]["status"] == "RFI")
        .unwrap();
    assert!(rfi["verification"]["statusReason"]["documents"].is_array());
    assert!(rfi["taxId"].as_str().unwrap().ends_with('2'));

    let r = s
        .post("/_sandbox/seed")
        .json(&json!({"count": 5, "seed": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["created"], 5);
    assert_eq!(v["customers"], 10_005);
    let r = s
        .post("/_sandbox/seed")
        .json(&json!({"count": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let stats: Value = s.json("/_sandbox/stats").await;
    assert_eq!(stats["customers"], 10_005);
}

#[tokio::test]
async fn state_file_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let config = || SandboxConfig {
        state_file: Some(path.clone()),
        ..fast_config()
    };
    let s = start_with(config()).await;
    let id = s.individual("123.456.789-09").await;
    s.make_ready(&id, false).await;
    let key = Uuid::new_v4().to_string();
    let r = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&individual_body("987.654.321-00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    s.handle.shutdown().await;
    assert!(path.exists());
    assert!(
        std::fs::read_dir(dir.path()).unwrap().count() == 1,
        "no temp files left behind"
    );

    let s = start_with(config()).await;
    let c = s.customer(&id).await;
    assert_eq!(c["additionalInformation"]["firstName"], "William");
    assert_eq!(s.handle.stats().customers, 2);
    let r = s
        .post("/customers")
        .json(&individual_body("123.456.789-09"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "taxId index rebuilt on load"
    );
    let r = s
        .post("/customers")
        .header("Idempotency-Key", &key)
        .json(&individual_body("987.654.321-00"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["x-idempotency-cached"],
        "true",
        "idempotency cache persisted"
    );
    s.start_verification(&id).await;
    s.wait_status(&id, "APPROVED").await;
}
