use super::*;
use std::collections::HashSet;
use time::macros::date as d;

const TODAY: Date = d!(2026 - 11 - 26);

// --- messages ----------------------------------------------------------------------------

#[test]
fn all_lists_every_variant_once() {
    // A new variant missing from ALL fails to compile here.
    for p in Problem::ALL {
        match p {
            Problem::Required
            | Problem::TooLong
            | Problem::TaxIdFormat
            | Problem::TaxIdCharset
            | Problem::CpfFormat
            | Problem::CpfCheckDigits
            | Problem::CpfRepeatedDigits
            | Problem::CnpjFormat
            | Problem::CnpjCheckDigits
            | Problem::CnpjRepeatedDigits
            | Problem::DateFormat
            | Problem::DateNotReal
            | Problem::DateInFuture
            | Problem::NotAdult
            | Problem::TooOld
            | Problem::EmailFormat
            | Problem::EmailTooLong
            | Problem::PhoneFormat
            | Problem::PhoneNotValidForCountry
            | Problem::HiddenCharacters
            | Problem::CountryUnknown
            | Problem::CountryNotUppercase
            | Problem::EnumUnknown
            | Problem::NoneExclusive
            | Problem::PercentageRange
            | Problem::UrlFormat
            | Problem::AmountFormat
            | Problem::AmountNotPositive
            | Problem::PostalCode
            | Problem::CepFormat
            | Problem::ZipFormat
            | Problem::Duplicate
            | Problem::RepresentativeRequired
            | Problem::BusinessPartyRole
            | Problem::UboBelow25
            | Problem::ParentUnknown
            | Problem::SharesOver100 => {}
        }
    }
    let unique: HashSet<_> = Problem::ALL.iter().collect();
    assert_eq!(unique.len(), Problem::ALL.len());
    assert_eq!(Problem::ALL.len(), 37);
}

#[test]
fn every_problem_has_distinct_messages_in_both_languages() {
    let mut seen_en = HashSet::new();
    let mut seen_pt = HashSet::new();
    for &p in Problem::ALL {
        let en = p.message(Language::En);
        let pt = p.message(Language::PtBr);
        assert!(!en.trim().is_empty() && !pt.trim().is_empty(), "{p:?}");
        assert_ne!(en, pt, "{p:?} is not translated");
        assert!(seen_en.insert(en), "{p:?} reuses an English message");
        assert!(seen_pt.insert(pt), "{p:?} reuses a Portuguese message");
    }
}

#[test]
fn messages_read_as_specified() {
    assert_eq!(
        Problem::CpfCheckDigits.message(Language::En),
        "CPF check digits do not match — check for a typo"
    );
    assert_eq!(
        Problem::CpfCheckDigits.message(Language::PtBr),
        "Os dígitos verificadores do CPF não conferem — verifique se há erro de digitação"
    );
}

#[test]
fn problems_serialise_in_camel_case() {
    assert_eq!(
        serde_json::to_value(Problem::CpfCheckDigits).unwrap(),
        "cpfCheckDigits"
    );
    assert_eq!(serde_json::to_value(Problem::TooOld).unwrap(), "tooOld");
}

#[test]
fn field_error_carries_field_and_localised_message() {
    let e = field_error("taxId", Problem::CpfCheckDigits, Language::PtBr);
    assert_eq!(e.field, "taxId");
    assert_eq!(e.message, Problem::CpfCheckDigits.message(Language::PtBr));
    let e = field_error("address.country", Problem::CountryUnknown, Language::En);
    assert_eq!(
        e,
        FieldError::new(
            "address.country",
            Problem::CountryUnknown.message(Language::En)
        )
    );
}

#[test]
fn check_collects_errors_and_passes_values() {
    let mut errors = Vec::new();
    let tax = check(&mut errors, "taxId", Language::En, cpf("529.982.247-25"));
    let mail = check(&mut errors, "email", Language::En, email("nope"));
    let birth = check(
        &mut errors,
        "birthDate",
        Language::En,
        birth_date("2020-01-01", TODAY),
    );
    assert_eq!(tax.as_deref(), Some("52998224725"));
    assert_eq!(mail, None);
    assert_eq!(birth, None);
    assert_eq!(
        errors,
        vec![
            field_error("email", Problem::EmailFormat, Language::En),
            field_error("birthDate", Problem::NotAdult, Language::En),
        ]
    );
}

