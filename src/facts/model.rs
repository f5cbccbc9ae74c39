//! The typed facts: what the YAML files in `facts/` may contain.
//!
//! Every struct refuses unknown keys. Fields that other facts refer to, or that errors
//! must point at, are `Spanned` so the loader knows their file position. Fields marked
//! `skip_deserializing` are filled in by `resolve` and only exist for the templates.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// Entries keyed by the name facts use to refer to them, in the order they were written.
pub type Keyed<T> = IndexMap<String, T>;

/// One facts file. Every top-level key is optional here; together the files must define
/// each exactly once (see `load`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    #[schemars(with = "Option<SkillFacts>")]
    pub skill: Option<Spanned<SkillFacts>>,
    #[schemars(with = "Option<Keyed<Domain>>")]
    pub domains: Option<Spanned<Keyed<Domain>>>,
    #[schemars(with = "Option<Keyed<Host>>")]
    pub hosts: Option<Spanned<Keyed<Host>>>,
    #[schemars(with = "Option<String>")]
    pub default_host: Option<Spanned<String>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub server_notes: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Keyed<Environment>>")]
    pub environments: Option<Spanned<Keyed<Environment>>>,
    #[schemars(with = "Option<Keyed<PathFact>>")]
    pub paths: Option<Spanned<Keyed<PathFact>>>,
    #[schemars(with = "Option<Keyed<FileFact>>")]
    pub files: Option<Spanned<Keyed<FileFact>>>,
    #[schemars(with = "Option<Keyed<ComposeFile>>")]
    pub compose_files: Option<Spanned<Keyed<ComposeFile>>>,
    #[schemars(with = "Option<Keyed<Network>>")]
    pub networks: Option<Spanned<Keyed<Network>>>,
    #[schemars(with = "Option<Keyed<Container>>")]
    pub containers: Option<Spanned<Keyed<Container>>>,
    #[schemars(with = "Option<Database>")]
    pub database: Option<Spanned<Database>>,
    #[schemars(with = "Option<Keyed<EnvVar>>")]
    pub env_vars: Option<Spanned<Keyed<EnvVar>>>,
    #[schemars(with = "Option<IndexMap<String, String>>")]
    pub env_files: Option<Spanned<IndexMap<String, String>>>,
    #[schemars(with = "Option<Cli>")]
    pub cli: Option<Spanned<Cli>>,
    #[schemars(with = "Option<Vec<Decision>>")]
    pub decisions: Option<Spanned<Vec<Decision>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub destructive_patterns: Option<Spanned<Vec<String>>>,
    /// Sections of branch files, by branch key. Each branch's sections live in one file.
    #[schemars(with = "Option<IndexMap<String, Vec<Section>>>")]
    pub sections: Option<IndexMap<String, Spanned<Vec<Section>>>>,
    /// Things in the app that `skillgen audit` should not report as undescribed, each
    /// with the reason the facts leave it out.
    #[schemars(with = "Option<Vec<AuditIgnore>>")]
    pub audit_ignore: Option<Spanned<Vec<AuditIgnore>>>,
}

/// All facts, merged from every file and resolved: what the templates see.
#[derive(Debug, Serialize)]
pub struct Facts {
    pub skill: SkillFacts,
    pub domains: Keyed<Domain>,
    pub hosts: Keyed<Host>,
    pub default_host: Spanned<String>,
    pub server_notes: Vec<String>,
    pub environments: Keyed<Environment>,
    pub paths: Keyed<PathFact>,
    pub files: Keyed<FileFact>,
    pub compose_files: Keyed<ComposeFile>,
    pub networks: Keyed<Network>,
    pub containers: Keyed<Container>,
    pub database: Database,
    pub env_vars: Keyed<EnvVar>,
    pub env_files: IndexMap<String, String>,
    pub cli: Cli,
    pub decisions: Vec<Decision>,
    /// Command fragments that destroy data; the linter wants a warning before them.
    pub destructive_patterns: Vec<String>,
    pub sections: IndexMap<String, Vec<Section>>,
    /// What `skillgen audit` leaves out on purpose.
    pub audit_ignore: Vec<AuditIgnore>,
}

