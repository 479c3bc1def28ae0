//! A small JSON scanner for notebooks: it decodes strings and records
//! where each decoded character was written in the file.

use super::Positions;

/// A decoded JSON string with each character's file position, and the
/// position of its closing quote.
#[derive(Debug)]
pub(super) struct Str {
    pub(super) text: String,
    pub(super) at: Positions,
    pub(super) end: (u32, u32),
}

#[derive(Debug)]
pub(super) enum Json {
    Str(Str),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
    Other,
}

/// Nesting deeper than this is not a notebook (and would overflow the
/// stack).
const MAX_DEPTH: usize = 256;

pub(super) struct Scanner<'a> {
    pub(super) s: &'a [u8],
    pub(super) i: usize,
    pub(super) line: u32,
    pub(super) col: u32,
}

impl Scanner<'_> {
    pub(super) fn bump(&mut self) {
        let b = self.s[self.i];
        if b == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if b & 0xC0 != 0x80 {
            self.col += 1;
        }
        self.i += 1;
    }

    pub(super) fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\r' | b'\n') {
            self.bump();
        }
    }

    pub(super) fn eat(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.s.get(self.i) == Some(&b)).then(|| self.bump())
    }

    /// The array at the cursor: `item` is called with the cursor before
    /// each element and must consume it.
    pub(super) fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            item(self)?;
            if self.eat(b',').is_none() {
                return self.eat(b']');
            }
        }
    }

    /// The object at the cursor: `member` is called with each key and the
    /// cursor before its value, and must consume the value.
    pub(super) fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, String) -> Option<()>,
    ) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return None;
            }
            let key = self.string()?.text;
            self.eat(b':')?;
            member(self, key)?;
            if self.eat(b',').is_none() {
                return self.eat(b'}');
            }
        }
    }

    pub(super) fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match *self.s.get(self.i)? {
            b'"' => self.string().map(Json::Str),
            b'[' => {
                let mut items = Vec::new();
                self.array(|p| {
                    items.push(p.value(depth + 1)?);
                    Some(())
                })?;
                Some(Json::Arr(items))
            }
            b'{' => {
                let mut members = Vec::new();
                self.object(|p, key| {
                    members.push((key, p.value(depth + 1)?));
                    Some(())
                })?;
                Some(Json::Obj(members))
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                while self.i < self.s.len()
                    && matches!(self.s[self.i], b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'E')
                {
                    self.bump();
                }
                Some(Json::Other)
            }
            _ => None,
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        let h = std::str::from_utf8(h).ok()?;
        let v = u32::from_str_radix(h, 16).ok()?;
        for _ in 0..4 {
            self.bump();
        }
        Some(v)
    }

    /// A string literal, at its opening quote.
    pub(super) fn string(&mut self) -> Option<Str> {
        self.bump();
        let mut text = String::new();
        let mut at = Positions::default();
        loop {
            let pos = (self.line, self.col);
            let b = *self.s.get(self.i)?;
            match b {
                b'"' => {
                    self.bump();
                    return Some(Str { text, at, end: pos });
                }
                b'\\' => {
                    self.bump();
                    let e = *self.s.get(self.i)?;
                    self.bump();
                    let c = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'u' => {
                            let u = self.hex4()?;
                            if (0xD800..0xDC00).contains(&u)
                                && self.s.get(self.i..self.i + 2) == Some(b"\\u")
                            {
                                let save = (self.i, self.line, self.col);
                                self.bump();
                                self.bump();
                                match self.hex4() {
                                    Some(lo) if (0xDC00..0xE000).contains(&lo) => char::from_u32(
                                        0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00),
                                    )
                                    .unwrap_or('\u{FFFD}'),
                                    _ => {
                                        (self.i, self.line, self.col) = save;
                                        '\u{FFFD}'
                                    }
                                }
                            } else {
                                char::from_u32(u).unwrap_or('\u{FFFD}')
                            }
                        }
                        _ => return None,
                    };
                    text.push(c);
                    at.push(pos);
                }
                _ => {
                    let len = match b {
                        0xF0.. => 4,
                        0xE0.. => 3,
                        0xC0.. => 2,
                        _ => 1,
                    };
                    let piece = self.s.get(self.i..self.i + len)?;
                    let c = std::str::from_utf8(piece).ok()?.chars().next()?;
                    text.push(c);
                    at.push(pos);
                    for _ in 0..len {
                        self.bump();
                    }
                }
            }
        }
    }
}
