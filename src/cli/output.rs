//! How the CLI prints results: plain text for people, or JSON with `--json`.

use cairn::Error;
use cairn::recipient::Identity;
use cairn::verify::Verdict;
use cairn::wallet::{
    CredentialDetail, CredentialSummary, ImportOptions, ImportReport, Outcome, Wallet,
};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Prints in the mode chosen on the command line.
pub struct Printer {
    /// Print JSON instead of text.
    pub json: bool,
}

/// Prints a line on stdout; a closed pipe (`cairn list | head`) is not an error. Control
/// characters in it are shown escaped ([`safe_lines`]): what a credential says can never move
/// the cursor, erase a line or change colours on the learner's terminal.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = writeln!(
            std::io::stdout().lock(),
            "{}",
            $crate::cli::output::safe_lines(&text)
        );
    }};
}
pub(crate) use say;

/// Text from a credential (a title, an issuer's name, a file or zip entry name, a message
/// quoting one) made safe to print on a terminal: every control character (C0 including
/// newline and carriage return, DEL, C1) and every bidirectional-override character is shown
/// as a visible escape (`\x1b`, `\u{202e}`) instead of being sent to the terminal.
pub fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, false)
}

/// [`safe`] for a whole line of output, which may hold newlines and tabs of Cairn's own: those
/// two are kept, every other control character is escaped.
pub fn safe_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    let unsafe_char =
        |c: char| (c.is_control() && !(keep_lines && (c == '\n' || c == '\t'))) || is_bidi(c);
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Prints a value as pretty JSON on stdout ([`json_safe`]).
pub fn print_json<T: serde::Serialize>(value: &T) {
    use std::io::Write as _;
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            let _ = writeln!(std::io::stdout().lock(), "{}", json_safe(&text));
        }
        Err(err) => eprintln!("cairn: cannot encode output: {err}"),
    }
}

