//! The reject-label dictionary: every `rejectLabels` / `rejectSubLabels` value Lumx and
//! Sumsub are known to send (rfi-prevention.md §2–3), explained for the analyst and with
//! a tip for the end customer, in both languages, and the local check that prevents it.
//!
//! The data lives in `data/reject_labels.json` (one file, reviewed like text, also read by
//! the Local sandbox for its reviewer comments); this module parses it once and looks
//! labels up in any spelling: case, `_`, `-` and spaces do not matter, so `SCREENSHOTS`,
//! `screenshots` and `badPhoto_screenshot` each find their entry. A label nobody listed
//! keeps its raw text and gets a generic explanation.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::locale::Language;

/// The dictionary's source, shared with the Local sandbox (which cannot depend on this
/// crate) by path.
pub const DICTIONARY_JSON: &str = include_str!("../data/reject_labels.json");

/// A check Lumx Desk runs that keeps a label from coming back: at pick time on the file
/// (the first group), or before "Start verification" (the second).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum LocalCheck {
    Decodes,
    FileType,
    Resolution,
    Blur,
    Glare,
    CroppedCorners,
    Greyscale,
    Screenshot,
    EditorTraces,
    PdfEncrypted,
    PdfPages,
    FrontEqualsBack,
    SameAsRejected,
    MissingSide,
    ProofOfAddressAge,
    IdExpiry,
    ProofOfAddressPresent,
    Representative,
    Shareholders,
    RegulatedActivity,
    TermsAccepted,
    AdditionalInformation,
    DataValidation,
}

/// What kind of problem a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum LabelCategory {
    Document,
    Image,
    Proof,
    Selfie,
    Data,
    Kyb,
    Final,
    /// Not in the dictionary.
    Unknown,
}

/// Whether the label usually asks for a fix (`resubmission`) or ends the case
/// (`rejected`). Only Lumx's status is certain: the same label can come with either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum LabelKind {
    Resubmission,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Words {
    explanation: String,
    tip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    code: String,
    #[serde(default)]
    aliases: Vec<String>,
    category: LabelCategory,
    kind: LabelKind,
    prevented_by: Vec<LocalCheck>,
    en: Words,
    #[serde(rename = "ptBR")]
    pt_br: Words,
}

#[derive(Deserialize)]
struct Source {
    entries: Vec<Entry>,
}

struct Dictionary {
    entries: Vec<Entry>,
    by_key: HashMap<String, usize>,
}

/// Upper case without `_`, `-` and spaces: the one spelling every variant shares.
fn key(label: &str) -> String {
    label
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_uppercase)
        .collect()
}

fn dictionary() -> &'static Dictionary {
    static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let source: Source =
            serde_json::from_str(DICTIONARY_JSON).expect("data/reject_labels.json is valid");
        let mut by_key = HashMap::new();
        for (index, entry) in source.entries.iter().enumerate() {
            for spelling in std::iter::once(&entry.code).chain(&entry.aliases) {
                by_key.insert(key(spelling), index);
            }
        }
        Dictionary {
            entries: source.entries,
            by_key,
        }
    })
}

fn entry(label: &str) -> Option<&'static Entry> {
    let dictionary = dictionary();
    let direct = dictionary.by_key.get(&key(label));
    // `badPhoto_somethingNew`: at least the group is known.
    let group = || {
        label
            .split_once('_')
            .filter(|(group, rest)| !group.is_empty() && !rest.is_empty())
            .and_then(|(group, _)| dictionary.by_key.get(&key(group)))
    };
    direct.or_else(group).map(|&i| &dictionary.entries[i])
}

/// A label as the analyst sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LabelExplanation {
    /// As Lumx sent it.
    pub label: String,
    /// The dictionary's spelling, `None` when the label is unknown.
    pub code: Option<String>,
    pub category: LabelCategory,
    pub kind: Option<LabelKind>,
    pub explanation: String,
    /// For the end customer (for final labels, for the analyst).
    pub tip: String,
    pub prevented_by: Vec<LocalCheck>,
}

/// Explains `label` in `language`; unknown labels keep their text with a generic note.
pub fn explain(label: &str, language: Language) -> LabelExplanation {
    match entry(label) {
        Some(entry) => {
            let words = match language {
                Language::En => &entry.en,
                Language::PtBr => &entry.pt_br,
            };
            LabelExplanation {
                label: label.to_owned(),
                code: Some(entry.code.clone()),
                category: entry.category,
                kind: Some(entry.kind),
                explanation: words.explanation.clone(),
                tip: words.tip.clone(),
                prevented_by: entry.prevented_by.clone(),
            }
        }
        None => LabelExplanation {
            label: label.to_owned(),
            code: None,
            category: LabelCategory::Unknown,
            kind: None,
            explanation: language
                .say(
                    "Lumx gave this reason without an explanation we know.",
                    "A Lumx deu este motivo sem uma explicação que conheçamos.",
                )
                .to_owned(),
            tip: language
                .say(
                    "Read the reviewer's comment; if it is unclear, ask Lumx compliance what to send.",
                    "Leia o comentário do revisor; se não estiver claro, pergunte à compliance da Lumx o que enviar.",
                )
                .to_owned(),
            prevented_by: Vec::new(),
        },
    }
}

