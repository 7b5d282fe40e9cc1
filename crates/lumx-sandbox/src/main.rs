//! `lumx-sandbox` binary: runs the simulator until Ctrl-C.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use lumx_sandbox::{FaultConfig, SandboxConfig, WebhookTarget};

#[derive(Debug, Parser)]
#[command(
    name = "lumx-sandbox",
    version,
    about = "Local simulator of the Lumx API"
)]
struct Args {
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// The Bearer token every route requires. Without it a random one is drawn and
    /// printed at startup.
    #[arg(
        long,
        alias = "api-key",
        env = "LUMX_SANDBOX_TOKEN",
        hide_env_values = true
    )]
    token: Option<String>,
    /// JSON state file, loaded on start and rewritten after every change.
    #[arg(long = "state", value_name = "FILE")]
    state: Option<PathBuf>,
    /// Delay before UNDER_VERIFICATION turns into the taxId-driven outcome.
    #[arg(long, default_value_t = 1500)]
    verification_delay_ms: u64,
    /// Delay between approval and accounts becoming ACTIVE.
    #[arg(long, default_value_t = 3000)]
    account_activation_delay_ms: u64,
    /// Where to POST signed webhook events.
    #[arg(long, requires = "webhook_secret")]
    webhook_url: Option<String>,
    /// HMAC-SHA256 secret for `X-Hub-Signature`.
    #[arg(long, requires = "webhook_url")]
    webhook_secret: Option<String>,
    /// Add N realistic customers (every status) on start.
    #[arg(long, value_name = "N")]
    seed: Option<usize>,
    /// RNG seed for --seed (default 1).
    #[arg(long, default_value_t = 1)]
    seed_value: u64,
    /// Probability (0..1) of an injected 500/503.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// The next N API requests get 429.
    #[arg(long, default_value_t = 0)]
    rate_limit_burst: u32,
    /// Retry-After seconds on injected 429s.
    #[arg(long = "retry-after", default_value_t = 1)]
    retry_after: u64,
    /// Added latency per API request.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Probability (0..1) of applying a change and then dropping the connection.
    #[arg(long, default_value_t = 0.0)]
    drop_after_commit_rate: f64,
    /// Seed for the fault RNG.
    #[arg(long)]
    fault_seed: Option<u64>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let a = Args::parse();
    let config = SandboxConfig {
        port: a.port,
        token: a.token.clone(),
        state_file: a.state,
        verification_delay: Duration::from_millis(a.verification_delay_ms),
        account_activation_delay: Duration::from_millis(a.account_activation_delay_ms),
        webhook: a
            .webhook_url
            .zip(a.webhook_secret)
            .map(|(url, secret)| WebhookTarget { url, secret }),
        faults: FaultConfig {
            error_rate: a.error_rate,
            rate_limit_burst: a.rate_limit_burst,
            retry_after_secs: a.retry_after,
            latency: Duration::from_millis(a.latency_ms),
            drop_after_commit_rate: a.drop_after_commit_rate,
            seed: a.fault_seed,
            ..FaultConfig::default()
        },
        ..SandboxConfig::default()
    };
    // Debug output of SandboxConfig redacts the token and webhook secret.
    tracing::info!(?config, "starting lumx-sandbox");
    let sandbox = lumx_sandbox::start(config).await?;
    if let Some(n) = a.seed {
        let started = std::time::Instant::now();
        sandbox.seed(n, a.seed_value);
        tracing::info!(
            customers = n,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "seeded"
        );
    }
    println!("{}", sandbox.base_url());
    if a.token.is_none() {
        // Drawn just now, so the only way for the user to learn it.
        println!("token: {}", sandbox.token());
    }
    tokio::signal::ctrl_c().await?;
    tracing::info!("shutting down");
    sandbox.shutdown().await;
    Ok(())
}
