//! Property tests over every response decoder of the client: customers, list pages,
//! associated parties, accounts, verifications, ToS links, `statusReason`, webhook
//! payloads and error bodies.
//!
//! Inputs come from three sources: JSON generated from a schema of each response type
//! (right and wrong types, missing and extra keys, nulls, duplicates, odd numbers and
//! strings, deep nesting), mutations of real bodies served by `lumx-sandbox`, and raw
//! bytes / JSON token soup. Nothing may panic, and each input is also checked against
//! what the schema promises (a well-formed body decodes, a body missing a required
//! field does not, open enums keep any string, unknown keys are ignored, a decoded
//! value survives re-serialisation, personal data stays out of `Debug`).
//!
//! Figures: each test prints a markdown row (run with `--nocapture` to see it); with
//! `LUMX_FIGURES_DIR` set the suite's table is written to `decoder-properties.md` there.
//! Seeds are random per run; the failure output and the table show the seed, and
//! `LUMX_PROPTEST_SEED=<seed>` replays the generated inputs (the sandbox bodies the
//! mutations start from carry fresh ids each run). `failure_persistence` is off so no
//! `proptest-regressions/` files are written into the repo.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lumx::models::*;
use lumx::webhook::{parse_event, sign, verify_signature, EventData, WebhookEventType};
use lumx::{Error, Page};
use proptest::prelude::*;
use proptest::strategy::{NewTree, ValueTree};
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

// ------------------------------------------------------------------ case counts
//
// With desk-core's `checklist_properties` (420,000) the two suites run
// 1,020,000 generated inputs; each test asserts its count really ran.

const STRUCTURED_CASES: u32 = 150_000;
const WEBHOOK_CASES: u32 = 40_000;
const MUTATION_CASES: u32 = 100_000;
const RAW_CASES: u32 = 150_000;
const ERROR_BODY_CASES: u32 = 160_000;
const SUITE_CASES: u64 = STRUCTURED_CASES as u64
    + WEBHOOK_CASES as u64
    + MUTATION_CASES as u64
    + RAW_CASES as u64
    + ERROR_BODY_CASES as u64;
const _: () = assert!(SUITE_CASES >= 600_000);

// ------------------------------------------------------------------ figures

struct Row {
    test: &'static str,
    inputs: u64,
    calls: u64,
    ok: u64,
    err: u64,
    wall: Duration,
    seed: u64,
    /// Test-specific figures (empty when none).
    notes: String,
}

static ROWS: Mutex<Vec<Row>> = Mutex::new(Vec::new());
const SUITE: &str = "decoder-properties";
const TESTS: usize = 5;

fn table(rows: &[&Row]) -> String {
    let mut out = String::from(
        "| test | inputs generated | decoder calls | decode Ok | decode Err | wall time | seed | notes |\n\
         |---|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.1} s | {} | {} |\n",
            r.test,
            r.inputs,
            r.calls,
            r.ok,
            r.err,
            r.wall.as_secs_f64(),
            r.seed,
            r.notes
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
            "\n{} of {} tests reported: {inputs} inputs, {wall:.1} s of test time (tests run in parallel).\n\
             Error bodies count as Ok when the body was a JSON object to read fields from.\n",
            rows.len(),
            TESTS
        ));
        std::fs::write(dir.join(format!("{SUITE}.md")), text).expect("write figures");
    }
}

#[derive(Default)]
struct Counts {
    inputs: AtomicU64,
    calls: AtomicU64,
    ok: AtomicU64,
    err: AtomicU64,
}

impl Counts {
    fn decoded(&self, ok: bool) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        if ok {
            self.ok.fetch_add(1, Ordering::Relaxed);
        } else {
            self.err.fetch_add(1, Ordering::Relaxed);
        }
    }
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
/// reports the figures. Panics inside `check` become proptest failures.
fn run<S: Strategy>(
    test: &'static str,
    cases: u32,
    strategy: S,
    check: impl Fn(S::Value, &Counts) -> Result<(), TestCaseError>,
) {
    run_with_notes(test, cases, strategy, check, String::new);
}

/// [`run`], with a note for the figures table computed (and asserted) after the cases.
fn run_with_notes<S: Strategy>(
    test: &'static str,
    cases: u32,
    strategy: S,
    check: impl Fn(S::Value, &Counts) -> Result<(), TestCaseError>,
    notes: impl FnOnce() -> String,
) {
    let seed = base_seed();
    // Distinct streams per test from one printed seed.
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
    let notes = notes();
    report(Row {
        notes,
        test,
        inputs,
        calls: counts.calls.load(Ordering::Relaxed),
        ok: counts.ok.load(Ordering::Relaxed),
        err: counts.err.load(Ordering::Relaxed),
        wall,
        seed,
    });
}

macro_rules! fail {
    ($($fmt:tt)+) => {
        return Err(TestCaseError::fail(format!($($fmt)+)))
    };
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!($($fmt)+)));
        }
    };
}

// ------------------------------------------------------------------ generation plumbing

/// SplitMix64, seeded once per case from proptest's RNG. Building bodies with
/// proptest's combinators cost ~3 ms per customer in a debug build (the value
/// trees, not the decoding); drawing directly costs microseconds, which is what
/// makes a million inputs fit in CI. The price is no shrinking for these inputs:
/// every failure message carries the whole input instead.
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

    /// Index of the arm chosen with these weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let mut roll = self.next() % weights.iter().map(|w| *w as u64).sum::<u64>();
        for (i, w) in weights.iter().enumerate() {
            if roll < *w as u64 {
                return i;
            }
            roll -= *w as u64;
        }
        weights.len() - 1
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

// ------------------------------------------------------------------ JSON text

