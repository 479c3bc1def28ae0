//! Rules are data. [`RuleSyntax`] is a rule as written in `patterns/*.yaml`
//! (or a user's file); [`Rule`] is the validated, compiled form the detector
//! runs. Compilation checks everything it can and names the file, line and
//! rule id in its error.

use crate::finding::Severity;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

pub mod check;
mod load;

pub use load::BUILTIN_FILES;

/// A file of rules as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The rules in this file.
    pub rules: Vec<RuleSyntax>,
}

/// How a rule finds candidates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// A regular expression over the bytes (the default).
    #[default]
    Regex,
    /// The file is parsed as dotenv; each `KEY=value` entry is a candidate.
    Dotenv,
    /// The file name alone is the finding (keystores, PKCS#12 bundles),
    /// whatever the content, binary included.
    Path,
    /// Two other rules' findings near each other become one finding
    /// (an AWS key ID with its secret key).
    Pair,
}

/// The two rules a `kind: pair` rule joins.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairSyntax {
    /// The rule whose finding gives the location (e.g. the key ID).
    pub first: String,
    /// The rule whose finding completes the pair (e.g. the secret).
    pub second: String,
    /// How many lines apart the two may be.
    pub max_lines: usize,
}

/// Extra facts a rule can decode from a secret, shown as notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Annotator {
    /// AWS key IDs: long-lived or temporary, and the account ID they decode to.
    AwsKeyId,
    /// GitHub/npm-style tokens: whether the CRC32 checksum suffix matches
    /// (a mismatch lowers the severity: a fake or mistyped token).
    Base62Checksum,
    /// JWTs: the algorithm, issuer and expiry from the decoded token.
    Jwt,
}

/// How much text around a keyword hit a rule's regex sees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Window {
    /// The line holding the keyword (a bounded slice of very long lines):
    /// the default, for secrets that sit on their keyword's line.
    #[default]
    Line,
    /// The whole blob, for matches that span lines (PEM blocks).
    File,
}

/// Where a finding is reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportAt {
    /// At the secret (the capture group).
    #[default]
    Secret,
    /// At the start of the whole match (e.g. a PEM `BEGIN` line).
    Match,
}

/// A named post-match check, implemented in `detect::checks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// The value must look randomly generated (works on short strings).
    Randomness,
    /// The value must contain both upper- and lower-case letters.
    MixedCase,
    /// The value is a PEM body that must hold enough random base64.
    PemBody,
    /// The value is a password a person or a generator chose, not a test
    /// word (`secret123`) or an escaping test (`p%40ss%3Bword`).
    Password,
    /// The value is a JWT whose header decodes to JSON with an `alg`.
    Jwt,
    /// The value is base64 that decodes to `user:password`.
    BasicAuth,
    /// The value is base64 of a PEM private key (kubeconfig `client-key-data`).
    Base64Pem,
    /// The value's letters, case folded and other characters skipped, hold
    /// no alphabet walk of 8 or more (`A0bC3dE4fG5hI6jK`): a hand-made
    /// stand-in for a hash or key, not generated output.
    NoAlphabetWalk,
}

/// A rule as written in YAML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSyntax {
    /// Stable kebab-case id, used in output, config and fingerprints.
    pub id: String,
    /// Human name.
    pub name: String,
    /// `high`, `medium` or `low`.
    pub severity: Severity,
    /// How candidates are found.
    #[serde(default)]
    pub kind: RuleKind,
    /// Literal words (matched ignoring ASCII case) of which one must occur
    /// for the rule to run.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The pattern, for `kind: regex`. Compiled over bytes, ASCII-only
    /// classes (`\w`, `\s`, `\b` are ASCII).
    pub regex: Option<String>,
    /// Which capture group is the secret (default 1, or 0 with no groups).
    pub secret_group: Option<usize>,
    /// Which capture group is the key the secret is assigned to, if any.
    pub key_group: Option<usize>,
    /// Where to report: at the secret (default) or at the match start.
    #[serde(default)]
    pub report_at: ReportAt,
    /// What the regex runs on: the keyword's line (default) or the file.
    #[serde(default)]
    pub window: Window,
    /// Minimum Shannon entropy (bits per byte) of the secret.
    pub min_entropy: Option<f64>,
    /// Further checks on the secret.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// File-name globs the rule is limited to (all files when empty).
    #[serde(default)]
    pub paths: Vec<String>,
    /// For keyed rules: the key must contain one of these words (split on
    /// `_`, `-`, `.` and camelCase; `api_key` is the two words api, key).
    #[serde(default)]
    pub key_words: Vec<String>,
    /// For keyed rules: a key containing one of these words is not secret
    /// (`token_url`, `password_hash`).
    #[serde(default)]
    pub key_stop_words: Vec<String>,
    /// Whether the rule is a catch-all that yields to a specific rule
    /// reporting the same bytes.
    #[serde(default)]
    pub generic: bool,
    /// A candidate whose line contains one of these (ASCII case ignored) is
    /// not reported: `badge.svg` for README badge tokens, for instance.
    #[serde(default)]
    pub line_stop_words: Vec<String>,
    /// Documented example values that are never secrets.
    #[serde(default)]
    pub allow_values: Vec<String>,
    /// Facts to decode from the secret and show as notes.
    #[serde(default)]
    pub annotate: Vec<Annotator>,
    /// For `kind: pair`: the two rules joined.
    pub pair: Option<PairSyntax>,
    /// What to do now.
    pub remediation: String,
    /// Texts that must produce a finding of this rule (file paths, for
    /// `kind: path`). `{{rand:SET:N}}` expands to N characters drawn from
    /// SET with a fixed seed.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts that must produce no finding at all.
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// The file name examples are scanned as (for rules limited by `paths`).
    pub example_path: Option<String>,
}

