//! Onboarding drafts in a local SQLite database in the app's data folder.
//!
//! Each save is one transaction in WAL mode with `synchronous=FULL`: after `save`
//! returns, the draft survives a crash or power loss, and a half-written save is never
//! visible. Drafts hold what the analyst typed and picked (paths + SHA-256), never
//! secrets.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use specta::Type;

use crate::error::DeskError;
use crate::wizard::model::Draft;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftSummary {
    pub id: String,
    pub kind: crate::wizard::model::CustomerKind,
    pub environment: crate::environment::EnvironmentKind,
    pub display_name: String,
    pub step: crate::wizard::model::StepId,
    pub customer_id: Option<String>,
    pub updated_at: String,
}

pub struct DraftStore {
    conn: Mutex<Connection>,
}

impl DraftStore {
    pub fn open(path: &Path) -> Result<Self, DeskError> {
        Self::init(crate::storage::open_sqlite(path).map_err(store_error)?)
    }

    /// In memory: for tests.
    pub fn in_memory() -> Result<Self, DeskError> {
        Self::init(crate::storage::open_sqlite_in_memory().map_err(store_error)?)
    }

    fn init(conn: Connection) -> Result<Self, DeskError> {
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS drafts (
                 id          TEXT PRIMARY KEY,
                 environment TEXT NOT NULL,
                 data        TEXT NOT NULL,
                 updated_at  TEXT NOT NULL
             );",
        )
        .map_err(store_error)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// Saves `draft` as it may be kept: tax ids the API already has are masked
    /// ([`minimize`](crate::wizard::minimize::minimize)), whoever the caller.
    pub fn save(&self, draft: &Draft) -> Result<(), DeskError> {
        let mut draft = draft.clone();
        crate::wizard::minimize::minimize(&mut draft);
        let data = serde_json::to_string(&draft).map_err(|e| DeskError::internal(e.to_string()))?;
        let env = serde_json::to_string(&draft.environment).unwrap_or_default();
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn.transaction().map_err(store_error)?;
        tx.execute(
            "INSERT INTO drafts (id, environment, data, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET environment = ?2, data = ?3, updated_at = ?4",
            params![draft.id, env, data, draft.updated_at],
        )
        .map_err(store_error)?;
        tx.commit().map_err(store_error)
    }

    /// Applies `change` to the newest stored version of draft `id` and saves it, in one
    /// transaction under the store's lock: operations that awaited the network write
    /// only what they own, never a stale copy of the whole draft. `None` when the draft
    /// is gone.
    pub fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut Draft),
    ) -> Result<Option<Draft>, DeskError> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(store_error)?;
        let data: Option<String> = tx
            .query_row("SELECT data FROM drafts WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(store_error)?;
        let Some(data) = data else { return Ok(None) };
        let mut draft: Draft = serde_json::from_str(&data)
            .map_err(|e| DeskError::internal(format!("The saved draft could not be read: {e}")))?;
        change(&mut draft);
        draft.revision += 1;
        crate::wizard::minimize::minimize(&mut draft);
        let data = serde_json::to_string(&draft).map_err(|e| DeskError::internal(e.to_string()))?;
        let env = serde_json::to_string(&draft.environment).unwrap_or_default();
        tx.execute(
            "UPDATE drafts SET environment = ?2, data = ?3, updated_at = ?4 WHERE id = ?1",
            params![draft.id, env, data, draft.updated_at],
        )
        .map_err(store_error)?;
        tx.commit().map_err(store_error)?;
        Ok(Some(draft))
    }

    /// Erases superseded versions of rows from disk: the WAL (which keeps every saved
    /// version until a checkpoint) is checkpointed and truncated; `secure_delete` has
    /// already zeroed the replaced content in the database file.
    pub fn forget_old_versions(&self) -> Result<(), DeskError> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(store_error)
    }

    pub fn load(&self, id: &str) -> Result<Option<Draft>, DeskError> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let data: Option<String> = conn
            .query_row("SELECT data FROM drafts WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(store_error)?;
        data.map(|d| {
            serde_json::from_str(&d)
                .map_err(|e| DeskError::internal(format!("The saved draft could not be read: {e}")))
        })
        .transpose()
    }

    /// Most recently updated first. Drafts that no longer decode are skipped, not fatal.
    pub fn list(&self) -> Result<Vec<DraftSummary>, DeskError> {
        Ok(self
            .decoded("SELECT data FROM drafts ORDER BY updated_at DESC")?
            .into_iter()
            .map(|d| DraftSummary {
                display_name: d.display_name().to_string(),
                id: d.id,
                kind: d.kind,
                environment: d.environment,
                step: d.step,
                customer_id: d.customer_id,
                updated_at: d.updated_at,
            })
            .collect())
    }

    /// Every draft, for sweeps; drafts that no longer decode are skipped.
    pub fn all(&self) -> Result<Vec<Draft>, DeskError> {
        self.decoded("SELECT data FROM drafts")
    }

    /// The drafts `sql` selects (one `data` column) that still decode.
    fn decoded(&self, sql: &str) -> Result<Vec<Draft>, DeskError> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let mut stmt = conn.prepare(sql).map_err(store_error)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(store_error)?;
        Ok(rows
            .filter_map(|r| r.ok())
            .filter_map(|d| serde_json::from_str::<Draft>(&d).ok())
            .collect())
    }

    pub fn delete(&self, id: &str) -> Result<bool, DeskError> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        conn.execute("DELETE FROM drafts WHERE id = ?1", [id])
            .map(|n| n > 0)
            .map_err(store_error)
    }
}

