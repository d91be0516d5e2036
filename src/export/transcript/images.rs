//! Pictures in the transcript: badge images decoded from PNG (scaled down to print size) and
//! QR codes for verification URLs, both as PDF image objects shared across pages.

use printpdf::{RawImage, RawImageData, RawImageFormat};

/// Longest side, in pixels, a badge image is stored at in the PDF (about 150 dpi at print size).
const MAX_SIDE: usize = 128;
/// Pixels per QR module, so viewers that smooth images still show crisp modules.
const QR_SCALE: usize = 4;
/// Quiet zone around a QR code, in modules.
const QR_QUIET: usize = 4;

/// Decodes a PNG badge image to RGBA and scales it down to at most [`MAX_SIDE`] pixels.
/// `None` for anything that is not a readable PNG (SVG badges are not rasterised here).
pub fn badge(bytes: &[u8]) -> Option<RawImage> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let frame = reader.next_frame(&mut buf).ok()?;
    let (w, h) = (frame.width as usize, frame.height as usize);
    if w == 0 || h == 0 {
        return None;
    }
    let data = &buf[..frame.buffer_size()];
    let rgba: Vec<u8> = match frame.color_type {
        png::ColorType::Rgba => data.to_vec(),
        png::ColorType::Rgb => data
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::Grayscale => data.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::GrayscaleAlpha => data
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Indexed => return None,
    };
    let (rgba, w, h) = shrink(rgba, w, h);
    Some(RawImage {
        pixels: RawImageData::U8(rgba),
        width: w,
        height: h,
        data_format: RawImageFormat::RGBA8,
        tag: Vec::new(),
    })
}

/// Box-filters an RGBA image down so its longest side is at most [`MAX_SIDE`].
fn shrink(rgba: Vec<u8>, w: usize, h: usize) -> (Vec<u8>, usize, usize) {
    let factor = w.max(h).div_ceil(MAX_SIDE);
    if factor <= 1 {
        return (rgba, w, h);
    }
    let (nw, nh) = (w.div_ceil(factor), h.div_ceil(factor));
    let mut out = vec![0u8; nw * nh * 4];
    for ny in 0..nh {
        for nx in 0..nw {
            let mut sum = [0u32; 4];
            let mut n = 0u32;
            for y in ny * factor..((ny + 1) * factor).min(h) {
                for x in nx * factor..((nx + 1) * factor).min(w) {
                    let i = (y * w + x) * 4;
                    for (s, v) in sum.iter_mut().zip(&rgba[i..i + 4]) {
                        *s += u32::from(*v);
                    }
                    n += 1;
                }
            }
            let o = (ny * nw + nx) * 4;
            for (k, s) in sum.iter().enumerate() {
                out[o + k] = u8::try_from(s / n.max(1)).unwrap_or(u8::MAX);
            }
        }
    }
    (out, nw, nh)
}

/// A QR code for `text` as a greyscale image with its quiet zone, or `None` when the text is
/// too long to encode.
pub fn qr(text: &str) -> Option<RawImage> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QR_QUIET) * QR_SCALE;
    let mut pixels = vec![255u8; side * side];
    for (i, c) in colors.iter().enumerate() {
        if *c != qrcode::Color::Dark {
            continue;
        }
        let (mx, my) = (i % modules + QR_QUIET, i / modules + QR_QUIET);
        for dy in 0..QR_SCALE {
            let row = (my * QR_SCALE + dy) * side;
            for dx in 0..QR_SCALE {
                pixels[row + mx * QR_SCALE + dx] = 0;
            }
        }
    }
    Some(RawImage {
        pixels: RawImageData::U8(pixels),
        width: side,
        height: side,
        data_format: RawImageFormat::R8,
        tag: Vec::new(),
    })
}
