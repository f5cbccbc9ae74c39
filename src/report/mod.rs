//! Writing findings out: rustc-style for people, JSON for tools, workflow commands for
//! GitHub Actions, SARIF for code scanning. Each reporter returns a `String`; the binary
//! decides where it goes.

mod human;
mod machine;

pub use human::{FileBudget, budget_chart, human, summary};
pub use machine::{RuleInfo, escape_data, escape_property, github, json, sarif};

/// A file of a skill folder as the user would open it: `root/file`, or `file` alone
/// when there is no root (`""` or `.`). Every format that names files from the
/// repository root roots them here.
fn display_path(root: &str, file: &str) -> String {
    let root = root.trim_start_matches("./").trim_end_matches('/');
    if root.is_empty() || root == "." {
        file.to_string()
    } else {
        format!("{root}/{file}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_rooted_once() {
        assert_eq!(display_path("./skill-out/x/", "a.md"), "skill-out/x/a.md");
        assert_eq!(display_path(".", "a.md"), "a.md");
        assert_eq!(display_path("", "a.md"), "a.md");
    }
}
