//! Resolving one step into the command Claude runs: the host it runs on and how that
//! host runs things (`sudo` for docker, `ssh -t`, approval), its placeholders expanded,
//! and the command read back through the command layer, so that what it means (a
//! terminal, docker flags, the app's CLI flags) is checked the way lint checks it.

use std::collections::HashSet;

use serde_saphyr::Spanned;

use super::load::{span_at, span_of};
use super::model::{Command, FactOrigin, Host, Step, Target};
use super::placeholder;
use super::resolve::{Place, Resolver, WORKSTATION, find_word, placeholder_span};
use crate::command::{self, ShellScript, docker, lex, program, server, tty};
use crate::located::{SourceFile, Span};

impl Resolver<'_> {
    /// Checks a step against the host it runs on and builds its command. `warned` says
    /// whether its section carries a warning, which a host that needs approval requires.
    pub(super) fn resolve_step(
        &mut self,
        step: &Step,
        source: &SourceFile,
        warned: bool,
    ) -> Option<Command> {
        let facts = self.facts;
        let run = &step.run;
        let errors_before = self.errors.len();
        let origin = FactOrigin {
            file: source.path.clone(),
            line: run.referenced.line() as usize,
            column: run.referenced.column() as usize,
        };
        if run.value.contains('\n') {
            self.error(
                span_of(source, run),
                "a command must be one line",
                "contains a line break",
                "join the lines with `&&` or split it into two steps",
            );
        }
        for text in [&step.comment, &step.why_local].into_iter().flatten() {
            if text.contains('\n') {
                self.error(
                    span_at(source, &run.referenced, 1),
                    "a step's `comment` and `why_local` must be one line",
                    "the step whose comment has a line break",
                    "shorten the comment to one line; put longer text in the section's `text`",
                );
            }
        }
        let host_key = step
            .on
            .as_ref()
            .map_or(facts.default_host.value.as_str(), |on| on.value.as_str());
        if host_key == WORKSTATION {
            if step.why_local.is_none() {
                self.error(span_of(source, run), "a workstation command needs `why_local`", "runs on the workstation", "say why it cannot run on the server with `why_local:`, or remove `on: workstation`");
            }
            if let Some(dir) = &step.dir {
                self.error(
                    span_of(source, dir),
                    "`dir` names a server folder; a workstation command cannot use it",
                    "server folder",
                    "remove `dir:` or run the command on a host",
                );
            }
            if step.tty {
                self.error(
                    span_at(source, &run.referenced, 1),
                    "`tty` applies to ssh; a workstation command cannot use it",
                    "workstation command",
                    "remove `tty:`",
                );
            }
            self.check_literals(run, source);
            let script = self.expand(run, source, Place::Workstation);
            if self.errors.len() == errors_before {
                self.check_meaning(step, source, &script, None);
            }
            return (self.errors.len() == errors_before).then(|| Command {
                target: Target::Workstation {
                    why: step.why_local.clone().unwrap_or_default(),
                },
                script,
                origin,
            });
        }
        let host = match &step.on {
            Some(on) => {
                let known = facts.hosts.keys().map(String::as_str).chain([WORKSTATION]);
                if !facts.hosts.contains_key(&on.value) {
                    self.unknown(source, on, "host", known);
                    return None;
                }
                &facts.hosts[&on.value]
            }
            None => facts.hosts.get(host_key)?,
        };
        if step.why_local.is_some() {
            self.error(
                span_of(source, run),
                "`why_local` is only for `on: workstation`",
                "runs on a server",
                "remove `why_local:` or set `on: workstation`",
            );
        }
        if host.approval_required && !warned {
            let span = match &step.on {
                Some(on) => span_of(source, on),
                None => span_of(source, run),
            };
            self.error(
                span,
                format!("`ssh {}` needs the user's approval for every command, and this section has no warning", host.alias),
                "runs through a privileged alias",
                "give the section a `warning:` that says what the command changes and to ask the user first, or run it on a host that needs no approval",
            );
        }
        let dir = match &step.dir {
            Some(dir) => {
                if !self.check_key(source, dir, "path", &facts.paths) {
                    return None;
                }
                Some(dir.value.as_str())
            }
            None => None,
        };
        self.check_literals(run, source);
        self.check_cli_environment(run, source);
        self.check_history(run, source);
        let place = Place::Server {
            environment: &host.environment.value,
            alias: &host.alias,
            dir,
        };
        let expanded = self.expand(run, source, place);
        let script = match dir {
            Some(dir) => format!("cd {} && {expanded}", facts.paths[dir].path),
            None => expanded,
        };
        let script = self.run_as(host, step, source, script);
        // A step refused above is not read again: one error for one cause.
        if self.errors.len() == errors_before {
            self.check_meaning(step, source, &script, Some(host));
        }
        (self.errors.len() == errors_before).then(|| Command {
            target: Target::Host {
                alias: host.alias.clone(),
                tty: step.tty,
                approval_required: host.approval_required,
            },
            script,
            origin,
        })
    }

    /// The script as `host` runs it: on a `docker_sudo` host, with `sudo` before every
    /// `docker` and `docker compose` command.
    fn run_as(&mut self, host: &Host, step: &Step, source: &SourceFile, script: String) -> String {
        if !host.docker_sudo {
            return script;
        }
        let mut starts = Vec::new();
        let mut refuse = |problem: String| {
            self.error(
                span_of(source, &step.run),
                problem,
                "docker where `sudo` cannot be added",
                format!(
                    "docker on {} needs `sudo`: run that docker command as a step of its own, or write `sudo` in it yourself",
                    host.alias
                ),
            );
        };
        for command in lex::read(&script)
            .lists
            .iter()
            .flat_map(|list| &list.commands)
        {
            let words: Vec<String> = command
                .words
                .iter()
                .map(|word| command::unquote(word.raw))
                .collect();
            if let Some(nested) = command
                .words
                .iter()
                .find_map(|word| program::nested_docker(word.raw))
            {
                refuse(format!(
                    "`{nested}docker ...` runs docker inside another command"
                ));
            }
            if let Some(shell) = shell_c_runs_docker(&words) {
                refuse(format!("`{shell} -c` runs docker inside another shell"));
            }
            let Some(found) = program::runs_docker(&words) else {
                continue;
            };
            if found.sudo {
                continue;
            }
            if found.env_before || !command.assignments.is_empty() {
                refuse("variables set before docker would be dropped by `sudo`".to_string());
                continue;
            }
            starts.push(command.words[found.index].start);
        }
        starts.sort_unstable();
        let mut out = String::with_capacity(script.len() + 5 * starts.len());
        let mut copied = 0;
        for start in starts {
            out.push_str(&script[copied..start]);
            out.push_str("sudo ");
            copied = start;
        }
        out.push_str(&script[copied..]);
        out
    }

    /// Reads the command back as the shell will, and checks what it means: it parses,
    /// on a server it has a terminal exactly when it needs one and names containers and
    /// compose files of its host, and its docker and app CLI flags exist. The same
    /// policies lint applies to any skill.
    fn check_meaning(
        &mut self,
        step: &Step,
        source: &SourceFile,
        script: &str,
        host: Option<&Host>,
    ) {
        let run = &step.run;
        let parsed: ShellScript = command::parse_remote(script, 1, 1);
        for error in &parsed.errors {
            self.error(
                span_of(source, run),
                format!("this command is not valid shell: {}", error.message),
                "does not parse",
                "fix its quoting; `run` is what the server's shell reads, before ssh quoting",
            );
        }
        let servers = &self.servers;
        let mut problems = Vec::new();
        if let Some(host) = host {
            let environment = host.environment.value.as_str();
            for (folder, command) in server::with_folders(&parsed.commands) {
                problems.extend(server::container_problems(
                    command,
                    &host.alias,
                    environment,
                    servers,
                ));
                problems.extend(server::compose_problem(
                    command,
                    folder.as_deref(),
                    &host.alias,
                    environment,
                    servers,
                ));
            }
        }
        for problem in problems {
            self.error(
                span_of(source, run),
                problem,
                "wrong for the host it runs on",
                "name the host's own containers and compose files through placeholders",
            );
        }
        let servers = &self.servers.clone();
        if host.is_some() {
            let need = parsed
                .commands
                .iter()
                .find_map(|command| tty::needs_terminal(command, servers, false));
            match (&need, step.tty) {
                (Some(reason), false) => self.error(span_of(source, run), format!("{reason} needs a terminal through ssh, so this step needs `tty: true`"), "interactive", "add `tty: true` so it renders as `ssh -t`; without it docker fails with \"the input device is not a TTY\""),
                (None, true) => self.error(
                    span_of(source, run),
                    "`tty: true` on a command that is not interactive",
                    "not interactive",
                    "remove `tty: true`; `ssh -t` breaks commands that read stdin or pipe output",
                ),
                _ => {}
            }
            if step.tty
                && parsed
                    .commands
                    .iter()
                    .any(|command| command.stdin_redirected)
            {
                self.error(span_of(source, run), "`tty: true` on a command whose input is redirected", "input from a file", "remove `tty: true` and use `docker exec -i`: the terminal mode of `ssh -t` mangles the input");
            }
        }
        for command in &parsed.commands {
            if let Some(prompt) = tty::prompt_without_terminal(command, servers) {
                let help = match &prompt.flag {
                    Some(flag) => {
                        format!("run it with `docker exec -it` and `tty: true`, or pass `{flag}`")
                    }
                    None => "run it with `docker exec -it` and `tty: true`".to_string(),
                };
                self.error(
                    self.word_span(source, run, &prompt.command),
                    format!(
                        "{} prompts, so it needs `docker exec -it`",
                        prompt.describe()
                    ),
                    "prompting command",
                    help,
                );
            }
            for problem in docker::flag_problems(&command.words) {
                self.error(
                    self.word_span(source, run, &problem.flag),
                    problem.message.clone(),
                    "docker does not take this flag here",
                    "docker refuses the whole command with \"unknown flag\"; fix or remove the flag",
                );
            }
            for unknown in self.servers.app_cli.unknown_flags(&command.words) {
                self.error(
                    self.word_span(source, run, &unknown.flag),
                    format!(
                        "`{{cli.{}}}` has no flag `{}`",
                        unknown.command, unknown.flag
                    ),
                    "not declared in cli.yaml",
                    format!(
                        "{}; or declare the flag under `cli.commands.{}.flags`",
                        unknown.help, unknown.command
                    ),
                );
            }
        }
    }

    /// The span of `word` as written in `run`, or of `run` when it is not there (it
    /// came from a placeholder).
    fn word_span(&self, source: &SourceFile, run: &Spanned<String>, word: &str) -> Span {
        match find_word(&run.value, word) {
            Some(at) => placeholder_span(source, run, at, word),
            None => span_of(source, run),
        }
    }

    /// Bash in an interactive shell expands `!` before anything but a blank, `=` or
    /// `(`, and no quoting inside `ssh HOST "..."` stops it.
    fn check_history(&mut self, run: &Spanned<String>, source: &SourceFile) {
        let history = run.value.char_indices().find(|&(at, c)| {
            // `!` is one byte, so `at + 1` is the next character's start.
            c == '!'
                && run.value[at + 1..]
                    .chars()
                    .next()
                    .is_some_and(|next| !matches!(next, ' ' | '\t' | '=' | '('))
        });
        if let Some((at, _)) = history {
            let start = (
                run.referenced.line() as usize,
                run.referenced.column() as usize,
            );
            let needle: String = run.value[at..].chars().take(2).collect();
            let (line, column) = source.find_from(start.0, start.1, &needle).unwrap_or(start);
            self.error(
                Span {
                    source: source.clone(),
                    line,
                    column,
                    len: 1,
                },
                "`!` cannot be quoted safely inside `ssh HOST \"...\"`",
                "history expansion in an interactive shell",
                "rewrite the command without `!`",
            );
        }
    }

    /// Names of containers, networks, hosts and domains, and `docker compose`, must be
    /// written as placeholders so a rename reaches every command.
    fn check_literals(&mut self, run: &Spanned<String>, source: &SourceFile) {
        let facts = self.facts;
        let bare = placeholder::blank(&run.value);
        let mut literals: Vec<(String, String)> = Vec::new();
        for (key, container) in &facts.containers {
            literals.push((container.name.clone(), format!("{{container.{key}}}")));
        }
        for (key, network) in &facts.networks {
            literals.push((network.name.clone(), format!("{{network.{key}}}")));
        }
        for (key, host) in &facts.hosts {
            literals.push((host.alias.clone(), format!("{{host.{key}}}")));
        }
        for (key, domain) in &facts.domains {
            literals.push((domain.name.clone(), format!("{{domain.{key}}}")));
        }
        for literal in ["docker compose", "docker-compose"] {
            literals.push((literal.into(), "{compose.KEY}".into()));
        }
        let mut reported = HashSet::new();
        for (literal, placeholder) in literals {
            let Some(at) = find_word(&bare, &literal) else {
                continue;
            };
            if !reported.insert(literal.clone()) {
                continue;
            }
            let (line, column) = source
                .find_from(
                    run.referenced.line() as usize,
                    run.referenced.column() as usize,
                    &run.value[at..at + literal.len()],
                )
                .unwrap_or((
                    run.referenced.line() as usize,
                    run.referenced.column() as usize,
                ));
            let help = if literal.starts_with("docker") {
                "write compose commands as `{compose.KEY}` (a compose file set), so they name the right files for the host".to_string()
            } else {
                format!("write `{placeholder}` so a rename in the facts reaches this command")
            };
            self.error(
                Span {
                    source: source.clone(),
                    line,
                    column,
                    len: literal.chars().count(),
                },
                format!("`{literal}` is written literally in a command"),
                "literal name",
                help,
            );
        }
    }

    /// A command running the app's CLI must pass every env var marked `passed_to_cli`.
    fn check_cli_environment(&mut self, run: &Spanned<String>, source: &SourceFile) {
        let Some(at) = run.value.find("{cli.") else {
            return;
        };
        for (name, var) in &self.facts.env_vars {
            let flag = format!("-e {{env.{name}}}");
            if var.passed_to_cli && !var.secret && !run.value.contains(&flag) {
                let span = placeholder_span(source, run, at, "{cli.");
                self.error(
                    span,
                    format!("the app's CLI needs `{flag}`"),
                    "CLI call without it",
                    format!("add `{flag}` to the `docker exec` options"),
                );
            }
        }
    }
}

/// The shell of `sh -c SCRIPT` (or bash, zsh, dash), when SCRIPT runs docker.
fn shell_c_runs_docker(words: &[String]) -> Option<&str> {
    let found = program::program(words)?;
    let shell = program::base_name(&words[found.index]);
    if !matches!(shell, "sh" | "bash" | "zsh" | "dash") {
        return None;
    }
    let at = words[found.index..].iter().position(|word| word == "-c")? + found.index;
    let inner = words.get(at + 1)?;
    lex::read(inner)
        .lists
        .iter()
        .flat_map(|list| &list.commands)
        .any(|command| {
            let words: Vec<String> = command
                .words
                .iter()
                .map(|word| command::unquote(word.raw))
                .collect();
            program::runs_docker(&words).is_some_and(|found| !found.sudo)
        })
        .then_some(shell)
}