/// One deliberate omission for `skillgen audit`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditIgnore {
    /// The item, as `KIND:NAME`: `env:FOO`, `service:bar`, `compose:compose.x.yaml`,
    /// `cli:command-name`, `flag:command-name --flag` or `script:pdm-script`; a final
    /// `*` covers every item of that kind that starts with the rest (`env:EMAIL_*`).
    #[schemars(with = "String")]
    pub what: Spanned<String>,
    /// Why the facts leave it out.
    pub reason: String,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillFacts {
    /// The skill's `name`: its folder under `skill-out/` and its frontmatter name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    pub title: String,
    pub description: String,
    /// The document the facts were taken from.
    pub source: String,
    pub skill_line_budget: usize,
    pub branch_line_budget: usize,
    pub branches: Vec<Branch>,
    /// The commands SKILL.md's "Before you start" runs to check the server is as
    /// the facts describe.
    #[serde(default)]
    pub preflight: Vec<Step>,
    /// A checkout of the app's repository, relative to the facts folder: the folder
    /// `skillgen audit` reads when no `--app` is given.
    pub app_repo: Option<String>,
}

/// One branch file of the skill.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// The key its sections are filed under, and the part before `#` in a reference.
    #[schemars(with = "String")]
    pub key: Spanned<String>,
    /// Its file name in the skill folder.
    #[schemars(with = "String")]
    pub file: Spanned<String>,
    /// Its template in `templates/`; `FILE.j2` when not given.
    pub template: Option<String>,
    /// Its maximum number of lines, when it differs from `branch_line_budget`.
    pub line_budget: Option<usize>,
    pub title: String,
    /// What it covers, one line.
    pub content: String,
    /// When Claude should read it, as SKILL.md says.
    pub read_when: String,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub name: String,
    pub about: String,
}

/// A server Claude reaches with `ssh ALIAS`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Host {
    pub alias: String,
    pub address: String,
    /// The environment (key) whose containers run on this host.
    #[schemars(with = "String")]
    pub environment: Spanned<String>,
    pub use_when: String,
    /// The user `ssh ALIAS` logs in as, shown beside the alias.
    pub user: Option<String>,
    /// Docker on this host needs root: every `docker` and `docker compose` command run
    /// there renders as `sudo docker ...`. Steps keep writing `docker ...`.
    #[serde(default)]
    pub docker_sudo: bool,
    /// A root or otherwise privileged alias: the skill says so beside it, and every
    /// command through it needs a `warning:` in its section.
    #[serde(default)]
    pub approval_required: bool,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub title: String,
    pub runs_on: String,
    /// Compose file set (key) this environment is started with.
    #[schemars(with = "String")]
    pub compose: Spanned<String>,
    /// The web container (key).
    #[schemars(with = "String")]
    pub web: Spanned<String>,
    /// The database container (key).
    #[schemars(with = "String")]
    pub database: Spanned<String>,
    pub docker_socket: String,
    pub artifacts: String,
    pub health_check: String,
    pub decision: Option<String>,
}

/// A folder on the server.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathFact {
    pub path: String,
    pub about: String,
    pub decision: Option<String>,
}

/// A notable file on the server, inside one of the `paths`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileFact {
    #[schemars(with = "String")]
    pub dir: Spanned<String>,
    pub name: String,
    pub about: String,
}

