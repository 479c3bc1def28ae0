//! A structural check of SARIF 2.1.0 output: the schema's required
//! properties, types and enumerations for everything keygate writes, plus
//! what GitHub code scanning requires on top (rule ids, partial
//! fingerprints, numeric security severities, 1-based regions).

use serde_json::Value;

fn obj<'a>(v: &'a Value, what: &str) -> &'a serde_json::Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what} must be an object: {v}"))
}

fn only(v: &Value, what: &str, allowed: &[&str]) {
    for k in obj(v, what).keys() {
        assert!(
            allowed.contains(&k.as_str()),
            "{what} has a property SARIF does not define: {k}"
        );
    }
}

fn message(v: &Value, what: &str) {
    only(
        v,
        what,
        &["text", "markdown", "id", "arguments", "properties"],
    );
    assert!(
        v["text"].is_string() || v["id"].is_string(),
        "{what} needs text or id"
    );
}

pub fn check(doc: &Value) {
    only(
        doc,
        "log",
        &[
            "$schema",
            "version",
            "runs",
            "inlineExternalProperties",
            "properties",
        ],
    );
    assert_eq!(doc["version"], "2.1.0");
    let runs = doc["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    // keygate's columns count characters.
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert!(driver["name"].is_string(), "tool.driver.name is required");
    let uri = driver["informationUri"].as_str().expect("informationUri");
    assert!(
        uri.starts_with("https://"),
        "informationUri is absolute: {uri}"
    );
    assert_eq!(uri, env!("CARGO_PKG_REPOSITORY"));
    let rules = driver["rules"].as_array().expect("driver.rules");
    for r in rules {
        only(
            r,
            "reportingDescriptor",
            &[
                "id",
                "name",
                "shortDescription",
                "fullDescription",
                "help",
                "defaultConfiguration",
                "properties",
                "helpUri",
                "messageStrings",
                "guid",
                "deprecatedIds",
            ],
        );
        assert!(r["id"].is_string(), "rule id is required");
        message(&r["shortDescription"], "shortDescription");
        message(&r["help"], "help");
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["none", "note", "warning", "error"].contains(&level));
        let sev: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
    }
    for res in run["results"].as_array().expect("results") {
        only(
            res,
            "result",
            &[
                "ruleId",
                "ruleIndex",
                "level",
                "message",
                "locations",
                "partialFingerprints",
                "properties",
            ],
        );
        message(&res["message"], "result.message");
        let id = res["ruleId"].as_str().unwrap();
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], id, "ruleIndex must point at the rule");
        assert!(["none", "note", "warning", "error"].contains(&res["level"].as_str().unwrap()));
        for loc in res["locations"].as_array().unwrap() {
            let phys = &loc["physicalLocation"];
            only(
                phys,
                "physicalLocation",
                &[
                    "artifactLocation",
                    "region",
                    "contextRegion",
                    "address",
                    "properties",
                ],
            );
            let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
            assert!(
                !uri.starts_with('/') && !uri.contains('\\'),
                "relative URI: {uri}"
            );
            let region = &phys["region"];
            for k in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(region[k].as_u64().unwrap() >= 1, "{k} is 1-based");
            }
            assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
        }
        let fps = obj(&res["partialFingerprints"], "partialFingerprints");
        assert!(fps.values().all(Value::is_string) && !fps.is_empty());
    }
    // Each result carries its own security severity; its rule carries the
    // worst of its results' (GitHub shows an alert at its rule's severity).
    for (idx, r) in rules.iter().enumerate() {
        let sevs: Vec<f64> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|res| res["ruleIndex"].as_u64() == Some(idx as u64))
            .map(|res| severity(res, "result"))
            .collect();
        assert!(!sevs.is_empty(), "rule {} has results", r["id"]);
        let worst = sevs.iter().cloned().fold(f64::MIN, f64::max);
        assert_eq!(
            severity(r, "rule"),
            worst,
            "rule {} is at its worst result",
            r["id"]
        );
    }
}

/// `properties.security-severity` of a rule or result, as a number.
fn severity(v: &Value, what: &str) -> f64 {
    let s = v["properties"]["security-severity"]
        .as_str()
        .unwrap_or_else(|| panic!("{what} needs properties.security-severity: {v}"));
    let n: f64 = s.parse().unwrap();
    assert!((0.0..=10.0).contains(&n), "{what}: {n}");
    n
}

/// A token whose checksum fails (probably fake, low severity) seen before a
/// real one of the same rule: the rule must be at the real token's
/// severity, each result at its own.
#[test]
fn sarif_rule_takes_the_worst_severity_of_its_findings() {
    let repo = crate::harness::Repo::new();
    let good = crate::fake::github_token("sarif-worst");
    let mut bad = crate::fake::github_token("sarif-worst-bad");
    let last = bad.pop().unwrap();
    bad.push(if last == 'A' { 'B' } else { 'A' });
    repo.write("a_first.py", format!("TOKEN = \"{bad}\"\n"));
    repo.write("b_second.py", format!("TOKEN = \"{good}\"\n"));
    let run = repo.keygate(&["scan", ".", "--format", "sarif"]);
    run.assert_code(1);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    check(&doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, ["a_first.py", "b_second.py"], "{}", run.stdout);
    assert_eq!(results[0]["ruleId"], results[1]["ruleId"]);
    let (low, high) = (severity(&results[0], "bad"), severity(&results[1], "good"));
    assert!(low < 4.0 && high >= 7.0, "{low} {high}");
    let rule = &doc["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(severity(rule, "rule"), high);
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
}

/// JUnit test cases name their file in a `file` attribute.
#[test]
fn junit_cases_have_a_file_attribute() {
    let repo = crate::harness::Repo::new();
    let key = crate::fake::aws_key_id("junit-file");
    repo.write(
        "deploy/a & b.py",
        format!("aws_access_key_id = \"{key}\"\n"),
    );
    let run = repo.keygate(&["scan", ".", "--format", "junit"]);
    run.assert_code(1);
    let cases: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("<testcase "))
        .collect();
    assert_eq!(cases.len(), 1, "{}", run.stdout);
    crate::harness::assert_contains(cases[0], r#" file="deploy/a &amp; b.py""#);
    assert!(!run.stdout.contains(&key));
}
