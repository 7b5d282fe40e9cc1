//! Request validation. Every check collects `FieldError`s so a 400 lists all
//! problems at once, with dotted field paths (`address.postalCode`).

use serde_json::{Map, Value};
use time::macros::{date, format_description};
use time::Date;
use uuid::Uuid;

use crate::error::{ApiError, FieldError};
use crate::models::CustomerType;

pub const CURRENCIES: &[&str] = &["BRL", "USD", "EUR", "MXN"];
pub const JURISDICTIONS: &[&str] = &["BRA", "USA", "EU", "CANADA", "CHINA", "MEXICO", "OTHERS"];
pub const ACTIVITIES: &[&str] = &[
    "NONE",
    "ADULT_ENTERTAINMENT",
    "DRUGS",
    "FIREARMS",
    "GAMBLING",
    "MARIJUANA",
    "TUMBLING",
];
pub const COUNTERPARTIES: &[&str] = &[
    "SELF",
    "MERCHANTS_SUPPLIERS",
    "CUSTOMERS",
    "EMPLOYEES",
    "CONTRACTORS",
    "FRIENDS",
    "FAMILY",
];
pub const PROFESSIONAL_SITUATIONS: &[&str] = &[
    "EMPLOYEE",
    "SELF_EMPLOYED",
    "UNEMPLOYED",
    "RETIRED",
    "OTHER",
];
pub const SOURCES_OF_FUNDS: &[&str] = &[
    "EMPLOYMENT",
    "SAVINGS",
    "WINNINGS",
    "MARITAL",
    "REAL_ESTATE",
    "TRUST",
    "INVESTMENT",
    "OTHER",
    "COMPANY",
    "COMPANY_CAPITAL",
    "LOAN",
    "PRIVATE_CAPITAL",
    "GRANT",
];
pub const ROLES: &[&str] = &["UBO", "SHAREHOLDER", "REPRESENTATIVE"];
pub const DOCUMENT_TYPES: &[&str] = &[
    "ID_CARD",
    "PASSPORT",
    "DRIVERS_LICENSE",
    "BANK_STATEMENT",
    "INCOME_TAX_RETURN",
    "DELIVERY_RECEIPT",
    "SELFIE",
    "INCORPORATION_ARTICLES",
    "SHAREHOLDER_REGISTRY",
    "DIRECTORS_REGISTRY",
    "POWER_OF_ATTORNEY",
    "REGULATED_ACTIVITY_DOCUMENT",
    "SIGNED_BALANCE_SHEET",
    "SIGNED_CORPORATE_STRUCTURE_CHART",
    "SIGNED_INCOME_STATEMENT",
    "PROOF_OF_ADDRESS",
    "ADDITIONAL_INFORMATION",
    "OTHER",
];
/// Document types that come in two sides and need `side`.
pub const SIDED_TYPES: &[&str] = &["ID_CARD", "PASSPORT", "DRIVERS_LICENSE"];
pub const SIDES: &[&str] = &["FRONT_SIDE", "BACK_SIDE"];

// ---------- primitive format checks ----------

/// `YYYY-MM-DD`, a real calendar date, between 1900-01-01 and `today`.
pub fn past_date(s: &str, today: Date) -> Result<Date, &'static str> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err("must be a date in YYYY-MM-DD format");
    }
    let d = Date::parse(s, format_description!("[year]-[month]-[day]"))
        .map_err(|_| "must be a real calendar date")?;
    if d > today {
        return Err("must not be in the future");
    }
    if d < date!(1900 - 01 - 01) {
        return Err("must not be before 1900-01-01");
    }
    Ok(d)
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// E.164: `+` followed by 8–15 digits.
pub fn is_phone(s: &str) -> bool {
    s.strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.bytes().all(|c| c.is_ascii_digit()))
}

/// ISO 3166-1 alpha-3 shape: three uppercase ASCII letters.
pub fn is_alpha3(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|c| c.is_ascii_uppercase())
}

/// Non-negative decimal string such as `"5000"` or `"50000.00"`.
pub fn is_decimal(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    !int.is_empty()
        && int.bytes().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| (1..=8).contains(&f.len()) && f.bytes().all(|c| c.is_ascii_digit()))
}

