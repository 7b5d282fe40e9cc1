//! Documents: picked with the native dialog or dropped (by token, never a path from the
//! webview), checked, and streamed to Lumx once per request.

use super::*;
use crate::sent_files::DocumentSlot;

/// Everything that goes into a document upload's request, for its fingerprint: a new
/// country, side, party or file is a new request (and a new key).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UploadRequest<'a> {
    customer_id: Uuid,
    document_type: &'a str,
    side: Option<&'a str>,
    country: &'a str,
    associated_party_id: Option<Uuid>,
    file_name: Option<&'a str>,
    content_type: Option<&'a str>,
    sha256: &'a str,
    size: u64,
}

impl<'a> UploadRequest<'a> {
    pub(super) fn of(
        customer_id: Uuid,
        upload: &'a DocumentUpload,
        checked: &'a crate::files::Checked,
    ) -> Self {
        Self {
            customer_id,
            document_type: upload.document_type.as_str(),
            side: upload.side.as_ref().map(|s| s.as_str()),
            country: &upload.country,
            associated_party_id: upload.associated_party_id,
            file_name: upload.file_name.as_deref(),
            content_type: upload.content_type.as_deref(),
            sha256: &checked.sha256,
            size: checked.size,
        }
    }
}

/// The request that uploads `checked` into slot `def`.
pub(super) fn slot_document(
    def: &SlotDef,
    associated_party_id: Option<Uuid>,
    country: &str,
    checked: &crate::files::Checked,
) -> DocumentUpload {
    DocumentUpload {
        side: def.side.as_deref().map(DocumentSide::parse),
        associated_party_id,
        file_name: Some(checked.file_name.clone()),
        content_type: Some(checked.kind.mime().to_string()),
        ..DocumentUpload::new(
            checked.canonical_path.clone(),
            DocumentType::parse(&def.document_type),
            country,
        )
    }
    // The stream sends exactly the checked bytes, or aborts before the body is complete.
    .expect_content(checked.sha256.clone(), checked.size)
}

/// The slot `slot_id` of `draft`, or a "no such slot" error.
fn slot_def(draft: &Draft, slot_id: &str, lang: Language) -> Result<SlotDef, DeskError> {
    documents::slots(draft)
        .into_iter()
        .find(|s| s.slot_id == slot_id)
        .ok_or_else(|| DeskError::NotFound {
            message: say(
                lang,
                "No such document slot.",
                "Este documento não faz parte do rascunho.",
            )
            .into(),
        })
}

/// The issuing country of a slot's document: what the analyst chose for it, else its
/// owner's country (the party's address, or the customer's).
pub(super) fn slot_country(draft: &Draft, def: &SlotDef) -> String {
    draft
        .slot(&def.slot_id)
        .map(|s| s.country.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| {
            def.party_local_id
                .as_ref()
                .and_then(|id| draft.parties.iter().find(|p| &p.local_id == id))
                .map(|p| p.address.country.clone())
                .unwrap_or_else(|| draft.customer.country.clone())
        })
}

impl Wizard {
    /// Opens the native dialog for a slot; the checked file is remembered in the draft
    /// (path + SHA-256) and the UI gets a token. `Ok(state)` unchanged when cancelled.
    pub async fn document_pick(
        &self,
        draft_id: &str,
        slot_id: &str,
        title: String,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let draft = self.load_draft(draft_id)?;
        let def = slot_def(&draft, slot_id, lang)?;
        // A refused file is the slot's problem: the UI says so where the analyst picked it.
        let picked = self
            .pick(title, lang)
            .await
            .map_err(|e| prefix_fields(e, &format!("slots.{slot_id}")))?;
        let Some(picked) = picked else {
            return Ok(self.wizard_state(self.load_draft(draft_id)?, lang));
        };
        self.examine(&picked.token, self.slot_context(&draft, &def), lang)
            .await
            .map_err(|e| prefix_fields(e, &format!("slots.{slot_id}")))?;
        let checked = self
            .files
            .resolve(&picked.token)
            .ok_or_else(|| DeskError::internal("picked file vanished from the registry"))?;
        let draft = self.put_in_slot(draft_id, slot_id, &checked.canonical_path, picked)?;
        Ok(self.wizard_state(draft, lang))
    }

