//! The detector: a pure function of (rules, blob) → findings.
//!
//! Cheapest check first, for every blob:
//! 1. binary content (a NUL byte in the first 8 KiB) is skipped, but UTF-16
//!    and UTF-32 text is transcoded to UTF-8 and scanned;
//! 2. path rules pick the rules limited to this file name (`.env`);
//! 3. one Aho-Corasick pass over all keywords picks the rules that can match;
//! 4. those rules' regexes (or the dotenv parser) yield candidates;
//! 5. each candidate's secret must pass the rule's entropy and named checks;
//! 6. allowlists: documented values, placeholders, `keygate:allow` lines;
//! 7. for diffs, only findings touching added lines are kept.
//!
//! A generic rule yields to a specific rule that reports overlapping bytes,
//! so `aws_secret_access_key = …` is one AWS finding, not two.
//!
//! The detector never knows about git; it is `Sync` and shared by reference
//! between threads.

use crate::blob::{display_path, is_binary, Blob, LineSet, Origin};
use crate::finding::{Finding, RuleText};
use crate::location::LineIndex;
use crate::rules::{Matcher, Rule, RuleSet};
use std::sync::Arc;

pub mod allow;
pub mod annotate;
mod candidates;
pub mod checks;
mod combine;
mod credential;
pub mod entropy;
pub mod examples;
mod fingerprint;
mod k8s;
pub mod prefilter;
mod segments;
mod shown;
pub mod transcode;

pub use candidates::url_password;
pub use fingerprint::{fingerprint, redact, strong, strong_human};
use prefilter::Prefilter;
use shown::shown_line;

/// Blobs of a diff larger than this are scanned around their added lines
/// ([`Detector::scan_windows`]); smaller ones whole.
const WINDOWED_SCAN: usize = 1 << 20;
/// Lines of context on either side of added lines in a windowed scan.
const WINDOW_CONTEXT: usize = 100;

/// Scans blobs with a fixed rule set.
#[derive(Debug)]
pub struct Detector {
    rules: Vec<Rule>,
    prefilter: Prefilter,
    /// Per rule: whether it is limited to file names (`paths`).
    has_paths: Vec<bool>,
    /// Per rule: what its findings share.
    texts: Vec<Arc<RuleText>>,
}

impl Detector {
    /// A detector over `rules`, built for throughput (large scans).
    pub fn new(rules: RuleSet) -> Self {
        Detector::build(rules, true)
    }

    /// A detector built for start-up time (a hook scanning a few files).
    pub fn for_small_inputs(rules: RuleSet) -> Self {
        Detector::build(rules, false)
    }

    fn build(rules: RuleSet, throughput: bool) -> Self {
        let rules = rules.into_rules();
        // One more list after the rules': `kind:`, which every Kubernetes
        // manifest holds, so that the search for Secrets to decode rides
        // on the same pass.
        let keywords: Vec<Vec<String>> = rules
            .iter()
            .map(|r| r.keywords.clone())
            .chain(std::iter::once(vec![k8s::KIND_KEYWORD.to_string()]))
            .collect();
        Detector {
            prefilter: Prefilter::new(&keywords, throughput),
            has_paths: rules.iter().map(|r| r.paths.is_some()).collect(),
            texts: rules.iter().map(rule_text).collect(),
            rules,
        }
    }

    /// The rules this detector runs.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Every finding in `blob`, in report order (see [`Detector::scan_each`]).
    pub fn scan(&self, blob: &Blob<'_>) -> Vec<Finding> {
        let mut findings = Vec::new();
        self.scan_each(blob, &mut |f| findings.push(f));
        findings
    }

    /// Hands every finding in `blob` to `emit`, in report order (line,
    /// column, rule: as [`Finding`]'s `Ord` sorts them), as they are built:
    /// a blob of 100,000 secrets is never held as a list of findings.
    /// Notebooks are scanned cell by cell (see [`crate::notebook`]).
    pub fn scan_each(&self, blob: &Blob<'_>, emit: &mut dyn FnMut(Finding)) {
        // UTF-16 and UTF-32 text is scanned as UTF-8; its lines and
        // character columns are the original file's.
        if let Some(text) = transcode::decode(blob.bytes) {
            let decoded = Blob {
                origin: blob.origin.clone(),
                bytes: text.as_bytes(),
                changed_lines: blob.changed_lines.clone(),
            };
            return self.scan_utf8(&decoded, emit);
        }
        if let Some(changed) = &blob.changed_lines {
            if blob.bytes.len() > WINDOWED_SCAN && !crate::notebook::is_notebook(blob.origin.path())
            {
                return self.scan_windows(blob, changed, emit);
            }
        }
        self.scan_utf8(blob, emit)
    }

