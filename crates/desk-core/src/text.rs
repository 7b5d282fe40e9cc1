//! Small text helpers shared by search and masking.

/// Lowercases and folds the accents used in Portuguese and Spanish, so "José" matches
/// "jose" and "AÇÃO" matches "acao".
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Masks a tax id, keeping punctuation and the last two characters that are digits or
/// letters: `123.456.789-09` → `***.***.***-09`. Enough to tell customers apart in a
/// list without exposing the document number.
pub fn mask_tax_id(tax_id: &str) -> String {
    let total = tax_id.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    let keep_from = total.saturating_sub(2);
    let mut seen = 0;
    tax_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                seen += 1;
                if seen > keep_from {
                    c
                } else {
                    '*'
                }
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("José da Conceição"), "jose da conceicao");
        assert_eq!(fold("ÁGUA Ñandú"), "agua nandu");
    }

    #[test]
    fn masks_all_but_the_last_two_characters() {
        assert_eq!(mask_tax_id("123.456.789-09"), "***.***.***-09");
        assert_eq!(mask_tax_id("42.887.120/0001-00"), "**.***.***/****-00");
        assert_eq!(mask_tax_id("7"), "7");
        assert_eq!(mask_tax_id(""), "");
    }

    #[test]
    fn keeps_only_digits() {
        assert_eq!(digits("123.456.789-09"), "12345678909");
    }
}