/// `UPPER_SNAKE_CASE` (used for the open `companyType` list).
pub fn is_upper_snake(s: &str) -> bool {
    !s.is_empty()
        && s.split('_').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        && s.as_bytes()[0].is_ascii_uppercase()
}

pub fn is_http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !s.chars().any(char::is_whitespace)
    })
}

pub fn is_tax_id(s: &str) -> bool {
    s.len() <= 40
        && s.bytes().any(|c| c.is_ascii_digit())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'/' | b' '))
}

/// Duplicate detection ignores punctuation: `123.456.789-09` == `12345678909`.
pub fn normalize_tax_id(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

pub fn parse_uuid(s: &str) -> Option<Uuid> {
    Uuid::parse_str(s).ok()
}

/// `Idempotency-Key` must be a UUID v4 (RFC 4122 variant).
pub fn idempotency_key(s: &str) -> Result<Uuid, ApiError> {
    match Uuid::parse_str(s.trim()) {
        Ok(u) if u.get_version_num() == 4 && u.get_variant() == uuid::Variant::RFC4122 => Ok(u),
        _ => Err(ApiError::field("Idempotency-Key", "must be a UUID v4")),
    }
}

// ---------- object checker ----------

/// Walks one JSON object, collecting errors under a dotted prefix.
struct Check<'a> {
    obj: &'a Map<String, Value>,
    prefix: String,
    errs: Vec<FieldError>,
}

impl<'a> Check<'a> {
    fn new(obj: &'a Map<String, Value>, prefix: &str) -> Self {
        Self {
            obj,
            prefix: prefix.to_string(),
            errs: Vec::new(),
        }
    }

    fn path(&self, f: &str) -> String {
        if self.prefix.is_empty() {
            f.to_string()
        } else {
            format!("{}.{f}", self.prefix)
        }
    }

    fn err(&mut self, f: &str, msg: &str) {
        let p = self.path(f);
        self.errs.push(FieldError::new(p, msg));
    }

    fn get(&self, f: &str) -> Option<&'a Value> {
        self.obj.get(f).filter(|v| !v.is_null())
    }

    fn string(&mut self, f: &str, required: bool, allow_empty: bool) -> Option<String> {
        match self.get(f) {
            None => {
                if required {
                    self.err(f, "is required");
                }
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() && !allow_empty => {
                self.err(f, "must not be empty");
                None
            }
            Some(Value::String(s)) if s.len() > 1000 => {
                self.err(f, "must be at most 1000 characters");
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.err(f, "must be a string");
                None
            }
        }
    }

    fn formatted(
        &mut self,
        f: &str,
        required: bool,
        ok: fn(&str) -> bool,
        msg: &str,
    ) -> Option<String> {
        let s = self.string(f, required, false)?;
        if ok(&s) {
            Some(s)
        } else {
            self.err(f, msg);
            None
        }
    }

    fn date(&mut self, f: &str, required: bool, today: Date) -> Option<String> {
        let s = self.string(f, required, false)?;
        match past_date(&s, today) {
            Ok(_) => Some(s),
            Err(msg) => {
                self.err(f, msg);
                None
            }
        }
    }

    fn one_of(&mut self, f: &str, allowed: &[&str]) -> Option<String> {
        let s = self.string(f, true, false)?;
        if allowed.contains(&s.as_str()) {
            Some(s)
        } else {
            self.err(f, &format!("must be one of: {}", allowed.join(", ")));
            None
        }
    }

    /// Required, non-empty array of distinct enum values.
    fn enum_array(&mut self, f: &str, allowed: &[&str]) -> Option<Vec<String>> {
        let Some(v) = self.get(f) else {
            self.err(f, "is required");
            return None;
        };
        let Some(items) = v.as_array() else {
            self.err(f, "must be an array");
            return None;
        };
        if items.is_empty() {
            self.err(f, "must contain at least one value");
            return None;
        }
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) if allowed.contains(&s) => {
                    if out.iter().any(|o: &String| o == s) {
                        self.err(&format!("{f}[{i}]"), "must not repeat a value");
                    }
                    out.push(s.to_string());
                }
                _ => self.err(
                    &format!("{f}[{i}]"),
                    &format!("must be one of: {}", allowed.join(", ")),
                ),
            }
        }
        (out.len() == items.len()).then_some(out)
    }

    fn boolean(&mut self, f: &str) -> Option<bool> {
        match self.get(f) {
            None => {
                self.err(f, "is required");
                None
            }
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.err(f, "must be a boolean");
                None
            }
        }
    }

    fn address(&mut self, f: &str, required: bool) -> Option<Value> {
        let v = match self.get(f) {
            None => {
                if required {
                    self.err(f, "is required");
                }
                return None;
            }
            Some(v) => v,
        };
        let Some(obj) = v.as_object() else {
            self.err(f, "must be an object");
            return None;
        };
        let mut sub = Check::new(obj, &self.path(f));
        sub.formatted(
            "country",
            true,
            is_alpha3,
            "must be an ISO 3166-1 alpha-3 code (e.g. BRA)",
        );
        for field in ["line1", "city", "state", "postalCode"] {
            sub.string(field, true, false);
        }
        sub.string("line2", false, true);
        let ok = sub.errs.is_empty();
        self.errs.extend(sub.errs);
        ok.then(|| v.clone())
    }

    fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, ApiError> {
        if self.errs.is_empty() {
            Ok(value())
        } else {
            Err(ApiError::validation(self.errs))
        }
    }
}

