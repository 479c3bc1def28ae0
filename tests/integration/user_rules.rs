//! A project's own rules are checked like the built-in ones: their examples
//! run at load, what they name must exist, and a misspelt rule id in
//! `disable` or `rule_allowlists` is an error with a suggestion. `keygate
//! rules` lists them and takes only the formats it can print.

use crate::harness::{assert_contains, keygate_plain, plain_dir};
use std::fs;

const GOOD_RULE: &str = "rules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    regex: '\\b(acme_[a-z0-9]{24})\\b'\n    remediation: Revoke it in the Acme console.\n    examples: ['token = acme_{{rand:0-9a-z:24}}']\n    negative_examples: ['token = acme_example']\n";

fn dir_with_config(config: &str) -> tempfile::TempDir {
    let dir = plain_dir();
    fs::write(dir.path().join(".keygate.yaml"), config).unwrap();
    fs::write(dir.path().join("app.py"), "x = 1\n").unwrap();
    dir
}

#[test]
fn a_user_rule_whose_example_it_does_not_find_is_an_error() {
    // The example's token has 12 characters; the regex wants 24.
    let config = GOOD_RULE.replace("{{rand:0-9a-z:24}}", "{{rand:0-9a-z:12}}");
    let dir = dir_with_config(&config);
    let run = keygate_plain(dir.path(), &["scan", "."]);
    run.assert_code(2);
    assert_contains(&run.stderr, ".keygate.yaml:2: rule `acme-token`");
    assert_contains(&run.stderr, "positive example");
    // A negative example that the rule reports is refused too.
    let config = GOOD_RULE.replace(
        "'token = acme_example'",
        "'token = acme_{{rand:0-9a-z:24}}'",
    );
    let run = keygate_plain(dir_with_config(&config).path(), &["scan", "."]);
    run.assert_code(2);
    assert_contains(&run.stderr, "negative example");
}

#[test]
fn a_user_rule_that_holds_its_examples_loads_and_finds() {
    let dir = dir_with_config(GOOD_RULE);
    // A token of the user's own format, assembled at run time.
    let token = format!("{}_{}", "acme", "q8xk2lmz9vrt4bw1hj7kd9lq");
    fs::write(dir.path().join("app.py"), format!("ACME = '{token}'\n")).unwrap();
    let run = keygate_plain(dir.path(), &["scan", ".", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(run.findings()[0].0, "acme-token");
}

#[test]
fn a_pair_naming_a_missing_rule_is_an_error() {
    let config = "rules:\n  - id: acme-pair\n    name: Acme pair\n    severity: high\n    kind: pair\n    pair: {first: acme-id, second: acme-secrt, max_lines: 3}\n    remediation: Revoke both.\n    examples: ['x']\n    negative_examples: ['y']\n";
    let run = keygate_plain(dir_with_config(config).path(), &["scan", "."]);
    run.assert_code(2);
    assert_contains(&run.stderr, ".keygate.yaml:2: rule `acme-pair`");
    assert_contains(&run.stderr, "`pair` names `acme-id`, which is not a rule");
}

#[test]
fn an_unknown_rule_id_in_disable_or_rule_allowlists_is_an_error_with_a_suggestion() {
    let run = keygate_plain(
        dir_with_config("allowlist:\n  paths: []\ndisable: [aws-acess-key-id]\n").path(),
        &["scan", "."],
    );
    run.assert_code(2);
    assert_contains(&run.stderr, ".keygate.yaml:3");
    assert_contains(
        &run.stderr,
        "disable: `aws-acess-key-id` is not a rule; did you mean `aws-access-key-id`?",
    );
    let run = keygate_plain(
        dir_with_config("rule_allowlists:\n  generic-secrets:\n    paths: ['docs/**']\n").path(),
        &["scan", "."],
    );
    run.assert_code(2);
    assert_contains(&run.stderr, ".keygate.yaml:2");
    assert_contains(&run.stderr, "did you mean `generic-secret`?");
}

#[test]
fn rules_takes_only_formats_it_prints_and_lists_configured_rules() {
    let dir = dir_with_config(GOOD_RULE);
    for format in ["sarif", "junit"] {
        let run = keygate_plain(dir.path(), &["rules", "--format", format]);
        run.assert_code(2);
        assert_contains(&run.stderr, "invalid value");
    }
    // The nearest configuration's rules are listed, and KEYGATE_CONFIG (or
    // --config) names another.
    let run = keygate_plain(dir.path(), &["rules"]);
    run.assert_code(0);
    assert_contains(&run.stdout, "acme-token");
    let other = plain_dir();
    let elsewhere = other.path().join("team.yaml");
    fs::write(&elsewhere, GOOD_RULE.replace("acme-token", "team-token")).unwrap();
    let run = keygate_plain(
        dir.path(),
        &[
            "rules",
            "--format",
            "json",
            "--config",
            elsewhere.to_str().unwrap(),
        ],
    );
    run.assert_code(0);
    let ids: Vec<String> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains(&"team-token".to_string()), "{ids:?}");
    assert!(!ids.contains(&"acme-token".to_string()), "{ids:?}");
}

#[test]
fn every_verifiable_rule_says_in_its_yaml_what_verify_calls() {
    // The rule files tell users what `--verify` sends where; they must say
    // exactly what the verifier does, and only verifiable rules may say it.
    let set = keygate::rules::RuleSet::builtin().unwrap();
    for rule in set.rules() {
        let verifier = keygate::verify::verifier_for(&rule.id);
        assert_eq!(
            rule.verify.as_deref(),
            verifier.map(|v| v.describe()),
            "{} ({})",
            rule.id,
            rule.source
        );
    }
    for id in keygate::verify::VERIFIABLE_RULES {
        assert!(
            set.rules().iter().any(|r| r.id == *id),
            "{id} is not a rule"
        );
    }
}
