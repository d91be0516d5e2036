//! The normalised credential: what every imported format is turned into, next to its original.
//!
//! Formats differ wildly (Open Badges 0.5 to 3.0, CLR, VC-JWT, baked images), but the learner
//! sees one shape. [`Credential`] is that shape; [`Original`] holds the bytes it came from,
//! unchanged, with their SHA-256.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The format a credential was found in. The spelling of each variant is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Open Badges 0.5 assertion JSON.
    Ob05Json,
    /// Open Badges 1.x assertion JSON.
    Ob1Json,
    /// Open Badges 2.0 assertion JSON (hosted verification).
    Ob2Json,
    /// Open Badges 2.0 signed assertion (compact JWS).
    Ob2Jws,
    /// Open Badges 0.5–2.0 baked into a PNG.
    Ob2BakedPng,
    /// Open Badges 0.5–2.0 baked into an SVG.
    Ob2BakedSvg,
    /// Open Badges 3.0 credential JSON (with an embedded proof, or none).
    Ob3Json,
    /// Open Badges 3.0 credential as a VC-JWT.
    Ob3Jwt,
    /// Open Badges 3.0 credential baked into a PNG.
    Ob3BakedPng,
    /// Open Badges 3.0 credential baked into an SVG.
    Ob3BakedSvg,
    /// CLR 2.0 credential JSON.
    Clr2Json,
    /// CLR 2.0 credential as a VC-JWT.
    Clr2Jwt,
    /// Another W3C Verifiable Credential as JSON.
    VcJson,
    /// Another W3C Verifiable Credential as a JWT.
    VcJwt,
}

impl Format {
    /// The stable name, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ob05Json => "ob05-json",
            Self::Ob1Json => "ob1-json",
            Self::Ob2Json => "ob2-json",
            Self::Ob2Jws => "ob2-jws",
            Self::Ob2BakedPng => "ob2-baked-png",
            Self::Ob2BakedSvg => "ob2-baked-svg",
            Self::Ob3Json => "ob3-json",
            Self::Ob3Jwt => "ob3-jwt",
            Self::Ob3BakedPng => "ob3-baked-png",
            Self::Ob3BakedSvg => "ob3-baked-svg",
            Self::Clr2Json => "clr2-json",
            Self::Clr2Jwt => "clr2-jwt",
            Self::VcJson => "vc-json",
            Self::VcJwt => "vc-jwt",
        }
    }

    /// Parses a stable name back into a format.
    pub fn parse(name: &str) -> Option<Self> {
        ALL_FORMATS.iter().copied().find(|f| f.as_str() == name)
    }

    /// A short label for people ("Open Badges 2.0", "CLR 2.0", ...).
    pub fn label(self) -> &'static str {
        match self {
            Self::Ob05Json => "Open Badges 0.5",
            Self::Ob1Json => "Open Badges 1.x",
            Self::Ob2Json | Self::Ob2Jws | Self::Ob2BakedPng | Self::Ob2BakedSvg => {
                "Open Badges 2.0"
            }
            Self::Ob3Json | Self::Ob3Jwt | Self::Ob3BakedPng | Self::Ob3BakedSvg => {
                "Open Badges 3.0"
            }
            Self::Clr2Json | Self::Clr2Jwt => "CLR 2.0",
            Self::VcJson | Self::VcJwt => "Verifiable Credential",
        }
    }
}

const ALL_FORMATS: [Format; 14] = [
    Format::Ob05Json,
    Format::Ob1Json,
    Format::Ob2Json,
    Format::Ob2Jws,
    Format::Ob2BakedPng,
    Format::Ob2BakedSvg,
    Format::Ob3Json,
    Format::Ob3Jwt,
    Format::Ob3BakedPng,
    Format::Ob3BakedSvg,
    Format::Clr2Json,
    Format::Clr2Jwt,
    Format::VcJson,
    Format::VcJwt,
];

/// Who issued a credential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Issuer {
    /// The issuer's identifier (URL or DID), when given.
    pub id: Option<String>,
    /// The issuer's display name.
    pub name: Option<String>,
    /// The issuer's home page.
    pub url: Option<String>,
    /// The issuer's image (a URL or `data:` URI).
    pub image: Option<String>,
    /// The issuer's contact e-mail address.
    pub email: Option<String>,
}

/// The identity a credential was issued to, as the credential states it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Recipient {
    /// What kind of identity it is: `email`, `url`, `telephone`, `did`, ...
    pub kind: String,
    /// The identity, or its hash (`sha256$...`, `md5$...`) when `hashed`.
    pub identity: String,
    /// Whether `identity` is a salted or unsalted hash.
    pub hashed: bool,
    /// The salt used for hashing, if any.
    pub salt: Option<String>,
    /// The recipient's name, when the credential states it.
    pub name: Option<String>,
}

