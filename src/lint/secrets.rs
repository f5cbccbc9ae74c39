//! `secret-literal`: credentials written into a command, and secrets passed as
//! arguments. It runs on any skill; facts add the flags and env vars they mark secret.

use super::{Context, Emitter, Rule, RuleDoc, ServerFacts};
use crate::command::ShellCommand;
use crate::command::program::named_program;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "secret-literal",
    severity: Severity::Error,
    summary: "a literal credential in a command (a secret argument is a warning)",
    doc: RuleDoc {
        what: "A command must not hold a credential: a value after a secret flag, a \
`NAME=value` for a secret env var, a password in a URL (`scheme://user:pass@host`; one that is the user name, \
`postgres:postgres`, is a local service's default and a warning), or \
`user:password` piped into `chpasswd` by `echo` or `printf`. \
A flag or env var is secret when the facts mark it so, or when its name ends in a \
secret word: `--password`, `--actor-password`, `--db-pass`, `--access-token`, \
`--client-secret`, `--api-key`, `GITHUB_TOKEN`, `PGPASSWORD`, `AWS_SECRET_ACCESS_KEY`. \
Names that only contain one are not (`--max-tokens`, `--token-folder`, \
`--password-file`, `--password-stdin`, `MAX_TOKENS`), nor switches about a secret \
(`--no-password`, `--ask-become-pass`, `--with-token`, `ALLOW_EMPTY_PASSWORD`), nor a \
value that is a yes or no (`yes`, `false`, `0`, `1`).

Placeholders are not credentials: `<ADMIN_PASSWORD>`, `{{token}}`, ALL_CAPS names \
(`USER_PASS`, `PASSWORD`), `your_token`, `xxx` (`ghp_xxxxxxxx`), `***`, `...`, `REDACTED`, \
and example words (`changeme`, `change-me`, `example`, `dummy`). A value from the \
environment (`$VAR`, `${VAR}`, `$(cat file)`) is no finding at all: nobody handles the \
secret. A secret flag given a placeholder is a warning unless a warning earlier in the \
section tells the reader how to handle it: whoever fills it in puts the real password \
in the arguments.",
        why: "A literal password in a skill leaks it to everyone who reads the skill, and \
Claude would use it. A placeholder in an argument teaches Claude to put the real secret \
there: it then shows in `ps` on the server, in shell history and in the conversation.",
        example: "```bash\nssh hemma \"docker exec web app provision-user --password \
'hunter2'\"\nssh hemma \"docker exec web app provision-user --password 'USER_PASS'\"\n```\n\n\
(The first is an error, the second a warning.)",
        fix: "Never write a real value. Prefer a way that keeps the secret out of the \
arguments: leave the flag out when the command prompts for it, read it from an env var \
set on the server (`--password \"$NEW_USER_PASSWORD\"`), or from stdin. If it must be an \
argument, use a placeholder (`--password '<NEW_USER_PASSWORD>'`) with a `> **Warning:**` \
on handling it before the command.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    let facts = context.server_facts();
    for (at, site) in context.commands.iter().enumerate() {
        if site
            .command
            .ssh
            .as_ref()
            .is_some_and(|call| call.remote.is_none())
        {
            continue;
        }
        let warned = context.warned_before(&site.file, site.command.line);
        let commands = site.effective();
        // A command of the fence itself is fed by the site before it; a remote one by
        // the remote command before it.
        let site_before = at
            .checked_sub(1)
            .map(|before| &context.commands[before])
            .filter(|before| {
                site.remote.is_none()
                    && before.remote.is_none()
                    && before.file == site.file
                    && before.fence == site.fence
            })
            .map(|before| &before.command);
        for (index, command) in commands.iter().enumerate() {
            let before = match index.checked_sub(1) {
                Some(before) => Some(commands[before]),
                None => site_before,
            };
            let fed_by = before.filter(|before| command.piped_in && before.group == command.group);
            let mut problems = secret_problems(command, facts);
            problems.extend(fed_by.and_then(|before| chpasswd_secret(before, command)));
            for problem in problems {
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
                        format!("`{flag}` passes a secret as an argument: whoever fills in the placeholder puts the real one where `ps` and shell history show it; prefer the command's prompt, stdin or an env var, or warn the reader before it"),
                    ),
                    Secret::Argument(_) => {}
                    Secret::DefaultLogin(login) => out.emit_with(
                        Severity::Warning,
                        &site.file,
                        site.command.line,
                        site.command.column,
                        format!("the URL's login `{login}` is its user name twice, a local service's default; if a real server accepts it, change it there and write a placeholder here"),
                    ),
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
    /// A URL whose password is its user name (`postgres:postgres`): a local service's
    /// published default rather than a leaked secret.
    DefaultLogin(String),
}

/// What a value given for a secret is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SecretValue {
    /// Nothing, or read from the environment when the command runs.
    FromEnvironment,
    /// A stand-in for the real value, for someone to fill in.
    Placeholder,
    /// A yes or no (`ALLOW_EMPTY_PASSWORD=yes`, `--token 0`): no secret.
    Switch,
    /// Something that may be the real value.
    Literal,
}

/// Values that switch something on or off rather than hold a secret.
const SWITCH_VALUES: &[&str] = &["yes", "no", "true", "false", "on", "off", "0", "1"];

fn secret_problems(command: &ShellCommand, facts: &ServerFacts) -> Vec<Secret> {
    let mut problems = Vec::new();
    let words = &command.words;
    let mut index = 0;
    while let Some(word) = words.get(index) {
        index += 1;
        if word.starts_with("--") {
            let (name, inline) = match word.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (word.as_str(), None),
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
            match value_kind(&value) {
                SecretValue::FromEnvironment | SecretValue::Switch => {}
                SecretValue::Placeholder => problems.push(Secret::Argument(name.to_string())),
                SecretValue::Literal => {
                    problems.push(Secret::Literal(format!("the value of `{name}`")));
                }
            }
            continue;
        }
        // `export NAME=value`, `env NAME=value ...`
        if let Some((name, value)) = word.split_once('=')
            && is_env_name(name)
            && is_secret_env(name, facts)
            && literal_env_value(value)
        {
            problems.push(Secret::Literal(format!("the value of `{name}`")));
        }
        problems.extend(url_secret(word));
    }
    for assignment in &command.assignments {
        let Some((name, value)) = assignment.split_once('=') else {
            continue;
        };
        if is_secret_env(name, facts) && literal_env_value(value) {
            problems.push(Secret::Literal(format!("the value of `{name}`")));
        }
        problems.extend(url_secret(value));
    }
    problems
}

/// A password piped into `chpasswd` as `user:password` by `echo` or `printf`: the
/// password is in the command line (shell history, and `ps` through an ssh call).
fn chpasswd_secret(writer: &ShellCommand, reader: &ShellCommand) -> Option<Secret> {
    let (reader_name, _) = named_program(&reader.words)?;
    let (writer_name, arguments) = named_program(&writer.words)?;
    if reader_name != "chpasswd" || !matches!(writer_name, "echo" | "printf") {
        return None;
    }
    let mut arguments = arguments
        .iter()
        .skip_while(|word| writer_name == "echo" && word.starts_with('-'));
    let first = arguments.next()?;
    let (_, after_colon) = first.split_once(':')?;
    // `printf 'deploy:%s\n' "$PASSWORD"`: the password is the argument the format takes.
    let password = if writer_name == "printf" && after_colon.contains('%') {
        arguments.next()?.as_str()
    } else {
        after_colon
    };
    match value_kind(password.trim_end_matches("\\n")) {
        SecretValue::FromEnvironment | SecretValue::Switch => None,
        SecretValue::Placeholder => Some(Secret::Argument(format!("{writer_name} ... | chpasswd"))),
        SecretValue::Literal => Some(Secret::Literal(
            "the password piped into `chpasswd`".to_string(),
        )),
    }
}

/// The last parts of a name that say it holds a secret (compared in lowercase):
/// a part that ends with one of these words, or is `pass`, or these pairs.
const SECRET_ENDINGS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
];
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("api", "key"),
    ("secret", "key"),
    ("access", "key"),
    ("private", "key"),
];

