//! What a verification says: ordered checks with stable names, and the verdict they add up to.

use crate::model::Format;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The stable name of a check. Checks always appear in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    /// The document is a credential format Cairn can verify.
    Format,
    /// The proof or signature is valid for the document as carried.
    Signature,
    /// The signing key is found and belongs to the issuer.
    IssuerKey,
    /// The credential is within its validity period.
    Validity,
    /// The issuer has not revoked or suspended it.
    Status,
    /// It was issued to one of the learner's identities.
    Recipient,
}

impl CheckName {
    /// The stable name, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::Signature => "signature",
            Self::IssuerKey => "issuer_key",
            Self::Validity => "validity",
            Self::Status => "status",
            Self::Recipient => "recipient",
        }
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// The check passed.
    Pass,
    /// The check failed: the credential is not valid.
    Fail,
    /// The check passed with a finding worth knowing.
    Warn,
    /// The check could not run (or does not apply); the message says why.
    Skip,
}

impl CheckStatus {
    /// The stable name, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Warn => "warn",
            Self::Skip => "skip",
        }
    }
}

/// What the checks add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No check failed and nothing needed was skipped.
    Valid,
    /// Some check failed.
    Invalid,
    /// Nothing failed, but something needed could not be checked (offline, say).
    Indeterminate,
}

impl Verdict {
    /// The stable name, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::Indeterminate => "indeterminate",
        }
    }

    /// Parses a stable name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Valid, Self::Invalid, Self::Indeterminate]
            .into_iter()
            .find(|v| v.as_str() == name)
    }
}

/// Why a credential is not plainly valid: a stable name the CLI's `--json`, the app and every
/// export read, so "expired" is never shown like "forged".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The signature does not match the document: it was changed after signing.
    Tampered,
    /// The proof was made by a key the credential's issuer (or presentation's holder) does not
    /// control.
    WrongIssuerKey,
    /// The issuer revoked it.
    Revoked,
    /// The issuer suspended it.
    Suspended,
    /// Its validity period has ended.
    Expired,
    /// Its validity period has not begun.
    NotYetValid,
    /// It uses a JSON-LD context Cairn does not have, so its signature could not be checked.
    UnknownContext,
    /// It uses a format, proof suite or algorithm Cairn cannot check.
    Unsupported,
    /// A check needs the network and the network was not allowed or not reachable.
    Offline,
    /// The document is broken or is not a credential.
    Malformed,
}

impl Reason {
    /// Every reason, in a fixed order.
    pub const ALL: [Reason; 10] = [
        Self::Tampered,
        Self::WrongIssuerKey,
        Self::Revoked,
        Self::Suspended,
        Self::Expired,
        Self::NotYetValid,
        Self::UnknownContext,
        Self::Unsupported,
        Self::Offline,
        Self::Malformed,
    ];

    /// The stable name, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tampered => "tampered",
            Self::WrongIssuerKey => "wrong_issuer_key",
            Self::Revoked => "revoked",
            Self::Suspended => "suspended",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::UnknownContext => "unknown_context",
            Self::Unsupported => "unsupported",
            Self::Offline => "offline",
            Self::Malformed => "malformed",
        }
    }

    /// Parses a stable name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// How grave a failure with this reason is, 0 the gravest: when several checks fail, the
    /// gravest names the verdict.
    pub fn gravity(self) -> u8 {
        match self {
            Self::Malformed => 0,
            Self::Tampered => 1,
            Self::WrongIssuerKey => 2,
            Self::Revoked => 3,
            Self::Suspended => 4,
            Self::NotYetValid => 5,
            Self::Expired => 6,
            Self::UnknownContext => 7,
            Self::Unsupported => 8,
            Self::Offline => 9,
        }
    }

    /// Whether a credential with this reason must be left out of what the learner shares
    /// (LinkedIn, transcripts, presentations, packages, matches, prep, goals) unless they
    /// explicitly include it: it is not genuine or no longer stands.
    pub fn withholds(self) -> bool {
        matches!(
            self,
            Self::Tampered
                | Self::WrongIssuerKey
                | Self::Revoked
                | Self::Suspended
                | Self::Malformed
        )
    }

    /// The reason a check's failure (or required skip) means when nothing more specific was
    /// said: a failed signature is tampering, a failed issuer key the wrong signer, and so on.
    pub fn of_check(name: CheckName, status: CheckStatus) -> Option<Self> {
        match (name, status) {
            (CheckName::Format, CheckStatus::Fail) => Some(Self::Malformed),
            (CheckName::Signature, CheckStatus::Fail) => Some(Self::Tampered),
            (CheckName::IssuerKey, CheckStatus::Fail) => Some(Self::WrongIssuerKey),
            (CheckName::Validity, CheckStatus::Fail) => Some(Self::Expired),
            (CheckName::Status, CheckStatus::Fail) => Some(Self::Revoked),
            (CheckName::Recipient, CheckStatus::Fail) => None,
            (CheckName::Format | CheckName::Signature, CheckStatus::Skip) => {
                Some(Self::Unsupported)
            }
            (_, CheckStatus::Skip) => Some(Self::Offline),
            _ => None,
        }
    }
}

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Check {
    /// Which check this is.
    pub name: CheckName,
    /// How it went.
    pub status: CheckStatus,
    /// What was found, in plain words.
    pub message: String,
    /// Whether a `skip` of this check leaves the verdict open (a network check that could not
    /// run), as opposed to a check that does not apply.
    #[serde(default)]
    pub required: bool,
    /// What a failure (or a required skip) of this check means, when the check said so more
    /// precisely than its name does ([`Reason::of_check`] otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

impl Check {
    /// What this check's outcome means for the verdict, if it counts against it.
    pub fn effective_reason(&self) -> Option<Reason> {
        match self.status {
            CheckStatus::Fail => self.reason.or(Reason::of_check(self.name, self.status)),
            CheckStatus::Skip if self.required => {
                self.reason.or(Reason::of_check(self.name, self.status))
            }
            _ => None,
        }
    }
}

/// The result of verifying one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Report {
    /// What the checks add up to.
    pub verdict: Verdict,
    /// Why the verdict is not `valid`: the first failed check's reason for `invalid`, the
    /// first required skip's for `indeterminate`; `None` for `valid`.
    #[serde(default)]
    pub reason: Option<Reason>,
    /// The checks, in the order of [`CheckName`].
    pub checks: Vec<Check>,
    /// The credential's own identifier, when it has one.
    pub credential_id: Option<String>,
    /// The format the document was recognised as, when it was.
    pub format: Option<Format>,
    /// When the verification ran (RFC 3339, UTC).
    pub checked_at: String,
}