/// One alignment of an achievement to a skill, competency or standard in a framework.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Alignment {
    /// Name of the skill or standard.
    pub target_name: String,
    /// URL of the skill or standard.
    pub target_url: Option<String>,
    /// Description of the skill or standard.
    pub target_description: Option<String>,
    /// The framework it belongs to (ESCO, O*NET, ...).
    pub target_framework: Option<String>,
    /// The code of the skill inside its framework.
    pub target_code: Option<String>,
}

/// What the credential is for: the achievement, badge class or course.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Achievement {
    /// The achievement's identifier (URL or URN), when given.
    pub id: Option<String>,
    /// The achievement's name.
    pub name: Option<String>,
    /// The achievement's type (`Badge`, `Certificate`, `Course`, ...).
    pub achievement_type: Option<String>,
    /// The achievement's description.
    pub description: Option<String>,
    /// How the achievement is earned, in words.
    pub criteria_narrative: Option<String>,
    /// A page describing the criteria.
    pub criteria_url: Option<String>,
    /// Skills, competencies or standards the achievement aligns to.
    pub alignments: Vec<Alignment>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// The achievement's image (a URL or `data:` URI).
    pub image: Option<String>,
}

/// A piece of evidence attached to the credential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Evidence {
    /// Where the evidence can be seen.
    pub id: Option<String>,
    /// The evidence's name.
    pub name: Option<String>,
    /// A narrative of what was done.
    pub narrative: Option<String>,
    /// A description of the evidence.
    pub description: Option<String>,
}

/// A result the learner obtained (a grade, a score, a level).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ResultEntry {
    /// What was measured, when named.
    pub name: Option<String>,
    /// The value obtained.
    pub value: Option<String>,
    /// The status (`Completed`, `Passed`, ...), when stated.
    pub status: Option<String>,
}

/// A credential in the one shape every format normalises into.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Credential {
    /// The title shown to the learner (usually the achievement's name).
    pub title: String,
    /// A description of the credential or achievement.
    pub description: Option<String>,
    /// Who issued it.
    pub issuer: Issuer,
    /// Who it was issued to, as stated.
    pub recipient: Option<Recipient>,
    /// When it was issued (RFC 3339).
    pub issued_on: Option<String>,
    /// From when it is valid (RFC 3339).
    pub valid_from: Option<String>,
    /// Until when it is valid (RFC 3339).
    pub valid_until: Option<String>,
    /// What was achieved.
    pub achievement: Achievement,
    /// Evidence attached to the credential.
    pub evidence: Vec<Evidence>,
    /// Results obtained.
    pub results: Vec<ResultEntry>,
    /// The format it was found in.
    pub format: Format,
    /// The credential's own identifier (its `id`), when it has one.
    pub credential_id: Option<String>,
    /// The credential's JSON types (`OpenBadgeCredential`, `Assertion`, ...).
    pub types: Vec<String>,
}

impl Credential {
    /// An empty credential of the given format and title, to be filled in by a parser.
    pub fn new(format: Format, title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: None,
            issuer: Issuer::default(),
            recipient: None,
            issued_on: None,
            valid_from: None,
            valid_until: None,
            achievement: Achievement::default(),
            evidence: Vec::new(),
            results: Vec::new(),
            format,
            credential_id: None,
            types: Vec::new(),
        }
    }
}

/// An image kept for display, as bytes with their media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// `image/png`, `image/svg+xml`, ...
    pub media_type: String,
    /// The image file's bytes.
    pub bytes: Vec<u8>,
}

impl Image {
    /// The image as a `data:` URI, which the app can show without any network access.
    pub fn data_uri(&self) -> String {
        use base64::Engine as _;
        format!(
            "data:{};base64,{}",
            self.media_type,
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }
}

/// The bytes a credential was imported from, exactly as they were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    /// The file name it came from (no directories), for display and export.
    pub file_name: String,
    /// The media type detected from its content.
    pub media_type: String,
    /// The bytes, verbatim.
    pub bytes: Vec<u8>,
    /// Lower-case hex SHA-256 of `bytes`.
    pub sha256: String,
}

impl Original {
    /// Wraps bytes read from `file_name`, computing their SHA-256.
    pub fn new(
        file_name: impl Into<String>,
        media_type: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Self {
        let sha256 = sha256_hex(&bytes);
        Self {
            file_name: file_name.into(),
            media_type: media_type.into(),
            bytes,
            sha256,
        }
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
