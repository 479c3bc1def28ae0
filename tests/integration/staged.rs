//! `keygate staged`: the index, not the working tree; only added lines.

use crate::fake;
use crate::harness::{assert_contains, f, Repo};

fn staged_json(repo: &Repo) -> crate::harness::Run {
    repo.keygate(&["staged", "--format", "json"])
}

#[test]
fn key_staged_in_a_new_file_on_an_unborn_head() {
    let repo = Repo::new();
    let key = fake::aws_key_id("new-file");
    repo.write(
        "app/config.py",
        format!("import os\n\nKEY_ID = \"{key}\"\n"),
    )
    .add(&["app/config.py"]);
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-access-key-id", "app/config.py", 3, 11)]
    );
    assert_eq!(run.json()["findings"][0]["source"], "staged");
}

#[test]
fn human_report_shows_location_and_masks_the_secret() {
    let repo = Repo::new();
    let key = fake::aws_key_id("human");
    repo.write("deploy.sh", format!("export AWS_ACCESS_KEY_ID={key}\n"))
        .add(&["deploy.sh"]);
    let run = repo.keygate(&["staged"]);
    run.assert_code(1);
    assert_contains(
        &run.stdout,
        "error[aws-access-key-id]: AWS access key ID (long-lived)\n --> deploy.sh:1:26",
    );
    assert_contains(&run.stdout, "AKIA…");
    assert!(
        !run.stdout.contains(&key),
        "secret printed in full:\n{}",
        run.stdout
    );
    assert_contains(&run.stdout, "git commit --no-verify");
    assert_contains(&run.stdout, "git restore --staged");
}

#[test]
fn staged_then_removed_from_the_working_tree_is_still_caught() {
    let repo = Repo::new();
    repo.write("a.txt", "hello\n")
        .add(&["a.txt"])
        .commit("init");
    let key = fake::aws_key_id("removed");
    repo.write("a.txt", format!("hello\nid={key}\n"))
        .add(&["a.txt"]);
    repo.write("a.txt", "hello\n");
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("aws-access-key-id", "a.txt", 2, 4)]);
}

#[test]
fn secret_only_in_the_working_tree_is_not_reported() {
    let repo = Repo::new();
    repo.write("a.txt", "hello\n")
        .add(&["a.txt"])
        .commit("init");
    repo.write("a.txt", format!("hello\nid={}\n", fake::aws_key_id("wt")));
    repo.write(
        "untracked.py",
        format!("k = '{}'\n", fake::aws_key_id("wt2")),
    );
    let run = staged_json(&repo);
    run.assert_code(0);
    assert!(run.findings().is_empty());
}

#[test]
fn partially_staged_file_honours_the_index() {
    // Like `git add -p`: the index holds a clean version, the working tree a
    // secret on top of it.
    let repo = Repo::new();
    repo.write("settings.py", "DEBUG = False\n")
        .add(&["settings.py"])
        .commit("init");
    repo.write("settings.py", "DEBUG = False\nTIMEOUT = 30\n")
        .add(&["settings.py"]);
    repo.write(
        "settings.py",
        format!(
            "DEBUG = False\nTIMEOUT = 30\nKEY = '{}'\n",
            fake::aws_key_id("partial")
        ),
    );
    staged_json(&repo).assert_code(0);
    // And the other way round: the index has the secret, the tree does not.
    repo.write(
        "settings.py",
        format!(
            "DEBUG = False\nKEY = '{}'\nTIMEOUT = 30\n",
            fake::aws_key_id("partial2")
        ),
    )
    .add(&["settings.py"]);
    repo.write("settings.py", "DEBUG = False\nTIMEOUT = 30\n");
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-access-key-id", "settings.py", 2, 8)]
    );
}

