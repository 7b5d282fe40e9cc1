//! The three places Lumx Desk can talk to.

use serde::{Deserialize, Serialize};
use specta::Type;

/// Which Lumx API the analyst is working against.
///
/// `LocalSandbox` is the default on first launch: it is an in-process simulator, needs no
/// API key, and nothing an analyst does there reaches Lumx.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum EnvironmentKind {
    #[default]
    LocalSandbox,
    Sandbox,
    Production,
}

impl EnvironmentKind {
    pub const ALL: [EnvironmentKind; 3] = [Self::LocalSandbox, Self::Sandbox, Self::Production];

    /// Base URL of the hosted environments; the local sandbox's URL is only known once it
    /// has bound its ephemeral port.
    pub fn hosted_base_url(self) -> Option<&'static str> {
        match self {
            Self::LocalSandbox => None,
            Self::Sandbox => Some("https://api-sandbox.lumx.io"),
            Self::Production => Some("https://api.lumx.io"),
        }
    }

    /// Production moves real money and real people's data: the UI must make it unmistakable
    /// and ask for a typed confirmation before every mutating call.
    pub fn is_production(self) -> bool {
        self == Self::Production
    }

    /// Whether calls need an API key from the keychain.
    pub fn needs_api_key(self) -> bool {
        self != Self::LocalSandbox
    }

    /// Window title: Production is named in the title bar so it is visible even when the
    /// window is small or in a task switcher.
    pub fn window_title(self) -> String {
        match self {
            Self::Production => "Lumx Desk — PRODUCTION".to_string(),
            _ => "Lumx Desk".to_string(),
        }
    }

    /// Stable identifier used in keychain entries and the audit log.
    pub fn slug(self) -> &'static str {
        match self {
            Self::LocalSandbox => "local-sandbox",
            Self::Sandbox => "sandbox",
            Self::Production => "production",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_sandbox_is_the_default_and_needs_no_key() {
        assert_eq!(EnvironmentKind::default(), EnvironmentKind::LocalSandbox);
        assert!(!EnvironmentKind::LocalSandbox.needs_api_key());
        assert!(EnvironmentKind::Sandbox.needs_api_key());
        assert!(EnvironmentKind::Production.needs_api_key());
    }

    #[test]
    fn hosted_urls_follow_the_reference() {
        assert_eq!(
            EnvironmentKind::Sandbox.hosted_base_url(),
            Some("https://api-sandbox.lumx.io")
        );
        assert_eq!(
            EnvironmentKind::Production.hosted_base_url(),
            Some("https://api.lumx.io")
        );
        assert_eq!(EnvironmentKind::LocalSandbox.hosted_base_url(), None);
    }

    #[test]
    fn only_production_is_named_in_the_title() {
        assert!(EnvironmentKind::Production
            .window_title()
            .contains("PRODUCTION"));
        assert_eq!(EnvironmentKind::Sandbox.window_title(), "Lumx Desk");
        assert_eq!(EnvironmentKind::LocalSandbox.window_title(), "Lumx Desk");
    }

    #[test]
    fn serialises_in_camel_case_for_the_ui() {
        let json = serde_json::to_string(&EnvironmentKind::LocalSandbox).unwrap();
        assert_eq!(json, "\"localSandbox\"");
        let slugs: Vec<_> = EnvironmentKind::ALL.iter().map(|e| e.slug()).collect();
        assert_eq!(slugs, ["local-sandbox", "sandbox", "production"]);
    }
}
