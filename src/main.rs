//! The `cairn` command-line tool: the wallet from a terminal, over the same core as the app.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
