//! `POST /customers/{id}/documents` (streaming multipart upload).

use reqwest::Method;
use uuid::Uuid;

use crate::client::{CallBody, KeyUse};
use crate::upload::PreparedUpload;
use crate::{Client, DocumentUpload, IdempotencyKey, Result, UploadOptions};

impl Client {
    /// Uploads one document, streaming the file from disk.
    ///
    /// Succeeds on any 2xx (the API documents both 201 and 204, with no body).
    /// Uses the upload timeout. On retry the file is re-opened and streamed
    /// again with the same idempotency key (and byte-identical body). With
    /// [`DocumentUpload::expect_content`] every attempt verifies the bytes as they go
    /// and a changed file fails with [`crate::Error::FileChanged`], never retried.
    /// Cancelling `opts.cancel` aborts the in-flight request → [`crate::Error::Cancelled`].
    pub async fn upload_document(
        &self,
        customer_id: Uuid,
        upload: &DocumentUpload,
        key: Option<IdempotencyKey>,
        opts: UploadOptions,
    ) -> Result<()> {
        let prepared = PreparedUpload::new(upload.clone(), opts.progress);
        prepared.check().await?;
        let mut call = self.call(Method::POST, format!("/customers/{customer_id}/documents"));
        call.body = CallBody::Upload(prepared);
        call.idempotency = Some(KeyUse::new(key));
        call.timeout = self.timeouts().upload;
        call.cancel = opts.cancel;
        self.execute(call).await.map(|_| ())
    }
}
