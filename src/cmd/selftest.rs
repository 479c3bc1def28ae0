//! `keygate self-test`: proves the pre-commit hook works, end to end.
//!
//! It makes a temporary repository with the real git, writes realistic fake
//! secrets into it (random on every run, never AWS's documented example
//! values, which every scanner allowlists), stages them, and commits through
//! the hook under test: the current repository's installed hook, a script
//! given with `--hook`, or, outside a repository, a hook freshly written for
//! this binary. It passes when the hook blocks that commit and lets a clean
//! one through, and it says which fake secrets keygate recognised.

use super::Outcome;
use crate::blob::{Blob, Origin};
use crate::cli::SelfTestArgs;
use crate::detect::Detector;
use crate::fake::{self, FakeRng, ALNUM};
use crate::hook::{self, Layout, LINE_MARKER};
use crate::rules::RuleSet;
use anyhow::{bail, Context as _, Result};
use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output};

/// One fake secret: the file it goes in, its content, and the rule that
/// should report it.
struct Plant {
    path: &'static str,
    content: String,
    rule: &'static str,
    what: &'static str,
}

fn plants(rng: &mut FakeRng) -> Vec<Plant> {
    // Prefixes are assembled from parts (here and in keygate::fake) so the
    // source holds no token-shaped literal.
    let id = fake::aws_key_id(rng);
    let secret = fake::aws_secret(rng);
    let gh = fake::github_token(rng);
    let stripe = format!("{}_{}_{}", "sk", "live", rng.string(ALNUM, 24));
    let db_password = rng.string(ALNUM, 18);
    let pem = fake::rsa_pem(rng, 6);
    let slack = format!(
        "{}-{}-{}-{}",
        "xoxb",
        rng.string(b"0123456789", 12),
        rng.string(b"0123456789", 13),
        rng.string(ALNUM, 24)
    );
    vec![
        Plant {
            path: "deploy/settings.py",
            content: format!(
                "import os\n\nAWS_REGION = \"eu-west-1\"\naws_access_key_id = \"{id}\"\naws_secret_access_key = \"{secret}\"\n"
            ),
            rule: "aws-credential-pair",
            what: "an AWS access key pair",
        },
        Plant {
            path: ".env",
            content: format!(
                "NODE_ENV=production\nDATABASE_URL=postgres://app:{db_password}@db.internal:5432/app\nSTRIPE_SECRET_KEY={stripe}\n"
            ),
            rule: "",
            what: "a .env with a database password and a Stripe key",
        },
        Plant {
            path: "ci/publish.sh",
            content: format!("#!/bin/sh\nexport GITHUB_TOKEN={gh}\ngh release create \"$1\"\n"),
            rule: "github-pat",
            what: "a GitHub personal access token",
        },
        Plant {
            path: "keys/deploy_key",
            content: pem,
            rule: "private-key",
            what: "an RSA private key",
        },
        Plant {
            path: "notify/slack.json",
            content: format!("{{\n  \"channel\": \"#deploys\",\n  \"token\": \"{slack}\"\n}}\n"),
            rule: "slack-bot-token",
            what: "a Slack bot token",
        },
    ]
}

/// The environment variable that asks `keygate staged` to write a file,
/// proving that the hook under test really ran keygate.
pub const NONCE_ENV: &str = "KEYGATE_SELFTEST_NONCE";

/// How the hook under test is set up in the scratch repository.
enum Setup {
    /// A single pre-commit script.
    Script(String),
    /// A copy of this folder (a hooks folder, or husky's `.husky/`), with
    /// core.hooksPath pointing at `hooks` inside the copy.
    Folder { dir: PathBuf, hooks: PathBuf },
    /// lefthook: its installed hook and its configuration files.
    Lefthook {
        hook: PathBuf,
        configs: Vec<PathBuf>,
    },
    /// The hook cannot run as git would run it: the reason.
    Broken(String),
}

