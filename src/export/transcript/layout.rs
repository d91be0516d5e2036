//! Page layout for the transcript: A4 pages, a cursor that flows down the page, wrapped
//! paragraphs, clean page breaks, and a header and "page n of N" footer on every page.

use super::fonts::Fonts;
use printpdf::{
    Color, Line, LinePoint, Op, PdfFontHandle, Point, Pt, RawImage, Rgb, TextItem, XObjectId,
    XObjectTransform,
};
use std::collections::HashMap;

/// A4 width in points.
pub const PAGE_W: f32 = 595.28;
/// A4 height in points.
pub const PAGE_H: f32 = 841.89;
/// Left and right margin.
pub const MARGIN: f32 = 56.0;
const TOP: f32 = PAGE_H - 64.0;
const BOTTOM: f32 = 64.0;

/// The colours used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Body text.
    Text,
    /// Labels, headers and footers.
    Muted,
    /// Headings.
    Accent,
    /// A positive verdict.
    Good,
    /// A negative verdict.
    Bad,
}

fn color(ink: Ink) -> Color {
    let (r, g, b) = match ink {
        Ink::Text => (0.1, 0.1, 0.12),
        Ink::Muted => (0.42, 0.44, 0.48),
        Ink::Accent => (0.09, 0.27, 0.45),
        Ink::Good => (0.05, 0.45, 0.2),
        Ink::Bad => (0.7, 0.1, 0.1),
    };
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// How a piece of text looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Size in points.
    pub size: f32,
    /// Bold or regular.
    pub bold: bool,
    /// Colour.
    pub ink: Ink,
}

impl Style {
    /// Regular text of `size` in `ink`.
    pub const fn plain(size: f32, ink: Ink) -> Self {
        Self {
            size,
            bold: false,
            ink,
        }
    }
    /// Bold text of `size` in `ink`.
    pub const fn bold(size: f32, ink: Ink) -> Self {
        Self {
            size,
            bold: true,
            ink,
        }
    }
    fn leading(self) -> f32 {
        self.size * 1.35
    }
}

/// Pages being laid out.
pub struct Layout<'f> {
    fonts: &'f mut Fonts,
    pages: Vec<Vec<Op>>,
    /// The cursor: the top of the next line, in points from the bottom.
    pub y: f32,
    advance_cache: HashMap<(char, bool), f32>,
}

impl std::fmt::Debug for Layout<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layout")
            .field("pages", &self.pages.len())
            .finish_non_exhaustive()
    }
}

impl<'f> Layout<'f> {
    /// A layout with one empty page.
    pub fn new(fonts: &'f mut Fonts) -> Self {
        Self {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
            advance_cache: HashMap::new(),
        }
    }