#[test]
fn pre_existing_secret_on_an_untouched_line_is_left_to_scan() {
    let repo = Repo::new();
    let key = fake::aws_key_id("old");
    repo.write(
        "legacy.cfg",
        format!("[aws]\nkey = {key}\nregion = eu-west-1\n"),
    )
    .add(&["legacy.cfg"])
    .commit("legacy");
    repo.write(
        "legacy.cfg",
        format!("[aws]\nkey = {key}\nregion = eu-west-2\n"),
    )
    .add(&["legacy.cfg"]);
    let run = staged_json(&repo);
    run.assert_code(0);
    assert!(run.findings().is_empty());
    let run = repo.keygate(&["scan", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("aws-access-key-id", "legacy.cfg", 2, 7)]);
}

#[test]
fn pure_rename_adds_nothing_and_rename_with_an_edit_reports_the_edit() {
    let repo = Repo::new();
    let old = fake::aws_key_id("rename-old");
    let body: String = (0..20).map(|i| format!("line {i}\n")).collect();
    repo.write("old.cfg", format!("key = {old}\n{body}"))
        .add(&["old.cfg"])
        .commit("init");
    repo.git(&["mv", "old.cfg", "new.cfg"]);
    let run = staged_json(&repo);
    run.assert_code(0);
    assert!(run.findings().is_empty(), "{:?}", run.findings());

    let new = fake::aws_key_id("rename-new");
    repo.write("new.cfg", format!("key = {old}\n{body}other = {new}\n"))
        .add(&["new.cfg"]);
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.starts_with("R"), "git should see a rename: {status}");
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("aws-access-key-id", "new.cfg", 22, 9)]);
}

#[test]
fn deleting_a_file_with_a_secret_is_fine() {
    let repo = Repo::new();
    repo.write(
        "leak.env",
        format!("AWS_ACCESS_KEY_ID={}\n", fake::aws_key_id("del")),
    )
    .add(&["leak.env"])
    .commit("oops");
    repo.git(&["rm", "-q", "leak.env"]);
    let run = staged_json(&repo);
    run.assert_code(0);
    assert_eq!(run.json()["stats"]["files_scanned"], 0);
}

#[test]
fn binary_files_are_skipped_and_counted() {
    let repo = Repo::new();
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0".to_vec();
    bytes.extend_from_slice(format!("id={}\n", fake::aws_key_id("bin")).as_bytes());
    repo.write("logo.png", &bytes).add(&["logo.png"]);
    let run = staged_json(&repo);
    run.assert_code(0);
    assert_eq!(run.json()["stats"]["skipped_binary"], 1);
}

#[test]
fn crlf_files_have_the_right_line_numbers() {
    let repo = Repo::new();
    let key = fake::aws_key_id("crlf");
    repo.write("win.ini", format!("[a]\r\nx=1\r\n\r\nkey={key}\r\ny=2\r\n"))
        .add(&["win.ini"]);
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("aws-access-key-id", "win.ini", 4, 5)]);
}

#[test]
fn a_pem_key_is_one_finding_at_its_begin_line() {
    let repo = Repo::new();
    repo.write(
        "certs/server.key",
        format!("# server key\n{}", fake::rsa_pem("pem")),
    )
    .add(&["certs/server.key"]);
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("private-key", "certs/server.key", 2, 1)]);
    assert_eq!(
        run.json()["findings"][0]["end_line"],
        6,
        "the block ends at its END line"
    );
}

#[test]
fn dotenv_secret_is_caught_and_the_example_file_is_quiet() {
    let repo = Repo::new();
    let pw = fake::password("dotenv", 20);
    repo.write(
        ".env",
        format!("# local\nAPP_ENV=dev\nDB_PASSWORD=\"{pw}\"\n"),
    )
    .write(
        ".env.example",
        "APP_ENV=dev\nDB_PASSWORD=changeme\nAPI_KEY=<your-api-key>\nSECRET=${SECRET}\nTOKEN=\n",
    )
    .add(&[".env", ".env.example"]);
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("dotenv-secret", ".env", 3, 14)]);
}

