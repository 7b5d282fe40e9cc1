//! Tests for the whole module, against real files in a temp dir.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use image::{DynamicImage, GenericImageView, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

use super::*;
use crate::error::DeskError;

const PDF_BYTES: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
/// The start of an x86-64 ELF executable header.
const ELF_HEADER: &[u8] = &[
    0x7F, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0, 1, 0, 0, 0,
];

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

/// The two checks before an upload: they refuse the same changes, `for_upload` without
/// reading the whole file.
type Check = fn(&PickedFiles, &str) -> Result<Checked, FileProblem>;
const CHECKS: [(&str, Check); 2] = [
    ("recheck", PickedFiles::recheck),
    ("for_upload", PickedFiles::for_upload),
];

/// Sets the modification time to a fixed past instant, so that any later write shows in
/// it (file times can be coarser than the time between two steps of a test).
fn age(path: &Path) {
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

/// A PDF of `len` bytes, aged (see [`age`]) and registered: its path, content, registry
/// and token.
fn picked_pdf(dir: &TempDir, len: usize) -> (PathBuf, Vec<u8>, PickedFiles, String) {
    let mut content = b"%PDF-1.7\n".to_vec();
    content.resize(len, b'x');
    let path = write(dir.path(), "a.pdf", &content);
    age(&path);
    let files = PickedFiles::new();
    let token = files.register(preflight(&path).unwrap()).token;
    (path, content, files, token)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn png_bytes(width: u32, height: u32) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, y| {
        Rgba([(x % 256) as u8, (y % 256) as u8, 128, 255])
    });
    encoded(&DynamicImage::ImageRgba8(image), ImageFormat::Png)
}

fn jpeg_bytes(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, 200, (y % 256) as u8])
    });
    encoded(&DynamicImage::ImageRgb8(image), ImageFormat::Jpeg)
}

fn decode_thumbnail(data_url: &str) -> DynamicImage {
    let b64 = data_url
        .strip_prefix("data:image/png;base64,")
        .expect("a PNG data URL");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    assert_eq!(sniff(&bytes), Some(DocumentKind::Png));
    image::load_from_memory_with_format(&bytes, ImageFormat::Png).unwrap()
}

// ---------------------------------------------------------------- kinds and sniffing

#[test]
fn sniffs_magic_bytes() {
    assert_eq!(sniff(b"%PDF-1.7\n..."), Some(DocumentKind::Pdf));
    assert_eq!(
        sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
        Some(DocumentKind::Jpeg)
    );
    assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE1]), Some(DocumentKind::Jpeg));
    assert_eq!(
        sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]),
        Some(DocumentKind::Png)
    );
    assert_eq!(sniff(&png_bytes(2, 2)), Some(DocumentKind::Png));
    assert_eq!(sniff(&jpeg_bytes(2, 2)), Some(DocumentKind::Jpeg));
}

#[test]
fn sniff_rejects_other_and_truncated_headers() {
    assert_eq!(sniff(b""), None);
    assert_eq!(sniff(ELF_HEADER), None);
    assert_eq!(sniff(b"MZ\x90\x00"), None); // Windows .exe
    assert_eq!(sniff(b"PK\x03\x04"), None); // zip / docx
    assert_eq!(sniff(b"GIF89a"), None);
    assert_eq!(sniff(b"%PDF"), None); // the dash is part of the magic
    assert_eq!(sniff(b" %PDF-1.4"), None); // not at offset 0
    assert_eq!(sniff(&[0xFF, 0xD8]), None);
    assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A]), None);
    assert_eq!(
        sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0B]),
        None
    );
}

#[test]
fn kinds_have_mime_types_extensions_and_lowercase_json() {
    assert_eq!(DocumentKind::Pdf.mime(), "application/pdf");
    assert_eq!(DocumentKind::Jpeg.mime(), "image/jpeg");
    assert_eq!(DocumentKind::Png.mime(), "image/png");
    assert_eq!(DocumentKind::Jpeg.extensions(), &["jpg", "jpeg"]);
    assert!(DocumentKind::Jpeg.accepts_extension("JPEG"));
    assert!(DocumentKind::Jpeg.accepts_extension(".Jpg"));
    assert!(!DocumentKind::Jpeg.accepts_extension("png"));
    assert!(!DocumentKind::Pdf.accepts_extension(""));
    assert_eq!(
        serde_json::to_string(&DocumentKind::Jpeg).unwrap(),
        "\"jpeg\""
    );
    assert_eq!(
        serde_json::from_str::<DocumentKind>("\"pdf\"").unwrap(),
        DocumentKind::Pdf
    );
}

