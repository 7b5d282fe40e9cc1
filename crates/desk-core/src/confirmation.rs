//! Typed confirmations before Production changes: what the analyst must type is decided
//! here once, carried by every view that offers such an action, and checked here again
//! when the action arrives. The UI renders the descriptor and compares nothing but the
//! exact text it lists.

use serde::Serialize;
use specta::Type;

use crate::environment::EnvironmentKind;
use crate::error::{DeskError, FieldError};
use crate::locale::Language;

/// The word that confirms any Production action.
pub const PRODUCTION_WORD: &str = "PRODUCTION";

/// What must be typed, exactly (surrounding spaces aside), before the action is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmationNeeded {
    /// Any one of these confirms, as written (case included).
    pub accepted: Vec<String>,
    /// The customer whose data would be sent, when the action is about one.
    pub customer_name: Option<String>,
}

impl ConfirmationNeeded {
    /// In Production, an action on the customer called `name` (the customer's, also for
    /// a party's documents): its name or [`PRODUCTION_WORD`]. `None` elsewhere.
    pub fn for_customer(environment: EnvironmentKind, name: &str) -> Option<Self> {
        if !environment.is_production() {
            return None;
        }
        let name = name.trim();
        let mut accepted = Vec::with_capacity(2);
        if !name.is_empty() {
            accepted.push(name.to_string());
        }
        accepted.push(PRODUCTION_WORD.to_string());
        Some(Self {
            accepted,
            customer_name: (!name.is_empty()).then(|| name.to_string()),
        })
    }

    /// Switching the app to Production.
    pub fn for_switch_to_production() -> Self {
        Self {
            accepted: vec![PRODUCTION_WORD.to_string()],
            customer_name: None,
        }
    }

    pub fn accepts(&self, typed: Option<&str>) -> bool {
        let typed = typed.map(str::trim).unwrap_or_default();
        !typed.is_empty() && self.accepted.iter().any(|a| a == typed)
    }

    /// The action may go ahead: nothing was needed, or what was typed is accepted.
    pub fn check(
        needed: Option<&Self>,
        typed: Option<&str>,
        lang: Language,
    ) -> Result<(), DeskError> {
        let Some(needed) = needed else { return Ok(()) };
        if needed.accepts(typed) {
            return Ok(());
        }
        let message = match (&needed.customer_name, lang) {
            (Some(name), Language::En) => {
                format!("This is Production: type {name} or {PRODUCTION_WORD}, exactly as shown, to confirm.")
            }
            (Some(name), Language::PtBr) => {
                format!("Isto é Produção: digite {name} ou {PRODUCTION_WORD}, exatamente como aparece, para confirmar.")
            }
            (None, Language::En) => {
                format!("This is Production: type {PRODUCTION_WORD}, in capitals, to confirm.")
            }
            (None, Language::PtBr) => {
                format!("Isto é Produção: digite {PRODUCTION_WORD}, em maiúsculas, para confirmar.")
            }
        };
        Err(DeskError::validation(
            message.clone(),
            vec![FieldError::new("confirmation", message)],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROD: EnvironmentKind = EnvironmentKind::Production;

    #[test]
    fn outside_production_nothing_is_needed() {
        assert_eq!(
            ConfirmationNeeded::for_customer(EnvironmentKind::Sandbox, "Lumx S.A"),
            None
        );
        assert_eq!(
            ConfirmationNeeded::for_customer(EnvironmentKind::LocalSandbox, "x"),
            None
        );
        assert!(ConfirmationNeeded::check(None, None, Language::En).is_ok());
    }

    #[test]
    fn the_customers_name_or_the_word_exactly_as_shown() {
        let needed = ConfirmationNeeded::for_customer(PROD, " Lumx S.A ").unwrap();
        assert_eq!(needed.accepted, ["Lumx S.A", "PRODUCTION"]);
        assert!(needed.accepts(Some("PRODUCTION")));
        assert!(needed.accepts(Some("  Lumx S.A ")));
        for wrong in [
            None,
            Some(""),
            Some("production"),
            Some("lumx s.a"),
            Some("Lumx"),
        ] {
            assert!(!needed.accepts(wrong), "{wrong:?}");
        }
    }

    #[test]
    fn a_customer_without_a_name_needs_the_word() {
        let needed = ConfirmationNeeded::for_customer(PROD, "  ").unwrap();
        assert_eq!(needed.accepted, ["PRODUCTION"]);
        assert!(!needed.accepts(Some("")));
    }

    #[test]
    fn a_refusal_says_what_to_type_in_the_analysts_language() {
        let needed = ConfirmationNeeded::for_customer(PROD, "Padaria").unwrap();
        let en =
            ConfirmationNeeded::check(Some(&needed), Some("padaria"), Language::En).unwrap_err();
        assert!(
            en.to_string().contains("type Padaria or PRODUCTION"),
            "{en}"
        );
        let pt = ConfirmationNeeded::check(Some(&needed), None, Language::PtBr).unwrap_err();
        assert!(
            pt.to_string().contains("digite Padaria ou PRODUCTION"),
            "{pt}"
        );
        let switch = ConfirmationNeeded::for_switch_to_production();
        assert!(ConfirmationNeeded::check(Some(&switch), Some("PRODUCTION"), Language::En).is_ok());
        assert!(
            ConfirmationNeeded::check(Some(&switch), Some("Production"), Language::En).is_err()
        );
    }
}
