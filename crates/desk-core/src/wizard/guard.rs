//! The guard before "Start verification": every documented precondition Lumx's review
//! checks, in one list, each pointing at the step or document slot that fixes it — and
//! the ageing clock. A review takes up to 5 business days (docs.lumx.io), so a proof of
//! address issued 88 days ago is over 90 days old when the reviewer opens it, and an ID
//! must still be valid a month after the review (Sumsub's rule).
//!
//! Missing pieces block (they already keep the steps incomplete); the ageing clock warns:
//! the dates are the analyst's reading of the document, and the review may be quicker.

use serde::Serialize;
use specta::Type;
use time::{Date, Duration, Weekday};

use super::documents::slots;
use super::model::{CustomerKind, Draft, StepId};
use crate::locale::Language;
use crate::reject_labels::{labels_prevented_by, LocalCheck};

/// The longest review (enhanced due diligence), in business days.
pub const REVIEW_BUSINESS_DAYS: u32 = 5;
/// Lumx's limit on a proof of address's age when it is reviewed.
pub const PROOF_OF_ADDRESS_MAX_DAYS: i64 = 90;
/// An identity document must be valid this long after the review (Sumsub: one month).
pub const ID_VALID_AFTER_REVIEW_DAYS: i64 = 31;

/// Which date a slot asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum DocumentDate {
    /// A proof of address: when it was issued.
    IssuedOn,
    /// An identity document (asked on its front): until when it is valid.
    ExpiresOn,
}

/// The date a slot of this document type and side asks for, if any.
pub fn date_asked(document_type: &str, side: Option<&str>) -> Option<DocumentDate> {
    match (document_type, side) {
        ("PROOF_OF_ADDRESS", _) => Some(DocumentDate::IssuedOn),
        ("ID_CARD" | "DRIVERS_LICENSE" | "PASSPORT", Some("FRONT_SIDE")) => {
            Some(DocumentDate::ExpiresOn)
        }
        _ => None,
    }
}

/// One thing the review would reject, and where to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct GuardProblem {
    pub check: LocalCheck,
    /// Missing pieces block; the ageing clock only warns.
    pub blocking: bool,
    pub step: StepId,
    /// The document slot that fixes it, if one does.
    pub slot_id: Option<String>,
    pub message: String,
    /// Label codes it prevents (at most three).
    pub prevents: Vec<String>,
}

/// How the guard's sentences name the documents it speaks of.
fn document_name(document_type: &str, lang: Language) -> &str {
    match document_type {
        "PROOF_OF_ADDRESS" => lang.say("the proof of address", "o comprovante de endereço"),
        "ID_CARD" => lang.say("the ID card", "a carteira de identidade"),
        "DRIVERS_LICENSE" => lang.say("the driver's licence", "a CNH"),
        "PASSPORT" => lang.say("the passport", "o passaporte"),
        "REGULATED_ACTIVITY_DOCUMENT" => lang.say(
            "the regulated activity document",
            "o documento da atividade regulada",
        ),
        other => other,
    }
}