// ---------------------------------------------------------------- preflight: accepted

#[test]
fn a_pdf_passes_with_size_hash_and_canonical_path() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "proof.pdf", PDF_BYTES);
    let checked = preflight(&path).unwrap();
    assert_eq!(checked.canonical_path, fs::canonicalize(&path).unwrap());
    assert!(checked.canonical_path.is_absolute());
    assert_eq!(checked.file_name, "proof.pdf");
    assert_eq!(checked.size, PDF_BYTES.len() as u64);
    assert_eq!(checked.kind, DocumentKind::Pdf);
    assert_eq!(checked.sha256, sha256_hex(PDF_BYTES));
    assert_eq!(checked.thumbnail, None);
}

#[test]
fn hashes_files_larger_than_the_buffer_exactly() {
    let dir = TempDir::new().unwrap();
    // Not a multiple of 64 KiB, spanning several reads.
    let mut bytes = PDF_BYTES.to_vec();
    bytes.extend((0..300_001u32).map(|i| (i * 31 % 251) as u8));
    let path = write(dir.path(), "big.pdf", &bytes);
    let checked = preflight(&path).unwrap();
    assert_eq!(checked.size, bytes.len() as u64);
    assert_eq!(checked.sha256, sha256_hex(&bytes));
}

#[test]
fn extensions_are_case_insensitive_and_jpeg_has_two() {
    let dir = TempDir::new().unwrap();
    let jpeg = jpeg_bytes(8, 8);
    for name in ["a.jpg", "b.JPG", "c.jpeg", "d.JpEg"] {
        let checked = preflight(&write(dir.path(), name, &jpeg)).unwrap();
        assert_eq!(checked.kind, DocumentKind::Jpeg, "{name}");
    }
    assert_eq!(
        preflight(&write(dir.path(), "e.PNG", &png_bytes(4, 4)))
            .unwrap()
            .kind,
        DocumentKind::Png
    );
    assert_eq!(
        preflight(&write(dir.path(), "f.Pdf", PDF_BYTES))
            .unwrap()
            .kind,
        DocumentKind::Pdf
    );
}

#[test]
fn a_file_of_exactly_the_limit_passes_and_hashes_quickly() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("max.pdf");
    let mut file = fs::File::create(&path).unwrap();
    file.write_all(PDF_BYTES).unwrap();
    file.set_len(MAX_DOCUMENT_BYTES).unwrap(); // sparse: the rest reads as zeros
    drop(file);
    let started = Instant::now();
    let checked = preflight(&path).unwrap();
    let elapsed = started.elapsed();
    println!("preflight of a 50 MB file took {elapsed:?}");
    assert_eq!(checked.size, MAX_DOCUMENT_BYTES);
    assert_eq!(checked.sha256.len(), 64);
    // Generous: debug builds on a busy 2-core CI box; release is ~100-200 ms.
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

// ---------------------------------------------------------------- preflight: each problem

#[test]
fn an_empty_file_is_empty() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "empty.pdf", b"");
    assert_eq!(preflight(&path), Err(FileProblem::Empty));
}

#[test]
fn one_byte_over_the_limit_is_too_big() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("huge.pdf");
    let mut file = fs::File::create(&path).unwrap();
    file.write_all(PDF_BYTES).unwrap();
    file.set_len(MAX_DOCUMENT_BYTES + 1).unwrap(); // sparse: no 50 MB written to disk
    drop(file);
    assert_eq!(
        preflight(&path),
        Err(FileProblem::TooBig {
            size: MAX_DOCUMENT_BYTES + 1,
            max: MAX_DOCUMENT_BYTES
        })
    );
}

