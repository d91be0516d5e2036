//! LinkedIn "add to profile" links, a queue of them for many credentials, and share-post text.
//!
//! The link follows LinkedIn's documented add-to-profile form
//! (`https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&...`). Every value is
//! form-URL-encoded, months are 1–12, and `certUrl` is only ever a URL that does not expire.

use super::{ExportItem, is_https, verification_url, year_month};
use crate::error::{Error, Result};
use crate::model::Image;
use crate::wallet::Wallet;
use serde::Serialize;
use ts_rs::TS;

/// Where LinkedIn's add-to-profile form lives.
pub const ADD_TO_PROFILE: &str = "https://www.linkedin.com/profile/add";

/// Choices the learner can make for the links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkedInOptions {
    /// A verification URL to use instead of the credential's own (for example the issuer's
    /// public verification page).
    pub cert_url: Option<String>,
    /// LinkedIn's numeric company id of the issuer, when the learner knows it; LinkedIn then
    /// links the organisation's page instead of showing a plain name.
    pub organization_id: Option<String>,
}

impl LinkedInOptions {
    /// Refuses what LinkedIn would take but a recruiter could not use: a verification URL
    /// that is not an `https` URL with a host, or an organisation id that is not a number.
    pub fn check(&self) -> Result<()> {
        if let Some(url) = &self.cert_url
            && !is_https(url)
        {
            return Err(Error::invalid(format!(
                "the verification URL \"{url}\" is not an https:// address"
            )));
        }
        if let Some(id) = &self.organization_id
            && (id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::invalid(format!(
                "the LinkedIn organization id \"{id}\" is not a number (it is the digits in the company page's admin address)"
            )));
        }
        Ok(())
    }
}

/// One credential as a LinkedIn certification entry, with its link and share text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Certification {
    /// The wallet id of the credential.
    pub wallet_id: String,
    /// The certification's name (the credential's title).
    pub name: String,
    /// The issuing organisation's name, sent when no `organization_id` is known.
    pub organization_name: Option<String>,
    /// LinkedIn's company id of the issuer, when supplied.
    pub organization_id: Option<String>,
    /// Year of issue.
    pub issue_year: Option<i32>,
    /// Month of issue, 1–12.
    pub issue_month: Option<u32>,
    /// Year of expiry, when the credential expires.
    pub expiration_year: Option<i32>,
    /// Month of expiry, 1–12.
    pub expiration_month: Option<u32>,
    /// A verification URL that does not expire, when one is known.
    pub cert_url: Option<String>,
    /// The credential's id, shown as "Credential ID" on LinkedIn.
    pub cert_id: Option<String>,
    /// The add-to-profile link, every value URL-encoded.
    pub url: String,
    /// Text for a share post: what was earned, from whom, the skills and the link.
    pub post_text: String,
    /// Things the learner should know (no verification URL, no issue date, ...).
    pub warnings: Vec<String>,
    /// What the entry is when it is not current: "Expired on 2024-01-31", or "Revoked" / "Not
    /// genuine" when the learner included it despite its verdict (see [`crate::standing`]).
    pub label: Option<String>,
}

/// The LinkedIn entry for one loaded credential.
pub fn certification(item: &ExportItem, options: &LinkedInOptions) -> Certification {
    let d = &item.detail;
    let c = &d.credential;
    let mut warnings = Vec::new();
    let organization_name = c.issuer.name.clone().or_else(|| c.issuer.id.clone());
    let issued = c
        .issued_on
        .as_deref()
        .or(c.valid_from.as_deref())
        .and_then(year_month);
    if issued.is_none() {
        warnings.push("the credential states no issue date".to_owned());
    }
    let expires = c.valid_until.as_deref().and_then(year_month);
    let cert_url = verification_url(d, options.cert_url.as_deref());
    if cert_url.is_none() {
        warnings.push(
            "no lasting verification URL is known: supply one, for example the issuer's verification page (the Verification URL field in the app, --cert-url on the command line)"
                .to_owned(),
        );
    }
    let cert_id = c.credential_id.clone();

    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("startTask", "CERTIFICATION_NAME");
    form.append_pair("name", &c.title);
    match (&options.organization_id, &organization_name) {
        (Some(id), _) => {
            form.append_pair("organizationId", id);
        }
        (None, Some(name)) => {
            form.append_pair("organizationName", name);
        }
        (None, None) => {}
    }
    if let Some((year, month)) = issued {
        form.append_pair("issueYear", &year.to_string());
        form.append_pair("issueMonth", &month.to_string());
    }
    if let Some((year, month)) = expires {
        form.append_pair("expirationYear", &year.to_string());
        form.append_pair("expirationMonth", &month.to_string());
    }
    if let Some(u) = &cert_url {
        form.append_pair("certUrl", u);
    }
    if let Some(id) = &cert_id {
        form.append_pair("certId", id);
    }
    let url = format!("{ADD_TO_PROFILE}?{}", form.finish());
    let post_text = post_text(item, organization_name.as_deref(), cert_url.as_deref());
    Certification {
        wallet_id: d.summary.id.clone(),
        name: c.title.clone(),
        organization_name,
        organization_id: options.organization_id.clone(),
        issue_year: issued.map(|(y, _)| y),
        issue_month: issued.map(|(_, m)| m),
        expiration_year: expires.map(|(y, _)| y),
        expiration_month: expires.map(|(_, m)| m),
        cert_url,
        cert_id,
        url,
        post_text,
        warnings,
        label: None,
    }
}

