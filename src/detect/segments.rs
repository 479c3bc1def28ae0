//! Large blobs scanned a segment of lines at a time, so that what the
//! detector holds for each candidate (the candidate, its span, the line
//! index, the keyword offsets) is bounded by a segment, not by the blob: a
//! file of 100,000 secrets costs a few megabytes beyond its own size.
//!
//! Each segment owns about [`SEGMENT`] bytes of whole lines and is scanned
//! with up to [`CONTEXT`] bytes of whole lines on either side, so that a
//! secret, a pair's halves or a quoted value near its edge is seen whole; a
//! finding is kept by the segment that owns the line it is reported on. A
//! `window: file` rule searches every segment when its keywords occur
//! anywhere in the file, as it searches the whole file otherwise. Blobs that
//! may hold a Kubernetes Secret are scanned whole: their `data:` values are
//! found from a document's structure, which a segment may cut.

use super::Detector;
use crate::blob::{is_binary, Blob};
use crate::finding::Finding;

/// Blobs larger than this are scanned in segments.
const SEGMENTED_ABOVE: usize = 256 << 10;
/// The lines a segment owns: this many bytes, up to the next line start.
const SEGMENT: usize = 192 << 10;
/// Whole lines of context on either side of a segment, within this many
/// bytes.
const CONTEXT: usize = 32 << 10;

impl Detector {
    /// Whether `bytes` is scanned in segments (see the module's text).
    pub(super) fn segmented(&self, bytes: &[u8]) -> bool {
        bytes.len() > SEGMENTED_ABOVE && !super::k8s::may_hold_secret(bytes)
    }

    /// Hands the findings of `blob` (without changed lines) to `emit`, in
    /// report order, scanning it a segment at a time.
    pub(super) fn scan_segments(&self, blob: &Blob<'_>, emit: &mut dyn FnMut(Finding)) {
        let bytes = blob.bytes;
        if is_binary(bytes) {
            return;
        }
        let file_keywords = self.prefilter.present(bytes, self.rules.len() + 1);
        let mut own_start = 0;
        // The line `own_start` starts.
        let mut own_line = 1;
        while own_start < bytes.len() {
            let own_end = line_start_from(bytes, own_start + SEGMENT);
            let own_end_line = own_line + newlines(&bytes[own_start..own_end]);
            let last = own_end == bytes.len();
            let from = line_start_from(bytes, own_start.saturating_sub(CONTEXT)).min(own_start);
            let to = line_start_within(bytes, own_end, own_end.saturating_add(CONTEXT));
            let shift = own_line - newlines(&bytes[from..own_start]) - 1;
            let segment = Blob::new(blob.origin.clone(), &bytes[from..to]);
            self.scan_text(&segment, Some(&file_keywords), &mut |mut f| {
                f.line += shift;
                f.end_line += shift;
                if f.line >= own_line && (last || f.line < own_end_line) {
                    emit(f);
                }
            });
            own_start = own_end;
            own_line = own_end_line;
        }
    }
}

/// The first line start at or after `at` (the end of `bytes` if none).
fn line_start_from(bytes: &[u8], at: usize) -> usize {
    if at == 0 || at >= bytes.len() {
        return at.min(bytes.len());
    }
    if bytes[at - 1] == b'\n' {
        return at;
    }
    memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1)
}

/// The last line start in `from..=to` after `from` (a line start itself),
/// or `from` if there is none; the end of `bytes` if `to` reaches it.
fn line_start_within(bytes: &[u8], from: usize, to: usize) -> usize {
    if to >= bytes.len() {
        return bytes.len();
    }
    memchr::memrchr(b'\n', &bytes[from..to]).map_or(from, |i| from + i + 1)
}