fn object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::bad_request("Request body must be a JSON object"))
}

// ---------- endpoint bodies ----------

#[derive(Debug, Clone, PartialEq)]
pub struct NewCustomer {
    pub kind: CustomerType,
    pub name: String,
    pub tax_id: String,
    pub date: String,
    pub country: String,
    pub email: String,
    pub metadata: Value,
    pub accounts: Vec<String>,
}

/// `POST /customers`.
pub fn new_customer(body: &Value, today: Date) -> Result<NewCustomer, ApiError> {
    let mut c = Check::new(object(body)?, "");
    let kind = c
        .one_of("type", &["INDIVIDUAL", "BUSINESS"])
        .and_then(|t| CustomerType::parse(&t));
    let Some(kind) = kind else {
        return Err(ApiError::validation(c.errs));
    };
    let (name_key, date_key) = match kind {
        CustomerType::Individual => ("name", "birthDate"),
        CustomerType::Business => ("legalName", "incorporationDate"),
    };
    let name = c.string(name_key, true, false);
    let tax_id = c.formatted(
        "taxId",
        true,
        is_tax_id,
        "must be a tax identifier made of digits, letters and . - / (at least one digit)",
    );
    let date = c.date(date_key, true, today);
    let country = c.formatted(
        "country",
        true,
        is_alpha3,
        "must be an ISO 3166-1 alpha-3 code (e.g. BRA)",
    );
    let email = c.formatted("email", true, is_email, "must be a valid email address");
    let metadata = match c.get("metadata") {
        None => Value::Object(Map::new()),
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => {
            c.err("metadata", "must be a JSON object");
            Value::Null
        }
    };
    let accounts = match c.get("accounts") {
        None => vec!["BRL".to_string()],
        Some(Value::Array(items)) => {
            let mut out: Vec<String> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(cur) if CURRENCIES.contains(&cur) => {
                        if out.iter().any(|o| o == cur) {
                            c.err(&format!("accounts[{i}]"), "only one account per currency");
                        }
                        out.push(cur.to_string());
                    }
                    _ => c.err(
                        &format!("accounts[{i}]"),
                        &format!("must be one of: {}", CURRENCIES.join(", ")),
                    ),
                }
            }
            out
        }
        Some(_) => {
            c.err("accounts", "must be an array of currencies");
            Vec::new()
        }
    };
    c.finish(|| NewCustomer {
        kind,
        name: name.unwrap_or_default(),
        tax_id: tax_id.unwrap_or_default(),
        date: date.unwrap_or_default(),
        country: country.unwrap_or_default(),
        email: email.unwrap_or_default(),
        metadata,
        accounts,
    })
}

