//! Rules for commands that can hurt: `destructive-unmarked` and `secret-literal`.

use super::{Context, Emitter, Rule, RuleDoc, ServerFacts};
use crate::command::ShellCommand;
use crate::diagnostic::Severity;

pub const DESTRUCTIVE_UNMARKED: Rule = Rule {
    name: "destructive-unmarked",
    severity: Severity::Error,
    summary: "a command that destroys data with no warning before it in its section",
    doc: RuleDoc {
        what: "A command containing one of the facts' `destructive_patterns` (`down \
--volumes`, `volume rm`, `system prune`, `DROP`, `DELETE FROM`, `TRUNCATE`, `rm -rf`, ...; \
matched ignoring case) must have a warning before it in the same section: a blockquote \
line that says \"warning\", such as `> **Warning:** deletes ...`, between the section's \
heading and the command.",
        why: "Claude follows a skill to the letter. A command that deletes volumes or rows \
must make the reader stop, take a backup and ask first; the warning is what makes that \
happen.",
        example: "## Full reset\n\n```bash\nssh hemma \"cd ~/apps/app && docker compose -f \
compose.prod.yaml down --volumes\"\n```",
        fix: "Put `> **Warning:** what it destroys, and what to do first.` before the \
command in its section (in facts: the section's `warning:`).",
    },
    check: check_destructive,
};

pub const SECRET_LITERAL: Rule = Rule {
    name: "secret-literal",
    severity: Severity::Error,
    summary: "a literal credential in a command (a secret argument is a warning)",
    doc: RuleDoc {
        what: "A command must not hold a credential: a value after a secret flag \
(`--password`, `--actor-password`, any flag the facts mark secret or whose name says \
password, secret or token), a `NAME=value` for a secret env var (facts) or a name with \
PASSWORD, SECRET or TOKEN, or a password in a URL (`scheme://user:pass@host`). \
Placeholders pass: `<ADMIN_PASSWORD>`, `\"$VAR\"`, `${VAR}`. Passing a secret as an \
argument at all, even as a placeholder, is a warning unless a warning earlier in the \
section tells the reader how to handle it.",
        why: "A literal password in a skill leaks it to everyone who reads the skill, and \
Claude would use it. Arguments show in `ps` on the server and in shell history, so even a \
filled-in placeholder leaks unless the reader is told.",
        example: "```bash\nssh hemma \"docker exec web app provision-user --password \
'hunter2'\"\n```",
        fix: "Use a placeholder the user fills in (`--password '<NEW_USER_PASSWORD>'`) with \
a `> **Warning:**` on handling it, or a safer way: an env var read on the server, stdin, \
or the command's own prompt.",
    },
    check: check_secrets,
};

fn check_destructive(context: &Context, out: &mut Emitter) {
    let Some(facts) = &context.config.facts else {
        return;
    };
    for site in &context.commands {
        let text = match &site.command.ssh {
            Some(call) => call.remote.clone().unwrap_or_default(),
            None => site.command.text.clone(),
        }
        .to_lowercase();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(pattern) = facts
            .destructive_patterns
            .iter()
            .find(|pattern| contains_phrase(&text, &pattern.to_lowercase()))
        else {
            continue;
        };
        if !context.warned_before(&site.file, site.command.line) {
            out.emit(
                &site.file,
                site.command.line,
                site.command.column,
                format!("`{pattern}` destroys data, and no warning precedes it in this section; add a `> **Warning:**` line before it"),
            );
        }
    }
}

/// `phrase` in `text` at word boundaries.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

fn check_secrets(context: &Context, out: &mut Emitter) {
    let Some(facts) = &context.config.facts else {
        return;
    };
    for site in &context.commands {
        if site
            .command
            .ssh
            .as_ref()
            .is_some_and(|call| call.remote.is_none())
        {
            continue;
        }
        let warned = context.warned_before(&site.file, site.command.line);
        for command in site.effective() {
            for problem in secret_problems(command, facts) {
                match problem {
                    Secret::Literal(what) => out.emit(
                        &site.file,
                        site.command.line,
                        site.command.column,
                        format!("{what} is written literally; use a placeholder such as `<PASSWORD>` that the user fills in, and never a real value"),
                    ),
                    Secret::Argument(flag) if !warned => out.emit_with(
                        Severity::Warning,
                        &site.file,
                        site.command.line,
                        site.command.column,
                        format!("`{flag}` passes a secret as an argument, which shows in `ps` and shell history; prefer the command's prompt, stdin or an env var, or warn the reader before it"),
                    ),
                    Secret::Argument(_) => {}
                }
            }
        }
    }
}

