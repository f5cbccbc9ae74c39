//! Which fact produced a line of the rendered skill, so that a finding about a rendered
//! command also names the step (`facts/FILE.yaml:LINE`) it came from.

use std::collections::HashMap;

use crate::diagnostic::{Finding, Related};
use crate::facts::Facts;
use crate::facts::model::{FactOrigin, Step, Target};
use crate::render::ssh_quote;
use crate::skill::Skill;

/// Adds to each finding on a rendered command the place in the facts of the step that
/// produced it. Commands are matched by their text, so a line moved by a template
/// change is still found, and a hand-written line is left alone.
pub fn point_at_facts(findings: &mut [Finding], skill: &Skill, facts: &Facts) {
    let mut origins: HashMap<String, Vec<&FactOrigin>> = HashMap::new();
    for step in steps(facts) {
        let Some(command) = &step.command else {
            continue;
        };
        let key = match command.target {
            Target::Host { .. } => ssh_quote(&command.script),
            Target::Workstation { .. } => command.script.clone(),
        };
        origins.entry(key).or_default().push(&command.origin);
    }
    let mut lines: HashMap<&str, Vec<&str>> = HashMap::new();
    for finding in findings.iter_mut() {
        let Some(text) = skill.files.get(&finding.file) else {
            continue;
        };
        let file_lines = lines
            .entry(finding.file.as_str())
            .or_insert_with(|| text.lines().collect());
        let Some(line) = finding
            .line
            .checked_sub(1)
            .and_then(|index| file_lines.get(index))
        else {
            continue;
        };
        for origin in origins.get(command_key(line)).into_iter().flatten() {
            finding.related.push(Related {
                file: origin.file.display().to_string(),
                line: origin.line,
                column: origin.column,
                label: "the command comes from this step".to_string(),
            });
        }
    }
}

/// The part of a rendered line a command is known by: the quoted script of
/// `ssh [-t] HOST "SCRIPT"`, or the whole line of a workstation command.
fn command_key(line: &str) -> &str {
    if line.starts_with("ssh ")
        && let (Some(open), Some(close)) = (line.find('"'), line.rfind('"'))
        && open < close
    {
        return &line[open + 1..close];
    }
    line
}

fn steps(facts: &Facts) -> impl Iterator<Item = &Step> {
    let sections = facts
        .sections
        .values()
        .flatten()
        .flat_map(|section| section.steps.iter().chain(&section.fix_steps));
    facts.skill.preflight.iter().chain(sections)
}

#[cfg(test)]
mod tests {
    use super::command_key;

    #[test]
    fn a_command_is_known_by_its_quoted_script() {
        assert_eq!(
            command_key("ssh -t hemma \"docker exec -it x\""),
            "docker exec -it x"
        );
        assert_eq!(command_key("ssh hemma \"a \\\"b\\\" c\""), "a \\\"b\\\" c");
        assert_eq!(
            command_key("dig +short example.org"),
            "dig +short example.org"
        );
    }
}
