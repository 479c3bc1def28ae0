//! Shell words: quoting paths and values for the commands keygate prints
//! and the hook scripts it writes (POSIX `sh`).

/// `s` single-quoted for a POSIX shell.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `p` as one shell word: as is when it is plain, single-quoted otherwise.
pub fn shell_word(p: &str) -> String {
    if !p.is_empty()
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+@%=:,".contains(&b))
    {
        p.to_string()
    } else {
        shell_quote(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_word("src/a.env"), "src/a.env");
        assert_eq!(shell_word("my file"), "'my file'");
        assert_eq!(shell_word(""), "''");
    }
}