#[test]
fn runs_from_a_subfolder_with_repo_relative_paths() {
    let repo = Repo::new();
    repo.write(
        "src/deep/cfg.yaml",
        format!("aws_secret_access_key: {}\n", fake::aws_secret("sub")),
    )
    .add(&["src/deep/cfg.yaml"]);
    let run = repo.keygate_in(
        &repo.path().join("src/deep"),
        &["staged", "--format", "json"],
    );
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-secret-access-key", "src/deep/cfg.yaml", 1, 24)]
    );
}

#[test]
fn inline_allow_suppresses_a_line() {
    let repo = Repo::new();
    let key = fake::aws_key_id("allow");
    repo.write(
        "test_fixtures.py",
        format!("K1 = '{key}'  # keygate:allow\n# keygate:allow-next-line\nK2 = '{key}'\nK3 = '{key}'\n"),
    )
    .add(&["test_fixtures.py"]);
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-access-key-id", "test_fixtures.py", 4, 7)]
    );
}

#[test]
fn merge_brings_in_a_secret_from_another_branch() {
    let repo = Repo::new();
    repo.write("readme.md", "base\n")
        .add(&["readme.md"])
        .commit("base");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "feature.py",
        format!("KEY = '{}'\n", fake::aws_key_id("merge")),
    )
    .add(&["feature.py"])
    .commit("feature");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("main.txt", "main work\n")
        .add(&["main.txt"])
        .commit("main work");
    repo.git(&["merge", "--no-ff", "--no-commit", "feature"]);
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("aws-access-key-id", "feature.py", 1, 8)]);
}

#[test]
fn clean_merge_is_clean() {
    let repo = Repo::new();
    repo.write("readme.md", "base\n")
        .add(&["readme.md"])
        .commit("base");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("feature.py", "print('hi')\n")
        .add(&["feature.py"])
        .commit("feature");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("main.txt", "x\n")
        .add(&["main.txt"])
        .commit("main");
    repo.git(&["merge", "--no-ff", "--no-commit", "feature"]);
    staged_json(&repo).assert_code(0);
}

#[test]
fn non_utf8_content_is_scanned_without_panic() {
    let repo = Repo::new();
    let mut bytes = b"caf\xe9 = 1\n\xff\xfe\xfd bad bytes\n".to_vec();
    bytes.extend_from_slice(format!("id = {}\n", fake::aws_key_id("latin1")).as_bytes());
    repo.write("latin1.txt", &bytes).add(&["latin1.txt"]);
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("aws-access-key-id", "latin1.txt", 3, 6)]);
}

#[test]
fn outside_a_repository_is_an_error_not_clean() {
    let dir = crate::harness::plain_dir();
    let run = crate::harness::keygate_plain(dir.path(), &["staged"]);
    run.assert_code(2);
    assert_contains(&run.stderr, "not inside a git repository");
}

#[test]
fn oversized_staged_blob_is_still_scanned() {
    // Issue 12 item 6: what a commit adds is never passed unscanned; the
    // size limit only skips files in tree scans.
    let repo = Repo::new();
    let mut big = format!("id = {}\n", fake::aws_key_id("big")).into_bytes();
    big.extend(std::iter::repeat_n(b'x', 5000));
    repo.write("big.txt", &big).add(&["big.txt"]);
    let run = repo.keygate(&["staged", "--format", "json", "--max-file-size", "4KiB"]);
    run.assert_code(1);
    assert_eq!(run.json()["stats"]["skipped_large"], 0);
}

#[test]
fn staged_uses_the_repository_config() {
    let repo = Repo::new();
    repo.write(
        ".keygate.yaml",
        "allowlist:\n  paths: ['tests/fixtures/**']\n",
    )
    .write(
        "tests/fixtures/aws.txt",
        format!("{}\n", fake::aws_key_id("fixture")),
    )
    .add(&[".keygate.yaml", "tests/fixtures/aws.txt"]);
    staged_json(&repo).assert_code(0);
    let run = repo.keygate_in(&repo.path().join("tests"), &["staged", "--format", "json"]);
    run.assert_code(0);
}

