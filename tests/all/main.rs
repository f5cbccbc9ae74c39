//! The test suite, as one binary so that it links once.
//!
//! - `project`: a throwaway copy of a project to run skillgen in.
//! - `live`: the only tests that read the committed facts, and they assert none of
//!   their values: the committed skill matches the facts, each rendered file has a
//!   snapshot, and each facts file points editors at the schema.
//! - `skillgen`, `bad_input`, `lint_rules`, `lint_report`: everything else, on the
//!   fixture project in `tests/fixtures/project`, on a project `skillgen init` makes, or
//!   on lint fixture skills with a config built in the test. Changing a fact never
//!   means changing them.
//!
//! The fuzz targets are their own binary: `cargo test --test fuzz_short`.

mod audit;
mod bad_input;
mod lint_report;
mod lint_rules;
mod live;
mod project;
mod skillgen;