/// A set of compose files used together, in the folder they live in.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComposeFile {
    /// Path key of the folder the compose commands must run in.
    #[schemars(with = "String")]
    pub dir: Spanned<String>,
    /// The files, each passed with `-f`; none for the folder's default compose file
    /// (`docker compose` without `-f`).
    pub files: Vec<String>,
    #[schemars(with = "String")]
    pub environment: Spanned<String>,
    pub about: String,
    pub decision: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    pub name: String,
    pub about: String,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Container {
    pub name: String,
    #[schemars(with = "String")]
    pub environment: Spanned<String>,
    /// Its compose service name, when compose starts it.
    pub service: Option<String>,
    /// The compose file set (key) that defines it.
    #[schemars(with = "Option<String>")]
    pub compose: Option<Spanned<String>>,
    #[schemars(with = "Vec<String>")]
    pub networks: Vec<Spanned<String>>,
    /// Other names it answers to on one of its networks (compose's `aliases:`).
    #[serde(default)]
    pub aliases: Vec<NetworkAlias>,
    pub ports: String,
    pub about: String,
    pub decision: Option<String>,
}

/// A name a container answers to on one network, besides its own.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkAlias {
    /// The network (key); the container must be on it.
    #[schemars(with = "String")]
    pub network: Spanned<String>,
    pub alias: String,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub name: String,
    /// The role the app connects as, which owns the database (`{db.user}`).
    pub user: String,
    /// The administrative role that drops and creates the database and runs backups
    /// and restores (`{db.admin_user}`), when it is not `user`.
    pub admin_user: Option<String>,
    pub engine: String,
    pub decision: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvVar {
    #[schemars(with = "Vec<String>")]
    pub environments: Vec<Spanned<String>>,
    /// Where each environment gets its value (a file, the compose file, or the app's
    /// default), shown in the table.
    pub set_in: Option<String>,
    /// What the example env file shows; never set for a secret.
    #[schemars(with = "Option<String>")]
    pub example: Option<Spanned<String>>,
    /// The one value commands pass with `-e NAME=value`; never set for a secret.
    #[schemars(with = "Option<String>")]
    pub value: Option<Spanned<String>>,
    pub about: String,
    #[serde(default)]
    pub secret: bool,
    /// Every in-container CLI call must pass it with `-e`.
    #[serde(default)]
    pub passed_to_cli: bool,
    pub decision: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cli {
    /// The Python module behind `python -m`.
    pub module: String,
    /// What runs a pdm script or the module: `pdm run`.
    pub runner: String,
    pub roles: Vec<String>,
    pub decision: Option<String>,
    /// Where the CLI's Python source is, relative to the app's repository (a folder or
    /// a file), for `skillgen audit`; default: every `cli` folder under `src/`.
    pub source: Option<String>,
    pub commands: Keyed<CliCommand>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CliCommand {
    /// Its name as a `python -m MODULE NAME` subcommand, if it has one.
    pub name: Option<String>,
    /// Its pdm script, if it has one.
    pub pdm_script: Option<String>,
    pub about: String,
    /// It always prompts, whatever flags it is given, so it needs `docker exec -it` and
    /// `ssh -t`. (A command that asks only for left-out flags marks them `prompts`.)
    #[serde(default)]
    pub interactive: bool,
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// Why this differs from the source document, kept beside the fact.
    pub decision: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    pub flag: String,
    pub value: Option<String>,
    pub about: String,
    #[serde(default)]
    pub secret: bool,
    /// Left out, the command asks for it (hidden when secret), so a call without it
    /// needs `docker exec -it` and `ssh -t`.
    #[serde(default)]
    pub prompts: bool,
}

/// An architecture decision record summary.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub title: String,
    pub adrs: Vec<String>,
    pub points: Vec<String>,
}

/// One `##` section of a branch file.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Unique within its branch; references say `branch#id`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[schemars(with = "Option<String>")]
    pub warning: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub text: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub cause: Option<Spanned<String>>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[schemars(with = "Option<String>")]
    pub fix: Option<Spanned<String>>,
    #[serde(default)]
    pub fix_steps: Vec<Step>,
    #[serde(default)]
    pub options: Vec<FlagOption>,
    #[serde(default)]
    pub patterns: Vec<Pattern>,
    /// A table of facts shown after the section's commands: `env_vars`, `environments`,
    /// `cli_commands`, `networks` (with the containers), `hosts` (with the server
    /// notes), `layout` or `roles`.
    #[serde(default)]
    #[schemars(schema_with = "table_name_schema")]
    pub table: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub notes: Vec<Spanned<String>>,
    /// Why this differs from the source document, kept beside the fact.
    pub decision: Option<String>,
    /// Sections to go to next (`branch#id`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub then: Vec<Spanned<String>>,
    /// Related sections (`branch#id`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub see_also: Vec<Spanned<String>>,
    /// The heading anchor, from the title.
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub anchor: String,
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub then_links: Vec<Link>,
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub see_also_links: Vec<Link>,
}

