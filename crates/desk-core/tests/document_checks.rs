//! The document checks against a corpus of specimens generated here (good photos, scans
//! and PDFs, and every kind of bad file reviewers reject). Each bad specimen must get
//! its expected finding and no good specimen may get any; the confusion counts per check
//! are printed (and published with the suite's figures).

mod common;

use std::collections::BTreeMap;

use desk_core::document_checks::{
    inspect_bytes, CheckContext, Fingerprint, Inspection, LocalCheck, RejectedFile,
};
use desk_core::files::DocumentKind;
use desk_core::locale::Language;
use doc_specimens::{self as s, ExifSpec, Face, PdfSpec, PHONE};

struct Specimen {
    name: &'static str,
    bytes: Vec<u8>,
    kind: DocumentKind,
    context: CheckContext,
    /// The checks that must fail; empty for a good specimen.
    expected: Vec<LocalCheck>,
}

fn id() -> CheckContext {
    CheckContext {
        identity_document: true,
        two_sided: true,
        ..CheckContext::default()
    }
}

fn fingerprint(bytes: &[u8], kind: DocumentKind) -> Fingerprint {
    inspect_bytes(bytes, kind, &CheckContext::default(), Language::En)
        .0
        .fingerprint
}

fn rejected(bytes: &[u8]) -> Vec<RejectedFile> {
    vec![RejectedFile {
        fingerprint: fingerprint(bytes, DocumentKind::Jpeg),
        round: 1,
        document: "ID_CARD FRONT".into(),
        labels: vec!["DOCUMENT_QUALITY".into(), "DOCUMENT_BLURRY".into()],
    }]
}

