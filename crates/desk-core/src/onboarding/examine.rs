//! The document checks in the wizard's and the RFI's flows: a picked file is examined
//! once, off the async runtime, for where it goes; its findings are worded in the
//! analyst's language whenever a view is built; and every file Lumx accepts is
//! remembered with its fingerprint, so that a later pick can be compared with what a
//! review rejected.

use super::*;
use crate::document_checks::{examine_checked, CheckContext, Examined, Finding};
use crate::files::Checked;
use crate::sent_files::DocumentSlot;

impl Wizard {
    /// Examines the file behind `token` for `context` and keeps the result for the
    /// token's life. A file that changed since it was picked is refused.
    pub(crate) async fn examine(
        &self,
        token: &str,
        context: CheckContext,
        lang: Language,
    ) -> Result<(), DeskError> {
        let checked = self
            .files
            .resolve(token)
            .ok_or_else(|| FileProblem::UnknownToken.into_desk_error(lang))?;
        let examined = tokio::task::spawn_blocking(move || examine_checked(&checked, context))
            .await
            .map_err(|e| DeskError::internal(format!("The document checks failed: {e}")))?
            .map_err(|p| p.into_desk_error(lang))?;
        lock(&self.examined).insert(token.to_string(), examined);
        Ok(())
    }

    pub(crate) fn examined(&self, token: &str) -> Option<Examined> {
        lock(&self.examined).get(token).cloned()
    }

    /// The findings on the file behind `token`, in `lang` (none if it was not examined).
    pub(crate) fn findings(&self, token: &str, lang: Language) -> Vec<Finding> {
        lock(&self.examined)
            .get(token)
            .map(|e| e.inspection(lang).findings)
            .unwrap_or_default()
    }

    /// What the checks need to know about a slot of `draft`: its document's rules, the
    /// other side if picked, and the files of this customer Lumx already rejected.
    pub(crate) fn slot_context(&self, draft: &Draft, def: &SlotDef) -> CheckContext {
        let mut context = CheckContext::for_document(&def.document_type);
        let other = def.side.as_deref().map(|side| {
            let other = if side == "FRONT_SIDE" {
                "BACK_SIDE"
            } else {
                "FRONT_SIDE"
            };
            def.slot_id.replace(side, other)
        });
        if let Some(other) = other {
            let token = lock(&self.tokens)
                .get(&(draft.id.clone(), other))
                .map(|p| p.token.clone());
            context.other_side = token
                .and_then(|t| self.examined(&t))
                .map(|e| e.fingerprint().clone());
        }
        if let Some(customer) = &draft.customer_id {
            context.rejected = self
                .history
                .rejected_files(self.environment().slug(), customer)
                .unwrap_or_default();
        }
        context
    }

    /// Remembers a file Lumx accepted into `slot` (its fingerprint from the checks, or
    /// its hash alone when it was not examined). A failure to remember is logged: the
    /// upload itself succeeded.
    pub(crate) fn remember_sent(
        &self,
        customer_id: &str,
        slot: DocumentSlot,
        token: &str,
        checked: &Checked,
    ) {
        let fingerprint = self
            .examined(token)
            .map(|e| e.fingerprint().clone())
            .unwrap_or_else(|| crate::document_checks::Fingerprint {
                sha256: checked.sha256.clone(),
                perceptual: None,
                sharpness: None,
            });
        if let Err(e) = self.history.record_sent(
            self.environment().slug(),
            customer_id,
            &slot,
            &fingerprint,
            &checked.file_name,
            &now(),
        ) {
            tracing::warn!("could not remember a sent file: {e}");
        }
    }
}
