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
        "a compose file of the facts' compose sets is not in the app",
    ),
    rule(
        CONTAINER,
        Severity::Error,
        "a container's service is missing from its compose files, or is named differently",
    ),
    rule(
        NETWORK,
        Severity::Error,
        "a container is on a network in the facts that its compose service does not join",
    ),
    rule(
        PORTS,
        Severity::Error,
        "a container's published ports differ from the facts' `ports`",
    ),
    rule(
        ENV_VAR,
        Severity::Error,
        "an env var of the facts is set nowhere in the app",
    ),
    rule(
        ENV_SCOPE,
        Severity::Error,
        "an env var is set for other environments than the facts say",
    ),
    rule(
        DATABASE,
        Severity::Error,
        "the production DATABASE_URL names another user or database than the facts",
    ),
    rule(
        PDM_SCRIPT,
        Severity::Error,
        "a pdm script of the facts is not in pyproject.toml, or runs another command",
    ),
    rule(
        CLI_COMMAND,
        Severity::Error,
        "a CLI command of the facts is not defined in the app's Typer CLI",
    ),
    rule(
        CLI_FLAG,
        Severity::Error,
        "a CLI flag of the facts is not an option of its command in the app",
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
        "an audit_ignore entry matches nothing",
    ),
];
