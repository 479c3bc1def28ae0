//! The built-in rule files, compiled into the binary so that an installed
//! keygate needs nothing beside it.

/// `(name, YAML text)` of every file in `patterns/`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("patterns/aws.yaml", include_str!("../../patterns/aws.yaml")),
    (
        "patterns/github.yaml",
        include_str!("../../patterns/github.yaml"),
    ),
    (
        "patterns/gitlab.yaml",
        include_str!("../../patterns/gitlab.yaml"),
    ),
    (
        "patterns/slack.yaml",
        include_str!("../../patterns/slack.yaml"),
    ),
    (
        "patterns/payments.yaml",
        include_str!("../../patterns/payments.yaml"),
    ),
    (
        "patterns/google.yaml",
        include_str!("../../patterns/google.yaml"),
    ),
    (
        "patterns/azure.yaml",
        include_str!("../../patterns/azure.yaml"),
    ),
    (
        "patterns/messaging.yaml",
        include_str!("../../patterns/messaging.yaml"),
    ),
    (
        "patterns/packages.yaml",
        include_str!("../../patterns/packages.yaml"),
    ),
    (
        "patterns/cloud.yaml",
        include_str!("../../patterns/cloud.yaml"),
    ),
    (
        "patterns/observability.yaml",
        include_str!("../../patterns/observability.yaml"),
    ),
    (
        "patterns/saas.yaml",
        include_str!("../../patterns/saas.yaml"),
    ),
    ("patterns/ai.yaml", include_str!("../../patterns/ai.yaml")),
    (
        "patterns/kubernetes.yaml",
        include_str!("../../patterns/kubernetes.yaml"),
    ),
    ("patterns/jwt.yaml", include_str!("../../patterns/jwt.yaml")),
    (
        "patterns/urls.yaml",
        include_str!("../../patterns/urls.yaml"),
    ),
    (
        "patterns/keystores.yaml",
        include_str!("../../patterns/keystores.yaml"),
    ),
    (
        "patterns/private-keys.yaml",
        include_str!("../../patterns/private-keys.yaml"),
    ),
    (
        "patterns/generic.yaml",
        include_str!("../../patterns/generic.yaml"),
    ),
    (
        "patterns/devtools.yaml",
        include_str!("../../patterns/devtools.yaml"),
    ),
    (
        "patterns/services.yaml",
        include_str!("../../patterns/services.yaml"),
    ),
    (
        "patterns/http.yaml",
        include_str!("../../patterns/http.yaml"),
    ),
    (
        "patterns/webhooks.yaml",
        include_str!("../../patterns/webhooks.yaml"),
    ),
    (
        "patterns/password-hashes.yaml",
        include_str!("../../patterns/password-hashes.yaml"),
    ),
    (
        "patterns/credential-files.yaml",
        include_str!("../../patterns/credential-files.yaml"),
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
