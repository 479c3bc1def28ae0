//! A reader for git's index file, for the pre-commit hook's fast path.
//!
//! libgit2 spends most of a hook's time on a large repository loading the
//! whole index (checksumming it with collision-detecting SHA-1 and
//! validating every path) and then loading every tree of HEAD to compare
//! them. git avoids both with the index's cache-tree extension, which
//! records the tree id of every directory whose entries have not changed.
//! This module parses the entries (versions 2, 3 and 4) and that extension;
//! anything it does not understand (conflicts, unknown versions) makes it
//! return `None`, and the caller falls back to libgit2. Split indexes
//! (`core.splitIndex`), which libgit2 cannot read, are resolved against
//! their shared index ([`Index::split`], [`Index::merge_shared`]), as git's
//! index-format documentation describes. Sparse indexes (`git sparse-checkout --sparse-index`), which
//! libgit2 cannot read at all, are parsed and flagged.

use git2::Oid;

/// One index entry (stage 0).
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the repository root, `/`-separated.
    pub path: Vec<u8>,
    /// Blob id.
    pub oid: Oid,
    /// File mode (0o100644, 0o100755, 0o120000, 0o160000).
    pub mode: u32,
    /// Intent-to-add (`git add -N`): present in the index with no content.
    pub intent_to_add: bool,
}

/// A directory of the cache-tree extension.
#[derive(Debug, Clone, Default)]
pub struct CacheTree {
    /// The directory's name (empty for the root).
    pub name: Vec<u8>,
    /// The tree id, when the directory is unchanged since it was computed.
    pub oid: Option<Oid>,
    /// Subdirectories.
    pub children: Vec<CacheTree>,
}

/// A parsed index.
#[derive(Debug, Default)]
pub struct Index {
    /// Entries sorted by path.
    pub entries: Vec<Entry>,
    /// The cache-tree, if the index has one.
    pub cache_tree: Option<CacheTree>,
    /// A sparse index (`sdir`): entries with mode 0o040000 stand for whole
    /// directories outside the sparse-checkout cone, by tree id.
    pub sparse: bool,
    /// A split index (`link`): `entries` are only the changes to a shared
    /// index, which [`Index::merge_shared`] applies.
    pub split: Option<Split>,
}

/// The `link` extension of a split index.
#[derive(Debug, Clone, Default)]
pub struct Split {
    /// The shared index, `$GIT_DIR/sharedindex.<id>`; `None` when all
    /// zeros (the index needs no shared index).
    pub shared: Option<Oid>,
    /// Positions of shared-index entries this index deletes.
    pub delete: Ewah,
    /// Positions of shared-index entries this index replaces, in order with
    /// the first entries of this index.
    pub replace: Ewah,
}

/// A serialized EWAH bitmap (git's `ewah/ewah_io.c`), kept compressed
/// until the shared index says how many bits it may have: a run of ones
/// in a few bytes could otherwise expand to billions of positions.
#[derive(Debug, Clone, Default)]
pub struct Ewah {
    bit_size: usize,
    words: Vec<u64>,
}

impl Ewah {
    /// A bitmap of `bit_size` bits in EWAH words.
    pub fn new(bit_size: usize, words: Vec<u64>) -> Ewah {
        Ewah { bit_size, words }
    }

    /// The set bits, in order; `None` if the bitmap has more than `limit`
    /// bits or is truncated. Each run-length word holds a running bit (bit
    /// 0), a run length in words (the next 32 bits) and how many literal
    /// words follow it (the top 31 bits); bits are numbered from each
    /// word's lowest.
    pub fn bits(&self, limit: usize) -> Option<Vec<usize>> {
        if self.bit_size > limit {
            return None;
        }
        let (bit_size, words) = (self.bit_size, &self.words);
        let mut bits = Vec::new();
        let mut pos = 0usize;
        let mut i = 0;
        while i < words.len() && pos < bit_size {
            let rlw = words[i];
            i += 1;
            let run = ((rlw >> 1) & 0xffff_ffff) as usize;
            let literals = (rlw >> 33) as usize;
            let run_end = pos.saturating_add(run.saturating_mul(64));
            if rlw & 1 == 1 {
                bits.extend(pos..run_end.min(bit_size));
            }
            pos = run_end;
            for _ in 0..literals {
                let w = *words.get(i)?;
                i += 1;
                for c in 0..64 {
                    if w >> c & 1 == 1 && pos + c < bit_size {
                        bits.push(pos + c);
                    }
                }
                pos = pos.saturating_add(64);
            }
        }
        Some(bits)
    }
}