enum Secret {
    /// A credential written out: what it is.
    Literal(String),
    /// A secret passed as an argument through a placeholder: the flag.
    Argument(String),
}

fn secret_problems(command: &ShellCommand, facts: &ServerFacts) -> Vec<Secret> {
    let mut problems = Vec::new();
    let words = &command.words;
    let mut index = 0;
    while let Some(word) = words.get(index) {
        index += 1;
        if let Some(flag) = word.strip_prefix("--").map(|_| word.as_str()) {
            let (name, inline) = match flag.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (flag, None),
            };
            if !is_secret_flag(name, facts) {
                continue;
            }
            let value = match inline {
                Some(value) => value,
                None => match words.get(index) {
                    Some(value) if !value.starts_with('-') => {
                        index += 1;
                        value.clone()
                    }
                    _ => continue,
                },
            };
            problems.push(if is_placeholder(&value) {
                Secret::Argument(name.to_string())
            } else {
                Secret::Literal(format!("the value of `{name}`"))
            });
            continue;
        }
        if let Some((name, value)) = word.split_once('=')
            && is_env_name(name)
            && is_secret_env(name, facts)
            && !is_placeholder(value)
        {
            problems.push(Secret::Literal(format!("the value of `{name}`")));
        }
        if let Some(password) = url_password(word)
            && !is_placeholder(password)
        {
            problems.push(Secret::Literal("a password in a URL".to_string()));
        }
    }
    for assignment in &command.assignments {
        let Some((name, value)) = assignment.split_once('=') else {
            continue;
        };
        if is_secret_env(name, facts) && !is_placeholder(value) {
            problems.push(Secret::Literal(format!("the value of `{name}`")));
        }
        if url_password(value).is_some_and(|password| !is_placeholder(password)) {
            problems.push(Secret::Literal("a password in a URL".to_string()));
        }
    }
    problems
}

fn is_secret_flag(name: &str, facts: &ServerFacts) -> bool {
    let lower = name.to_lowercase();
    facts.secret_flags.iter().any(|flag| flag == name)
        || ["password", "passwd", "secret", "token", "api-key", "apikey"]
            .iter()
            .any(|word| lower.contains(word))
}

fn is_env_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_secret_env(name: &str, facts: &ServerFacts) -> bool {
    let upper = name.to_uppercase();
    facts.secret_env.iter().any(|secret| secret == name)
        || ["PASSWORD", "SECRET", "TOKEN"]
            .iter()
            .any(|word| upper.contains(word))
}

/// `<NAME>`, `$VAR`, `${VAR}`, `$(...)`, or nothing at all.
fn is_placeholder(value: &str) -> bool {
    let value = value.trim_matches(|c| c == '\'' || c == '"');
    value.is_empty() || (value.starts_with('<') && value.ends_with('>')) || value.starts_with('$')
}

/// The password of `scheme://user:password@host...`.
fn url_password(word: &str) -> Option<&str> {
    let (_, rest) = word.split_once("://")?;
    let authority = rest.split('/').next()?;
    let (credentials, _) = authority.rsplit_once('@')?;
    let (_, password) = credentials.split_once(':')?;
    Some(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_phrases() {
        assert!(is_placeholder("<ADMIN_PASSWORD>"));
        assert!(is_placeholder("$PASSWORD"));
        assert!(!is_placeholder("ADMIN_PASSWORD"));
        assert!(!is_placeholder("change-me"));
        assert_eq!(
            url_password("postgresql://postgres:postgres@db/x"),
            Some("postgres")
        );
        assert_eq!(url_password("https://example.com/a:b@c"), None);
        assert!(contains_phrase(
            "docker compose down --volumes --remove-orphans",
            "down --volumes"
        ));
        assert!(!contains_phrase(
            "pdm run artifacts-prune-dry",
            "artifacts-prune"
        ));
        assert!(contains_phrase("delete from sessions", "delete from"));
        assert!(contains_phrase("dropdb skriptoteket", "dropdb"));
    }
}
