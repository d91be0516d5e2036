//! How a verdict is named to a person: one word, a tone and a sentence for each verdict and
//! reason, so an expired certificate never looks like a forgery. The CLI, the app's chips and
//! banners and every export take their words from here.

use super::report::{Reason, Verdict};
use serde::Serialize;
use ts_rs::TS;

/// How a label should look: the app colours by it, the CLI words by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Genuine and current.
    Good,
    /// Genuine, but not current (expired, not yet valid): shown in amber, never as a forgery.
    Caution,
    /// Not genuine or no longer standing (tampered, wrong signer, revoked, suspended, broken).
    Bad,
    /// Could not be decided (offline, unknown context, unsupported format): grey.
    Unknown,
}

/// A verdict as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Label {
    /// The verdict it names.
    pub verdict: Verdict,
    /// The reason it names, when the verdict is not `valid`.
    pub reason: Option<Reason>,
    /// One or two words: "Valid", "Expired", "Not genuine", "Couldn't check"…
    pub word: String,
    /// How it should look.
    pub tone: Tone,
    /// One sentence saying what it means for the learner.
    pub says: String,
}

impl Label {
    /// The label of a verdict and its reason.
    pub fn new(verdict: Verdict, reason: Option<Reason>) -> Self {
        let (word, tone, says) = words(verdict, reason);
        Self {
            verdict,
            reason,
            word: word.to_owned(),
            tone,
            says: says.to_owned(),
        }
    }
}

fn words(verdict: Verdict, reason: Option<Reason>) -> (&'static str, Tone, &'static str) {
    match (verdict, reason) {
        (Verdict::Valid, _) => ("Valid", Tone::Good, "Every check that applies passed."),
        (_, Some(Reason::Expired)) => (
            "Expired",
            Tone::Caution,
            "Genuine, but its validity period has ended: it shows what you earned, not a current qualification.",
        ),
        (_, Some(Reason::NotYetValid)) => (
            "Not yet valid",
            Tone::Caution,
            "Genuine, but its validity period has not begun yet.",
        ),
        (_, Some(Reason::Revoked)) => (
            "Revoked",
            Tone::Bad,
            "The issuer has revoked it: it no longer stands, and Cairn leaves it out of what you share.",
        ),
        (_, Some(Reason::Suspended)) => (
            "Suspended",
            Tone::Bad,
            "The issuer has suspended it for now: Cairn leaves it out of what you share.",
        ),
        (_, Some(Reason::Tampered)) => (
            "Not genuine",
            Tone::Bad,
            "It was changed after it was signed: this is not what the issuer issued.",
        ),
        (_, Some(Reason::WrongIssuerKey)) => (
            "Not genuine",
            Tone::Bad,
            "It was signed by a key its issuer does not control: anyone could have made it.",
        ),
        (_, Some(Reason::Malformed)) => (
            "Broken",
            Tone::Bad,
            "The document is broken or is not a credential.",
        ),
        (Verdict::Indeterminate, Some(Reason::UnknownContext)) => (
            "Couldn't check",
            Tone::Unknown,
            "It uses a vocabulary (JSON-LD context) Cairn does not ship, so its signature could not be checked.",
        ),
        (Verdict::Indeterminate, Some(Reason::Unsupported)) => (
            "Couldn't check",
            Tone::Unknown,
            "It uses a format or signature kind Cairn cannot check yet; nothing is known against it.",
        ),
        (Verdict::Indeterminate, _) => (
            "Couldn't check",
            Tone::Unknown,
            "Nothing failed, but something needed could not be checked (try again online).",
        ),
        (Verdict::Invalid, _) => (
            "Invalid",
            Tone::Bad,
            "A check failed: this credential is not valid as it is.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_is_never_worded_or_coloured_like_a_forgery() {
        let expired = Label::new(Verdict::Invalid, Some(Reason::Expired));
        let forged = Label::new(Verdict::Invalid, Some(Reason::Tampered));
        assert_eq!(expired.tone, Tone::Caution);
        assert_eq!(forged.tone, Tone::Bad);
        assert_ne!(expired.word, forged.word);
    }

    #[test]
    fn every_reason_has_its_own_sentence_for_invalid() {
        let failures = Reason::ALL.into_iter().filter(|r| {
            !matches!(
                r,
                Reason::UnknownContext | Reason::Unsupported | Reason::Offline
            )
        });
        for reason in failures {
            let label = Label::new(Verdict::Invalid, Some(reason));
            assert!(!label.says.is_empty());
            let withheld = reason.withholds();
            assert_eq!(
                label.tone == Tone::Bad,
                withheld,
                "{reason:?}: only withheld reasons are red"
            );
        }
    }

    #[test]
    fn indeterminate_is_grey() {
        for reason in [Reason::Offline, Reason::UnknownContext, Reason::Unsupported] {
            assert_eq!(
                Label::new(Verdict::Indeterminate, Some(reason)).tone,
                Tone::Unknown
            );
        }
        assert_eq!(Label::new(Verdict::Valid, None).tone, Tone::Good);
    }
}