fn newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blob::Origin;
    use crate::fake::{self, FakeRng};
    use crate::rules::RuleSet;

    fn detector() -> Detector {
        Detector::new(RuleSet::builtin().expect("built-in rules load"))
    }

    /// Findings as `rule line:column-end_line:end_column fingerprint text`.
    fn listed(findings: &[Finding]) -> Vec<String> {
        findings
            .iter()
            .map(|f| {
                format!(
                    "{} {}:{}-{}:{} {} {} {}",
                    f.rule_id(),
                    f.line,
                    f.column,
                    f.end_line,
                    f.end_column,
                    f.fingerprint,
                    f.shown_line(true),
                    f.suppressed_inline
                )
            })
            .collect()
    }

    /// A file of a few megabytes: filler lines, and secrets of every shape
    /// the detector combines across lines (pairs, a key block, a
    /// multi-line quoted value, a token whose keyword is at the top),
    /// placed all over, segment edges included.
    fn big_file(rng: &mut FakeRng) -> String {
        let mut text = String::from("# discord bot settings below\n");
        let mut i = 0;
        while text.len() < 3 * SEGMENT + SEGMENT / 2 {
            i += 1;
            let near_edge = text.len() % SEGMENT > SEGMENT - 300;
            match (i % 97, near_edge) {
                (_, true) | (0, _) => text.push_str(&format!(
                    "[p{i}]\naws_access_key_id = {}\n\naws_secret_access_key = {}\n",
                    fake::aws_key_id(rng),
                    fake::aws_secret(rng)
                )),
                (13, _) => text.push_str(&format!("k{i} = '{}'\n", fake::github_token(rng))),
                (29, _) => text.push_str(&format!("{}\n", fake::rsa_pem(rng, 6))),
                (41, _) => text.push_str(&format!(
                    "CERT_{i}=\"line one\nline two {}\"\n",
                    fake::aws_secret(rng)
                )),
                (53, _) => text.push_str(&format!(
                    "quiet_{i} = '{}' # keygate:allow\n",
                    fake::aws_key_id(rng)
                )),
                // No keyword of its rule on the line: only the file's first
                // line names it.
                (67, _) => text.push_str(&format!(
                    "cfg_{i} = \"{}.{}.{}\"\n",
                    "MTA".to_string()
                        + &rng.string(
                            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                            21
                        ),
                    rng.string(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 6),
                    rng.string(
                        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
                        30
                    )
                )),
                _ => text.push_str(&format!(
                    "let value_{i} = compute({i}, \"{}\");\n",
                    i * 7919
                )),
            }
        }
        text
    }

    #[test]
    fn segments_find_what_the_whole_blob_holds() {
        let detector = detector();
        for (seed, name) in [(1, "app/config.py"), (2, ".env"), (3, "notes.txt")] {
            let text = big_file(&mut FakeRng::new(seed));
            assert!(text.len() > SEGMENTED_ABOVE);
            assert!(detector.segmented(text.as_bytes()));
            let blob = Blob::new(Origin::file(name), text.as_bytes());
            let mut whole = Vec::new();
            detector.scan_text(&blob, None, &mut |f| whole.push(f));
            let mut segmented = Vec::new();
            detector.scan_segments(&blob, &mut |f| segmented.push(f));
            assert!(whole.len() > 100, "{name}: {} findings", whole.len());
            assert!(whole.is_sorted());
            // Every shape placed is found.
            for rule in [
                "aws-credential-pair",
                "discord-bot-token",
                "github-pat",
                "private-key",
            ] {
                assert!(
                    whole.iter().any(|f| f.rule_id() == rule),
                    "{name}: no {rule}"
                );
            }
            assert!(whole.iter().any(|f| f.suppressed_inline), "{name}");
            assert_eq!(listed(&segmented), listed(&whole), "{name}");
        }
    }

    #[test]
    fn a_file_without_line_breaks_is_one_segment() {
        let detector = detector();
        let mut rng = FakeRng::new(4);
        let filler = "var a=1;".repeat(SEGMENTED_ABOVE / 8);
        let text = format!("{filler}var k='{}';{filler}", fake::aws_key_id(&mut rng));
        let blob = Blob::new(Origin::file("one.js"), text.as_bytes());
        let mut found = Vec::new();
        detector.scan_segments(&blob, &mut |f| found.push(f));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (1, filler.len() + 8));
    }

    #[test]
    fn line_starts() {
        let b = b"ab\ncd\n\nef";
        assert_eq!(line_start_from(b, 0), 0);
        assert_eq!(line_start_from(b, 1), 3);
        assert_eq!(line_start_from(b, 3), 3);
        assert_eq!(line_start_from(b, 6), 6);
        assert_eq!(line_start_from(b, 8), 9);
        assert_eq!(line_start_from(b, 20), 9);
        assert_eq!(line_start_within(b, 3, 7), 7);
        assert_eq!(line_start_within(b, 3, 5), 3);
        assert_eq!(line_start_within(b, 3, 9), 9);
        assert_eq!(newlines(b), 3);
    }
}