/// How a compiled rule finds candidates.
#[derive(Debug)]
pub enum Matcher {
    /// A byte regex with its secret and key capture groups.
    Regex {
        /// The pattern, compiled on first use or at load.
        regex: LazyRegex,
    },
    /// Dotenv entries.
    Dotenv,
    /// File names.
    Path,
    /// Two rules' findings joined.
    Pair {
        /// The rule giving the location.
        first: String,
        /// The rule completing the pair.
        second: String,
        /// Maximum distance in lines.
        max_lines: usize,
    },
}

/// A rule's pattern, compiled at load for user rules (so that errors name
/// their file and line) and on first use for built-in ones (so that a
/// pre-commit hook pays only for the rules whose keywords occur; the test
/// suite compiles and validates every built-in pattern).
#[derive(Debug)]
pub struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Regex>,
    secret_group: Option<usize>,
    key_group: Option<usize>,
}

impl LazyRegex {
    /// The compiled pattern.
    pub fn get(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            build_regex(&self.pattern).expect("built-in patterns are validated by the test suite")
        })
    }

    /// The capture group of the secret (default 1, or 0 without groups).
    pub fn secret_group(&self) -> usize {
        self.secret_group
            .unwrap_or_else(|| if self.get().captures_len() > 1 { 1 } else { 0 })
    }

    /// The capture group of the key, if any.
    pub fn key_group(&self) -> Option<usize> {
        self.key_group
    }

    /// Compiles and checks the pattern: it must compile, must not match the
    /// empty string, and its groups must exist.
    pub fn validate(&self) -> Result<Regex, String> {
        let regex =
            build_regex(&self.pattern).map_err(|e| format!("`regex` does not compile: {e}"))?;
        if regex.is_match(b"") {
            return Err("`regex` matches the empty string".into());
        }
        if ORDINARY_LINES.iter().all(|l| regex.is_match(l.as_bytes())) {
            return Err(format!(
                "`regex` matches every line of ordinary text (it matched all of {:?}), so it would report everything",
                ORDINARY_LINES
            ));
        }
        let groups = regex.captures_len();
        let secret_group = self.secret_group.unwrap_or(if groups > 1 { 1 } else { 0 });
        if secret_group >= groups {
            return Err(format!(
                "`secret_group` {secret_group} but the regex has {} group(s)",
                groups - 1
            ));
        }
        if let Some(k) = self.key_group {
            if k >= groups || k == 0 {
                return Err(format!("`key_group` {k} is not a capture group"));
            }
        }
        Ok(regex)
    }
}

/// Lines with no secret in them: a rule pattern that matches all of them
/// matches everything, and is refused.
pub const ORDINARY_LINES: [&str; 8] = [
    "a",
    "0",
    "}",
    "hello world",
    "fn main() {}",
    "import os",
    "<div class=\"row\">",
    "SELECT * FROM users;",
];

/// Secrets of different shapes: an allowlist pattern that matches all of
/// them allows everything, and is refused.
pub const SAMPLE_SECRETS: [&str; 6] = [
    "hunter2",
    "Zq8mT4vR",
    "0f3a9c1e7b2d4a6c8e0f1a3b5c7d9e1f",
    "xoxb-2f9c-aQ7",
    "-----BEGIN PRIVATE KEY-----",
    "s3cr3t/with+symbols=",
];