/// LinkedIn entries that obey the verdicts, with the credentials left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LinkedInExport {
    /// The entries, in order; expired ones (and any included despite their verdict) labelled.
    pub entries: Vec<Certification>,
    /// The credentials left out, with why (see [`crate::standing`]).
    pub left_out: Vec<crate::standing::LeftOut>,
}

/// The entries for `ids`, leaving out what [`crate::standing`] withholds unless
/// `include_invalid`, and labelling the rest that are not current.
pub fn entries(
    wallet: &Wallet,
    ids: &[String],
    options: &LinkedInOptions,
    include_invalid: bool,
) -> Result<LinkedInExport> {
    options.check()?;
    let picked = crate::standing::select_ids(wallet, ids, include_invalid)?;
    let entries = super::gather(wallet, &picked.ids)?
        .iter()
        .map(|item| {
            labelled(
                certification(item, options),
                picked.label(&item.detail.summary.id),
            )
        })
        .collect();
    Ok(LinkedInExport {
        entries,
        left_out: picked.left_out,
    })
}

/// Marks an entry that is not current: the label, a note for the learner, and a Status line
/// at the end of the post so no reader takes it as current.
pub fn labelled(mut entry: Certification, label: Option<String>) -> Certification {
    if let Some(label) = label {
        entry
            .warnings
            .push(format!("this credential is not current: {label}"));
        entry.post_text.push_str("\n\nStatus: ");
        entry.post_text.push_str(&label);
        entry.label = Some(label);
    }
    entry
}

/// The queue for adding many credentials one after another: one entry per id, in order, as
/// [`entries`] makes them (what the verdict withholds is left out, expired ones labelled).
pub fn queue(
    wallet: &Wallet,
    ids: &[String],
    options: &LinkedInOptions,
) -> Result<Vec<Certification>> {
    Ok(entries(wallet, ids, options, false)?.entries)
}

/// Share-post text: what was earned, from whom, the skills and the verification link.
pub fn post_text(item: &ExportItem, issuer: Option<&str>, link: Option<&str>) -> String {
    let c = &item.detail.credential;
    let mut text = match issuer {
        Some(issuer) => format!("I have earned \u{201c}{}\u{201d} from {issuer}.", c.title),
        None => format!("I have earned \u{201c}{}\u{201d}.", c.title),
    };
    let summary = c
        .achievement
        .description
        .as_deref()
        .or(c.description.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(summary) = summary {
        text.push_str("\n\n");
        text.push_str(summary);
    }
    let skills = skills_of(item);
    if !skills.is_empty() {
        text.push_str("\n\nSkills: ");
        text.push_str(&skills.join(", "));
    }
    if let Some(link) = link {
        text.push_str("\n\nVerify it: ");
        text.push_str(link);
    }
    text
}

/// The credential's skills: alignment targets, then tags, without repeats.
pub fn skills_of(item: &ExportItem) -> Vec<String> {
    let a = &item.detail.credential.achievement;
    let mut out: Vec<String> = Vec::new();
    for s in a
        .alignments
        .iter()
        .map(|al| al.target_name.trim())
        .chain(a.tags.iter().map(|t| t.trim()))
    {
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_owned());
        }
    }
    out
}

/// The badge image to attach to a post, when the wallet holds it as a PNG.
pub fn badge_png(item: &ExportItem) -> Option<&Image> {
    item.image
        .as_ref()
        .filter(|img| img.media_type == "image/png" && img.bytes.starts_with(b"\x89PNG"))
}
