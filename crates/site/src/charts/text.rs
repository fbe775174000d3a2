//! Text metrics without a font: an estimate of how wide a label is, truncation with an ellipsis,
//! and placing a row of axis labels so that none overlaps another or leaves the drawing.
//!
//! The estimate errs on the wide side (digits and capitals count as wide), so labels laid out with
//! it do not collide in the common sans-serif fonts; it does not shape text or measure glyphs.

use super::svg::Anchor;

/// The estimated width of `text` at `font` user units, in user units.
pub(super) fn width(text: &str, font: f64) -> f64 {
    text.chars().map(em).sum::<f64>() * font
}

/// The advance of each ASCII character, looked up rather than matched: task labels are measured
/// a character at a time on every record page.
const ASCII_EM: [f64; 128] = {
    let mut table = [0.6; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = ascii_em(byte as u8);
        byte += 1;
    }
    table
};

const fn ascii_em(c: u8) -> f64 {
    match c {
        b'i' | b'j' | b'l' | b'.' | b',' | b':' | b';' | b'\'' | b'|' | b'!' | b'I' => 0.3,
        b' ' | b'f' | b't' | b'r' | b'(' | b')' | b'-' | b'/' => 0.38,
        b'm' | b'w' | b'M' | b'W' | b'%' | b'@' => 0.92,
        b'0'..=b'9' => 0.6,
        b'A'..=b'Z' => 0.7,
        b'a'..=b'z' => 0.56,
        b'+' | b'<' | b'>' | b'=' => 0.62,
        _ => 0.6,
    }
}

/// The estimated advance of one character, in ems.
fn em(c: char) -> f64 {
    match c {
        c if c.is_ascii() => ASCII_EM[c as usize],
        '–' | '…' => 0.62,
        // Combining marks add no width; East Asian and most symbols are about an em.
        '\u{300}'..='\u{36F}' => 0.0,
        '\u{80}'..='\u{2FF}' => 0.62,
        _ => 1.0,
    }
}

/// `text` shortened with a trailing ellipsis so its estimated width is at most `max`, or `text`
/// itself when it fits. Trailing spaces before the ellipsis are trimmed.
pub(super) fn truncate(text: &str, max: f64, font: f64) -> String {
    // One pass: the whole width (summed in ems, as `width` does) and where the shortened text
    // would end (summed in user units), so a label is measured once.
    let budget = max - em('…') * font;
    let (mut ems, mut used, mut cut) = (0.0, 0.0, None);
    for (at, c) in text.char_indices() {
        let advance = em(c);
        ems += advance;
        used += advance * font;
        if cut.is_none() && used > budget {
            cut = Some(at);
        }
        // Widths only grow: once the text is too wide and the cut is known, the rest is moot.
        if cut.is_some() && ems * font > max {
            break;
        }
    }
    match cut {
        Some(at) if ems * font > max => {
            // Between two ASCII characters other than CR LF is always a boundary (most labels).
            let bytes = text.as_bytes();
            let ascii = at > 0 && bytes[at].is_ascii() && bytes[at - 1].is_ascii() && bytes[at - 1] != b'\r';
            let kept = text[..if ascii { at } else { cluster_start(text, at) }].trim_end();
            let mut short = String::with_capacity(kept.len() + '…'.len_utf8());
            short.push_str(kept);
            short.push('…');
            short
        }
        _ => text.to_string(),
    }
}

/// The start of the user-perceived character (grapheme cluster) that byte `at` of `text` is in: a
/// label is cut there, never inside an emoji sequence joined by U+200D, or between a letter and
/// its accent.
#[cold]
#[inline(never)]
fn cluster_start(text: &str, at: usize) -> usize {
    let mut cursor = unicode_segmentation::GraphemeCursor::new(at, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(true) => at,
        _ => cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(at),
    }
}

