//! Installing and removing the pre-commit hook.
//!
//! The hook is `hooks/pre-commit` with the installing binary's absolute
//! path filled in (it falls back to `keygate` on PATH). It goes where git
//! looks: `core.hooksPath` if set (relative paths are relative to the
//! working tree root, as git reads them), else the common git dir's
//! `hooks/`. A hook keygate did not write is never overwritten without
//! `--force`, and even then it is kept as `pre-commit.keygate-backup` and
//! restored by `--uninstall`.

use anyhow::{bail, Context, Result};
use git2::Repository;
use std::fs;
use std::path::{Path, PathBuf};

/// The shipped hook script.
pub const TEMPLATE: &str = include_str!("../hooks/pre-commit");
/// The line that marks a hook as keygate's.
pub const MARKER: &str = "# keygate-managed-hook";
const BACKUP_SUFFIX: &str = "keygate-backup";

/// What `install` did.
#[derive(Debug)]
pub enum Installed {
    New(PathBuf),
    Updated(PathBuf),
    Replaced { hook: PathBuf, backup: PathBuf },
}

/// What `uninstall` did.
#[derive(Debug)]
pub enum Uninstalled {
    Removed(PathBuf),
    Restored { hook: PathBuf, from: PathBuf },
    NotInstalled(PathBuf),
}

/// Where git runs hooks for `repo`.
pub fn hooks_dir(repo: &Repository) -> Result<PathBuf> {
    let config = repo.config().context("reading the git configuration")?;
    if let Ok(p) = config.get_path("core.hooksPath") {
        if p.is_absolute() {
            return Ok(p);
        }
        let base = repo.workdir().unwrap_or_else(|| repo.path());
        return Ok(base.join(p));
    }
    Ok(repo.commondir().join("hooks"))
}

/// The hook script for `binary`.
pub fn script(binary: Option<&Path>) -> String {
    match binary {
        Some(b) => TEMPLATE.replacen(
            "KEYGATE_BIN=\"\"",
            &format!("KEYGATE_BIN={}", shell_quote(&b.to_string_lossy())),
            1,
        ),
        None => TEMPLATE.to_string(),
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn is_ours(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|t| t.contains(MARKER))
}

/// Writes keygate's pre-commit hook into `repo`.
pub fn install(repo: &Repository, binary: Option<&Path>, force: bool) -> Result<Installed> {
    let dir = hooks_dir(repo)?;
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let hook = dir.join("pre-commit");
    let existed = hook.exists() || hook.symlink_metadata().is_ok();
    let mut outcome = if existed {
        Installed::Updated(hook.clone())
    } else {
        Installed::New(hook.clone())
    };
    if existed && !is_ours(&hook) {
        if !force {
            bail!(
                "{} already exists and was not written by keygate; it was left untouched.\n\
                 Re-run with --force to replace it (it will be kept as pre-commit.{BACKUP_SUFFIX} and restored by --uninstall),\n\
                 or call `keygate staged` from that hook yourself.",
                hook.display()
            );
        }
        let backup = dir.join(format!("pre-commit.{BACKUP_SUFFIX}"));
        if backup.exists() {
            bail!(
                "{} already exists; move it away before replacing {} again",
                backup.display(),
                hook.display()
            );
        }
        fs::rename(&hook, &backup)
            .with_context(|| format!("keeping {} as {}", hook.display(), backup.display()))?;
        outcome = Installed::Replaced {
            hook: hook.clone(),
            backup,
        };
    }
    let tmp = dir.join(".pre-commit.keygate-tmp");
    fs::write(&tmp, script(binary)).with_context(|| format!("writing {}", tmp.display()))?;
    make_executable(&tmp)?;
    fs::rename(&tmp, &hook).with_context(|| format!("installing {}", hook.display()))?;
    Ok(outcome)
}

/// Removes keygate's hook from `repo`, restoring a hook it replaced.
pub fn uninstall(repo: &Repository) -> Result<Uninstalled> {
    let dir = hooks_dir(repo)?;
    let hook = dir.join("pre-commit");
    if !hook.exists() {
        return Ok(Uninstalled::NotInstalled(hook));
    }
    if !is_ours(&hook) {
        bail!(
            "{} was not written by keygate; it was left untouched",
            hook.display()
        );
    }
    fs::remove_file(&hook).with_context(|| format!("removing {}", hook.display()))?;
    let backup = dir.join(format!("pre-commit.{BACKUP_SUFFIX}"));
    if backup.exists() {
        fs::rename(&backup, &hook)
            .with_context(|| format!("restoring {} from {}", hook.display(), backup.display()))?;
        return Ok(Uninstalled::Restored { hook, from: backup });
    }
    Ok(Uninstalled::Removed(hook))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .with_context(|| format!("making {} executable", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_embeds_the_quoted_binary() {
        let s = script(Some(Path::new("/opt/it's/keygate")));
        assert!(s.contains(r"KEYGATE_BIN='/opt/it'\''s/keygate'"), "{s}");
        assert!(s.contains(MARKER));
        assert!(script(None).contains("KEYGATE_BIN=\"\""));
    }
}
