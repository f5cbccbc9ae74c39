//! skillgen: typed facts rendered into a Claude skill, and the checks that keep it true.

pub mod facts;
pub mod located;
pub mod skill;
mod slug;
mod suggest;
