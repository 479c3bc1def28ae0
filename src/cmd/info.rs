//! The informational commands: `rules`, `config --show`, `completions` and
//! `man`.

use super::Outcome;
use crate::baseline::{Suppressions, IGNORE_FILE};
use crate::cli::{CompletionsArgs, ConfigArgs, RulesArgs, RulesFormat};
use crate::config::{AllowWritten, Config, DEFAULT_MAX_FILE_SIZE};
use crate::pipeline::load_config;
use crate::rules::RuleSet;
use anyhow::{bail, Context as _, Result};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub fn completions(args: CompletionsArgs) -> Result<Outcome> {
    use clap::CommandFactory;
    let mut cmd = crate::cli::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "keygate", &mut super::Out::new());
    Ok(Outcome::Clean)
}

/// `keygate man`: one page for the whole tool: the main page, then a
/// section per subcommand with its synopsis, description and every flag.
pub fn man() -> Result<Outcome> {
    use clap::CommandFactory;
    let mut cmd = crate::cli::Cli::command();
    cmd.build();
    let main = clap_mangen::Man::new(cmd.clone());
    let mut page: Vec<u8> = Vec::new();
    main.render_title(&mut page)?;
    main.render_name_section(&mut page)?;
    main.render_synopsis_section(&mut page)?;
    main.render_description_section(&mut page)?;
    main.render_options_section(&mut page)?;
    main.render_subcommands_section(&mut page)?;
    for sub in cmd.get_subcommands() {
        let name = format!("keygate {}", sub.get_name());
        writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
        let mut section = Vec::new();
        let man = clap_mangen::Man::new(sub.clone().bin_name(&name));
        man.render_description_section(&mut section)?;
        man.render_synopsis_section(&mut section)?;
        man.render_options_section(&mut section)?;
        // The subcommand's own sections become subsections of its section.
        let text = String::from_utf8_lossy(&section).replace(".SH ", ".SS ");
        page.extend_from_slice(text.as_bytes());
    }
    main.render_version_section(&mut page)?;
    super::Out::new().write_all(&page)?;
    Ok(Outcome::Clean)
}

