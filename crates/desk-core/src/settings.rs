//! Preferences that survive restarts (not secrets: keys live in the keychain).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::environment::EnvironmentKind;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub environment: EnvironmentKind,
    pub draft_retention: DraftRetention,
}

/// "Delete local drafts of decided customers after N days": once the API has approved
/// (or finally rejected) a customer, the API is the record and the draft on this
/// computer only duplicates personal data. See `retention`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct DraftRetention {
    pub enabled: bool,
    pub days: u32,
}

impl DraftRetention {
    pub const MAX_DAYS: u32 = 3650;
}

impl Default for DraftRetention {
    fn default() -> Self {
        Self {
            enabled: true,
            days: 30,
        }
    }
}

/// A JSON file in the app's config directory, written atomically (temp file + rename) so
/// a crash mid-write never leaves a half file.
pub struct SettingsFile {
    path: Option<PathBuf>,
}

impl SettingsFile {
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self {
            path: Some(path.into()),
        }
    }

    /// Nothing persisted (tests).
    pub fn ephemeral() -> Self {
        Self { path: None }
    }

    /// A missing or unreadable file gives defaults: the Local sandbox, which is safe.
    pub fn load(&self) -> Settings {
        self.path
            .as_deref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, settings: &Settings) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        write_atomically(path, &serde_json::to_vec_pretty(settings)?)
    }
}

pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_defaults_to_the_local_sandbox() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::at(dir.path().join("nested/settings.json"));
        assert_eq!(file.load().environment, EnvironmentKind::LocalSandbox);
        assert_eq!(file.load().draft_retention, DraftRetention::default());
        let retention = DraftRetention {
            enabled: false,
            days: 7,
        };
        file.save(&Settings {
            environment: EnvironmentKind::Production,
            draft_retention: retention,
        })
        .unwrap();
        assert_eq!(file.load().environment, EnvironmentKind::Production);
        assert_eq!(file.load().draft_retention, retention);
    }

    #[test]
    fn a_settings_file_from_before_retention_turns_it_on_for_30_days() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, br#"{"environment":"sandbox"}"#).unwrap();
        let settings = SettingsFile::at(&path).load();
        assert_eq!(settings.environment, EnvironmentKind::Sandbox);
        assert!(settings.draft_retention.enabled);
        assert_eq!(settings.draft_retention.days, 30);
    }

    #[test]
    fn a_corrupt_file_falls_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(SettingsFile::at(&path).load(), Settings::default());
    }
}
