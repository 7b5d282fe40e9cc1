//! Brazilian CPF/CNPJ generation with valid check digits (used by the seeder), plus
//! the sandbox sentinel: the last digit of a taxId picks the verification outcome.

use rand::Rng;

fn mod11_digit(digits: &[u8], weights: &[u32]) -> u8 {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| *d as u32 * w).sum();
    let r = sum % 11;
    if r < 2 {
        0
    } else {
        (11 - r) as u8
    }
}

fn cpf_digits(base: &[u8; 9]) -> [u8; 11] {
    let mut d = [0u8; 11];
    d[..9].copy_from_slice(base);
    d[9] = mod11_digit(&d[..9], &[10, 9, 8, 7, 6, 5, 4, 3, 2]);
    d[10] = mod11_digit(&d[..10], &[11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    d
}

fn cnpj_digits(base: &[u8; 12]) -> [u8; 14] {
    let mut d = [0u8; 14];
    d[..12].copy_from_slice(base);
    d[12] = mod11_digit(&d[..12], &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    d[13] = mod11_digit(&d[..13], &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    d
}

fn to_str(d: &[u8]) -> String {
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

fn all_same(d: &[u8]) -> bool {
    d.iter().all(|x| *x == d[0])
}

/// A formatted CPF (`123.456.789-09`) whose last check digit equals `last`.
pub fn cpf_ending_in(rng: &mut impl Rng, last: u8) -> String {
    loop {
        let mut base = [0u8; 9];
        for b in &mut base {
            *b = rng.random_range(0..10);
        }
        let d = cpf_digits(&base);
        if d[10] == last && !all_same(&d) {
            let s = to_str(&d);
            return format!("{}.{}.{}-{}", &s[0..3], &s[3..6], &s[6..9], &s[9..11]);
        }
    }
}

/// A formatted CNPJ (`42.887.120/0001-00` shape, branch `0001`) whose last digit equals `last`.
pub fn cnpj_ending_in(rng: &mut impl Rng, last: u8) -> String {
    loop {
        let mut base = [0u8; 12];
        for b in &mut base[..8] {
            *b = rng.random_range(0..10);
        }
        base[8..12].copy_from_slice(&[0, 0, 0, 1]);
        let d = cnpj_digits(&base);
        if d[13] == last && !all_same(&d[..8]) {
            let s = to_str(&d);
            return format!(
                "{}.{}.{}/{}-{}",
                &s[0..2],
                &s[2..5],
                &s[5..8],
                &s[8..12],
                &s[12..14]
            );
        }
    }
}

fn digits_of(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|c| c - b'0')
        .collect()
}

pub fn is_valid_cpf(s: &str) -> bool {
    let d = digits_of(s);
    if d.len() != 11 || all_same(&d) {
        return false;
    }
    let base: [u8; 9] = d[..9].try_into().expect("length checked");
    cpf_digits(&base)[..] == d[..]
}

pub fn is_valid_cnpj(s: &str) -> bool {
    let d = digits_of(s);
    if d.len() != 14 || all_same(&d) {
        return false;
    }
    let base: [u8; 12] = d[..12].try_into().expect("length checked");
    cnpj_digits(&base)[..] == d[..]
}

/// Sandbox outcome selected by the last digit character of a taxId (§4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sentinel {
    /// `1`: verification never starts.
    NeverStarts,
    /// `2`: request for information.
    Rfi,
    /// `3`: final rejection.
    FinalRejection,
    /// Anything else: approved.
    Approved,
}

pub fn sentinel(tax_id: &str) -> Sentinel {
    match tax_id.chars().rev().find(char::is_ascii_digit) {
        Some('1') => Sentinel::NeverStarts,
        Some('2') => Sentinel::Rfi,
        Some('3') => Sentinel::FinalRejection,
        _ => Sentinel::Approved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[test]
    fn known_documents_validate() {
        // Check digits computed by hand for these bases.
        assert!(is_valid_cpf("529.982.247-25"));
        assert!(!is_valid_cpf("529.982.247-24"));
        assert!(!is_valid_cpf("111.111.111-11"));
        assert!(is_valid_cnpj("11.222.333/0001-81"));
        assert!(!is_valid_cnpj("11.222.333/0001-80"));
    }

    #[test]
    fn generated_documents_are_valid_and_end_in_requested_digit() {
        let mut rng = StdRng::seed_from_u64(7);
        for last in 0..10u8 {
            let cpf = cpf_ending_in(&mut rng, last);
            assert!(is_valid_cpf(&cpf), "{cpf}");
            assert_eq!(cpf.len(), 14);
            assert!(cpf.ends_with(char::from(b'0' + last)));
            let cnpj = cnpj_ending_in(&mut rng, last);
            assert!(is_valid_cnpj(&cnpj), "{cnpj}");
            assert_eq!(&cnpj[10..15], "/0001");
            assert!(cnpj.ends_with(char::from(b'0' + last)));
        }
    }

    #[test]
    fn sentinel_uses_last_digit_character() {
        assert_eq!(sentinel("123.456.789-01"), Sentinel::NeverStarts);
        assert_eq!(sentinel("123.456.789-02"), Sentinel::Rfi);
        assert_eq!(sentinel("42.887.120/0001-03"), Sentinel::FinalRejection);
        assert_eq!(sentinel("123-45-6789"), Sentinel::Approved);
        assert_eq!(sentinel("AB12X"), Sentinel::Rfi);
    }
}
