//! The keyword gate: one Aho-Corasick automaton over every rule's keywords
//! (ASCII case ignored) tells, in one pass over a blob, which rules can
//! possibly match. Rules whose keywords are absent never run their regex.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Maps keyword hits to the rules that listed them.
#[derive(Debug)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the rules that listed it.
    pattern_rules: Vec<Vec<usize>>,
    /// Rules with keywords (the others are path-gated).
    keyed_rules: usize,
}

impl Prefilter {
    /// Builds the automaton from `keywords[rule]` (already lowercased).
    pub fn new(keywords: &[Vec<String>]) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_rules: Vec<Vec<usize>> = Vec::new();
        for (rule, words) in keywords.iter().enumerate() {
            for w in words {
                match patterns.iter().position(|p| p == w) {
                    Some(i) => pattern_rules[i].push(rule),
                    None => {
                        patterns.push(w.clone());
                        pattern_rules.push(vec![rule]);
                    }
                }
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .expect("keywords are plain literals")
        });
        Prefilter {
            automaton,
            pattern_rules,
            keyed_rules: keywords.iter().filter(|k| !k.is_empty()).count(),
        }
    }

    /// Marks in `out` (one flag per rule) the rules whose keywords occur in
    /// `haystack`. Stops early once every keyed rule is marked.
    pub fn triggered(&self, haystack: &[u8], out: &mut [bool]) {
        let Some(ac) = &self.automaton else { return };
        let mut remaining = self.keyed_rules;
        for m in ac.find_overlapping_iter(haystack) {
            for &rule in &self.pattern_rules[m.pattern().as_usize()] {
                if !out[rule] {
                    out[rule] = true;
                    remaining -= 1;
                }
            }
            if remaining == 0 {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_rules_by_keyword_ignoring_case() {
        let kw = vec![
            vec!["akia".to_string()],
            vec!["secret".to_string(), "aws_secret".to_string()],
            vec![],
        ];
        let p = Prefilter::new(&kw);
        let mut out = vec![false; 3];
        p.triggered(b"x = AWS_SECRET", &mut out);
        assert_eq!(out, [false, true, false]);
        let mut out = vec![false; 3];
        p.triggered(b"AkIa", &mut out);
        assert_eq!(out, [true, false, false]);
    }

    #[test]
    fn shared_keywords_mark_every_rule() {
        let kw = vec![vec!["token".to_string()], vec!["token".to_string()]];
        let p = Prefilter::new(&kw);
        let mut out = vec![false; 2];
        p.triggered(b"my token", &mut out);
        assert_eq!(out, [true, true]);
    }
}
