//! Rules that check a server command against the facts about the host it runs on:
//! `unknown-container`, `compose-file` and `docker-sudo`; and `ssh-tty`, which runs on
//! any skill and learns from the facts which app commands prompt.

use super::{CommandSite, Context, Emitter, Rule, RuleDoc, ServerFacts};
use crate::command::{program, server, tty};
use crate::diagnostic::Severity;

pub const UNKNOWN_CONTAINER: Rule = Rule {
    name: "unknown-container",
    severity: Severity::Error,
    summary: "a docker command naming a container or service that does not run on that host",
    doc: RuleDoc {
        what: "In a command run through `ssh HOST`, `docker exec|logs|inspect|restart|stop|\
start|kill|rm`, `docker network connect|disconnect` and `docker compose ... exec|run|logs` \
must name a container (or compose service) that the facts place in the environment of \
HOST. A container of another environment (a development container on the production \
server) or one the facts do not know is reported.",
        why: "Container names differ between environments (`skriptoteket_web` in \
development, `skriptoteket-web` in production). A command naming the wrong one fails on \
the server with \"No such container\", or worse, acts on another project's container.",
        example: "```bash\nssh hemma \"docker logs -f skriptoteket_web\"\n```\n\n(hemma runs \
production; `skriptoteket_web` is the development container.)",
        fix: "Name the container of the host's environment: `ssh hemma \"docker logs \
--tail 100 skriptoteket-web\"`. In facts, write `{container.web_prod}`; the loader refuses a \
container of the wrong environment.",
    },
    check: check_containers,
};

pub const COMPOSE_FILE: Rule = Rule {
    name: "compose-file",
    severity: Severity::Error,
    summary: "`docker compose` on a host without the compose file its environment needs",
    doc: RuleDoc {
        what: "A `docker compose` command run through `ssh HOST` passes, with `-f`, the \
compose files the facts give for HOST's environment and the folder it runs in (after a \
`cd` in the same command); for production that is `compose.prod.yaml` in the app \
repository. A compose file set with no files stands for the folder's default file, and \
then the command passes no `-f`.",
        why: "Without `-f`, compose reads `compose.yaml`, which in the app repository is the \
development file: a migration, a restart or a `down --volumes` then acts on the wrong \
containers and volumes.",
        example: "```bash\nssh hemma \"cd ~/apps/skriptoteket && docker compose exec web pdm run \
db-upgrade\"\n```",
        fix: "Pass the environment's file: `docker compose -f compose.prod.yaml ...`. In \
facts, write `{compose.prod}` with `dir: app_repo`.",
    },
    check: check_compose_files,
};

pub const SSH_TTY: Rule = Rule {
    name: "ssh-tty",
    severity: Severity::Error,
    summary: "an interactive remote command without `ssh -t`, or `ssh -t` with redirected stdin",
    doc: RuleDoc {
        what: "A remote command that needs a terminal runs as `ssh -t HOST ...`: \
`docker exec` with `-t` (`-it`), `docker compose exec` without `-T`, `psql` with no \
`-c`/`-f` and no input redirection, and app commands that prompt (one the facts mark \
`interactive`, or one run without a flag they mark `prompts`), which also need \
`docker exec -it`. The other way round, \
`ssh -t` in front of a command whose standard input is redirected (`< file`) is reported. \
It runs on any skill and every ssh host; the prompting app commands come from the facts.",
        why: "Without `-t`, docker fails with \"the input device is not a TTY\" and a prompt \
never appears. With `-t`, ssh puts the remote side in terminal mode, which mangles a \
dump fed through `<` and mixes stderr into stdout.",
        example: "```bash\nssh hemma \"docker exec -it skriptoteket-web pdm run \
bootstrap-superuser\"\n```",
        fix: "Add `-t` for interactive commands (`ssh -t hemma \"docker exec -it ...\"`); \
for a command fed from a file use `docker exec -i` and plain `ssh`. In facts, set \
`tty: true` on the step.",
    },
    check: check_tty,
};