#[test]
fn today_utc_is_plausible() {
    let t = today_utc();
    assert!(t.year() >= 2025, "{t}");
}

// --- generic -----------------------------------------------------------------------------

#[test]
fn required_and_max_chars() {
    assert_eq!(required(""), Err(Problem::Required));
    assert_eq!(required(" \t\n"), Err(Problem::Required));
    assert_eq!(required("Maria"), Ok(()));
    assert_eq!(max_chars("", 5), Err(Problem::Required));
    assert_eq!(max_chars("Acácia", 6), Ok(())); // counts characters, not bytes
    assert_eq!(max_chars("Acácias", 6), Err(Problem::TooLong));
}

const ACTIVITIES: &[&str] = &["NONE", "ADULT_ENTERTAINMENT", "DRUGS", "GAMBLING"];

#[test]
fn one_of_matches_exactly() {
    assert_eq!(one_of("DRUGS", ACTIVITIES), Ok(()));
    assert_eq!(one_of("drugs", ACTIVITIES), Err(Problem::EnumUnknown));
    assert_eq!(one_of("CASINO", ACTIVITIES), Err(Problem::EnumUnknown));
    assert_eq!(one_of("", ACTIVITIES), Err(Problem::Required));
}

#[test]
fn multi_select_rules() {
    let none = Some("NONE");
    assert_eq!(multi_select(&["NONE"], ACTIVITIES, none), Ok(()));
    assert_eq!(
        multi_select(&["DRUGS", "GAMBLING"], ACTIVITIES, none),
        Ok(())
    );
    assert_eq!(
        multi_select(&["NONE", "DRUGS"], ACTIVITIES, none),
        Err(Problem::NoneExclusive)
    );
    assert_eq!(
        multi_select(&["DRUGS", "NONE"], ACTIVITIES, none),
        Err(Problem::NoneExclusive)
    );
    assert_eq!(multi_select(&["DRUGS", "NONE"], ACTIVITIES, None), Ok(()));
    assert_eq!(
        multi_select::<&str>(&[], ACTIVITIES, none),
        Err(Problem::Required)
    );
    assert_eq!(
        multi_select(&["DRUGS".to_string(), "X".to_string()], ACTIVITIES, none),
        Err(Problem::EnumUnknown)
    );
}

// --- CPF -----------------------------------------------------------------------------------

#[test]
fn valid_cpfs_formatted_or_bare() {
    for (input, digits) in [
        ("529.982.247-25", "52998224725"),
        ("52998224725", "52998224725"),
        ("111.444.777-35", "11144477735"),
        (" 111 444 777 35 ", "11144477735"),
        ("123.456.789-09", "12345678909"),
    ] {
        assert_eq!(cpf(input).as_deref(), Ok(digits), "{input}");
    }
}

#[test]
fn cpf_check_digit_mismatch() {
    for bad in [
        "529.982.247-24",
        "529.982.247-15",
        "123.456.789-00", // the API docs' placeholder
        "987.654.321-01",
        "11144477736",
    ] {
        assert_eq!(cpf(bad), Err(Problem::CpfCheckDigits), "{bad}");
    }
}

#[test]
fn cpf_wrong_length_or_characters() {
    for bad in [
        "529.982.247-2",
        "5299822472",
        "529982247250",
        "529.982.247-2X",
        "529,982,247-25",
        "52998224725a",
        "11.222.333/0001-81",
    ] {
        assert_eq!(cpf(bad), Err(Problem::CpfFormat), "{bad}");
    }
    assert_eq!(cpf(""), Err(Problem::Required));
    assert_eq!(cpf("   "), Err(Problem::Required));
}

