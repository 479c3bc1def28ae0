//! Kubernetes Secret manifests: the values under `data:` are base64, so
//! the detector scans what they decode to and reports at the encoded
//! value. This module only finds those values; it is pure and bounded
//! (at most [`MAX_VALUES`] values of at most [`MAX_VALUE`] bytes a blob).

use std::ops::Range;

/// At most this many `data:` values are decoded per blob.
pub(super) const MAX_VALUES: usize = 512;
/// Values longer than this (encoded) are left alone.
pub(super) const MAX_VALUE: usize = 64 * 1024;

/// One `key: base64` entry under a Secret's `data:`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct DataValue {
    pub(super) key: Range<usize>,
    pub(super) value: Range<usize>,
}

/// The prefilter keyword without which no blob is searched for Secrets.
pub(super) const KIND_KEYWORD: &str = "kind:";

/// Whether `bytes` may hold a Secret manifest (a cheap test first).
pub(super) fn may_hold_secret(bytes: &[u8]) -> bool {
    use memchr::memmem::Finder;
    use std::sync::OnceLock;
    // Built once: most blobs are searched for `kind:` alone.
    static FINDERS: OnceLock<[Finder<'static>; 3]> = OnceLock::new();
    FINDERS
        .get_or_init(|| {
            [
                Finder::new("kind:"),
                Finder::new("Secret"),
                Finder::new("data:"),
            ]
        })
        .iter()
        .all(|f| f.find(bytes).is_some())
}

/// The `data:` values of every YAML document in `bytes` whose `kind` is
/// `Secret` (top-level keys only; `stringData` is plain text and scanned
/// as it is).
pub(super) fn secret_data_values(bytes: &[u8]) -> Vec<DataValue> {
    let mut out = Vec::new();
    if !may_hold_secret(bytes) {
        return out;
    }
    // Split into lines with their offsets, then into documents at `---`.
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', bytes) {
        lines.push(start..nl);
        start = nl + 1;
    }
    if start < bytes.len() {
        lines.push(start..bytes.len());
    }
    let line = |r: &Range<usize>| {
        let l = &bytes[r.clone()];
        l.strip_suffix(b"\r").unwrap_or(l)
    };
    for doc in lines.split(|r| line(r).starts_with(b"---")) {
        let is_secret = doc.iter().any(|r| {
            let l = line(r);
            l.strip_prefix(b"kind:")
                .is_some_and(|rest| rest.trim_ascii().trim_ascii_end() == b"Secret")
        });
        if !is_secret {
            continue;
        }
        let Some(data_at) = doc
            .iter()
            .position(|r| line(r).trim_ascii_end() == b"data:")
        else {
            continue;
        };
        for r in &doc[data_at + 1..] {
            let l = line(r);
            if l.trim_ascii().is_empty() || l.trim_ascii_start().starts_with(b"#") {
                continue;
            }
            if !l.starts_with(b" ") && !l.starts_with(b"\t") {
                break; // the next top-level key
            }
            let Some(colon) = memchr::memchr(b':', l) else {
                continue;
            };
            let key_start = l.len() - l.trim_ascii_start().len();
            let key = &l[key_start..colon];
            let raw = &l[colon + 1..];
            let lead = raw.len() - raw.trim_ascii_start().len();
            let mut v = raw.trim_ascii();
            let mut offset = colon + 1 + lead;
            if v.len() >= 2 && (v[0] == b'"' || v[0] == b'\'') && v.last() == Some(&v[0]) {
                v = &v[1..v.len() - 1];
                offset += 1;
            }
            if key.is_empty() || v.is_empty() || v.len() > MAX_VALUE {
                continue;
            }
            if !v
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
            {
                continue;
            }
            out.push(DataValue {
                key: r.start + key_start..r.start + colon,
                value: r.start + offset..r.start + offset + v.len(),
            });
            if out.len() >= MAX_VALUES {
                return out;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_data_values_of_secrets_only() {
        let text = b"apiVersion: v1\nkind: ConfigMap\ndata:\n  a: YWJj\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: \"UmVkaXMyMDI0IQ==\"\n  # note\n  user: YWRtaW4=\nstringData:\n  x: plain\n";
        let found = secret_data_values(text);
        let s = |r: &Range<usize>| std::str::from_utf8(&text[r.clone()]).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(s(&found[0].key), "password");
        assert_eq!(s(&found[0].value), "UmVkaXMyMDI0IQ==");
        assert_eq!(s(&found[1].value), "YWRtaW4=");
    }

    #[test]
    fn no_secret_no_values() {
        assert!(secret_data_values(b"kind: Deployment\ndata:\n  a: YWJj\n").is_empty());
        assert!(secret_data_values(b"").is_empty());
    }
}
