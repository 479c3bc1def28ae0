//! `.keygate.yaml`: a project's own allowlists, disabled rules and extra
//! rules.
//!
//! ```yaml
//! allowlist:                 # applies to every rule
//!   paths: ["tests/fixtures/**", "docs/**/*.md"]   # globs on the reported path
//!   regexes: ["^AKIA[A-Z2-7]{12}TEST$"]            # matched against the secret
//!   values: ["the-exact-secret"]                    # exact secrets
//!   stopwords: [sandbox]     # a secret containing one (ignoring case) is skipped
//! rule_allowlists:           # the same, for one rule
//!   generic-secret:
//!     paths: ["scripts/**"]
//! disable: [stripe-test-key]
//! rules:                     # extra rules, same schema as patterns/*.yaml
//!   - id: acme-internal-token
//!     ...
//! baseline: .keygate-baseline.json   # relative to this file
//! ```
//!
//! Every error names the file, the line and the field.

use crate::detect::examples::check_rule;
use crate::detect::Detector;
use crate::finding::Finding;
use crate::rules::{RuleError, RuleSet, RuleSyntax};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file name looked for.
pub const FILE_NAME: &str = ".keygate.yaml";

/// The configuration as written (what `config --show` describes).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Written {
    /// The allowlist for every rule.
    #[serde(default)]
    pub allowlist: AllowWritten,
    /// Allowlists for one rule each, by rule id.
    #[serde(default)]
    pub rule_allowlists: BTreeMap<String, AllowWritten>,
    /// Rule ids not to run.
    #[serde(default)]
    pub disable: Vec<String>,
    /// The project's own rules, in the schema of `patterns/*.yaml`.
    #[serde(default)]
    pub rules: Vec<RuleSyntax>,
    /// The baseline file, relative to this file.
    #[serde(default)]
    pub baseline: Option<String>,
    /// The size limit, in bytes or with a unit.
    #[serde(default)]
    pub max_file_size: Option<serde_yaml::Value>,
    /// Whether `keygate staged --verify` (the pre-commit hook) may call
    /// providers; off by default, so the hook stays offline.
    #[serde(default)]
    pub verify_in_hook: bool,
    /// Server side: `git push -o keygate.allow=<fingerprint>` may let a
    /// finding through (`keygate pre-receive`).
    #[serde(default)]
    pub allow_push_options: bool,
    /// Server side: what `keygate pre-receive --timeout` does when the scan
    /// runs out of time: `reject` (the default) or `accept`.
    #[serde(default)]
    pub on_timeout: Option<String>,
}

/// One allowlist as written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowWritten {
    /// Globs on the reported path.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Regexes matched against the secret.
    #[serde(default)]
    pub regexes: Vec<String>,
    /// Exact secrets.
    #[serde(default)]
    pub values: Vec<String>,
    /// Words that, inside a secret (ignoring case), allow it.
    #[serde(default)]
    pub stopwords: Vec<String>,
}

/// One compiled allowlist.
#[derive(Debug, Default)]
pub struct Allowlist {
    paths: Option<GlobSet>,
    regexes: Vec<Regex>,
    values: Vec<String>,
    stopwords: Vec<String>,
}

