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
    // An opaque image needs no soft mask: three channels instead of four, one stream not two.
    let (pixels, data_format) = if rgba.chunks_exact(4).all(|p| p[3] == u8::MAX) {
        let rgb = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        (rgb, RawImageFormat::RGB8)
    } else {
        (rgba, RawImageFormat::RGBA8)
    };
    Some(RawImage {
        pixels: RawImageData::U8(pixels),
        width: w,
        height: h,
        data_format,
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

/// The QR mask every code uses. The standard lets an encoder pick any of the eight; scoring all
/// eight per code (what `QrCode::new` does) was a tenth of a 500-credential transcript's time,
/// and a printed URL code read by a phone camera needs no more than a fixed one (the
/// `transcript_qr_codes_scan_to_their_urls` test decodes every code of a transcript).
const QR_MASK: qrcode::canvas::MaskPattern = qrcode::canvas::MaskPattern::DiagonalLines;

/// The dark/light modules of a QR code for `text` (error correction M, fixed mask), row by row,
/// with its width in modules; `None` when the text is too long to encode.
fn qr_modules(text: &str) -> Option<(Vec<qrcode::Color>, usize)> {
    let level = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(text.as_bytes(), level).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = qrcode::canvas::Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(QR_MASK);
    let width = usize::try_from(version.width()).ok()?;
    Some((canvas.into_colors(), width))
}

/// A QR code for `text` as a greyscale image with its quiet zone, or `None` when the text is
/// too long to encode.
pub fn qr(text: &str) -> Option<RawImage> {
    let (colors, modules) = qr_modules(text)?;
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