#[test]
fn cpf_all_same_digit_is_refused() {
    for d in '0'..='9' {
        let bare: String = std::iter::repeat_n(d, 11).collect();
        assert_eq!(cpf(&bare), Err(Problem::CpfRepeatedDigits), "{bare}");
    }
    assert_eq!(cpf("111.111.111-11"), Err(Problem::CpfRepeatedDigits));
}

// --- CNPJ ----------------------------------------------------------------------------------

#[test]
fn valid_cnpjs() {
    for (input, bare) in [
        ("11.222.333/0001-81", "11222333000181"),
        ("11222333000181", "11222333000181"),
        ("11.444.777/0001-61", "11444777000161"),
        // Alphanumeric CNPJ (Receita Federal's published example).
        ("12.ABC.345/01DE-35", "12ABC34501DE35"),
        ("12abc34501de35", "12ABC34501DE35"),
    ] {
        assert_eq!(cnpj(input).as_deref(), Ok(bare), "{input}");
    }
}

#[test]
fn cnpj_check_digit_mismatch() {
    for bad in [
        "11.222.333/0001-82",
        "11.222.333/0001-71",
        "11.222.333/0002-81",
        "12.ABC.345/01DE-36",
        "12.ABD.345/01DE-35",
    ] {
        assert_eq!(cnpj(bad), Err(Problem::CnpjCheckDigits), "{bad}");
    }
}

#[test]
fn cnpj_wrong_length_or_characters() {
    for bad in [
        "11.222.333/0001-8",
        "112223330001811",
        "529.982.247-25",
        "11.222.333/0001-8A", // check digits are always numeric
        "11.222.333/0001_81",
        "11.222.333/0001-8é",
    ] {
        assert_eq!(cnpj(bad), Err(Problem::CnpjFormat), "{bad}");
    }
    assert_eq!(cnpj(""), Err(Problem::Required));
}

#[test]
fn cnpj_all_same_digit_is_refused() {
    assert_eq!(cnpj("00.000.000/0000-00"), Err(Problem::CnpjRepeatedDigits));
    assert_eq!(cnpj("11111111111111"), Err(Problem::CnpjRepeatedDigits));
}

// --- tax_id --------------------------------------------------------------------------------

#[test]
fn brazilian_tax_ids_follow_the_customer_type() {
    assert_eq!(tax_id("BRA", "529.982.247-25", false), Ok(()));
    assert_eq!(tax_id("BRA", "11.222.333/0001-81", true), Ok(()));
    assert_eq!(
        tax_id("BRA", "11.222.333/0001-81", false),
        Err(Problem::CpfFormat)
    );
    assert_eq!(
        tax_id("BRA", "529.982.247-25", true),
        Err(Problem::CnpjFormat)
    );
    assert_eq!(
        tax_id("BRA", "529.982.247-26", false),
        Err(Problem::CpfCheckDigits)
    );
    assert_eq!(tax_id("BRA", "", true), Err(Problem::Required));
}

#[test]
fn foreign_tax_ids() {
    for ok in [
        "123-45-6789",
        "123456-7",
        "DE 123/456.789",
        "ABC",
        "X1 Y2 Z3",
    ] {
        assert_eq!(tax_id("USA", ok, false), Ok(()), "{ok}");
    }
    assert_eq!(tax_id("DEU", &"9".repeat(40), true), Ok(()));
    assert_eq!(
        tax_id("DEU", &"9".repeat(41), true),
        Err(Problem::TaxIdFormat)
    );
    assert_eq!(tax_id("USA", "12", false), Err(Problem::TaxIdFormat));
    assert_eq!(tax_id("USA", "1-2", false), Err(Problem::TaxIdFormat));
    assert_eq!(tax_id("USA", "1-2-", false), Err(Problem::TaxIdFormat));
    assert_eq!(tax_id("USA", "--//..", false), Err(Problem::TaxIdFormat));
    assert_eq!(tax_id("USA", "123_456", false), Err(Problem::TaxIdCharset));
    assert_eq!(tax_id("USA", "123#456", false), Err(Problem::TaxIdCharset));
    assert_eq!(tax_id("FRA", "ÉTÉ1234", true), Err(Problem::TaxIdCharset));
    assert_eq!(tax_id("USA", "  ", false), Err(Problem::Required));
    // Only "BRA" (exact) switches to CPF/CNPJ rules.
    assert_eq!(tax_id("bra", "123", false), Ok(()));
}

