//! Installing and removing the pre-commit hook (and, in a plain hooks
//! folder, the `pre-merge-commit` hook that guards clean merges), and the
//! pre-push and pre-receive hooks (plain git hooks only, with the same
//! keeping and chaining of a hook that was there: [`install_in`],
//! [`uninstall_in`]).
//!
//! The hook is `hooks/pre-commit` with the installing binary's absolute
//! path filled in (it falls back to `keygate` on PATH). Where it goes
//! depends on how the repository runs hooks:
//!
//! - **plain git**: `core.hooksPath` if set (relative paths are relative to
//!   the working tree root, as git reads them), else the common git dir's
//!   `hooks/`. A hook keygate did not write is never destroyed: it is kept
//!   as `pre-commit.keygate-backup` and *chained* (run after keygate passes,
//!   with the same arguments), and `--uninstall` puts it back.
//! - **husky** (`core.hooksPath` inside a `.husky` folder): husky owns its
//!   hooks folder, so keygate adds two marked lines to the project's
//!   `.husky/pre-commit` and `--uninstall` removes exactly those lines.
//! - **lefthook** (a `lefthook.yml` at the root): keygate adds a marked
//!   `keygate` command to the `pre-commit` hook of that file, and
//!   `--uninstall` removes it.

use crate::atomic;
use crate::shell::shell_quote;
use anyhow::{bail, Context, Result};
use git2::Repository;
use std::fs;
use std::path::{Path, PathBuf};

/// The shipped hook script.
pub const TEMPLATE: &str = include_str!("../hooks/pre-commit");
/// The server-side hook: `keygate pre-receive` on every push.
pub const PRE_RECEIVE: &str = include_str!("../hooks/pre-receive");
/// The client-side push hook: `keygate diff` on each pushed range.
pub const PRE_PUSH: &str = include_str!("../hooks/pre-push");
/// The line that marks a hook as keygate's.
pub const MARKER: &str = "# keygate-managed-hook";
const BACKUP_SUFFIX: &str = "keygate-backup";

/// The marker on every line keygate adds to a file it does not own.
pub const LINE_MARKER: &str = "# keygate-managed-line";

/// What `install` did.
#[derive(Debug)]
pub enum Installed {
    /// A new hook at this path.
    New(PathBuf),
    /// keygate's hook at this path, rewritten.
    Updated(PathBuf),
    /// An existing hook was kept as `backup` and is run after keygate.
    Chained {
        /// keygate's hook.
        hook: PathBuf,
        /// Where the hook that was there is kept.
        backup: PathBuf,
    },
    /// Lines added to (or already in) a husky hook.
    Husky(PathBuf),
    /// A command added to (or already in) a lefthook configuration;
    /// `hook_missing` when `lefthook install` has not written git's hook.
    Lefthook {
        /// The lefthook configuration file.
        config: PathBuf,
        /// Whether git's hook that runs lefthook is missing.
        hook_missing: bool,
    },
}

/// What `uninstall` did.
#[derive(Debug)]
pub enum Uninstalled {
    /// keygate's hook at this path, removed.
    Removed(PathBuf),
    /// keygate's hook removed and the one it replaced put back.
    Restored {
        /// The hook put back.
        hook: PathBuf,
        /// The backup it came from.
        from: PathBuf,
    },
    /// No keygate hook at this path.
    NotInstalled(PathBuf),
    /// Keygate's lines removed from a husky hook or lefthook configuration.
    LinesRemoved(PathBuf),
}

/// How a repository runs its hooks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// git runs `pre-commit` from this folder.
    Hooks(PathBuf),
    /// husky: the project's hook file, and whether it is husky 4–8's
    /// layout (whose hook files source `_/husky.sh`).
    Husky {
        /// The project's husky hook file.
        file: PathBuf,
        /// husky 4–8's layout.
        legacy: bool,
    },
    /// lefthook: its configuration file.
    Lefthook(PathBuf),
}

const LEFTHOOK_FILES: [&str; 4] = [
    "lefthook.yml",
    ".lefthook.yml",
    "lefthook.yaml",
    ".lefthook.yaml",
];