/// Which hook is tested, and how to describe it.
struct HookUnderTest {
    setup: Setup,
    description: String,
    installed: bool,
}

fn hook_under_test(args: &SelfTestArgs) -> Result<HookUnderTest> {
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    if let Some(path) = &args.hook {
        let script =
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        return Ok(HookUnderTest {
            setup: Setup::Script(script),
            description: format!("{} (from --hook)", path.display()),
            installed: true,
        });
    }
    let fresh = |why: &str| HookUnderTest {
        setup: Setup::Script(hook::script(binary.as_deref())),
        description: format!("a hook freshly written for this keygate ({why})"),
        installed: false,
    };
    let Ok(repo) = crate::source::git::open() else {
        return Ok(fresh("not inside a repository"));
    };
    Ok(match hook::layout(&repo)? {
        Layout::Hooks(dir) => {
            let path = dir.join("pre-commit");
            match fs::read_to_string(&path) {
                // The whole folder: the hook may chain to files beside it.
                Ok(script) if script.contains(hook::MARKER) => HookUnderTest {
                    setup: Setup::Folder {
                        hooks: PathBuf::new(),
                        dir,
                    },
                    description: format!("{} (installed by keygate install)", path.display()),
                    installed: true,
                },
                Ok(_) => fresh(&format!(
                    "{} exists but does not run keygate",
                    path.display()
                )),
                Err(_) => fresh("this repository has no pre-commit hook"),
            }
        }
        Layout::Husky { file, legacy } => {
            let text = fs::read_to_string(&file).unwrap_or_default();
            if !text.contains(LINE_MARKER) {
                fresh(&format!("{} does not run keygate", file.display()))
            } else {
                let dir = file.parent().map(PathBuf::from).unwrap_or_default();
                HookUnderTest {
                    // husky's own scripts in `_/` run the project's hook
                    // file exactly as git will.
                    setup: Setup::Folder {
                        dir,
                        hooks: if legacy { PathBuf::new() } else { "_".into() },
                    },
                    description: format!("{} run through husky", file.display()),
                    installed: true,
                }
            }
        }
        Layout::Lefthook(config) => {
            let text = fs::read_to_string(&config).unwrap_or_default();
            if !(text.contains(LINE_MARKER) || text.contains("keygate staged")) {
                fresh(&format!("{} does not run keygate", config.display()))
            } else {
                let description = format!("the keygate command in {} (lefthook)", config.display());
                let hooks = match repo.config().and_then(|c| c.get_path("core.hooksPath")) {
                    Ok(p) => p,
                    Err(_) => repo.commondir().join("hooks"),
                };
                let hook = hooks.join("pre-commit");
                let hook_text = fs::read_to_string(&hook).unwrap_or_default();
                let setup = if !hook_text.contains("lefthook") {
                    Setup::Broken(format!(
                        "{} is not lefthook's hook, so git never runs lefthook: run `lefthook install`",
                        hook.display()
                    ))
                } else if !on_path("lefthook") {
                    Setup::Broken(
                        "lefthook is not installed (not on PATH), so its hook cannot run keygate"
                            .into(),
                    )
                } else {
                    let dir = config.parent().map(PathBuf::from).unwrap_or_default();
                    let configs = fs::read_dir(&dir)
                        .map(|rd| {
                            rd.filter_map(|e| e.ok().map(|e| e.path()))
                                .filter(|p| {
                                    p.file_name()
                                        .and_then(|n| n.to_str())
                                        .is_some_and(|n| n.contains("lefthook") && p.is_file())
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    Setup::Lefthook { hook, configs }
                };
                HookUnderTest {
                    setup,
                    description,
                    installed: true,
                }
            }
        }
    })
}

/// Whether `program` is an executable file on PATH.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let p = d.join(program);
            p.is_file() && is_executable(&p)
        })
    })
}

#[cfg(unix)]
fn is_executable(p: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &std::path::Path) -> bool {
    true
}