/// One label of an axis, placed: where its text is anchored and the span it covers.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Placed {
    /// The tick's position.
    pub(super) at: f64,
    /// Where the text is anchored (equal to `at`).
    pub(super) x: f64,
    /// How the text lines up with `x`.
    pub(super) anchor: Anchor,
    /// The label.
    pub(super) text: String,
    /// The left end of the text.
    pub(super) left: f64,
    /// The right end of the text.
    pub(super) right: f64,
}

/// Places a row of labels centred on their positions `(at, text)`, sorted by position. A label
/// that would cross `min` or `max` is anchored at its own end instead of centred; a label that
/// would still overlap the previous kept one (with `gap` between them) or leave the range is
/// dropped. The first label is always tried first, so the left end of an axis is kept; the last
/// label, when it fits the range, is kept too, in place of the labels before it that it would
/// overlap (but never the first), so an axis that ends on the last day says which day that is.
pub(super) fn place_row(labels: Vec<(f64, String)>, min: f64, max: f64, gap: f64, font: f64) -> Vec<Placed> {
    let place = |at: f64, text: String| -> Option<Placed> {
        let w = width(&text, font);
        let (anchor, left, right) = if at - w / 2.0 < min {
            (Anchor::Start, at, at + w)
        } else if at + w / 2.0 > max {
            (Anchor::End, at - w, at)
        } else {
            (Anchor::Middle, at - w / 2.0, at + w / 2.0)
        };
        (left >= min - 0.5 && right <= max + 0.5).then_some(Placed { at, x: at, anchor, text, left, right })
    };
    let count = labels.len();
    let mut kept: Vec<Placed> = Vec::with_capacity(count);
    for (i, (at, text)) in labels.into_iter().enumerate() {
        let Some(placed) = place(at, text) else { continue };
        // (Only when it clears the first: otherwise the labels between would go for nothing.)
        if i + 1 == count && kept.len() > 1 && placed.left >= kept[0].right + gap {
            // The last label: make room for it unless that would take the first.
            while kept.len() > 1 && kept.last().is_some_and(|last| placed.left < last.right + gap) {
                kept.pop();
            }
        }
        if kept.last().is_some_and(|last| placed.left < last.right + gap) {
            continue;
        }
        kept.push(placed);
    }
    kept
}

