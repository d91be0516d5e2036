//! Where a credential stands for what the learner shares: every output (LinkedIn, transcript,
//! presentation, evidence package, baked file, job-posting match, interview prep, goal
//! progress, stacks) asks here which credentials it may use.
//!
//! The rule: a credential whose latest verdict is `invalid` for a reason that
//! [`Reason::withholds`] (tampered, wrong issuer key, revoked, suspended, malformed) is
//! *withheld*; one not valid yet is left out too. Both come back only on the learner's explicit
//! choice (`--include-invalid`), and then labelled. An expired credential is kept, but only as
//! expired, with its dates — never as current.

use crate::error::Result;
use crate::verify::{Label, Reason, Verdict};
use crate::wallet::Wallet;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// How a credential may be used in an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Nothing stands against it: shown as current.
    Usable,
    /// Its validity period has ended: shown only as expired, with its dates.
    Expired,
    /// Its validity period has not begun: left out unless included explicitly.
    NotYetValid,
    /// Not genuine or no longer standing (tampered, wrong issuer key, revoked, suspended,
    /// malformed): left out unless included explicitly.
    Withheld,
}

/// What the wallet knows of one credential that decides its standing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CredentialStanding {
    /// The wallet id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// From when it is valid (RFC 3339), when stated.
    pub valid_from: Option<String>,
    /// Until when it is valid (RFC 3339), when stated.
    pub valid_until: Option<String>,
    /// Its latest stored verdict, when it was ever verified.
    pub verdict: Option<Verdict>,
    /// The reason stored with that verdict.
    pub reason: Option<Reason>,
    /// Where it stands.
    pub standing: Standing,
}

impl CredentialStanding {
    /// Decides the standing from the latest verdict and the dates, at `now`.
    pub fn new(
        id: String,
        title: String,
        valid_from: Option<String>,
        valid_until: Option<String>,
        verdict: Option<Verdict>,
        reason: Option<Reason>,
        now: DateTime<Utc>,
    ) -> Self {
        let before = |date: &Option<String>| {
            date.as_deref()
                .and_then(parse_date)
                .is_some_and(|d| d < now)
        };
        let after = |date: &Option<String>| {
            date.as_deref()
                .and_then(parse_date)
                .is_some_and(|d| d > now)
        };
        let standing = if verdict == Some(Verdict::Invalid) && reason.is_some_and(Reason::withholds)
        {
            Standing::Withheld
        } else if reason == Some(Reason::Expired) || before(&valid_until) {
            Standing::Expired
        } else if reason == Some(Reason::NotYetValid) || after(&valid_from) {
            Standing::NotYetValid
        } else {
            Standing::Usable
        };
        Self {
            id,
            title,
            valid_from,
            valid_until,
            verdict,
            reason,
            standing,
        }
    }

    /// Whether an output may use it: always when usable or expired (as expired); the rest only
    /// when the learner chose to include them.
    pub fn allowed(&self, include_invalid: bool) -> bool {
        matches!(self.standing, Standing::Usable | Standing::Expired) || include_invalid
    }

    /// The stable reason it is left out by default (`revoked`, `tampered`, `not_yet_valid`…),
    /// `None` when it is not.
    pub fn left_out_reason(&self) -> Option<&'static str> {
        match self.standing {
            Standing::Usable | Standing::Expired => None,
            Standing::NotYetValid => Some(Reason::NotYetValid.as_str()),
            Standing::Withheld => Some(self.reason.unwrap_or(Reason::Malformed).as_str()),
        }
    }

    /// The label an output shows beside it, `None` when it is current: "Expired on 2024-01-31",
    /// "Not yet valid (from 2030-01-01)", "Revoked", "Suspended", "Not genuine".
    pub fn label(&self) -> Option<String> {
        let day = |d: &Option<String>| d.as_deref().map(crate::export::day).map(str::to_owned);
        match self.standing {
            Standing::Usable => None,
            Standing::Expired => Some(match day(&self.valid_until) {
                Some(until) => format!("Expired on {until}"),
                None => "Expired".to_owned(),
            }),
            Standing::NotYetValid => Some(match day(&self.valid_from) {
                Some(from) => format!("Not yet valid (from {from})"),
                None => "Not yet valid".to_owned(),
            }),
            Standing::Withheld => Some(
                match self.reason {
                    Some(Reason::Revoked) => "Revoked",
                    Some(Reason::Suspended) => "Suspended",
                    _ => "Not genuine",
                }
                .to_owned(),
            ),
        }
    }

    /// Its verdict as a person reads it, at the time its standing was decided: "Expired" once
    /// its validity period has ended even when it was verified before that, "Not yet valid"
    /// before it begins; `None` when it was never verified and its dates say nothing.
    pub fn verdict_label(&self) -> Option<Label> {
        match (self.standing, self.verdict) {
            (Standing::Expired, _) => Some(Label::new(Verdict::Invalid, Some(Reason::Expired))),
            (Standing::NotYetValid, _) => {
                Some(Label::new(Verdict::Invalid, Some(Reason::NotYetValid)))
            }
            (_, Some(verdict)) => Some(Label::new(verdict, self.reason)),
            (_, None) => None,
        }
    }

    /// The dates of its validity period in words ("valid 2020-01-01 to 2024-01-31"), when any
    /// is stated.
    pub fn dates(&self) -> Option<String> {
        let day = |d: &Option<String>| d.as_deref().map(|d| crate::export::day(d).to_owned());
        match (day(&self.valid_from), day(&self.valid_until)) {
            (Some(f), Some(u)) => Some(format!("valid {f} to {u}")),
            (None, Some(u)) => Some(format!("valid until {u}")),
            (Some(f), None) => Some(format!("valid from {f}")),
            (None, None) => None,
        }
    }
}

