//! Open Badges 2.0: hosted assertions (the issuer's copy, `410 Gone`, `revoked`, the issuer's
//! verification policy) and signed assertions (`verification.creator` key, owned by and listed
//! in the issuer profile, issuer `revocationList`).

use super::fetch::{Fetch, describe_age, json_of};
use super::jose::Compact;
use super::keys::{self, Algorithm};
use super::report::{CheckName, CheckStatus, Checks};
use super::{VerifyOptions, types_of, validity};
use serde_json::Value;

/// Whether a JSON document is an OB 2.0 (or 1.x) assertion.
pub fn is_assertion(doc: &Value) -> bool {
    crate::import::ob2::is_assertion(doc)
}

/// A fetched JSON document, or why there is none. `Ok(None)` is a definite HTTP error status.
enum Got {
    Doc(Value, Option<String>),
    Status(u16),
    Unavailable(String),
    Broken(String),
}

fn get(url: &str, fetch: Option<&dyn Fetch>) -> Got {
    let Some(fetch) = fetch else {
        return Got::Unavailable(format!("offline: {url} was not fetched"));
    };
    match fetch.fetch(url) {
        Err(e) => Got::Unavailable(format!("could not fetch {url}: {e}")),
        Ok(f) if !f.is_success() => Got::Status(f.status),
        Ok(f) => match json_of(&f) {
            Ok(v) => Got::Doc(v, fetch.age(url).map(describe_age)),
            Err(e) => Got::Broken(e.message),
        },
    }
}

/// The document an OB 2.0 property names: embedded as an object, or fetched by URL.
fn linked(doc: &Value, field: &str, fetch: Option<&dyn Fetch>) -> Got {
    match doc.get(field) {
        Some(v @ Value::Object(_)) => Got::Doc(v.clone(), None),
        Some(Value::String(url)) => get(url, fetch),
        _ => Got::Broken(format!("it has no {field}")),
    }
}

fn check_context_and_type(doc: &Value, checks: &mut Checks) -> bool {
    let contexts = crate::import::json::contexts(doc);
    let ob_context = contexts.iter().any(|c| {
        c == "https://w3id.org/openbadges/v2" || c == "https://openbadgespec.org/v2/context.json"
    });
    if !contexts.is_empty() && !ob_context {
        checks.add(
            CheckName::Format,
            CheckStatus::Fail,
            format!(
                "the @context {} is not the Open Badges 2.0 context",
                contexts.join(", ")
            ),
        );
        return false;
    }
    let types = types_of(doc);
    if !types.is_empty()
        && !types
            .iter()
            .any(|t| t == "Assertion" || t.ends_with(":Assertion") || t.ends_with("#Assertion"))
    {
        checks.add(
            CheckName::Format,
            CheckStatus::Fail,
            format!("the type {} is not Assertion", types.join(", ")),
        );
        return false;
    }
    true
}

