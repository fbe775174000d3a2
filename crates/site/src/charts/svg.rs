//! SVG text: escaping, coordinates with at most one decimal, path data and the `<svg>` envelope.
//!
//! This is the only place that writes markup. It knows nothing of data, scales or layout: `frame`
//! and the chart kinds decide where things go and call these helpers to write them.

use std::fmt::{self, Write};

use math::display;

/// Text made safe for SVG content and attribute values: `& < > " '` become entities, line breaks
/// and tabs become spaces, and other control characters (not allowed in XML) are dropped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Whether `byte` sends a text down `escape_into`'s slow path. Compared rather than looked up,
/// so that the check of a whole text, which reads every byte of every chart's labels and titles,
/// is done sixteen bytes at a time.
fn suspect(byte: u8) -> bool {
    (byte < 0x20) | (byte == 0x7f) | (byte == 0xc2) | (byte == 0xef)
}

/// [`escape`], appended to `out`.
///
/// Text without control characters (the usual case) goes through pulldown-cmark's escaper, which
/// writes the same five entities and finds them sixteen bytes at a time. The check is on bytes
/// and errs on the safe side: a byte below space, DEL, and the lead bytes of the C1 controls
/// (`0xC2`) and of U+FFFE and U+FFFF (`0xEF`) send the text down the path that looks at each
/// character.
pub(super) fn escape_into(out: &mut String, text: &str) {
    // No early exit: a fold over all the bytes is what the compiler vectorises.
    if !text.bytes().fold(false, |found, b| found | suspect(b)) {
        pulldown_cmark_escape::escape_html(&mut *out, text).expect("writing to a String cannot fail");
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// A coordinate or length written with at most one decimal: `12`, `12.5`, `-3.1`.
///
/// Rounding is done on tenths as an integer, so the same number always gives the same text and
/// `-0.04` is written `0`.
#[derive(Clone, Copy, Debug)]
pub(super) struct N(pub(super) f64);

impl N {
    /// The value in tenths, rounded; the exact form that is written.
    fn tenths(self) -> i64 {
        // Saturating, and NaN becomes 0: coordinates are finite by construction anyway.
        math::display::round_to_i64(self.0 * 10.0)
    }

    /// The number as written (tenths with their decimal, whole numbers without): its sign, its
    /// units and its decimal places, for `display::units_text`. A chart writes tens of thousands
    /// of these, and `write!` with arguments cost a tenth of drawing one.
    fn units(self) -> (bool, u64, usize) {
        let t = self.tenths();
        let a = t.unsigned_abs();
        if a.is_multiple_of(10) { (t < 0, a / 10, 0) } else { (t < 0, a, 1) }
    }

    /// Appends the text to `out`.
    pub(super) fn push_to(self, out: &mut String) {
        let (negative, units, places) = self.units();
        display::push_units(out, negative, units, places);
    }
}

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (negative, units, places) = self.units();
        f.write_str(display::units_text(&mut [0; display::UNITS_BUF], negative, units, places))
    }
}

/// Path data (`d`) built point by point. Consecutive points that round to the same coordinates
/// are written once, which keeps dense series small.
#[derive(Clone, Debug, Default)]
pub(super) struct PathData {
    d: String,
    /// The last written point, in tenths, while a subpath is open.
    pen: Option<(i64, i64)>,
}

impl PathData {
    /// An empty path, with room for a chart's grid or axis (a dozen segments) before it grows:
    /// growing from nothing, paths were 13,000 reallocations on the 1k bench site.
    pub(super) fn new() -> PathData {
        PathData { d: String::with_capacity(256), pen: None }
    }

    /// Starts a new subpath at `(x, y)`.
    pub(super) fn move_to(&mut self, x: f64, y: f64) {
        self.push('M', x, y);
    }

    /// Draws a straight segment to `(x, y)`, or starts a subpath there if none is open.
    pub(super) fn line_to(&mut self, x: f64, y: f64) {
        let here = (N(x).tenths(), N(y).tenths());
        match self.pen {
            None => self.push('M', x, y),
            Some(pen) if pen == here => {}
            Some(_) => self.push('L', x, y),
        }
    }

    /// Ends the open subpath, so the next `line_to` starts a new one (a gap in a series).
    pub(super) fn lift(&mut self) {
        self.pen = None;
    }