impl Index {
    /// Applies a split index to its shared index (parsed from
    /// `sharedindex.<id>`): replaced entries take the new id and mode and
    /// keep their name, deleted ones go, and this index's remaining entries
    /// are added in path order. `None` if the two do not fit together.
    pub fn merge_shared(self, shared: Index) -> Option<Index> {
        let split = self.split?;
        if shared.split.is_some() {
            return None;
        }
        let mut base: Vec<Option<Entry>> = shared.entries.into_iter().map(Some).collect();
        let mut deleted = vec![false; base.len()];
        for pos in split.delete.bits(base.len())? {
            *deleted.get_mut(pos)? = true;
        }
        let mut own = self.entries.into_iter();
        for pos in split.replace.bits(base.len())? {
            let src = own.next()?;
            if !src.path.is_empty() || *deleted.get(pos)? {
                return None; // corrupt: git refuses these too
            }
            let dst = base.get_mut(pos)?.as_mut()?;
            dst.oid = src.oid;
            dst.mode = src.mode;
            dst.intent_to_add = src.intent_to_add;
        }
        for (e, d) in base.iter_mut().zip(&deleted) {
            if *d {
                *e = None;
            }
        }
        let mut added: Vec<Entry> = own.collect();
        added.sort_by(|a, b| a.path.cmp(&b.path));
        let kept = base.into_iter().flatten();
        // Merge two sorted lists; an added entry replaces a kept one of the
        // same path.
        let mut entries = Vec::with_capacity(added.len() + deleted.len());
        let mut added = added.into_iter().peekable();
        for e in kept {
            while let Some(a) = added.next_if(|a| a.path < e.path) {
                entries.push(a);
            }
            entries.push(added.next_if(|a| a.path == e.path).unwrap_or(e));
        }
        entries.extend(added);
        Some(Index {
            entries,
            cache_tree: self.cache_tree.or(shared.cache_tree),
            sparse: self.sparse || shared.sparse,
            split: None,
        })
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|s| u64::from_be_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]))
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|s| u16::from_be_bytes([s[0], s[1]]))
    }
    fn until_nul(&mut self) -> Option<&'a [u8]> {
        let rest = self.b.get(self.pos..)?;
        let n = memchr::memchr(0, rest)?;
        self.pos += n + 1;
        Some(&rest[..n])
    }
    /// git's offset varint (index v4 path compression).
    fn varint(&mut self) -> Option<usize> {
        let mut byte = *self.take(1)?.first()?;
        let mut value = usize::from(byte & 0x7f);
        while byte & 0x80 != 0 {
            byte = *self.take(1)?.first()?;
            value = value.checked_add(1)?.checked_shl(7)? | usize::from(byte & 0x7f);
        }
        Some(value)
    }
}