/// The tables a section can ask for with `table:`, each drawn from the facts it names
/// by the shared `section` macro in `templates/macros.j2`.
pub const TABLES: &[(&str, &str)] = &[
    (
        "env_vars",
        "the environment variables, and the example env files",
    ),
    ("environments", "the environments side by side"),
    (
        "cli_commands",
        "the app's CLI commands with their flags, and its roles",
    ),
    ("networks", "the networks, and the containers on them"),
    ("hosts", "the ssh aliases, and the server notes"),
    (
        "layout",
        "the paths on the server with their files and compose files",
    ),
    ("roles", "the roles of the app's accounts"),
];

/// The schema of `table:`: one of the names in `TABLES`, or nothing.
fn table_name_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut names: Vec<serde_json::Value> = TABLES.iter().map(|(name, _)| (*name).into()).collect();
    names.push(serde_json::Value::Null);
    schemars::json_schema!({ "type": ["string", "null"], "enum": names })
}

/// Extra flags for the command above, as a table row.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagOption {
    pub flags: String,
    pub about: String,
}

/// A troubleshooting row: what you see, why, and the section that fixes it.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub symptom: String,
    pub cause: String,
    #[schemars(with = "String")]
    pub see: Spanned<String>,
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub link: Option<Link>,
}

/// A resolved reference to a section, as a markdown link target.
#[derive(Debug, Default, Serialize)]
pub struct Link {
    pub title: String,
    pub href: String,
}

/// One command of a section.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A `# comment` line above the command.
    pub comment: Option<String>,
    /// Host key, or `workstation` for a command that must run locally.
    #[schemars(with = "Option<String>")]
    pub on: Option<Spanned<String>>,
    /// Why a workstation command cannot run on the server; required for `on: workstation`.
    pub why_local: Option<String>,
    /// Path key of the folder to `cd` into on the server first.
    #[schemars(with = "Option<String>")]
    pub dir: Option<Spanned<String>>,
    /// The command is interactive: render `ssh -t`.
    #[serde(default)]
    pub tty: bool,
    /// The command as the server's shell sees it, with `{kind.key}` references.
    #[schemars(with = "String")]
    pub run: Spanned<String>,
    /// The command Claude runs; set once the step is resolved.
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub command: Option<Command>,
}

/// A step resolved into the command Claude runs.
#[derive(Debug, Serialize)]
pub struct Command {
    pub target: Target,
    /// For a server command, the remote script (quoted by the template's `ssh_quote`);
    /// for a workstation command, the command itself.
    pub script: String,
    /// The step's `run:` in the facts, for findings about the rendered command.
    #[serde(skip)]
    pub origin: FactOrigin,
}

/// Where a command runs.
#[derive(Debug, Serialize)]
#[serde(tag = "runs_on", rename_all = "snake_case")]
pub enum Target {
    /// Through `ssh ALIAS`, with `-t` when interactive.
    Host {
        alias: String,
        tty: bool,
        approval_required: bool,
    },
    /// On the workstation, for the reason given.
    Workstation { why: String },
}

/// A place in a facts file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactOrigin {
    pub file: std::path::PathBuf,
    pub line: usize,
    pub column: usize,
}
