//! The PDF transcript: a cover, one section per credential (details, verdict, badge image, QR
//! code to its verification URL), a skills summary, and an appendix of the originals' SHA-256.
//!
//! Built with `printpdf`; text is shaped and embedded with Unicode fonts (see [`fonts`]), so
//! names in Chinese, Arabic or accented Latin print as written.

pub mod fonts;
mod images;
pub mod layout;

use super::linkedin::skills_of;
use super::{ExportItem, Selection, day, verification_url};
use crate::error::{Error, Result};
use crate::verify::{CheckStatus, Report, Verdict};
use crate::wallet::Wallet;
use layout::{Ink, Layout, MARGIN, PAGE_H, PAGE_W, Style};
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, Pt, RawImage, XObjectId};
use std::collections::{BTreeMap, HashMap};

/// The zlib level streams are deflated at (see [`compress_streams`]).
const STREAM_LEVEL: u32 = 6;

/// Choices for a transcript.
#[derive(Debug, Clone, Default)]
pub struct TranscriptOptions {
    /// The learner's name for the cover and the PDF's author.
    pub learner_name: Option<String>,
    /// The export date shown on the cover (`YYYY-MM-DD`); today when `None`.
    pub date: Option<String>,
    /// Verification reports by wallet id, as checked at export time (see
    /// [`super::verify_all`]). Credentials without one are marked "not checked".
    pub verdicts: HashMap<String, Report>,
    /// Where each credential stands (see [`crate::standing`]), by wallet id: every credential
    /// gets a Status row; an expired one reads "Expired on …" with its dates, and one included
    /// despite its verdict says so. Credentials without one read "Not checked".
    pub standings: HashMap<String, crate::standing::CredentialStanding>,
}

/// What a transcript contains, for callers that report on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// The number of pages.
    pub pages: usize,
    /// The number of credentials in it.
    pub credentials: usize,
}

impl TranscriptOptions {
    /// The options a transcript or package of `selection` uses by default: the learner's
    /// name as given, else the one stored in the wallet's settings, each credential verified
    /// offline as of now against the learner's *current* identities (so the recipient check is
    /// never a stale one), and each credential's standing.
    pub fn for_selection(
        wallet: &Wallet,
        selection: &Selection,
        learner_name: Option<String>,
    ) -> Result<Self> {
        let items = super::gather(wallet, &selection.ids)?;
        let identities = wallet.identities()?;
        let verify = crate::verify::VerifyOptions {
            identities: &identities,
            ..crate::verify::VerifyOptions::offline()
        };
        let standings = wallet
            .standings(&selection.ids, chrono::Utc::now())?
            .into_iter()
            .map(|s| (s.id.clone(), s))
            .collect();
        Ok(Self {
            learner_name: learner_name.or(wallet.settings()?.learner_name),
            verdicts: super::verify_all(&items, &verify),
            standings,
            ..Self::default()
        })
    }
}

/// Renders the transcript of `selection` from the wallet.
pub fn transcript_for(
    wallet: &Wallet,
    selection: &Selection,
    options: &TranscriptOptions,
) -> Result<Transcript> {
    let items = super::gather(wallet, &selection.ids)?;
    render(&items, selection, options)
}

