//! Characters that do not show but change what a name means or how it displays: bidi
//! overrides, embeddings and isolates (`U+202A`–`U+202E`, `U+2066`–`U+2069`) reorder the
//! text around them, zero-width characters (`U+200B`–`U+200D`, `U+2060`, `U+FEFF`) make two
//! names that look identical differ, and controls (NUL, the rest of C0 and C1) break the
//! systems downstream. Lumx accepts and echoes them, so they are refused here.
//!
//! By Unicode general category rather than hand ranges: Cc (controls), Cf (format, which
//! holds every bidi and zero-width character above, the soft hyphen and tag characters)
//! and Zl/Zp (the line and paragraph separators, invisible line breaks).

use unicode_general_category::{get_general_category, GeneralCategory as Gc};

use super::Problem;

fn hidden(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::Control | Gc::Format | Gc::LineSeparator | Gc::ParagraphSeparator
    )
}

/// A one-line text (a name, an address line, a city) without hidden characters.
pub fn visible_text(value: &str) -> Result<(), Problem> {
    if value.chars().any(hidden) {
        Err(Problem::HiddenCharacters)
    } else {
        Ok(())
    }
}

/// A multi-line text (a text area): line feeds are how its lines are separated, so they
/// are allowed; everything else hidden is not.
pub fn visible_multiline(value: &str) -> Result<(), Problem> {
    if value.chars().any(|c| c != '\n' && hidden(c)) {
        Err(Problem::HiddenCharacters)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HIDDEN: &[char] = &[
        '\u{202A}',
        '\u{202B}',
        '\u{202C}',
        '\u{202D}',
        '\u{202E}', // embeddings, overrides
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}', // isolates
        '\u{200B}',
        '\u{200C}',
        '\u{200D}',
        '\u{2060}',
        '\u{FEFF}', // zero-width
        '\u{200E}',
        '\u{200F}',
        '\u{061C}', // LRM, RLM, ALM
        '\u{00AD}',
        '\u{E0041}', // soft hyphen, a tag character
        '\u{0}',
        '\u{1}',
        '\u{7}',
        '\u{8}',
        '\t',
        '\r',
        '\u{1B}',
        '\u{1F}',
        '\u{7F}', // C0, DEL
        '\u{80}',
        '\u{85}',
        '\u{9B}',
        '\u{9F}', // C1
        '\u{2028}',
        '\u{2029}', // line and paragraph separators
    ];

    #[test]
    fn every_hidden_character_is_refused_anywhere_in_a_name() {
        for &c in HIDDEN {
            for name in [
                format!("{c}Ana"),
                format!("Ana{c} Souza"),
                format!("Souza{c}"),
            ] {
                assert_eq!(
                    visible_text(&name),
                    Err(Problem::HiddenCharacters),
                    "U+{:04X}",
                    c as u32
                );
                assert_eq!(
                    visible_multiline(&name),
                    Err(Problem::HiddenCharacters),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn line_feeds_only_in_multi_line_text() {
        assert_eq!(visible_text("a\nb"), Err(Problem::HiddenCharacters));
        assert_eq!(visible_multiline("Policy:\nKYC on every client"), Ok(()));
        assert_eq!(visible_multiline("a\r\nb"), Err(Problem::HiddenCharacters));
    }

    #[test]
    fn real_names_in_any_script_pass() {
        for name in [
            "José da Conceição",
            "Ñandú O'Brien-Smith",
            "Zoë Łukasiewicz",
            "محمد عبد الله",
            "שרה כהן",
            "山田 太郎",
            "Αλέξανδρος",
            "Rua Dr. Álvaro Alvim, 123 — apto 4º",
            "Nguyễn Thị Minh Khai",
            "Straße",
        ] {
            assert_eq!(visible_text(name), Ok(()), "{name}");
        }
    }
}
