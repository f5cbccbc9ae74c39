//! serde-saphyr's error messages in the user's terms: its resource limits, its API
//! names and its debug formatting become what happened in the file and what to do.

/// The message to show for a serde-saphyr message (without its position), and advice
/// when there is some to give.
pub fn plain(message: &str) -> (String, Option<String>) {
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        return budget(breach);
    }
    if message.starts_with("multiple YAML documents detected") {
        return (
            "a second YAML document starts here (after a `---` line); a facts file holds one"
                .to_string(),
            Some(
                "remove the `---` line, or move what follows it into a facts file of its own"
                    .to_string(),
            ),
        );
    }
    (message.to_string(), None)
}

/// `Nodes { nodes: 250001 }` and the like: which limit, at what count.
fn budget(breach: &str) -> (String, Option<String>) {
    let kind = breach.split([' ', '{']).next().unwrap_or("");
    let count: Option<usize> = breach
        .rsplit(": ")
        .next()
        .and_then(|rest| rest.trim_end_matches([' ', '}']).parse().ok());
    let over = |limit: Option<usize>| limit.map_or(String::new(), |n| format!(" ({n})"));
    match kind {
        "Depth" => (
            format!(
                "the YAML is nested deeper than skillgen reads{}",
                over(count.map(|n| n.saturating_sub(1)))
            ),
            Some("flatten it: facts are a few levels deep".to_string()),
        ),
        "ScalarBytes" => (
            format!(
                "the values add up to more text than skillgen reads{}, counting each alias (`*name`) as a copy",
                over(count)
            ),
            Some(
                "write the values out instead of repeating aliases, or split the file".to_string(),
            ),
        ),
        "CommentBytes" | "InputBytes" => (
            "the file is larger than skillgen reads".to_string(),
            Some("split it into several files".to_string()),
        ),
        "Aliases" | "Anchors" | "AliasAnchorRatio" | "MergeKeys" => (
            format!(
                "the YAML uses more aliases or anchors than skillgen reads{}",
                over(count)
            ),
            Some(
                "write the values out instead of repeating aliases (`*name`), or split the file"
                    .to_string(),
            ),
        ),
        "Documents" => (
            "the file holds more than one YAML document (`---` lines)".to_string(),
            Some("keep one document per file".to_string()),
        ),
        _ => (
            format!(
                "the file holds more YAML values than skillgen reads in one file{}",
                over(count.map(|n| n.saturating_sub(1)))
            ),
            Some("split it into several files".to_string()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn limits_and_api_names_become_the_users_terms() {
        let (message, help) = plain("budget breached: Nodes { nodes: 250001 }");
        assert_eq!(
            message,
            "the file holds more YAML values than skillgen reads in one file (250000)"
        );
        assert_eq!(help.as_deref(), Some("split it into several files"));
        let (message, _) = plain("budget breached: Depth { depth: 65 }");
        assert_eq!(
            message,
            "the YAML is nested deeper than skillgen reads (64)"
        );
        let (message, help) = plain(
            "multiple YAML documents detected; use from_str_multiple or from_str_multiple_with_options",
        );
        assert!(!message.contains("from_str") && help.unwrap().contains("`---`"));
        assert_eq!(plain("unclosed bracket").0, "unclosed bracket");
    }
}
