//! The keyword gate: Aho-Corasick automata over every rule's keywords
//! tell, in one pass over a blob, which rules can possibly match and where.
//! Rules whose keywords are absent never run their regex.
//!
//! Keywords with an uppercase letter are matched exactly; all-lowercase
//! ones ignore ASCII case. (Rules lowercase their keywords, so built-in and
//! user rules all use the case-insensitive automaton.) Every occurrence of
//! every keyword is found, overlapping ones too; a hit on a keyword also
//! counts for every keyword it contains (`aws_secret` holds `secret`), at
//! the longer keyword's start.
//!
//! The walk is this module's own loop over the automaton's transitions. A
//! DFA walk waits on each transition before it can take the next, so a
//! blob of some size is cut into four stretches (each starting a longest
//! keyword early, so that no occurrence across a cut is lost) walked in
//! lockstep: four independent walks keep the processor busy where one
//! waits. It is the scan's busiest loop, and this makes it about twice as
//! fast.

use aho_corasick::automaton::StateID;
use aho_corasick::{dfa, nfa, Anchored, MatchKind};

/// A built automaton: a DFA for throughput, an NFA for start-up time.
#[derive(Debug)]
enum Engine {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
}

/// One automaton and, per pattern, the rules it (or a keyword inside it)
/// belongs to.
#[derive(Debug)]
struct Automaton {
    engine: Engine,
    pattern_rules: Vec<Vec<usize>>,
    /// The longest keyword's length: how far before its stretch a walk
    /// starts.
    longest: usize,
}

impl Automaton {
    fn build(words: Vec<(String, Vec<usize>)>, fold: bool, dfa: bool) -> Option<Self> {
        if words.is_empty() {
            return None;
        }
        let normal: Vec<String> = words
            .iter()
            .map(|(w, _)| {
                if fold {
                    w.to_ascii_lowercase()
                } else {
                    w.clone()
                }
            })
            .collect();
        // For each keyword, the rules of every keyword inside it (itself
        // included): one overlapping search of each keyword with an
        // automaton of all of them, linear in their total length.
        let inner = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&normal)
            .expect("keywords are plain literals");
        let pattern_rules = normal
            .iter()
            .map(|w| {
                let mut rules: Vec<usize> = inner
                    .find_overlapping_iter(w.as_str())
                    .flat_map(|m| words[m.pattern().as_usize()].1.iter().copied())
                    .collect();
                rules.sort_unstable();
                rules.dedup();
                rules
            })
            .collect();
        let patterns = words.iter().map(|(w, _)| w);
        let engine = if dfa {
            Engine::Dfa(
                dfa::Builder::new()
                    .ascii_case_insensitive(fold)
                    .match_kind(MatchKind::Standard)
                    .prefilter(false)
                    .build(patterns)
                    .expect("keywords are plain literals"),
            )
        } else {
            Engine::Nfa(
                nfa::contiguous::Builder::new()
                    .ascii_case_insensitive(fold)
                    .match_kind(MatchKind::Standard)
                    .prefilter(false)
                    .build(patterns)
                    .expect("keywords are plain literals"),
            )
        };
        let longest = words.iter().map(|(w, _)| w.len()).max().unwrap_or(1);
        Some(Automaton {
            engine,
            pattern_rules,
            longest,
        })
    }

    /// Calls `mark(rule, start)` for the rules of every keyword occurrence
    /// in `haystack`.
    fn mark(&self, haystack: &[u8], mark: &mut dyn FnMut(usize, usize)) {
        let mut hit = |start: usize, pattern: usize| {
            for &rule in &self.pattern_rules[pattern] {
                mark(rule, start);
            }
        };
        match &self.engine {
            Engine::Dfa(a) => walk(a, haystack, self.longest, &mut hit),
            Engine::Nfa(a) => walk(a, haystack, self.longest, &mut hit),
        }
    }
}

/// Below this, one walk: the stretches would be much overlap.
const LOCKSTEP_ABOVE: usize = 1024;

