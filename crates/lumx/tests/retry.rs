//! Retry/idempotency behaviour against a scripted server with exact control
//! over each attempt.

mod common;

use std::time::{Duration, Instant};

use common::{client, individual, json, json_with, Action, ScriptServer, CUSTOMER_JSON};
use futures_util::TryStreamExt;
use lumx::{Error, GetCustomerOptions, IdempotencyKey, ListCustomers};
use uuid::Uuid;

const CID: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

#[tokio::test]
async fn dropped_connection_is_retried_with_the_same_idempotency_key() {
    let srv = ScriptServer::start(vec![Action::Drop, json(201, CUSTOMER_JSON)]).await;
    let c = client(&srv.base_url, 3);
    let customer = c.create_customer(&individual(), None).await.unwrap();
    assert_eq!(customer.id.to_string(), CID);
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 2);
    let k1 = reqs[0].header("idempotency-key").unwrap();
    let k2 = reqs[1].header("idempotency-key").unwrap();
    assert_eq!(k1, k2);
    let parsed: Uuid = k1.parse().unwrap();
    assert_eq!(parsed.get_version_num(), 4);
    assert_eq!(reqs[0].body, reqs[1].body);
}

#[tokio::test]
async fn caller_supplied_key_is_sent_on_every_attempt() {
    let srv = ScriptServer::start(vec![
        json(503, "{}"),
        json(500, "{}"),
        json(201, CUSTOMER_JSON),
    ])
    .await;
    let c = client(&srv.base_url, 3);
    let key = IdempotencyKey::new();
    c.create_customer(&individual(), Some(key)).await.unwrap();
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_eq!(r.header("idempotency-key"), Some(key.to_string().as_str()));
    }
}

#[tokio::test]
async fn request_shape_auth_and_json_body() {
    let srv = ScriptServer::start(vec![json(201, CUSTOMER_JSON)]).await;
    let c = client(&srv.base_url, 1);
    c.create_customer(&individual(), None).await.unwrap();
    let r = &srv.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/customers");
    assert_eq!(r.header("authorization"), Some("Bearer sk_test_key"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"type":"INDIVIDUAL","name":"William Default","taxId":"123.456.789-00",
            "birthDate":"1990-01-01","country":"BRA","email":"w@example.com"})
    );
}

#[tokio::test]
async fn too_many_requests_honours_retry_after_seconds() {
    let srv = ScriptServer::start(vec![
        json_with(
            429,
            r#"{"error":"Too Many Requests"}"#,
            &[("retry-after", "1")],
        ),
        json(201, CUSTOMER_JSON),
    ])
    .await;
    let c = client(&srv.base_url, 3);
    let started = Instant::now();
    c.create_customer(&individual(), None).await.unwrap();
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 2);
    let gap = reqs[1].at - reqs[0].at;
    // The backoff alone would be 10 ms; Retry-After says 1 s.
    assert!(gap >= Duration::from_millis(950), "gap {gap:?}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn service_unavailable_honours_retry_after_http_date() {
    let in_two_secs =
        httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    let srv = ScriptServer::start(vec![
        json_with(503, "{}", &[("retry-after", &in_two_secs)]),
        json(200, CUSTOMER_JSON),
    ])
    .await;
    let c = client(&srv.base_url, 2);
    c.get_customer(CID.parse().unwrap(), GetCustomerOptions::default())
        .await
        .unwrap();
    let reqs = srv.requests();
    let gap = reqs[1].at - reqs[0].at;
    // HTTP-dates have 1 s resolution: at least ~1 s, at most the 2 s (+ slack).
    assert!(
        gap >= Duration::from_millis(900) && gap < Duration::from_millis(3000),
        "gap {gap:?}"
    );
}