/// `PATCH /customers/{id}/additional-information`; returns the body to echo.
pub fn additional_information(body: &Value, kind: CustomerType) -> Result<Value, ApiError> {
    let mut c = Check::new(object(body)?, "");
    if let Some(t) = c.one_of("type", &["INDIVIDUAL", "BUSINESS"]) {
        if t != kind.as_str() {
            c.err(
                "type",
                &format!("must be {} for this customer", kind.as_str()),
            );
        }
    }
    c.formatted(
        "phone",
        true,
        is_phone,
        "must be in international E.164 format (+ and 8-15 digits)",
    );
    c.address("address", true);
    for f in ["monthlyVolumeInUSD", "transactionVolumeInUSD"] {
        c.formatted(
            f,
            true,
            is_decimal,
            "must be a non-negative decimal string such as \"5000.00\"",
        );
    }
    c.enum_array("jurisdictions", JURISDICTIONS);
    if let Some(acts) = c.enum_array("involvedActivities", ACTIVITIES) {
        if acts.len() > 1 && acts.iter().any(|a| a == "NONE") {
            c.err(
                "involvedActivities",
                "NONE cannot be combined with other activities",
            );
        }
    }
    c.enum_array("transactionCounterparties", COUNTERPARTIES);
    c.one_of("sourceOfFunds", SOURCES_OF_FUNDS);
    match kind {
        CustomerType::Individual => {
            c.string("firstName", true, false);
            c.string("middleName", false, true);
            c.string("lastName", true, false);
            c.one_of("professionalSituation", PROFESSIONAL_SITUATIONS);
            c.string("professionalOccupation", true, false);
        }
        CustomerType::Business => {
            c.formatted(
                "companyType",
                true,
                is_upper_snake,
                "must be an UPPER_SNAKE_CASE company type",
            );
            for f in ["annualRevenue", "monthlyTransactionVolume"] {
                c.formatted(
                    f,
                    true,
                    is_decimal,
                    "must be a non-negative decimal string such as \"5000.00\"",
                );
            }
            c.string("complianceAndAML", true, false);
            let regulated = c.boolean("isRegulatedActivity");
            let details = c.string("regulatedActivityDetails", true, true);
            if regulated == Some(true) && details.as_deref().is_some_and(|d| d.trim().is_empty()) {
                c.err(
                    "regulatedActivityDetails",
                    "must describe the regulated activity when isRegulatedActivity is true",
                );
            }
            c.formatted("website", true, is_http_url, "must be an http(s) URL");
            c.string("servicesProvided", false, true);
        }
    }
    c.finish(|| body.clone())
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewParty {
    pub kind: CustomerType,
    pub roles: Vec<String>,
    pub name: String,
    pub tax_id: Option<String>,
    pub date: Option<String>,
    pub email: Option<String>,
    pub address: Option<Value>,
    pub ownership_percentage: Option<f64>,
    pub parent_id: Option<Uuid>,
}

/// `POST /customers/{id}/associated-parties` (accepts `role` and/or `roles`).
pub fn new_party(body: &Value, today: Date) -> Result<NewParty, ApiError> {
    let mut c = Check::new(object(body)?, "");
    let kind = c
        .one_of("type", &["INDIVIDUAL", "BUSINESS"])
        .and_then(|t| CustomerType::parse(&t));

    let mut roles: Vec<String> = Vec::new();
    let role = c.get("role");
    let roles_v = c.get("roles");
    if role.is_none() && roles_v.is_none() {
        c.err("role", "is required");
    }
    if role.is_some() {
        if let Some(r) = c.one_of("role", ROLES) {
            roles.push(r);
        }
    }
    if let Some(v) = roles_v {
        match v.as_array() {
            Some(items) if !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(r) if ROLES.contains(&r) => {
                            if !roles.iter().any(|x| x == r) {
                                roles.push(r.to_string());
                            }
                        }
                        _ => c.err(
                            &format!("roles[{i}]"),
                            &format!("must be one of: {}", ROLES.join(", ")),
                        ),
                    }
                }
                if let Some(Value::String(r)) = role {
                    if !items.iter().any(|i| i.as_str() == Some(r)) {
                        c.err("roles", "must include the value given in role");
                    }
                }
            }
            _ => c.err("roles", "must be a non-empty array"),
        }
    }
    if kind == Some(CustomerType::Business)
        && roles.iter().any(|r| r == "UBO" || r == "REPRESENTATIVE")
    {
        c.err("role", "UBO and REPRESENTATIVE must be INDIVIDUAL parties");
    }

    let (name_key, date_key) = match kind {
        Some(CustomerType::Business) => ("legalName", "incorporationDate"),
        _ => ("name", "birthDate"),
    };
    let name = c.string(name_key, true, false);
    let date = c.date(date_key, false, today);
    let email = c.formatted("email", false, is_email, "must be a valid email address");
    let tax_id = c.formatted(
        "taxId",
        false,
        is_tax_id,
        "must be a tax identifier made of digits, letters and . - /",
    );
    let address = c.address("address", false);
    let ownership_percentage = match c.get("ownershipPercentage") {
        None => None,
        Some(Value::Number(n)) => match n.as_f64() {
            Some(x) if x > 0.0 && x <= 100.0 => Some(x),
            _ => {
                c.err(
                    "ownershipPercentage",
                    "must be greater than 0 and at most 100",
                );
                None
            }
        },
        Some(_) => {
            c.err("ownershipPercentage", "must be a number");
            None
        }
    };
    let parent_id = match c.string("parentId", false, false) {
        Some(s) => match parse_uuid(&s) {
            Some(u) => Some(u),
            None => {
                c.err("parentId", "must be a UUID");
                None
            }
        },
        None => None,
    };
    c.finish(|| NewParty {
        kind: kind.unwrap_or(CustomerType::Individual),
        roles,
        name: name.unwrap_or_default(),
        tax_id,
        date,
        email,
        address,
        ownership_percentage,
        parent_id,
    })
}

