//! Odd inputs and odd repositories: keygate scans what it can, says what it
//! passed over, never hangs, and changes nothing on disk.

use crate::fake;
use crate::harness::{assert_contains, f, keygate_plain, plain_dir, Repo};
use keygate::detect::Detector;
use keygate::pipeline::tree::scan_files;
use keygate::rules::RuleSet;
use keygate::source::walk::WalkItem;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every file under `root` (the `.git` directory included) with its bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let t = e.file_type().unwrap();
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_symlink() {
                out.insert(
                    rel,
                    fs::read_link(e.path())
                        .unwrap()
                        .display()
                        .to_string()
                        .into_bytes(),
                );
            } else {
                out.insert(rel, fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

fn stats(run: &crate::harness::Run) -> serde_json::Value {
    run.json()["stats"].clone()
}

#[test]
fn no_command_writes_to_the_index_or_the_working_tree() {
    let repo = Repo::new();
    let key = fake::aws_key_id("untouched");
    repo.write("app.py", "x = 1\n")
        .write("notes.md", "# n\n")
        .add(&["."])
        .commit("base");
    // A staged change, an unstaged change on top of it, and an untracked file.
    repo.write("app.py", format!("x = 1\nKEY = '{key}'\n"))
        .add(&["app.py"]);
    repo.write("app.py", "x = 2\n")
        .write("new.txt", format!("k={key}\n"));
    let before = snapshot(repo.path());
    assert!(before.contains_key(".git/index"));
    repo.keygate(&["staged"]).assert_code(1);
    repo.keygate(&["staged", "--format", "sarif"])
        .assert_code(1);
    repo.keygate(&["scan", "."]).assert_code(1);
    repo.keygate(&["diff", "HEAD~0..HEAD"]).assert_code(0);
    repo.keygate(&["history", "-q"]).assert_code(0);
    let after = snapshot(repo.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files appeared or disappeared"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{path} changed");
    }
}

#[cfg(unix)]
#[test]
fn fifos_and_symlink_loops_neither_hang_nor_get_opened() {
    use std::os::unix::fs::symlink;
    let dir = plain_dir();
    let key = fake::aws_key_id("fifo");
    fs::write(dir.path().join("config.py"), format!("KEY = '{key}'\n")).unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    symlink("loop-b", dir.path().join("loop-a")).unwrap();
    symlink("loop-a", dir.path().join("loop-b")).unwrap();
    symlink(".", dir.path().join("self")).unwrap();
    symlink("config.py", dir.path().join("link.py")).unwrap();
    let run = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    run.assert_code(1);
    // The file is found once, under its own name: links are not followed.
    assert_eq!(run.findings(), [f("aws-access-key-id", "config.py", 1, 8)]);
    assert_eq!(stats(&run)["skipped_special"], 1);
    let human = keygate_plain(dir.path(), &["scan", "."]);
    assert_contains(
        &human.stdout,
        "1 FIFO(s), socket(s) or device(s), never opened",
    );
}

/// Files the walk saw can be gone, or be something else, by the time they
/// are read: a vanished file is noted, a FIFO swapped in is not opened.
#[cfg(unix)]
#[test]
fn files_that_vanish_or_turn_into_fifos_after_the_walk() {
    let dir = plain_dir();
    let fifo = dir.path().join("was-a-file");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let items = [
        WalkItem {
            path: dir.path().join("gone.txt"),
            display: "gone.txt".into(),
            size: 10,
        },
        WalkItem {
            path: fifo,
            display: "was-a-file".into(),
            size: 0,
        },
    ];
    let detector = Detector::new(RuleSet::builtin().unwrap());
    let out = scan_files(&items, 1 << 20, &detector, &mut drop);
    assert_eq!(out.stats.vanished, 1);
    assert_eq!(out.stats.skipped_special, 1);
    assert_eq!(out.stats.errors, 0);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
}

fn repo_with_secret_commit(label: &str) -> (Repo, String) {
    let repo = Repo::new();
    let key = fake::aws_key_id(label);
    repo.write("deploy.sh", format!("export AWS_ACCESS_KEY_ID={key}\n"))
        .add(&["."])
        .commit("add deploy script");
    (repo, key)
}

#[test]
fn submodules_are_noted_and_not_entered() {
    let (sub, _) = repo_with_secret_commit("submodule");
    let repo = Repo::new();
    repo.write("README.md", "# super\n")
        .add(&["."])
        .commit("base");
    let url = sub.path().display().to_string();
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        &url,
        "vendor/sub",
    ]);
    // Staged: the submodule pointer is new; its content is not scanned here.
    let staged = repo.keygate(&["staged", "--format", "json"]);
    staged.assert_code(0);
    assert_eq!(stats(&staged)["submodules"], 1, "{}", staged.stdout);
    // A directory scan does not enter it either, and says so.
    let scan = repo.keygate(&["scan", ".", "--format", "json"]);
    scan.assert_code(0);
    assert_eq!(stats(&scan)["submodules"], 1, "{}", scan.stdout);
    let human = repo.keygate(&["scan", "."]);
    assert_contains(&human.stdout, "1 submodule(s), not entered");
    // Scanned from inside, the submodule is a repository of its own.
    repo.keygate_in(&repo.path().join("vendor/sub"), &["scan", "."])
        .assert_code(1);
}

