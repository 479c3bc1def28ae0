//! Detector throughput on realistic text, with a plain harness (no extra
//! dependency): the labelled corpus in tests/corpus (expanded), scanned many
//! times, against a baseline in the same run (`memchr` counting newlines over
//! the same bytes). Prints MB/s and the ratio; asserts nothing.
//!
//!     cargo bench --bench detector

use keygate::blob::{Blob, Origin};
use keygate::detect::Detector;
use keygate::fake::{expand, FakeRng};
use keygate::rules::RuleSet;
use std::time::Instant;

fn main() {
    let detector = Detector::new(RuleSet::builtin().unwrap());
    // Real code with few secrets: this crate's own sources.
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let code: Vec<(String, Vec<u8>)> = walk(std::path::Path::new(src))
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    report("source code", &detector, &code, 200);
    // Dense: the labelled corpus, a secret or a near miss in every file.
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let mut files = Vec::new();
    for entry in walk(std::path::Path::new(root)) {
        let rel = entry
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .trim_start_matches('/')
            .to_string();
        if rel.ends_with(".py") && rel.starts_with("generate") || rel == "labels.json" {
            continue;
        }
        let raw = std::fs::read_to_string(&entry).unwrap_or_default();
        let text = expand(&raw, &mut FakeRng::from_label(&rel)).unwrap_or(raw);
        files.push((rel, text.into_bytes()));
    }
    report("labelled corpus", &detector, &files, 200);
}

fn report(what: &str, detector: &Detector, files: &[(String, Vec<u8>)], rounds: usize) {
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let start = Instant::now();
    let mut findings = 0;
    for _ in 0..rounds {
        for (path, b) in files {
            findings += detector.scan(&Blob::new(Origin::file(path), b)).len();
        }
    }
    let scan = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut lines = 0;
    for _ in 0..rounds {
        for (_, b) in files {
            lines += memchr::memchr_iter(b'\n', b).count();
        }
    }
    let base = start.elapsed().as_secs_f64().max(1e-9);
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{what}: {} files, {:.1} MB x {rounds}: {:.0} MB/s ({} findings); newline count {:.0} MB/s ({lines} lines); detector/baseline time ratio {:.1}",
        files.len(),
        bytes as f64 / 1e6,
        mb / scan,
        findings / rounds,
        mb / base,
        scan / base
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
