//! Checking one file on disk: what it is, how big, what its content really is, its hash.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use base64::Engine as _;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use super::{sniff, DocumentKind, FileProblem, MAX_DOCUMENT_BYTES};

/// Longest side of a thumbnail, in pixels.
pub const THUMBNAIL_MAX_PX: u32 = 160;

/// Streaming buffer: the file is never held in memory whole.
const BUFFER_BYTES: usize = 64 * 1024;

/// Decoding limits for thumbnails, so a small but hostile image (a "decompression bomb")
/// cannot exhaust memory; such images just get no thumbnail.
const THUMBNAIL_MAX_DIMENSION: u32 = 20_000;
const THUMBNAIL_MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// A file that passed [`preflight`]. Stays in Rust: the UI gets a [`super::PickedFile`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Absolute, with every symlink resolved: the file actually read and later uploaded.
    pub canonical_path: PathBuf,
    /// The canonical path's last component (lossy if not UTF-8).
    pub file_name: String,
    pub size: u64,
    /// When the file was last modified as it was checked (`None` where the OS has no such
    /// time): a cheap sign of change for [`super::PickedFiles::for_upload`].
    pub modified: Option<SystemTime>,
    pub kind: DocumentKind,
    /// Lowercase hex.
    pub sha256: String,
    /// `data:image/png;base64,...`, JPEG/PNG only.
    pub thumbnail: Option<String>,
}

/// Checks a file the analyst just picked and hashes it (one streamed pass, 64 KiB buffer).
///
/// In order: it exists and resolves to a regular file (a symlink is followed only to find
/// its target, which is what gets stored and read; a picked name that is itself a link
/// must point into its own folder, see [`FileProblem::LinkOutsideFolder`]), is non-empty
/// and at most [`MAX_DOCUMENT_BYTES`], its magic bytes say PDF/JPEG/PNG, and its extension
/// (case-insensitive; `.jpg`/`.jpeg` for JPEG) matches. Images also get a thumbnail; a
/// thumbnail failure is not a problem (`None`).
pub fn preflight(path: &Path) -> Result<Checked, FileProblem> {
    let mut checked = inspect(path)?;
    checked.thumbnail = thumbnail(&checked.canonical_path, checked.kind);
    Ok(checked)
}

/// [`preflight`] without the thumbnail (for re-checks before upload).
pub(crate) fn inspect(path: &Path) -> Result<Checked, FileProblem> {
    let io = |err: io::Error| FileProblem::from_io(&err);
    let Opened {
        mut file,
        mut buffer,
        first,
        mut checked,
    } = open_document(path)?;

    let mut hasher = Sha256::new();
    hasher.update(&buffer[..first]);
    let mut read = first as u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(io(err)),
        };
        read += n as u64;
        if read > checked.size {
            // Growing while we read it: whatever it is, it is not what was stat'ed.
            return Err(FileProblem::Changed);
        }
        hasher.update(&buffer[..n]);
    }
    if read != checked.size {
        return Err(FileProblem::Changed);
    }
    checked.sha256 = hex::encode(hasher.finalize());
    Ok(checked)
}

/// A file opened by [`open_document`], its first bytes read.
pub(crate) struct Opened {
    file: File,
    /// [`BUFFER_BYTES`] long; the first `first` bytes are the file's start.
    buffer: Vec<u8>,
    first: usize,
    /// Everything but the hash (empty) and the thumbnail.
    pub(crate) checked: Checked,
}

/// Everything [`inspect`] checks short of hashing: the file resolves to a regular file
/// (and a picked link stays in its folder), its size is within the limits, its first
/// bytes are a PDF/JPEG/PNG and its extension says the same. Reads one buffer.
pub(crate) fn open_document(path: &Path) -> Result<Opened, FileProblem> {
    let io = |err: io::Error| FileProblem::from_io(&err);

    let canonical_path = fs::canonicalize(path).map_err(io)?;
    // Look before opening: opening a FIFO for reading would block until a writer shows up.
    if !fs::metadata(&canonical_path).map_err(io)?.is_file() {
        return Err(FileProblem::NotARegularFile);
    }
    check_link(path, &canonical_path)?;
    let mut file = File::open(&canonical_path).map_err(io)?;
    // ...and look again at what was actually opened, in case it was swapped in between.
    let metadata = file.metadata().map_err(io)?;
    if !metadata.is_file() {
        return Err(FileProblem::NotARegularFile);
    }
    let size = metadata.len();
    if size == 0 {
        return Err(FileProblem::Empty);
    }
    if size > MAX_DOCUMENT_BYTES {
        return Err(FileProblem::TooBig {
            size,
            max: MAX_DOCUMENT_BYTES,
        });
    }

    let file_name = canonical_path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();

    let mut buffer = vec![0u8; BUFFER_BYTES];
    let first = read_up_to(&mut file, &mut buffer).map_err(io)?;
    if first == 0 {
        // Truncated between stat and read.
        return Err(FileProblem::Changed);
    }
    let kind = sniff(&buffer[..first]).ok_or(FileProblem::WrongType)?;
    check_extension(&file_name, kind)?;

    Ok(Opened {
        file,
        buffer,
        first,
        checked: Checked {
            canonical_path,
            file_name,
            size,
            modified: metadata.modified().ok(),
            kind,
            sha256: String::new(),
            thumbnail: None,
        },
    })
}

