//! The `skillgen` binary: parse the arguments, run the command, exit with its code.

fn main() {}
