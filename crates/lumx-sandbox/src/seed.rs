//! Realistic demo data: Brazilian-looking individuals and businesses with valid
//! CPF/CNPJ check digits, spread over every verification status. The taxId's last
//! digit is consistent with the status (RFI ends in 2, FINAL_REJECTION in 3, ...).
//! Objects are built directly (no per-object persistence), so 10,000 take well under
//! a second; the store is persisted once at the end.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::lifecycle::{self, verification_link, wallets_for};
use crate::models::{
    Account, AccountStatus, Customer, CustomerType, Document, Party, Timer, TimerAction,
    Verification, VerificationRecord, VerificationStatus,
};
use crate::state::{Effects, Shared, Store};
use crate::taxid::{cnpj_ending_in, cpf_ending_in};
use crate::validation::normalize_tax_id;

const FIRST: &[&str] = &[
    "Ana",
    "Beatriz",
    "Bruno",
    "Camila",
    "Carlos",
    "Daniela",
    "Eduardo",
    "Fernanda",
    "Gabriel",
    "Helena",
    "Igor",
    "Juliana",
    "João",
    "Larissa",
    "Lucas",
    "Mariana",
    "Mateus",
    "Natália",
    "Otávio",
    "Paula",
    "Rafael",
    "Renata",
    "Rodrigo",
    "Sofia",
    "Thiago",
    "Vanessa",
    "Vinícius",
    "Yasmin",
    "Luíza",
    "Pedro",
];
const LAST: &[&str] = &[
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Soares",
    "Fernandes",
    "Vieira",
    "Barbosa",
    "Rocha",
    "Dias",
    "Nascimento",
    "Andrade",
    "Moreira",
    "Nunes",
    "Marques",
    "Machado",
    "Mendes",
    "Freitas",
];
const BUSINESS_WORDS: &[&str] = &[
    "Aurora",
    "Horizonte",
    "Ipê",
    "Jacarandá",
    "Atlântica",
    "Cerrado",
    "Pampa",
    "Tupã",
    "Vale Verde",
    "Serra Azul",
    "Capivara",
    "Guaraná",
    "Litoral",
    "Paraná",
    "Amazônia",
    "Bandeirantes",
];
const BUSINESS_KINDS: &[&str] = &[
    "Tecnologia",
    "Pagamentos",
    "Comércio Exterior",
    "Logística",
    "Serviços Financeiros",
    "Agronegócio",
    "Importação",
    "Software",
];
const SUFFIXES: &[&str] = &["Ltda", "S.A.", "EIRELI", "Ltda ME"];
const CITIES: &[(&str, &str, &str)] = &[
    ("São Paulo", "SP", "01"),
    ("Rio de Janeiro", "RJ", "20"),
    ("Belo Horizonte", "MG", "30"),
    ("Curitiba", "PR", "80"),
    ("Porto Alegre", "RS", "90"),
    ("Recife", "PE", "50"),
    ("Salvador", "BA", "40"),
    ("Fortaleza", "CE", "60"),
    ("Florianópolis", "SC", "88"),
    ("Brasília", "DF", "70"),
];
const STREETS: &[&str] = &[
    "Rua das Acácias",
    "Avenida Paulista",
    "Rua Augusta",
    "Avenida Atlântica",
    "Rua XV de Novembro",
    "Rua da Consolação",
    "Avenida Brasil",
    "Rua dos Andradas",
    "Avenida Sete de Setembro",
    "Rua Oscar Freire",
];
const COMPANY_TYPES: &[&str] = &[
    "PAYMENT_GATEWAY",
    "BLOCKCHAIN_SOFTWARE_COMPANY",
    "FOREIGN_NON_CRYPTO_MSB",
    "INVESTMENT_ADVISOR_ASSET_MANAGER",
    "LOAN_OR_FINANCE_COMPANY",
    "THIRD_PARTY_PAYMENT_PROCESSOR",
];
const OCCUPATIONS: &[&str] = &[
    "Software Engineer",
    "Médica",
    "Advogado",
    "Designer",
    "Professora",
    "Contador",
    "Empresária",
    "Arquiteto",
];

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

