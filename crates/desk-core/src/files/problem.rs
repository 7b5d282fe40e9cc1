//! Why a picked file cannot be uploaded, in English ([`Display`]) and Brazilian Portuguese
//! ([`FileProblem::message_pt`]).

use std::fmt;
use std::io;

use serde::Serialize;
use specta::Type;

use super::DocumentKind;
use crate::error::{DeskError, FieldError};
use crate::locale::Language;

/// Serialises as `{ "problem": "tooBig", "size": 52428801, "max": 52428800 }` etc.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Type)]
#[serde(tag = "problem", rename_all = "camelCase")]
pub enum FileProblem {
    /// The OS refused to read it (permissions, I/O error); `reason` is the OS's wording.
    Unreadable { reason: String },
    /// It is no longer at the picked path (moved, renamed, deleted, unmounted).
    Vanished,
    /// 0 bytes.
    Empty,
    /// Over the API's limit ([`super::MAX_DOCUMENT_BYTES`]).
    TooBig { size: u64, max: u64 },
    /// The content is not a PDF, JPEG or PNG (by magic bytes).
    WrongType,
    /// The name's extension does not match the content (`extension` is lowercase, without
    /// the dot, empty when the name has none).
    ExtensionMismatch {
        extension: String,
        actual: DocumentKind,
    },
    /// A directory, device, FIFO or socket.
    NotARegularFile,
    /// The content (or size) differs from when the analyst picked it.
    Changed,
    /// The token was not issued in this session (forged, stale or from another run).
    UnknownToken,
    /// The picked name is a symbolic link to a file in another folder (`folder`, the
    /// target's): refused so that a link planted where the analyst looks cannot upload a
    /// file they never saw.
    LinkOutsideFolder { folder: String },
}

impl FileProblem {
    /// The message in Brazilian Portuguese.
    pub fn message_pt(&self) -> String {
        match self {
            Self::Unreadable { reason } => format!(
                "Não foi possível ler o arquivo ({reason}). Verifique se você tem permissão para abri-lo."
            ),
            Self::Vanished => "O arquivo não está mais onde foi escolhido: pode ter sido movido, \
                               renomeado ou excluído. Escolha-o novamente."
                .to_owned(),
            Self::Empty => {
                "O arquivo está vazio (0 bytes). Escolha o documento completo.".to_owned()
            }
            Self::TooBig { size, max } => format!(
                "O arquivo tem {} e o limite é {}. Reduza o tamanho (por exemplo, digitalize com \
                 resolução menor) e tente novamente.",
                megabytes(*size, ','),
                megabytes(*max, ',')
            ),
            Self::WrongType => "Este arquivo não é um PDF, JPEG ou PNG. Só é possível enviar \
                                documentos PDF, JPG ou PNG."
                .to_owned(),
            Self::ExtensionMismatch { extension, actual } => {
                let expected = actual.extensions()[0];
                if extension.is_empty() {
                    format!(
                        "O nome do arquivo não tem extensão, mas o conteúdo é {}. Renomeie-o \
                         para terminar em .{expected}.",
                        actual.label()
                    )
                } else {
                    format!(
                        "O arquivo se chama .{extension}, mas o conteúdo é {}. Renomeie-o para \
                         .{expected} ou escolha o arquivo correto.",
                        actual.label()
                    )
                }
            }
            Self::NotARegularFile => "Isto não é um arquivo comum (é uma pasta, um dispositivo \
                                      ou um pipe). Escolha um arquivo de documento."
                .to_owned(),
            Self::Changed => "O arquivo foi alterado depois de escolhido. Escolha-o novamente \
                              para que seja enviada a versão que você revisou."
                .to_owned(),
            Self::UnknownToken => "Esta seleção de arquivo não é mais válida. Escolha o \
                                   arquivo novamente."
                .to_owned(),
            Self::LinkOutsideFolder { folder } => format!(
                "Este arquivo é um atalho (link) para um arquivo em outra pasta ({folder}). \
                 Escolha o próprio arquivo."
            ),
        }
    }

