//! `keygate diff` (pull-request ranges), `keygate history`, baselines and
//! the CI report formats, on real repositories with crafted histories.

use crate::fake;
use crate::harness::{assert_contains, f, Repo};
use std::fs;

fn head(repo: &Repo) -> String {
    repo.git(&["rev-parse", "HEAD"]).trim().to_string()
}

/// base → add secret → unrelated edit → remove secret.
fn leaky_history() -> (Repo, String, String) {
    let repo = Repo::new();
    repo.write("README.md", "# app\n")
        .add(&["README.md"])
        .commit("base");
    let base = head(&repo);
    let key = fake::aws_key_id("history");
    repo.write(
        "deploy/config.py",
        format!("REGION = 'eu-west-1'\nKEY = '{key}'\n"),
    )
    .add(&["deploy/config.py"])
    .commit("add deploy config");
    let adding = head(&repo);
    repo.write("README.md", "# app\n\nmore\n")
        .add(&["README.md"])
        .commit("docs");
    repo.git(&["rm", "-q", "deploy/config.py"]);
    repo.commit("remove the key");
    (repo, base, adding)
}

#[test]
fn diff_reports_lines_added_in_the_range_with_their_commit() {
    let (repo, base, adding) = leaky_history();
    let run = repo.keygate(&["diff", &format!("{base}..HEAD"), "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-access-key-id", "deploy/config.py", 2, 8)]
    );
    let c = &run.json()["findings"][0]["commit"];
    assert_eq!(c["sha"], adding.as_str());
    assert_eq!(c["author"], "Test");
    assert_eq!(c["summary"], "add deploy config");
    assert_eq!(run.json()["stats"]["commits"], 3);
    // The same range written with three dots, with --since, and the commit alone.
    let three = repo.keygate(&["diff", &format!("{base}...HEAD"), "--format", "json"]);
    assert_eq!(three.findings(), run.findings());
    let since = repo.keygate(&["diff", "--since", &base, "--format", "json"]);
    assert_eq!(since.findings(), run.findings());
    let single = repo.keygate(&["diff", &adding, "--format", "json"]);
    assert_eq!(single.findings(), run.findings());
    // A range after the secret was added sees nothing new.
    repo.keygate(&["diff", &format!("{adding}..HEAD")])
        .assert_code(0);
}

#[test]
fn an_empty_range_is_clean() {
    let (repo, _, _) = leaky_history();
    let run = repo.keygate(&["diff", "HEAD..HEAD", "--format", "json"]);
    run.assert_code(0);
    assert_eq!(run.json()["stats"]["commits"], 0);
}

#[test]
fn the_same_secret_in_two_commits_is_reported_per_commit_and_counted_once() {
    let repo = Repo::new();
    repo.write("a.txt", "a\n").add(&["a.txt"]).commit("base");
    let base = head(&repo);
    let key = fake::aws_key_id("twice");
    repo.write("a.txt", format!("a\nk={key}\n"))
        .add(&["a.txt"])
        .commit("one");
    repo.write("a.txt", "a\n").add(&["a.txt"]).commit("undo");
    repo.write("a.txt", format!("a\nk={key}\n"))
        .add(&["a.txt"])
        .commit("again");
    let run = repo.keygate(&["diff", &format!("{base}..HEAD")]);
    run.assert_code(1);
    assert_eq!(
        run.stdout.matches("error[aws-access-key-id]").count(),
        2,
        "{}",
        run.stdout
    );
    assert_contains(&run.stdout, "3 commit(s), 1 distinct secret(s)");
}