fn store_error(e: impl std::fmt::Display) -> DeskError {
    DeskError::internal(format!("The local drafts database failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvironmentKind;
    use crate::wizard::model::{CustomerKind, StepId};

    fn draft(id: &str, updated: &str) -> Draft {
        let mut d = Draft::new(
            id.into(),
            CustomerKind::Individual,
            EnvironmentKind::LocalSandbox,
            "2026-11-25T10:00:00Z".into(),
        );
        d.updated_at = updated.into();
        d
    }

    #[test]
    fn saves_loads_lists_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts.sqlite");
        let store = DraftStore::open(&path).unwrap();
        let mut a = draft("a", "2026-11-25T10:00:00Z");
        a.customer.name = "Ana Souza".into();
        a.step = StepId::Additional;
        store.save(&a).unwrap();
        store.save(&draft("b", "2026-11-25T11:00:00Z")).unwrap();

        // A second connection (as after a restart) sees exactly what was saved.
        drop(store);
        let store = DraftStore::open(&path).unwrap();
        assert_eq!(store.load("a").unwrap().unwrap(), a);
        let list = store.list().unwrap();
        assert_eq!(
            list.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(list[1].display_name, "Ana Souza");
        assert_eq!(list[1].step, StepId::Additional);

        assert!(store.delete("a").unwrap());
        assert!(!store.delete("a").unwrap());
        assert!(store.load("a").unwrap().is_none());
    }

    #[test]
    fn saving_again_replaces_the_draft() {
        let store = DraftStore::in_memory().unwrap();
        let mut d = draft("x", "1");
        store.save(&d).unwrap();
        d.customer.tax_id = "529.982.247-25".into();
        d.updated_at = "2".into();
        store.save(&d).unwrap();
        assert_eq!(store.list().unwrap().len(), 1);
        assert_eq!(
            store.load("x").unwrap().unwrap().customer.tax_id,
            "529.982.247-25"
        );
    }

    #[test]
    fn a_corrupt_row_does_not_hide_the_others() {
        let store = DraftStore::in_memory().unwrap();
        store.save(&draft("ok", "1")).unwrap();
        store
            .conn
            .lock()
            .unwrap()
            .execute(
                "INSERT INTO drafts (id, environment, data, updated_at) VALUES ('bad', '', '{', '2')",
                [],
            )
            .unwrap();
        assert_eq!(store.list().unwrap().len(), 1);
        assert_eq!(store.load("bad").unwrap_err().code(), "internal");
    }
}
