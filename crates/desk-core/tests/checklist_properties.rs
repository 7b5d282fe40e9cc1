//! Property tests of the RFI checklist: `statusReason` → `derive` → checklist.
//!
//! Reasons are generated with odd and unknown labels, document types, sides and
//! statuses, empty and huge lists, duplicated party ids, party ids that match no
//! party (or match one only case-insensitively), and unicode everywhere; parties
//! come with and without names. `derive` must not panic, and the checklist must
//! keep the invariants its design promises (checked in `invariants`). A second test
//! checks that item ids ignore names and survive the RFI store's JSON round trip;
//! a third goes through the customer JSON, with `statusReason` at either location
//! the client reads, as the app does.
//!
//! Figures: each test prints a markdown row (`--nocapture` shows it); with
//! `LUMX_FIGURES_DIR` set the suite's table is written to
//! `checklist-properties.md` there. Seeds are random per run, shown in the table
//! and on failure; `LUMX_PROPTEST_SEED=<seed>` replays one. `failure_persistence`
//! is off so no `proptest-regressions/` files are written into the repo.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use desk_core::rfi::checklist::{derive, RfiChecklist, RfiGroup, RfiItemKind};
use lumx::models::{
    AssociatedParty, Customer, CustomerType, DocumentReason, DocumentSide, DocumentStatus,
    DocumentType, PartyReason, StatusReason,
};
use proptest::prelude::*;
use proptest::strategy::{NewTree, ValueTree};
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::{json, Value};
use uuid::Uuid;

// With lumx's `decoder_properties` (600,000) the two suites run 1,020,000
// generated inputs; each test asserts its count really ran. Sized so that the
// tests keep CI's two cores about equally busy.
const DERIVE_CASES: u32 = 300_000;
const STORE_CASES: u32 = 60_000;
const CUSTOMER_JSON_CASES: u32 = 60_000;
const _: () =
    assert!(DERIVE_CASES as u64 + STORE_CASES as u64 + CUSTOMER_JSON_CASES as u64 >= 400_000);

// ------------------------------------------------------------------ figures

struct Row {
    test: &'static str,
    inputs: u64,
    ok: u64,
    err: u64,
    ok_label: &'static str,
    err_label: &'static str,
    wall: Duration,
    seed: u64,
}

static ROWS: Mutex<Vec<Row>> = Mutex::new(Vec::new());
const SUITE: &str = "checklist-properties";
const TESTS: usize = 3;

fn table(rows: &[&Row]) -> String {
    let mut out = String::from(
        "| test | inputs generated | outcome A | outcome B | wall time | seed |\n\
         |---|---:|---|---|---:|---:|\n",
    );
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {}: {} | {}: {} | {:.1} s | {} |\n",
            r.test,
            r.inputs,
            r.ok_label,
            r.ok,
            r.err_label,
            r.err,
            r.wall.as_secs_f64(),
            r.seed
        ));
    }
    out
}

/// Prints this test's row and rewrites the suite's figures file with every row so
/// far (tests run in parallel; the last one to finish leaves the complete table).
fn report(row: Row) {
    println!("{}", table(&[&row]));
    let mut rows = ROWS.lock().unwrap_or_else(|e| e.into_inner());
    rows.push(row);
    rows.sort_by_key(|r| r.test);
    if let Some(dir) = std::env::var_os("LUMX_FIGURES_DIR") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("create LUMX_FIGURES_DIR");
        let mut text = format!("### {SUITE}\n\n");
        text.push_str(&table(&rows.iter().collect::<Vec<_>>()));
        let inputs: u64 = rows.iter().map(|r| r.inputs).sum();
        let wall: f64 = rows.iter().map(|r| r.wall.as_secs_f64()).sum();
        text.push_str(&format!(
            "\n{} of {TESTS} tests reported: {inputs} inputs, {wall:.1} s of test time (tests run in parallel).\n",
            rows.len()
        ));
        std::fs::write(dir.join(format!("{SUITE}.md")), text).expect("write figures");
    }
}