impl Allowlist {
    /// Compiles one allowlist; `field` names it in errors, `err` builds
    /// them and `line_of` finds the line of a written value.
    fn compile(
        a: &AllowWritten,
        field: &str,
        err: &dyn Fn(Option<usize>, String) -> RuleError,
        line_of: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<Allowlist, RuleError> {
        let paths = if a.paths.is_empty() {
            None
        } else {
            let mut b = GlobSetBuilder::new();
            for p in &a.paths {
                let g = Glob::new(p)
                    .map_err(|e| err(line_of(p), format!("{field}.paths: bad glob `{p}`: {e}")))?;
                b.add(g);
            }
            Some(
                b.build()
                    .map_err(|e| err(None, format!("{field}.paths: {e}")))?,
            )
        };
        // An allowlist regex may spell out a secret: errors name it by its
        // position and length, never by its text.
        let regexes = a
            .regexes
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let name = format!(
                    "{field}.regexes: regex #{} ({} chars)",
                    i + 1,
                    r.chars().count()
                );
                let re = Regex::new(r).map_err(|e| {
                    err(
                        line_of(r),
                        format!("{name} does not compile: {}", regex_reason(&e)),
                    )
                })?;
                if re.is_match("") {
                    return Err(err(
                        line_of(r),
                        format!("{name} matches the empty string, so it would allow everything"),
                    ));
                }
                if crate::rules::SAMPLE_SECRETS.iter().all(|x| re.is_match(x)) {
                    return Err(err(
                        line_of(r),
                        format!("{name} matches secrets of every shape, so it would allow everything; anchor it to the values you mean"),
                    ));
                }
                Ok(re)
            })
            .collect::<Result<_, _>>()?;
        Ok(Allowlist {
            paths,
            regexes,
            values: a.values.clone(),
            stopwords: a.stopwords.iter().map(|w| w.to_ascii_lowercase()).collect(),
        })
    }

    /// Whether `f` is allowed (not to be reported).
    pub fn allows(&self, f: &Finding) -> bool {
        if self
            .paths
            .as_ref()
            .is_some_and(|g| g.is_match(f.display_path()))
        {
            return true;
        }
        if self.values.contains(&f.secret) {
            return true;
        }
        if self.regexes.iter().any(|r| r.is_match(&f.secret)) {
            return true;
        }
        let lower = f.secret.to_ascii_lowercase();
        self.stopwords.iter().any(|w| lower.contains(w.as_str()))
    }
}

/// A loaded configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// Where it came from (`None`: defaults).
    pub source: Option<PathBuf>,
    /// The name errors give it (the path, or `.keygate.yaml@<commit>`).
    pub name: String,
    allowlist: Allowlist,
    rule_allowlists: BTreeMap<String, Allowlist>,
    /// Files and blobs larger than this many bytes are skipped.
    pub max_file_size: Option<u64>,
    /// `allow_push_options: true`: the server honours
    /// `git push -o keygate.allow=<fingerprint>`.
    pub allow_push_options: bool,
    /// `on_timeout: accept`: a push whose scan ran out of time is accepted
    /// (with a warning) instead of refused.
    pub accept_on_timeout: bool,
    /// The configuration as written.
    pub written: Written,
    /// The configuration text, which locates settings and errors.
    pub text: String,
}

/// The default size limit: 10 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 << 20;