fn corpus() -> Vec<Specimen> {
    use DocumentKind::{Jpeg, Pdf, Png};
    let (w, h) = (1600, 1100);
    let front = s::id_card_photo(1, Face::Front, w, h);
    let back = s::id_card_photo(2, Face::Back, w, h);
    let front_jpeg = s::jpeg(&front, 90, Some(&PHONE));
    let back_jpeg = s::jpeg(&back, 90, Some(&PHONE));
    let scan = s::proof_of_address_scan(5);
    let scan_page = s::jpeg(&s::resized(&scan, 620, 877), 80, None);
    let spec = |name, bytes, kind, context, expected: &[LocalCheck]| Specimen {
        name,
        bytes,
        kind,
        context,
        expected: expected.to_vec(),
    };
    let pdf = |pages, declared_pages, producer, password| {
        s::pdf(&PdfSpec {
            pages,
            declared_pages,
            producer,
            password,
            page_image: None,
        })
    };
    vec![
        // Good.
        spec("front, phone photo", front_jpeg.clone(), Jpeg, id(), &[]),
        spec(
            "back, phone photo, front picked",
            back_jpeg.clone(),
            Jpeg,
            CheckContext {
                other_side: Some(fingerprint(&front_jpeg, Jpeg)),
                ..id()
            },
            &[],
        ),
        spec(
            "front, no metadata",
            s::jpeg(&s::id_card_photo(3, Face::Front, w, h), 92, None),
            Jpeg,
            id(),
            &[],
        ),
        spec(
            "front, phone photo at a screen's size",
            s::jpeg(
                &s::id_card_photo(4, Face::Front, 1920, 1080),
                90,
                Some(&PHONE),
            ),
            Jpeg,
            id(),
            &[],
        ),
        spec(
            "front, another card rejected before",
            s::jpeg(&s::id_card_photo(6, Face::Front, w, h), 90, Some(&PHONE)),
            Jpeg,
            CheckContext {
                rejected: rejected(&back_jpeg),
                ..id()
            },
            &[],
        ),
        spec(
            "proof of address, PNG scan",
            s::png(&scan),
            Png,
            CheckContext::default(),
            &[],
        ),
        spec(
            "proof of address, text PDF",
            pdf(2, 2, "Canon iR-ADV C5535 PDF", None),
            Pdf,
            CheckContext::default(),
            &[],
        ),
        spec(
            "proof of address, scanned PDF",
            s::pdf(&PdfSpec {
                pages: 3,
                declared_pages: 3,
                producer: "Microsoft: Print To PDF",
                password: None,
                page_image: Some(&scan_page),
            }),
            Pdf,
            CheckContext::default(),
            &[],
        ),
        // Bad.
        spec(
            "blurred, radius 3",
            s::jpeg(&s::blurred(&front, 3.0, 11), 90, Some(&PHONE)),
            Jpeg,
            id(),
            &[LocalCheck::Blur],
        ),
        spec(
            "blurred, radius 5",
            s::jpeg(&s::blurred(&front, 5.0, 12), 90, Some(&PHONE)),
            Jpeg,
            id(),
            &[LocalCheck::Blur],
        ),
        spec(
            "blurred, radius 8",
            s::jpeg(&s::blurred(&front, 8.0, 13), 90, Some(&PHONE)),
            Jpeg,
            id(),
            &[LocalCheck::Blur],
        ),
        spec(
            "cropped left",
            s::jpeg(&s::cropped(&front, 0.25, 0.0, 0.75, 1.0), 90, Some(&PHONE)),
            Jpeg,
            id(),
            &[LocalCheck::CroppedCorners],
        ),
        spec(
            "cropped right and bottom",
            s::jpeg(&s::cropped(&back, 0.0, 0.0, 0.8, 0.8), 90, Some(&PHONE)),
            Jpeg,
            id(),
            &[LocalCheck::CroppedCorners],
        ),
        spec(
            "black and white",
            s::jpeg(&s::greyscale(&front), 90, Some(&PHONE)),
            Jpeg,
            id(),
            &[LocalCheck::Greyscale],
        ),
        spec(
            "small picture",
            s::jpeg(&s::resized(&front, 560, 385), 90, Some(&PHONE)),
            Jpeg,
            id(),
            &[LocalCheck::Resolution],
        ),
        spec(
            "low resolution ID (under 100 KB, no DPI)",
            s::jpeg(&s::resized(&front, 880, 605), 40, None),
            Jpeg,
            id(),
            &[LocalCheck::Resolution],
        ),
        spec(
            "glare patch",
            s::jpeg(&s::with_glare(&front, 0.6, 0.5, 0.06), 90, Some(&PHONE)),
            Jpeg,
            id(),
            &[LocalCheck::Glare],
        ),
        spec(
            "screenshot PNG",
            s::png(&s::screenshot_of(&front)),
            Png,
            id(),
            &[LocalCheck::Screenshot],
        ),
        spec(
            "scan PNG after a screenshot rejection",
            s::png(&scan),
            Png,
            CheckContext {
                focus_labels: vec!["badPhoto_screenshot".into()],
                ..CheckContext::default()
            },
            &[LocalCheck::Screenshot],
        ),
        spec(
            "EXIF: edited in Photoshop",
            s::jpeg(
                &front,
                90,
                Some(&ExifSpec {
                    software: Some("Adobe Photoshop 25.0 (Windows)"),
                    ..PHONE
                }),
            ),
            Jpeg,
            id(),
            &[LocalCheck::EditorTraces],
        ),
        spec(
            "PDF: produced by iLovePDF",
            pdf(1, 1, "iLovePDF", None),
            Pdf,
            CheckContext::default(),
            &[LocalCheck::EditorTraces],
        ),
        spec(
            "PDF: encrypted",
            pdf(2, 2, "Canon", Some("s3cret")),
            Pdf,
            CheckContext::default(),
            &[LocalCheck::PdfEncrypted],
        ),
        spec(
            "PDF: a page missing",
            pdf(2, 3, "Canon", None),
            Pdf,
            CheckContext::default(),
            &[LocalCheck::PdfPages],
        ),
        spec(
            "truncated JPEG",
            front_jpeg[..front_jpeg.len() * 3 / 5].to_vec(),
            Jpeg,
            id(),
            &[LocalCheck::Decodes],
        ),
        spec(
            "back = front, re-saved",
            s::jpeg(&s::resized(&front, 1500, 1031), 85, Some(&PHONE)),
            Jpeg,
            CheckContext {
                other_side: Some(fingerprint(&front_jpeg, Jpeg)),
                ..id()
            },
            &[LocalCheck::FrontEqualsBack],
        ),
        spec(
            "the rejected file again",
            front_jpeg.clone(),
            Jpeg,
            CheckContext {
                rejected: rejected(&front_jpeg),
                ..id()
            },
            &[LocalCheck::SameAsRejected],
        ),
        spec(
            "the rejected picture, re-saved smaller",
            s::jpeg(&s::resized(&front, 1440, 990), 80, Some(&PHONE)),
            Jpeg,
            CheckContext {
                rejected: rejected(&front_jpeg),
                ..id()
            },
            &[LocalCheck::SameAsRejected],
        ),
    ]
}

