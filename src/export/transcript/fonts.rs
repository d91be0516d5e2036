//! The transcript's embedded fonts and text shaping: font fallback, bidirectional reordering
//! and OpenType shaping (`rustybuzz`), turning a line of text into positioned glyph runs.
//!
//! DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic; Droid Sans Fallback covers
//! Chinese, Japanese and Korean. Each character is drawn with the first font that has it.

use printpdf::{Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFontHandle, TextItem};
use std::collections::{BTreeSet, HashMap};

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
const FALLBACK: &[u8] = include_bytes!("../../../assets/fonts/DroidSansFallback.ttf");

/// Which of the embedded faces a run is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
    /// Droid Sans Fallback (CJK).
    Fallback,
}

/// Glyphs of one font, in visual order, ready to be shown.
#[derive(Debug, Clone)]
pub struct GlyphRun {
    /// The face they belong to.
    pub face: Face,
    /// The glyphs with their text (for copy and search) and kerning adjustments.
    pub glyphs: Vec<Codepoint>,
}

/// A shaped line: runs left to right, and its width at the size it was shaped for.
#[derive(Debug, Clone, Default)]
pub struct ShapedLine {
    /// The runs in visual order.
    pub runs: Vec<GlyphRun>,
    /// The width in points.
    pub width: f32,
}

struct Loaded {
    bytes: &'static [u8],
    name: &'static str,
    face: rustybuzz::Face<'static>,
    /// A placeholder id used while laying out; [`Fonts::embed`] swaps in the real one.
    id: FontId,
    upem: f32,
    used: BTreeSet<u16>,
}

/// The fonts with a shaper over them; [`Fonts::embed`] adds the glyphs used to a document.
pub struct Fonts {
    regular: Loaded,
    bold: Loaded,
    fallback: Loaded,
    /// The text each glyph stands for, first use wins, so the ToUnicode map is stable.
    glyph_text: HashMap<(Face, u16), String>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").finish_non_exhaustive()
    }
}

fn load(bytes: &'static [u8], name: &'static str) -> crate::Result<Loaded> {
    let face = rustybuzz::Face::from_slice(bytes, 0).ok_or_else(|| broken(name))?;
    let upem = face.units_per_em() as f32;
    Ok(Loaded {
        bytes,
        name,
        face,
        id: FontId(format!("cairn-{}", name.replace(' ', "-"))),
        upem,
        used: BTreeSet::new(),
    })
}

fn broken(name: &str) -> crate::Error {
    crate::Error::internal(format!("the embedded font {name} cannot be read"))
}

impl Fonts {
    /// Loads the embedded fonts.
    pub fn load() -> crate::Result<Self> {
        Ok(Self {
            regular: load(REGULAR, "DejaVu Sans")?,
            bold: load(BOLD, "DejaVu Sans Bold")?,
            fallback: load(FALLBACK, "Droid Sans Fallback")?,
            glyph_text: HashMap::new(),
        })
    }

