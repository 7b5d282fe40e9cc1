//! Field validation for the KYC/KYB onboarding wizard — the one source of truth.
//!
//! The UI calls these (through Tauri commands) as the analyst types, and the same rules run
//! again before anything is sent to Lumx. Each primitive returns the normalised value where
//! one is useful (CPF/CNPJ without punctuation, phone as `+digits`, a parsed date) or a
//! [`Problem`]; [`field_error`] turns a problem into the IPC [`FieldError`] in the UI's
//! language.
//!
//! Blank input is always [`Problem::Required`]; whether a field may be left empty is the
//! caller's decision (skip the check for optional fields).

mod countries;
mod hidden_chars;
mod phone;

use serde::Serialize;
use specta::Type;
use time::{Date, Month};

pub use crate::error::FieldError;
use crate::locale::Language;
pub use countries::{country_options, find, Country, CountryOption, COUNTRIES};
pub use hidden_chars::{visible_multiline, visible_text};
pub use phone::{not_valid_for_country_message as phone_not_valid_message, phone_e164};

/// What is wrong with one input. Serialises as a camelCase string (`"cpfCheckDigits"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum Problem {
    /// Empty or only whitespace.
    Required,
    /// Longer than the field allows (see [`max_chars`]).
    TooLong,
    /// Non-Brazilian tax id: wrong length or too few letters/digits.
    TaxIdFormat,
    /// Non-Brazilian tax id: a character outside `A-Z a-z 0-9 space . - /`.
    TaxIdCharset,
    /// Not 11 digits (after removing `.`, `-`, `/` and spaces), or letters in it.
    CpfFormat,
    CpfCheckDigits,
    /// `111.111.111-11` and friends pass the check-digit maths but are never issued.
    CpfRepeatedDigits,
    /// Not 14 characters (12 digits/letters + 2 digits) after removing punctuation.
    CnpjFormat,
    CnpjCheckDigits,
    CnpjRepeatedDigits,
    /// Not `YYYY-MM-DD`.
    DateFormat,
    /// Shaped like a date but not on the calendar (`2023-02-29`, `2024-13-01`).
    DateNotReal,
    DateInFuture,
    /// Younger than 18.
    NotAdult,
    /// More than 120 years old — almost certainly a typo in the year.
    TooOld,
    EmailFormat,
    /// Over 254 characters.
    EmailTooLong,
    PhoneFormat,
    /// Shaped like an international number but not in its country's numbering plan. The
    /// field message names the country ([`phone_not_valid_message`]).
    PhoneNotValidForCountry,
    /// A bidi override, a zero-width or another invisible format or control character.
    HiddenCharacters,
    /// Not an ISO 3166-1 alpha-3 code.
    CountryUnknown,
    /// A valid code in the wrong case (`bra`).
    CountryNotUppercase,
    /// Not one of the allowed values of a pick list.
    EnumUnknown,
    /// `NONE` selected together with other options.
    NoneExclusive,
    /// Not in `0 < x <= 100`.
    PercentageRange,
    /// The same key twice (metadata).
    Duplicate,
    /// A business needs at least one representative among its associated parties.
    RepresentativeRequired,
    /// Business associated parties can only be shareholders.
    BusinessPartyRole,
    /// UBOs own at least 25 %.
    UboBelow25,
    /// The chosen parent party is not in this draft.
    ParentUnknown,
    /// Shares held under one parent add up to more than 100 %.
    SharesOver100,
    UrlFormat,
    /// Not digits with an optional `.` and up to 2 decimals.
    AmountFormat,
    /// Zero.
    AmountNotPositive,
    /// Generic postal code (countries without a specific rule).
    PostalCode,
    /// Brazilian CEP: 8 digits.
    CepFormat,
    /// US ZIP code: 5 digits or ZIP+4.
    ZipFormat,
}

