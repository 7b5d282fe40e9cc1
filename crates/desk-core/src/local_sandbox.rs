//! The "Local sandbox" environment: a `lumx-sandbox` server started inside the app on
//! first use, on an ephemeral loopback port, with its state kept in the app's data folder
//! so practice customers survive restarts.

use std::path::PathBuf;
use std::time::Duration;

use lumx_sandbox::{SandboxConfig, SandboxHandle};
use tokio::sync::OnceCell;

/// For automated tests only (E2E, bench): fixes the embedded sandbox's bearer token so
/// they can call its `/_sandbox/*` routes. Otherwise a token is drawn at every launch, so
/// other local processes and web pages cannot drive the sandbox.
pub const TOKEN_ENV: &str = "LUMX_DESK_LOCAL_SANDBOX_TOKEN";

/// How many practice customers a brand-new local sandbox starts with.
pub const FIRST_RUN_SEED: usize = 48;

pub struct LocalSandbox {
    token: String,
    state_file: Option<PathBuf>,
    seed_on_first_run: usize,
    handle: OnceCell<SandboxHandle>,
}

impl LocalSandbox {
    /// `state_file: None` keeps everything in memory (tests).
    pub fn new(state_file: Option<PathBuf>, seed_on_first_run: usize) -> Self {
        Self {
            token: launch_token(std::env::var(TOKEN_ENV).ok()),
            state_file,
            seed_on_first_run,
            handle: OnceCell::new(),
        }
    }

    pub async fn handle(&self) -> std::io::Result<&SandboxHandle> {
        self.handle
            .get_or_try_init(|| async {
                if let Some(dir) = self.state_file.as_deref().and_then(|p| p.parent()) {
                    crate::storage::private_dir(dir)?;
                }
                let fresh = self.state_file.as_ref().is_none_or(|p| !p.exists());
                let handle = lumx_sandbox::start(SandboxConfig {
                    token: Some(self.token.clone()),
                    state_file: self.state_file.clone(),
                    // Fast enough to follow on screen, slow enough to see UNDER_VERIFICATION.
                    verification_delay: Duration::from_secs(2),
                    account_activation_delay: Duration::from_secs(4),
                    ..SandboxConfig::default()
                })
                .await?;
                if fresh && self.seed_on_first_run > 0 {
                    handle.seed(self.seed_on_first_run, 2026);
                }
                tracing::info!(base_url = %handle.base_url(), "local sandbox started");
                Ok(handle)
            })
            .await
    }

    /// The bearer token the embedded sandbox requires; the app's client sends it.
    pub fn token(&self) -> &str {
        &self.token
    }

    pub async fn base_url(&self) -> std::io::Result<String> {
        Ok(self.handle().await?.base_url())
    }

    /// The URL if the sandbox is already running (never starts it).
    pub fn running_url(&self) -> Option<String> {
        self.handle.get().map(|h| h.base_url())
    }
}

/// The override from [`TOKEN_ENV`] if set and non-blank, else a fresh random token.
fn launch_token(from_env: Option<String>) -> String {
    from_env
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(lumx_sandbox::generate_token)
}

#[cfg(test)]
mod tests {
    use super::launch_token;

    #[test]
    fn the_token_is_random_per_launch_unless_overridden() {
        let a = launch_token(None);
        assert_eq!(a.len(), 64);
        assert_ne!(a, launch_token(None));
        assert_ne!(launch_token(Some("  ".into())), "");
        assert_eq!(launch_token(Some(" e2e-token ".into())), "e2e-token");
    }
}
