//! `unknown-host`: every `ssh` names a host alias the facts (or `--hosts`) define.

use super::{Context, Emitter, Rule, RuleDoc};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "unknown-host",
    severity: Severity::Error,
    summary: "`ssh` to a host alias not defined by the facts, `skillgen.toml` or `--hosts`",
    doc: RuleDoc {
        what: "Every `ssh` command in a shell fence names one of the known host aliases: \
the facts' `hosts` (their `alias`), or the list given with `--hosts a,b`. A `user@` \
prefix is allowed. The rule runs only when hosts are known.",
        why: "An alias that is not in the facts is a typo, a host that was renamed, or a \
machine nobody documented. Claude would connect to the wrong machine, or fail only when \
it matters.",
        example: "```bash\nssh hema \"docker ps\"\n```",
        fix: "Use an alias from the facts (`ssh hemma \"docker ps\"`), or add the host to \
`facts/infrastructure.yaml` and regenerate.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    let known = context.known_hosts();
    if known.is_empty() {
        return;
    }
    for site in &context.commands {
        let Some(call) = &site.command.ssh else {
            continue;
        };
        if site.command.local.is_some() || known.contains(&call.host.as_str()) {
            continue;
        }
        let hint = crate::suggest::nearest(&call.host, known.iter().copied())
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_default();
        out.emit(
            &site.file,
            site.command.line,
            site.command.column,
            format!(
                "`{}` is not a known ssh host (known: {}){hint}",
                call.host,
                known.join(", ")
            ),
        );
    }
}