impl Problem {
    /// Every variant, for exhaustive tests and for the UI's catalogue.
    pub const ALL: &'static [Problem] = &[
        Problem::Duplicate,
        Problem::RepresentativeRequired,
        Problem::BusinessPartyRole,
        Problem::UboBelow25,
        Problem::ParentUnknown,
        Problem::SharesOver100,
        Problem::Required,
        Problem::TooLong,
        Problem::TaxIdFormat,
        Problem::TaxIdCharset,
        Problem::CpfFormat,
        Problem::CpfCheckDigits,
        Problem::CpfRepeatedDigits,
        Problem::CnpjFormat,
        Problem::CnpjCheckDigits,
        Problem::CnpjRepeatedDigits,
        Problem::DateFormat,
        Problem::DateNotReal,
        Problem::DateInFuture,
        Problem::NotAdult,
        Problem::TooOld,
        Problem::EmailFormat,
        Problem::EmailTooLong,
        Problem::PhoneFormat,
        Problem::PhoneNotValidForCountry,
        Problem::HiddenCharacters,
        Problem::CountryUnknown,
        Problem::CountryNotUppercase,
        Problem::EnumUnknown,
        Problem::NoneExclusive,
        Problem::PercentageRange,
        Problem::UrlFormat,
        Problem::AmountFormat,
        Problem::AmountNotPositive,
        Problem::PostalCode,
        Problem::CepFormat,
        Problem::ZipFormat,
    ];

    /// What to show next to the input: what is wrong and how to fix it.
    pub fn message(self, lang: Language) -> &'static str {
        let (en, pt) = match self {
            Problem::Duplicate => (
                "This key is used twice; each key must be unique",
                "Esta chave aparece duas vezes; cada chave deve ser única",
            ),
            Problem::RepresentativeRequired => (
                "Add at least one legal representative",
                "Adicione pelo menos um representante legal",
            ),
            Problem::BusinessPartyRole => (
                "A company can only be a shareholder; representatives and UBOs are people",
                "Uma empresa só pode ser sócia/acionista; representantes e beneficiários finais são pessoas",
            ),
            Problem::UboBelow25 => (
                "A UBO (ultimate beneficial owner) owns at least 25 %",
                "Um beneficiário final (UBO) detém pelo menos 25 %",
            ),
            Problem::ParentUnknown => (
                "The parent party is not in this onboarding",
                "A parte controladora não está neste onboarding",
            ),
            Problem::SharesOver100 => (
                "Shares held under the same parent add up to more than 100 %",
                "As participações sob a mesma controladora somam mais de 100 %",
            ),
            Problem::Required => ("This field is required", "Este campo é obrigatório"),
            Problem::TooLong => (
                "This text is too long — please shorten it",
                "Este texto é longo demais — encurte-o",
            ),
            Problem::TaxIdFormat => (
                "Enter the tax ID as issued in the country: 3 to 40 characters, at least 3 of them letters or digits",
                "Informe o documento fiscal como emitido no país: de 3 a 40 caracteres, com pelo menos 3 letras ou números",
            ),
            Problem::TaxIdCharset => (
                "The tax ID may contain only letters, digits, spaces, dots, dashes and slashes",
                "O documento fiscal só pode conter letras, números, espaços, pontos, hífens e barras",
            ),
            Problem::CpfFormat => (
                "A CPF has 11 digits, e.g. 123.456.789-09",
                "O CPF tem 11 dígitos, por exemplo 123.456.789-09",
            ),
            Problem::CpfCheckDigits => (
                "CPF check digits do not match — check for a typo",
                "Os dígitos verificadores do CPF não conferem — verifique se há erro de digitação",
            ),
            Problem::CpfRepeatedDigits => (
                "This is not a valid CPF: all its digits are the same",
                "Este CPF não é válido: todos os dígitos são iguais",
            ),
            Problem::CnpjFormat => (
                "A CNPJ has 14 characters, e.g. 11.222.333/0001-81 (the last two are digits)",
                "O CNPJ tem 14 caracteres, por exemplo 11.222.333/0001-81 (os dois últimos são números)",
            ),
            Problem::CnpjCheckDigits => (
                "CNPJ check digits do not match — check for a typo",
                "Os dígitos verificadores do CNPJ não conferem — verifique se há erro de digitação",
            ),
            Problem::CnpjRepeatedDigits => (
                "This is not a valid CNPJ: all its digits are the same",
                "Este CNPJ não é válido: todos os dígitos são iguais",
            ),
            Problem::DateFormat => (
                "Enter the date as YYYY-MM-DD, e.g. 1990-01-31",
                "Informe a data como AAAA-MM-DD, por exemplo 1990-01-31",
            ),
            Problem::DateNotReal => (
                "This date does not exist in the calendar — check the day and month",
                "Esta data não existe no calendário — verifique o dia e o mês",
            ),
            Problem::DateInFuture => (
                "This date cannot be in the future",
                "Esta data não pode estar no futuro",
            ),
            Problem::NotAdult => (
                "The person must be at least 18 years old",
                "A pessoa precisa ter pelo menos 18 anos",
            ),
            Problem::TooOld => (
                "This birth date is more than 120 years ago — check the year",
                "Esta data de nascimento tem mais de 120 anos — verifique o ano",
            ),
            Problem::EmailFormat => (
                "Enter a valid email address, e.g. name@company.com",
                "Informe um e-mail válido, por exemplo nome@empresa.com.br",
            ),
            Problem::EmailTooLong => (
                "An email address can have at most 254 characters",
                "O e-mail pode ter no máximo 254 caracteres",
            ),
            Problem::PhoneFormat => (
                "Enter the phone in international format: + then the country code and number (8 to 15 digits), e.g. +55 11 99999-9999",
                "Informe o telefone no formato internacional: + seguido do código do país e do número (8 a 15 dígitos), por exemplo +55 11 99999-9999",
            ),
            Problem::PhoneNotValidForCountry => (
                "This is not a valid phone number in its country: check the area code and the number of digits",
                "Este não é um telefone válido no país indicado: confira o código de área (DDD) e a quantidade de dígitos",
            ),
            Problem::HiddenCharacters => (
                "This text contains invisible or control characters (such as a zero-width space or a text-direction mark), often pasted by accident — retype it",
                "Este texto contém caracteres invisíveis ou de controle (como um espaço de largura zero ou uma marca de direção do texto), muitas vezes colados por acidente — digite-o novamente",
            ),
            Problem::CountryUnknown => (
                "Choose a country from the list (3-letter ISO code, e.g. BRA)",
                "Escolha um país da lista (código ISO de 3 letras, por exemplo BRA)",
            ),
            Problem::CountryNotUppercase => (
                "Write the country code in capital letters, e.g. BRA",
                "Escreva o código do país em letras maiúsculas, por exemplo BRA",
            ),
            Problem::EnumUnknown => (
                "Choose one of the options in the list",
                "Escolha uma das opções da lista",
            ),
            Problem::NoneExclusive => (
                "“None” cannot be combined with other options — untick it or the others",
                "“Nenhuma” não pode ser combinada com outras opções — desmarque-a ou desmarque as outras",
            ),
            Problem::PercentageRange => (
                "Enter a percentage greater than 0 and at most 100",
                "Informe uma porcentagem maior que 0 e no máximo 100",
            ),
            Problem::UrlFormat => (
                "Enter the full website address, e.g. https://www.company.com",
                "Informe o endereço completo do site, por exemplo https://www.empresa.com.br",
            ),
            Problem::AmountFormat => (
                "Enter the amount with digits only, a dot before the cents and no thousands separators, e.g. 5000 or 1000000.00",
                "Informe o valor só com números, ponto antes dos centavos e sem separador de milhar, por exemplo 5000 ou 1000000.00",
            ),
            Problem::AmountNotPositive => (
                "The amount must be greater than zero",
                "O valor precisa ser maior que zero",
            ),
            Problem::PostalCode => (
                "Enter the postal code: 2 to 12 letters, digits, spaces or dashes",
                "Informe o código postal: de 2 a 12 letras, números, espaços ou hífens",
            ),
            Problem::CepFormat => (
                "A CEP has 8 digits, e.g. 01310-100",
                "O CEP tem 8 dígitos, por exemplo 01310-100",
            ),
            Problem::ZipFormat => (
                "A US ZIP code has 5 digits, optionally followed by 4 more, e.g. 94105 or 94105-1234",
                "O ZIP code dos EUA tem 5 dígitos, opcionalmente seguidos de mais 4, por exemplo 94105 ou 94105-1234",
            ),
        };
        match lang {
            Language::En => en,
            Language::PtBr => pt,
        }
    }
}

