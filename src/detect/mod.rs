//! The detector: a pure function of (rules, blob) → findings.
//!
//! Cheapest check first, for every blob:
//! 1. binary content (a NUL byte in the first 8 KiB) is skipped;
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

use crate::dotenv;
use crate::finding::{fingerprint, redact, Finding};
use crate::location::{char_count, LineIndex};
use crate::rules::{Matcher, ReportAt, Rule, RuleKind, RuleSet, Window};
use crate::source::{display_path, Blob, Origin};
use std::ops::Range;

pub mod allow;
pub mod annotate;
pub mod checks;
pub mod entropy;
pub mod prefilter;

use prefilter::Prefilter;

/// How many leading bytes are inspected for a NUL to call a blob binary.
pub const BINARY_PROBE: usize = 8 * 1024;

/// Whether `bytes` looks binary: a NUL byte among its first 8 KiB (git's
/// own test).
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some()
}

/// Lines longer than this are shown as a window around the secret.
const MAX_SHOWN_LINE: usize = 240;

/// Scans blobs with a fixed rule set.
#[derive(Debug)]
pub struct Detector {
    rules: Vec<Rule>,
    prefilter: Prefilter,
}

/// A match that passed its rule's checks, before it becomes a finding.
#[derive(Debug)]
struct Candidate {
    rule: usize,
    /// Bytes of the secret shown (masked) on the reported line.
    span: Range<usize>,
    /// Where the finding ends (the secret's end; a pair's later half's end).
    end: usize,
    /// Where the finding is reported (the secret, or the match start).
    report_at: usize,
    /// The secret (differs from the span's bytes for escaped dotenv values;
    /// both halves for a pair).
    secret: Vec<u8>,
    /// What redaction and annotators see (a pair's first half).
    primary: Vec<u8>,
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
        let keywords: Vec<Vec<String>> = rules.iter().map(|r| r.keywords.clone()).collect();
        Detector {
            prefilter: Prefilter::new(&keywords, throughput),
            rules,
        }
    }

    /// The rules this detector runs.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Every finding in `blob`, in order of position. Notebooks are
    /// scanned cell by cell (see [`crate::notebook`]).
    pub fn scan(&self, blob: &Blob<'_>) -> Vec<Finding> {
        if crate::notebook::is_notebook(blob.origin.path()) && !is_binary(blob.bytes) {
            if let Some(parts) = crate::notebook::parts(blob.bytes) {
                return self.scan_notebook(blob, &parts);
            }
        }
        self.scan_text(blob)
    }

    fn scan_notebook(&self, blob: &Blob<'_>, parts: &[crate::notebook::Part]) -> Vec<Finding> {
        use crate::finding::CellPosition;
        use crate::notebook::file_column;
        let mut findings = Vec::new();
        for part in parts {
            let sub = Blob::new(blob.origin.clone(), part.text.as_bytes());
            let lines: Vec<&str> = part.text.split('\n').collect();
            let to_file = |line: usize, column: usize| {
                let (file_line, start) = part.lines.get(line - 1).copied().unwrap_or((1, 1));
                let prefix: String = lines
                    .get(line - 1)
                    .map(|l| l.chars().take(column - 1).collect())
                    .unwrap_or_default();
                (file_line, file_column(start, &prefix))
            };
            for mut f in self.scan_text(&sub) {
                f.cell = Some(CellPosition {
                    cell: part.cell,
                    kind: part.kind,
                    line: f.line,
                });
                (f.line, f.column) = to_file(f.line, f.column);
                (f.end_line, f.end_column) = to_file(f.end_line, f.end_column);
                if let Some(changed) = &blob.changed_lines {
                    if !changed.intersects(f.line, f.end_line) {
                        continue;
                    }
                }
                findings.push(f);
            }
        }
        findings.sort();
        findings
    }

    fn scan_text(&self, blob: &Blob<'_>) -> Vec<Finding> {
        let bytes = blob.bytes;
        if bytes.is_empty() || is_binary(bytes) {
            return Vec::new();
        }
        let candidates = self.candidates(blob);
        if candidates.is_empty() {
            return Vec::new();
        }
        let candidates = self.join_pairs(self.drop_shadowed(candidates), bytes);
        let index = LineIndex::new(bytes);
        let path = display_path(blob.origin.path());
        let mut findings = Vec::with_capacity(candidates.len());
        for c in candidates {
            let rule = &self.rules[c.rule];
            let start = index.position(bytes, c.report_at);
            let end = index.position(bytes, c.end);
            if allowed_inline(bytes, &index, start.line, end.line) {
                continue;
            }
            if !rule.line_stop_words.is_empty() {
                let line = bytes[index.line_range(bytes, start.line)].to_ascii_lowercase();
                if rule
                    .line_stop_words
                    .iter()
                    .any(|w| memchr::memmem::find(&line, w).is_some())
                {
                    continue;
                }
            }
            if let Some(changed) = &blob.changed_lines {
                if !changed.intersects(start.line, end.line) {
                    continue;
                }
            }
            let (line_text, secret_in_line) = shown_line(bytes, &index, start.line, &c.span);
            let mut f = self.finding(c.rule, blob, &path, &c.secret, &c.primary);
            (f.line, f.column, f.end_line, f.end_column) =
                (start.line, start.column, end.line, end.column);
            f.line_text = line_text;
            f.secret_in_line = secret_in_line;
            findings.push(f);
        }
        findings.sort();
        findings
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
        let path = display_path(origin.path());
        let blob = Blob::new(origin.clone(), &[]);
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.matcher, Matcher::Path))
            .filter(|(_, r)| r.paths.as_ref().is_some_and(|g| g.is_match(&name)))
            .map(|(i, _)| {
                let mut f = self.finding(i, &blob, &path, name.as_bytes(), name.as_bytes());
                f.line_text = String::new();
                f
            })
            .collect()
    }

    /// A finding of rule `rule` for `secret` (annotated from `primary`),
    /// located at 1:1 until the caller sets the position.
    fn finding(
        &self,
        rule: usize,
        blob: &Blob<'_>,
        path: &str,
        secret: &[u8],
        primary: &[u8],
    ) -> Finding {
        let rule = &self.rules[rule];
        let mut severity = rule.severity;
        let mut notes = Vec::new();
        let mut label = None;
        for &a in &rule.annotate {
            let ann = annotate::annotate(a, primary);
            notes.extend(ann.notes);
            label = label.or(ann.label);
            if let Some(s) = ann.severity {
                severity = s;
            }
        }
        let secret_text = String::from_utf8_lossy(secret).into_owned();
        Finding {
            rule_id: rule.id.clone(),
            rule_name: rule.name.clone(),
            severity,
            remediation: rule.remediation.clone(),
            origin: blob.origin.clone(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            redacted: redact(&String::from_utf8_lossy(primary)),
            fingerprint: fingerprint(&rule.id, path, secret),
            secret: secret_text,
            line_text: String::new(),
            secret_in_line: None,
            notes,
            label: label.map(str::to_string),
            cell: None,
        }
    }

    /// Candidates from every regex and dotenv rule that applies to `blob`.
    fn candidates(&self, blob: &Blob<'_>) -> Vec<Candidate> {
        let bytes = blob.bytes;
        let hits = self.prefilter.hits(bytes, self.rules.len());
        let file_name = blob
            .origin
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let mut candidates = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if let Some(globs) = &rule.paths {
                if !file_name.as_deref().is_some_and(|n| globs.is_match(n)) {
                    continue;
                }
                if !rule.keywords.is_empty() && hits[i].is_empty() {
                    continue;
                }
            } else if hits[i].is_empty() {
                continue;
            }
            match &rule.matcher {
                Matcher::Regex { regex: lazy } => {
                    let regex = lazy.get();
                    let secret_group = &lazy.secret_group();
                    let key_group = lazy.key_group();
                    let windows = if rule.window == Window::File || rule.keywords.is_empty() {
                        std::iter::once(0..bytes.len()).collect()
                    } else {
                        line_windows(bytes, &hits[i])
                    };
                    for w in windows {
                        let base = w.start;
                        for caps in regex.captures_iter(&bytes[w]) {
                            let Some(secret) = caps.get(*secret_group) else {
                                continue;
                            };
                            let key = key_group.and_then(|g| caps.get(g)).map(|m| m.as_bytes());
                            if !accept(rule, secret.as_bytes(), key) {
                                continue;
                            }
                            let whole = caps.get(0).expect("group 0 always matches");
                            candidates.push(Candidate {
                                rule: i,
                                span: base + secret.start()..base + secret.end(),
                                end: base + secret.end(),
                                report_at: base
                                    + match rule.report_at {
                                        ReportAt::Secret => secret.start(),
                                        ReportAt::Match => whole.start(),
                                    },
                                secret: secret.as_bytes().to_vec(),
                                primary: secret.as_bytes().to_vec(),
                            });
                        }
                    }
                }
                Matcher::Dotenv => dotenv_candidates(i, rule, bytes, &mut candidates),
                Matcher::Path | Matcher::Pair { .. } => {}
            }
        }
        candidates
    }

    /// Drops candidates whose bytes a higher-priority rule also reports:
    /// specific rules beat dotenv values, which beat generic assignments.
    fn drop_shadowed(&self, mut candidates: Vec<Candidate>) -> Vec<Candidate> {
        let priority = |c: &Candidate| {
            let r = &self.rules[c.rule];
            match (r.generic, r.syntax.kind) {
                (false, _) => 2,
                (true, RuleKind::Dotenv) => 1,
                (true, _) => 0,
            }
        };
        candidates.sort_by_key(|c| (c.span.start, c.rule));
        let keep: Vec<bool> = candidates
            .iter()
            .map(|c| {
                !candidates.iter().any(|d| {
                    d.span.start < c.span.end
                        && c.span.start < d.span.end
                        && priority(d) > priority(c)
                })
            })
            .collect();
        candidates
            .into_iter()
            .zip(keep)
            .filter_map(|(c, k)| k.then_some(c))
            .collect()
    }

    /// Joins the halves of each `kind: pair` rule that lie within its line
    /// distance into one candidate of the pair rule, located at the first
    /// half; unpaired halves stay as they are.
    fn join_pairs(&self, mut candidates: Vec<Candidate>, bytes: &[u8]) -> Vec<Candidate> {
        for (pair_index, rule) in self.rules.iter().enumerate() {
            let Matcher::Pair {
                first,
                second,
                max_lines,
            } = &rule.matcher
            else {
                continue;
            };
            let id_of = |c: &Candidate| self.rules[c.rule].id.as_str();
            let line_of = |offset: usize| memchr::memchr_iter(b'\n', &bytes[..offset]).count();
            let mut used = vec![false; candidates.len()];
            let mut joined = Vec::new();
            for i in 0..candidates.len() {
                if used[i] || id_of(&candidates[i]) != first {
                    continue;
                }
                let li = line_of(candidates[i].span.start);
                let best = (0..candidates.len())
                    .filter(|&j| !used[j] && id_of(&candidates[j]) == second)
                    .map(|j| (line_of(candidates[j].span.start).abs_diff(li), j))
                    .filter(|(d, _)| d <= max_lines)
                    .min();
                if let Some((_, j)) = best {
                    used[i] = true;
                    used[j] = true;
                    let (a, b) = (&candidates[i], &candidates[j]);
                    let mut secret = a.secret.clone();
                    secret.push(b' ');
                    secret.extend_from_slice(&b.secret);
                    joined.push(Candidate {
                        rule: pair_index,
                        span: a.span.clone(),
                        end: if b.span.start > a.span.start {
                            b.end
                        } else {
                            a.end
                        },
                        report_at: a.report_at.min(b.report_at),
                        secret,
                        primary: a.secret.clone(),
                    });
                }
            }
            if !joined.is_empty() {
                candidates = candidates
                    .into_iter()
                    .zip(used)
                    .filter_map(|(c, u)| (!u).then_some(c))
                    .chain(joined)
                    .collect();
            }
        }
        candidates
    }
}

