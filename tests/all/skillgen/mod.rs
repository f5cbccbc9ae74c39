//! End-to-end tests of the skillgen binary: generate, check, lint, hosts, provenance,
//! the rendered skill, and how it fits editors, CI and packaging.

mod budgets_tables;
mod cli;
pub mod ecosystem;
mod hosts;
mod lint_cli;
mod many_skills;
mod provenance;
mod rendered;
mod roles_prompts;
mod seam;
mod settings;