/// Words before a secret word that make the name a switch about the secret, not the
/// secret: `--no-password`, `--ask-become-pass`, `--with-token`, `ALLOW_EMPTY_PASSWORD`.
const SWITCH_WORDS: &[&str] = &[
    "no", "ask", "prompt", "with", "use", "require", "read", "reset", "change", "generate", "show",
    "hide", "skip", "allow", "empty",
];

/// Whether a flag or env var name (`--actor-password`, `GITHUB_TOKEN`) holds a secret
/// by its own words: its last part is a secret word (`pass` only whole, as in
/// `--db-pass`, so that `--bypass` is not), or its last two parts are one
/// (`--api-key`, `SECRET_KEY`). `--max-tokens` and `--token-folder` are not, nor
/// switches such as `--no-password`.
fn named_secret(name: &str) -> bool {
    let lower = name.trim_start_matches('-').to_lowercase();
    let parts: Vec<&str> = lower.split(['-', '_']).collect();
    let Some(&last) = parts.last() else {
        return false;
    };
    if parts.iter().any(|part| SWITCH_WORDS.contains(part)) {
        return false;
    }
    if last == "pass" || SECRET_ENDINGS.iter().any(|word| last.ends_with(word)) {
        return true;
    }
    parts.len() >= 2 && SECRET_PAIRS.contains(&(parts[parts.len() - 2], last))
}

