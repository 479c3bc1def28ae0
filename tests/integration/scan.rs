//! `keygate scan` over directories and files, and the other commands.

use crate::fake;
use crate::harness::{assert_contains, f, keygate_plain, plain_dir, Repo};
use std::fs;

#[test]
fn walk_respects_gitignore_scans_hidden_files_and_skips_dot_git() {
    let repo = Repo::new();
    repo.write(".gitignore", "ignored/\n*.log\n")
        .write(
            "ignored/keys.txt",
            format!("{}\n", fake::aws_key_id("ign1")),
        )
        .write("debug.log", format!("{}\n", fake::aws_key_id("ign2")))
        .write(
            ".aws/credentials",
            format!(
                "[default]\naws_access_key_id = {}\n",
                fake::aws_key_id("aws")
            ),
        )
        .write(
            ".github/workflows/ci.yml",
            format!(
                "env:\n  AWS_SECRET_ACCESS_KEY: {}\n",
                fake::aws_secret("gh")
            ),
        )
        .write(".env", format!("API_TOKEN={}\n", fake::password("env", 24)));
    // Something key-shaped inside .git must never be read.
    repo.write(".git/leak.txt", format!("{}\n", fake::aws_key_id("dotgit")));
    let run = repo.keygate(&["scan", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.findings(),
        [
            f("aws-access-key-id", ".aws/credentials", 2, 21),
            f("dotenv-secret", ".env", 1, 11),
            f("aws-secret-access-key", ".github/workflows/ci.yml", 2, 26),
        ]
    );
    // --no-ignore reads the ignored files too.
    let run = repo.keygate(&["scan", "--no-ignore", "--format", "json"]);
    assert_eq!(run.findings().len(), 5, "{:?}", run.findings());
}

#[test]
fn inside_a_repository_paths_are_relative_to_its_root_as_in_the_hook() {
    // `scan app` from the root, `scan .` from app/, and the hook must name
    // the file (and fingerprint it) the same way, so that allowlist paths
    // and baselines match in all three.
    let repo = Repo::new();
    repo.write(
        "app/settings.py",
        format!("k = '{}'\n", fake::aws_key_id("rel-repo")),
    );
    let from_root = repo.keygate(&["scan", "app", "--format", "json"]);
    let from_sub = repo.keygate_in(&repo.path().join("app"), &["scan", ".", "--format", "json"]);
    repo.add(&["app/settings.py"]);
    let staged = repo.keygate(&["staged", "--format", "json"]);
    for run in [&from_root, &from_sub, &staged] {
        assert_eq!(
            run.findings(),
            [f("aws-access-key-id", "app/settings.py", 1, 6)]
        );
    }
    let fp = |r: &crate::harness::Run| r.json()["findings"][0]["fingerprint"].clone();
    assert_eq!(fp(&from_root), fp(&staged));
    assert_eq!(fp(&from_sub), fp(&staged));
}

#[test]
fn paths_are_relative_to_a_single_root_and_files_can_be_named() {
    let dir = plain_dir();
    fs::create_dir_all(dir.path().join("sub")).unwrap();
    fs::write(
        dir.path().join("sub/a.py"),
        format!("k = '{}'\n", fake::aws_key_id("rel")),
    )
    .unwrap();
    fs::write(
        dir.path().join("b.py"),
        format!("k = '{}'\n", fake::aws_key_id("rel2")),
    )
    .unwrap();
    // Outside a repository, paths are relative to the current directory.
    let run = keygate_plain(dir.path(), &["scan", "sub", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(run.findings(), [f("aws-access-key-id", "sub/a.py", 1, 6)]);
    let run = keygate_plain(&dir.path().join("sub"), &["scan", ".", "--format", "json"]);
    assert_eq!(run.findings(), [f("aws-access-key-id", "a.py", 1, 6)]);
    let run = keygate_plain(
        dir.path(),
        &["scan", "b.py", "sub/a.py", "--format", "json"],
    );
    assert_eq!(
        run.findings(),
        [
            f("aws-access-key-id", "b.py", 1, 6),
            f("aws-access-key-id", "sub/a.py", 1, 6)
        ]
    );
}

#[test]
fn size_limit_takes_units_and_skips_are_counted() {
    let dir = plain_dir();
    let mut big = format!("id = {}\n", fake::aws_key_id("size")).into_bytes();
    big.extend(std::iter::repeat_n(b'a', 70 * 1024));
    fs::write(dir.path().join("big.txt"), &big).unwrap();
    fs::write(dir.path().join("bin.dat"), b"\0\x01\x02 binary").unwrap();
    fs::write(dir.path().join("small.txt"), "hello\n").unwrap();
    let run = keygate_plain(
        dir.path(),
        &["scan", "--max-file-size", "64KiB", "--format", "json"],
    );
    run.assert_code(0);
    let stats = &run.json()["stats"];
    assert_eq!(stats["skipped_large"], 1);
    assert_eq!(stats["skipped_binary"], 1);
    assert_eq!(stats["files_scanned"], 1);
    let run = keygate_plain(
        dir.path(),
        &["scan", "--max-file-size", "1MiB", "--format", "json"],
    );
    run.assert_code(1);
    let human = keygate_plain(dir.path(), &["scan", "--max-file-size", "64KiB"]);
    assert_contains(&human.stdout, "skipped 1 binary, 1 over the size limit");
    let bad = keygate_plain(dir.path(), &["scan", "--max-file-size", "lots"]);
    bad.assert_code(2);
    assert_contains(&bad.stderr, "not a size");
}

#[test]
fn a_missing_path_is_an_error() {
    let dir = plain_dir();
    let run = keygate_plain(dir.path(), &["scan", "does-not-exist"]);
    run.assert_code(2);
    assert_contains(&run.stderr, "does-not-exist: no such file or directory");
}

#[test]
fn redaction_is_the_default_and_no_redact_opts_in() {
    let dir = plain_dir();
    let secret = fake::aws_secret("redact");
    fs::write(
        dir.path().join("c.yml"),
        format!("aws_secret_access_key: {secret}\n"),
    )
    .unwrap();
    for args in [&["scan"][..], &["scan", "--format", "json"][..]] {
        let run = keygate_plain(dir.path(), args);
        run.assert_code(1);
        assert!(!run.stdout.contains(&secret), "{args:?} leaked the secret");
    }
    let run = keygate_plain(dir.path(), &["scan", "--format", "json", "--no-redact"]);
    assert_eq!(run.json()["findings"][0]["secret"], secret.as_str());
    let run = keygate_plain(dir.path(), &["scan", "--no-redact"]);
    assert!(run.stdout.contains(&secret));
}

#[test]
fn json_report_shape() {
    let dir = plain_dir();
    fs::write(
        dir.path().join("k.tf"),
        format!("  access_key = \"{}\"\n", fake::aws_key_id("json")),
    )
    .unwrap();
    let run = keygate_plain(dir.path(), &["scan", "--format", "json"]);
    let doc = run.json();
    let finding = &doc["findings"][0];
    assert_eq!(finding["rule"], "aws-access-key-id");
    assert_eq!(finding["severity"], "high");
    assert_eq!(finding["path"], "k.tf");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(1), Some(17))
    );
    assert_eq!(finding["end_column"], 37);
    assert_eq!(finding["redacted"], "AKIA…");
    assert_eq!(finding["fingerprint"].as_str().unwrap().len(), 32);
    assert!(finding["remediation"].as_str().unwrap().contains("role"));
    assert!(finding.get("secret").is_none());
    assert_eq!(doc["stats"]["files_scanned"], 1);
    assert_eq!(doc["stats"]["findings"], 1);
}

#[test]
fn fingerprint_survives_a_line_move() {
    let dir = plain_dir();
    let key = fake::aws_key_id("fp");
    fs::write(dir.path().join("a.cfg"), format!("k={key}\n")).unwrap();
    let first = keygate_plain(dir.path(), &["scan", "--format", "json"]).json();
    fs::write(dir.path().join("a.cfg"), format!("# moved\n\nk={key}\n")).unwrap();
    let second = keygate_plain(dir.path(), &["scan", "--format", "json"]).json();
    assert_eq!(
        first["findings"][0]["fingerprint"],
        second["findings"][0]["fingerprint"]
    );
    assert_ne!(first["findings"][0]["line"], second["findings"][0]["line"]);
}

#[test]
fn colour_is_off_in_pipes_and_forced_with_always() {
    let dir = plain_dir();
    fs::write(
        dir.path().join("a.cfg"),
        format!("k={}\n", fake::aws_key_id("color")),
    )
    .unwrap();
    let plain = keygate_plain(dir.path(), &["scan"]);
    assert!(!plain.stdout.contains('\x1b'));
    let colored = keygate_plain(dir.path(), &["scan", "--color", "always"]);
    assert!(colored.stdout.contains('\x1b'));
}

#[test]
fn hard_negatives_stay_quiet() {
    let dir = plain_dir();
    let files = [
        ("package-lock.json", "{\n  \"node_modules/auth-token\": {\n    \"resolved\": \"https://registry.npmjs.org/auth-token/-/auth-token-2.1.0.tgz\",\n    \"integrity\": \"sha512-3Zf1eT0mT9n0d8VbcO2ijUH0wE0sQ0hBfV7s1p2o7v5Kx3W9yJbq4d5tQ1pYk2gqjL0u7Q0JmK8n1sEJwQm4fA==\"\n  }\n}\n"),
        ("Cargo.lock", "[[package]]\nname = \"token-cache\"\nversion = \"0.3.1\"\nchecksum = \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"\n"),
        ("settings.py", "SECRET_KEY = os.environ[\"SECRET_KEY\"]\nDB_PASSWORD = os.getenv('DB_PASSWORD', '')\nAPI_TOKEN = settings.API_TOKEN\nsession_id = '123e4567-e89b-12d3-a456-426614174000'\n"),
        ("values.yaml", "auth:\n  password: \"{{ .Values.dbPassword }}\"\n  token: ${TOKEN}\n  apiKey: changeme\n  secret: <your-secret-here>\n"),
        (".env.example", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nDB_PASSWORD=\nSTRIPE_KEY=sk_test_xxxxxxxxxxxxxxxxxxxx\n"),
        ("hashes.txt", "commit 3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39\nsha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nmd5 d41d8cd98f00b204e9800998ecf8427e\n"),
        ("blob.b64", "aGVsbG8gd29ybGQgdGhpcyBpcyBqdXN0IGEgYmFzZTY0IGJsb2Igd2l0aCBubyBzZWNyZXRzIGluIGl0IGF0IGFsbA==\n"),
        ("login.html", "<input type=\"password\" name=\"password\" placeholder=\"Password\">\n<label for=\"password\">Password</label>\n"),
    ];
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let run = keygate_plain(dir.path(), &["scan", "--format", "json"]);
    assert_eq!(run.findings(), [], "{}", run.stdout);
    run.assert_code(0);
}

#[test]
fn rules_lists_every_rule_with_its_source() {
    let dir = plain_dir();
    let run = keygate_plain(dir.path(), &["rules"]);
    run.assert_code(0);
    for (id, file) in [
        ("aws-access-key-id", "patterns/aws.yaml"),
        ("aws-secret-access-key", "patterns/aws.yaml"),
        ("aws-session-token", "patterns/aws.yaml"),
        ("private-key", "patterns/private-keys.yaml"),
        ("dotenv-secret", "patterns/generic.yaml"),
        ("generic-secret", "patterns/generic.yaml"),
    ] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} missing"));
        assert!(line.contains(file), "{line}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&keygate_plain(dir.path(), &["rules", "--format", "json"]).stdout)
            .unwrap();
    // Every rule, once, in both formats.
    let builtin = keygate::rules::RuleSet::builtin().unwrap();
    let ids: Vec<&str> = builtin.rules().iter().map(|r| r.id.as_str()).collect();
    let listed: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ids);
    assert_eq!(
        run.stdout.lines().count(),
        ids.len() + 1,
        "a header and one line per rule"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = plain_dir();
    keygate_plain(dir.path(), &["frobnicate"]).assert_code(2);
    keygate_plain(dir.path(), &["scan", "--format", "xml"]).assert_code(2);
}

#[test]
fn keygate_scans_its_own_repository_clean() {
    let root = env!("CARGO_MANIFEST_DIR");
    let run = keygate_plain(
        std::path::Path::new(root),
        &["scan", root, "--format", "json"],
    );
    assert_eq!(run.findings(), [], "keygate's own tree must scan clean");
}

#[test]
fn config_allowlists_disable_and_extra_rules() {
    let dir = plain_dir();
    let key = fake::aws_key_id("cfg");
    fs::create_dir_all(dir.path().join("fixtures")).unwrap();
    fs::write(dir.path().join("fixtures/keys.txt"), format!("{key}\n")).unwrap();
    fs::write(
        dir.path().join("app.py"),
        format!(
            "KEY = '{key}'\nSTRIPE = 'sk_test_{}'\n",
            fake::password("st", 24)
        ),
    )
    .unwrap();
    fs::write(
        dir.path().join("acme.txt"),
        format!("token acme_{}\n", "q8xk2lmz9vrt4bw1"),
    )
    .unwrap();
    let run = keygate_plain(dir.path(), &["scan", "--format", "json"]);
    let rules: Vec<String> = run.findings().into_iter().map(|f| f.0).collect();
    assert_eq!(
        rules,
        ["aws-access-key-id", "stripe-test-key", "aws-access-key-id"]
    );

    fs::write(
        dir.path().join(".keygate.yaml"),
        "allowlist:\n  paths: ['fixtures/**']\nrule_allowlists:\n  aws-access-key-id:\n    stopwords: [nothing-matches]\ndisable: [stripe-test-key]\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    regex: '\\b(acme_[a-z0-9]{16})\\b'\n    remediation: Revoke it in the Acme console.\n    examples: ['acme_{{rand:0-9a-z:16}}']\n    negative_examples: ['acme_short']\n",
    )
    .unwrap();
    let run = keygate_plain(dir.path(), &["scan", "--format", "json"]);
    assert_eq!(
        run.findings(),
        [
            f("acme-token", "acme.txt", 1, 7),
            f("aws-access-key-id", "app.py", 1, 8)
        ]
    );
    // The same file named explicitly, from elsewhere.
    let other = plain_dir();
    let cfg = dir.path().join(".keygate.yaml");
    let run = keygate_plain(
        other.path(),
        &[
            "scan",
            dir.path().to_str().unwrap(),
            "--config",
            cfg.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(run.findings().len(), 2);
}

#[test]
fn broken_config_names_file_line_and_field() {
    let dir = plain_dir();
    fs::write(
        dir.path().join(".keygate.yaml"),
        "allowlist:\n  paths: []\n  regexs: ['x']\n",
    )
    .unwrap();
    let run = keygate_plain(dir.path(), &["scan"]);
    run.assert_code(2);
    assert_contains(&run.stderr, ".keygate.yaml:3");
    assert_contains(&run.stderr, "regexs");
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let dir = plain_dir();
    for (shell, marker) in [
        ("bash", "_keygate()"),
        ("zsh", "#compdef keygate"),
        ("fish", "complete -c keygate"),
    ] {
        let run = keygate_plain(dir.path(), &["completions", shell]);
        run.assert_code(0);
        assert!(
            run.stdout.contains(marker),
            "{shell}: {}",
            &run.stdout[..run.stdout.len().min(200)]
        );
        assert!(
            run.stdout.contains("staged"),
            "{shell} completions list the subcommands"
        );
    }
    let man = keygate_plain(dir.path(), &["man"]);
    man.assert_code(0);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH keygate"),
        "{}",
        &man.stdout[..200]
    );
    // One page documents every subcommand and every one of its flags.
    use clap::CommandFactory;
    let cli = keygate::cli::Cli::command();
    for sub in cli.get_subcommands() {
        let heading = format!(".SH \"KEYGATE {}\"", sub.get_name().to_uppercase());
        assert_contains(&man.stdout, &heading);
        let section = &man.stdout[man.stdout.find(&heading).unwrap()..];
        let section = &section[..section[1..].find("\n.SH ").map_or(section.len(), |i| i + 1)];
        for arg in sub
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| a.get_long())
        {
            let roff = format!("\\-\\-{}", arg.replace('-', "\\-"));
            assert!(
                section.contains(&roff),
                "keygate {} --{arg} is not in the man page",
                sub.get_name()
            );
        }
    }
    keygate_plain(dir.path(), &["completions", "tcsh"]).assert_code(2);
}

#[test]
fn a_secret_repeated_in_many_files_is_shown_once_with_its_other_places() {
    // Versioned API docs repeat one example key in every version: the human
    // report shows it once and lists the other places; JSON keeps them all.
    let dir = plain_dir();
    let key = fake::aws_key_id("repeated-docs");
    for v in 1..=5 {
        let p = dir.path().join(format!("docs/v{v}"));
        fs::create_dir_all(&p).unwrap();
        fs::write(p.join("api.md"), format!("export KEY={key}\n")).unwrap();
    }
    fs::write(
        dir.path().join("other.py"),
        format!("k = '{}'\n", fake::aws_key_id("repeated-other")),
    )
    .unwrap();
    let run = keygate_plain(dir.path(), &["scan", "."]);
    run.assert_code(1);
    assert_eq!(
        run.stdout.matches("error[aws-access-key-id]").count(),
        2,
        "{}",
        run.stdout
    );
    assert_contains(&run.stdout, "the same secret is in 4 other place(s)");
    for v in 2..=5 {
        assert_contains(&run.stdout, &format!("docs/v{v}/api.md:1:12"));
    }
    let json = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(json.findings().len(), 6);
}

/// `scan --format json` writes its report while the scan runs, file by
/// file in path order from several threads; the document must be the one
/// written at the end (as `--report FILE` does): same findings in the same
/// order, same inline-allowed count, same stats.
#[test]
fn json_written_while_scanning_is_the_report_written_at_the_end() {
    let dir = plain_dir();
    let root = dir.path();
    fs::create_dir_all(root.join("sub")).unwrap();
    for i in 0..40 {
        let folder = if i % 3 == 0 { "sub" } else { "." };
        // One file with more findings than an item holds before it checks
        // whether it may write them directly, others with a few or none.
        let pairs = match i {
            7 => 300,
            n => n % 4,
        };
        let mut text = String::new();
        for j in 0..pairs {
            let label = format!("stream-{i}-{j}");
            text.push_str(&format!(
                "[p{j}]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
                fake::aws_key_id(&label),
                fake::aws_secret(&label)
            ));
            if j % 2 == 1 {
                let quiet = format!("{label}-quiet");
                text.push_str(&format!(
                    "x = '{}' # keygate:allow\n",
                    fake::aws_key_id(&quiet)
                ));
            }
        }
        fs::write(root.join(folder).join(format!("f{i:02}.ini")), text).unwrap();
    }
    // A keystore name (a path rule at 1:1) holding a key at 1:1 as well.
    fs::write(
        root.join("deploy.p12"),
        format!("{}\n", fake::aws_key_id("stream-p12")),
    )
    .unwrap();
    let without_elapsed = |mut v: serde_json::Value| {
        v["stats"]
            .as_object_mut()
            .unwrap()
            .remove("elapsed_ms")
            .expect("elapsed_ms is reported");
        v
    };
    let out_dir = plain_dir();
    let report = out_dir.path().join("report.json");
    let report_arg = report.to_string_lossy().into_owned();
    for extra in [&[][..], &["--no-inline-allow"][..]] {
        let at_end = keygate_plain(
            root,
            &[
                &["scan", ".", "--format", "json", "--report", &report_arg],
                extra,
            ]
            .concat(),
        );
        at_end.assert_code(1);
        let at_end: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
        let found = at_end["findings"].as_array().unwrap().len();
        assert!(found > 300, "{found} findings");
        assert!(at_end["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "keystore-file" && f["path"] == "deploy.p12"));
        for threads in ["1", "2", "3"] {
            let streamed = keygate_plain(
                root,
                &[
                    &["scan", ".", "--format", "json", "--threads", threads],
                    extra,
                ]
                .concat(),
            );
            streamed.assert_code(1);
            assert_eq!(
                without_elapsed(streamed.json()),
                without_elapsed(at_end.clone()),
                "--threads {threads} {extra:?}"
            );
        }
    }
}