    /// A large blob of a diff, scanned only around its added lines: each
    /// run of added lines with [`WINDOW_CONTEXT`] lines on either side (for
    /// pairs, key blocks and the names a value's line refers to), so that
    /// a commit appending one line to a file of megabytes costs one line's
    /// scan, not the file's. The windows are disjoint runs of lines in
    /// order, so their findings come in report order.
    fn scan_windows(&self, blob: &Blob<'_>, changed: &LineSet, emit: &mut dyn FnMut(Finding)) {
        let index = LineIndex::new(blob.bytes);
        let last = index.line(blob.bytes.len());
        let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
        for r in changed.ranges() {
            let from = r.start.saturating_sub(WINDOW_CONTEXT).max(1);
            let to = r.end.saturating_add(WINDOW_CONTEXT).min(last + 1);
            match windows.last_mut() {
                Some(w) if from <= w.end => w.end = w.end.max(to),
                _ if from < to => windows.push(from..to),
                _ => {}
            }
        }
        for w in windows {
            let start = index.line_range(blob.bytes, w.start).start;
            // Up to where the next line starts: the last line's terminator
            // belongs to it.
            let end = if w.end <= last {
                index.line_range(blob.bytes, w.end).start
            } else {
                blob.bytes.len()
            };
            let shift = w.start - 1;
            let sub = Blob {
                origin: blob.origin.clone(),
                bytes: &blob.bytes[start..end],
                changed_lines: Some(LineSet::from_ranges(changed.ranges().iter().filter_map(
                    |r| {
                        let (a, b) = (r.start.max(w.start), r.end.min(w.end));
                        (a < b).then(|| a - shift..b - shift)
                    },
                ))),
            };
            self.scan_utf8(&sub, &mut |mut f| {
                f.line += shift;
                f.end_line += shift;
                emit(f);
            });
        }
    }

    fn scan_utf8(&self, blob: &Blob<'_>, emit: &mut dyn FnMut(Finding)) {
        if crate::notebook::is_notebook(blob.origin.path()) && !is_binary(blob.bytes) {
            // A notebook's parts are not in file order (outputs, metadata):
            // its findings are sorted before they are handed on.
            let mut findings = Vec::new();
            let each = &mut |part: crate::notebook::Part| {
                self.scan_notebook_part(blob, &part, &mut findings)
            };
            if crate::notebook::each_part(blob.bytes, each).is_some() {
                findings.sort_unstable();
                findings.into_iter().for_each(emit);
                return;
            }
        }
        if blob.changed_lines.is_none() && self.segmented(blob.bytes) {
            return self.scan_segments(blob, emit);
        }
        self.scan_text(blob, None, emit)
    }

    /// Scans one string of a notebook, positions mapped to the file.
    fn scan_notebook_part(
        &self,
        blob: &Blob<'_>,
        part: &crate::notebook::Part,
        findings: &mut Vec<Finding>,
    ) {
        use crate::finding::CellPosition;
        let sub = Blob::new(blob.origin.clone(), part.text.as_bytes());
        self.scan_text(&sub, None, &mut |mut f| {
            // Notebook metadata belongs to no cell.
            f.cell = (part.cell > 0).then(|| {
                Box::new(CellPosition {
                    cell: part.cell,
                    kind: part.kind,
                    line: f.line,
                })
            });
            (f.line, f.column) = part.file_position(f.line, f.column);
            (f.end_line, f.end_column) = part.file_position(f.end_line, f.end_column);
            if let Some(changed) = &blob.changed_lines {
                if !changed.intersects(f.line, f.end_line) {
                    return;
                }
            }
            findings.push(f);
        });
    }

