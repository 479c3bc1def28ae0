//! One stylesheet, decided once: colours on a terminal (unless NO_COLOR),
//! plain text otherwise. Reporters take a `Styles` and never ask again.

use crate::finding::Severity;
use owo_colors::Style;

/// The styles reporters use.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    /// Rule names and paths.
    pub path: Style,
    /// Rule ids.
    pub rule: Style,
    /// The gutter: arrows, bars and line numbers.
    pub gutter: Style,
    /// The caret run under a secret.
    pub secret: Style,
    /// `help:` labels.
    pub help: Style,
    /// The summary when something was found.
    pub summary_bad: Style,
    /// The summary when nothing was found.
    pub summary_good: Style,
    high: Style,
    medium: Style,
    low: Style,
}

impl Styles {
    /// Colourful styles.
    pub fn colored() -> Self {
        Styles {
            path: Style::new().bold(),
            rule: Style::new().bold().cyan(),
            gutter: Style::new().blue(),
            secret: Style::new().red().bold(),
            help: Style::new().green(),
            summary_bad: Style::new().red().bold(),
            summary_good: Style::new().green().bold(),
            high: Style::new().red().bold(),
            medium: Style::new().yellow().bold(),
            low: Style::new().dimmed(),
        }
    }

    /// No styling at all (tests, pipes, NO_COLOR).
    pub fn plain() -> Self {
        Styles::default()
    }

    /// The style of a severity label.
    pub fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }
}