#[test]
fn merges_follow_the_merges_option() {
    let repo = Repo::new();
    repo.write("a.txt", "a\n").add(&["a.txt"]).commit("base");
    let base = head(&repo);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("f.py", format!("KEY = '{}'\n", fake::aws_key_id("merge")))
        .add(&["f.py"])
        .commit("feature");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("b.txt", "b\n")
        .add(&["b.txt"])
        .commit("main work");
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
    let count = |args: &[&str]| {
        let mut a = vec!["diff", "--format", "json"];
        a.extend(args);
        let run = repo.keygate(&a);
        run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["commit"]["summary"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let range = format!("{base}..HEAD");
    let mut first = count(&[&range]);
    first.sort();
    assert_eq!(first, ["feature", "merge feature"]);
    assert_eq!(count(&[&range, "--merges", "skip"]), ["feature"]);
    let mut all = count(&[&range, "--merges", "all"]);
    all.sort();
    assert_eq!(all, ["feature", "merge feature"]);
}

#[test]
fn renames_and_binaries_in_a_range() {
    let repo = Repo::new();
    let key = fake::aws_key_id("rename-range");
    repo.write("old.cfg", format!("key = {key}\n"))
        .add(&["old.cfg"])
        .commit("base");
    let base = head(&repo);
    repo.git(&["mv", "old.cfg", "new.cfg"]);
    repo.commit("rename");
    let mut bin = b"\0\x01\x02".to_vec();
    bin.extend_from_slice(fake::aws_key_id("bin-range").as_bytes());
    repo.write("blob.bin", &bin)
        .add(&["blob.bin"])
        .commit("binary");
    let run = repo.keygate(&["diff", &format!("{base}..HEAD"), "--format", "json"]);
    run.assert_code(0);
    assert_eq!(run.json()["stats"]["skipped_binary"], 1);
}

#[test]
fn a_shallow_clone_without_the_base_says_how_to_fetch_it() {
    let (repo, base, _) = leaky_history();
    let clone = tempfile::TempDir::new().unwrap();
    let url = format!("file://{}", repo.path().display());
    let out = repo
        .command(
            "git",
            &[
                "clone",
                "-q",
                "--depth",
                "1",
                &url,
                clone.path().to_str().unwrap(),
            ],
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = repo.keygate_in(clone.path(), &["diff", &format!("{base}..HEAD")]);
    run.assert_code(2);
    assert_contains(&run.stderr, "shallow");
    assert_contains(&run.stderr, "fetch-depth: 0");
}

#[test]
fn history_finds_a_removed_secret_with_the_commit_that_added_it() {
    let (repo, _, adding) = leaky_history();
    // The working tree is clean now...
    repo.keygate(&["scan"]).assert_code(0);
    // ...but the history is not.
    let run = repo.keygate(&["history", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-access-key-id", "deploy/config.py", 2, 8)]
    );
    assert_eq!(run.json()["findings"][0]["commit"]["sha"], adding.as_str());
    assert_eq!(run.json()["stats"]["commits"], 4);
}

#[test]
fn history_scans_a_blob_once_and_reports_its_first_introduction() {
    let repo = Repo::new();
    let text = format!("token: {}\n", fake::aws_key_id("two-paths"));
    repo.write("a/keys.yml", &text)
        .add(&["a/keys.yml"])
        .commit("first");
    repo.write("b/keys.yml", &text)
        .add(&["b/keys.yml"])
        .commit("copy");
    let run = repo.keygate(&["history", "--format", "json"]);
    assert_eq!(run.findings(), [f("aws-access-key-id", "a/keys.yml", 1, 8)]);
    assert_eq!(run.json()["stats"]["files_scanned"], 1, "one distinct blob");
    let all = repo.keygate(&["history", "--all-introductions", "--format", "json"]);
    assert_eq!(
        all.findings(),
        [
            f("aws-access-key-id", "a/keys.yml", 1, 8),
            f("aws-access-key-id", "b/keys.yml", 1, 8)
        ]
    );
    // --ref limits the walk.
    repo.git(&["checkout", "-q", "-b", "side", "HEAD~1"]);
    repo.write("side.txt", format!("{}\n", fake::aws_key_id("side")))
        .add(&["side.txt"])
        .commit("side");
    repo.git(&["checkout", "-q", "main"]);
    let main_only = repo.keygate(&["history", "--ref", "main", "--format", "json"]);
    assert_eq!(main_only.findings().len(), 1);
    let everything = repo.keygate(&["history", "--format", "json"]);
    assert_eq!(everything.findings().len(), 2);
}

#[test]
fn a_baseline_hides_old_findings_and_lets_a_new_one_through() {
    let (repo, _, _) = leaky_history();
    let base = repo.keygate(&["history", "--format", "json"]);
    base.assert_code(1);
    fs::write(repo.path().join("base.json"), &base.stdout).unwrap();
    repo.keygate(&["history", "--baseline", "base.json"])
        .assert_code(0);
    repo.write(
        "new.env",
        format!("API_TOKEN={}\n", fake::password("new", 24)),
    )
    .add(&["new.env"])
    .commit("new secret");
    let run = repo.keygate(&["history", "--baseline", "base.json", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("dotenv-secret", "new.env", 1, 11)]);

    // `keygate baseline` writes the line-free form; the config can name it.
    let out = repo.keygate(&["baseline", "-o", ".keygate-baseline.json"]);
    out.assert_code(0);
    let text = fs::read_to_string(repo.path().join(".keygate-baseline.json")).unwrap();
    assert!(!text.contains("\"line\""), "{text}");
    assert_eq!(text.matches("\"fingerprint\"").count(), 2, "{text}");
    assert_eq!(
        text,
        repo.keygate(&["baseline", "-o", "/dev/stdout"])
            .stdout
            .split("keygate: wrote")
            .next()
            .unwrap(),
        "a baseline is the same from run to run"
    );
    repo.write(".keygate.yaml", "baseline: .keygate-baseline.json\n");
    repo.keygate(&["history"]).assert_code(0);
}

#[test]
fn keygateignore_lists_fingerprints() {
    let (repo, _, _) = leaky_history();
    let run = repo.keygate(&["history", "--format", "json"]);
    let fp = run.json()["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    repo.write(
        ".keygateignore",
        format!("# rotated on 2026-11-01\n{fp}  deploy/config.py\n"),
    );
    repo.keygate(&["history"]).assert_code(0);
    repo.write(".keygateignore", "not-a-fingerprint\n");
    let bad = repo.keygate(&["history"]);
    bad.assert_code(2);
    assert_contains(&bad.stderr, ".keygateignore:1");
}

#[test]
fn sarif_report_has_what_code_scanning_needs() {
    let (repo, _, _) = leaky_history();
    let run = repo.keygate(&["history", "--format", "sarif"]);
    run.assert_code(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    crate::sarif::check(&doc);
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "aws-access-key-id");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "deploy/config.py"
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert!(
        !run.stdout.contains(&fake::aws_key_id("history")),
        "SARIF must be redacted"
    );
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules[0]["properties"]["security-severity"], "8.5");
}

#[test]
fn junit_report_and_report_file() {
    let (repo, _, _) = leaky_history();
    let run = repo.keygate(&["history", "--format", "junit"]);
    run.assert_code(1);
    assert!(run.stdout.starts_with("<?xml"));
    assert_eq!(run.stdout.matches("<testcase ").count(), 1);
    assert_eq!(run.stdout.matches("<failure ").count(), 1);
    assert!(run.stdout.contains("tests=\"1\" failures=\"1\""));
    // --report writes the chosen format to a file; the terminal gets the human report.
    let run = repo.keygate(&["history", "--format", "sarif", "--report", "out.sarif"]);
    run.assert_code(1);
    assert_contains(&run.stdout, "error[aws-access-key-id]");
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(repo.path().join("out.sarif")).unwrap()).unwrap();
    crate::sarif::check(&doc);
}

#[test]
fn pre_push_ranges_come_from_the_pre_commit_framework() {
    let (repo, base, _) = leaky_history();
    let mut cmd = std::process::Command::new(crate::harness::KEYGATE);
    crate::harness::isolate(&mut cmd, repo.home());
    let out = cmd
        .args(["diff", "--format", "json"])
        .env("PRE_COMMIT_FROM_REF", &base)
        .env("PRE_COMMIT_TO_REF", "HEAD")
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // A new branch (all-zero old id): every commit no remote has.
    let out = cmd
        .env("PRE_COMMIT_FROM_REF", "0".repeat(40))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Neither a range nor the variables (a first push through the
    // framework): HEAD's commits that no remote has, here all of them.
    let run = repo.keygate(&["diff"]);
    run.assert_code(1);
}

#[test]
fn a_pull_request_cannot_allowlist_its_own_secret() {
    let repo = Repo::new();
    repo.write("README.md", "# app\n")
        .add(&["README.md"])
        .commit("base");
    let base = head(&repo);
    // The "pull request": a secret, plus a config that allowlists it.
    repo.write(
        "app/keys.py",
        format!("KEY = '{}'\n", fake::aws_key_id("pr")),
    )
    .write(".keygate.yaml", "allowlist:\n  paths: ['app/**']\n")
    .add(&["app/keys.py", ".keygate.yaml"])
    .commit("add keys and allow them");
    let range = format!("{base}..HEAD");
    let run = repo.keygate(&["diff", &range, "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [f("aws-access-key-id", "app/keys.py", 1, 8)]
    );
    // Reading the head's configuration is an explicit choice.
    repo.keygate(&["diff", &range, "--config-from", "head"])
        .assert_code(0);

    // A configuration and an ignore file already on the base are honoured.
    let repo = Repo::new();
    repo.write(".keygate.yaml", "allowlist:\n  paths: ['fixtures/**']\n")
        .add(&[".keygate.yaml"])
        .commit("base config");
    let base = head(&repo);
    repo.write(
        "fixtures/aws.txt",
        format!("{}\n", fake::aws_key_id("fixture-pr")),
    )
    .add(&["fixtures/aws.txt"])
    .commit("fixture");
    repo.keygate(&["diff", &format!("{base}..HEAD")])
        .assert_code(0);
}

#[test]
fn a_blob_renamed_to_a_keystore_name_is_found_by_history() {
    // The same bytes first as `cert.bin` (no rule applies), then renamed to
    // `prod-signing.p12`: scan and diff find the keystore, and so must
    // history, which reads each blob once.
    let repo = Repo::new();
    repo.write("certs/cert.bin", b"\x30\x82\x0a\x01\x00binary\x00container")
        .add(&["certs/cert.bin"])
        .commit("add a certificate bundle");
    repo.git(&["mv", "certs/cert.bin", "certs/prod-signing.p12"]);
    repo.commit("rename it");
    let renamed = head(&repo);
    let run = repo.keygate(&["history", "--format", "json"]);
    assert_eq!(
        run.findings(),
        [f("keystore-file", "certs/prod-signing.p12", 1, 1)],
        "{}",
        run.stderr
    );
    run.assert_code(1);
    assert_eq!(run.json()["findings"][0]["commit"]["sha"], renamed.as_str());
    // The same in diff, for the range that renames it.
    let diff = repo.keygate(&["diff", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(
        diff.findings(),
        [f("keystore-file", "certs/prod-signing.p12", 1, 1)]
    );
}
