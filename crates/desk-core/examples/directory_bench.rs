//! Prints how the customer directory behaves at 10,000 customers: loading every page from
//! the local sandbox over HTTP, and answering searches the way the UI asks (a window of
//! rows per keystroke). Figures only; nothing is asserted.
//!
//!     cargo run --release -p desk-core --example directory_bench [-- COUNT]

use std::sync::Arc;
use std::time::Instant;

use desk_core::desk::Desk;
use desk_core::directory::DirectoryQuery;
use desk_core::drafts::DraftStore;
use desk_core::files::ScriptedPicker;
use desk_core::local_sandbox::LocalSandbox;
use desk_core::secrets::MemoryStore;
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let desk = Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, count),
        Stores::new(
            DraftStore::in_memory().unwrap(),
            Arc::new(ScriptedPicker::default()),
        ),
    );
    let started = Instant::now();
    desk.session()
        .local_sandbox()
        .handle()
        .await
        .expect("sandbox");
    let seeded = started.elapsed();

    let started = Instant::now();
    let mut pages = 0;
    let done = desk
        .customers()
        .load_directory(|_| pages += 1)
        .await
        .expect("load");
    let loaded = started.elapsed();

    // What typing "maria souza" then clearing it sends: one query per keystroke.
    let typed = "maria souza";
    let mut samples = Vec::new();
    for round in 0..20 {
        for n in (1..=typed.len()).chain((0..typed.len()).rev()) {
            let q = DirectoryQuery {
                text: typed[..n].to_string(),
                statuses: if round % 2 == 0 {
                    vec![]
                } else {
                    vec!["RFI".into()]
                },
                limit: 60,
                ..Default::default()
            };
            let t = Instant::now();
            let page = desk.customers().query_directory(&q);
            samples.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(page);
        }
    }
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());

    println!("| directory at {count} customers | figure |");
    println!("|---|---|");
    println!(
        "| seed the local sandbox | {:.0} ms |",
        seeded.as_secs_f64() * 1000.0
    );
    println!(
        "| load all pages over HTTP ({} pages of 100) | {:.0} ms |",
        pages,
        loaded.as_secs_f64() * 1000.0
    );
    println!("| customers loaded | {} |", done.loaded);
    println!(
        "| query per keystroke, p50 / p95 / max ({} queries) | {:.2} / {:.2} / {:.2} ms |",
        samples.len(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.95),
        samples.last().unwrap()
    );
}
