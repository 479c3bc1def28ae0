//! Replacing a user's file whole: the new content goes to a temporary file
//! beside it, is synced to disk, gets the old file's permissions and is
//! renamed over it. A write that fails part way (a full disk, a file size
//! limit) leaves the old file as it was and no temporary file behind.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. The file keeps its permissions;
/// `mode` (Unix permission bits), when given, is set instead (a hook
/// script must be executable). A symlink is followed: its target is
/// replaced and the link kept. What is not a regular file (`/dev/stdout`,
/// a pipe) is written as it is: it cannot be replaced.
pub fn write(path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
    if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return fs::OpenOptions::new()
            .write(true)
            .open(path)?
            .write_all(bytes);
    }
    let target = resolve(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let old = fs::metadata(&target).ok();
    let mut n = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.keygate-tmp-{}-{n}", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        set_mode(&file, old.as_ref(), mode)?;
        drop(file);
        fs::rename(&tmp, &target)?;
        // Make the rename itself durable where the platform allows.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The file a path names: a symlink's target (relative to the link's
/// folder), else the path itself.
fn resolve(path: &Path) -> PathBuf {
    match fs::read_link(path) {
        Ok(t) if t.is_absolute() => t,
        Ok(t) => path.parent().map(|p| p.join(&t)).unwrap_or(t),
        Err(_) => path.to_path_buf(),
    }
}

#[cfg(unix)]
fn set_mode(file: &fs::File, old: Option<&fs::Metadata>, mode: Option<u32>) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let bits = match (mode, old) {
        (Some(m), _) => m,
        (None, Some(meta)) => meta.permissions().mode() & 0o7777,
        (None, None) => return Ok(()),
    };
    file.set_permissions(fs::Permissions::from_mode(bits))
}

#[cfg(not(unix))]
fn set_mode(file: &fs::File, old: Option<&fs::Metadata>, _: Option<u32>) -> io::Result<()> {
    match old {
        Some(meta) => file.set_permissions(meta.permissions()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_keeps_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.yml");
        fs::write(&p, "old\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write(&p, b"new\n", None).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