/// Explains each label once, in order (labels that are spellings of one entry count once).
pub fn explain_all<'a>(
    labels: impl IntoIterator<Item = &'a String>,
    language: Language,
) -> Vec<LabelExplanation> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for label in labels {
        let explained = explain(label, language);
        let identity = explained.code.clone().unwrap_or_else(|| key(label));
        if !seen.contains(&identity) {
            seen.push(identity);
            out.push(explained);
        }
    }
    out
}

/// The checks that prevent any of `labels`, in the labels' order, once each.
pub fn checks_for<'a>(labels: impl IntoIterator<Item = &'a String>) -> Vec<LocalCheck> {
    let mut checks = Vec::new();
    for label in labels {
        for check in entry(label)
            .map(|e| e.prevented_by.as_slice())
            .unwrap_or(&[])
        {
            if !checks.contains(check) {
                checks.push(*check);
            }
        }
    }
    checks
}

/// The dictionary's codes whose problem `check` prevents (for a finding's "prevents").
pub fn labels_prevented_by(check: LocalCheck) -> Vec<&'static str> {
    dictionary()
        .entries
        .iter()
        .filter(|e| e.prevented_by.contains(&check))
        .map(|e| e.code.as_str())
        .collect()
}

/// Every code in the dictionary (tests and the sandbox's scenario check).
pub fn codes() -> Vec<&'static str> {
    dictionary()
        .entries
        .iter()
        .map(|e| e.code.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_parses_and_no_two_spellings_collide() {
        let source: Source = serde_json::from_str(DICTIONARY_JSON).unwrap();
        let mut keys = HashMap::new();
        for entry in &source.entries {
            for spelling in std::iter::once(&entry.code).chain(&entry.aliases) {
                if let Some(other) = keys.insert(key(spelling), entry.code.clone()) {
                    panic!("{spelling} of {} collides with {other}", entry.code);
                }
            }
            for words in [&entry.en, &entry.pt_br] {
                assert!(!words.explanation.trim().is_empty(), "{}", entry.code);
                assert!(!words.tip.trim().is_empty(), "{}", entry.code);
            }
        }
    }

    #[test]
    fn every_label_of_the_facts_is_in_it() {
        // rfi-prevention.md §2–3, and what Lumx's own examples and the sandbox send.
        for label in [
            "ADDITIONAL_DOCUMENT_REQUIRED",
            "BACK_SIDE_MISSING",
            "FRONT_SIDE_MISSING",
            "DOCUMENT_PAGE_MISSING",
            "DOCUMENT_DAMAGED",
            "DOCUMENT_DEPRIVED",
            "DOCUMENT_MISSING",
            "DIGITAL_DOCUMENT",
            "EXPIRATION_DATE",
            "ID_INVALID",
            "INCOMPATIBLE_LANGUAGE",
            "INCOMPLETE_DOCUMENT",
            "UNFILLED_ID",
            "LOW_QUALITY",
            "UNSATISFACTORY_PHOTOS",
            "SCREENSHOTS",
            "BLACK_AND_WHITE",
            "GRAPHIC_EDITOR",
            "BAD_PROOF_OF_ADDRESS",
            "BAD_PROOF_OF_IDENTITY",
            "BAD_PROOF_OF_PAYMENT",
            "BAD_SELFIE",
            "BAD_VIDEO_SELFIE",
            "BAD_FACE_MATCHING",
            "BAD_AVATAR",
            "SELFIE_WITH_PAPER",
            "APPLICANT_INTERRUPTED_INTERVIEW",
            "CONNECTION_INTERRUPTED",
            "UNSUITABLE_ENV",
            "INCORRECT_SOCIAL_NUMBER",
            "PROBLEMATIC_APPLICANT_DATA",
            "REQUESTED_DATA_MISMATCH",
            "WRONG_ADDRESS",
            "NOT_ALL_CHECKS_COMPLETED",
            "COMPANY_NOT_DEFINED_BENEFICIARIES",
            "COMPANY_NOT_DEFINED_REPRESENTATIVES",
            "COMPANY_NOT_DEFINED_STRUCTURE",
            "COMPANY_NOT_VALIDATED_BENEFICIARIES",
            "COMPANY_NOT_VALIDATED_REPRESENTATIVES",
            "ADVERSE_MEDIA",
            "AGE_REQUIREMENT_MISMATCH",
            "BLOCKLIST",
            "CHECK_UNAVAILABLE",
            "COMPROMISED_PERSONS",
            "CRIMINAL",
            "DB_DATA_MISMATCH",
            "DB_DATA_NOT_FOUND",
            "DOCUMENT_TEMPLATE",
            "DUPLICATE",
            "EXPERIENCE_REQUIREMENT_MISMATCH",
            "FORGERY",
            "FRAUDULENT_LIVENESS",
            "FRAUDULENT_PATTERNS",
            "INCONSISTENT_PROFILE",
            "NOT_DOCUMENT",
            "PEP",
            "REGULATIONS_VIOLATIONS",
            "SANCTIONS",
            "SELFIE_MISMATCH",
            "SPAM",
            "THIRD_PARTY_INVOLVED",
            "UNSUPPORTED_LANGUAGE",
            "WRONG_USER_REGION",
            "SUSPICIOUS_PATTERNS",
            "RESTRICTED_PERSON",
            "GPS_AS_POA_SKIPPED",
            "COMPANY_PROBLEMATIC_STRUCTURE",
            "DOCUMENT_QUALITY",
            "DOCUMENT_BLURRY",
            "DOCUMENT_EXPIRED",
            "DIFFERENT_DOCS",
            "SANCTIONS_LIST_MATCH",
            "badPhoto_screenshot",
            "badPhoto_blackAndWhite",
            "badPhoto_editedPoa",
            "badPhoto_dataNotVisible",
            "badPhoto_sticker",
            "badPhoto_incomplete",
            "badPhoto_imageEditor",
            "badPhoto_lowQuality",
            "badDocument_dataNotVisible",
            "badDocument_withoutFace",
            "additionalPages_mainPageId",
            "additionalPages_registrationStamp",
            "additionalPages_expirationPage",
            "additionalPages_nextPage",
            "additionalPages_anotherSide",
            "proofOfAddress_issueDate",
            "proofOfAddress_listOfDocs",
            "proofOfAddress_fullAddress",
            "dataMismatch_fullName",
            "dataMismatch_dateOfBirth",
            "dataMismatch_address",
            "selfie_badFaceComparison",
            "selfie_selfieLiveness",
            "selfie_webcamSelfie",
            "selfie_blackAndWhite",
            "dbNetChecks_checkUnavailable",
            "dbNetChecks_drivingRestrictions",
            "dbNetChecks_incorrectBvn",
            "dbNetChecks_incorrectSsn",
            "dbNetChecks_incorrectTin",
            "regulationsViolations_age",
            "regulationsViolations_duplicate",
            "regulationsViolations_wrongRegion",
            "regulationsViolations_inconsistency",
            "regulationsViolations_countriesMismatch",
            "regulationsViolations_riskBankCard",
            "regulationsViolations_highRiskProfile",
            "spam",
            "redCrypto",
            "blackCrypto",
            "differentDocs",
            "paymentsIssues",
            "badPhoto",
            "proofOfAddress",
        ] {
            let explained = explain(label, Language::En);
            assert!(explained.code.is_some(), "{label} is not in the dictionary");
        }
    }

    #[test]
    fn any_spelling_finds_the_entry_and_unknown_labels_keep_their_text() {
        let upper = explain("BADPHOTO_SCREENSHOT", Language::En);
        let lumx_old = explain("badPhoto_screenshot", Language::PtBr);
        assert_eq!(upper.code, lumx_old.code);
        assert_eq!(
            explain("screenshot", Language::En).code.as_deref(),
            Some("SCREENSHOTS")
        );
        assert!(upper.prevented_by.contains(&LocalCheck::Screenshot));
        assert_ne!(upper.explanation, lumx_old.explanation, "two languages");

        // A new button of a known group is explained by its group.
        let new_button = explain("badPhoto_somethingNew", Language::En);
        assert_eq!(new_button.label, "badPhoto_somethingNew");
        assert_eq!(new_button.code.as_deref(), Some("badPhoto"));

        let unknown = explain("SOMETHING_LUMX_ADDS_LATER", Language::PtBr);
        assert_eq!(unknown.label, "SOMETHING_LUMX_ADDS_LATER");
        assert_eq!(unknown.code, None);
        assert_eq!(unknown.category, LabelCategory::Unknown);
        assert!(unknown.explanation.contains("Lumx"));
    }

    #[test]
    fn checks_follow_the_round_labels() {
        let labels = [
            "badPhoto_screenshot".to_owned(),
            "proofOfAddress_issueDate".to_owned(),
        ];
        let checks = checks_for(&labels);
        assert_eq!(checks.first(), Some(&LocalCheck::Screenshot));
        assert!(checks.contains(&LocalCheck::ProofOfAddressAge));
        assert!(labels_prevented_by(LocalCheck::Blur).contains(&"DOCUMENT_BLURRY"));
    }
}
