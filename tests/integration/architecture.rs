//! The house keeps its shape: every `crate::…` path in a module of `src/`
//! must name a module that ARCHITECTURE.md's table lets it import, and
//! every file under `src/` must appear on that page. The table in
//! ARCHITECTURE.md is the one source of truth; this test reads it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `module → modules it may import`, from the table in ARCHITECTURE.md.
fn allowed() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let ticks = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(|s| s.trim_end_matches(".rs").to_string())
            .collect()
    };
    let mut table: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut everything_above = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (modules, imports) = (ticks(cells[1]), cells[2]);
        for m in modules {
            if imports.contains("everything above") {
                everything_above.push(m.clone());
            }
            table.insert(m, ticks(imports).into_iter().collect());
        }
    }
    let all: BTreeSet<String> = table.keys().cloned().collect();
    for m in everything_above {
        let others: BTreeSet<String> = all
            .iter()
            .filter(|o| **o != m && *o != "main")
            .cloned()
            .collect();
        table.insert(m, others);
    }
    assert!(
        table.len() > 10,
        "the module table in ARCHITECTURE.md was not found"
    );
    table
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a source text refers to through `prefix` (`crate`
/// in the library, `keygate` in the binary), comments left out.
fn referenced(text: &str, prefix: &str) -> BTreeSet<String> {
    let needle = format!("{prefix}::");
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find(&needle) {
            let before = rest[..i].chars().last();
            rest = &rest[i + needle.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn imports_run_the_way_architecture_md_says() {
    let table = allowed();
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        let (module, prefix) = match rel.to_str().unwrap() {
            "main.rs" => ("main".to_string(), "keygate"),
            "lib.rs" => continue, // declares the modules
            _ => (module_of(rel), "crate"),
        };
        let Some(may) = table.get(&module) else {
            wrong.push(format!(
                "src/{}: module `{module}` has no row in ARCHITECTURE.md's table",
                rel.display()
            ));
            continue;
        };
        for used in referenced(&text, prefix) {
            if used != module && !may.contains(&used) {
                wrong.push(format!(
                    "src/{} ({module}) imports {prefix}::{used}, against ARCHITECTURE.md (it may import: {may:?})",
                    rel.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn architecture_md_lists_every_source_file() {
    let map = std::fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let missing: Vec<String> = files
        .iter()
        .map(|f| format!("src/{}", f.strip_prefix(&src).unwrap().display()))
        .filter(|f| !map.contains(f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "add these to ARCHITECTURE.md: {missing:?}"
    );
}

#[test]
fn the_checker_sees_a_wrong_import() {
    // The checker itself: a detector file that reached into a source would
    // be caught.
    let text = "use crate::source::walk;\nlet x = crate::blob::is_binary(b);\n// crate::cmd in a comment\n";
    let used = referenced(text, "crate");
    assert_eq!(
        used,
        ["blob", "source"].iter().map(|s| s.to_string()).collect()
    );
    assert!(!allowed()["detect"].contains("source"));
}

#[test]
fn no_source_file_is_over_600_lines() {
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 600).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these: {long:?}");
}

/// A Python with PyYAML: the system's when it has PyYAML, else a virtual
/// environment under target/ with PyYAML installed from the package
/// registry (kept between runs).
fn python_with_pyyaml() -> PathBuf {
    let has_yaml = |py: &Path| {
        std::process::Command::new(py)
            .args(["-c", "import yaml"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let system = PathBuf::from("python3");
    if has_yaml(&system) {
        return system;
    }
    let venv = Path::new(ROOT).join("target/pyyaml-venv");
    let py = venv.join("bin/python3");
    if !has_yaml(&py) {
        let made = std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "this check reads patterns/*.yaml with PyYAML and needs python3 with venv (apt-get install python3 python3-venv)"
        );
        let pip = std::process::Command::new(venv.join("bin/pip"))
            .args(["install", "-q", "pyyaml"])
            .status();
        assert!(pip.is_ok_and(|s| s.success()), "pip install pyyaml failed");
    }
    py
}

/// Rules are data other tools read: every pattern file must load in
/// PyYAML (a YAML 1.1 parser, stricter than serde_yaml about plain scalars
/// in flow lists) with the same rule ids keygate reads.
#[test]
fn pattern_files_parse_in_pyyaml_too() {
    let py = python_with_pyyaml();
    let script = r#"
import sys, yaml
for path in sys.argv[1:]:
    with open(path) as f:
        doc = yaml.safe_load(f)
    print(path, ",".join(r["id"] for r in doc["rules"]))
"#;
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("patterns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let out = std::process::Command::new(py)
        .args(["-c", script])
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "PyYAML cannot read a pattern file:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .flat_map(|l| {
            l.split_once(' ')
                .map(|(_, ids)| ids.split(',').map(str::to_string).collect::<Vec<_>>())
                .unwrap_or_default()
        })
        .collect();
    let ours: BTreeSet<String> = keygate::rules::RuleSet::builtin()
        .unwrap()
        .rules()
        .iter()
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(listed, ours);
}