fn slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'á' | 'â' | 'ã' | 'à' => Some('a'),
            'é' | 'ê' => Some('e'),
            'í' => Some('i'),
            'ó' | 'ô' | 'õ' => Some('o'),
            'ú' => Some('u'),
            'ç' => Some('c'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            ' ' => Some('.'),
            _ => None,
        })
        .collect()
}

fn date_between(rng: &mut StdRng, from_year: i32, to_year: i32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        rng.random_range(from_year..=to_year),
        rng.random_range(1..=12),
        rng.random_range(1..=28)
    )
}

fn address(rng: &mut StdRng) -> Value {
    let (city, state, prefix) = CITIES[rng.random_range(0..CITIES.len())];
    json!({
        "country": "BRA",
        "line1": format!("{}, {}", pick(rng, STREETS), rng.random_range(1..3000)),
        "city": city,
        "state": state,
        "postalCode": format!("{prefix}{:03}-{:03}", rng.random_range(0..1000), rng.random_range(0..1000)),
    })
}

/// Area codes (DDD) that exist, so seeded mobiles pass Lumx Desk's numbering-plan check.
const AREA_CODES: &[u32] = &[11, 21, 31, 41, 51, 81, 71, 85, 48, 61];

fn phone(rng: &mut StdRng) -> String {
    // Mapped from the same draw as before, so the rest of the seeded data stays the same.
    let area = AREA_CODES[(rng.random_range(11..99u32) as usize) % AREA_CODES.len()];
    format!("+55{area}9{:08}", rng.random_range(0..100_000_000u32))
}

fn additional_info(rng: &mut StdRng, kind: CustomerType, first: &str, last: &str) -> Value {
    let common = |rng: &mut StdRng| {
        json!({
            "phone": phone(rng),
            "address": address(rng),
            "jurisdictions": if rng.random_bool(0.5) { json!(["BRA", "USA"]) } else { json!(["BRA"]) },
            "involvedActivities": ["NONE"],
            "transactionCounterparties": if rng.random_bool(0.5) { json!(["SELF"]) } else { json!(["CUSTOMERS", "MERCHANTS_SUPPLIERS"]) },
        })
    };
    let mut v = common(rng);
    match kind {
        CustomerType::Individual => {
            v["type"] = json!("INDIVIDUAL");
            v["firstName"] = json!(first);
            v["middleName"] = json!("");
            v["lastName"] = json!(last);
            v["monthlyVolumeInUSD"] = json!(format!("{}", rng.random_range(1..50) * 500));
            v["transactionVolumeInUSD"] = json!(format!("{}", rng.random_range(1..20) * 100));
            v["professionalSituation"] =
                json!(pick(rng, &["EMPLOYEE", "SELF_EMPLOYED", "RETIRED"]));
            v["professionalOccupation"] = json!(pick(rng, OCCUPATIONS));
            v["sourceOfFunds"] = json!(pick(rng, &["EMPLOYMENT", "SAVINGS", "INVESTMENT"]));
        }
        CustomerType::Business => {
            v["type"] = json!("BUSINESS");
            v["monthlyVolumeInUSD"] = json!(format!("{}.00", rng.random_range(10..500) * 1000));
            v["transactionVolumeInUSD"] = json!(format!("{}.00", rng.random_range(1..50) * 1000));
            v["companyType"] = json!(pick(rng, COMPANY_TYPES));
            v["annualRevenue"] = json!(format!("{}.00", rng.random_range(1..100) * 100_000));
            v["monthlyTransactionVolume"] =
                json!(format!("{}.00", rng.random_range(10..500) * 1000));
            v["complianceAndAML"] =
                json!("KYC on every client, transaction monitoring and an appointed AML officer.");
            let regulated = rng.random_bool(0.3);
            v["isRegulatedActivity"] = json!(regulated);
            v["regulatedActivityDetails"] = json!(if regulated {
                "Instituição de pagamento autorizada pelo Banco Central"
            } else {
                ""
            });
            v["website"] = json!(format!("https://www.{}.com.br", slug(first)));
            v["sourceOfFunds"] = json!(pick(rng, &["COMPANY", "COMPANY_CAPITAL", "INVESTMENT"]));
            v["servicesProvided"] = json!("Cross-border payments for small merchants");
        }
    }
    v
}