    /// Closes the open subpath back to its start.
    pub(super) fn close(&mut self) {
        if self.pen.is_some() {
            self.d.push('Z');
            self.pen = None;
        }
    }

    /// Whether nothing has been drawn.
    pub(super) fn is_empty(&self) -> bool {
        self.d.is_empty()
    }

    /// The `d` attribute text.
    pub(super) fn as_str(&self) -> &str {
        &self.d
    }

    fn push(&mut self, command: char, x: f64, y: f64) {
        self.d.push(command);
        let (x, y) = (N(x), N(y));
        x.push_to(&mut self.d);
        self.d.push(' ');
        y.push_to(&mut self.d);
        self.pen = Some((x.tenths(), y.tenths()));
    }
}

/// How a text lines up with its `x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Anchor {
    /// The text starts at `x`.
    Start,
    /// The text is centred on `x`.
    Middle,
    /// The text ends at `x`.
    End,
}

/// Where a text sits vertically relative to its `y`. The shift is in `em`, so it follows whatever
/// font size the theme sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Valign {
    /// `y` is the baseline.
    Baseline,
    /// `y` is the middle of the text.
    Middle,
    /// `y` is the top of the text.
    Top,
}

/// An SVG document being written: the envelope with its title and description, then elements.
#[derive(Debug)]
pub(super) struct Svg {
    out: String,
}

impl Svg {
    /// Opens an `<svg>` of `width` by `height` user units whose accessible name and description
    /// are `title` and `desc`, with element ids `{id}-title` and `{id}-desc`.
    ///
    /// The root sets `fill="currentColor"` and a font, so text stays readable even where the
    /// theme's CSS does not reach; the theme's classes override both.
    pub(super) fn new(id: &str, title: &str, desc: &str, width: f64, height: f64, font: f64) -> Svg {
        // Written piece by piece rather than with `write!`: every record page opens a chart.
        let mut svg = Svg { out: String::with_capacity(8 * 1024) };
        let out = &mut svg.out;
        out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ");
        N(width).push_to(out);
        out.push(' ');
        N(height).push_to(out);
        out.push_str("\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"");
        escape_into(out, id);
        out.push_str("-title ");
        escape_into(out, id);
        out.push_str("-desc\" font-family=\"system-ui, sans-serif\" font-size=\"");
        N(font).push_to(out);
        out.push_str("\" fill=\"currentColor\">\n<title id=\"");
        escape_into(out, id);
        out.push_str("-title\">");
        escape_into(out, title);
        out.push_str("</title>\n<desc id=\"");
        escape_into(out, id);
        out.push_str("-desc\">");
        escape_into(out, desc);
        out.push_str("</desc>\n");
        svg
    }

    /// Writes formatted markup as it is. Callers escape any text they pass in.
    pub(super) fn put(&mut self, args: fmt::Arguments<'_>) {
        self.out.write_fmt(args).expect("writing to a String cannot fail");
    }

    /// Writes text, escaped.
    pub(super) fn escaped(&mut self, text: &str) {
        escape_into(&mut self.out, text);
    }

    /// Writes markup as it is.
    pub(super) fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Writes a coordinate or length as `N` writes it.
    pub(super) fn number(&mut self, value: f64) {
        N(value).push_to(&mut self.out);
    }

    /// Writes a `<text>` element; `content` is escaped here.
    pub(super) fn text(&mut self, x: f64, y: f64, align: (Anchor, Valign), class: &str, content: &str) {
        let anchor = match align.0 {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        };
        let dy = match align.1 {
            Valign::Baseline => "",
            Valign::Middle => " dy=\"0.35em\"",
            Valign::Top => " dy=\"0.8em\"",
        };
        let out = &mut self.out;
        out.push_str("<text class=\"");
        out.push_str(class);
        out.push_str("\" x=\"");
        N(x).push_to(out);
        out.push_str("\" y=\"");
        N(y).push_to(out);
        out.push('"');
        out.push_str(anchor);
        out.push_str(dy);
        out.push('>');
        escape_into(out, content);
        out.push_str("</text>\n");
    }

    /// Writes a `<path>` of the given class, unless it is empty.
    pub(super) fn path(&mut self, class: &str, extra: &str, d: &PathData) {
        if !d.is_empty() {
            self.put(format_args!("<path class=\"{class}\"{extra} d=\"{}\"/>\n", d.as_str()));
        }
    }

    /// Writes a `<circle>` of the given class.
    pub(super) fn dot(&mut self, x: f64, y: f64, r: f64) {
        self.put(format_args!("<circle class=\"dot\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>\n", N(x), N(y), N(r)));
    }

    /// Closes the envelope and returns the document.
    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }

