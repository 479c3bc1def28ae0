//! The keyword gate: Aho-Corasick automata over every rule's keywords tell,
//! in one pass over a blob, which rules can possibly match and where.
//! Rules whose keywords are absent never run their regex.
//!
//! Keywords with an uppercase letter (`AKIA`, `PRIVATE KEY`, `SK`) are
//! matched exactly; all-lowercase ones (`password`, `ghp_`) ignore ASCII
//! case. Searches are leftmost-longest, not overlapping, so the automata's
//! SIMD prefilters apply; a hit on a keyword also counts for every keyword
//! it contains (`aws_secret` holds `secret`).

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
        let pattern_rules = normal
            .iter()
            .map(|w| {
                let mut rules: Vec<usize> = normal
                    .iter()
                    .zip(&words)
                    .filter(|(inner, _)| inner.len() <= w.len() && w.contains(inner.as_str()))
                    .flat_map(|(_, (_, r))| r.iter().copied())
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
        for (rule, words) in keywords.iter().enumerate() {
            for w in words {
                let (list, key) = if w.bytes().any(|b| b.is_ascii_uppercase()) {
                    (&mut exact, w.clone())
                } else {
                    (&mut folded, w.to_ascii_lowercase())
                };
                match list.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, rules)) => rules.push(rule),
                    None => list.push((key, vec![rule])),
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
            for m in a.ac.find_iter(haystack) {
                for &rule in &a.pattern_rules[m.pattern().as_usize()] {
                    out[rule].push(m.start());
                }
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
        assert_eq!(hits, [vec![4], vec![4]]);
    }

    #[test]
    fn hits_are_per_rule_offsets_in_order() {
        let p = Prefilter::new_test(&kw(&[&["token"], &["AKIA", "tok"]]));
        let hits = p.hits(b"a token, AKIA token", 2);
        assert_eq!(hits[0], [2, 14]);
        assert_eq!(hits[1], [2, 9, 14]);
    }

    #[test]
    fn shared_keywords_mark_every_rule() {
        let p = Prefilter::new_test(&kw(&[&["token"], &["token"]]));
        assert_eq!(p.hits(b"my token", 2), [vec![3], vec![3]]);
    }
}