pub const DOCKER_SUDO: Rule = Rule {
    name: "docker-sudo",
    severity: Severity::Error,
    summary: "a docker command without `sudo` on a host whose docker needs it",
    doc: RuleDoc {
        what: "On a host the facts mark `docker_sudo: true`, every `docker` and `docker \
compose` command run through `ssh HOST` starts with `sudo`.",
        why: "Where the ssh user is not in the `docker` group, docker without sudo fails \
with \"permission denied while trying to connect to the Docker daemon socket\". A skill \
that leaves it out fails on every command, or teaches Claude to improvise a fix.",
        example: "```bash\nssh hemma \"docker ps\"\n```\n\n(with `docker_sudo: true` on \
hemma's host in the facts)",
        fix: "Write `ssh hemma \"sudo docker ps\"`. In facts, steps keep writing `docker \
...`: the host's `docker_sudo` adds `sudo` when the skill is generated.",
    },
    check: check_sudo,
};

fn check_containers(context: &Context, out: &mut Emitter) {
    let Some(facts) = &context.config.facts else {
        return;
    };
    for site in &context.commands {
        let Some(environment) = server(site, facts) else {
            continue;
        };
        let host = site.host().unwrap_or_default();
        for command in site.effective() {
            for problem in server::container_problems(command, host, environment, facts) {
                out.emit(&site.file, command.line, command.column, problem);
            }
        }
    }
}

fn check_compose_files(context: &Context, out: &mut Emitter) {
    let Some(facts) = &context.config.facts else {
        return;
    };
    for site in &context.commands {
        let Some(environment) = server(site, facts) else {
            continue;
        };
        let host = site.host().unwrap_or_default();
        for (folder, command) in server::with_folders(site.effective()) {
            if let Some(problem) =
                server::compose_problem(command, folder.as_deref(), host, environment, facts)
            {
                out.emit(&site.file, command.line, command.column, problem);
            }
        }
    }
}

/// The facts, and the host's environment, for a command that runs through ssh.
fn server<'f>(site: &CommandSite, facts: &'f ServerFacts) -> Option<&'f str> {
    if site.command.local.is_some() {
        return None;
    }
    facts.environment_of(site.host()?)
}

fn check_tty(context: &Context, out: &mut Emitter) {
    let facts = context.server_facts();
    for site in &context.commands {
        let Some(call) = &site.command.ssh else {
            continue;
        };
        let host = &call.host;
        // Input given to ssh itself (`ssh HOST "psql" < dump.sql`) feeds the remote command.
        let fed = site.command.stdin_redirected || site.command.piped_in;
        for command in site.effective() {
            let need = tty::needs_terminal(command, facts, fed);
            if let Some(reason) = &need
                && !call.tty
            {
                out.emit(
                    &site.file,
                    site.command.line,
                    site.command.column,
                    format!("{reason} needs a terminal; run it with `ssh -t {host} ...`, or it fails with \"the input device is not a TTY\""),
                );
            }
            if call.tty && command.stdin_redirected {
                out.emit(
                    &site.file,
                    site.command.line,
                    site.command.column,
                    "`ssh -t` with standard input redirected from a file: the terminal mode mangles the input; drop `-t` (and use `docker exec -i`, not `-it`)",
                );
            }
            if let Some(prompt) = tty::prompt_without_terminal(command, facts) {
                out.emit(
                    &site.file,
                    site.command.line,
                    site.command.column,
                    format!(
                        "{} prompts for input; run it with `docker exec -it` and `ssh -t`",
                        prompt.describe()
                    ),
                );
            }
        }
    }
}

fn check_sudo(context: &Context, out: &mut Emitter) {
    let Some(facts) = &context.config.facts else {
        return;
    };
    for site in &context.commands {
        if site.command.local.is_some() {
            continue;
        }
        let Some(host) = site.host() else {
            continue;
        };
        if !facts
            .hosts
            .iter()
            .any(|known| known.alias == host && known.docker_sudo)
        {
            continue;
        }
        for command in site.effective() {
            if let Some(found) = program::runs_docker(&command.words)
                && !found.sudo
            {
                let name = program::base_name(&command.words[found.index]);
                out.emit(
                    &site.file,
                    site.command.line,
                    site.command.column,
                    format!("`{name}` on {host} needs `sudo` (the facts say docker there runs as root); write `sudo {name} ...`"),
                );
            }
            if let Some(nested) = program::nested_docker(&command.text) {
                out.emit(
                    &site.file,
                    site.command.line,
                    site.command.column,
                    format!("`{nested}docker ...` on {host} needs `sudo` too (the facts say docker there runs as root)"),
                );
            }
        }
    }
}
