//! Helpers shared by the integration tests: fixture paths and throwaway wallets.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The conformance material beside the repository (`../shared/conformance`).
pub fn conformance() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance");
    assert!(
        dir.is_dir(),
        "the conformance material is missing: expected {}",
        dir.display()
    );
    dir
}

/// A file from the 1EdTech validator fixtures, e.g. `validator("ob30/simple.json")`.
pub fn validator(rel: &str) -> PathBuf {
    conformance().join("1edtech-validator").join(rel)
}

/// A file from this repository's own fixtures under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A temporary directory holding a wallet path that does not exist yet.
pub struct TempWallet {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
    /// The wallet file inside it.
    pub path: PathBuf,
}

impl TempWallet {
    /// A fresh, empty location.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("wallet.sqlite");
        Self { dir, path }
    }

    /// Opens (creating) the wallet.
    pub fn open(&self) -> cairn::wallet::Wallet {
        cairn::wallet::Wallet::open(&self.path).expect("open wallet")
    }
}