struct Seeder<'a> {
    store: &'a mut Store,
    rng: StdRng,
    now: OffsetDateTime,
}

impl Seeder<'_> {
    fn doc(
        &mut self,
        party: Option<Uuid>,
        doc_type: &str,
        side: Option<&str>,
        at: OffsetDateTime,
    ) -> Document {
        let media = pick(
            &mut self.rng,
            &["application/pdf", "image/jpeg", "image/png"],
        );
        Document {
            id: Uuid::new_v4(),
            seq: self.store.next_seq(),
            party_id: party,
            doc_type: doc_type.into(),
            side: side.map(str::to_string),
            country: "BRA".into(),
            file_name: Some(format!(
                "{}.{}",
                doc_type.to_lowercase(),
                media.rsplit('/').next().unwrap_or("pdf")
            )),
            media_type: media.into(),
            size: self.rng.random_range(40_000..4_000_000),
            sha256: hex::encode(Uuid::new_v4().as_bytes()).repeat(2),
            status: "SENT".into(),
            uploaded_at: at,
        }
    }

    fn person_party(
        &mut self,
        role: &str,
        pct: Option<f64>,
        parent: Option<Uuid>,
        at: OffsetDateTime,
    ) -> Party {
        let first = pick(&mut self.rng, FIRST);
        let last = pick(&mut self.rng, LAST);
        let digit = self.rng.random_range(0..10);
        Party {
            id: Uuid::new_v4(),
            seq: self.store.next_seq(),
            kind: CustomerType::Individual,
            roles: vec![role.into()],
            name: format!("{first} {last}"),
            tax_id: Some(cpf_ending_in(&mut self.rng, digit)),
            date: Some(date_between(&mut self.rng, 1955, 2000)),
            email: Some(format!("{}.{}@example.com.br", slug(first), slug(last))),
            address: Some(address(&mut self.rng)),
            ownership_percentage: pct,
            parent_id: parent,
            verification: Verification::new(verification_link()),
            created_at: at,
            updated_at: at,
        }
    }

    fn one(&mut self, i: usize, count: usize) -> Uuid {
        let rng = &mut self.rng;
        let status = if i < 10 {
            VerificationStatus::ALL[i % 5]
        } else {
            match rng.random_range(0..100) {
                0..20 => VerificationStatus::NotStarted,
                20..30 => VerificationStatus::UnderVerification,
                30..75 => VerificationStatus::Approved,
                75..90 => VerificationStatus::Rfi,
                _ => VerificationStatus::FinalRejection,
            }
        };
        let individual = if i < 10 { i < 5 } else { rng.random_bool(0.65) };
        let kind = if individual {
            CustomerType::Individual
        } else {
            CustomerType::Business
        };
        let approved_after_rfi = status == VerificationStatus::Approved && rng.random_bool(0.1);
        let digit: u8 = match status {
            VerificationStatus::Rfi => 2,
            VerificationStatus::FinalRejection => 3,
            VerificationStatus::Approved if approved_after_rfi => 2,
            VerificationStatus::NotStarted if rng.random_bool(0.3) => 1,
            VerificationStatus::UnderVerification => *[0u8, 2, 3, 4, 5, 6, 7, 8, 9]
                .get(rng.random_range(0..9))
                .unwrap_or(&0),
            _ => *[0u8, 4, 5, 6, 7, 8, 9]
                .get(rng.random_range(0..7))
                .unwrap_or(&0),
        };
        let tax_id = loop {
            let t = match kind {
                CustomerType::Individual => cpf_ending_in(rng, digit),
                CustomerType::Business => cnpj_ending_in(rng, digit),
            };
            if !self.store.tax_index.contains_key(&normalize_tax_id(&t)) {
                break t;
            }
        };
        let rng = &mut self.rng;
        let span = 180 * 24 * 3600i64;
        let step = (span / count.max(1) as i64).max(1);
        let created = self.now - Duration::seconds(span - step * i as i64)
            + Duration::milliseconds(rng.random_range(0..1000));
        let updated = created + Duration::minutes(rng.random_range(5..600));
        let first = pick(rng, FIRST);
        let last = pick(rng, LAST);
        let (name, date, email) = match kind {
            CustomerType::Individual => (
                format!("{first} {} {last}", pick(rng, LAST)),
                date_between(rng, 1950, 2004),
                format!(
                    "{}.{}{}@{}",
                    slug(first),
                    slug(last),
                    i,
                    pick(
                        rng,
                        &["gmail.com", "outlook.com", "uol.com.br", "yahoo.com.br"]
                    )
                ),
            ),
            CustomerType::Business => {
                let word = pick(rng, BUSINESS_WORDS);
                (
                    format!(
                        "{word} {} {}",
                        pick(rng, BUSINESS_KINDS),
                        pick(rng, SUFFIXES)
                    ),
                    date_between(rng, 1990, 2023),
                    format!("financeiro{i}@{}.com.br", slug(word)),
                )
            }
        };
        let mut currencies = vec!["BRL"];
        for c in ["USD", "EUR", "MXN"] {
            if rng.random_bool(0.3) {
                currencies.push(c);
            }
        }
        let id = Uuid::new_v4();
        let seq = self.store.next_seq();
        let mut c = Customer {
            id,
            seq,
            kind,
            name,
            tax_id,
            date,
            country: "BRA".into(),
            email,
            metadata: json!({ "externalId": format!("usr_{:06}", i), "source": "sandbox-seed" }),
            verification: Verification::new(verification_link()),
            requirements: lifecycle::requirements(kind),
            additional_information: None,
            account_ids: Vec::new(),
            wallets: Vec::new(),
            tos_accepted_at: None,
            parties: Vec::new(),
            documents: Vec::new(),
            rfi: None,
            created_at: created,
            updated_at: updated,
        };

        // How far onboarding got: everything, unless the customer has not started.
        let complete = status != VerificationStatus::NotStarted || rng.random_bool(0.4);
        let rng = &mut self.rng;
        if complete || rng.random_bool(0.5) {
            c.additional_information = Some(additional_info(rng, kind, first, last));
            c.set_requirement("ADDITIONAL_INFORMATION", "SENT");
        }
        if complete {
            c.tos_accepted_at = Some(created + Duration::minutes(3));
            c.requirements.retain(|r| r.name != "TERMS_OF_SERVICE");
            let own: Vec<(&str, Option<&str>)> = match kind {
                CustomerType::Individual => vec![
                    ("ID_CARD", Some("FRONT_SIDE")),
                    ("ID_CARD", Some("BACK_SIDE")),
                    ("SELFIE", None),
                    ("PROOF_OF_ADDRESS", None),
                ],
                CustomerType::Business => vec![
                    ("INCORPORATION_ARTICLES", None),
                    ("SHAREHOLDER_REGISTRY", None),
                    ("DIRECTORS_REGISTRY", None),
                    ("PROOF_OF_ADDRESS", None),
                ],
            };
            for (t, side) in own {
                let d = self.doc(None, t, side, updated);
                c.set_requirement(t, "SENT");
                c.documents.push(d);
            }
            if kind == CustomerType::Business {
                let rep = self.person_party("REPRESENTATIVE", None, None, updated);
                let mut parties = vec![rep];
                if self.rng.random_bool(0.4) {
                    // Two-level structure: a holding owns shares; a person owns the holding.
                    let holding = Party {
                        id: Uuid::new_v4(),
                        seq: self.store.next_seq(),
                        kind: CustomerType::Business,
                        roles: vec!["SHAREHOLDER".into()],
                        name: format!("{} Participações Ltda", pick(&mut self.rng, BUSINESS_WORDS)),
                        tax_id: Some(cnpj_ending_in(&mut self.rng, 5)),
                        date: Some(date_between(&mut self.rng, 1995, 2020)),
                        email: Some("holding@example.com.br".into()),
                        address: Some(address(&mut self.rng)),
                        ownership_percentage: Some(60.0),
                        parent_id: None,
                        verification: Verification::new(verification_link()),
                        created_at: updated,
                        updated_at: updated,
                    };
                    let owner = self.person_party("UBO", Some(100.0), Some(holding.id), updated);
                    let partner = self.person_party("SHAREHOLDER", Some(40.0), None, updated);
                    parties.extend([holding, owner, partner]);
                } else {
                    let pct = self.rng.random_range(26..=100) as f64;
                    parties.push(self.person_party("UBO", Some(pct), None, updated));
                }
                for p in &parties {
                    if p.kind == CustomerType::Individual {
                        let front = self.doc(Some(p.id), "ID_CARD", Some("FRONT_SIDE"), updated);
                        let poa = self.doc(Some(p.id), "PROOF_OF_ADDRESS", None, updated);
                        c.documents.extend([front, poa]);
                    }
                }
                c.parties = parties;
            }
        }

        for cur in &currencies {
            let acc = Account {
                id: Uuid::new_v4(),
                seq: self.store.next_seq(),
                customer_id: id,
                currency: cur.to_string(),
                status: AccountStatus::Provisioning,
                created_at: created,
                updated_at: created,
            };
            c.account_ids.push(acc.id);
            self.store.accounts.insert(acc.id, acc);
        }
        id_with_status(self, c, status, approved_after_rfi, digit, complete)
    }
}

