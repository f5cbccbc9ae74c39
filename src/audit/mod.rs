//! `skillgen audit`: the app's real files read as typed data, compared with the facts.
#![allow(dead_code)] // wired into the audit in the next commit

mod compose;
mod env_example;
mod pyproject;
mod python_cli;
mod read;
