//! The built-in rule files, compiled into the binary so that an installed
//! keygate needs nothing beside it.

/// `(name, YAML text)` of every file in `patterns/`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("patterns/aws.yaml", include_str!("../../patterns/aws.yaml")),
    (
        "patterns/private-keys.yaml",
        include_str!("../../patterns/private-keys.yaml"),
    ),
    (
        "patterns/dotenv.yaml",
        include_str!("../../patterns/dotenv.yaml"),
    ),
    (
        "patterns/generic.yaml",
        include_str!("../../patterns/generic.yaml"),
    ),
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
        let mut built: Vec<String> = BUILTIN_FILES.iter().map(|(n, _)| n.to_string()).collect();
        built.sort();
        assert_eq!(on_disk, built, "add new pattern files to BUILTIN_FILES");
    }
}