#[derive(Default)]
struct Counts {
    inputs: AtomicU64,
    ok: AtomicU64,
    err: AtomicU64,
}

fn base_seed() -> u64 {
    match std::env::var("LUMX_PROPTEST_SEED") {
        Ok(s) => s.trim().parse().expect("LUMX_PROPTEST_SEED must be a u64"),
        Err(_) => {
            use std::hash::{BuildHasher, Hasher};
            std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish()
        }
    }
}

/// Runs `cases` generated inputs through `check`, then asserts they all ran and
/// reports the figures. Panics inside `check` (or `derive`) become failures.
fn run<S: Strategy>(
    test: &'static str,
    cases: u32,
    labels: (&'static str, &'static str),
    strategy: S,
    check: impl Fn(S::Value, &Counts) -> Result<(), TestCaseError>,
) {
    let seed = base_seed();
    let test_seed = test
        .bytes()
        .fold(seed, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    let config = Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(test_seed),
        ..Config::default()
    };
    let counts = Counts::default();
    let started = Instant::now();
    let result = TestRunner::new(config).run(&strategy, |v| {
        counts.inputs.fetch_add(1, Ordering::Relaxed);
        check(v, &counts)
    });
    let wall = started.elapsed();
    if let Err(e) = result {
        panic!("{test} failed (replay with LUMX_PROPTEST_SEED={seed}): {e}");
    }
    let inputs = counts.inputs.load(Ordering::Relaxed);
    assert_eq!(inputs, cases as u64, "{test}: every generated input ran");
    report(Row {
        test,
        inputs,
        ok: counts.ok.load(Ordering::Relaxed),
        err: counts.err.load(Ordering::Relaxed),
        ok_label: labels.0,
        err_label: labels.1,
        wall,
        seed,
    });
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

// ------------------------------------------------------------------ generation

/// SplitMix64, seeded once per case from proptest's RNG: proptest's combinator
/// trees are slow in a debug build, and this suite has to fit CI. The price is no
/// shrinking; every failure message carries the whole input instead.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.next() % n == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A strategy that builds each input from a fresh seed (see [`Rng`]).
struct Direct<T>(fn(&mut Rng) -> T);

impl<T> Debug for Direct<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Direct")
    }
}

impl<T: Clone + Debug> Strategy for Direct<T> {
    type Tree = Fixed<T>;
    type Value = T;
    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let seed = any::<u64>().new_tree(runner)?.current();
        Ok(Fixed((self.0)(&mut Rng(seed))))
    }
}

/// A value that does not shrink.
struct Fixed<T>(T);

impl<T: Clone + Debug> ValueTree for Fixed<T> {
    type Value = T;
    fn current(&self) -> T {
        self.0.clone()
    }
    fn simplify(&mut self) -> bool {
        false
    }
    fn complicate(&mut self) -> bool {
        false
    }
}

/// Labels: the documented ones, the Sumsub-style ones, ones that hit or nearly hit
/// the "points at data" hints (case, unicode look-alikes, `DOCUMENT_QUALITY` mixed
/// in), empty and odd strings.
const LABELS: &[&str] = &[
    "DOCUMENT_QUALITY",
    "DOCUMENT_BLURRY",
    "INCONSISTENT_PROFILE_DATA",
    "ADDRESS_MISMATCH",
    "address_mismatch",
    "questionnaire_missing",
    "DATA",
    "information",
    "differentDocs",
    "DIFFERENT_DOCS",
    "DOCUMENT_QUALITY_DATA",
    "screenshot",
    "unsatisfactory_photos",
    "badPhoto",
    "badPhoto_screenshot",
    "proofOfAddress_listOfDocs",
    "SOMETHING_NEW",
    "ınformatıon",
    "ＤＡＴＡ",
    "DADOS_INCONSISTENTES",
    "",
    " ",
    "REVIEW",
    "customer:PASSPORT",
    "🙂",
];