#[test]
fn a_png_renamed_pdf_is_an_extension_mismatch() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "photo.pdf", &png_bytes(10, 10));
    assert_eq!(
        preflight(&path),
        Err(FileProblem::ExtensionMismatch {
            extension: "pdf".into(),
            actual: DocumentKind::Png
        })
    );
    let path = write(dir.path(), "scan.PNG", PDF_BYTES);
    assert_eq!(
        preflight(&path),
        Err(FileProblem::ExtensionMismatch {
            extension: "png".into(),
            actual: DocumentKind::Pdf
        })
    );
}

#[test]
fn a_name_without_extension_is_an_extension_mismatch() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "passport", &jpeg_bytes(4, 4));
    assert_eq!(
        preflight(&path),
        Err(FileProblem::ExtensionMismatch {
            extension: String::new(),
            actual: DocumentKind::Jpeg
        })
    );
}

#[test]
fn an_executable_renamed_pdf_is_the_wrong_type() {
    let dir = TempDir::new().unwrap();
    let mut elf = ELF_HEADER.to_vec();
    elf.resize(4096, 0);
    assert_eq!(
        preflight(&write(dir.path(), "program.pdf", &elf)),
        Err(FileProblem::WrongType)
    );
    assert_eq!(
        preflight(&write(
            dir.path(),
            "setup.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00"
        )),
        Err(FileProblem::WrongType)
    );
    // Shorter than any magic.
    assert_eq!(
        preflight(&write(dir.path(), "tiny.pdf", b"%P")),
        Err(FileProblem::WrongType)
    );
}

#[test]
fn a_directory_is_not_a_regular_file() {
    let dir = TempDir::new().unwrap();
    let sub = dir.path().join("folder.pdf");
    fs::create_dir(&sub).unwrap();
    assert_eq!(preflight(&sub), Err(FileProblem::NotARegularFile));
    assert_eq!(preflight(dir.path()), Err(FileProblem::NotARegularFile));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_a_regular_file_and_is_not_opened() {
    let dir = TempDir::new().unwrap();
    let fifo = dir.path().join("pipe.pdf");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        Ok(status) if status.success() => {}
        other => {
            println!("NOTICE: skipping the FIFO test, mkfifo unavailable: {other:?}");
            return;
        }
    }
    // Would hang forever if preflight opened the FIFO for reading.
    assert_eq!(preflight(&fifo), Err(FileProblem::NotARegularFile));
}

#[cfg(unix)]
#[test]
fn a_device_is_not_a_regular_file() {
    let null = Path::new("/dev/null");
    if null.exists() {
        assert_eq!(preflight(null), Err(FileProblem::NotARegularFile));
    }
}

#[test]
fn a_missing_file_has_vanished() {
    let dir = TempDir::new().unwrap();
    assert_eq!(
        preflight(&dir.path().join("nope.pdf")),
        Err(FileProblem::Vanished)
    );
    assert_eq!(
        preflight(&dir.path().join("no-dir").join("nope.pdf")),
        Err(FileProblem::Vanished)
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "secret.pdf", PDF_BYTES);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(&path).is_ok() {
        println!("NOTICE: skipping the permission test, running with privileges that ignore modes");
        return;
    }
    let problem = preflight(&path).unwrap_err();
    assert!(
        matches!(&problem, FileProblem::Unreadable { reason } if !reason.is_empty()),
        "{problem:?}"
    );
}

// ---------------------------------------------------------------- symlinks

