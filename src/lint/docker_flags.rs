//! `docker-flag`: a docker or docker compose command passing a flag its subcommand does
//! not take, which docker rejects before doing anything.

use super::{Context, Emitter, Rule, RuleDoc};
use crate::command::docker;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "docker-flag",
    severity: Severity::Error,
    summary: "a docker or docker compose command with a flag its subcommand does not take",
    doc: RuleDoc {
        what: "Every `docker` and `docker compose` (or `docker-compose`) command that runs, \
after `sudo [options]`, whether on the workstation or inside the remote command of \
`ssh HOST \"...\"`, has its flags checked against the flags of its subcommand (`docker \
exec`, `docker logs`, `docker network connect`, `docker compose up`, ...), the way docker \
parses them: `-it` is two letters, `-e A=1` and `--tail=5` give a flag its value, and \
the compose global flags (`-f FILE`, `-p NAME`, `--profile X`) go before the \
subcommand. What follows the container of `docker exec`/`run` or the service of `docker \
compose exec`/`run` is the inner command and is not checked, nor are subcommands the \
tables do not know. The finding is at the command (for a remote command, at its `ssh`) \
and says which flag was probably meant, or where the flag belongs. Runs on any skill.",
        why: "Docker refuses an unknown flag (\"unknown shorthand flag: 'T' in -T\", \
\"unknown flag: --tial\") and runs nothing, so a step that looks right in the skill fails \
every time Claude runs it, often in the middle of a procedure. `docker exec` and `docker \
compose exec` differ in exactly such flags: `-T` belongs to compose only.",
        example: "```bash\nssh hemma \"sudo docker exec -T skriptoteket-web pdm run \
db-upgrade\"\n```\n\n(`docker exec` has no `-T`; docker stops with \"unknown shorthand \
flag: 'T' in -T\".)",
        fix: "Use the subcommand's own flag: drop `-T` from `docker exec` (it allocates no \
terminal unless given `-t`), or keep `-T` with `docker compose -f compose.prod.yaml exec \
-T web ...`; correct a misspelt flag (`--tail`, `--build`); put compose global flags such \
as `-f` before the subcommand.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    for site in &context.commands {
        // A remote command is reported at its ssh command, as the other rules do; a
        // command without ssh is its own site.
        let (line, column) = (site.command.line, site.command.column);
        for command in site.effective() {
            for problem in docker::flag_problems(&command.words) {
                out.emit(&site.file, line, column, problem.message);
            }
        }
    }
}