    /// The usable width between the margins.
    pub fn width(&self) -> f32 {
        PAGE_W - 2.0 * MARGIN
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page, unless the current one is still empty.
    pub fn page_break(&mut self) {
        if self.pages.last().is_some_and(Vec::is_empty) {
            self.y = TOP;
            return;
        }
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Breaks the page unless `height` points still fit above the bottom margin.
    pub fn keep(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.page_break();
        }
    }

    /// Moves the cursor down.
    pub fn space(&mut self, points: f32) {
        self.y -= points;
    }

    /// Draws one line of text with its baseline at `baseline`, starting at `x`.
    pub fn text_at(&mut self, x: f32, baseline: f32, text: &str, style: Style) {
        let shaped = self.fonts.shape(text, style.size, style.bold);
        let mut ops = vec![
            Op::StartTextSection,
            Op::SetFillColor {
                col: color(style.ink),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(baseline),
                },
            },
        ];
        for run in shaped.runs {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(self.fonts.id(run.face).clone()),
                size: Pt(style.size),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(run.glyphs)],
            });
        }
        ops.push(Op::EndTextSection);
        self.ops().extend(ops);
    }

    /// The width of `text` as drawn.
    pub fn measure(&mut self, text: &str, style: Style) -> f32 {
        self.fonts.width(text, style.size, style.bold)
    }

    /// A quick width estimate from advance widths alone (no shaping), for line breaking.
    fn estimate(&mut self, text: &str, style: Style) -> f32 {
        let mut units = 0.0;
        for c in text.chars() {
            let key = (c, style.bold);
            let w = match self.advance_cache.get(&key) {
                Some(w) => *w,
                None => {
                    let w = self.fonts.width(&c.to_string(), 1.0, style.bold);
                    self.advance_cache.insert(key, w);
                    w
                }
            };
            units += w;
        }
        units * style.size
    }

    /// Wraps `text` to `width`: at spaces, between CJK characters, and inside words too long
    /// for a line. Explicit newlines are kept.
    pub fn wrap(&mut self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            for token in tokens(para) {
                let token_w = self.estimate(&token, style);
                let is_space = token.chars().all(char::is_whitespace);
                if line_w + token_w <= width || line.is_empty() && token_w <= width {
                    if !(line.is_empty() && is_space) {
                        line.push_str(&token);
                        line_w += token_w;
                    }
                    continue;
                }
                if is_space {
                    lines.push(std::mem::take(&mut line).trim_end().to_owned());
                    line_w = 0.0;
                    continue;
                }
                if !line.trim().is_empty() {
                    lines.push(std::mem::take(&mut line).trim_end().to_owned());
                }
                line.clear();
                line_w = 0.0;
                // A word wider than the line: break it by characters.
                for c in token.chars() {
                    let cw = self.estimate(c.encode_utf8(&mut [0; 4]), style);
                    if line_w + cw > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
            lines.push(line.trim_end().to_owned());
        }
        lines
    }

    /// A wrapped paragraph at `indent` from the left margin, breaking pages between lines.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32) {
        let width = self.width() - indent;
        for line in self.wrap(text, style, width) {
            self.keep(style.leading());
            let baseline = self.y - style.size;
            self.text_at(MARGIN + indent, baseline, &line, style);
            self.y -= style.leading();
        }
    }

    /// A "Label  value" row: the label in a column, the value wrapped beside it.
    pub fn field(&mut self, label: &str, value: &str, label_w: f32, indent: f32) {
        let style = Style::plain(9.5, Ink::Text);
        let label_style = Style::bold(9.5, Ink::Muted);
        let width = self.width() - indent - label_w;
        let lines = self.wrap(value, style, width);
        for (i, line) in lines.iter().enumerate() {
            self.keep(style.leading());
            let baseline = self.y - style.size;
            if i == 0 {
                self.text_at(MARGIN + indent, baseline, label, label_style);
            }
            self.text_at(MARGIN + indent + label_w, baseline, line, style);
            self.y -= style.leading();
        }
    }

    /// A thin horizontal rule across the text width.
    pub fn rule(&mut self) {
        let y = self.y;
        self.ops().extend([
            Op::SetOutlineColor {
                col: color(Ink::Muted),
            },
            Op::SetOutlineThickness { pt: Pt(0.5) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(MARGIN),
                                y: Pt(y),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(PAGE_W - MARGIN),
                                y: Pt(y),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// Places an image registered in the document, `w` × `h` points, top-left at (`x`, `top`).
    pub fn image(&mut self, id: &XObjectId, image: &RawImage, x: f32, top: f32, w: f32, h: f32) {
        let transform = XObjectTransform {
            translate_x: Some(Pt(x)),
            translate_y: Some(Pt(top - h)),
            scale_x: Some(w / image.width.max(1) as f32),
            scale_y: Some(h / image.height.max(1) as f32),
            dpi: Some(72.0),
            ..XObjectTransform::default()
        };
        self.ops().push(Op::UseXobject {
            id: id.clone(),
            transform,
        });
    }

    /// Finishes: adds the header (from the second page on) and "page n of N" footers, and
    /// returns each page's operations.
    pub fn finish(mut self, header: &str) -> Vec<Vec<Op>> {
        let total = self.pages.len();
        let mut pages = std::mem::take(&mut self.pages);
        let small = Style::plain(8.0, Ink::Muted);
        for (n, page) in pages.iter_mut().enumerate() {
            let mut extra = Vec::new();
            std::mem::swap(page, &mut extra);
            self.pages = vec![Vec::new()];
            if n > 0 {
                self.text_at(MARGIN, PAGE_H - 40.0, header, small);
            }
            let footer = format!("Page {} of {total}", n + 1);
            let w = self.measure(&footer, small);
            self.text_at(PAGE_W - MARGIN - w, 36.0, &footer, small);
            let mut chrome = std::mem::take(&mut self.pages[0]);
            extra.append(&mut chrome);
            *page = extra;
        }
        pages
    }
}

/// Break opportunities: runs of spaces, words, and single CJK characters.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_space = false;
    for c in text.chars() {
        if is_cjk(c) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            out.push(c.to_string());
            in_space = false;
            continue;
        }
        let space = c.is_whitespace();
        if space != in_space && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        in_space = space;
        current.push(if space { ' ' } else { c });
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}
