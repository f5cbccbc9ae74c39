//! The audit's rules: stable kebab-case names, their severity and what they report.

use crate::diagnostic::Severity;

pub const COMPOSE_FILE: &str = "audit-compose-file";
pub const CONTAINER: &str = "audit-container";
pub const NETWORK: &str = "audit-network";
pub const PORTS: &str = "audit-ports";
pub const ENV_VAR: &str = "audit-env-var";
pub const ENV_SCOPE: &str = "audit-env-scope";
pub const DATABASE: &str = "audit-database";
pub const PDM_SCRIPT: &str = "audit-pdm-script";
pub const CLI_COMMAND: &str = "audit-cli-command";
pub const CLI_FLAG: &str = "audit-cli-flag";
pub const NEW_COMPOSE_FILE: &str = "audit-new-compose-file";
pub const NEW_SERVICE: &str = "audit-new-service";
pub const NEW_ENV_VAR: &str = "audit-new-env-var";
pub const NEW_PDM_SCRIPT: &str = "audit-new-pdm-script";
pub const NEW_CLI_COMMAND: &str = "audit-new-cli-command";
pub const NEW_CLI_FLAG: &str = "audit-new-cli-flag";
pub const UNUSED_IGNORE: &str = "audit-unused-ignore";

/// An audit rule: its name, severity and one line on what it reports.
#[derive(Debug, Clone, Copy)]
pub struct AuditRule {
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

impl AuditRule {
    /// What `skillgen explain` prints for the rule.
    pub fn explain(&self) -> String {
        format!(
            "{} ({})\n\n{}\n\n`skillgen audit` reports it, holding the facts against the app's own files; the README's \"Auditing the facts against the app\" says what each file is read for.\n",
            self.name, self.severity, self.summary
        )
    }
}

/// The audit rule with this name.
pub fn named(name: &str) -> Option<&'static AuditRule> {
    RULES.iter().find(|rule| rule.name == name)
}

const fn rule(name: &'static str, severity: Severity, summary: &'static str) -> AuditRule {
    AuditRule {
        name,
        severity,
        summary,
    }
}

/// Every audit rule, in the order the README lists them.
pub const RULES: &[AuditRule] = &[
    rule(
        COMPOSE_FILE,
        Severity::Error,
        "a compose file of an audited compose set is not in the app",
    ),
    rule(
        CONTAINER,
        Severity::Error,
        "a container's service is missing, or its `container_name` (else `PROJECT-SERVICE-1`) differs",
    ),
    rule(
        NETWORK,
        Severity::Error,
        "a container's network (real name: `name:`, external key, or `PROJECT_KEY`) is not joined",
    ),
    rule(
        PORTS,
        Severity::Error,
        "the backticked `HOST:CONTAINER` of `ports` is not published, or \"Not exposed\"/\"None\" but published",
    ),
    rule(
        ENV_VAR,
        Severity::Error,
        "an env var is set in no example env file nor compose `environment:` (`passed_to_cli` ones are skipped)",
    ),
    rule(
        ENV_SCOPE,
        Severity::Error,
        "an env var is set for an environment the facts do not scope it to, or not set for one they do",
    ),
    rule(
        DATABASE,
        Severity::Error,
        "the user or database of the `DATABASE_URL` in the default host's environment's compose files differs",
    ),
    rule(
        PDM_SCRIPT,
        Severity::Error,
        "a command's `pdm_script` is not in pyproject.toml, or runs `python -m MODULE` with another command",
    ),
    rule(
        CLI_COMMAND,
        Severity::Error,
        "a command's `name` is not a Typer command of the app",
    ),
    rule(
        CLI_FLAG,
        Severity::Error,
        "a declared flag is no option of that command (`--x/--no-x`, explicit names and defaults all count)",
    ),
    rule(
        NEW_COMPOSE_FILE,
        Severity::Warning,
        "a compose file of the app is in no compose set of the facts",
    ),
    rule(
        NEW_SERVICE,
        Severity::Warning,
        "a compose service of the app is no container in the facts",
    ),
    rule(
        NEW_ENV_VAR,
        Severity::Warning,
        "an env var the app sets is not in the facts",
    ),
    rule(
        NEW_PDM_SCRIPT,
        Severity::Warning,
        "a pdm script that runs the app's CLI is named by no command of the facts",
    ),
    rule(
        NEW_CLI_COMMAND,
        Severity::Warning,
        "a CLI command of the app is not in the facts",
    ),
    rule(
        NEW_CLI_FLAG,
        Severity::Warning,
        "an option of a CLI command is not declared in the facts",
    ),
    rule(
        UNUSED_IGNORE,
        Severity::Warning,
        "an `audit_ignore` entry that matches nothing",
    ),
];
