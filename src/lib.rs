//! skillgen: typed facts rendered into a Claude skill, and the checks that keep it true.

pub mod diagnostic;
pub mod lint;
pub mod markdown;
pub mod report;
pub mod shell;
pub mod skill;