const DOC_TYPES: &[&str] = &[
    "PASSPORT",
    "ID_CARD",
    "id_card",
    "DRIVERS_LICENSE",
    "SELFIE",
    "PROOF_OF_ADDRESS",
    " proof_of_address ",
    "ADDITIONAL_INFORMATION",
    "additional_information",
    "INCORPORATION_ARTICLES",
    "OTHER",
    "BRAND_NEW_DOC",
    "",
    "PASSPORT:FRONT_SIDE",
    "ADDITIONAL",
    "ADDITIONAL_INFORMATİON",
    "pasaporte ✈",
];

const SIDES: &[&str] = &[
    "FRONT_SIDE",
    "BACK_SIDE",
    "back_side",
    "",
    "TOP",
    "INFORMATION",
];

const STATUSES: &[&str] = &[
    "DECLINED",
    "declined",
    "TEMPORARY_REJECTION",
    "temporary_rejection",
    "APPROVED",
    "approved",
    " APPROVED ",
    "ACCEPTED",
    "accepted",
    "VERIFIED",
    "PENDING",
    "ON_HOLD",
    "",
];

const NAMES: &[&str] = &["Maria Santos", "Holding Ltda", "", "João Ação", "名前", " "];

fn text(r: &mut Rng) -> String {
    match r.below(3) {
        0 => r.pick(LABELS).to_string(),
        1 => r.pick(DOC_TYPES).to_string(),
        _ => {
            let n = r.below(8);
            (0..n)
                .map(|_| char::from_u32(r.below(0x3000) as u32).unwrap_or('?'))
                .collect()
        }
    }
}

fn labels(r: &mut Rng) -> Vec<String> {
    // Mostly short, often empty, rarely huge (a case draws ~10 lists, so a few
    // percent of cases carry a huge one).
    let n = match r.below(300) {
        0 => 50 + r.below(250),
        1..=120 => 0,
        _ => r.below(4),
    };
    (0..n)
        .map(|_| {
            if r.one_in(4) {
                text(r)
            } else {
                r.pick(LABELS).to_string()
            }
        })
        .collect()
}

fn document(r: &mut Rng) -> DocumentReason {
    // Built through `parse`, as decoding does: `Unknown` only for unknown strings.
    let doc_type = if r.one_in(6) {
        text(r)
    } else {
        r.pick(DOC_TYPES).to_string()
    };
    DocumentReason {
        document_type: DocumentType::parse(&doc_type),
        side: (!r.one_in(2)).then(|| DocumentSide::parse(r.pick::<&str>(SIDES))),
        status: (!r.one_in(4)).then(|| DocumentStatus::parse(r.pick::<&str>(STATUSES))),
        comment: r.one_in(3).then(|| text(r)),
        reject_labels: labels(r),
        reject_sub_labels: labels(r),
    }
}

fn reason(r: &mut Rng, party_ids: &[String], depth: u32) -> StatusReason {
    let docs = match r.below(200) {
        0 => 30 + r.below(200),
        1..=50 => 0,
        _ => r.below(5),
    };
    let parties = if depth == 0 { 0 } else { r.below(4) };
    let mut associated_parties: Vec<PartyReason> = Vec::new();
    for _ in 0..parties {
        let id = match r.below(6) {
            0 | 1 if !party_ids.is_empty() => r.pick(party_ids).clone(),
            // Known party, written in upper case.
            2 if !party_ids.is_empty() => r.pick(party_ids).to_uppercase(),
            // The same party flagged twice.
            3 if !associated_parties.is_empty() => r.pick(&associated_parties).id.clone(),
            4 => Uuid::from_u64_pair(r.next(), r.next()).to_string(),
            _ => text(r),
        };
        let status_reason = (!r.one_in(4)).then(|| reason(r, party_ids, depth - 1));
        associated_parties.push(PartyReason { id, status_reason });
    }
    StatusReason {
        reject_labels: labels(r),
        reject_sub_labels: labels(r),
        documents: (0..docs).map(|_| document(r)).collect(),
        associated_parties: associated_parties.into(),
    }
}

