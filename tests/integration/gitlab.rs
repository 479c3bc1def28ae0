//! `--format gitlab`: the GitLab Secret Detection report, checked field by
//! field against what GitLab's security report schema
//! (secret-detection-report-format.json, 15.x) requires: types, enums,
//! the times' pattern, and the secret only with --no-redact.

use crate::fake;
use crate::harness::{assert_contains, Repo};
use serde_json::Value;

fn string<'a>(v: &'a Value, what: &str) -> &'a str {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{what} must be a string: {v}"));
    assert!(!s.is_empty(), "{what} must not be empty");
    s
}

/// `YYYY-MM-DDThh:mm:ss`, the schema's pattern for scan times.
fn time(v: &Value, what: &str) {
    let s = string(v, what);
    let shape: String = s
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect();
    assert_eq!(shape, "9999-99-99T99:99:99", "{what}: {s}");
}

fn tool(v: &Value, what: &str) {
    for k in ["id", "name", "version"] {
        string(&v[k], &format!("{what}.{k}"));
    }
    string(&v["vendor"]["name"], &format!("{what}.vendor.name"));
}

/// Checks a whole report; returns its vulnerabilities.
fn check(doc: &Value) -> Vec<Value> {
    let version = string(&doc["version"], "version");
    let parts: Vec<&str> = version.split('.').collect();
    assert!(
        parts.len() == 3 && parts.iter().all(|p| p.parse::<u32>().is_ok()),
        "version is MAJOR.MINOR.PATCH: {version}"
    );
    assert_eq!(parts[0], "15", "a schema version GitLab ingests");
    assert_contains(
        string(&doc["schema"], "schema"),
        "secret-detection-report-format.json",
    );
    let scan = &doc["scan"];
    assert_eq!(scan["type"], "secret_detection");
    tool(&scan["analyzer"], "scan.analyzer");
    tool(&scan["scanner"], "scan.scanner");
    assert_eq!(scan["scanner"]["version"], env!("CARGO_PKG_VERSION"));
    time(&scan["start_time"], "scan.start_time");
    time(&scan["end_time"], "scan.end_time");
    assert!(scan["start_time"].as_str() <= scan["end_time"].as_str());
    assert!(["success", "failure"].contains(&string(&scan["status"], "scan.status")));
    let vulns = doc["vulnerabilities"]
        .as_array()
        .expect("vulnerabilities is an array")
        .clone();
    let mut ids = std::collections::HashSet::new();
    for v in &vulns {
        assert!(
            ids.insert(string(&v["id"], "id").to_string()),
            "ids are unique"
        );
        assert_eq!(v["category"], "secret_detection");
        string(&v["name"], "name");
        string(&v["description"], "description");
        string(&v["solution"], "solution");
        let sev = string(&v["severity"], "severity");
        assert!(
            ["Critical", "High", "Medium", "Low", "Info", "Unknown"].contains(&sev),
            "severity {sev}"
        );
        let loc = &v["location"];
        let file = string(&loc["file"], "location.file");
        assert!(
            !file.starts_with('/') && !file.contains('\\'),
            "relative path: {file}"
        );
        let start = loc["start_line"]
            .as_u64()
            .expect("start_line is an integer");
        let end = loc["end_line"].as_u64().expect("end_line is an integer");
        assert!(start >= 1 && end >= start);
        string(&loc["commit"]["sha"], "location.commit.sha");
        let idents = v["identifiers"]
            .as_array()
            .expect("identifiers is an array");
        assert!(!idents.is_empty(), "at least the primary identifier");
        for i in idents {
            for k in ["type", "name", "value"] {
                string(&i[k], &format!("identifiers[].{k}"));
            }
        }
        assert_eq!(idents[0]["type"], "keygate_rule_id");
    }
    vulns
}

#[test]
fn gitlab_report_of_a_commit_range_has_every_required_field() {
    let repo = Repo::new();
    repo.write("README.md", "hello\n")
        .add(&["README.md"])
        .commit("base");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    let key = fake::aws_key_id("gitlab-report");
    let token = fake::github_token("gitlab-report");
    repo.write(
        "app/settings.py",
        format!("aws_access_key_id = \"{key}\"\nGITHUB = \"{token}\"\n"),
    )
    .add(&["app/settings.py"])
    .commit("add settings");
    let head = repo.git(&["rev-parse", "HEAD"]).trim().to_string();

    let run = repo.keygate(&["diff", &format!("{base}..{head}"), "--format", "gitlab"]);
    run.assert_code(1);
    let doc: Value = serde_json::from_str(&run.stdout).expect("the report is JSON");
    let vulns = check(&doc);
    assert_eq!(vulns.len(), 2, "{}", run.stdout);
    for v in &vulns {
        assert_eq!(v["location"]["file"], "app/settings.py");
        assert_eq!(v["location"]["commit"]["sha"], head.as_str());
        assert_eq!(v["location"]["commit"]["message"], "add settings");
        assert_eq!(v["severity"], "Critical");
    }
    let lines: Vec<u64> = vulns
        .iter()
        .map(|v| v["location"]["start_line"].as_u64().unwrap())
        .collect();
    assert!(lines.contains(&1) && lines.contains(&2), "{lines:?}");
    let rules: Vec<&str> = vulns
        .iter()
        .map(|v| v["identifiers"][0]["value"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"aws-access-key-id"), "{rules:?}");
    // Redacted by default: neither secret appears anywhere in the report.
    assert!(!run.stdout.contains(&key) && !run.stdout.contains(&token));

    let full = repo.keygate(&[
        "diff",
        &format!("{base}..{head}"),
        "--format",
        "gitlab",
        "--no-redact",
    ]);
    full.assert_code(1);
    let doc: Value = serde_json::from_str(&full.stdout).unwrap();
    check(&doc);
    assert_contains(&full.stdout, &key);
    assert_contains(&full.stdout, &token);
}

#[test]
fn gitlab_report_of_a_tree_and_of_a_clean_scan() {
    let repo = Repo::new();
    let key = fake::aws_key_id("gitlab-tree");
    repo.write("deploy/env.sh", format!("export AWS_ACCESS_KEY_ID={key}\n"));
    let run = repo.keygate(&[
        "scan",
        ".",
        "--format",
        "gitlab",
        "--report",
        "gl-secret-detection-report.json",
    ]);
    run.assert_code(1);
    let text =
        std::fs::read_to_string(repo.path().join("gl-secret-detection-report.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let vulns = check(&doc);
    assert_eq!(vulns.len(), 1, "{text}");
    assert_eq!(vulns[0]["location"]["file"], "deploy/env.sh");
    assert!(!text.contains(&key));

    let clean = Repo::new();
    clean.write("ok.py", "x = 1\n");
    let run = clean.keygate(&["scan", ".", "--format", "gitlab"]);
    run.assert_code(0);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(check(&doc).is_empty());
}
