//! The pipeline between sources and the detector: what every scan needs
//! ([`Context`]: configuration, detector, suppressions, size limit) and the
//! scans themselves, tree ([`tree`]), staged and commit changes
//! ([`changes`]) and history with first-introduction attribution
//! ([`history`]). Commands resolve their arguments into [`Settings`], call
//! one of these and hand the findings to a reporter.

use crate::baseline::{Suppressions, IGNORE_FILE};
use crate::config::{Config, DEFAULT_MAX_FILE_SIZE, FILE_NAME};
use crate::detect::Detector;
use crate::finding::Finding;
use crate::source::commits;
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};

pub mod changes;
pub mod history;
pub mod ordered;
pub mod tree;
pub mod verify;

/// What the user chose that shapes a scan's context.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--config FILE` (or KEYGATE_CONFIG): instead of discovery.
    pub config: Option<PathBuf>,
    /// `--max-file-size`: wins over the configuration's.
    pub max_file_size: Option<u64>,
    /// `--baseline FILE`: wins over the configuration's.
    pub baseline: Option<PathBuf>,
}

/// What every scanning command needs: configuration, detector and the
/// fingerprints to suppress.
pub struct Context {
    /// The configuration in effect.
    pub config: Config,
    /// The detector over the configuration's rules.
    pub detector: Detector,
    /// Fingerprints from the baseline and `.keygateignore`.
    pub suppress: Suppressions,
    /// The size limit: --max-file-size, else the configuration's, else
    /// 10 MiB.
    pub max_file_size: u64,
}

/// The configuration: `explicit` (from --config or KEYGATE_CONFIG), else
/// the nearest `.keygate.yaml` from `start` up to the repository root,
/// else defaults.
pub fn load_config(explicit: Option<&Path>, start: &Path) -> Result<Config> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Config::discover(start),
    };
    match path {
        Some(p) => Config::load(&p).context("invalid configuration"),
        None => Ok(Config::default()),
    }
}

impl Context {
    /// Configuration and suppressions for a scan rooted at `root`, read
    /// from disk. `small` builds the detector for start-up time (a hook).
    pub fn load(settings: &Settings, root: &Path, small: bool) -> Result<Context> {
        let config = load_config(settings.config.as_deref(), root)?;
        let mut suppress = Suppressions::default();
        if let Some(b) = settings.baseline.clone().or_else(|| config.baseline()) {
            suppress.add_baseline(&b).context("invalid baseline")?;
        }
        let ignore = root.join(IGNORE_FILE);
        if ignore.is_file() {
            suppress
                .add_ignore_file(&ignore)
                .context("invalid ignore file")?;
        }
        Context::new(config, suppress, settings, small)
    }

    /// Configuration, baseline and ignore file as they are in `commit`, so
    /// that the changes being scanned cannot allowlist themselves. An
    /// explicit `--config FILE` (or KEYGATE_CONFIG) replaces only
    /// `.keygate.yaml`, and an explicit `--baseline FILE` only the
    /// baseline: both are read from disk, everything else still from
    /// `commit`.
    pub fn from_commit(
        repo: &git2::Repository,
        commit: git2::Oid,
        settings: &Settings,
    ) -> Result<Context> {
        let short = &commit.to_string()[..12];
        let read = |path: &str| commits::file_at(repo, commit, path);
        let config = match (&settings.config, read(FILE_NAME)?) {
            (Some(explicit), _) => load_config(Some(explicit), Path::new("."))?,
            (None, Some(text)) => Config::parse(
                &format!("{FILE_NAME}@{short}"),
                &String::from_utf8_lossy(&text),
            )
            .context("invalid configuration")?,
            (None, None) => Config::default(),
        };
        let mut suppress = Suppressions::default();
        match &settings.baseline {
            Some(b) => {
                suppress.add_baseline(b).context("invalid baseline")?;
            }
            None => {
                // The configured baseline (even one named by an explicit
                // config) is the repository's file as it is in `commit`;
                // only an absolute path is read from disk.
                if let Some(b) = config.written.baseline.as_deref() {
                    let rel = b.trim_start_matches("./").to_string();
                    if Path::new(&rel).is_absolute() {
                        suppress
                            .add_baseline(Path::new(&rel))
                            .context("invalid baseline")?;
                    } else if let Some(text) = read(&rel)? {
                        let text = String::from_utf8_lossy(&text);
                        suppress
                            .add_baseline_text(&format!("{rel}@{short}"), &text)
                            .context("invalid suppression file")?;
                    }
                }
            }
        }
        if let Some(text) = read(IGNORE_FILE)? {
            let text = String::from_utf8_lossy(&text);
            suppress
                .add_ignore_text(&format!("{IGNORE_FILE}@{short}"), &text)
                .context("invalid suppression file")?;
        }
        Context::new(config, suppress, settings, true)
    }

    fn new(
        config: Config,
        suppress: Suppressions,
        settings: &Settings,
        small: bool,
    ) -> Result<Context> {
        let detector = config.detector(small).context("invalid rules")?;
        Ok(Context {
            max_file_size: settings
                .max_file_size
                .or(config.max_file_size)
                .unwrap_or(DEFAULT_MAX_FILE_SIZE),
            config,
            detector,
            suppress,
        })
    }

    /// Drops allowed and suppressed findings.
    pub fn filter(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| self.keeps(f));
    }

    /// Whether `f` is neither allowed by the configuration nor suppressed.
    pub fn keeps(&self, f: &Finding) -> bool {
        !self.config.allows(f) && !self.suppress.suppresses(f)
    }
}