    /// The message in `language`.
    pub fn message_in(&self, language: Language) -> String {
        match language {
            Language::PtBr => self.message_pt(),
            Language::En => self.to_string(),
        }
    }

    /// The IPC error, worded in `language` (the `From` impl uses English).
    pub fn into_desk_error(self, language: Language) -> DeskError {
        let message = self.message_in(language);
        DeskError::File {
            message: message.clone(),
            fields: vec![FieldError::new("file", message)],
        }
    }

    /// Maps an I/O error on the picked path: "not there" is [`Self::Vanished`], anything
    /// else is [`Self::Unreadable`].
    pub(crate) fn from_io(err: &io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => Self::Vanished,
            _ => Self::Unreadable {
                reason: err.to_string(),
            },
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable { reason } => write!(
                f,
                "The file could not be read ({reason}). Check that you have permission to open it."
            ),
            Self::Vanished => f.write_str(
                "The file is no longer where it was picked: it may have been moved, renamed or \
                 deleted. Pick it again.",
            ),
            Self::Empty => f.write_str("The file is empty (0 bytes). Pick the complete document."),
            Self::TooBig { size, max } => write!(
                f,
                "The file is {} and the limit is {}. Make it smaller (for example, scan at a \
                 lower resolution) and try again.",
                megabytes(*size, '.'),
                megabytes(*max, '.')
            ),
            Self::WrongType => f.write_str(
                "This file is not a PDF, JPEG or PNG. Only PDF, JPG and PNG documents can be \
                 uploaded.",
            ),
            Self::ExtensionMismatch { extension, actual } => {
                let expected = actual.extensions()[0];
                if extension.is_empty() {
                    write!(
                        f,
                        "The file name has no extension but its content is a {}. Rename it to \
                         end in .{expected}.",
                        actual.label()
                    )
                } else {
                    write!(
                        f,
                        "The file is named .{extension} but its content is a {}. Rename it to \
                         .{expected} or pick the right file.",
                        actual.label()
                    )
                }
            }
            Self::NotARegularFile => f.write_str(
                "This is not a regular file (it is a folder, a device or a pipe). Pick a \
                 document file.",
            ),
            Self::Changed => f.write_str(
                "The file changed after it was picked. Pick it again so that the version you \
                 reviewed is the one uploaded.",
            ),
            Self::UnknownToken => {
                f.write_str("This file selection is no longer valid. Pick the file again.")
            }
            Self::LinkOutsideFolder { folder } => write!(
                f,
                "This file is a link to a file in another folder ({folder}). Pick the file \
                 itself."
            ),
        }
    }
}

impl From<FileProblem> for DeskError {
    fn from(problem: FileProblem) -> Self {
        problem.into_desk_error(Language::En)
    }
}

/// The IPC error for a failed upload of a picked file, worded in `language`: a file that
/// differed from what was picked while it streamed ([`lumx::Error::FileChanged`]) is
/// [`FileProblem::Changed`]; anything else is worded as `DeskError::from(lumx::Error)`.
pub fn upload_error(err: lumx::Error, language: Language) -> DeskError {
    match err {
        lumx::Error::FileChanged { .. } => FileProblem::Changed.into_desk_error(language),
        other => other.into(),
    }
}

