//! The wizard's API steps: create the customer, the ToS link, additional information,
//! parties and starting verification, each sent once through the journal.

use super::*;

impl Wizard {
    /// Step 1: `POST /customers`. The key is saved in the draft before the request
    /// leaves, so a crash or a lost response followed by a retry replays the same
    /// creation instead of creating a second customer.
    pub async fn wizard_create_customer(
        &self,
        draft_id: &str,
        confirmation: Option<&str>,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let _one = self
            .journal()
            .exclusive(&draft_target(draft_id, "create_customer"))
            .await;
        let draft = self.load_draft(draft_id)?;
        if draft.customer_id.is_some() {
            return Ok(self.wizard_state(draft, lang));
        }
        require_valid(
            &draft,
            StepId::Customer,
            lang,
            say(
                lang,
                "Check the highlighted fields before creating the customer.",
                "Verifique os campos destacados antes de criar o cliente.",
            ),
        )?;
        self.guard_production(&draft, confirmation).await?;
        let body = payloads::new_customer(&draft)?;
        let client = self.current_client().await?;
        let intent = self.draft_intent(
            OperationKind::CreateCustomer,
            draft_id,
            "create_customer",
            None,
            &body,
            audit_summary_customer(&body),
        );
        let sent = self
            .ledger
            .send_once(intent, None, |k| client.create_customer(&body, Some(k)))
            .await?;
        let customer = match sent {
            // Created before (the app stopped before the draft learnt it).
            Sent::Before(done) => {
                let id = done
                    .result_id
                    .as_deref()
                    .and_then(|id| Uuid::parse_str(id).ok())
                    .ok_or_else(|| {
                        DeskError::internal("The journal lost a created customer's id")
                    })?;
                client
                    .get_customer(id, GetCustomerOptions::default())
                    .await?
            }
            Sent::Now(Ok(c), _) => c,
            Sent::Now(Err(e), attempt) => match e.existing_customer_id() {
                // A retry of this very draft met "same document already exists": if that
                // customer carries exactly this draft's data, it is the one our earlier
                // attempt created (its response was lost), so adopt it.
                Some(existing) if attempt.repeats_earlier_request => {
                    let id = Uuid::parse_str(&existing).map_err(|_| DeskError::from(e))?;
                    let found = client
                        .get_customer(id, GetCustomerOptions::default())
                        .await?;
                    if same_customer(&found, &body) {
                        // The journal records it as this attempt's creation, so a resume
                        // finds it there too.
                        let adopted = journal::Settlement {
                            state: journal::AttemptState::Succeeded,
                            status: Some(409),
                            summary: "adopted: created by an earlier attempt whose answer was lost"
                                .into(),
                        };
                        self.journal().settle(
                            &attempt.operation_id,
                            &adopted,
                            Some(&found.id.to_string()),
                        )?;
                        found
                    } else {
                        return Err(prefix_fields(
                            DeskError::from(lumx_409(existing)),
                            "customer",
                        ));
                    }
                }
                _ => return Err(prefix_fields(e.into(), "customer")),
            },
        };
        let draft = self.update_draft(draft_id, |d| {
            d.customer_id = Some(customer.id.to_string());
            take_remote_state(d, &customer);
            if d.kind == CustomerKind::Individual {
                d.additional.prefill_names(&d.customer.name);
            }
            if d.step == StepId::Customer {
                d.step = StepId::Terms;
            }
        })?;
        // Earlier saves of this draft (with the full tax id) must not linger on disk.
        self.drafts.forget_old_versions()?;
        Ok(self.wizard_state(draft, lang))
    }

    /// Re-reads the customer: requirements (ToS accepted?) and verification status.
    pub async fn wizard_refresh(
        &self,
        draft_id: &str,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        let customer = self
            .current_client()
            .await?
            .get_customer(id, GetCustomerOptions::default())
            .await?;
        let draft = self.update_draft(draft_id, |d| take_remote_state(d, &customer))?;
        if let Some(status) = &draft.remote_status {
            self.status_watch.seen_at(
                &id.to_string(),
                draft.display_name(),
                status,
                &crate::status_watch::changed_at(&customer),
            )?;
        }
        self.apply_draft_retention(Some(&draft.id));
        Ok(self.wizard_state(draft, lang))
    }

    pub async fn wizard_tos_link(
        &self,
        draft_id: &str,
        confirmation: Option<&str>,
    ) -> Result<TosLinkView, DeskError> {
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        self.guard_production(&draft, confirmation).await?;
        crate::tos::send_tos_link(&self.session, &self.ledger, id, Some(draft_id)).await
    }

    /// Step 3: `PATCH /customers/{id}/additional-information`.
    pub async fn wizard_send_additional(
        &self,
        draft_id: &str,
        confirmation: Option<&str>,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let _one = self
            .journal()
            .exclusive(&draft_target(draft_id, "additional_information"))
            .await;
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        require_valid(
            &draft,
            StepId::Additional,
            lang,
            say(
                lang,
                "Check the highlighted fields before sending.",
                "Verifique os campos destacados antes de enviar.",
            ),
        )?;
        self.guard_production(&draft, confirmation).await?;
        let body = payloads::additional_information(&draft);
        let client = self.current_client().await?;
        let intent = self.draft_intent(
            OperationKind::AdditionalInformation,
            draft_id,
            "additional_information",
            Some(id),
            &body,
            audit_field_names(&body),
        );
        if let Sent::Now(result, _) = self
            .ledger
            .send_once(intent, None, |k| {
                client.send_additional_information(id, &body, Some(k))
            })
            .await?
        {
            result.map_err(|e| prefix_fields(e.into(), "additional"))?;
        }
        // What was sent, not what may have been typed since.
        let sent = draft.additional.clone();
        self.update_draft(draft_id, |d| d.additional_sent = Some(sent))?;
        self.wizard_refresh(draft_id, lang).await
    }

