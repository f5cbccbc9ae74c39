//! The skill linter: one ordered list of rules, run over a skill's parsed documents.
//!
//! Every markdown file is parsed once into a [`Document`] and every shell fence once
//! into a [`ShellScript`]; rules only read those models. Findings come back as data,
//! sorted by file, line and column; a `<!-- skillgen-disable-next-line RULE -->`
//! comment silences RULE on the line after it.

mod allowed_tools;
mod app_cli;
mod danger;
mod description;
mod docker_flags;
mod duplicates;
mod fences;
mod files;
mod frontmatter;
mod hosts;
mod line_budget;
mod links;
mod named_files;
mod prompt;
mod reference_toc;
mod secrets;
mod servers;
mod ssh_first;
mod suppression;
mod syntax;
mod token_budget;
mod warnings;

use std::collections::BTreeMap;
use std::fmt::Write as _;

pub use crate::command::server::{KnownCompose, KnownContainer, KnownHost, ServerFacts};
use crate::command::{self as shell, LOCAL_MARKER, ShellCommand, ShellScript};
use crate::diagnostic::{Finding, Severity};
use crate::markdown::Document;
use crate::skill::Skill;
use frontmatter::FrontmatterYaml;

/// The skill's entry file.
pub const SKILL_FILE: &str = "SKILL.md";

/// The name of the rule that holds files to their line budgets.
pub const LINE_BUDGET: &str = line_budget::RULE.name;

/// What a lint run needs beyond the skill itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintConfig {
    /// The ssh host aliases a shell command may run through. When empty, `ssh-first`
    /// does not run: it is an operating rule for skills that name their hosts.
    pub ssh_hosts: Vec<String>,
    /// The comment that marks the next command line as run on the workstation.
    pub local_marker: String,
    pub line_budgets: LineBudgets,
    /// The most tokens SKILL.md's body may take, estimated as its characters / 4
    /// (5,000 by default, from the Agent Skills guidance).
    pub skill_token_budget: usize,
    /// A reference file (any markdown file but SKILL.md) longer than this many lines
    /// needs a table of contents near its top (100 by default, Anthropic's guidance).
    pub reference_toc_lines: usize,
    /// What the facts know about the servers. The rules that check a command against
    /// its host run only with it; the safety rules run without it and are sharpened by it.
    pub facts: Option<ServerFacts>,
    /// Rules set off or to another severity than their default, by name (from the
    /// facts, the repository's `skillgen.toml` and the command line). A rule that is
    /// off does not run; a rule given a severity reports every finding at it.
    pub rules: BTreeMap<&'static str, RuleLevel>,
}

/// What a run makes of one rule: off, or on with every finding at one severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    Warning,
    Error,
}

impl RuleLevel {
    /// The severity its findings get; `None` when the rule is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }
}

impl LintConfig {
    /// Whether `rule` runs (it is not set off).
    pub fn runs(&self, rule: &str) -> bool {
        self.rules.get(rule) != Some(&RuleLevel::Off)
    }
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            ssh_hosts: Vec::new(),
            local_marker: LOCAL_MARKER.to_string(),
            line_budgets: LineBudgets::default(),
            skill_token_budget: 5_000,
            reference_toc_lines: 100,
            facts: None,
            rules: BTreeMap::new(),
        }
    }
}

/// Line limits of the skill's markdown files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineBudgets {
    /// The maximum for SKILL.md (500 by default, from the Agent Skills guidance).
    pub skill_file_max: usize,
    /// The maximum for every other markdown file, if any.
    pub default_max: Option<usize>,
    /// The minimum for every markdown file, if any.
    pub default_min: Option<usize>,
    /// Limits for single files, by path relative to the skill folder; they replace the
    /// defaults for that file.
    pub files: BTreeMap<String, LineBudget>,
}

