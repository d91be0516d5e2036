//! The one error shape Cairn reports everywhere: a stable machine code plus a sentence for people.
//!
//! The same `{code, message}` pair is printed by the CLI with `--json` and crosses the desktop
//! app's IPC boundary, so the UI can branch on `code` and show `message` as it is.

use serde::Serialize;
use std::fmt;
use std::path::Path;
use ts_rs::TS;

/// Stable error codes. Their spelling (see [`ErrorCode::as_str`]) is part of the public
/// interface: scripts and the UI match on it, so a code is never renamed once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No credential, portfolio or file with that identifier.
    NotFound,
    /// An identifier prefix matches more than one credential.
    Ambiguous,
    /// The file is readable but not a credential format Cairn knows.
    UnsupportedFormat,
    /// The file claims to be a known format but is malformed.
    InvalidInput,
    /// An input exceeded a size, depth or count limit.
    TooLarge,
    /// The credential (or its original file) is already in the wallet.
    Duplicate,
    /// Reading or writing a file failed.
    Io,
    /// The wallet database could not be opened, migrated or written.
    Storage,
    /// A network fetch failed or was refused by the network policy.
    Network,
    /// A request was refused because it is not allowed (for example a private address).
    Forbidden,
    /// A bug: something Cairn expected to hold did not.
    Internal,
    /// An encrypted file (backup, holder key) did not open: wrong passphrase, or altered.
    WrongPassphrase,
}

impl ErrorCode {
    /// The code as it appears in JSON output and over IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Ambiguous => "ambiguous",
            Self::UnsupportedFormat => "unsupported_format",
            Self::InvalidInput => "invalid_input",
            Self::TooLarge => "too_large",
            Self::Duplicate => "duplicate",
            Self::Io => "io",
            Self::Storage => "storage",
            Self::Network => "network",
            Self::Forbidden => "forbidden",
            Self::Internal => "internal",
            Self::WrongPassphrase => "wrong_passphrase",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with a stable [`ErrorCode`] and a message written for the learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    /// What kind of failure this is.
    pub code: ErrorCode,
    /// A complete sentence naming the file or item and the problem.
    pub message: String,
}

/// Cairn's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with the given code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// Shorthand for [`ErrorCode::InvalidInput`].
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    /// Shorthand for [`ErrorCode::NotFound`].
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    /// Shorthand for [`ErrorCode::Internal`].
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    /// A file-system error, naming the path it happened on.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::new(ErrorCode::Io, format!("{}: {err}", path.display()))
    }

    /// Prefixes the message with the name of the file it concerns, unless it already names it.
    pub fn in_file(mut self, name: &str) -> Self {
        if !self.message.starts_with(name) {
            self.message = format!("{name}: {}", self.message);
        }
        self
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        Self::new(ErrorCode::Storage, format!("wallet database error: {err}"))
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(err: rusqlite_migration::Error) -> Self {
        Self::new(
            ErrorCode::Storage,
            format!("could not upgrade the wallet database: {err}"),
        )
    }
}