fn is_secret_flag(name: &str, facts: &ServerFacts) -> bool {
    facts.secret_flags.iter().any(|flag| flag == name) || named_secret(name)
}

fn is_env_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_secret_env(name: &str, facts: &ServerFacts) -> bool {
    facts.secret_env.iter().any(|secret| secret == name) || named_secret(name)
}

/// Example words that stand for a value (compared in lowercase, without `-`, `_`
/// and spaces): a value containing one is a placeholder.
const EXAMPLE_WORDS: &[&str] = &[
    "changeme",
    "changeit",
    "changethis",
    "replaceme",
    "placeholder",
    "redacted",
    "example",
    "dummy",
    "xxx",
];

/// Words that name what goes in their place when they are the whole value.
const NAMING_WORDS: &[&str] = &[
    "password", "passwd", "pass", "secret", "token", "apikey", "key", "value",
];

/// What a value given for a secret is: from the environment (`$VAR`, `${VAR}`,
/// `$(...)`, a backtick, or empty), a placeholder (`<...>`, `{...}`, `[...]`, an
/// ALL_CAPS name with `_` or a secret word in it, `your...`, `xxx`, `***`, `...`, an
/// example word, a word naming the value), or a literal.
fn value_kind(value: &str) -> SecretValue {
    let value = value.trim_matches(|c| c == '\'' || c == '"').trim();
    if value.is_empty() || value.starts_with('$') || value.starts_with('`') {
        return SecretValue::FromEnvironment;
    }
    if SWITCH_VALUES.contains(&value.to_lowercase().as_str()) {
        return SecretValue::Switch;
    }
    let bracketed = [('<', '>'), ('{', '}'), ('[', ']')]
        .iter()
        .any(|&(open, close)| value.contains(open) && value.ends_with(close));
    let squeezed: String = value
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    let all_caps = value.starts_with(|c: char| c.is_ascii_uppercase())
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && (value.contains('_')
            || ["PASS", "TOKEN", "SECRET", "KEY"]
                .iter()
                .any(|word| value.contains(word)));
    let placeholder = bracketed
        || all_caps
        || squeezed.starts_with("your")
        || EXAMPLE_WORDS.iter().any(|word| squeezed.contains(word))
        || NAMING_WORDS.contains(&squeezed.as_str())
        || value.contains("***")
        || value.contains("...")
        || value.contains('…');
    if placeholder {
        SecretValue::Placeholder
    } else {
        SecretValue::Literal
    }
}