/// Calls `hit(start, pattern)` for every occurrence of every pattern of
/// `a` (a Standard-semantics automaton) in `hay`, in order of their ends
/// within each of four stretches.
fn walk<A: aho_corasick::automaton::Automaton>(
    a: &A,
    hay: &[u8],
    longest: usize,
    hit: &mut dyn FnMut(usize, usize),
) {
    let start = a
        .start_state(Anchored::No)
        .expect("unanchored searches are supported");
    // Every pattern ending at `end` in state `sid`.
    let mut report = |sid: StateID, end: usize| {
        for k in 0..a.match_len(sid) {
            let p = a.match_pattern(sid, k);
            hit(end - a.pattern_len(p), p.as_usize());
        }
    };
    if hay.len() < LOCKSTEP_ABOVE {
        let mut sid = start;
        for (i, &b) in hay.iter().enumerate() {
            sid = a.next_state(Anchored::No, sid, b);
            if a.is_special(sid) && a.is_match(sid) {
                report(sid, i + 1);
            }
        }
        return;
    }
    // Stretch k reports occurrences that end in (cut[k], cut[k + 1]]; its
    // walk starts `longest - 1` bytes early so that it is in the right
    // state there.
    let q = hay.len() / 4;
    let cut = [0, q, 2 * q, 3 * q, hay.len()];
    let from: [usize; 4] = std::array::from_fn(|k| cut[k].saturating_sub(longest - 1));
    let steps = (0..4).map(|k| cut[k + 1] - from[k]).min().unwrap_or(0);
    let stretch = |k: usize| &hay[from[k]..from[k] + steps];
    // Four walks in locals (not an array, which the compiler keeps in
    // memory), one byte each per step; match states are rare, so one test
    // covers all four.
    let (mut s0, mut s1, mut s2, mut s3) = (start, start, start, start);
    let bytes = stretch(0)
        .iter()
        .zip(stretch(1))
        .zip(stretch(2))
        .zip(stretch(3));
    for (j, (((&b0, &b1), &b2), &b3)) in bytes.enumerate() {
        s0 = a.next_state(Anchored::No, s0, b0);
        s1 = a.next_state(Anchored::No, s1, b1);
        s2 = a.next_state(Anchored::No, s2, b2);
        s3 = a.next_state(Anchored::No, s3, b3);
        if a.is_special(s0) | a.is_special(s1) | a.is_special(s2) | a.is_special(s3) {
            for (k, sid) in [s0, s1, s2, s3].into_iter().enumerate() {
                let end = from[k] + j + 1;
                if a.is_special(sid) && a.is_match(sid) && end > cut[k] {
                    report(sid, end);
                }
            }
        }
    }
    for (k, mut sid) in [s0, s1, s2, s3].into_iter().enumerate() {
        for (i, &b) in hay
            .iter()
            .enumerate()
            .take(cut[k + 1])
            .skip(from[k] + steps)
        {
            sid = a.next_state(Anchored::No, sid, b);
            if a.is_special(sid) && a.is_match(sid) && i + 1 > cut[k] {
                report(sid, i + 1);
            }
        }
    }
}

/// Maps keyword hits to the rules that listed them.
#[derive(Debug)]
pub struct Prefilter {
    automata: Vec<Automaton>,
}

impl Prefilter {
    /// Builds the automata from `keywords[rule]`. A DFA searches fastest but
    /// takes milliseconds to build: worth it for directory and history scans,
    /// not for a pre-commit hook that reads a few kilobytes.
    pub fn new(keywords: &[Vec<String>], dfa: bool) -> Self {
        let mut exact: Vec<(String, Vec<usize>)> = Vec::new();
        let mut folded: Vec<(String, Vec<usize>)> = Vec::new();
        // Where each distinct keyword sits in its list: one hash lookup per
        // keyword instead of a walk of the list.
        let mut at: std::collections::HashMap<(bool, String), usize> = Default::default();
        for (rule, words) in keywords.iter().enumerate() {
            for w in words {
                let exact_case = w.bytes().any(|b| b.is_ascii_uppercase());
                let (list, key) = if exact_case {
                    (&mut exact, w.clone())
                } else {
                    (&mut folded, w.to_ascii_lowercase())
                };
                match at.get(&(exact_case, key.clone())) {
                    Some(&i) => list[i].1.push(rule),
                    None => {
                        at.insert((exact_case, key.clone()), list.len());
                        list.push((key, vec![rule]));
                    }
                }
            }
        }
        Prefilter {
            automata: [
                Automaton::build(exact, false, dfa),
                Automaton::build(folded, true, dfa),
            ]
            .into_iter()
            .flatten()
            .collect(),
        }
    }