/// Parties as `(id, name, legal name)`; `AssociatedParty`'s own `Debug` hides the
/// names, which a failure report needs.
type PartySpec = (Uuid, Option<String>, Option<String>);

#[derive(Clone, Debug)]
struct Case {
    reason: StatusReason,
    customer_name: String,
    parties: Vec<PartySpec>,
}

fn case(r: &mut Rng) -> Case {
    let pool: Vec<Uuid> = (0..3)
        .map(|_| Uuid::from_u64_pair(r.next(), r.next()))
        .collect();
    let n = r.below(5);
    let parties: Vec<PartySpec> = (0..n)
        .map(|_| {
            let name = r.one_in(2).then(|| r.pick(NAMES).to_string());
            let legal = r.one_in(3).then(|| text(r));
            (*r.pick(&pool), name, legal)
        })
        .collect();
    let ids: Vec<String> = pool.iter().map(Uuid::to_string).collect();
    let customer_name = if r.one_in(2) {
        r.pick(NAMES).to_string()
    } else {
        text(r)
    };
    Case {
        reason: reason(r, &ids, 2),
        customer_name,
        parties,
    }
}

fn party(spec: &PartySpec) -> AssociatedParty {
    AssociatedParty {
        id: spec.0,
        party_type: CustomerType::Individual,
        role: None,
        roles: Vec::new(),
        name: spec.1.clone(),
        legal_name: spec.2.clone(),
        tax_id: None,
        birth_date: None,
        incorporation_date: None,
        email: None,
        address: None,
        ownership_percentage: None,
        parent_id: None,
        verification: None,
        created_at: None,
        updated_at: None,
    }
}

// ------------------------------------------------------------------ invariants

/// The module's rule: a document is re-requested unless the review accepted it;
/// without a status, only if the reviewer said something about it.
fn needs_resend(d: &DocumentReason) -> bool {
    match &d.status {
        Some(s) => !["APPROVED", "ACCEPTED", "VERIFIED"]
            .contains(&s.as_str().to_ascii_uppercase().as_str()),
        None => {
            d.comment.is_some() || !d.reject_labels.is_empty() || !d.reject_sub_labels.is_empty()
        }
    }
}

/// A document Lumx did not name can't be re-sent: it is reviewed by hand.
fn unidentified(d: &DocumentReason) -> bool {
    d.document_type.as_str().trim().is_empty()
}

fn doc_item_id(prefix: &str, d: &DocumentReason) -> String {
    match &d.side {
        Some(side) => format!("{prefix}:{}:{}", d.document_type.as_str(), side.as_str()),
        None => format!("{prefix}:{}", d.document_type.as_str()),
    }
}

/// A document's labels less those its group already explains (case aside): what its
/// item shows.
fn unexplained(labels: &[String], g: &RfiGroup) -> Vec<String> {
    let said: Vec<String> = g
        .labels
        .iter()
        .chain(&g.sub_labels)
        .map(|l| l.to_ascii_uppercase())
        .collect();
    labels
        .iter()
        .filter(|l| !said.contains(&l.to_ascii_uppercase()))
        .cloned()
        .collect()
}