/// `keygate rules`: the rules in effect (built-in and the configuration's).
pub fn rules(args: RulesArgs) -> Result<Outcome> {
    let config = load_config(args.config.as_deref(), Path::new("."))?;
    let detector = config.detector(true).context("invalid rules")?;
    let mut out = io::BufWriter::new(super::Out::new());
    match args.format {
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = detector
                .rules()
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "name": r.name,
                        "severity": r.severity,
                        "source": r.source,
                        "keywords": r.keywords,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        RulesFormat::Human => {
            let w = detector
                .rules()
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(2)
                .max(2);
            let n = detector
                .rules()
                .iter()
                .map(|r| r.name.len())
                .max()
                .unwrap_or(4)
                .max(4);
            writeln!(out, "{:w$}  {:8}  {:n$}  SOURCE", "ID", "SEVERITY", "NAME")?;
            for r in detector.rules() {
                let severity = r.severity.to_string();
                writeln!(
                    out,
                    "{:w$}  {severity:8}  {:n$}  {}",
                    r.id, r.name, r.source
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

/// `keygate config --show`: the effective configuration for a folder and
/// where each value comes from.
pub fn config_show(args: ConfigArgs) -> Result<Outcome> {
    let _ = args.show; // showing is the only action
    let dir = &args.path;
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let from_env = std::env::var_os("KEYGATE_CONFIG").map(PathBuf::from);
    let (path, how) = match &args.config {
        Some(p) if from_env.as_deref() == Some(p.as_path()) => {
            (Some(p.clone()), "from KEYGATE_CONFIG")
        }
        Some(p) => (Some(p.clone()), "from --config"),
        None => (
            Config::discover(dir),
            "the nearest .keygate.yaml from this folder up to the repository root",
        ),
    };
    let config = load_config(path.as_deref(), dir)?;
    let shown = dir.canonicalize().unwrap_or_else(|_| dir.clone());
    let mut out = super::Out::new();
    writeln!(
        out,
        "# effective keygate configuration for {}",
        shown.display()
    )?;
    match &path {
        Some(p) => writeln!(out, "# file: {} ({how})", p.display())?,
        None => writeln!(out, "# file: none (no .keygate.yaml from this folder up to the repository root): built-in defaults")?,
    }
    write!(out, "{}", describe(&config))?;
    let detector = config.detector(true).context("invalid rules")?;
    let in_effect = detector.rules().len();
    let builtin = RuleSet::builtin().context("invalid rules")?.rules().len();
    let extra = config.written.rules.len();
    writeln!(
        out,
        "# {in_effect} rules in effect: {builtin} built-in (patterns/), {} disabled, {extra} added",
        builtin + extra - in_effect,
    )?;
    let root = git2::Repository::discover(dir)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| dir.clone());
    let ignore = root.join(IGNORE_FILE);
    if ignore.is_file() {
        let n = Suppressions::default()
            .add_ignore_file(&ignore)
            .context("invalid ignore file")?;
        writeln!(out, "# {}: {n} fingerprint(s)", ignore.display())?;
    } else {
        writeln!(out, "# {}: none", ignore.display())?;
    }
    if let Some(b) = config.baseline() {
        let n = Suppressions::default()
            .add_baseline(&b)
            .context("invalid baseline")?;
        writeln!(out, "# baseline {}: {n} fingerprint(s)", b.display())?;
    }
    Ok(Outcome::Clean)
}

/// The effective configuration as commented YAML: every setting, with the
/// file and line it came from, or `default`. Allowlisted values are
/// counted, never printed: they may be secrets.
fn describe(config: &Config) -> String {
    let file = config
        .source
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let written = &config.written;
    let at = |needle: &str| -> String {
        match config.text.lines().position(|l| l.contains(needle)) {
            Some(i) => format!("{file}:{}", i + 1),
            None => "default".to_string(),
        }
    };
    let list = |v: &[String]| -> String {
        serde_yaml::to_string(v)
            .map(|y| {
                let items: Vec<String> = y
                    .lines()
                    .map(|l| l.trim_start_matches("- ").to_string())
                    .filter(|l| l != "[]")
                    .collect();
                format!("[{}]", items.join(", "))
            })
            .unwrap_or_default()
    };
    let mut out = String::new();
    let size = config.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let shown = match size {
        n if n % (1 << 30) == 0 => format!("{}GiB", n >> 30),
        n if n % (1 << 20) == 0 => format!("{}MiB", n >> 20),
        n if n % (1 << 10) == 0 => format!("{}KiB", n >> 10),
        n => n.to_string(),
    };
    let _ = writeln!(
        out,
        "max_file_size: {shown}  # {}",
        if config.max_file_size.is_some() {
            at("max_file_size")
        } else {
            "default".into()
        }
    );
    match &written.baseline {
        Some(b) => {
            let _ = writeln!(out, "baseline: {b}  # {}", at("baseline"));
        }
        None => {
            let _ = writeln!(out, "baseline: null  # default (none)");
        }
    }
    let _ = writeln!(
        out,
        "disable: {}  # {}",
        list(&written.disable),
        if written.disable.is_empty() {
            "default".into()
        } else {
            at("disable")
        }
    );
    let allow = |out: &mut String, indent: &str, a: &AllowWritten| {
        for (name, v) in [("paths", &a.paths), ("stopwords", &a.stopwords)] {
            let from = v.first().map_or("default".to_string(), |x| at(x));
            let _ = writeln!(out, "{indent}{name}: {}  # {from}", list(v));
        }
        // Regexes and values may spell out secrets: counted, not shown.
        for (name, one, v) in [
            ("regexes", "regex", &a.regexes),
            ("values", "value", &a.values),
        ] {
            let from = v.first().map_or("default".to_string(), |x| at(x));
            let _ = writeln!(
                out,
                "{indent}{name}: {} {one}(s), not shown  # {from}",
                v.len()
            );
        }
    };
    let _ = writeln!(out, "allowlist:");
    allow(&mut out, "  ", &written.allowlist);
    if written.rule_allowlists.is_empty() {
        let _ = writeln!(out, "rule_allowlists: {{}}  # default");
    } else {
        let _ = writeln!(out, "rule_allowlists:");
        for (id, a) in &written.rule_allowlists {
            let _ = writeln!(out, "  {id}:  # {}", at(&format!("{id}:")));
            allow(&mut out, "    ", a);
        }
    }
    let extra: Vec<String> = written.rules.iter().map(|r| r.id.clone()).collect();
    let _ = writeln!(
        out,
        "rules: {}  # {}",
        list(&extra),
        if extra.is_empty() {
            "default (built-in rules only)".into()
        } else {
            at("rules:")
        }
    );
    out
}
