//! Specimen documents the tests and the benchmark generate themselves: photographs of an
//! ID card on a desk (front and back), a scanned proof of address, PDFs; and the bad
//! variants reviewers reject (blurred, cropped, black and white, small, glare,
//! screenshot, edited, encrypted, pages missing, truncated). Deterministic: a seed gives
//! the same bytes. For desk-core's tests and benchmark only; a crate of its own so that
//! it builds optimised in test builds (unoptimised, the corpus takes a minute).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageEncoder, ImageFormat, Rgb, RgbImage};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Which face of the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Front,
    Back,
}

fn fill(img: &mut RgbImage, x0: u32, y0: u32, w: u32, h: u32, colour: [u8; 3]) {
    for y in y0..(y0 + h).min(img.height()) {
        for x in x0..(x0 + w).min(img.width()) {
            img.put_pixel(x, y, Rgb(colour));
        }
    }
}

/// Lines of "text": dark glyph-sized blocks with gaps, the sharp edges real print has.
fn text_lines(img: &mut RgbImage, rng: &mut StdRng, x0: u32, y0: u32, w: u32, h: u32, glyph: u32) {
    let mut y = y0;
    while y + glyph < y0 + h {
        let mut x = x0;
        let line_end = x0 + rng.random_range(w / 2..w);
        while x + glyph < line_end {
            let word = rng.random_range(2..9);
            for _ in 0..word {
                let gw = rng.random_range(glyph / 2..glyph);
                fill(img, x, y, gw.max(1), glyph, [30, 30, 40]);
                x += gw + glyph / 4 + 1;
            }
            x += glyph;
        }
        y += glyph * 2;
    }
}

/// Camera noise, so that flat areas are not flat (as in any real photo).
fn add_noise(img: &mut RgbImage, rng: &mut StdRng, amplitude: i16) {
    for p in img.pixels_mut() {
        for c in p.0.iter_mut() {
            let n =
                rng.random_range(-amplitude..=amplitude) + rng.random_range(-amplitude..=amplitude);
            *c = (i16::from(*c) + n / 2).clamp(0, 255) as u8;
        }
    }
}

/// A photo of an ID card lying on a wooden desk, with a margin all around.
pub fn id_card_photo(seed: u64, face: Face, width: u32, height: u32) -> RgbImage {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut img = RgbImage::from_fn(width, height, |x, y| {
        // Wood: brown with slow stripes.
        let stripe = ((f64::from(y) / 23.0 + f64::from(x) / 300.0).sin() * 12.0) as i16;
        Rgb([
            (96 + stripe) as u8,
            (70 + stripe) as u8,
            (48 + stripe / 2) as u8,
        ])
    });
    let (mx, my) = (width / 9, height / 8);
    let (cw, ch) = (width - 2 * mx, height - 2 * my);
    fill(&mut img, mx, my, cw, ch, [232, 228, 214]);
    let glyph = (ch / 28).max(3);
    match face {
        Face::Front => {
            fill(&mut img, mx, my, cw, ch / 6, [34, 92, 158]);
            fill(
                &mut img,
                mx + cw / 20,
                my + ch / 4,
                cw / 4,
                ch * 2 / 3,
                [196, 158, 128],
            );
            fill(
                &mut img,
                mx + cw / 20 + cw / 16,
                my + ch / 3,
                cw / 8,
                ch / 5,
                [120, 84, 60],
            );
            text_lines(
                &mut img,
                &mut rng,
                mx + cw / 3,
                my + ch / 4,
                cw * 3 / 5,
                ch * 2 / 3,
                glyph,
            );
        }
        Face::Back => {
            text_lines(
                &mut img,
                &mut rng,
                mx + cw / 20,
                my + ch / 10,
                cw * 9 / 10,
                ch / 2,
                glyph,
            );
            // Machine-readable zone: a light band with dense characters.
            fill(&mut img, mx, my + ch * 2 / 3, cw, ch / 3, [214, 222, 206]);
            text_lines(
                &mut img,
                &mut rng,
                mx + cw / 30,
                my + ch * 2 / 3 + glyph,
                cw * 14 / 15,
                ch / 3 - glyph,
                glyph,
            );
            fill(
                &mut img,
                mx + cw * 3 / 4,
                my + ch / 8,
                cw / 6,
                ch / 4,
                [60, 140, 90],
            );
        }
    }
    add_noise(&mut img, &mut rng, 6);
    img
}