/// The IPC error for `problem` on `field` (a field path such as `address.postalCode`).
pub fn field_error(field: &str, problem: Problem, lang: Language) -> FieldError {
    FieldError::new(field, problem.message(lang))
}

/// Records `result`'s problem (if any) against `field` in `errors`; returns the value when
/// it was valid. Lets a command validate a whole form and report every field at once.
pub fn check<T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    lang: Language,
    result: Result<T, Problem>,
) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(problem) => {
            errors.push(field_error(field, problem, lang));
            None
        }
    }
}

/// Today's date in UTC (Lumx dates are calendar dates; the API works in UTC).
pub fn today_utc() -> Date {
    time::OffsetDateTime::now_utc().date()
}

// ---------------------------------------------------------------------------------------
// Generic text and pick lists

/// Not empty and not only whitespace.
pub fn required(value: &str) -> Result<(), Problem> {
    if value.trim().is_empty() {
        Err(Problem::Required)
    } else {
        Ok(())
    }
}

/// Required, and at most `max` characters (Unicode scalar values, not bytes).
pub fn max_chars(value: &str, max: usize) -> Result<(), Problem> {
    required(value)?;
    if value.chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(())
    }
}

/// One value of a single-choice list (exact match, e.g. `"SELF_EMPLOYED"`).
pub fn one_of(value: &str, allowed: &[&str]) -> Result<(), Problem> {
    required(value)?;
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(Problem::EnumUnknown)
    }
}

