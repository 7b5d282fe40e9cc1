//! What this desk sent to Lumx, file by file, and which of those files Lumx then
//! rejected: the memory behind "this is the same file as one rejected in round N".
//!
//! Every successful upload records its slot (customer or party, type, side) and the
//! file's fingerprint. When an RFI round opens, the latest file sent for each declined
//! document is kept as rejected in that round, with the round's labels; a later pick is
//! compared with all of them ([`crate::document_checks`]).

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::document_checks::{Fingerprint, RejectedFile};
use crate::error::DeskError;
use crate::rfi_store::{db_error, RfiStore};

/// Where a document goes: the customer itself or one of its parties, its type and side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentSlot {
    pub party_id: Option<String>,
    pub document_type: String,
    pub side: Option<String>,
}

impl DocumentSlot {
    fn key(&self) -> String {
        format!(
            "{}|{}|{}",
            self.party_id.as_deref().unwrap_or("-"),
            self.document_type,
            self.side.as_deref().unwrap_or("-")
        )
    }

    /// "PASSPORT FRONT_SIDE", as the rejection is described to the analyst.
    pub fn describe(&self) -> String {
        match &self.side {
            Some(side) => format!("{} {side}", self.document_type),
            None => self.document_type.clone(),
        }
    }
}

impl RfiStore {
    /// Remembers a file Lumx accepted for upload into `slot` of `customer`.
    pub fn record_sent(
        &self,
        env: &str,
        customer: &str,
        slot: &DocumentSlot,
        fingerprint: &Fingerprint,
        file_name: &str,
        at: &str,
    ) -> Result<(), DeskError> {
        let fingerprint = serde_json::to_string(fingerprint).map_err(db_error)?;
        self.conn()
            .execute(
                "INSERT INTO sent_files (env, customer_id, slot, fingerprint, file_name, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![env, customer, slot.key(), fingerprint, file_name, at],
            )
            .map(drop)
            .map_err(db_error)
    }

    /// The latest file sent into `slot`, if this desk sent one.
    pub fn last_sent(
        &self,
        env: &str,
        customer: &str,
        slot: &DocumentSlot,
    ) -> Result<Option<Fingerprint>, DeskError> {
        let conn = self.conn();
        let found: Option<String> = conn
            .query_row(
                "SELECT fingerprint FROM sent_files WHERE env = ?1 AND customer_id = ?2 AND slot = ?3
                 ORDER BY rowid DESC LIMIT 1",
                params![env, customer, slot.key()],
                |r| r.get(0),
            )
            .ok();
        Ok(found.and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Keeps, for round `number`, the file last sent into each declined slot as rejected
    /// with the round's labels. Called when the round opens; a slot this desk never sent
    /// into (a customer onboarded elsewhere) has nothing to keep.
    pub fn keep_rejected(
        &self,
        env: &str,
        customer: &str,
        number: u32,
        declined: &[(String, DocumentSlot, Vec<String>)],
    ) -> Result<(), DeskError> {
        for (item_id, slot, labels) in declined {
            let Some(fingerprint) = self.last_sent(env, customer, slot)? else {
                continue;
            };
            let rejected = RejectedFile {
                fingerprint,
                round: number,
                document: slot.describe(),
                labels: labels.clone(),
            };
            let data = serde_json::to_string(&rejected).map_err(db_error)?;
            self.conn()
                .execute(
                    "INSERT OR REPLACE INTO rejected_files (env, customer_id, number, item_id, data)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![env, customer, number, item_id, data],
                )
                .map_err(db_error)?;
        }
        Ok(())
    }

    /// Every file of `customer` that Lumx rejected in a round, oldest round first.
    pub fn rejected_files(
        &self,
        env: &str,
        customer: &str,
    ) -> Result<Vec<RejectedFile>, DeskError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(
                "SELECT data FROM rejected_files WHERE env = ?1 AND customer_id = ?2
                 ORDER BY number, item_id",
            )
            .map_err(db_error)?;
        let rows = stmt
            .query_map(params![env, customer], |r| r.get::<_, String>(0))
            .map_err(db_error)?;
        Ok(rows
            .filter_map(Result::ok)
            .filter_map(|json| serde_json::from_str(&json).ok())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(sha: &str) -> Fingerprint {
        Fingerprint {
            sha256: sha.into(),
            perceptual: None,
            sharpness: None,
        }
    }

    #[test]
    fn the_last_file_sent_into_a_declined_slot_is_kept_as_rejected() {
        let store = RfiStore::in_memory().unwrap();
        let poa = DocumentSlot {
            party_id: None,
            document_type: "PROOF_OF_ADDRESS".into(),
            side: None,
        };
        let party_poa = DocumentSlot {
            party_id: Some("p1".into()),
            ..poa.clone()
        };
        store
            .record_sent("l", "c", &poa, &fp("old"), "a.jpg", "1")
            .unwrap();
        store
            .record_sent("l", "c", &poa, &fp("new"), "b.jpg", "2")
            .unwrap();
        store
            .record_sent("l", "c", &party_poa, &fp("party"), "p.jpg", "3")
            .unwrap();
        let labels = vec!["DOCUMENT_BLURRY".to_string()];
        let never_sent = DocumentSlot {
            document_type: "SELFIE".into(),
            ..poa.clone()
        };
        store
            .keep_rejected(
                "l",
                "c",
                1,
                &[
                    (
                        "customer:PROOF_OF_ADDRESS".into(),
                        poa.clone(),
                        labels.clone(),
                    ),
                    ("customer:SELFIE".into(), never_sent, labels.clone()),
                ],
            )
            .unwrap();
        let rejected = store.rejected_files("l", "c").unwrap();
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].fingerprint.sha256, "new");
        assert_eq!(rejected[0].round, 1);
        assert_eq!(rejected[0].document, "PROOF_OF_ADDRESS");
        assert_eq!(rejected[0].labels, labels);
        assert!(store.rejected_files("other-env", "c").unwrap().is_empty());
    }
}
