//! The `skillgen` binary: parse the command line, run, exit with the code.

mod cli;
mod output;

// Lint allocates many small strings per file; mimalloc serves them faster than the
// system allocator and keeps per-thread heaps for the threads lint runs on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
