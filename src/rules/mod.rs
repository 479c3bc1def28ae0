//! Rules are data. [`RuleSyntax`] is a rule as written in `patterns/*.yaml`
//! (or a project's `.keygate.yaml`); [`Rule`] is the validated, compiled form
//! the detector runs. Compilation checks everything it can and names the
//! file, line and rule id in its error.

use std::fmt;
use std::sync::OnceLock;

mod compile;
mod load;
mod syntax;

pub use compile::{split_key, KeyFilter, LazyRegex, Matcher, Rule, ORDINARY_LINES, SAMPLE_SECRETS};
pub use load::BUILTIN_FILES;
pub use syntax::{Annotator, Check, PairSyntax, ReportAt, RuleFile, RuleKind, RuleSyntax, Window};

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

/// A compiled, validated set of rules with unique ids.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
}

impl RuleSet {
    /// The rules shipped in `patterns/`. Their YAML is parsed once per
    /// process; each call compiles a fresh set (regexes on first use).
    pub fn builtin() -> Result<Self, RuleError> {
        static PARSED: OnceLock<Result<Vec<ParsedFile>, RuleError>> = OnceLock::new();
        let parsed = PARSED.get_or_init(|| {
            BUILTIN_FILES
                .iter()
                .map(|&(file, text, json)| Ok((file, text, parse_builtin(file, text, json)?)))
                .collect()
        });
        let mut set = RuleSet::default();
        for (file, text, rules) in parsed.as_ref().map_err(Clone::clone)? {
            set.add_rules(rules.iter().cloned(), file, text, false)?;
        }
        set.check_references()?;
        Ok(set)
    }

    /// Parses and adds every rule of one YAML file, compiling their regexes.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        self.add_rules(parse_file(file, text)?, file, text, true)
    }

    /// Validates, compiles and adds `rules`, written in `file` whose text
    /// is `text` (which locates errors).
    pub(crate) fn add_rules(
        &mut self,
        rules: impl IntoIterator<Item = RuleSyntax>,
        file: &str,
        text: &str,
        eager: bool,
    ) -> Result<(), RuleError> {
        let lines = compile::rule_lines(text);
        for syntax in rules {
            let line = lines.get(syntax.id.as_str()).copied();
            let rule = syntax.compile_with(file, line, eager)?;
            if self.rules.iter().any(|r| r.id == rule.id) {
                return Err(RuleError {
                    file: file.to_string(),
                    line: rule.line,
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
                            line: rule.line,
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

/// A built-in rule file: its name, its text and its rules as written.
type ParsedFile = (&'static str, &'static str, Vec<RuleSyntax>);

/// Parses a built-in rule file from the JSON `build.rs` made of it, or from
/// its YAML when that JSON is empty or does not fit (errors then carry the
/// YAML parser's line).
fn parse_builtin(file: &str, yaml: &str, json: &str) -> Result<Vec<RuleSyntax>, RuleError> {
    match serde_json::from_str::<RuleFile>(json) {
        Ok(parsed) => Ok(parsed.rules),
        Err(_) => parse_file(file, yaml),
    }
}

/// Parses a rule file; errors carry the YAML parser's line.
fn parse_file(file: &str, text: &str) -> Result<Vec<RuleSyntax>, RuleError> {
    let parsed: RuleFile = serde_yaml::from_str(text).map_err(|e| RuleError {
        file: file.to_string(),
        line: e.location().map(|l| l.line()),
        rule: None,
        message: e.to_string(),
    })?;
    Ok(parsed.rules)
}

/// The id in `ids` closest to `wanted` (edit distance at most a third of its
/// length), for "did you mean" hints.
pub fn closest<'a>(wanted: &str, ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let distance = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for j in 0..b.len() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != b[j]))
                    .min(row[j] + 1)
                    .min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    };
    ids.into_iter()
        .map(|id| (distance(wanted, id), id))
        .filter(|(d, _)| *d <= wanted.chars().count().div_ceil(3))
        .min()
        .map(|(_, id)| id)
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
    fn did_you_mean() {
        let ids = ["aws-access-key-id", "generic-secret", "stripe-test-key"];
        assert_eq!(closest("generic-secrets", ids), Some("generic-secret"));
        assert_eq!(closest("aws-acess-key-id", ids), Some("aws-access-key-id"));
        assert_eq!(closest("slack-token", ids), None);
    }

    #[test]
    fn builtin_rules_start_from_their_json_which_matches_their_yaml() {
        for &(file, yaml, json) in BUILTIN_FILES {
            let fast = serde_json::from_str::<RuleFile>(json)
                .unwrap_or_else(|e| panic!("{file}: build.rs's JSON does not parse: {e}"));
            let slow = parse_file(file, yaml).unwrap();
            assert_eq!(format!("{:?}", fast.rules), format!("{slow:?}"), "{file}");
        }
    }

    #[test]
    fn builtin_rules_load() {
        let set = RuleSet::builtin().unwrap();
        assert!(set.rules().iter().any(|r| r.id == "aws-access-key-id"));
    }
}