/// What one group must look like for the reason it came from.
fn group_invariants(g: &RfiGroup, reason: &StatusReason, prefix: &str) -> Result<(), String> {
    ensure!(!g.items.is_empty(), "{prefix}: a group without items");
    ensure!(
        g.labels == reason.reject_labels && g.sub_labels == reason.reject_sub_labels,
        "{prefix}: group labels differ from the reason's"
    );
    let mut ids: Vec<&str> = g.items.iter().map(|i| i.id.as_str()).collect();
    ids.sort_unstable();
    ensure!(
        ids.windows(2).all(|w| w[0] != w[1]),
        "{prefix}: duplicate item ids {ids:?}"
    );
    let head = format!("{prefix}:");
    ensure!(
        g.items.iter().all(|i| i.id.starts_with(&head)),
        "{prefix}: item id without the group prefix"
    );
    let count = |k: RfiItemKind| g.items.iter().filter(|i| i.kind == k).count();
    let (reviews, data) = (
        count(RfiItemKind::Review),
        count(RfiItemKind::AdditionalInformation),
    );
    ensure!(
        reviews == 0 || g.items.len() == 1,
        "{prefix}: a review item next to others"
    );
    ensure!(data <= 1, "{prefix}: {data} additional-information items");
    // Additional information to re-send is answered as data, not uploaded.
    let data_document = reason
        .documents
        .iter()
        .any(|d| needs_resend(d) && d.document_type == DocumentType::AdditionalInformation);
    ensure!(
        !data_document || data == 1,
        "{prefix}: additional information to re-send but no data item"
    );
    for item in g.items.iter().filter(|i| i.kind == RfiItemKind::Document) {
        let t = item
            .document_type
            .as_deref()
            .ok_or(format!("{prefix}: document item without type"))?;
        ensure!(
            !(data == 1 && t == "ADDITIONAL_INFORMATION"),
            "{prefix}: additional information both as document and as data"
        );
        // Each document item comes from the first document with its id that needs
        // re-sending, and carries that document's details.
        ensure!(
            !t.trim().is_empty(),
            "{prefix}: a document item with an empty type"
        );
        let source = reason
            .documents
            .iter()
            .find(|d| needs_resend(d) && !unidentified(d) && doc_item_id(prefix, d) == item.id);
        let Some(d) = source else {
            return Err(format!(
                "{prefix}: item {} matches no document that needs re-sending",
                item.id
            ));
        };
        ensure!(
            d.document_type.as_str() == t
                && d.side.as_ref().map(|s| s.as_str()) == item.side.as_deref()
                && d.status.as_ref().map(|s| s.as_str()) == item.status.as_deref()
                && d.comment == item.comment
                && unexplained(&d.reject_labels, g) == item.labels
                && unexplained(&d.reject_sub_labels, g) == item.sub_labels,
            "{prefix}: item {} does not carry its document's details",
            item.id
        );
    }
    // Every document that needs re-sending is asked for (additional information
    // folds into the one data item).
    for (index, d) in reason.documents.iter().enumerate() {
        if !needs_resend(d) || (data == 1 && d.document_type.as_str() == "ADDITIONAL_INFORMATION") {
            continue;
        }
        if unidentified(d) {
            let id = format!("{prefix}:UNIDENTIFIED:{index}");
            let item = g.items.iter().find(|i| i.id == id);
            ensure!(
                item.is_some_and(|i| i.kind == RfiItemKind::UnidentifiedDocument
                    && i.document_type.is_none()
                    && i.comment == d.comment
                    && i.labels == unexplained(&d.reject_labels, g)),
                "{prefix}: a document without type must be one review-by-hand item {id}"
            );
            continue;
        }
        let id = doc_item_id(prefix, d);
        ensure!(
            ids.binary_search(&id.as_str()).is_ok(),
            "{prefix}: no item for a document that needs re-sending: {id}"
        );
    }
    Ok(())
}

