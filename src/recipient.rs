//! Does this credential name the learner? Matching a stated recipient against the learner's
//! own identities, including salted `sha256$` and `md5$` hashes, entirely on this machine.

use crate::model::Recipient;
use md5::Md5;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// One of the learner's identities: an e-mail address, a URL, a DID or a telephone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Identity {
    /// `email`, `url`, `did` or `telephone`.
    pub kind: String,
    /// The identity as the learner typed it.
    pub value: String,
}

/// Whether a credential was issued to the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecipientStatus {
    /// The recipient matches one of the learner's identities.
    Yours,
    /// The recipient is stated and matches none of the learner's identities.
    SomeoneElse,
    /// The credential names no recipient, or the learner has no identities to compare.
    Unknown,
}

/// Compares a credential's stated recipient with the learner's identities.
pub fn recipient_status(recipient: Option<&Recipient>, identities: &[Identity]) -> RecipientStatus {
    let Some(recipient) = recipient else {
        return RecipientStatus::Unknown;
    };
    if identities.is_empty() || recipient.identity.trim().is_empty() {
        return RecipientStatus::Unknown;
    }
    if identities
        .iter()
        .any(|identity| matches(recipient, identity))
    {
        RecipientStatus::Yours
    } else {
        RecipientStatus::SomeoneElse
    }
}

/// Replaces the `recipient` check of a stored `report` with one computed now from the
/// learner's *current* `identities` (when the report has one), so a report shown or exported never says what was true
/// before identities were added or removed. The verdict does not change: the recipient check
/// never decides it.
pub fn refresh_report(
    report: &mut crate::verify::Report,
    credential: &crate::model::Credential,
    identities: &[Identity],
) {
    use crate::verify::CheckName;
    let options = crate::verify::VerifyOptions {
        identities,
        ..crate::verify::VerifyOptions::offline()
    };
    let mut checks = crate::verify::Checks::default();
    crate::verify::check_recipient(Some(credential), &options, &mut checks);
    let fresh = checks.finish(None, None, String::new());
    let Some(check) = fresh.check(CheckName::Recipient).cloned() else {
        return;
    };
    if let Some(old) = report
        .checks
        .iter_mut()
        .find(|c| c.name == CheckName::Recipient)
    {
        *old = check;
    }
}

/// Whether one identity matches the recipient, comparing hashes when the recipient is hashed.
pub fn matches(recipient: &Recipient, identity: &Identity) -> bool {
    let value = normalise(&identity.kind, &identity.value);
    let stated = recipient.identity.trim();
    if !recipient.hashed && !looks_hashed(stated) {
        return normalise(&recipient.kind, stated) == value
            || stated
                .strip_prefix("mailto:")
                .is_some_and(|s| normalise("email", s) == value);
    }
    let Some((algorithm, digest)) = stated.split_once('$') else {
        return false;
    };
    let salted = format!("{value}{}", recipient.salt.as_deref().unwrap_or_default());
    let computed = match algorithm.to_ascii_lowercase().as_str() {
        "sha256" => hex::encode(Sha256::digest(salted.as_bytes())),
        "md5" => hex::encode(Md5::digest(salted.as_bytes())),
        _ => return false,
    };
    computed.eq_ignore_ascii_case(digest.trim())
}

fn looks_hashed(identity: &str) -> bool {
    let lower = identity.to_ascii_lowercase();
    lower.starts_with("sha256$") || lower.starts_with("md5$")
}

/// E-mail addresses compare case-insensitively; other identities as typed, trimmed.
fn normalise(kind: &str, value: &str) -> String {
    let value = value.trim();
    if kind.eq_ignore_ascii_case("email")
        || kind.eq_ignore_ascii_case("emailAddress")
        || value.contains('@') && !value.contains(':')
    {
        value.to_lowercase()
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipient(identity: &str, hashed: bool, salt: Option<&str>) -> Recipient {
        Recipient {
            kind: "email".into(),
            identity: identity.into(),
            hashed,
            salt: salt.map(Into::into),
            name: None,
        }
    }

    fn email(value: &str) -> Identity {
        Identity {
            kind: "email".into(),
            value: value.into(),
        }
    }

    #[test]
    fn salted_sha256_from_the_ob2_fixtures_matches() {
        // ob20/basic-assertion.json: salt "deadsea", recipient nobody@example.org.
        let r = recipient(
            "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942",
            true,
            Some("deadsea"),
        );
        assert_eq!(
            recipient_status(Some(&r), &[email("Nobody@Example.org")]),
            RecipientStatus::Yours
        );
        assert_eq!(
            recipient_status(Some(&r), &[email("someone@example.org")]),
            RecipientStatus::SomeoneElse
        );
        assert_eq!(recipient_status(Some(&r), &[]), RecipientStatus::Unknown);
    }

    #[test]
    fn md5_and_plain_identities_match() {
        let digest = hex::encode(Md5::digest(b"learner@example.comsalt"));
        let r = recipient(&format!("md5${digest}"), true, Some("salt"));
        assert!(matches(&r, &email("learner@example.com")));
        let plain = recipient("Learner@Example.com", false, None);
        assert!(matches(&plain, &email("learner@example.com")));
        let did = Recipient {
            kind: "did".into(),
            identity: "did:example:123".into(),
            hashed: false,
            salt: None,
            name: None,
        };
        assert!(matches(
            &did,
            &Identity {
                kind: "did".into(),
                value: "did:example:123".into()
            }
        ));
        assert!(!matches(
            &did,
            &Identity {
                kind: "did".into(),
                value: "did:example:124".into()
            }
        ));
    }

    #[test]
    fn no_recipient_is_unknown() {
        assert_eq!(
            recipient_status(None, &[email("a@b.c")]),
            RecipientStatus::Unknown
        );
    }
}
