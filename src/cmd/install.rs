//! `keygate install`: writes (or removes) the pre-commit hook and says what
//! it did.

use super::Outcome;
use crate::cli::InstallArgs;
use crate::hook;
use crate::source;
use anyhow::{bail, Context as _, Result};
use std::io::Write;
use std::path::PathBuf;

pub fn install(args: InstallArgs) -> Result<Outcome> {
    if args.pre_receive || args.pre_push || args.git_dir.is_some() {
        return server_hooks(&args);
    }
    let repo = source::git::open()?;
    let mut out = super::Out::new();
    if args.uninstall {
        match hook::uninstall(&repo)? {
            hook::Uninstalled::Removed(p) => writeln!(out, "keygate: removed {}", p.display())?,
            hook::Uninstalled::Restored { hook, from } => writeln!(
                out,
                "keygate: removed keygate's hook and restored {} from {}",
                hook.display(),
                from.display()
            )?,
            hook::Uninstalled::NotInstalled(p) => writeln!(
                out,
                "keygate: no keygate hook at {}; nothing to remove",
                p.display()
            )?,
            hook::Uninstalled::LinesRemoved(p) => {
                writeln!(out, "keygate: removed keygate's lines from {}", p.display())?
            }
        }
        return Ok(Outcome::Clean);
    }
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    let _ = args.force;
    match hook::install(&repo, binary.as_deref(), !args.no_chain)? {
        installed @ (hook::Installed::New(_)
        | hook::Installed::Updated(_)
        | hook::Installed::Chained { .. }) => {
            say_installed(&mut out, "pre-commit", &installed, args.no_chain)?
        }
        hook::Installed::Husky(p) => writeln!(
            out,
            "keygate: husky runs this repository's hooks; `keygate staged` is in {} (commit that file to share it)",
            p.display()
        )?,
        hook::Installed::Lefthook {
            config,
            hook_missing,
        } => {
            writeln!(
            out,
                "keygate: lefthook runs this repository's hooks; a `keygate` pre-commit command is in {}",
                config.display()
            )?;
            if hook_missing {
                writeln!(out, "keygate: run `lefthook install` so that git calls lefthook's pre-commit hook")?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// `keygate install --pre-receive | --pre-push [--git-dir DIR] [--uninstall]`.
/// `install --pre-receive`, `--pre-push` or `--git-dir`: the server hook
/// of a bare repository, or the plain git pre-push hook.
fn server_hooks(args: &InstallArgs) -> Result<Outcome> {
    let mut out = super::Out::new();
    let (name, template) = if args.pre_receive {
        ("pre-receive", hook::PRE_RECEIVE)
    } else if args.pre_push {
        ("pre-push", hook::PRE_PUSH)
    } else {
        bail!("--git-dir goes with --pre-receive or --pre-push; install the pre-commit hook from inside the working tree");
    };
    let repo = match &args.git_dir {
        Some(d) => git2::Repository::open(d)
            .map_err(|e| anyhow::anyhow!("{}: not a git repository ({})", d.display(), e.message()))?,
        None => git2::Repository::open_from_env().map_err(|e| {
            anyhow::anyhow!(
                "not inside a git repository ({}); run this in the repository, or pass --git-dir DIR",
                e.message()
            )
        })?,
    };
    let dir: PathBuf = match hook::layout(&repo)? {
        hook::Layout::Hooks(dir) => dir,
        hook::Layout::Husky { file, .. } | hook::Layout::Lefthook(file) => bail!(
            "{} runs this repository's hooks; add a {name} hook there that runs keygate (see hooks/{name} in keygate's source) instead",
            file.display()
        ),
    };
    if args.uninstall {
        match hook::uninstall_in(&dir, name)? {
            hook::Uninstalled::Removed(p) => writeln!(out, "keygate: removed {}", p.display())?,
            hook::Uninstalled::Restored { hook, from } => writeln!(
                out,
                "keygate: removed keygate's {name} hook and restored {} from {}",
                hook.display(),
                from.display()
            )?,
            hook::Uninstalled::NotInstalled(p) | hook::Uninstalled::LinesRemoved(p) => writeln!(
                out,
                "keygate: no keygate hook at {}; nothing to remove",
                p.display()
            )?,
        }
        return Ok(Outcome::Clean);
    }
    // Arguments an administrator gave keygate in an earlier install of the
    // hook (KEYGATE_ARGS="--config ..."), kept across updates.
    let kept_args = std::fs::read_to_string(dir.join(name))
        .ok()
        .filter(|t| t.contains(hook::MARKER))
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("KEYGATE_ARGS=") && *l != "KEYGATE_ARGS=\"\"")
                .map(str::to_string)
        });
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    let installed = hook::install_in(&dir, name, template, binary.as_deref(), !args.no_chain)?;
    if let Some(line) = &kept_args {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let text = text.replacen("KEYGATE_ARGS=\"\"", line, 1);
        crate::atomic::write(&path, text.as_bytes(), Some(0o755))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    say_installed(&mut out, name, &installed, args.no_chain)?;
    if let Some(line) = kept_args {
        writeln!(out, "keygate: kept the hook's {line}")?;
    }
    if args.pre_receive && !repo.is_bare() {
        writeln!(
            out,
            "keygate: note: {} is not a bare repository; the hook runs when someone pushes to it",
            repo.path().display()
        )?;
    }
    if args.pre_receive {
        writeln!(out, "keygate: for `git push -o keygate.allow=...` (with allow_push_options: true), also run: git config receive.advertisePushOptions true")?;
    }
    Ok(Outcome::Clean)
}

/// What installing hook `name` did, said once for every hook kind.
fn say_installed(
    out: &mut dyn Write,
    name: &str,
    installed: &hook::Installed,
    no_chain: bool,
) -> std::io::Result<()> {
    match installed {
        hook::Installed::Chained { hook, backup } => writeln!(
            out,
            "keygate: installed the {name} hook at {}; the hook that was there is kept as {}{}",
            hook.display(),
            backup.display(),
            if no_chain {
                " (not run: --no-chain)"
            } else {
                " and runs after keygate passes"
            }
        ),
        hook::Installed::Updated(p) => {
            writeln!(out, "keygate: updated the {name} hook at {}", p.display())
        }
        hook::Installed::New(p)
        | hook::Installed::Husky(p)
        | hook::Installed::Lefthook { config: p, .. } => {
            writeln!(out, "keygate: installed the {name} hook at {}", p.display())
        }
    }
}