/// `50 MB`, `50.1 MB` (pt: `50,1 MB`): MiB, one decimal rounded *up*, so a file one byte over
/// the limit never reads as exactly the limit.
fn megabytes(bytes: u64, decimal_separator: char) -> String {
    const MIB: u64 = 1024 * 1024;
    let tenths = bytes.saturating_mul(10).div_ceil(MIB);
    let (whole, tenth) = (tenths / 10, tenths % 10);
    if tenth == 0 {
        format!("{whole} MB")
    } else {
        format!("{whole}{decimal_separator}{tenth} MB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn megabytes_round_up_so_one_byte_over_is_visible() {
        assert_eq!(megabytes(50 * 1024 * 1024, '.'), "50 MB");
        assert_eq!(megabytes(50 * 1024 * 1024 + 1, '.'), "50.1 MB");
        assert_eq!(megabytes(50 * 1024 * 1024 + 1, ','), "50,1 MB");
        assert_eq!(megabytes(1, '.'), "0.1 MB");
        assert!(!megabytes(u64::MAX, '.').is_empty());
    }

    #[test]
    fn serialises_with_the_problem_tag() {
        assert_eq!(
            serde_json::to_value(FileProblem::TooBig { size: 3, max: 2 }).unwrap(),
            json!({ "problem": "tooBig", "size": 3, "max": 2 })
        );
        assert_eq!(
            serde_json::to_value(FileProblem::ExtensionMismatch {
                extension: "pdf".into(),
                actual: DocumentKind::Png
            })
            .unwrap(),
            json!({ "problem": "extensionMismatch", "extension": "pdf", "actual": "png" })
        );
        assert_eq!(
            serde_json::to_value(FileProblem::NotARegularFile).unwrap(),
            json!({ "problem": "notARegularFile" })
        );
        assert_eq!(
            serde_json::to_value(FileProblem::UnknownToken).unwrap(),
            json!({ "problem": "unknownToken" })
        );
        assert_eq!(
            serde_json::to_value(FileProblem::LinkOutsideFolder {
                folder: "/home/ana/.ssh".into()
            })
            .unwrap(),
            json!({ "problem": "linkOutsideFolder", "folder": "/home/ana/.ssh" })
        );
    }

    fn all() -> Vec<FileProblem> {
        vec![
            FileProblem::Unreadable {
                reason: "Permission denied (os error 13)".into(),
            },
            FileProblem::Vanished,
            FileProblem::Empty,
            FileProblem::TooBig {
                size: 60 * 1024 * 1024,
                max: 50 * 1024 * 1024,
            },
            FileProblem::WrongType,
            FileProblem::ExtensionMismatch {
                extension: "pdf".into(),
                actual: DocumentKind::Png,
            },
            FileProblem::ExtensionMismatch {
                extension: String::new(),
                actual: DocumentKind::Jpeg,
            },
            FileProblem::NotARegularFile,
            FileProblem::Changed,
            FileProblem::UnknownToken,
            FileProblem::LinkOutsideFolder {
                folder: "/home/ana/.ssh".into(),
            },
        ]
    }

    #[test]
    fn every_problem_has_distinct_english_and_portuguese_messages() {
        let problems = all();
        let en: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let pt: Vec<String> = problems.iter().map(FileProblem::message_pt).collect();
        for (i, (e, p)) in en.iter().zip(&pt).enumerate() {
            assert!(!e.is_empty() && !p.is_empty());
            assert_ne!(e, p, "{:?}", problems[i]);
            assert!(e.ends_with('.') && p.ends_with('.'), "{e} / {p}");
            for (j, other) in en.iter().enumerate() {
                if i != j {
                    assert_ne!(e, other);
                }
            }
        }
        assert!(en[3].contains("60 MB") && en[3].contains("50 MB"));
        assert!(pt[5].contains(".pdf") && pt[5].contains("PNG") && pt[5].contains(".png"));
        assert!(en[6].contains(".jpg"));
        assert!(en[10].contains("another folder (/home/ana/.ssh)"));
        assert!(pt[10].contains("outra pasta (/home/ana/.ssh)"));
    }

    #[test]
    fn converts_to_a_file_desk_error_with_a_file_field() {
        let err: DeskError = FileProblem::Empty.into();
        assert_eq!(err.code(), "file");
        assert_eq!(err.to_string(), FileProblem::Empty.to_string());
        assert_eq!(
            err.fields(),
            &[FieldError::new("file", FileProblem::Empty.to_string())]
        );
        let pt = FileProblem::Changed.into_desk_error(Language::PtBr);
        assert_eq!(pt.to_string(), FileProblem::Changed.message_pt());
        assert_eq!(pt.fields()[0].field, "file");
    }

    #[test]
    fn io_errors_map_to_vanished_or_unreadable() {
        let missing = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(FileProblem::from_io(&missing), FileProblem::Vanished);
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        assert!(matches!(
            FileProblem::from_io(&denied),
            FileProblem::Unreadable { .. }
        ));
    }
}
