//! Every rule proves itself: its `examples` must produce a finding of that
//! rule and its `negative_examples` must produce no finding at all.
//!
//! Examples may hold `{{rand:SET:N}}`, which expands to `N` characters drawn
//! from `SET` by a fixed-seed generator. That keeps key-shaped literals out of
//! the repository (hosts that block pushes with valid-looking tokens stay
//! happy, and `keygate scan .` on keygate stays clean) while the detector
//! still sees realistic random secrets. `SET` is a name (`alnum`, `base64`,
//! `base64url`, `hex`, `HEX`, `lower`, `upper`, `digit`) or a class body such as
//! `A-Z2-7`.

use crate::detect::Detector;
use crate::rules::{Matcher, Rule};
use crate::source::{Blob, Origin};

/// A small deterministic generator (SplitMix64) for fake secrets.
#[derive(Debug, Clone)]
pub struct FakeRng(u64);

impl FakeRng {
    /// A generator seeded from `seed`.
    pub fn new(seed: u64) -> Self {
        FakeRng(seed)
    }

    /// A generator seeded from a string.
    pub fn from_label(label: &str) -> Self {
        // FNV-1a, enough to spread labels.
        let mut h: u64 = 0xcbf29ce484222325;
        for b in label.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        FakeRng(h)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }

    /// `n` characters drawn uniformly from `alphabet`.
    pub fn string(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next_u64() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

/// The characters of a named set or of a class body such as `A-Z2-7`.
pub fn alphabet(set: &str) -> Option<Vec<u8>> {
    const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
    const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const DIGIT: &str = "0123456789";
    let named = match set {
        "alnum" => Some(format!("{UPPER}{LOWER}{DIGIT}")),
        "base64" => Some(format!("{UPPER}{LOWER}{DIGIT}+/")),
        "base64url" => Some(format!("{UPPER}{LOWER}{DIGIT}-_")),
        "hex" => Some("0123456789abcdef".to_string()),
        "HEX" => Some("0123456789ABCDEF".to_string()),
        "lower" => Some(LOWER.to_string()),
        "upper" => Some(UPPER.to_string()),
        "digit" => Some(DIGIT.to_string()),
        _ => None,
    };
    if let Some(s) = named {
        return Some(s.into_bytes());
    }
    let b = set.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if i + 2 < b.len() && b[i + 1] == b'-' {
            if b[i] > b[i + 2] {
                return None;
            }
            out.extend(b[i]..=b[i + 2]);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Expands every `{{rand:SET:N}}` in `template` with `rng`.
pub fn expand(template: &str, rng: &mut FakeRng) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{rand:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 7..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unterminated {{{{rand:…}}}} in {template:?}"))?;
        let spec = &after[..end];
        let (set, n) = spec
            .rsplit_once(':')
            .ok_or_else(|| format!("{{{{rand:{spec}}}}} needs SET:N"))?;
        let n: usize = n
            .parse()
            .map_err(|_| format!("{{{{rand:{spec}}}}}: N is not a number"))?;
        let alpha = alphabet(set).ok_or_else(|| format!("{{{{rand:{spec}}}}}: unknown SET"))?;
        out.push_str(&rng.string(&alpha, n));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

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
            f.extend(detector.scan_path(&origin));
            f
        };
        let ok = if positive {
            findings.iter().any(|f| f.rule_id == rule.id)
        } else {
            findings.is_empty()
        };
        if !ok {
            let got: Vec<String> = findings
                .iter()
                .map(|f| format!("{}@{}:{} {:?}", f.rule_id, f.line, f.column, f.secret))
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

    #[test]
    fn templates_expand_deterministically() {
        let a = expand("k={{rand:A-Z2-7:16}};", &mut FakeRng::new(7)).unwrap();
        let b = expand("k={{rand:A-Z2-7:16}};", &mut FakeRng::new(7)).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 2 + 16 + 1);
        assert!(a[2..18]
            .bytes()
            .all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c)));
        assert!(expand("{{rand:z-a:3}}", &mut FakeRng::new(1)).is_err());
        assert!(expand("{{rand:hex:3", &mut FakeRng::new(1)).is_err());
        assert_eq!(
            expand("{{ .Values.x }}", &mut FakeRng::new(1)).unwrap(),
            "{{ .Values.x }}"
        );
    }

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
