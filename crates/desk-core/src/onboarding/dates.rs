//! The date printed on a document, entered by the analyst at upload for the guard's
//! ageing clock ([`crate::wizard::guard`]).

use super::*;
use crate::wizard::guard::{date_asked, DocumentDate};

impl Wizard {
    /// Sets (or, with an empty `date`, clears) the date printed on a slot's document:
    /// an issue date cannot be in the future.
    pub fn document_date(
        &self,
        draft_id: &str,
        slot_id: &str,
        date: &str,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let draft = self.load_draft(draft_id)?;
        let def = documents::slots(&draft)
            .into_iter()
            .find(|s| s.slot_id == slot_id)
            .ok_or_else(|| DeskError::NotFound {
                message: lang
                    .say(
                        "No such document slot.",
                        "Este documento não faz parte do rascunho.",
                    )
                    .into(),
            })?;
        let field = format!("slots.{slot_id}.date");
        let Some(asked) = date_asked(&def.document_type, def.side.as_deref()) else {
            let message = lang.say(
                "This document has no date to enter.",
                "Este documento não tem data a informar.",
            );
            return Err(invalid(message, vec![FieldError::new(field, message)]));
        };
        let date = date.trim();
        let checked = match (date.is_empty(), asked) {
            (true, _) => Ok(None),
            (false, DocumentDate::IssuedOn) => {
                crate::validation::past_date(date, crate::validation::today_utc()).map(Some)
            }
            (false, DocumentDate::ExpiresOn) => crate::validation::date(date).map(Some),
        };
        let value = checked
            .map_err(|p| {
                let error = crate::validation::field_error(&field, p, lang);
                invalid(&error.message.clone(), vec![error])
            })?
            .map(|_| date.to_owned());
        let draft = self.update_draft(draft_id, |d| d.slot_mut(slot_id).document_date = value)?;
        Ok(self.wizard_state(draft, lang))
    }
}