/// Whether no two placed labels overlap (for tests and debug checks).
#[cfg(test)]
pub(super) fn disjoint(row: &[Placed]) -> bool {
    row.windows(2).all(|pair| pair[0].right <= pair[1].left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider() {
        assert!(width("Mar 12", 14.0) > width("Mar 2", 14.0));
        assert!(width("MMM", 14.0) > width("iii", 14.0));
        assert_eq!(width("", 14.0), 0.0);
    }

    /// The definition `truncate` keeps in one pass: measure, then cut where the budget runs out.
    fn truncate_in_two_passes(text: &str, max: f64, font: f64) -> String {
        if width(text, font) <= max {
            return text.to_string();
        }
        let budget = max - em('…') * font;
        let mut used = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            used += em(c) * font;
            if used > budget {
                break;
            }
            out.push(c);
        }
        // Back to the start of the cluster the cut is in.
        let clusters: Vec<&str> = unicode_segmentation::UnicodeSegmentation::graphemes(text, true).collect();
        let mut whole = 0;
        for cluster in clusters {
            if whole + cluster.len() > out.len() {
                break;
            }
            whole += cluster.len();
        }
        format!("{}…", out[..whole].trim_end())
    }

    proptest::proptest! {
        #[test]
        fn truncation_in_one_pass_matches_the_definition(text in "\\PC{0,60}", max in 0.0f64..400.0) {
            proptest::prop_assert_eq!(truncate(&text, max, 14.0), truncate_in_two_passes(&text, max, 14.0));
        }
    }

    #[test]
    fn each_kind_of_character_has_its_advance() {
        let advances = [("i", 0.3), ("t", 0.38), ("M", 0.92), ("7", 0.6), ("K", 0.7), ("a", 0.56)];
        for (text, advance) in advances.into_iter().chain([("+", 0.62), ("~", 0.6), ("é", 0.62), ("…", 0.62)])
        {
            assert_eq!(width(text, 1.0), advance, "{text}");
        }
        assert_eq!(width("日", 1.0), 1.0);
        assert_eq!(width("\u{301}", 1.0), 0.0);
    }

    #[test]
    fn short_text_is_not_truncated() {
        assert_eq!(truncate("Fix login", 200.0, 14.0), "Fix login");
    }

    #[test]
    fn long_text_is_truncated_with_an_ellipsis_within_the_width() {
        let long = "Rewrite the whole authentication layer to use the new session tokens";
        let short = truncate(long, 120.0, 14.0);
        assert!(short.ends_with('…'));
        assert!(width(&short, 14.0) <= 120.0);
        assert!(long.starts_with(short.trim_end_matches('…')));
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        let short = truncate("日本語のタスク名がとても長い", 50.0, 14.0);
        assert_eq!(short, "日本…");
    }

    #[test]
    fn truncation_cuts_between_user_perceived_characters() {
        let family = "👩\u{200d}👩\u{200d}👧\u{200d}👦";
        let short = truncate(&family.repeat(30), 300.0, 14.0);
        assert!(
            short
                .strip_suffix('…')
                .is_some_and(|kept| !kept.is_empty() && kept.split(family).all(str::is_empty)),
            "{short:?}"
        );
        let accents = "e\u{301}".repeat(40);
        let short = truncate(&accents, 60.0, 14.0);
        assert!(
            short.strip_suffix('…').is_some_and(|kept| kept.split("e\u{301}").all(str::is_empty)),
            "{short:?}"
        );
    }

    #[test]
    fn overlapping_labels_are_dropped() {
        let labels = (0..10).map(|i| (100.0 + f64::from(i) * 20.0, "Mar 20".to_string())).collect();
        let row = place_row(labels, 0.0, 640.0, 6.0, 14.0);
        assert!(row.len() < 10 && row.len() >= 3);
        assert!(disjoint(&row));
        assert_eq!(row[0].at, 100.0);
    }

    #[test]
    fn the_last_label_is_kept_in_place_of_those_it_would_overlap() {
        // Daily ticks 40 units apart: "Mar 9" at the right end overlaps "Mar 8".
        let labels: Vec<(f64, String)> =
            (2..=9).map(|day| (100.0 + f64::from(day - 2) * 40.0, format!("Mar {day}"))).collect();
        let row = place_row(labels, 100.0, 380.0, 6.0, 14.0);
        assert!(disjoint(&row));
        assert_eq!(row.first().map(|p| p.text.as_str()), Some("Mar 2"));
        assert_eq!(row.last().map(|p| p.text.as_str()), Some("Mar 9"));
        // A last label that would overlap the first takes nothing from the row.
        let row = place_row(
            vec![(0.0, "Mar 1".into()), (70.0, "Mar 2".into()), (150.0, "Quite a long last label".into())],
            0.0,
            150.0,
            6.0,
            14.0,
        );
        assert_eq!(row.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(), ["Mar 1", "Mar 2"]);
        // Two labels that cannot both fit keep the first.
        let row = place_row(vec![(0.0, "January".into()), (20.0, "February".into())], 0.0, 640.0, 6.0, 14.0);
        assert_eq!(row.len(), 1);
        assert_eq!(row[0].text, "January");
    }

    #[test]
    fn edge_labels_turn_inwards() {
        let row = place_row(vec![(2.0, "2026".into()), (636.0, "2027".into())], 0.0, 640.0, 6.0, 14.0);
        assert_eq!(row[0].anchor, Anchor::Start);
        assert_eq!(row[1].anchor, Anchor::End);
        assert!(row[1].right <= 640.0);
    }
}
