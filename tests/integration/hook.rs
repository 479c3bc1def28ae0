//! `keygate install` and real `git commit`s through the installed hook.

use crate::fake;
use crate::harness::{assert_contains, Repo};
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
    // The hook runs this very binary, by its absolute path, quoted.
    let binary = fs::canonicalize(crate::harness::KEYGATE).unwrap();
    crate::harness::assert_contains(&text, &format!("KEYGATE_BIN='{}'", binary.display()));

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
fn a_foreign_hook_is_chained_and_restored_on_uninstall() {
    let repo = Repo::new();
    let hook = repo.path().join(".git/hooks/pre-commit");
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    // The team's own hook: it records that it ran, and refuses commits of
    // files named `forbidden.txt`.
    let mine = "#!/bin/sh\necho ran >> \"$(git rev-parse --git-dir)/mine.log\"\ngit diff --cached --name-only | grep -q forbidden.txt && exit 1\nexit 0\n";
    fs::write(&hook, mine).unwrap();
    make_executable(&hook);

    let run = repo.keygate(&["install"]);
    run.assert_code(0);
    assert_contains(&run.stdout, "runs after keygate passes");
    let backup = repo.path().join(".git/hooks/pre-commit.keygate-backup");
    assert_eq!(fs::read_to_string(&backup).unwrap(), mine);
    let log = repo.path().join(".git/mine.log");

    // A secret: keygate blocks, the chained hook does not even run.
    repo.write("k.py", format!("KEY = '{}'\n", fake::aws_key_id("chain")))
        .add(&["k.py"]);
    assert!(!commit(&repo, &["-m", "leak"]).status.success());
    assert!(!log.exists());
    repo.git(&["rm", "-q", "--cached", "k.py"]);

    // Clean for keygate: the chained hook runs, and its verdict counts.
    repo.write("forbidden.txt", "x\n").add(&["forbidden.txt"]);
    assert!(!commit(&repo, &["-m", "forbidden"]).status.success());
    assert_eq!(fs::read_to_string(&log).unwrap(), "ran\n");
    repo.git(&["rm", "-q", "--cached", "forbidden.txt"]);
    repo.write("fine.txt", "x\n").add(&["fine.txt"]);
    assert!(commit(&repo, &["-m", "fine"]).status.success());
    assert_eq!(head_count(&repo), 1);

    // Re-installing keeps the chain.
    repo.keygate(&["install"]).assert_code(0);
    assert!(fs::read_to_string(&hook)
        .unwrap()
        .contains("KEYGATE_CHAIN=pre-commit.keygate-backup"));

    repo.keygate(&["install", "--uninstall"]).assert_code(0);
    assert_eq!(fs::read_to_string(&hook).unwrap(), mine);
    assert!(!backup.exists());

    // Uninstall never removes a hook it did not write.
    let run = repo.keygate(&["install", "--uninstall"]);
    run.assert_code(2);
    assert!(hook.exists());

    // --no-chain keeps the old hook but does not run it.
    repo.keygate(&["install", "--no-chain"]).assert_code(0);
    assert_eq!(fs::read_to_string(&backup).unwrap(), mine);
    repo.write("forbidden.txt", "y\n").add(&["forbidden.txt"]);
    assert!(commit(&repo, &["-m", "not chained"]).status.success());
}

#[cfg(unix)]
fn make_executable(p: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(0o755)).unwrap();
}