impl Default for LineBudgets {
    fn default() -> Self {
        LineBudgets {
            skill_file_max: 500,
            default_max: None,
            default_min: None,
            files: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineBudget {
    pub max: Option<usize>,
    pub min: Option<usize>,
}

/// A rule's documentation, under the same four headings for every rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleDoc {
    pub what: &'static str,
    pub why: &'static str,
    pub example: &'static str,
    pub fix: &'static str,
}

/// One lint rule: a stable kebab-case name, a default severity, its doc and its check.
pub struct Rule {
    pub name: &'static str,
    pub severity: Severity,
    /// One line, for `skillgen rules`.
    pub summary: &'static str,
    pub doc: RuleDoc,
    check: fn(&Context, &mut Emitter),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("name", &self.name)
            .field("severity", &self.severity)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// The full documentation, for `skillgen explain RULE`.
    pub fn explain(&self) -> String {
        let mut text = String::new();
        let doc = &self.doc;
        let _ = writeln!(
            text,
            "{} ({})\n\n{}\n",
            self.name, self.severity, self.summary
        );
        for (heading, body) in [
            ("What it checks", doc.what),
            ("Why", doc.why),
            ("Example that fails", doc.example),
            ("The fix", doc.fix),
        ] {
            let _ = writeln!(text, "## {heading}\n{}\n", body.trim_end());
        }
        text.truncate(text.trim_end().len());
        text.push('\n');
        text
    }
}

/// Every rule, in the order `skillgen rules` lists them.
pub static RULES: &[Rule] = &[
    frontmatter::RULE,
    description::RULE,
    allowed_tools::RULE,
    line_budget::RULE,
    token_budget::RULE,
    links::BROKEN_LINK,
    links::BROKEN_ANCHOR,
    links::UNREACHABLE_FILE,
    reference_toc::RULE,
    fences::RULE,
    syntax::RULE,
    ssh_first::RULE,
    hosts::RULE,
    servers::UNKNOWN_CONTAINER,
    servers::COMPOSE_FILE,
    docker_flags::RULE,
    servers::SSH_TTY,
    servers::DOCKER_SUDO,
    app_cli::RULE,
    danger::DESTRUCTIVE_UNMARKED,
    secrets::RULE,
    duplicates::RULE,
    files::RULE,
    suppression::RULE,
];

/// The rule with this name.
pub fn explain(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.name == name)
}

/// The rule with this name, or what to say about a name that is none: the nearest
/// rule's name, else the list of them.
pub fn rule_named(name: &str) -> Result<&'static Rule, String> {
    explain(name).ok_or_else(|| {
        let names = RULES.iter().map(|rule| rule.name);
        match crate::suggest::nearest(name, names.clone()) {
            Some(known) => format!("no lint rule named `{name}`; did you mean `{known}`?"),
            None => format!(
                "no lint rule named `{name}`; the rules are: {}",
                names.collect::<Vec<_>>().join(", ")
            ),
        }
    })
}

/// What every rule reads: the skill, the config, and the models parsed once.
pub struct Context<'a> {
    pub skill: &'a Skill,
    pub config: &'a LintConfig,
    /// The markdown files (`.md`, any case) that are UTF-8, parsed.
    pub documents: BTreeMap<String, Document>,
    /// The shell fences, by file and index into that document's `fences`: their local
    /// markers and syntax errors (their commands are in `commands`).
    pub scripts: BTreeMap<(String, usize), ShellScript>,
    /// Every command of every shell fence, with its remote script parsed when it is
    /// `ssh HOST COMMAND`.
    pub commands: Vec<CommandSite>,
    /// The lines of shell fences typed at a program's prompt (`sqlite3 app.db`, then
    /// its SQL), which are not shell.
    pub prompt_input: prompt::PromptInput,
    /// SKILL.md's frontmatter read as YAML, when SKILL.md has a closed one.
    pub skill_frontmatter: Option<FrontmatterYaml>,
    /// Each document's warning lines, for `warned_before`.
    warnings: BTreeMap<String, Vec<usize>>,
    /// The facts the safety rules use when none are given: they know nothing.
    no_facts: ServerFacts,
}