#[test]
fn linked_worktrees_scan_their_own_index() {
    let (repo, _) = repo_with_secret_commit("worktree-base");
    let wt = tempfile::TempDir::new().unwrap();
    let wt_path = wt.path().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "feature",
        &wt_path.display().to_string(),
    ]);
    let key = fake::aws_key_id("worktree");
    fs::write(wt_path.join("settings.py"), format!("KEY = '{key}'\n")).unwrap();
    let out = repo
        .command("git", &["add", "settings.py"])
        .current_dir(&wt_path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let run = repo.keygate_in(&wt_path, &["staged", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-access-key-id", "settings.py", 1, 8)]
    );
    // The main worktree's index is untouched by the linked one.
    repo.keygate(&["staged"]).assert_code(0);
}

#[test]
fn bare_repositories_have_history_but_no_index() {
    let (repo, _) = repo_with_secret_commit("bare");
    let bare = tempfile::TempDir::new().unwrap();
    let bare_path = bare.path().join("r.git");
    repo.git(&[
        "clone",
        "-q",
        "--bare",
        ".",
        &bare_path.display().to_string(),
    ]);
    let staged = repo.keygate_in(&bare_path, &["staged"]);
    staged.assert_code(2);
    assert_contains(&staged.stderr, "bare");
    let history = repo.keygate_in(&bare_path, &["history", "--format", "json"]);
    history.assert_code(1);
    assert_eq!(
        history.findings(),
        [f("aws-access-key-id", "deploy.sh", 1, 26)]
    );
}

#[test]
fn sparse_checkouts_with_and_without_a_sparse_index() {
    for sparse_index in [false, true] {
        let repo = Repo::new();
        repo.write("app/main.py", "x = 1\n")
            .write("docs/guide.md", "# g\n")
            .write("infra/deep/vars.tf", "a = 1\n")
            .add(&["."])
            .commit("base");
        let mut args = vec!["sparse-checkout", "set", "--cone"];
        if sparse_index {
            args.push("--sparse-index");
        }
        args.push("app");
        repo.git(&args);
        assert!(!repo.path().join("docs/guide.md").exists());
        let key = fake::aws_key_id("sparse");
        repo.write("app/main.py", format!("x = 1\nKEY = '{key}'\n"))
            .add(&["app/main.py"]);
        let run = repo.keygate(&["staged", "--format", "json"]);
        run.assert_code(1);
        assert_eq!(
            run.findings(),
            [f("aws-access-key-id", "app/main.py", 2, 8)],
            "sparse index: {sparse_index}"
        );
    }
}

#[test]
fn thousands_of_staged_files() {
    let repo = Repo::new();
    for i in 0..3000 {
        repo.write(
            &format!("pkg{}/mod{i}.py", i % 40),
            format!("VALUE_{i} = {i}\n"),
        );
    }
    let key = fake::aws_key_id("thousands");
    repo.write("pkg7/settings.py", format!("KEY = '{key}'\n"))
        .add(&["."]);
    let run = repo.keygate(&["staged", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-access-key-id", "pkg7/settings.py", 1, 8)]
    );
    assert_eq!(stats(&run)["files_scanned"], 3001);
}

#[test]
fn minified_single_line_files_are_scanned_with_a_bounded_snippet() {
    let dir = plain_dir();
    let key = fake::aws_key_id("minified");
    let filler: String = (0..20_000).map(|i| format!("var a{i}=b{i}(c);")).collect();
    let text = format!("{filler}var k=\"{key}\";{filler}\n");
    fs::write(dir.path().join("bundle.min.js"), &text).unwrap();
    let run = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    run.assert_code(1);
    let found = run.json()["findings"][0].clone();
    assert_eq!(found["rule"], "aws-access-key-id");
    assert_eq!(found["line"], 1);
    assert_eq!(
        found["column"].as_u64().unwrap() as usize,
        filler.len() + "var k=\"".len() + 1
    );
    assert_eq!(stats(&run)["long_lines"], 1);
    let human = keygate_plain(dir.path(), &["scan", "."]);
    assert_contains(&human.stdout, "lines over 4 KiB");
    let longest = human.stdout.lines().map(str::len).max().unwrap();
    assert!(longest < 600, "a {longest}-byte line was printed");
    assert!(!human.stdout.contains(&key));
}

#[test]
fn invalid_utf8_around_a_secret_is_still_scanned() {
    let dir = plain_dir();
    let key = fake::aws_key_id("latin1");
    let mut bytes = b"caf\xe9 = 1\n\xff\xfe broken \xc3\x28\n".to_vec();
    bytes.extend_from_slice(format!("KEY = '{key}'\n").as_bytes());
    fs::write(dir.path().join("legacy.cfg"), bytes).unwrap();
    let run = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("aws-access-key-id", "legacy.cfg", 3, 8)]);
}

/// OpenSSH and DER bodies encode zero bytes as runs of `A`: the run check
/// that catches `xxxxxxxx` placeholders must not drop real keys.
#[test]
fn private_keys_with_runs_of_a_are_still_found() {
    let dir = plain_dir();
    let mut rng = keygate::fake::FakeRng::from_label("openssh");
    let b64 = keygate::fake::BASE64;
    let kind = ["OPENSSH ", "PRIVATE KEY"].concat();
    let mut key = format!("-----BEGIN {kind}-----\n");
    // The openssh-key-v1 header: "openssh-key-v1\0", cipher "none", kdf "none".
    key.push_str("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n");
    for _ in 0..5 {
        key.push_str(&rng.string(b64, 70));
        key.push('\n');
    }
    key.push_str(&format!(
        "AAAAAAAAAAAA{}\n-----END {kind}-----\n",
        rng.string(b64, 20)
    ));
    fs::write(dir.path().join("id_ed25519"), key).unwrap();
    let run = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("private-key", "id_ed25519", 1, 1)]);
}
