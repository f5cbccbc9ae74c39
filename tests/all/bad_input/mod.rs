//! The bad-input suite: every way a hand-edited input can be wrong, and what skillgen
//! must do about it. A rejected input exits 2 with a message that names the file and
//! line (where there is one) and what to do, never panics, and leaves `skill-out/`
//! byte for byte as it was. A UTF-8 BOM and CRLF line endings are not bad input: they
//! must give the same skill.

#![allow(clippy::print_stderr)] // cases report what they could not check

mod facts;
mod lint;
mod messages;
mod output;
mod placeholders;
mod references;
mod secrets;
mod special;
mod stdout;
mod support;
mod templates;
