//! From [`RuleSyntax`] to [`Rule`]: every field validated, globs and key
//! filters built, the regex compiled (at load for a project's rules, so
//! errors name their file and line; on first use for built-in ones, which
//! the test suite validates).

use super::syntax::{Annotator, Check, ReportAt, RuleKind, RuleSyntax, Window};
use super::RuleError;
use crate::finding::Severity;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexBuilder};
use std::collections::HashSet;
use std::sync::OnceLock;

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
    compiled: OnceLock<Option<Regex>>,
    secret_group: Option<usize>,
    key_group: Option<usize>,
}

impl LazyRegex {
    /// The compiled pattern, or `None` if it does not compile (never for a
    /// built-in rule, which the test suite validates; a project's rules are
    /// compiled at load, where an error names the file and line).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| build_regex(&self.pattern).ok())
            .as_ref()
    }

    /// The capture group of the secret (default 1, or 0 without groups).
    pub fn secret_group(&self) -> usize {
        self.secret_group.unwrap_or_else(|| {
            if self.get().is_some_and(|r| r.captures_len() > 1) {
                1
            } else {
                0
            }
        })
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
    /// The 1-based line of its `id:` in that file, when found.
    pub line: Option<usize>,
    /// Which rule wins when several report the same bytes: specific (2)
    /// over dotenv values (1) over generic assignments (0).
    pub priority: u8,
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
    pub remediation: std::sync::Arc<str>,
    /// The deactivation command template (`{secret}` stands for it).
    pub revoke_command: Option<String>,
    /// The call `--verify` makes for this rule's secrets, if any.
    pub verify: Option<String>,
    /// The rule as written (for examples and listing).
    pub syntax: RuleSyntax,
}

impl RuleSyntax {
    /// Validates and compiles this rule; `file` and `text` locate errors.
    pub fn compile(self, file: &str, text: &str) -> Result<Rule, RuleError> {
        let line = rule_lines(text).get(self.id.as_str()).copied();
        self.compile_with(file, line, true)
    }

    /// Like [`RuleSyntax::compile`], with the rule's line in its file
    /// already known; with `eager` false the regex is compiled on first use
    /// (for built-in rules, which tests validate).
    pub(crate) fn compile_with(
        self,
        file: &str,
        line: Option<usize>,
        eager: bool,
    ) -> Result<Rule, RuleError> {
        let err = |message: String| RuleError {
            file: file.to_string(),
            line,
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
        if self
            .revoke_command
            .as_ref()
            .is_some_and(|c| !c.contains("{secret}"))
        {
            return Err(err(
                "`revoke_command` must say where the secret goes: `{secret}`".into(),
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
                    let _ = regex.compiled.set(Some(compiled));
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
        if self.kind == RuleKind::Path && self.example_path.is_some() {
            return Err(err(
                "`example_path` is not used by `kind: path` (its examples are file names)".into(),
            ));
        }
        let paths = if self.paths.is_empty() {
            None
        } else {
            if self.example_path.is_none() && self.kind != RuleKind::Path {
                return Err(err(
                    "a rule limited by `paths` needs `example_path`, the file name its examples are scanned as".into(),
                ));
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
        // Which rule reports bytes that several match: specific rules beat
        // dotenv values, which beat generic assignments.
        let priority = match (self.generic, self.kind) {
            (false, _) => 2,
            (true, RuleKind::Dotenv) => 1,
            (true, _) => 0,
        };
        Ok(Rule {
            line,
            priority,
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
            remediation: self.remediation.trim().into(),
            revoke_command: self.revoke_command.clone(),
            verify: self.verify.clone(),
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

/// The 1-based line of each `id: <rule>` in `text` (the first, when an id
/// repeats), to point errors at a rule: one pass over the file.
pub(super) fn rule_lines(text: &str) -> std::collections::HashMap<&str, usize> {
    let mut lines = std::collections::HashMap::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = t.strip_prefix("id:") {
            let id = rest.trim().trim_matches(|c| c == '"' || c == '\'');
            lines.entry(id).or_insert(i + 1);
        }
    }
    lines
}
