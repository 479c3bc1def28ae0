//! Reporters: one module per format behind one function. They depend on
//! findings and stats only, never on how those were produced.

use crate::blob::Stats;
use crate::finding::Finding;
use std::io::{self, Write};
use std::time::Duration;

mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
pub mod style;

pub use json::Stream as JsonStream;
pub use style::Styles;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable blocks with the masked line and what to do.
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// JUnit XML, one test case per finding.
    Junit,
    /// GitLab's Secret Detection report.
    Gitlab,
}

/// What was scanned, for the summary and the hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Files and directories.
    Scan,
    /// The staged changes.
    Staged,
    /// A commit range.
    Diff,
    /// The whole history.
    History,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Scan => "scan",
            Mode::Staged => "staged",
            Mode::Diff => "diff",
            Mode::History => "history",
        }
    }
}

/// `YYYY-MM-DD` of a Unix time (UTC), without a date library.
pub fn date(unix: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = unix.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Everything a reporter prints.
pub struct Report<'a> {
    /// What was scanned.
    pub mode: Mode,
    /// The findings, sorted.
    pub findings: &'a [Finding],
    /// Findings a `keygate:allow` marker suppressed, sorted: counted and
    /// listed, not reported as findings.
    pub allowed: &'a [Finding],
    /// What was read and passed over.
    pub stats: &'a Stats,
    /// How long the scan took.
    pub elapsed: Duration,
    /// Mask secrets (the default).
    pub redact: bool,
    /// Commits walked (diff and history).
    pub commits: Option<usize>,
    /// What `--verify` found (distinct secrets by answer), if it ran.
    pub verified: Option<crate::verify::Summary>,
    /// The configuration file in effect, if any (`.keygate.yaml@SHA` when
    /// read from a commit).
    pub config: Option<&'a std::path::Path>,
}

/// Writes `report` to `out` in `format`.
pub fn write(
    format: Format,
    report: &Report<'_>,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, styles, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::date(0), "1970-01-01");
        assert_eq!(super::date(1_700_000_000), "2023-11-14");
        assert_eq!(super::date(951_782_400), "2000-02-29");
    }
}
