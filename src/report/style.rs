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
            Severity::Critical | Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }
}

/// Whether `--color auto` colours output, from the environment: a terminal
/// gets colour unless the user turned it off, and the force variables turn
/// it on even in a pipe (CI logs that render ANSI).
///
/// In order, the first that applies decides:
/// 1. `FORCE_COLOR` set and not empty: on, unless it is `0` or `false`
///    (off), as Node and most tools read it;
/// 2. `CLICOLOR_FORCE` set, not empty and not `0`: on;
/// 3. `NO_COLOR` set and not empty: off;
/// 4. not a terminal: off;
/// 5. `TERM=dumb` or `CLICOLOR=0`: off;
/// 6. otherwise on.
///
/// `--color always` and `--color never` do not consult it.
// Not called yet: app.rs `styles()` takes it over from its own NO_COLOR
// check when the lead wires it (`ColorChoice::Auto => style::color_from_env(
// io::stdout().is_terminal())`).
pub fn color_from_env(choice_auto_is_tty: bool) -> bool {
    color_decision(choice_auto_is_tty, |k| std::env::var(k).ok())
}

/// [`color_from_env`] with the environment passed in (for tests).
pub fn color_decision(is_tty: bool, var: impl Fn(&str) -> Option<String>) -> bool {
    let set = |k: &str| var(k).filter(|v| !v.is_empty());
    if let Some(v) = set("FORCE_COLOR") {
        return !(v == "0" || v.eq_ignore_ascii_case("false"));
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if set("NO_COLOR").is_some() {
        return false;
    }
    if !is_tty {
        return false;
    }
    !(var("TERM").as_deref() == Some("dumb") || var("CLICOLOR").as_deref() == Some("0"))
}

/// A rate as a whole number with thousands separators: `6,879/s`
/// (indicatif's `{per_sec}` prints `6,879.0596/s`).
pub fn rate(per_sec: f64) -> String {
    let n = if per_sec.is_finite() && per_sec > 0.0 {
        per_sec.round() as u64
    } else {
        0
    };
    format!("{}/s", indicatif::HumanCount(n))
}

/// The `{rate}` key of the history progress bar, for
/// `ProgressStyle::with_key("rate", style::write_rate)`.
// Not called yet: app.rs `progress_bar` switches its template from
// `{per_sec}` to `{rate}` when the lead wires it.
pub fn write_rate(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = w.write_str(&rate(state.per_sec()));
}

#[cfg(test)]
mod tests {
    use super::{color_decision, rate};

    #[test]
    fn rates_are_whole_numbers() {
        assert_eq!(rate(6879.0596), "6,879/s");
        assert_eq!(rate(0.4), "0/s");
        assert_eq!(rate(1_234_567.5), "1,234,568/s");
        assert_eq!(rate(f64::NAN), "0/s");
        assert_eq!(rate(f64::INFINITY), "0/s");
        // It fits indicatif's key API, as progress_bar will use it.
        let style = indicatif::ProgressStyle::with_template("{pos}/{len} ({rate})")
            .unwrap()
            .with_key("rate", super::write_rate);
        indicatif::ProgressBar::hidden().set_style(style);
    }

    fn decide(is_tty: bool, env: &[(&str, &str)]) -> bool {
        color_decision(is_tty, |k| {
            env.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn a_terminal_gets_colour_a_pipe_does_not() {
        assert!(decide(true, &[]));
        assert!(!decide(false, &[]));
        assert!(decide(true, &[("TERM", "xterm-256color")]));
        assert!(!decide(true, &[("TERM", "dumb")]));
        assert!(!decide(true, &[("CLICOLOR", "0")]));
        assert!(decide(true, &[("CLICOLOR", "1")]));
    }

    #[test]
    fn no_color_turns_it_off_when_not_empty() {
        assert!(!decide(true, &[("NO_COLOR", "1")]));
        assert!(decide(true, &[("NO_COLOR", "")]));
    }

    #[test]
    fn force_color_and_clicolor_force_turn_it_on_in_a_pipe() {
        assert!(decide(false, &[("FORCE_COLOR", "1")]));
        assert!(decide(false, &[("FORCE_COLOR", "3")]));
        assert!(decide(false, &[("FORCE_COLOR", "true")]));
        assert!(decide(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!decide(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!decide(false, &[("FORCE_COLOR", "")]));
        // Forcing wins over NO_COLOR and TERM=dumb.
        assert!(decide(false, &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
        assert!(decide(true, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
        assert!(decide(false, &[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]));
    }

    #[test]
    fn force_color_zero_or_false_turns_it_off() {
        assert!(!decide(true, &[("FORCE_COLOR", "0")]));
        assert!(!decide(true, &[("FORCE_COLOR", "false")]));
        assert!(!decide(
            true,
            &[("FORCE_COLOR", "0"), ("CLICOLOR_FORCE", "1")]
        ));
    }
}
