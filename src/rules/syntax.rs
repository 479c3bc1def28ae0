//! Rules as written in `patterns/*.yaml` or a project's `.keygate.yaml`:
//! plain data, deserialised with unknown fields refused.

use crate::finding::Severity;
use serde::{Deserialize, Deserializer};

/// A file of rules as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Named word lists, defined once with a YAML anchor
    /// (`key_stop_words: &key_stop_words [...]`) and used by rules through
    /// aliases (`*key_stop_words`). keygate reads them only through those
    /// aliases.
    #[serde(default)]
    pub word_lists: std::collections::BTreeMap<String, Vec<String>>,
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
    /// The value stands for a credential where the context says it is one
    /// (a connection string's `Password=`, `NetworkCredential("u", …)`):
    /// generated, punctuation-heavy, or chosen by a person, and not a
    /// placeholder, a well-known default or code.
    Credential,
    /// A password a person chose (`Redis2024!`) that does not look
    /// generated (those are `randomness`'s): `dotenv-password`.
    Chosen,
    /// A generated value rich in punctuation (Django `SECRET_KEY`,
    /// WordPress salts), which `randomness` takes for code.
    Punctuated,
    /// Not a `punctuated` value: those are left to the rule that asks
    /// for them (`generic-secret` yields to `generic-secret-punctuated`).
    NotPunctuated,
    /// A UUID that is not a documented or sequential stand-in.
    Uuid,
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
    #[serde(default, deserialize_with = "word_list")]
    pub key_words: Vec<String>,
    /// For keyed rules: a key containing one of these words is not secret
    /// (`token_url`, `password_hash`). Like `key_words`, an item may itself
    /// be a list (a YAML alias of a list defined once with an anchor), which
    /// is flattened: rules that share a stop list say it once.
    #[serde(default, deserialize_with = "word_list")]
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
    /// A command that deactivates the secret, with `{secret}` where the
    /// secret (for a pair, its first half) goes; reports print it redacted
    /// unless asked not to.
    pub revoke_command: Option<String>,
    /// For rules whose secrets `--verify` can check: the one read-only
    /// identity call it makes (method and URL), so that users see what is
    /// sent where. A test keeps it equal to the verifier's own.
    pub verify: Option<String>,
    /// Texts that must produce a finding of this rule (file paths, for
    /// `kind: path`). `{{rand:SET:N}}` expands to N characters drawn from
    /// SET with a fixed seed.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts that must produce no finding at all.
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// The file name examples are scanned as, for rules limited by `paths`
    /// (not for `kind: path`, whose examples are file names themselves).
    pub example_path: Option<String>,
}

/// A list of words in which an item may itself be a list (a YAML alias),
/// flattened one level.
fn word_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Word(String),
        List(Vec<String>),
    }
    let items = Vec::<Item>::deserialize(d)?;
    Ok(items
        .into_iter()
        .flat_map(|i| match i {
            Item::Word(w) => vec![w],
            Item::List(l) => l,
        })
        .collect())
}
