//! Drafts: new, opened (files re-checked, caught up with the journal), autosaved (only
//! the editable parts, on the newest version) and shown.

use super::*;

/// What autosave may change: the editable parts of the newest draft. Ids, uploads and
/// API state stay as Rust recorded them; data the API already accepted (the customer,
/// sent parties) or still owes an answer for (`awaiting`) cannot change here.
fn merge_edits(draft: &mut Draft, incoming: DraftView, awaiting: &AwaitingAnswer) {
    draft.step = incoming.step;
    if draft.customer_id.is_none() && !awaiting.customer {
        draft.customer = incoming.customer;
    }
    if !awaiting.additional {
        draft.additional = incoming.additional;
    }
    draft.identity_document = incoming.identity_document;
    let mut parties = Vec::new();
    for mut p in incoming.parties {
        if p.local_id.is_empty() {
            p.local_id = Uuid::new_v4().to_string();
        }
        match draft.parties.iter().find(|old| old.local_id == p.local_id) {
            Some(old) if old.remote_id.is_some() || awaiting.parties.contains(&old.local_id) => {
                parties.push(old.clone())
            }
            _ => {
                p.remote_id = None;
                parties.push(p);
            }
        }
    }
    // Parties the API already has (or may have) cannot be deleted (no delete endpoint).
    for old in &draft.parties {
        let kept = old.remote_id.is_some() || awaiting.parties.contains(&old.local_id);
        if kept && !parties.iter().any(|p| p.local_id == old.local_id) {
            parties.push(old.clone());
        }
    }
    draft.parties = parties;
}

impl Wizard {
    pub fn draft_list(&self) -> Result<Vec<DraftSummary>, DeskError> {
        self.drafts.list()
    }

    pub fn draft_delete(&self, id: &str) -> Result<bool, DeskError> {
        self.drafts.delete(id)
    }

    pub fn draft_new(&self, kind: CustomerKind, lang: Language) -> Result<WizardState, DeskError> {
        let draft = Draft::new(Uuid::new_v4().to_string(), kind, self.environment(), now());
        self.drafts.save(&draft)?;
        Ok(self.wizard_state(draft, lang))
    }