fn invariants(case: &Case, c: &RfiChecklist) -> Result<(), String> {
    let reason = &case.reason;
    // One group per flagged party, in order, keeping duplicates and unknown ids.
    let flagged: Vec<String> = reason
        .associated_parties
        .iter()
        .map(|p| p.id.clone())
        .collect();
    ensure!(
        c.flagged_party_ids() == flagged,
        "flagged parties {:?}, want {flagged:?}",
        c.flagged_party_ids()
    );
    // The customer's own group: first, once, exactly when there is something to do.
    let customer_groups = c.groups.iter().filter(|g| g.party_id.is_none()).count();
    let customer_work = !reason.reject_labels.is_empty()
        || !reason.reject_sub_labels.is_empty()
        || reason.documents.iter().any(needs_resend);
    ensure!(
        customer_groups == customer_work as usize,
        "{customer_groups} customer groups, customer work: {customer_work}"
    );
    if customer_work {
        let g = &c.groups[0];
        ensure!(g.party_id.is_none(), "the customer group is not first");
        ensure!(
            g.owner_name == case.customer_name,
            "customer group named {:?}",
            g.owner_name
        );
        group_invariants(g, reason, "customer")?;
    }
    ensure!(
        c.only_parties == (!c.groups.is_empty() && !customer_work),
        "only_parties is {}",
        c.only_parties
    );
    let parties: Vec<AssociatedParty> = case.parties.iter().map(party).collect();
    let empty = StatusReason::default();
    for (g, p) in c
        .groups
        .iter()
        .skip(customer_work as usize)
        .zip(&reason.associated_parties)
    {
        let prefix = format!("party:{}", p.id);
        let own = p.status_reason.as_ref().unwrap_or(&empty);
        let named = parties
            .iter()
            .find(|x| x.id.to_string().eq_ignore_ascii_case(&p.id))
            .and_then(|x| x.name.clone().or_else(|| x.legal_name.clone()));
        let want = named.unwrap_or_else(|| format!("Party {}", p.id));
        ensure!(
            g.owner_name == want,
            "party {} named {:?}, want {want:?}",
            p.id,
            g.owner_name
        );
        group_invariants(g, own, &prefix)?;
    }
    ensure!(
        c.items().count() == c.groups.iter().map(|g| g.items.len()).sum::<usize>(),
        "items() count"
    );
    Ok(())
}

#[test]
fn derive_never_panics_and_keeps_its_invariants() {
    run(
        "derive_never_panics_and_keeps_its_invariants",
        DERIVE_CASES,
        ("with groups", "empty"),
        Direct(case),
        |case, counts| {
            let parties: Vec<AssociatedParty> = case.parties.iter().map(party).collect();
            let c = derive(&case.reason, &case.customer_name, &parties);
            let counter = if c.groups.is_empty() {
                &counts.err
            } else {
                &counts.ok
            };
            counter.fetch_add(1, Ordering::Relaxed);
            invariants(&case, &c).map_err(TestCaseError::fail)
        },
    );
}

#[test]
fn derived_item_ids_survive_the_store_and_ignore_names() {
    run(
        "derived_item_ids_survive_the_store_and_ignore_names",
        STORE_CASES,
        ("with groups", "empty"),
        Direct(case),
        |case, counts| {
            let parties: Vec<AssociatedParty> = case.parties.iter().map(party).collect();
            let c = derive(&case.reason, &case.customer_name, &parties);
            let counter = if c.groups.is_empty() {
                &counts.err
            } else {
                &counts.ok
            };
            counter.fetch_add(1, Ordering::Relaxed);
            // Item ids depend on the reason only: rounds recompute them without names.
            let bare = derive(&case.reason, "", &[]);
            let ids = |c: &RfiChecklist| c.items().map(|i| i.id.clone()).collect::<Vec<_>>();
            if ids(&bare) != ids(&c) {
                return Err(TestCaseError::fail("item ids depend on names or parties"));
            }
            // The RFI store keeps the reason as JSON and derives from it again.
            let stored = serde_json::to_string(&case.reason)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back: StatusReason = serde_json::from_str(&stored).map_err(|e| {
                TestCaseError::fail(format!("stored reason does not read back: {e}: {stored}"))
            })?;
            if derive(&back, &case.customer_name, &parties) != c {
                return Err(TestCaseError::fail(format!(
                    "checklist changed through the store: {stored}"
                )));
            }
            Ok(())
        },
    );
}

// ------------------------------------------------------------------ through customer JSON