/// A credential an output left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LeftOut {
    /// The wallet id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The stable reason: `tampered`, `wrong_issuer_key`, `revoked`, `suspended`, `malformed`
    /// or `not_yet_valid`.
    pub reason: String,
}

impl LeftOut {
    /// Why it was left out, in the words the app shows ("Not genuine", "Revoked", "Not yet
    /// valid"…).
    pub fn words(&self) -> String {
        Label::new(Verdict::Invalid, Reason::parse(&self.reason)).word
    }
}

/// What an output may use of a list of credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selected {
    /// The ids it may use, in the order given.
    pub ids: Vec<String>,
    /// The credentials left out, in the order given.
    pub left_out: Vec<LeftOut>,
    /// The standing of every credential asked about, by wallet id.
    pub standings: HashMap<String, CredentialStanding>,
}

impl Selected {
    /// The label to show beside a used credential (expired, or included at the learner's
    /// request), `None` when it is current or unknown.
    pub fn label(&self, id: &str) -> Option<String> {
        self.standings.get(id).and_then(CredentialStanding::label)
    }

    /// Whether a used credential is current (not expired, not included despite its verdict).
    pub fn is_current(&self, id: &str) -> bool {
        self.standings
            .get(id)
            .is_none_or(|s| s.standing == Standing::Usable)
    }
}

/// Sorts `standings` (in the order of the ids asked for) into what an output may use and what
/// it leaves out.
pub fn select(standings: Vec<CredentialStanding>, include_invalid: bool) -> Selected {
    let mut out = Selected::default();
    for s in standings {
        if s.allowed(include_invalid) {
            out.ids.push(s.id.clone());
        } else {
            out.left_out.push(LeftOut {
                id: s.id.clone(),
                title: s.title.clone(),
                reason: s.left_out_reason().unwrap_or("withheld").to_owned(),
            });
        }
        out.standings.insert(s.id.clone(), s);
    }
    out
}

/// Selects from the credentials `ids` (full wallet ids, in order) what an output may use now.
pub fn select_ids(wallet: &Wallet, ids: &[String], include_invalid: bool) -> Result<Selected> {
    Ok(select(wallet.standings(ids, Utc::now())?, include_invalid))
}

/// The standing of one credential that is about to be shared on its own (a baked badge, a
/// LinkedIn entry): an error saying why when it is left out and `include_invalid` is not set.
pub fn require(wallet: &Wallet, id: &str, include_invalid: bool) -> Result<CredentialStanding> {
    let id = wallet.resolve_id(id)?;
    let picked = select_ids(wallet, std::slice::from_ref(&id), include_invalid)?;
    if let Some(l) = picked.left_out.first() {
        return Err(crate::error::Error::invalid(format!(
            "{} ({}) is left out: {}; Cairn does not share it on its own unless you include it explicitly (--include-invalid)",
            l.title, l.id, l.reason
        )));
    }
    picked
        .standings
        .get(&id)
        .cloned()
        .ok_or_else(|| crate::error::Error::internal("a credential has no standing"))
}

/// The standing of every credential in the wallet, by wallet id, at `now`.
pub fn all(wallet: &Wallet, now: DateTime<Utc>) -> Result<HashMap<String, CredentialStanding>> {
    Ok(wallet
        .all_standings(now)?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect())
}