    /// For each of `rules` rules, the offsets where its keywords occur in
    /// `haystack` (empty when none does), in order.
    pub fn hits(&self, haystack: &[u8], rules: usize) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); rules];
        for a in &self.automata {
            a.mark(haystack, &mut |rule, start| out[rule].push(start));
        }
        // Occurrences come in order of their ends, stretch by stretch.
        for hits in &mut out {
            if !hits.is_sorted() {
                hits.sort_unstable();
            }
            hits.dedup();
        }
        out
    }

    /// For each of `rules` rules, whether any of its keywords occurs in
    /// `haystack` (what [`Prefilter::hits`] tells without the offsets).
    pub fn present(&self, haystack: &[u8], rules: usize) -> Vec<bool> {
        let mut out = vec![false; rules];
        for a in &self.automata {
            a.mark(haystack, &mut |rule, _| out[rule] = true);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Prefilter {
        fn new_test(keywords: &[Vec<String>]) -> Self {
            Prefilter::new(keywords, true)
        }
    }

    fn kw(rules: &[&[&str]]) -> Vec<Vec<String>> {
        rules
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn lowercase_keywords_ignore_case_and_uppercase_ones_do_not() {
        let p = Prefilter::new_test(&kw(&[&["AKIA"], &["secret"]]));
        assert_eq!(p.hits(b"akia AKIA SECRET", 2), [vec![5], vec![10]]);
    }

    #[test]
    fn a_keyword_inside_a_longer_one_still_counts() {
        let p = Prefilter::new_test(&kw(&[&["secret"], &["aws_secret"]]));
        let hits = p.hits(b"x = AWS_SECRET", 2);
        // Through `aws_secret` at 4, and on its own at 8.
        assert_eq!(hits, [vec![4, 8], vec![4]]);
    }

    #[test]
    fn hits_are_per_rule_offsets_in_order() {
        let p = Prefilter::new_test(&kw(&[&["token"], &["AKIA", "tok"]]));
        let hits = p.hits(b"a token, AKIA token", 2);
        assert_eq!(hits[0], [2, 14]);
        assert_eq!(hits[1], [2, 9, 14]);
    }

    #[test]
    fn a_keyword_overlapping_an_earlier_match_is_found() {
        let p = Prefilter::new_test(&kw(&[&["bot"], &["t3blbkfj"], &["pat"]]));
        let hits = p.hits(b"sk-x1boT3BlbkFJ2F ghpaT3BlbkFJ", 3);
        assert_eq!(hits[0], [5]);
        assert_eq!(hits[1], [7, 22]);
        assert_eq!(hits[2], [20]);
    }

    #[test]
    fn a_large_blob_walked_in_four_stretches_misses_no_occurrence_across_a_cut() {
        let words = kw(&[
            &["secret"],
            &["aws_secret_access_key"],
            &["token"],
            &["key"],
        ]);
        let all: Vec<&str> = words.iter().flatten().map(|w| w.as_str()).collect();
        // Filler with keywords placed across each quarter cut (where the
        // stretches meet), and elsewhere, in mixed case.
        fn place(hay: &mut [u8], at: usize, w: &str) {
            hay[at..at + w.len()].copy_from_slice(w.as_bytes());
        }
        let mut hay = vec![b'.'; 40_000];
        let q = hay.len() / 4;
        for cut in [q, 2 * q, 3 * q] {
            place(&mut hay, cut - 10, "AWS_SECRET_ACCESS_KEY");
            place(&mut hay, cut - 20, "AWS_Secret");
            place(&mut hay, cut + 40, "ToKeN");
            place(&mut hay, cut - 3000, "aws_secret_access_key");
        }
        place(&mut hay, 5, "key");
        let end = hay.len() - 3;
        place(&mut hay, end, "KEY");
        let p = Prefilter::new_test(&words);
        let hits = p.hits(&hay, words.len());
        // Expected: every start of a keyword occurrence, credited to the
        // rules of every keyword inside it.
        let lower = hay.to_ascii_lowercase();
        for (rule, own) in words.iter().enumerate() {
            let mut want: Vec<usize> = Vec::new();
            for w in &all {
                if !own.iter().any(|o| w.contains(o.as_str())) {
                    continue;
                }
                for s in 0..=lower.len() - w.len() {
                    if &lower[s..s + w.len()] == w.as_bytes() {
                        want.push(s);
                    }
                }
            }
            want.sort_unstable();
            want.dedup();
            assert_eq!(hits[rule], want, "rule {rule}");
        }
        assert!(hits[0].len() >= 6 && hits[3].len() >= 8);
    }

    #[test]
    fn shared_keywords_mark_every_rule() {
        let p = Prefilter::new_test(&kw(&[&["token"], &["token"]]));
        assert_eq!(p.hits(b"my token", 2), [vec![3], vec![3]]);
    }
}