#[test]
fn keystores_are_reported_by_name_even_when_binary() {
    let repo = Repo::new();
    repo.write(
        "android/release.keystore",
        b"\xfe\xed\xfe\xed\0\0\0\x02binary",
    )
    .add(&["android/release.keystore"]);
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("keystore-file", "android/release.keystore", 1, 1)]
    );
}

#[test]
fn aws_pair_is_one_finding_with_account_notes() {
    let repo = Repo::new();
    repo.write(
        ".aws/credentials",
        format!(
            "[default]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            fake::aws_key_id("pair"),
            fake::aws_secret("pair")
        ),
    )
    .add(&[".aws/credentials"]);
    let run = staged_json(&repo);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-credential-pair", ".aws/credentials", 2, 21)]
    );
    let notes = run.json()["findings"][0]["notes"].clone();
    let notes: Vec<String> = serde_json::from_value(notes).unwrap();
    assert!(notes[0].contains("long-lived"), "{notes:?}");
    assert!(notes[1].contains("AWS account"), "{notes:?}");
    assert_eq!(run.json()["findings"][0]["end_line"], 3);
}

/// The hook's fast path (index + cache-tree) must agree with libgit2's full
/// diff on every kind of change it accepts, and step aside for the rest.
#[test]
fn fast_index_path_agrees_with_libgit2() {
    use keygate::source::staged::{fast_changes, slow_changes};
    let repo = Repo::new();
    let body: String = (0..30).map(|i| format!("line {i}\n")).collect();
    repo.write("src/app/main.py", &body)
        .write("src/app/util.py", "x = 1\n")
        .write("src/lib/deep/mod.rs", &body)
        .write("README.md", "# r\n")
        .write("run.sh", "#!/bin/sh\n")
        .add(&["."])
        .commit("base");
    let key = fake::aws_key_id("fast");
    let edited: String = body.replace("line 7\n", &format!("line 7\nKEY = '{key}'\n"));
    repo.write("src/app/main.py", &edited)
        .write("src/lib/deep/mod.rs", format!("{body}// {key}\n"))
        .write("src/new_dir/new.py", format!("K = '{key}'\n"))
        .write("src/app/added.py", "y = 2\n")
        .add(&["."]);
    repo.git(&["update-index", "--chmod=+x", "README.md"]);
    let git = git2::Repository::open(repo.path()).unwrap();
    let head = git.head().unwrap().peel_to_tree().unwrap();
    let shape = |c: keygate::source::git::Changes| {
        let mut blobs: Vec<(String, Vec<bool>)> = c
            .blobs
            .iter()
            .map(|b| {
                let lines = (1..=40).map(|l| b.added.intersects(l, l)).collect();
                (b.path.display().to_string(), lines)
            })
            .collect();
        blobs.sort();
        let mut paths: Vec<String> = c
            .changed_paths
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        paths.sort();
        (blobs, paths)
    };
    let fast = fast_changes(&git, Some(&head), 1 << 20)
        .unwrap()
        .expect("the fast path applies");
    let slow = slow_changes(&git, Some(&head), 1 << 20).unwrap();
    let (fast, slow) = (shape(fast), shape(slow));
    assert_eq!(fast, slow);
    assert_eq!(
        fast.1,
        [
            "README.md",
            "src/app/added.py",
            "src/app/main.py",
            "src/lib/deep/mod.rs",
            "src/new_dir/new.py"
        ]
    );
    // A deletion (possibly half of a rename) is left to libgit2.
    repo.git(&["rm", "-q", "--cached", "run.sh"]);
    assert!(fast_changes(&git, Some(&head), 1 << 20).unwrap().is_none());
    // And the end-to-end result is the same either way.
    let run = repo.keygate(&["staged", "--format", "json"]);
    assert_eq!(
        run.findings(),
        [
            f("aws-access-key-id", "src/app/main.py", 9, 8),
            f("aws-access-key-id", "src/lib/deep/mod.rs", 31, 4),
            f("aws-access-key-id", "src/new_dir/new.py", 1, 6),
        ]
    );
}
