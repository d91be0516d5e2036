//! Exports: the shapes in which credentials leave the wallet (LinkedIn links, PDF transcripts,
//! evidence packages).
//!
//! Every export works over a list of wallet ids plus an optional [`Selection`] title, so the
//! whole wallet, a hand-picked list and a portfolio all go through the same calls.

pub mod linkedin;
pub mod package;
pub mod presentation;
pub mod transcript;

use crate::error::{Error, Result};
use crate::model::Image;
use crate::wallet::{CredentialDetail, Wallet};

/// What is being exported: a title and purpose shown on covers, and the credentials in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// A title for the set ("Portfolio: Data analyst"); `None` for the whole wallet.
    pub title: Option<String>,
    /// Why it was put together, shown under the title.
    pub purpose: Option<String>,
    /// Wallet ids (or unique prefixes) of the credentials, in the order to show them.
    pub ids: Vec<String>,
}

impl Selection {
    /// Every top-level credential in the wallet (nested CLR members come with their container),
    /// newest first.
    pub fn whole_wallet(wallet: &Wallet) -> Result<Self> {
        let ids = wallet
            .list()?
            .into_iter()
            .filter(|c| c.parent_id.is_none())
            .map(|c| c.id)
            .collect();
        Ok(Self {
            title: None,
            purpose: None,
            ids,
        })
    }
}

impl Selection {
    /// A portfolio's credentials, in its order, with its name and purpose.
    pub fn portfolio(wallet: &Wallet, portfolio: &str) -> Result<Self> {
        let p = crate::portfolio::show(wallet, portfolio)?;
        Ok(Self {
            ids: p.credential_ids(),
            title: Some(p.name),
            purpose: p.purpose,
        })
    }
}

/// What an output of `selection` may use (see [`crate::standing`]): the selection narrowed to
/// those credentials, in order, and the standings, with the list of those left out. With
/// `include_invalid` nothing is left out; the standings still label what was included.
pub fn obeying(
    wallet: &Wallet,
    selection: &Selection,
    include_invalid: bool,
) -> Result<(Selection, crate::standing::Selected)> {
    let picked = crate::standing::select_ids(wallet, &selection.ids, include_invalid)?;
    let narrowed = Selection {
        ids: picked.ids.clone(),
        ..selection.clone()
    };
    Ok((narrowed, picked))
}

/// Verifies each credential as stored, with `options` (offline unless they carry a fetcher),
/// giving the reports a transcript or package shows "as of the export date".
pub fn verify_all(
    items: &[ExportItem],
    options: &crate::verify::VerifyOptions<'_>,
) -> std::collections::HashMap<String, crate::verify::Report> {
    items
        .iter()
        .map(|item| {
            (
                item.detail.summary.id.clone(),
                crate::verify::verify_document(&item.detail.document, options),
            )
        })
        .collect()
}

/// A credential loaded for export: its details and its badge image, if one is stored.
#[derive(Debug, Clone)]
pub struct ExportItem {
    /// Everything the wallet knows about it.
    pub detail: CredentialDetail,
    /// The badge image, decoded from the wallet.
    pub image: Option<Image>,
}

/// Loads the credentials of `ids`, in order. An unknown id is an error naming it.
pub fn gather(wallet: &Wallet, ids: &[String]) -> Result<Vec<ExportItem>> {
    ids.iter()
        .map(|id| {
            let detail = wallet.get(id)?;
            let image = detail.summary.image.as_deref().and_then(decode_data_uri);
            Ok(ExportItem { detail, image })
        })
        .collect()
}

/// Decodes a base64 `data:` URI into an image; `None` for anything else.
pub fn decode_data_uri(uri: &str) -> Option<Image> {
    use base64::Engine as _;
    let rest = uri.strip_prefix("data:")?;
    let (meta, data) = rest.split_once(',')?;
    let media_type = meta.strip_suffix(";base64")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .ok()?;
    Some(Image {
        media_type: media_type.to_owned(),
        bytes,
    })
}

/// A verification URL for a credential that does not expire: the learner's own choice first,
/// else the credential's id when it is an `https` URL (a hosted assertion).
pub fn verification_url(detail: &CredentialDetail, supplied: Option<&str>) -> Option<String> {
    if let Some(url) = supplied {
        return Some(url.to_owned());
    }
    detail
        .credential
        .credential_id
        .as_deref()
        .filter(|id| is_https(id))
        .map(str::to_owned)
}

pub(crate) fn is_https(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| u.scheme() == "https" && u.host().is_some())
}

/// `(year, month)` of an RFC 3339 date or date-time, with the month checked to be 1–12.
pub fn year_month(date: &str) -> Option<(i32, u32)> {
    let year: i32 = date.get(..4)?.parse().ok()?;
    if date.get(4..5)? != "-" {
        return None;
    }
    let month: u32 = date.get(5..7)?.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// The date part (`YYYY-MM-DD`) of an RFC 3339 value, or the value as given.
pub fn day(date: &str) -> &str {
    date.get(..10)
        .filter(|d| d.as_bytes().get(4) == Some(&b'-'))
        .unwrap_or(date)
}

/// Writes `bytes` to `path` through a temporary file beside it, so a failed export never leaves
/// a half-written file under the chosen name.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid(format!("{}: not a file name", path.display())))?;
    let tmp = dir.join(format!(".{}.part", name.to_string_lossy()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, &e)
    })
}
