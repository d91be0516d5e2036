//! Validity periods: `validFrom`/`validUntil` (VC 2.0), `issuanceDate`/`expirationDate`
//! (VC 1.1), OB 2.0 `issuedOn`/`expires`, and JWT `nbf`/`exp`, against an injectable clock.

use super::report::{CheckName, CheckStatus, Checks};
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde_json::Value;

/// Parses the date forms credentials use: RFC 3339, a date-time without offset (read as
/// UTC) or a bare date (midnight UTC).
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(text, fmt) {
            return Some(dt.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
}

/// A start and an end of validity, each with the field it came from.
#[derive(Debug, Default)]
pub struct Period {
    /// Not valid before this.
    pub start: Option<(String, DateTime<Utc>)>,
    /// Not valid after this.
    pub end: Option<(String, DateTime<Utc>)>,
}

fn show(dt: &DateTime<Utc>) -> String {
    dt.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Checks the period stated in `doc` (a credential's JSON) against `now`.
pub fn check(doc: &Value, now: DateTime<Utc>, checks: &mut Checks) {
    let mut period = Period::default();
    let mut bad = Vec::new();
    for field in ["validFrom", "issuanceDate", "issuedOn"] {
        if let Some(v) = doc.get(field) {
            match v.as_str().and_then(parse_date) {
                Some(dt) if period.start.is_none() => period.start = Some((field.to_owned(), dt)),
                Some(_) => {}
                None => bad.push(field),
            }
        }
    }
    for field in ["validUntil", "expirationDate", "expires"] {
        if let Some(v) = doc.get(field) {
            match v.as_str().and_then(parse_date) {
                Some(dt) if period.end.is_none() => period.end = Some((field.to_owned(), dt)),
                Some(_) => {}
                None => bad.push(field),
            }
        }
    }
    if !bad.is_empty() {
        checks.add(
            CheckName::Validity,
            CheckStatus::Fail,
            format!("{} is not a valid date", bad.join(" and ")),
        );
        return;
    }
    check_period(&period, now, checks);
}

/// Checks a period against `now`.
pub fn check_period(period: &Period, now: DateTime<Utc>, checks: &mut Checks) {
    if let Some((field, end)) = &period.end {
        if now > *end {
            checks.add(
                CheckName::Validity,
                CheckStatus::Fail,
                format!("expired on {} ({field})", show(end)),
            );
            return;
        }
    }
    if let Some((field, start)) = &period.start {
        if now < *start {
            checks.add(
                CheckName::Validity,
                CheckStatus::Fail,
                format!("not valid before {} ({field})", show(start)),
            );
            return;
        }
    }
    let message = match (&period.start, &period.end) {
        (Some((_, s)), Some((_, e))) => format!("valid from {} until {}", show(s), show(e)),
        (Some((_, s)), None) => format!("valid since {}, with no end date", show(s)),
        (None, Some((_, e))) => format!("valid until {}", show(e)),
        (None, None) => "no validity period is stated".to_owned(),
    };
    checks.add(CheckName::Validity, CheckStatus::Pass, message);
}
