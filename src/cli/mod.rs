//! Argument parsing and dispatch for the `cairn` command; each subcommand is one call into the
//! core API plus printing.

mod backup;
mod emit;
mod export;
mod matching;
mod output;
mod portfolio;
mod prep;
mod search;
mod skills;
mod tag;

use cairn::ErrorCode;
use cairn::wallet::Wallet;
use clap::{Parser, Subcommand};
use output::Printer;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status: everything asked for was done.
const EXIT_OK: u8 = 0;
/// Exit status: some input was refused (a file failed to import, an id was not found).
const EXIT_FAILED: u8 = 1;
/// Exit status: the wallet could not be opened or written.
const EXIT_WALLET: u8 = 3;

/// Cairn keeps your badges and certificates on your own machine.
#[derive(Debug, Parser)]
#[command(name = "cairn", version, about, long_about = None, after_help = EXIT_HELP)]
struct Cli {
    /// The wallet file to use [default: the OS data directory]
    #[arg(long, global = true, env = "CAIRN_WALLET", value_name = "PATH")]
    wallet: Option<PathBuf>,
    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

const EXIT_HELP: &str = "Exit status: 0 success; 1 some input was refused (a file failed to import, \
an id was not found); 2 wrong arguments; 3 the wallet could not be opened or written.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Import credential files or folders into the wallet
    Import {
        /// Files or folders (folders are read recursively)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the credentials in the wallet
    List,
    /// Show one credential in full
    Show {
        /// The credential's id, or a unique prefix of at least 4 characters
        id: String,
    },
    /// Remove a credential from the wallet
    Remove {
        /// The credential's id, or a unique prefix of at least 4 characters
        id: String,
    },
    /// Export credentials: LinkedIn links, PDF transcripts, evidence packages
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Write an encrypted backup of the wallet (or of the given credentials)
    Backup {
        /// Credential ids to back up; the whole wallet when none are given
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Where to write the backup
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Read the passphrase from the first line of this file
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// Restore a backup into the wallet; credentials already present are skipped
    Restore {
        /// The backup file
        file: PathBuf,
        /// Read the passphrase from the first line of this file
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// Organise credentials into portfolios, with sections, goals and detected stacks
    Portfolio(portfolio::PortfolioArgs),
    /// Search the library by words, tags, issuer, format and expiry
    Search(search::SearchArgs),
    /// Add, remove or list your tags on a credential
    Tag(tag::TagArgs),
    /// Show or set your note on a credential
    Note(tag::NoteArgs),
    /// List the skills your credentials evidence, across issuers
    Skills(skills::SkillsArgs),
    /// Prepare for an interview: a skill or portfolio summary with talking points
    Prep(prep::PrepArgs),
    /// Match a job posting (a text file, or - for standard input) against your wallet
    Match(matching::MatchArgs),
}

/// Parses the command line, runs the command and returns the exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer { json: cli.json };
    let path = match cli
        .wallet
        .clone()
        .map(Ok)
        .unwrap_or_else(Wallet::default_path)
    {
        Ok(path) => path,
        Err(err) => return printer.error(&err, EXIT_WALLET),
    };
    let mut wallet = match Wallet::open(&path) {
        Ok(wallet) => wallet,
        Err(err) => return printer.error(&err, EXIT_WALLET),
    };
    let result = match cli.command {
        Command::Import { files } => {
            let report = printer.import(&mut wallet, &files);
            Ok(if report.has_failures() {
                EXIT_FAILED
            } else {
                EXIT_OK
            })
        }
        Command::List => wallet.list().map(|list| {
            printer.list(&list);
            EXIT_OK
        }),
        Command::Show { id } => wallet.get(&id).map(|detail| {
            printer.show(&detail);
            EXIT_OK
        }),
        Command::Remove { id } => wallet.remove(&id).map(|removed| {
            printer.removed(&removed);
            EXIT_OK
        }),
        Command::Export(command) => export::run(&printer, &mut wallet, command),
        Command::Backup {
            ids,
            output,
            passphrase_file,
        } => backup::run_backup(&printer, &wallet, &ids, &output, passphrase_file.as_ref()),
        Command::Restore {
            file,
            passphrase_file,
        } => backup::run_restore(&printer, &mut wallet, &file, passphrase_file.as_ref()),
        Command::Portfolio(args) => portfolio::run(args, &mut wallet, cli.json),
        Command::Search(args) => search::run(args, &wallet, cli.json),
        Command::Tag(args) => tag::run_tag(args, &mut wallet, cli.json),
        Command::Note(args) => tag::run_note(args, &mut wallet, cli.json),
        Command::Skills(args) => skills::run(args, &mut wallet, cli.json),
        Command::Prep(args) => prep::run(args, &wallet, cli.json),
        Command::Match(args) => matching::run(args, &mut wallet, cli.json),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let status = if matches!(err.code, ErrorCode::Storage | ErrorCode::Io) {
                EXIT_WALLET
            } else {
                EXIT_FAILED
            };
            printer.error(&err, status)
        }
    }
}