/// Detects how `repo` runs hooks.
pub fn layout(repo: &Repository) -> Result<Layout> {
    let config = repo.config().context("reading the git configuration")?;
    let workdir = repo.workdir().map(Path::to_path_buf);
    if let Ok(p) = config.get_path("core.hooksPath") {
        let abs = if p.is_absolute() {
            p.clone()
        } else {
            workdir
                .clone()
                .unwrap_or_else(|| repo.path().to_path_buf())
                .join(&p)
        };
        let husky_dir = if abs.file_name().is_some_and(|n| n == "_") {
            abs.parent().map(Path::to_path_buf)
        } else {
            Some(abs.clone())
        };
        if let Some(dir) = husky_dir.filter(|d| d.file_name().is_some_and(|n| n == ".husky")) {
            let legacy = abs == dir;
            return Ok(Layout::Husky {
                file: dir.join("pre-commit"),
                legacy,
            });
        }
        return Ok(Layout::Hooks(abs));
    }
    if let Some(wd) = &workdir {
        if let Some(f) = LEFTHOOK_FILES
            .iter()
            .map(|f| wd.join(f))
            .find(|f| f.is_file())
        {
            return Ok(Layout::Lefthook(f));
        }
    }
    Ok(Layout::Hooks(repo.commondir().join("hooks")))
}

/// The pre-commit hook script for `binary`.
pub fn script(binary: Option<&Path>) -> String {
    script_for(TEMPLATE, binary)
}

/// A hook script from `template` with `binary`'s path filled in.
pub fn script_for(template: &str, binary: Option<&Path>) -> String {
    match binary {
        Some(b) => template.replacen(
            "KEYGATE_BIN=\"\"",
            &format!("KEYGATE_BIN={}", shell_quote(&b.to_string_lossy())),
            1,
        ),
        None => template.to_string(),
    }
}

/// The lines keygate adds to a husky hook: fail closed when keygate is
/// missing, block when it finds something or cannot scan.
fn husky_lines() -> String {
    [
        "command -v keygate >/dev/null 2>&1 || { echo \"keygate: commit blocked: keygate is not on PATH; install it (cargo install --locked --git https://github.com/keygate/keygate keygate), or skip the check deliberately with git commit --no-verify\" >&2; exit 1; }",
        "keygate staged || exit 1",
    ]
    .iter()
    .map(|l| format!("{l}  {LINE_MARKER}\n"))
    .collect()
}

/// The marked line that records what a husky hook file was before
/// keygate touched it: `created` (keygate made the file) or `mode=NNN`
/// (its permissions), so that uninstall can undo both.
const STATE: &str = "# keygate-state:";

/// What a husky 4–8 hook file starts with; keygate writes it into a hook
/// file it creates.
const LEGACY_HEADER: &str = "#!/usr/bin/env sh\n. \"$(dirname -- \"$0\")/_/husky.sh\"\n\n";

fn remove_marked_lines(path: &Path) -> Result<bool> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    if !text.contains(LINE_MARKER) {
        return Ok(false);
    }
    let state = text
        .lines()
        .filter(|l| l.contains(LINE_MARKER))
        .find_map(|l| l.trim_start().strip_prefix(STATE))
        .map(|rest| rest.split_whitespace().next().unwrap_or("").to_string());
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| !l.contains(LINE_MARKER))
        .collect();
    let mode = state
        .as_deref()
        .and_then(|s| s.strip_prefix("mode="))
        .and_then(|m| u32::from_str_radix(m, 8).ok());
    if state.as_deref() == Some("created") && (kept.trim().is_empty() || kept == LEGACY_HEADER) {
        fs::remove_file(path).with_context(|| format!("removing {}", path.display()))?;
        return Ok(true);
    }
    atomic::write(path, kept.as_bytes(), mode)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(true)
}