/// JSON as text to be written, so that it can also hold what `serde_json::Value`
/// cannot: duplicate keys, number literals of any size, escaped strings, bad tokens.
#[derive(Clone, Debug)]
enum J {
    Null,
    Bool(bool),
    /// A number literal, written as is.
    Num(String),
    /// A string; `true` writes every non-ASCII char as `\u` escapes.
    Str(String, bool),
    /// Written verbatim (invalid escapes, garbage).
    Raw(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
    /// `n` nested arrays (or objects) around `0`.
    Deep(u16, bool),
    /// Written as the inner value; remembers whether it fits its position (the check
    /// of a decoded body needs it for tolerant fields and list entries).
    Tag(V, Box<J>),
}

fn write_str(out: &mut String, s: &str, ascii: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ascii && !c.is_ascii() => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl J {
    fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) | J::Raw(n) => out.push_str(n),
            J::Str(s, ascii) => write_str(out, s, *ascii),
            J::Tag(_, inner) => inner.write(out),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            J::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_str(out, k, i % 3 == 2);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
            J::Deep(n, arrays) => {
                let (open, close) = if *arrays {
                    ("[", "]")
                } else {
                    ("{\"k\":", "}")
                };
                out.push_str(&open.repeat(*n as usize));
                out.push('0');
                out.push_str(&close.repeat(*n as usize));
            }
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

fn str_j(s: &str) -> J {
    J::Str(s.to_owned(), false)
}

/// Interesting strings: wire values in several spellings, labels from the docs,
/// unicode, empty, whitespace, JSON-looking text, a long one.
const POOL: &[&str] = &[
    "",
    " ",
    "RFI",
    "rfi",
    " Approved ",
    "TEMPORARY_REJECTION",
    "temporary_rejection",
    "pending",
    "DECLINED",
    "PASSPORT",
    "id_card",
    "FRONT_SIDE",
    "ADDITIONAL_INFORMATION",
    "DOCUMENT_QUALITY",
    "DOCUMENT_BLURRY",
    "INCONSISTENT_PROFILE_DATA",
    "screenshot",
    "differentDocs",
    "customer.rfi",
    "customer.temporary_rejection",
    "account.active",
    "onramp.success",
    "UBO",
    "roles",
    "BRL",
    "STANDARD",
    "TERMS_OF_SERVICE",
    "NOT_SENT",
    "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "2021-01-01",
    "2026-05-13T20:49:13.236Z",
    "null",
    "true",
    "0",
    "-1",
    "{\"id\":1}",
    "Ação Ltda — São Paulo",
    "日本語の名前",
    "🙂👍🏽",
    "\u{0}nul",
    "\u{feff}bom",
    "\u{202e}rtl",
    "e\u{301}",
    "tab\there",
    "a\\b\"c",
    "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
];

const ASCII: &[char] = &[
    'a', 'b', 'z', 'A', 'Q', 'Z', '0', '7', '9', '_', '-', '.', ':', ' ', '/', '@', '+', '"', '\\',
    '{', '[', '\u{7f}',
];

/// Any char, weighted towards each UTF-8 length (never a surrogate: `char` can't be).
fn any_char(r: &mut Rng) -> char {
    let (lo, hi) = *r.pick(&[
        (0u32, 0x80u32),
        (0x80, 0x800),
        (0x800, 0xD800),
        (0xE000, 0x1_0000),
        (0x1_0000, 0x11_0000),
    ]);
    char::from_u32(lo + (r.next() % (hi - lo) as u64) as u32).unwrap_or('?')
}

fn text(r: &mut Rng) -> String {
    match r.weighted(&[3, 2, 2]) {
        0 => r.pick(POOL).to_string(),
        1 => {
            let n = r.below(12);
            (0..n).map(|_| *r.pick(ASCII)).collect()
        }
        _ => {
            let n = r.below(8);
            (0..n).map(|_| any_char(r)).collect()
        }
    }
}

fn text_j(r: &mut Rng) -> J {
    let s = text(r);
    J::Str(s, r.one_in(2))
}

/// Number literals serde_json reads without error.
fn number(r: &mut Rng) -> String {
    match r.below(6) {
        0 => (r.next() as i32).to_string(),
        1 => r.next().to_string(),
        2 => (r.next() as i64).to_string(),
        3 => {
            let f = f64::from_bits(r.next());
            if f.is_finite() {
                format!("{f:e}")
            } else {
                "0.5".into()
            }
        }
        4 => ((r.below(2_000_000) as f64 - 1e6) / 1000.0).to_string(),
        _ => r
            .pick(&[
                "-0",
                "0.0",
                "1E+2",
                "40",
                "12.50",
                "123456789012345678901234567890",
                "1e-400",
                "-1e308",
            ])
            .to_string(),
    }
}

/// Any syntactically valid JSON of bounded depth.
fn any_json(r: &mut Rng, depth: u32) -> J {
    match r.below(if depth == 0 { 4 } else { 6 }) {
        0 => J::Null,
        1 => J::Bool(r.one_in(2)),
        2 => J::Num(number(r)),
        3 => text_j(r),
        4 => {
            let n = r.below(4);
            J::Arr((0..n).map(|_| any_json(r, depth - 1)).collect())
        }
        _ => {
            let n = r.below(4);
            J::Obj((0..n).map(|_| (text(r), any_json(r, depth - 1))).collect())
        }
    }
}

// ------------------------------------------------------------------ schema

/// What the client's models accept at a position, written down from the models.
enum Kind {
    /// A JSON string, strictly.
    Str,
    /// A scalar read as text (`lenient::required_text` / `text`): strings, numbers, flags.
    Text,
    Uuid,
    Date,
    DateTime,
    Bool,
    U32,
    U64,
    F64,
    /// An open enum: wire values, and the parse the decoder must agree with. Numbers and
    /// flags read as unknown values, `null` as the unknown empty value; objects and lists
    /// are a shape error.
    Enum(fn() -> Vec<&'static str>, fn(&str) -> String),
    /// A JSON object of anything (`metadata`).
    Map,
    /// Any JSON (`additionalInformation`, webhook `eventId`).
    Any,
    /// A transaction limit: a decimal string or number, or `{max, used, remaining}`.
    Limit,
    /// `lenient::amount`: a decimal string or a number.
    Amount,
    /// `lenient::strings`: a list of scalars (others dropped), or one scalar.
    Labels,
    Arr(&'static Kind),
    /// `Entries<T>`: a malformed entry is set aside, `null` or a non-list reads as empty.
    Entries(&'static Kind),
    Obj(&'static [Field]),
}

struct Field {
    name: &'static str,
    kind: &'static Kind,
    required: bool,
    nullable: bool,
    /// Read through `serde_json::Value` by a lenient helper: a value of the wrong shape
    /// reads as `None` / the default instead of failing the enclosing object.
    tol: bool,
    /// Redacted from `Debug`.
    pii: bool,
}

const fn req(name: &'static str, kind: &'static Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
        nullable: false,
        tol: false,
        pii: false,
    }
}
/// `#[serde(default)]` on a non-`Option`: may be absent, may not be `null` (except an
/// open enum, which reads `null` as unknown).
const fn opt(name: &'static str, kind: &'static Kind) -> Field {
    Field {
        required: false,
        ..req(name, kind)
    }
}
/// A strict `Option`: absent or `null` are both fine, any other value must fit.
const fn nul(name: &'static str, kind: &'static Kind) -> Field {
    Field {
        required: false,
        nullable: true,
        ..req(name, kind)
    }
}
/// A tolerant field (`lenient::*`, `Entries`): absent, `null` or any shape decodes.
const fn tol(name: &'static str, kind: &'static Kind) -> Field {
    Field {
        tol: true,
        ..nul(name, kind)
    }
}
const fn pii(f: Field) -> Field {
    Field { pii: true, ..f }
}

macro_rules! open {
    ($t:ty) => {
        Kind::Enum(
            || <$t>::KNOWN.iter().map(|v| v.as_str()).collect(),
            |s| <$t>::parse(s).as_str().to_owned(),
        )
    };
}

static STR: Kind = Kind::Str;
static TEXT: Kind = Kind::Text;
static UUID: Kind = Kind::Uuid;
static DATE: Kind = Kind::Date;
static DATETIME: Kind = Kind::DateTime;
static BOOL: Kind = Kind::Bool;
static U32: Kind = Kind::U32;
static U64: Kind = Kind::U64;
static F64: Kind = Kind::F64;
static MAP: Kind = Kind::Map;
static ANY: Kind = Kind::Any;
static LIMIT: Kind = Kind::Limit;
static AMOUNT: Kind = Kind::Amount;
static LABELS: Kind = Kind::Labels;

static CUSTOMER_TYPE: Kind = open!(CustomerType);
static VERIFICATION_STATUS: Kind = open!(VerificationStatus);
static LEVEL: Kind = open!(Level);
static CURRENCY: Kind = open!(Currency);
static DOCUMENT_TYPE: Kind = open!(DocumentType);
static DOCUMENT_SIDE: Kind = open!(DocumentSide);
static DOCUMENT_STATUS: Kind = open!(DocumentStatus);
static REQUIREMENT_NAME: Kind = open!(RequirementName);
static REQUIREMENT_STATUS: Kind = open!(RequirementStatus);
static BLOCKCHAIN: Kind = open!(Blockchain);
static ROLE: Kind = open!(Role);
static ROLES: Kind = Kind::Arr(&ROLE);
static ACCOUNT_STATUS: Kind = open!(AccountStatus);

static STATUS_REASON: Kind = Kind::Obj(&[
    tol("rejectLabels", &LABELS),
    tol("rejectSubLabels", &LABELS),
    tol("documents", &DOCUMENT_REASONS),
    tol("associatedParties", &PARTY_REASONS),
]);
static DOCUMENT_REASONS: Kind = Kind::Entries(&DOCUMENT_REASON);
static DOCUMENT_REASON: Kind = Kind::Obj(&[
    // A missing or null type reads as Unknown(""); a list or object fails the entry.
    opt("type", &DOCUMENT_TYPE),
    tol("side", &DOCUMENT_SIDE),
    tol("status", &DOCUMENT_STATUS),
    tol("comment", &TEXT),
    tol("rejectLabels", &LABELS),
    tol("rejectSubLabels", &LABELS),
]);
static PARTY_REASONS: Kind = Kind::Entries(&PARTY_REASON);
static PARTY_REASON: Kind = Kind::Obj(&[req("id", &TEXT), tol("statusReason", &STATUS_REASON)]);

static VERIFICATION: Kind = Kind::Obj(&[
    opt("status", &VERIFICATION_STATUS),
    nul("level", &LEVEL),
    tol("link", &TEXT),
    tol("statusReason", &STATUS_REASON),
]);
static REQUIREMENTS: Kind = Kind::Entries(&REQUIREMENT);
static REQUIREMENT: Kind = Kind::Obj(&[
    req("name", &REQUIREMENT_NAME),
    opt("status", &REQUIREMENT_STATUS),
]);
static ACCOUNT_REFS: Kind = Kind::Entries(&ACCOUNT_REF);
static ACCOUNT_REF: Kind = Kind::Obj(&[req("id", &UUID), opt("currency", &CURRENCY)]);
static BALANCES: Kind = Kind::Entries(&BALANCE);
static BALANCE: Kind = Kind::Obj(&[
    req("currency", &TEXT),
    tol("amount", &AMOUNT),
    tol("updatedAt", &DATETIME),
]);
static WALLETS: Kind = Kind::Entries(&WALLET);
static WALLET: Kind = Kind::Obj(&[
    opt("blockchain", &BLOCKCHAIN),
    req("address", &STR),
    tol("blockExplorerUrl", &TEXT),
    tol("isDefault", &BOOL),
    tol("balances", &BALANCES),
]);
static TRANSACTION_LIMITS: Kind = Kind::Obj(&[
    tol("single", &LIMIT),
    tol("daily", &LIMIT),
    tol("monthly", &LIMIT),
]);
static LIMIT_OBJECT: Kind = Kind::Obj(&[
    tol("max", &AMOUNT),
    tol("used", &AMOUNT),
    tol("remaining", &AMOUNT),
]);

static CUSTOMER: Kind = Kind::Obj(&[
    req("id", &UUID),
    req("type", &CUSTOMER_TYPE),
    pii(tol("name", &TEXT)),
    pii(tol("legalName", &TEXT)),
    pii(tol("taxId", &TEXT)),
    tol("birthDate", &DATE),
    tol("incorporationDate", &DATE),
    tol("country", &TEXT),
    pii(tol("email", &TEXT)),
    tol("metadata", &MAP),
    tol("wallets", &WALLETS),
    tol("verification", &VERIFICATION),
    tol("requirements", &REQUIREMENTS),
    nul("additionalInformation", &ANY),
    tol("accounts", &ACCOUNT_REFS),
    tol("transactionLimits", &TRANSACTION_LIMITS),
    tol("statusReason", &STATUS_REASON),
    tol("balances", &BALANCES),
    tol("walletAddress", &TEXT),
    tol("createdAt", &DATETIME),
    tol("updatedAt", &DATETIME),
]);

static ADDRESS: Kind = Kind::Obj(&[
    req("country", &STR),
    pii(req("line1", &STR)),
    pii(nul("line2", &STR)),
    pii(req("city", &STR)),
    pii(req("state", &STR)),
    pii(req("postalCode", &STR)),
]);
static PARTY: Kind = Kind::Obj(&[
    req("id", &UUID),
    opt("type", &CUSTOMER_TYPE),
    tol("role", &ROLE),
    tol("roles", &ROLES),
    pii(tol("name", &TEXT)),
    pii(tol("legalName", &TEXT)),
    pii(tol("taxId", &TEXT)),
    tol("birthDate", &DATE),
    tol("incorporationDate", &DATE),
    pii(tol("email", &TEXT)),
    tol("address", &ADDRESS),
    tol("ownershipPercentage", &F64),
    tol("parentId", &UUID),
    tol("verification", &VERIFICATION),
    tol("createdAt", &DATETIME),
    tol("updatedAt", &DATETIME),
]);
static ACCOUNT: Kind = Kind::Obj(&[
    req("id", &UUID),
    req("customerId", &UUID),
    opt("status", &ACCOUNT_STATUS),
    opt("currency", &CURRENCY),
    tol("createdAt", &DATETIME),
    tol("updatedAt", &DATETIME),
]);
static PAGINATION: Kind = Kind::Obj(&[
    tol("size", &U32),
    tol("total", &U64),
    tol("hasNextPage", &BOOL),
    tol("hasPreviousPage", &BOOL),
    tol("nextCursor", &TEXT),
    tol("previousCursor", &TEXT),
]);
static CUSTOMERS: Kind = Kind::Entries(&CUSTOMER);
static PARTIES: Kind = Kind::Entries(&PARTY);
static ACCOUNTS: Kind = Kind::Entries(&ACCOUNT);
static PAGE_CUSTOMERS: Kind = Kind::Obj(&[tol("data", &CUSTOMERS), tol("pagination", &PAGINATION)]);
static PAGE_PARTIES: Kind = Kind::Obj(&[tol("data", &PARTIES), tol("pagination", &PAGINATION)]);
static PAGE_ACCOUNTS: Kind = Kind::Obj(&[tol("data", &ACCOUNTS), tol("pagination", &PAGINATION)]);
static LEGACY_VERIFICATION: Kind = Kind::Obj(&[
    tol("customerId", &UUID),
    opt("status", &VERIFICATION_STATUS),
    nul("level", &LEVEL),
    tol("statusReason", &STATUS_REASON),
]);
static VERIFICATION_STARTED: Kind = Kind::Obj(&[tol("id", &UUID)]);
static TOS_LINK: Kind = Kind::Obj(&[req("url", &STR), req("expiresAt", &DATETIME)]);

static CUSTOMER_EVENT: Kind = Kind::Obj(&[
    req("customerId", &UUID),
    nul("status", &VERIFICATION_STATUS),
    nul("level", &LEVEL),
    tol("statusReason", &STATUS_REASON),
]);
/// Webhook envelopes whose known type fixes the data shape; `eventType` is left
/// out of the mutation sites because changing it changes the expected data.
static CUSTOMER_ENVELOPE: Kind = Kind::Obj(&[req("data", &CUSTOMER_EVENT)]);
static ACCOUNT_ENVELOPE: Kind = Kind::Obj(&[req("data", &ACCOUNT)]);

/// What `value` (already valid JSON) does at a position of `kind`: the schema read
/// the way the models read it. `Ok` decodes, `Bad` is a shape error.
fn classify(kind: &Kind, v: &Value) -> V {
    let ok = ok_if;
    match (kind, v) {
        (Kind::Enum(..), Value::Array(_) | Value::Object(_)) => V::Bad,
        (Kind::Enum(..) | Kind::Any | Kind::Labels | Kind::Entries(_), _) => V::Ok,
        (Kind::Str, Value::String(_)) => V::Ok,
        (Kind::Text, _) => ok(scalar_text(v).is_some()),
        (Kind::Uuid, Value::String(s)) => ok(uuid::Uuid::try_parse(s).is_ok()),
        (Kind::DateTime, Value::String(s)) => ok(time::OffsetDateTime::parse(
            s,
            &time::format_description::well_known::Rfc3339,
        )
        .is_ok()),
        (Kind::Date, Value::String(s)) => ok(time::Date::parse(
            s,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .is_ok()),
        (Kind::Bool, Value::Bool(_)) => V::Ok,
        (Kind::U32, Value::Number(n)) => ok(n.as_u64().is_some_and(|x| x <= u32::MAX as u64)),
        (Kind::U64, Value::Number(n)) => ok(n.as_u64().is_some()),
        (Kind::F64, Value::Number(_)) => V::Ok,
        (Kind::Map, Value::Object(_)) => V::Ok,
        (Kind::Limit | Kind::Amount, Value::String(_) | Value::Number(_)) => V::Ok,
        (Kind::Limit, Value::Object(_)) => classify(&LIMIT_OBJECT, v),
        (Kind::Arr(item), Value::Array(items)) => items
            .iter()
            .fold(V::Ok, |acc, x| acc.and(classify(item, x))),
        // A derived struct also reads a list, field by field in declaration order
        // (missing trailing fields default; extra elements are an error).
        (Kind::Obj(fields), Value::Array(items)) if items.len() <= fields.len() => {
            fields.iter().enumerate().fold(V::Ok, |acc, (i, f)| {
                acc.and(match items.get(i) {
                    None => ok_if(!f.required),
                    Some(x) => classify_field(f, x),
                })
            })
        }
        (Kind::Obj(fields), Value::Object(map)) => fields.iter().fold(V::Ok, |acc, f| {
            acc.and(match map.get(f.name) {
                None => ok_if(!f.required),
                Some(x) => classify_field(f, x),
            })
        }),
        _ => V::Bad,
    }
}

/// [`classify`] for a field's value: tolerant fields take anything; `null` fits an
/// `Option` and an open enum.
fn classify_field(f: &Field, x: &Value) -> V {
    if f.tol {
        V::Ok
    } else if x.is_null() {
        if f.nullable || matches!(f.kind, Kind::Enum(..)) {
            V::Ok
        } else {
            V::Bad
        }
    } else {
        classify(f.kind, x)
    }
}

/// The text `lenient` makes of a scalar.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The text an open enum keeps for a scalar (`visit_u64`/`visit_i64`/`visit_f64` write
/// the number with Rust's `Display`; `null` is the unknown empty value).
fn enum_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.to_string(),
            (_, Some(i)) => i.to_string(),
            _ => n.as_f64().unwrap_or(0.0).to_string(),
        }),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

// ------------------------------------------------------------------ decoders

/// A decoded body, re-serialised, with its `Debug` text and the readable / unreadable
/// entry counts of every `Entries` list in it.
struct Decoded {
    value: Value,
    debug: String,
    census: Census,
    /// For webhooks: `customer`, `account` or `other`.
    variant: &'static str,
}

/// `(path in the re-serialised value, readable entries, unreadable entries)`.
type Census = Vec<(String, usize, usize)>;

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// Walks every `Entries` list of a decoded model.
trait Count {
    fn count(&self, _at: &str, _out: &mut Census) {}
}

impl<T: Count> Count for Entries<T> {
    fn count(&self, at: &str, out: &mut Census) {
        out.push((at.to_owned(), self.len(), self.unreadable().len()));
        // Readable entries come first in the re-serialised list, in order.
        for (i, item) in self.iter().enumerate() {
            item.count(&format!("{at}[{i}]"), out);
        }
    }
}

impl<T: Count> Count for Option<T> {
    fn count(&self, at: &str, out: &mut Census) {
        if let Some(x) = self {
            x.count(at, out);
        }
    }
}

impl<T: Count> Count for Page<T> {
    fn count(&self, at: &str, out: &mut Census) {
        self.data.count(&join(at, "data"), out);
    }
}

impl Count for Customer {
    fn count(&self, at: &str, out: &mut Census) {
        self.wallets.count(&join(at, "wallets"), out);
        self.verification.count(&join(at, "verification"), out);
        self.requirements.count(&join(at, "requirements"), out);
        self.accounts.count(&join(at, "accounts"), out);
        self.status_reason.count(&join(at, "statusReason"), out);
        self.balances.count(&join(at, "balances"), out);
    }
}

impl Count for Wallet {
    fn count(&self, at: &str, out: &mut Census) {
        self.balances.count(&join(at, "balances"), out);
    }
}

impl Count for Verification {
    fn count(&self, at: &str, out: &mut Census) {
        self.status_reason.count(&join(at, "statusReason"), out);
    }
}

impl Count for StatusReason {
    fn count(&self, at: &str, out: &mut Census) {
        self.documents.count(&join(at, "documents"), out);
        self.associated_parties
            .count(&join(at, "associatedParties"), out);
    }
}

impl Count for PartyReason {
    fn count(&self, at: &str, out: &mut Census) {
        self.status_reason.count(&join(at, "statusReason"), out);
    }
}

impl Count for AssociatedParty {
    fn count(&self, at: &str, out: &mut Census) {
        self.verification.count(&join(at, "verification"), out);
    }
}

impl Count for LegacyVerification {
    fn count(&self, at: &str, out: &mut Census) {
        self.status_reason.count(&join(at, "statusReason"), out);
    }
}

impl Count for lumx::webhook::CustomerEventData {
    fn count(&self, at: &str, out: &mut Census) {
        self.status_reason.count(&join(at, "statusReason"), out);
    }
}

impl Count for Account {}
impl Count for AccountRef {}
impl Count for Balance {}
impl Count for Requirement {}
impl Count for DocumentReason {}
impl Count for TosLink {}
impl Count for VerificationStarted {}

/// `Ok(Ok)` decoded (and survived the round trip), `Ok(Err)` a decode error (with
/// its message), `Err` a broken property.
type DecodeFn = fn(&[u8]) -> Result<Result<Decoded, String>, String>;

struct Target {
    name: &'static str,
    kind: &'static Kind,
    decode: DecodeFn,
    /// Share of the generated bodies.
    weight: u32,
}

/// Same steps as the client's private `decode_json` (serde_path_to_error over a
/// slice deserializer; like it, no check for trailing bytes).
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

/// Equal, except that floats may differ in the last bits: serde_json's default
/// float parsing is not exact, so re-reading a float it wrote can move it by an ULP.
fn approx_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x == y || (x.to_bits().abs_diff(y.to_bits()) <= 4 && x.signum() == y.signum())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| approx_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| approx_eq(v, w)))
        }
        _ => a == b,
    }
}

