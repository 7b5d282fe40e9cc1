//! What a file says about where it came from: EXIF (camera, software, resolution) for
//! images, and the names of programs known to edit documents.

use exif::{In, Tag, Value};

/// The EXIF facts the checks use. Everything is optional: many good files carry none.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ExifFacts {
    /// `Make` / `Model`: a camera (or phone camera) took the picture.
    pub camera: Option<String>,
    pub software: Option<String>,
    /// `UserComment` / `ImageDescription`, where some tools say "Screenshot".
    pub comment: Option<String>,
    /// Horizontal resolution in dots per inch (`XResolution` with `ResolutionUnit`).
    pub dpi: Option<f64>,
}

/// Reads the EXIF block (TIFF structure, as the image decoders return it). A block that
/// does not parse gives no facts rather than an error: the image itself may be fine.
pub(crate) fn exif_facts(raw: Vec<u8>) -> ExifFacts {
    let Ok(exif) = exif::Reader::new().read_raw(raw) else {
        return ExifFacts::default();
    };
    let text = |tag: Tag| {
        exif.get_field(tag, In::PRIMARY)
            .map(|f| f.display_value().to_string())
            .map(|s| {
                s.trim_matches(|c: char| c == '"' || c.is_whitespace())
                    .to_owned()
            })
            .filter(|s| !s.is_empty())
    };
    let camera = match (text(Tag::Make), text(Tag::Model)) {
        (Some(make), Some(model)) => Some(format!("{make} {model}")),
        (one, other) => one.or(other),
    };
    let dpi = exif
        .get_field(Tag::XResolution, In::PRIMARY)
        .and_then(|f| match &f.value {
            Value::Rational(r) if !r.is_empty() && r[0].denom != 0 => Some(r[0].to_f64()),
            _ => None,
        })
        .map(|per_unit| {
            // ResolutionUnit: 2 = inch (the default), 3 = centimetre.
            match exif
                .get_field(Tag::ResolutionUnit, In::PRIMARY)
                .and_then(|f| f.value.get_uint(0))
            {
                Some(3) => per_unit * 2.54,
                _ => per_unit,
            }
        });
    ExifFacts {
        camera,
        software: text(Tag::Software),
        comment: text(Tag::UserComment).or_else(|| text(Tag::ImageDescription)),
        dpi,
    }
}

/// Programs that edit pictures or the text of PDFs. A file naming one of them in its
/// `Software` (EXIF) or `Producer`/`Creator` (PDF) is what Sumsub rejects as
/// `GRAPHIC_EDITOR` / `badPhoto_editedPoa`. Cameras and scanners write their firmware
/// there too ("HDR+ 1.0", "iOS 17.4"), so only known editors count.
const EDITORS: &[&str] = &[
    "photoshop",
    "lightroom",
    "illustrator",
    "gimp",
    "paint.net",
    "pixelmator",
    "affinity",
    "corel",
    "paintshop",
    "photopea",
    "canva",
    "picsart",
    "snapseed",
    "fotor",
    "inkscape",
    "krita",
    "sejda",
    "smallpdf",
    "ilovepdf",
    "pdfescape",
    "pdf-xchange editor",
    "phantompdf",
    "pdffiller",
    "pdf editor",
];

/// The editor named in `software`, if any (its name as written there).
pub(crate) fn editor_in(software: &str) -> Option<String> {
    let lower = software.to_lowercase();
    EDITORS
        .iter()
        .any(|editor| lower.contains(editor))
        .then(|| software.trim().chars().take(80).collect())
}

/// Whether a program name or comment says the picture is a screen capture.
pub(crate) fn says_screenshot(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "screenshot",
        "screen shot",
        "captura de tela",
        "snipping",
        "gnome-screenshot",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

/// Pixel sizes of common monitors and phone screens (either orientation): a picture of
/// exactly that size with no camera in its metadata is most likely a screen capture.
const SCREEN_SIZES: &[(u32, u32)] = &[
    (1280, 720),
    (1280, 800),
    (1280, 1024),
    (1366, 768),
    (1440, 900),
    (1536, 864),
    (1600, 900),
    (1680, 1050),
    (1920, 1080),
    (1920, 1200),
    (2560, 1080),
    (2560, 1440),
    (2560, 1600),
    (2880, 1800),
    (3024, 1964),
    (3440, 1440),
    (3840, 2160),
    (750, 1334),
    (828, 1792),
    (1080, 1920),
    (1080, 2340),
    (1080, 2400),
    (1125, 2436),
    (1170, 2532),
    (1179, 2556),
    (1242, 2688),
    (1284, 2778),
    (1290, 2796),
    (1440, 3200),
];

pub(crate) fn is_screen_size(width: u32, height: u32) -> bool {
    SCREEN_SIZES
        .iter()
        .any(|&(w, h)| (w, h) == (width, height) || (h, w) == (width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_are_named_and_camera_firmware_is_not() {
        assert_eq!(
            editor_in("Adobe Photoshop 25.0 (Windows)").as_deref(),
            Some("Adobe Photoshop 25.0 (Windows)")
        );
        assert!(editor_in("GIMP 2.10.36").is_some());
        assert!(editor_in("iLovePDF").is_some());
        assert!(editor_in("HDR+ 1.0.540104767zd").is_none());
        assert!(editor_in("iOS 17.4.1").is_none());
        assert!(editor_in("Microsoft: Print To PDF").is_none());
    }

    #[test]
    fn screen_sizes_match_in_both_orientations() {
        assert!(is_screen_size(1920, 1080));
        assert!(is_screen_size(1080, 1920));
        assert!(!is_screen_size(4032, 3024));
    }

    #[test]
    fn garbage_exif_gives_no_facts() {
        assert_eq!(exif_facts(vec![1, 2, 3]), ExifFacts::default());
    }
}
