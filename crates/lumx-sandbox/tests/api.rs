//! Endpoint shapes, auth, routing, content types, validation, duplicates, pagination.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn auth_is_required_everywhere_including_control_routes() {
    let s = start().await;
    for path in ["/customers", "/_sandbox/stats", "/no/such/route"] {
        let r = s.http.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"], "Unauthorized");
        assert!(body["logId"].is_string());
    }
    let wrong = s
        .http
        .get(s.url("/customers"))
        .bearer_auth("sk_wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let basic = s
        .http
        .get(s.url("/customers"))
        .header("Authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        s.get("/customers").send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_random_token_is_drawn_when_none_is_configured() {
    let s = start_with(lumx_sandbox::SandboxConfig::default()).await;
    let token = s.handle.token().to_string();
    assert_eq!(token.len(), 64, "{token}");
    for path in ["/customers", "/_sandbox/stats"] {
        let r = s
            .http
            .get(s.url(path))
            .bearer_auth("whatever")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        let r = s
            .http
            .get(s.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }
    let other = lumx_sandbox::start(lumx_sandbox::SandboxConfig::default())
        .await
        .unwrap();
    assert_ne!(other.token(), token);
}

#[tokio::test]
async fn an_empty_or_spaced_token_is_refused_at_start() {
    for bad in ["", "two words", "tab\t"] {
        let r = lumx_sandbox::start(lumx_sandbox::SandboxConfig {
            token: Some(bad.into()),
            ..lumx_sandbox::SandboxConfig::default()
        })
        .await;
        assert_eq!(
            r.err().map(|e| e.kind()),
            Some(std::io::ErrorKind::InvalidInput),
            "{bad:?}"
        );
    }
}

#[tokio::test]
async fn control_routes_refuse_a_wrong_token_and_change_nothing() {
    let s = start().await;
    let r = s
        .http
        .put(s.url("/_sandbox/faults"))
        .bearer_auth("sk_wrong")
        .json(&json!({"errorRate": 1.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(s.handle.faults().error_rate, 0.0);
    let r = s
        .http
        .post(s.url("/_sandbox/seed"))
        .bearer_auth("sk_wrong")
        .json(&json!({"count": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(s.handle.stats().customers, 0);
}

fn get_with_host(host: &str, path: &str) -> String {
    format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {KEY}\r\nConnection: close\r\n\r\n"
    )
}

#[tokio::test]
async fn only_loopback_host_headers_are_served_on_every_route() {
    let s = start().await;
    let port = s.handle.addr().port();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.2".to_string(),
    ] {
        for path in ["/customers", "/_sandbox/stats"] {
            let resp = raw_http(s.handle.addr(), &get_with_host(&host, path)).await;
            assert!(resp.starts_with("HTTP/1.1 200"), "{host} {path}: {resp}");
        }
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("10.1.2.3:{port}"),
    ] {
        for path in ["/customers", "/_sandbox/stats", "/_sandbox/faults"] {
            let resp = raw_http(s.handle.addr(), &get_with_host(&host, path)).await;
            assert!(resp.starts_with("HTTP/1.1 421"), "{host} {path}: {resp}");
            assert!(
                resp.contains("only answers requests addressed to localhost"),
                "{resp}"
            );
        }
    }
    // HTTP/1.0 without Host, and an absolute-form target naming a foreign host.
    let no_host = format!("GET /customers HTTP/1.0\r\nAuthorization: Bearer {KEY}\r\n\r\n");
    assert!(raw_http(s.handle.addr(), &no_host)
        .await
        .starts_with("HTTP/1.0 421"));
    let absolute = format!(
        "GET http://evil.example/customers HTTP/1.1\r\nHost: localhost:{port}\r\nAuthorization: Bearer {KEY}\r\nConnection: close\r\n\r\n"
    );
    assert!(raw_http(s.handle.addr(), &absolute)
        .await
        .starts_with("HTTP/1.1 421"));
}

#[tokio::test]
async fn a_foreign_host_is_refused_even_without_a_token() {
    let s = start().await;
    let req = "GET /_sandbox/stats HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n";
    let resp = raw_http(s.handle.addr(), req).await;
    assert!(resp.starts_with("HTTP/1.1 421"), "{resp}");
}

#[tokio::test]
async fn a_stalled_request_head_is_closed_after_the_header_read_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let timeout = std::time::Duration::from_millis(300);
    let s = start_with(lumx_sandbox::SandboxConfig {
        header_read_timeout: timeout,
        ..fast_config()
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(s.handle.addr())
        .await
        .unwrap();
    stream.write_all(b"GET /customers HT").await.unwrap();
    let started = std::time::Instant::now();
    let mut out = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut out),
    )
    .await
    .expect("the server closed the stalled connection")
    .ok();
    assert!(started.elapsed() >= timeout - std::time::Duration::from_millis(50));
    // Whatever hyper says on the way out, it never served the half request.
    assert!(!String::from_utf8_lossy(&out).contains("200 OK"));
    // A complete request is still served.
    assert_eq!(
        s.get("/customers").send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn unknown_routes_and_ids_are_404_with_error_body() {
    let s = start().await;
    let r = s.get("/nope").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "Not Found");
    let r = s
        .get(&format!("/customers/{}", uuid::Uuid::new_v4()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap()["message"],
        "Customer not found!"
    );
    assert_eq!(
        s.get("/customers/not-a-uuid")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let id = s.business("42.887.120/0001-00").await;
    let r = s
        .get(&format!(
            "/customers/{id}/associated-parties/{}",
            uuid::Uuid::new_v4()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = s
        .http
        .delete(s.url("/customers"))
        .bearer_auth(KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let s = start().await;
    let body = individual_body("123.456.789-09").to_string();
    let r = s
        .post("/customers")
        .header("Content-Type", "text/plain")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "Unsupported Media Type"
    );
    let r = s.post("/customers").body(body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let id = s.individual("123.456.789-09").await;
    let r = s
        .post(&format!("/customers/{id}/documents"))
        .json(&json!({"type":"PASSPORT"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // JSON with charset parameter is fine.
    let r = s
        .patch(&format!("/customers/{id}/additional-information"))
        .header("Content-Type", "application/json; charset=utf-8")
        .body(individual_info().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn create_individual_and_business_shapes() {
    let s = start().await;
    let c = s.create(individual_body("123.456.789-09")).await;
    assert_eq!(c["type"], "INDIVIDUAL");
    assert_eq!(c["name"], "William Default");
    assert_eq!(c["birthDate"], "1990-01-01");
    assert_eq!(c["metadata"], json!({}));
    assert_eq!(c["verification"]["status"], "NOT_STARTED");
    assert_eq!(c["verification"]["level"], "STANDARD");
    assert!(c["verification"]["link"]
        .as_str()
        .unwrap()
        .starts_with("https://in.sumsub.com/websdk/p/sbx_"));
    assert!(c.get("wallets").is_none());
    let names: Vec<&str> = c["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"TERMS_OF_SERVICE")
            && names.contains(&"PROOF_OF_ADDRESS")
            && names.contains(&"SELFIE")
    );
    assert!(c["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] == "NOT_SENT"));
    let currencies: Vec<&str> = c["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["currency"].as_str().unwrap())
        .collect();
    assert_eq!(currencies, ["BRL", "USD"]);
    assert!(c["createdAt"].as_str().unwrap().ends_with('Z'));

    let b = s.create(business_body("42.887.120/0001-00")).await;
    assert_eq!(b["legalName"], "Lumx S.A");
    assert_eq!(b["incorporationDate"], "2020-01-01");
    assert_eq!(b["metadata"]["externalId"], "biz_1");
    let names: Vec<&str> = b["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "INCORPORATION_ARTICLES");
    assert!(names.contains(&"TERMS_OF_SERVICE"));

    // Without `accounts` a BRL account is provisioned by default.
    let mut body = individual_body("987.654.321-00");
    body.as_object_mut().unwrap().remove("accounts");
    let d = s.create(body).await;
    assert_eq!(d["accounts"].as_array().unwrap().len(), 1);
    assert_eq!(d["accounts"][0]["currency"], "BRL");
}

#[tokio::test]
async fn validation_errors_list_every_field() {
    let s = start().await;
    let r = s
        .post("/customers")
        .json(&json!({"type":"INDIVIDUAL","taxId":"123","birthDate":"2999-02-30","country":"br","email":"nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"], "Bad Request");
    let f = field_names(&e);
    for want in ["name", "birthDate", "country", "email"] {
        assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
    }
    let r = s
        .post("/customers")
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let id = s.individual("123.456.789-09").await;
    let mut info = individual_info();
    info["involvedActivities"] = json!(["NONE", "DRUGS"]);
    info["sourceOfFunds"] = json!("LOTTERY");
    info["phone"] = json!("+55 11 9999");
    info["address"] = json!({"country":"BRA"});
    let r = s
        .patch(&format!("/customers/{id}/additional-information"))
        .json(&info)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let f = field_names(&r.json().await.unwrap());
    for want in [
        "involvedActivities",
        "sourceOfFunds",
        "phone",
        "address.line1",
        "address.postalCode",
    ] {
        assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
    }
    // A business body on an individual customer is refused.
    let r = s
        .patch(&format!("/customers/{id}/additional-information"))
        .json(&business_info())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let bad_size = s.get("/customers?size=0").send().await.unwrap();
    assert_eq!(bad_size.status(), StatusCode::BAD_REQUEST);
    assert_eq!(field_names(&bad_size.json().await.unwrap()), ["size"]);
    assert_eq!(
        s.get("/customers?cursor=zzz")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.get(&format!("/customers/{id}?includeBalances=maybe"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn additional_information_is_echoed_and_requirement_sent() {
    let s = start().await;
    let id = s.business("42.887.120/0001-00").await;
    let r = s
        .patch(&format!("/customers/{id}/additional-information"))
        .json(&business_info())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["additionalInformation"]["companyType"], "PAYMENT_GATEWAY");
    let req = c["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "ADDITIONAL_INFORMATION")
        .unwrap();
    assert_eq!(req["status"], "SENT");
    let mut regulated = business_info();
    regulated["isRegulatedActivity"] = json!(true);
    let r = s
        .patch(&format!("/customers/{id}/additional-information"))
        .json(&regulated)
        .send()
        .await
        .unwrap();
    assert_eq!(
        field_names(&r.json().await.unwrap()),
        ["regulatedActivityDetails"]
    );
}

#[tokio::test]
async fn duplicate_tax_id_is_409_with_existing_id() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    let r = s
        .post("/customers")
        .json(&individual_body("12345678909"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"], "Conflict");
    assert_eq!(
        e["message"],
        "Another customer with the same document already exists"
    );
    assert_eq!(e["customer"]["id"], id.as_str());
    assert_eq!(s.handle.stats().customers, 1);
}

#[tokio::test]
async fn customers_paginate_newest_first_across_pages() {
    let s = start().await;
    let mut created = Vec::new();
    for i in 0..7 {
        created.push(s.individual(&format!("100.000.000-{i:02}")).await);
    }
    created.reverse();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/customers?size=3&cursor={c}"),
            None => "/customers?size=3".to_string(),
        };
        let page = s.json(&path).await;
        pages += 1;
        assert_eq!(page["pagination"]["total"], 7);
        assert_eq!(page["pagination"]["size"], 3);
        assert_eq!(page["pagination"]["hasPreviousPage"], pages > 1);
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_string()),
        );
        match page["pagination"]["nextCursor"].as_str() {
            Some(c) => {
                assert_eq!(page["pagination"]["hasNextPage"], true);
                cursor = Some(c.to_string());
            }
            None => {
                assert_eq!(page["pagination"]["hasNextPage"], false);
                let prev = page["pagination"]["previousCursor"]
                    .as_str()
                    .unwrap()
                    .to_string();
                let back = s.json(&format!("/customers?size=3&cursor={prev}")).await;
                assert_eq!(back["data"][0]["id"], created[3].as_str());
                break;
            }
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, created);
    let unknown = s
        .get(&format!("/customers?cursor={}", uuid::Uuid::new_v4()))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn accounts_list_filters_and_paginates() {
    let s = start().await;
    let a = s.individual("123.456.789-09").await;
    s.individual("987.654.321-00").await;
    let all = s.json("/accounts?size=3").await;
    assert_eq!(all["pagination"]["total"], 4);
    assert_eq!(all["pagination"]["hasNextPage"], true);
    assert_eq!(all["data"].as_array().unwrap().len(), 3);
    let mine = s.accounts_of(&a).await;
    assert_eq!(mine.len(), 2);
    assert!(mine
        .iter()
        .all(|acc| acc["customerId"] == a.as_str() && acc["status"] == "PROVISIONING"));
    let none = s
        .json(&format!("/accounts?customerId={}", uuid::Uuid::new_v4()))
        .await;
    assert_eq!(none["pagination"]["total"], 0);
    assert_eq!(
        s.get("/accounts?customerId=x")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn associated_parties_roles_nesting_and_rules() {
    let s = start().await;
    let id = s.business("42.887.120/0001-00").await;
    let holding = s
        .party(&id, json!({"type":"BUSINESS","role":"SHAREHOLDER","legalName":"Holding Participações Ltda","taxId":"11.222.333/0001-81","incorporationDate":"2010-05-05","ownershipPercentage":60}))
        .await;
    assert_eq!(holding["type"], "BUSINESS");
    assert_eq!(holding["legalName"], "Holding Participações Ltda");
    assert_eq!(holding["ownershipPercentage"], 60);
    let owner = s
        .party(&id, json!({"type":"INDIVIDUAL","roles":["UBO"],"name":"Maria Santos","birthDate":"1985-07-10","email":"maria@example.com","taxId":"987.654.321-00","address":address(),"ownershipPercentage":100,"parentId":holding["id"]}))
        .await;
    assert_eq!(owner["role"], "UBO");
    assert_eq!(owner["roles"], json!(["UBO"]));
    assert_eq!(owner["parentId"], holding["id"]);
    assert_eq!(owner["verification"]["status"], "NOT_STARTED");

    let rep = s
        .party(
            &id,
            json!({"type":"INDIVIDUAL","role":"REPRESENTATIVE","name":"João Lima"}),
        )
        .await;
    let list = s.json(&format!("/customers/{id}/associated-parties")).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 3);
    let one = s
        .json(&format!(
            "/customers/{id}/associated-parties/{}",
            rep["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(one["name"], "João Lima");

    let bad = |body: Value| {
        let s = &s;
        let id = id.clone();
        async move {
            let r = s
                .post(&format!("/customers/{id}/associated-parties"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST);
            field_names(&r.json().await.unwrap())
        }
    };
    assert_eq!(
        bad(json!({"type":"BUSINESS","role":"UBO","legalName":"X"})).await,
        ["role"]
    );
    assert_eq!(
        bad(json!({"type":"BUSINESS","role":"REPRESENTATIVE","legalName":"X"})).await,
        ["role"]
    );
    assert_eq!(
        bad(json!({"type":"INDIVIDUAL","role":"UBO","name":"X","ownershipPercentage":0})).await,
        ["ownershipPercentage"]
    );
    assert_eq!(
        bad(json!({"type":"INDIVIDUAL","role":"UBO","name":"X","parentId":uuid::Uuid::new_v4()}))
            .await,
        ["parentId"]
    );

    // Parties are BUSINESS-only.
    let ind = s.individual("123.456.789-09").await;
    let r = s
        .post(&format!("/customers/{ind}/associated-parties"))
        .json(&json!({"type":"INDIVIDUAL","role":"UBO","name":"X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn sole_individual_shareholder_also_gets_ubo_role() {
    let s = start().await;
    let id = s.business("42.887.120/0001-00").await;
    let p = s.party(&id, json!({"type":"INDIVIDUAL","role":"SHAREHOLDER","name":"Única Sócia","ownershipPercentage":100})).await;
    assert_eq!(p["role"], "SHAREHOLDER");
    assert_eq!(p["roles"], json!(["SHAREHOLDER", "UBO"]));
}

#[tokio::test]
async fn tos_link_expires_in_24_hours() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    let r = s
        .post(&format!("/customers/{id}/tos"))
        .json(&json!({"redirectUrl":"https://example.com/done"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert!(v["url"]
        .as_str()
        .unwrap()
        .starts_with("https://dashboard.lumx.io/tos/sandbox/"));
    let expires = time::OffsetDateTime::parse(
        v["expiresAt"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let left = expires - time::OffsetDateTime::now_utc();
    assert!(left > time::Duration::hours(23) && left <= time::Duration::hours(24));
    let r = s
        .post(&format!("/customers/{id}/tos"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "body is optional");
    let r = s
        .post(&format!("/customers/{id}/tos"))
        .json(&json!({"redirectUrl":"not a url"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    assert!(s.handle.accept_terms(uuid::Uuid::parse_str(&id).unwrap()));
    assert!(!s.handle.accept_terms(uuid::Uuid::new_v4()));
    let c = s.customer(&id).await;
    assert!(!c["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "TERMS_OF_SERVICE"));
    let r = s
        .post(&format!(
            "/_sandbox/customers/{}/tos/accept",
            uuid::Uuid::new_v4()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
