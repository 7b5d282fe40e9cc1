//! The session's registry of picked files, and the dialog abstraction.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use uuid::Uuid;

use super::check::{inspect, open_document, preflight, Checked};
use super::{FileProblem, PickedFile};

/// Token → checked file, for this session only (never persisted). Only files registered
/// here — picked by the analyst through the native dialog, or restored from a draft — can
/// be uploaded; the webview can name a file only by its token.
#[derive(Debug, Default)]
pub struct PickedFiles {
    files: Mutex<HashMap<String, Checked>>,
}

impl PickedFiles {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Checked>> {
        // The map stays consistent even if a holder panicked (single inserts/removes).
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a checked file under a fresh random token (a second registration of the
    /// same file gets a different token).
    pub fn register(&self, checked: Checked) -> PickedFile {
        let token = Uuid::new_v4().to_string();
        let picked = PickedFile {
            token: token.clone(),
            file_name: checked.file_name.clone(),
            size: checked.size,
            kind: checked.kind,
            sha256: checked.sha256.clone(),
            thumbnail: checked.thumbnail.clone(),
        };
        self.lock().insert(token, checked);
        picked
    }

    /// The file behind `token`; `None` for a token this session never issued.
    pub fn resolve(&self, token: &str) -> Option<Checked> {
        self.lock().get(token).cloned()
    }

    /// Drops a token (after a successful upload, or when the analyst removes the file).
    /// Returns whether it was known.
    pub fn forget(&self, token: &str) -> bool {
        self.lock().remove(token).is_some()
    }

    /// Re-checks the file just before upload: still there ([`FileProblem::Vanished`]
    /// otherwise), still the same regular file at the same canonical path, same size and
    /// SHA-256 ([`FileProblem::Changed`] otherwise). Returns the registered entry, whose
    /// `canonical_path` is what to stream.
    ///
    /// There is an unavoidable window between this check and the upload's own read; the
    /// uploader should stream from `canonical_path` immediately.
    pub fn recheck(&self, token: &str) -> Result<Checked, FileProblem> {
        let picked = self.resolve(token).ok_or(FileProblem::UnknownToken)?;
        let now = inspect(&picked.canonical_path).map_err(changed_unless_gone)?;
        if now.canonical_path != picked.canonical_path
            || now.size != picked.size
            || now.sha256 != picked.sha256
        {
            return Err(FileProblem::Changed);
        }
        Ok(picked)
    }

    /// The check right before an upload that verifies the content as it streams: the
    /// refusals of [`Self::recheck`] (vanished, unreadable, no longer the same regular
    /// file at the same canonical path, another size or type by magic bytes) and a
    /// changed modification time, reading only the file's first 64 KiB instead of
    /// hashing all of it. Returns the registered entry; upload its `canonical_path` with
    /// `DocumentUpload::expect_content(checked.sha256, checked.size)`, so that the stream
    /// refuses any byte that differs from what the analyst picked
    /// (`lumx::Error::FileChanged`, worded by [`super::upload_error`]).
    pub fn for_upload(&self, token: &str) -> Result<Checked, FileProblem> {
        let picked = self.resolve(token).ok_or(FileProblem::UnknownToken)?;
        let now = open_document(&picked.canonical_path)
            .map_err(changed_unless_gone)?
            .checked;
        if now.canonical_path != picked.canonical_path
            || now.size != picked.size
            || now.kind != picked.kind
            || now.modified != picked.modified
        {
            return Err(FileProblem::Changed);
        }
        Ok(picked)
    }

    /// Resumes a draft: re-preflights a path saved in the local draft DB, requires the hash
    /// saved with it ([`FileProblem::Changed`] otherwise; hex case is ignored), registers it
    /// and returns a fresh token.
    pub fn restore(&self, path: &Path, expected_sha256: &str) -> Result<PickedFile, FileProblem> {
        let checked = preflight(path)?;
        if !checked.sha256.eq_ignore_ascii_case(expected_sha256.trim()) {
            return Err(FileProblem::Changed);
        }
        Ok(self.register(checked))
    }

    /// How many tokens are live.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}

/// A picked file that is now empty, too big, of another type, a directory...: it changed.
/// Only "not there" and "cannot read" keep their own message.
fn changed_unless_gone(problem: FileProblem) -> FileProblem {
    match problem {
        FileProblem::Vanished | FileProblem::Unreadable { .. } => problem,
        _ => FileProblem::Changed,
    }
}

/// The native open-file dialog. The real implementation (rfd) lives in the Tauri shell;
/// tests use [`ScriptedPicker`]. Blocking: run it on `spawn_blocking`.
pub trait FilePicker: Send + Sync {
    /// The path the analyst picked, or `None` if they cancelled.
    fn pick(&self, title: &str) -> Option<PathBuf>;
}

/// A [`FilePicker`] that answers from a script, for tests of commands: each `pick` pops the
/// next answer (`None` = cancelled); an exhausted script cancels.
#[derive(Debug, Default)]
pub struct ScriptedPicker {
    answers: Mutex<VecDeque<Option<PathBuf>>>,
    titles: Mutex<Vec<String>>,
}

impl ScriptedPicker {
    pub fn new(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        Self {
            answers: Mutex::new(answers.into_iter().collect()),
            titles: Mutex::default(),
        }
    }

    /// The titles the dialog was opened with, in order.
    pub fn titles(&self) -> Vec<String> {
        self.titles
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

impl FilePicker for ScriptedPicker {
    fn pick(&self, title: &str) -> Option<PathBuf> {
        self.titles
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(title.to_owned());
        self.answers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop_front()
            .flatten()
    }
}

/// The whole "attach a document" step, blocking (call it inside `spawn_blocking`): opens
/// the dialog, preflights the pick and registers it. `Ok(None)` when the analyst cancelled.
pub fn pick_document(
    picker: &dyn FilePicker,
    files: &PickedFiles,
    title: &str,
) -> Result<Option<PickedFile>, FileProblem> {
    let Some(path) = picker.pick(title) else {
        return Ok(None);
    };
    let checked = preflight(&path)?;
    Ok(Some(files.register(checked)))
}
