//! `Desk` against the real embedded local sandbox over HTTP: the directory, the customer
//! view, ToS links and environment rules as the app's commands use them.

use std::sync::Arc;

use desk_core::connection::ConnectionOutcome;
use desk_core::desk::Desk;
use desk_core::directory::DirectoryQuery;
use desk_core::drafts::DraftStore;
use desk_core::environment::EnvironmentKind;
use desk_core::files::ScriptedPicker;
use desk_core::local_sandbox::LocalSandbox;
use desk_core::secrets::MemoryStore;
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;

const SEEDED: usize = 40;

fn desk() -> Desk {
    desk_seeded(SEEDED)
}

fn desk_seeded(first_run_seed: usize) -> Desk {
    Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, first_run_seed),
        Stores::new(
            DraftStore::in_memory().unwrap(),
            Arc::new(ScriptedPicker::default()),
        ),
    )
}

fn all() -> DirectoryQuery {
    DirectoryQuery {
        limit: 500,
        ..Default::default()
    }
}

#[tokio::test]
async fn local_sandbox_connection_is_accepted_without_a_key() {
    let desk = desk();
    let report = desk
        .session()
        .test_connection(EnvironmentKind::LocalSandbox)
        .await;
    assert_eq!(report.outcome, ConnectionOutcome::Accepted, "{report:?}");
    assert!(report.base_url.starts_with("http://127.0.0.1:"));
}

#[tokio::test]
async fn the_embedded_sandbox_only_accepts_the_token_drawn_for_this_launch() {
    let desk = desk();
    let token = desk.session().local_sandbox().token().to_owned();
    assert_eq!(token.len(), 64, "32 random bytes in hex");
    assert_ne!(
        token,
        LocalSandbox::new(None, 0).token(),
        "drawn per launch"
    );
    let url = desk.session().local_sandbox().base_url().await.unwrap();
    let list = |key: &str| {
        let client = lumx::Client::builder(
            lumx::Environment::custom(&url).unwrap(),
            lumx::ApiKey::new(key),
        )
        .retry_policy(lumx::RetryPolicy::none())
        .build()
        .unwrap();
        async move {
            client
                .list_customers(&lumx::ListCustomers {
                    size: Some(1),
                    cursor: None,
                })
                .await
        }
    };
    for wrong in ["local-sandbox", "e2e", "bench"] {
        match list(wrong).await {
            Err(lumx::Error::Api { status: 401, .. }) => {}
            other => panic!("{wrong}: {other:?}"),
        }
    }
    assert!(list(&token).await.is_ok());
    // The app's own client carries the launch token.
    assert!(desk
        .session()
        .current_client()
        .await
        .unwrap()
        .list_customers(&lumx::ListCustomers {
            size: Some(1),
            cursor: None,
        })
        .await
        .is_ok());
}

#[tokio::test]
async fn the_directory_loads_every_page_with_progress_and_is_searchable() {
    let desk = desk();
    let mut seen = Vec::new();
    let done = desk
        .customers()
        .load_directory(|p| seen.push(p.loaded))
        .await
        .unwrap();
    assert!(done.done);
    assert_eq!(done.loaded as usize, SEEDED);
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");

    let page = desk.customers().query_directory(&all());
    assert_eq!(page.total_matching as usize, SEEDED);
    let first = &page.rows[0];
    let word = first
        .display_name
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let found = desk.customers().query_directory(&DirectoryQuery {
        text: word.to_lowercase(),
        ..all()
    });
    assert!(found.rows.iter().any(|r| r.id == first.id));

    // Every status the seed produced shows up, and a status filter narrows the list.
    let statuses: std::collections::BTreeSet<_> =
        page.rows.iter().map(|r| r.status.clone()).collect();
    assert!(statuses.len() >= 4, "{statuses:?}");
    let rfi = desk.customers().query_directory(&DirectoryQuery {
        statuses: vec!["RFI".into()],
        ..all()
    });
    assert!(rfi.rows.iter().all(|r| r.status == "RFI"));
    assert!(rfi.total_matching > 0 && (rfi.total_matching as usize) < SEEDED);
}