    /// "Continue onboarding" from the customer view: the draft of this customer if this
    /// computer has one, else a new draft prefilled from the API (customer data, the
    /// additional information already sent, parties already created).
    pub async fn draft_for_customer(
        &self,
        customer_id: &str,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let id = Uuid::parse_str(customer_id.trim()).map_err(|_| {
            DeskError::validation(
                "Not a customer id.",
                vec![FieldError::new("id", "Not a customer id.")],
            )
        })?;
        let env = self.environment();
        // Two clicks make one draft: the second waits, then finds the first's.
        let _one = self
            .journal()
            .exclusive(&format!("customer:{id}:draft"))
            .await;
        if let Some(existing) = self
            .draft_list()?
            .into_iter()
            .find(|d| d.environment == env && d.customer_id.as_deref() == Some(&id.to_string()))
        {
            return self.draft_open(&existing.id, lang);
        }
        let client = self.current_client().await?;
        let c = client
            .get_customer(id, GetCustomerOptions::default())
            .await?;
        let kind = if c.customer_type == lumx::models::CustomerType::Business {
            CustomerKind::Business
        } else {
            CustomerKind::Individual
        };
        let mut draft = Draft::new(Uuid::new_v4().to_string(), kind, env, now());
        let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        draft.customer.name = c.name.clone().unwrap_or_default();
        draft.customer.legal_name = c.legal_name.clone().unwrap_or_default();
        draft.customer.tax_id = c.tax_id.clone().unwrap_or_default();
        draft.customer.birth_date = date(c.birth_date);
        draft.customer.incorporation_date = date(c.incorporation_date);
        draft.customer.country = c.country.clone().unwrap_or_default();
        draft.customer.email = c.email.clone().unwrap_or_default();
        draft.customer.currencies = c
            .accounts
            .iter()
            .map(|a| a.currency.as_str().to_string())
            .collect();
        draft.customer.metadata = c
            .metadata
            .iter()
            .map(|(k, v)| crate::wizard::model::KeyValueField {
                key: k.clone(),
                value: v
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string()),
            })
            .collect();
        draft.customer_id = Some(id.to_string());
        if let Some(info) = &c.additional_information {
            draft.additional = prefill_additional(&draft.additional, info);
            draft.additional_sent = Some(draft.additional.clone());
        }
        draft.remote_requirements = remote_requirements(&c);
        draft.set_remote_status(
            c.verification
                .as_ref()
                .map(|v| v.status.as_str().to_string()),
            &now(),
        );
        if kind == CustomerKind::Business {
            for p in client.list_associated_parties(id).await? {
                let party_type = p.party_type.as_str().to_string();
                draft.parties.push(crate::wizard::model::PartyForm {
                    local_id: p.id.to_string(),
                    party_type,
                    role: p
                        .all_roles()
                        .first()
                        .map(|r| r.as_str().to_string())
                        .unwrap_or_default(),
                    name: p.name.clone().unwrap_or_default(),
                    legal_name: p.legal_name.clone().unwrap_or_default(),
                    tax_id: p.tax_id.clone().unwrap_or_default(),
                    birth_date: date(p.birth_date),
                    incorporation_date: date(p.incorporation_date),
                    email: p.email.clone().unwrap_or_default(),
                    ownership_percentage: p
                        .ownership_percentage
                        .map(|x| x.to_string())
                        .unwrap_or_default(),
                    parent_local_id: p.parent_id.map(|x| x.to_string()),
                    remote_id: Some(p.id.to_string()),
                    ..Default::default()
                });
            }
        }
        let progress = checks::progress(&draft, crate::validation::today_utc(), lang);
        draft.step = progress
            .iter()
            .find(|p| !p.complete)
            .map(|p| p.id)
            .unwrap_or(StepId::Review);
        // The API has the tax ids: the local draft keeps them masked only.
        crate::wizard::minimize::minimize(&mut draft);
        self.drafts.save(&draft)?;
        Ok(self.wizard_state(draft, lang))
    }

    /// Opens a draft (also after a crash): remembered files are re-checked against their
    /// SHA-256 and get fresh tokens; a moved or changed file is reported on its slot.
    pub fn draft_open(&self, id: &str, lang: Language) -> Result<WizardState, DeskError> {
        let draft = self.load_draft(id)?;
        if draft.environment != self.environment() {
            return Err(DeskError::Conflict {
                message: say(lang, "This draft belongs to another environment; switch to it in Settings to continue.", "Este rascunho é de outro ambiente; mude para ele em Configurações para continuar.").into(),
            });
        }
        let ob = self;
        for slot in &draft.slots {
            let Some(file) = &slot.file else { continue };
            let k = (draft.id.clone(), slot.slot_id.clone());
            if lock(&ob.tokens).contains_key(&k) {
                continue;
            }
            match ob
                .files
                .restore(std::path::Path::new(&file.path), &file.sha256)
            {
                Ok(picked) => {
                    lock(&ob.tokens).insert(k.clone(), picked);
                    lock(&ob.problems).remove(&k);
                }
                Err(problem) => {
                    lock(&ob.problems).insert(k, problem.message_in(lang));
                }
            }
        }
        let draft = self.catch_up_with_journal(draft)?;
        Ok(self.wizard_state(draft, lang))
    }

    /// The draft's state as stored, recomputed (errors in `lang`): after a failed step,
    /// or when the analyst switched language. No file is re-checked, nothing is written.
    pub fn draft_state(&self, id: &str, lang: Language) -> Result<WizardState, DeskError> {
        Ok(self.wizard_state(self.load_draft(id)?, lang))
    }

    /// What the journal knows and the draft missed (the app stopped between Lumx's
    /// answer and the draft's update): the created customer and parties, sent additional
    /// information, uploaded slots.
    fn catch_up_with_journal(&self, draft: Draft) -> Result<Draft, DeskError> {
        let env = self.environment().slug();
        let succeeded = |what: &str| -> Option<crate::journal::OperationRecord> {
            self.journal()
                .latest(env, &draft_target(&draft.id, what))
                .ok()
                .flatten()
                .filter(|r| r.attempt_state() == crate::journal::AttemptState::Succeeded)
        };
        let customer_id = match &draft.customer_id {
            Some(_) => None,
            None => succeeded("create_customer").and_then(|r| r.result_id),
        };
        let parties: Vec<(String, String)> = draft
            .parties
            .iter()
            .filter(|p| p.remote_id.is_none())
            .filter_map(|p| {
                let done = succeeded(&format!("party:{}", p.local_id))?;
                Some((p.local_id.clone(), done.result_id?))
            })
            .collect();
        let cid = customer_id
            .as_deref()
            .or(draft.customer_id.as_deref())
            .and_then(|c| Uuid::parse_str(c).ok());
        let additional_sent = draft.additional_sent.is_none()
            && cid.is_some()
            && succeeded("additional_information").is_some_and(|r| {
                r.fingerprint
                    == journal::fingerprint(&(cid, payloads::additional_information(&draft)))
            });
        let uploaded: Vec<(String, String)> = match cid {
            None => vec![],
            Some(cid) => {
                let tokens = lock(&self.tokens);
                documents::slots(&draft)
                    .into_iter()
                    .filter(|def| {
                        draft
                            .slot(&def.slot_id)
                            .is_some_and(|s| s.uploaded_at.is_none())
                    })
                    .filter_map(|def| {
                        let done = succeeded(&format!("slot:{}", def.slot_id))?;
                        let token = tokens.get(&(draft.id.clone(), def.slot_id.clone()))?;
                        let checked = self.files.resolve(&token.token)?;
                        let party =
                            sent_party_id(&draft, def.party_local_id.as_deref(), "", "").ok()?;
                        let country = crate::validation::country(slot_country(&draft, &def).trim())
                            .ok()?
                            .alpha3;
                        let upload = slot_document(&def, party, country, &checked);
                        let fp = journal::fingerprint(&UploadRequest::of(cid, &upload, &checked));
                        (fp == done.fingerprint).then(|| (def.slot_id.clone(), done.updated_at))
                    })
                    .collect()
            }
        };
        if customer_id.is_none() && parties.is_empty() && !additional_sent && uploaded.is_empty() {
            return Ok(draft);
        }
        self.update_draft(&draft.id, |d| {
            if let Some(id) = customer_id {
                d.customer_id = Some(id);
                if d.kind == CustomerKind::Individual {
                    d.additional.prefill_names(&d.customer.name);
                }
                if d.step == StepId::Customer {
                    d.step = StepId::Terms;
                }
            }
            for (local, remote) in parties {
                if let Some(p) = d.parties.iter_mut().find(|p| p.local_id == local) {
                    p.remote_id = Some(remote);
                }
            }
            if additional_sent {
                d.additional_sent = Some(d.additional.clone());
            }
            for (slot_id, at) in uploaded {
                d.slot_mut(&slot_id).uploaded_at = Some(at);
            }
        })
    }

    /// Saves what the analyst typed. Only editable parts are taken from the UI; ids,
    /// keys, uploads and API state stay as Rust recorded them. Data already accepted by
    /// the API (the customer, sent parties) cannot change here.
    pub fn draft_save(
        &self,
        incoming: DraftView,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let id = incoming.id.clone();
        let mut awaiting = AwaitingAnswer::default();
        let draft = self.update_draft(&id, |draft| {
            awaiting = self.awaiting(draft);
            merge_edits(draft, incoming, &awaiting)
        })?;
        // Read once, under the draft's writer: the merge keeps every awaited party and
        // adds none, so what was awaited before it still is.
        Ok(self.state_of(draft, awaiting, lang))
    }

    /// The draft's steps whose latest attempt has no answer yet (see [`AwaitingAnswer`]).
    fn awaiting(&self, draft: &Draft) -> AwaitingAnswer {
        let env = self.environment().slug();
        let unsettled = |what: &str| {
            self.journal()
                .latest(env, &draft_target(&draft.id, what))
                .ok()
                .flatten()
                .is_some_and(|r| {
                    !matches!(
                        r.attempt_state(),
                        journal::AttemptState::Succeeded | journal::AttemptState::Failed
                    )
                })
        };
        AwaitingAnswer {
            customer: draft.customer_id.is_none() && unsettled("create_customer"),
            additional: unsettled("additional_information"),
            parties: draft
                .parties
                .iter()
                .filter(|p| p.remote_id.is_none() && unsettled(&format!("party:{}", p.local_id)))
                .map(|p| p.local_id.clone())
                .collect(),
        }
    }

    pub fn wizard_state(&self, draft: Draft, lang: Language) -> WizardState {
        let awaiting = self.awaiting(&draft);
        self.state_of(draft, awaiting, lang)
    }

    fn state_of(&self, draft: Draft, awaiting: AwaitingAnswer, lang: Language) -> WizardState {
        let today = crate::validation::today_utc();
        let progress = checks::progress(&draft, today, lang);
        let errors = StepId::for_kind(draft.kind)
            .iter()
            .flat_map(|&s| checks::validate_step(&draft, s, today, lang))
            .collect();
        let ob = self;
        let tokens = lock(&ob.tokens);
        let problems = lock(&ob.problems);
        let slots = documents::slots(&draft)
            .into_iter()
            .map(|def| {
                let k = (draft.id.clone(), def.slot_id.clone());
                let state = draft.slot(&def.slot_id);
                let picked = tokens.get(&k).cloned();
                SlotView {
                    date_asked: crate::wizard::guard::date_asked(
                        &def.document_type,
                        def.side.as_deref(),
                    ),
                    document_date: state.and_then(|s| s.document_date.clone()),
                    findings: picked
                        .as_ref()
                        .map(|p| ob.findings(&p.token, lang))
                        .unwrap_or_default(),
                    file: state
                        .and_then(|s| s.file.as_ref())
                        .map(|f| PickedFileView::new(f, picked.as_ref().map(|p| p.token.clone()))),
                    picked,
                    uploaded_at: state.and_then(|s| s.uploaded_at.clone()),
                    problem: problems.get(&k).cloned(),
                    country: slot_country(&draft, &def),
                    def,
                }
            })
            .collect();
        WizardState {
            guard: crate::wizard::guard::guard(&draft, today, lang),
            awaiting,
            confirmation: self.confirmation_for(&draft),
            party_form: (draft.kind == CustomerKind::Business).then(steps::party_form),
            identity_documents: match draft.kind {
                CustomerKind::Individual => steps::IDENTITY_DOCUMENTS
                    .iter()
                    .map(|d| d.to_string())
                    .collect(),
                CustomerKind::Business => vec![],
            },
            can_accept_terms_locally: self.environment() == EnvironmentKind::LocalSandbox
                && draft.customer_id.is_some(),
            ready_to_start: checks::ready_to_start(&progress),
            steps: steps::shown_steps(&draft),
            progress,
            errors,
            slots,
            draft: DraftView::from(&draft),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvironmentKind;
    use crate::wizard::model::PartyForm;

    fn business_with_party() -> Draft {
        let mut d = Draft::new(
            "d1".into(),
            CustomerKind::Business,
            EnvironmentKind::LocalSandbox,
            "2026-12-01T00:00:00Z".into(),
        );
        d.customer.legal_name = "Padaria".into();
        d.additional.phone = "+552130000000".into();
        d.parties.push(PartyForm {
            local_id: "rep".into(),
            name: "Rita".into(),
            ..Default::default()
        });
        d
    }

    /// The analyst's form: every editable part changed, the party removed.
    fn everything_edited(d: &Draft) -> DraftView {
        let mut v = DraftView::from(d);
        v.customer.legal_name = "Other".into();
        v.additional.phone = "+552130000001".into();
        v.parties.clear();
        v
    }

    #[test]
    fn nothing_awaited_takes_every_edit() {
        let mut d = business_with_party();
        let edited = everything_edited(&d);
        merge_edits(&mut d, edited, &AwaitingAnswer::default());
        assert_eq!(d.customer.legal_name, "Other");
        assert_eq!(d.additional.phone, "+552130000001");
        assert!(d.parties.is_empty());
    }

    #[test]
    fn an_awaited_customer_keeps_the_customer_as_sent() {
        let mut d = business_with_party();
        let awaiting = AwaitingAnswer {
            customer: true,
            ..Default::default()
        };
        let edited = everything_edited(&d);
        merge_edits(&mut d, edited, &awaiting);
        assert_eq!(d.customer.legal_name, "Padaria");
        assert_eq!(d.additional.phone, "+552130000001");
    }

    #[test]
    fn awaited_additional_information_keeps_it_as_sent() {
        let mut d = business_with_party();
        let awaiting = AwaitingAnswer {
            additional: true,
            ..Default::default()
        };
        let edited = everything_edited(&d);
        merge_edits(&mut d, edited, &awaiting);
        assert_eq!(d.additional.phone, "+552130000000");
        assert_eq!(d.customer.legal_name, "Other");
    }

    #[test]
    fn an_awaited_party_is_neither_changed_nor_removed() {
        let mut d = business_with_party();
        let awaiting = AwaitingAnswer {
            parties: vec!["rep".into()],
            ..Default::default()
        };
        let mut edited = DraftView::from(&d);
        edited.parties[0].name = "Someone".into();
        merge_edits(&mut d, edited, &awaiting);
        assert_eq!(d.parties[0].name, "Rita");
        let edited = everything_edited(&d);
        merge_edits(&mut d, edited, &awaiting);
        assert_eq!(d.parties.len(), 1);
    }
}