#[derive(Default)]
struct Confusion {
    true_positive: u32,
    false_positive: u32,
    false_negative: u32,
    true_negative: u32,
}

#[test]
fn every_bad_specimen_is_caught_and_no_good_one_is_flagged() {
    let started = std::time::Instant::now();
    let corpus = corpus();
    eprintln!("corpus generated in {:?}", started.elapsed());
    let checks = [
        LocalCheck::Decodes,
        LocalCheck::Resolution,
        LocalCheck::Blur,
        LocalCheck::Glare,
        LocalCheck::CroppedCorners,
        LocalCheck::Greyscale,
        LocalCheck::Screenshot,
        LocalCheck::EditorTraces,
        LocalCheck::PdfEncrypted,
        LocalCheck::PdfPages,
        LocalCheck::FrontEqualsBack,
        LocalCheck::SameAsRejected,
    ];
    let mut confusion: BTreeMap<String, Confusion> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut rows = String::from("| specimen | expected | found | measured |\n|---|---|---|---|\n");
    for specimen in &corpus {
        let (inspection, measured): (Inspection, _) = inspect_bytes(
            &specimen.bytes,
            specimen.kind,
            &specimen.context,
            Language::En,
        );
        let found: Vec<LocalCheck> = inspection.findings.iter().map(|f| f.check).collect();
        rows.push_str(&format!(
            "| {} | {:?} | {:?} | sharpness {:.0}, colour {:.4}, glare {:.4} (burnt {:.2}), cut {:?}, doc {:.2}, {} KB |\n",
            specimen.name,
            specimen.expected,
            found,
            measured.sharpness,
            measured.colour_share,
            measured.glare_share,
            measured.burnt_share,
            measured.cut_sides,
            measured.document_share,
            specimen.bytes.len() / 1024
        ));
        for check in checks {
            let key = format!("{check:?}");
            let entry = confusion.entry(key).or_default();
            match (specimen.expected.contains(&check), found.contains(&check)) {
                (true, true) => entry.true_positive += 1,
                (true, false) => entry.false_negative += 1,
                (false, true) => entry.false_positive += 1,
                (false, false) => entry.true_negative += 1,
            }
        }
        for check in &specimen.expected {
            if !found.contains(check) {
                failures.push(format!(
                    "{}: {check:?} not found (found {found:?})",
                    specimen.name
                ));
            }
        }
        if specimen.expected.is_empty() && !found.is_empty() {
            failures.push(format!("{} (good): flagged {found:?}", specimen.name));
        }
        // Every finding is worded, names what it prevents, and only "same as rejected" blocks.
        for f in &inspection.findings {
            assert!(!f.title.is_empty() && !f.why.is_empty() && !f.tip.is_empty());
            assert!(!f.prevents.is_empty(), "{:?} prevents nothing", f.check);
            assert_eq!(f.blocking, f.check == LocalCheck::SameAsRejected);
        }
    }
    eprintln!("corpus checked in {:?}", started.elapsed());
    let mut table = String::from(
        "### Document checks: confusion counts on the generated specimens\n\n| check | caught | false alarm | missed | quiet |\n|---|---:|---:|---:|---:|\n",
    );
    for (check, c) in &confusion {
        table.push_str(&format!(
            "| {check} | {} | {} | {} | {} |\n",
            c.true_positive, c.false_positive, c.false_negative, c.true_negative
        ));
    }
    let good = corpus.iter().filter(|s| s.expected.is_empty()).count();
    table.push_str(&format!(
        "\n{} specimens ({good} good, {} bad).\n\n{rows}",
        corpus.len(),
        corpus.len() - good
    ));
    common::publish_figures("document_checks", &table);
    assert!(failures.is_empty(), "{}\n{table}", failures.join("\n"));
}

#[test]
fn findings_are_worded_in_both_languages_and_the_round_labels_come_first() {
    let front = s::id_card_photo(1, Face::Front, 1600, 1100);
    let bytes = s::jpeg(&s::greyscale(&s::blurred(&front, 6.0, 3)), 90, Some(&PHONE));
    let context = CheckContext {
        focus_labels: vec!["badPhoto_blackAndWhite".into()],
        ..id()
    };
    let (en, _) = inspect_bytes(&bytes, DocumentKind::Jpeg, &context, Language::En);
    let (pt, _) = inspect_bytes(&bytes, DocumentKind::Jpeg, &context, Language::PtBr);
    let checks: Vec<_> = en.findings.iter().map(|f| f.check).collect();
    assert_eq!(checks.first(), Some(&LocalCheck::Greyscale), "{checks:?}");
    assert!(checks.contains(&LocalCheck::Blur));
    assert!(en.findings[0].focus);
    assert_eq!(en.findings[0].prevents[0], "badPhoto_blackAndWhite");
    assert_eq!(en.findings[0].title, "The picture is black and white");
    assert_eq!(pt.findings[0].title, "A imagem está em preto e branco");
}