impl Report {
    /// The check with the given name, if it ran.
    pub fn check(&self, name: CheckName) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }
}

/// Collects checks while a verification runs, then derives the verdict.
#[derive(Debug, Default)]
pub struct Checks {
    list: Vec<Check>,
}

impl Checks {
    /// Records a check; a later record with the same name and a worse status replaces it (a
    /// replaced pass keeps its message in front of the new one).
    pub fn add(&mut self, name: CheckName, status: CheckStatus, message: impl Into<String>) {
        self.push(name, status, message.into(), false, None);
    }

    /// Records a check with the precise reason its failure (or required skip) stands for.
    pub fn add_because(
        &mut self,
        name: CheckName,
        status: CheckStatus,
        reason: Reason,
        message: impl Into<String>,
    ) {
        let required = status == CheckStatus::Skip;
        self.push(name, status, message.into(), required, Some(reason));
    }

    /// Records a skip that leaves the verdict open.
    pub fn skip_required(&mut self, name: CheckName, message: impl Into<String>) {
        self.push(name, CheckStatus::Skip, message.into(), true, None);
    }

    fn push(
        &mut self,
        name: CheckName,
        status: CheckStatus,
        message: String,
        required: bool,
        reason: Option<Reason>,
    ) {
        if let Some(existing) = self.list.iter_mut().find(|c| c.name == name) {
            if rank(status) > rank(existing.status) {
                // What passed before stays said ("Open Badges 3.0 credential; its schema …").
                let message = if existing.status == CheckStatus::Pass {
                    format!("{}; {message}", existing.message)
                } else {
                    message
                };
                *existing = Check {
                    name,
                    status,
                    message,
                    required,
                    reason,
                };
            } else if rank(status) == rank(existing.status) && status != CheckStatus::Pass {
                existing.message.push_str("; ");
                existing.message.push_str(&message);
                existing.required |= required;
                existing.reason = existing.reason.or(reason);
            }
            return;
        }
        self.list.push(Check {
            name,
            status,
            message,
            required,
            reason,
        });
    }

    /// Whether a check with this name has already been recorded.
    pub fn has(&self, name: CheckName) -> bool {
        self.list.iter().any(|c| c.name == name)
    }

    /// Whether any check failed so far.
    pub fn failed(&self) -> bool {
        self.list.iter().any(|c| c.status == CheckStatus::Fail)
    }

    /// The finished report.
    pub fn finish(
        mut self,
        credential_id: Option<String>,
        format: Option<Format>,
        checked_at: String,
    ) -> Report {
        self.list.sort_by_key(|c| c.name);
        let verdict = if self.failed() {
            Verdict::Invalid
        } else if self
            .list
            .iter()
            .any(|c| c.status == CheckStatus::Skip && c.required)
        {
            Verdict::Indeterminate
        } else {
            Verdict::Valid
        };
        let reason = match verdict {
            Verdict::Valid => None,
            // The gravest failure names the verdict: a revoked credential that has also
            // expired is "revoked", a tampered one "tampered" whatever else failed.
            Verdict::Invalid => self
                .list
                .iter()
                .filter(|c| c.status == CheckStatus::Fail)
                .filter_map(Check::effective_reason)
                .min_by_key(|r| r.gravity()),
            Verdict::Indeterminate => self
                .list
                .iter()
                .filter(|c| c.status == CheckStatus::Skip)
                .find_map(Check::effective_reason),
        };
        Report {
            verdict,
            reason,
            checks: self.list,
            credential_id,
            format,
            checked_at,
        }
    }
}

/// Severity order used when one check is recorded more than once.
fn rank(status: CheckStatus) -> u8 {
    match status {
        CheckStatus::Pass => 0,
        CheckStatus::Skip => 1,
        CheckStatus::Warn => 2,
        CheckStatus::Fail => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gravest_failure_names_the_verdict() {
        let mut checks = Checks::default();
        checks.add(CheckName::Format, CheckStatus::Pass, "Open Badges 3.0");
        checks.add(
            CheckName::Validity,
            CheckStatus::Fail,
            "expired on 2024-01-31",
        );
        checks.add(
            CheckName::Status,
            CheckStatus::Fail,
            "revoked by its issuer",
        );
        let report = checks.finish(None, None, "2026-12-06T00:00:00Z".into());
        assert_eq!(report.verdict, Verdict::Invalid);
        assert_eq!(report.reason, Some(Reason::Revoked));

        let mut checks = Checks::default();
        checks.add(CheckName::Signature, CheckStatus::Fail, "does not match");
        checks.add(CheckName::Validity, CheckStatus::Fail, "expired");
        let report = checks.finish(None, None, "2026-12-06T00:00:00Z".into());
        assert_eq!(report.reason, Some(Reason::Tampered));
    }
}
