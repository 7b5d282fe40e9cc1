//! RFI resolution: the inbox of everything waiting on the analyst, the customer RFI
//! checklist and its rounds, re-sending items, and sending the customer (or only the
//! flagged parties) back to verification.

pub mod checklist;

use lumx::models::{AccountStatus, StartVerification};
use lumx::GetCustomerOptions;
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use crate::error::{DeskError, FieldError};
use crate::onboarding::ManualUpload;
use std::sync::Arc;

use crate::confirmation::ConfirmationNeeded;
use crate::document_checks::CheckContext;
use crate::ledger::{Ledger, Sent};
use crate::onboarding::Wizard;
use crate::rfi_store::{self as store, Resent, Round, StatusEvent, TransactionRfi};
use crate::sent_files::DocumentSlot;
use crate::session::Session;
use crate::status_watch::StatusWatch;
use checklist::{RfiChecklist, RfiItemKind};

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RfiView {
    pub customer_id: String,
    pub display_name: String,
    /// What to type before resending or submitting, in Production.
    pub confirmation: Option<ConfirmationNeeded>,
    pub customer_type: String,
    /// Issuing country used for re-uploaded documents.
    pub country: String,
    pub status: String,
    /// FINAL_REJECTION: nothing can be resubmitted.
    pub is_final: bool,
    /// APPROVED: the RFI is resolved.
    pub is_approved: bool,
    /// Under verification after a submission: the view keeps reading the status (and
    /// the outcome is notified from Rust).
    pub follow_status: bool,
    /// Present while the customer is in RFI.
    pub checklist: Option<RfiChecklist>,
    pub current_round: Option<u32>,
    /// What was re-sent in the current round, per item.
    pub done: Vec<Resent>,
    pub can_submit: bool,
    pub rounds: Vec<RoundView>,
    pub timeline: Vec<StatusEvent>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RoundView {
    pub round: Round,
    /// What the round asked for, each named like a checklist item (document, side, whose).
    pub items: Vec<RoundItem>,
    /// Items new in this round compared with the previous one.
    pub added: Vec<RoundItem>,
    /// Items of the previous round no longer asked for.
    pub cleared: Vec<RoundItem>,
    /// What was re-sent in this round, by item (same order as `round.resent`).
    pub resent: Vec<RoundItem>,
}

/// An item of a round, with what the analyst needs to recognise it (never only its id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RoundItem {
    pub id: String,
    pub kind: RfiItemKind,
    pub document_type: Option<String>,
    pub side: Option<String>,
    /// The customer's or the party's name.
    pub owner_name: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InboxCustomer {
    pub id: String,
    pub display_name: String,
    pub customer_type: String,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InboxAccount {
    pub id: String,
    pub customer_id: String,
    pub currency: String,
    /// Since when (the account's last update).
    pub since: Option<String>,
    /// What the analyst noted: what compliance asked, what was answered.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RfiInbox {
    pub customers: Vec<InboxCustomer>,
    pub accounts: Vec<InboxAccount>,
    pub transactions: Vec<TransactionRfi>,
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The items a round's statusReason asked for, named after the customer and its parties.
/// The document slots a checklist declines, each with its item and labels (the group's
/// and the item's own).
fn declined_slots(checklist: &checklist::RfiChecklist) -> Vec<(String, DocumentSlot, Vec<String>)> {
    checklist
        .groups
        .iter()
        .flat_map(|g| {
            g.items
                .iter()
                .filter(|i| i.kind == RfiItemKind::Document)
                .filter_map(move |i| {
                    let labels = g
                        .labels
                        .iter()
                        .chain(&g.sub_labels)
                        .chain(&i.labels)
                        .chain(&i.sub_labels)
                        .cloned()
                        .collect();
                    Some((
                        i.id.clone(),
                        DocumentSlot {
                            party_id: g.party_id.clone(),
                            document_type: i.document_type.clone()?,
                            side: i.side.clone(),
                        },
                        labels,
                    ))
                })
        })
        .collect()
}

/// A file picked for an RFI item, with what the document checks found, in the analyst's
/// language. `blocked`: Lumx already rejected it, and sending needs a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RfiPick {
    pub file: crate::files::PickedFile,
    pub findings: Vec<crate::document_checks::Finding>,
    pub blocked: bool,
}

fn round_items(
    status_reason: &str,
    name: &str,
    parties: &[lumx::models::AssociatedParty],
) -> Vec<RoundItem> {
    let Ok(reason) = serde_json::from_str(status_reason) else {
        return vec![];
    };
    checklist::derive(&reason, name, parties)
        .groups
        .into_iter()
        .flat_map(|g| {
            let owner = g.owner_name;
            g.items.into_iter().map(move |i| RoundItem {
                id: i.id,
                kind: i.kind,
                document_type: i.document_type,
                side: i.side,
                owner_name: owner.clone(),
            })
        })
        .collect()
}

/// RFI resolution over the [`Session`]'s client: RFI history in its own store, documents
/// re-sent through the [`Wizard`]'s manual upload, every mutation through the [`Ledger`].
pub struct Rfi {
    session: Arc<Session>,
    ledger: Arc<Ledger>,
    wizard: Arc<Wizard>,
    store: Arc<store::RfiStore>,
    status_watch: Arc<StatusWatch>,
}

impl Rfi {
    pub fn new(
        session: Arc<Session>,
        ledger: Arc<Ledger>,
        wizard: Arc<Wizard>,
        store: Arc<store::RfiStore>,
        status_watch: Arc<StatusWatch>,
    ) -> Self {
        Self {
            session,
            ledger,
            wizard,
            store,
            status_watch,
        }
    }

    fn rfi_env(&self) -> &'static str {
        self.session.environment().slug()
    }

    /// Oldest first: customers in RFI (from the directory), accounts in RFI, and the
    /// transaction RFIs recorded here.
    pub async fn rfi_inbox(&self) -> Result<RfiInbox, DeskError> {
        // Straight from the API (not the directory, which the UI may be loading at the
        // same moment): every customer page, keeping those in RFI.
        use futures_util::StreamExt;
        let client = self.session.current_client().await?;
        let mut customers: Vec<InboxCustomer> = Vec::new();
        let mut all = Box::pin(client.customers_stream(Some(100)));
        while let Some(c) = all.next().await {
            let c = c?;
            if c.verification.as_ref().map(|v| v.status.as_str()) == Some("RFI") {
                customers.push(InboxCustomer {
                    id: c.id.to_string(),
                    display_name: c
                        .legal_name
                        .clone()
                        .or_else(|| c.name.clone())
                        .unwrap_or_default(),
                    customer_type: c.customer_type.as_str().to_string(),
                    updated_at: c.updated_at.or(c.created_at).and_then(|t| {
                        t.format(&time::format_description::well_known::Rfc3339)
                            .ok()
                    }),
                });
            }
        }
        customers.sort_by(|a, b| a.updated_at.cmp(&b.updated_at));
        let mut accounts: Vec<InboxAccount> = Vec::new();
        let mut stream = Box::pin(client.accounts_stream(None, Some(100)));
        while let Some(account) = stream.next().await {
            let a = account?;
            if a.status == AccountStatus::Rfi {
                accounts.push(InboxAccount {
                    id: a.id.to_string(),
                    customer_id: a.customer_id.to_string(),
                    currency: a.currency.as_str().to_string(),
                    since: a.updated_at.and_then(|t| {
                        t.format(&time::format_description::well_known::Rfc3339)
                            .ok()
                    }),
                    note: self.store.account_note(self.rfi_env(), &a.id.to_string())?,
                });
            }
        }
        accounts.sort_by(|a, b| a.since.cmp(&b.since));
        let transactions = self
            .store
            .transactions(self.rfi_env())?
            .into_iter()
            .filter(|t| !t.resolved)
            .collect();
        Ok(RfiInbox {
            customers,
            accounts,
            transactions,
        })
    }

    /// The customer's RFI state; opens a new round when a new statusReason arrived.
    pub async fn rfi_view(&self, customer_id: &str) -> Result<RfiView, DeskError> {
        let id = Uuid::parse_str(customer_id.trim()).map_err(|_| {
            let message = self
                .session
                .language()
                .say("Not a customer id.", "Não é um id de cliente.");
            DeskError::validation(message, vec![FieldError::new("id", message)])
        })?;
        let client = self.session.current_client().await?;
        let customer = client
            .get_customer(id, GetCustomerOptions::default())
            .await?;
        let status = customer
            .verification
            .as_ref()
            .map(|v| v.status.as_str().to_string())
            .unwrap_or_else(|| "NOT_STARTED".into());
        let name = customer
            .legal_name
            .clone()
            .or_else(|| customer.name.clone())
            .unwrap_or_default();
        let env = self.rfi_env();
        let store = &self.store;
        let key = id.to_string();
        let changed = crate::status_watch::changed_at(&customer);
        self.status_watch.seen_at(&key, &name, &status, &changed)?;
        self.wizard.customer_status_seen(&key, &status, &now());

        let mut rounds = store.rounds(env, &key)?;
        let last = rounds.last().cloned();
        // The previous round's submission led here: record its outcome.
        if let Some(last) = &last {
            if last.submitted_at.is_some()
                && last.outcome.is_none()
                && status != "UNDER_VERIFICATION"
            {
                store.set_outcome(env, &key, last.number, &status)?;
                rounds = store.rounds(env, &key)?;
            }
        }
        let mut checklist = None;
        let mut current_round = None;
        // Party names, for the checklist and for the rounds' history.
        let parties = if customer.customer_type == lumx::models::CustomerType::Business
            && (status == "RFI" || !rounds.is_empty())
        {
            client.list_associated_parties(id).await.unwrap_or_default()
        } else {
            Default::default()
        };
        if status == "RFI" {
            let reason = customer.status_reason().cloned().unwrap_or_default();
            let reason_json = serde_json::to_string(&reason).unwrap_or_default();
            let mut derived = checklist::derive(&reason, &name, &parties);
            checklist::explain(&mut derived, self.session.language());
            checklist = Some(derived);
            current_round = Some(match &last {
                Some(r) if r.submitted_at.is_none() => r.number,
                _ => {
                    let number = store.open_round(env, &key, &reason_json, &changed)?;
                    // What this round declines is what was last sent into those slots.
                    if let Some(checklist) = &checklist {
                        store.keep_rejected(env, &key, number, &declined_slots(checklist))?;
                    }
                    number
                }
            });
            rounds = store.rounds(env, &key)?;
        }
        let done: Vec<Resent> = current_round
            .and_then(|n| rounds.iter().find(|r| r.number == n))
            .map(|r| r.resent.clone())
            .unwrap_or_default();
        let can_submit = checklist
            .as_ref()
            .is_some_and(|c| c.items().all(|i| done.iter().any(|d| d.item_id == i.id)));
        let mut previous: Vec<RoundItem> = Vec::new();
        let round_views = rounds
            .into_iter()
            .map(|round| {
                let items = round_items(&round.status_reason, &name, &parties);
                let added = items
                    .iter()
                    .filter(|i| !previous.iter().any(|p| p.id == i.id))
                    .cloned()
                    .collect();
                let cleared = previous
                    .iter()
                    .filter(|p| !items.iter().any(|i| i.id == p.id))
                    .cloned()
                    .collect();
                let resent = round
                    .resent
                    .iter()
                    .map(|r| {
                        items
                            .iter()
                            .find(|i| i.id == r.item_id)
                            .cloned()
                            .unwrap_or_else(|| RoundItem {
                                id: r.item_id.clone(),
                                kind: RfiItemKind::Review,
                                document_type: None,
                                side: None,
                                owner_name: name.clone(),
                            })
                    })
                    .collect();
                previous = items.clone();
                RoundView {
                    round,
                    items,
                    added,
                    cleared,
                    resent,
                }
            })
            .collect();
        Ok(RfiView {
            customer_id: key.clone(),
            confirmation: ConfirmationNeeded::for_customer(self.session.environment(), &name),
            display_name: name,
            customer_type: customer.customer_type.as_str().to_string(),
            country: customer.country.clone().unwrap_or_else(|| "BRA".into()),
            is_final: status == "FINAL_REJECTION",
            is_approved: status == "APPROVED",
            follow_status: status == "UNDER_VERIFICATION",
            status,
            checklist,
            current_round,
            done,
            can_submit,
            rounds: round_views,
            timeline: store.timeline(env, &key)?,
        })
    }

    fn open_item(
        view: &RfiView,
        item_id: &str,
        lang: crate::locale::Language,
    ) -> Result<(u32, checklist::RfiItem, Option<String>), DeskError> {
        let round = view.current_round.ok_or_else(|| DeskError::Conflict {
            message: lang
                .say(
                    "This customer is not in RFI any more.",
                    "Este cliente não está mais em RFI.",
                )
                .into(),
        })?;
        let checklist = view
            .checklist
            .as_ref()
            .expect("RFI views carry a checklist");
        for group in &checklist.groups {
            if let Some(item) = group.items.iter().find(|i| i.id == item_id) {
                return Ok((round, item.clone(), group.party_id.clone()));
            }
        }
        Err(DeskError::NotFound {
            message: lang
                .say(
                    "This item is not part of the current RFI.",
                    "Este item não faz parte do RFI atual.",
                )
                .into(),
        })
    }

    /// Opens the file dialog for a declined document and examines the pick for it: the
    /// round's labels first, the other side already sent, and every file of this
    /// customer Lumx rejected before. `None` when the analyst cancelled.
    pub async fn rfi_pick_document(
        &self,
        customer_id: &str,
        item_id: &str,
        title: String,
    ) -> Result<Option<RfiPick>, DeskError> {
        let view = self.rfi_view(customer_id).await?;
        let lang = self.session.language();
        let (_, item, party) = Self::open_item(&view, item_id, lang)?;
        let Some(picked) = self.wizard.pick(title, lang).await? else {
            return Ok(None);
        };
        let env = self.rfi_env();
        let mut context = CheckContext::for_document(item.document_type.as_deref().unwrap_or(""));
        context.focus_labels = view
            .checklist
            .iter()
            .flat_map(|c| c.groups.iter())
            .filter(|g| g.items.iter().any(|i| i.id == item.id))
            .flat_map(|g| g.labels.iter().chain(&g.sub_labels))
            .chain(item.labels.iter().chain(&item.sub_labels))
            .cloned()
            .collect();
        context.rejected = self.store.rejected_files(env, &view.customer_id)?;
        if let (Some(side), Some(document_type)) = (&item.side, &item.document_type) {
            let other = if side == "FRONT_SIDE" {
                "BACK_SIDE"
            } else {
                "FRONT_SIDE"
            };
            let slot = DocumentSlot {
                party_id: party.clone(),
                document_type: document_type.clone(),
                side: Some(other.to_owned()),
            };
            context.other_side = self.store.last_sent(env, &view.customer_id, &slot)?;
        }
        self.wizard.examine(&picked.token, context, lang).await?;
        let findings = self.wizard.findings(&picked.token, lang);
        Ok(Some(RfiPick {
            blocked: findings.iter().any(|f| f.blocking),
            findings,
            file: picked,
        }))
    }

    /// Re-uploads a declined document (a file picked in this session, by token), with the
    /// party's id when it belongs to one, and records it on the round. A file Lumx
    /// already rejected needs `override_reason` (kept in the audit log).
    pub async fn rfi_resend_document(
        &self,
        customer_id: &str,
        item_id: &str,
        token: &str,
        override_reason: Option<&str>,
        confirmation: Option<&str>,
        on_progress: impl Fn(crate::onboarding::UploadProgress) + Send + Sync + 'static,
    ) -> Result<RfiView, DeskError> {
        let view = self.rfi_view(customer_id).await?;
        let (round, item, party) = Self::open_item(&view, item_id, self.session.language())?;
        if item.kind != RfiItemKind::Document {
            let message = self.session.language().say(
                "This item is not a document.",
                "Este item não é um documento.",
            );
            return Err(DeskError::validation(
                message,
                vec![FieldError::new("item", message)],
            ));
        }
        let lang = self.session.language();
        let checked = self
            .wizard
            .files
            .for_upload(token)
            .map_err(|p| p.into_desk_error(lang))?;
        self.wizard
            .manual_upload(
                ManualUpload {
                    customer_id: view.customer_id.clone(),
                    token: token.to_string(),
                    document_type: item.document_type.clone().unwrap_or_default(),
                    side: item.side.clone(),
                    associated_party_id: party,
                    country: view.country.clone(),
                    override_reason: override_reason.map(str::to_owned),
                },
                confirmation,
                lang,
                on_progress,
            )
            .await?;
        self.store.record_resent(
            self.rfi_env(),
            &view.customer_id,
            round,
            &Resent {
                item_id: item.id,
                what: checked.file_name,
                sha256: Some(checked.sha256),
                at: now(),
            },
        )?;
        self.rfi_view(customer_id).await
    }

    /// Marks a data or review item done, with what the analyst did about it.
    pub async fn rfi_mark_done(
        &self,
        customer_id: &str,
        item_id: &str,
        note: &str,
    ) -> Result<RfiView, DeskError> {
        let view = self.rfi_view(customer_id).await?;
        let (round, item, _) = Self::open_item(&view, item_id, self.session.language())?;
        let lang = self.session.language();
        if item.kind == RfiItemKind::Document {
            let message = lang.say(
                "Re-upload the document to complete this item.",
                "Envie o documento de novo para concluir este item.",
            );
            return Err(DeskError::validation(
                message,
                vec![FieldError::new("item", message)],
            ));
        }
        if note.trim().is_empty() {
            let message = lang.say(
                "Say what was corrected or re-sent (kept in the RFI history).",
                "Diga o que foi corrigido ou reenviado (fica no histórico da RFI).",
            );
            return Err(DeskError::validation(
                message,
                vec![FieldError::new("note", message)],
            ));
        }
        self.store.record_resent(
            self.rfi_env(),
            &view.customer_id,
            round,
            &Resent {
                item_id: item.id,
                what: note.trim().to_string(),
                sha256: None,
                at: now(),
            },
        )?;
        self.rfi_view(customer_id).await
    }

    /// Sends the customer back to verification; only the flagged parties when only they
    /// were flagged. Needs every item done, or an override reason (kept in the history).
    pub async fn rfi_submit(
        &self,
        customer_id: &str,
        override_reason: Option<&str>,
        confirmation: Option<&str>,
    ) -> Result<RfiView, DeskError> {
        // A double click waits here, then finds the round already submitted.
        let target = format!(
            "customer:{}:rfi_submit",
            Uuid::parse_str(customer_id.trim())
                .map_or_else(|_| customer_id.trim().to_string(), |u| u.to_string())
        );
        let _one = self.ledger.journal().exclusive(&target).await;
        let view = self.rfi_view(customer_id).await?;
        if view.is_final {
            return Err(DeskError::Conflict {
                message: self
                    .session
                    .language()
                    .say(
                        "A final rejection cannot be resubmitted.",
                        "Uma rejeição final não pode ser reenviada.",
                    )
                    .into(),
            });
        }
        let round = view.current_round.ok_or_else(|| DeskError::Conflict {
            message: self
                .session
                .language()
                .say(
                    "This customer is not in RFI.",
                    "Este cliente não está em RFI.",
                )
                .into(),
        })?;
        let override_reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
        if !view.can_submit && override_reason.is_none() {
            let message = self.session.language().say(
                "Some items are not done. Finish them, or write why you send anyway.",
                "Alguns itens não estão concluídos. Conclua-os ou escreva por que envia assim mesmo.",
            );
            return Err(DeskError::validation(
                message,
                vec![FieldError::new("override", message)],
            ));
        }
        ConfirmationNeeded::check(
            view.confirmation.as_ref(),
            confirmation,
            self.session.language(),
        )?;
        let checklist = view
            .checklist
            .as_ref()
            .expect("RFI views carry a checklist");
        let body = StartVerification {
            associated_party_ids: if checklist.only_parties {
                checklist
                    .flagged_party_ids()
                    .iter()
                    .filter_map(|p| Uuid::parse_str(p).ok())
                    .collect()
            } else {
                vec![]
            },
        };
        let id = Uuid::parse_str(&view.customer_id).expect("checked");
        let client = self.session.current_client().await?;
        let intent = crate::journal::Intent {
            environment: self.session.environment().slug().to_string(),
            kind: crate::journal::OperationKind::RfiSubmit,
            target,
            customer_id: Some(view.customer_id.clone()),
            draft_id: None,
            party_id: None,
            // The round is part of the request: each round's resubmission is its own.
            fingerprint: crate::journal::fingerprint(&(id, round, &body)),
            summary: serde_json::json!({
                "rfiRound": round,
                "associatedPartyIds": body.associated_party_ids.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            }),
        };
        if let Sent::Now(result, _) = self
            .ledger
            .send_once(intent, override_reason, |k| {
                client.start_verification(id, &body, Some(k))
            })
            .await?
        {
            result?;
        }
        let store = &self.store;
        store.mark_submitted(
            self.rfi_env(),
            &view.customer_id,
            round,
            &now(),
            override_reason,
        )?;
        self.rfi_view(customer_id).await
    }

    pub fn account_rfi_note(&self, account_id: &str, note: &str) -> Result<(), DeskError> {
        if Uuid::parse_str(account_id.trim()).is_err() {
            let message = self
                .session
                .language()
                .say("Not an account id.", "Não é um id de conta.");
            return Err(DeskError::validation(
                message,
                vec![FieldError::new("accountId", message)],
            ));
        }
        self.store
            .save_account_note(self.rfi_env(), account_id.trim(), note.trim(), &now())
    }

    pub fn transaction_rfi_save(
        &self,
        mut t: TransactionRfi,
    ) -> Result<Vec<TransactionRfi>, DeskError> {
        let lang = self.session.language();
        let mut errors = Vec::new();
        if t.transaction_id.trim().is_empty() {
            errors.push(crate::validation::field_error(
                "transactionId",
                crate::validation::Problem::Required,
                lang,
            ));
        }
        if !crate::vocabulary::TRANSACTION_DIRECTIONS.contains(&t.direction.as_str()) {
            errors.push(FieldError::new(
                "direction",
                lang.say("On-ramp or off-ramp", "On-ramp ou off-ramp"),
            ));
        }
        if crate::validation::decimal_amount(t.amount.trim()).is_err() {
            errors.push(FieldError::new(
                "amount",
                lang.say(
                    "A positive amount, e.g. 1500.00",
                    "Um valor positivo, por exemplo 1500.00",
                ),
            ));
        }
        if time::OffsetDateTime::parse(&t.asked_at, &time::format_description::well_known::Rfc3339)
            .is_err()
        {
            errors.push(FieldError::new(
                "askedAt",
                lang.say(
                    "When compliance asked (date and time)",
                    "Quando o compliance pediu (data e hora)",
                ),
            ));
        }
        if !errors.is_empty() {
            return Err(DeskError::validation(
                lang.say(
                    "Check the highlighted fields.",
                    "Verifique os campos destacados.",
                ),
                errors,
            ));
        }
        if t.id.is_empty() {
            t.id = Uuid::new_v4().to_string();
        }
        self.store.save_transaction(self.rfi_env(), &t)?;
        self.store.transactions(self.rfi_env())
    }

    pub fn transaction_rfis(&self) -> Result<Vec<TransactionRfi>, DeskError> {
        self.store.transactions(self.rfi_env())
    }

    pub fn transaction_rfi_delete(&self, id: &str) -> Result<Vec<TransactionRfi>, DeskError> {
        self.store.delete_transaction(id)?;
        self.store.transactions(self.rfi_env())
    }
}