/// One command of a shell fence, where it is, and what runs where.
pub struct CommandSite {
    pub file: String,
    /// The fence it is in: an index into its document's `fences`.
    pub fence: usize,
    pub command: ShellCommand,
    /// The remote command as the server's shell parses it, for `ssh HOST COMMAND`.
    pub remote: Option<ShellScript>,
}

impl CommandSite {
    /// The commands that run: the remote ones for an ssh call, else the command itself.
    pub fn effective(&self) -> Vec<&ShellCommand> {
        match &self.remote {
            Some(script) => script.commands.iter().collect(),
            None => vec![&self.command],
        }
    }

    /// The ssh host alias, for an ssh call.
    pub fn host(&self) -> Option<&str> {
        self.command.ssh.as_ref().map(|call| call.host.as_str())
    }
}

impl<'a> Context<'a> {
    pub fn new(skill: &'a Skill, config: &'a LintConfig) -> Self {
        let documents: BTreeMap<String, Document> = skill
            .files
            .iter()
            .filter(|(path, _)| is_markdown(path))
            .map(|(path, text)| (path.clone(), Document::parse(path, text)))
            .collect();
        let mut scripts = BTreeMap::new();
        for (path, document) in &documents {
            for (index, fence) in document.fences.iter().enumerate() {
                if shell::is_shell_fence(fence) {
                    let script = shell::parse_fence(document, fence, &config.local_marker);
                    scripts.insert((path.clone(), index), script);
                }
            }
        }
        let commands = command_sites(&mut scripts);
        let prompt_input = prompt::input_lines(&scripts, &commands);
        let warnings = documents
            .iter()
            .map(|(path, document)| (path.clone(), warnings::warning_lines(document)))
            .collect();
        let skill_frontmatter = documents
            .get(SKILL_FILE)
            .and_then(|document| document.frontmatter.as_ref())
            .filter(|frontmatter| frontmatter.closed)
            .map(frontmatter::read_yaml);
        Context {
            skill,
            config,
            documents,
            scripts,
            commands,
            prompt_input,
            skill_frontmatter,
            warnings,
            no_facts: ServerFacts::default(),
        }
    }

    /// The facts about the servers, or facts that know nothing when none are given:
    /// for the rules that run on any skill and use facts only to know more.
    pub fn server_facts(&self) -> &ServerFacts {
        self.config.facts.as_ref().unwrap_or(&self.no_facts)
    }

    /// The ssh aliases the skill may use: the given hosts and the facts' aliases,
    /// sorted, each once.
    pub fn known_hosts(&self) -> Vec<&str> {
        let mut known: Vec<&str> = self.config.ssh_hosts.iter().map(String::as_str).collect();
        if let Some(facts) = &self.config.facts {
            known.extend(facts.hosts.iter().map(|host| host.alias.as_str()));
        }
        known.sort_unstable();
        known.dedup();
        known
    }

    /// A top-level key of SKILL.md's frontmatter, with the line it is on, when the
    /// frontmatter is a YAML mapping that has it.
    pub fn skill_frontmatter_key(&self, key: &str) -> Option<(&serde_json::Value, usize)> {
        let Some(FrontmatterYaml::Mapping(map)) = &self.skill_frontmatter else {
            return None;
        };
        let value = map.get(key)?;
        let frontmatter = self.documents.get(SKILL_FILE)?.frontmatter.as_ref()?;
        let line = frontmatter::key_line(frontmatter, key).unwrap_or(frontmatter.line);
        Some((value, line))
    }

