//! Helpers shared by the integration tests: a started sandbox plus raw reqwest calls.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use lumx_sandbox::{Clock, SandboxConfig, SandboxHandle};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

pub const KEY: &str = "sk_test_integration";

pub struct Sbx {
    pub handle: SandboxHandle,
    pub base: String,
    pub http: Client,
}

pub fn fast_config() -> SandboxConfig {
    SandboxConfig {
        token: Some(KEY.into()),
        verification_delay: Duration::from_millis(50),
        account_activation_delay: Duration::from_millis(50),
        ..SandboxConfig::default()
    }
}

pub async fn start() -> Sbx {
    start_with(fast_config()).await
}

pub async fn start_with(config: SandboxConfig) -> Sbx {
    let handle = lumx_sandbox::start(config).await.expect("sandbox starts");
    let base = handle.base_url();
    let http = Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    Sbx { handle, base, http }
}

/// Sends `request` as is on a fresh TCP connection and returns everything the server
/// writes until it closes the connection (`Connection: close` requests).
pub async fn raw_http(addr: std::net::SocketAddr, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out))
        .await
        .expect("the server closes the connection")
        .unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

pub fn with_clock(clock: Arc<dyn Clock>) -> SandboxConfig {
    SandboxConfig {
        clock,
        ..fast_config()
    }
}

impl Sbx {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(KEY)
    }

    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.post(self.url(path)).bearer_auth(KEY)
    }

    pub fn patch(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.patch(self.url(path)).bearer_auth(KEY)
    }

    pub fn put(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.put(self.url(path)).bearer_auth(KEY)
    }

    pub async fn json(&self, path: &str) -> Value {
        let r = self.get(path).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        r.json().await.unwrap()
    }

    pub async fn create(&self, body: Value) -> Value {
        let r = self.post("/customers").json(&body).send().await.unwrap();
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{v}");
        v
    }

    pub async fn individual(&self, tax_id: &str) -> String {
        self.create(individual_body(tax_id)).await["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn business(&self, tax_id: &str) -> String {
        self.create(business_body(tax_id)).await["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn upload(&self, id: &str, form: Form) -> Response {
        self.post(&format!("/customers/{id}/documents"))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn upload_ok(
        &self,
        id: &str,
        doc_type: &str,
        side: Option<&str>,
        party: Option<&str>,
    ) {
        let r = self
            .upload(id, doc_form(doc_type, side, party, pdf()))
            .await;
        let status = r.status();
        assert_eq!(status, StatusCode::CREATED, "{}", r.text().await.unwrap());
    }

    pub async fn party(&self, id: &str, body: Value) -> Value {
        let r = self
            .post(&format!("/customers/{id}/associated-parties"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{v}");
        v
    }

    /// Additional information + proof of address + accepted ToS.
    pub async fn make_ready(&self, id: &str, business: bool) {
        let info = if business {
            business_info()
        } else {
            individual_info()
        };
        let r = self
            .patch(&format!("/customers/{id}/additional-information"))
            .json(&info)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        self.upload_ok(id, "PROOF_OF_ADDRESS", None, None).await;
        let r = self
            .post(&format!("/_sandbox/customers/{id}/tos/accept"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }

    pub async fn start_verification(&self, id: &str) -> Response {
        self.post(&format!("/customers/{id}/verifications"))
            .send()
            .await
            .unwrap()
    }

    pub async fn customer(&self, id: &str) -> Value {
        self.json(&format!("/customers/{id}")).await
    }

    /// Polls until the customer's status is `want` (fails after 5 s).
    pub async fn wait_status(&self, id: &str, want: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let c = self.customer(id).await;
            if c["verification"]["status"] == want {
                return c;
            }
            assert!(
                Instant::now() < deadline,
                "still {} (wanted {want})",
                c["verification"]["status"]
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn accounts_of(&self, id: &str) -> Vec<Value> {
        self.json(&format!("/accounts?customerId={id}")).await["data"]
            .as_array()
            .unwrap()
            .clone()
    }
}

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec()
}

pub fn png() -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    v.extend_from_slice(&[0u8; 32]);
    v
}

pub fn doc_form(doc_type: &str, side: Option<&str>, party: Option<&str>, file: Vec<u8>) -> Form {
    let mut form = Form::new()
        .part(
            "file",
            Part::bytes(file)
                .file_name("doc.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
        .text("type", doc_type.to_string())
        .text("country", "BRA");
    if let Some(s) = side {
        form = form.text("side", s.to_string());
    }
    if let Some(p) = party {
        form = form.text("associatedPartyId", p.to_string());
    }
    form
}

pub fn individual_body(tax_id: &str) -> Value {
    json!({
        "type": "INDIVIDUAL", "name": "William Default", "taxId": tax_id,
        "birthDate": "1990-01-01", "country": "BRA", "email": "william@example.com",
        "accounts": ["BRL", "USD"]
    })
}

pub fn business_body(tax_id: &str) -> Value {
    json!({
        "type": "BUSINESS", "legalName": "Lumx S.A", "taxId": tax_id,
        "incorporationDate": "2020-01-01", "country": "BRA", "email": "hello@lumx.io",
        "accounts": ["BRL", "USD"], "metadata": {"externalId": "biz_1"}
    })
}

pub fn address() -> Value {
    json!({"country":"BRA","line1":"Av. Paulista, 1000","city":"São Paulo","state":"SP","postalCode":"01310-100"})
}

pub fn individual_info() -> Value {
    json!({
        "type":"INDIVIDUAL","phone":"+5511999999999","firstName":"William","middleName":"","lastName":"Default",
        "address": address(), "monthlyVolumeInUSD":"5000","transactionVolumeInUSD":"1000",
        "jurisdictions":["BRA","USA"],"involvedActivities":["NONE"],"transactionCounterparties":["SELF","MERCHANTS_SUPPLIERS"],
        "professionalSituation":"EMPLOYEE","professionalOccupation":"Software Engineer","sourceOfFunds":"EMPLOYMENT"
    })
}

pub fn business_info() -> Value {
    json!({
        "type":"BUSINESS","phone":"+5511999999999","address": address(),
        "monthlyVolumeInUSD":"50000.00","transactionVolumeInUSD":"10000.00","jurisdictions":["BRA","USA"],
        "involvedActivities":["NONE"],"transactionCounterparties":["CUSTOMERS"],"companyType":"PAYMENT_GATEWAY",
        "annualRevenue":"1000000.00","monthlyTransactionVolume":"100000.00","complianceAndAML":"Full AML program",
        "isRegulatedActivity":false,"regulatedActivityDetails":"","website":"https://lumx.io","sourceOfFunds":"COMPANY",
        "servicesProvided":"Payments"
    })
}

pub fn field_names(err: &Value) -> Vec<String> {
    err["details"]
        .as_array()
        .map(|d| {
            d.iter()
                .map(|e| e["field"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}