/// Which pictures count as "the same" (re-saved, re-scaled) and which do not (another
/// document, the same card photographed again, a sharp retake of a blurred photo), with
/// the hash distances next to the threshold.
#[test]
fn a_resaved_picture_is_the_same_and_a_retake_or_another_document_is_not() {
    use desk_core::document_checks::{perceptual_distance, SAME_PICTURE_MAX_DISTANCE};
    let fp =
        |img: &image::RgbImage, q| fingerprint(&s::jpeg(img, q, Some(&PHONE)), DocumentKind::Jpeg);
    let front = s::id_card_photo(1, Face::Front, 1600, 1100);
    let blurred = s::blurred(&front, 5.0, 12);
    let original = fp(&front, 90);
    let blurred_original = fp(&blurred, 90);
    let retaken = s::resized(
        &s::cropped(
            &s::id_card_photo(1, Face::Front, 1700, 1170),
            0.04,
            0.03,
            0.94,
            0.94,
        ),
        1600,
        1100,
    );
    let rows: Vec<(&str, &Fingerprint, Fingerprint, bool)> = vec![
        (
            "front vs back of the same card",
            &original,
            fp(&s::id_card_photo(2, Face::Back, 1600, 1100), 90),
            false,
        ),
        (
            "front vs another card's front",
            &original,
            fp(&s::id_card_photo(6, Face::Front, 1600, 1100), 90),
            false,
        ),
        (
            "front vs a proof of address",
            &original,
            fp(&s::proof_of_address_scan(5), 90),
            false,
        ),
        (
            "front vs the same card photographed again",
            &original,
            fp(&retaken, 90),
            false,
        ),
        (
            "blurred photo vs a sharp retake",
            &blurred_original,
            fp(&front, 92),
            false,
        ),
        (
            "front vs itself re-saved at quality 70",
            &original,
            fp(&front, 70),
            true,
        ),
        (
            "front vs itself scaled to 90 %",
            &original,
            fp(&s::resized(&front, 1440, 990), 85),
            true,
        ),
        (
            "front vs itself scaled to 50 %",
            &original,
            fp(&s::resized(&front, 800, 550), 85),
            true,
        ),
        (
            "blurred photo vs itself re-saved",
            &blurred_original,
            fp(&blurred, 75),
            true,
        ),
    ];
    let mut table = format!(
        "### Same picture? (256-bit gradient hash, same at most {SAME_PICTURE_MAX_DISTANCE}, and at most 3x sharper)\n\n| pair | distance | sharpness | same |\n|---|---:|---|---|\n"
    );
    for (name, a, b, _) in &rows {
        table.push_str(&format!(
            "| {name} | {} | {:?} / {:?} | {} |\n",
            perceptual_distance(a, b).unwrap(),
            a.sharpness.unwrap(),
            b.sharpness.unwrap(),
            a.same_as(b)
        ));
    }
    common::publish_figures("same_picture", &table);
    for (name, a, b, same) in &rows {
        assert_eq!(a.same_as(b), *same, "{name}\n{table}");
    }
}

/// The files the E2E suite picks through the real dialog are what it expects of them
/// (written by `cargo run -p doc-specimens --example e2e_fixtures -- tests/fixtures`).
#[test]
fn the_e2e_proofs_of_address_are_a_blurry_one_and_a_clean_one() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let checks = |name: &str| -> Vec<LocalCheck> {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        inspect_bytes(
            &bytes,
            DocumentKind::Jpeg,
            &CheckContext::for_document("PROOF_OF_ADDRESS"),
            Language::En,
        )
        .0
        .findings
        .iter()
        .map(|f| f.check)
        .collect()
    };
    assert_eq!(checks("poa-blurry.jpg"), [LocalCheck::Blur]);
    assert_eq!(checks("poa-sharp.jpg"), Vec::<LocalCheck>::new());
}
