//! Properties over generated input, run in the normal suite: the parts that
//! read untrusted bytes never panic, positions always lie inside the input,
//! and a secret inserted into random text is found at its line.

use crate::fake;
use keygate::blob::{Blob, Origin};
use keygate::config::Config;
use keygate::detect::Detector;
use keygate::location::char_count;
use keygate::pipeline::tree::scan_chunked;
use keygate::rules::RuleSet;
use keygate::source::git::added_line_ranges;
use proptest::prelude::*;
use std::sync::OnceLock;

fn detector() -> &'static Detector {
    static D: OnceLock<Detector> = OnceLock::new();
    D.get_or_init(|| Detector::new(RuleSet::builtin().unwrap()))
}

/// Bytes that are mostly text with secret-ish shapes mixed in, so the
/// detector's deeper stages run, not just its prefilter.
fn texty_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => "[a-zA-Z0-9_ =:'\"./+-]{0,40}".prop_map(String::into_bytes),
        1 => Just(b"\n".to_vec()),
        1 => Just(b"\r\n".to_vec()),
        1 => prop_oneof![
            Just("AKIA"), Just("password = "), Just("-----BEGIN RSA PRIVATE KEY-----\n"),
            Just("ghp_"), Just("https://user:"), Just("@host/"), Just("xoxb-"), Just("eyJ"),
            Just("AWS_SECRET_ACCESS_KEY="), Just("Authorization: Bearer "), Just("\""),
        ].prop_map(|s| s.as_bytes().to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn check_positions(bytes: &[u8], path: &str) -> Result<(), TestCaseError> {
    let findings = detector().scan(&Blob::new(Origin::file(path), bytes));
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    for f in findings {
        prop_assert!(
            f.line >= 1 && f.line <= lines.len(),
            "line {} of {}",
            f.line,
            lines.len()
        );
        prop_assert!(f.end_line >= f.line && f.end_line <= lines.len());
        let width = char_count(lines[f.line - 1]);
        prop_assert!(
            f.column >= 1 && f.column <= width + 1,
            "column {} of {}",
            f.column,
            width
        );
        let end_width = char_count(lines[f.end_line - 1]);
        prop_assert!(f.end_column >= 1 && f.end_column <= end_width + 1);
        prop_assert!(f.fingerprint.len() == 32);
        // Redaction shows a prefix of the secret (of its first half, for a
        // pair) of at most four characters and at most a quarter of it.
        let redacted = f.redacted();
        let shown = redacted.strip_suffix('…');
        prop_assert!(shown.is_some(), "redacted {:?} has no ellipsis", redacted);
        let shown = shown.unwrap_or_default();
        let secret = f.secret.trim_start();
        prop_assert!(
            secret.starts_with(shown),
            "{:?} is not a prefix of the secret",
            shown
        );
        let n = shown.chars().count();
        prop_assert!(
            n <= 4 && n * 4 <= secret.chars().count(),
            "{} characters shown",
            n
        );
    }
    Ok(())
}

proptest! {
    // A fixed seed keeps CI reproducible; PROPTEST_RNG_SEED=N explores
    // other cases (PROPTEST_CASES=N runs more of them).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        rng_seed: if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
            ProptestConfig::default().rng_seed
        } else {
            proptest::test_runner::RngSeed::Fixed(0x6b65_7967_6174_6521)
        },
        ..ProptestConfig::default()
    })]

    #[test]
    fn detector_never_panics_and_positions_lie_inside(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check_positions(&bytes, "random.bin")?;
    }

    #[test]
    fn detector_on_secretish_text(bytes in texty_bytes(), name in prop_oneof![Just(".env"), Just("app.py"), Just("id_rsa"), Just("x.ipynb")]) {
        check_positions(&bytes, name)?;
    }

    #[test]
    fn dotenv_spans_lie_inside(bytes in texty_bytes()) {
        for e in keygate::dotenv::parse(&bytes) {
            prop_assert!(e.key_span.end <= bytes.len() && e.key_span.start <= e.key_span.end);
            prop_assert!(e.value_span.end <= bytes.len() && e.value_span.start <= e.value_span.end);
            prop_assert!(e.key_span.end <= e.value_span.start);
        }
    }

    #[test]
    fn config_loader_never_panics(text in "[a-z_:\\[\\]{}'\" \\n.*-]{0,200}") {
        let _ = Config::parse("fuzz.yaml", &text);
    }

    #[test]
    fn an_inserted_key_is_found_at_its_line(
        lines in proptest::collection::vec("[a-z0-9 _=.,;(){}]{0,60}", 0..40),
        at in any::<proptest::sample::Index>(),
        seed in any::<u64>(),
    ) {
        let key = fake::aws_key_id(&format!("prop-{seed}"));
        let mut lines = lines;
        let i = at.index(lines.len() + 1);
        lines.insert(i, format!("aws_access_key_id = \"{key}\""));
        let text = lines.join("\n");
        let findings = detector().scan(&Blob::new(Origin::file("settings.py"), text.as_bytes()));
        let hit = findings.iter().find(|f| f.rule_id() == "aws-access-key-id");
        prop_assert!(hit.is_some(), "not found in:\n{}", text);
        let hit = hit.unwrap();
        prop_assert_eq!(hit.line, i + 1);
        prop_assert_eq!(hit.column, "aws_access_key_id = \"".len() + 1);
        prop_assert_eq!(&hit.secret, &key);
    }

    #[test]
    fn inserted_lines_are_marked_added(
        old in proptest::collection::vec("[a-c]{0,3}", 0..30),
        inserts in proptest::collection::vec((any::<proptest::sample::Index>(), "[x-z]{1,3}"), 1..5),
    ) {
        // Inserted lines use letters the old lines never have, so the diff
        // must mark each of them added, and nothing past the end.
        let mut new = old.clone();
        let mut marks = vec![false; old.len()];
        for (at, line) in &inserts {
            let i = at.index(new.len() + 1);
            new.insert(i, line.clone());
            marks.insert(i, true);
        }
        let join = |v: &[String]| v.iter().map(|l| format!("{l}\n")).collect::<String>();
        let set = added_line_ranges(join(&old).as_bytes(), join(&new).as_bytes());
        for (n, inserted) in marks.iter().enumerate() {
            if *inserted {
                prop_assert!(set.intersects(n + 1, n + 1), "line {} not marked", n + 1);
            }
        }
        prop_assert!(!set.intersects(new.len() + 1, usize::MAX));
    }

    /// Large files are scanned in overlapping chunks: the findings, with
    /// their whole-file lines and columns, must be those of a whole scan.
    #[test]
    fn chunked_scans_match_whole_scans(
        lines in proptest::collection::vec(
            prop_oneof![
                4 => "[a-z0-9 _=.,;(){}é]{0,70}",
                1 => "[a-z =;]{200,400}",
                1 => any::<u64>().prop_map(|s| format!("aws_access_key_id = \"{}\"", fake::aws_key_id(&format!("chunk-{s}")))),
                1 => any::<u64>().prop_map(|s| format!("x{}y token: \"{}\"", "=".repeat((s % 50) as usize), fake::github_token(&format!("gh-{s}")))),
            ],
            0..60,
        ),
        chunk in 300usize..900,
    ) {
        let text = lines.join("\n");
        let origin = Origin::file("big.py");
        let whole = detector().scan(&Blob::new(origin.clone(), text.as_bytes()));
        let chunked = scan_chunked(&mut text.as_bytes(), &origin, chunk, 200, u64::MAX, detector()).unwrap();
        let key = |f: &keygate::finding::Finding| (f.rule_id().to_string(), f.line, f.column, f.end_line, f.end_column, f.secret.clone());
        let mut a: Vec<_> = whole.iter().map(key).collect();
        let mut b: Vec<_> = chunked.findings.iter().map(key).collect();
        a.sort();
        b.sort();
        prop_assert_eq!(a, b);
        prop_assert_eq!(chunked.stats.bytes_scanned, text.len() as u64);
    }
}

#[test]
fn chunk_property_inputs_are_detected() {
    let text = format!(
        "aws_access_key_id = \"{}\"\nx== token: \"{}\"\n",
        fake::aws_key_id("chunk-1"),
        fake::github_token("gh-1")
    );
    let found = detector().scan(&Blob::new(Origin::file("big.py"), text.as_bytes()));
    let rules: Vec<&str> = found.iter().map(|f| f.rule_id()).collect();
    assert_eq!(rules, ["aws-access-key-id", "github-pat"], "{found:?}");
}