// --- dates ---------------------------------------------------------------------------------

#[test]
fn real_dates_parse() {
    assert_eq!(date("2024-02-29"), Ok(d!(2024 - 02 - 29)));
    assert_eq!(date("1990-01-01"), Ok(d!(1990 - 01 - 01)));
    assert_eq!(date("2000-12-31"), Ok(d!(2000 - 12 - 31)));
}

#[test]
fn impossible_dates_are_not_real() {
    for bad in [
        "2023-02-29",
        "1900-02-29",
        "2024-02-30",
        "2024-04-31",
        "2024-13-01",
        "2024-00-10",
        "2024-01-00",
        "2024-01-32",
        "0000-01-01",
    ] {
        assert_eq!(date(bad), Err(Problem::DateNotReal), "{bad}");
    }
}

#[test]
fn misshapen_dates_are_format_errors() {
    for bad in [
        "01/02/1990",
        "1990-1-2",
        "1990/01/02",
        "19900102",
        "1990-01-02T00:00:00Z",
        " 1990-01-02",
        "199a-01-02",
        "1990-01-+2",
    ] {
        assert_eq!(date(bad), Err(Problem::DateFormat), "{bad}");
    }
    assert_eq!(date(""), Err(Problem::Required));
}

#[test]
fn past_date_allows_today_but_not_tomorrow() {
    assert_eq!(past_date("2026-11-26", TODAY), Ok(TODAY));
    assert_eq!(past_date("2020-01-01", TODAY), Ok(d!(2020 - 01 - 01)));
    assert_eq!(past_date("2026-11-27", TODAY), Err(Problem::DateInFuture));
    assert_eq!(past_date("2031-02-29", TODAY), Err(Problem::DateNotReal));
}

#[test]
fn birth_date_adult_boundary() {
    assert_eq!(birth_date("2008-11-26", TODAY), Ok(d!(2008 - 11 - 26)));
    assert_eq!(birth_date("2008-11-27", TODAY), Err(Problem::NotAdult));
    assert_eq!(birth_date("2026-11-26", TODAY), Err(Problem::NotAdult));
    assert_eq!(birth_date("2027-01-01", TODAY), Err(Problem::DateInFuture));
    assert_eq!(birth_date("1985-07-10", TODAY), Ok(d!(1985 - 07 - 10)));
}

#[test]
fn birth_date_on_29_february_comes_of_age_on_1_march() {
    let born = "2008-02-29";
    assert_eq!(birth_date(born, d!(2026 - 02 - 28)), Err(Problem::NotAdult));
    assert_eq!(birth_date(born, d!(2026 - 03 - 01)), Ok(d!(2008 - 02 - 29)));
}

#[test]
fn birth_date_too_old_boundary() {
    // 120 full years is still plausible; 121 is not.
    assert_eq!(birth_date("1906-11-26", TODAY), Ok(d!(1906 - 11 - 26)));
    assert_eq!(birth_date("1905-11-27", TODAY), Ok(d!(1905 - 11 - 27)));
    assert_eq!(birth_date("1905-11-26", TODAY), Err(Problem::TooOld));
    assert_eq!(birth_date("1800-01-01", TODAY), Err(Problem::TooOld));
    assert_eq!(birth_date("1990-13-01", TODAY), Err(Problem::DateNotReal));
    assert_eq!(birth_date("", TODAY), Err(Problem::Required));
}

// --- email ---------------------------------------------------------------------------------

#[test]
fn valid_emails() {
    for ok in [
        "hello@lumx.io",
        "maria@example.com",
        "first.last+kyc@sub.empresa.com.br",
        "joão@empresa.com.br",
        "a@b.co",
    ] {
        assert_eq!(email(ok), Ok(()), "{ok}");
    }
}