    /// Hands the findings of `blob` (all of a text, or a segment of one
    /// with `file_keywords`: see [`Detector::scan_segments`]) to `emit`, in
    /// report order.
    fn scan_text(
        &self,
        blob: &Blob<'_>,
        file_keywords: Option<&[bool]>,
        emit: &mut dyn FnMut(Finding),
    ) {
        let bytes = blob.bytes;
        // A segment's file was probed for binary content at its start.
        if bytes.is_empty() || (file_keywords.is_none() && is_binary(bytes)) {
            return;
        }
        let candidates = self.candidates(blob, file_keywords);
        if candidates.is_empty() {
            return;
        }
        // Every candidate's bytes are masked wherever a shown line shows
        // them: a pair's other half, a neighbour's token.
        let spans = shown::AllSpans::new(candidates.iter().map(|c| c.span.clone()).collect());
        let index = LineIndex::new(bytes);
        // Inline markers apply to each half of a pair before the halves
        // join, so a marker on one line never hides a secret on another.
        // Suppressed candidates are kept, marked, to be counted and listed.
        let mut suppressed = Vec::new();
        // One search of the blob for a marker, not one per candidate.
        let has_marker = memchr::memmem::find(bytes, allow::ALLOW_MARKER).is_some();
        let candidates: Vec<_> = self
            .drop_shadowed(candidates)
            .into_iter()
            .filter_map(|c| {
                let first = index.line(c.report_at.min(c.span.start));
                let last = index.line(c.end.max(c.report_at));
                let near = c.report_at.min(c.span.start)..c.end.max(c.span.end);
                if has_marker && allow::allowed_inline(bytes, &index, first, last, &near) {
                    suppressed.push(c);
                    None
                } else {
                    Some(c)
                }
            })
            .collect();
        let mut candidates = self.join_pairs(candidates, bytes);
        // Filtering kept the buffer of every candidate found; only those
        // left are needed from here on.
        candidates.shrink_to_fit();
        // In order of where they are reported, the suppressed merged in:
        // findings are then built in report order but for ties of line
        // and column, which are sorted among themselves.
        // In place (no scratch copy of the list).
        let by_place = |c: &candidates::Candidate| (c.report_at, c.span.start, c.rule, c.end);
        candidates.sort_unstable_by_key(by_place);
        suppressed.sort_unstable_by_key(by_place);
        let path = display_path(blob.origin.path());
        // One origin shared by every finding of the blob.
        let origin = Arc::new(blob.origin.clone());
        let mut tied: Vec<Finding> = Vec::new();
        let flush = |tied: &mut Vec<Finding>, emit: &mut dyn FnMut(Finding)| {
            tied.sort_unstable();
            tied.drain(..).for_each(emit);
        };
        for (c, suppressed_inline) in merge_by_report_at(candidates, suppressed) {
            let rule = &self.rules[c.rule];
            let start = index.position(bytes, c.report_at);
            let end = index.position(bytes, c.end);
            if !rule.line_stop_words.is_empty() {
                let line = bytes[index.line_range(bytes, start.line)].to_ascii_lowercase();
                if rule
                    .line_stop_words
                    .iter()
                    .any(|w| allow::contains(&line, w))
                {
                    continue;
                }
            }
            if let Some(changed) = &blob.changed_lines {
                if !changed.intersects(start.line, end.line) {
                    continue;
                }
            }
            let shown = shown_line(bytes, &index, start.line, &c.span, &spans);
            let (secret, primary) = (c.secret(bytes), c.primary(bytes));
            let mut f = self.finding(c.rule, &origin, &path, secret, primary);
            (f.line, f.column, f.end_line, f.end_column) =
                (start.line, start.column, end.line, end.column);
            f.line_text = shown.text;
            f.secret_in_line = shown.secret;
            f.mask = shown.mask;
            f.suppressed_inline = suppressed_inline;
            if tied
                .first()
                .is_some_and(|t| (t.line, t.column) != (f.line, f.column))
            {
                flush(&mut tied, emit);
            }
            tied.push(f);
        }
        flush(&mut tied, emit);
    }