/// Refuses a picked name that is a symlink to a file outside the folder it was picked in:
/// a link planted where the analyst looks (`passport.pdf` -> `~/.ssh/id_rsa`) would
/// otherwise upload a file they never saw. The target must sit in that very folder, not
/// merely below it, because a home folder holds `.ssh` too. Symlinked parent folders are
/// fine: the analyst navigated through them, and the file's own name is the real file.
fn check_link(path: &Path, canonical_path: &Path) -> Result<(), FileProblem> {
    let io = |err: io::Error| FileProblem::from_io(&err);
    if !fs::symlink_metadata(path)
        .map_err(io)?
        .file_type()
        .is_symlink()
    {
        return Ok(());
    }
    let picked_in = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let picked_in = fs::canonicalize(picked_in).map_err(io)?;
    let target_folder = canonical_path.parent().unwrap_or(Path::new(""));
    if target_folder == picked_in {
        Ok(())
    } else {
        Err(FileProblem::LinkOutsideFolder {
            folder: target_folder.display().to_string(),
        })
    }
}

/// Fills `buffer` as far as the file allows (a short first `read` must not defeat sniffing).
fn read_up_to(file: &mut File, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}

fn check_extension(file_name: &str, kind: DocumentKind) -> Result<(), FileProblem> {
    let extension = Path::new(file_name)
        .extension()
        .map(|ext| ext.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if kind.accepts_extension(&extension) {
        Ok(())
    } else {
        Err(FileProblem::ExtensionMismatch {
            extension,
            actual: kind,
        })
    }
}

/// A PNG data URL of the image scaled down to fit [`THUMBNAIL_MAX_PX`] (EXIF orientation
/// applied), or `None` for PDFs and for anything that fails to decode.
fn thumbnail(path: &Path, kind: DocumentKind) -> Option<String> {
    let format = match kind {
        DocumentKind::Jpeg => ImageFormat::Jpeg,
        DocumentKind::Png => ImageFormat::Png,
        DocumentKind::Pdf => return None,
    };
    let file = File::open(path).ok()?;
    let reader = ImageReader::with_format(io::BufReader::new(file), format);
    let (image, _) = decode_oriented(reader, THUMBNAIL_MAX_DIMENSION, THUMBNAIL_MAX_ALLOC)?;
    let data = png_thumbnail(&image)?;
    Some(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(data)
    ))
}

/// Decodes a whole image within limits (a small but hostile file cannot exhaust memory),
/// EXIF orientation applied; also returns the raw EXIF block, if any.
pub(crate) fn decode_oriented<R: io::BufRead + io::Seek>(
    mut reader: ImageReader<R>,
    max_dimension: u32,
    max_alloc: u64,
) -> Option<(DynamicImage, Option<Vec<u8>>)> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(max_dimension);
    limits.max_image_height = Some(max_dimension);
    limits.max_alloc = Some(max_alloc);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    let exif = decoder.exif_metadata().ok().flatten();
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).ok()?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Some((image, exif))
}

pub(crate) fn png_thumbnail(image: &DynamicImage) -> Option<Vec<u8>> {
    let small = if image.width() > THUMBNAIL_MAX_PX || image.height() > THUMBNAIL_MAX_PX {
        image.thumbnail(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX)
    } else {
        image.clone()
    };
    // 8-bit is plenty for a preview and keeps the data URL small.
    let small = if small.color().has_alpha() {
        DynamicImage::ImageRgba8(small.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(small.to_rgb8())
    };
    let mut out = io::Cursor::new(Vec::new());
    small.write_to(&mut out, ImageFormat::Png).ok()?;
    Some(out.into_inner())
}