#[test]
fn invalid_emails() {
    for bad in [
        "plainaddress",
        "@lumx.io",
        "hello@",
        "hello@lumx",
        "hello@@lumx.io",
        "a@b@lumx.io",
        "hello @lumx.io",
        "hello@lumx .io",
        "hello@lumx.io ",
        "hello@.lumx.io",
        "hello@lumx.io.",
        "hello@lumx..io",
        "hello@lumx.i",
        "\"hello\"@lumx.io",
        "hello,there@lumx.io",
        "<hello@lumx.io>",
        "ana..souza@lumx.io",
        ".ana@lumx.io",
        "ana.@lumx.io",
    ] {
        assert_eq!(email(bad), Err(Problem::EmailFormat), "{bad}");
    }
    assert_eq!(email(""), Err(Problem::Required));
}

#[test]
fn email_length_limit() {
    let domain = "@example.com"; // 12 chars
    let at_limit = format!("{}{domain}", "a".repeat(254 - domain.len()));
    assert_eq!(at_limit.len(), 254);
    assert_eq!(email(&at_limit), Ok(()));
    let over = format!("a{at_limit}");
    assert_eq!(email(&over), Err(Problem::EmailTooLong));
}

// --- phone ---------------------------------------------------------------------------------

#[test]
fn phones_normalise_to_plus_digits() {
    for (input, out) in [
        ("+5511999999999", "+5511999999999"),
        ("+55 11 99999-9999", "+5511999999999"),
        ("+55 (11) 99999-9999", "+5511999999999"),
        (" +1 (415) 555-0100 ", "+14155550100"),
        ("+55 21 3000-0000", "+552130000000"), // a Rio landline: 8 digits, no 9
    ] {
        assert_eq!(phone_e164(input).as_deref(), Ok(out), "{input}");
    }
}

#[test]
fn invalid_phones() {
    for bad in [
        "5511999999999",     // no +
        "005511999999999",   // international prefix instead of +
        "+55 11 9999.9999",  // dots
        "+55 11 99999-999x", // letters
        "+1234567",          // 7 digits
        "+1234567890123456", // 16 digits
        "+0 11 99999 9999",  // country codes never start with 0
        "++5511999999999",
        "+55+11999999999",
        "(+55) 11 99999-9999",
        "+",
    ] {
        assert_eq!(phone_e164(bad), Err(Problem::PhoneFormat), "{bad}");
    }
    assert_eq!(phone_e164(""), Err(Problem::Required));
}

#[test]
fn phones_must_exist_in_their_countrys_numbering_plan() {
    // libphonenumber's Brazilian mobiles have a 9 and 8 more digits after the area code.
    assert!(phone_e164("+55 11 99999-9999").is_ok());
    for bad in ["+551199999999", "+55 11 8999-9999", "+55 20 99999-9999"] {
        assert_eq!(
            phone_e164(bad),
            Err(Problem::PhoneNotValidForCountry),
            "{bad}"
        );
    }
    let en = phone_not_valid_message("+551199999999", Language::En);
    let pt = phone_not_valid_message("+551199999999", Language::PtBr);
    assert!(
        en.contains("Brazil (+55)") && pt.contains("Brasil (+55)"),
        "{en} / {pt}"
    );
}

// --- country -------------------------------------------------------------------------------

#[test]
fn country_codes() {
    let bra = country("BRA").unwrap();
    assert_eq!(
        (bra.name_pt, bra.name_en, bra.alpha2),
        ("Brasil", "Brazil", "BR")
    );
    assert_eq!(country("USA").unwrap().name_pt, "Estados Unidos");
    assert_eq!(country("CYM").unwrap().name_en, "Cayman Islands");
    assert_eq!(country("bra"), Err(Problem::CountryNotUppercase));
    assert_eq!(country("Deu"), Err(Problem::CountryNotUppercase));
    for bad in ["BR", "BRAZIL", "XYZ", "EU", " BRA", "BRA "] {
        assert_eq!(country(bad), Err(Problem::CountryUnknown), "{bad}");
    }
    assert_eq!(country(""), Err(Problem::Required));
}

#[test]
fn country_table_is_reexported() {
    assert!((240..=260).contains(&COUNTRIES.len()));
    assert_eq!(find("DEU").map(|c| c.name_pt), Some("Alemanha"));
    assert_eq!(country_options().len(), COUNTRIES.len());
}

