//! Reliability under faults: 100 complete onboarding flows (customer, terms, additional
//! information, four documents, verification) through Lumx Desk's own wizard operations
//! and the real client, against the local sandbox injecting 5xx errors,
//! drop-after-commit (the change is applied, the connection closes before any response),
//! a 429 burst with Retry-After, and latency. Every flow must complete and the sandbox
//! must hold exactly one customer per flow and one document per upload: retries reuse
//! their Idempotency-Key. Figures are printed, not asserted.

mod common;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_core::desk::Desk;
use desk_core::drafts::DraftStore;
use desk_core::error::DeskError;
use desk_core::files::ScriptedPicker;
use desk_core::local_sandbox::LocalSandbox;
use desk_core::locale::Language;
use desk_core::secrets::MemoryStore;
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;
use desk_core::wizard::model::CustomerKind;
use desk_core::wizard::view::DraftView;
use lumx_sandbox::FaultConfig;

const FLOWS: usize = 100;
const EN: Language = Language::En;
const DOCS: [(&str, &str); 4] = [
    ("customer:ID_CARD:FRONT_SIDE", "id-front.jpg"),
    ("customer:ID_CARD:BACK_SIDE", "id-back.jpg"),
    ("customer:SELFIE", "selfie.png"),
    ("customer:PROOF_OF_ADDRESS", "proof-of-address.pdf"),
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// A complete individual, distinct per flow (name, email, tax id never ending in 1, 2 or 3,
/// which change the outcome).
fn fill(d: &mut DraftView, n: usize) {
    common::fill_individual(
        d,
        &common::cpf_from(200_000_000 + n as u64 * 1_000, |last| {
            !(1..=3).contains(&last)
        }),
    );
    d.customer.name = format!("Cliente Resiliente {n}");
    d.customer.email = format!("cliente{n}@example.com");
}

/// What an analyst does when a step fails on a transient problem: click again. The step
/// reuses its stored Idempotency-Key, so this can never duplicate anything.
async fn until_ok<T, F, Fut>(clicks: &mut u32, mut step: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, DeskError>>,
{
    for _ in 0..20 {
        match step().await {
            Ok(v) => return v,
            Err(e) if matches!(e.code(), "server" | "network" | "timeout" | "rateLimited") => {
                *clicks += 1;
            }
            Err(e) => panic!("a non-transient failure: {e:?}"),
        }
    }
    panic!("a step kept failing")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_hundred_onboardings_under_faults_create_no_duplicates() {
    let picks = (0..FLOWS).flat_map(|_| DOCS.iter().map(|(_, f)| Some(fixture(f))));
    let desk = Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(
            DraftStore::in_memory().unwrap(),
            Arc::new(ScriptedPicker::new(picks)),
        ),
    );
    let sandbox = desk.session().local_sandbox().handle().await.unwrap();
    sandbox.set_faults(FaultConfig {
        error_rate: 0.12,
        drop_after_commit_rate: 0.08,
        rate_limit_burst: 3,
        retry_after_secs: 1,
        latency: Duration::from_millis(2),
        seed: Some(2026),
        ..FaultConfig::default()
    });
    let started = Instant::now();
    let mut clicks = 0u32;
    for n in 0..FLOWS {
        let mut draft = desk
            .wizard()
            .draft_new(CustomerKind::Individual, EN)
            .unwrap()
            .draft;
        fill(&mut draft, n);
        desk.wizard().draft_save(draft.clone(), EN).unwrap();
        let id = draft.id.clone();
        let state = until_ok(&mut clicks, || {
            desk.wizard().wizard_create_customer(&id, None, EN)
        })
        .await;
        let customer = state.draft.customer_id.clone().unwrap();
        assert!(sandbox.accept_terms(customer.parse().unwrap()));
        until_ok(&mut clicks, || {
            desk.wizard().wizard_send_additional(&id, None, EN)
        })
        .await;
        for (slot, _) in DOCS {
            desk.wizard()
                .document_pick(&id, slot, "pick".into(), EN)
                .await
                .unwrap();
            until_ok(&mut clicks, || {
                desk.wizard().document_upload(&id, slot, None, EN, |_| {})
            })
            .await;
        }
        until_ok(&mut clicks, || desk.wizard().wizard_refresh(&id, EN)).await;
        let done = until_ok(&mut clicks, || {
            desk.wizard().wizard_start_verification(&id, None, EN)
        })
        .await;
        assert!(
            done.draft.verification_started_at.is_some(),
            "flow {n} completed"
        );
    }
    let elapsed = started.elapsed();
    let stats = sandbox.stats();
    let table = format!(
        "### Fault suite\n\n| faults suite | figure |\n|---|---|\n\
         | complete onboarding flows | {FLOWS} |\n\
         | wall time | {:.1} s |\n\
         | faults injected by the sandbox | {} |\n\
         | idempotent replays served | {} |\n\
         | steps the analyst had to click again | {clicks} |\n\
         | customers / documents / verifications | {} / {} / {} |\n",
        elapsed.as_secs_f64(),
        stats.faults_injected,
        stats.idempotent_replays,
        stats.customers,
        stats.documents,
        stats.verifications_started
    );
    common::publish_figures("fault-suite", &table);
    assert!(stats.faults_injected > 50, "the faults really fired");
    assert!(
        stats.idempotent_replays > 0,
        "drop-after-commit was replayed"
    );
    assert_eq!(stats.customers, FLOWS, "exactly one customer per flow");
    assert_eq!(
        stats.documents,
        FLOWS * DOCS.len(),
        "exactly one document per upload"
    );
    assert_eq!(stats.verifications_started, FLOWS);
    assert_eq!(stats.associated_parties, 0);
}