/// Renders the transcript of already loaded credentials.
pub fn render(
    items: &[ExportItem],
    selection: &Selection,
    options: &TranscriptOptions,
) -> Result<Transcript> {
    let date = options
        .date
        .clone()
        .unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%d").to_string());
    let learner = options
        .learner_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let title = match &selection.title {
        Some(t) => format!("Credential transcript: {t}"),
        None => "Credential transcript".to_owned(),
    };
    let mut doc = PdfDocument::new(&title);
    doc.metadata.info.author = learner.unwrap_or("").to_owned();
    doc.metadata.info.creator = "Cairn".to_owned();
    doc.metadata.info.producer = "Cairn".to_owned();
    doc.metadata.info.subject = format!("{} credentials, exported {date}", items.len());
    let now = printpdf::OffsetDateTime::now_utc();
    doc.metadata.info.creation_date = now;
    doc.metadata.info.modification_date = now;
    doc.metadata.info.metadata_date = now;
    let mut fonts = fonts::Fonts::load()?;
    let mut pictures = Pictures::default();
    let mut layout = Layout::new(&mut fonts);

    cover(&mut layout, items, selection, learner, &date);
    for (n, item) in items.iter().enumerate() {
        credential(
            &mut layout,
            &mut doc,
            &mut pictures,
            item,
            n + 1,
            options.verdicts.get(&item.detail.summary.id),
            options.standings.get(&item.detail.summary.id),
            &date,
        );
    }
    skills_summary(&mut layout, items);
    appendix(&mut layout, items);

    let header = match learner {
        // The name is isolated so a right-to-left name does not pull the date into its run.
        Some(name) => format!("{title} \u{2014} \u{2068}{name}\u{2069} \u{2014} {date}"),
        None => format!("{title} \u{2014} {date}"),
    };
    let mut pages = layout.finish(&header);
    fonts.embed(&mut doc, &mut pages)?;
    let pages: Vec<PdfPage> = pages
        .into_iter()
        .map(|ops| PdfPage::new(Pt(PAGE_W).into(), Pt(PAGE_H).into(), ops))
        .collect();
    let count = pages.len();
    doc.with_pages(pages);
    let pdf = serialize(&doc)?;
    Ok(Transcript {
        pdf,
        pages: count,
        credentials: items.len(),
    })
}

/// The PDF file of `doc`, its streams compressed by [`compress_streams`].
fn serialize(doc: &PdfDocument) -> Result<Vec<u8>> {
    let options = PdfSaveOptions {
        // Streams are compressed below, at a faster level than `printpdf`'s.
        optimize: false,
        // Images are given in their final form (`images.rs`): no lossy re-encoding.
        image_optimization: None,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    compress_streams(&mut pdf);
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| Error::internal(format!("the PDF transcript could not be written: {e}")))?;
    Ok(bytes)
}

/// Deflates every stream that has no filter yet (page contents, images, font tables).
///
/// `printpdf` and `lopdf` compress at zlib's best level, which was the largest single cost of a
/// 500-credential transcript (18 % of its time); the default level is several times faster and
/// the file only a few percent larger (figures in docs/BENCHMARKS.md). The XMP metadata stream
/// stays plain text, as PDF/A wants it.
fn compress_streams(pdf: &mut lopdf::Document) {
    use std::io::Write as _;
    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter")
            || stream
                .dict
                .get(b"Type")
                .and_then(lopdf::Object::as_name)
                .ok()
                == Some(b"Metadata")
        {
            continue;
        }
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(STREAM_LEVEL));
        let Ok(compressed) = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish())
        else {
            continue;
        };
        if compressed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// Images registered once per document, by content.
#[derive(Default)]
struct Pictures {
    by_key: HashMap<String, Option<(XObjectId, RawImage)>>,
}

impl Pictures {
    fn get(
        &mut self,
        doc: &mut PdfDocument,
        key: String,
        make: impl FnOnce() -> Option<RawImage>,
    ) -> Option<(XObjectId, RawImage)> {
        self.by_key
            .entry(key)
            .or_insert_with(|| {
                make().map(|img| {
                    let id = doc.add_image(&img);
                    // Only the size is needed afterwards; drop the pixels.
                    let shape = RawImage {
                        pixels: printpdf::RawImageData::U8(Vec::new()),
                        ..img
                    };
                    (id, shape)
                })
            })
            .clone()
    }
}