/// PATH with the keygate under test first, as husky and lefthook users
/// have it after `cargo install` or `pip install`.
fn path_with_keygate() -> std::ffi::OsString {
    let bin = std::path::Path::new(crate::harness::KEYGATE)
        .parent()
        .unwrap()
        .to_path_buf();
    let mut paths = vec![bin];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

/// husky 9's layout, as `husky init` writes it: `core.hooksPath` is
/// `.husky/_`, whose stubs source `_/h`, which runs the project's
/// `.husky/<hook>` with `sh -e`.
fn husky9(repo: &Repo) {
    let h = "#!/usr/bin/env sh\nn=$(basename \"$0\")\ns=$(dirname \"$(dirname \"$0\")\")/$n\n[ ! -f \"$s\" ] && exit 0\nsh -e \"$s\" \"$@\"\nc=$?\n[ $c != 0 ] && echo \"husky - $n script failed (code $c)\"\nexit $c\n";
    repo.write(".husky/_/h", h);
    repo.write(
        ".husky/_/pre-commit",
        "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n",
    );
    repo.write(".husky/pre-commit", "npm test\n");
    make_executable(&repo.path().join(".husky/_/h"));
    make_executable(&repo.path().join(".husky/_/pre-commit"));
    repo.git(&["config", "core.hooksPath", ".husky/_"]);
}

#[test]
fn husky_projects_get_two_marked_lines_in_their_hook() {
    let repo = Repo::new();
    husky9(&repo);
    repo.write(".husky/pre-commit", "echo lint\n");
    let run = repo.keygate(&["install"]);
    run.assert_code(0);
    assert_contains(&run.stdout, "husky");
    let text = fs::read_to_string(repo.path().join(".husky/pre-commit")).unwrap();
    assert!(text.starts_with("echo lint\n"), "{text}");
    assert!(text.contains("keygate staged"), "{text}");
    // git's own hooks folder is not touched: husky owns hooks here.
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
    // Installing twice adds nothing.
    repo.keygate(&["install"]).assert_code(0);
    assert_eq!(
        fs::read_to_string(repo.path().join(".husky/pre-commit")).unwrap(),
        text
    );

    let commit_with_path = |msg: &str| {
        repo.command("git", &["commit", "-q", "-m", msg])
            .env("PATH", path_with_keygate())
            .output()
            .unwrap()
    };
    repo.write("app.py", format!("KEY = '{}'\n", fake::aws_key_id("husky")))
        .add(&["app.py"]);
    let out = commit_with_path("leak");
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("app.py:1:8"), "{all}");
    repo.git(&["rm", "-q", "--cached", "app.py"]);
    repo.write("ok.py", "x = 1\n").add(&["ok.py"]);
    let out = commit_with_path("clean");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Without keygate on PATH the husky hook fails closed, and says why.
    repo.write("more.py", "y = 2\n").add(&["more.py"]);
    let out = repo
        .command("git", &["commit", "-q", "-m", "no keygate"])
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("keygate is not on PATH"));

    repo.keygate(&["install", "--uninstall"]).assert_code(0);
    assert_eq!(
        fs::read_to_string(repo.path().join(".husky/pre-commit")).unwrap(),
        "echo lint\n"
    );
}

#[test]
fn lefthook_configs_get_a_marked_command() {
    let cases = [
        // No pre-commit hook yet.
        "pre-push:\n  commands:\n    test:\n      run: cargo test\n",
        // A pre-commit hook with commands, four-space indents.
        "pre-commit:\n    parallel: true\n    commands:\n        lint:\n            run: cargo clippy\nother: 1\n",
        // A pre-commit hook without commands.
        "pre-commit:\n  parallel: true\n",
    ];
    for original in cases {
        let repo = Repo::new();
        repo.write("lefthook.yml", original);
        let run = repo.keygate(&["install"]);
        run.assert_code(0);
        assert_contains(&run.stdout, "lefthook install");
        let text = fs::read_to_string(repo.path().join("lefthook.yml")).unwrap();
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(
            doc["pre-commit"]["commands"]["keygate"]["run"], "keygate staged",
            "{text}"
        );
        // Everything that was there is still there.
        let before: serde_yaml::Value = serde_yaml::from_str(original).unwrap();
        for (k, v) in before.as_mapping().unwrap() {
            if k.as_str() != Some("pre-commit") {
                assert_eq!(&doc[k], v);
            }
        }
        if original.contains("lint:") {
            assert_eq!(doc["pre-commit"]["commands"]["lint"]["run"], "cargo clippy");
            assert_eq!(doc["pre-commit"]["parallel"], true);
        }
        assert!(!repo.path().join(".git/hooks/pre-commit").exists());
        repo.keygate(&["install", "--uninstall"]).assert_code(0);
        assert_eq!(
            fs::read_to_string(repo.path().join("lefthook.yml")).unwrap(),
            original
        );
    }
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
    assert_contains(&run.stderr, "not inside a git repository");
}

#[test]
fn a_broken_config_blocks_the_commit_through_the_real_hook() {
    let repo = Repo::new();
    repo.keygate(&["install"]).assert_code(0);
    repo.write(".keygate.yaml", "allowlist:\n  pathz: [\"**\"]\n")
        .write("app.py", "x = 1\n")
        .add(&["."]);
    let out = commit(&repo, &["-m", "with a broken config"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".keygate.yaml:2"), "{err}");
    assert!(err.contains("pathz"), "{err}");
    assert!(err.contains("could not check the staged changes"), "{err}");
    assert!(err.contains("--no-verify"), "{err}");
    assert_eq!(head_count(&repo), 0);
}