/// Parses an index file; `None` when it uses anything this reader does not
/// handle (the caller then uses libgit2).
pub fn parse(bytes: &[u8]) -> Option<Index> {
    let mut r = Reader { b: bytes, pos: 0 };
    if r.take(4)? != b"DIRC" {
        return None;
    }
    let version = r.u32()?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = r.u32()? as usize;
    let mut entries = Vec::with_capacity(count.min(1 << 20));
    let mut prev: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = r.pos;
        r.take(24)?; // ctime, mtime, dev, ino
        let mode = r.u32()?;
        r.take(12)?; // uid, gid, size
        let oid = Oid::from_bytes(r.take(20)?).ok()?;
        let flags = r.u16()?;
        let stage = (flags >> 12) & 0x3;
        let mut intent_to_add = false;
        if flags & 0x4000 != 0 {
            if version < 3 {
                return None;
            }
            let extended = r.u16()?;
            intent_to_add = extended & 0x2000 != 0;
        }
        let path = if version == 4 {
            let strip = r.varint()?;
            let suffix = r.until_nul()?;
            let keep = prev.len().checked_sub(strip)?;
            let mut p = prev[..keep].to_vec();
            p.extend_from_slice(suffix);
            p
        } else {
            let p = r.until_nul()?.to_vec();
            // Entries are padded with NULs to a multiple of eight bytes.
            let len = r.pos - start;
            let padded = len.div_ceil(8) * 8;
            r.take(padded - len)?;
            p
        };
        if stage != 0 {
            return None; // a merge in progress with conflicts
        }
        prev.clone_from(&path);
        entries.push(Entry {
            path,
            oid,
            mode,
            intent_to_add,
        });
    }
    let mut cache_tree = None;
    let mut sparse = false;
    let mut split = None;
    // Extensions, then a 20-byte checksum.
    while r.pos + 20 < bytes.len() {
        let sig = r.take(4)?;
        let size = r.u32()? as usize;
        let data = r.take(size)?;
        match sig {
            b"TREE" => cache_tree = parse_tree_ext(data),
            b"sdir" => sparse = true,
            b"link" => split = Some(parse_link(data)?),
            s if s[0].is_ascii_uppercase() => {} // optional extension
            _ => return None,                    // required extension we do not know
        }
    }
    Some(Index {
        entries,
        cache_tree,
        sparse,
        split,
    })
}

/// The `link` extension: the shared index id, then the delete and the
/// replace bitmaps (EWAH).
fn parse_link(data: &[u8]) -> Option<Split> {
    let mut r = Reader { b: data, pos: 0 };
    let id = Oid::from_bytes(r.take(20)?).ok()?;
    let shared = (!id.is_zero()).then_some(id);
    if r.pos == data.len() {
        return Some(Split {
            shared,
            ..Split::default()
        });
    }
    let delete = read_ewah(&mut r)?;
    let replace = read_ewah(&mut r)?;
    Some(Split {
        shared,
        delete,
        replace,
    })
}

/// A serialized EWAH bitmap: bit count, word count, the 64-bit words, and
/// the position of the last run-length word.
fn read_ewah(r: &mut Reader<'_>) -> Option<Ewah> {
    let bit_size = r.u32()? as usize;
    let word_count = r.u32()? as usize;
    let mut words = Vec::with_capacity(word_count.min(1 << 20));
    for _ in 0..word_count {
        words.push(r.u64()?);
    }
    r.u32()?; // position of the last run-length word
    Some(Ewah { bit_size, words })
}

fn parse_tree_ext(data: &[u8]) -> Option<CacheTree> {
    let mut r = Reader { b: data, pos: 0 };
    let root = parse_tree_node(&mut r)?;
    Some(root)
}