    /// Whether a warning (see `warnings::warning_lines`) stands between the heading of
    /// the section holding `line` and `line`. Two binary searches over
    /// lines found once per file: a scan of the section for every command made a long
    /// section cost the square of its length.
    pub fn warned_before(&self, file: &str, line: usize) -> bool {
        let Some(document) = self.documents.get(file) else {
            return false;
        };
        let headings = &document.headings;
        let before = headings.partition_point(|heading| heading.line <= line);
        let section_start = before
            .checked_sub(1)
            .map_or(1, |index| headings[index].line);
        let warnings = self.warnings.get(file).map_or(&[][..], Vec::as_slice);
        let first = warnings.partition_point(|&warning| warning < section_start);
        warnings.get(first).is_some_and(|&warning| warning < line)
    }
}

/// Every command of the shell fences, moved out of their scripts, with the remote
/// script of each ssh call parsed.
fn command_sites(scripts: &mut BTreeMap<(String, usize), ShellScript>) -> Vec<CommandSite> {
    let mut sites = Vec::new();
    for ((path, fence), script) in scripts.iter_mut() {
        for command in std::mem::take(&mut script.commands) {
            let remote = command
                .ssh
                .as_ref()
                .and_then(|call| call.remote.as_deref())
                .map(|remote| shell::parse_remote(remote, command.line, command.column));
            sites.push(CommandSite {
                file: path.clone(),
                fence: *fence,
                command,
                remote,
            });
        }
    }
    sites
}

/// Whether a path names a markdown file.
pub fn is_markdown(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, extension)| extension.eq_ignore_ascii_case("md"))
}

/// Collects the findings of one rule.
pub struct Emitter<'r> {
    rule: &'r Rule,
    findings: Vec<Finding>,
}

impl Emitter<'_> {
    /// A finding at another severity than the rule's default (a rule whose milder
    /// case is a warning).
    pub fn emit_with(
        &mut self,
        severity: Severity,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) {
        self.findings.push(Finding::new(
            self.rule.name,
            severity,
            file,
            line,
            column,
            message,
        ));
    }

    /// A finding that covers a known stretch of text, from `start` up to `end` (the
    /// line and the column just past it), such as a whole link.
    pub fn emit_span(
        &mut self,
        file: &str,
        start: (usize, usize),
        end: (usize, usize),
        message: impl Into<String>,
    ) {
        self.emit_span_with(self.rule.severity, file, start, end, message);
    }

    /// [`Emitter::emit_span`] at another severity than the rule's default.
    pub fn emit_span_with(
        &mut self,
        severity: Severity,
        file: &str,
        start: (usize, usize),
        end: (usize, usize),
        message: impl Into<String>,
    ) {
        let (line, column) = start;
        let finding = Finding::new(self.rule.name, severity, file, line, column, message);
        self.findings.push(finding.ending_at(end.0, end.1));
    }

    pub fn emit(&mut self, file: &str, line: usize, column: usize, message: impl Into<String>) {
        self.emit_with(self.rule.severity, file, line, column, message);
    }
}

/// Runs every rule that is not off over the skill; suppressed findings are dropped and
/// unused suppressions reported, and a rule given a severity has all its findings at
/// it. The result is sorted by file, line, column and rule.
pub fn lint_skill(skill: &Skill, config: &LintConfig) -> Vec<Finding> {
    let context = Context::new(skill, config);
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|rule| config.runs(rule.name)) {
        let mut emitter = Emitter {
            rule,
            findings: Vec::new(),
        };
        (rule.check)(&context, &mut emitter);
        findings.append(&mut emitter.findings);
    }
    let mut findings = suppression::apply(&context, findings);
    findings.retain(|finding| config.runs(finding.rule));
    for finding in &mut findings {
        if let Some(severity) = config
            .rules
            .get(finding.rule)
            .and_then(|level| level.severity())
        {
            finding.severity = severity;
        }
    }
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
    });
    findings.dedup();
    findings
}

/// Every markdown file that has a maximum line count: (file, lines, maximum), in path
/// order, for the budget chart of the human report.
pub fn line_budgets(skill: &Skill, config: &LintConfig) -> Vec<(String, usize, usize)> {
    skill
        .files
        .iter()
        .filter(|(path, _)| is_markdown(path))
        .filter_map(|(path, text)| {
            let max = line_budget::budget_of(&config.line_budgets, path).max?;
            let lines = text.lines().count();
            Some((path.clone(), lines, max))
        })
        .collect()
}

