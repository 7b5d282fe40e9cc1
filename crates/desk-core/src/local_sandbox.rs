//! The "Local sandbox" environment: a `lumx-sandbox` server started inside the app on
//! first use, on an ephemeral loopback port, with its state kept in the app's data folder
//! so practice customers survive restarts.

use std::path::PathBuf;
use std::time::Duration;

use lumx_sandbox::{SandboxConfig, SandboxHandle};
use tokio::sync::OnceCell;

/// Any non-empty bearer token is accepted by the embedded sandbox; this one is not secret.
pub const LOCAL_SANDBOX_TOKEN: &str = "local-sandbox";

/// How many practice customers a brand-new local sandbox starts with.
pub const FIRST_RUN_SEED: usize = 48;

pub struct LocalSandbox {
    state_file: Option<PathBuf>,
    seed_on_first_run: usize,
    handle: OnceCell<SandboxHandle>,
}

impl LocalSandbox {
    /// `state_file: None` keeps everything in memory (tests).
    pub fn new(state_file: Option<PathBuf>, seed_on_first_run: usize) -> Self {
        Self {
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

    pub async fn base_url(&self) -> std::io::Result<String> {
        Ok(self.handle().await?.base_url())
    }

    /// The URL if the sandbox is already running (never starts it).
    pub fn running_url(&self) -> Option<String> {
        self.handle.get().map(|h| h.base_url())
    }
}
