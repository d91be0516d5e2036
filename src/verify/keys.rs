//! Public keys and where they come from: `did:key`, `did:jwk`, `did:web`, HTTPS verification
//! methods, `<controller>#<publicKeyMultibase>` fragments, JWKs and PEM.
//!
//! Resolution says who controls the key, so the caller can tell whether the key is bound to
//! the issuer separately from whether the signature is valid.

use super::fetch::{Fetch, describe_age, json_of};
use base64::Engine as _;
use serde_json::Value;

/// A public key Cairn can verify signatures with.
#[derive(Debug, Clone)]
pub enum PublicKey {
    /// Ed25519 (EdDSA).
    Ed25519(ed25519_dalek::VerifyingKey),
    /// ECDSA on P-256 (ES256).
    P256(p256::ecdsa::VerifyingKey),
    /// RSA (RS256).
    Rsa(rsa::RsaPublicKey),
}

/// The signature algorithms Cairn verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// Ed25519 over the message (`verify_strict`).
    EdDsa,
    /// ECDSA P-256 with SHA-256, signature as `r ‖ s`.
    Es256,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
}

impl PublicKey {
    /// Whether `signature` is a valid signature of `message` with this key and `alg`. A key
    /// of another type than the algorithm needs never verifies.
    pub fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        use p256::ecdsa::signature::Verifier as _;
        match (self, alg) {
            (Self::Ed25519(key), Algorithm::EdDsa) => {
                match ed25519_dalek::Signature::from_slice(signature) {
                    Ok(sig) => key.verify_strict(message, &sig).is_ok(),
                    Err(_) => false,
                }
            }
            (Self::P256(key), Algorithm::Es256) => {
                match p256::ecdsa::Signature::from_slice(signature) {
                    Ok(sig) => key.verify(message, &sig).is_ok(),
                    Err(_) => false,
                }
            }
            (Self::Rsa(key), Algorithm::Rs256) => {
                let key = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key.clone());
                match rsa::pkcs1v15::Signature::try_from(signature) {
                    Ok(sig) => key.verify(message, &sig).is_ok(),
                    Err(_) => false,
                }
            }
            _ => false,
        }
    }

    /// A short name of the key type, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Ed25519(_) => "Ed25519",
            Self::P256(_) => "P-256",
            Self::Rsa(_) => "RSA",
        }
    }
}

/// How a key was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// Decoded from a `did:key` identifier.
    DidKey,
    /// Decoded from a `did:jwk` identifier.
    DidJwk,
    /// From a `did:web` DID document.
    DidWeb,
    /// Decoded from the `#z6Mk…` fragment of an HTTPS verification method.
    FragmentMultibase,
    /// From a document fetched over HTTPS.
    Http,
    /// Embedded in the credential (a JWS `jwk` header).
    Embedded,
}

/// A key with who controls it.
#[derive(Debug, Clone)]
pub struct ResolvedKey {
    /// The key.
    pub key: PublicKey,
    /// The key's controller (a DID or URL), when known.
    pub controller: Option<String>,
    /// How it was found.
    pub source: KeySource,
    /// Something worth saying about how it was found (a stored copy's age, say).
    pub note: Option<String>,
    /// The verification relationships (`assertionMethod`, `authentication`, …) under which
    /// the controller's document lists the method, when a document was read (or, for
    /// `did:key` and `did:jwk`, implied); `None` when no document was read.
    pub relationships: Option<Vec<String>>,
}

/// Every verification relationship a DID document may list a method under.
pub const RELATIONSHIPS: [&str; 5] = [
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
];

/// The relationships implied by a `did:key` or `did:jwk` document: all of them.
fn implied_relationships() -> Option<Vec<String>> {
    Some(RELATIONSHIPS.iter().map(|r| (*r).to_owned()).collect())
}

/// Why a key could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// It needs the network and verification is offline (or the fetch failed to connect).
    Unavailable(String),
    /// It was found but is unusable, or the document does not contain it.
    Invalid(String),
}

impl KeyError {
    /// The message.
    pub fn message(&self) -> &str {
        match self {
            Self::Unavailable(m) | Self::Invalid(m) => m,
        }
    }
}

/// Decodes a base58btc multibase string (`z…`).
pub fn multibase_decode(text: &str) -> Option<Vec<u8>> {
    let rest = text.strip_prefix('z')?;
    bs58::decode(rest).into_vec().ok()
}