fn cover(
    layout: &mut Layout<'_>,
    items: &[ExportItem],
    selection: &Selection,
    learner: Option<&str>,
    date: &str,
) {
    layout.space(120.0);
    layout.paragraph("Credential transcript", Style::bold(26.0, Ink::Accent), 0.0);
    layout.space(10.0);
    if let Some(name) = learner {
        layout.paragraph(name, Style::bold(20.0, Ink::Text), 0.0);
        layout.space(6.0);
    }
    if let Some(title) = &selection.title {
        layout.paragraph(title, Style::plain(14.0, Ink::Text), 0.0);
    }
    if let Some(purpose) = &selection.purpose {
        layout.paragraph(purpose, Style::plain(11.0, Ink::Muted), 0.0);
    }
    layout.space(18.0);
    layout.rule();
    layout.space(14.0);
    let issuers: std::collections::BTreeSet<String> = items
        .iter()
        .filter_map(|i| i.detail.summary.issuer.clone())
        .collect();
    let skills: std::collections::BTreeSet<String> = items
        .iter()
        .flat_map(skills_of)
        .map(|s| s.to_lowercase())
        .collect();
    let label_w = 120.0;
    layout.field("Exported on", date, label_w, 0.0);
    layout.field("Credentials", &items.len().to_string(), label_w, 0.0);
    layout.field("Issuers", &issuers.len().to_string(), label_w, 0.0);
    layout.field("Distinct skills", &skills.len().to_string(), label_w, 0.0);
    let mut formats: BTreeMap<&str, usize> = BTreeMap::new();
    for i in items {
        *formats
            .entry(i.detail.credential.format.label())
            .or_default() += 1;
    }
    let formats = formats
        .iter()
        .map(|(f, n)| format!("{f}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if !formats.is_empty() {
        layout.field("Formats", &formats, label_w, 0.0);
    }
    layout.space(24.0);
    layout.paragraph(
        "Each credential below is listed with the details its issuer stated, its verification \
         result as of the export date, and where it can be verified. The appendix lists the \
         SHA-256 of every original file, so a copy can be matched to this transcript.",
        Style::plain(9.5, Ink::Muted),
        0.0,
    );
    layout.page_break();
}

#[allow(clippy::too_many_arguments)]
fn credential(
    layout: &mut Layout<'_>,
    doc: &mut PdfDocument,
    pictures: &mut Pictures,
    item: &ExportItem,
    number: usize,
    verdict: Option<&Report>,
    standing: Option<&crate::standing::CredentialStanding>,
    date: &str,
) {
    const SIDE: f32 = 64.0;
    const COLUMN: f32 = SIDE + 16.0;
    let d = &item.detail;
    let c = &d.credential;
    layout.keep(170.0);
    layout.space(6.0);
    let top = layout.y;
    let right = PAGE_W - MARGIN - SIDE;
    let mut column_bottom = top;
    if let Some(image) = &item.image {
        let key = crate::model::sha256_hex(&image.bytes);
        if let Some((id, img)) = pictures.get(doc, key, || images::badge(&image.bytes)) {
            let h = SIDE * img.height as f32 / img.width.max(1) as f32;
            layout.image(&id, &img, right, top, SIDE, h.min(SIDE));
            column_bottom -= SIDE + 8.0;
        }
    }
    let link = verification_url(d, None);
    if let Some(link) = &link
        && let Some((id, img)) = pictures.get(doc, format!("qr:{link}"), || images::qr(link))
    {
        layout.image(&id, &img, right, column_bottom, SIDE, SIDE);
        column_bottom -= SIDE;
        let caption = Style::plain(7.0, Ink::Muted);
        let w = layout.measure("Scan to verify", caption);
        layout.text_at(
            right + (SIDE - w) / 2.0,
            column_bottom - 8.0,
            "Scan to verify",
            caption,
        );
        column_bottom -= 12.0;
    }

    let heading = format!("{number}. {}", c.title);
    let width = layout.width() - COLUMN;
    let title_style = Style::bold(13.0, Ink::Accent);
    for line in layout.wrap(&heading, title_style, width) {
        let baseline = layout.y - 13.0;
        layout.text_at(MARGIN, baseline, &line, title_style);
        layout.space(17.0);
    }
    let issuer = c.issuer.name.as_deref().or(c.issuer.id.as_deref());
    if let Some(issuer) = issuer {
        let style = Style::plain(10.5, Ink::Muted);
        for line in layout.wrap(&format!("Issued by {issuer}"), style, width) {
            let baseline = layout.y - 10.5;
            layout.text_at(MARGIN, baseline, &line, style);
            layout.space(14.0);
        }
    }
    layout.space(4.0);

    let mut fields: Vec<(&str, String)> = vec![("Status", status_words(standing))];
    if let Some(v) = &c.issued_on {
        fields.push(("Issued", day(v).to_owned()));
    }
    if let Some(v) = c
        .valid_from
        .as_ref()
        .filter(|v| Some(*v) != c.issued_on.as_ref())
    {
        fields.push(("Valid from", day(v).to_owned()));
    }
    if let Some(v) = &c.valid_until {
        fields.push(("Expires", day(v).to_owned()));
    }
    let kind = match &c.achievement.achievement_type {
        Some(t) => format!("{} ({})", c.format.label(), t),
        None => c.format.label().to_owned(),
    };
    fields.push(("Type", kind));
    if let Some(desc) = c
        .achievement
        .description
        .as_ref()
        .or(c.description.as_ref())
    {
        fields.push(("Description", summarise(desc, MAX_DESCRIPTION)));
    }
    if let Some(crit) = c
        .achievement
        .criteria_narrative
        .as_ref()
        .or(c.achievement.criteria_url.as_ref())
    {
        fields.push(("Criteria", summarise(crit, 600)));
    }
    let skills = skills_of(item);
    if !skills.is_empty() {
        let mut shown: Vec<String> = skills
            .iter()
            .take(MAX_SKILLS)
            .map(|s| summarise(s, 80))
            .collect();
        if skills.len() > MAX_SKILLS {
            shown.push(format!("and {} more", skills.len() - MAX_SKILLS));
        }
        fields.push(("Skills", shown.join(", ")));
    }
    for r in c.results.iter().take(MAX_RESULTS) {
        let text = [r.name.as_deref(), r.value.as_deref(), r.status.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" \u{2014} ");
        if !text.is_empty() {
            fields.push(("Result", summarise(&text, 200)));
        }
    }
    if c.results.len() > MAX_RESULTS {
        fields.push((
            "Result",
            format!(
                "and {} more (in the original)",
                c.results.len() - MAX_RESULTS
            ),
        ));
    }
    for e in c.evidence.iter().take(MAX_EVIDENCE) {
        if let Some(text) = e.name.as_ref().or(e.narrative.as_ref()).or(e.id.as_ref()) {
            fields.push(("Evidence", summarise(text, 300)));
        }
    }
    if c.evidence.len() > MAX_EVIDENCE {
        fields.push((
            "Evidence",
            format!(
                "and {} more (in the original)",
                c.evidence.len() - MAX_EVIDENCE
            ),
        ));
    }
    if let Some(id) = &c.credential_id {
        fields.push(("Credential id", summarise(id, 300)));
    }
    fields.push(("Wallet id", d.summary.id.clone()));
    if let Some(link) = &link {
        fields.push(("Verify at", link.clone()));
    }

    let label_w = 84.0;
    for (label, value) in &fields {
        field_beside(layout, label, value, label_w, COLUMN);
    }
    verdict_rows(layout, verdict, date, label_w, COLUMN);
    if layout.y > column_bottom {
        layout.y = column_bottom;
    }
    layout.space(8.0);
    layout.rule();
    layout.space(6.0);
}

/// A field that leaves the right column free for the badge and QR code.
fn field_beside(layout: &mut Layout<'_>, label: &str, value: &str, label_w: f32, column: f32) {
    let style = Style::plain(9.5, Ink::Text);
    let label_style = Style::bold(9.5, Ink::Muted);
    let width = layout.width() - label_w - column;
    let lines = layout.wrap(value, style, width);
    for (i, line) in lines.iter().enumerate() {
        layout.keep(13.0);
        let baseline = layout.y - 9.5;
        if i == 0 {
            layout.text_at(MARGIN, baseline, label, label_style);
        }
        layout.text_at(MARGIN + label_w, baseline, line, style);
        layout.space(12.8);
    }
}

/// The Status row of a credential: "Current", "Expired on … (valid … to …)", or what it is
/// when the learner included it despite its verdict.
pub fn status_words(standing: Option<&crate::standing::CredentialStanding>) -> String {
    use crate::standing::Standing;
    let Some(s) = standing else {
        return "Not checked".to_owned();
    };
    let dates = s.dates().map(|d| format!(" ({d})")).unwrap_or_default();
    match s.standing {
        Standing::Usable => format!("Current{dates}"),
        Standing::Expired => format!("{}{dates}", s.label().unwrap_or_default()),
        Standing::NotYetValid | Standing::Withheld => format!(
            "{}{dates} \u{2014} included at the learner's request",
            s.label().unwrap_or_default()
        ),
    }
}

/// How a verdict reads, and its colour.
pub fn verdict_words(verdict: Verdict) -> (&'static str, Ink) {
    match verdict {
        Verdict::Valid => ("Valid", Ink::Good),
        Verdict::Invalid => ("Not valid", Ink::Bad),
        Verdict::Indeterminate => ("Could not be fully checked", Ink::Muted),
    }
}

/// The mark shown before a check.
pub fn check_mark(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "\u{2713}",
        CheckStatus::Fail => "\u{2717}",
        CheckStatus::Warn => "!",
        CheckStatus::Skip => "\u{2013}",
    }
}

