//! `POST /customers/{id}/documents` (multipart: file, type, country, side,
//! associatedPartyId). The file is streamed: its size, SHA-256 and first bytes are
//! kept, never the content. Idempotency is decided here, after parsing, because the
//! request hash covers the parsed fields and file bytes (see `idempotency`).

use std::sync::Arc;

use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use sha2::{Digest, Sha256};

use super::{is_multipart, path_uuid, with_idempotency, IdemKey, MAX_FILE_BYTES};
use crate::error::{ApiError, FieldError};
use crate::lifecycle::{self, FileMeta};
use crate::state::{customer_not_found, Shared};
use crate::validation::{self, DocumentParts};

const TEXT_PART_LIMIT: usize = 1024;
const HEAD_BYTES: usize = 16;

struct FileInfo {
    name: Option<String>,
    head: Vec<u8>,
    size: u64,
    sha256: String,
}

struct ParsedUpload {
    parts: DocumentParts,
    file: Option<FileInfo>,
    errors: Vec<FieldError>,
    /// Canonical hash of every part (name, filename, content) for idempotency.
    hash: String,
}

fn multipart_error(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        ApiError::bad_request(format!("Malformed multipart body: {}", e.body_text()))
    }
}

fn too_large() -> ApiError {
    let mut e = ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "File exceeds the 50 MB limit",
    );
    e.details = vec![FieldError::new(
        "file",
        format!("must be at most {MAX_FILE_BYTES} bytes (50 MB)"),
    )];
    e
}

/// Streams a part, feeding `sink`; returns its SHA-256 and total size.
async fn stream_part(
    field: &mut Field<'_>,
    mut sink: impl FnMut(&[u8], u64),
) -> Result<(String, u64), ApiError> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        size += chunk.len() as u64;
        // Past the limit the rest is still drained (so the client can read our 413)
        // but no longer hashed or kept.
        if size <= MAX_FILE_BYTES {
            hasher.update(&chunk);
        }
        sink(&chunk, size);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

async fn parse(mut multipart: Multipart) -> Result<ParsedUpload, ApiError> {
    let mut canon = Sha256::new();
    let mut parts = DocumentParts::default();
    let mut file: Option<FileInfo> = None;
    let mut errors = Vec::new();
    let mut oversize = false;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        if name == "file" {
            let mut head = Vec::with_capacity(HEAD_BYTES);
            let (sha, size) = stream_part(&mut field, |chunk, _| {
                let room = HEAD_BYTES.saturating_sub(head.len());
                head.extend_from_slice(&chunk[..room.min(chunk.len())]);
            })
            .await?;
            oversize |= size > MAX_FILE_BYTES;
            canon.update(format!(
                "{name}\0{}\0{sha}\n",
                file_name.as_deref().unwrap_or("")
            ));
            if file.is_some() {
                errors.push(FieldError::new("file", "must be sent only once"));
            }
            file = Some(FileInfo {
                name: file_name,
                head,
                size,
                sha256: sha,
            });
            continue;
        }
        let mut text = Vec::new();
        let (sha, size) = stream_part(&mut field, |chunk, _| {
            if text.len() < TEXT_PART_LIMIT {
                text.extend_from_slice(chunk);
            }
        })
        .await?;
        canon.update(format!(
            "{name}\0{}\0{sha}\n",
            file_name.as_deref().unwrap_or("")
        ));
        let slot = match name.as_str() {
            "type" => &mut parts.doc_type,
            "country" => &mut parts.country,
            "side" => &mut parts.side,
            "associatedPartyId" => &mut parts.associated_party_id,
            _ => {
                errors.push(FieldError::new(name, "is not a recognised form field"));
                continue;
            }
        };
        let value = match String::from_utf8(text) {
            Ok(v) if size as usize <= TEXT_PART_LIMIT => v.trim().to_string(),
            _ => {
                errors.push(FieldError::new(name, "must be short UTF-8 text"));
                continue;
            }
        };
        if slot.is_some() {
            errors.push(FieldError::new(name, "must be sent only once"));
        }
        *slot = Some(value);
    }
    if oversize {
        return Err(too_large());
    }
    Ok(ParsedUpload {
        parts,
        file,
        errors,
        hash: hex::encode(canon.finalize()),
    })
}

fn store_document(s: &Shared, customer_id: &str, upload: ParsedUpload) -> Response {
    let result = (|| {
        let id = path_uuid(customer_id, customer_not_found)?;
        s.read(|store, _| store.customer(id).map(|_| ()))?;
        let mut errors = upload.errors;
        let media_type = match &upload.file {
            None => {
                errors.push(FieldError::new("file", "is required"));
                None
            }
            Some(f) if f.size == 0 => {
                errors.push(FieldError::new("file", "must not be empty"));
                None
            }
            Some(f) => {
                let t = validation::sniff_media_type(&f.head);
                if t.is_none() {
                    errors.push(FieldError::new("file", "must be a JPG, PNG or PDF file"));
                }
                t
            }
        };
        let doc = validation::document_parts(&upload.parts, &mut errors);
        let (Some(doc), Some(media_type), Some(file), true) =
            (doc, media_type, upload.file, errors.is_empty())
        else {
            return Err(ApiError::validation(errors));
        };
        let meta = FileMeta {
            file_name: file.name,
            media_type: media_type.to_string(),
            size: file.size,
            sha256: file.sha256,
        };
        s.write(|store, now, _| lifecycle::add_document(store, id, doc, meta, now))
    })();
    match result {
        Ok(_) => StatusCode::CREATED.into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn upload(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    idem: Option<Extension<IdemKey>>,
    req: Request,
) -> Response {
    if !is_multipart(req.headers()) {
        return ApiError::unsupported_media("multipart/form-data").into_response();
    }
    let multipart = match Multipart::from_request(req, &()).await {
        Ok(m) => m,
        Err(e) => {
            return ApiError::bad_request(format!("Malformed multipart body: {}", e.body_text()))
                .into_response()
        }
    };
    let upload = match parse(multipart).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    match idem {
        Some(Extension(IdemKey(key))) => {
            let hash = upload.hash.clone();
            let shared = Arc::clone(&s);
            with_idempotency(&s, key, hash, async move {
                store_document(&shared, &id, upload)
            })
            .await
        }
        None => store_document(&s, &id, upload),
    }
}
