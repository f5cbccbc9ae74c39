//! GitHub's heading anchors, so links can be written and checked the way GitHub renders them.

/// The anchor GitHub gives a heading: lowercase, punctuation dropped (except `-` and `_`),
/// spaces turned into hyphens. Duplicate headings are numbered by the caller.
pub fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| {
            if c == ' ' {
                Some('-')
            } else if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c)
            } else {
                None
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn matches_github_anchors() {
        assert_eq!(slug("307 redirect to HTTP"), "307-redirect-to-http");
        assert_eq!(slug("Change a user's role"), "change-a-users-role");
        assert_eq!(slug("Container won't start"), "container-wont-start");
        assert_eq!(slug("Prune `artifacts_data`"), "prune-artifacts_data");
        assert_eq!(slug("Dev vs. prod"), "dev-vs-prod");
    }
}
