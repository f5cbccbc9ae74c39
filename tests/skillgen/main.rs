//! End-to-end tests of skillgen on the committed facts, templates and skill.

mod budgets_tables;
mod cli;
mod ecosystem;
mod hosts;
mod lint_cli;
mod project;
mod provenance;
mod rendered;
mod roles_prompts;
mod snapshots;