fn build_regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(1 << 23)
        .build()
}

/// Key words that make an assignment secret, and words that make it not.
#[derive(Debug, Default)]
pub struct KeyFilter {
    /// Each entry is a word sequence, e.g. `["api", "key"]`.
    pub words: Vec<Vec<String>>,
    /// Single words that disqualify a key.
    pub stop_words: HashSet<String>,
}

/// A validated, compiled rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Severity.
    pub severity: Severity,
    /// The file the rule came from (e.g. `patterns/aws.yaml`).
    pub source: String,
    /// How candidates are found.
    pub matcher: Matcher,
    /// Prefilter keywords, lowercased.
    pub keywords: Vec<String>,
    /// File-name globs the rule is limited to.
    pub paths: Option<GlobSet>,
    /// Where findings are reported.
    pub report_at: ReportAt,
    /// What the regex runs on.
    pub window: Window,
    /// Minimum Shannon entropy of the secret.
    pub min_entropy: Option<f64>,
    /// Named checks on the secret.
    pub checks: Vec<Check>,
    /// Key filter for keyed rules.
    pub key_filter: Option<KeyFilter>,
    /// Whether the rule yields to specific rules.
    pub generic: bool,
    /// Lowercased words that silence a candidate's line.
    pub line_stop_words: Vec<Vec<u8>>,
    /// Values never reported.
    pub allow_values: HashSet<Vec<u8>>,
    /// Facts decoded from the secret.
    pub annotate: Vec<Annotator>,
    /// What to do now.
    pub remediation: String,
    /// The rule as written (for examples and listing).
    pub syntax: RuleSyntax,
}

/// An invalid rule or rule file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The file, as named to the user.
    pub file: String,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// The rule id, when known.
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, ": rule `{rule}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RuleError {}

impl RuleSyntax {
    /// Validates and compiles this rule; `file` and `text` locate errors.
    pub fn compile(self, file: &str, text: &str) -> Result<Rule, RuleError> {
        self.compile_with(file, text, true)
    }