fn verdict_rows(
    layout: &mut Layout<'_>,
    report: Option<&Report>,
    date: &str,
    label_w: f32,
    column: f32,
) {
    let Some(report) = report else {
        field_beside(
            layout,
            "Verification",
            &format!("Not checked at export ({date})."),
            label_w,
            column,
        );
        return;
    };
    let (words, ink) = verdict_words(report.verdict);
    layout.keep(13.0);
    let baseline = layout.y - 9.5;
    layout.text_at(
        MARGIN,
        baseline,
        "Verification",
        Style::bold(9.5, Ink::Muted),
    );
    layout.text_at(
        MARGIN + label_w,
        baseline,
        &format!("{words} (as of {})", day(&report.checked_at)),
        Style::bold(9.5, ink),
    );
    layout.space(12.8);
    for check in &report.checks {
        let text = format!(
            "{} {}: {}",
            check_mark(check.status),
            check.name.as_str(),
            check.message
        );
        field_beside(layout, "", &text, label_w, column);
    }
}

/// The most of a description a transcript shows: an employer reads a summary; the whole text
/// stays in the original (and the evidence package).
const MAX_DESCRIPTION: usize = 800;
/// The most skills, results and evidence items listed per credential; the rest are counted.
const MAX_SKILLS: usize = 25;
const MAX_RESULTS: usize = 20;
const MAX_EVIDENCE: usize = 10;