impl crate::source::Scanner for Detector {
    fn scan(&self, blob: &Blob<'_>) -> Vec<Finding> {
        Detector::scan(self, blob)
    }

    fn scan_path(&self, origin: &Origin) -> Vec<Finding> {
        Detector::scan_path(self, origin)
    }
}

/// Whether a candidate secret (with its key, for keyed rules) passes the
/// rule's checks and the allowlists.
fn accept(rule: &Rule, secret: &[u8], key: Option<&[u8]>) -> bool {
    if secret.is_empty() || rule.allow_values.contains(secret) {
        return false;
    }
    // A value equal to its own key (`password=password`, `user:user@`) is
    // never a secret.
    if key.is_some_and(|k| k.eq_ignore_ascii_case(secret)) {
        return false;
    }
    if let (Some(filter), Some(key)) = (&rule.key_filter, key) {
        if !checks::key_is_secret(filter, key) {
            return false;
        }
    }
    if allow::is_placeholder(secret) {
        return false;
    }
    if let Some(min) = rule.min_entropy {
        if entropy::shannon(secret) < entropy::entropy_floor(secret, min) {
            return false;
        }
    }
    rule.checks.iter().all(|&c| checks::passes(c, secret))
}

/// Candidates from a dotenv file: URLs with inline passwords under any key,
/// and values of secret-looking keys that pass the rule's checks.
fn dotenv_candidates(rule_index: usize, rule: &Rule, bytes: &[u8], out: &mut Vec<Candidate>) {
    for entry in dotenv::parse(bytes) {
        let raw = &bytes[entry.value_span.clone()];
        if let Some(pw) = url_password(raw) {
            let secret = &raw[pw.clone()];
            if !allow::is_placeholder(secret) && !rule.allow_values.contains(secret) {
                let span = entry.value_span.start + pw.start..entry.value_span.start + pw.end;
                out.push(Candidate {
                    rule: rule_index,
                    report_at: span.start,
                    end: span.end,
                    span,
                    secret: secret.to_vec(),
                    primary: secret.to_vec(),
                });
            }
            continue;
        }
        if accept(rule, &entry.value, Some(entry.key.as_bytes())) {
            out.push(Candidate {
                rule: rule_index,
                report_at: entry.value_span.start,
                end: entry.value_span.end,
                span: entry.value_span.clone(),
                primary: entry.value.clone(),
                secret: entry.value,
            });
        }
    }
}

