//! Combining candidates: a generic rule yields to a specific one that
//! reports the same bytes, and the halves of a `kind: pair` rule (an AWS key
//! ID and its secret) within a few lines become one finding. Both are
//! sweeps over sorted positions, so their cost stays near-linear in the
//! number of candidates (a file of 100,000 key IDs is not quadratic).

use super::candidates::Candidate;
use super::Detector;
use crate::location::LineIndex;
use crate::rules::Matcher;
use std::collections::BTreeSet;
use std::ops::Range;

/// Spans sorted by start, with the running maximum of their ends: whether
/// any of them overlaps a range is one binary search.
struct Spans {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Spans {
    fn new(spans: impl Iterator<Item = Range<usize>>) -> Self {
        let mut spans: Vec<Range<usize>> = spans.collect();
        // In place: the running maxima do not depend on the order of
        // spans that start together.
        spans.sort_unstable_by_key(|s| s.start);
        let mut max_end = Vec::with_capacity(spans.len());
        let mut running = 0;
        for s in &spans {
            running = running.max(s.end);
            max_end.push(running);
        }
        Spans {
            starts: spans.iter().map(|s| s.start).collect(),
            max_end,
        }
    }

    /// Whether a span starting before `r.end` ends after `r.start`.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let before_end = self.starts.partition_point(|&s| s < r.end);
        before_end > 0 && self.max_end[before_end - 1] > r.start
    }
}

impl Detector {
    /// Drops candidates whose bytes a higher-priority rule also reports:
    /// specific rules beat dotenv values, which beat generic assignments.
    pub(super) fn drop_shadowed(&self, mut candidates: Vec<Candidate>) -> Vec<Candidate> {
        let priority = |c: &Candidate| self.rules[c.rule].priority;
        // In place (a stable sort would take a scratch copy of the list);
        // the key orders any two candidates that differ where it matters.
        candidates.sort_unstable_by_key(|c| (c.span.start, c.rule, c.span.end, c.report_at, c.end));
        // above[p]: the spans of candidates with a priority above p.
        let above: Vec<Spans> = (0..2u8)
            .map(|p| {
                Spans::new(
                    candidates
                        .iter()
                        .filter(|c| priority(c) > p)
                        .map(|c| c.span.clone()),
                )
            })
            .collect();
        candidates.retain(|c| {
            above
                .get(usize::from(priority(c)))
                .is_none_or(|spans| !spans.overlaps(&c.span))
        });
        candidates
    }

    /// Joins the halves of each `kind: pair` rule that lie within its line
    /// distance into one candidate of the pair rule, located at the first
    /// half; unpaired halves stay as they are. Each first half, in order,
    /// takes the nearest unused second half (the earlier one on a tie).
    pub(super) fn join_pairs(
        &self,
        mut candidates: Vec<Candidate>,
        bytes: &[u8],
    ) -> Vec<Candidate> {
        let mut index: Option<LineIndex> = None;
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
            if !candidates.iter().any(|c| id_of(c) == first) {
                continue;
            }
            let index = index.get_or_insert_with(|| LineIndex::new(bytes));
            let line: Vec<usize> = candidates
                .iter()
                .map(|c| index.line(c.span.start))
                .collect();
            // Unused second halves by (line, position in `candidates`).
            let mut free: BTreeSet<(usize, usize)> = (0..candidates.len())
                .filter(|&j| id_of(&candidates[j]) == second)
                .map(|j| (line[j], j))
                .collect();
            let mut used = vec![false; candidates.len()];
            let mut joined = Vec::new();
            for i in 0..candidates.len() {
                if used[i] || id_of(&candidates[i]) != first {
                    continue;
                }
                free.remove(&(line[i], i));
                let Some(j) = nearest(&free, line[i], *max_lines) else {
                    continue;
                };
                free.remove(&(line[j], j));
                used[i] = true;
                used[j] = true;
                joined.push(join(pair_index, &candidates[i], &candidates[j], bytes));
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

/// The free entry nearest to `line` within `max_lines` lines: the smallest
/// distance, then the smallest position.
fn nearest(free: &BTreeSet<(usize, usize)>, line: usize, max_lines: usize) -> Option<usize> {
    let first_on = |l: usize| free.range((l, 0)..(l, usize::MAX)).next().map(|&(_, j)| j);
    (0..=max_lines).find_map(|d| {
        let below = first_on(line + d);
        let above = line.checked_sub(d).filter(|_| d > 0).and_then(first_on);
        match (above, below) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    })
}

/// One candidate of pair rule `rule` from its halves `a` (which gives the
/// location) and `b`.
fn join(rule: usize, a: &Candidate, b: &Candidate, bytes: &[u8]) -> Candidate {
    let mut secret = a.secret(bytes).to_vec();
    secret.push(b' ');
    secret.extend_from_slice(b.secret(bytes));
    Candidate {
        rule,
        span: a.span.clone(),
        end: if b.span.start > a.span.start {
            b.end
        } else {
            a.end
        },
        report_at: a.report_at.min(b.report_at),
        primary_len: a.secret(bytes).len(),
        secret: Some(secret.into()),
    }
}