    /// Embeds a subset of each font (only the glyphs used) into `doc`, and rewrites the pages'
    /// font references and glyph ids to match.
    pub fn embed(&self, doc: &mut PdfDocument, pages: &mut [Vec<Op>]) -> crate::Result<()> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        let mut remaps: HashMap<String, (FontId, HashMap<u16, u16>)> = HashMap::new();
        for loaded in [&self.regular, &self.bold, &self.fallback] {
            if loaded.used.is_empty() {
                continue;
            }
            let ids: Vec<u16> = std::iter::once(0)
                .chain(loaded.used.iter().copied().filter(|g| *g != 0))
                .collect();
            let file = ReadScope::new(loaded.bytes)
                .read::<FontData<'_>>()
                .map_err(|_| broken(loaded.name))?;
            let provider = file.table_provider(0).map_err(|_| broken(loaded.name))?;
            let subset = allsorts::subset::subset(
                &provider,
                &ids,
                &allsorts::subset::SubsetProfile::Pdf,
                allsorts::subset::CmapTarget::Unicode,
            )
            .map_err(|e| {
                crate::Error::internal(format!("cannot subset the font {}: {e}", loaded.name))
            })?;
            let parsed = ParsedFont::from_bytes(&subset, 0, &mut Vec::new())
                .ok_or_else(|| broken(loaded.name))?;
            let real = doc.add_font(&parsed);
            let map = ids
                .iter()
                .enumerate()
                .map(|(new, old)| (*old, u16::try_from(new).unwrap_or(0)))
                .collect();
            remaps.insert(loaded.id.0.clone(), (real, map));
        }
        for page in pages {
            let mut current: Option<&HashMap<u16, u16>> = None;
            for op in page.iter_mut() {
                match op {
                    Op::SetFont {
                        font: PdfFontHandle::External(id),
                        ..
                    } => {
                        if let Some((real, map)) = remaps.get(&id.0) {
                            *id = real.clone();
                            current = Some(map);
                        }
                    }
                    Op::ShowText { items } => {
                        let Some(map) = current else { continue };
                        for item in items {
                            if let TextItem::GlyphIds(glyphs) = item {
                                for g in glyphs {
                                    g.gid = map.get(&g.gid).copied().unwrap_or(0);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn loaded(&self, face: Face) -> &Loaded {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Fallback => &self.fallback,
        }
    }

    /// The PDF font id of a face.
    pub fn id(&self, face: Face) -> &FontId {
        &self.loaded(face).id
    }

    fn face_for(&self, c: char, bold: bool) -> Face {
        let main = if bold { Face::Bold } else { Face::Regular };
        if self.loaded(main).face.glyph_index(c).is_some() {
            main
        } else if self.fallback.face.glyph_index(c).is_some() {
            Face::Fallback
        } else {
            main
        }
    }

    /// The width of `text` in points at `size`, as it will be drawn.
    pub fn width(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        self.shape(text, size, bold).width
    }

    /// Shapes one line of text: bidirectional runs in visual order, split by font, each shaped.
    pub fn shape(&mut self, text: &str, size: f32, bold: bool) -> ShapedLine {
        let mut line = ShapedLine::default();
        if text.is_empty() {
            return line;
        }
        let info = unicode_bidi::BidiInfo::new(text, None);
        for para in &info.paragraphs {
            let (levels, runs) = info.visual_runs(para, para.range.clone());
            for run in runs {
                let rtl = levels[run.start].is_rtl();
                let mut pieces = self.split_by_face(&text[run.clone()], bold);
                if rtl {
                    pieces.reverse();
                }
                for (face, piece) in pieces {
                    let piece: String = piece.chars().filter(|c| !is_bidi_control(*c)).collect();
                    if piece.is_empty() {
                        continue;
                    }
                    let (glyphs, width) = self.shape_piece(face, &piece, rtl, size);
                    line.width += width;
                    line.runs.push(GlyphRun { face, glyphs });
                }
            }
        }
        line
    }

    fn split_by_face<'t>(&self, text: &'t str, bold: bool) -> Vec<(Face, &'t str)> {
        let mut out: Vec<(Face, &'t str)> = Vec::new();
        let mut start = 0;
        let mut current: Option<Face> = None;
        for (i, c) in text.char_indices() {
            // Spaces and marks stay in the run they are in.
            let face = if c.is_whitespace() || is_mark(c) {
                current.unwrap_or_else(|| self.face_for(c, bold))
            } else {
                self.face_for(c, bold)
            };
            match current {
                Some(f) if f != face => {
                    out.push((f, &text[start..i]));
                    start = i;
                    current = Some(face);
                }
                None => current = Some(face),
                _ => {}
            }
        }
        if let Some(f) = current {
            out.push((f, &text[start..]));
        }
        out
    }

    fn shape_piece(
        &mut self,
        face: Face,
        text: &str,
        rtl: bool,
        size: f32,
    ) -> (Vec<Codepoint>, f32) {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        let loaded = match face {
            Face::Regular => &mut self.regular,
            Face::Bold => &mut self.bold,
            Face::Fallback => &mut self.fallback,
        };
        let shaped = rustybuzz::shape(&loaded.face, &[], buffer);
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        // Byte ranges of each cluster, so every glyph knows the text it stands for.
        let mut starts: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut total_units = 0i64;
        let mut seen_cluster = std::collections::HashSet::new();
        for (info, pos) in infos.iter().zip(positions) {
            let gid = u16::try_from(info.glyph_id).unwrap_or(0);
            loaded.used.insert(gid);
            let cluster = info.cluster as usize;
            let end = starts
                .iter()
                .find(|&&s| s > cluster)
                .copied()
                .unwrap_or(text.len());
            let first = seen_cluster.insert(cluster);
            let piece = if first {
                text.get(cluster..end).unwrap_or("")
            } else {
                ""
            };
            let mapped = self
                .glyph_text
                .entry((face, gid))
                .or_insert_with(|| {
                    if piece.is_empty() {
                        "\u{200b}".to_owned()
                    } else {
                        piece.to_owned()
                    }
                })
                .clone();
            let nominal = i64::from(loaded.face.glyph_hor_advance(ttf_gid(gid)).unwrap_or(0));
            let actual = i64::from(pos.x_advance);
            total_units += actual;
            // TJ adjustments are in thousandths of an em and move left when positive.
            let offset = (nominal - actual) as f32 * 1000.0 / loaded.upem;
            glyphs.push(Codepoint {
                gid,
                offset,
                cid: Some(mapped),
            });
        }
        let width = total_units as f32 * size / loaded.upem;
        (glyphs, width)
    }
}

fn ttf_gid(gid: u16) -> rustybuzz::ttf_parser::GlyphId {
    rustybuzz::ttf_parser::GlyphId(gid)
}

/// Invisible bidirectional formatting characters, which steer reordering but are not drawn.
fn is_bidi_control(c: char) -> bool {
    matches!(c as u32, 0x200E | 0x200F | 0x061C | 0x202A..=0x202E | 0x2066..=0x2069)
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x200C | 0x200D)
}
