//! Passphrase sealing: argon2id derives a key from the passphrase, XChaCha20-Poly1305 encrypts
//! and authenticates. Used for backups and for the holder's private key.
//!
//! A sealed blob is `magic ‖ version ‖ m_cost ‖ t_cost ‖ p_cost ‖ salt(16) ‖ nonce(24) ‖
//! ciphertext`; the whole header is authenticated, so any changed byte makes opening fail.
//! Derived keys are zeroized when dropped.

use crate::error::{Error, ErrorCode, Result};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

const VERSION: u8 = 1;
const SALT: usize = 16;
const NONCE: usize = 24;

/// How hard the passphrase is to guess: argon2id memory (KiB), passes and lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfCost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub passes: u32,
    /// Parallel lanes.
    pub lanes: u32,
}

impl Default for KdfCost {
    /// 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended option).
    fn default() -> Self {
        Self {
            memory_kib: 64 * 1024,
            passes: 3,
            lanes: 1,
        }
    }
}

impl KdfCost {
    /// Most memory a sealed file may ask for when it is opened: 64 MiB, what Cairn writes.
    pub const MAX_MEMORY_KIB: u32 = 64 * 1024;
    /// Most passes a sealed file may ask for: 3, what Cairn writes.
    pub const MAX_PASSES: u32 = 3;
    /// Most lanes a sealed file may ask for.
    pub const MAX_LANES: u32 = 4;

    /// Whether a cost read from a file is within the documented range: at most
    /// [`Self::MAX_MEMORY_KIB`], [`Self::MAX_PASSES`] and [`Self::MAX_LANES`], and at least one
    /// pass and lane with the 8 KiB per lane argon2 needs. Checked before any derivation.
    pub fn is_accepted(&self) -> bool {
        (1..=Self::MAX_PASSES).contains(&self.passes)
            && (1..=Self::MAX_LANES).contains(&self.lanes)
            && self.memory_kib <= Self::MAX_MEMORY_KIB
            && self.memory_kib >= 8 * self.lanes
    }

    /// The cheapest cost argon2 accepts, for tests only: it protects nothing.
    pub fn insecure_for_tests() -> Self {
        Self {
            memory_kib: 8,
            passes: 1,
            lanes: 1,
        }
    }
}

fn header_len(magic: &[u8]) -> usize {
    magic.len() + 1 + 12 + SALT + NONCE
}

fn derive(passphrase: &[u8], salt: &[u8], cost: KdfCost) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(cost.memory_kib, cost.passes, cost.lanes, Some(32))
        .map_err(|e| Error::invalid(format!("unusable key-derivation settings: {e}")))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase, salt, key.as_mut())
        .map_err(|e| Error::internal(format!("key derivation failed: {e}")))?;
    Ok(key)
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out)
        .map_err(|e| Error::internal(format!("no secure random numbers available: {e}")))?;
    Ok(out)
}

/// Encrypts `plain` under `passphrase`, tagged with `magic` so blobs of one kind cannot be
/// mistaken for another.
pub fn seal(magic: &[u8], passphrase: &[u8], plain: &[u8], cost: KdfCost) -> Result<Vec<u8>> {
    if passphrase.is_empty() {
        return Err(Error::invalid("the passphrase is empty"));
    }
    if !cost.is_accepted() {
        return Err(Error::invalid(
            "these key-derivation settings are outside what Cairn accepts when opening a file",
        ));
    }
    let salt: [u8; SALT] = random()?;
    let nonce: [u8; NONCE] = random()?;
    let mut out = Vec::with_capacity(header_len(magic) + plain.len() + 16);
    out.extend_from_slice(magic);
    out.push(VERSION);
    out.extend_from_slice(&cost.memory_kib.to_le_bytes());
    out.extend_from_slice(&cost.passes.to_le_bytes());
    out.extend_from_slice(&cost.lanes.to_le_bytes());
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    let key = derive(passphrase, &salt, cost)?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: &out,
            },
        )
        .map_err(|_| Error::internal("encryption failed"))?;
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Whether `blob` starts like a sealed blob of this kind.
pub fn is_sealed(magic: &[u8], blob: &[u8]) -> bool {
    blob.starts_with(magic)
}

/// Decrypts a blob made by [`seal`]. `what` names it in errors ("backup.cairn", "the holder
/// key"). A wrong passphrase and a changed byte both give [`ErrorCode::WrongPassphrase`].
pub fn open(
    magic: &[u8],
    passphrase: &[u8],
    blob: &[u8],
    what: &str,
) -> Result<Zeroizing<Vec<u8>>> {
    let head = header_len(magic);
    if !blob.starts_with(magic) {
        return Err(Error::invalid(format!(
            "{what}: not a Cairn encrypted file of this kind"
        )));
    }
    if blob.len() < head + 16 {
        return Err(Error::invalid(format!("{what}: the file is truncated")));
    }
    let version = blob[magic.len()];
    if version != VERSION {
        return Err(Error::invalid(format!(
            "{what}: written by a newer Cairn (format version {version}); update Cairn to open it"
        )));
    }
    let num = |at: usize| -> u32 {
        let mut b = [0u8; 4];
        b.copy_from_slice(&blob[at..at + 4]);
        u32::from_le_bytes(b)
    };
    let p = magic.len() + 1;
    let cost = KdfCost {
        memory_kib: num(p),
        passes: num(p + 4),
        lanes: num(p + 8),
    };
    // The header sets its own cost: refuse anything outside what Cairn writes before any
    // memory is allocated or any time spent, so a crafted file cannot take gigabytes.
    if !cost.is_accepted() {
        return Err(Error::invalid(format!(
            "{what}: the file's key-derivation settings ({} KiB memory, {} passes, {} lanes) are outside what Cairn accepts (at most {} KiB, {} passes, {} lanes); the file is damaged or was not made by Cairn",
            cost.memory_kib,
            cost.passes,
            cost.lanes,
            KdfCost::MAX_MEMORY_KIB,
            KdfCost::MAX_PASSES,
            KdfCost::MAX_LANES
        )));
    }
    let salt = &blob[p + 12..p + 12 + SALT];
    let nonce = &blob[p + 12 + SALT..head];
    let key = derive(passphrase, salt, cost).map_err(|e| e.in_file(what))?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: &blob[head..],
                aad: &blob[..head],
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| {
            Error::new(
                ErrorCode::WrongPassphrase,
                format!("{what}: the passphrase is wrong, or the file has been damaged or altered"),
            )
        })
}