/// A multiple-choice list: at least one value, all allowed, and `exclusive` (e.g. `"NONE"`
/// for `involvedActivities`) never together with anything else.
pub fn multi_select<S: AsRef<str>>(
    values: &[S],
    allowed: &[&str],
    exclusive: Option<&str>,
) -> Result<(), Problem> {
    if values.is_empty() {
        return Err(Problem::Required);
    }
    for v in values {
        one_of(v.as_ref(), allowed)?;
    }
    if let Some(ex) = exclusive {
        if values.len() > 1 && values.iter().any(|v| v.as_ref() == ex) {
            return Err(Problem::NoneExclusive);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Tax ids

/// Strips the punctuation people type in CPFs/CNPJs (`.`, `-`, `/`, spaces) and
/// uppercases; `None` if anything else is left that is not an ASCII letter or digit.
fn strip_tax_punctuation(value: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '.' | '-' | '/' | ' ' | '\t' => {}
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_uppercase() as u8),
            _ => return None,
        }
    }
    Some(out)
}

/// Mod-11 check digit over `chars`, each worth its ASCII code minus 48 (digits 0–9,
/// letters A=17 … Z=42 — the rule for both CPF and the alphanumeric CNPJ), weighted by
/// `weights` from the left.
fn mod11_check_digit(chars: &[u8], weights: &[u32]) -> u8 {
    let sum: u32 = chars
        .iter()
        .zip(weights)
        .map(|(&c, &w)| u32::from(c - b'0') * w)
        .sum();
    let r = sum % 11;
    if r < 2 {
        0
    } else {
        (11 - r) as u8
    }
}