    #[test]
    fn escaping_drops_control_characters_and_flattens_line_breaks() {
        assert_eq!(escape("a\u{0}b\u{1b}c\nd\te"), "abc d e");
    }

    #[test]
    fn escaping_keeps_non_ascii_text() {
        assert_eq!(escape("Überarbeitung → 日本"), "Überarbeitung → 日本");
    }

    proptest::proptest! {
        #[test]
        fn coordinates_print_like_the_formatting_machinery(v in -1e7f64..1e7) {
            let t = N(v).tenths();
            let a = t.unsigned_abs();
            let sign = if t < 0 { "-" } else { "" };
            let expected =
                if a.is_multiple_of(10) { format!("{sign}{}", a / 10) } else { format!("{sign}{}.{}", a / 10, a % 10) };
            proptest::prop_assert_eq!(N(v).to_string(), expected);
        }

        #[test]
        fn the_shortcut_escapes_like_the_full_path(text in "[ -~\t\né—\u{85}\u{a0}\u{fffe}\u{ffff}\u{ff21}]{0,24}") {
            let full: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    '\t' | '\n' | '\r' => " ".to_string(),
                    '\u{FFFE}' | '\u{FFFF}' => String::new(),
                    c if c.is_control() => String::new(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape(&text), full);
        }
    }

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        assert_eq!(N(12.0).to_string(), "12");
        assert_eq!(N(12.25).to_string(), "12.3");
        assert_eq!(N(3.04159).to_string(), "3");
        assert_eq!(N(-2.06).to_string(), "-2.1");
        assert_eq!(N(-0.04).to_string(), "0");
        assert_eq!(N(0.96).to_string(), "1");
    }

    #[test]
    fn path_starts_with_a_move_and_joins_with_lines() {
        let mut d = PathData::new();
        d.line_to(0.0, 10.0);
        d.line_to(5.55, 2.0);
        d.line_to(7.0, 3.04);
        assert_eq!(d.as_str(), "M0 10L5.6 2L7 3");
    }

    #[test]
    fn path_skips_points_that_round_to_the_last_one() {
        let mut d = PathData::new();
        d.line_to(1.0, 1.0);
        d.line_to(1.01, 1.02);
        d.line_to(2.0, 1.0);
        assert_eq!(d.as_str(), "M1 1L2 1");
    }

    #[test]
    fn lifting_the_pen_starts_a_new_subpath() {
        let mut d = PathData::new();
        d.line_to(0.0, 0.0);
        d.line_to(1.0, 1.0);
        d.lift();
        d.line_to(3.0, 3.0);
        d.line_to(4.0, 3.0);
        d.close();
        assert_eq!(d.as_str(), "M0 0L1 1M3 3L4 3Z");
    }

    #[test]
    fn envelope_names_its_title_and_description() {
        let svg = Svg::new("chart-x", "A & B", "Desc <1>", 640.0, 320.0, 14.0).finish();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("viewBox=\"0 0 640 320\""));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"chart-x-title chart-x-desc\""));
        assert!(svg.contains("<title id=\"chart-x-title\">A &amp; B</title>"));
        assert!(svg.contains("<desc id=\"chart-x-desc\">Desc &lt;1&gt;</desc>"));
        assert!(svg.ends_with("</svg>\n"));
    }

    #[test]
    fn text_content_is_escaped() {
        let mut svg = Svg::new("c", "t", "d", 10.0, 10.0, 14.0);
        svg.text(1.0, 2.0, (Anchor::End, Valign::Baseline), "label", "<script>");
        assert!(
            svg.finish()
                .contains("<text class=\"label\" x=\"1\" y=\"2\" text-anchor=\"end\">&lt;script&gt;</text>")
        );
    }
}