/// A key from multicodec-prefixed bytes: `0xed01` Ed25519, `0x8024` P-256 (compressed).
pub fn multikey(bytes: &[u8]) -> Option<PublicKey> {
    match bytes {
        [0xed, 0x01, rest @ ..] => {
            let raw: [u8; 32] = rest.try_into().ok()?;
            ed25519_dalek::VerifyingKey::from_bytes(&raw)
                .ok()
                .map(PublicKey::Ed25519)
        }
        [0x80, 0x24, rest @ ..] => p256::ecdsa::VerifyingKey::from_sec1_bytes(rest)
            .ok()
            .map(PublicKey::P256),
        _ => None,
    }
}

/// A key from a `publicKeyMultibase` value.
pub fn from_multibase(text: &str) -> Option<PublicKey> {
    multikey(&multibase_decode(text)?)
}

fn b64url(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .ok()
}

/// A key from a JSON Web Key (OKP/Ed25519, EC/P-256, RSA). Private parts are ignored.
pub fn from_jwk(jwk: &Value) -> Result<PublicKey, String> {
    let field = |name: &str| {
        jwk.get(name)
            .and_then(Value::as_str)
            .and_then(b64url)
            .ok_or_else(|| format!("the JWK has no valid \"{name}\""))
    };
    match jwk.get("kty").and_then(Value::as_str) {
        Some("OKP") if jwk.get("crv").and_then(Value::as_str) == Some("Ed25519") => {
            let x: [u8; 32] = field("x")?
                .try_into()
                .map_err(|_| "the Ed25519 JWK's \"x\" is not 32 bytes".to_owned())?;
            ed25519_dalek::VerifyingKey::from_bytes(&x)
                .map(PublicKey::Ed25519)
                .map_err(|e| format!("the Ed25519 JWK is not a valid point ({e})"))
        }
        Some("EC") if jwk.get("crv").and_then(Value::as_str) == Some("P-256") => {
            let (x, y) = (field("x")?, field("y")?);
            if x.len() != 32 || y.len() != 32 {
                return Err("the P-256 JWK's coordinates are not 32 bytes".into());
            }
            let mut sec1 = vec![0x04];
            sec1.extend_from_slice(&x);
            sec1.extend_from_slice(&y);
            p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1)
                .map(PublicKey::P256)
                .map_err(|e| format!("the P-256 JWK is not a valid point ({e})"))
        }
        Some("RSA") => {
            let n = rsa::BigUint::from_bytes_be(&field("n")?);
            let e = rsa::BigUint::from_bytes_be(&field("e")?);
            rsa::RsaPublicKey::new(n, e)
                .map_err(|e| format!("the RSA JWK is not usable ({e})"))
                .and_then(strong_rsa)
        }
        other => Err(format!(
            "unsupported JWK key type {}",
            other.unwrap_or("(none)")
        )),
    }
}

/// The smallest RSA modulus accepted, in bits (NIST SP 800-131A: 1024-bit keys are disallowed).
pub const MIN_RSA_BITS: usize = 2048;

/// An RSA key, refused when its modulus is under [`MIN_RSA_BITS`] or its public exponent is
/// under 65537 (small exponents such as 3 invite signature forgeries against lax padding
/// checks and are outside what issuers use).
fn strong_rsa(key: rsa::RsaPublicKey) -> Result<PublicKey, String> {
    use rsa::traits::PublicKeyParts as _;
    let bits = key.n().bits();
    if bits < MIN_RSA_BITS {
        return Err(format!(
            "the RSA key has a {bits}-bit modulus; keys under {MIN_RSA_BITS} bits are refused"
        ));
    }
    if key.e() < &rsa::BigUint::from(65_537u32) {
        return Err(format!(
            "the RSA key's public exponent {} is under 65537 and is refused",
            key.e()
        ));
    }
    Ok(PublicKey::Rsa(key))
}

/// A key from PEM text (SubjectPublicKeyInfo RSA or P-256, or PKCS#1 RSA).
pub fn from_pem(pem: &str) -> Result<PublicKey, String> {
    use rsa::pkcs1::DecodeRsaPublicKey as _;
    use rsa::pkcs8::DecodePublicKey as _;
    if let Ok(key) = rsa::RsaPublicKey::from_public_key_pem(pem.trim()) {
        return strong_rsa(key);
    }
    if let Ok(key) = rsa::RsaPublicKey::from_pkcs1_pem(pem.trim()) {
        return strong_rsa(key);
    }
    if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_pem(pem.trim()) {
        return Ok(PublicKey::P256(key));
    }
    Err("the PEM public key is neither an RSA nor a P-256 key".into())
}

