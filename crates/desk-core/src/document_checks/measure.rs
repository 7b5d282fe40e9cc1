//! Measuring a file once: decode it, read its metadata, and compute on a small work image
//! the numbers the rules compare with their thresholds. No thresholds here.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader};

use super::metadata::{exif_facts, ExifFacts};
use super::pdf::{pdf_facts, PdfFacts};
use super::pixels::{box_downscale, laplacian_variance, otsu_threshold, regions, Grey};
use super::{fingerprint, CHROMA_LEVEL, GLARE_LEVEL, MIN_EDGE_CONTACT, WORK_MAX_SIDE};
use crate::files::check::decode_oriented;
use crate::files::DocumentKind;

/// A picture this large is refused as a decompression bomb (it is no document photo).
const MAX_DIMENSION: u32 = 20_000;
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// What was measured; images fill the pixel fields, PDFs [`Self::pdf`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measurements {
    pub kind: Option<DocumentKind>,
    /// The image did not decode completely (corrupt or truncated).
    pub undecodable: bool,
    pub width: u32,
    pub height: u32,
    /// Stored as a grey image (one channel).
    pub grey_storage: bool,
    /// Share of work-image pixels whose channels differ by more than the chroma level.
    pub colour_share: f64,
    /// Variance of the Laplacian on the work image.
    pub sharpness: f64,
    /// Largest burnt-out blob not touching the frame, as a share of the frame.
    pub glare_share: f64,
    /// All burnt-out pixels, as a share of the frame (a white page is mostly burnt out).
    pub burnt_share: f64,
    /// Sides of the frame (top, bottom, left, right) the document runs into.
    pub cut_sides: [bool; 4],
    /// The document's bounding box as a share of the frame.
    pub document_share: f64,
    pub(crate) exif: ExifFacts,
    pub(crate) pdf: Option<PdfFacts>,
    pub perceptual: Option<String>,
}

pub(crate) fn measure(bytes: &[u8], kind: DocumentKind) -> Measurements {
    let format = match kind {
        DocumentKind::Pdf => {
            return Measurements {
                kind: Some(kind),
                pdf: Some(pdf_facts(bytes)),
                ..Measurements::default()
            }
        }
        DocumentKind::Jpeg => ImageFormat::Jpeg,
        DocumentKind::Png => ImageFormat::Png,
    };
    let mut measured = Measurements {
        kind: Some(kind),
        ..Measurements::default()
    };
    // A lenient decoder fills a truncated JPEG with grey; its end marker tells.
    let truncated = format == ImageFormat::Jpeg && !ends_with_eoi(bytes);
    let decoded = if truncated {
        None
    } else {
        decode(bytes, format)
    };
    let Some((image, exif)) = decoded else {
        measured.undecodable = true;
        return measured;
    };
    measured.exif = exif;
    measured.width = image.width();
    measured.height = image.height();
    measured.grey_storage = !image.color().has_color();
    let work = DynamicImage::ImageRgb8(box_downscale(&image.into_rgb8(), WORK_MAX_SIDE));
    measure_pixels(&work, &mut measured);
    measured.perceptual = Some(fingerprint::perceptual_hash(&work));
    measured
}

/// Whether a JPEG ends with its End Of Image marker (zero padding after it is allowed).
fn ends_with_eoi(bytes: &[u8]) -> bool {
    let end = bytes.iter().rposition(|&b| b != 0x00).map_or(0, |i| i + 1);
    bytes[..end].ends_with(&[0xFF, 0xD9])
}

/// Decodes completely (a truncated file fails here), with EXIF orientation applied.
fn decode(bytes: &[u8], format: ImageFormat) -> Option<(DynamicImage, ExifFacts)> {
    let reader = ImageReader::with_format(Cursor::new(bytes), format);
    let (image, exif) = decode_oriented(reader, MAX_DIMENSION, MAX_ALLOC)?;
    Some((image, exif.map(exif_facts).unwrap_or_default()))
}

fn measure_pixels(work: &DynamicImage, measured: &mut Measurements) {
    let rgb = work.to_rgb8();
    let (width, height) = (rgb.width() as usize, rgb.height() as usize);
    let total = (width * height).max(1);
    let mut grey = Vec::with_capacity(total);
    let mut coloured = 0usize;
    let mut burnt = Vec::with_capacity(total);
    for p in rgb.pixels() {
        let [r, g, b] = p.0;
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        coloured += usize::from(max - min > CHROMA_LEVEL);
        burnt.push(min >= GLARE_LEVEL);
        grey.push(((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8);
    }
    measured.colour_share = coloured as f64 / total as f64;
    measured.sharpness = laplacian_variance(&Grey {
        width,
        height,
        pixels: &grey,
    });
    measured.burnt_share = burnt.iter().filter(|&&b| b).count() as f64 / total as f64;
    measured.glare_share = regions(&burnt, width)
        .iter()
        .find(|r| !r.touches_frame())
        .map_or(0.0, |r| r.area as f64 / total as f64);

    // The document: the largest region of the brighter half (Otsu), holes and all.
    let level = otsu_threshold(&grey);
    let bright: Vec<bool> = grey.iter().map(|&g| g > level).collect();
    if let Some(document) = regions(&bright, width).into_iter().next() {
        let box_share = ((document.max_x - document.min_x + 1)
            * (document.max_y - document.min_y + 1)) as f64
            / total as f64;
        measured.document_share = box_share;
        let sides = [width, width, height, height];
        for (i, cut) in measured.cut_sides.iter_mut().enumerate() {
            *cut = document.on_edges[i] as f64 >= MIN_EDGE_CONTACT * sides[i] as f64;
        }
    }
}