/// Optional `POST /verifications` body: `{associatedPartyIds: [uuid]}`.
pub fn verification_request(body: Option<&Value>) -> Result<Vec<Uuid>, ApiError> {
    let Some(body) = body else {
        return Ok(Vec::new());
    };
    let mut c = Check::new(object(body)?, "");
    let mut ids = Vec::new();
    match c.get("associatedPartyIds") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item.as_str().and_then(parse_uuid) {
                    Some(u) if !ids.contains(&u) => ids.push(u),
                    Some(_) => {}
                    None => c.err(&format!("associatedPartyIds[{i}]"), "must be a UUID"),
                }
            }
        }
        Some(_) => c.err("associatedPartyIds", "must be an array of UUIDs"),
    }
    c.finish(|| ids)
}

/// Optional `POST /tos` body: `{redirectUrl}`.
pub fn tos_request(body: Option<&Value>) -> Result<Option<String>, ApiError> {
    let Some(body) = body else {
        return Ok(None);
    };
    let mut c = Check::new(object(body)?, "");
    let url = c.formatted("redirectUrl", false, is_http_url, "must be an http(s) URL");
    c.finish(|| url)
}

/// Text parts of a document upload, already read from the multipart body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentParts {
    pub doc_type: Option<String>,
    pub country: Option<String>,
    pub side: Option<String>,
    pub associated_party_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDocument {
    pub doc_type: String,
    pub country: String,
    pub side: Option<String>,
    pub party_id: Option<Uuid>,
}

