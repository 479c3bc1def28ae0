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
        let text = expand(&raw, &mut FakeRng::from_label(&file.path)).unwrap();
        let origin = Origin::file(&file.path);
        let mut findings = detector.scan(&Blob::new(origin.clone(), text.as_bytes()));
        findings.extend(detector.scan_path(&origin));
        let found: BTreeSet<(String, usize)> = findings
            .iter()
            .map(|f| (f.rule_id.clone(), f.line))
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
        }
        for (rule, line) in expected.difference(&found) {
            c.fn_ += 1;
            mistakes.push(format!("FN {}:{line} {rule}", file.path));
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
