//! State the shell keeps for the lifetime of the app.

use std::sync::RwLock;

use desk_core::environment::EnvironmentKind;
use desk_core::locale::Language;

pub struct AppState {
    environment: RwLock<EnvironmentKind>,
    os_language: Language,
}

impl AppState {
    pub fn new(environment: EnvironmentKind, os_language: Language) -> Self {
        Self {
            environment: RwLock::new(environment),
            os_language,
        }
    }

    /// Reads the OS locale once at start.
    pub fn from_os() -> Self {
        let locale = sys_locale::get_locale();
        Self::new(
            EnvironmentKind::default(),
            Language::from_os_locale(locale.as_deref()),
        )
    }

    pub fn environment(&self) -> EnvironmentKind {
        *self.environment.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn os_language(&self) -> Language {
        self.os_language
    }
}