fn install_husky(file: &Path, legacy: bool) -> Result<Installed> {
    let text = fs::read_to_string(file).unwrap_or_default();
    if text.contains(LINE_MARKER) {
        return Ok(Installed::Husky(file.to_path_buf()));
    }
    let created = file.symlink_metadata().is_err();
    let mut out = text.clone();
    let state = if created {
        "created".to_string()
    } else {
        format!("mode={:o}", file_mode(file))
    };
    if out.is_empty() && legacy {
        out.push_str(LEGACY_HEADER);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{STATE} {state}  {LINE_MARKER}\n"));
    out.push_str(&husky_lines());
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    atomic::write(file, out.as_bytes(), Some(0o755))
        .with_context(|| format!("writing {}", file.display()))?;
    Ok(Installed::Husky(file.to_path_buf()))
}

#[cfg(unix)]
fn file_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn file_mode(_: &Path) -> u32 {
    0o644
}

/// Adds `keygate: {run: keygate staged}` to the `pre-commit` commands of a
/// lefthook configuration, keeping every other byte of the file.
pub fn add_to_lefthook(text: &str) -> Result<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let meaningful = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let tag = |l: String| format!("{l}  {LINE_MARKER}\n");
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match lines.iter().position(|l| l.trim_end() == "pre-commit:") {
        None => {
            if !text.is_empty() && !text.ends_with('\n') {
                out.push("\n".into());
            }
            out.push(tag("pre-commit:".into()));
            out.push(tag("  commands:".into()));
            out.push(tag("    keygate:".into()));
            out.push(tag("      run: keygate staged".into()));
        }
        Some(hook_line) => {
            let block_end = (hook_line + 1..lines.len())
                .find(|&i| meaningful(lines[i]) && indent_of(lines[i]) == 0)
                .unwrap_or(lines.len());
            let step = (hook_line + 1..block_end)
                .find(|&i| meaningful(lines[i]))
                .map(|i| indent_of(lines[i]))
                .unwrap_or(2)
                .max(1);
            let pad = |n: usize| " ".repeat(n * step);
            let commands = (hook_line + 1..block_end).find(|&i| {
                indent_of(lines[i]) == step && lines[i].trim_end() == format!("{}commands:", pad(1))
            });
            // Under an existing `commands:`, or a new one right below
            // `pre-commit:`.
            let mut block = vec![
                tag(format!("{}keygate:", pad(2))),
                tag(format!("{}run: keygate staged", pad(3))),
            ];
            let at = match commands {
                Some(c) => c + 1,
                None => {
                    block.insert(0, tag(format!("{}commands:", pad(1))));
                    hook_line + 1
                }
            };
            out.splice(at..at, block);
        }
    }
    let new: String = out.concat();
    // Only write what parses back with the command in place.
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&new).context("the result would not be valid YAML")?;
    if doc["pre-commit"]["commands"]["keygate"]["run"].as_str() != Some("keygate staged") {
        bail!("the file's `pre-commit` section has a shape keygate cannot extend safely");
    }
    Ok(new)
}

fn install_lefthook(repo: &Repository, config: &Path) -> Result<Installed> {
    let text =
        fs::read_to_string(config).with_context(|| format!("reading {}", config.display()))?;
    if !text.contains(LINE_MARKER) {
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).with_context(|| {
            format!(
                "{}: nothing was changed: the file is not valid YAML as it is",
                config.display()
            )
        })?;
        if !doc["pre-commit"]["commands"]["keygate"].is_null() {
            let runs = doc["pre-commit"]["commands"]["keygate"]["run"]
                .as_str()
                .unwrap_or("");
            bail!(
                "{}: nothing was changed: its `pre-commit` hook already has a command named `keygate` (run: `{runs}`) that keygate did not add. If it runs `keygate staged`, you are set; otherwise rename that command and run `keygate install` again",
                config.display()
            );
        }
        let new = add_to_lefthook(&text).with_context(|| {
            format!(
                "{}: nothing was changed. Add this under `pre-commit:` yourself:\n  commands:\n    keygate:\n      run: keygate staged\nbecause",
                config.display()
            )
        })?;
        atomic::write(config, new.as_bytes(), None)
            .with_context(|| format!("writing {}", config.display()))?;
    }
    let git_hook = repo.commondir().join("hooks").join("pre-commit");
    let hook_missing = !fs::read_to_string(&git_hook).is_ok_and(|t| t.contains("lefthook"));
    Ok(Installed::Lefthook {
        config: config.to_path_buf(),
        hook_missing,
    })
}

fn is_ours(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|t| t.contains(MARKER))
}

/// The hooks keygate writes in a plain hooks folder: `pre-commit`, and
/// `pre-merge-commit` (git 2.24 and later), which git runs before it
/// records a clean merge, a commit no `pre-commit` hook sees.
pub const HOOK_NAMES: [&str; 2] = ["pre-commit", "pre-merge-commit"];

