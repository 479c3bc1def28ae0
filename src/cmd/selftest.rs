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

/// Which hook is tested, and how to describe it.
struct HookUnderTest {
    script: String,
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
            script,
            description: format!("{} (from --hook)", path.display()),
            installed: true,
        });
    }
    let fresh = |why: &str| HookUnderTest {
        script: hook::script(binary.as_deref()),
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
                Ok(script) if script.contains(hook::MARKER) => HookUnderTest {
                    script,
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
        Layout::Husky { file, .. } => {
            let text = fs::read_to_string(&file).unwrap_or_default();
            let lines: String = text
                .lines()
                .filter(|l| l.contains(LINE_MARKER))
                .map(|l| format!("{l}\n"))
                .collect();
            if lines.is_empty() {
                fresh(&format!("{} does not run keygate", file.display()))
            } else {
                HookUnderTest {
                    // husky runs its hook files with `sh -e`.
                    script: format!("#!/bin/sh -e\n{lines}"),
                    description: format!("keygate's lines in {} (husky)", file.display()),
                    installed: true,
                }
            }
        }
        Layout::Lefthook(config) => {
            let text = fs::read_to_string(&config).unwrap_or_default();
            if text.contains(LINE_MARKER) || text.contains("keygate staged") {
                HookUnderTest {
                    script: "#!/bin/sh\nkeygate staged\n".into(),
                    description: format!("the keygate command in {} (lefthook)", config.display()),
                    installed: true,
                }
            } else {
                fresh(&format!("{} does not run keygate", config.display()))
            }
        }
    })
}

struct Scratch {
    dir: PathBuf,
    hooks: PathBuf,
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
    let scratch = Scratch {
        hooks: temp.path().join("hooks"),
        dir,
    };
    scratch.git_ok(&["init", "-q"])?;
    fs::create_dir_all(&scratch.hooks)?;
    let hook_path = scratch.hooks.join("pre-commit");
    fs::write(&hook_path, &under_test.script)?;
    let mut out = super::Out::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&hook_path, fs::Permissions::from_mode(0o755))?;
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
            !found.is_empty() && (p.rule.is_empty() || found.iter().any(|f| f.rule_id == p.rule));
        let rules: Vec<&str> = found.iter().map(|f| f.rule_id.as_str()).collect();
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
    let blocked = scratch.git(&["commit", "-q", "-m", "self-test: fake secrets"])?;
    let leak_blocked = !blocked.status.success() && scratch.commits() == 0;
    if leak_blocked {
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
    let clean = scratch.git(&["commit", "-q", "-m", "self-test: clean"])?;
    let clean_passed = clean.status.success() && scratch.commits() == 1;
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
    let passed = leak_blocked && clean_passed && recognised == plants.len();
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
                        && (p.rule.is_empty() || found.iter().any(|f| f.rule_id == p.rule)),
                    "seed {seed}: {} in {}: {:?}",
                    p.what,
                    p.path,
                    found.iter().map(|f| &f.rule_id).collect::<Vec<_>>()
                );
            }
        }
    }
}