/// Puts the customer into `status` and stores it.
fn id_with_status(
    s: &mut Seeder<'_>,
    mut c: Customer,
    status: VerificationStatus,
    account_rfi: bool,
    digit: u8,
    complete: bool,
) -> Uuid {
    let at = c.updated_at;
    let mut quiet = Effects::default();
    if status != VerificationStatus::NotStarted || (digit == 1 && complete) {
        s.store.verifications.push(VerificationRecord {
            id: Uuid::new_v4(),
            customer_id: c.id,
            party_ids: Vec::new(),
            started_at: at,
        });
    }
    match status {
        VerificationStatus::NotStarted => {}
        VerificationStatus::UnderVerification => {
            c.verification.status = VerificationStatus::UnderVerification;
            for p in &mut c.parties {
                p.verification.status = VerificationStatus::UnderVerification;
            }
            // A manual review: resolves hours from now (per the taxId digit).
            let due = s.now + Duration::minutes(s.rng.random_range(10..48 * 60));
            s.store.timers.push(Timer {
                due,
                action: TimerAction::CustomerOutcome { customer_id: c.id },
            });
        }
        VerificationStatus::Approved => {
            c.verification.status = VerificationStatus::Approved;
            for r in c.requirements.iter_mut().filter(|r| r.status == "SENT") {
                r.status = "APPROVED".into();
            }
            for d in &mut c.documents {
                d.status = "APPROVED".into();
            }
            for p in &mut c.parties {
                p.verification.status = VerificationStatus::Approved;
            }
            c.wallets = wallets_for(c.id, at);
            for w in &mut c.wallets {
                for b in &mut w.balances {
                    if s.rng.random_bool(0.4) {
                        b.amount = format!(
                            "{}.{:02}",
                            s.rng.random_range(0..250_000),
                            s.rng.random_range(0..100)
                        );
                    }
                }
            }
            for (n, id) in c.account_ids.iter().enumerate() {
                if let Some(a) = s.store.accounts.get_mut(id) {
                    a.status = if account_rfi && n == 0 {
                        AccountStatus::Rfi
                    } else {
                        AccountStatus::Active
                    };
                    a.updated_at = at;
                }
            }
        }
        VerificationStatus::Rfi => {
            let items = lifecycle::first_rfi_items(&c);
            let issued = s.store.next_seq();
            lifecycle::issue_rfi(&mut c, items, issued, at, &mut quiet);
        }
        VerificationStatus::FinalRejection => {
            lifecycle::reject(&mut c, &mut s.store.accounts, at, &mut quiet);
        }
    }
    c.updated_at = at;
    let id = c.id;
    s.store.tax_index.insert(normalize_tax_id(&c.tax_id), id);
    s.store.customers.insert(id, c);
    id
}