/// Copies the folder `from` into `to`, keeping file modes (hooks must stay
/// executable) and copying symlinks as links.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_dir(&src, &dst)?;
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(fs::read_link(&src)?, &dst)?;
        } else {
            fs::copy(&src, &dst).with_context(|| format!("copying {}", src.display()))?;
        }
    }
    Ok(())
}

fn make_executable(path: &std::path::Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755))?;
    }
    let _ = path;
    Ok(())
}

struct Scratch {
    dir: PathBuf,
    hooks: PathBuf,
    nonce: PathBuf,
}

impl Scratch {
    fn git(&self, args: &[&str]) -> Result<Output> {
        let hooks = format!("core.hooksPath={}", self.hooks.display());
        let mut cmd = Command::new("git");
        cmd.args(["-c", &hooks, "-c", "user.name=keygate self-test"])
            .args([
                "-c",
                "user.email=self-test@keygate.invalid",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env(NONCE_ENV, &self.nonce)
            .current_dir(&self.dir);
        // The hook must see this repository, not an enclosing one.
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
        ] {
            cmd.env_remove(var);
        }
        cmd.output()
            .context("running git (is it installed and on PATH?)")
    }

    fn git_ok(&self, args: &[&str]) -> Result<()> {
        let out = self.git(args)?;
        if !out.status.success() {
            bail!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(())
    }

    fn commits(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(0)
    }
}

pub fn run(args: SelfTestArgs) -> Result<Outcome> {
    let under_test = hook_under_test(&args)?;
    let temp = tempfile::Builder::new()
        .prefix("keygate-self-test-")
        .tempdir()?;
    let dir = temp.path().join("repo");
    fs::create_dir_all(&dir)?;
    let mut scratch = Scratch {
        hooks: temp.path().join("hooks"),
        nonce: temp.path().join("keygate-ran"),
        dir,
    };
    scratch.git_ok(&["init", "-q"])?;
    let mut out = super::Out::new();
    match &under_test.setup {
        Setup::Script(script) => {
            fs::create_dir_all(&scratch.hooks)?;
            let hook_path = scratch.hooks.join("pre-commit");
            fs::write(&hook_path, script)?;
            make_executable(&hook_path)?;
        }
        Setup::Folder { dir, hooks } => {
            let copy = temp.path().join("hook-folder");
            copy_dir(dir, &copy)?;
            scratch.hooks = copy.join(hooks);
        }
        Setup::Lefthook { hook, configs } => {
            fs::create_dir_all(&scratch.hooks)?;
            let hook_path = scratch.hooks.join("pre-commit");
            fs::copy(hook, &hook_path)?;
            make_executable(&hook_path)?;
            for c in configs {
                if let Some(name) = c.file_name() {
                    fs::copy(c, scratch.dir.join(name))?;
                }
            }
        }
        Setup::Broken(why) => {
            writeln!(
                out,
                "keygate self-test: hook under test: {}",
                under_test.description
            )?;
            writeln!(out, "  FAIL  {why}")?;
            writeln!(out, "keygate self-test: FAILED (see above)")?;
            return Ok(Outcome::Findings);
        }
    }
    writeln!(
        out,
        "keygate self-test: hook under test: {}",
        under_test.description
    )?;
    writeln!(
        out,
        "keygate self-test: temporary repository: {}",
        scratch.dir.display()
    )?;

    // Seeded from the clock: new fake values every run.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7);
    let mut rng = FakeRng::new(seed);
    let plants = plants(&mut rng);
    let detector = Detector::new(RuleSet::builtin()?);
    let mut recognised = 0;
    for p in &plants {
        let file = scratch.dir.join(p.path);
        fs::create_dir_all(file.parent().unwrap_or(&scratch.dir))?;
        fs::write(&file, &p.content)?;
        let found = detector.scan(&Blob::new(Origin::file(p.path), p.content.as_bytes()));
        let ok =
            !found.is_empty() && (p.rule.is_empty() || found.iter().any(|f| f.rule_id() == p.rule));
        let rules: Vec<&str> = found.iter().map(|f| f.rule_id()).collect();
        if ok {
            recognised += 1;
            writeln!(
                out,
                "  ok    {} in {}: {}",
                p.what,
                p.path,
                rules.join(", ")
            )?;
        } else {
            writeln!(
                out,
                "  MISS  {} in {}: keygate did not recognise it",
                p.what, p.path
            )?;
        }
    }
    scratch.git_ok(&["add", "-A"])?;
    let _ = fs::remove_file(&scratch.nonce);
    let blocked = scratch.git(&["commit", "-q", "-m", "self-test: fake secrets"])?;
    let mut ran = scratch.nonce.is_file();
    let leak_blocked = ran && !blocked.status.success() && scratch.commits() == 0;
    if !ran {
        if blocked.status.success() {
            writeln!(out, "  FAIL  the hook let a commit of fake secrets through")?;
        }
        writeln!(
            out,
            "  FAIL  the hook ran, but keygate did not: nothing ran `keygate staged` for this commit (an early exit, a skipped command, or a keygate too old for this self-test?)"
        )?;
    } else if leak_blocked {
        writeln!(
            out,
            "  ok    the hook blocked the commit of {} fake secrets",
            plants.len()
        )?;
    } else {
        writeln!(out, "  FAIL  the hook let a commit of fake secrets through")?;
    }
    // A clean commit must pass, or the hook blocks everything (a missing
    // binary fails closed, which is safe but not working).
    scratch.git_ok(&["rm", "-r", "-q", "--cached", "."])?;
    fs::write(
        scratch.dir.join("README.md"),
        "# self-test\n\nNothing secret here.\n",
    )?;
    scratch.git_ok(&["add", "README.md"])?;
    let _ = fs::remove_file(&scratch.nonce);
    let before = scratch.commits();
    let clean = scratch.git(&["commit", "-q", "-m", "self-test: clean"])?;
    ran &= scratch.nonce.is_file();
    let clean_passed = clean.status.success() && scratch.commits() == before + 1;
    if clean_passed {
        writeln!(out, "  ok    the hook let a clean commit through")?;
    } else {
        writeln!(out, "  FAIL  the hook blocked a clean commit too:")?;
        print_indented(&mut out, &clean)?;
    }
    if !leak_blocked {
        print_indented(&mut out, &blocked)?;
    }
    if args.keep {
        let kept = temp.keep();
        writeln!(out, "keygate self-test: kept {}", kept.display())?;
    }
    let passed = ran && leak_blocked && clean_passed && recognised == plants.len();
    if passed && under_test.installed {
        writeln!(out, "keygate self-test: passed: your hook blocks secrets")?;
        Ok(Outcome::Clean)
    } else if passed {
        writeln!(
            out,
            "keygate self-test: keygate works, but no keygate hook is installed here: run `keygate install`"
        )?;
        Ok(Outcome::Findings)
    } else {
        writeln!(out, "keygate self-test: FAILED (see above)")?;
        Ok(Outcome::Findings)
    }
}

fn print_indented(w: &mut impl Write, out: &Output) -> std::io::Result<()> {
    for line in String::from_utf8_lossy(&out.stderr)
        .lines()
        .chain(String::from_utf8_lossy(&out.stdout).lines())
        .take(30)
    {
        writeln!(w, "        {line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plant_is_recognised_by_its_rule() {
        let detector = Detector::new(RuleSet::builtin().unwrap());
        for seed in 0..20 {
            for p in plants(&mut FakeRng::new(seed)) {
                let found = detector.scan(&Blob::new(Origin::file(p.path), p.content.as_bytes()));
                assert!(
                    !found.is_empty()
                        && (p.rule.is_empty() || found.iter().any(|f| f.rule_id() == p.rule)),
                    "seed {seed}: {} in {}: {:?}",
                    p.what,
                    p.path,
                    found.iter().map(|f| f.rule_id()).collect::<Vec<_>>()
                );
            }
        }
    }
}
