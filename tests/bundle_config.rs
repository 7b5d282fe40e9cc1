//! The per-platform bundle settings (tauri.{linux,windows,macos}.conf.json) can only be
//! built on their own platforms; here each is merged over tauri.conf.json the way the
//! Tauri CLI merges it (JSON Merge Patch) and parsed by Tauri's own config schema, which
//! refuses unknown or misspelt keys, so a typo fails CI instead of a release build.

use std::path::Path;

use serde_json::Value;
use tauri::utils::config::{BundleTarget, BundleType, Config};

fn read(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// RFC 7396: objects merge key by key, `null` removes, anything else replaces.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let target = target.as_object_mut().unwrap();
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

fn config_for(platform_file: &str) -> Config {
    let mut merged = read("tauri.conf.json");
    merge_patch(&mut merged, &read(platform_file));
    serde_json::from_value(merged).unwrap_or_else(|e| panic!("{platform_file}: {e}"))
}

fn targets(config: &Config) -> Vec<BundleType> {
    match &config.bundle.targets {
        BundleTarget::List(list) => list.clone(),
        BundleTarget::One(one) => vec![one.clone()],
        BundleTarget::All => panic!("'all' would try AppImage/RPM too"),
    }
}

#[test]
fn linux_builds_only_a_deb() {
    let config = config_for("tauri.linux.conf.json");
    assert_eq!(targets(&config), vec![BundleType::Deb]);
    let deb = &config.bundle.linux.deb;
    assert_eq!(
        deb.recommends.as_deref(),
        Some(&["gnome-keyring".to_string()][..])
    );
}

#[test]
fn windows_builds_signed_nsis_and_msi_in_both_languages() {
    let config = config_for("tauri.windows.conf.json");
    assert_eq!(targets(&config), vec![BundleType::Nsis, BundleType::Msi]);
    let windows = &config.bundle.windows;
    assert_eq!(windows.digest_algorithm.as_deref(), Some("sha256"));
    assert!(
        windows.timestamp_url.is_some() && windows.tsp,
        "RFC 3161 timestamps"
    );
    assert!(
        windows.certificate_thumbprint.is_none(),
        "the certificate comes from the release pipeline, never the repo"
    );
    let nsis = windows.nsis.as_ref().unwrap();
    assert_eq!(
        nsis.languages.as_deref(),
        Some(&["English".to_string(), "PortugueseBR".to_string()][..])
    );
    assert!(
        windows.wix.as_ref().unwrap().upgrade_code.is_some(),
        "upgrades replace the installed version"
    );
}

#[test]
fn macos_builds_a_hardened_app_and_dmg() {
    let config = config_for("tauri.macos.conf.json");
    assert_eq!(targets(&config), vec![BundleType::App, BundleType::Dmg]);
    let mac = &config.bundle.macos;
    assert!(
        mac.hardened_runtime,
        "notarization needs the hardened runtime"
    );
    assert!(
        mac.signing_identity.is_none(),
        "APPLE_SIGNING_IDENTITY comes from the release pipeline"
    );
    assert_eq!(mac.minimum_system_version.as_deref(), Some("11.0"));
}

#[test]
fn every_icon_the_bundles_name_exists() {
    let config = config_for("tauri.linux.conf.json");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut icons = config.bundle.icon.clone();
    icons.extend(
        config_for("tauri.windows.conf.json")
            .bundle
            .windows
            .nsis
            .and_then(|n| n.installer_icon)
            .map(|p| p.display().to_string()),
    );
    for ext in ["png", "icns", "ico"] {
        assert!(
            icons.iter().any(|i| i.ends_with(ext)),
            "an .{ext} icon is configured"
        );
    }
    for icon in icons {
        assert!(root.join(&icon).is_file(), "{icon} is missing");
    }
}
