//! Evidence package for an application: one zip holding the PDF transcript, the holder-signed
//! presentation, every original exactly as imported (baked images included), and a
//! self-contained `index.html` that shows the credentials and their verification status
//! without scripts or external resources.

use super::linkedin::skills_of;
use super::presentation::{Presentation, PresentationOptions, present, presentable_count};
use super::transcript::{self, TranscriptOptions, check_mark, verdict_words};
use super::{ExportItem, Selection, day, verification_url};
use crate::error::{Error, Result};
use crate::verify::Report;
use crate::wallet::Wallet;
use std::collections::HashSet;
use std::io::Write as _;

/// A built package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The zip file's bytes.
    pub zip: Vec<u8>,
    /// The names of the files inside, in order.
    pub entries: Vec<String>,
}

/// The name of the signed presentation inside a package.
pub const PRESENTATION_ENTRY: &str = "presentation.json";

/// Builds the evidence package of `selection` without a signed presentation (for selections
/// with nothing presentable, or when the learner chose not to sign).
pub fn package_for(
    wallet: &Wallet,
    selection: &Selection,
    options: &TranscriptOptions,
) -> Result<Package> {
    build(wallet, selection, options, None)
}

/// Builds the evidence package of `selection` with `presentation` (made by
/// [`super::presentation::present`] from the same selection) as `presentation.json`.
pub fn signed_package_for(
    wallet: &Wallet,
    selection: &Selection,
    options: &TranscriptOptions,
    presentation: &Presentation,
) -> Result<Package> {
    build(wallet, selection, options, Some(presentation))
}

/// A package as written, with the presentation inside it when one was signed.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The package.
    pub package: Package,
    /// The signed presentation in it (`None`: unsigned, or nothing presentable).
    pub presentation: Option<Presentation>,
}

/// Builds the evidence package of `selection`, signing a presentation of it with the holder
/// key when `sign` gives the passphrase (the key is created with it if the wallet has none)
/// and at least one credential can be presented; otherwise the package has no presentation.
/// A wrong passphrase is an error and nothing is built.
pub fn evidence(
    wallet: &mut Wallet,
    selection: &Selection,
    options: &TranscriptOptions,
    sign: Option<(&[u8], &PresentationOptions)>,
) -> Result<Evidence> {
    let presentation = match sign {
        Some((passphrase, p_options)) if presentable_count(wallet, selection)? > 0 => {
            Some(present(wallet, selection, passphrase, p_options)?)
        }
        _ => None,
    };
    let package = build(wallet, selection, options, presentation.as_ref())?;
    Ok(Evidence {
        package,
        presentation,
    })
}

