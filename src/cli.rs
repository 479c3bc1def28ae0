//! What the user typed: clap definitions only. Nothing here builds a
//! walker, a rule set or a reporter; [`crate::cmd`] resolves these into
//! pipeline settings, and report formats map onto [`crate::report::Format`].

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Keep secrets out of git: scan what is staged, a commit range, or a tree.
#[derive(Debug, Parser)]
#[command(name = "keygate", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories (default: the current directory).
    Scan(ScanArgs),
    /// Scan what is staged for the next commit (the pre-commit hook's job).
    Staged(StagedArgs),
    /// Scan the lines each commit of a range adds (the pull-request job).
    Diff(DiffArgs),
    /// Scan every blob of the repository's history once.
    History(HistoryArgs),
    /// Write the current findings (tree and history) as a baseline file.
    Baseline(BaselineArgs),
    /// Install (or remove) the pre-commit hook in the current repository.
    Install(InstallArgs),
    /// Server-side check of a push (git's pre-receive hook input on stdin):
    /// refuses it if the commits it adds hold secrets.
    PreReceive(PreReceiveArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Show the effective configuration for a folder, and where each value
    /// comes from.
    Config(ConfigArgs),
    /// Prove the hook works: commit fake secrets in a temporary repository
    /// through the installed hook and check that it blocks them.
    SelfTest(SelfTestArgs),
    /// Verify the findings of an earlier JSON report (written with
    /// --no-redact) with their providers: live, invalid or unknown.
    Verify(VerifyReportArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

/// `keygate config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the effective configuration (the default action).
    #[arg(long)]
    pub show: bool,
    /// The folder whose configuration to show (default: the current one).
    #[arg(long, value_name = "P", default_value = ".")]
    pub path: PathBuf,
    /// Configuration file (instead of discovery).
    #[arg(long, value_name = "FILE", env = "KEYGATE_CONFIG")]
    pub config: Option<PathBuf>,
}

/// `keygate self-test`.
#[derive(Debug, Args)]
pub struct SelfTestArgs {
    /// Test this hook script instead of the current repository's (or, outside
    /// a repository, a freshly installed one).
    #[arg(long, value_name = "FILE")]
    pub hook: Option<PathBuf>,
    /// Keep the temporary repository and print its path.
    #[arg(long)]
    pub keep: bool,
}

/// `keygate completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `keygate scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also scan files that .gitignore/.ignore/excludes would skip.
    #[arg(long)]
    pub no_ignore: bool,
    /// Walker and scanner threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Size limit and configuration.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Checking findings with their providers.
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Report format and destination.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `keygate staged`.
#[derive(Debug, Args)]
pub struct StagedArgs {
    /// Size limit and configuration.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Checking findings with their providers.
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Report format and destination.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `keygate diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// BASE..HEAD, BASE...HEAD (since the merge base), or one commit.
    /// Without it (and without --since), the pre-commit framework's
    /// PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF is used (pre-push), else the
    /// commits of the pushed branch (PRE_COMMIT_LOCAL_BRANCH, or HEAD) that
    /// no remote-tracking ref has: all of them in a new repository.
    #[arg(value_name = "RANGE")]
    pub range: Option<String>,
    /// Scan REF..HEAD.
    #[arg(long, value_name = "REF", conflicts_with = "range")]
    pub since: Option<String>,
    /// How merge commits are diffed.
    #[arg(long, value_enum, default_value_t = MergesArg::FirstParent)]
    pub merges: MergesArg,
    /// Where .keygate.yaml, its baseline and .keygateignore are read from:
    /// the base commit (the default: a pull request cannot allow its own
    /// secrets) or the working tree.
    #[arg(long, value_enum, default_value_t = ConfigFrom::Base)]
    pub config_from: ConfigFrom,
    /// Size limit and configuration.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Checking findings with their providers.
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Report format and destination.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `--verify` and what follows from it.
#[derive(Debug, Args, Clone)]
pub struct VerifyArgs {
    /// Check each distinct secret with its provider (one read-only identity
    /// call: AWS STS GetCallerIdentity, GitHub /user, ...) and report it
    /// live, invalid or unknown. Off by default: without it keygate makes
    /// no network connection. In `staged` (the hook) it needs
    /// `verify_in_hook: true` in .keygate.yaml.
    #[arg(long)]
    pub verify: bool,
    /// How many verification calls run at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub verify_jobs: usize,
    /// Report only findings verified live (implies --verify).
    #[arg(long)]
    pub only_verified: bool,
    /// Which findings fail the run (exit 1): any finding, or only those
    /// verified live.
    #[arg(long, value_enum, default_value_t = FailOn::Any)]
    pub fail_on: FailOn,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any finding fails the run.
    Any,
    /// Only findings verified live fail it.
    Live,
}

/// `keygate verify`.
#[derive(Debug, Args)]
pub struct VerifyReportArgs {
    /// A JSON report written with `--format json --no-redact` (its findings
    /// must carry their secrets).
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,
    /// Output format: a line per finding, or the report with a
    /// `verification` object on each finding.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
    /// How many verification calls run at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub verify_jobs: usize,
    /// Keep the secrets in the JSON output (they are dropped by default).
    #[arg(long)]
    pub no_redact: bool,
}

/// `--config-from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigFrom {
    /// The commit the range is compared against.
    Base,
    /// The working tree (what the pull request brings).
    Head,
}

/// `--merges`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergesArg {
    /// Do not scan merge commits.
    Skip,
    /// Diff merges against their first parent.
    FirstParent,
    /// Diff merges against every parent.
    All,
}

/// `keygate history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only history reachable from these refs (default: all refs and HEAD).
    #[arg(long = "ref", value_name = "REF")]
    pub refs: Vec<String>,
    /// Report every commit and path that introduced a secret, not only the first.
    #[arg(long)]
    pub all_introductions: bool,
    /// No progress bar (it is shown only on a terminal, and never with CI set).
    #[arg(long, short)]
    pub quiet: bool,
    /// Size limit and configuration.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Checking findings with their providers.
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Report format and destination.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `keygate baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Where to write it.
    #[arg(
        long,
        short,
        value_name = "FILE",
        default_value = ".keygate-baseline.json"
    )]
    pub output: PathBuf,
    /// Size limit and configuration.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Size limits and configuration.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Configuration file (default: .keygate.yaml in the scanned directory
    /// or the nearest parent up to the repository root).
    #[arg(long, value_name = "FILE", env = "KEYGATE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Skip files larger than this (bytes, or with a unit: 64KiB, 200MiB,
    /// 1GB) [default: `max_file_size` in .keygate.yaml, else 10MiB].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
}

/// How findings are printed.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to use colours (NO_COLOR is honoured with auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print secrets in full instead of redacted (do not use where logs are kept).
    #[arg(long)]
    pub no_redact: bool,
    /// Write the report in --format to FILE; the terminal gets the human report.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Report only findings whose fingerprint is not in FILE (a keygate JSON
    /// report or baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report findings on lines marked `keygate:allow` too (the markers are
    /// ignored); by default they are counted and listed in the summary.
    #[arg(long)]
    pub no_inline_allow: bool,
}

/// `keygate install`.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// Remove keygate's hook (and restore a hook it replaced).
    #[arg(long)]
    pub uninstall: bool,
    /// Accepted for compatibility: an existing hook is now always kept (as
    /// pre-commit.keygate-backup) and chained.
    #[arg(long, hide = true)]
    pub force: bool,
    /// Keep an existing hook keygate did not write as
    /// pre-commit.keygate-backup, but do not run it after keygate.
    #[arg(long)]
    pub no_chain: bool,
    /// Install the server-side pre-receive hook (in a bare repository, or
    /// the one --git-dir names) instead of the pre-commit hook.
    #[arg(long, conflicts_with = "pre_push")]
    pub pre_receive: bool,
    /// Install a plain git pre-push hook that scans the commits being
    /// pushed instead of the pre-commit hook.
    #[arg(long)]
    pub pre_push: bool,
    /// The repository (its git directory) to install into.
    #[arg(long, value_name = "DIR")]
    pub git_dir: Option<PathBuf>,
}

/// `keygate pre-receive`.
#[derive(Debug, Args)]
pub struct PreReceiveArgs {
    /// Server-side configuration file, instead of .keygate.yaml (with its
    /// baseline) and .keygateignore from the default branch.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Time budget, e.g. 4s or 500ms; past it the push is refused, or
    /// accepted with `on_timeout: accept` in the configuration.
    #[arg(long, value_name = "DURATION", value_parser = crate::config::parse_duration)]
    pub timeout: Option<std::time::Duration>,
    /// Append one JSON line per ref update and decision to FILE.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Skip files larger than this (as for scan) [default:
    /// `max_file_size` in the configuration, else 10MiB].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
    /// Check each refused secret with its provider and say whether it is
    /// live (see `keygate scan --verify`); the push is refused either way.
    #[arg(long)]
    pub verify: bool,
    /// How many verification calls run at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub verify_jobs: usize,
}

/// `keygate rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
    /// Configuration file whose rules are listed too (default: the nearest
    /// .keygate.yaml).
    #[arg(long, value_name = "FILE", env = "KEYGATE_CONFIG")]
    pub config: Option<PathBuf>,
}

/// Formats of the rule list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A table.
    Human,
    /// A JSON list.
    Json,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable blocks with the masked line and what to do.
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// JUnit XML, one test case per finding.
    Junit,
    /// GitLab Secret Detection report (artifacts: reports: secret_detection).
    Gitlab,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl From<Format> for crate::report::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Human => crate::report::Format::Human,
            Format::Json => crate::report::Format::Json,
            Format::Sarif => crate::report::Format::Sarif,
            Format::Junit => crate::report::Format::Junit,
            Format::Gitlab => crate::report::Format::Gitlab,
        }
    }
}

pub use crate::config::parse_size;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("123"), Ok(123));
        assert_eq!(parse_size("64KiB"), Ok(65536));
        assert_eq!(parse_size("200MiB"), Ok(200 << 20));
        assert_eq!(parse_size("1GB"), Ok(1_000_000_000));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5XB").is_err());
        assert!(parse_size("99999999999999999999GiB").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
