//! Reporters: one module per format behind one function. They depend on
//! findings and stats only, never on how those were produced.

use keygate::finding::Finding;
use keygate::source::Stats;
use std::io::{self, Write};
use std::time::Duration;

mod human;
mod json;
pub mod style;

pub use style::Styles;

/// What was scanned, for the summary and the hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Files and directories.
    Scan,
    /// The staged changes.
    Staged,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Scan => "scan",
            Mode::Staged => "staged",
        }
    }
}

/// Everything a reporter prints.
pub struct Report<'a> {
    pub mode: Mode,
    pub findings: &'a [Finding],
    pub stats: &'a Stats,
    pub elapsed: Duration,
    /// Mask secrets (the default).
    pub redact: bool,
}

/// Writes `report` to `out` in `format`.
pub fn write(
    format: crate::cli::Format,
    report: &Report<'_>,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        crate::cli::Format::Human => human::write(report, styles, out),
        crate::cli::Format::Json => json::write(report, out),
    }
}
