//! A deterministic corpus of signed credentials for benchmarks and tests: the same seed and
//! count always give byte-identical files.
//!
//! Five kinds, in turn (file `n` is kind `n % 5`), each signed with keys derived from the seed
//! by one of [`ISSUERS`] `did:key` issuers:
//!
//! - `rdfc`: Open Badges 3.0 (VC 2.0), `DataIntegrityProof` / `eddsa-rdfc-2022`;
//! - `jcs`: Open Badges 3.0 (VC 2.0), `DataIntegrityProof` / `eddsa-jcs-2022`;
//! - `2020`: Open Badges 3.0 (VC 1.1 context), `Ed25519Signature2020`;
//! - `jwt`: Open Badges 3.0 as a VC-JWT (`alg` EdDSA, `kid` the issuer's `did:key` method);
//! - `ob2`: an Open Badges 2.0 *hosted* assertion baked into a PNG by URL. Hosted verification
//!   needs the assertion, BadgeClass and Issuer from their host (`https://example.org/bench/…`),
//!   so [`Corpus::hosted`] holds those documents; the import fetches them (from a local server,
//!   see `examples/corpus.rs serve`) and keeps them as snapshots, from which the wallet then
//!   verifies offline. Signed OB 2.0 assertions are not used: their key is always fetched.
//!
//! Names, descriptions, criteria, skills and alignments (ESCO / O*NET) vary with the seed;
//! the recipient is a salted, hashed e-mail address. Every date lies in the past and no
//! credential expires, so each verifies `valid`.

// Shared by the example, the benches and the tests, each of which uses part of it.
#![allow(dead_code)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cairn::holder::{did_key, multikey};
use cairn::verify::Contexts;
use cairn::verify::di::{Canon, canonicalize};
use ed25519_dalek::{Signer as _, SigningKey};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
#[path = "vocabulary.rs"]
mod vocabulary;
use vocabulary::{ACHIEVEMENT_TYPES, FORMS, ISSUER_NAMES, LEARNERS, LEVELS, SKILLS};

/// How many issuers sign the corpus.
pub const ISSUERS: usize = 6;

/// The origin OB 2.0 hosted documents name.
pub const HOST: &str = "https://example.org";

/// The kinds of credential, in the order files cycle through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// OB 3.0, `eddsa-rdfc-2022`.
    Rdfc,
    /// OB 3.0, `eddsa-jcs-2022`.
    Jcs,
    /// OB 3.0, `Ed25519Signature2020`.
    Sig2020,
    /// OB 3.0 VC-JWT, EdDSA.
    Jwt,
    /// OB 2.0 hosted assertion baked into a PNG.
    Ob2Baked,
}

impl Kind {
    /// Every kind, in file order.
    pub const ALL: [Kind; 5] = [
        Kind::Rdfc,
        Kind::Jcs,
        Kind::Sig2020,
        Kind::Jwt,
        Kind::Ob2Baked,
    ];

    /// A short name, used in file names and benchmark labels.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rdfc => "rdfc",
            Kind::Jcs => "jcs",
            Kind::Sig2020 => "2020",
            Kind::Jwt => "jwt",
            Kind::Ob2Baked => "ob2",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Jwt => "jwt",
            Kind::Ob2Baked => "png",
            _ => "json",
        }
    }
}

/// One generated file.
#[derive(Debug, Clone)]
pub struct File {
    /// Its name, e.g. `00042-jcs.json`.
    pub name: String,
    /// What it holds.
    pub kind: Kind,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The credential as Cairn stores it (JSON text, the compact JWT, or for `ob2` the hosted
    /// assertion JSON).
    pub document: String,
}

/// A document served by the OB 2.0 host.
#[derive(Debug, Clone)]
pub struct Hosted {
    /// Its URL (under [`HOST`]).
    pub url: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its media type.
    pub media_type: &'static str,
}

impl Hosted {
    /// The URL's path, e.g. `/bench/issuers/3.json`.
    pub fn path(&self) -> &str {
        &self.url[HOST.len()..]
    }
}

/// A generated corpus.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The credential files.
    pub files: Vec<File>,
    /// What the OB 2.0 host serves.
    pub hosted: Vec<Hosted>,
}

