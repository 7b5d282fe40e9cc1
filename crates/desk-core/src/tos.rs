//! Terms of Service links: asked of Lumx for the customer view and the wizard alike.

use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use crate::error::DeskError;
use crate::journal::{self, Intent, OperationKind};
use crate::ledger::{Ledger, Sent};
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TosLinkView {
    pub url: String,
    pub expires_at: String,
}

/// Asks Lumx for a new ToS link (journaled like every mutation; every request is a
/// new one, so it never replays an older link).
pub(crate) async fn send_tos_link(
    session: &Session,
    ledger: &Ledger,
    id: Uuid,
    draft_id: Option<&str>,
) -> Result<TosLinkView, DeskError> {
    let client = session.current_client().await?;
    let body = lumx::models::TosLinkRequest::default();
    let intent = Intent {
        environment: session.environment().slug().to_string(),
        kind: OperationKind::TosLink,
        target: format!("customer:{id}:tos_link"),
        customer_id: Some(id.to_string()),
        draft_id: draft_id.map(str::to_owned),
        party_id: None,
        fingerprint: journal::fingerprint(&(id, &body, Uuid::new_v4())),
        summary: serde_json::json!({}),
    };
    let link = match ledger
        .send_once(intent, None, |k| client.create_tos_link(id, &body, Some(k)))
        .await?
    {
        Sent::Now(result, _) => result?,
        Sent::Before(_) => return Err(DeskError::internal("a ToS link request was repeated")),
    };
    Ok(TosLinkView {
        url: link.url,
        expires_at: link
            .expires_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
    })
}