/// Field rules of `POST /documents` (the file itself is checked while streaming).
pub fn document_parts(p: &DocumentParts, errs: &mut Vec<FieldError>) -> Option<ValidDocument> {
    let before = errs.len();
    let doc_type = match p.doc_type.as_deref() {
        None | Some("") => {
            errs.push(FieldError::new("type", "is required"));
            None
        }
        Some(t) if DOCUMENT_TYPES.contains(&t) => Some(t.to_string()),
        Some(_) => {
            errs.push(FieldError::new(
                "type",
                format!("must be one of: {}", DOCUMENT_TYPES.join(", ")),
            ));
            None
        }
    };
    let country = match p.country.as_deref() {
        None | Some("") => {
            errs.push(FieldError::new("country", "is required"));
            None
        }
        Some(c) if is_alpha3(c) => Some(c.to_string()),
        Some(_) => {
            errs.push(FieldError::new(
                "country",
                "must be an ISO 3166-1 alpha-3 code (e.g. BRA)",
            ));
            None
        }
    };
    let side = p.side.as_deref().filter(|s| !s.is_empty());
    if let Some(t) = &doc_type {
        let sided = SIDED_TYPES.contains(&t.as_str());
        match side {
            None if sided => errs.push(FieldError::new("side", format!("is required for {t}"))),
            Some(_) if !sided => {
                errs.push(FieldError::new("side", format!("is not allowed for {t}")))
            }
            Some(s) if !SIDES.contains(&s) => errs.push(FieldError::new(
                "side",
                "must be one of: FRONT_SIDE, BACK_SIDE",
            )),
            _ => {}
        }
    }
    let party_id = match p.associated_party_id.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match parse_uuid(s) {
            Some(u) => Some(u),
            None => {
                errs.push(FieldError::new("associatedPartyId", "must be a UUID"));
                None
            }
        },
    };
    (errs.len() == before).then(|| ValidDocument {
        doc_type: doc_type.unwrap_or_default(),
        country: country.unwrap_or_default(),
        side: side.map(str::to_string),
        party_id,
    })
}

/// Detects JPG, PNG or PDF from the first bytes of a file.
pub fn sniff_media_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

// ---------- query parameters ----------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageQuery {
    pub size: usize,
    pub cursor: Option<Uuid>,
}

pub fn page_query(q: &std::collections::HashMap<String, String>) -> Result<PageQuery, ApiError> {
    let mut errs = Vec::new();
    let size = match q.get("size") {
        None => 25,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                errs.push(FieldError::new(
                    "size",
                    "must be an integer between 1 and 100",
                ));
                25
            }
        },
    };
    let cursor = match q.get("cursor").filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match parse_uuid(s) {
            Some(u) => Some(u),
            None => {
                errs.push(FieldError::new("cursor", "must be a UUID"));
                None
            }
        },
    };
    if errs.is_empty() {
        Ok(PageQuery { size, cursor })
    } else {
        Err(ApiError::validation(errs))
    }
}