/// Installs keygate's pre-commit check into `repo`, in the way its hooks
/// are run (see the module documentation). With `chain` false, a foreign
/// hook is still kept as a backup but no longer run. In a plain hooks
/// folder, `pre-merge-commit` is written the same way; what is returned
/// is what happened to `pre-commit`.
pub fn install(repo: &Repository, binary: Option<&Path>, chain: bool) -> Result<Installed> {
    let dir = match layout(repo)? {
        Layout::Husky { file, legacy } => return install_husky(&file, legacy),
        Layout::Lefthook(config) => return install_lefthook(repo, &config),
        Layout::Hooks(dir) => dir,
    };
    let outcome = install_in(&dir, HOOK_NAMES[0], TEMPLATE, binary, chain)?;
    for name in &HOOK_NAMES[1..] {
        install_in(&dir, name, TEMPLATE, binary, chain)?;
    }
    Ok(outcome)
}

/// Writes `template` (a script from `hooks/`) as git hook `name` in `dir`,
/// with the binary's path filled in, replacing the file whole. A hook
/// keygate did not write (a dangling symlink included) is kept as
/// `<name>.keygate-backup` and, with `chain`, run after keygate passes.
pub fn install_in(
    dir: &Path,
    name: &str,
    template: &str,
    binary: Option<&Path>,
    chain: bool,
) -> Result<Installed> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let hook = dir.join(name);
    let backup = dir.join(format!("{name}.{BACKUP_SUFFIX}"));
    // symlink_metadata: a dangling symlink is a hook too.
    let existed = hook.symlink_metadata().is_ok();
    let mut outcome = if existed {
        Installed::Updated(hook.clone())
    } else {
        Installed::New(hook.clone())
    };
    if existed && !is_ours(&hook) {
        if backup.symlink_metadata().is_ok() {
            bail!(
                "{} already exists, and {} was not written by keygate; move one of them away and run `keygate install` again",
                backup.display(),
                hook.display()
            );
        }
        fs::rename(&hook, &backup)
            .with_context(|| format!("keeping {} as {}", hook.display(), backup.display()))?;
        outcome = Installed::Chained {
            hook: hook.clone(),
            backup: backup.clone(),
        };
    }
    let chained = backup.symlink_metadata().is_ok() && chain;
    // One template serves several hook names (pre-commit, pre-merge-commit).
    let template_name = template
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{MARKER}: ")))
        .unwrap_or(name)
        .to_string();
    let mut text = script_for(template, binary).replacen(
        &format!("{MARKER}: {template_name}"),
        &format!("{MARKER}: {name}"),
        1,
    );
    if chained {
        text = text.replacen(
            "KEYGATE_CHAIN=\"\"",
            &format!("KEYGATE_CHAIN={name}.{BACKUP_SUFFIX}"),
            1,
        );
    }
    atomic::write(&hook, text.as_bytes(), Some(0o755))
        .with_context(|| format!("installing {}", hook.display()))?;
    Ok(outcome)
}

/// Removes keygate's hook from `repo`, restoring a hook it replaced.
pub fn uninstall(repo: &Repository) -> Result<Uninstalled> {
    let dir = match layout(repo)? {
        Layout::Husky { file, .. } | Layout::Lefthook(file) => {
            return Ok(if file.is_file() && remove_marked_lines(&file)? {
                Uninstalled::LinesRemoved(file)
            } else {
                Uninstalled::NotInstalled(file)
            });
        }
        Layout::Hooks(dir) => dir,
    };
    let outcome = uninstall_in(&dir, HOOK_NAMES[0]);
    for name in &HOOK_NAMES[1..] {
        // A foreign pre-merge-commit hook is simply left alone.
        let hook = dir.join(name);
        if hook.symlink_metadata().is_ok() && is_ours(&hook) {
            uninstall_in(&dir, name)?;
        }
    }
    outcome
}

/// Removes keygate's hook `name` from `dir`, restoring the hook it kept as
/// `<name>.keygate-backup` (a dangling symlink included).
pub fn uninstall_in(dir: &Path, name: &str) -> Result<Uninstalled> {
    let hook = dir.join(name);
    if hook.symlink_metadata().is_err() {
        return Ok(Uninstalled::NotInstalled(hook));
    }
    if !is_ours(&hook) {
        bail!(
            "{} was not written by keygate; it was left untouched",
            hook.display()
        );
    }
    fs::remove_file(&hook).with_context(|| format!("removing {}", hook.display()))?;
    let backup = dir.join(format!("{name}.{BACKUP_SUFFIX}"));
    if backup.symlink_metadata().is_ok() {
        fs::rename(&backup, &hook)
            .with_context(|| format!("restoring {} from {}", hook.display(), backup.display()))?;
        return Ok(Uninstalled::Restored { hook, from: backup });
    }
    Ok(Uninstalled::Removed(hook))
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