#[tokio::test]
async fn bad_request_is_not_retried_and_details_are_mapped() {
    let srv = ScriptServer::start(vec![json(
        400,
        r#"{"error":"Bad Request","message":"Invalid request parameters","logId":"abc",
            "details":[{"field":"email","message":"must be a valid email"}]}"#,
    )])
    .await;
    let c = client(&srv.base_url, 4);
    let err = c.create_customer(&individual(), None).await.unwrap_err();
    assert_eq!(srv.count(), 1);
    match err {
        Error::Api {
            status,
            message,
            log_id,
            details,
            ..
        } => {
            assert_eq!(status, 400);
            assert_eq!(message.as_deref(), Some("Invalid request parameters"));
            assert_eq!(log_id.as_deref(), Some("abc"));
            assert_eq!(details.len(), 1);
            assert_eq!(details[0].field, "email");
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

#[tokio::test]
async fn conflict_after_a_replay_is_an_idempotency_conflict() {
    let srv = ScriptServer::start(vec![
        json(500, r#"{"error":"Internal Server Error"}"#),
        json(
            409,
            r#"{"error":"Conflict","message":"Idempotency-Key reused with a different body"}"#,
        ),
    ])
    .await;
    let c = client(&srv.base_url, 4);
    let err = c.create_customer(&individual(), None).await.unwrap_err();
    assert_eq!(srv.count(), 2, "409 must not be retried");
    assert!(err.is_idempotency_conflict(), "{err:?}");
    let sent = srv.requests()[1]
        .header("idempotency-key")
        .unwrap()
        .to_string();
    match err {
        Error::IdempotencyConflict { key, .. } => assert_eq!(key.to_string(), sent),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn conflict_on_a_persisted_key_is_an_idempotency_conflict() {
    let srv = ScriptServer::start(vec![json(409, r#"{"error":"Conflict"}"#)]).await;
    let c = client(&srv.base_url, 4);
    let key = IdempotencyKey::new();
    let err = c
        .create_customer(&individual(), Some(key))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::IdempotencyConflict { key: k, .. } if k == key),
        "{err:?}"
    );
}

#[tokio::test]
async fn duplicate_customer_conflict_stays_an_api_error() {
    let srv = ScriptServer::start(vec![json(
        409,
        &format!(r#"{{"error":"Conflict","message":"Another customer with the same document already exists","customer":{{"id":"{CID}"}}}}"#),
    )])
    .await;
    let c = client(&srv.base_url, 4);
    let err = c.create_customer(&individual(), None).await.unwrap_err();
    assert!(!err.is_idempotency_conflict());
    assert_eq!(err.existing_customer_id().as_deref(), Some(CID));
}

#[tokio::test]
async fn server_errors_exhaust_attempts_and_report_the_last_status() {
    let srv = ScriptServer::start(vec![json(503, r#"{"error":"Service Unavailable"}"#)]).await;
    let c = client(&srv.base_url, 3);
    let err = c.create_customer(&individual(), None).await.unwrap_err();
    assert_eq!(srv.count(), 3);
    assert_eq!(err.status(), Some(503));
    assert!(err.is_transient());
}

#[tokio::test]
async fn a_cached_server_error_is_not_retried_and_says_it_was_cached() {
    let srv = ScriptServer::start(vec![json_with(
        500,
        r#"{"error":"Internal Server Error"}"#,
        &[("x-idempotency-cached", "true")],
    )])
    .await;
    let c = client(&srv.base_url, 4);
    let err = c
        .create_customer(&individual(), Some(IdempotencyKey::new()))
        .await
        .unwrap_err();
    assert_eq!(srv.count(), 1, "the same key would get the same answer");
    assert!(
        matches!(
            err,
            Error::Api {
                status: 500,
                cached: true,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn get_requests_are_retried_and_carry_no_idempotency_key() {
    let srv = ScriptServer::start(vec![
        json(502, "bad gateway"),
        Action::Drop,
        json(200, CUSTOMER_JSON),
    ])
    .await;
    let c = client(&srv.base_url, 3);
    let cust = c
        .get_customer(
            CID.parse().unwrap(),
            GetCustomerOptions {
                include_balances: true,
                include_transaction_limits: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(cust.display_name(), Some("William Default"));
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(
        reqs[2].target,
        format!("/customers/{CID}?includeBalances=true&includeTransactionLimits=true")
    );
    assert!(reqs.iter().all(|r| r.header("idempotency-key").is_none()));
}

#[tokio::test]
async fn request_timeout_is_retried_then_reported() {
    let srv = ScriptServer::start(vec![Action::Delay(Duration::from_secs(5))]).await;
    let c = lumx::Client::builder(
        lumx::Environment::custom(&srv.base_url).unwrap(),
        lumx::ApiKey::new("k"),
    )
    .retry_policy(common::fast_policy(2))
    .request_timeout(Duration::from_millis(200))
    .build()
    .unwrap();
    let started = Instant::now();
    let err = c.create_customer(&individual(), None).await.unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert_eq!(srv.count(), 2);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn timeout_then_success_keeps_the_key() {
    let srv = ScriptServer::start(vec![
        Action::Delay(Duration::from_secs(3)),
        json(201, CUSTOMER_JSON),
    ])
    .await;
    let c = lumx::Client::builder(
        lumx::Environment::custom(&srv.base_url).unwrap(),
        lumx::ApiKey::new("k"),
    )
    .retry_policy(common::fast_policy(2))
    .request_timeout(Duration::from_millis(300))
    .build()
    .unwrap();
    c.create_customer(&individual(), None).await.unwrap();
    let reqs = srv.requests();
    assert_eq!(
        reqs[0].header("idempotency-key"),
        reqs[1].header("idempotency-key")
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = client(&format!("http://127.0.0.1:{port}"), 2);
    let err = c
        .get_customer(CID.parse().unwrap(), GetCustomerOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn decode_errors_name_the_failing_field() {
    // A malformed record of a page is set aside with its path; the rest of the page reads.
    let srv = ScriptServer::start(vec![json(
        200,
        &format!(r#"{{"data":[{CUSTOMER_JSON},{{"id":"{CID}","type":{{"odd":true}}}}]}}"#),
    )])
    .await;
    let c = client(&srv.base_url, 1);
    let page = c.list_customers(&ListCustomers::default()).await.unwrap();
    assert_eq!(page.data.len(), 1);
    let bad = &page.data.unreadable()[0];
    assert_eq!(bad.path("data"), "data[1].type");
    // A body that is no page at all is a decode error that names where.
    let srv = ScriptServer::start(vec![json(200, r#"{"data":[],"pagination":"#)]).await;
    match client(&srv.base_url, 1)
        .list_customers(&ListCustomers::default())
        .await
    {
        Err(Error::Decode { message, .. }) => assert!(message.contains("EOF"), "{message}"),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn customer_stream_follows_cursors() {
    let page1 = format!(
        r#"{{"data":[{CUSTOMER_JSON}],"pagination":{{"size":1,"total":2,"hasNextPage":true,"hasPreviousPage":false,"nextCursor":"cur-2","previousCursor":null}}}}"#
    );
    let page2 = format!(
        r#"{{"data":[{CUSTOMER_JSON}],"pagination":{{"size":1,"total":2,"hasNextPage":false,"hasPreviousPage":true,"nextCursor":null,"previousCursor":"cur-1"}}}}"#
    );
    let srv = ScriptServer::start(vec![json(200, &page1), json(200, &page2)]).await;
    let c = client(&srv.base_url, 1);
    let all: Vec<_> = c.customers_stream(Some(1)).try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
    let reqs = srv.requests();
    assert_eq!(reqs[0].target, "/customers?size=1");
    assert_eq!(reqs[1].target, "/customers?size=1&cursor=cur-2");
}

#[tokio::test]
async fn accounts_are_filtered_by_customer_and_verification_start_has_no_body() {
    let accounts = r#"{"data":[{"id":"d06d342c-629a-4d99-a26f-34e8ea528403","customerId":"3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "status":"PROVISIONING","currency":"BRL"}],"pagination":{"hasNextPage":false}}"#;
    let srv = ScriptServer::start(vec![
        json(200, accounts),
        json(201, r#"{"id":"8412f484-32fe-418f-80d1-99eb1b3ba7f3"}"#),
        Action::Respond {
            status: 202,
            headers: vec![],
            body: String::new(),
        },
    ])
    .await;
    let c = client(&srv.base_url, 1);
    let cid: Uuid = CID.parse().unwrap();
    let all: Vec<_> = c
        .accounts_stream(Some(cid), None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    let started = c
        .start_verification(cid, &Default::default(), None)
        .await
        .unwrap();
    assert!(started.id.is_some());
    let legacy = c
        .start_verification(cid, &Default::default(), None)
        .await
        .unwrap();
    assert_eq!(legacy.id, None);
    let reqs = srv.requests();
    assert_eq!(reqs[0].target, format!("/accounts?customerId={CID}"));
    assert_eq!(reqs[1].target, format!("/customers/{CID}/verifications"));
    assert_eq!(reqs[1].body_len, 0);
    assert!(reqs[1].header("idempotency-key").is_some());
    assert_ne!(
        reqs[1].header("idempotency-key"),
        reqs[2].header("idempotency-key")
    );
}

#[tokio::test]
async fn a_409_still_being_processed_is_retried_with_the_same_key_not_called_different_data() {
    let processing = r#"{"error":"Conflict","message":"A request with this Idempotency-Key is still being processed"}"#;
    let srv = ScriptServer::start(vec![json(409, processing), json(201, CUSTOMER_JSON)]).await;
    let c = client(&srv.base_url, 3);
    let customer = c.create_customer(&individual(), None).await.unwrap();
    assert_eq!(customer.id.to_string(), CID);
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        reqs[0].header("idempotency-key"),
        reqs[1].header("idempotency-key")
    );
    // Still processing after every attempt: an API error that says so, never the
    // "same key, different data" conflict.
    let srv = ScriptServer::start(vec![json(409, processing), json(409, processing)]).await;
    let err = client(&srv.base_url, 2)
        .create_customer(&individual(), None)
        .await
        .unwrap_err();
    assert!(!err.is_idempotency_conflict(), "{err:?}");
    assert_eq!(err.status(), Some(409));
    assert!(err.to_string().contains("still being processed"), "{err}");
}

#[tokio::test]
async fn a_response_body_over_the_cap_is_refused_without_buffering_it() {
    let huge = format!(
        r#"{{"data":[],"pad":"{}"}}"#,
        "x".repeat(lumx::MAX_RESPONSE_BODY)
    );
    let srv = ScriptServer::start(vec![json(200, &huge)]).await;
    let err = client(&srv.base_url, 1)
        .list_customers(&ListCustomers::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { message, .. } if message.contains("larger than 8 MiB")),
        "{err:?}"
    );
}
