//! Files holding personal data (drafts, RFI notes, the audit log, exports) are readable
//! by their owner only: 0600 files in 0700 folders on unix, whatever the umask. On other
//! systems the folder's ACLs (the user's profile) already do this job.

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;

/// The pragmas every local database uses: WAL with `synchronous=FULL`, so a committed
/// transaction survives a crash or power loss and a half-written one is never visible;
/// `secure_delete` zeroes replaced and deleted content, so personal data removed from a
/// row (a masked tax id, a deleted draft) does not linger in free space.
const PRAGMAS: &str = "PRAGMA journal_mode = WAL;
                       PRAGMA synchronous = FULL;
                       PRAGMA secure_delete = ON;";

/// Opens (creating if needed) the SQLite database at `path`, its folder 0700 and the
/// database with its `-wal`/`-shm` side files 0600.
pub fn open_sqlite(path: &Path) -> Result<Connection, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dir(dir).map_err(|e| e.to_string())?;
    }
    // SQLite creates its `-wal` and `-shm` files with the main file's mode, so the main
    // file must exist 0600 before SQLite opens it.
    private_file(path).map_err(|e| e.to_string())?;
    let conn = Connection::open(path).map_err(|e| e.to_string())?;
    conn.execute_batch(PRAGMAS).map_err(|e| e.to_string())?;
    // Side files left by an older version (created 0644) are tightened too.
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        tighten_if_ours(Path::new(&side), 0o600).map_err(|e| e.to_string())?;
    }
    Ok(conn)
}

/// An in-memory database with the same set-up (tests).
pub fn open_sqlite_in_memory() -> Result<Connection, String> {
    let conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
    conn.execute_batch(PRAGMAS).map_err(|e| e.to_string())?;
    Ok(conn)
}

/// Creates `dir` (and missing parents) 0700; an existing `dir` of ours is tightened.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    tighten_if_ours(dir, 0o700)
}

/// Creates `path` 0600 if missing (keeping its content if present), tightening an
/// existing file of ours.
fn private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?;
    tighten_if_ours(path, 0o600)
}

/// Writes `bytes` to `path` (replacing it) as a 0600 file: for exports the analyst saves
/// where they choose. The folder is theirs and is left as it is.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // An existing file keeps its mode on open: tighten it before the content goes in.
    tighten_if_ours(path, 0o600)?;
    file.set_len(0)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Sets `mode` on `path` if it exists, belongs to this user and is looser. Someone
/// else's folder (e.g. a shared parent) is left alone.
#[cfg(unix)]
fn tighten_if_ours(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me || meta.mode() & 0o777 & !mode == 0 {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn tighten_if_ours(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}
