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
    let driver = &run["tool"]["driver"];
    assert!(driver["name"].is_string(), "tool.driver.name is required");
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
}
