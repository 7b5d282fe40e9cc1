//! The real file picker: the OS's native "Open File" dialog (GTK on Linux) through rfd.
//! Filtered to the document types Lumx accepts; what comes back is still checked by
//! magic bytes in `desk_core::files::preflight`.

use std::path::PathBuf;

use desk_core::files::FilePicker;

pub struct NativePicker;

impl FilePicker for NativePicker {
    fn pick(&self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter(
                "PDF, JPG, PNG",
                &["pdf", "jpg", "jpeg", "png", "PDF", "JPG", "JPEG", "PNG"],
            )
            .pick_file()
    }
}