    /// Files dropped on the window (the OS hands Rust their paths; the webview never sees
    /// them): each is checked like a picked file and registered, so the UI gets tokens.
    pub async fn register_dropped(
        &self,
        paths: Vec<std::path::PathBuf>,
        lang: Language,
    ) -> Vec<Result<PickedFile, String>> {
        let checked = tokio::task::spawn_blocking(move || {
            paths
                .iter()
                .map(|p| crate::files::preflight(p))
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        checked
            .into_iter()
            .map(|r| match r {
                Ok(c) => Ok(self.files.register(c)),
                Err(p) => Err(p.message_in(lang)),
            })
            .collect()
    }

    /// Puts a file already checked in this session (dropped onto a slot) into a slot.
    pub async fn document_assign(
        &self,
        draft_id: &str,
        slot_id: &str,
        token: &str,
        lang: Language,
    ) -> Result<WizardState, DeskError> {
        let draft = self.load_draft(draft_id)?;
        let def = slot_def(&draft, slot_id, lang)?;
        let checked = self
            .files
            .recheck(token)
            .map_err(|p| p.into_desk_error(lang))?;
        self.examine(token, self.slot_context(&draft, &def), lang)
            .await
            .map_err(|e| prefix_fields(e, &format!("slots.{slot_id}")))?;
        let picked = PickedFile {
            token: token.to_string(),
            file_name: checked.file_name.clone(),
            size: checked.size,
            kind: checked.kind,
            sha256: checked.sha256.clone(),
            thumbnail: checked.thumbnail.clone(),
        };
        let draft = self.put_in_slot(draft_id, slot_id, &checked.canonical_path, picked)?;
        Ok(self.wizard_state(draft, lang))
    }

    /// Remembers `picked` for the slot, touching nothing else of the draft.
    fn put_in_slot(
        &self,
        draft_id: &str,
        slot_id: &str,
        path: &std::path::Path,
        picked: PickedFile,
    ) -> Result<Draft, DeskError> {
        let file = DraftFile {
            path: path.to_string_lossy().into_owned(),
            file_name: picked.file_name.clone(),
            size: picked.size,
            sha256: picked.sha256.clone(),
            kind: picked.kind.label().to_string(),
        };
        let draft = self.update_draft(draft_id, |d| {
            let slot = d.slot_mut(slot_id);
            slot.file = Some(file);
            slot.uploaded_at = None;
        })?;
        let k = (draft_id.to_string(), slot_id.to_string());
        lock(&self.tokens).insert(k.clone(), picked);
        lock(&self.problems).remove(&k);
        Ok(draft)
    }

    /// The dialog + preflight, on a blocking thread (GTK dialogs block).
    pub async fn pick(
        &self,
        title: String,
        lang: Language,
    ) -> Result<Option<PickedFile>, DeskError> {
        let picker = self.picker.clone();
        let files = &self.files;
        let path = tokio::task::spawn_blocking(move || picker.pick(&title))
            .await
            .map_err(|e| DeskError::internal(format!("The file dialog failed: {e}")))?;
        let Some(path) = path else { return Ok(None) };
        let checked = crate::files::preflight(&path).map_err(|p| p.into_desk_error(lang))?;
        Ok(Some(files.register(checked)))
    }

    /// Step 5: streams the slot's file to `POST /customers/{id}/documents`, reporting
    /// progress; the key is tied to the file's SHA-256, so a retry of the same file replays.
    pub async fn document_upload(
        &self,
        draft_id: &str,
        slot_id: &str,
        confirmation: Option<&str>,
        lang: Language,
        on_progress: impl Fn(UploadProgress) + Send + Sync + 'static,
    ) -> Result<WizardState, DeskError> {
        let target = draft_target(draft_id, &format!("slot:{slot_id}"));
        let _one = self.journal().exclusive(&target).await;
        let draft = self.load_draft(draft_id)?;
        let customer_id = Self::customer_uuid(&draft)?;
        let def = slot_def(&draft, slot_id, lang)?;
        let k = (draft.id.clone(), slot_id.to_string());
        let token = lock(&self.tokens)
            .get(&k)
            .map(|p| p.token.clone())
            .ok_or_else(|| {
                let message = say(
                    lang,
                    "Pick the file for this document first.",
                    "Escolha primeiro o arquivo deste documento.",
                );
                DeskError::File {
                    message: message.into(),
                    fields: vec![FieldError::new(format!("slots.{slot_id}"), message)],
                }
            })?;
        let associated_party_id = sent_party_id(
            &draft,
            def.party_local_id.as_deref(),
            &format!("slots.{slot_id}"),
            say(
                lang,
                "Send this party (step 4) before its documents.",
                "Envie esta parte relacionada (etapa 4) antes dos documentos dela.",
            ),
        )?;
        // The country becomes a multipart field: refused here, before any request, unless
        // it is a known ISO code (anything else could also break the part headers).
        let country = crate::validation::country(slot_country(&draft, &def).trim())
            .map_err(|p| {
                invalid(
                    say(
                        lang,
                        "Choose the issuing country of this document.",
                        "Escolha o país emissor deste documento.",
                    ),
                    vec![crate::validation::field_error(
                        &format!("slots.{slot_id}"),
                        p,
                        lang,
                    )],
                )
            })?
            .alpha3;
        if self.examined(&token).is_some_and(|e| e.blocked()) {
            let message = say(
                lang,
                "Lumx already rejected this file. Pick another one, or send it again from the customer's RFI with the reason.",
                "A Lumx já recusou este arquivo. Escolha outro, ou reenvie-o pelo RFI do cliente informando o motivo.",
            );
            return Err(DeskError::File {
                message: message.into(),
                fields: vec![FieldError::new(format!("slots.{slot_id}"), message)],
            });
        }
        self.guard_production(&draft, confirmation).await?;
        let checked = self
            .files
            .for_upload(&token)
            .map_err(|p: FileProblem| p.into_desk_error(lang))?;
        let upload = slot_document(&def, associated_party_id, country, &checked);
        let intent = Intent {
            environment: self.environment().slug().to_string(),
            kind: OperationKind::UploadDocument,
            target,
            customer_id: Some(customer_id.to_string()),
            draft_id: Some(draft_id.to_string()),
            party_id: upload.associated_party_id.map(|p| p.to_string()),
            fingerprint: journal::fingerprint(&UploadRequest::of(customer_id, &upload, &checked)),
            summary: upload_summary(&upload, &checked),
        };
        let client = self.current_client().await?;
        let cancel = CancellationToken::new();
        lock(&self.uploads).insert(k.clone(), cancel.clone());
        let options = UploadOptions {
            progress: Some(thinned(on_progress)),
            cancel: Some(cancel),
        };
        let sent = self
            .ledger
            .send_once(intent, None, |key| {
                client.upload_document(customer_id, &upload, Some(key), options)
            })
            .await;
        lock(&self.uploads).remove(&k);
        if let Sent::Now(result, _) = sent? {
            result.map_err(|e| {
                prefix_fields(
                    crate::files::upload_error(e, lang),
                    &format!("slots.{slot_id}"),
                )
            })?;
        }
        self.remember_sent(
            &customer_id.to_string(),
            DocumentSlot {
                party_id: upload.associated_party_id.map(|p| p.to_string()),
                document_type: def.document_type.clone(),
                side: def.side.clone(),
            },
            &token,
            &checked,
        );
        let sha256 = checked.sha256.clone();
        self.update_draft(draft_id, |d| {
            let slot = d.slot_mut(slot_id);
            // Only if the slot still holds the file that was sent.
            if slot.file.as_ref().is_some_and(|f| f.sha256 == sha256) {
                slot.uploaded_at = Some(now());
            }
        })?;
        self.wizard_refresh(draft_id, lang).await
    }

    /// Sends any document at any time (RFIs, late documents): a file picked in this
    /// session, with its type, side and party checked first.
    pub async fn manual_upload(
        &self,
        upload: ManualUpload,
        confirmation: Option<&str>,
        lang: Language,
        on_progress: impl Fn(UploadProgress) + Send + Sync + 'static,
    ) -> Result<(), DeskError> {
        let errors = check_manual_upload(&upload, lang);
        if !errors.is_empty() {
            return Err(invalid(
                say(
                    lang,
                    "Check the highlighted fields before uploading.",
                    "Verifique os campos destacados antes de enviar o documento.",
                ),
                errors,
            ));
        }
        let customer_id = Uuid::parse_str(upload.customer_id.trim()).expect("checked above");
        let client = self.current_client().await?;
        if self.environment().is_production() {
            let customer = client
                .get_customer(customer_id, GetCustomerOptions::default())
                .await?;
            let name = customer.legal_name.or(customer.name).unwrap_or_default();
            let needed = ConfirmationNeeded::for_customer(self.environment(), &name);
            ConfirmationNeeded::check(needed.as_ref(), confirmation, self.language())?;
        }
        let checked = self
            .files
            .for_upload(&upload.token)
            .map_err(|p| p.into_desk_error(lang))?;
        let side = upload.side.as_deref().filter(|s| !s.is_empty());
        let party = upload
            .associated_party_id
            .as_deref()
            .filter(|p| !p.is_empty())
            .and_then(|p| Uuid::parse_str(p).ok());
        let request = DocumentUpload {
            side: side.map(DocumentSide::parse),
            associated_party_id: party,
            file_name: Some(checked.file_name.clone()),
            content_type: Some(checked.kind.mime().to_string()),
            ..DocumentUpload::new(
                checked.canonical_path.clone(),
                DocumentType::parse(&upload.document_type),
                upload.country.trim(),
            )
        }
        .expect_content(checked.sha256.clone(), checked.size);
        let options = UploadOptions {
            progress: Some(thinned(on_progress)),
            cancel: None,
        };
        // One target per customer, type, side and party: the same file sent again is
        // not sent twice; another file, or another country, is a new request.
        let target = format!(
            "customer:{customer_id}:document:{}:{}:{}",
            upload.document_type,
            side.unwrap_or("-"),
            party.map(|p| p.to_string()).unwrap_or_else(|| "-".into())
        );
        let _one = self.journal().exclusive(&target).await;
        let intent = Intent {
            environment: self.environment().slug().to_string(),
            kind: OperationKind::UploadDocument,
            target,
            customer_id: Some(customer_id.to_string()),
            draft_id: None,
            party_id: party.map(|p| p.to_string()),
            fingerprint: journal::fingerprint(&UploadRequest::of(customer_id, &request, &checked)),
            summary: upload_summary(&request, &checked),
        };
        // Picked outside a slot (the customer view): checked here, for this document and
        // against what Lumx already rejected of this customer, before anything is sent.
        if self.examined(&upload.token).is_none() {
            let mut context =
                crate::document_checks::CheckContext::for_document(&upload.document_type);
            context.rejected = self
                .history
                .rejected_files(self.environment().slug(), &customer_id.to_string())?;
            self.examine(&upload.token, context, lang).await?;
        }
        let examined = self.examined(&upload.token);
        let reason = upload
            .override_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if examined.as_ref().is_some_and(|e| e.blocked()) && reason.is_none() {
            let message = say(
                lang,
                "Lumx already rejected this file. Give the reason to send it anyway, or pick another one.",
                "A Lumx já recusou este arquivo. Informe o motivo para enviá-lo mesmo assim, ou escolha outro.",
            );
            return Err(invalid(
                message,
                vec![FieldError::new("overrideReason", message)],
            ));
        }
        match self
            .ledger
            .send_once(intent, reason, |key| {
                client.upload_document(customer_id, &request, Some(key), options)
            })
            .await?
        {
            Sent::Now(result, _) => result.map_err(|e| crate::files::upload_error(e, lang))?,
            Sent::Before(_) => {}
        }
        self.remember_sent(
            &customer_id.to_string(),
            DocumentSlot {
                party_id: party.map(|p| p.to_string()),
                document_type: upload.document_type.clone(),
                side: side.map(str::to_owned),
            },
            &upload.token,
            &checked,
        );
        Ok(())
    }

    pub fn document_upload_cancel(&self, draft_id: &str, slot_id: &str) -> bool {
        match lock(&self.uploads).get(&(draft_id.to_string(), slot_id.to_string())) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}
