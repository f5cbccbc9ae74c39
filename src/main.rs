//! The `skillgen` binary: parse the command line, run, exit with the code.

mod cli;

// Lint allocates many small strings per file; mimalloc serves them faster than the
// system allocator and keeps per-thread heaps for the threads lint runs on. The meter
// holds the shell parser to its memory allowance (see `skillgen::allowance`).
#[global_allocator]
static ALLOCATOR: skillgen::allowance::MeteredAllocator<mimalloc::MiMalloc> =
    skillgen::allowance::MeteredAllocator(mimalloc::MiMalloc);

fn main() -> std::process::ExitCode {
    cli::run()
}