/// Counts of errors and warnings, for a summary line.
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .count();
    (errors, findings.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_unique_kebab_case_and_documented() {
        let mut names: Vec<_> = RULES.iter().map(|rule| rule.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len(), "rule names must be unique");
        for rule in RULES {
            assert!(
                rule.name
                    .split('-')
                    .all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase())),
                "{} is not kebab-case",
                rule.name
            );
            for part in [
                rule.summary,
                rule.doc.what,
                rule.doc.why,
                rule.doc.example,
                rule.doc.fix,
            ] {
                assert!(
                    !part.trim().is_empty(),
                    "{} has an empty doc part",
                    rule.name
                );
            }
            let text = explain(rule.name).unwrap().explain();
            assert!(text.contains("## What it checks") && text.contains("## The fix"));
        }
        assert!(explain("no-such-rule").is_none());
    }

    /// A skill with a fence without a language, a suppression of it, and a broken link.
    fn fence_and_link_skill() -> Skill {
        let mut skill = Skill::new("demo");
        skill.files.insert(
            SKILL_FILE.into(),
            "---\nname: demo\ndescription: Shows a tree. Use when asked.\n---\n\n# Demo\n\n```\nsrc/\n```\n\n<!-- skillgen-disable-next-line fence-language -->\n```\nout/\n```\n\nSee [notes](notes.md).\n".into(),
        );
        skill
    }

    fn rules_of(findings: &[Finding]) -> Vec<(&str, Severity)> {
        findings.iter().map(|f| (f.rule, f.severity)).collect()
    }

    #[test]
    fn a_rule_that_is_off_does_not_run_and_its_suppressions_are_not_unused() {
        let skill = fence_and_link_skill();
        let on = lint_skill(&skill, &LintConfig::default());
        let default = |name| explain(name).map(|rule| rule.severity).unwrap();
        assert_eq!(
            rules_of(&on),
            [
                ("fence-language", default("fence-language")),
                ("broken-link", default("broken-link"))
            ]
        );
        let mut config = LintConfig::default();
        config.rules.insert("fence-language", RuleLevel::Off);
        let off = lint_skill(&skill, &config);
        assert_eq!(rules_of(&off), [("broken-link", Severity::Error)]);
    }

    #[test]
    fn a_severity_applies_to_every_finding_of_the_rule() {
        let skill = fence_and_link_skill();
        let mut config = LintConfig::default();
        config.rules.insert("fence-language", RuleLevel::Error);
        config.rules.insert("broken-link", RuleLevel::Warning);
        assert_eq!(
            rules_of(&lint_skill(&skill, &config)),
            [
                ("fence-language", Severity::Error),
                ("broken-link", Severity::Warning)
            ]
        );
        config.rules.insert("unused-suppression", RuleLevel::Off);
        config.rules.insert("fence-language", RuleLevel::Off);
        assert_eq!(
            rules_of(&lint_skill(&skill, &config)),
            [("broken-link", Severity::Warning)]
        );
    }

    #[test]
    fn an_unknown_rule_name_suggests_the_nearest() {
        assert_eq!(
            rule_named("broken-link").map(|rule| rule.name),
            Ok("broken-link")
        );
        assert_eq!(
            rule_named("fence-langauge").map(|rule| rule.name),
            Err("no lint rule named `fence-langauge`; did you mean `fence-language`?".into())
        );
        assert!(
            rule_named("zzz")
                .unwrap_err()
                .contains("the rules are: frontmatter,")
        );
    }

    #[test]
    fn markdown_is_found_by_extension() {
        assert!(is_markdown("a/b.MD") && is_markdown("SKILL.md"));
        assert!(!is_markdown("md") && !is_markdown("run.sh"));
    }
}
