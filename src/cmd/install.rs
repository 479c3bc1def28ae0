//! `keygate install`: writes (or removes) the pre-commit hook and says what
//! it did.

use super::Outcome;
use crate::cli::InstallArgs;
use crate::hook;
use crate::source;
use anyhow::Result;

pub fn install(args: InstallArgs) -> Result<Outcome> {
    let repo = source::git::open()?;
    if args.uninstall {
        match hook::uninstall(&repo)? {
            hook::Uninstalled::Removed(p) => println!("keygate: removed {}", p.display()),
            hook::Uninstalled::Restored { hook, from } => println!(
                "keygate: removed keygate's hook and restored {} from {}",
                hook.display(),
                from.display()
            ),
            hook::Uninstalled::NotInstalled(p) => {
                println!(
                    "keygate: no keygate hook at {}; nothing to remove",
                    p.display()
                )
            }
            hook::Uninstalled::LinesRemoved(p) => {
                println!("keygate: removed keygate's lines from {}", p.display())
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
            println!("keygate: installed the pre-commit hook at {}", p.display())
        }
        hook::Installed::Updated(p) => {
            println!("keygate: updated the pre-commit hook at {}", p.display())
        }
        hook::Installed::Chained { hook, backup } => println!(
            "keygate: installed the pre-commit hook at {}; the hook that was there is kept as {}{}",
            hook.display(),
            backup.display(),
            if args.no_chain {
                " (not run: --no-chain)"
            } else {
                " and runs after keygate passes"
            }
        ),
        hook::Installed::Husky(p) => println!(
            "keygate: husky runs this repository's hooks; `keygate staged` is in {} (commit that file to share it)",
            p.display()
        ),
        hook::Installed::Lefthook {
            config,
            hook_missing,
        } => {
            println!(
                "keygate: lefthook runs this repository's hooks; a `keygate` pre-commit command is in {}",
                config.display()
            );
            if hook_missing {
                println!("keygate: run `lefthook install` so that git calls lefthook's pre-commit hook");
            }
        }
    }
    Ok(Outcome::Clean)
}
