//! The wallet's holder key: an Ed25519 key pair named by a `did:key`, created on first use.
//!
//! The private key is stored only sealed with the learner's passphrase (argon2id +
//! XChaCha20-Poly1305, see [`crate::backup::seal`]); it is opened for one signature at a time
//! and zeroized as soon as it is dropped.

use crate::backup::seal::{self, KdfCost};
use crate::error::{Error, ErrorCode, Result};
use crate::wallet::Wallet;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use rusqlite::OptionalExtension as _;
use serde::Serialize;
use zeroize::Zeroizing;

const MAGIC: &[u8] = b"CAIRN-HOLDER-KEY\0";
/// Multicodec prefix of an Ed25519 public key (`ed01`).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// The holder's public identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holder {
    /// The `did:key` identifier.
    pub did: String,
    /// The verification method: the DID with the key as its fragment.
    pub verification_method: String,
    /// The raw Ed25519 public key.
    #[serde(skip)]
    pub public_key: [u8; 32],
    /// When the key was created (RFC 3339).
    pub created_at: String,
}

/// The `did:key` of an Ed25519 public key: `did:key:z6Mk...` (multibase base58btc of the
/// multicodec-prefixed key).
pub fn did_key(public_key: &[u8; 32]) -> String {
    format!("did:key:{}", multikey(public_key))
}

/// The Multikey encoding of an Ed25519 public key (`z6Mk...`).
pub fn multikey(public_key: &[u8; 32]) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(public_key);
    format!("z{}", bs58::encode(bytes).into_string())
}

fn holder_from(public_key: [u8; 32], created_at: String) -> Holder {
    let did = did_key(&public_key);
    let verification_method = format!("{did}#{}", multikey(&public_key));
    Holder {
        did,
        verification_method,
        public_key,
        created_at,
    }
}

/// The holder key, if the wallet has one.
pub fn holder(wallet: &Wallet) -> Result<Option<Holder>> {
    let row: Option<(Vec<u8>, String)> = wallet
        .conn()
        .query_row(
            "SELECT public_key, created_at FROM holder_key WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(pk, created)| {
        let pk: [u8; 32] = pk
            .try_into()
            .map_err(|_| Error::new(ErrorCode::Storage, "the holder key is stored damaged"))?;
        Ok(holder_from(pk, created))
    })
    .transpose()
}

/// The holder key, created (and sealed with `passphrase`) when the wallet has none yet.
pub fn ensure(wallet: &mut Wallet, passphrase: &[u8], cost: KdfCost) -> Result<Holder> {
    if let Some(h) = holder(wallet)? {
        return Ok(h);
    }
    let mut secret = Zeroizing::new([0u8; 32]);
    getrandom::fill(secret.as_mut())
        .map_err(|e| Error::internal(format!("no secure random numbers available: {e}")))?;
    let signing = SigningKey::from_bytes(&secret);
    let public = signing.verifying_key().to_bytes();
    let sealed = seal::seal(MAGIC, passphrase, secret.as_ref(), cost)?;
    let created = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    // Another process may have made one meanwhile: the first key stays, this one is dropped.
    wallet.write(|tx| {
        Ok(tx.execute(
            "INSERT OR IGNORE INTO holder_key (id, public_key, sealed_secret, created_at)
             VALUES (1, ?1, ?2, ?3)",
            rusqlite::params![public.to_vec(), sealed, created],
        )?)
    })?;
    holder(wallet)?.ok_or_else(|| Error::internal("the holder key was not stored"))
}

/// Signs `message` with the holder key, opened with `passphrase` for this signature only.
pub fn sign(wallet: &Wallet, passphrase: &[u8], message: &[u8]) -> Result<[u8; 64]> {
    let sealed: Vec<u8> = wallet
        .conn()
        .query_row(
            "SELECT sealed_secret FROM holder_key WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("the wallet has no holder key yet"))?;
    let secret = seal::open(MAGIC, passphrase, &sealed, "the holder key")?;
    let secret: Zeroizing<[u8; 32]> = Zeroizing::new(
        secret
            .as_slice()
            .try_into()
            .map_err(|_| Error::new(ErrorCode::Storage, "the holder key is stored damaged"))?,
    );
    // `SigningKey` zeroizes itself on drop (ed25519-dalek's `zeroize` feature).
    let signing = SigningKey::from_bytes(&secret);
    Ok(signing.sign(message).to_bytes())
}

/// Checks a signature made by [`sign`] against the holder's public key.
pub fn verify(holder: &Holder, message: &[u8], signature: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(&holder.public_key).is_ok_and(|key| {
        key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature))
            .is_ok()
    })
}
