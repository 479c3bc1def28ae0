//! What users see and touch: the human report (snapshots), notebooks,
//! configuration discovery and `config --show`, the force-added warning,
//! and `self-test` against real installed hooks.

use crate::fake;
use crate::harness::{assert_contains, keygate_plain, plain_dir, Repo, Run};
use serde_json::json;
use std::fs;
use std::path::Path;

/// Output with what varies between runs (timings, temp paths) replaced.
fn normalise(text: &str, dir: &Path) -> String {
    let mut out = text.replace(&dir.display().to_string(), "[DIR]");
    if let Ok(canon) = dir.canonicalize() {
        out = out.replace(&canon.display().to_string(), "[DIR]");
    }
    out.lines()
        .map(|l| match l.rfind(" in ") {
            Some(i) if l.starts_with("keygate: ") && l[i + 4..].split(' ').nth(1) == Some("s") => {
                let rest = &l[i + 4..];
                let end = rest.find(" s").map_or(rest.len(), |j| j + 2);
                format!("{} in [TIME]{}", &l[..i], &rest[end..])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A notebook the way Jupyter writes it (one-space indents, one JSON
/// string per source line), with `secret_line` in cell 2.
fn notebook(secret_line: &str) -> String {
    let image: String = fake::password("png", 120);
    let doc = json!({
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Load the data\n", "Credentials come from the environment.\n"]},
            {"cell_type": "code", "execution_count": 1, "metadata": {},
             "outputs": [{"output_type": "display_data", "metadata": {},
                          "data": {"image/png": image, "text/plain": ["<Figure size 640x480>"]}}],
             "source": ["import boto3\n", secret_line, "s3 = boto3.client(\"s3\")\n"]},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5
    });
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    serde::Serialize::serialize(&doc, &mut ser).unwrap();
    String::from_utf8(buf).unwrap() + "\n"
}

#[test]
fn a_key_in_a_notebook_cell_is_reported_with_cell_and_file_position() {
    let dir = plain_dir();
    let key = fake::aws_key_id("notebook");
    let text = notebook(&format!("key_id = \"{key}\"  # from the console\n"));
    fs::write(dir.path().join("analysis.ipynb"), &text).unwrap();
    let run = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    run.assert_code(1);
    let f = &run.json()["findings"][0];
    assert_eq!(
        run.json()["findings"].as_array().unwrap().len(),
        1,
        "{}",
        run.stdout
    );
    assert_eq!(f["rule"], "aws-access-key-id");
    assert_eq!(f["cell"], json!({"cell": 2, "kind": "code", "line": 2}));
    // The file position is where the key is in the JSON text.
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(&key).map(|c| (i + 1, c + 1)))
        .unwrap();
    assert_eq!(
        (
            f["line"].as_u64().unwrap() as usize,
            f["column"].as_u64().unwrap() as usize
        ),
        (line, col)
    );
    let human = keygate_plain(dir.path(), &["scan", "."]);
    assert!(
        human.stdout.contains(&format!(
            " --> analysis.ipynb:{line}:{col} (code cell 2, line 2)"
        )),
        "{}",
        human.stdout
    );
    // The source line shown is the cell's, not the JSON's.
    assert_contains(&human.stdout, "key_id = \"AKIA…\"  # from the console");
}

#[test]
fn a_notebook_broken_after_its_cells_is_scanned_as_text_and_each_key_found_once() {
    // Cells are scanned as they are read; a file that turns out not to be
    // JSON at its end is scanned as raw text instead, and what its cells
    // gave is dropped, not reported twice.
    let dir = plain_dir();
    let key = fake::aws_key_id("broken-notebook");
    let text = notebook(&format!("key_id = \"{key}\"\n"));
    let broken = text.trim_end().trim_end_matches('}').to_string() + ",\n \"oops\": \n";
    fs::write(dir.path().join("broken.ipynb"), &broken).unwrap();
    let run = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    run.assert_code(1);
    let findings = run.json()["findings"].as_array().unwrap().clone();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert_eq!(findings[0]["rule"], "aws-access-key-id");
    // Raw text: no cell position.
    assert!(findings[0]["cell"].is_null(), "{}", run.stdout);
    let line = broken.lines().position(|l| l.contains(&key)).unwrap() + 1;
    assert_eq!(findings[0]["line"].as_u64().unwrap() as usize, line);
}

#[test]
fn notebook_outputs_images_are_skipped_and_escaped_quotes_do_not_hide_a_secret() {
    let dir = plain_dir();
    let pw = fake::password("nb-pw", 20);
    // In the JSON the quotes around the password are escaped (\"), which
    // line rules on the raw file would trip over.
    let text = notebook(&format!("conn = connect(password=\"{pw}\")\n"));
    assert!(text.contains(&format!("\\\"{pw}\\\"")));
    fs::write(dir.path().join("db.ipynb"), &text).unwrap();
    let run = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    run.assert_code(1);
    let findings = run.json()["findings"].as_array().unwrap().clone();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert_eq!(findings[0]["cell"]["cell"], 2);
    // A notebook without a secret, image output included, is clean.
    fs::write(dir.path().join("db.ipynb"), notebook("x = 1\n")).unwrap();
    keygate_plain(dir.path(), &["scan", "."]).assert_code(0);
}

#[test]
fn staged_notebook_reports_only_the_added_cell_line() {
    let repo = Repo::new();
    repo.write("nb.ipynb", notebook("x = 1\n"))
        .add(&["nb.ipynb"])
        .commit("base");
    let key = fake::aws_key_id("staged-nb");
    repo.write("nb.ipynb", notebook(&format!("KEY = \"{key}\"\n")))
        .add(&["nb.ipynb"]);
    let run = repo.keygate(&["staged", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(run.json()["findings"][0]["cell"]["line"], 2);
}

fn report_fixture(dir: &Path) {
    let key = fake::aws_key_id("snapshot");
    let secret = fake::aws_secret("snapshot");
    fs::create_dir_all(dir.join("deploy")).unwrap();
    fs::write(
        dir.join("deploy/release.sh"),
        format!(
            "#!/bin/sh\nset -eu\nexport AWS_ACCESS_KEY_ID={key}\naws s3 sync build/ s3://site\n"
        ),
    )
    .unwrap();
    fs::write(
        dir.join(".env"),
        format!(
            "APP_ENV=production\nDB_PASSWORD={}\n",
            fake::password("snapshot-db", 16)
        ),
    )
    .unwrap();
    fs::write(
        dir.join("credentials"),
        format!(
            "[default]\naws_access_key_id = {}\naws_secret_access_key = {secret}\n",
            fake::aws_key_id("snapshot-pair")
        ),
    )
    .unwrap();
    fs::write(dir.join("id_rsa"), fake::rsa_pem("snapshot")).unwrap();
    fs::write(
        dir.join("notebook.ipynb"),
        notebook(&format!("key = \"{}\"\n", fake::aws_key_id("snapshot-nb"))),
    )
    .unwrap();
}

#[test]
fn human_report_snapshot() {
    let dir = plain_dir();
    report_fixture(dir.path());
    let run = keygate_plain(dir.path(), &["scan", ".", "--color", "never"]);
    run.assert_code(1);
    insta::assert_snapshot!("human_scan", normalise(&run.stdout, dir.path()));
}

#[test]
fn staged_report_snapshot() {
    let repo = Repo::new();
    repo.write("README.md", "# app\n")
        .add(&["."])
        .commit("base");
    repo.write(
        "config/prod.py",
        format!(
            "DEBUG = False\nAWS_ACCESS_KEY_ID = \"{}\"\n",
            fake::aws_key_id("snap-staged")
        ),
    )
    .add(&["."]);
    let run = repo.keygate(&["staged", "--color", "never"]);
    run.assert_code(1);
    insta::assert_snapshot!("human_staged", normalise(&run.stdout, repo.path()));
}

#[test]
fn colour_comes_from_one_switch() {
    let dir = plain_dir();
    report_fixture(dir.path());
    let plain = keygate_plain(dir.path(), &["scan", ".", "--color", "never"]);
    let coloured = keygate_plain(dir.path(), &["scan", ".", "--color", "always"]);
    assert!(!plain.stdout.contains('\u{1b}'));
    assert!(coloured.stdout.contains('\u{1b}'));
    // Same text once the escapes are gone.
    let strip = |s: &str| {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    assert_eq!(
        normalise(&strip(&coloured.stdout), dir.path()),
        normalise(&plain.stdout, dir.path())
    );
}

#[test]
fn force_added_ignored_files_are_warned_about() {
    let repo = Repo::new();
    repo.write(".gitignore", ".env\n*.log\n")
        .add(&[".gitignore"])
        .commit("base");
    repo.write(".env", "APP_ENV=dev\n")
        .write("app.log", "started\n")
        .write("main.py", "x = 1\n");
    repo.git(&["add", "-f", ".env", "app.log"]);
    repo.add(&["main.py"]);
    let run = repo.keygate(&["staged"]);
    run.assert_code(0);
    assert_contains(
        &run.stderr,
        ".env matches .gitignore but is staged as a new file",
    );
    assert_contains(&run.stderr, "git restore --staged .env");
    assert_contains(&run.stderr, "app.log matches .gitignore");
    assert!(!run.stderr.contains("main.py"), "{}", run.stderr);
    // Once committed, editing it again is not warned about.
    repo.commit("keep them");
    repo.write(".env", "APP_ENV=prod\n");
    repo.git(&["add", "-f", ".env"]);
    let run = repo.keygate(&["staged"]);
    assert!(!run.stderr.contains("matches .gitignore"), "{}", run.stderr);
}

fn with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let home = tempfile::TempDir::new().unwrap();
    let mut cmd = std::process::Command::new(crate::harness::KEYGATE);
    crate::harness::isolate(&mut cmd, home.path());
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.args(args).current_dir(dir).output().unwrap())
}

#[test]
fn configuration_is_discovered_nearest_first_up_to_the_repository_root() {
    let repo = Repo::new();
    let key = fake::aws_key_id("discovery");
    repo.write(".keygate.yaml", "allowlist:\n  paths: [\"docs/**\"]\n")
        .write(
            "services/api/.keygate.yaml",
            "disable: [aws-access-key-id]\nmax_file_size: 1KiB\n",
        )
        .write("services/api/handler.py", format!("KEY = '{key}'\n"))
        .write("services/web/app.py", format!("KEY = '{key}'\n"))
        .write("docs/guide.md", format!("KEY = '{key}'\n"));
    // From the root: the root's file (docs allowlisted).
    let run = repo.keygate(&["scan", ".", "--format", "json"]);
    let paths: Vec<String> = run.findings().into_iter().map(|f| f.1).collect();
    assert_eq!(paths, ["services/api/handler.py", "services/web/app.py"]);
    // From services/api: its own file wins (the rule is disabled there).
    let api = repo.path().join("services/api");
    repo.keygate_in(&api, &["scan", "."]).assert_code(0);
    // From services/web: no file of its own, the root's is the fallback.
    let web = repo.path().join("services/web");
    repo.keygate_in(&web, &["scan", "."]).assert_code(1);
    // config --show says which file and where each value came from.
    let show = repo.keygate(&["config", "--show", "--path", "services/api"]);
    show.assert_code(0);
    assert!(
        show.stdout
            .contains("services/api/.keygate.yaml (the nearest .keygate.yaml"),
        "{}",
        show.stdout
    );
    assert_contains(&show.stdout, "disable: [aws-access-key-id]  # ");
    assert_contains(&show.stdout, "services/api/.keygate.yaml:1");
    assert_contains(&show.stdout, "max_file_size: 1KiB  # ");
    assert_contains(&show.stdout, "1 disabled");
    let root = repo.keygate(&["config"]);
    assert_contains(&root.stdout, "paths: [docs/**]");
    assert_contains(&root.stdout, "max_file_size: 10MiB  # default");
    // KEYGATE_CONFIG names a file explicitly.
    let elsewhere = plain_dir();
    let cfg = elsewhere.path().join("team.yaml");
    fs::write(&cfg, "allowlist:\n  values: [\"not-shown-value\"]\n").unwrap();
    let env = with_env(
        repo.path(),
        &["config", "--show"],
        &[("KEYGATE_CONFIG", cfg.to_str().unwrap())],
    );
    assert_contains(&env.stdout, "(from KEYGATE_CONFIG)");
    assert_contains(&env.stdout, "values: 1 value(s), not shown");
    assert!(!env.stdout.contains("not-shown-value"));
}

#[test]
fn the_size_limit_comes_from_the_configuration_unless_given() {
    let dir = plain_dir();
    let key = fake::aws_key_id("size");
    fs::write(
        dir.path().join("big.txt"),
        format!("{}\nKEY = '{key}'\n", "x".repeat(3000)),
    )
    .unwrap();
    fs::write(dir.path().join(".keygate.yaml"), "max_file_size: 2KiB\n").unwrap();
    let run = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    run.assert_code(0);
    assert_eq!(run.json()["stats"]["skipped_large"], 1);
    keygate_plain(dir.path(), &["scan", ".", "--max-file-size", "1MiB"]).assert_code(1);
    fs::write(dir.path().join(".keygate.yaml"), "max_file_size: lots\n").unwrap();
    let bad = keygate_plain(dir.path(), &["scan", "."]);
    bad.assert_code(2);
    assert!(
        bad.stderr.contains(".keygate.yaml:1") && bad.stderr.contains("max_file_size"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_broken_config_is_an_error_naming_file_line_and_key() {
    let dir = plain_dir();
    fs::write(
        dir.path().join(".keygate.yaml"),
        "disable: []\nallowlist:\n  paths: []\nbaselin: x.json\n",
    )
    .unwrap();
    for args in [&["scan", "."][..], &["config", "--show"][..]] {
        let run = keygate_plain(dir.path(), args);
        run.assert_code(2);
        assert_contains(&run.stderr, ".keygate.yaml:4");
        assert_contains(&run.stderr, "baselin");
    }
}

#[test]
fn self_test_passes_with_an_installed_hook_and_fails_without_one() {
    let repo = Repo::new();
    // No hook yet: keygate works, but the repository is not protected.
    let run = repo.keygate(&["self-test"]);
    run.assert_code(1);
    assert_contains(&run.stdout, "run `keygate install`");
    repo.keygate(&["install"]).assert_code(0);
    let run = repo.keygate(&["self-test"]);
    run.assert_code(0);
    assert_contains(&run.stdout, "installed by keygate install");
    assert_contains(&run.stdout, "the hook blocked the commit of 5 fake secrets");
    assert_contains(&run.stdout, "the hook let a clean commit through");
    assert_contains(&run.stdout, "passed");
    // The fake secrets are never printed.
    assert!(!run.stdout.contains("AKIA"), "{}", run.stdout);
    // A hook that lets everything through is caught.
    let noop = repo.path().join("noop-hook");
    fs::write(&noop, "#!/bin/sh\nexit 0\n").unwrap();
    let run = repo.keygate(&["self-test", "--hook", noop.to_str().unwrap()]);
    run.assert_code(1);
    assert_contains(
        &run.stdout,
        "FAIL  the hook let a commit of fake secrets through",
    );
    // Nothing was committed to the user's repository.
    assert!(!repo.git_output(&["rev-parse", "HEAD"]).status.success());
}
