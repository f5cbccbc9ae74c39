//! "Did you mean": the nearest known name to a misspelt one.

/// The candidate closest to `unknown`, if any is close enough to be a likely typo.
pub fn nearest<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(unknown, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// The file path a wrong one most likely meant, matched by file name first: a file of
/// the same name elsewhere (`references/mermaid/class.md` for `mermaid/class.md`),
/// then one whose name is a likely typo of it, the nearest folder breaking ties. Two
/// paths that share only their folders (`diagrams/radar.md` for `diagrams/class.md`)
/// are not a suggestion: the file name is what the writer meant.
pub fn nearest_path<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let name = file_name(unknown);
    let mut best: Option<((u8, f64, f64), &'a str)> = None;
    for candidate in candidates {
        let other = file_name(candidate);
        let kind = if other == name {
            2
        } else if other.eq_ignore_ascii_case(name) {
            1
        } else {
            0
        };
        let name_score = strsim::jaro_winkler(name, other);
        if kind == 0 && name_score < 0.8 {
            continue;
        }
        let score = (kind, name_score, strsim::jaro_winkler(unknown, candidate));
        if best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The last segment of a `/`-separated path (a folder's name when it ends with `/`).
fn file_name(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    path.rsplit('/').next().unwrap_or(path)
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant"):
/// the nearest valid name, else the list of them.
pub fn unknown_name_help(message: &str) -> Option<String> {
    let (rest, what) = match message.strip_prefix("unknown field `") {
        Some(rest) => (rest, "keys"),
        None => (message.strip_prefix("unknown variant `")?, "values"),
    };
    let (unknown, rest) = rest.split_once('`')?;
    let valid: Vec<&str> = rest
        .trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .split(", ")
        .map(|key| key.trim_matches('`'))
        .collect();
    Some(match nearest(unknown, valid.iter().copied()) {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("valid {what} here: {}", valid.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::{nearest, nearest_path, unknown_name_help};

    #[test]
    fn suggests_a_close_name_and_nothing_for_a_far_one() {
        let keys = ["alias", "address", "environment"];
        assert_eq!(nearest("alais", keys), Some("alias"));
        assert_eq!(nearest("enviroment", keys), Some("environment"));
        assert_eq!(nearest("colour", keys), None);
    }

    #[test]
    fn paths_are_matched_by_file_name_first() {
        let files = [
            "SKILL.md",
            "diagrams/radar.md",
            "references/mermaid_diagrams/class.md",
            "references/mermaid_diagrams/sequence.md",
        ];
        assert_eq!(
            nearest_path("mermaid_diagrams/class.md", files),
            Some("references/mermaid_diagrams/class.md")
        );
        assert_eq!(
            nearest_path("diagrams/class.md", files),
            Some("references/mermaid_diagrams/class.md")
        );
        assert_eq!(nearest_path("diagrams/pie.md", files), None);
        assert_eq!(
            nearest_path("references/Class.md", files),
            Some("references/mermaid_diagrams/class.md")
        );
        assert_eq!(
            nearest_path("diagrams/radr.md", files),
            Some("diagrams/radar.md")
        );
        // Of two files with the name, the one in the nearer folder.
        let files = ["a/deploy.md", "references/deploy.md"];
        assert_eq!(
            nearest_path("referenses/deploy.md", files),
            Some("references/deploy.md")
        );
    }

    #[test]
    fn serde_unknown_names_get_the_nearest_valid_one() {
        assert_eq!(
            unknown_name_help("unknown field `alais`, expected one of `alias`, `address`"),
            Some("did you mean `alias`?".into())
        );
        assert_eq!(
            unknown_name_help("unknown variant `warn`, expected one of `off`, `warning`, `error`"),
            Some("did you mean `warning`?".into())
        );
        assert_eq!(
            unknown_name_help("unknown field `x`, expected `hosts`"),
            Some("valid keys here: hosts".into())
        );
        assert_eq!(unknown_name_help("invalid type"), None);
    }
}
