//! Verifiable Presentations verified whole: every proof the holder made, bound to the `holder`
//! (an `authentication` method of theirs), for the `challenge` and `domain` the caller expects,
//! and every credential it carries verified as a credential. One failure anywhere makes the
//! presentation `invalid`.

use super::di;
use super::report::{CheckName, CheckStatus, Checks, Reason, Report};
use super::{Party, VerifyOptions, check_contexts, check_proofs, types_of, verify_document};
use chrono::SecondsFormat;
use serde_json::Value;

/// What the verifier of a presentation asked the holder to sign: the `challenge` (a nonce) and
/// the `domain` (who the presentation is for). `None` means "not checked".
#[derive(Debug, Clone, Copy, Default)]
pub struct Expected<'a> {
    /// The challenge every proof must carry.
    pub challenge: Option<&'a str>,
    /// The domain every proof must carry.
    pub domain: Option<&'a str>,
}

/// The result of verifying a presentation.
#[derive(Debug, Clone)]
pub struct PresentationReport {
    /// The presentation as a whole: its own proofs, and a summary of every credential's
    /// outcome under the same check names, so its verdict is the worst of all.
    pub report: Report,
    /// Each embedded credential's own report, in order.
    pub credentials: Vec<Report>,
}

/// Whether a JSON document is a Verifiable Presentation.
pub fn is_presentation(doc: &Value) -> bool {
    types_of(doc).iter().any(|t| t == "VerifiablePresentation")
}

/// The holder of a presentation (`holder` as a string or an object with `id`).
pub fn holder_id(doc: &Value) -> Option<&str> {
    let holder = doc.get("holder")?;
    holder
        .as_str()
        .or_else(|| holder.get("id").and_then(Value::as_str))
}

/// The credentials a presentation carries, as documents [`verify_document`] reads: JSON
/// objects as text, compact JWTs as they are, enveloped credentials (`data:` URLs) unwrapped.
fn carried(doc: &Value) -> Vec<Result<String, String>> {
    let items: Vec<&Value> = match doc.get("verifiableCredential") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::String(jwt) => Ok(jwt.clone()),
            Value::Object(_)
                if types_of(item)
                    .iter()
                    .any(|t| t == "EnvelopedVerifiableCredential") =>
            {
                let id = item.get("id").and_then(Value::as_str).unwrap_or("");
                id.strip_prefix("data:")
                    .and_then(|rest| rest.split_once(','))
                    .map(|(_, data)| data.to_owned())
                    .ok_or_else(|| "an enveloped credential whose id is not a data: URL".to_owned())
            }
            Value::Object(_) => Ok(item.to_string()),
            _ => Err("an entry of verifiableCredential is neither an object nor a JWT".to_owned()),
        })
        .collect()
}

/// Checks `challenge` and `domain` of every proof against what the caller expects.
fn check_expected(doc: &Value, expected: &Expected, checks: &mut Checks) {
    for proof in di::proofs(doc) {
        if proof.get("proofPurpose").and_then(Value::as_str) != Some("authentication") {
            checks.add_because(
                CheckName::IssuerKey,
                CheckStatus::Fail,
                Reason::WrongIssuerKey,
                format!(
                    "the presentation's proof has the purpose {}, not authentication: it does not show the holder presenting it",
                    proof.get("proofPurpose").unwrap_or(&Value::Null)
                ),
            );
        }
        for (name, wanted) in [
            ("challenge", expected.challenge),
            ("domain", expected.domain),
        ] {
            let Some(wanted) = wanted else { continue };
            let found = proof.get(name);
            let matches = match found {
                Some(Value::String(s)) => s == wanted,
                Some(Value::Array(items)) if name == "domain" => {
                    items.iter().any(|d| d.as_str() == Some(wanted))
                }
                _ => false,
            };
            if !matches {
                checks.add_because(
                    CheckName::Signature,
                    CheckStatus::Fail,
                    Reason::Tampered,
                    format!(
                        "the presentation's proof was made for the {name} {}, not the expected {wanted}: it may be replayed from elsewhere",
                        found.map_or("(none)".to_owned(), Value::to_string)
                    ),
                );
            }
        }
    }
}

/// Verifies a presentation: its proofs (bound to the holder, with the expected challenge and
/// domain) and every credential it carries. The presentation's verdict is `invalid` when any
/// of them fails, `indeterminate` when something needed could not be checked.
pub fn verify_presentation(
    doc: &Value,
    options: &VerifyOptions,
    expected: &Expected,
) -> PresentationReport {
    let checked_at = options.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut checks = Checks::default();
    let id = doc.get("id").and_then(Value::as_str).map(str::to_owned);
    if !is_presentation(doc) {
        checks.add(
            CheckName::Format,
            CheckStatus::Fail,
            "the document is not a Verifiable Presentation",
        );
        return PresentationReport {
            report: checks.finish(id, None, checked_at),
            credentials: Vec::new(),
        };
    }
    checks.add(
        CheckName::Format,
        CheckStatus::Pass,
        "Verifiable Presentation",
    );
    let holder = holder_id(doc);
    if di::proofs(doc).is_empty() {
        checks.add(
            CheckName::Signature,
            CheckStatus::Skip,
            "the presentation is not signed: nothing shows who presented it, only its credentials were checked",
        );
    } else {
        if holder.is_none() {
            checks.add_because(
                CheckName::IssuerKey,
                CheckStatus::Fail,
                Reason::WrongIssuerKey,
                "the presentation is signed but names no holder, so the signature shows no one presenting it",
            );
        }
        check_expected(doc, expected, &mut checks);
        if check_contexts(doc, options, &mut checks, true) {
            check_proofs(doc, holder, Party::Holder, options, &mut checks);
        }
    }
    let mut credentials = Vec::new();
    let documents = carried(doc);
    if documents.is_empty() {
        checks.add(
            CheckName::Format,
            CheckStatus::Warn,
            "the presentation carries no credential",
        );
    }
    let count = documents.len();
    for (i, document) in documents.into_iter().enumerate() {
        let n = i + 1;
        let report = match document {
            Ok(text) => verify_document(&text, options),
            Err(why) => {
                checks.add(
                    CheckName::Format,
                    CheckStatus::Fail,
                    format!("credential {n} of {count}: {why}"),
                );
                continue;
            }
        };
        let name = report.credential_id.clone().map_or_else(
            || format!("credential {n} of {count}"),
            |id| format!("credential {n} of {count} ({id})"),
        );
        for check in &report.checks {
            // The recipient check is the learner's business, not the presentation's soundness.
            if check.name == CheckName::Recipient {
                continue;
            }
            let counts = check.status == CheckStatus::Fail
                || (check.status == CheckStatus::Skip && check.required);
            if !counts {
                continue;
            }
            let message = format!("{name}: {}", check.message);
            match check.effective_reason() {
                Some(reason) => checks.add_because(check.name, check.status, reason, message),
                None => checks.add(check.name, check.status, message),
            }
        }
        credentials.push(report);
    }
    PresentationReport {
        report: checks.finish(id, None, checked_at),
        credentials,
    }
}