fn build(
    wallet: &Wallet,
    selection: &Selection,
    options: &TranscriptOptions,
    presentation: Option<&Presentation>,
) -> Result<Package> {
    let items = super::gather(wallet, &selection.ids)?;
    let mut originals = Vec::new();
    let mut seen = HashSet::new();
    for item in &items {
        if seen.insert(item.detail.original.sha256.clone()) {
            originals.push((
                item.detail.summary.id.clone(),
                wallet.original(&item.detail.summary.id)?,
            ));
        }
    }
    let pdf = transcript::render(&items, selection, options)?.pdf;
    let date = options
        .date
        .clone()
        .unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%d").to_string());
    let presentation_json = presentation
        .map(|p| serde_json::to_vec_pretty(&p.document))
        .transpose()
        .map_err(|e| Error::internal(format!("cannot encode the presentation: {e}")))?;
    let html = index_html(&items, selection, options, &date, &originals, presentation);

    let zip_err =
        |e: zip::result::ZipError| Error::internal(format!("cannot write the package: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut entries = Vec::new();
    let mut add = |zip: &mut zip::ZipWriter<_>, name: String, bytes: &[u8]| -> Result<()> {
        zip.start_file(name.as_str(), opts).map_err(zip_err)?;
        zip.write_all(bytes)
            .map_err(|e| Error::internal(format!("cannot write the package: {e}")))?;
        entries.push(name);
        Ok(())
    };
    add(&mut zip, "index.html".to_owned(), html.as_bytes())?;
    add(&mut zip, "transcript.pdf".to_owned(), &pdf)?;
    if let Some(json) = &presentation_json {
        add(&mut zip, PRESENTATION_ENTRY.to_owned(), json)?;
    }
    for (id, original) in &originals {
        add(
            &mut zip,
            original_path(id, &original.file_name),
            &original.bytes,
        )?;
    }
    let zip = zip.finish().map_err(zip_err)?.into_inner();
    Ok(Package { zip, entries })
}

/// Where an original goes in the package: `originals/<wallet id>-<file name>`, with the file
/// name reduced to safe characters.
fn original_path(id: &str, file_name: &str) -> String {
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    let safe = if safe.is_empty() { "original" } else { safe };
    format!("originals/{id}-{safe}")
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1a1a1f;line-height:1.45}\
h1{color:#17456f;margin-bottom:.2rem}article{border-top:1px solid #ccc;padding:1rem 0;display:flow-root}\
article img{float:right;width:96px;height:auto;margin-left:1rem}dl{display:grid;grid-template-columns:9rem 1fr;gap:.2rem .8rem}\
dt{font-weight:600;color:#555}dd{margin:0;overflow-wrap:anywhere}.good{color:#0b7333}.bad{color:#b31a1a}.muted{color:#666}\
code{font-size:.85em;overflow-wrap:anywhere}";

fn index_html(
    items: &[ExportItem],
    selection: &Selection,
    options: &TranscriptOptions,
    date: &str,
    originals: &[(String, crate::model::Original)],
    presentation: Option<&Presentation>,
) -> String {
    let title = selection
        .title
        .clone()
        .unwrap_or_else(|| "Credentials".to_owned());
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    h.push_str(&format!(
        "<title>{}</title><style>{STYLE}</style></head><body>\n",
        escape(&title)
    ));
    h.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    if let Some(name) = &options.learner_name {
        h.push_str(&format!("<p><strong>{}</strong></p>\n", escape(name)));
    }
    if let Some(purpose) = &selection.purpose {
        h.push_str(&format!("<p>{}</p>\n", escape(purpose)));
    }
    h.push_str(&format!(
        "<p class=\"muted\">{} credentials, exported on {} with Cairn. The full transcript is in \
         <a href=\"transcript.pdf\">transcript.pdf</a>; each original file is in <code>originals/</code>.</p>\n",
        items.len(),
        escape(date)
    ));
    h.push_str(&presentation_html(items, presentation));
    for item in items {
        let d = &item.detail;
        let c = &d.credential;
        h.push_str(&format!("<article id=\"c-{}\">", escape(&d.summary.id)));
        if let Some(img) = &item.image {
            h.push_str(&format!(
                "<img alt=\"\" src=\"{}\">",
                escape(&img.data_uri())
            ));
        }
        h.push_str(&format!("<h2>{}</h2><dl>", escape(&c.title)));
        let mut row = |label: &str, value: &str| {
            h.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>",
                escape(label),
                escape(value)
            ));
        };
        row(
            "Status",
            &transcript::status_words(options.standings.get(&d.summary.id)),
        );
        if let Some(issuer) = c.issuer.name.as_deref().or(c.issuer.id.as_deref()) {
            row("Issuer", issuer);
        }
        if let Some(v) = &c.issued_on {
            row("Issued", day(v));
        }
        if let Some(v) = &c.valid_until {
            row("Expires", day(v));
        }
        row("Type", c.format.label());
        if let Some(desc) = c
            .achievement
            .description
            .as_ref()
            .or(c.description.as_ref())
        {
            row("Description", desc);
        }
        if let Some(crit) = &c.achievement.criteria_narrative {
            row("Criteria", crit);
        }
        let skills = skills_of(item);
        if !skills.is_empty() {
            row("Skills", &skills.join(", "));
        }
        if let Some(id) = &c.credential_id {
            row("Credential id", id);
        }
        let file = originals
            .iter()
            .find(|(_, o)| o.sha256 == d.original.sha256)
            .map(|(id, o)| original_path(id, &o.file_name))
            .unwrap_or_default();
        h.push_str(&verdict_html(options.verdicts.get(&d.summary.id), date));
        if let Some(link) = verification_url(d, None) {
            h.push_str(&format!(
                "<dt>Verify at</dt><dd><a href=\"{0}\">{0}</a></dd>",
                escape(&link)
            ));
        }
        h.push_str(&format!(
            "<dt>Original</dt><dd><a href=\"{0}\">{0}</a><br><code>sha256 {1}</code></dd>",
            escape(&file),
            escape(&d.original.sha256)
        ));
        h.push_str("</dl></article>\n");
    }
    h.push_str("</body></html>\n");
    h
}

/// What the index says about `presentation.json`: who signed it, what it binds, and which
/// credentials it holds or leaves out (by title).
fn presentation_html(items: &[ExportItem], presentation: Option<&Presentation>) -> String {
    let Some(p) = presentation else {
        return "<p class=\"muted\">This package has no signed presentation.</p>\n".to_owned();
    };
    let title = |id: &str| {
        items
            .iter()
            .find(|i| i.detail.summary.id == id)
            .map_or_else(|| id.to_owned(), |i| i.detail.credential.title.clone())
    };
    let proof = &p.document["proof"];
    let mut out = format!(
        "<section id=\"presentation\"><h2>Signed presentation</h2><p><a href=\"{PRESENTATION_ENTRY}\">{PRESENTATION_ENTRY}</a> \
         is a W3C Verifiable Presentation of {} of these credentials, as imported, signed by the holder \
         <code>{}</code> (eddsa-rdfc-2022)",
        p.included.len(),
        escape(&p.holder.did)
    );
    for (key, words) in [("challenge", "challenge"), ("domain", "domain")] {
        if let Some(v) = proof[key].as_str() {
            out.push_str(&format!(", {words} <code>{}</code>", escape(v)));
        }
    }
    out.push_str(".</p>");
    if !p.skipped.is_empty() {
        out.push_str("<p>Not in the presentation:</p><ul>");
        for (id, reason) in &p.skipped {
            out.push_str(&format!(
                "<li>{}: {}</li>",
                escape(&title(id)),
                escape(reason)
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
    out
}

fn verdict_html(report: Option<&Report>, date: &str) -> String {
    let Some(report) = report else {
        return format!(
            "<dt>Verification</dt><dd>Not checked at export ({}).</dd>",
            escape(date)
        );
    };
    let (words, _) = verdict_words(report.verdict);
    let class = match report.verdict {
        crate::verify::Verdict::Valid => "good",
        crate::verify::Verdict::Invalid => "bad",
        crate::verify::Verdict::Indeterminate => "muted",
    };
    let mut out = format!(
        "<dt>Verification</dt><dd><span class=\"{class}\">{words}</span> (as of {})",
        escape(day(&report.checked_at))
    );
    if !report.checks.is_empty() {
        out.push_str("<ul>");
        for check in &report.checks {
            out.push_str(&format!(
                "<li>{} {}: {}</li>",
                check_mark(check.status),
                escape(check.name.as_str()),
                escape(&check.message)
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str("</dd>");
    out
}
