//! Document upload: multipart parts, side rules, party ownership, magic bytes, size limit.

mod common;

use common::*;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn upload_error(s: &Sbx, id: &str, form: Form) -> (StatusCode, Value) {
    let r = s.upload(id, form).await;
    let status = r.status();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn accepted_upload_is_201_empty_and_marks_requirement_sent() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    let r = s
        .upload(&id, doc_form("ID_CARD", Some("FRONT_SIDE"), None, png()))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.text().await.unwrap(), "");
    let jpg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    assert_eq!(
        s.upload(&id, doc_form("SELFIE", None, None, jpg))
            .await
            .status(),
        StatusCode::CREATED
    );
    let c = s.customer(&id).await;
    let status = |n: &str| {
        c["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == n)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("ID_CARD"), "SENT");
    assert_eq!(status("SELFIE"), "SENT");
    assert_eq!(status("PASSPORT"), "NOT_SENT");
    assert_eq!(s.handle.stats().documents, 2);
}

#[tokio::test]
async fn side_is_required_for_identity_documents_and_refused_otherwise() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    for t in ["ID_CARD", "PASSPORT", "DRIVERS_LICENSE"] {
        let (status, e) = upload_error(&s, &id, doc_form(t, None, None, pdf())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(field_names(&e), ["side"]);
    }
    let (status, e) = upload_error(
        &s,
        &id,
        doc_form("BANK_STATEMENT", Some("FRONT_SIDE"), None, pdf()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        e["details"][0]["message"],
        "is not allowed for BANK_STATEMENT"
    );
    let (_, e) = upload_error(&s, &id, doc_form("PASSPORT", Some("LEFT"), None, pdf())).await;
    assert_eq!(field_names(&e), ["side"]);
    assert_eq!(s.handle.stats().documents, 0);
}

#[tokio::test]
async fn missing_and_invalid_parts_are_reported() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    let (status, e) = upload_error(&s, &id, Form::new().text("type", "SELFIE")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let f = field_names(&e);
    assert!(
        f.contains(&"file".to_string()) && f.contains(&"country".to_string()),
        "{f:?}"
    );
    let form = Form::new()
        .part("file", Part::bytes(pdf()).file_name("a.pdf"))
        .text("type", "UTILITY_BILL")
        .text("country", "Brasil")
        .text("metadata", "{}");
    let (_, e) = upload_error(&s, &id, form).await;
    let mut f = field_names(&e);
    f.sort();
    assert_eq!(f, ["country", "metadata", "type"]);
}

#[tokio::test]
async fn only_jpg_png_pdf_by_magic_bytes() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    // A GIF named .pdf is still a GIF.
    let (status, e) = upload_error(
        &s,
        &id,
        doc_form("SELFIE", None, None, b"GIF89a\x01\x00".to_vec()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(e["details"][0]["field"], "file");
    assert_eq!(e["details"][0]["message"], "must be a JPG, PNG or PDF file");
    let (status, _) = upload_error(&s, &id, doc_form("SELFIE", None, None, Vec::new())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn associated_party_id_must_belong_to_the_customer() {
    let s = start().await;
    let a = s.business("42.887.120/0001-00").await;
    let b = s.business("11.222.333/0001-81").await;
    let pa = s
        .party(
            &a,
            json!({"type":"INDIVIDUAL","role":"REPRESENTATIVE","name":"Rep A"}),
        )
        .await;
    let pa = pa["id"].as_str().unwrap();
    s.upload_ok(&a, "PASSPORT", Some("FRONT_SIDE"), Some(pa))
        .await;
    let (status, e) = upload_error(
        &s,
        &b,
        doc_form("PASSPORT", Some("FRONT_SIDE"), Some(pa), pdf()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(field_names(&e), ["associatedPartyId"]);
    let (_, e) = upload_error(
        &s,
        &b,
        doc_form("PASSPORT", Some("FRONT_SIDE"), Some("nope"), pdf()),
    )
    .await;
    assert_eq!(field_names(&e), ["associatedPartyId"]);
    // Party documents do not satisfy the customer's own requirements.
    let c = s.customer(&a).await;
    let passport = c["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "PASSPORT");
    assert!(
        passport.is_none(),
        "business requirements have no PASSPORT entry"
    );
    let r = s
        .upload(
            &uuid::Uuid::new_v4().to_string(),
            doc_form("SELFIE", None, None, pdf()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn fifty_megabytes_is_the_limit() {
    let s = start().await;
    let id = s.individual("123.456.789-09").await;
    let limit = 50 * 1024 * 1024;
    let mut exact = pdf();
    exact.resize(limit, b' ');
    assert_eq!(
        s.upload(&id, doc_form("BANK_STATEMENT", None, None, exact))
            .await
            .status(),
        StatusCode::CREATED
    );
    let mut over = pdf();
    over.resize(limit + 1, b' ');
    let (status, e) = upload_error(&s, &id, doc_form("BANK_STATEMENT", None, None, over)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(e["details"][0]["field"], "file");
    assert_eq!(s.handle.stats().documents, 1);
}