    /// Like [`RuleSyntax::compile`]; with `eager` false the regex is
    /// compiled on first use (for built-in rules, which tests validate).
    pub fn compile_with(self, file: &str, text: &str, eager: bool) -> Result<Rule, RuleError> {
        let err = |message: String| RuleError {
            file: file.to_string(),
            line: line_of_rule(text, &self.id),
            rule: Some(self.id.clone()),
            message,
        };
        if !is_kebab(&self.id) {
            return Err(err("`id` must be kebab-case ([a-z0-9-]+)".into()));
        }
        if self.name.trim().is_empty() {
            return Err(err("`name` must not be empty".into()));
        }
        if self.remediation.trim().is_empty() {
            return Err(err("`remediation` must say what to do now".into()));
        }
        if self.examples.is_empty() || self.negative_examples.is_empty() {
            return Err(err(
                "every rule needs `examples` and `negative_examples`".into()
            ));
        }
        if self.keywords.iter().any(|k| k.trim().len() < 2) {
            return Err(err("`keywords` must be at least 2 characters".into()));
        }
        let matcher = match self.kind {
            RuleKind::Regex => {
                let Some(pattern) = &self.regex else {
                    return Err(err("`regex` is required for `kind: regex`".into()));
                };
                if self.keywords.is_empty() && self.paths.is_empty() {
                    return Err(err(
                        "a regex rule needs `keywords` (or `paths`) so the prefilter can skip it"
                            .into(),
                    ));
                }
                let regex = LazyRegex {
                    pattern: pattern.clone(),
                    compiled: OnceLock::new(),
                    secret_group: self.secret_group,
                    key_group: self.key_group,
                };
                if eager {
                    let compiled = regex.validate().map_err(err)?;
                    let _ = regex.compiled.set(compiled);
                }
                Matcher::Regex { regex }
            }
            RuleKind::Dotenv | RuleKind::Path => {
                if self.regex.is_some() {
                    return Err(err("this `kind` takes no `regex`".into()));
                }
                if self.paths.is_empty() {
                    return Err(err("this `kind` needs `paths`".into()));
                }
                if self.kind == RuleKind::Dotenv {
                    Matcher::Dotenv
                } else {
                    Matcher::Path
                }
            }
            RuleKind::Pair => {
                let Some(pair) = &self.pair else {
                    return Err(err(
                        "`kind: pair` needs `pair: {first, second, max_lines}`".into()
                    ));
                };
                Matcher::Pair {
                    first: pair.first.clone(),
                    second: pair.second.clone(),
                    max_lines: pair.max_lines,
                }
            }
        };
        if self.pair.is_some() && self.kind != RuleKind::Pair {
            return Err(err("`pair` is only for `kind: pair`".into()));
        }
        let paths = if self.paths.is_empty() {
            None
        } else {
            if self.example_path.is_none() {
                return Err(err("a rule limited by `paths` needs `example_path`".into()));
            }
            let mut b = GlobSetBuilder::new();
            for p in &self.paths {
                let glob = GlobBuilder::new(p)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| err(format!("bad glob in `paths`: {e}")))?;
                b.add(glob);
            }
            Some(b.build().map_err(|e| err(format!("bad `paths`: {e}")))?)
        };
        let needs_key = !self.key_words.is_empty() || !self.key_stop_words.is_empty();
        let keyed = self.kind == RuleKind::Dotenv || self.key_group.is_some();
        if needs_key && !keyed {
            return Err(err(
                "`key_words` need `key_group` (or `kind: dotenv`) to know the key".into(),
            ));
        }
        let key_filter = needs_key.then(|| KeyFilter {
            words: self.key_words.iter().map(|w| split_key(w)).collect(),
            stop_words: self
                .key_stop_words
                .iter()
                .map(|w| w.to_ascii_lowercase())
                .collect(),
        });
        if let Some(e) = self.min_entropy {
            if !(0.0..=8.0).contains(&e) {
                return Err(err("`min_entropy` must be between 0 and 8".into()));
            }
        }
        Ok(Rule {
            id: self.id.clone(),
            name: self.name.clone(),
            severity: self.severity,
            source: file.to_string(),
            matcher,
            keywords: self
                .keywords
                .iter()
                .map(|k| k.to_ascii_lowercase())
                .collect(),
            paths,
            report_at: self.report_at,
            window: self.window,
            min_entropy: self.min_entropy,
            checks: self.checks.clone(),
            key_filter,
            generic: self.generic,
            line_stop_words: self
                .line_stop_words
                .iter()
                .map(|w| w.to_ascii_lowercase().into_bytes())
                .collect(),
            allow_values: self
                .allow_values
                .iter()
                .map(|v| v.as_bytes().to_vec())
                .collect(),
            annotate: self.annotate.clone(),
            remediation: self.remediation.trim().to_string(),
            syntax: self,
        })
    }
}

/// Splits an identifier into lowercase words on `_`, `-`, `.`, spaces and
/// camelCase boundaries: `awsSecretAccessKey` → aws, secret, access, key.
pub fn split_key(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = key.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && !cur.is_empty()
            && (prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_ascii_uppercase())
                    && next.is_some_and(|n| n.is_ascii_lowercase())));
        if boundary {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// The 1-based line of `id: <rule>` in `text`, to point errors at a rule.
fn line_of_rule(text: &str, id: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix("id:")
                .map(|rest| rest.trim().trim_matches(|c| c == '"' || c == '\'') == id)
                .unwrap_or(false)
        })
        .map(|i| i + 1)
}

/// A compiled, validated set of rules with unique ids.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
}

impl RuleSet {
    /// The rules shipped in `patterns/`.
    pub fn builtin() -> Result<Self, RuleError> {
        let mut set = RuleSet::default();
        for (file, text) in BUILTIN_FILES {
            set.add_file_with(file, text, false)?;
        }
        set.check_references()?;
        Ok(set)
    }

