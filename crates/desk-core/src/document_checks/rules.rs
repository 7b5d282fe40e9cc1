//! Measurements + where the file goes → which checks fail. Every threshold is a named
//! constant of the parent module.

use super::measure::Measurements;
use super::metadata::{editor_in, is_screen_size, says_screenshot};
use super::*;
use crate::reject_labels::checks_for;

/// A failed check, with what the wording needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Detected {
    pub check: LocalCheck,
    pub detail: Detail,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Detail {
    Undecodable,
    SmallPicture {
        width: u32,
        height: u32,
    },
    LowResolution {
        kilobytes: u64,
        dpi: Option<f64>,
    },
    Blurred {
        sharpness: f64,
    },
    Glare {
        percent: f64,
    },
    Cropped {
        sides: Vec<usize>,
    },
    Greyscale,
    Screenshot {
        reason: ScreenshotSignal,
    },
    Editor {
        program: String,
    },
    PdfUnreadable,
    PdfEncrypted,
    PdfPagesMissing {
        found: usize,
        declared: usize,
    },
    PdfNoPages,
    OnePageOnly,
    FrontEqualsBack,
    OtherSideMissing,
    SameAsRejected {
        round: u32,
        document: String,
        labels: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ScreenshotSignal {
    Named(String),
    ScreenSize { width: u32, height: u32 },
    PngWithoutCamera,
}

pub(crate) fn detect(
    m: &Measurements,
    size: u64,
    context: &CheckContext,
    fingerprint: &Fingerprint,
) -> Vec<Detected> {
    let focus = checks_for(&context.focus_labels);
    let mut found = Vec::new();
    let mut add = |check, detail| found.push(Detected { check, detail });

    for rejected in &context.rejected {
        if fingerprint.same_as(&rejected.fingerprint) {
            add(
                LocalCheck::SameAsRejected,
                Detail::SameAsRejected {
                    round: rejected.round,
                    document: rejected.document.clone(),
                    labels: rejected.labels.clone(),
                },
            );
            break;
        }
    }
    if let Some(other) = &context.other_side {
        if fingerprint.same_as(other) {
            add(LocalCheck::FrontEqualsBack, Detail::FrontEqualsBack);
        }
    }

    // `additionalPages_anotherSide` and friends: the reviewer wants the other side too.
    if context.two_sided && context.other_side.is_none() && focus.contains(&LocalCheck::MissingSide)
    {
        add(LocalCheck::MissingSide, Detail::OtherSideMissing);
    }

    if let Some(pdf) = &m.pdf {
        if pdf.encrypted {
            add(LocalCheck::PdfEncrypted, Detail::PdfEncrypted);
        } else if pdf.unreadable {
            add(LocalCheck::Decodes, Detail::PdfUnreadable);
        } else if pdf.pages == 0 {
            add(LocalCheck::PdfPages, Detail::PdfNoPages);
        } else if let Some(declared) = pdf.declared_pages.filter(|&d| d != pdf.pages) {
            add(
                LocalCheck::PdfPages,
                Detail::PdfPagesMissing {
                    found: pdf.pages,
                    declared,
                },
            );
        } else if pdf.pages == 1 && focus.contains(&LocalCheck::PdfPages) {
            add(LocalCheck::PdfPages, Detail::OnePageOnly);
        }
        if let Some(program) = pdf.programs.iter().find_map(|p| editor_in(p)) {
            add(LocalCheck::EditorTraces, Detail::Editor { program });
        }
        return found;
    }

    if m.undecodable {
        add(LocalCheck::Decodes, Detail::Undecodable);
        return found;
    }
    if m.width.min(m.height) < MIN_SHORT_SIDE_PX {
        add(
            LocalCheck::Resolution,
            Detail::SmallPicture {
                width: m.width,
                height: m.height,
            },
        );
    } else if context.identity_document
        && size < MIN_ID_BYTES
        && m.exif.dpi.is_none_or(|dpi| dpi < MIN_ID_DPI)
    {
        add(
            LocalCheck::Resolution,
            Detail::LowResolution {
                kilobytes: size / 1024,
                dpi: m.exif.dpi,
            },
        );
    }
    if m.sharpness < MIN_SHARPNESS {
        add(
            LocalCheck::Blur,
            Detail::Blurred {
                sharpness: m.sharpness,
            },
        );
    }
    if m.glare_share >= MIN_GLARE_SHARE && m.burnt_share <= MAX_BURNT_SHARE_FOR_GLARE {
        add(
            LocalCheck::Glare,
            Detail::Glare {
                percent: m.glare_share * 100.0,
            },
        );
    }
    let cut: Vec<usize> = (0..4).filter(|&i| m.cut_sides[i]).collect();
    if !cut.is_empty() && m.document_share < FULL_FRAME_SHARE {
        add(LocalCheck::CroppedCorners, Detail::Cropped { sides: cut });
    }
    if m.grey_storage || m.colour_share < MIN_COLOUR_SHARE {
        add(LocalCheck::Greyscale, Detail::Greyscale);
    }
    if let Some(signal) = screenshot_signal(m, focus.contains(&LocalCheck::Screenshot)) {
        add(
            LocalCheck::Screenshot,
            Detail::Screenshot { reason: signal },
        );
    }
    if let Some(program) = m.exif.software.as_deref().and_then(editor_in) {
        add(LocalCheck::EditorTraces, Detail::Editor { program });
    }
    found
}

fn screenshot_signal(m: &Measurements, looking_hard: bool) -> Option<ScreenshotSignal> {
    let named = [m.exif.software.as_deref(), m.exif.comment.as_deref()]
        .into_iter()
        .flatten()
        .find(|text| says_screenshot(text));
    if let Some(text) = named {
        return Some(ScreenshotSignal::Named(text.chars().take(80).collect()));
    }
    if m.exif.camera.is_some() {
        return None;
    }
    if is_screen_size(m.width, m.height) {
        return Some(ScreenshotSignal::ScreenSize {
            width: m.width,
            height: m.height,
        });
    }
    (looking_hard && m.kind == Some(DocumentKind::Png))
        .then_some(ScreenshotSignal::PngWithoutCamera)
}
