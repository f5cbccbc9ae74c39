//! The `skillgen` binary: parse the command line, run, exit with the code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
