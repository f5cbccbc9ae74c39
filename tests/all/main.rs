//! The test suite, as one binary so that it links once: `project` (a throwaway copy of
//! a project to run skillgen in), `live` (the only tests that read the committed facts:
//! the committed skill matches them, and each rendered file's snapshot), and the
//! suites, which run on the fixture project in `tests/fixtures/project`, on a project
//! `skillgen init` makes, or on lint fixture skills. The fuzz targets are their own
//! binary (`cargo test --test fuzz_short`).

mod bad_input;
mod lint_report;
mod lint_rules;
mod live;
mod project;
mod skillgen;