// --- numbers -------------------------------------------------------------------------------

#[test]
fn percentages() {
    for ok in [0.01, 25.0, 40.0, 99.999, 100.0] {
        assert_eq!(percentage(ok), Ok(()), "{ok}");
    }
    for bad in [
        0.0,
        -0.0,
        -5.0,
        100.0001,
        250.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        assert_eq!(percentage(bad), Err(Problem::PercentageRange), "{bad}");
    }
}

#[test]
fn amounts() {
    for ok in [
        "5000",
        "1000",
        "1000000.00",
        "50000.00",
        "0.01",
        "10.5",
        "007",
    ] {
        assert_eq!(decimal_amount(ok), Ok(()), "{ok}");
    }
    for bad in [
        "1.000,00", "1,000.00", "1000.", ".50", "10.123", "-5", "+5", "1e6", "5 000", " 5000",
        "5000 ", "R$ 5000", "1.2.3", "abc",
    ] {
        assert_eq!(decimal_amount(bad), Err(Problem::AmountFormat), "{bad}");
    }
    for zero in ["0", "0.00", "000.0"] {
        assert_eq!(
            decimal_amount(zero),
            Err(Problem::AmountNotPositive),
            "{zero}"
        );
    }
    assert_eq!(decimal_amount(""), Err(Problem::Required));
}

// --- url -----------------------------------------------------------------------------------

#[test]
fn valid_urls() {
    for ok in [
        "https://lumx.io",
        "https://www.lumx.io/",
        "http://example.com.br/about?lang=pt#team",
        "HTTPS://Example.COM",
        "https://example.com:8443/path",
        "https://sub-domain.example.co.uk",
        "https://açaí.com.br",
        "https://example.xn--p1ai",
        "https://example.com.",
    ] {
        assert_eq!(url(ok), Ok(()), "{ok}");
    }
}

#[test]
fn invalid_urls() {
    for bad in [
        "lumx.io",
        "www.lumx.io",
        "ftp://lumx.io",
        "https://",
        "https://lumx",
        "https://localhost:3000",
        "https://192.168.0.1",
        "https://lumx.io extra",
        "https://-lumx.io",
        "https://lumx-.io",
        "https://lumx..io",
        "https://lumx.i",
        "https://user@lumx.io",
        "https://lumx.io:port",
        "https://lumx.io:123456",
        "https://lu_mx.io",
        "http:/lumx.io",
    ] {
        assert_eq!(url(bad), Err(Problem::UrlFormat), "{bad}");
    }
    let long = format!("https://lumx.io/{}", "a".repeat(2100));
    assert_eq!(url(&long), Err(Problem::TooLong));
    assert_eq!(url(""), Err(Problem::Required));
}

// --- postal codes --------------------------------------------------------------------------

#[test]
fn postal_codes() {
    assert_eq!(postal_code("BRA", "20000-000"), Ok(()));
    assert_eq!(postal_code("BRA", "01310100"), Ok(()));
    for bad in [
        "2000-000",
        "20000 000",
        "20000-00",
        "200000000",
        "ABCDE-FGH",
    ] {
        assert_eq!(postal_code("BRA", bad), Err(Problem::CepFormat), "{bad}");
    }
    assert_eq!(postal_code("USA", "94105"), Ok(()));
    assert_eq!(postal_code("USA", "94105-1234"), Ok(()));
    for bad in ["9410", "94105-123", "941051234", "SW1A 1AA"] {
        assert_eq!(postal_code("USA", bad), Err(Problem::ZipFormat), "{bad}");
    }
    for ok in ["SW1A 1AA", "10115", "K1A 0B1", "1010", "D02 X285"] {
        assert_eq!(postal_code("GBR", ok), Ok(()), "{ok}");
    }
    for bad in ["1", "--", "A-", "1234567890123", "75001#", "7500É"] {
        assert_eq!(postal_code("FRA", bad), Err(Problem::PostalCode), "{bad}");
    }
    assert_eq!(postal_code("BRA", " "), Err(Problem::Required));
}