fn typed<T: DeserializeOwned + Serialize + Debug + PartialEq + Count>(
    body: &[u8],
) -> Result<Result<Decoded, String>, String> {
    typed_with::<T>(body, |_| Ok(()))
}

/// Decodes `body` as `T`; when that works, runs `also` on the value and checks
/// that writing it out and reading that back gives the same value.
fn typed_with<T: DeserializeOwned + Serialize + Debug + PartialEq + Count>(
    body: &[u8],
    also: fn(&T) -> Result<(), String>,
) -> Result<Result<Decoded, String>, String> {
    let first = match decode::<T>(body) {
        Ok(first) => first,
        Err(e) => return Ok(Err(e)),
    };
    also(&first)?;
    let debug = format!("{first:?}");
    let value = serde_json::to_value(&first).map_err(|e| format!("re-serialising failed: {e}"))?;
    let written = value.to_string();
    // Plain serde_json here: the decoder's own path was exercised above.
    let second: T = serde_json::from_str(&written)
        .map_err(|e| format!("own output does not decode ({e}): {written}"))?;
    if second != first {
        // Only floats may move (by an ULP, see `approx_eq`).
        let again = serde_json::to_value(&second).map_err(|e| e.to_string())?;
        if !approx_eq(&value, &again) {
            return Err(format!("round trip changed the value:\n{value}\n{again}"));
        }
    }
    let mut census = Census::new();
    first.count("", &mut census);
    Ok(Ok(Decoded {
        value,
        debug,
        census,
        variant: "",
    }))
}

/// Also runs the helpers the app calls on every decoded customer.
fn customer(body: &[u8]) -> Result<Result<Decoded, String>, String> {
    typed_with::<Customer>(body, |c| {
        let _ = (c.display_name(), c.status(), c.terms_pending());
        if let Some(Ok(info)) = c.additional_information_typed() {
            let _ = format!("{info:?}");
        }
        match (&c.verification, c.status_reason()) {
            (Some(v), Some(r)) if v.status_reason.as_ref().is_some_and(|n| n != r) => {
                Err("status_reason() must prefer verification.statusReason".into())
            }
            _ => Ok(()),
        }
    })
}

fn event_value(ev: &lumx::webhook::WebhookEvent) -> Result<Value, String> {
    let data = match &ev.data {
        EventData::Customer(d) => serde_json::to_value(d),
        EventData::Account(a) => serde_json::to_value(a),
        EventData::Other(v) => Ok(v.clone()),
    }
    .map_err(|e| e.to_string())?;
    Ok(
        serde_json::json!({"eventId": ev.event_id, "eventType": ev.event_type.as_str(), "data": data}),
    )
}

/// The payload `parse_event` reads, read the way it does (a derived struct over the
/// bytes: unknown keys are skipped, a list is read by position): `data` when the body
/// names a type or carries `data` (`null` reads as absent for both), else the body.
fn webhook_data(body: &[u8]) -> Result<Value, String> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Raw {
        #[serde(default)]
        event_id: Option<Value>,
        #[serde(default)]
        event_type: Option<Value>,
        #[serde(default)]
        data: Option<Value>,
    }
    let raw: Raw = decode(body)?;
    Ok(match (raw.event_type, raw.data) {
        (Some(_), d) => d.unwrap_or(Value::Null),
        (None, Some(d)) => d,
        (None, None) => decode(body)?,
    })
}

/// What an event whose type names no resource is typed as, by the payload's shape.
fn by_shape(data: &Value) -> &'static str {
    let has = |k: &str| data.get(k).is_some();
    if has("customerId") && !has("id") && classify(&CUSTOMER_EVENT, data) == V::Ok {
        "customer"
    } else if has("id") && has("customerId") && classify(&ACCOUNT, data) == V::Ok {
        "account"
    } else {
        "other"
    }
}

fn webhook(body: &[u8]) -> Result<Result<Decoded, String>, String> {
    let ev = match parse_event(body) {
        Ok(ev) => ev,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let value = event_value(&ev)?;
    let again = parse_event(value.to_string().as_bytes())
        .map_err(|e| format!("own re-encoding does not parse: {e}"))?;
    ensure_event_eq(&value, &event_value(&again)?)?;
    let mut census = Census::new();
    let variant = match &ev.data {
        EventData::Customer(d) => {
            d.count("data", &mut census);
            "customer"
        }
        EventData::Account(_) => "account",
        EventData::Other(_) => "other",
    };
    let (t, prefixed) = (
        &ev.event_type,
        ev.event_type.is_customer() || ev.event_type.is_account(),
    );
    let typed_ok = match variant {
        "customer" => t.is_customer() || !prefixed,
        "account" => t.is_account() || !prefixed,
        _ => t.is_unknown(),
    };
    if !typed_ok {
        return Err(format!("{:?} carried {:?}", ev.event_type, ev.data));
    }
    if !prefixed {
        // Untyped events are typed by the payload's shape, and only by it.
        let want = by_shape(&webhook_data(body)?);
        if want != variant {
            return Err(format!(
                "event {:?} typed as {variant}, its shape says {want}",
                ev.event_type
            ));
        }
    }
    Ok(Ok(Decoded {
        debug: format!("{ev:?}"),
        value,
        census,
        variant,
    }))
}

fn ensure_event_eq(a: &Value, b: &Value) -> Result<(), String> {
    if approx_eq(a, b) {
        Ok(())
    } else {
        Err(format!("webhook round trip changed:\n{a}\n{b}"))
    }
}

static TARGETS: &[Target] = &[
    Target {
        name: "Customer",
        kind: &CUSTOMER,
        decode: customer,
        weight: 6,
    },
    Target {
        name: "Page<Customer>",
        kind: &PAGE_CUSTOMERS,
        decode: typed::<Page<Customer>>,
        weight: 2,
    },
    Target {
        name: "AssociatedParty",
        kind: &PARTY,
        decode: typed::<AssociatedParty>,
        weight: 3,
    },
    Target {
        name: "Page<AssociatedParty>",
        kind: &PAGE_PARTIES,
        decode: typed::<Page<AssociatedParty>>,
        weight: 1,
    },
    Target {
        name: "Account",
        kind: &ACCOUNT,
        decode: typed::<Account>,
        weight: 1,
    },
    Target {
        name: "Page<Account>",
        kind: &PAGE_ACCOUNTS,
        decode: typed::<Page<Account>>,
        weight: 1,
    },
    Target {
        name: "LegacyVerification",
        kind: &LEGACY_VERIFICATION,
        decode: typed::<LegacyVerification>,
        weight: 1,
    },
    Target {
        name: "VerificationStarted",
        kind: &VERIFICATION_STARTED,
        decode: typed::<VerificationStarted>,
        weight: 1,
    },
    Target {
        name: "TosLink",
        kind: &TOS_LINK,
        decode: typed::<TosLink>,
        weight: 1,
    },
    Target {
        name: "StatusReason",
        kind: &STATUS_REASON,
        decode: typed::<StatusReason>,
        weight: 3,
    },
];
static WEBHOOK_CUSTOMER: Target = Target {
    name: "webhook customer.*",
    kind: &CUSTOMER_ENVELOPE,
    decode: webhook,
    weight: 0,
};
static WEBHOOK_ACCOUNT: Target = Target {
    name: "webhook account.*",
    kind: &ACCOUNT_ENVELOPE,
    decode: webhook,
    weight: 0,
};

// ------------------------------------------------------------------ schema-driven generation

/// What a generated body must do: `Ok` must decode, `Bad` (a shape error where nothing
/// tolerant absorbs it) and `Broken` (JSON-level breakage: lone surrogates, nesting
/// past serde_json's limit, numbers out of range, which no tolerance absorbs) must fail,
/// `Maybe` either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum V {
    Ok,
    Maybe,
    Bad,
    Broken,
}

impl V {
    fn and(self, other: V) -> V {
        match (self, other) {
            (V::Broken, _) | (_, V::Broken) => V::Broken,
            (V::Bad, _) | (_, V::Bad) => V::Bad,
            (V::Maybe, _) | (_, V::Maybe) => V::Maybe,
            _ => V::Ok,
        }
    }

    /// Through a tolerant position: a shape error costs the field or entry only.
    fn absorbed(self) -> V {
        if self == V::Broken {
            V::Broken
        } else {
            V::Ok
        }
    }
}

fn bad(r: &mut Rng, items: &[&str]) -> (J, V) {
    (str_j(r.pick::<&str>(items)), V::Bad)
}

fn uuid_text(r: &mut Rng) -> String {
    let u = uuid::Uuid::from_u64_pair(r.next(), r.next());
    match r.below(6) {
        0 => u.hyphenated().to_string().to_uppercase(),
        1 => u.simple().to_string(),
        2 => u.braced().to_string(),
        3 => u.urn().to_string(),
        _ => u.hyphenated().to_string(),
    }
}