/// Parses `123`, `64KiB`, `10MiB`, `1GB`, `2k` into bytes. Binary units
/// (KiB, MiB, GiB, and bare K, M, G) are powers of 1024; KB, MB, GB are
/// powers of 1000.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size: use bytes or a unit such as 64KiB, 200MiB"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        other => {
            return Err(format!(
                "unknown size unit `{other}`: use B, KiB, MiB, GiB, KB, MB or GB"
            ))
        }
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{s}` is too large"))
}

/// `max_file_size` as written: a number of bytes or a size like `20MiB`.
fn size_setting(v: &serde_yaml::Value) -> Result<u64, String> {
    match v {
        serde_yaml::Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| "must be a positive number of bytes or a size like 20MiB".into()),
        serde_yaml::Value::String(t) => parse_size(t),
        _ => Err("must be a number of bytes or a size like 20MiB".into()),
    }
}

/// The 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// Parses `4s`, `500ms`, `1.5s`, `2m` (a bare number is seconds).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration: use 4s, 500ms or 1m"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        other => return Err(format!("unknown duration unit `{other}`: use ms, s or m")),
    };
    if !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 {
        return Err(format!(
            "`{s}` is out of range: give more than zero and at most a day"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

impl Config {
    /// Reads and validates `path`.
    pub fn load(path: &Path) -> Result<Config, RuleError> {
        let text = std::fs::read_to_string(path).map_err(|e| RuleError {
            file: path.display().to_string(),
            line: None,
            rule: None,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(&path.display().to_string(), &text).map(|mut c| {
            c.source = Some(path.to_path_buf());
            c
        })
    }

    /// Parses configuration `text`; `file` names it in errors. A project's
    /// own rules are compiled here (their errors name this file and line);
    /// what needs the whole rule set (pairs, disabled ids, examples) is
    /// checked by [`Config::detector`].
    pub fn parse(file: &str, text: &str) -> Result<Config, RuleError> {
        let err = |line: Option<usize>, message: String| RuleError {
            file: file.to_string(),
            line,
            rule: None,
            message,
        };
        let written: Written = if text.trim().is_empty() {
            Written::default()
        } else {
            serde_yaml::from_str(text)
                .map_err(|e| err(e.location().map(|l| l.line()), e.to_string()))?
        };
        let line_of = |needle: &str| line_of(text, needle);
        let allowlist = Allowlist::compile(&written.allowlist, "allowlist", &err, &line_of)?;
        let mut rule_allowlists = BTreeMap::new();
        for (id, a) in &written.rule_allowlists {
            let field = format!("rule_allowlists.{id}");
            rule_allowlists.insert(id.clone(), Allowlist::compile(a, &field, &err, &line_of)?);
        }
        let max_file_size = written
            .max_file_size
            .as_ref()
            .map(|v| {
                size_setting(v)
                    .map_err(|e| err(line_of("max_file_size"), format!("max_file_size: {e}")))
            })
            .transpose()?;
        let accept_on_timeout = match written.on_timeout.as_deref() {
            None | Some("reject") => false,
            Some("accept") => true,
            Some(other) => {
                return Err(err(
                    line_of("on_timeout"),
                    format!("on_timeout: `{other}` is neither `reject` nor `accept`"),
                ))
            }
        };
        RuleSet::default().add_rules(written.rules.iter().cloned(), file, text, true)?;
        Ok(Config {
            source: None,
            name: file.to_string(),
            allowlist,
            rule_allowlists,
            max_file_size,
            allow_push_options: written.allow_push_options,
            accept_on_timeout,
            written,
            text: text.to_string(),
        })
    }

    /// The built-in rules plus this configuration's, minus disabled ones,
    /// checked as a whole: pairs name existing rules, `disable` and
    /// `rule_allowlists` name existing rules (with a "did you mean"), and
    /// every project rule finds its `examples` and nothing in its
    /// `negative_examples`. `small` builds the detector for start-up time
    /// (a hook) rather than throughput.
    pub fn detector(&self, small: bool) -> Result<Detector, RuleError> {
        let mut set = RuleSet::builtin()?;
        set.add_rules(
            self.written.rules.iter().cloned(),
            &self.name,
            &self.text,
            true,
        )?;
        set.check_references()?;
        let ids: Vec<&str> = set.rules().iter().map(|r| r.id.as_str()).collect();
        let named = self.written.disable.iter().map(|id| (id, "disable")).chain(
            self.written
                .rule_allowlists
                .keys()
                .map(|id| (id, "rule_allowlists")),
        );
        for (id, field) in named {
            if !ids.contains(&id.as_str()) {
                let hint = crate::rules::closest(id, ids.iter().copied())
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_else(|| "; `keygate rules` lists them".into());
                return Err(RuleError {
                    file: self.name.clone(),
                    line: line_of(&self.text, id),
                    rule: None,
                    message: format!("{field}: `{id}` is not a rule{hint}"),
                });
            }
        }
        set.retain(|r| !self.written.disable.contains(&r.id));
        let detector = if small {
            Detector::for_small_inputs(set)
        } else {
            Detector::new(set)
        };
        self.check_examples(&detector)?;
        Ok(detector)
    }

    /// Runs the examples of this configuration's own rules.
    fn check_examples(&self, detector: &Detector) -> Result<(), RuleError> {
        for written in &self.written.rules {
            let Some(rule) = detector.rules().iter().find(|r| r.id == written.id) else {
                continue; // disabled
            };
            if let Some(failure) = check_rule(detector, rule).into_iter().next() {
                return Err(RuleError {
                    file: self.name.clone(),
                    line: rule.line,
                    rule: Some(rule.id.clone()),
                    message: format!("its examples do not hold: {failure}"),
                });
            }
        }
        Ok(())
    }

    /// The baseline file the configuration names, relative to its directory.
    pub fn baseline(&self) -> Option<PathBuf> {
        let b = self.written.baseline.as_ref()?;
        let dir = self
            .source
            .as_ref()
            .and_then(|s| s.parent())
            .unwrap_or(Path::new("."));
        Some(dir.join(b))
    }

    /// Whether the global allowlist's `paths` allow everything at `path`
    /// (relative to the repository root, `/`-separated).
    pub fn allows_path(&self, path: &str) -> bool {
        self.allowlist
            .paths
            .as_ref()
            .is_some_and(|g| g.is_match(path))
    }

    /// Whether a finding is allowed by the global or its rule's allowlist.
    pub fn allows(&self, f: &Finding) -> bool {
        self.allowlist.allows(f)
            || self
                .rule_allowlists
                .get(f.rule_id())
                .is_some_and(|a| a.allows(f))
    }

    /// `.keygate.yaml` in `dir` or the nearest ancestor up to (and
    /// including) the enclosing repository root. Outside a repository only
    /// `dir` itself: a file planted in a shared parent (`/tmp`) must not
    /// configure someone else's scan.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let dir = dir.canonicalize().ok()?;
        let in_repo = dir.ancestors().any(|d| d.join(".git").exists());
        for d in dir.ancestors() {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            if !in_repo || d.join(".git").exists() {
                break;
            }
        }
        None
    }
}

/// Why a regex does not compile, without the regex itself (the syntax
/// error's own text quotes the pattern).
fn regex_reason(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(text) => text
            .lines()
            .rev()
            .find_map(|l| l.trim().strip_prefix("error: "))
            .unwrap_or("syntax error")
            .to_string(),
        regex::Error::CompiledTooBig(n) => format!("it compiles to more than {n} bytes"),
        _ => "it is not a valid regex".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_fine() {
        let c = Config::parse("c.yaml", "").unwrap();
        assert!(c.written.disable.is_empty());
    }

    #[test]
    fn unknown_keys_name_file_line_and_key() {
        let e = Config::parse("c.yaml", "allowlist:\n  paths: []\n  pathz: [x]\n").unwrap_err();
        assert_eq!(e.file, "c.yaml");
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("pathz"), "{e}");
    }

    #[test]
    fn bad_regexes_are_named() {
        let e = Config::parse("c.yaml", "allowlist:\n  regexes: ['(']\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("allowlist.regexes"), "{e}");
        let e = Config::parse("c.yaml", "allowlist:\n  regexes: ['.*']\n").unwrap_err();
        assert!(e.message.contains("empty string"), "{e}");
        let e = Config::parse("c.yaml", "allowlist:\n  paths: []\n  regexes: ['.']\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("every shape"), "{e}");
        Config::parse("c.yaml", "allowlist:\n  regexes: ['^EXAMPLE[A-Z0-9]+$']\n").unwrap();
    }

    #[test]
    fn extra_rules_are_validated_with_the_config_file_named() {
        let text = "rules:\n  - id: acme-token\n    name: Acme\n    severity: high\n    keywords: [acme_]\n    regex: 'acme_(['\n    remediation: Rotate.\n    examples: ['acme_x']\n    negative_examples: ['x']\n";
        let e = Config::parse("repo/.keygate.yaml", text).unwrap_err();
        assert_eq!(e.file, "repo/.keygate.yaml");
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("regex"), "{e}");
    }

    #[test]
    fn disable_and_extra_rules_shape_the_rule_set() {
        let text = "disable: [generic-secret]\nrules:\n  - id: acme-token\n    name: Acme\n    severity: high\n    keywords: [acme_]\n    regex: '\\b(acme_[a-z0-9]{16})\\b'\n    remediation: Rotate.\n    examples: ['acme_{{rand:0-9a-z:16}}']\n    negative_examples: ['x']\n";
        let c = Config::parse("c.yaml", text).unwrap();
        let detector = c.detector(true).unwrap();
        let set = detector;
        assert!(set.rules().iter().any(|r| r.id == "acme-token"));
        assert!(!set.rules().iter().any(|r| r.id == "generic-secret"));
    }

    #[test]
    fn server_side_settings() {
        let c = Config::parse("c.yaml", "allow_push_options: true\non_timeout: accept\n").unwrap();
        assert!(c.allow_push_options && c.accept_on_timeout);
        let c = Config::parse("c.yaml", "on_timeout: reject\n").unwrap();
        assert!(!c.allow_push_options && !c.accept_on_timeout);
        let e = Config::parse("c.yaml", "disable: []\non_timeout: maybe\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("on_timeout"), "{e}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("4s"), Ok(Duration::from_secs(4)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("4 parsecs").is_err());
        assert!(parse_duration("").is_err());
    }
}
