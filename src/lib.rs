//! Cairn's core: a learner-owned wallet for digital credentials.
//!
//! Cairn keeps badges and certificates on the learner's own machine. This crate is everything
//! but the window: it finds credentials in files ([`import`]), normalises them into one shape
//! ([`model::Credential`]) next to their original bytes, and stores them in a SQLite wallet
//! ([`wallet::Wallet`]). The `cairn` command-line tool and the desktop app are thin layers over
//! this API, and every error they show is an [`Error`] with a stable [`ErrorCode`].
//!
//! ```no_run
//! use cairn::wallet::{ImportOptions, Wallet};
//! let mut wallet = Wallet::open("/tmp/wallet.sqlite".as_ref())?;
//! let options = ImportOptions::default();
//! let report = wallet.import_paths(&["badge.json".into()], &options, &mut |_| {});
//! for file in &report.files {
//!     println!("{}: {:?} {}", file.source, file.outcome, file.message);
//! }
//! # Ok::<(), cairn::Error>(())
//! ```

pub mod backup;
pub mod bake;
pub mod error;
pub mod export;
pub mod holder;
pub mod import;
pub mod library;
pub mod model;
pub mod net;
pub mod portfolio;
pub mod recipient;
pub mod skills;
pub mod standing;
pub mod types;
pub mod verify;
pub mod wallet;

pub use error::{Error, ErrorCode, Result};
