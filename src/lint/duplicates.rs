//! `duplicate-command`: the same command in two files; one should link to the other.

use std::collections::BTreeMap;

use super::{Context, Emitter, Rule, RuleDoc};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "duplicate-command",
    severity: Severity::Warning,
    summary: "the same command in two files of the skill",
    doc: RuleDoc {
        what: "A command (its whole line, spacing normalised) that appears in more than one \
markdown file of the skill. Repeats within one file are allowed. Runs when facts are known.",
        why: "A skill stays compact by saying each thing once: two copies of a command drift \
apart when only one is updated, and cost context twice.",
        example: "`ssh hemma \"docker logs --tail 100 skriptoteket-web\"` in both \
`troubleshoot.md` and `server-os.md`.",
        fix: "Keep the command in the file it belongs to and link there from the other \
(`[Logs](troubleshoot.md#logs)`).",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    if context.config.facts.is_none() {
        return;
    }
    let mut first_seen: BTreeMap<String, (&str, usize)> = BTreeMap::new();
    for site in &context.commands {
        if site.command.words.is_empty() {
            continue;
        }
        let key = site.command.words.join(" ");
        match first_seen.get(&key) {
            Some((file, line)) if *file != site.file => out.emit(
                &site.file,
                site.command.line,
                site.command.column,
                format!("this command is also in {file} (line {line}); keep one and link to it"),
            ),
            Some(_) => {}
            None => {
                first_seen.insert(key, (&site.file, site.command.line));
            }
        }
    }
}