/// Upper-cases the first letter (a sentence that starts with a document's name).
fn sentence(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// `days` business days (Monday to Friday) after `from`.
pub fn add_business_days(from: Date, days: u32) -> Date {
    let mut date = from;
    let mut left = days;
    while left > 0 {
        date = date.next_day().expect("not the end of time");
        if !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    date
}

fn problem(
    check: LocalCheck,
    blocking: bool,
    step: StepId,
    slot_id: Option<String>,
    message: String,
) -> GuardProblem {
    GuardProblem {
        check,
        blocking,
        step,
        slot_id,
        message,
        prevents: labels_prevented_by(check)
            .into_iter()
            .take(3)
            .map(str::to_owned)
            .collect(),
    }
}

/// Everything the guard finds on `draft` today, blocking problems first.
pub fn guard(draft: &Draft, today: Date, lang: Language) -> Vec<GuardProblem> {
    let en = lang == Language::En;
    let mut found = Vec::new();
    if !draft.terms_accepted() {
        found.push(problem(
            LocalCheck::TermsAccepted,
            true,
            StepId::Terms,
            None,
            lang.say(
                "The customer has not accepted the Terms of Service.",
                "O cliente não aceitou os Termos de Uso.",
            )
            .into(),
        ));
    }
    if draft.additional_sent.as_ref() != Some(&draft.additional) {
        found.push(problem(
            LocalCheck::AdditionalInformation,
            true,
            StepId::Additional,
            None,
            lang.say(
                "The additional information is not sent as it is now.",
                "As informações adicionais não foram enviadas como estão agora.",
            )
            .into(),
        ));
    }
    if draft.kind == CustomerKind::Business
        && !draft.parties.iter().any(|p| p.role == "REPRESENTATIVE")
    {
        found.push(problem(
            LocalCheck::Representative,
            true,
            StepId::Parties,
            None,
            lang.say(
                "A business needs a legal representative among its parties.",
                "Uma empresa precisa de um representante legal entre as partes relacionadas.",
            )
            .into(),
        ));
    }
    let review_ends = add_business_days(today, REVIEW_BUSINESS_DAYS);
    for def in slots(draft) {
        let state = draft.slot(&def.slot_id);
        let sent = state.is_some_and(|s| s.uploaded_at.is_some());
        let whose = format!(
            "{} ({})",
            document_name(&def.document_type, lang),
            def.owner_name
        );
        if def.required && !sent {
            let (check, en_text, pt_text) = match (def.document_type.as_str(), &def.side) {
                ("PROOF_OF_ADDRESS", _) => (
                    LocalCheck::ProofOfAddressPresent,
                    "has no proof of address sent",
                    "não tem comprovante de endereço enviado",
                ),
                ("REGULATED_ACTIVITY_DOCUMENT", _) => (
                    LocalCheck::RegulatedActivity,
                    "declares a regulated activity but its document is not sent",
                    "declara atividade regulada, mas o documento dela não foi enviado",
                ),
                (_, Some(side)) => (
                    LocalCheck::MissingSide,
                    if side == "BACK_SIDE" {
                        "has no back side sent"
                    } else {
                        "has no front side sent"
                    },
                    if side == "BACK_SIDE" {
                        "não tem o verso enviado"
                    } else {
                        "não tem a frente enviada"
                    },
                ),
                _ => continue,
            };
            let owner = &def.owner_name;
            let text = if en {
                format!("{owner} {en_text}: {whose}.")
            } else {
                format!("{owner} {pt_text}: {whose}.")
            };
            found.push(problem(
                check,
                true,
                StepId::Documents,
                Some(def.slot_id.clone()),
                sentence(text),
            ));
        }
        let Some(asked) = date_asked(&def.document_type, def.side.as_deref()) else {
            continue;
        };
        let entered = state
            .and_then(|s| s.document_date.as_deref())
            .and_then(|d| crate::validation::date(d).ok());
        let slot = Some(def.slot_id.clone());
        match (asked, entered) {
            (DocumentDate::IssuedOn, None) if state.is_some_and(|s| s.file.is_some()) => {
                found.push(problem(
                    LocalCheck::ProofOfAddressAge,
                    false,
                    StepId::Documents,
                    slot,
                    if en {
                        format!("Enter the issue date of {whose}, so that its age can be checked.")
                    } else {
                        format!("Informe a data de emissão de {whose}, para conferir a idade dele.")
                    },
                ));
            }
            (DocumentDate::IssuedOn, Some(issued)) => {
                let age = (review_ends - issued).whole_days();
                if age > PROOF_OF_ADDRESS_MAX_DAYS {
                    let now = (today - issued).whole_days();
                    found.push(problem(
                        LocalCheck::ProofOfAddressAge,
                        false,
                        StepId::Documents,
                        slot,
                        sentence(if en {
                            format!(
                                "{whose} was issued {now} days ago: when a review of up to 5 business days ends ({review_ends}), it will be {age} days old, over Lumx's {PROOF_OF_ADDRESS_MAX_DAYS}. Ask for a newer one."
                            )
                        } else {
                            format!(
                                "{whose} foi emitido há {now} dias: quando uma análise de até 5 dias úteis terminar ({review_ends}), terá {age} dias, mais que os {PROOF_OF_ADDRESS_MAX_DAYS} da Lumx. Peça um mais recente."
                            )
                        }),
                    ));
                }
            }
            (DocumentDate::ExpiresOn, Some(expires))
                if expires < review_ends + Duration::days(ID_VALID_AFTER_REVIEW_DAYS) =>
            {
                found.push(problem(
                        LocalCheck::IdExpiry,
                        false,
                        StepId::Documents,
                        slot,
                        sentence(if en {
                            format!(
                                "{whose} is valid until {expires}: less than a month after a review of up to 5 business days ends ({review_ends}). Ask for a valid document."
                            )
                        } else {
                            format!(
                                "{whose} vale até {expires}: menos de um mês depois do fim de uma análise de até 5 dias úteis ({review_ends}). Peça um documento válido."
                            )
                        }),
                    ));
            }
            _ => {}
        }
    }
    found.sort_by_key(|p| !p.blocking);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvironmentKind;
    use crate::wizard::model::SlotState;
    use time::macros::date;

    // A Wednesday: five business days later is the next Wednesday.
    const TODAY: Date = date!(2026 - 12 - 02);

    fn ready_individual() -> Draft {
        let mut d = Draft::new(
            "d".into(),
            CustomerKind::Individual,
            EnvironmentKind::LocalSandbox,
            "n".into(),
        );
        d.customer.name = "Ana".into();
        d.customer_id = Some("c".into());
        d.additional_sent = Some(d.additional.clone());
        for def in slots(&d) {
            d.slots.push(SlotState {
                slot_id: def.slot_id,
                uploaded_at: Some("2026-12-01T00:00:00Z".into()),
                ..SlotState::default()
            });
        }
        d
    }

    fn with_date(mut d: Draft, slot: &str, date: &str) -> Draft {
        d.slot_mut(slot).document_date = Some(date.into());
        d
    }

    #[test]
    fn business_days_skip_the_weekend() {
        assert_eq!(add_business_days(TODAY, 5), date!(2026 - 12 - 09));
        assert_eq!(
            add_business_days(date!(2026 - 12 - 04), 1),
            date!(2026 - 12 - 07)
        );
    }

    #[test]
    fn a_proof_of_address_88_days_old_is_flagged_and_one_of_70_is_not() {
        let old = with_date(
            ready_individual(),
            "customer:PROOF_OF_ADDRESS",
            "2026-09-05",
        );
        let problems = guard(&old, TODAY, Language::En);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!(p.check, LocalCheck::ProofOfAddressAge);
        assert!(!p.blocking);
        assert_eq!(p.slot_id.as_deref(), Some("customer:PROOF_OF_ADDRESS"));
        assert!(p.message.contains("88 days ago"), "{}", p.message);
        assert!(p.message.contains("95 days old"), "{}", p.message);
        assert!(
            p.prevents.iter().any(|l| l == "proofOfAddress_issueDate"),
            "{:?}",
            p.prevents
        );
        let pt = guard(&old, TODAY, Language::PtBr);
        assert!(pt[0].message.contains("há 88 dias"), "{}", pt[0].message);

        let recent = with_date(
            ready_individual(),
            "customer:PROOF_OF_ADDRESS",
            "2026-09-23",
        );
        assert!(guard(&recent, TODAY, Language::En).is_empty());
    }

    #[test]
    fn an_id_expiring_within_a_month_of_the_review_is_flagged() {
        let front = "customer:ID_CARD:FRONT_SIDE";
        let soon = with_date(ready_individual(), front, "2027-01-05");
        let problems = guard(&soon, TODAY, Language::En);
        assert_eq!(problems[0].check, LocalCheck::IdExpiry);
        assert_eq!(problems[0].slot_id.as_deref(), Some(front));
        let later = with_date(ready_individual(), front, "2027-01-10");
        assert!(guard(&later, TODAY, Language::En).is_empty());
    }

    #[test]
    fn missing_pieces_block_and_point_at_their_slot() {
        let mut d = ready_individual();
        d.slot_mut("customer:ID_CARD:BACK_SIDE").uploaded_at = None;
        d.slot_mut("customer:PROOF_OF_ADDRESS").uploaded_at = None;
        d.remote_requirements = vec![crate::wizard::model::RemoteRequirement {
            name: "TERMS_OF_SERVICE".into(),
            status: "PENDING".into(),
        }];
        let problems = guard(&d, TODAY, Language::En);
        let checks: Vec<_> = problems
            .iter()
            .map(|p| (p.check, p.blocking, p.slot_id.clone()))
            .collect();
        assert!(checks.contains(&(LocalCheck::TermsAccepted, true, None)));
        assert!(checks.contains(&(
            LocalCheck::MissingSide,
            true,
            Some("customer:ID_CARD:BACK_SIDE".into())
        )));
        assert!(checks.contains(&(
            LocalCheck::ProofOfAddressPresent,
            true,
            Some("customer:PROOF_OF_ADDRESS".into())
        )));
    }
}
