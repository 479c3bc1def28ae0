//! `keygate install` and real `git commit`s through the installed hook.

use crate::fake;
use crate::harness::Repo;
use std::fs;

fn commit(repo: &Repo, args: &[&str]) -> std::process::Output {
    let mut full = vec!["commit", "-q"];
    full.extend(args);
    repo.git_output(&full)
}

fn head_count(repo: &Repo) -> usize {
    let out = repo.git_output(&["rev-list", "--count", "HEAD"]);
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[test]
fn installed_hook_blocks_a_secret_and_passes_a_clean_commit() {
    let repo = Repo::new();
    let run = repo.keygate(&["install"]);
    run.assert_code(0);
    let hook = repo.path().join(".git/hooks/pre-commit");
    let text = fs::read_to_string(&hook).unwrap();
    assert!(text.contains("keygate-managed-hook"));
    assert!(text.contains(crate::harness::KEYGATE) || text.contains("keygate"));

    repo.write("ok.txt", "nothing to see\n").add(&["ok.txt"]);
    let out = commit(&repo, &["-m", "clean"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(head_count(&repo), 1);

    repo.write("aws.py", format!("KEY = '{}'\n", fake::aws_key_id("hook")))
        .add(&["aws.py"]);
    let out = commit(&repo, &["-m", "leak"]);
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("aws.py:1:8"), "{all}");
    assert!(all.contains("commit blocked"), "{all}");
    assert_eq!(head_count(&repo), 1, "the commit must not happen");
}

#[test]
fn commit_all_uses_the_temporary_index() {
    // `git commit -a` stages tracked changes into a temporary index passed to
    // the hook through GIT_INDEX_FILE; the real index stays clean.
    let repo = Repo::new();
    repo.write("app.cfg", "a = 1\n")
        .add(&["app.cfg"])
        .commit("init");
    repo.keygate(&["install"]).assert_code(0);
    repo.write(
        "app.cfg",
        format!(
            "a = 1\nsecret_access_key = {}\n",
            fake::aws_secret("commit-a")
        ),
    );
    let out = commit(&repo, &["-a", "-m", "leak via -a"]);
    assert!(!out.status.success(), "commit -a must be blocked");
    // git sends a hook's stdout to stderr.
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("app.cfg:2:21"), "{all}");
    assert_eq!(head_count(&repo), 1);
}

#[test]
fn commit_only_a_path_scans_that_path() {
    let repo = Repo::new();
    repo.write("a.txt", "a\n")
        .write("b.txt", "b\n")
        .add(&["a.txt", "b.txt"])
        .commit("init");
    repo.keygate(&["install"]).assert_code(0);
    repo.write("a.txt", format!("a\nkey={}\n", fake::aws_key_id("only")));
    repo.write("b.txt", "b\nfine\n");
    let out = commit(&repo, &["-m", "only b", "--", "b.txt"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = commit(&repo, &["-m", "only a", "--", "a.txt"]);
    assert!(!out.status.success());
}

#[test]
fn hooks_path_is_respected() {
    let repo = Repo::new();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    repo.keygate(&["install"]).assert_code(0);
    assert!(repo.path().join(".githooks/pre-commit").exists());
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
    repo.write("k.txt", format!("{}\n", fake::aws_key_id("hooks-path")))
        .add(&["k.txt"]);
    assert!(!commit(&repo, &["-m", "leak"]).status.success());
}

#[test]
fn a_foreign_hook_is_kept_unless_forced_and_restored_on_uninstall() {
    let repo = Repo::new();
    let hook = repo.path().join(".git/hooks/pre-commit");
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();

    let run = repo.keygate(&["install"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&hook).unwrap(), "#!/bin/sh\necho mine\n");

    repo.keygate(&["install", "--force"]).assert_code(0);
    assert!(fs::read_to_string(&hook)
        .unwrap()
        .contains("keygate-managed-hook"));
    let backup = repo.path().join(".git/hooks/pre-commit.keygate-backup");
    assert_eq!(
        fs::read_to_string(&backup).unwrap(),
        "#!/bin/sh\necho mine\n"
    );

    // Re-installing over our own hook needs no --force.
    repo.keygate(&["install"]).assert_code(0);

    repo.keygate(&["install", "--uninstall"]).assert_code(0);
    assert_eq!(fs::read_to_string(&hook).unwrap(), "#!/bin/sh\necho mine\n");
    assert!(!backup.exists());

    // Uninstall never removes a hook it did not write.
    let run = repo.keygate(&["install", "--uninstall"]);
    run.assert_code(2);
    assert!(hook.exists());
}

#[test]
fn the_hook_fails_closed_when_keygate_is_missing() {
    let repo = Repo::new();
    repo.keygate(&["install"]).assert_code(0);
    let hook = repo.path().join(".git/hooks/pre-commit");
    let text = fs::read_to_string(&hook).unwrap();
    let broken: String = text
        .lines()
        .map(|l| {
            if l.starts_with("KEYGATE_BIN=") {
                "KEYGATE_BIN='/nonexistent/keygate'".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(&hook, broken).unwrap();
    repo.write("ok.txt", "clean\n").add(&["ok.txt"]);
    let mut cmd = repo.command("git", &["commit", "-q", "-m", "x"]);
    cmd.env("PATH", "/usr/bin:/bin");
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "a hook without keygate must block");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot find the keygate binary"), "{err}");
    assert!(err.contains("--no-verify"), "{err}");
    assert_eq!(head_count(&repo), 0);
}

#[test]
fn the_hook_fails_closed_when_keygate_errors() {
    // A keygate that exits 2 (here: a stand-in script on PATH) blocks.
    let repo = Repo::new();
    let bin = repo.home().join("bin");
    fs::create_dir_all(&bin).unwrap();
    let fake_keygate = bin.join("keygate");
    fs::write(
        &fake_keygate,
        "#!/bin/sh\necho 'keygate: error: broken' >&2\nexit 2\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&fake_keygate, fs::Permissions::from_mode(0o755)).unwrap();
    }
    // The shipped script, unfilled, looks keygate up on PATH.
    let hooks = repo.path().join(".git/hooks");
    fs::create_dir_all(&hooks).unwrap();
    let shipped =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/hooks/pre-commit")).unwrap();
    fs::write(hooks.join("pre-commit"), shipped).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(hooks.join("pre-commit"), fs::Permissions::from_mode(0o755)).unwrap();
    }
    repo.write("ok.txt", "clean\n").add(&["ok.txt"]);
    let mut cmd = repo.command("git", &["commit", "-q", "-m", "x"]);
    cmd.env("PATH", format!("{}:/usr/bin:/bin", bin.display()));
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not check the staged changes"), "{err}");
    assert!(err.contains("--no-verify"), "{err}");
}

#[test]
fn install_outside_a_repository_is_an_error() {
    let dir = crate::harness::plain_dir();
    let run = crate::harness::keygate_plain(dir.path(), &["install"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
}
