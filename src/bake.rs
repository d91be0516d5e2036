//! Baking out: writing a credential into a PNG or SVG image that re-imports to the same
//! credential, for sharing and for exports.
//!
//! PNG: an `iTXt` chunk (`openbadgecredential` for Open Badges 3.0 and other Verifiable
//! Credentials, `openbadges` for 0.5–2.0) holding the document exactly as stored, placed just
//! before `IEND` of the badge's own image (other badge chunks removed), or of a plain generated
//! image when the badge has none. SVG: an `<openbadges:credential>` or `<openbadges:assertion>`
//! element holding a compact JWS/JWT in `verify` or JSON in CDATA, over the badge's image.

use crate::error::{Error, ErrorCode, Result};
use crate::import::png::{KEYWORD_OB2, KEYWORD_OB3, SIGNATURE, chunks};
use crate::import::svg::{NS_OB2, NS_OB3};
use crate::model::{Format, Image};
use crate::wallet::Wallet;

/// The image type to bake into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BakeKind {
    /// A PNG image with an `iTXt` chunk.
    Png,
    /// An SVG image with an Open Badges element.
    Svg,
}

impl BakeKind {
    /// The kind matching a file name's extension (`.png`, `.svg`), if any.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".png") {
            Some(Self::Png)
        } else if lower.ends_with(".svg") {
            Some(Self::Svg)
        } else {
            None
        }
    }
}

/// Whether a format is baked the Open Badges 3.0 way (`openbadgecredential`).
pub fn bakes_as_ob3(format: Format) -> bool {
    use Format::*;
    !matches!(
        format,
        Ob05Json | Ob1Json | Ob2Json | Ob2Jws | Ob2BakedPng | Ob2BakedSvg
    )
}

/// Bakes the stored credential `id` into an image. A credential imported from an image of the
/// same kind is returned as that original file, byte for byte.
pub fn bake_credential(wallet: &Wallet, id: &str, kind: BakeKind) -> Result<Vec<u8>> {
    let detail = wallet.get(id)?;
    let format = detail.credential.format;
    let from_image = match kind {
        BakeKind::Png => matches!(format, Format::Ob2BakedPng | Format::Ob3BakedPng),
        BakeKind::Svg => matches!(format, Format::Ob2BakedSvg | Format::Ob3BakedSvg),
    };
    if from_image && detail.summary.parent_id.is_none() {
        return Ok(wallet.original(&detail.summary.id)?.bytes);
    }
    let image = wallet.image(&detail.summary.id)?;
    let ob3 = bakes_as_ob3(format);
    match kind {
        BakeKind::Png => {
            let base = image
                .as_ref()
                .filter(|i| i.bytes.starts_with(SIGNATURE))
                .map(|i| i.bytes.as_slice());
            bake_png(&detail.document, ob3, base)
        }
        BakeKind::Svg => Ok(bake_svg(&detail.document, ob3, image.as_ref()).into_bytes()),
    }
}

/// Bakes `document` into a PNG: into `base` when given (its badge chunks replaced), else into
/// a plain generated image.
pub fn bake_png(document: &str, ob3: bool, base: Option<&[u8]>) -> Result<Vec<u8>> {
    let generated;
    let base = match base {
        Some(b) => b,
        None => {
            generated = plain_png()?;
            &generated
        }
    };
    let mut out = Vec::with_capacity(base.len() + document.len() + 64);
    out.extend_from_slice(SIGNATURE);
    for chunk in chunks("the badge image", base)? {
        let data = &base[chunk.data..chunk.data + chunk.len];
        let is_badge = matches!(&chunk.kind, b"iTXt" | b"tEXt" | b"zTXt")
            && [KEYWORD_OB2, KEYWORD_OB3].iter().any(|k| {
                data.strip_prefix(k.as_bytes())
                    .is_some_and(|rest| rest.first() == Some(&0))
            });
        if is_badge {
            continue;
        }
        if &chunk.kind == b"IEND" {
            let keyword = if ob3 { KEYWORD_OB3 } else { KEYWORD_OB2 };
            let mut itxt = Vec::with_capacity(keyword.len() + 5 + document.len());
            itxt.extend_from_slice(keyword.as_bytes());
            // NUL, not compressed, method 0, empty language tag, empty translated keyword.
            itxt.extend_from_slice(&[0, 0, 0, 0, 0]);
            itxt.extend_from_slice(document.as_bytes());
            write_chunk(&mut out, b"iTXt", &itxt)?;
        }
        out.extend_from_slice(&base[chunk.start..chunk.end()]);
    }
    Ok(out)
}

fn write_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) -> Result<()> {
    let len = u32::try_from(data.len())
        .ok()
        .filter(|l| *l <= 0x7fff_ffff)
        .ok_or_else(|| Error::new(ErrorCode::TooLarge, "the credential is too large to bake"))?;
    out.extend_from_slice(&len.to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
    Ok(())
}

/// A 256×256 badge-coloured square, for credentials that come without an image.
fn plain_png() -> Result<Vec<u8>> {
    const SIDE: u32 = 256;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, SIDE, SIDE);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let fail = |e: png::EncodingError| Error::internal(format!("cannot draw a badge image: {e}"));
    let mut writer = encoder.write_header().map_err(fail)?;
    let pixels: Vec<u8> = (0..SIDE * SIDE).flat_map(|_| [0x2e, 0x5e, 0x4e]).collect();
    writer.write_image_data(&pixels).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

/// Bakes `document` into an SVG showing `image` (any image type, embedded as a `data:` URI),
/// or a plain badge shape when there is none.
pub fn bake_svg(document: &str, ob3: bool, image: Option<&Image>) -> String {
    let (element, ns) = if ob3 {
        ("credential", NS_OB3)
    } else {
        ("assertion", NS_OB2)
    };
    let text = document.trim();
    let badge = if text.starts_with('{') || text.starts_with('[') {
        // "]]>" cannot appear inside CDATA: split it across two sections.
        let cdata = text.replace("]]>", "]]]]><![CDATA[>");
        format!("  <openbadges:{element}><![CDATA[{cdata}]]></openbadges:{element}>\n")
    } else {
        format!(
            "  <openbadges:{element} verify=\"{}\"/>\n",
            quick_xml::escape::escape(text)
        )
    };
    let picture = match image {
        Some(img) => format!(
            "  <image width=\"256\" height=\"256\" href=\"{}\"/>\n",
            img.data_uri()
        ),
        None => "  <circle cx=\"128\" cy=\"128\" r=\"120\" fill=\"#2e5e4e\"/>\n".to_owned(),
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"{ns}\" width=\"256\" height=\"256\" viewBox=\"0 0 256 256\">\n{badge}{picture}</svg>\n"
    )
}
