//! `keygate install`: writes (or removes) the pre-commit hook and says what
//! it did.

use super::Outcome;
use crate::cli::InstallArgs;
use crate::hook;
use crate::source;
use anyhow::Result;
use std::io::Write;

pub fn install(args: InstallArgs) -> Result<Outcome> {
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
        hook::Installed::New(p) => {
            writeln!(out, "keygate: installed the pre-commit hook at {}", p.display())?
        }
        hook::Installed::Updated(p) => {
            writeln!(out, "keygate: updated the pre-commit hook at {}", p.display())?
        }
        hook::Installed::Chained { hook, backup } => writeln!(
            out,
            "keygate: installed the pre-commit hook at {}; the hook that was there is kept as {}{}",
            hook.display(),
            backup.display(),
            if args.no_chain {
                " (not run: --no-chain)"
            } else {
                " and runs after keygate passes"
            }
        )?,
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