/// The password inside `scheme://user:password@host…`, as a range of `v`,
/// when there is one that differs from the user name.
pub fn url_password(v: &[u8]) -> Option<Range<usize>> {
    let scheme_end = memchr::memmem::find(v, b"://")?;
    if scheme_end == 0
        || !v[..scheme_end]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let auth_start = scheme_end + 3;
    let auth_end = v[auth_start..]
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#' | b' ' | b'"' | b'\''))
        .map_or(v.len(), |i| auth_start + i);
    let authority = &v[auth_start..auth_end];
    let at = authority.iter().rposition(|&b| b == b'@')?;
    let userinfo = &authority[..at];
    let colon = userinfo.iter().position(|&b| b == b':')?;
    let (user, password) = (&userinfo[..colon], &userinfo[colon + 1..]);
    if password.is_empty() || password == user {
        return None;
    }
    Some(auth_start + colon + 1..auth_start + at)
}

/// Lines up to this long are searched whole; longer ones (minified code)
/// as a slice of this many bytes either side of the keyword.
const MAX_WINDOW_LINE: usize = LONG_LINE;

/// Lines longer than this many bytes are scanned in windows around keyword
/// hits rather than whole.
pub const LONG_LINE: usize = 4096;

/// Whether `bytes` has a line longer than [`LONG_LINE`].
pub fn has_long_line(bytes: &[u8]) -> bool {
    if bytes.len() <= LONG_LINE {
        return false;
    }
    // From each line start, the last newline within LONG_LINE + 1 bytes is
    // where the next window starts: one backwards SIMD search per 4 KiB,
    // not one step per line.
    let mut start = 0;
    while bytes.len() - start > LONG_LINE {
        let window = &bytes[start..start + LONG_LINE + 1];
        match memchr::memrchr(b'\n', window) {
            Some(i) => start += i + 1,
            None => return true,
        }
    }
    false
}
const LONG_LINE_REACH: usize = 1024;

