//! Converts the built-in rule files (`patterns/*.yaml`) to JSON at build
//! time: the binary parses JSON at start-up, several times faster than YAML,
//! which a pre-commit hook pays on every commit. YAML aliases are resolved
//! here. A file that does not convert is written empty, and keygate then
//! parses its YAML at run time, where errors name the file and line (the
//! test suite checks that every built-in file takes the JSON path).

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=patterns");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = Path::new(&out).join("patterns");
    std::fs::create_dir_all(&dir).expect("OUT_DIR is writable");
    let mut names: Vec<_> = std::fs::read_dir("patterns")
        .expect("patterns/ is in the package")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    for name in names {
        let path = Path::new("patterns").join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let json = serde_yaml::from_str::<serde_yaml::Value>(&text)
            .ok()
            .and_then(to_json)
            .map(|v| v.to_string())
            .unwrap_or_default();
        let target = dir.join(name.replace(".yaml", ".json"));
        std::fs::write(target, json).expect("OUT_DIR is writable");
    }
}

/// A YAML value as JSON; `None` for what JSON cannot hold (non-string keys,
/// tags, non-finite numbers).
fn to_json(v: serde_yaml::Value) -> Option<serde_json::Value> {
    use serde_yaml::Value as Y;
    Some(match v {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => b.into(),
        Y::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into()
            } else if let Some(i) = n.as_i64() {
                i.into()
            } else {
                serde_json::Number::from_f64(n.as_f64()?)?.into()
            }
        }
        Y::String(s) => s.into(),
        Y::Sequence(items) => items
            .into_iter()
            .map(to_json)
            .collect::<Option<Vec<_>>>()?
            .into(),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let Y::String(k) = k else { return None };
                out.insert(k, to_json(v)?);
            }
            out.into()
        }
        Y::Tagged(_) => return None,
    })
}