/// A key from a verification method object (Multikey, Ed25519VerificationKey2020/2018,
/// JsonWebKey2020 or any object with `publicKeyJwk`).
pub fn from_method(method: &Value) -> Result<PublicKey, String> {
    if let Some(mb) = method.get("publicKeyMultibase").and_then(Value::as_str) {
        return from_multibase(mb)
            .or_else(|| {
                // Ed25519VerificationKey2018-style raw keys sometimes appear multibase-encoded.
                let raw: [u8; 32] = multibase_decode(mb)?.try_into().ok()?;
                ed25519_dalek::VerifyingKey::from_bytes(&raw)
                    .ok()
                    .map(PublicKey::Ed25519)
            })
            .ok_or_else(|| format!("publicKeyMultibase {mb} is not a supported key"));
    }
    if let Some(jwk) = method.get("publicKeyJwk") {
        return from_jwk(jwk);
    }
    if let Some(b58) = method.get("publicKeyBase58").and_then(Value::as_str) {
        let raw: [u8; 32] = bs58::decode(b58)
            .into_vec()
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or_else(|| "publicKeyBase58 is not a 32-byte Ed25519 key".to_owned())?;
        return ed25519_dalek::VerifyingKey::from_bytes(&raw)
            .map(PublicKey::Ed25519)
            .map_err(|e| format!("publicKeyBase58 is not a valid Ed25519 key ({e})"));
    }
    if let Some(pem) = method.get("publicKeyPem").and_then(Value::as_str) {
        return from_pem(pem);
    }
    Err("the verification method has no public key this verifier understands".into())
}

/// The `https://` URL of a `did:web` DID's document.
pub fn did_web_url(did: &str) -> Option<String> {
    let rest = did.strip_prefix("did:web:")?;
    let mut parts = rest.split(':');
    let host = parts.next()?.replace("%3A", ":").replace("%3a", ":");
    if host.is_empty() {
        return None;
    }
    let path: Vec<&str> = parts.collect();
    Some(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}

/// Fetches a JSON document, telling "could not get it" from "got something unusable".
pub fn fetch_json(
    url: &str,
    fetch: Option<&dyn Fetch>,
    what: &str,
) -> Result<(Value, Option<String>), KeyError> {
    let Some(fetch) = fetch else {
        return Err(KeyError::Unavailable(format!(
            "offline: the {what} at {url} is needed and was not fetched"
        )));
    };
    let fetched = fetch
        .fetch(url)
        .map_err(|e| KeyError::Unavailable(format!("could not fetch the {what}: {e}")))?;
    if !fetched.is_success() {
        return Err(KeyError::Invalid(format!(
            "the {what} at {url} answered HTTP {}",
            fetched.status
        )));
    }
    let note = fetch.age(url).map(|age| {
        format!(
            "using a stored copy of {url} from {} ago",
            describe_age(age)
        )
    });
    json_of(&fetched)
        .map(|v| (v, note))
        .map_err(|e| KeyError::Invalid(e.message))
}

/// Finds the method with id `vm` in a DID or controller document.
fn find_method<'a>(doc: &'a Value, vm: &str, base: &str) -> Option<&'a Value> {
    if doc.get("id").and_then(Value::as_str) == Some(vm) && !is_controller_doc(doc) {
        return Some(doc);
    }
    let fragment = vm.split_once('#').map(|(_, f)| f);
    for rel in [
        "verificationMethod",
        "assertionMethod",
        "authentication",
        "publicKey",
    ] {
        let Some(items) = doc.get(rel) else { continue };
        let items: Vec<&Value> = match items {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for item in items {
            let id = item.get("id").and_then(Value::as_str).unwrap_or("");
            let matches = id == vm
                || fragment.is_some_and(|f| id == format!("#{f}") || id == format!("{base}#{f}"));
            if matches && item.is_object() {
                return Some(item);
            }
        }
    }
    None
}

/// Whether a relationship entry (a method id, relative or absolute, or an embedded method)
/// names `vm`.
fn names_method(item: &Value, vm: &str, base: &str) -> bool {
    let id = item
        .as_str()
        .or_else(|| item.get("id").and_then(Value::as_str))
        .unwrap_or("");
    let fragment = vm.split_once('#').map(|(_, f)| f);
    id == vm || fragment.is_some_and(|f| id == format!("#{f}") || id == format!("{base}#{f}"))
}

/// The verification relationships under which `doc` lists the method `vm`.
fn relationships_of(doc: &Value, vm: &str, base: &str) -> Vec<String> {
    RELATIONSHIPS
        .iter()
        .filter(|rel| {
            let items: Vec<&Value> = match doc.get(**rel) {
                Some(Value::Array(a)) => a.iter().collect(),
                Some(other) => vec![other],
                None => Vec::new(),
            };
            items.iter().any(|item| names_method(item, vm, base))
        })
        .map(|rel| (*rel).to_owned())
        .collect()
}