#[cfg(unix)]
#[test]
fn a_link_to_a_sibling_is_accepted_only_as_its_canonical_target() {
    use std::os::unix::fs::symlink;
    let picked_dir = TempDir::new().unwrap();
    let target = write(picked_dir.path(), "real-proof.pdf", PDF_BYTES);
    let link = picked_dir.path().join("link-proof.pdf");
    symlink(&target, &link).unwrap();

    let checked = preflight(&link).unwrap();
    let canonical_target = fs::canonicalize(&target).unwrap();
    assert_eq!(checked.canonical_path, canonical_target);
    assert_eq!(checked.file_name, "real-proof.pdf");

    let files = PickedFiles::new();
    let picked = files.register(checked);
    assert_eq!(picked.file_name, "real-proof.pdf");
    let stored = files.resolve(&picked.token).unwrap();
    assert_eq!(stored.canonical_path, canonical_target);
    assert_ne!(stored.canonical_path, link);

    // Re-pointing the link later does not change what the token uploads.
    let other = write(picked_dir.path(), "other.pdf", b"%PDF-1.4 other");
    fs::remove_file(&link).unwrap();
    symlink(&other, &link).unwrap();
    assert_eq!(
        files.recheck(&picked.token).unwrap().canonical_path,
        canonical_target
    );

    // A relative link to a sibling is the same thing.
    let relative = picked_dir.path().join("relative.pdf");
    symlink("real-proof.pdf", &relative).unwrap();
    assert_eq!(
        preflight(&relative).unwrap().canonical_path,
        canonical_target
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_in_another_folder_is_refused_without_reading_it() {
    use std::os::unix::fs::symlink;
    let root = TempDir::new().unwrap();
    let picked_dir = root.path().join("picked");
    let secret_dir = root.path().join("secret");
    fs::create_dir_all(picked_dir.join("sub")).unwrap();
    fs::create_dir(&secret_dir).unwrap();
    // Valid PDF magic bytes: only the link rule can stop it.
    let secret = write(&secret_dir, "id_rsa.pdf", PDF_BYTES);
    let link = picked_dir.join("passport.pdf");
    symlink(&secret, &link).unwrap();
    let secret_folder = fs::canonicalize(&secret_dir).unwrap();
    let refused = FileProblem::LinkOutsideFolder {
        folder: secret_folder.display().to_string(),
    };
    assert_eq!(preflight(&link), Err(refused.clone()));
    assert!(refused.to_string().contains("another folder"));

    // Relative, and through a sibling link: still the secret's folder.
    let relative = picked_dir.join("relative.pdf");
    symlink("../secret/id_rsa.pdf", &relative).unwrap();
    assert_eq!(preflight(&relative), Err(refused.clone()));
    let chained = picked_dir.join("chained.pdf");
    symlink(&link, &chained).unwrap();
    assert_eq!(preflight(&chained), Err(refused.clone()));

    // A subfolder is another folder too (think of ~/.ssh under a picked home folder).
    let nested = write(&picked_dir.join("sub"), "nested.pdf", PDF_BYTES);
    let to_sub = picked_dir.join("to-sub.pdf");
    symlink(&nested, &to_sub).unwrap();
    assert!(matches!(
        preflight(&to_sub),
        Err(FileProblem::LinkOutsideFolder { .. })
    ));

    // The registry never sees it, through the dialog or a restored draft.
    let files = PickedFiles::new();
    let picker = ScriptedPicker::new([Some(link.clone())]);
    assert_eq!(pick_document(&picker, &files, "pick"), Err(refused.clone()));
    assert_eq!(files.restore(&link, &sha256_hex(PDF_BYTES)), Err(refused));
    assert!(files.is_empty());
}

#[cfg(unix)]
#[test]
fn a_file_in_a_symlinked_folder_is_accepted() {
    use std::os::unix::fs::symlink;
    let root = TempDir::new().unwrap();
    let real_dir = root.path().join("real");
    fs::create_dir(&real_dir).unwrap();
    let file = write(&real_dir, "proof.pdf", PDF_BYTES);
    let linked_dir = root.path().join("linked");
    symlink(&real_dir, &linked_dir).unwrap();

    let checked = preflight(&linked_dir.join("proof.pdf")).unwrap();
    assert_eq!(checked.canonical_path, fs::canonicalize(&file).unwrap());
    // A sibling link inside the symlinked folder is judged against the real folder.
    symlink("proof.pdf", real_dir.join("alias.pdf")).unwrap();
    assert!(preflight(&linked_dir.join("alias.pdf")).is_ok());
}

#[cfg(unix)]
#[test]
fn symlinks_to_directories_and_dangling_symlinks_are_refused() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new().unwrap();
    let to_dir = dir.path().join("dir.pdf");
    symlink(dir.path(), &to_dir).unwrap();
    assert_eq!(preflight(&to_dir), Err(FileProblem::NotARegularFile));
    let dangling = dir.path().join("gone.pdf");
    symlink(dir.path().join("missing.pdf"), &dangling).unwrap();
    assert_eq!(preflight(&dangling), Err(FileProblem::Vanished));
}

#[cfg(unix)]
#[test]
fn the_extension_checked_is_the_targets() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new().unwrap();
    let target = write(dir.path(), "blob.bin", PDF_BYTES);
    let link = dir.path().join("looks-fine.pdf");
    symlink(&target, &link).unwrap();
    assert_eq!(
        preflight(&link),
        Err(FileProblem::ExtensionMismatch {
            extension: "bin".into(),
            actual: DocumentKind::Pdf
        })
    );
}

