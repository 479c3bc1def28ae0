//! The keyword gate: Aho-Corasick automata over every rule's keywords tell,
//! in one pass over a blob, which rules can possibly match and where.
//! Rules whose keywords are absent never run their regex.
//!
//! Keywords with an uppercase letter are matched exactly; all-lowercase
//! ones ignore ASCII case. (Rules lowercase their keywords, so built-in and
//! user rules all use the case-insensitive automaton.) Searches are
//! leftmost-longest and resume one byte after each match's start, so the
//! automata's SIMD prefilters apply between matches and a keyword that
//! overlaps an earlier one is still found; a hit on a keyword also counts
//! for every keyword it contains (`aws_secret` holds `secret`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// One automaton and, per pattern, the rules it (or a keyword inside it)
/// belongs to.
#[derive(Debug)]
struct Automaton {
    ac: AhoCorasick,
    pattern_rules: Vec<Vec<usize>>,
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
        let inner = AhoCorasick::builder()
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
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(fold)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(dfa.then_some(AhoCorasickKind::DFA))
            .build(words.iter().map(|(w, _)| w))
            .expect("keywords are plain literals");
        Some(Automaton { ac, pattern_rules })
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
            // Leftmost-longest, but resumed one byte after each match's
            // start rather than at its end: a keyword that begins inside an
            // earlier match and runs past it (`boT3BlbkFJ` holds `bot` and
            // `T3BlbkFJ`) is still found. Matches are rare next to bytes, so
            // the restarts cost little, and the SIMD prefilter still skips
            // the text between them.
            let mut at = 0;
            while at < haystack.len() {
                let input = aho_corasick::Input::new(haystack).span(at..haystack.len());
                let Some(m) = a.ac.find(input) else {
                    break;
                };
                for &rule in &a.pattern_rules[m.pattern().as_usize()] {
                    if out[rule].last() != Some(&m.start()) {
                        out[rule].push(m.start());
                    }
                }
                at = m.start() + 1;
            }
        }
        if self.automata.len() > 1 {
            for hits in &mut out {
                hits.sort_unstable();
            }
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
    fn shared_keywords_mark_every_rule() {
        let p = Prefilter::new_test(&kw(&[&["token"], &["token"]]));
        assert_eq!(p.hits(b"my token", 2), [vec![3], vec![3]]);
    }
}