/// Adds `count` customers generated from `seed`; returns how many were added.
pub fn seed_store(
    store: &mut Store,
    count: usize,
    seed: u64,
    now: OffsetDateTime,
    fx: &mut Effects,
) -> usize {
    let timers_before = store.timers.len();
    let mut s = Seeder {
        store,
        rng: StdRng::seed_from_u64(seed),
        now,
    };
    for i in 0..count {
        s.one(i, count);
    }
    fx.wakeups
        .extend(store.timers[timers_before..].iter().map(|t| t.due));
    count
}

/// Seeds a running sandbox and persists once.
pub fn seed_shared(s: &Shared, count: usize, seed: u64) -> usize {
    s.write(|store, now, fx| Ok(seed_store(store, count, seed, now, fx)))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxid::{is_valid_cnpj, is_valid_cpf, sentinel, Sentinel};
    use time::macros::datetime;

    fn seeded(n: usize, seed: u64) -> Store {
        let mut store = Store::default();
        seed_store(
            &mut store,
            n,
            seed,
            datetime!(2026-03-01 12:00 UTC),
            &mut Effects::default(),
        );
        store
    }

    #[test]
    fn every_status_and_both_types_with_valid_documents() {
        let store = seeded(60, 1);
        assert_eq!(store.customers.len(), 60);
        for status in VerificationStatus::ALL {
            for kind in [CustomerType::Individual, CustomerType::Business] {
                assert!(
                    store
                        .customers
                        .values()
                        .any(|c| c.verification.status == status && c.kind == kind),
                    "no {kind:?} in {status:?}"
                );
            }
        }
        for c in store.customers.values() {
            match c.kind {
                CustomerType::Individual => assert!(is_valid_cpf(&c.tax_id), "{}", c.tax_id),
                CustomerType::Business => assert!(is_valid_cnpj(&c.tax_id), "{}", c.tax_id),
            }
            match c.verification.status {
                VerificationStatus::Rfi => {
                    assert_eq!(sentinel(&c.tax_id), Sentinel::Rfi);
                    let r = c
                        .verification
                        .status_reason
                        .as_ref()
                        .expect("RFI has a statusReason");
                    assert!(!r.reject_labels.is_empty());
                    if c.kind == CustomerType::Business {
                        assert_eq!(r.associated_parties.len(), 1);
                    }
                }
                VerificationStatus::FinalRejection => {
                    assert_eq!(sentinel(&c.tax_id), Sentinel::FinalRejection)
                }
                VerificationStatus::Approved => {
                    assert_eq!(c.wallets.len(), 4);
                    assert!(c
                        .account_ids
                        .iter()
                        .all(|a| store.accounts[a].status != AccountStatus::Provisioning));
                }
                _ => {}
            }
        }
    }

    #[test]
    fn same_seed_same_people_and_ten_thousand_is_fast() {
        let names = |s: &Store| {
            let mut v: Vec<String> = s.customers.values().map(|c| c.tax_id.clone()).collect();
            v.sort();
            v
        };
        assert_eq!(names(&seeded(20, 9)), names(&seeded(20, 9)));
        let started = std::time::Instant::now();
        let big = seeded(10_000, 3);
        assert_eq!(big.customers.len(), 10_000);
        assert_eq!(big.tax_index.len(), 10_000, "taxIds are unique");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }
}