// ---------------------------------------------------------------- thumbnails

#[test]
fn a_png_gets_a_png_thumbnail_within_160_px_keeping_aspect() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "selfie.png", &png_bytes(640, 480));
    let checked = preflight(&path).unwrap();
    let thumb = decode_thumbnail(checked.thumbnail.as_deref().unwrap());
    assert_eq!(thumb.dimensions(), (160, 120));
}

#[test]
fn a_jpeg_gets_a_png_thumbnail_within_160_px_keeping_aspect() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "id-front.jpg", &jpeg_bytes(300, 900));
    let checked = preflight(&path).unwrap();
    let thumb = decode_thumbnail(checked.thumbnail.as_deref().unwrap());
    let (w, h) = thumb.dimensions();
    assert_eq!(h, 160);
    assert!((52..=54).contains(&w), "{w}x{h}");
}

#[test]
fn small_images_are_not_upscaled() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "small.png", &png_bytes(40, 30));
    let thumb = decode_thumbnail(&preflight(&path).unwrap().thumbnail.unwrap());
    assert_eq!(thumb.dimensions(), (40, 30));
}

#[test]
fn a_corrupt_image_passes_without_a_thumbnail() {
    let dir = TempDir::new().unwrap();
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend(b"not really a jpeg at all");
    let checked = preflight(&write(dir.path(), "broken.jpg", &bytes)).unwrap();
    assert_eq!(checked.kind, DocumentKind::Jpeg);
    assert_eq!(checked.thumbnail, None);

    let mut png = png_bytes(50, 50);
    png.truncate(40);
    let checked = preflight(&write(dir.path(), "cut.png", &png)).unwrap();
    assert_eq!(checked.thumbnail, None);
}

#[test]
fn a_pdf_gets_no_thumbnail() {
    let dir = TempDir::new().unwrap();
    let checked = preflight(&write(dir.path(), "a.pdf", PDF_BYTES)).unwrap();
    assert_eq!(checked.thumbnail, None);
}

// ---------------------------------------------------------------- registry

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn the_registry_and_picker_are_send_and_sync() {
    assert_send_sync::<PickedFiles>();
    assert_send_sync::<ScriptedPicker>();
    assert_send_sync::<Box<dyn FilePicker>>();
}

#[test]
fn tokens_are_random_uuids_distinct_for_the_same_file() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "a.pdf", PDF_BYTES);
    let files = PickedFiles::new();
    let first = files.register(preflight(&path).unwrap());
    let second = files.register(preflight(&path).unwrap());
    assert_ne!(first.token, second.token);
    for token in [&first.token, &second.token] {
        let uuid = uuid::Uuid::parse_str(token).unwrap();
        assert_eq!(uuid.get_version_num(), 4);
        assert!(!token.contains("a.pdf"));
    }
    assert_eq!(first.sha256, second.sha256);
    assert_eq!(files.len(), 2);
}

#[test]
fn the_picked_file_mirrors_the_check_and_serialises_without_a_path() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "selfie.png", &png_bytes(20, 10));
    let checked = preflight(&path).unwrap();
    let files = PickedFiles::new();
    let picked = files.register(checked.clone());
    assert_eq!(picked.file_name, checked.file_name);
    assert_eq!(picked.size, checked.size);
    assert_eq!(picked.kind, DocumentKind::Png);
    assert_eq!(picked.sha256, checked.sha256);
    assert_eq!(picked.thumbnail, checked.thumbnail);
    let json = serde_json::to_value(&picked).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys.len(),
        6,
        "token, fileName, size, kind, sha256, thumbnail: {keys:?}"
    );
    for key in ["token", "fileName", "size", "kind", "sha256", "thumbnail"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["kind"], "png");
    assert!(!json.to_string().contains(dir.path().to_str().unwrap()));
}

