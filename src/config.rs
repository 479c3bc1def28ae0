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

use crate::finding::Finding;
use crate::rules::{RuleError, RuleSet};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = ".keygate.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigSyntax {
    #[serde(default)]
    allowlist: AllowSyntax,
    #[serde(default)]
    rule_allowlists: BTreeMap<String, AllowSyntax>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    rules: Vec<serde_yaml::Value>,
    #[serde(default)]
    baseline: Option<String>,
    #[serde(default)]
    max_file_size: Option<serde_yaml::Value>,
    /// Server side: `git push -o keygate.allow=<fingerprint>` may let a
    /// finding through (`keygate pre-receive`).
    #[serde(default)]
    allow_push_options: bool,
    /// Server side: what `keygate pre-receive --timeout` does when the scan
    /// runs out of time: `reject` (the default) or `accept`.
    #[serde(default)]
    on_timeout: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowSyntax {
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
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
    allowlist: Allowlist,
    rule_allowlists: BTreeMap<String, Allowlist>,
    disable: Vec<String>,
    extra_rules: String,
    baseline: Option<String>,
    /// Files and blobs larger than this many bytes are skipped.
    pub max_file_size: Option<u64>,
    /// `allow_push_options: true`: the server honours
    /// `git push -o keygate.allow=<fingerprint>`.
    pub allow_push_options: bool,
    /// `on_timeout: accept`: a push whose scan ran out of time is accepted
    /// (with a warning) instead of refused.
    pub accept_on_timeout: bool,
    /// The configuration text, for `config --show`.
    text: String,
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

    /// Parses configuration `text`; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Config, RuleError> {
        let err = |line: Option<usize>, message: String| RuleError {
            file: file.to_string(),
            line,
            rule: None,
            message,
        };
        let syntax: ConfigSyntax = if text.trim().is_empty() {
            ConfigSyntax::default()
        } else {
            serde_yaml::from_str(text)
                .map_err(|e| err(e.location().map(|l| l.line()), e.to_string()))?
        };
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
        let compile = |a: &AllowSyntax, field: &str| -> Result<Allowlist, RuleError> {
            let paths = if a.paths.is_empty() {
                None
            } else {
                let mut b = GlobSetBuilder::new();
                for p in &a.paths {
                    let g = Glob::new(p).map_err(|e| {
                        err(line_of(p), format!("{field}.paths: bad glob `{p}`: {e}"))
                    })?;
                    b.add(g);
                }
                Some(
                    b.build()
                        .map_err(|e| err(None, format!("{field}.paths: {e}")))?,
                )
            };
            let regexes = a
                .regexes
                .iter()
                .map(|r| {
                    let re = Regex::new(r).map_err(|e| {
                        err(line_of(r), format!("{field}.regexes: `{r}` does not compile: {e}"))
                    })?;
                    if re.is_match("") {
                        return Err(err(
                            line_of(r),
                            format!("{field}.regexes: `{r}` matches the empty string, so it would allow everything"),
                        ));
                    }
                    if crate::rules::SAMPLE_SECRETS.iter().all(|x| re.is_match(x)) {
                        return Err(err(
                            line_of(r),
                            format!("{field}.regexes: `{r}` matches secrets of every shape, so it would allow everything; anchor it to the values you mean"),
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
        };
        let allowlist = compile(&syntax.allowlist, "allowlist")?;
        let mut rule_allowlists = BTreeMap::new();
        for (id, a) in &syntax.rule_allowlists {
            rule_allowlists.insert(id.clone(), compile(a, &format!("rule_allowlists.{id}"))?);
        }
        let extra_rules = if syntax.rules.is_empty() {
            String::new()
        } else {
            // Re-serialised as a rules file, so extra rules share the rule
            // loader and its validation; errors still name this file.
            serde_yaml::to_string(&serde_yaml::Mapping::from_iter([(
                serde_yaml::Value::from("rules"),
                serde_yaml::Value::Sequence(syntax.rules.clone()),
            )]))
            .map_err(|e| err(None, e.to_string()))?
        };
        let max_file_size = match &syntax.max_file_size {
            None => None,
            Some(serde_yaml::Value::Number(n)) => Some(n.as_u64().ok_or_else(|| {
                err(
                    line_of("max_file_size"),
                    "max_file_size: must be a positive number of bytes or a size like 20MiB".into(),
                )
            })?),
            Some(serde_yaml::Value::String(t)) => Some(
                parse_size(t)
                    .map_err(|e| err(line_of("max_file_size"), format!("max_file_size: {e}")))?,
            ),
            Some(_) => {
                return Err(err(
                    line_of("max_file_size"),
                    "max_file_size: must be a number of bytes or a size like 20MiB".into(),
                ))
            }
        };
        let accept_on_timeout = match syntax.on_timeout.as_deref() {
            None | Some("reject") => false,
            Some("accept") => true,
            Some(other) => {
                return Err(err(
                    line_of("on_timeout"),
                    format!("on_timeout: `{other}` is neither `reject` nor `accept`"),
                ))
            }
        };
        let config = Config {
            source: None,
            allow_push_options: syntax.allow_push_options,
            accept_on_timeout,
            allowlist,
            rule_allowlists,
            disable: syntax.disable,
            extra_rules,
            baseline: syntax.baseline,
            max_file_size,
            text: text.to_string(),
        };
        // Validate extra rules now, so the error names this file.
        config.rule_set_from(RuleSet::default(), file, text)?;
        Ok(config)
    }

    /// The built-in rules plus this configuration's, minus disabled ones.
    pub fn rule_set(&self) -> Result<RuleSet, RuleError> {
        let file = self
            .source
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| FILE_NAME.to_string());
        let builtin = RuleSet::builtin()?;
        self.rule_set_from(builtin, &file, "")
    }

    fn rule_set_from(
        &self,
        mut set: RuleSet,
        file: &str,
        original: &str,
    ) -> Result<RuleSet, RuleError> {
        if !self.extra_rules.is_empty() {
            set.add_file(file, &self.extra_rules).map_err(|mut e| {
                // Point at the rule in the user's own file.
                if let Some(rule) = &e.rule {
                    e.line = original
                        .lines()
                        .position(|l| l.contains(&format!("id: {rule}")))
                        .map(|i| i + 1)
                        .or(e.line);
                }
                e
            })?;
        }
        set.retain(|r| !self.disable.contains(&r.id));
        Ok(set)
    }

    /// The effective configuration as commented YAML: every setting, with
    /// the file and line it came from, or `default`. Allowlisted values are
    /// counted, never printed: they may be secrets.
    pub fn describe(&self) -> String {
        use std::fmt::Write as _;
        let file = self
            .source
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let syntax: ConfigSyntax = serde_yaml::from_str(&self.text).unwrap_or_default();
        let at = |needle: &str| -> String {
            match self.text.lines().position(|l| l.contains(needle)) {
                Some(i) => format!("{file}:{}", i + 1),
                None => "default".to_string(),
            }
        };
        let list = |v: &[String]| -> String {
            serde_yaml::to_string(v)
                .map(|y| {
                    let items: Vec<String> = y
                        .lines()
                        .map(|l| l.trim_start_matches("- ").to_string())
                        .filter(|l| l != "[]")
                        .collect();
                    format!("[{}]", items.join(", "))
                })
                .unwrap_or_default()
        };
        let mut out = String::new();
        let size = self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
        let shown = match size {
            n if n % (1 << 30) == 0 => format!("{}GiB", n >> 30),
            n if n % (1 << 20) == 0 => format!("{}MiB", n >> 20),
            n if n % (1 << 10) == 0 => format!("{}KiB", n >> 10),
            n => n.to_string(),
        };
        let _ = writeln!(
            out,
            "max_file_size: {shown}  # {}",
            if self.max_file_size.is_some() {
                at("max_file_size")
            } else {
                "default".into()
            }
        );
        match &self.baseline {
            Some(b) => {
                let _ = writeln!(out, "baseline: {b}  # {}", at("baseline"));
            }
            None => {
                let _ = writeln!(out, "baseline: null  # default (none)");
            }
        }
        let _ = writeln!(
            out,
            "disable: {}  # {}",
            list(&self.disable),
            if self.disable.is_empty() {
                "default".into()
            } else {
                at("disable")
            }
        );
        let allow = |out: &mut String, indent: &str, a: &AllowSyntax| {
            for (name, v) in [
                ("paths", &a.paths),
                ("regexes", &a.regexes),
                ("stopwords", &a.stopwords),
            ] {
                let from = v.first().map_or("default".to_string(), |x| at(x));
                let _ = writeln!(out, "{indent}{name}: {}  # {from}", list(v));
            }
            let from = a.values.first().map_or("default".to_string(), |x| at(x));
            let _ = writeln!(
                out,
                "{indent}values: {} value(s), not shown  # {from}",
                a.values.len()
            );
        };
        let _ = writeln!(out, "allowlist:");
        allow(&mut out, "  ", &syntax.allowlist);
        if syntax.rule_allowlists.is_empty() {
            let _ = writeln!(out, "rule_allowlists: {{}}  # default");
        } else {
            let _ = writeln!(out, "rule_allowlists:");
            for (id, a) in &syntax.rule_allowlists {
                let _ = writeln!(out, "  {id}:  # {}", at(&format!("{id}:")));
                allow(&mut out, "    ", a);
            }
        }
        let extra: Vec<String> = syntax
            .rules
            .iter()
            .filter_map(|r| r.get("id").and_then(|v| v.as_str()).map(str::to_string))
            .collect();
        let _ = writeln!(
            out,
            "rules: {}  # {}",
            list(&extra),
            if extra.is_empty() {
                "default (built-in rules only)".into()
            } else {
                at("rules:")
            }
        );
        out
    }

    /// The baseline file the configuration names, relative to its directory.
    pub fn baseline(&self) -> Option<PathBuf> {
        let b = self.baseline.as_ref()?;
        let dir = self
            .source
            .as_ref()
            .and_then(|s| s.parent())
            .unwrap_or(Path::new("."));
        Some(dir.join(b))
    }

    /// Whether a finding is allowed by the global or its rule's allowlist.
    pub fn allows(&self, f: &Finding) -> bool {
        self.allowlist.allows(f)
            || self
                .rule_allowlists
                .get(&f.rule_id)
                .is_some_and(|a| a.allows(f))
    }

    /// `.keygate.yaml` in `dir` or the nearest ancestor up to (and
    /// including) the enclosing repository root.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let dir = dir.canonicalize().ok()?;
        for d in dir.ancestors() {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            if d.join(".git").exists() {
                break;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_fine() {
        let c = Config::parse("c.yaml", "").unwrap();
        assert!(c.disable.is_empty());
    }

    #[test]
    fn unknown_keys_name_file_line_and_key() {
        let e = Config::parse("c.yaml", "allowlist:\n  paths: []\n  pathz: [x]\n").unwrap_err();
        assert_eq!(e.file, "c.yaml");
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("pathz"), "{e}");
    }

    #[test]
    fn server_settings() {
        let c = Config::parse("c.yaml", "allow_push_options: true\non_timeout: accept\n").unwrap();
        assert!(c.allow_push_options && c.accept_on_timeout);
        let c = Config::parse("c.yaml", "on_timeout: reject\n").unwrap();
        assert!(!c.allow_push_options && !c.accept_on_timeout);
        let e = Config::parse("c.yaml", "disable: []\non_timeout: maybe\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
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
        let set = c.rule_set().unwrap();
        assert!(set.rules().iter().any(|r| r.id == "acme-token"));
        assert!(!set.rules().iter().any(|r| r.id == "generic-secret"));
    }
}