/// The merged byte ranges a keyed rule's regex runs on: the line around
/// each keyword hit, or for a very long line a slice around the hit that
/// starts after a non-word byte (so `\b` and `^` keep their meaning).
fn line_windows(bytes: &[u8], hits: &[usize]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for &hit in hits {
        if out.last().is_some_and(|w| hit < w.end) {
            continue;
        }
        let floor = hit.saturating_sub(MAX_WINDOW_LINE);
        let mut start = memchr::memrchr(b'\n', &bytes[floor..hit]).map_or(floor, |i| floor + i + 1);
        let ceiling = (hit + MAX_WINDOW_LINE).min(bytes.len());
        let mut end = memchr::memchr(b'\n', &bytes[hit..ceiling]).map_or(ceiling, |i| hit + i);
        if start == floor && floor > 0 {
            // No line start in reach: a long line. Start after a non-word byte.
            let from = hit.saturating_sub(LONG_LINE_REACH);
            start = bytes[from..hit]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric() && *b != b'_')
                .map_or(hit, |i| from + i + 1);
        }
        if end == ceiling && ceiling < bytes.len() {
            end = (hit + LONG_LINE_REACH)
                .min(bytes.len())
                .max(end.min(hit + LONG_LINE_REACH));
        }
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// Whether a `keygate:allow` marker covers lines `first..=last` (on one of
/// them, or `keygate:allow-next-line` just above).
fn allowed_inline(bytes: &[u8], index: &LineIndex, first: usize, last: usize) -> bool {
    if memchr::memmem::find(bytes, allow::ALLOW_MARKER).is_none() {
        return false;
    }
    if (first..=last).any(|l| allow::line_allows(&bytes[index.line_range(bytes, l)])) {
        return true;
    }
    first > 1 && allow::line_allows_next(&bytes[index.line_range(bytes, first - 1)])
}

/// The text of `line` (bounded to a window around the secret when long) and
/// the character range of the secret in it, if the secret starts there.
fn shown_line(
    bytes: &[u8],
    index: &LineIndex,
    line: usize,
    secret: &Range<usize>,
) -> (String, Option<Range<usize>>) {
    let range = index.line_range(bytes, line);
    let text = String::from_utf8_lossy(&bytes[range.clone()]);
    let chars: Vec<char> = text.chars().collect();
    let in_line = (range.start <= secret.start && secret.start <= range.end).then(|| {
        let a = char_count(&bytes[range.start..secret.start]);
        let b = char_count(&bytes[range.start..secret.end.min(range.end)]);
        a..b
    });
    if chars.len() <= MAX_SHOWN_LINE {
        return (chars.iter().collect(), in_line);
    }
    let (a, b) = in_line.clone().map_or((0, 0), |r| (r.start, r.end));
    let from = a.saturating_sub(60);
    let to = (b + 60).min(chars.len()).max(from + 1).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let shift = out.chars().count();
    out.extend(&chars[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    (
        out,
        in_line.map(|r| r.start - from + shift..r.end - from + shift),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_found_exactly() {
        let line = |n: usize| "x".repeat(n);
        assert!(!has_long_line(b""));
        assert!(!has_long_line(line(LONG_LINE).as_bytes()));
        assert!(has_long_line(line(LONG_LINE + 1).as_bytes()));
        let short: String = (0..5000).map(|i| format!("line {i}\n")).collect();
        assert!(!has_long_line(short.as_bytes()));
        assert!(has_long_line(
            format!("{short}{}\n{short}", line(LONG_LINE + 1)).as_bytes()
        ));
        assert!(!has_long_line(
            format!("{short}{}\n{short}", line(LONG_LINE)).as_bytes()
        ));
        assert!(has_long_line(
            format!("{short}{}", line(LONG_LINE + 1)).as_bytes()
        ));
        // A long line right after a window boundary.
        let text = format!("{}\n{}\n", line(LONG_LINE - 1), line(LONG_LINE + 1));
        assert!(has_long_line(text.as_bytes()));
    }

    #[test]
    fn binary_is_a_nul_in_the_first_8k() {
        assert!(is_binary(b"abc\0def"));
        assert!(!is_binary(b"abc"));
        let mut late = vec![b'a'; BINARY_PROBE];
        late.push(0);
        assert!(!is_binary(&late));
    }

    #[test]
    fn windows_cover_keyword_lines_and_merge() {
        let text = b"a\nxx token yy\nb\ntoken token\n";
        let w = line_windows(text, &[5, 17, 23]);
        assert_eq!(w, [2..13, 16..27]);
        assert_eq!(&text[w[0].clone()], b"xx token yy");
    }

    #[test]
    fn windows_on_long_lines_are_bounded_and_start_after_a_non_word_byte() {
        let mut text = vec![b'a'; 10_000];
        text[4_000] = b' ';
        text.extend_from_slice(b" token=x ");
        text.extend(vec![b'b'; 10_000]);
        let hit = 10_001;
        let w = line_windows(&text, &[hit]);
        assert_eq!(w.len(), 1);
        assert!(w[0].start > 4_000 && w[0].start <= hit, "{:?}", w);
        assert!(w[0].end - hit <= LONG_LINE_REACH + 1, "{:?}", w);
    }

    #[test]
    fn url_passwords() {
        let pw = |s: &str| url_password(s.as_bytes()).map(|r| s[r].to_string());
        assert_eq!(
            pw("postgres://app:s3cr3tPw@db:5432/x").as_deref(), // keygate:allow (made up)
            Some("s3cr3tPw")
        );
        assert_eq!(
            pw("redis://:hunter2x@cache:6379").as_deref(),
            Some("hunter2x")
        );
        assert_eq!(
            pw("mongodb+srv://u:p%40ss@cluster0/db?x=1").as_deref(),
            Some("p%40ss")
        );
        assert_eq!(pw("https://example.com/a@b"), None);
        assert_eq!(pw("https://user@host/"), None);
        assert_eq!(pw("amqp://guest:guest@localhost"), None);
        assert_eq!(pw("not a url"), None);
    }
}