/// JSON text made safe for a terminal and still the same JSON: serde_json already escapes
/// control characters inside strings; the bidirectional-override characters it leaves are
/// written as `\uXXXX` escapes too.
pub fn json_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_bidi) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_bidi(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl Printer {
    /// Prints an error (`{code, message}` on stderr with `--json`) and returns `status`.
    pub fn error(&self, err: &Error, status: u8) -> ExitCode {
        if self.json {
            match serde_json::to_string(err) {
                Ok(text) => eprintln!("{}", json_safe(&text)),
                Err(_) => eprintln!("cairn: {}", safe(&err.message)),
            }
        } else {
            eprintln!("cairn: {}", safe(&err.message));
        }
        ExitCode::from(status)
    }

    /// Imports with a progress bar on a terminal, then prints the per-file report.
    pub fn import(
        &self,
        wallet: &mut Wallet,
        files: &[PathBuf],
        options: &ImportOptions,
    ) -> ImportReport {
        let bar = if !self.json && std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(0);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
                bar.set_style(style);
            }
            Some(bar)
        } else {
            None
        };
        // URLs are fetched first, then files and folders are read in one batch.
        let (urls, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = files.iter().partition(|f| {
            let f = f.to_string_lossy();
            f.starts_with("https://") || f.starts_with("http://")
        });
        let mut report = ImportReport::default();
        for url in urls {
            report.files.push(wallet.import_url(&url.to_string_lossy()));
        }
        let paths: Vec<PathBuf> = paths.into_iter().cloned().collect();
        let from_files = wallet.import_paths(&paths, options, &mut |p| {
            if let Some(bar) = &bar {
                bar.set_length(p.total as u64);
                bar.set_position(p.done as u64);
                bar.set_message(safe(&p.source).into_owned());
            }
        });
        report.files.extend(from_files.files);
        report.cancelled = from_files.cancelled;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        if self.json {
            print_json(&report);
            return report;
        }
        for file in &report.files {
            let label = match file.outcome {
                Outcome::Imported => "imported ",
                Outcome::Duplicate => "duplicate",
                Outcome::Failed => "failed   ",
                Outcome::NoBadge => "no badge ",
                Outcome::Cancelled => "cancelled",
            };
            let ids = if file.credentials.is_empty() {
                String::new()
            } else {
                format!(" [{}]", file.credentials.join(", "))
            };
            let verdicts = if file.verdicts.is_empty() {
                String::new()
            } else {
                let names: Vec<&str> = file.verdicts.iter().map(|v| v.as_str()).collect();
                format!(" (verified: {})", names.join(", "))
            };
            say!(
                "{label} {}{ids}: {}{verdicts}",
                safe(&file.source),
                safe(&file.message)
            );
            for c in &file.conflicts {
                eprintln!(
                    "conflict: {} states the same id ({}) as {} ({}) with different content; both are kept",
                    safe(&c.id),
                    safe(&c.credential_id),
                    safe(&c.other),
                    safe(&c.other_title)
                );
            }
        }
        say!(
            "{} imported, {} duplicate, {} failed, {} without a badge",
            report.count(Outcome::Imported),
            report.count(Outcome::Duplicate),
            report.count(Outcome::Failed),
            report.count(Outcome::NoBadge)
        );
        let verdicts: Vec<Verdict> = report
            .files
            .iter()
            .flat_map(|f| f.verdicts.iter().copied())
            .collect();
        if !verdicts.is_empty() {
            let count = |v: Verdict| verdicts.iter().filter(|&&x| x == v).count();
            say!(
                "verified offline: {} valid, {} invalid, {} indeterminate",
                count(Verdict::Valid),
                count(Verdict::Invalid),
                count(Verdict::Indeterminate)
            );
        }
        if report.cancelled {
            say!(
                "cancelled: {} files not imported",
                report.count(Outcome::Cancelled)
            );
        }
        report
    }

    /// Prints the library.
    pub fn list(&self, list: &[CredentialSummary]) {
        if self.json {
            print_json(&list);
            return;
        }
        if list.is_empty() {
            say!("The wallet is empty. Add credentials with `cairn import FILE...`.");
            return;
        }
        for c in list {
            let date = c
                .issued_on
                .as_deref()
                .map(|d| d.get(..10).unwrap_or(d))
                .unwrap_or("----------");
            say!(
                "{}  {}  {:<40}  {}  ({})",
                c.id,
                safe(date),
                safe(&c.title),
                safe(c.issuer.as_deref().unwrap_or("unknown issuer")),
                c.format.label()
            );
        }
    }

    /// Prints one credential.
    pub fn show(&self, d: &CredentialDetail) {
        if self.json {
            print_json(d);
            return;
        }
        let c = &d.credential;
        say!("{}\n", safe(&c.title));
        let field = |name: &str, value: Option<&str>| {
            if let Some(value) = value {
                say!("  {name:<13} {}", safe(value));
            }
        };
        field("Id", Some(&d.summary.id));
        field(
            "Issuer",
            c.issuer.name.as_deref().or(c.issuer.id.as_deref()),
        );
        field(
            "Issuer id",
            c.issuer.id.as_deref().filter(|_| c.issuer.name.is_some()),
        );
        field("Issued", c.issued_on.as_deref());
        field(
            "Valid from",
            c.valid_from
                .as_deref()
                .filter(|v| Some(*v) != c.issued_on.as_deref()),
        );
        field("Valid until", c.valid_until.as_deref());
        field("Format", Some(c.format.label()));
        field("Credential id", c.credential_id.as_deref());
        let recipient = c.recipient.as_ref().map(|r| {
            if r.hashed {
                format!("{} (hashed {})", r.identity, r.kind)
            } else {
                format!("{} ({})", r.identity, r.kind)
            }
        });
        field("Recipient", recipient.as_deref());
        let status = match d.summary.recipient_status {
            cairn::recipient::RecipientStatus::Yours => "issued to you",
            cairn::recipient::RecipientStatus::SomeoneElse => "issued to someone else",
            cairn::recipient::RecipientStatus::Unknown => "recipient unknown",
        };
        field("Issued to", Some(status));
        field("Description", c.description.as_deref());
        field(
            "Criteria",
            c.achievement
                .criteria_narrative
                .as_deref()
                .or(c.achievement.criteria_url.as_deref()),
        );
        for a in &c.achievement.alignments {
            field("Skill", Some(&a.target_name));
        }
        if !c.achievement.tags.is_empty() {
            field("Tags", Some(&c.achievement.tags.join(", ")));
        }
        for child in &d.children {
            field("Contains", Some(child));
        }
        for a in &d.associations {
            let link = format!("{} {} {}", a.source_id, a.association_type, a.target_id);
            field("Association", Some(&link));
        }
        for snap in &d.snapshots {
            let kept = format!(
                "{} {} ({} bytes, {})",
                snap.role, snap.url, snap.size, snap.fetched_at
            );
            field("Snapshot", Some(&kept));
        }
        let original = format!(
            "{} ({}, {} bytes, sha256 {})",
            d.original.file_name, d.original.media_type, d.original.size, d.original.sha256
        );
        field("Original", Some(&original));
        field("Imported", Some(&d.original.imported_at));
    }

    /// Prints the learner's identities, and after an addition how many badges are theirs.
    pub fn identities(&self, identities: &[Identity], yours: Option<usize>) {
        if self.json {
            print_json(&serde_json::json!({ "identities": identities, "yours": yours }));
            return;
        }
        if identities.is_empty() {
            say!("Your profile has no identities. Add one with `cairn profile add email ADDRESS`.");
        }
        for identity in identities {
            say!("{:<10} {}", identity.kind, identity.value);
        }
        if let Some(n) = yours {
            say!("{n} credential(s) in the wallet are issued to you");
        }
    }

    /// Prints that a file was written.
    pub fn written(&self, path: &Path, size: usize) {
        if self.json {
            print_json(&serde_json::json!({ "written": path, "bytes": size }));
        } else {
            say!("wrote {} ({size} bytes)", path.display());
        }
    }

    /// Prints what `remove` removed.
    pub fn removed(&self, ids: &[String]) {
        if self.json {
            print_json(&serde_json::json!({ "removed": ids }));
        } else {
            say!("removed {}", ids.join(", "));
        }
    }
}
