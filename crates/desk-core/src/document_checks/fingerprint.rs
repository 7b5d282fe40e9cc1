//! A file's identity for "is this the same document again?": its exact SHA-256, and for
//! images a perceptual hash that survives re-saving, re-scaling and mild re-compression.

use image::DynamicImage;
use image_hasher::{HashAlg, HasherConfig, ImageHash};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Fingerprint {
    /// Lowercase hex.
    pub sha256: String,
    /// 256-bit gradient hash, base64 (`image_hasher`); `None` for PDFs and images that
    /// do not decode.
    pub perceptual: Option<String>,
    /// The picture's sharpness (variance of the Laplacian on the work image), rounded.
    /// A perceptual hash ignores blur by design, so this is what tells a sharp retake
    /// from the blurred picture it replaces.
    pub sharpness: Option<u32>,
}

impl Fingerprint {
    /// The same bytes, or (both images) the same picture: close hashes and about as
    /// sharp (re-saving or re-scaling changes sharpness a little; refocusing, a lot).
    pub fn same_as(&self, other: &Fingerprint) -> bool {
        if self.sha256 == other.sha256 {
            return true;
        }
        let close = matches!(
            perceptual_distance(self, other),
            Some(d) if d <= super::SAME_PICTURE_MAX_DISTANCE
        );
        let as_sharp = match (self.sharpness, other.sharpness) {
            (Some(a), Some(b)) => {
                let (low, high) = (a.min(b).max(1), a.max(b).max(1));
                f64::from(high) / f64::from(low) <= super::SAME_PICTURE_MAX_SHARPNESS_RATIO
            }
            _ => true,
        };
        close && as_sharp
    }
}

/// Hamming distance of two perceptual hashes (0–256), when both have one.
pub fn perceptual_distance(a: &Fingerprint, b: &Fingerprint) -> Option<u32> {
    let a = ImageHash::<Box<[u8]>>::from_base64(a.perceptual.as_deref()?).ok()?;
    let b = ImageHash::<Box<[u8]>>::from_base64(b.perceptual.as_deref()?).ok()?;
    Some(a.dist(&b))
}

pub(crate) fn perceptual_hash(image: &DynamicImage) -> String {
    HasherConfig::new()
        .hash_alg(HashAlg::Gradient)
        .hash_size(16, 16)
        .to_hasher()
        .hash_image(image)
        .to_base64()
}
