//! `app-cli-flag`: a command runs one of the app's CLI commands with a flag the facts do
//! not declare for it.

use super::{Context, Emitter, Rule, RuleDoc};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "app-cli-flag",
    severity: Severity::Error,
    summary: "an app CLI command given a flag the facts do not declare for it",
    doc: RuleDoc {
        what: "A command that runs one of the app's CLI commands (`pdm run SCRIPT` or \
`python -m MODULE NAME`, as the facts' `cli` describes) passes only the flags `cli.yaml` \
declares for that command, and `--help`. Runs when facts are known.",
        why: "The app's CLI refuses an unknown option (\"No such option: --profle\"), or, \
worse, a misspelt flag next to a correct one changes what the command does. A skill \
written against an older CLI keeps flags the app no longer has.",
        example: "```bash\nssh hemma \"docker exec -e PYTHONPATH=/app/src skriptoteket-web \
pdm run python -m skriptoteket.cli prune-artifacts --retention-dyas 14\"\n```",
        fix: "Use a declared flag (`--retention-days`); if the app gained the flag, declare \
it under `cli.commands.KEY.flags` in the facts first.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    let Some(facts) = &context.config.facts else {
        return;
    };
    for site in &context.commands {
        for command in site.effective() {
            for unknown in facts.app_cli.unknown_flags(&command.words) {
                out.emit(
                    &site.file,
                    site.command.line,
                    site.command.column,
                    unknown.message(),
                );
            }
        }
    }
}
