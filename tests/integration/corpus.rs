//! The labelled corpus (tests/corpus, written by tests/corpus/generate.py):
//! hundreds of realistic files with fake secrets and hard negatives. Every
//! file is scanned; findings are compared with the labels by (rule, line),
//! and precision and recall are printed per category. The test fails below
//! 0.98 on either, in any category.

use keygate::blob::{Blob, Origin};
use keygate::detect::Detector;
use keygate::fake::{expand, FakeRng};
use keygate::rules::RuleSet;
use std::collections::{BTreeMap, BTreeSet};

#[derive(serde::Deserialize)]
struct Labels {
    files: Vec<LabelledFile>,
}

#[derive(serde::Deserialize)]
struct LabelledFile {
    path: String,
    category: String,
    expect: Vec<Expected>,
}

#[derive(serde::Deserialize)]
struct Expected {
    rule: String,
    line: usize,
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    files: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

#[test]
fn corpus_precision_and_recall() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let labels: Labels =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}/labels.json")).unwrap())
            .unwrap();
    assert!(
        labels.files.len() >= 300,
        "the corpus should hold hundreds of files"
    );
    let detector = Detector::new(RuleSet::builtin().unwrap());
    let mut per: BTreeMap<String, Counts> = BTreeMap::new();
    let mut mistakes = Vec::new();
    for file in &labels.files {
        let raw = std::fs::read_to_string(format!("{root}/{}", file.path)).unwrap();
        let text = encode_marked(&expand(&raw, &mut FakeRng::from_label(&file.path)).unwrap());
        let origin = Origin::file(&file.path);
        let mut findings = detector.scan(&Blob::new(origin.clone(), text.as_bytes()));
        findings.extend(detector.scan_path(&origin));
        let found: BTreeSet<(String, usize)> = findings
            .iter()
            .map(|f| (f.rule_id().to_string(), f.line))
            .collect();
        let expected: BTreeSet<(String, usize)> = file
            .expect
            .iter()
            .map(|e| (e.rule.clone(), e.line))
            .collect();
        let c = per.entry(file.category.clone()).or_default();
        c.files += 1;
        c.tp += found.intersection(&expected).count();
        for (rule, line) in found.difference(&expected) {
            c.fp += 1;
            mistakes.push(format!("FP {}:{line} {rule}", file.path));
            if std::env::var_os("CORPUS_DEBUG").is_some() {
                eprintln!("FP {}: {:?}", file.path, text.lines().nth(line - 1));
            }
        }
        for (rule, line) in expected.difference(&found) {
            c.fn_ += 1;
            mistakes.push(format!("FN {}:{line} {rule}", file.path));
            if std::env::var_os("CORPUS_DEBUG").is_some() {
                eprintln!("FN {}: {:?}", file.path, text.lines().nth(line - 1));
            }
        }
    }
    let mut table = format!(
        "\n{:<14} {:>5} {:>5} {:>4} {:>4} {:>9} {:>7}\n",
        "category", "files", "tp", "fp", "fn", "precision", "recall"
    );
    let mut total = Counts::default();
    for (cat, c) in &per {
        table.push_str(&format!(
            "{cat:<14} {:>5} {:>5} {:>4} {:>4} {:>9.3} {:>7.3}\n",
            c.files,
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        ));
        total.files += c.files;
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
    }
    table.push_str(&format!(
        "{:<14} {:>5} {:>5} {:>4} {:>4} {:>9.3} {:>7.3}\n",
        "all",
        total.files,
        total.tp,
        total.fp,
        total.fn_,
        total.precision(),
        total.recall()
    ));
    println!("{table}");
    for m in &mistakes {
        println!("{m}");
    }
    let failing: Vec<&String> = per
        .iter()
        .filter(|(_, c)| c.precision() < 0.98 || c.recall() < 0.98)
        .map(|(k, _)| k)
        .collect();
    assert!(
        failing.is_empty(),
        "categories below 0.98: {failing:?}{table}\n{}",
        mistakes.join("\n")
    );
}

/// `@@B64{…}@@` markers replaced by the base64 of what they hold (after the
/// `{{rand:…}}` templates are expanded), for Kubernetes Secret manifests.
fn encode_marked(text: &str) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let encode = |b: &[u8]| {
        let mut out = String::new();
        for chunk in b.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &c)| n | u32::from(c) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    };
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("@@B64{") {
        let Some(len) = rest[start..].find("}@@") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&encode(&rest.as_bytes()[start + 6..start + len]));
        rest = &rest[start + len + 3..];
    }
    out.push_str(rest);
    out
}

/// Issue 15, decoding: a Kubernetes Secret's `data:` values are scanned
/// decoded and reported at the encoded value, by the real binary in a real
/// repository; placeholders and plain settings stay quiet, and the same
/// bytes under a ConfigMap are not decoded (only judged as text).
#[test]
fn k8s_secret_data_is_decoded_and_reported_at_the_encoded_value() {
    use crate::harness::{f, Repo};
    let mut rng = FakeRng::from_label("k8s-e2e");
    let token = expand("ghp_{{rand:alnum:36}}", &mut rng).unwrap();
    let chosen = expand("Kangaroo{{rand:digit:3}}", &mut rng).unwrap();
    let b64 = |s: &str| encode_marked(&format!("@@B64{{{s}}}@@"));
    let manifest = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  password: {}\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  username: {}\n  DB_PASSWORD: {}\n  GITHUB_TOKEN: \"{}\"\n  API_KEY: {}\n",
        b64(&chosen),
        b64("admin"),
        b64(&chosen),
        b64(&token),
        b64("changeme"),
    );
    let repo = Repo::new();
    repo.write("deploy/secret.yaml", &manifest);
    let run = repo.keygate(&["scan", ".", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![
            // not decoded outside a Secret: judged as the text it is
            f("generic-secret", "deploy/secret.yaml", 6, 13),
            f("dotenv-password", "deploy/secret.yaml", 15, 16),
            f("github-pat", "deploy/secret.yaml", 16, 18),
        ],
        "{}",
        run.stdout
    );
}
