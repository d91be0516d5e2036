//! The `cairn` command-line tool: the wallet from a terminal, over the same core as the app.

/// mimalloc: JSON-LD processing allocates heavily, and glibc malloc made verification ~5x
/// slower (see docs/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
