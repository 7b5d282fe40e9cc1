//! What a draft keeps once the API has the data: a tax id is sent once, at creation, and
//! never again, so after that the draft keeps only a masked form to show.

use crate::wizard::model::Draft;

/// The tax ids the API already holds (the customer once created, each party once
/// created) replaced by their masked form. Idempotent.
pub fn minimize(draft: &mut Draft) {
    if draft.customer_id.is_some() {
        draft.customer.tax_id = mask_tax_id(&draft.customer.tax_id);
    }
    for party in draft.parties.iter_mut().filter(|p| p.remote_id.is_some()) {
        party.tax_id = mask_tax_id(&party.tax_id);
    }
}

/// `529.982.247-25` → `***.***.247-25` (CPF), `11.222.333/0001-81` →
/// `**.***.***/0001-81` (CNPJ), anything else → `****` and its last 4 characters (all
/// masked when shorter than 8). A value already masked is returned as is.
pub fn mask_tax_id(tax_id: &str) -> String {
    let tax_id = tax_id.trim();
    if tax_id.is_empty() || tax_id.contains('*') {
        return tax_id.to_string();
    }
    let digits: Vec<char> = tax_id.chars().filter(char::is_ascii_digit).collect();
    let only_punctuation = tax_id
        .chars()
        .all(|c| c.is_ascii_digit() || ".-/ ".contains(c));
    let tail = |from: usize, to: usize| digits[from..to].iter().collect::<String>();
    match digits.len() {
        11 if only_punctuation => format!("***.***.{}-{}", tail(6, 9), tail(9, 11)),
        14 if only_punctuation => format!("**.***.***/{}-{}", tail(8, 12), tail(12, 14)),
        _ => {
            let chars: Vec<char> = tax_id.chars().filter(|c| c.is_alphanumeric()).collect();
            if chars.len() < 8 {
                "*".repeat(chars.len().max(4))
            } else {
                let last: String = chars[chars.len() - 4..].iter().collect();
                format!("****{last}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvironmentKind;
    use crate::wizard::model::{CustomerKind, PartyForm};

    #[test]
    fn masks_cpf_cnpj_and_other_ids() {
        assert_eq!(mask_tax_id("529.982.247-25"), "***.***.247-25");
        assert_eq!(mask_tax_id("52998224725"), "***.***.247-25");
        assert_eq!(mask_tax_id("11.222.333/0001-81"), "**.***.***/0001-81");
        assert_eq!(mask_tax_id("123-45-6789"), "****6789");
        assert_eq!(mask_tax_id("AB12"), "****");
        assert_eq!(mask_tax_id(""), "");
        // Masking twice keeps the first mask (its digits are no tax id).
        assert_eq!(mask_tax_id("***.***.247-25"), "***.***.247-25");
    }

    #[test]
    fn only_what_the_api_already_has_is_masked() {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Business,
            EnvironmentKind::LocalSandbox,
            "t".into(),
        );
        d.customer.tax_id = "11.222.333/0001-81".into();
        let party = |tax_id: &str, remote: Option<&str>| PartyForm {
            tax_id: tax_id.into(),
            remote_id: remote.map(Into::into),
            ..Default::default()
        };
        d.parties = vec![
            party("529.982.247-25", Some("p1")),
            party("987.654.321-00", None),
        ];
        minimize(&mut d);
        assert_eq!(d.customer.tax_id, "11.222.333/0001-81", "not created yet");
        assert_eq!(d.parties[0].tax_id, "***.***.247-25");
        assert_eq!(d.parties[1].tax_id, "987.654.321-00", "still to be sent");
        d.customer_id = Some("c".into());
        minimize(&mut d);
        assert_eq!(d.customer.tax_id, "**.***.***/0001-81");
    }
}
