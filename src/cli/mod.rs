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
mod verify;

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
    /// Import credential files, folders, zip archives or URLs into the wallet
    Import {
        /// Files, folders (read recursively), zip archives, or https:// URLs of hosted badges
        #[arg(required = true, value_name = "FILE|URL")]
        files: Vec<PathBuf>,
        /// Never use the network (hosted badges are kept without their BadgeClass snapshots)
        #[arg(long)]
        offline: bool,
        /// Do not verify credentials as they are stored (verify later with `cairn verify --all`)
        #[arg(long)]
        no_verify: bool,
    },
    /// Manage your identities (e-mail addresses, URLs, DIDs), used to tell which badges are yours
    Profile {
        #[command(subcommand)]
        action: ProfileAction,
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
        /// Back up this portfolio whole (repeatable), with its credentials and their notes
        #[arg(long, value_name = "NAME")]
        portfolio: Vec<String>,
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
    /// Verify credential files (without importing them), or re-verify the wallet with --all
    Verify(verify::VerifyArgs),
}

/// `cairn profile ...`
#[derive(Debug, Subcommand)]
enum ProfileAction {
    /// Add an identity: `cairn profile add email me@example.org`
    Add {
        /// email, url, did or telephone
        kind: String,
        /// The identity itself
        value: String,
    },
    /// List your identities
    List,
    /// Remove an identity
    Remove {
        /// email, url, did or telephone
        kind: String,
        /// The identity itself
        value: String,
    },
}

/// Parses the command line, runs the command and returns the exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer { json: cli.json };
    if let Command::Verify(args) = &cli.command
        && !args.all
    {
        // Verifying files needs no wallet.
        return match verify::run(args, cli.json, None) {
            Ok(code) => ExitCode::from(code),
            Err((err, code)) => printer.error(&err, code),
        };
    }
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
        Command::Import {
            files,
            offline,
            no_verify,
        } => {
            // The wallet's offline mode (a stored setting) keeps the network off as --offline does.
            if !offline && let Err(err) = wallet.connect(cairn::net::NetPolicy::from_env()) {
                return printer.error(&err, EXIT_FAILED);
            }
            let options = cairn::wallet::ImportOptions {
                verify: !no_verify,
                cancel: None,
                // Verification on import stays offline in the CLI (what the import fetched stands
                // in); `cairn verify --all` checks online.
                network: cairn::wallet::Network::Offline,
            };
            let report = printer.import(&mut wallet, &files, &options);
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
        Command::Show { id } => wallet.get(&id).and_then(|detail| {
            printer.show(&detail);
            if !printer.json {
                for (other, title) in wallet.conflicts_with(&detail.summary.id)? {
                    emit::line(&format!(
                        "  {:<13} same id as {other} ({title}), different content",
                        "Conflict"
                    ));
                }
            }
            Ok(EXIT_OK)
        }),
        Command::Remove { id } => wallet.remove(&id).map(|removed| {
            printer.removed(&removed);
            EXIT_OK
        }),
        Command::Export(command) => export::run(&printer, &mut wallet, command),
        Command::Backup {
            ids,
            portfolio,
            output,
            passphrase_file,
        } => backup::run_backup(
            &printer,
            &wallet,
            &ids,
            &portfolio,
            &output,
            passphrase_file.as_ref(),
        ),
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
        Command::Verify(args) => match verify::run(&args, cli.json, Some(&mut wallet)) {
            Ok(code) => Ok(code),
            Err((err, code)) => return printer.error(&err, code),
        },
        Command::Profile { action } => profile(&printer, &mut wallet, action),
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

fn profile(printer: &Printer, wallet: &mut Wallet, action: ProfileAction) -> cairn::Result<u8> {
    use cairn::recipient::Identity;
    match action {
        ProfileAction::Add { kind, value } => {
            let yours = wallet.add_identity(&Identity { kind, value })?;
            printer.identities(&wallet.identities()?, Some(yours));
        }
        ProfileAction::List => printer.identities(&wallet.identities()?, None),
        ProfileAction::Remove { kind, value } => {
            wallet.remove_identity(&kind, &value)?;
            printer.identities(&wallet.identities()?, None);
        }
    }
    Ok(EXIT_OK)
}

fn export_baked(
    printer: &Printer,
    wallet: &Wallet,
    id: &str,
    output: &std::path::Path,
    include_invalid: bool,
) -> cairn::Result<u8> {
    use cairn::bake::{BakeKind, bake_credential};
    let picked = cairn::standing::select_ids(
        wallet,
        std::slice::from_ref(&wallet.resolve_id(id)?),
        include_invalid,
    )?;
    export::tell_left_out(&picked.left_out);
    let standing = cairn::standing::require(wallet, id, include_invalid)?;
    if let Some(label) = standing.label() {
        eprintln!("note: {} ({}): {label}", standing.title, standing.id);
    }
    let kind = BakeKind::from_file_name(&output.to_string_lossy()).ok_or_else(|| {
        cairn::Error::invalid(format!(
            "{}: the output must end in .png or .svg",
            output.display()
        ))
    })?;
    let bytes = bake_credential(wallet, id, kind)?;
    std::fs::write(output, &bytes).map_err(|e| cairn::Error::io(output, &e))?;
    printer.written(output, bytes.len());
    Ok(EXIT_OK)
}