fn is_controller_doc(doc: &Value) -> bool {
    ["verificationMethod", "assertionMethod", "authentication"]
        .iter()
        .any(|k| doc.get(k).is_some())
}

/// Resolves a verification method URL to a key and its controller.
pub fn resolve(vm: &str, fetch: Option<&dyn Fetch>) -> Result<ResolvedKey, KeyError> {
    let (base, fragment) = match vm.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (vm, None),
    };
    if let Some(id) = base.strip_prefix("did:key:") {
        let key = from_multibase(id).ok_or_else(|| {
            KeyError::Invalid(format!("{base} is not a did:key this verifier understands"))
        })?;
        if fragment.is_some_and(|f| f != id) {
            return Err(KeyError::Invalid(format!(
                "{vm}: the fragment does not name the did:key's own key"
            )));
        }
        return Ok(ResolvedKey {
            key,
            controller: Some(base.to_owned()),
            source: KeySource::DidKey,
            note: None,
            relationships: implied_relationships(),
        });
    }
    if let Some(id) = base.strip_prefix("did:jwk:") {
        let jwk: Value = b64url(id)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| KeyError::Invalid(format!("{base} does not encode a JWK")))?;
        let key = from_jwk(&jwk).map_err(KeyError::Invalid)?;
        return Ok(ResolvedKey {
            key,
            controller: Some(base.to_owned()),
            source: KeySource::DidJwk,
            note: None,
            relationships: implied_relationships(),
        });
    }
    if base.starts_with("did:web:") {
        let url = did_web_url(base)
            .ok_or_else(|| KeyError::Invalid(format!("{base} is not a valid did:web")))?;
        let (doc, note) = match fetch_json(&url, fetch, "DID document") {
            Ok(found) => found,
            Err(err) => {
                // 1EdTech convention: a `#z6Mk…` fragment carries the key itself.
                return match fragment.and_then(from_multibase) {
                    Some(key) => Ok(ResolvedKey {
                        key,
                        controller: Some(base.to_owned()),
                        source: KeySource::FragmentMultibase,
                        note: Some(format!(
                            "the DID document was not available ({}); the key was decoded from \
                             the verification method's fragment",
                            err.message()
                        )),
                        relationships: None,
                    }),
                    None => Err(err),
                };
            }
        };
        if doc.get("id").and_then(Value::as_str) != Some(base) {
            return Err(KeyError::Invalid(format!(
                "the DID document at {url} is not the document of {base}"
            )));
        }
        let method = find_method(&doc, vm, base).ok_or_else(|| {
            KeyError::Invalid(format!("the DID document of {base} does not list {vm}"))
        })?;
        let key = from_method(method).map_err(KeyError::Invalid)?;
        return Ok(ResolvedKey {
            key,
            controller: Some(base.to_owned()),
            source: KeySource::DidWeb,
            note,
            relationships: Some(relationships_of(&doc, vm, base)),
        });
    }
    if base.starts_with("did:") {
        return Err(KeyError::Invalid(format!(
            "the DID method of {base} is not supported (did:key, did:jwk and did:web are)"
        )));
    }
    // `z6Mk…` is an Ed25519 multikey, `zDna…` a P-256 one.
    if let Some(f) = fragment.filter(|f| f.starts_with("z6Mk") || f.starts_with("zDna"))
        && let Some(key) = from_multibase(f)
    {
        return Ok(ResolvedKey {
            key,
            controller: Some(base.to_owned()),
            source: KeySource::FragmentMultibase,
            note: Some(format!(
                "the key was decoded from the verification method's fragment instead of \
                     being looked up at {base}"
            )),
            relationships: None,
        });
    }
    if base.starts_with("https://") || base.starts_with("http://") {
        let (doc, note) = fetch_json(base, fetch, "verification method")?;
        let method = find_method(&doc, vm, base).ok_or_else(|| {
            KeyError::Invalid(format!("the document at {base} does not hold {vm}"))
        })?;
        let key = from_method(method).map_err(KeyError::Invalid)?;
        let controller = method
            .get("controller")
            .or_else(|| method.get("owner"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                is_controller_doc(&doc)
                    .then(|| doc.get("id").and_then(Value::as_str).map(str::to_owned))
                    .flatten()
            });
        return Ok(ResolvedKey {
            key,
            controller,
            source: KeySource::Http,
            note,
            relationships: is_controller_doc(&doc).then(|| relationships_of(&doc, vm, base)),
        });
    }
    Err(KeyError::Invalid(format!(
        "the verification method {vm} is neither a DID nor an HTTPS URL"
    )))
}