    /// Which path-dependent rules apply to `path`: the indices of the rules
    /// limited by file-name globs that match its name, and `usize::MAX` when
    /// it is scanned as a notebook. Two paths with the same profile give the
    /// same findings for the same content, up to where they are reported.
    pub fn path_profile(&self, path: &std::path::Path) -> Vec<usize> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut profile = self.rules_named(&name, |_| true);
        if crate::notebook::is_notebook(path) {
            profile.push(usize::MAX);
        }
        profile
    }

    /// The rules among those `wanted` whose `paths` globs match file name
    /// `name` (`wanted` first: it is cheaper than the globs).
    fn rules_named(&self, name: &str, wanted: impl Fn(&Rule) -> bool) -> Vec<usize> {
        let name = globset::Candidate::new(name);
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                wanted(r)
                    && r.paths
                        .as_ref()
                        .is_some_and(|g| g.is_match_candidate(&name))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Findings from file names alone (keystores, PKCS#12 bundles). Sources
    /// call this for every file, binary and oversized ones included.
    pub fn scan_path(&self, origin: &Origin) -> Vec<Finding> {
        let Some(name) = origin
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
        else {
            return Vec::new();
        };
        let matching = self.rules_named(&name, |r| matches!(r.matcher, Matcher::Path));
        if matching.is_empty() {
            return Vec::new();
        }
        let path = display_path(origin.path());
        let origin = Arc::new(origin.clone());
        matching
            .into_iter()
            .map(|i| {
                let mut f = self.finding(i, &origin, &path, name.as_bytes(), name.as_bytes());
                f.line_text = String::new();
                f
            })
            .collect()
    }

    /// A finding of rule number `index` for `secret` (annotated from `primary`),
    /// located at 1:1 until the caller sets the position.
    fn finding(
        &self,
        index: usize,
        origin: &Arc<Origin>,
        path: &str,
        secret: &[u8],
        primary: &[u8],
    ) -> Finding {
        let rule = &self.rules[index];
        let mut severity = rule.severity;
        let mut label = None;
        for &a in &rule.annotate {
            let ann = annotate::annotate(a, primary);
            label = label.or(ann.label);
            if let Some(s) = ann.severity {
                severity = s;
            }
        }
        let secret_text = String::from_utf8_lossy(secret).into_owned();
        let primary_len = String::from_utf8_lossy(primary).len();
        Finding {
            rule: self.texts[index].clone(),
            severity,
            remediation: rule.remediation.clone(),
            origin: origin.clone(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            fingerprint: fingerprint(&rule.id, path, secret, machine_made(rule)),
            secret: secret_text,
            primary_len,
            line_text: String::new(),
            secret_in_line: None,
            mask: Vec::new(),
            suppressed_inline: false,
            label,
            cell: None,
            verification: None,
        }
    }

    /// `f` attributed to another origin (the same blob introduced at another
    /// commit or path): the fingerprint follows the path.
    pub fn relocate(&self, f: &Finding, origin: Origin) -> Finding {
        let mut f = f.clone();
        f.origin = Arc::new(origin);
        let machine = self
            .rules
            .iter()
            .find(|r| r.id == f.rule_id())
            .is_some_and(machine_made);
        f.fingerprint = fingerprint(f.rule_id(), &f.display_path(), f.secret.as_bytes(), machine);
        f
    }
}

/// What the findings of `rule` share; its annotators render their notes.
fn rule_text(rule: &Rule) -> Arc<RuleText> {
    Arc::new(RuleText {
        id: rule.id.clone(),
        name: rule.name.clone(),
        revoke_command: rule.revoke_command.clone(),
        notes: (!rule.annotate.is_empty())
            .then(|| Box::new(annotate::Annotators(rule.annotate.clone())) as _),
    })
}

/// Whether `rule`'s secrets are machine-made (a fixed prefix, a checksum, a
/// known length), so that a random-looking value of 96 bits is hashed whole
/// in its fingerprint. Not so for generic assignments, dotenv values, file
/// names, and rules whose secret is a password a person may have chosen
/// (`checks: [password]` or `[basic-auth]`, or a name or id that says
/// password): their values must pass [`strong_human`] instead.
fn machine_made(rule: &Rule) -> bool {
    use crate::rules::Check;
    let says_password = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("password") || s.contains("passwd")
    };
    !rule.generic
        && matches!(rule.matcher, Matcher::Regex { .. } | Matcher::Pair { .. })
        && !rule
            .checks
            .iter()
            .any(|c| matches!(c, Check::Password | Check::BasicAuth))
        && !says_password(&rule.id)
        && !says_password(&rule.name)
}

/// Two lists of candidates, each sorted by where they are reported, merged
/// in that order; each paired with whether it came from `suppressed`.
fn merge_by_report_at(
    kept: Vec<candidates::Candidate>,
    suppressed: Vec<candidates::Candidate>,
) -> impl Iterator<Item = (candidates::Candidate, bool)> {
    let mut kept = kept.into_iter().peekable();
    let mut suppressed = suppressed.into_iter().peekable();
    std::iter::from_fn(move || {
        let from_suppressed = match (kept.peek(), suppressed.peek()) {
            (Some(k), Some(s)) => s.report_at < k.report_at,
            (k, _) => k.is_none(),
        };
        if from_suppressed {
            suppressed.next().map(|c| (c, true))
        } else {
            kept.next().map(|c| (c, false))
        }
    })
}