fn origin(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    match url.origin() {
        o @ url::Origin::Tuple(..) => Some(o.ascii_serialization()),
        url::Origin::Opaque(_) => None,
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Checks that a hosted assertion id is allowed by the issuer's verification policy.
fn policy_allows(id: &str, issuer: &Value) -> Result<String, String> {
    let policy = issuer.get("verification");
    let starts = strings(policy.and_then(|p| p.get("startsWith")));
    let allowed = strings(policy.and_then(|p| p.get("allowedOrigins")));
    let host = url::Url::parse(id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    if !starts.is_empty() {
        return if starts.iter().any(|s| id.starts_with(s.as_str())) {
            Ok("the assertion's URL is within the issuer's verification policy".into())
        } else {
            Err(format!(
                "the assertion's URL {id} does not start with any of {} as the issuer's policy requires",
                starts.join(", ")
            ))
        };
    }
    if !allowed.is_empty() {
        return if host
            .as_ref()
            .is_some_and(|h| allowed.iter().any(|a| a == h))
        {
            Ok("the assertion is hosted on an origin the issuer allows".into())
        } else {
            Err(format!(
                "the assertion's host is not among the issuer's allowed origins {}",
                allowed.join(", ")
            ))
        };
    }
    let issuer_id = issuer.get("id").and_then(Value::as_str).unwrap_or_default();
    let issuer_host = url::Url::parse(issuer_id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    if issuer_host.is_some() && issuer_host == host {
        Ok("the assertion is hosted on the issuer's own site".into())
    } else {
        Err(format!(
            "the assertion {id} is not hosted on the issuer's site {issuer_id}"
        ))
    }
}

/// Verifies a hosted OB 2.0 assertion.
pub fn verify_hosted(doc: &Value, options: &VerifyOptions, checks: &mut Checks) {
    if !check_context_and_type(doc, checks) {
        return;
    }
    checks.add(
        CheckName::Format,
        CheckStatus::Pass,
        "Open Badges 2.0 hosted assertion",
    );
    checks.add(
        CheckName::Signature,
        CheckStatus::Skip,
        "hosted assertions carry no signature; the issuer's own copy is checked instead",
    );
    dates(doc, options, checks);
    let Some(id) = doc.get("id").and_then(Value::as_str) else {
        checks.add(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            "the hosted assertion has no id to check it at",
        );
        return;
    };
    if origin(id).is_none() {
        checks.add(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            format!("the assertion id {id} is not a web address"),
        );
        return;
    }
    let hosted = match get(id, options.fetch) {
        Got::Doc(v, age) => (v, age),
        Got::Status(410) => {
            checks.add(
                CheckName::Status,
                CheckStatus::Fail,
                format!("the issuer has revoked it ({id} answers 410 Gone)"),
            );
            return;
        }
        Got::Status(code) => {
            checks.add(
                CheckName::IssuerKey,
                CheckStatus::Fail,
                format!("the issuer's copy at {id} answered HTTP {code}"),
            );
            return;
        }
        Got::Unavailable(m) => {
            checks.skip_required(
                CheckName::IssuerKey,
                format!("the issuer's copy could not be checked: {m}"),
            );
            checks.skip_required(
                CheckName::Status,
                "revocation needs the issuer's copy, which was not fetched",
            );
            return;
        }
        Got::Broken(m) => {
            checks.add(
                CheckName::IssuerKey,
                CheckStatus::Fail,
                format!("the issuer's copy is unreadable: {m}"),
            );
            return;
        }
    };
    let (copy, age) = hosted;
    let age = age
        .map(|a| format!(" (a stored copy from {a} ago)"))
        .unwrap_or_default();
    if copy.get("revoked").and_then(Value::as_bool) == Some(true) {
        let reason = copy
            .get("revocationReason")
            .and_then(Value::as_str)
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        checks.add(
            CheckName::Status,
            CheckStatus::Fail,
            format!("the issuer has revoked it{reason}{age}"),
        );
        return;
    }
    checks.add(
        CheckName::Status,
        CheckStatus::Pass,
        format!("the issuer's copy is not revoked{age}"),
    );
    issuer_policy(doc, id, options, checks);
}

/// Follows badge → issuer and checks the hosting policy.
fn issuer_policy(doc: &Value, id: &str, options: &VerifyOptions, checks: &mut Checks) {
    let badge = match linked(doc, "badge", options.fetch) {
        Got::Doc(v, _) => v,
        other => return unreachable_link(other, "BadgeClass", checks),
    };
    let issuer = match linked(&badge, "issuer", options.fetch) {
        Got::Doc(v, _) => v,
        other => return unreachable_link(other, "issuer profile", checks),
    };
    match policy_allows(id, &issuer) {
        Ok(m) => checks.add(CheckName::IssuerKey, CheckStatus::Pass, m),
        Err(m) => checks.add(CheckName::IssuerKey, CheckStatus::Fail, m),
    }
}

fn unreachable_link(got: Got, what: &str, checks: &mut Checks) {
    match got {
        Got::Unavailable(m) => checks.skip_required(
            CheckName::IssuerKey,
            format!("the {what} could not be checked: {m}"),
        ),
        Got::Status(code) => checks.add(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            format!("the {what} answered HTTP {code}"),
        ),
        Got::Broken(m) => checks.add(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            format!("the {what} is unusable: {m}"),
        ),
        Got::Doc(..) => {}
    }
}

fn dates(doc: &Value, options: &VerifyOptions, checks: &mut Checks) {
    let issued = doc
        .get("issuedOn")
        .and_then(Value::as_str)
        .and_then(validity::parse_date);
    let expires = doc
        .get("expires")
        .and_then(Value::as_str)
        .and_then(validity::parse_date);
    if let (Some(i), Some(e)) = (issued, expires) {
        if e < i {
            checks.add(
                CheckName::Validity,
                CheckStatus::Fail,
                "it expires before it was issued",
            );
            return;
        }
    }
    validity::check(doc, options.now, checks);
}

/// Verifies an OB 2.0 signed assertion (a compact JWS whose payload is the assertion).
pub fn verify_signed(
    compact: &Compact,
    alg: Option<Algorithm>,
    options: &VerifyOptions,
    checks: &mut Checks,
) {
    let doc = &compact.payload;
    dates(doc, options, checks);
    let Some(creator) = doc
        .get("verification")
        .and_then(|v| v.get("creator"))
        .and_then(Value::as_str)
    else {
        checks.add(
            CheckName::Signature,
            CheckStatus::Fail,
            "the signed assertion names no verification.creator key",
        );
        return;
    };
    let key_doc = match get(creator, options.fetch) {
        Got::Doc(v, _) => v,
        Got::Unavailable(m) => {
            checks.skip_required(
                CheckName::Signature,
                format!("the signing key could not be fetched: {m}"),
            );
            checks.skip_required(CheckName::IssuerKey, "the signing key was not fetched");
            checks.skip_required(
                CheckName::Status,
                "the issuer's revocation list was not fetched",
            );
            return;
        }
        Got::Status(code) => {
            checks.add(
                CheckName::Signature,
                CheckStatus::Fail,
                format!("the key {creator} answered HTTP {code}"),
            );
            return;
        }
        Got::Broken(m) => {
            checks.add(
                CheckName::Signature,
                CheckStatus::Fail,
                format!("the key {creator} is unusable: {m}"),
            );
            return;
        }
    };
    let key = match keys::from_method(&key_doc) {
        Ok(k) => k,
        Err(m) => {
            checks.add(
                CheckName::Signature,
                CheckStatus::Fail,
                format!("the key {creator} is unusable: {m}"),
            );
            return;
        }
    };
    match alg {
        Some(alg) if key.verify(alg, compact.signing_input.as_bytes(), &compact.signature) => {
            checks.add(
                CheckName::Signature,
                CheckStatus::Pass,
                format!("the {} signature by {creator} is valid", key.kind()),
            );
        }
        Some(_) => {
            checks.add(CheckName::Signature, CheckStatus::Fail, format!("the signature does not match the key {creator}: the assertion was changed after signing or signed with another key"));
            return;
        }
        None => return,
    }
    let issuer = match linked(doc, "badge", options.fetch) {
        Got::Doc(badge, _) => match linked(&badge, "issuer", options.fetch) {
            Got::Doc(issuer, _) => issuer,
            other => return unreachable_link(other, "issuer profile", checks),
        },
        other => return unreachable_link(other, "BadgeClass", checks),
    };
    let issuer_id = issuer.get("id").and_then(Value::as_str).unwrap_or_default();
    let owner = key_doc.get("owner").and_then(Value::as_str);
    let listed = strings(issuer.get("publicKey"))
        .iter()
        .any(|k| k == creator)
        || issuer
            .get("publicKey")
            .and_then(|k| k.get("id"))
            .and_then(Value::as_str)
            == Some(creator);
    if owner == Some(issuer_id) && listed {
        checks.add(
            CheckName::IssuerKey,
            CheckStatus::Pass,
            format!("the key {creator} is owned by and listed in the issuer profile {issuer_id}"),
        );
    } else {
        checks.add(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            format!("the key {creator} is not both owned by and listed in the issuer profile {issuer_id}"),
        );
    }
    revocation_list(doc, &issuer, options, checks);
}

fn revocation_list(doc: &Value, issuer: &Value, options: &VerifyOptions, checks: &mut Checks) {
    let Some(url) = issuer.get("revocationList").and_then(Value::as_str) else {
        checks.add(
            CheckName::Status,
            CheckStatus::Pass,
            "the issuer publishes no revocation list",
        );
        return;
    };
    let list = match get(url, options.fetch) {
        Got::Doc(v, _) => v,
        Got::Unavailable(m) => {
            return checks.skip_required(
                CheckName::Status,
                format!("the revocation list could not be checked: {m}"),
            );
        }
        Got::Status(code) => {
            return checks.add(
                CheckName::Status,
                CheckStatus::Warn,
                format!("the revocation list {url} answered HTTP {code}"),
            );
        }
        Got::Broken(m) => {
            return checks.add(
                CheckName::Status,
                CheckStatus::Warn,
                format!("the revocation list is unreadable: {m}"),
            );
        }
    };
    let id = doc.get("id").and_then(Value::as_str);
    let uid = doc.get("uid").and_then(Value::as_str);
    let revoked = list
        .get("revokedAssertions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|item| {
            let listed = item
                .as_str()
                .or_else(|| item.get("id").and_then(Value::as_str));
            listed.is_some() && (listed == id || listed == uid)
        });
    match revoked {
        Some(item) => {
            let reason = item
                .get("revocationReason")
                .and_then(Value::as_str)
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            checks.add(
                CheckName::Status,
                CheckStatus::Fail,
                format!("the issuer has revoked it{reason}"),
            );
        }
        None => checks.add(
            CheckName::Status,
            CheckStatus::Pass,
            format!("not in the issuer's revocation list {url}"),
        ),
    }
}