/// A Brazilian individual taxpayer number, formatted (`123.456.789-09`) or bare digits.
/// Returns the 11 digits.
pub fn cpf(value: &str) -> Result<String, Problem> {
    required(value)?;
    let digits = strip_tax_punctuation(value).ok_or(Problem::CpfFormat)?;
    if digits.len() != 11 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Problem::CpfFormat);
    }
    if digits.iter().all(|&d| d == digits[0]) {
        return Err(Problem::CpfRepeatedDigits);
    }
    let d1 = mod11_check_digit(&digits[..9], &[10, 9, 8, 7, 6, 5, 4, 3, 2]);
    let d2 = mod11_check_digit(&digits[..10], &[11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    if digits[9] - b'0' != d1 || digits[10] - b'0' != d2 {
        return Err(Problem::CpfCheckDigits);
    }
    Ok(String::from_utf8(digits).expect("ASCII digits"))
}

/// A Brazilian company number, formatted (`11.222.333/0001-81`) or bare. Accepts the
/// alphanumeric CNPJ issued since July 2026 (letters in the first 12 positions, e.g.
/// `12.ABC.345/01DE-35`; lowercase is uppercased). Returns the 14 characters, uppercase.
pub fn cnpj(value: &str) -> Result<String, Problem> {
    required(value)?;
    let chars = strip_tax_punctuation(value).ok_or(Problem::CnpjFormat)?;
    if chars.len() != 14 || !chars[12..].iter().all(u8::is_ascii_digit) {
        return Err(Problem::CnpjFormat);
    }
    if chars.iter().all(|&c| c == chars[0]) {
        return Err(Problem::CnpjRepeatedDigits);
    }
    let d1 = mod11_check_digit(&chars[..12], &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    let d2 = mod11_check_digit(&chars[..13], &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    if chars[12] - b'0' != d1 || chars[13] - b'0' != d2 {
        return Err(Problem::CnpjCheckDigits);
    }
    Ok(String::from_utf8(chars).expect("ASCII alphanumerics"))
}

/// The `taxId` for a customer or party residing/incorporated in `country_alpha3`: a CPF
/// (individual) or CNPJ (business) for `BRA`; elsewhere 3 to 40 characters of
/// `A-Z a-z 0-9 space . - /` with at least 3 letters or digits.
pub fn tax_id(country_alpha3: &str, value: &str, is_business: bool) -> Result<(), Problem> {
    required(value)?;
    if country_alpha3 == "BRA" {
        return if is_business {
            cnpj(value).map(drop)
        } else {
            cpf(value).map(drop)
        };
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-' | '/'))
    {
        return Err(Problem::TaxIdCharset);
    }
    let alphanumerics = value.chars().filter(char::is_ascii_alphanumeric).count();
    if !(3..=40).contains(&value.len()) || alphanumerics < 3 {
        return Err(Problem::TaxIdFormat);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Dates

/// A real calendar date written `YYYY-MM-DD`.
pub fn date(value: &str) -> Result<Date, Problem> {
    required(value)?;
    let b = value.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(Problem::DateFormat);
    }
    let num = |s: &str| s.parse::<u16>().expect("ASCII digits");
    let (year, month, day) = (num(&value[..4]), num(&value[5..7]), num(&value[8..]));
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or(Problem::DateNotReal)?;
    if year == 0 {
        return Err(Problem::DateNotReal);
    }
    Date::from_calendar_date(i32::from(year), month, day as u8).map_err(|_| Problem::DateNotReal)
}

/// A date that is today or earlier (e.g. `incorporationDate`).
pub fn past_date(value: &str, today: Date) -> Result<Date, Problem> {
    let d = date(value)?;
    if d > today {
        Err(Problem::DateInFuture)
    } else {
        Ok(d)
    }
}

/// Full years between `birth` and `today` (a 29 February birthday comes on 1 March in
/// common years).
fn age_in_years(birth: Date, today: Date) -> i32 {
    let before_birthday =
        (u8::from(today.month()), today.day()) < (u8::from(birth.month()), birth.day());
    today.year() - birth.year() - i32::from(before_birthday)
}

/// A person's birth date: not in the future, at least 18 and at most 120 years ago.
pub fn birth_date(value: &str, today: Date) -> Result<Date, Problem> {
    let d = past_date(value, today)?;
    let age = age_in_years(d, today);
    if age < 18 {
        Err(Problem::NotAdult)
    } else if age > 120 {
        Err(Problem::TooOld)
    } else {
        Ok(d)
    }
}

// ---------------------------------------------------------------------------------------
// Contact

/// A pragmatic email check: one `@`, a non-empty local part without leading, trailing or
/// doubled dots, a domain with a dot (no empty labels, a top-level domain of 2+
/// characters), no whitespace or characters that need quoting, at most 254 characters.
pub fn email(value: &str) -> Result<(), Problem> {
    required(value)?;
    if value.chars().count() > 254 {
        return Err(Problem::EmailTooLong);
    }
    if value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "()<>,;:\\\"[]".contains(c))
    {
        return Err(Problem::EmailFormat);
    }
    let Some((local, domain)) = value.split_once('@') else {
        return Err(Problem::EmailFormat);
    };
    if local.is_empty() || domain.contains('@') || !domain.contains('.') {
        return Err(Problem::EmailFormat);
    }
    // Unquoted local parts are dot-separated atoms: no empty atom (`ana..souza`, `.ana`).
    if local.split('.').any(str::is_empty) {
        return Err(Problem::EmailFormat);
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last().expect("split yields at least one item");
    if labels.iter().any(|l| l.is_empty()) || tld.chars().count() < 2 {
        return Err(Problem::EmailFormat);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Country, numbers, web

/// An ISO 3166-1 alpha-3 code, uppercase (`BRA`).
pub fn country(value: &str) -> Result<&'static Country, Problem> {
    required(value)?;
    if let Some(c) = find(value) {
        return Ok(c);
    }
    if find(&value.to_ascii_uppercase()).is_some() {
        Err(Problem::CountryNotUppercase)
    } else {
        Err(Problem::CountryUnknown)
    }
}

/// An ownership percentage: greater than 0, at most 100.
pub fn percentage(value: f64) -> Result<(), Problem> {
    if value > 0.0 && value <= 100.0 {
        Ok(())
    } else {
        Err(Problem::PercentageRange)
    }
}

/// A money amount as the API wants it: digits, optionally `.` and 1–2 decimals, no signs
/// or separators (`"5000"`, `"1000000.00"`), greater than zero.
pub fn decimal_amount(value: &str) -> Result<(), Problem> {
    required(value)?;
    let (int, frac) = match value.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (value, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let frac_ok = frac.is_none_or(|f| f.len() <= 2 && all_digits(f));
    if !all_digits(int) || !frac_ok {
        return Err(Problem::AmountFormat);
    }
    if value.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(Problem::AmountNotPositive);
    }
    Ok(())
}

/// A website: `http://` or `https://`, a host name with a dot (letters, digits and
/// hyphens per label, alphabetic or `xn--` top-level domain), optional port, path, query.
pub fn url(value: &str) -> Result<(), Problem> {
    required(value)?;
    if value.chars().count() > 2048 {
        return Err(Problem::TooLong);
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Problem::UrlFormat);
    }
    let lower_prefix = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    let rest = if lower_prefix.starts_with("https://") {
        &value[8..]
    } else if lower_prefix.starts_with("http://") {
        &value[7..]
    } else {
        return Err(Problem::UrlFormat);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(Problem::UrlFormat);
    }
    let host = match authority.split_once(':') {
        Some((host, port)) => {
            let port_ok = (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit());
            if !port_ok {
                return Err(Problem::UrlFormat);
            }
            host
        }
        None => authority,
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld = labels.last().expect("split yields at least one item");
    let tld_ok = tld.chars().count() >= 2
        && (tld.chars().all(char::is_alphabetic) || tld.to_ascii_lowercase().starts_with("xn--"));
    if labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return Err(Problem::UrlFormat);
    }
    Ok(())
}

/// An address's postal code for `country_alpha3`: CEP (`01310-100` or `01310100`) for
/// `BRA`, ZIP (`94105`, `94105-1234`) for `USA`, otherwise 2 to 12 letters, digits,
/// spaces or dashes with at least 2 letters or digits.
pub fn postal_code(country_alpha3: &str, value: &str) -> Result<(), Problem> {
    required(value)?;
    let b = value.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match country_alpha3 {
        "BRA" => {
            let ok = (b.len() == 8 && digits(b))
                || (b.len() == 9 && b[5] == b'-' && digits(&b[..5]) && digits(&b[6..]));
            ok.then_some(()).ok_or(Problem::CepFormat)
        }
        "USA" => {
            let ok = (b.len() == 5 && digits(b))
                || (b.len() == 10 && b[5] == b'-' && digits(&b[..5]) && digits(&b[6..]));
            ok.then_some(()).ok_or(Problem::ZipFormat)
        }
        _ => {
            let charset = value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
            let alnum = value.chars().filter(char::is_ascii_alphanumeric).count();
            let ok = charset && (2..=12).contains(&value.len()) && alnum >= 2;
            ok.then_some(()).ok_or(Problem::PostalCode)
        }
    }
}

#[cfg(test)]
mod tests;