fn summarise(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    format!("{}\u{2026}", cut.trim_end())
}

fn skills_summary(layout: &mut Layout<'_>, items: &[ExportItem]) {
    let mut skills: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for item in items {
        for s in skills_of(item) {
            let entry = skills
                .entry(s.to_lowercase())
                .or_insert_with(|| (s.clone(), Vec::new()));
            entry.1.push(item.detail.credential.title.clone());
        }
    }
    layout.page_break();
    layout.paragraph("Skills summary", Style::bold(16.0, Ink::Accent), 0.0);
    layout.space(8.0);
    if skills.is_empty() {
        layout.paragraph(
            "None of these credentials names a skill or competency.",
            Style::plain(10.0, Ink::Muted),
            0.0,
        );
        return;
    }
    let mut rows: Vec<(String, Vec<String>)> = skills.into_values().collect();
    rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    for (skill, titles) in rows {
        layout.keep(30.0);
        layout.paragraph(
            &format!("{skill} ({})", titles.len()),
            Style::bold(10.0, Ink::Text),
            0.0,
        );
        layout.paragraph(&titles.join("; "), Style::plain(9.0, Ink::Muted), 12.0);
        layout.space(4.0);
    }
}

fn appendix(layout: &mut Layout<'_>, items: &[ExportItem]) {
    layout.page_break();
    layout.paragraph(
        "Appendix: original files",
        Style::bold(16.0, Ink::Accent),
        0.0,
    );
    layout.paragraph(
        "The SHA-256 of each file exactly as it was imported. Credentials that came in one \
         file share it.",
        Style::plain(9.0, Ink::Muted),
        0.0,
    );
    layout.space(8.0);
    for (n, item) in items.iter().enumerate() {
        let d = &item.detail;
        layout.keep(40.0);
        layout.paragraph(
            &format!("{}. {} [{}]", n + 1, d.credential.title, d.summary.id),
            Style::bold(9.0, Ink::Text),
            0.0,
        );
        layout.paragraph(
            &format!("{} ({} bytes)", d.original.file_name, d.original.size),
            Style::plain(8.5, Ink::Muted),
            12.0,
        );
        layout.paragraph(&d.original.sha256, Style::plain(8.5, Ink::Text), 12.0);
        layout.space(3.0);
    }
}