/// An RFC 3339 date-time or a plain date (midnight UTC).
fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|d| d.to_utc())
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(text.trim().get(..10)?, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
                .map(|d| d.and_utc())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(
        verdict: Option<Verdict>,
        reason: Option<Reason>,
        from: Option<&str>,
        until: Option<&str>,
    ) -> CredentialStanding {
        let now = DateTime::parse_from_rfc3339("2025-06-01T00:00:00Z")
            .unwrap()
            .to_utc();
        CredentialStanding::new(
            "abc".into(),
            "Badge".into(),
            from.map(Into::into),
            until.map(Into::into),
            verdict,
            reason,
            now,
        )
    }

    #[test]
    fn a_credential_verified_valid_reads_expired_once_its_period_ends() {
        let s = standing(
            Some(Verdict::Valid),
            None,
            None,
            Some("2025-01-31T00:00:00Z"),
        );
        let label = s.verdict_label().expect("a label");
        assert_eq!(label.word, "Expired");
        assert_eq!(label.tone, crate::verify::Tone::Caution);
        let s = standing(
            Some(Verdict::Valid),
            None,
            Some("2030-01-01T00:00:00Z"),
            None,
        );
        assert_eq!(s.verdict_label().expect("a label").word, "Not yet valid");
        let s = standing(
            Some(Verdict::Invalid),
            Some(Reason::Revoked),
            None,
            Some("2025-01-31T00:00:00Z"),
        );
        let label = s.verdict_label().expect("a label");
        assert_eq!(
            (label.word.as_str(), label.tone),
            ("Revoked", crate::verify::Tone::Bad)
        );
        assert_eq!(standing(None, None, None, None).verdict_label(), None);
        let s = standing(Some(Verdict::Valid), None, None, None);
        assert_eq!(s.verdict_label().expect("a label").word, "Valid");
    }

    #[test]
    fn withholding_reasons_are_withheld_and_expiry_is_only_a_label() {
        for r in [
            Reason::Tampered,
            Reason::WrongIssuerKey,
            Reason::Revoked,
            Reason::Suspended,
            Reason::Malformed,
        ] {
            let s = standing(Some(Verdict::Invalid), Some(r), None, None);
            assert_eq!(s.standing, Standing::Withheld, "{r:?}");
            assert!(!s.allowed(false));
            assert!(s.allowed(true));
            assert_eq!(s.left_out_reason(), Some(r.as_str()));
        }
        let revoked = standing(Some(Verdict::Invalid), Some(Reason::Revoked), None, None);
        assert_eq!(revoked.label().as_deref(), Some("Revoked"));
        let forged = standing(Some(Verdict::Invalid), Some(Reason::Tampered), None, None);
        assert_eq!(forged.label().as_deref(), Some("Not genuine"));

        let expired = standing(None, None, None, Some("2024-01-31T00:00:00Z"));
        assert_eq!(expired.standing, Standing::Expired);
        assert!(expired.allowed(false));
        assert_eq!(expired.label().as_deref(), Some("Expired on 2024-01-31"));
        let stored = standing(Some(Verdict::Invalid), Some(Reason::Expired), None, None);
        assert_eq!(stored.standing, Standing::Expired);

        let early = standing(None, None, Some("2030-01-01"), None);
        assert_eq!(early.standing, Standing::NotYetValid);
        assert_eq!(early.left_out_reason(), Some("not_yet_valid"));

        let offline = standing(
            Some(Verdict::Indeterminate),
            Some(Reason::Offline),
            None,
            Some("2030-01-01"),
        );
        assert_eq!(offline.standing, Standing::Usable);
        assert_eq!(offline.label(), None);
    }

    #[test]
    fn select_keeps_order_and_lists_what_it_left_out() {
        let list = vec![
            standing(Some(Verdict::Valid), None, None, None),
            CredentialStanding {
                id: "def".into(),
                ..standing(Some(Verdict::Invalid), Some(Reason::Revoked), None, None)
            },
        ];
        let picked = select(list.clone(), false);
        assert_eq!(picked.ids, ["abc"]);
        assert_eq!(picked.left_out.len(), 1);
        assert_eq!(picked.left_out[0].reason, "revoked");
        let all = select(list, true);
        assert_eq!(all.ids, ["abc", "def"]);
        assert!(all.left_out.is_empty());
        assert_eq!(all.label("def").as_deref(), Some("Revoked"));
        assert!(!all.is_current("def"));
    }
}