pub fn bool_query(
    q: &std::collections::HashMap<String, String>,
    name: &str,
) -> Result<bool, ApiError> {
    match q.get(name).map(String::as_str) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(ApiError::field(name, "must be true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TODAY: Date = date!(2026 - 06 - 01);

    fn fields(e: ApiError) -> Vec<String> {
        e.details.into_iter().map(|d| d.field).collect()
    }

    #[test]
    fn dates_must_be_real_past_and_well_formed() {
        assert!(past_date("1990-01-01", TODAY).is_ok());
        assert!(past_date("2024-02-29", TODAY).is_ok());
        assert_eq!(
            past_date("2023-02-29", TODAY),
            Err("must be a real calendar date")
        );
        assert_eq!(
            past_date("2026-06-02", TODAY),
            Err("must not be in the future")
        );
        assert!(past_date("1990-1-01", TODAY).is_err());
        assert!(past_date("01/01/1990", TODAY).is_err());
        assert!(past_date("1850-01-01", TODAY).is_err());
    }

    #[test]
    fn formats() {
        assert!(is_email("a.b@lumx.io"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a b@lumx.io"));
        assert!(!is_email("@lumx.io"));
        assert!(is_phone("+5511999999999"));
        assert!(is_phone("+12345678"));
        assert!(!is_phone("5511999999999"));
        assert!(!is_phone("+1234567"));
        assert!(!is_phone("+1234567890123456"));
        assert!(is_alpha3("BRA"));
        assert!(!is_alpha3("BR"));
        assert!(!is_alpha3("bra"));
        assert!(is_decimal("5000") && is_decimal("50000.00"));
        assert!(!is_decimal("-1") && !is_decimal("1.") && !is_decimal("abc") && !is_decimal(""));
        assert!(is_upper_snake("BANK_US") && is_upper_snake("U_S_CRYPTO_MSB"));
        assert!(
            !is_upper_snake("bank_us") && !is_upper_snake("BANK__US") && !is_upper_snake("_BANK")
        );
        assert!(is_http_url("https://lumx.io") && !is_http_url("lumx.io"));
        assert_eq!(normalize_tax_id("123.456.789-09"), "12345678909");
    }

    #[test]
    fn idempotency_key_must_be_v4() {
        assert!(idempotency_key(&Uuid::new_v4().to_string()).is_ok());
        assert!(idempotency_key("not-a-uuid").is_err());
        // A v1-shaped UUID is refused.
        assert!(idempotency_key("c232ab00-9414-11ec-b3c8-9f6bdeced846").is_err());
    }

    #[test]
    fn customer_create_reports_every_bad_field() {
        let e = new_customer(
            &json!({"type":"INDIVIDUAL","name":"","taxId":"abc","birthDate":"2099-01-01","country":"Brazil","email":"x","accounts":["BRL","BRL","GBP"]}),
            TODAY,
        )
        .unwrap_err();
        let f = fields(e);
        for expected in [
            "name",
            "taxId",
            "birthDate",
            "country",
            "email",
            "accounts[1]",
            "accounts[2]",
        ] {
            assert!(
                f.contains(&expected.to_string()),
                "missing {expected} in {f:?}"
            );
        }
    }

    #[test]
    fn customer_create_defaults_to_brl_and_empty_metadata() {
        let c = new_customer(
            &json!({"type":"BUSINESS","legalName":"Lumx S.A","taxId":"42.887.120/0001-00","incorporationDate":"2020-01-01","country":"BRA","email":"hello@lumx.io"}),
            TODAY,
        )
        .unwrap();
        assert_eq!(c.accounts, vec!["BRL"]);
        assert_eq!(c.metadata, json!({}));
        assert_eq!(c.kind, CustomerType::Business);
    }

    #[test]
    fn unknown_type_is_rejected() {
        let e = new_customer(&json!({"type":"individual"}), TODAY).unwrap_err();
        assert_eq!(fields(e), vec!["type"]);
    }

    fn individual_info() -> Value {
        json!({
            "type":"INDIVIDUAL","phone":"+5511999999999","firstName":"William","middleName":"","lastName":"Default",
            "address":{"country":"BRA","line1":"Rua A, 1","city":"São Paulo","state":"SP","postalCode":"01000-000"},
            "monthlyVolumeInUSD":"5000","transactionVolumeInUSD":"1000","jurisdictions":["BRA","USA"],
            "involvedActivities":["NONE"],"transactionCounterparties":["SELF"],
            "professionalSituation":"EMPLOYEE","professionalOccupation":"Software Engineer","sourceOfFunds":"EMPLOYMENT"
        })
    }

    #[test]
    fn individual_additional_information_valid_and_invalid() {
        assert!(additional_information(&individual_info(), CustomerType::Individual).is_ok());
        let mut bad = individual_info();
        bad["involvedActivities"] = json!(["NONE", "GAMBLING"]);
        bad["jurisdictions"] = json!(["BRAZIL"]);
        bad["address"]["postalCode"] = json!("");
        bad["phone"] = json!("11999999999");
        let f = fields(additional_information(&bad, CustomerType::Individual).unwrap_err());
        for expected in [
            "involvedActivities",
            "jurisdictions[0]",
            "address.postalCode",
            "phone",
        ] {
            assert!(
                f.contains(&expected.to_string()),
                "missing {expected} in {f:?}"
            );
        }
        // Type must match the customer.
        let f =
            fields(additional_information(&individual_info(), CustomerType::Business).unwrap_err());
        assert!(f.contains(&"type".to_string()));
    }

    #[test]
    fn business_regulated_activity_needs_details() {
        let body = json!({
            "type":"BUSINESS","phone":"+5511999999999",
            "address":{"country":"BRA","line1":"Av. Paulista, 1000","city":"São Paulo","state":"SP","postalCode":"01310-100"},
            "monthlyVolumeInUSD":"50000.00","transactionVolumeInUSD":"10000.00","jurisdictions":["BRA"],
            "involvedActivities":["NONE"],"transactionCounterparties":["CUSTOMERS"],"companyType":"PAYMENT_GATEWAY",
            "annualRevenue":"1000000.00","monthlyTransactionVolume":"100000.00","complianceAndAML":"AML policy",
            "isRegulatedActivity":true,"regulatedActivityDetails":"","website":"https://lumx.io","sourceOfFunds":"COMPANY"
        });
        let f = fields(additional_information(&body, CustomerType::Business).unwrap_err());
        assert_eq!(f, vec!["regulatedActivityDetails"]);
        let mut ok = body.clone();
        ok["regulatedActivityDetails"] = json!("Licensed payment institution");
        ok["companyType"] = json!("SOME_FUTURE_TYPE");
        assert!(additional_information(&ok, CustomerType::Business).is_ok());
    }

    #[test]
    fn party_roles_and_types() {
        let p = new_party(
            &json!({"type":"INDIVIDUAL","role":"UBO","name":"Maria","ownershipPercentage":40}),
            TODAY,
        )
        .unwrap();
        assert_eq!(p.roles, vec!["UBO"]);
        let p = new_party(
            &json!({"type":"INDIVIDUAL","roles":["SHAREHOLDER","UBO"],"name":"Maria"}),
            TODAY,
        )
        .unwrap();
        assert_eq!(p.roles, vec!["SHAREHOLDER", "UBO"]);
        let e = new_party(
            &json!({"type":"BUSINESS","role":"UBO","legalName":"Holding"}),
            TODAY,
        )
        .unwrap_err();
        assert_eq!(fields(e), vec!["role"]);
        let e = new_party(
            &json!({"type":"INDIVIDUAL","name":"X","role":"SHAREHOLDER","ownershipPercentage":0}),
            TODAY,
        )
        .unwrap_err();
        assert_eq!(fields(e), vec!["ownershipPercentage"]);
        let e = new_party(&json!({"type":"INDIVIDUAL","name":"X","role":"SHAREHOLDER","ownershipPercentage":100.5}), TODAY).unwrap_err();
        assert_eq!(fields(e), vec!["ownershipPercentage"]);
        let e = new_party(&json!({"type":"INDIVIDUAL","name":"X"}), TODAY).unwrap_err();
        assert_eq!(fields(e), vec!["role"]);
        let b = new_party(&json!({"type":"BUSINESS","role":"SHAREHOLDER","legalName":"Holding","ownershipPercentage":60}), TODAY).unwrap();
        assert_eq!(b.kind, CustomerType::Business);
    }

    #[test]
    fn document_side_rules() {
        let mut errs = Vec::new();
        let ok = document_parts(
            &DocumentParts {
                doc_type: Some("PASSPORT".into()),
                country: Some("BRA".into()),
                side: Some("FRONT_SIDE".into()),
                associated_party_id: None,
            },
            &mut errs,
        );
        assert!(ok.is_some() && errs.is_empty());
        let missing = document_parts(
            &DocumentParts {
                doc_type: Some("ID_CARD".into()),
                country: Some("BRA".into()),
                ..Default::default()
            },
            &mut errs,
        );
        assert!(missing.is_none());
        assert_eq!(errs[0].field, "side");
        errs.clear();
        let refused = document_parts(
            &DocumentParts {
                doc_type: Some("PROOF_OF_ADDRESS".into()),
                country: Some("BRA".into()),
                side: Some("FRONT_SIDE".into()),
                associated_party_id: None,
            },
            &mut errs,
        );
        assert!(refused.is_none());
        assert_eq!(errs[0].message, "is not allowed for PROOF_OF_ADDRESS");
    }

    #[test]
    fn magic_bytes() {
        assert_eq!(sniff_media_type(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(
            sniff_media_type(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff_media_type(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
        assert_eq!(sniff_media_type(b"GIF89a"), None);
        assert_eq!(sniff_media_type(b""), None);
    }

    #[test]
    fn page_query_bounds() {
        let q = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(page_query(&q(&[])).unwrap().size, 25);
        assert!(page_query(&q(&[("size", "0")])).is_err());
        assert!(page_query(&q(&[("size", "101")])).is_err());
        assert!(page_query(&q(&[("cursor", "nope")])).is_err());
        assert_eq!(page_query(&q(&[("size", "100")])).unwrap().size, 100);
    }
}