    /// Parses and adds every rule of one YAML file, compiling their regexes.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        self.add_file_with(file, text, true)
    }

    fn add_file_with(&mut self, file: &str, text: &str, eager: bool) -> Result<(), RuleError> {
        let parsed: RuleFile = serde_yaml::from_str(text).map_err(|e| RuleError {
            file: file.to_string(),
            line: e.location().map(|l| l.line()),
            rule: None,
            message: e.to_string(),
        })?;
        for syntax in parsed.rules {
            let rule = syntax.compile_with(file, text, eager)?;
            if self.rules.iter().any(|r| r.id == rule.id) {
                return Err(RuleError {
                    file: file.to_string(),
                    line: line_of_rule(text, &rule.id),
                    rule: Some(rule.id),
                    message: "duplicate rule id".into(),
                });
            }
            self.rules.push(rule);
        }
        Ok(())
    }

    /// Checks what rules refer to by id (the two halves of a pair).
    pub fn check_references(&self) -> Result<(), RuleError> {
        for rule in &self.rules {
            if let Matcher::Pair { first, second, .. } = &rule.matcher {
                for id in [first, second] {
                    if !self
                        .rules
                        .iter()
                        .any(|r| &r.id == id && !matches!(r.matcher, Matcher::Pair { .. }))
                    {
                        return Err(RuleError {
                            file: rule.source.clone(),
                            line: None,
                            rule: Some(rule.id.clone()),
                            message: format!("`pair` names `{id}`, which is not a rule"),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Keeps only the rules for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Rule) -> bool) {
        self.rules.retain(keep);
    }

    /// Consumes the set.
    pub fn into_rules(self) -> Vec<Rule> {
        self.rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_key_handles_every_style() {
        assert_eq!(
            split_key("awsSecretAccessKey"),
            ["aws", "secret", "access", "key"]
        );
        assert_eq!(
            split_key("AWS_SECRET_ACCESS_KEY"),
            ["aws", "secret", "access", "key"]
        );
        assert_eq!(split_key("api-key.v2"), ["api", "key", "v2"]);
        assert_eq!(split_key("HTTPServerToken"), ["http", "server", "token"]);
        assert_eq!(split_key("x"), ["x"]);
    }

    fn compile(yaml: &str) -> Result<RuleSet, RuleError> {
        let mut s = RuleSet::default();
        s.add_file("user.yaml", yaml).map(|_| s)
    }

    const BASE: &str = "rules:\n  - id: demo-rule\n    name: Demo\n    severity: high\n    keywords: [demo]\n    remediation: Rotate it.\n    examples: ['demo_abc']\n    negative_examples: ['nothing']\n";

    #[test]
    fn a_valid_rule_compiles() {
        let set = compile(&format!("{BASE}    regex: 'demo_([a-z]+)'\n")).unwrap();
        assert_eq!(set.rules()[0].id, "demo-rule");
    }

    #[test]
    fn errors_name_file_line_and_rule() {
        let e = compile(&format!("{BASE}    regex: 'demo_(['\n")).unwrap_err();
        assert_eq!(e.file, "user.yaml");
        assert_eq!(e.line, Some(2));
        assert_eq!(e.rule.as_deref(), Some("demo-rule"));
        assert!(e.message.contains("does not compile"), "{e}");
    }

    #[test]
    fn unknown_fields_are_refused_with_their_line() {
        let e = compile(&format!("{BASE}    regex: 'demo'\n    severty: low\n")).unwrap_err();
        assert_eq!(e.line, Some(10), "{e}");
        assert!(e.message.contains("severty"), "{e}");
    }

    #[test]
    fn empty_matching_regex_is_refused() {
        let e = compile(&format!("{BASE}    regex: 'x*'\n")).unwrap_err();
        assert!(e.message.contains("empty string"), "{e}");
    }

    #[test]
    fn match_everything_regexes_are_refused() {
        for pattern in [".", "\\S+", "(?s).+", "[^\\n]"] {
            let e = compile(&format!("{BASE}    regex: '{pattern}'\n")).unwrap_err();
            assert!(e.message.contains("every line"), "{pattern}: {e}");
            assert_eq!(e.rule.as_deref(), Some("demo-rule"));
        }
        // Loose but meaningful patterns are fine.
        compile(&format!("{BASE}    regex: 'demo_[a-z]+'\n")).unwrap();
    }

    #[test]
    fn secret_group_must_exist() {
        let e = compile(&format!(
            "{BASE}    regex: 'demo(x)'\n    secret_group: 2\n"
        ))
        .unwrap_err();
        assert!(e.message.contains("secret_group"), "{e}");
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let text = format!("{BASE}    regex: 'demo'\n");
        let mut s = RuleSet::default();
        s.add_file("a.yaml", &text).unwrap();
        let e = s.add_file("b.yaml", &text).unwrap_err();
        assert_eq!(e.file, "b.yaml");
        assert!(e.message.contains("duplicate"));
    }

    #[test]
    fn every_builtin_regex_is_valid() {
        let set = RuleSet::builtin().unwrap();
        for rule in set.rules() {
            if let Matcher::Regex { regex } = &rule.matcher {
                if let Err(e) = regex.validate() {
                    panic!("{} ({}): {e}", rule.id, rule.source);
                }
            }
        }
    }

    #[test]
    fn builtin_rules_load() {
        let set = RuleSet::builtin().unwrap();
        assert!(set.rules().iter().any(|r| r.id == "aws-access-key-id"));
    }
}