#[test]
fn forged_and_unknown_tokens_are_rejected() {
    let dir = TempDir::new().unwrap();
    let files = PickedFiles::new();
    let picked = files.register(preflight(&write(dir.path(), "a.pdf", PDF_BYTES)).unwrap());

    let mut forged = picked.token.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == '0' { '1' } else { '0' });
    let path_as_token = write(dir.path(), "b.pdf", PDF_BYTES);
    for token in [
        forged.as_str(),
        "",
        "00000000-0000-4000-8000-000000000000",
        path_as_token.to_str().unwrap(),
        &picked.token.to_uppercase(),
    ] {
        assert_eq!(files.resolve(token), None, "{token}");
        for (name, check) in CHECKS {
            assert_eq!(
                check(&files, token),
                Err(FileProblem::UnknownToken),
                "{name} {token}"
            );
        }
    }
    // A token from another session (registry) means nothing here.
    let other_session = PickedFiles::new();
    assert_eq!(other_session.resolve(&picked.token), None);
    assert!(files.resolve(&picked.token).is_some());
}

#[test]
fn forget_drops_a_token() {
    let dir = TempDir::new().unwrap();
    let files = PickedFiles::new();
    let picked = files.register(preflight(&write(dir.path(), "a.pdf", PDF_BYTES)).unwrap());
    assert!(files.forget(&picked.token));
    assert!(!files.forget(&picked.token));
    assert!(files.is_empty());
    assert_eq!(files.recheck(&picked.token), Err(FileProblem::UnknownToken));
}

#[test]
fn a_check_of_an_untouched_file_returns_the_canonical_path() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "a.pdf", PDF_BYTES);
    let files = PickedFiles::new();
    let picked = files.register(preflight(&path).unwrap());
    for (name, check) in CHECKS {
        let checked = check(&files, &picked.token).unwrap();
        assert_eq!(checked.canonical_path, fs::canonicalize(&path).unwrap());
        assert_eq!(checked.sha256, picked.sha256, "{name}");
        assert_eq!(checked.size, picked.size, "{name}");
    }
}

#[test]
fn a_file_deleted_after_picking_has_vanished() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "a.pdf", PDF_BYTES);
    let files = PickedFiles::new();
    let picked = files.register(preflight(&path).unwrap());
    fs::remove_file(&path).unwrap();
    for (name, check) in CHECKS {
        assert_eq!(
            check(&files, &picked.token),
            Err(FileProblem::Vanished),
            "{name}"
        );
    }
}

#[test]
fn a_file_modified_after_picking_has_changed() {
    for (name, check) in CHECKS {
        let dir = TempDir::new().unwrap();
        let path = write(dir.path(), "a.pdf", PDF_BYTES);
        age(&path);
        let files = PickedFiles::new();
        let picked = files.register(preflight(&path).unwrap());
        let changed = |what: &str| {
            assert_eq!(
                check(&files, &picked.token),
                Err(FileProblem::Changed),
                "{name}: {what}"
            );
        };

        // Same size, one byte different.
        let mut tampered = PDF_BYTES.to_vec();
        *tampered.last_mut().unwrap() = b'!';
        fs::write(&path, &tampered).unwrap();
        changed("one byte");

        // Appended to.
        let mut longer = PDF_BYTES.to_vec();
        longer.extend(b"% more");
        fs::write(&path, &longer).unwrap();
        changed("appended");

        // Emptied, or replaced by something that is not a PDF any more.
        fs::write(&path, b"").unwrap();
        changed("emptied");
        fs::write(&path, ELF_HEADER).unwrap();
        changed("not a PDF");

        // Replaced by a directory.
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        changed("a directory");

        // Put back exactly as it was (modification time too): fine again.
        fs::remove_dir(&path).unwrap();
        fs::write(&path, PDF_BYTES).unwrap();
        age(&path);
        assert!(check(&files, &picked.token).is_ok(), "{name}");
    }
}

#[test]
fn for_upload_reads_no_further_than_the_type_and_leaves_the_content_to_the_stream() {
    let dir = TempDir::new().unwrap();
    let (path, mut content, files, token) = picked_pdf(&dir, 256 * 1024);

    // A same-size edit past the first 64 KiB, with the modification time put back.
    content[200_000] = b'y';
    fs::write(&path, &content).unwrap();
    age(&path);
    assert!(files.for_upload(&token).is_ok());
    assert_eq!(files.recheck(&token), Err(FileProblem::Changed));

    // The modification time alone is enough.
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(SystemTime::now())
        .unwrap();
    assert_eq!(files.for_upload(&token), Err(FileProblem::Changed));
}

