//! Baked PNG badges: walking the chunks to find the `openbadges` / `openbadgecredential` text.
//!
//! The chunks are walked by hand with every length checked against the file; the pixels are
//! never decoded. Open Badges 2.0 bakes an `iTXt` (or, before 2.0, a `tEXt`) chunk with keyword
//! `openbadges` holding assertion JSON, a compact JWS or a URL; Open Badges 3.0 bakes an `iTXt`
//! chunk with keyword `openbadgecredential` holding credential JSON or a VC-JWT. Real files put
//! the chunk after `IDAT`; only the first badge chunk counts.

use super::{Baked, Limits};
use crate::error::{Error, ErrorCode, Result};
use std::io::Read as _;

/// The eight bytes every PNG file starts with.
pub const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The keyword of an Open Badges 0.5–2.0 badge chunk.
pub const KEYWORD_OB2: &str = "openbadges";
/// The keyword of an Open Badges 3.0 badge chunk.
pub const KEYWORD_OB3: &str = "openbadgecredential";

/// One chunk: its type and where its data lies in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// The four-letter type (`IHDR`, `iTXt`, ...).
    pub kind: [u8; 4],
    /// Offset of the chunk's length field.
    pub start: usize,
    /// Offset of its data.
    pub data: usize,
    /// Length of its data.
    pub len: usize,
}

impl Chunk {
    /// The offset just past the chunk's CRC.
    pub fn end(&self) -> usize {
        self.data + self.len + 4
    }
}

/// Every chunk of a PNG file, up to and including `IEND`, each checked to lie inside the file.
pub fn chunks(name: &str, bytes: &[u8]) -> Result<Vec<Chunk>> {
    if !bytes.starts_with(SIGNATURE) {
        return Err(Error::invalid(format!("{name}: not a PNG file")));
    }
    let mut out = Vec::new();
    let mut pos = SIGNATURE.len();
    loop {
        let header = bytes.get(pos..pos + 8).ok_or_else(|| {
            Error::invalid(format!(
                "{name}: the PNG image is truncated (it ends at byte {} without an IEND chunk)",
                bytes.len()
            ))
        })?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let kind = [header[4], header[5], header[6], header[7]];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(Error::invalid(format!(
                "{name}: the PNG image is damaged (a chunk at byte {pos} has no valid type)"
            )));
        }
        let data = pos + 8;
        // Lengths above 2^31 - 1 are invalid in PNG; anything past the end is a lie.
        let end = (len <= 0x7fff_ffff)
            .then(|| data.checked_add(len as usize)?.checked_add(4))
            .flatten()
            .filter(|end| *end <= bytes.len())
            .ok_or_else(|| {
                Error::invalid(format!(
                    "{name}: the PNG image is damaged: chunk {} at byte {pos} claims {len} bytes, past the end of the file ({} bytes)",
                    String::from_utf8_lossy(&kind),
                    bytes.len()
                ))
            })?;
        let chunk = Chunk {
            kind,
            start: pos,
            data,
            len: len as usize,
        };
        out.push(chunk);
        if &kind == b"IEND" {
            return Ok(out);
        }
        pos = end;
    }
}

/// Finds the first badge chunk of a PNG file. `Ok(None)` means a sound PNG without a badge.
pub fn find(name: &str, bytes: &[u8], limits: &Limits) -> Result<Option<Baked>> {
    for chunk in chunks(name, bytes)? {
        let data = &bytes[chunk.data..chunk.data + chunk.len];
        let text = match &chunk.kind {
            b"iTXt" => itxt(name, data, limits)?,
            b"tEXt" => text_chunk(data),
            b"zTXt" => ztxt(name, data, limits)?,
            _ => None,
        };
        let Some((keyword, text)) = text else {
            continue;
        };
        let ob3 = match keyword.as_str() {
            KEYWORD_OB3 => true,
            KEYWORD_OB2 => false,
            _ => continue,
        };
        let crc = crc32fast::hash(&bytes[chunk.start + 4..chunk.data + chunk.len]);
        let stored = &bytes[chunk.data + chunk.len..chunk.end()];
        if crc.to_be_bytes() != stored {
            return Err(Error::invalid(format!(
                "{name}: the PNG image's badge chunk is damaged (its checksum does not match)"
            )));
        }
        return Ok(Some(Baked { text, ob3 }));
    }
    Ok(None)
}

fn split_nul(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = data.iter().position(|b| *b == 0)?;
    Some((&data[..at], &data[at + 1..]))
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
}

/// `tEXt`: keyword, NUL, Latin-1 text.
fn text_chunk(data: &[u8]) -> Option<(String, String)> {
    let (keyword, text) = split_nul(data)?;
    Some((latin1(keyword), latin1(text)))
}