fn datetime_text(r: &mut Rng) -> String {
    let date = format!(
        "{}-{:02}-{:02}",
        1970 + r.below(130),
        1 + r.below(12),
        1 + r.below(28)
    );
    let time = format!("{:02}:{:02}:{:02}", r.below(24), r.below(60), r.below(60));
    let frac = if r.one_in(2) {
        format!(".{:0w$}", r.below(1000), w = 3)
    } else {
        String::new()
    };
    let offset = if r.one_in(2) {
        "Z".to_owned()
    } else {
        let sign = if r.one_in(2) { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", r.below(14), r.pick(&[0, 30, 45]))
    };
    format!("{date}T{time}{frac}{offset}")
}

/// How to generate a body.
#[derive(Clone, Copy)]
struct Ctx {
    /// Nothing deliberately broken: no bad leaves, wrong types, bad nulls or
    /// duplicates (fields may still be absent, `null` where allowed, extra keys).
    clean: bool,
    /// A known key may appear twice in an object.
    dups: bool,
    /// Inside a value the models read as a `serde_json::Value` first (every `Entries`
    /// element, every tolerant field): there a duplicate key is harmless (last wins).
    in_value: bool,
}

impl Ctx {
    /// True when this draw should break something.
    fn breaks(self, r: &mut Rng, one_in: u64) -> bool {
        !self.clean && r.one_in(one_in)
    }
}

/// The JSON value a generated piece stands for (only for pieces that are valid JSON;
/// a duplicate key keeps the last value, as serde_json does).
fn jv(j: &J) -> Value {
    match j {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Str(s, _) => Value::String(s.clone()),
        J::Tag(_, inner) => jv(inner),
        J::Arr(items) => Value::Array(items.iter().map(jv).collect()),
        J::Obj(pairs) => Value::Object(pairs.iter().map(|(k, v)| (k.clone(), jv(v))).collect()),
        J::Num(_) | J::Raw(_) | J::Deep(..) => {
            serde_json::from_str(&j.text()).unwrap_or(Value::Null)
        }
    }
}

fn untag(j: &J) -> &J {
    match j {
        J::Tag(_, inner) => untag(inner),
        j => j,
    }
}

fn fit_of(j: &J) -> V {
    match j {
        J::Tag(v, _) => *v,
        _ => V::Ok,
    }
}

/// Any JSON at an `Entries` position may be a list after all: tags its entries with
/// whether they fit.
fn tag_entries(kind: &'static Kind, j: J) -> J {
    match (kind, j) {
        (Kind::Entries(item), J::Arr(items)) => J::Arr(
            items
                .into_iter()
                .map(|e| J::Tag(classify(item, &jv(&e)), Box::new(e)))
                .collect(),
        ),
        (_, j) => j,
    }
}

/// A value of `kind`, mostly well-formed, sometimes deliberately broken.
fn gen(r: &mut Rng, kind: &'static Kind, depth: u32, cx: Ctx) -> (J, V) {
    match kind {
        // Lone surrogates are no Rust string: serde_json must refuse them.
        Kind::Str | Kind::Text if cx.breaks(r, 13) => (
            J::Raw(r.pick(&["\"\\ud800\"", "\"x\\udfff\""]).to_string()),
            V::Broken,
        ),
        Kind::Text | Kind::Amount if r.one_in(5) => (J::Num(number(r)), V::Ok),
        Kind::Str | Kind::Text => (text_j(r), V::Ok),
        Kind::Amount => (
            str_j(&format!("{}.{:02}", r.below(100_000), r.below(100))),
            V::Ok,
        ),
        Kind::Uuid if cx.breaks(r, 9) => bad(
            r,
            &[
                "",
                "3c90c3cc",
                "not-a-uuid",
                "3c90c3cc-0d44-4b50-8888-8dd25736052",
            ],
        ),
        Kind::Uuid => (str_j(&uuid_text(r)), V::Ok),
        Kind::Date if cx.breaks(r, 9) => bad(
            r,
            &["2021-13-01", "2021-02-30", "", "yesterday", "2021-00-10"],
        ),
        Kind::Date => {
            let d = format!(
                "{:04}-{:02}-{:02}",
                1 + r.below(9999),
                1 + r.below(12),
                1 + r.below(28)
            );
            (str_j(&d), V::Ok)
        }
        Kind::DateTime if cx.breaks(r, 9) => bad(
            r,
            &[
                "2021-01-01",
                "2021-01-01T24:00:00Z",
                "now",
                "",
                "2021-01-01T00:00:00",
            ],
        ),
        Kind::DateTime => (str_j(&datetime_text(r)), V::Ok),
        Kind::Bool if cx.breaks(r, 5) => bad(r, &["true", "false", "1"]),
        Kind::Bool => (J::Bool(r.one_in(2)), V::Ok),
        Kind::U32 if cx.breaks(r, 5) => (
            J::Num(
                r.pick(&["-1", "4294967296", "1.5", "1e3", "-0"])
                    .to_string(),
            ),
            V::Bad,
        ),
        Kind::U32 => (J::Num((r.next() as u32).to_string()), V::Ok),
        Kind::U64 if cx.breaks(r, 5) => (
            J::Num(
                r.pick(&["-1", "18446744073709551616", "2.5", "-0"])
                    .to_string(),
            ),
            V::Bad,
        ),
        Kind::U64 => (J::Num(r.next().to_string()), V::Ok),
        // Out of f64's range: serde_json refuses the number itself.
        Kind::F64 if cx.breaks(r, 7) => {
            (J::Num(r.pick(&["1e400", "-1e999"]).to_string()), V::Broken)
        }
        Kind::F64 => (J::Num(number(r)), V::Ok),
        // Any string is fine for an open enum: known values in any case or padding,
        // aliases, unknown strings; numbers and flags are kept as unknown values.
        Kind::Enum(wires, _) => match r.weighted(&[6, 4, 1]) {
            0 => {
                let w = *r.pick(&wires());
                let w = if r.one_in(2) {
                    w.to_ascii_lowercase()
                } else {
                    w.to_owned()
                };
                (
                    str_j(&if r.one_in(2) { format!(" {w}\t") } else { w }),
                    V::Ok,
                )
            }
            1 => (text_j(r), V::Ok),
            _ if r.one_in(2) => (J::Bool(r.one_in(2)), V::Ok),
            _ => (J::Num(number(r)), V::Ok),
        },
        Kind::Map | Kind::Any => {
            let deep = |n: usize| J::Deep(n as u16, n % 2 == 0);
            let (j, v) = match r.weighted(&[6, 1, if cx.clean { 0 } else { 1 }]) {
                0 if matches!(kind, Kind::Map) => {
                    let n = r.below(4);
                    (
                        J::Obj((0..n).map(|_| (text(r), any_json(r, 2))).collect()),
                        V::Ok,
                    )
                }
                0 => (any_json(r, 3), V::Ok),
                // serde_json's nesting limit is 128: deep but legal, then too deep.
                1 => (deep(5 + r.below(35)), V::Ok),
                _ => (deep(140 + r.below(160)), V::Broken),
            };
            match (kind, j) {
                (Kind::Map, j @ J::Deep(..)) => (J::Obj(vec![("nested".into(), j)]), v),
                (_, j) => (j, v),
            }
        }
        Kind::Limit if r.weighted(&[2, 3]) == 0 => (gen(r, &AMOUNT, depth, cx).0, V::Ok),
        Kind::Limit => gen(r, &LIMIT_OBJECT, depth, cx),
        // Scalars are labels, anything else is dropped.
        Kind::Labels if r.one_in(6) => (text_j(r), V::Ok),
        Kind::Labels => {
            let n = r.below(4);
            let items = (0..n)
                .map(
                    |_| match r.weighted(&[6, 1, if cx.clean { 0 } else { 1 }]) {
                        0 => text_j(r),
                        1 => J::Num(number(r)),
                        _ => any_json(r, 1),
                    },
                )
                .collect();
            (J::Arr(items), V::Ok)
        }
        Kind::Arr(item) => {
            let n = if depth == 0 { 0 } else { r.below(3) };
            let mut v = V::Ok;
            let items = (0..n)
                .map(|_| {
                    let (j, jv) = gen(r, item, depth.saturating_sub(1), cx);
                    v = v.and(jv);
                    j
                })
                .collect();
            (J::Arr(items), v)
        }
        // A list that is not a list reads as empty.
        Kind::Entries(_) if cx.breaks(r, 12) => (tag_entries(kind, any_json(r, 1)), V::Ok),
        Kind::Entries(item) => {
            let n = if depth == 0 { 0 } else { r.below(3) };
            let cx = Ctx {
                in_value: true,
                ..cx
            };
            let mut v = V::Ok;
            let items = (0..n)
                .map(|_| {
                    let (j, jv) = if cx.breaks(r, 10) {
                        // An entry that is no object at all.
                        let j = any_json(r, 1);
                        let fit = classify(item, &jv(&j));
                        (j, fit)
                    } else {
                        gen(r, item, depth.saturating_sub(1), cx)
                    };
                    v = v.and(jv.absorbed());
                    J::Tag(jv, Box::new(j))
                })
                .collect();
            (J::Arr(items), v)
        }
        Kind::Obj(fields) => gen_object(r, fields, depth, cx),
    }
}

/// A field's value, or `None` for an absent key.
fn gen_field(r: &mut Rng, f: &'static Field, depth: u32, cx: Ctx) -> Option<(J, V)> {
    let null = (J::Null, classify_field(f, &Value::Null));
    // Recursion through statusReason → associatedParties stops at depth 0.
    if depth == 0 && matches!(f.kind, Kind::Obj(_)) {
        return f.required.then_some(null);
    }
    let (null_weight, wrong_weight) = match cx.clean {
        false => (1, 1),
        true => ((null.1 == V::Ok) as u32, 0),
    };
    let cx = Ctx {
        in_value: cx.in_value || f.tol,
        ..cx
    };
    let (j, fit) = match r.weighted(&[
        if f.required && cx.clean { 0 } else { 2 },
        14,
        null_weight,
        wrong_weight,
    ]) {
        0 => return None,
        1 => gen(r, f.kind, depth.saturating_sub(1), cx),
        2 => return Some(null),
        // A random value of any type: the schema says whether it fits.
        _ => {
            let j = tag_entries(f.kind, any_json(r, 2));
            let value = jv(&j);
            let fit = if f.tol && !value.is_null() {
                classify(f.kind, &value)
            } else {
                classify_field(f, &value)
            };
            (j, fit)
        }
    };
    let v = if f.tol { fit.absorbed() } else { fit };
    Some((J::Tag(fit, Box::new(j)), v))
}

fn gen_object(r: &mut Rng, fields: &'static [Field], depth: u32, cx: Ctx) -> (J, V) {
    let mut v = V::Ok;
    let mut out: Vec<(String, J)> = Vec::new();
    for f in fields {
        match gen_field(r, f, depth, cx) {
            None if f.required => v = v.and(V::Bad),
            None => {}
            Some((j, jv)) => {
                v = v.and(jv);
                out.push((f.name.to_owned(), j));
            }
        }
    }
    // Unknown keys are ignored; keep them from hitting a real field name.
    for _ in 0..r.below(3) {
        let mut k = text(r);
        if fields.iter().any(|f| f.name == k) {
            k.push('~');
        }
        out.push((k, any_json(r, 1)));
    }
    // A known key twice fails a struct read from the body's bytes; read from a
    // `Value` the last one wins (here both are the same).
    if cx.dups && cx.breaks(r, 16) && !out.is_empty() {
        let (k, j) = out[r.below(out.len())].clone();
        if !cx.in_value && fields.iter().any(|f| f.name == k) {
            v = v.and(V::Bad);
        }
        out.push((k, j));
    }
    if !out.is_empty() {
        let n = r.below(out.len());
        out.rotate_left(n);
    }
    (J::Obj(out), v)
}

// ------------------------------------------------------------------ structured bodies

/// A body for one of [`TARGETS`] (by weight) and what it must do.
fn structured(r: &mut Rng) -> (usize, J, V) {
    let weights: Vec<u32> = TARGETS.iter().map(|t| t.weight).collect();
    let i = r.weighted(&weights);
    let clean = r.one_in(2);
    let cx = Ctx {
        clean,
        dups: true,
        in_value: false,
    };
    // Pages hold whole resources: one level less keeps their size near a customer's
    // (nested lists are covered by the resources' own bodies).
    let depth = if TARGETS[i].name.starts_with("Page<") {
        3
    } else {
        4
    };
    let (j, v) = gen(r, TARGETS[i].kind, depth, cx);
    assert!(!clean || v == V::Ok, "a clean body is well-formed");
    (i, j, v)
}

#[test]
fn generated_bodies_decode_exactly_when_their_shape_says_so() {
    run(
        "generated_bodies_decode_exactly_when_their_shape_says_so",
        STRUCTURED_CASES,
        Direct(structured),
        |(i, j, expect), counts| {
            let target = &TARGETS[i];
            let body = j.text();
            let got = (target.decode)(body.as_bytes()).map_err(TestCaseError::fail)?;
            counts.decoded(got.is_ok());
            match (expect, &got) {
                (V::Ok, Err(e)) => fail!(
                    "{}: well-formed body did not decode ({e}): {body}",
                    target.name
                ),
                (V::Bad | V::Broken, Ok(_)) => {
                    fail!(
                        "{}: malformed body ({expect:?}) decoded: {body}",
                        target.name
                    )
                }
                _ => {}
            }
            if let Ok(d) = &got {
                let mut want = Census::new();
                check_open_enums(target.kind, &j, &d.value, "", &mut want)
                    .and_then(|()| check_census(&want, &d.census))
                    .map_err(|e| TestCaseError::fail(format!("{}: {e}: {body}", target.name)))?;
            }
            Ok(())
        },
    );
}

/// Every list the input held has as many readable entries as it had well-formed ones,
/// and the rest unreadable.
fn check_census(want: &Census, got: &Census) -> Result<(), String> {
    for (path, ok, bad) in want {
        match got.iter().find(|(p, ..)| p == path) {
            Some((_, r, u)) if (r, u) == (ok, bad) => {}
            other => {
                return Err(format!(
                    "{path}: {ok} well-formed and {bad} malformed entries read as {other:?}"
                ))
            }
        }
    }
    Ok(())
}

/// Checks a decoded body (re-serialised) against the input it came from:
/// * every open-enum value comes out as `parse(s)`: canonical when known, the exact
///   input otherwise (numbers and flags as their text, `null` as `""`);
/// * texts and labels are the input's scalars;
/// * an `Entries` list writes its readable entries (the well-formed ones, in order)
///   and then the malformed ones verbatim; their counts go to `want`;
/// * a tolerant field of the wrong shape reads as absent (or its default).
fn check_open_enums(
    kind: &'static Kind,
    input: &J,
    output: &Value,
    at: &str,
    want: &mut Census,
) -> Result<(), String> {
    let input = untag(input);
    match (kind, input) {
        (Kind::Enum(_, parse), j) => {
            if let Some(t) = enum_text(&jv(j)) {
                let w = parse(&t);
                if output.as_str() != Some(w.as_str()) {
                    return Err(format!("{at}: enum {t:?} decoded as {output}, want {w:?}"));
                }
            }
        }
        (Kind::Str | Kind::Text, j) => {
            if let Some(t) = scalar_text(&jv(j)) {
                if output.as_str() != Some(t.as_str()) {
                    return Err(format!("{at}: text {t:?} decoded as {output}"));
                }
            }
        }
        (Kind::Labels, j) => {
            let labels: Vec<Value> = match jv(j) {
                Value::Array(items) => items.iter().filter_map(scalar_text).collect::<Vec<_>>(),
                one => scalar_text(&one).into_iter().collect(),
            }
            .into_iter()
            .map(Value::String)
            .collect();
            if *output != Value::Array(labels.clone()) {
                return Err(format!("{at}: labels {labels:?} decoded as {output}"));
            }
        }
        (Kind::Arr(item), J::Arr(items)) => {
            if let Value::Array(outs) = output {
                if outs.len() != items.len() {
                    return Err(format!(
                        "{at}: array of {} came out as {output}",
                        items.len()
                    ));
                }
                for (n, (i, o)) in items.iter().zip(outs).enumerate() {
                    check_open_enums(item, i, o, &format!("{at}[{n}]"), want)?;
                }
            }
        }
        (Kind::Entries(item), j) => {
            let empty = Vec::new();
            let (ok, bad): (Vec<&J>, Vec<&J>) = match j {
                J::Arr(items) => items.iter().partition(|e| fit_of(e) == V::Ok),
                J::Null => (Vec::new(), Vec::new()),
                _ => {
                    // Not a list: empty, the value set aside (and not written back).
                    want.push((at.to_owned(), 0, 1));
                    if !matches!(output, Value::Array(a) if a.is_empty()) {
                        return Err(format!("{at}: a non-list read as {output}"));
                    }
                    return Ok(());
                }
            };
            if let Some(m) = ok.iter().chain(&bad).find(|e| fit_of(e) == V::Maybe) {
                return Err(format!("{at}: entry of unknown fit {}", m.text()));
            }
            want.push((at.to_owned(), ok.len(), bad.len()));
            let outs = output.as_array().unwrap_or(&empty);
            if outs.len() != ok.len() + bad.len() {
                return Err(format!(
                    "{at}: {} + {} entries came out as {output}",
                    ok.len(),
                    bad.len()
                ));
            }
            for (n, (e, o)) in ok.iter().zip(outs).enumerate() {
                check_open_enums(item, e, o, &format!("{at}[{n}]"), want)?;
            }
            for (e, o) in bad.iter().zip(&outs[ok.len()..]) {
                if !approx_eq(o, &jv(e)) {
                    return Err(format!(
                        "{at}: unreadable entry {} written back as {o}",
                        e.text()
                    ));
                }
            }
        }
        (Kind::Obj(fields), J::Obj(pairs)) => {
            for (k, i) in pairs {
                let Some(f) = fields.iter().find(|f| f.name == k) else {
                    continue;
                };
                let path = join(at, k);
                let o = output.get(k);
                let absent = o.is_none_or(Value::is_null);
                let lost = |what: &str| Err(format!("{path}: {what}, got {o:?}"));
                if let Kind::Entries(_) = f.kind {
                    // Written only when it has entries (or always, by field).
                    let none = Value::Array(Vec::new());
                    check_open_enums(f.kind, i, o.unwrap_or(&none), &path, want)?;
                    continue;
                }
                if matches!(untag(i), J::Null) {
                    match f.kind {
                        Kind::Enum(..) if !f.nullable && o.and_then(Value::as_str) != Some("") => {
                            return lost("null enum must read as \"\"")
                        }
                        Kind::Enum(..) | Kind::Uuid | Kind::Obj(_) | Kind::Text
                            if f.nullable && !absent =>
                        {
                            return lost("null must read as absent")
                        }
                        _ => {}
                    }
                    continue;
                }
                let shape_ok = fit_of(i) == V::Ok;
                let must_be_absent = matches!(
                    f.kind,
                    Kind::Enum(..)
                        | Kind::Obj(_)
                        | Kind::Uuid
                        | Kind::Text
                        | Kind::U32
                        | Kind::U64
                        | Kind::Arr(_)
                        | Kind::Limit
                );
                match (shape_ok, o) {
                    (true, Some(o)) => check_open_enums(f.kind, i, o, &path, want)?,
                    (true, None)
                        if matches!(f.kind, Kind::Enum(..) | Kind::Obj(_) | Kind::Labels) =>
                    {
                        return lost("a well-formed value was dropped")
                    }
                    (false, _) if f.tol && must_be_absent && !absent => {
                        return lost("a value of the wrong shape must read as absent")
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    Ok(())
}

// ------------------------------------------------------------------ webhooks

const CUSTOMER_EVENTS: &[&str] = &[
    "customer.created",
    "customer.under_verification",
    "customer.approved",
    "customer.rfi",
    "customer.final_rejection",
    "CUSTOMER.RFI",
    "customer.temporary_rejection",
];
const ACCOUNT_EVENTS: &[&str] = &[
    "account.provisioning",
    "account.rfi",
    "account.active",
    "Account.Closed",
];
const OTHER_EVENTS: &[&str] = &[
    "customer.updated",
    "account.frozen",
    "onramp.success",
    "",
    "customer.",
    "transfer.failed",
];

/// (event type the decoder sees, body, what it must do)
fn webhook_case(r: &mut Rng) -> (Option<String>, String, V) {
    // data generated from: 0 the customer-event schema, 1 the account schema, 2 anything
    let (event_type, mut data_kind) = match r.weighted(&[3, 2, 2]) {
        0 => (r.pick(CUSTOMER_EVENTS).to_string(), 0),
        1 => (r.pick(ACCOUNT_EVENTS).to_string(), 1),
        _ if r.one_in(2) => (r.pick(OTHER_EVENTS).to_string(), 2),
        _ => (text(r), 2),
    };
    if data_kind == 2 {
        data_kind = r.below(3);
    }
    // `data` reaches the typed decoder through a `serde_json::Value`, where duplicate
    // keys collapse (last wins): harmless, but generate none there.
    let cx = Ctx {
        clean: r.one_in(2),
        dups: false,
        in_value: true,
    };
    let (data, data_v) = match data_kind {
        0 => gen(r, &CUSTOMER_EVENT, 4, cx),
        1 => gen(r, &ACCOUNT, 4, cx),
        _ => (any_json(r, 3), V::Ok),
    };
    let (event_id, mut expect) = match r.weighted(&[3, 1, 1]) {
        0 => (str_j(&uuid_text(r)), V::Ok),
        1 => (str_j(r.pick::<&str>(&["", " ", "\t"])), V::Ok),
        _ => gen(r, &ANY, 2, cx),
    };
    let mut fields = vec![
        ("eventId".to_owned(), event_id),
        ("eventType".to_owned(), str_j(&event_type)),
        ("data".to_owned(), data),
    ];
    // The type the decoder will see.
    let mut seen = Some(event_type.clone());
    match r.below(12) {
        // No eventId: the body's hash stands in.
        0 => {
            fields.remove(0);
            expect = V::Ok;
        }
        // A number is kept as an unknown type, typed by shape.
        1 => {
            fields[1].1 = J::Num("7".into());
            seen = Some("7".into());
        }
        2 => fields.push((format!("{}~", text(r)), any_json(r, 2))),
        // No eventType: typed by shape.
        3 => {
            fields.remove(1);
            seen = None;
        }
        4 => {
            fields[1].1 = J::Null;
            seen = None;
        }
        // A list where the type's name belongs fails the envelope.
        5 => {
            fields[1].1 = J::Arr(vec![str_j(&event_type)]);
            expect = expect.and(V::Bad);
        }
        _ => {}
    }
    if data_v == V::Broken {
        expect = expect.and(V::Broken);
    }
    let parsed = WebhookEventType::parse(seen.as_deref().unwrap_or(""));
    // A known type's data must fit its schema; other types take any JSON.
    let data_value = jv(&fields.iter().find(|(k, _)| k == "data").unwrap().1);
    if !parsed.is_unknown() && data_v != V::Broken {
        let schema = if parsed.is_customer() {
            &CUSTOMER_EVENT
        } else {
            &ACCOUNT
        };
        expect = expect.and(classify(schema, &data_value));
    }
    (seen, J::Obj(fields).text(), expect)
}

#[test]
fn generated_webhooks_decode_by_their_event_type() {
    run(
        "generated_webhooks_decode_by_their_event_type",
        WEBHOOK_CASES,
        Direct(webhook_case),
        |(event_type, body, expect), counts| {
            let got = webhook(body.as_bytes()).map_err(TestCaseError::fail)?;
            counts.decoded(got.is_ok());
            match (expect, &got) {
                (V::Ok, Err(e)) => fail!("well-formed webhook did not parse ({e}): {body}"),
                (V::Bad | V::Broken, Ok(_)) => {
                    fail!("malformed webhook ({expect:?}) parsed: {body}")
                }
                _ => {}
            }
            if let Ok(d) = got {
                let input: Value =
                    serde_json::from_str(&body).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let want_id = match input.get("eventId") {
                    Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
                    Some(id) if !id.is_null() && !id.is_string() => id.to_string(),
                    _ => format!(
                        "sha256:{}",
                        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(body.as_bytes()))
                    ),
                };
                ensure!(
                    d.value["eventId"] == want_id.as_str(),
                    "eventId {:?} read as {}, want {want_id}",
                    input.get("eventId"),
                    d.value["eventId"]
                );
                let parsed = WebhookEventType::parse(event_type.as_deref().unwrap_or(""));
                ensure!(
                    d.value["eventType"] == parsed.as_str(),
                    "event type {event_type:?} not kept"
                );
                if d.variant == "other" {
                    ensure!(
                        approx_eq(
                            &d.value["data"],
                            &webhook_data(body.as_bytes()).map_err(TestCaseError::fail)?
                        ),
                        "untyped events keep data verbatim: {body}"
                    );
                }
            }
            Ok(())
        },
    );
}

// ------------------------------------------------------------------ mutations of real bodies

const API_KEY: &str = "sk_sandbox_properties";

/// Real bodies: served by a seeded `lumx-sandbox`, plus the older shapes the docs
/// show that the simulator does not emit. Each comes with the decoder it is for.
fn corpus() -> Vec<(&'static Target, Vec<u8>)> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut out: Vec<(&'static Target, Vec<u8>)> = Vec::new();
    let by_name = |n: &str| TARGETS.iter().find(|t| t.name == n).unwrap();
    rt.block_on(async {
        let sandbox = lumx_sandbox::start(lumx_sandbox::SandboxConfig {
            token: Some(API_KEY.into()),
            ..Default::default()
        })
        .await
        .expect("sandbox starts");
        sandbox.seed(24, 11);
        let base = sandbox.base_url();
        let http = reqwest::Client::new();
        let get = |path: String| {
            let req = http.get(format!("{base}{path}")).bearer_auth(API_KEY);
            async move {
                let resp = req.send().await.expect("sandbox answers");
                assert!(resp.status().is_success(), "{path}: {}", resp.status());
                resp.bytes().await.unwrap().to_vec()
            }
        };
        let post = |path: String| {
            let req = http
                .post(format!("{base}{path}"))
                .bearer_auth(API_KEY)
                .header("Idempotency-Key", uuid::Uuid::new_v4().to_string());
            async move {
                let resp = req.send().await.expect("sandbox answers");
                (resp.status().is_success(), resp.bytes().await.unwrap().to_vec())
            }
        };
        out.push((by_name("Page<Customer>"), get("/customers?size=3".into()).await));
        out.push((by_name("Page<Account>"), get("/accounts?size=3".into()).await));
        let all: Value = serde_json::from_slice(&get("/customers?size=100".into()).await).unwrap();
        for c in all["data"].as_array().unwrap() {
            let id = c["id"].as_str().unwrap();
            let body = get(format!("/customers/{id}?includeBalances=true&includeTransactionLimits=true")).await;
            let v: Value = serde_json::from_slice(&body).unwrap();
            out.push((by_name("Customer"), body));
            let status = v["verification"]["status"].as_str().unwrap_or("").to_ascii_lowercase();
            let reason = &v["verification"]["statusReason"];
            if reason.is_object() {
                out.push((by_name("StatusReason"), reason.to_string().into_bytes()));
            }
            let event = match status.as_str() {
                "not_started" => "customer.created".to_owned(),
                s => format!("customer.{s}"),
            };
            let mut data = serde_json::json!({"customerId": id, "status": v["verification"]["status"], "level": "STANDARD"});
            if reason.is_object() {
                data["statusReason"] = reason.clone();
            }
            let envelope = serde_json::json!({"eventId": uuid::Uuid::new_v4(), "eventType": event, "data": data});
            out.push((&WEBHOOK_CUSTOMER, envelope.to_string().into_bytes()));
            if v["type"] == "BUSINESS" {
                let page = get(format!("/customers/{id}/associated-parties")).await;
                let parties: Value = serde_json::from_slice(&page).unwrap();
                out.push((by_name("Page<AssociatedParty>"), page));
                for p in parties["data"].as_array().unwrap().iter().take(2) {
                    let pid = p["id"].as_str().unwrap();
                    out.push((by_name("AssociatedParty"), get(format!("/customers/{id}/associated-parties/{pid}")).await));
                }
            }
            let (tos_ok, tos) = post(format!("/customers/{id}/tos")).await;
            if tos_ok {
                out.push((by_name("TosLink"), tos));
            }
            if status == "not_started" {
                let (ok, body) = post(format!("/customers/{id}/verifications")).await;
                if ok && !body.is_empty() {
                    out.push((by_name("VerificationStarted"), body));
                }
            }
        }
        let accounts: Value = serde_json::from_slice(&get("/accounts?size=100".into()).await).unwrap();
        for a in accounts["data"].as_array().unwrap().iter().take(12) {
            out.push((by_name("Account"), a.to_string().into_bytes()));
            let event = format!("account.{}", a["status"].as_str().unwrap().to_ascii_lowercase());
            let envelope = serde_json::json!({"eventId": uuid::Uuid::new_v4(), "eventType": event, "data": a});
            out.push((&WEBHOOK_ACCOUNT, envelope.to_string().into_bytes()));
        }
        sandbox.shutdown().await;
    });
    for (name, body) in FIXTURES {
        let target = match *name {
            "webhook customer.*" => &WEBHOOK_CUSTOMER,
            "webhook account.*" => &WEBHOOK_ACCOUNT,
            n => by_name(n),
        };
        out.push((target, body.as_bytes().to_vec()));
    }
    out
}

/// Shapes from the API notes ([MID]/[OLD] spellings, flat limits, top-level
/// statusReason, `roles` arrays, legacy verification) that the simulator never sends.
const FIXTURES: &[(&str, &str)] = &[
    (
        "Customer",
        r#"{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","type":"BUSINESS","legalName":"Lumx S.A","taxId":"42.887.120/0001-00","incorporationDate":"2020-01-01","country":"BRA","email":"hello@lumx.io","verification":{"status":"NOT_STARTED","level":"STANDARD","link":"https://in.sumsub.com/websdk/p/sbx_aA00bB11cC33dD44"},"requirements":[{"name":"INCORPORATION_ARTICLES","status":"NOT_SENT"},{"name":"SOMETHING_NEW","status":"WAITING"}],"accounts":[{"id":"8412f484-32fe-418f-80d1-99eb1b3ba7f3","currency":"BRL"}],"metadata":{"externalId":"usr_123","n":1.25},"transactionLimits":{"single":{"max":"7500.00"},"daily":{"max":"15000.00","used":"2300.00","remaining":"12700.00"},"monthly":"15000.00"},"createdAt":"2021-01-01T00:00:00Z","updatedAt":"2026-05-13T20:49:13.236Z"}"#,
    ),
    (
        "Customer",
        r#"{"id":"c85cb5ef-0000-4000-8000-000000000000","type":"individual","name":"William Default","birthDate":"1990-01-01","verification":{"status":"temporary_rejection"},"statusReason":{"rejectLabels":["screenshot","unsatisfactory_photos"],"rejectSubLabels":["proofOfAddress_listOfDocs","badPhoto"],"documents":[{"type":"passport","status":"temporary_rejection","comment":"Screenshots aren't accepted."}]},"walletAddress":"0x0000000000000000000000000000000000000000","balances":[{"currency":"USDL","amount":"10.5"}],"additionalInformation":{"type":"INDIVIDUAL","firstName":"William","phone":"+5511999999999"},"wallets":[{"blockchain":"POLYGON","address":"0xabc","isDefault":true,"balances":[{"currency":"USDC","amount":"1.00","updatedAt":"2026-01-01T00:00:00Z"}]}]}"#,
    ),
    (
        "AssociatedParty",
        r#"{"id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","type":"BUSINESS","roles":["shareholder","DIRECTOR"],"legalName":"Holding Ltda","incorporationDate":"2010-03-04","ownershipPercentage":60.5,"parentId":"a1b2c3d4-e5f6-7890-abcd-ef1234567891","address":{"country":"BRA","line1":"Rua das Acácias, 456","line2":"ap 2","city":"Rio de Janeiro","state":"RJ","postalCode":"20000-000"},"verification":{"status":"RFI","statusReason":{"rejectLabels":["DOCUMENT_QUALITY"],"documents":[{"type":"ID_CARD","side":"BACK_SIDE","status":"declined","comment":"cut off"}]}}}"#,
    ),
    (
        "LegacyVerification",
        r#"{"customerId":"c85cb5ef-0000-4000-8000-000000000000","status":"TEMPORARY_REJECTION","level":"STANDARD","statusReason":{"rejectLabels":["screenshot"],"documents":[{"type":"PASSPORT","status":"TEMPORARY_REJECTION","comment":"no screenshots"}]},"beneficiaries":[]}"#,
    ),
    (
        "Page<Account>",
        r#"{"data":[{"id":"d06d342c-629a-4d99-a26f-34e8ea528403","customerId":"768d6aac-627e-44e8-aabd-d51d10f59c02","status":"ACTIVE","currency":"EUR","createdAt":"2026-05-13T20:49:13.236Z","updatedAt":"2026-05-14T13:55:15.418Z"}],"pagination":{"size":25,"total":1,"hasNextPage":false,"hasPreviousPage":false,"nextCursor":null,"previousCursor":null}}"#,
    ),
    (
        "StatusReason",
        r#"{"rejectLabels":["DOCUMENT_QUALITY"],"rejectSubLabels":["DOCUMENT_BLURRY"],"documents":[{"type":"PASSPORT","status":"DECLINED","comment":"Document is blurry and illegible","rejectLabels":["DOCUMENT_QUALITY"]}],"associatedParties":[{"id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","statusReason":{"rejectLabels":["X"]}}]}"#,
    ),
    (
        "webhook customer.*",
        r#"{"eventId":"e1","eventType":"customer.rfi","data":{"customerId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":"rfi","statusReason":{"rejectLabels":["DOCUMENT_QUALITY"],"rejectSubLabels":["DOCUMENT_BLURRY"],"documents":[{"type":"PASSPORT","status":"DECLINED","comment":"blurry","rejectLabels":["DOCUMENT_QUALITY"]}]}}}"#,
    ),
    (
        "webhook customer.*",
        r#"{"eventId":42,"eventType":"customer.temporary_rejection","data":{"customerId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":"UNDER_VERIFICATION","level":"STANDARD"}}"#,
    ),
    (
        "webhook account.*",
        r#"{"eventId":"e2","eventType":"account.rfi","data":{"id":"ce4c89f3-60f2-45a3-9de7-415a462dd95c","customerId":"96fec1e2-78d9-4978-813d-674bba64020d","status":"RFI","currency":"USD"}}"#,
    ),
];

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(&'static str),
    At(usize),
}

/// A schema position present in a sample.
struct Site {
    path: Vec<Seg>,
    field: Option<&'static Field>,
    kind: &'static Kind,
    /// An entry of an `Entries` list.
    entry: bool,
}

fn sites(kind: &'static Kind, v: &Value, path: &mut Vec<Seg>, out: &mut Vec<Site>) {
    match (kind, v) {
        (Kind::Obj(fields), Value::Object(map)) => {
            for f in fields.iter() {
                if let Some(child) = map.get(f.name) {
                    path.push(Seg::Key(f.name));
                    out.push(Site {
                        path: path.clone(),
                        field: Some(f),
                        kind: f.kind,
                        entry: false,
                    });
                    sites(f.kind, child, path, out);
                    path.pop();
                }
            }
        }
        (Kind::Arr(item) | Kind::Entries(item), Value::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Seg::At(i));
                out.push(Site {
                    path: path.clone(),
                    field: None,
                    kind: item,
                    entry: matches!(kind, Kind::Entries(_)),
                });
                sites(item, child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'v>(v: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get(*k),
        Seg::At(i) => v.get(*i),
    })
}

fn at_mut<'v>(v: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(*k),
        Seg::At(i) => v.get_mut(*i),
    })
}

/// The schema kind at `path`.
fn path_kind(kind: &'static Kind, path: &[Seg]) -> &'static Kind {
    path.iter().fold(kind, |k, seg| match (k, seg) {
        (Kind::Obj(fields), Seg::Key(name)) => fields
            .iter()
            .find(|f| f.name == *name)
            .map_or(&ANY, |f| f.kind),
        (Kind::Arr(item) | Kind::Entries(item), Seg::At(_)) => item,
        _ => &ANY,
    })
}

/// `a.b[0].c`, as in [`Census`].
fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => out = join(&out, k),
            Seg::At(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// True when `p` is `root` or below it.
fn under(p: &str, root: &str) -> bool {
    p.strip_prefix(root)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// Every leaf of a decoded value (empty objects and lists count as leaves).
fn leaves(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                leaves(x, join(&at, k), out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{at}[{i}]"), out);
            }
        }
        leaf => out.push((at, leaf.clone())),
    }
}

/// What a single-field mutation may cost, by the schema.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// The new value fits: only the field itself changes.
    Fits,
    /// A shape error absorbed at field level: the tolerant field at this path (the
    /// mutated one or the nearest tolerant one above it) reads as absent / default.
    Absorbed(Vec<Seg>),
    /// The enclosing entry of this `Entries` list (path, index) is set aside.
    Entry(Vec<Seg>, usize),
    /// Strict all the way up: the whole resource is refused.
    Whole,
}

/// Whether `new` (`None`: the key removed) fits at `path` read strictly, and if not,
/// where the failure stops: the nearest tolerant field, `Entries` entry, or the root.
fn predict(root: &'static Kind, path: &[Seg], new: Option<&Value>) -> Outcome {
    let container = path_kind(root, &path[..path.len() - 1]);
    let fit = match (container, path.last()) {
        (Kind::Obj(fields), Some(Seg::Key(k))) => {
            let f = fields
                .iter()
                .find(|f| f.name == *k)
                .expect("a schema field");
            match new {
                None => ok_if(!f.required),
                Some(Value::Null) => ok_if(f.nullable || matches!(f.kind, Kind::Enum(..))),
                Some(v) => classify(f.kind, v),
            }
        }
        (Kind::Arr(item) | Kind::Entries(item), _) => new.map_or(V::Ok, |v| classify(item, v)),
        _ => V::Maybe,
    };
    if fit == V::Ok {
        return Outcome::Fits;
    }
    let mut i = path.len();
    loop {
        if i == 0 {
            return Outcome::Whole;
        }
        match (path_kind(root, &path[..i - 1]), &path[i - 1]) {
            (Kind::Entries(_), Seg::At(j)) => return Outcome::Entry(path[..i - 1].to_vec(), *j),
            (Kind::Obj(fields), Seg::Key(k)) if fields.iter().any(|f| f.name == *k && f.tol) => {
                return Outcome::Absorbed(path[..i].to_vec())
            }
            _ => i -= 1,
        }
    }
}

fn ok_if(b: bool) -> V {
    if b {
        V::Ok
    } else {
        V::Bad
    }
}

/// Paths (in field names) where removing the key refuses the whole resource: required
/// fields reached through strict fields only.
fn required_to_root(kind: &'static Kind, at: &str, out: &mut Vec<String>) {
    if let Kind::Obj(fields) = kind {
        for f in fields.iter().filter(|f| !f.tol) {
            if f.required {
                out.push(join(at, f.name));
                required_to_root(f.kind, &join(at, f.name), out);
            }
        }
    }
}

/// The same for the entries of every `Entries` list (`list: fields`): what sets an
/// entry aside.
fn required_in_entries(kind: &'static Kind, seen: &mut std::collections::BTreeSet<String>) {
    let Kind::Obj(fields) = kind else {
        return;
    };
    for f in fields.iter() {
        match f.kind {
            Kind::Entries(item) => {
                let mut req = Vec::new();
                required_to_root(item, "", &mut req);
                if seen.insert(format!("{}: {}", f.name, req.join(","))) {
                    required_in_entries(item, seen);
                }
            }
            Kind::Obj(_) => required_in_entries(f.kind, seen),
            _ => {}
        }
    }
}

struct Sample {
    target: &'static Target,
    bytes: Vec<u8>,
    value: Value,
    decoded: Value,
    /// The leaves of `decoded`.
    leaves: Vec<(String, Value)>,
    census: Census,
    sites: Vec<Site>,
}

/// A check on what a mutated body decoded to.
type Check = Box<dyn Fn(&Decoded) -> Result<(), String>>;

/// One change to a sample; the `usize`s pick a site among those that fit.
#[derive(Clone, Debug)]
enum Mutation {
    /// Byte-level damage: (operation, position, operand).
    Bytes(Vec<(u8, usize, u8)>),
    Remove(usize),
    Null(usize),
    SetEnum(usize, String),
    SetStr(usize, String),
    AddUnknownKey(usize, String, J),
    Replace(usize, J),
    /// A value of another JSON type than the sample's (picked by the `u8`).
    WrongType(usize, u8),
    /// An `Entries` entry replaced by something that is no entry.
    BreakEntry(usize, J),
}

fn mutation(r: &mut Rng) -> (usize, Mutation) {
    let m = match r.weighted(&[4, 2, 2, 2, 2, 2, 2, 3, 2]) {
        0 => {
            let n = 1 + r.below(4);
            Mutation::Bytes(
                (0..n)
                    .map(|_| (r.next() as u8, r.next() as usize, r.next() as u8))
                    .collect(),
            )
        }
        1 => Mutation::Remove(r.next() as usize),
        2 => Mutation::Null(r.next() as usize),
        3 => Mutation::SetEnum(r.next() as usize, text(r)),
        4 => Mutation::SetStr(r.next() as usize, text(r)),
        5 => Mutation::AddUnknownKey(r.next() as usize, text(r), any_json(r, 2)),
        6 => Mutation::Replace(r.next() as usize, any_json(r, 2)),
        7 => Mutation::WrongType(r.next() as usize, r.next() as u8),
        _ => Mutation::BreakEntry(
            r.next() as usize,
            r.pick(&[
                J::Num("7".into()),
                str_j("x"),
                J::Arr(Vec::new()),
                J::Bool(true),
                J::Null,
                J::Obj(vec![("id".into(), J::Obj(Vec::new()))]),
            ])
            .clone(),
        ),
    };
    (r.next() as usize, m)
}

/// A value of another JSON type than `v`.
fn wrong_type(v: &Value, pick: u8) -> Value {
    let choices = [
        serde_json::json!(5),
        serde_json::json!(true),
        serde_json::json!("x"),
        serde_json::json!({"x": 1}),
        serde_json::json!([1]),
        serde_json::json!(1.5),
    ];
    let same = |c: &Value| std::mem::discriminant(c) == std::mem::discriminant(v);
    let others: Vec<&Value> = choices.iter().filter(|c| !same(c)).collect();
    others[pick as usize % others.len()].clone()
}

const TOKENS: &[&str] = &[
    "null",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\u0000",
    "\\ud800",
    "1e999",
    "-",
    "0.",
    "true",
    "\"type\":",
    "\"id\":",
    "\u{e9}",
    "\u{1F642}",
];

fn mutate_bytes(bytes: &[u8], ops: &[(u8, usize, u8)]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for &(op, pos, x) in ops {
        let i = pos % (b.len() + 1);
        match op % 6 {
            0 if i < b.len() => b[i] ^= 1 << (x % 8),
            1 => b.insert(i, x),
            2 => {
                let end = (i + 1 + x as usize % 16).min(b.len());
                b.drain(i.min(end)..end);
            }
            3 => b.truncate(i),
            4 => {
                let end = (i + x as usize % 32).min(b.len());
                let copy = b[i.min(end)..end].to_vec();
                b.splice(i..i, copy);
            }
            _ => {
                let t = TOKENS[x as usize % TOKENS.len()].as_bytes();
                b.splice(i..i, t.iter().copied());
            }
        }
    }
    b
}

/// What a mutated body must do.
enum Expect {
    /// Anything but a panic (byte-level damage).
    Anything,
    /// Decodes to exactly what the sample did (an unknown key).
    Same,
    /// A single-field change at `path`, with the schema's verdict.
    Field {
        path: Vec<Seg>,
        outcome: Outcome,
        /// The mutated body as a value (for the entry set aside).
        value: Value,
        /// Removal or `null`: may refuse the whole resource only at a required path.
        removal_or_null: bool,
    },
}

impl Sample {
    /// The `n`-th (modulo) site that `want` accepts.
    fn site(&self, n: usize, want: fn(&Site) -> bool) -> Option<&Site> {
        let count = self.sites.iter().filter(|s| want(s)).count();
        (count > 0).then(|| {
            self.sites
                .iter()
                .filter(|s| want(s))
                .nth(n % count)
                .unwrap()
        })
    }

    /// Sets the value at `site` (`None`: removes the key) and says what it must cost.
    fn set(&self, site: &Site, new: Option<Value>) -> (Vec<u8>, Expect) {
        let mut value = self.value.clone();
        match &new {
            Some(v) => *at_mut(&mut value, &site.path).unwrap() = v.clone(),
            None => {
                let (parent, last) = site.path.split_at(site.path.len() - 1);
                if let (Some(Value::Object(o)), [Seg::Key(k)]) = (at_mut(&mut value, parent), last)
                {
                    o.remove(*k);
                }
            }
        }
        let outcome = predict(self.target.kind, &site.path, new.as_ref());
        let removal_or_null = new.as_ref().is_none_or(Value::is_null);
        (
            value.to_string().into_bytes(),
            Expect::Field {
                path: site.path.clone(),
                outcome,
                value,
                removal_or_null,
            },
        )
    }

    /// The mutated body, what it must do, and a check on its decoded value.
    fn apply(&self, m: &Mutation) -> (Vec<u8>, Expect, Option<Check>) {
        let unchanged = (self.bytes.clone(), Expect::Same, None);
        let is_field = |s: &Site| s.field.is_some();
        match m {
            Mutation::Bytes(ops) => (mutate_bytes(&self.bytes, ops), Expect::Anything, None),
            Mutation::Remove(n) => match self.site(*n, is_field) {
                Some(site) => {
                    let (b, e) = self.set(site, None);
                    (b, e, None)
                }
                None => unchanged,
            },
            Mutation::Null(n) => match self.site(*n, is_field) {
                Some(site) => {
                    let (b, e) = self.set(site, Some(Value::Null));
                    (b, e, None)
                }
                None => unchanged,
            },
            Mutation::WrongType(n, pick) => match self.site(*n, |_| true) {
                Some(site) => {
                    let old = at(&self.value, &site.path).unwrap();
                    let (b, e) = self.set(site, Some(wrong_type(old, *pick)));
                    (b, e, None)
                }
                None => unchanged,
            },
            Mutation::BreakEntry(n, j) => match self.site(*n, |s| s.entry) {
                Some(site) => {
                    let (b, e) = self.set(site, Some(jv(j)));
                    (b, e, None)
                }
                None => unchanged,
            },
            Mutation::Replace(n, j) => match self.site(*n, |_| true) {
                Some(site) => {
                    let (b, e) = self.set(site, Some(jv(j)));
                    (b, e, None)
                }
                None => unchanged,
            },
            Mutation::SetEnum(n, new) => {
                let Some(site) = self.site(*n, |s| matches!(s.kind, Kind::Enum(..))) else {
                    return unchanged;
                };
                let Kind::Enum(_, parse) = site.kind else {
                    unreachable!()
                };
                let (b, e) = self.set(site, Some(Value::String(new.clone())));
                let (path, new, want) = (site.path.clone(), new.clone(), parse(new));
                let check: Check = Box::new(move |d| match at(&d.value, &path) {
                    Some(Value::String(got)) if *got == want => Ok(()),
                    other => Err(format!(
                        "enum set to {new:?} came out as {other:?}, want {want:?}"
                    )),
                });
                (b, e, Some(check))
            }
            Mutation::SetStr(n, new) => {
                let Some(site) = self.site(*n, |s| matches!(s.kind, Kind::Str | Kind::Text)) else {
                    return unchanged;
                };
                // A marker no other field holds, to look for in Debug output.
                let marker = format!("{new}\u{1}pii-marker");
                let (b, e) = self.set(site, Some(Value::String(marker.clone())));
                let path = site.path.clone();
                let secret = site.field.is_some_and(|f| f.pii);
                let check: Check = Box::new(move |d| {
                    if at(&d.value, &path).and_then(Value::as_str) != Some(marker.as_str()) {
                        return Err(format!("string not kept at {path:?}"));
                    }
                    if secret && d.debug.contains("pii-marker") {
                        return Err(format!(
                            "Debug leaks a redacted field at {path:?}: {}",
                            d.debug
                        ));
                    }
                    Ok(())
                });
                (b, e, Some(check))
            }
            Mutation::AddUnknownKey(n, key, extra) => {
                let mut value = self.value.clone();
                let objects: Vec<&[Seg]> = std::iter::once(&[][..])
                    .chain(
                        self.sites
                            .iter()
                            .filter(|s| matches!(s.kind, Kind::Obj(_)))
                            .map(|s| &s.path[..]),
                    )
                    .filter(|p| at(&value, p).is_some_and(Value::is_object))
                    .collect();
                let path = objects[n % objects.len()];
                let kind = path_kind(self.target.kind, path);
                let mut key = key.clone();
                while matches!(kind, Kind::Obj(fs) if fs.iter().any(|f| f.name == key))
                    || at(&value, path).and_then(|o| o.get(&key)).is_some()
                {
                    key.push('~');
                }
                let extra: Value = serde_json::from_str(&extra.text()).unwrap_or(Value::Null);
                at_mut(&mut value, path)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .insert(key, extra);
                (value.to_string().into_bytes(), Expect::Same, None)
            }
        }
    }

    /// The decode of a single-field mutation lost nothing outside what `outcome` allows.
    fn contained(
        &self,
        d: &Decoded,
        outcome: &Outcome,
        mutated: &Value,
        site: &[Seg],
    ) -> Result<(), String> {
        let radius = match outcome {
            Outcome::Fits => site.to_vec(),
            Outcome::Absorbed(p) | Outcome::Entry(p, _) => p.clone(),
            Outcome::Whole => return Err("decoded although the schema refuses it".into()),
        };
        let r = path_text(&radius);
        let before: Vec<&(String, Value)> =
            self.leaves.iter().filter(|(p, _)| !under(p, &r)).collect();
        let mut after = Vec::new();
        leaves(&d.value, String::new(), &mut after);
        after.retain(|(p, _)| !under(p, &r));
        let same = before.len() == after.len()
            && before
                .iter()
                .zip(&after)
                .all(|((p, a), (q, b))| p == q && approx_eq(a, b));
        if !same {
            let lost: Vec<_> = before.iter().filter(|l| !after.contains(l)).collect();
            let new: Vec<_> = after.iter().filter(|l| !before.contains(l)).collect();
            return Err(format!("changed outside {r:?}: lost {lost:?}, new {new:?}"));
        }
        let census_outside =
            |c: &Census| -> Census { c.iter().filter(|(p, ..)| !under(p, &r)).cloned().collect() };
        if census_outside(&self.census) != census_outside(&d.census) {
            return Err(format!(
                "entry counts changed outside {r:?}: {:?} vs {:?}",
                self.census, d.census
            ));
        }
        if let Outcome::Entry(list, i) = outcome {
            // One entry set aside: the others in order, then it, verbatim.
            let (Some(Value::Array(was)), Some(now)) =
                (at(&self.decoded, list), at(&d.value, list))
            else {
                return Err(format!("list {r:?} missing"));
            };
            let mut want = was.clone();
            want.remove(*i);
            let mut entry = list.clone();
            entry.push(Seg::At(*i));
            want.push(at(mutated, &entry).cloned().unwrap_or(Value::Null));
            if !approx_eq(now, &Value::Array(want.clone())) {
                return Err(format!("{r}: want {}, got {now}", Value::Array(want)));
            }
            let count = |c: &Census| c.iter().find(|(p, ..)| *p == r).map(|(_, a, b)| (*a, *b));
            let (Some((n, u)), got) = (count(&self.census), count(&d.census)) else {
                return Err(format!("{r} not counted"));
            };
            if got != Some((n - 1, u + 1)) {
                return Err(format!(
                    "{r}: {n}+{u} entries became {got:?}, want one set aside"
                ));
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct Outcomes {
    fits: AtomicU64,
    absorbed: AtomicU64,
    entry: AtomicU64,
    /// Refused whole: a required field removed, nulled or of the wrong type.
    whole: AtomicU64,
    /// Refused whole: a list or object where a strict field's open enum belongs.
    whole_enum: AtomicU64,
}

#[test]
fn mutated_real_bodies_never_panic_and_keep_their_promises() {
    // What may refuse a whole resource or set an entry aside, as the models say.
    let mut whole = Vec::new();
    for t in TARGETS.iter().chain([&WEBHOOK_CUSTOMER, &WEBHOOK_ACCOUNT]) {
        let mut req = Vec::new();
        required_to_root(t.kind, "", &mut req);
        whole.push(format!("{}: {}", t.name, req.join(",")));
    }
    assert_eq!(
        whole,
        [
            "Customer: id,type",
            "Page<Customer>: ",
            "AssociatedParty: id",
            "Page<AssociatedParty>: ",
            "Account: id,customerId",
            "Page<Account>: ",
            "LegacyVerification: ",
            "VerificationStarted: ",
            "TosLink: url,expiresAt",
            "StatusReason: ",
            "webhook customer.*: data,data.customerId",
            "webhook account.*: data,data.id,data.customerId",
        ]
    );
    let mut entries = std::collections::BTreeSet::new();
    for t in TARGETS.iter() {
        required_in_entries(t.kind, &mut entries);
    }
    assert_eq!(
        entries.into_iter().collect::<Vec<_>>(),
        [
            "accounts: id",
            "associatedParties: id",
            "balances: currency",
            "data: id",
            "data: id,customerId",
            "data: id,type",
            "documents: ",
            "requirements: name",
            "wallets: address",
        ]
    );
    let samples: Vec<Sample> = corpus()
        .into_iter()
        .map(|(target, bytes)| {
            let value: Value = serde_json::from_slice(&bytes).unwrap();
            let decoded = (target.decode)(&bytes)
                .unwrap_or_else(|e| panic!("{}: {e}", target.name))
                .unwrap_or_else(|e| {
                    panic!(
                        "{} sample does not decode ({e}): {}",
                        target.name,
                        String::from_utf8_lossy(&bytes)
                    )
                });
            assert!(
                decoded.census.iter().all(|(_, _, u)| *u == 0),
                "{} sample has unreadable entries: {:?}",
                target.name,
                decoded.census
            );
            let mut found = Vec::new();
            sites(target.kind, &value, &mut Vec::new(), &mut found);
            let mut all = Vec::new();
            leaves(&decoded.value, String::new(), &mut all);
            Sample {
                target,
                bytes,
                value,
                leaves: all,
                decoded: decoded.value,
                census: decoded.census,
                sites: found,
            }
        })
        .collect();
    assert!(
        samples.len() >= 40,
        "corpus has only {} bodies",
        samples.len()
    );
    for name in [
        "Customer",
        "Page<Customer>",
        "AssociatedParty",
        "Page<AssociatedParty>",
        "Account",
        "Page<Account>",
        "StatusReason",
        "TosLink",
        "LegacyVerification",
        "webhook customer.*",
        "webhook account.*",
    ] {
        assert!(
            samples.iter().any(|s| s.target.name == name),
            "no {name} sample"
        );
    }
    let tally = Outcomes::default();
    let required: Vec<String> = whole.clone();
    run_with_notes(
        "mutated_real_bodies_never_panic_and_keep_their_promises",
        MUTATION_CASES,
        Direct(mutation),
        |(pick, m), counts| {
            let s = &samples[pick % samples.len()];
            let (body, expect, check) = s.apply(&m);
            let got = (s.target.decode)(&body).map_err(TestCaseError::fail)?;
            counts.decoded(got.is_ok());
            let shown = String::from_utf8_lossy(&body);
            let name = s.target.name;
            match (&expect, &got) {
                (Expect::Anything, _) => {}
                (Expect::Same, Err(e)) => fail!("{name} after {m:?} must decode ({e}): {shown}"),
                (Expect::Same, Ok(d)) => ensure!(
                    approx_eq(&d.value, &s.decoded),
                    "{name} after {m:?}: an unknown key changed the result:\n{}\n{}",
                    s.decoded,
                    d.value
                ),
                (
                    Expect::Field {
                        outcome: Outcome::Whole,
                        path,
                        removal_or_null,
                        ..
                    },
                    Err(_),
                ) => {
                    let p = path_text(path);
                    let listed = required.iter().any(|l| {
                        l.strip_prefix(name)
                            .and_then(|l| l.strip_prefix(": "))
                            .is_some_and(|l| l.split(',').any(|r| r == p))
                    });
                    ensure!(
                        !*removal_or_null || listed,
                        "{name}: removing or nulling {p} refused the whole resource, but it is no required field"
                    );
                    let kind = path_kind(s.target.kind, path);
                    ensure!(
                        listed || matches!(kind, Kind::Enum(..)),
                        "{name}: {p} refused the whole resource, but it is neither required nor an open enum"
                    );
                    if listed {
                        &tally.whole
                    } else {
                        &tally.whole_enum
                    }
                    .fetch_add(1, Ordering::Relaxed);
                }
                (
                    Expect::Field {
                        outcome: Outcome::Whole,
                        path,
                        ..
                    },
                    Ok(d),
                ) => fail!(
                    "{name} after {m:?} at {} must not decode: {shown}\n{}",
                    path_text(path),
                    d.value
                ),
                (Expect::Field { outcome, path, .. }, Err(e)) => fail!(
                    "{name} after {m:?} at {} must decode ({outcome:?}) but: {e}: {shown}",
                    path_text(path)
                ),
                (
                    Expect::Field {
                        outcome,
                        path,
                        value,
                        ..
                    },
                    Ok(d),
                ) => {
                    s.contained(d, outcome, value, path).map_err(|e| {
                        TestCaseError::fail(format!(
                            "{name} after {m:?} at {} ({outcome:?}): {e}\n{shown}",
                            path_text(path)
                        ))
                    })?;
                    match outcome {
                        Outcome::Fits => &tally.fits,
                        Outcome::Absorbed(_) => &tally.absorbed,
                        _ => &tally.entry,
                    }
                    .fetch_add(1, Ordering::Relaxed);
                }
            }
            if let (Some(check), Ok(d)) = (check, &got) {
                check(d).map_err(|e| TestCaseError::fail(format!("{name} after {m:?}: {e}")))?;
            }
            Ok(())
        },
        || {
            let n = |a: &AtomicU64| a.load(Ordering::Relaxed);
            let (fits, absorbed, entry, whole, whole_enum) = (
                n(&tally.fits),
                n(&tally.absorbed),
                n(&tally.entry),
                n(&tally.whole),
                n(&tally.whole_enum),
            );
            let text = format!(
                "single-field mutations: {fits} fit, {absorbed} absorbed at field level, \
                 {entry} set aside as one unreadable entry, {whole} refused whole (required field), \
                 {whole_enum} refused whole (list/object for a strict open enum)"
            );
            assert!(
                absorbed > 0 && entry > 0 && whole > 0 && fits > 0,
                "every outcome must occur: {text}"
            );
            text
        },
    );
}

// ------------------------------------------------------------------ raw input

const SOUP: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e999",
    "1.5",
    "18446744073709551616",
    "\"\\ud800\"",
    "\"\\u00e9\"",
    " ",
    "\"id\"",
    "\"type\"",
    "\"data\"",
    "\"status\"",
    "\"verification\"",
    "\"statusReason\"",
    "\"documents\"",
    "\"associatedParties\"",
    "\"rejectLabels\"",
    "\"eventId\"",
    "\"eventType\"",
    "\"details\"",
    "\"message\"",
    "\"transactionLimits\"",
    "\"3c90c3cc-0d44-4b50-8888-8dd25736052a\"",
    "\"RFI\"",
    "\"customer.rfi\"",
    "\"2021-01-01\"",
];

/// Bytes that only sometimes look like JSON: tokens from the real field names and
/// values glued with punctuation, so decoders get past the first byte.
fn token_soup(r: &mut Rng) -> Vec<u8> {
    let mut out = String::new();
    for _ in 0..r.below(40) {
        if r.one_in(4) {
            out.push_str(&serde_json::to_string(&text(r)).unwrap());
        } else {
            out.push_str(r.pick::<&str>(SOUP));
        }
    }
    out.into_bytes()
}

#[test]
fn raw_bytes_and_token_soup_never_panic_any_decoder() {
    // Plain random bytes keep proptest's shrinking.
    let input =
        prop_oneof![2 => prop::collection::vec(any::<u8>(), 0..64), 3 => Direct(token_soup)];
    let secret = b"whsec_properties";
    run(
        "raw_bytes_and_token_soup_never_panic_any_decoder",
        RAW_CASES,
        (input, any::<u16>()),
        |(bytes, status), counts| {
            for t in TARGETS.iter().chain([&WEBHOOK_CUSTOMER]) {
                let got = (t.decode)(&bytes)
                    .map_err(|e| TestCaseError::fail(format!("{}: {e}", t.name)))?;
                counts.decoded(got.is_ok());
            }
            let e = Error::from_response(status, &bytes);
            let _ = (
                e.to_string(),
                format!("{e:?}"),
                e.existing_customer_id(),
                e.is_transient(),
            );
            // The same bytes as a signature header: never a panic, never accepted.
            let sig = String::from_utf8_lossy(&bytes);
            ensure!(
                verify_signature(secret, b"{}", &sig).is_err(),
                "accepted signature {sig:?}"
            );
            let good = sign(secret, &bytes);
            ensure!(
                verify_signature(secret, &bytes, &good).is_ok(),
                "own signature rejected"
            );
            ensure!(
                verify_signature(secret, &bytes, &format!("sha256={good}")).is_ok(),
                "prefixed signature rejected"
            );
            Ok(())
        },
    );
}

// ------------------------------------------------------------------ error bodies

const STATUSES: &[u16] = &[400, 401, 403, 404, 409, 415, 422, 429, 500, 502, 503];

/// An error body: the documented fields with values of any type, `details` items of
/// every shape, sometimes not JSON or not an object at all.
fn error_case(r: &mut Rng) -> (u16, String) {
    let status = if r.one_in(4) {
        r.next() as u16
    } else {
        *r.pick(STATUSES)
    };
    let string_or_any = |r: &mut Rng| {
        if r.one_in(4) {
            any_json(r, 2)
        } else {
            text_j(r)
        }
    };
    let body = match r.weighted(&[6, 1, 1]) {
        0 => {
            let details = if r.one_in(4) {
                any_json(r, 2)
            } else {
                let n = r.below(5);
                J::Arr(
                    (0..n)
                        .map(|_| {
                            if r.one_in(5) {
                                return any_json(r, 2);
                            }
                            let mut o = Vec::new();
                            for k in ["field", "message", "extra"] {
                                if r.one_in(3) {
                                    continue;
                                }
                                let v = if k == "extra" {
                                    any_json(r, 1)
                                } else {
                                    string_or_any(r)
                                };
                                o.push((k.to_owned(), v));
                            }
                            J::Obj(o)
                        })
                        .collect(),
                )
            };
            let mut o = vec![("details".to_owned(), details)];
            for k in ["error", "message", "logId", "customer"] {
                if r.one_in(3) {
                    continue;
                }
                let v = match k {
                    "customer" if r.one_in(2) => J::Obj(vec![("id".into(), str_j(&uuid_text(r)))]),
                    _ => string_or_any(r),
                };
                o.push((k.to_owned(), v));
            }
            let n = r.below(o.len());
            o.rotate_left(n);
            J::Obj(o).text()
        }
        1 => any_json(r, 3).text(),
        _ => format!("<html>{}</html>", text(r)),
    };
    (status, body)
}

/// Whether `FieldError` takes this `details` item: an object whose `field` and
/// `message` are strings or absent, or an array of at most two strings.
fn detail_is_kept(item: &Value) -> bool {
    let str_or_absent = |v: Option<&Value>| v.is_none_or(Value::is_string);
    match item {
        Value::Object(m) => str_or_absent(m.get("field")) && str_or_absent(m.get("message")),
        Value::Array(a) => a.len() <= 2 && a.iter().all(Value::is_string),
        _ => false,
    }
}

#[test]
fn error_bodies_keep_status_fields_and_details() {
    run(
        "error_bodies_keep_status_fields_and_details",
        ERROR_BODY_CASES,
        Direct(error_case),
        |(status, body), counts| {
            let e = Error::from_response(status, body.as_bytes());
            let (rendered, _) = (e.to_string(), format!("{e:?}"));
            ensure!(
                e.status() == Some(status),
                "status {status} became {:?}",
                e.status()
            );
            ensure!(
                e.is_transient() == (status == 429 || status >= 500),
                "transient for {status}"
            );
            ensure!(
                rendered.contains(&status.to_string()),
                "Display lacks the status: {rendered}"
            );
            let Error::Api {
                error,
                message,
                log_id,
                details,
                raw_body,
                ..
            } = &e
            else {
                return Err(TestCaseError::fail(format!("not an Api error: {e:?}")));
            };
            ensure!(*raw_body == body, "raw body not kept");
            let parsed = serde_json::from_str::<Value>(&body).ok();
            // "Ok" here: the body was a JSON object the fields could come from.
            counts.decoded(parsed.as_ref().is_some_and(Value::is_object));
            let map = parsed.as_ref().and_then(Value::as_object);
            let text = |k: &str| {
                map.and_then(|m| m.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            ensure!(*error == text("error"), "error: {error:?} from {body}");
            ensure!(
                *message == text("message"),
                "message: {message:?} from {body}"
            );
            ensure!(*log_id == text("logId"), "logId: {log_id:?} from {body}");
            let want: Vec<&Value> = match map.and_then(|m| m.get("details")) {
                Some(Value::Array(items)) => items.iter().filter(|i| detail_is_kept(i)).collect(),
                _ => Vec::new(),
            };
            ensure!(
                details.len() == want.len(),
                "{} details kept, want {} from {body}",
                details.len(),
                want.len()
            );
            for (d, w) in details.iter().zip(want) {
                let (f, m) = match w {
                    Value::Object(o) => (
                        o.get("field").and_then(Value::as_str),
                        o.get("message").and_then(Value::as_str),
                    ),
                    Value::Array(a) => (
                        a.first().and_then(Value::as_str),
                        a.get(1).and_then(Value::as_str),
                    ),
                    _ => (None, None),
                };
                ensure!(
                    d.field == f.unwrap_or("") && d.message == m.unwrap_or(""),
                    "detail {d:?} from {w}"
                );
            }
            let existing = map
                .and_then(|m| m.get("customer"))
                .and_then(|c| c.get("id"))
                .and_then(Value::as_str);
            ensure!(
                e.existing_customer_id().as_deref() == existing.filter(|_| status == 409),
                "existing customer id from {body}"
            );
            Ok(())
        },
    );
}
