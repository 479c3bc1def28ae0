//! The built-in rule files, compiled into the binary so that an installed
//! keygate needs nothing beside it.

/// `(name, YAML text, the same as JSON)`: one entry per file in `patterns/`.
/// The JSON, written by `build.rs`, is what start-up parses (several times
/// faster than YAML); the YAML locates rules by line and is the fallback
/// when the JSON is empty (a file `build.rs` could not convert).
macro_rules! builtin {
    ($name:literal) => {
        (
            concat!("patterns/", $name, ".yaml"),
            include_str!(concat!("../../patterns/", $name, ".yaml")),
            include_str!(concat!(env!("OUT_DIR"), "/patterns/", $name, ".json")),
        )
    };
}

/// Every built-in rule file: see [`builtin!`].
pub const BUILTIN_FILES: &[(&str, &str, &str)] = &[
    builtin!("aws"),
    builtin!("github"),
    builtin!("gitlab"),
    builtin!("slack"),
    builtin!("payments"),
    builtin!("google"),
    builtin!("azure"),
    builtin!("messaging"),
    builtin!("packages"),
    builtin!("cloud"),
    builtin!("observability"),
    builtin!("saas"),
    builtin!("ai"),
    builtin!("kubernetes"),
    builtin!("jwt"),
    builtin!("urls"),
    builtin!("keystores"),
    builtin!("private-keys"),
    builtin!("generic"),
    builtin!("devtools"),
    builtin!("services"),
    builtin!("http"),
    builtin!("webhooks"),
    builtin!("password-hashes"),
    builtin!("credential-files"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_file_is_built_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/patterns");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("patterns/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        let mut built: Vec<String> = BUILTIN_FILES
            .iter()
            .map(|(n, _, _)| n.to_string())
            .collect();
        built.sort();
        assert_eq!(on_disk, built, "add new pattern files to BUILTIN_FILES");
    }
}