fn parse_tree_node(r: &mut Reader<'_>) -> Option<CacheTree> {
    let name = r.until_nul()?.to_vec();
    let rest = r.b.get(r.pos..)?;
    let nl = memchr::memchr(b'\n', rest)?;
    let line = std::str::from_utf8(&rest[..nl]).ok()?;
    r.pos += nl + 1;
    let (count, subtrees) = line.split_once(' ')?;
    let count: i64 = count.parse().ok()?;
    let subtrees: usize = subtrees.parse().ok()?;
    let oid = if count >= 0 {
        Some(Oid::from_bytes(r.take(20)?).ok()?)
    } else {
        None
    };
    let mut children = Vec::with_capacity(subtrees.min(4096));
    for _ in 0..subtrees {
        children.push(parse_tree_node(r)?);
    }
    Some(CacheTree {
        name,
        oid,
        children,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_follow_git() {
        let mut r = Reader { b: &[0x05], pos: 0 };
        assert_eq!(r.varint(), Some(5));
        // 0x80 0x00 is 128 in git's offset encoding.
        let mut r = Reader {
            b: &[0x80, 0x00],
            pos: 0,
        };
        assert_eq!(r.varint(), Some(128));
    }

    fn ewah(bit_size: u32, words: &[u64]) -> Vec<u8> {
        let mut b = bit_size.to_be_bytes().to_vec();
        b.extend((words.len() as u32).to_be_bytes());
        for w in words {
            b.extend(w.to_be_bytes());
        }
        b.extend(0u32.to_be_bytes());
        b
    }

    #[test]
    fn ewah_bitmaps_decode_as_git_writes_them() {
        // As git wrote them for a split index: one literal word each.
        let bits = |size, words: &[u64]| {
            let data = ewah(size, words);
            read_ewah(&mut Reader { b: &data, pos: 0 })
                .unwrap()
                .bits(1 << 20)
                .unwrap()
        };
        assert_eq!(bits(8, &[1 << 33, 0x80]), [7]);
        let replace: Vec<usize> = (0..7).chain(8..20).collect();
        assert_eq!(bits(20, &[1 << 33, 0xfff7f]), replace);
        // A run of one word of ones, then a literal word with bit 1.
        let run_then_literal = (1 << 33) | (1 << 1) | 1;
        let expected: Vec<usize> = (0..64).chain([65]).collect();
        assert_eq!(bits(70, &[run_then_literal, 0b10]), expected);
        // A run of zeros is skipped; bits past the size are dropped.
        assert_eq!(bits(66, &[(1 << 33) | (1 << 1), 0b1011]), [64, 65]);
        // Truncated data and more bits than the shared index has are refused.
        let data = ewah(8, &[1 << 33]);
        let truncated = read_ewah(&mut Reader { b: &data, pos: 0 }).unwrap();
        assert!(truncated.bits(8).is_none());
        let all_ones = Ewah::new(u32::MAX as usize, vec![u64::from(u32::MAX) << 1 | 1]);
        assert!(all_ones.bits(1000).is_none());
    }

    fn entry(path: &str, n: u8) -> Entry {
        Entry {
            path: path.as_bytes().to_vec(),
            oid: Oid::from_bytes(&[n; 20]).unwrap(),
            mode: 0o100644,
            intent_to_add: false,
        }
    }

    #[test]
    fn split_indexes_merge_into_their_shared_index() {
        let shared = Index {
            entries: vec![entry("a", 1), entry("c", 2), entry("e", 3)],
            ..Index::default()
        };
        let split = Index {
            // The replacement for "c" (no name), then additions.
            entries: vec![entry("", 9), entry("b", 4), entry("e", 5), entry("f", 6)],
            split: Some(Split {
                shared: None,
                delete: Ewah::new(3, vec![1 << 33, 0b001]),
                replace: Ewah::new(3, vec![1 << 33, 0b010]),
            }),
            ..Index::default()
        };
        let merged = split.merge_shared(shared).unwrap();
        let got: Vec<(String, u8)> = merged
            .entries
            .iter()
            .map(|e| {
                (
                    String::from_utf8(e.path.clone()).unwrap(),
                    e.oid.as_bytes()[0],
                )
            })
            .collect();
        let want = [("b", 4), ("c", 9), ("e", 5), ("f", 6)].map(|(p, n)| (p.to_string(), n));
        assert_eq!(got, want);
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        for b in [
            &b""[..],
            b"DIRC",
            b"DIRC\0\0\0\x09\0\0\0\0",
            b"DIRC\0\0\0\x02\0\0\0\x05short",
        ] {
            assert!(parse(b).is_none());
        }
    }
}
