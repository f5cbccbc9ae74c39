//! `allowed-tools-bash`: `allowed-tools` does not grant every shell command.

use serde_json::Value;

use super::{Context, Emitter, Rule, RuleDoc, SKILL_FILE};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "allowed-tools-bash",
    severity: Severity::Warning,
    summary: "`allowed-tools` granting unrestricted Bash",
    doc: RuleDoc {
        what: "SKILL.md's `allowed-tools` (a space- or comma-separated string, or a YAML \
list) names `Bash` only with a scope: `Bash(git:*)`, `Bash(npm run test:*)`. An entry \
`Bash` alone, `Bash()`, `Bash(*)` or `Bash(:*)` grants every command.",
        why: "While a skill is active, Claude Code runs the tools its `allowed-tools` names \
without asking for permission. Unscoped Bash lets every shell command run unasked, \
`rm -rf` and `git push --force` included, on the word of a skill file.",
        example: "---\nname: release\ndescription: Cuts a release. Use when asked to \
release.\nallowed-tools: Read Grep Bash\n---",
        fix: "Name the commands the skill needs: `allowed-tools: Read Grep Bash(git tag:*) \
Bash(git push origin:*)`, or leave Bash out and let Claude ask.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    let Some((value, line)) = context.skill_frontmatter_key("allowed-tools") else {
        return;
    };
    let entries: Vec<String> = match value {
        Value::String(text) => split_tools(text),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .flat_map(split_tools)
            .collect(),
        _ => return,
    };
    for entry in entries.iter().filter(|entry| unrestricted_bash(entry)) {
        out.emit(
            SKILL_FILE,
            line,
            1,
            format!("`allowed-tools` grants `{entry}`: every shell command runs without asking while the skill is active; scope it to what the skill runs, such as `Bash(git status:*)`"),
        );
    }
}

/// The entries of an `allowed-tools` string, split at spaces and commas outside
/// parentheses: `Read, Bash(git log:*)` is `Read` and `Bash(git log:*)`.
fn split_tools(text: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && (c.is_whitespace() || c == ',') {
            if !current.is_empty() {
                entries.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        entries.push(current);
    }
    entries
}

/// `Bash`, `Bash()`, `Bash(*)`, `Bash(:*)`: Bash with no scope.
fn unrestricted_bash(entry: &str) -> bool {
    let Some(rest) = entry.strip_prefix("Bash") else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    rest.strip_prefix('(')
        .and_then(|inner| inner.strip_suffix(')'))
        .is_some_and(|scope| scope.chars().all(|c| matches!(c, '*' | ':' | ' ')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_split_outside_parentheses() {
        assert_eq!(
            split_tools("Read, Grep Bash(git log:*) Bash(npm run test:*)"),
            ["Read", "Grep", "Bash(git log:*)", "Bash(npm run test:*)"]
        );
    }

    #[test]
    fn only_unscoped_bash_is_unrestricted() {
        for entry in ["Bash", "Bash()", "Bash(*)", "Bash(:*)"] {
            assert!(unrestricted_bash(entry), "{entry}");
        }
        for entry in ["Bash(git:*)", "Bash(npm run test:*)", "BashOutput", "Read"] {
            assert!(!unrestricted_bash(entry), "{entry}");
        }
    }
}