/// (body, where the reason sits: 0 verification, 1 top level, 2 both, 3 none;
/// whether the reason JSON was made deliberately ill-typed, the case as the client must
/// read it)
fn customer_case(r: &mut Rng) -> (String, u8, bool, Case) {
    let mut case = case(r);
    let mut nested = serde_json::to_value(&case.reason).unwrap();
    // Shapes the server might send that decode the same: missing keys, a document
    // without `type` (reads as Unknown("")), unknown keys.
    if let Some(o) = nested.as_object_mut() {
        for k in [
            "rejectLabels",
            "rejectSubLabels",
            "documents",
            "associatedParties",
        ] {
            if o.get(k)
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
                && r.one_in(2)
            {
                o.remove(k);
            }
        }
        if r.one_in(3) {
            o.insert(
                format!("x-{}", text(r)),
                json!({"nested": [1, "two", null]}),
            );
        }
        if let Some(Value::Array(docs)) = o.get_mut("documents") {
            for d in docs.iter_mut() {
                if d["type"] == "" && r.one_in(2) {
                    d.as_object_mut().unwrap().remove("type");
                }
            }
        }
    }
    // Ill-typed labels cost only what can't be read as a label: a lone label is a list of
    // one, scalars are written out, anything else is dropped; `null` reads as no labels.
    let broken = r.one_in(8);
    if broken {
        let odd: [(Value, &[&str]); 3] = [
            (json!("A_SINGLE_LABEL"), &["A_SINGLE_LABEL"]),
            (json!(["OK", 7, {"x": 1}]), &["OK", "7"]),
            (json!({"label": "X"}), &[]),
        ];
        let (raw, read) = odd[r.below(odd.len())].clone();
        nested["rejectLabels"] = raw;
        case.reason.reject_labels = read.iter().map(|l| l.to_string()).collect();
    } else if nested["rejectLabels"].as_array().is_some_and(Vec::is_empty) && r.one_in(2) {
        nested["rejectLabels"] = Value::Null;
    }
    let other = serde_json::to_value(reason(r, &[], 1)).unwrap();
    let location = r.below(4) as u8;
    let mut customer = json!({
        "id": Uuid::from_u64_pair(r.next(), r.next()),
        "type": if r.one_in(2) { "INDIVIDUAL" } else { "business" },
        "verification": {"status": if r.one_in(2) { "RFI" } else { "temporary_rejection" }},
    });
    match location {
        0 => customer["verification"]["statusReason"] = nested,
        1 => customer["statusReason"] = nested,
        2 => {
            customer["verification"]["statusReason"] = nested;
            customer["statusReason"] = other;
        }
        _ => {}
    }
    (customer.to_string(), location, broken && location < 3, case)
}

#[test]
fn customers_in_rfi_decode_and_derive_from_either_reason_location() {
    run(
        "customers_in_rfi_decode_and_derive_from_either_reason_location",
        CUSTOMER_JSON_CASES,
        ("plain labels", "ill-typed labels read"),
        Direct(customer_case),
        |(body, location, broken, case), counts| {
            let decoded = serde_json::from_str::<Customer>(&body);
            let counter = if broken { &counts.err } else { &counts.ok };
            counter.fetch_add(1, Ordering::Relaxed);
            let c = match decoded {
                Ok(c) => c,
                Err(e) => {
                    return Err(TestCaseError::fail(format!(
                        "customer did not decode ({e}): {body}"
                    )))
                }
            };
            let parties: Vec<AssociatedParty> = case.parties.iter().map(party).collect();
            // What the RFI view derives from: the nested reason first, else the top-level one.
            let reason = c.status_reason().cloned().unwrap_or_default();
            let got = derive(&reason, &case.customer_name, &parties);
            if location == 3 {
                if !got.groups.is_empty() {
                    return Err(TestCaseError::fail(
                        "a customer without a reason got a checklist",
                    ));
                }
                return Ok(());
            }
            let want = derive(&case.reason, &case.customer_name, &parties);
            if got != want {
                return Err(TestCaseError::fail(format!(
                    "checklist from the customer differs from the reason's: {body}"
                )));
            }
            invariants(&case, &got).map_err(TestCaseError::fail)
        },
    );
}
