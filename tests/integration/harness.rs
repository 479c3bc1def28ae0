//! A temp repository per test, a git helper and a keygate helper, with git
//! isolated from the developer's own configuration.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

pub const KEYGATE: &str = env!("CARGO_BIN_EXE_keygate");

/// A real git repository in a temp dir.
pub struct Repo {
    dir: TempDir,
    home: TempDir,
}

/// Environment that isolates git from the machine: no global or system
/// config, a fixed identity, and nothing inherited from an enclosing hook.
pub fn isolate(cmd: &mut Command, home: &Path) {
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_CEILING_DIRECTORIES",
        "NO_COLOR",
        "KEYGATE_CONFIG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid");
}

impl Repo {
    /// `git init` in a fresh temp dir (unborn HEAD on `main`).
    pub fn new() -> Repo {
        let repo = Repo {
            dir: TempDir::new().unwrap(),
            home: TempDir::new().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        let p = self.path().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
        self
    }

    pub fn command(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        isolate(&mut cmd, self.home());
        cmd.args(args).current_dir(self.path());
        cmd
    }

    /// Runs git and asserts it succeeded.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.command("git", args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs git and returns its output whatever the status.
    pub fn git_output(&self, args: &[&str]) -> Output {
        self.command("git", args).output().unwrap()
    }

    pub fn add(&self, paths: &[&str]) -> &Self {
        let mut args = vec!["add", "--"];
        args.extend(paths);
        self.git(&args);
        self
    }

    /// Commits without running hooks.
    pub fn commit(&self, msg: &str) -> &Self {
        self.git(&["commit", "-q", "--no-verify", "-m", msg]);
        self
    }

    /// Runs keygate in the repository root.
    pub fn keygate(&self, args: &[&str]) -> Run {
        self.keygate_in(self.path(), args)
    }

    /// Runs keygate in `dir`.
    pub fn keygate_in(&self, dir: &Path, args: &[&str]) -> Run {
        let mut cmd = Command::new(KEYGATE);
        isolate(&mut cmd, self.home());
        let out = cmd.args(args).current_dir(dir).output().unwrap();
        Run::from(out)
    }
}

/// What a keygate run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The JSON report (for runs with `--format json`).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    /// `(rule, path, line, column)` of every finding in a JSON report.
    pub fn findings(&self) -> Vec<(String, String, u64, u64)> {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["path"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// `(rule, path, line, column)` tuple for comparisons.
pub fn f(rule: &str, path: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (rule.to_string(), path.to_string(), line, column)
}

/// A temp dir that is not a repository.
pub fn plain_dir() -> TempDir {
    TempDir::new().unwrap()
}

pub fn keygate_plain(dir: &Path, args: &[&str]) -> Run {
    let home = TempDir::new().unwrap();
    let mut cmd = Command::new(KEYGATE);
    isolate(&mut cmd, home.path());
    // Stop git discovery at the temp dir so an enclosing repository is not used.
    cmd.env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir));
    Run::from(cmd.args(args).current_dir(dir).output().unwrap())
}

/// Asserts that `text` contains `needle`, showing `text` when it does not.
#[track_caller]
pub fn assert_contains(text: &str, needle: &str) {
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}
