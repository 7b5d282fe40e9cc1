//! How long the pick-time document checks take on this machine, next to their floor:
//! decoding the same bytes (a JPEG) or parsing them (a PDF), which no check can avoid.
//! `cargo run --release -p desk-core --example document_checks_bench`
//!
//! Goals (issue #14): a 12-megapixel JPEG within 250 ms, a 20-page PDF within 400 ms.

use std::time::{Duration, Instant};

use desk_core::document_checks::{inspect_bytes, CheckContext};
use desk_core::files::DocumentKind;
use desk_core::locale::Language;
use doc_specimens::{self as s, Face, PdfSpec, PHONE};

const RUNS: usize = 9;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(mut run: impl FnMut()) -> Duration {
    run(); // warm-up
    median(
        (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                run();
                started.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let photo = s::id_card_photo(1, Face::Front, 4000, 3000);
    let jpeg = s::jpeg(&photo, 90, Some(&PHONE));
    let page = s::jpeg(&s::proof_of_address_scan(5), 85, None);
    let pdf = s::pdf(&PdfSpec {
        pages: 20,
        declared_pages: 20,
        producer: "Canon iR-ADV C5535 PDF",
        password: None,
        page_image: Some(&page),
    });
    let context = CheckContext {
        identity_document: true,
        two_sided: true,
        ..CheckContext::default()
    };

    let jpeg_floor = time(|| {
        image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg).unwrap();
    });
    let jpeg_checks = time(|| {
        inspect_bytes(&jpeg, DocumentKind::Jpeg, &context, Language::En);
    });
    let pdf_floor = time(|| {
        lopdf::Document::load_mem(&pdf).unwrap();
    });
    let pdf_checks = time(|| {
        inspect_bytes(
            &pdf,
            DocumentKind::Pdf,
            &CheckContext::default(),
            Language::En,
        );
    });

    println!("| document checks, median of {RUNS} | floor | all checks | ratio | goal |");
    println!("|---|---|---|---|---|");
    println!(
        "| 12 MP JPEG (4000 × 3000, {} KB) | decode {} | {} | {:.2} | ≤ 250 ms |",
        jpeg.len() / 1024,
        ms(jpeg_floor),
        ms(jpeg_checks),
        jpeg_checks.as_secs_f64() / jpeg_floor.as_secs_f64()
    );
    println!(
        "| 20-page scanned PDF ({} KB) | parse {} | {} | {:.2} | ≤ 400 ms |",
        pdf.len() / 1024,
        ms(pdf_floor),
        ms(pdf_checks),
        pdf_checks.as_secs_f64() / pdf_floor.as_secs_f64()
    );
}