impl Corpus {
    /// Writes the files into `dir` and the hosted documents below `dir/.hosted/` (a hidden
    /// folder, which `cairn import DIR` skips).
    pub fn write(&self, dir: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for file in &self.files {
            std::fs::write(dir.join(&file.name), &file.bytes)?;
        }
        for doc in &self.hosted {
            let path = dir.join(".hosted").join(doc.path().trim_start_matches('/'));
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, &doc.bytes)?;
        }
        Ok(())
    }
}

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn hex(&mut self, bytes: usize) -> String {
        (0..bytes)
            .map(|_| format!("{:02x}", self.next() as u8))
            .collect()
    }

    fn uuid(&mut self) -> String {
        let h = self.hex(16);
        format!(
            "{}-{}-4{}-8{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }
}

struct Issuer {
    name: &'static str,
    url: &'static str,
    description: &'static str,
    key: SigningKey,
    did: String,
    method: String,
}

fn issuers(seed: u64) -> Vec<Issuer> {
    ISSUER_NAMES
        .iter()
        .enumerate()
        .map(|(n, (name, url, description))| {
            let secret: [u8; 32] = Sha256::digest(format!("cairn corpus {seed} issuer {n}")).into();
            let key = SigningKey::from_bytes(&secret);
            let public = key.verifying_key().to_bytes();
            let did = did_key(&public);
            let method = format!("{did}#{}", multikey(&public));
            Issuer {
                name,
                url,
                description,
                key,
                did,
                method,
            }
        })
        .collect()
}

/// What one credential says, before it takes the shape of its kind.
struct Claim {
    id: String,
    title: String,
    description: String,
    criteria: String,
    achievement_id: String,
    achievement_type: &'static str,
    skills: Vec<(&'static str, &'static str, &'static str, &'static str)>,
    issued: String,
    issued_unix: i64,
    valid_until: Option<String>,
    salt: String,
    identity_hash: String,
}

fn claim(rng: &mut Rng, issuer: &Issuer, n: usize) -> Claim {
    let main = *rng.pick(SKILLS);
    let skill = main.0;
    let level = rng.pick(LEVELS);
    let form = rng.pick(FORMS);
    let title = format!("{level} {} {form}", capitalise(skill));
    let mut skills = vec![main];
    let second = *rng.pick(SKILLS);
    if second.0 != skill {
        skills.push(second);
    }
    let hours = 8 + rng.below(120);
    let description = format!(
        "Awarded by {} for {} hours of {} study in {skill}, covering {} and {}.",
        issuer.name,
        hours,
        level.to_lowercase(),
        skills[skills.len() - 1].0,
        rng.pick(SKILLS).0
    );
    let criteria = format!(
        "The learner completed a {}-hour programme, passed a proctored assessment ({}% or more) and submitted a portfolio project demonstrating {skill}.",
        hours,
        60 + rng.below(31)
    );
    // 2019-01-01 .. about 2025-10: in the past, whatever the clock says.
    let issued_unix = 1_546_300_800 + (rng.next() % 215_000_000) as i64;
    let issued = stamp(issued_unix);
    let valid_until = (rng.below(4) == 0).then(|| stamp(2_000_000_000 + issued_unix % 100_000_000));
    let learner = format!("{}@example.net", rng.pick(LEARNERS));
    let salt = rng.hex(8);
    let identity_hash = format!(
        "sha256${}",
        hex::encode(Sha256::digest(format!("{learner}{salt}")))
    );
    let slug: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Claim {
        id: format!("urn:uuid:{}", rng.uuid()),
        achievement_id: format!("{}/achievements/{slug}-{}", issuer.url, n % 97),
        achievement_type: ACHIEVEMENT_TYPES[rng.below(ACHIEVEMENT_TYPES.len())],
        title,
        description,
        criteria,
        skills,
        issued,
        issued_unix,
        valid_until,
        salt,
        identity_hash,
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn stamp(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The OB 3.0 credential (without proof), with VC 2.0 or VC 1.1 contexts.
fn ob3(c: &Claim, issuer: &Issuer, vc2: bool, extra_context: Option<&str>) -> Map<String, Value> {
    let mut context = if vc2 {
        vec![
            json!("https://www.w3.org/ns/credentials/v2"),
            json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
        ]
    } else {
        vec![
            json!("https://www.w3.org/2018/credentials/v1"),
            json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
        ]
    };
    if let Some(extra) = extra_context {
        context.push(json!(extra));
    }
    let alignments: Vec<Value> = c
        .skills
        .iter()
        .map(|(name, framework, code, url)| {
            json!({
                "type": ["Alignment"],
                "targetName": name,
                "targetUrl": url,
                "targetFramework": framework,
                "targetCode": code,
            })
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("@context".into(), Value::Array(context));
    doc.insert("id".into(), json!(c.id));
    doc.insert(
        "type".into(),
        json!(["VerifiableCredential", "OpenBadgeCredential"]),
    );
    doc.insert(
        "issuer".into(),
        json!({
            "id": issuer.did,
            "type": ["Profile"],
            "name": issuer.name,
            "url": issuer.url,
            "description": issuer.description,
        }),
    );
    if vc2 {
        doc.insert("validFrom".into(), json!(c.issued));
        if let Some(until) = &c.valid_until {
            doc.insert("validUntil".into(), json!(until));
        }
    } else {
        doc.insert("issuanceDate".into(), json!(c.issued));
        if let Some(until) = &c.valid_until {
            doc.insert("expirationDate".into(), json!(until));
        }
    }
    doc.insert("name".into(), json!(c.title));
    doc.insert(
        "credentialSubject".into(),
        json!({
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": c.identity_hash,
                "identityType": "emailAddress",
                "hashed": true,
                "salt": c.salt,
            }],
            "achievement": {
                "id": c.achievement_id,
                "type": ["Achievement"],
                "achievementType": c.achievement_type,
                "name": c.title,
                "description": c.description,
                "criteria": {"narrative": c.criteria},
                "alignment": alignments,
                "tag": c.skills.iter().map(|s| s.0).collect::<Vec<_>>(),
            }
        }),
    );
    doc
}

/// Signs `doc` with a Data Integrity proof of `proof_type` / `cryptosuite`.
fn sign_di(
    mut doc: Map<String, Value>,
    issuer: &Issuer,
    c: &Claim,
    proof_type: &str,
    cryptosuite: Option<&str>,
    canon: Canon,
) -> String {
    let contexts = Contexts::embedded();
    let mut proof = Map::new();
    proof.insert("type".into(), json!(proof_type));
    if let Some(suite) = cryptosuite {
        proof.insert("cryptosuite".into(), json!(suite));
    }
    proof.insert("created".into(), json!(c.issued));
    proof.insert("verificationMethod".into(), json!(issuer.method));
    proof.insert("proofPurpose".into(), json!("assertionMethod"));
    if canon == Canon::Jcs {
        // eddsa-jcs-2022 signs the proof with the document's context, and keeps it there.
        proof.insert("@context".into(), doc["@context"].clone());
    }
    let mut config = proof.clone();
    config.insert("@context".into(), doc["@context"].clone());
    let canonical_config =
        canonicalize(&Value::Object(config), canon, contexts).expect("canonical proof options");
    let canonical_doc =
        canonicalize(&Value::Object(doc.clone()), canon, contexts).expect("canonical document");
    let message = [
        Sha256::digest(canonical_config.as_bytes()).as_slice(),
        Sha256::digest(canonical_doc.as_bytes()).as_slice(),
    ]
    .concat();
    let signature = issuer.key.sign(&message).to_bytes();
    proof.insert(
        "proofValue".into(),
        json!(format!("z{}", bs58::encode(signature).into_string())),
    );
    doc.insert("proof".into(), Value::Object(proof));
    serde_json::to_string_pretty(&Value::Object(doc)).expect("JSON")
}

fn jwt(doc: Map<String, Value>, issuer: &Issuer, c: &Claim) -> String {
    let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": issuer.method});
    let mut payload = json!({
        "iss": issuer.did,
        "jti": c.id,
        "nbf": c.issued_unix,
        "iat": c.issued_unix,
        "vc": Value::Object(doc),
    });
    if let Some(until) = &c.valid_until
        && let Ok(at) = chrono::DateTime::parse_from_rfc3339(until)
    {
        payload["exp"] = json!(at.timestamp());
    }
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let signature = issuer.key.sign(input.as_bytes()).to_bytes();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// A small solid-colour PNG, the base image of an OB 2.0 badge.
fn badge_png(rgb: [u8; 3]) -> Vec<u8> {
    const SIDE: u32 = 64;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, SIDE, SIDE);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("PNG header");
    let pixels: Vec<u8> = (0..SIDE * SIDE)
        .flat_map(|i| {
            // A lighter ring, so the images are not flat.
            let (x, y) = ((i % SIDE) as i32 - 32, (i / SIDE) as i32 - 32);
            let ring = (x * x + y * y - 500).abs() < 120;
            if ring {
                [rgb[0] / 2 + 128, rgb[1] / 2 + 128, rgb[2] / 2 + 128]
            } else {
                rgb
            }
        })
        .collect();
    writer.write_image_data(&pixels).expect("PNG data");
    writer.finish().expect("PNG end");
    out
}

/// The OB 2.0 documents of one credential: the baked PNG (naming the assertion by URL) and
/// the assertion; BadgeClasses and Issuers are added to `hosted` once each.
fn ob2(
    c: &Claim,
    issuer_index: usize,
    issuer: &Issuer,
    n: usize,
    hosted: &mut Vec<Hosted>,
) -> (Vec<u8>, String) {
    let issuer_url = format!("{HOST}/bench/issuers/{issuer_index}.json");
    let badge_key = c
        .achievement_id
        .rsplit('/')
        .next()
        .unwrap_or("badge")
        .to_owned();
    let badge_url = format!("{HOST}/bench/badges/{issuer_index}-{badge_key}.json");
    let assertion_url = format!("{HOST}/bench/assertions/{n}.json");
    let json_doc = |v: Value| serde_json::to_vec_pretty(&v).expect("JSON");
    if !hosted.iter().any(|h| h.url == issuer_url) {
        hosted.push(Hosted {
            url: issuer_url.clone(),
            media_type: "application/json",
            bytes: json_doc(json!({
                "@context": "https://w3id.org/openbadges/v2",
                "type": "Issuer",
                "id": issuer_url,
                "name": issuer.name,
                "url": HOST,
                "description": issuer.description,
                "email": format!("badges@{}", issuer.url.trim_start_matches("https://")),
            })),
        });
    }
    if !hosted.iter().any(|h| h.url == badge_url) {
        hosted.push(Hosted {
            url: badge_url.clone(),
            media_type: "application/json",
            bytes: json_doc(json!({
                "@context": "https://w3id.org/openbadges/v2",
                "type": "BadgeClass",
                "id": badge_url,
                "name": c.title,
                "description": c.description,
                "image": format!("{HOST}/bench/images/{issuer_index}.png"),
                "criteria": {"narrative": c.criteria},
                "issuer": issuer_url,
                "alignment": c.skills.iter().map(|(name, framework, code, url)| json!({
                    "targetName": name,
                    "targetUrl": url,
                    "targetFramework": framework,
                    "targetCode": code,
                })).collect::<Vec<_>>(),
                "tags": c.skills.iter().map(|s| s.0).collect::<Vec<_>>(),
            })),
        });
    }
    let mut assertion = json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": assertion_url,
        "recipient": {
            "type": "email",
            "hashed": true,
            "salt": c.salt,
            "identity": c.identity_hash,
        },
        "badge": badge_url,
        "verification": {"type": "HostedBadge"},
        "issuedOn": c.issued,
    });
    if let Some(until) = &c.valid_until {
        assertion["expires"] = json!(until);
    }
    let document = String::from_utf8(json_doc(assertion)).expect("UTF-8");
    hosted.push(Hosted {
        url: assertion_url.clone(),
        media_type: "application/json",
        bytes: document.clone().into_bytes(),
    });
    let palette = [
        [0x1f, 0x6f, 0x8b],
        [0x8b, 0x3a, 0x3a],
        [0x2e, 0x7d, 0x32],
        [0x6a, 0x1b, 0x9a],
        [0xc6, 0x6a, 0x00],
        [0x37, 0x47, 0x4f],
    ];
    let base = badge_png(palette[issuer_index % palette.len()]);
    let png = cairn::bake::bake_png(&assertion_url, false, Some(&base)).expect("bake");
    (png, document)
}

/// Generates `count` credentials from `seed`.
pub fn generate(seed: u64, count: usize) -> Corpus {
    let issuers = issuers(seed);
    let mut hosted = Vec::new();
    let mut files = Vec::with_capacity(count);
    for n in 0..count {
        let mut rng = Rng(seed ^ (n as u64).wrapping_mul(0xa076_1d64_78bd_642f));
        let kind = Kind::ALL[n % Kind::ALL.len()];
        let issuer_index = rng.below(issuers.len());
        let issuer = &issuers[issuer_index];
        let c = claim(&mut rng, issuer, n);
        let (bytes, document) = match kind {
            Kind::Rdfc => {
                let text = sign_di(
                    ob3(&c, issuer, true, None),
                    issuer,
                    &c,
                    "DataIntegrityProof",
                    Some("eddsa-rdfc-2022"),
                    Canon::Rdfc,
                );
                (text.clone().into_bytes(), text)
            }
            Kind::Jcs => {
                let text = sign_di(
                    ob3(&c, issuer, true, None),
                    issuer,
                    &c,
                    "DataIntegrityProof",
                    Some("eddsa-jcs-2022"),
                    Canon::Jcs,
                );
                (text.clone().into_bytes(), text)
            }
            Kind::Sig2020 => {
                let text = sign_di(
                    ob3(
                        &c,
                        issuer,
                        false,
                        Some("https://w3id.org/security/suites/ed25519-2020/v1"),
                    ),
                    issuer,
                    &c,
                    "Ed25519Signature2020",
                    None,
                    Canon::Rdfc,
                );
                (text.clone().into_bytes(), text)
            }
            Kind::Jwt => {
                let text = jwt(ob3(&c, issuer, false, None), issuer, &c);
                (text.clone().into_bytes(), text)
            }
            Kind::Ob2Baked => ob2(&c, issuer_index, issuer, n, &mut hosted),
        };
        files.push(File {
            name: format!("{n:05}-{}.{}", kind.name(), kind.extension()),
            kind,
            bytes,
            document,
        });
    }
    Corpus { files, hosted }
}