/// `zTXt`: keyword, NUL, method (0 = zlib), compressed Latin-1 text.
fn ztxt(name: &str, data: &[u8], limits: &Limits) -> Result<Option<(String, String)>> {
    let Some((keyword, rest)) = split_nul(data) else {
        return Ok(None);
    };
    let keyword = latin1(keyword);
    if keyword != KEYWORD_OB2 && keyword != KEYWORD_OB3 {
        return Ok(None);
    }
    let compressed = rest.get(1..).unwrap_or_default();
    Ok(Some((keyword, latin1(&inflate(name, compressed, limits)?))))
}

/// `iTXt`: keyword, NUL, compression flag, method, language tag, NUL, translated keyword, NUL,
/// UTF-8 text (zlib-compressed when the flag is 1).
fn itxt(name: &str, data: &[u8], limits: &Limits) -> Result<Option<(String, String)>> {
    let Some((keyword, rest)) = split_nul(data) else {
        return Ok(None);
    };
    let keyword = latin1(keyword);
    if keyword != KEYWORD_OB2 && keyword != KEYWORD_OB3 {
        return Ok(None);
    }
    let damaged = || Error::invalid(format!("{name}: the PNG image's badge chunk is malformed"));
    let (&[flag, _method], rest) = rest.split_at_checked(2).ok_or_else(damaged)? else {
        return Err(damaged());
    };
    let (_language, rest) = split_nul(rest).ok_or_else(damaged)?;
    let (_translated, text) = split_nul(rest).ok_or_else(damaged)?;
    let text = if flag == 1 {
        inflate(name, text, limits)?
    } else {
        text.to_vec()
    };
    let text = String::from_utf8(text).map_err(|e| {
        Error::invalid(format!(
            "{name}: the PNG image's badge text is not valid UTF-8 ({e})"
        ))
    })?;
    Ok(Some((keyword, text)))
}

/// Inflates zlib data, refusing output larger than the file limit.
fn inflate(name: &str, data: &[u8], limits: &Limits) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            Error::invalid(format!(
                "{name}: the PNG image's compressed badge text is damaged ({e})"
            ))
        })?;
    if out.len() as u64 > limits.max_file_bytes {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!("{name}: the PNG image's compressed badge text inflates past the size limit"),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc32fast::hash(&out[4..]).to_be_bytes());
        out
    }

    fn png(chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        for c in chunks {
            out.extend_from_slice(c);
        }
        out
    }

    #[test]
    fn the_first_badge_chunk_counts_and_others_are_ignored() {
        let file = png(&[
            chunk(b"IHDR", &[0; 13]),
            chunk(b"tEXt", b"Comment\0hello"),
            chunk(b"iTXt", b"openbadgecredential\0\0\0\0\0{\"first\":1}"),
            chunk(b"iTXt", b"openbadges\0\0\0\0\0{\"second\":2}"),
            chunk(b"IEND", b""),
        ]);
        let baked = find("t.png", &file, &Limits::default()).unwrap().unwrap();
        assert_eq!(baked.text, "{\"first\":1}");
        assert!(baked.ob3);
    }

    #[test]
    fn compressed_itxt_is_inflated_within_the_limit() {
        use std::io::Write as _;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![b' '; 4096]).unwrap();
        let mut data = b"openbadges\0\x01\0\0\0".to_vec();
        data.extend_from_slice(&z.finish().unwrap());
        let file = png(&[chunk(b"iTXt", &data), chunk(b"IEND", b"")]);
        let found = find("t.png", &file, &Limits::default()).unwrap().unwrap();
        assert_eq!(found.text.len(), 4096);
        let small = Limits {
            max_file_bytes: 1000,
            ..Limits::default()
        };
        let err = find("t.png", &file, &small).unwrap_err();
        assert_eq!(err.code, ErrorCode::TooLarge);
    }

    #[test]
    fn structure_errors_are_refused() {
        assert!(
            find("t.png", SIGNATURE, &Limits::default()).is_err(),
            "no IEND"
        );
        let no_end = png(&[chunk(b"IHDR", &[0; 13])]);
        let err = find("t.png", &no_end, &Limits::default()).unwrap_err();
        assert!(err.message.contains("truncated"), "{}", err.message);
        let bad_type = png(&[chunk(b"I\0DR", &[0; 13]), chunk(b"IEND", b"")]);
        assert!(find("t.png", &bad_type, &Limits::default()).is_err());
        let plain = png(&[chunk(b"IHDR", &[0; 13]), chunk(b"IEND", b"")]);
        assert_eq!(find("t.png", &plain, &Limits::default()).unwrap(), None);
    }
}
