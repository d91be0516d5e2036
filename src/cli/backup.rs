//! `cairn backup` and `cairn restore`, and how the CLI gets a passphrase: a file, the
//! `CAIRN_PASSPHRASE` environment variable, or a prompt on the terminal.

use super::output::{Printer, print_json, say};
use cairn::backup::{self, seal::KdfCost};
use cairn::export::write_file;
use cairn::wallet::Wallet;
use cairn::wallet::dump::Selection;
use cairn::{Error, Result};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Where a passphrase comes from, in order: `--passphrase-file`, `CAIRN_PASSPHRASE`, a prompt.
pub fn passphrase(file: Option<&Path>, confirm: bool) -> Result<Zeroizing<String>> {
    if let Some(path) = file {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?);
        let line = text.lines().next().unwrap_or("").to_owned();
        if line.is_empty() {
            return Err(Error::invalid(format!(
                "{}: the passphrase file is empty",
                path.display()
            )));
        }
        return Ok(Zeroizing::new(line));
    }
    if let Ok(value) = std::env::var("CAIRN_PASSPHRASE") {
        if value.is_empty() {
            return Err(Error::invalid("CAIRN_PASSPHRASE is set but empty"));
        }
        return Ok(Zeroizing::new(value));
    }
    let prompt_err = |e: std::io::Error| {
        Error::invalid(format!(
            "cannot ask for a passphrase ({e}); use --passphrase-file or CAIRN_PASSPHRASE"
        ))
    };
    let first = Zeroizing::new(rpassword::prompt_password("Passphrase: ").map_err(prompt_err)?);
    if first.is_empty() {
        return Err(Error::invalid("the passphrase is empty"));
    }
    if confirm {
        let again =
            Zeroizing::new(rpassword::prompt_password("Passphrase again: ").map_err(prompt_err)?);
        if *again != *first {
            return Err(Error::invalid(
                "the two passphrases differ; nothing was written",
            ));
        }
    }
    Ok(first)
}

/// `cairn backup`: the whole wallet, or the given credentials and portfolios.
pub fn run_backup(
    printer: &Printer,
    wallet: &Wallet,
    ids: &[String],
    portfolios: &[String],
    output: &Path,
    passphrase_file: Option<&PathBuf>,
) -> Result<u8> {
    let selection = match (ids.is_empty(), portfolios.is_empty()) {
        (true, true) => Selection::Whole,
        (false, true) => Selection::Credentials(
            ids.iter()
                .map(|id| wallet.resolve_id(id))
                .collect::<Result<Vec<_>>>()?,
        ),
        (true, false) => {
            for p in portfolios {
                cairn::portfolio::resolve(wallet, p)?;
            }
            Selection::Portfolios(portfolios.to_vec())
        }
        (false, false) => {
            return Err(Error::invalid(
                "give credential ids or --portfolio, not both",
            ));
        }
    };
    let pass = passphrase(passphrase_file.map(PathBuf::as_path), true)?;
    let made = backup::backup_of(wallet, &selection, pass.as_bytes(), KdfCost::default())?;
    write_file(output, &made.bytes)?;
    if printer.json {
        print_json(&serde_json::json!({
            "file": output.display().to_string(),
            "originals": made.entries.len(),
            "bytes": made.bytes.len(),
            "version": backup::FORMAT_VERSION,
        }));
    } else {
        say!(
            "wrote {} ({} original files with their tags, notes, portfolios and history, {} bytes, encrypted)",
            output.display(),
            made.entries.len(),
            made.bytes.len()
        );
    }
    Ok(0)
}

/// `cairn restore`.
pub fn run_restore(
    printer: &Printer,
    wallet: &mut Wallet,
    file: &Path,
    passphrase_file: Option<&PathBuf>,
) -> Result<u8> {
    let blob = std::fs::read(file).map_err(|e| Error::io(file, &e))?;
    let what = file.display().to_string();
    if !backup::seal::is_sealed(backup::MAGIC, &blob) {
        return Err(Error::invalid(format!("{what}: not a Cairn backup")));
    }
    let pass = passphrase(passphrase_file.map(PathBuf::as_path), false)?;
    let report = backup::restore(wallet, &blob, pass.as_bytes(), &what)?;
    if printer.json {
        print_json(&report);
    } else {
        say!(
            "{} original files: {} restored, {} already in the wallet, {} failed; {} portfolios and {} tags, notes and other annotations added",
            report.originals,
            report.added,
            report.duplicates,
            report.failed.len(),
            report.portfolios_added,
            report.annotations_added
        );
        for f in &report.failed {
            say!("failed {}: {}", f.source, f.message);
        }
        for c in &report.conflicts {
            say!("conflict ({} {}): {}", c.kind, c.name, c.detail);
        }
    }
    Ok(if report.failed.is_empty() { 0 } else { 1 })
}
