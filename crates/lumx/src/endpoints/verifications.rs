//! Verification start, ToS link, legacy verification read.

use reqwest::Method;
use uuid::Uuid;

use crate::models::{
    LegacyVerification, StartVerification, TosLink, TosLinkRequest, VerificationStarted,
};
use crate::{Client, IdempotencyKey, Result};

impl Client {
    /// `POST /customers/{id}/verifications`. With no party ids the request has
    /// no body (the body is optional); an empty/absent response body ([OLD]
    /// `202`) yields `VerificationStarted { id: None }`.
    pub async fn start_verification(
        &self,
        customer_id: Uuid,
        body: &StartVerification,
        key: Option<IdempotencyKey>,
    ) -> Result<VerificationStarted> {
        let path = format!("/customers/{customer_id}/verifications");
        let body = (!body.associated_party_ids.is_empty()).then_some(body);
        let call = self.mutation(Method::POST, path, body, key)?;
        let resp = self.execute(call).await?;
        if resp.is_empty() {
            return Ok(VerificationStarted::default());
        }
        resp.json()
    }

    /// `POST /customers/{id}/tos` — a 24 h Terms-of-Service acceptance link.
    /// The idempotency key is sent even though the docs do not list it (§8 #13).
    pub async fn create_tos_link(
        &self,
        customer_id: Uuid,
        body: &TosLinkRequest,
        key: Option<IdempotencyKey>,
    ) -> Result<TosLink> {
        let call = self.mutation(
            Method::POST,
            format!("/customers/{customer_id}/tos"),
            Some(body),
            key,
        )?;
        self.execute(call).await?.json()
    }

    /// Legacy `GET /customers/{id}/verifications` ([MID]/[OLD]; newer docs say
    /// to read the customer instead).
    pub async fn get_verification(&self, customer_id: Uuid) -> Result<LegacyVerification> {
        let call = self.call(
            Method::GET,
            format!("/customers/{customer_id}/verifications"),
        );
        self.execute(call).await?.json()
    }
}
