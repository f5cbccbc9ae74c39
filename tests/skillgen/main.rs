//! End-to-end tests of skillgen on the committed facts, templates and skill.

mod cli;
mod ecosystem;
mod hosts;
mod lint_cli;
mod project;
mod rendered;
mod snapshots;