    /// Step 4: `POST /customers/{id}/associated-parties` for one party (its parent first).
    pub async fn wizard_send_party(
        &self,
        draft_id: &str,
        local_id: &str,
        confirmation: Option<&str>,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let _one = self
            .journal()
            .exclusive(&draft_target(draft_id, &format!("party:{local_id}")))
            .await;
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        let index = draft
            .parties
            .iter()
            .position(|p| p.local_id == local_id)
            .ok_or_else(|| DeskError::NotFound {
                message: say(
                    lang,
                    "No such party in this draft.",
                    "Esta parte relacionada não está neste rascunho.",
                )
                .into(),
            })?;
        if draft.parties[index].remote_id.is_some() {
            return Ok(self.wizard_state(draft, lang));
        }
        let prefix = format!("parties[{index}]");
        let errors: Vec<FieldError> = checks::validate_step(
            &draft,
            StepId::Parties,
            crate::validation::today_utc(),
            lang,
        )
        .into_iter()
        .filter(|e| e.field.starts_with(&format!("{prefix}.")))
        .collect();
        if !errors.is_empty() {
            return Err(invalid(
                say(
                    lang,
                    "Check the highlighted fields of this party.",
                    "Verifique os campos destacados desta parte relacionada.",
                ),
                errors,
            ));
        }
        let parent_id = sent_party_id(
            &draft,
            draft.parties[index].parent_local_id.as_deref(),
            &format!("{prefix}.parentLocalId"),
            say(
                lang,
                "Send the parent party first.",
                "Envie primeiro a parte relacionada de que esta depende.",
            ),
        )?;
        self.guard_production(&draft, confirmation).await?;
        let body = payloads::new_party(&draft.parties[index], parent_id, index)?;
        let p = &draft.parties[index];
        let intent = self.draft_intent(
            OperationKind::CreateParty,
            draft_id,
            &format!("party:{local_id}"),
            Some(id),
            &body,
            serde_json::json!({
                "type": p.party_type, "role": p.role,
                "ownershipPercentage": p.ownership_percentage,
                "parentId": parent_id.map(|x| x.to_string()),
            }),
        );
        let client = self.current_client().await?;
        let remote_id = match self
            .ledger
            .send_once(intent, None, |k| {
                client.create_associated_party(id, &body, Some(k))
            })
            .await?
        {
            Sent::Now(result, _) => result
                .map_err(|e| prefix_fields(e.into(), &prefix))?
                .id
                .to_string(),
            Sent::Before(done) => done
                .result_id
                .ok_or_else(|| DeskError::internal("The journal lost a created party's id"))?,
        };
        let draft = self.update_draft(draft_id, |d| {
            if let Some(p) = d.parties.iter_mut().find(|p| p.local_id == local_id) {
                p.remote_id = Some(remote_id);
            }
        })?;
        self.drafts.forget_old_versions()?;
        Ok(self.wizard_state(draft, lang))
    }

    /// Step 6: `POST /customers/{id}/verifications`, only when every step is complete.
    pub async fn wizard_start_verification(
        &self,
        draft_id: &str,
        confirmation: Option<&str>,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let _one = self
            .journal()
            .exclusive(&draft_target(draft_id, "start_verification"))
            .await;
        let draft = self.load_draft(draft_id)?;
        let id = Self::customer_uuid(&draft)?;
        let state = self.wizard_state(draft.clone(), lang);
        if !state.ready_to_start {
            let message = say(
                lang,
                "Some steps are not complete yet; see what is missing on each step.",
                "Algumas etapas ainda não estão completas; veja o que falta em cada uma.",
            );
            return Err(invalid(message, vec![FieldError::new("review", message)]));
        }
        self.guard_production(&draft, confirmation).await?;
        let body = StartVerification::default();
        let client = self.current_client().await?;
        let intent = self.draft_intent(
            OperationKind::StartVerification,
            draft_id,
            "start_verification",
            Some(id),
            &body,
            serde_json::json!({ "associatedPartyIds": [] }),
        );
        if let Sent::Now(result, _) = self
            .ledger
            .send_once(intent, None, |k| {
                client.start_verification(id, &body, Some(k))
            })
            .await?
        {
            result?;
        }
        let draft = self.update_draft(draft_id, |d| {
            d.verification_started_at.get_or_insert_with(now);
            d.step = StepId::Review;
        })?;
        // Lumx took the start: the outcome read next is a change this app saw happen.
        self.status_watch
            .seen(&id.to_string(), draft.display_name(), "UNDER_VERIFICATION")?;
        self.wizard_refresh(draft_id, lang).await
    }
}
