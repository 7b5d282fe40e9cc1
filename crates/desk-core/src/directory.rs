//! The customer directory: every customer of the current environment held in Rust, and
//! queried by the UI a window of rows at a time. Filtering 10,000 customers takes
//! milliseconds here and only the visible rows cross IPC, so typing never waits on it.

use std::cmp::Reverse;
use std::collections::HashMap;

use lumx::models::customer::Customer;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::text::{digits, fold, mask_tax_id};

/// One line of the directory. The tax id is masked: the full number stays in Rust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRow {
    pub id: String,
    /// `INDIVIDUAL`, `BUSINESS` or whatever new type the API sends.
    pub customer_type: String,
    pub display_name: String,
    pub masked_tax_id: String,
    pub email: String,
    pub country: String,
    /// Wire value (`NOT_STARTED`, `RFI`, …); unknown values pass through.
    pub status: String,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum SortKey {
    #[default]
    CreatedDesc,
    CreatedAsc,
    UpdatedDesc,
    UpdatedAsc,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryQuery {
    /// Free text: name, legal name, tax id (with or without punctuation), email or id.
    pub text: String,
    /// `INDIVIDUAL` / `BUSINESS`; none = all.
    pub customer_type: Option<String>,
    /// Wire statuses; empty = all.
    pub statuses: Vec<String>,
    pub sort: SortKey,
    pub offset: u32,
    pub limit: u32,
    /// Also return the records that could not be read (the "details" view).
    #[serde(default)]
    pub include_unreadable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryPage {
    /// How many customers match the query (the virtual list's height).
    pub total_matching: u32,
    /// How many customers are loaded so far.
    pub total_loaded: u32,
    pub offset: u32,
    pub rows: Vec<CustomerRow>,
    /// How many records of the listing could not be read (everything else loaded).
    pub unreadable_count: u32,
    /// Those records, when the query asked for them (`include_unreadable`).
    pub unreadable: Vec<UnreadableRecord>,
}

/// A customer record the API sent that could not be read: listed with what identifies it
/// and why, so the analyst can report it instead of losing the whole directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UnreadableRecord {
    /// The record's `id`, when it had a readable one.
    pub id: Option<String>,
    /// Where it was: 1-based page and entry.
    pub page: u32,
    pub entry: u32,
    /// The field that failed and what the decoder said (technical, for a support ticket).
    pub reason: String,
}

struct Entry {
    row: CustomerRow,
    /// Folded name, legal name, email, id and raw tax id, space separated.
    haystack: String,
    tax_digits: String,
    created: i64,
    updated: i64,
}

#[derive(Default)]
pub struct Directory {
    entries: Vec<Entry>,
    index_by_id: HashMap<String, usize>,
    unreadable: Vec<UnreadableRecord>,
}

/// The most rows one query returns: a screenful or two of a virtual list.
pub const MAX_PAGE: u32 = 500;

impl Directory {
    pub fn clear(&mut self) {
        self.entries.clear();
        self.index_by_id.clear();
        self.unreadable.clear();
    }

    /// Keeps the records of listing page `page` (1-based) that could not be read.
    pub fn record_unreadable(&mut self, page: u32, bad: &[lumx::models::Unreadable]) {
        for u in bad {
            let id = u.raw.get("id").and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            self.unreadable.push(UnreadableRecord {
                id,
                page,
                entry: u.index.map_or(0, |i| i as u32 + 1),
                reason: format!("{}: {}", u.path("data"), u.reason),
            });
        }
    }

    pub fn unreadable_count(&self) -> u32 {
        self.unreadable.len() as u32
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a page of customers, replacing any already present with the same id (pages
    /// can overlap when customers are created while the directory loads).
    pub fn extend<'a>(&mut self, customers: impl IntoIterator<Item = &'a Customer>) {
        for customer in customers {
            let entry = entry_for(customer);
            match self.index_by_id.get(&entry.row.id) {
                Some(&i) => self.entries[i] = entry,
                None => {
                    self.index_by_id
                        .insert(entry.row.id.clone(), self.entries.len());
                    self.entries.push(entry);
                }
            }
        }
    }

    pub fn query(&self, q: &DirectoryQuery) -> DirectoryPage {
        let tokens: Vec<String> = fold(&q.text)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let mut matching: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| {
                q.customer_type
                    .as_ref()
                    .is_none_or(|t| e.row.customer_type.eq_ignore_ascii_case(t))
            })
            .filter(|e| {
                q.statuses.is_empty()
                    || q.statuses
                        .iter()
                        .any(|s| e.row.status.eq_ignore_ascii_case(s))
            })
            .filter(|e| tokens.iter().all(|t| token_matches(e, t)))
            .collect();
        match q.sort {
            SortKey::CreatedDesc => matching.sort_by_key(|e| Reverse(e.created)),
            SortKey::CreatedAsc => matching.sort_by_key(|e| e.created),
            SortKey::UpdatedDesc => matching.sort_by_key(|e| Reverse(e.updated)),
            SortKey::UpdatedAsc => matching.sort_by_key(|e| e.updated),
        }
        let limit = q.limit.clamp(1, MAX_PAGE) as usize;
        let rows = matching
            .iter()
            .skip(q.offset as usize)
            .take(limit)
            .map(|e| e.row.clone())
            .collect();
        DirectoryPage {
            total_matching: matching.len() as u32,
            total_loaded: self.entries.len() as u32,
            offset: q.offset,
            rows,
            unreadable_count: self.unreadable_count(),
            unreadable: if q.include_unreadable {
                self.unreadable.clone()
            } else {
                Vec::new()
            },
        }
    }
}

fn token_matches(entry: &Entry, token: &str) -> bool {
    if entry.haystack.contains(token) {
        return true;
    }
    // "12345678909" finds "123.456.789-09"; only for tokens that are mostly digits.
    let token_digits = digits(token);
    token_digits.len() >= 3
        && token_digits.len() * 2 >= token.len()
        && entry.tax_digits.contains(&token_digits)
}

fn entry_for(c: &Customer) -> Entry {
    let display_name = c
        .legal_name
        .clone()
        .or_else(|| c.name.clone())
        .unwrap_or_default();
    let tax_id = c.tax_id.clone().unwrap_or_default();
    let email = c.email.clone().unwrap_or_default();
    let id = c.id.to_string();
    let haystack = fold(&format!(
        "{} {} {} {} {}",
        c.name.as_deref().unwrap_or_default(),
        c.legal_name.as_deref().unwrap_or_default(),
        email,
        id,
        tax_id
    ));
    let status = c
        .verification
        .as_ref()
        .map(|v| v.status.as_str().to_string())
        .unwrap_or_else(|| "NOT_STARTED".to_string());
    let rfc3339 = |t: Option<time::OffsetDateTime>| {
        t.and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
    };
    Entry {
        created: c.created_at.map(|t| t.unix_timestamp()).unwrap_or_default(),
        updated: c
            .updated_at
            .or(c.created_at)
            .map(|t| t.unix_timestamp())
            .unwrap_or_default(),
        row: CustomerRow {
            id,
            customer_type: c.customer_type.as_str().to_string(),
            display_name,
            masked_tax_id: mask_tax_id(&tax_id),
            email,
            country: c.country.clone().unwrap_or_default(),
            status,
            created_at: rfc3339(c.created_at),
            updated_at: rfc3339(c.updated_at),
        },
        haystack,
        tax_digits: digits(&tax_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn customer(i: u32, name: &str, tax_id: &str, status: &str, kind: &str) -> Customer {
        let name_field = if kind == "BUSINESS" {
            "legalName"
        } else {
            "name"
        };
        serde_json::from_value(json!({
            "id": format!("00000000-0000-4000-8000-{i:012}"),
            "type": kind,
            name_field: name,
            "taxId": tax_id,
            "email": format!("{}@example.com", fold(name).replace(' ', ".")),
            "country": "BRA",
            "verification": { "status": status, "level": "STANDARD" },
            "requirements": [],
            "metadata": {},
            "createdAt": format!("2026-01-{:02}T10:00:00Z", 1 + i % 28),
            "updatedAt": format!("2026-02-{:02}T10:00:00Z", 28 - i % 28),
        }))
        .unwrap()
    }

    fn sample() -> Directory {
        let mut d = Directory::default();
        d.extend(&[
            customer(
                1,
                "José da Conceição",
                "123.456.789-09",
                "APPROVED",
                "INDIVIDUAL",
            ),
            customer(2, "Maria Souza", "987.654.321-00", "RFI", "INDIVIDUAL"),
            customer(
                3,
                "Lumx S.A",
                "42.887.120/0001-00",
                "UNDER_VERIFICATION",
                "BUSINESS",
            ),
            customer(
                4,
                "Padaria Estrela Ltda",
                "11.222.333/0001-81",
                "rfi",
                "BUSINESS",
            ),
        ]);
        d
    }

    fn q(text: &str) -> DirectoryQuery {
        DirectoryQuery {
            text: text.into(),
            limit: 50,
            ..Default::default()
        }
    }

    fn names(page: &DirectoryPage) -> Vec<&str> {
        page.rows.iter().map(|r| r.display_name.as_str()).collect()
    }

    #[test]
    fn searches_names_without_accents_and_case() {
        assert_eq!(
            names(&sample().query(&q("jose conceicao"))),
            ["José da Conceição"]
        );
        assert_eq!(
            names(&sample().query(&q("ESTRELA"))),
            ["Padaria Estrela Ltda"]
        );
    }

    #[test]
    fn searches_tax_ids_with_or_without_punctuation_email_and_id() {
        assert_eq!(names(&sample().query(&q("98765432100"))), ["Maria Souza"]);
        assert_eq!(names(&sample().query(&q("987.654"))), ["Maria Souza"]);
        assert_eq!(names(&sample().query(&q("maria.souza@"))), ["Maria Souza"]);
        assert_eq!(
            names(&sample().query(&q("8000-000000000003"))),
            ["Lumx S.A"]
        );
    }

    #[test]
    fn filters_by_type_and_status_case_insensitively() {
        let page = sample().query(&DirectoryQuery {
            customer_type: Some("BUSINESS".into()),
            statuses: vec!["RFI".into()],
            limit: 50,
            ..Default::default()
        });
        assert_eq!(names(&page), ["Padaria Estrela Ltda"]);
        let rfis = sample().query(&DirectoryQuery {
            statuses: vec!["RFI".into()],
            limit: 50,
            ..Default::default()
        });
        assert_eq!(rfis.total_matching, 2);
    }

    #[test]
    fn sorts_by_created_and_updated() {
        let d = sample();
        let by = |sort| {
            d.query(&DirectoryQuery {
                sort,
                limit: 50,
                ..Default::default()
            })
            .rows
            .iter()
            .map(|r| r.id.chars().last().unwrap())
            .collect::<String>()
        };
        assert_eq!(by(SortKey::CreatedDesc), "4321");
        assert_eq!(by(SortKey::CreatedAsc), "1234");
        assert_eq!(by(SortKey::UpdatedDesc), "1234");
        assert_eq!(by(SortKey::UpdatedAsc), "4321");
    }

    #[test]
    fn returns_only_the_requested_window() {
        let mut d = Directory::default();
        let many: Vec<_> = (0..1000)
            .map(|i| {
                customer(
                    i,
                    &format!("Cliente {i}"),
                    "111.111.111-11",
                    "APPROVED",
                    "INDIVIDUAL",
                )
            })
            .collect();
        d.extend(&many);
        let page = d.query(&DirectoryQuery {
            offset: 990,
            limit: 50,
            ..Default::default()
        });
        assert_eq!(page.total_matching, 1000);
        assert_eq!(page.total_loaded, 1000);
        assert_eq!(page.rows.len(), 10);
        let capped = d.query(&DirectoryQuery {
            limit: 10_000,
            ..Default::default()
        });
        assert_eq!(capped.rows.len(), MAX_PAGE as usize);
    }

    #[test]
    fn rows_never_carry_the_full_tax_id() {
        let page = sample().query(&q(""));
        let json = serde_json::to_string(&page).unwrap();
        assert!(!json.contains("123.456.789-09"));
        assert!(json.contains("***.***.***-09"));
    }

    #[test]
    fn reloading_a_customer_replaces_it() {
        let mut d = sample();
        d.extend(&[customer(
            2,
            "Maria Souza",
            "987.654.321-00",
            "APPROVED",
            "INDIVIDUAL",
        )]);
        assert_eq!(d.len(), 4);
        let page = d.query(&q("maria"));
        assert_eq!(page.rows[0].status, "APPROVED");
    }

    #[test]
    fn unknown_statuses_and_types_pass_through() {
        let mut d = Directory::default();
        d.extend(&[customer(9, "Nova", "1", "ON_HOLD", "TRUST")]);
        let row = &d.query(&q("")).rows[0];
        assert_eq!(row.status, "ON_HOLD");
        assert_eq!(row.customer_type, "TRUST");
    }
}