#[tokio::test]
async fn every_seeded_customer_has_a_view_and_the_tax_id_is_revealed_only_on_request() {
    let desk = desk();
    desk.customers().load_directory(|_| {}).await.unwrap();
    let rows = desk.customers().query_directory(&all()).rows;
    let mut businesses_with_parties = 0;
    for row in &rows {
        let view = desk.customers().customer_view(&row.id).await.unwrap();
        assert_eq!(view.id, row.id);
        assert_eq!(view.masked_tax_id, row.masked_tax_id);
        if view.customer_type == "BUSINESS" && !view.parties.is_empty() {
            businesses_with_parties += 1;
        }
        if view.status == "APPROVED" {
            assert!(view.limits.is_some(), "approved customers have limits");
        } else {
            assert!(view.wallets.is_empty());
        }
    }
    assert!(businesses_with_parties > 0);
    let full = desk.customers().reveal_tax_id(&rows[0].id).await.unwrap();
    assert_ne!(full, rows[0].masked_tax_id);
    assert!(full.ends_with(&rows[0].masked_tax_id[rows[0].masked_tax_id.len() - 2..]));
}

#[tokio::test]
async fn a_tos_link_then_local_acceptance_clears_the_requirement() {
    let desk = desk();
    desk.customers().load_directory(|_| {}).await.unwrap();
    let mut pending = None;
    for row in desk.customers().query_directory(&all()).rows {
        let view = desk.customers().customer_view(&row.id).await.unwrap();
        if view.actions.terms_pending {
            pending = Some(view);
            break;
        }
    }
    let view = pending.expect("the seed has customers who have not accepted the terms");
    let link = desk
        .customers()
        .create_tos_link(&view.id, None)
        .await
        .unwrap();
    assert!(
        link.url
            .starts_with("https://dashboard.lumx.io/tos/sandbox/"),
        "{}",
        link.url
    );
    desk.customers().local_accept_terms(&view.id).await.unwrap();
    let after = desk.customers().customer_view(&view.id).await.unwrap();
    assert!(!after.actions.terms_pending);
}

#[tokio::test]
async fn hosted_environments_need_a_key_and_switching_empties_the_directory() {
    let desk = desk();
    desk.customers().load_directory(|_| {}).await.unwrap();
    assert_eq!(
        desk.customers().query_directory(&all()).total_loaded as usize,
        SEEDED
    );

    desk.set_environment(EnvironmentKind::Sandbox, None)
        .unwrap();
    assert_eq!(desk.customers().query_directory(&all()).total_loaded, 0);
    let report = desk
        .session()
        .test_connection(EnvironmentKind::Sandbox)
        .await;
    assert_eq!(report.outcome, ConnectionOutcome::NoKey);
    let err = desk.customers().load_directory(|_| {}).await.unwrap_err();
    assert_eq!(err.code(), "unauthorized");

    // Local-only actions are refused elsewhere.
    let err = desk
        .customers()
        .local_accept_terms("3c90c3cc-0d44-4b50-8888-8dd25736052a")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");
}

/// 10,000 customers over HTTP, 1 % of them sent malformed by the sandbox (an object for a
/// type, a number for an id, a string for a record): the directory loads every other
/// customer and lists each unreadable one with where it was and why.
#[tokio::test]
async fn a_directory_with_one_percent_malformed_records_loads_the_other_99_percent() {
    const CUSTOMERS: usize = 10_000;
    let desk = desk_seeded(0);
    let sandbox = desk.session().local_sandbox().handle().await.unwrap();
    assert_eq!(sandbox.seed(CUSTOMERS, 7), CUSTOMERS);
    sandbox.set_faults(lumx_sandbox::FaultConfig {
        malformed_record_rate: 0.01,
        ..Default::default()
    });
    let done = desk.customers().load_directory(|_| {}).await.unwrap();
    assert!(done.done);
    let bad = done.unreadable as usize;
    // Chosen by id hash: about 1 % (a binomial spread, far from 0 and from 2 %).
    assert!((50..=150).contains(&bad), "{bad} unreadable");
    assert_eq!(done.loaded as usize + bad, CUSTOMERS);
    let page = desk.customers().query_directory(&DirectoryQuery {
        include_unreadable: true,
        ..all()
    });
    assert_eq!(page.total_loaded as usize, CUSTOMERS - bad);
    assert_eq!(page.unreadable_count as usize, bad);
    assert_eq!(page.unreadable.len(), bad);
    let with_id = page.unreadable.iter().filter(|u| u.id.is_some()).count();
    assert!(
        with_id > 0 && with_id < bad,
        "ids kept where readable: {with_id}/{bad}"
    );
    assert!(page
        .unreadable
        .iter()
        .all(|u| u.page >= 1 && u.entry >= 1 && u.reason.starts_with("data[")));
    // Without asking for details, a keystroke's query carries only the count.
    assert!(desk
        .customers()
        .query_directory(&all())
        .unreadable
        .is_empty());
    println!(
        "directory: {} loaded, {bad} unreadable of {CUSTOMERS}",
        done.loaded
    );
}
