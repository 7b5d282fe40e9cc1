//! Verification outcomes driven by the taxId's last digit, RFI resolution, accounts
//! and webhooks, observed over HTTP.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use common::*;
use lumx_sandbox::{ManualClock, SandboxConfig, WebhookTarget};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn statuses(accounts: &[Value]) -> Vec<String> {
    accounts
        .iter()
        .map(|a| a["status"].as_str().unwrap().to_string())
        .collect()
}

async fn wait_accounts(s: &Sbx, id: &str, want: &[&str]) {
    for _ in 0..250 {
        let mut got = statuses(&s.accounts_of(id).await);
        got.sort();
        let mut w: Vec<String> = want.iter().map(|x| x.to_string()).collect();
        w.sort();
        if got == w {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "accounts never reached {want:?}: {:?}",
        statuses(&s.accounts_of(id).await)
    );
}

#[tokio::test]
async fn verification_refuses_to_start_naming_what_is_missing() {
    let s = start().await;
    let id = s.business("42.887.120/0001-00").await;
    let r = s.start_verification(&id).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let e: Value = r.json().await.unwrap();
    let msg = e["message"].as_str().unwrap();
    for name in [
        "ADDITIONAL_INFORMATION",
        "PROOF_OF_ADDRESS",
        "TERMS_OF_SERVICE",
        "REPRESENTATIVE",
    ] {
        assert!(msg.contains(name), "{msg}");
    }
    s.make_ready(&id, true).await;
    let r = s.start_verification(&id).await;
    assert_eq!(field_names(&r.json().await.unwrap()), ["REPRESENTATIVE"]);
}

#[tokio::test]
async fn default_digit_is_approved_with_wallets_limits_and_active_accounts() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    s.make_ready(&id, false).await;
    let r = s.start_verification(&id).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(
        uuid::Uuid::parse_str(r.json::<Value>().await.unwrap()["id"].as_str().unwrap()).is_ok()
    );
    assert_eq!(
        s.customer(&id).await["verification"]["status"],
        "UNDER_VERIFICATION"
    );
    s.wait_status(&id, "APPROVED").await;
    let c = s
        .json(&format!(
            "/customers/{id}?includeBalances=true&includeTransactionLimits=true"
        ))
        .await;
    let wallets = c["wallets"].as_array().unwrap();
    assert_eq!(wallets.len(), 4);
    let polygon = wallets
        .iter()
        .find(|w| w["blockchain"] == "POLYGON")
        .unwrap();
    assert_eq!(polygon["isDefault"], true);
    assert!(polygon["blockExplorerUrl"]
        .as_str()
        .unwrap()
        .starts_with("https://amoy.polygonscan.com/address/0x"));
    assert_eq!(polygon["balances"][0]["currency"], "USDC");
    assert_eq!(c["transactionLimits"]["single"]["max"], "7500.00");
    assert_eq!(c["transactionLimits"]["daily"]["remaining"], "15000.00");
    let plain = s.customer(&id).await;
    assert!(plain["wallets"][0].get("balances").is_none());
    assert!(plain.get("transactionLimits").is_none());
    wait_accounts(&s, &id, &["ACTIVE", "ACTIVE"]).await;
    assert_eq!(
        s.start_verification(&id).await.status(),
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn digit_1_never_starts() {
    let s = start().await;
    let id = s.individual("123.456.789-01").await;
    s.make_ready(&id, false).await;
    assert_eq!(
        s.start_verification(&id).await.status(),
        StatusCode::CREATED
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let c = s.customer(&id).await;
    assert_eq!(c["verification"]["status"], "NOT_STARTED");
    assert!(c.get("wallets").is_none());
}

#[tokio::test]
async fn digit_3_is_final_rejection_and_terminal() {
    let s = start().await;
    let id = s.individual("123.456.789-03").await;
    s.make_ready(&id, false).await;
    s.start_verification(&id).await;
    let c = s.wait_status(&id, "FINAL_REJECTION").await;
    assert!(c.get("wallets").is_none());
    let r = s.start_verification(&id).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = s
        .upload(&id, doc_form("PROOF_OF_ADDRESS", None, None, pdf()))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    wait_accounts(&s, &id, &["CLOSED", "CLOSED"]).await;
}

#[tokio::test]
async fn digit_2_rfi_then_resubmission_is_approved_with_one_account_in_rfi() {
    let s = start().await;
    let id = s.individual("123.456.789-02").await;
    s.make_ready(&id, false).await;
    s.upload_ok(&id, "PASSPORT", Some("FRONT_SIDE"), None).await;
    s.start_verification(&id).await;
    let c = s.wait_status(&id, "RFI").await;
    let reason = &c["verification"]["statusReason"];
    assert_eq!(reason["rejectLabels"], json!(["DOCUMENT_QUALITY"]));
    assert_eq!(reason["rejectSubLabels"], json!(["DOCUMENT_BLURRY"]));
    let doc = &reason["documents"][0];
    assert_eq!(doc["type"], "PASSPORT");
    assert_eq!(doc["side"], "FRONT_SIDE");
    assert_eq!(doc["status"], "DECLINED");
    assert!(doc["comment"].as_str().unwrap().contains("blurry"));
    let req = c["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "PASSPORT")
        .unwrap();
    assert_eq!(req["status"], "DECLINED");
    let legacy = s.json(&format!("/customers/{id}/verifications")).await;
    assert_eq!(legacy["status"], "RFI");
    assert_eq!(legacy["statusReason"]["documents"][0]["type"], "PASSPORT");

    // Starting again without re-sending the flagged document: RFI again.
    s.start_verification(&id).await;
    s.wait_status(&id, "RFI").await;

    s.upload_ok(&id, "PASSPORT", Some("FRONT_SIDE"), None).await;
    assert_eq!(
        s.start_verification(&id).await.status(),
        StatusCode::CREATED
    );
    let c = s.wait_status(&id, "APPROVED").await;
    assert!(c["verification"].get("statusReason").is_none());
    wait_accounts(&s, &id, &["RFI", "ACTIVE"]).await;
}

#[tokio::test]
async fn business_with_nested_parties_rfi_flags_party_then_approved() {
    let s = start().await;
    let id = s.business("12.887.120/0001-02").await;
    s.make_ready(&id, true).await;
    let holding = s.party(&id, json!({"type":"BUSINESS","role":"SHAREHOLDER","legalName":"Holding Ltda","ownershipPercentage":70})).await;
    let hid = holding["id"].as_str().unwrap();
    let ubo = s.party(&id, json!({"type":"INDIVIDUAL","role":"UBO","name":"Maria Santos","ownershipPercentage":100,"parentId":hid})).await;
    let rep = s
        .party(
            &id,
            json!({"type":"INDIVIDUAL","role":"REPRESENTATIVE","name":"João Lima"}),
        )
        .await;
    let rid = rep["id"].as_str().unwrap();
    s.upload_ok(&id, "ID_CARD", Some("FRONT_SIDE"), Some(rid))
        .await;
    s.upload_ok(
        &id,
        "PROOF_OF_ADDRESS",
        None,
        Some(ubo["id"].as_str().unwrap()),
    )
    .await;
    s.start_verification(&id).await;
    let c = s.wait_status(&id, "RFI").await;
    let reason = &c["verification"]["statusReason"];
    assert_eq!(reason["documents"][0]["type"], "PROOF_OF_ADDRESS");
    let flagged = &reason["associatedParties"][0];
    assert_eq!(flagged["id"], rid);
    assert_eq!(flagged["statusReason"]["documents"][0]["type"], "ID_CARD");
    let party = s
        .json(&format!("/customers/{id}/associated-parties/{rid}"))
        .await;
    assert_eq!(party["verification"]["status"], "RFI");
    assert_eq!(
        party["verification"]["statusReason"]["documents"][0]["side"],
        "FRONT_SIDE"
    );

    // Re-send only the party's document: the next RFI lists only the customer's own item.
    s.upload_ok(&id, "ID_CARD", Some("FRONT_SIDE"), Some(rid))
        .await;
    s.start_verification(&id).await;
    let c = s.wait_status(&id, "RFI").await;
    let reason = &c["verification"]["statusReason"];
    assert_eq!(reason["documents"].as_array().unwrap().len(), 1);
    assert!(reason.get("associatedParties").is_none());

    s.upload_ok(&id, "PROOF_OF_ADDRESS", None, None).await;
    s.start_verification(&id).await;
    let c = s.wait_status(&id, "APPROVED").await;
    assert!(c["wallets"].is_array());
    let parties = s.json(&format!("/customers/{id}/associated-parties")).await;
    assert!(parties["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["verification"]["status"] == "APPROVED"));
    let limits = s
        .json(&format!("/customers/{id}?includeTransactionLimits=true"))
        .await;
    assert_eq!(limits["transactionLimits"]["single"]["max"], "50000.00");
}

#[tokio::test]
async fn party_only_reverification_uses_associated_party_ids() {
    let s = start().await;
    let id = s.business("12.887.120/0001-02").await;
    s.make_ready(&id, true).await;
    let rep = s
        .party(
            &id,
            json!({"type":"INDIVIDUAL","role":"REPRESENTATIVE","name":"João Lima"}),
        )
        .await;
    let rid = rep["id"].as_str().unwrap();
    s.start_verification(&id).await;
    s.wait_status(&id, "RFI").await;
    // The party had nothing uploaded, so the RFI asks for its proof of address.
    let party = s
        .json(&format!("/customers/{id}/associated-parties/{rid}"))
        .await;
    assert_eq!(
        party["verification"]["statusReason"]["documents"][0]["type"],
        "PROOF_OF_ADDRESS"
    );
    s.upload_ok(&id, "PROOF_OF_ADDRESS", None, Some(rid)).await;
    let r = s
        .post(&format!("/customers/{id}/verifications"))
        .json(&json!({"associatedPartyIds":[rid]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    for _ in 0..100 {
        let p = s
            .json(&format!("/customers/{id}/associated-parties/{rid}"))
            .await;
        if p["verification"]["status"] == "APPROVED" {
            assert_eq!(
                s.customer(&id).await["verification"]["status"],
                "RFI",
                "customer untouched"
            );
            let r = s
                .post(&format!("/customers/{id}/verifications"))
                .json(&json!({"associatedPartyIds":[uuid::Uuid::new_v4()]}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST);
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("party never approved");
}

#[tokio::test]
async fn manual_clock_makes_outcomes_deterministic() {
    let clock = Arc::new(ManualClock::starting_now());
    let s = start_with(with_clock(clock.clone())).await;
    let id = s.individual("123.456.789-09").await;
    s.make_ready(&id, false).await;
    s.start_verification(&id).await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(
        s.customer(&id).await["verification"]["status"],
        "UNDER_VERIFICATION",
        "clock did not move"
    );
    clock.advance(Duration::from_millis(50));
    assert_eq!(s.customer(&id).await["verification"]["status"], "APPROVED");
    assert_eq!(
        statuses(&s.accounts_of(&id).await),
        ["PROVISIONING", "PROVISIONING"]
    );
    clock.advance(Duration::from_millis(50));
    s.handle.tick();
    assert_eq!(statuses(&s.accounts_of(&id).await), ["ACTIVE", "ACTIVE"]);
}

#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<(HeaderMap, Bytes)>>>);

async fn receiver() -> (String, Received) {
    let got = Received::default();
    let store = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let store = store.clone();
            async move {
                store.0.lock().unwrap().push((headers, body));
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

#[tokio::test]
async fn webhooks_are_signed_and_cover_customer_and_account_events() {
    let (url, got) = receiver().await;
    let secret = "whsec_test";
    let s = start_with(SandboxConfig {
        webhook: Some(WebhookTarget {
            url,
            secret: secret.into(),
        }),
        ..fast_config()
    })
    .await;
    let id = s.individual("123.456.789-09").await;
    s.make_ready(&id, false).await;
    s.start_verification(&id).await;
    s.wait_status(&id, "APPROVED").await;
    let want = [
        "customer.created",
        "customer.under_verification",
        "customer.approved",
        "account.provisioning",
        "account.active",
    ];
    let mut types = Vec::new();
    for _ in 0..250 {
        types = got
            .0
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| {
                serde_json::from_slice::<Value>(b).unwrap()["eventType"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect::<Vec<_>>();
        if want.iter().all(|w| types.iter().any(|t| t == w))
            && types.iter().filter(|t| *t == "account.active").count() == 2
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(types.len(), 7, "{types:?}");
    assert_eq!(&types[..3], &want[..3]);
    for (headers, body) in got.0.lock().unwrap().iter() {
        let sig = headers["x-hub-signature"].to_str().unwrap();
        assert_eq!(sig, lumx_sandbox::webhook_signature(secret, body));
        assert!(sig
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        let v: Value = serde_json::from_slice(body).unwrap();
        assert!(uuid::Uuid::parse_str(v["eventId"].as_str().unwrap()).is_ok());
        if v["eventType"].as_str().unwrap().starts_with("customer.") {
            assert_eq!(v["data"]["customerId"], id.as_str());
            assert_eq!(v["data"]["level"], "STANDARD");
        } else {
            assert_eq!(v["data"]["customerId"], id.as_str());
            assert!(v["data"]["currency"].is_string());
        }
    }
    assert_eq!(s.handle.stats().webhooks_delivered, 7);
}
