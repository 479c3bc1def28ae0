//! Every rule proves itself: its `examples` must produce a finding of that
//! rule and its `negative_examples` must produce no finding at all. The
//! test suite runs this for the built-in rules; configuration loading runs
//! it for a project's own rules, so a user rule that does not find its own
//! examples is an error, not a silent gap.
//!
//! Examples may hold `{{rand:SET:N}}` templates (see [`crate::fake::expand`]).

use super::Detector;
use crate::blob::{Blob, Origin};
use crate::fake::{expand, FakeRng};
use crate::rules::{Matcher, Rule};

/// Runs one rule's examples through `detector`; returns one message per
/// example that does not behave as written.
pub fn check_rule(detector: &Detector, rule: &Rule) -> Vec<String> {
    check_rule_rounds(detector, rule, 1)
}

/// [`check_rule`] with every example expanded `rounds` times from
/// different seeds: a rule whose checks reject some random values its
/// examples describe (an entropy floor set too high, say) fails here.
pub fn check_rule_rounds(detector: &Detector, rule: &Rule, rounds: usize) -> Vec<String> {
    (0..rounds)
        .flat_map(|round| check_rule_round(detector, rule, round))
        .collect()
}

fn check_rule_round(detector: &Detector, rule: &Rule, round: usize) -> Vec<String> {
    let mut failures = Vec::new();
    let path = rule
        .syntax
        .example_path
        .clone()
        .unwrap_or_else(|| format!("examples/{}.txt", rule.id));
    let cases = rule
        .syntax
        .examples
        .iter()
        .map(|e| (e, true))
        .chain(rule.syntax.negative_examples.iter().map(|e| (e, false)));
    for (i, (template, positive)) in cases.enumerate() {
        let mut rng = if round == 0 {
            FakeRng::from_label(&format!("{}#{i}", rule.id))
        } else {
            FakeRng::from_label(&format!("{}#{i}/{round}", rule.id))
        };
        let text = match expand(template, &mut rng) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{}: {e}", rule.id));
                continue;
            }
        };
        let findings = if matches!(rule.matcher, Matcher::Path) {
            // Path rules' examples are file paths.
            detector.scan_path(&Origin::file(&text))
        } else {
            let origin = Origin::file(&path);
            let mut f = detector.scan(&Blob::new(origin.clone(), text.as_bytes()));
            f.retain(|f| !f.suppressed_inline);
            f.extend(detector.scan_path(&origin));
            f
        };
        let ok = if positive {
            findings.iter().any(|f| f.rule_id() == rule.id)
        } else {
            findings.is_empty()
        };
        if !ok {
            let got: Vec<String> = findings
                .iter()
                .map(|f| format!("{}@{}:{} {:?}", f.rule_id(), f.line, f.column, f.secret))
                .collect();
            failures.push(format!(
                "{} ({}): {} example {:?} gave [{}]",
                rule.id,
                rule.source,
                if positive { "positive" } else { "negative" },
                text,
                got.join(", ")
            ));
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    /// The test the rule format promises: every built-in rule's examples.
    #[test]
    fn every_builtin_rule_passes_its_examples() {
        let detector = Detector::new(RuleSet::builtin().unwrap());
        let failures: Vec<String> = detector
            .rules()
            .iter()
            .flat_map(|r| check_rule(&detector, r))
            .collect();
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    /// Every example holds for many random values, not just one seed.
    /// Rules whose format is the evidence (a prefix, a checksum, a fixed
    /// length) must catch every expansion; rules that judge a bare value by
    /// how random it looks (generic assignments, dotenv values, XML
    /// elements) may miss a few percent of random values that look typed,
    /// which is the price of staying quiet on identifiers and words.
    /// `KEYGATE_EXAMPLE_ROUNDS` raises the count (2000 finds rarer misses).
    #[test]
    fn examples_hold_for_many_random_values() {
        use crate::rules::Check;
        let detector = Detector::new(RuleSet::builtin().unwrap());
        let rounds: usize = std::env::var("KEYGATE_EXAMPLE_ROUNDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(40);
        let mut report = Vec::new();
        for rule in detector.rules() {
            let failures = check_rule_rounds(&detector, rule, rounds);
            let negatives: Vec<&String> = failures
                .iter()
                .filter(|f| f.contains(": negative example"))
                .collect();
            let heuristic = rule.generic
                || rule
                    .checks
                    .iter()
                    .any(|c| matches!(c, Check::Randomness | Check::Password));
            let expansions = rounds * rule.syntax.examples.len().max(1);
            let allowed = if heuristic { expansions / 20 } else { 0 };
            let positives = failures.len() - negatives.len();
            if !negatives.is_empty() || positives > allowed {
                report.push(format!(
                    "{}: {positives} of {expansions} positive expansions missed (allowed {allowed}), {} negative(s) reported; first: {}",
                    rule.id,
                    negatives.len(),
                    failures.first().map(String::as_str).unwrap_or("")
                ));
            }
        }
        assert!(report.is_empty(), "\n{}", report.join("\n"));
    }
}
