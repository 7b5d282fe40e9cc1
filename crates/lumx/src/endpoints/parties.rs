//! Associated parties: create, list, read.

use reqwest::Method;
use uuid::Uuid;

use crate::models::Entries;
use crate::models::{AssociatedParty, NewAssociatedParty};
use crate::{Client, IdempotencyKey, Page, Result};

impl Client {
    /// `POST /customers/{id}/associated-parties`.
    pub async fn create_associated_party(
        &self,
        customer_id: Uuid,
        body: &NewAssociatedParty,
        key: Option<IdempotencyKey>,
    ) -> Result<AssociatedParty> {
        let call = self.mutation(
            Method::POST,
            format!("/customers/{customer_id}/associated-parties"),
            Some(body),
            key,
        )?;
        self.execute(call).await?.json()
    }

    /// `GET /customers/{id}/associated-parties` (all parties; not paginated). A party
    /// that cannot be read is kept in `unreadable()`; the others decode.
    pub async fn list_associated_parties(
        &self,
        customer_id: Uuid,
    ) -> Result<Entries<AssociatedParty>> {
        let call = self.call(
            Method::GET,
            format!("/customers/{customer_id}/associated-parties"),
        );
        let page: Page<AssociatedParty> = self.execute(call).await?.json()?;
        Ok(page.data)
    }

    /// `GET /customers/{id}/associated-parties/{partyId}`.
    pub async fn get_associated_party(
        &self,
        customer_id: Uuid,
        party_id: Uuid,
    ) -> Result<AssociatedParty> {
        let call = self.call(
            Method::GET,
            format!("/customers/{customer_id}/associated-parties/{party_id}"),
        );
        self.execute(call).await?.json()
    }
}
