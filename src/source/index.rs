//! A reader for git's index file, for the pre-commit hook's fast path.
//!
//! libgit2 spends most of a hook's time on a large repository loading the
//! whole index (checksumming it with collision-detecting SHA-1 and
//! validating every path) and then loading every tree of HEAD to compare
//! them. git avoids both with the index's cache-tree extension, which
//! records the tree id of every directory whose entries have not changed.
//! This module parses the entries (versions 2, 3 and 4) and that extension;
//! anything it does not understand (split indexes, conflicts,
//! unknown versions) makes it return `None`, and the caller falls back to
//! libgit2. Sparse indexes (`git sparse-checkout --sparse-index`), which
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
    // Extensions, then a 20-byte checksum.
    while r.pos + 20 < bytes.len() {
        let sig = r.take(4)?;
        let size = r.u32()? as usize;
        let data = r.take(size)?;
        match sig {
            b"TREE" => cache_tree = parse_tree_ext(data),
            b"sdir" => sparse = true,
            b"link" => return None,              // split index
            s if s[0].is_ascii_uppercase() => {} // optional extension
            _ => return None,                    // required extension we do not know
        }
    }
    Some(Index {
        entries,
        cache_tree,
        sparse,
    })
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