#[cfg(unix)]
#[test]
fn a_file_swapped_for_a_symlink_after_picking_has_changed() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "a.pdf", PDF_BYTES);
    let elsewhere = write(dir.path(), "b.pdf", PDF_BYTES); // identical content
    let files = PickedFiles::new();
    let picked = files.register(preflight(&path).unwrap());
    fs::remove_file(&path).unwrap();
    symlink(&elsewhere, &path).unwrap();
    for (name, check) in CHECKS {
        assert_eq!(
            check(&files, &picked.token),
            Err(FileProblem::Changed),
            "{name}"
        );
    }
}

#[test]
fn restore_requires_the_same_hash_and_issues_a_fresh_token() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "a.pdf", PDF_BYTES);
    let files = PickedFiles::new();
    let original = files.register(preflight(&path).unwrap());

    let restored = files.restore(&path, &original.sha256).unwrap();
    assert_ne!(restored.token, original.token);
    assert_eq!(restored.sha256, original.sha256);
    assert!(files.recheck(&restored.token).is_ok());
    // Hex case does not matter.
    assert!(files
        .restore(&path, &original.sha256.to_uppercase())
        .is_ok());

    let before = files.len();
    assert_eq!(
        files.restore(&path, &"0".repeat(64)),
        Err(FileProblem::Changed)
    );
    fs::write(&path, b"%PDF-1.4 edited since the draft was saved").unwrap();
    assert_eq!(
        files.restore(&path, &original.sha256),
        Err(FileProblem::Changed)
    );
    fs::remove_file(&path).unwrap();
    assert_eq!(
        files.restore(&path, &original.sha256),
        Err(FileProblem::Vanished)
    );
    assert_eq!(files.len(), before, "failed restores register nothing");
}

#[test]
fn restore_reports_preflight_problems() {
    let dir = TempDir::new().unwrap();
    let files = PickedFiles::new();
    let path = write(dir.path(), "empty.pdf", b"");
    assert_eq!(
        files.restore(&path, &sha256_hex(b"")),
        Err(FileProblem::Empty)
    );
}

#[test]
fn the_registry_is_usable_from_many_threads() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "a.pdf", PDF_BYTES);
    let checked = preflight(&path).unwrap();
    let files = std::sync::Arc::new(PickedFiles::new());
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let files = files.clone();
            let checked = checked.clone();
            std::thread::spawn(move || {
                (0..50)
                    .map(|_| files.register(checked.clone()).token)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut tokens: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), 400);
    assert_eq!(files.len(), 400);
}

// ---------------------------------------------------------------- picker

#[test]
fn pick_document_registers_the_pick_or_reports_cancel_and_problems() {
    let dir = TempDir::new().unwrap();
    let good = write(dir.path(), "passport.jpg", &jpeg_bytes(200, 100));
    let bad = write(dir.path(), "empty.pdf", b"");
    let picker = ScriptedPicker::new([None, Some(good.clone()), Some(bad)]);
    let files = PickedFiles::new();

    assert_eq!(pick_document(&picker, &files, "Passport"), Ok(None));
    let picked = pick_document(&picker, &files, "Passport (front)")
        .unwrap()
        .unwrap();
    assert_eq!(picked.kind, DocumentKind::Jpeg);
    assert!(picked.thumbnail.is_some());
    assert_eq!(
        files.resolve(&picked.token).unwrap().canonical_path,
        fs::canonicalize(&good).unwrap()
    );
    assert_eq!(
        pick_document(&picker, &files, "Proof of address"),
        Err(FileProblem::Empty)
    );
    // Script exhausted: behaves as cancel.
    assert_eq!(pick_document(&picker, &files, "Selfie"), Ok(None));
    assert_eq!(
        picker.titles(),
        ["Passport", "Passport (front)", "Proof of address", "Selfie"]
    );
    assert_eq!(files.len(), 1);
}

// ---------------------------------------------------------------- E2E fixtures

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