/// A scanned A4 proof of address at 150 DPI: white page filling the frame, a coloured
/// logo, a table with ruled boxes, lines of text.
pub fn proof_of_address_scan(seed: u64) -> RgbImage {
    let mut rng = StdRng::seed_from_u64(seed);
    let (w, h) = (1240, 1754);
    let mut img = RgbImage::from_pixel(w, h, Rgb([253, 253, 251]));
    fill(&mut img, 90, 80, 260, 110, [0, 120, 70]);
    text_lines(&mut img, &mut rng, 420, 90, 700, 120, 14);
    text_lines(&mut img, &mut rng, 90, 260, 1060, 420, 14);
    // A ruled table: closed boxes of white paper inside the page.
    for row in 0..4 {
        for col in 0..3 {
            let (x, y) = (90 + col * 360, 760 + row * 140);
            fill(&mut img, x, y, 340, 3, [40, 40, 40]);
            fill(&mut img, x, y + 120, 340, 3, [40, 40, 40]);
            fill(&mut img, x, y, 3, 123, [40, 40, 40]);
            fill(&mut img, x + 337, y, 3, 123, [40, 40, 40]);
            text_lines(&mut img, &mut rng, x + 20, y + 30, 200, 40, 14);
        }
    }
    text_lines(&mut img, &mut rng, 90, 1380, 1060, 300, 14);
    add_noise(&mut img, &mut rng, 2);
    img
}

/// A desktop screen (1920 × 1080) showing the card in an image viewer.
pub fn screenshot_of(card: &RgbImage) -> RgbImage {
    let mut img = RgbImage::from_pixel(1920, 1080, Rgb([243, 244, 246]));
    fill(&mut img, 0, 0, 1920, 48, [32, 33, 36]);
    fill(&mut img, 0, 48, 260, 1032, [225, 228, 232]);
    for i in 0..12 {
        fill(&mut img, 24, 90 + i * 60, 200, 18, [150, 155, 160]);
    }
    let shown = image::imageops::resize(card, 1400, 962, image::imageops::FilterType::Triangle);
    image::imageops::overlay(&mut img, &shown, 340, 80);
    img
}

/// Gaussian-like blur of `sigma` pixels (the fast box approximation), then the sensor
/// noise a real out-of-focus photo still has.
pub fn blurred(img: &RgbImage, sigma: f32, seed: u64) -> RgbImage {
    let mut out = image::imageops::fast_blur(img, sigma);
    add_noise(&mut out, &mut StdRng::seed_from_u64(seed), 6);
    out
}

/// The part of `img` from (`x`, `y`) of size `w` × `h` (shares of the whole).
pub fn cropped(img: &RgbImage, x: f64, y: f64, w: f64, h: f64) -> RgbImage {
    let (iw, ih) = (f64::from(img.width()), f64::from(img.height()));
    image::imageops::crop_imm(
        img,
        (x * iw) as u32,
        (y * ih) as u32,
        (w * iw) as u32,
        (h * ih) as u32,
    )
    .to_image()
}

/// The same picture with every pixel grey (saved in colour, as phones do).
pub fn greyscale(img: &RgbImage) -> RgbImage {
    let grey = DynamicImage::ImageRgb8(img.clone()).to_luma8();
    DynamicImage::ImageLuma8(grey).to_rgb8()
}

/// A burnt-out white patch (a lamp's reflection) centred at (`cx`, `cy`) (shares), of
/// radius `r` (share of the width), with a soft halo.
pub fn with_glare(img: &RgbImage, cx: f64, cy: f64, r: f64) -> RgbImage {
    let mut out = img.clone();
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let (cx, cy, r) = (cx * w, cy * h, r * w);
    for (x, y, p) in out.enumerate_pixels_mut() {
        let d = ((f64::from(x) - cx).powi(2) + (f64::from(y) - cy).powi(2) * 2.0).sqrt() / r;
        if d < 1.0 {
            *p = Rgb([255, 255, 255]);
        } else if d < 1.6 {
            let t = (1.6 - d) / 0.6;
            for c in p.0.iter_mut() {
                *c = (f64::from(*c) * (1.0 - t) + 255.0 * t) as u8;
            }
        }
    }
    out
}

pub fn resized(img: &RgbImage, width: u32, height: u32) -> RgbImage {
    image::imageops::resize(img, width, height, image::imageops::FilterType::Triangle)
}

/// EXIF as a camera (or an editor) writes it: `Make`, `Model`, `Software`, resolution.
pub struct ExifSpec<'a> {
    pub make: Option<&'a str>,
    pub model: Option<&'a str>,
    pub software: Option<&'a str>,
    pub dpi: Option<u32>,
}