/// Whether the value of a secret env var is a literal. A URL is judged by its
/// password alone, which is reported on its own: `postgresql://app:${DB_PASSWORD}@db`
/// and a URL without a password hold no secret.
fn literal_env_value(value: &str) -> bool {
    !value.contains("://") && value_kind(value) == SecretValue::Literal
}

/// The user and password of `scheme://user:password@host...`.
fn url_login(word: &str) -> Option<(&str, &str)> {
    let (_, rest) = word.split_once("://")?;
    let authority = rest.split('/').next()?;
    let (credentials, _) = authority.rsplit_once('@')?;
    credentials.split_once(':')
}

/// A literal password in a URL, or a default login (the password is the user name).
fn url_secret(word: &str) -> Option<Secret> {
    let (user, password) = url_login(word)?;
    if value_kind(password) != SecretValue::Literal {
        return None;
    }
    Some(if password == user {
        Secret::DefaultLogin(format!("{user}:{password}"))
    } else {
        Secret::Literal("a password in a URL".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_environment_values_and_literals() {
        for placeholder in [
            "<ADMIN_PASSWORD>",
            "'<from server .env>'",
            "{{api_token}}",
            "USER_PASS",
            "PASSWORD",
            "ADMIN_PASS",
            "your_token",
            "YOUR-API-KEY",
            "xxx",
            "ghp_xxxxxxxxxxxx",
            "***",
            "...",
            "REDACTED",
            "change-me",
            "changeme",
            "CHANGE_ME",
            "example-secret",
            "password",
        ] {
            assert_eq!(
                value_kind(placeholder),
                SecretValue::Placeholder,
                "{placeholder}"
            );
        }
        for from_environment in ["$PASSWORD", "\"${DB_PASSWORD}\"", "$(cat /run/pw)", ""] {
            assert_eq!(
                value_kind(from_environment),
                SecretValue::FromEnvironment,
                "{from_environment}"
            );
        }
        for switch in ["yes", "TRUE", "0"] {
            assert_eq!(value_kind(switch), SecretValue::Switch, "{switch}");
        }
        for literal in ["hunter2", "Tr0ub4dor&3", "postgres", "AKIAIOSFODNN7QRST"] {
            assert_eq!(value_kind(literal), SecretValue::Literal, "{literal}");
        }
    }

    #[test]
    fn names_are_secret_by_their_last_words() {
        for secret in [
            "--password",
            "--actor-password",
            "--db-pass",
            "--access-token",
            "--token",
            "--client-secret",
            "--api-key",
            "--apiKey",
            "GITHUB_TOKEN",
            "PGPASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "SECRET_KEY",
        ] {
            assert!(named_secret(secret), "{secret}");
        }
        for plain in [
            "--max-tokens",
            "--token-folder",
            "--password-file",
            "--password-stdin",
            "--bypass",
            "--secret-name",
            "MAX_TOKENS",
            "TOKENIZERS_PARALLELISM",
            "AWS_ACCESS_KEY_ID",
            "ACCESS_TOKEN_EXPIRE_MINUTES",
            "--no-password",
            "--ask-become-pass",
            "--with-token",
            "ALLOW_EMPTY_PASSWORD",
        ] {
            assert!(!named_secret(plain), "{plain}");
        }
    }

    #[test]
    fn url_passwords() {
        assert_eq!(
            url_login("postgresql://postgres:s3cret@db/x"),
            Some(("postgres", "s3cret"))
        );
        assert_eq!(url_login("https://example.com/a:b@c"), None);
    }
}
