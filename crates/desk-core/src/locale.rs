//! Which UI language to start in.

use std::sync::atomic::{AtomicU8, Ordering};

use serde::{Deserialize, Serialize};
use specta::Type;

/// The UI languages Lumx Desk ships catalogues for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub enum Language {
    #[serde(rename = "pt-BR")]
    PtBr,
    #[serde(rename = "en")]
    En,
}

/// The analyst's language for this process, mirrored from the session each time the UI
/// changes it: the `From<lumx::Error>` conversion behind `?` has no session to ask, and
/// one window means one analyst and one language at a time.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language the session was last set to (English until then).
pub fn current() -> Language {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::PtBr,
        _ => Language::En,
    }
}

pub(crate) fn set_current(language: Language) {
    CURRENT.store(u8::from(language == Language::PtBr), Ordering::Relaxed);
}

impl Language {
    /// `en` or `pt` by this language, for messages Rust writes for the UI (the UI shows an
    /// error's message as it is).
    pub fn say(self, en: &'static str, pt: &'static str) -> &'static str {
        match self {
            Self::En => en,
            Self::PtBr => pt,
        }
    }

    /// pt-BR when the OS locale is any Portuguese (`pt`, `pt-BR`, `pt_PT.UTF-8`), English
    /// otherwise — analysts in Brazil get their language without touching a setting.
    pub fn from_os_locale(locale: Option<&str>) -> Self {
        let Some(locale) = locale else {
            return Self::En;
        };
        let primary = locale
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if primary == "pt" {
            Self::PtBr
        } else {
            Self::En
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn say_picks_the_analysts_language() {
        assert_eq!(Language::En.say("Saved", "Salvo"), "Saved");
        assert_eq!(Language::PtBr.say("Saved", "Salvo"), "Salvo");
    }

    #[test]
    fn portuguese_locales_start_in_pt_br() {
        for l in ["pt-BR", "pt_BR.UTF-8", "pt", "PT-pt", "pt_PT@euro"] {
            assert_eq!(Language::from_os_locale(Some(l)), Language::PtBr, "{l}");
        }
    }

    #[test]
    fn other_or_missing_locales_start_in_english() {
        for l in ["en-US", "es-MX", "C", "POSIX", "", "ptx"] {
            assert_eq!(Language::from_os_locale(Some(l)), Language::En, "{l}");
        }
        assert_eq!(Language::from_os_locale(None), Language::En);
    }

    #[test]
    fn serialises_as_bcp47_tags() {
        assert_eq!(serde_json::to_string(&Language::PtBr).unwrap(), "\"pt-BR\"");
        assert_eq!(serde_json::to_string(&Language::En).unwrap(), "\"en\"");
    }
}
