//! Phone numbers, checked against libphonenumber's numbering plans (the `phonenumber`
//! crate): a number must exist in its country's plan, not just look international. A
//! Brazilian mobile, for one, has a 9 before its 8 digits (`+55 11 96123-4567`); the
//! pre-2016 `+55 11 6123-4567` is refused.

use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, PhoneNumber};

use super::{countries::COUNTRIES, required, Problem};
use crate::locale::Language;

/// `+`, then 8 to 15 digits (the first not 0) with optional spaces, dashes and
/// parentheses in between, valid in the numbering plan of its country code. Returns the
/// E.164 form (`"+5511961234567"`).
pub fn phone_e164(value: &str) -> Result<String, Problem> {
    let digits = shape(value)?;
    let number = parse(&digits).ok_or(Problem::PhoneFormat)?;
    if !number.is_valid() {
        return Err(Problem::PhoneNotValidForCountry);
    }
    Ok(number.format().mode(Mode::E164).to_string())
}

/// The strict shape, checked before libphonenumber, whose parser is lenient on purpose
/// (it reads letters as keypad digits and drops what it does not understand).
fn shape(value: &str) -> Result<String, Problem> {
    required(value)?;
    let rest = value.trim().strip_prefix('+').ok_or(Problem::PhoneFormat)?;
    let mut out = String::with_capacity(16);
    out.push('+');
    for c in rest.chars() {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '-' | '(' | ')' => {}
            _ => return Err(Problem::PhoneFormat),
        }
    }
    let digits = &out[1..];
    if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
        return Err(Problem::PhoneFormat);
    }
    Ok(out)
}

fn parse(e164: &str) -> Option<PhoneNumber> {
    phonenumber::parse(None, e164).ok()
}

/// The message for [`Problem::PhoneNotValidForCountry`] on `value`: which country's plan
/// the number was checked against, and an example of a valid number there. Falls back
/// to the generic message when the country cannot be told.
pub fn not_valid_for_country_message(value: &str, lang: Language) -> String {
    let generic = || Problem::PhoneNotValidForCountry.message(lang).to_string();
    let Some(number) = shape(value).ok().and_then(|d| parse(&d)) else {
        return generic();
    };
    let code = number.country().code();
    // An invalid number may not tell which of the countries sharing a code (+1, +7) it
    // belongs to: then the code's main country is named.
    let region = number
        .country()
        .id()
        .map(|id| id.as_ref().to_string())
        .or_else(|| {
            DATABASE
                .by_code(&code)?
                .into_iter()
                .find(|m| m.is_main_country_for_code())
                .map(|m| m.id().to_string())
        });
    let Some(region) = region else {
        return generic();
    };
    let name = COUNTRIES
        .iter()
        .find(|c| c.alpha2 == region)
        .map(|c| lang.say(c.name_en, c.name_pt))
        .unwrap_or(region.as_str());
    let example = example_number(&region)
        .map(|e| match lang {
            Language::En => format!(", e.g. {e}"),
            Language::PtBr => format!(", por exemplo {e}"),
        })
        .unwrap_or_default();
    match lang {
        Language::En => format!(
            "This is not a valid phone number for {name} (+{code}): check the area code and the number of digits{example}"
        ),
        Language::PtBr => format!(
            "Este não é um telefone válido para o país {name} (+{code}): confira o código de área (DDD) e a quantidade de dígitos{example}"
        ),
    }
}

/// libphonenumber's example mobile (else fixed-line) number for `region`, formatted
/// internationally (`+55 11 96123-4567`).
fn example_number(region: &str) -> Option<String> {
    let meta = DATABASE.by_id(region)?;
    let d = meta.descriptors();
    let national = d
        .mobile()
        .and_then(|m| m.example())
        .or_else(|| d.fixed_line().and_then(|f| f.example()))?;
    let number = parse(&format!("+{}{national}", meta.country_code()))?;
    Some(number.format().mode(Mode::International).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_come_back_in_e164() {
        for (input, out) in [
            ("+55 11 96123-4567", "+5511961234567"),
            ("+5511999999999", "+5511999999999"),
            ("+55 (21) 3000-0000", "+552130000000"),
            ("+1 415 555 2671", "+14155552671"),
            ("+351 912 345 678", "+351912345678"),
            ("+44 20 7946 0958", "+442079460958"),
        ] {
            assert_eq!(phone_e164(input).as_deref(), Ok(out), "{input}");
        }
    }

    #[test]
    fn well_shaped_numbers_outside_their_countrys_plan_are_refused() {
        for bad in [
            // A Brazilian mobile without the 9 after the area code.
            "+55 11 9999-9999",
            "+551161234567",
            // No such Brazilian area code (20).
            "+55 20 96123-4567",
            // US area codes never start with 0 or 1.
            "+1 015 555 2671",
            "+44 12345678",
        ] {
            assert_eq!(
                phone_e164(bad),
                Err(Problem::PhoneNotValidForCountry),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_message_names_the_country_and_shows_a_valid_example() {
        let en = not_valid_for_country_message("+55 11 9999-9999", Language::En);
        assert!(en.contains("for Brazil (+55)"), "{en}");
        let example = en.rsplit("e.g. ").next().unwrap();
        assert!(phone_e164(example).is_ok(), "{en}");
        let pt = not_valid_for_country_message("+55 11 9999-9999", Language::PtBr);
        assert!(pt.contains("país Brasil (+55)"), "{pt}");
        assert!(pt.contains("por exemplo +55"), "{pt}");
        let us = not_valid_for_country_message("+1 015 555 2671", Language::PtBr);
        assert!(us.contains("Estados Unidos (+1)"), "{us}");
    }
}