fn exif_block(spec: &ExifSpec) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let ascii = |tag, text: &str| Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Ascii(vec![text.as_bytes().to_vec()]),
    };
    let mut fields = Vec::new();
    if let Some(make) = spec.make {
        fields.push(ascii(Tag::Make, make));
    }
    if let Some(model) = spec.model {
        fields.push(ascii(Tag::Model, model));
    }
    if let Some(software) = spec.software {
        fields.push(ascii(Tag::Software, software));
    }
    if let Some(dpi) = spec.dpi {
        for tag in [Tag::XResolution, Tag::YResolution] {
            fields.push(Field {
                tag,
                ifd_num: In::PRIMARY,
                value: Value::Rational(vec![Rational { num: dpi, denom: 1 }]),
            });
        }
        fields.push(Field {
            tag: Tag::ResolutionUnit,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![2]),
        });
    }
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut out = Cursor::new(Vec::new());
    writer
        .write(&mut out, false)
        .expect("EXIF of known fields encodes");
    out.into_inner()
}

pub fn jpeg(img: &RgbImage, quality: u8, exif: Option<&ExifSpec>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, quality);
    if let Some(spec) = exif {
        encoder
            .set_exif_metadata(exif_block(spec))
            .expect("the JPEG encoder takes EXIF");
    }
    encoder
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("JPEG encodes");
    out
}

pub fn png(img: &RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img.clone())
        .write_to(&mut out, ImageFormat::Png)
        .expect("PNG encodes");
    out.into_inner()
}

/// A phone camera's EXIF (firmware in `Software`, 72 DPI as phones write).
pub const PHONE: ExifSpec<'static> = ExifSpec {
    make: Some("samsung"),
    model: Some("SM-S918B"),
    software: Some("S918BXXU3BWK5"),
    dpi: Some(72),
};

/// How a specimen PDF is built.
pub struct PdfSpec<'a> {
    pub pages: u32,
    /// The page tree's `/Count` (normally `pages`).
    pub declared_pages: u32,
    pub producer: &'a str,
    /// A user password: the PDF is encrypted.
    pub password: Option<&'a str>,
    /// A scanned page image (JPEG) on every page, as scanners make them.
    pub page_image: Option<&'a [u8]>,
}

/// A PDF of `spec.pages` pages of text (and optionally a scanned image per page).
pub fn pdf(spec: &PdfSpec) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    // Each page its own image object, as a scanner writes them.
    let page_image = |doc: &mut Document| {
        spec.page_image.map(|jpeg| {
            let decoded = image::load_from_memory(jpeg).expect("page image decodes");
            doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image",
                    "Width" => decoded.width() as i64, "Height" => decoded.height() as i64,
                    "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
                },
                jpeg.to_vec(),
            ))
        })
    };
    let mut kids = Vec::new();
    for page in 0..spec.pages {
        let image_id = page_image(&mut doc);
        let mut operations = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 760.into()]),
            Operation::new(
                "Tj",
                vec![Object::string_literal(format!(
                    "Statement page {}",
                    page + 1
                ))],
            ),
            Operation::new("ET", vec![]),
        ];
        if image_id.is_some() {
            operations.extend([
                Operation::new("q", vec![]),
                Operation::new(
                    "cm",
                    vec![
                        595.into(),
                        0.into(),
                        0.into(),
                        700.into(),
                        0.into(),
                        40.into(),
                    ],
                ),
                Operation::new("Do", vec!["Im1".into()]),
                Operation::new("Q", vec![]),
            ]);
        }
        let content = Content { operations };
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().expect("content encodes"),
        ));
        let mut resources = dictionary! { "Font" => dictionary! { "F1" => font_id } };
        if let Some(image_id) = image_id {
            resources.set("XObject", dictionary! { "Im1" => image_id });
        }
        kids.push(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => resources,
        }));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids.into_iter().map(Object::Reference).collect::<Vec<_>>(),
            "Count" => spec.declared_pages as i64,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let info_id = doc.add_object(dictionary! {
        "Producer" => Object::string_literal(spec.producer),
        "Creator" => Object::string_literal(spec.producer),
    });
    doc.trailer.set("Info", info_id);
    // Encryption keys derive from the file identifier.
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(b"lumx-desk-specimen".to_vec()),
            Object::string_literal(b"lumx-desk-specimen".to_vec()),
        ],
    );
    if let Some(password) = spec.password {
        let version = lopdf::EncryptionVersion::V1 {
            document: &doc,
            owner_password: "owner",
            user_password: password,
            permissions: lopdf::Permissions::all(),
        };
        let state = lopdf::EncryptionState::try_from(version).expect("encryption state");
        doc.encrypt(&state).expect("the PDF encrypts");
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("the PDF saves");
    out
}