#[test]
fn the_e2e_fixtures_are_what_they_claim() {
    let good = [
        ("passport.jpg", DocumentKind::Jpeg),
        ("id-front.jpg", DocumentKind::Jpeg),
        ("id-back.jpg", DocumentKind::Jpeg),
        ("selfie.png", DocumentKind::Png),
        ("proof-of-address.pdf", DocumentKind::Pdf),
        ("articles.pdf", DocumentKind::Pdf),
    ];
    for (name, kind) in good {
        let checked = preflight(&fixture(name)).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        assert_eq!(checked.kind, kind, "{name}");
        assert!(
            checked.size < 200 * 1024,
            "{name} is {} bytes",
            checked.size
        );
        assert_eq!(
            checked.thumbnail.is_some(),
            kind != DocumentKind::Pdf,
            "{name}"
        );
    }
    assert_eq!(preflight(&fixture("empty.pdf")), Err(FileProblem::Empty));
    assert_eq!(
        preflight(&fixture("program.pdf")),
        Err(FileProblem::WrongType)
    );
    assert_eq!(
        preflight(&fixture("photo-renamed.pdf")),
        Err(FileProblem::ExtensionMismatch {
            extension: "pdf".into(),
            actual: DocumentKind::Png
        })
    );
}

// ---------------------------------------------------------------- upload

/// What the upload command does with a picked file: `for_upload`, then stream it with the
/// picked size and hash as the expectation. Against the local sandbox over HTTP.
#[tokio::test]
async fn an_upload_after_for_upload_sends_the_picked_bytes_or_is_refused_as_changed() {
    const KEY: &str = "sk_files_upload";
    let sandbox = lumx_sandbox::start(lumx_sandbox::SandboxConfig {
        token: Some(KEY.into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let client = lumx::Client::builder(
        lumx::Environment::custom(&sandbox.base_url()).unwrap(),
        lumx::ApiKey::new(KEY),
    )
    .build()
    .unwrap();
    // The first seeded customer has not started verification: it takes documents.
    sandbox.seed(1, 1);
    let customer = client
        .list_customers(&Default::default())
        .await
        .unwrap()
        .data[0]
        .id;

    let dir = TempDir::new().unwrap();
    let (path, mut content, files, token) = picked_pdf(&dir, 512 * 1024);
    let upload = |checked: Checked| {
        lumx::DocumentUpload::new(
            checked.canonical_path,
            lumx::models::DocumentType::ProofOfAddress,
            "BRA",
        )
        .content_type(checked.kind.mime())
        .expect_content(checked.sha256, checked.size)
    };

    // Edited after picking in a way the cheap check cannot see: the stream does.
    content[300_000] = b'y';
    fs::write(&path, &content).unwrap();
    age(&path);
    let checked = files.for_upload(&token).unwrap();
    let err = client
        .upload_document(customer, &upload(checked), None, Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, lumx::Error::FileChanged { .. }), "{err:?}");
    let pt = upload_error(err, crate::locale::Language::PtBr);
    assert_eq!(
        pt,
        FileProblem::Changed.into_desk_error(crate::locale::Language::PtBr)
    );
    assert_eq!(sandbox.stats().documents, 0, "nothing stored");

    // Put back as picked: sent, once.
    content[300_000] = b'x';
    fs::write(&path, &content).unwrap();
    age(&path);
    let checked = files.for_upload(&token).unwrap();
    client
        .upload_document(customer, &upload(checked), None, Default::default())
        .await
        .unwrap();
    assert_eq!(sandbox.stats().documents, 1);
}

#[test]
fn a_changed_file_during_upload_reads_as_changed_in_both_languages() {
    use crate::locale::Language;
    for language in [Language::En, Language::PtBr] {
        let err = lumx::Error::FileChanged {
            path: "/tmp/a.pdf".into(),
            change: lumx::FileChange::Content,
        };
        let desk = upload_error(err, language);
        assert_eq!(desk, FileProblem::Changed.into_desk_error(language));
        assert_eq!(desk.code(), "file");
    }
    // The language-less conversion words it in English, the same way.
    let err = lumx::Error::FileChanged {
        path: "/tmp/a.pdf".into(),
        change: lumx::FileChange::Size,
    };
    assert_eq!(DeskError::from(err), FileProblem::Changed.into());
    // Anything else is worded as before.
    assert_eq!(
        upload_error(lumx::Error::Timeout, Language::PtBr),
        DeskError::from(lumx::Error::Timeout)
    );
}
