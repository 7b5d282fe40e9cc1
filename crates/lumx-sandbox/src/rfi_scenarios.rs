//! Which RFI the sandbox raises when a taxId's last digit asks for one (§4): the taxId's
//! *first* digit picks a realistic scenario, so that tests can ask for one and the
//! seeded customers show varied rounds. Labels and reviewer comments come from Lumx
//! Desk's reject-label dictionary (`desk-core/data/reject_labels.json`), read here by
//! path because the sandbox cannot depend on desk-core.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

const DICTIONARY_JSON: &str = include_str!("../../desk-core/data/reject_labels.json");

/// What the first round declines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// `0`, `1` (and any taxId without digits): the identity document is blurry (else
    /// the proof of address); a business's proof of address and its representative's
    /// document. What the sandbox always did.
    Classic,
    /// `2`: the proof of address is blurry.
    BlurryProofOfAddress,
    /// `3`: the identity document is a screenshot.
    Screenshot,
    /// `4`: the identity document's back side is missing.
    BackSideMissing,
    /// `5`: the proof of address is older than 90 days.
    ProofOfAddressTooOld,
    /// `6`: the name does not match the documents (data, no document).
    DataMismatch,
    /// `7`: the identity document's corners are cut off.
    Cropped,
    /// `8`: the identity document is a black-and-white copy.
    BlackAndWhite,
    /// `9`: the proof of address is not an accepted kind of document.
    ProofOfAddressNotAccepted,
}

/// Where the scenario's label goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    IdentityDocument,
    /// The identity document's back side, uploaded or not.
    IdentityBackSide,
    ProofOfAddress,
    /// The customer's data: labels on the customer, no document.
    Data,
}

impl Scenario {
    pub fn for_tax_id(tax_id: &str) -> Self {
        match tax_id.chars().find(char::is_ascii_digit) {
            Some('2') => Self::BlurryProofOfAddress,
            Some('3') => Self::Screenshot,
            Some('4') => Self::BackSideMissing,
            Some('5') => Self::ProofOfAddressTooOld,
            Some('6') => Self::DataMismatch,
            Some('7') => Self::Cropped,
            Some('8') => Self::BlackAndWhite,
            Some('9') => Self::ProofOfAddressNotAccepted,
            _ => Self::Classic,
        }
    }

    /// `None` for [`Self::Classic`], whose target depends on what was uploaded.
    pub fn target(self) -> Option<Target> {
        Some(match self {
            Self::Classic => return None,
            Self::BlurryProofOfAddress
            | Self::ProofOfAddressTooOld
            | Self::ProofOfAddressNotAccepted => Target::ProofOfAddress,
            Self::Screenshot | Self::Cropped | Self::BlackAndWhite => Target::IdentityDocument,
            Self::BackSideMissing => Target::IdentityBackSide,
            Self::DataMismatch => Target::Data,
        })
    }

    /// The label and sub-label an uploaded document gets declined with.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Self::Classic | Self::BlurryProofOfAddress => ("DOCUMENT_QUALITY", "DOCUMENT_BLURRY"),
            Self::Screenshot => ("SCREENSHOTS", "badPhoto_screenshot"),
            Self::BackSideMissing => ("BACK_SIDE_MISSING", "additionalPages_anotherSide"),
            Self::ProofOfAddressTooOld => ("BAD_PROOF_OF_ADDRESS", "proofOfAddress_issueDate"),
            Self::DataMismatch => ("REQUESTED_DATA_MISMATCH", "dataMismatch_fullName"),
            Self::Cropped => ("INCOMPLETE_DOCUMENT", "badPhoto_incomplete"),
            Self::BlackAndWhite => ("BLACK_AND_WHITE", "badPhoto_blackAndWhite"),
            Self::ProofOfAddressNotAccepted => {
                ("BAD_PROOF_OF_ADDRESS", "proofOfAddress_listOfDocs")
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    code: String,
    sandbox_comment: Option<String>,
}

#[derive(Deserialize)]
struct Source {
    entries: Vec<Entry>,
}

fn comments() -> &'static HashMap<String, Option<String>> {
    static COMMENTS: OnceLock<HashMap<String, Option<String>>> = OnceLock::new();
    COMMENTS.get_or_init(|| {
        let source: Source =
            serde_json::from_str(DICTIONARY_JSON).expect("the reject-label dictionary parses");
        source
            .entries
            .into_iter()
            .map(|e| (e.code, e.sandbox_comment))
            .collect()
    })
}

/// The reviewer's comment for a document declined with `sub_label` (else `label`).
pub fn comment(label: &str, sub_label: &str) -> String {
    let comments = comments();
    comments
        .get(sub_label)
        .or_else(|| comments.get(label))
        .cloned()
        .flatten()
        .unwrap_or_else(|| "Document was not accepted".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_digit_picks_the_scenario() {
        assert_eq!(Scenario::for_tax_id("123.456.789-02"), Scenario::Classic);
        assert_eq!(
            Scenario::for_tax_id("223.456.789-02"),
            Scenario::BlurryProofOfAddress
        );
        assert_eq!(
            Scenario::for_tax_id("42.887.120/0001-02"),
            Scenario::BackSideMissing
        );
        assert_eq!(Scenario::for_tax_id("AB-X"), Scenario::Classic);
    }

    #[test]
    fn every_scenario_label_is_in_the_dictionary_with_a_comment() {
        let comments = comments();
        for digit in '0'..='9' {
            let scenario = Scenario::for_tax_id(&digit.to_string());
            let (label, sub) = scenario.labels();
            assert!(comments.contains_key(label), "{label}");
            assert!(comments.contains_key(sub), "{sub}");
            assert!(
                comments[sub].is_some() || comments[label].is_some(),
                "{scenario:?} has a reviewer comment"
            );
        }
    }
}
