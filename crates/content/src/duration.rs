//! Durations as writers write them: `40h`, `4h 28min`, `1h30m`, `2.5 hours`, `1.5d`, `1.0w`.
//!
//! Parses to `Minutes`. A day and a week are working ones, from the site's `WorkWeek`. This module
//! only reads text; whether a zero is allowed is for the caller (AI time must be above zero).

use math::{Minutes, WorkWeek};

use crate::{ContentError, Span};

/// The units a duration may use: how many minutes each is worth (days and weeks depend on the
/// work week) and its rank, largest unit first (`1w 2d 3h 4min`).
///
/// The unit is lowercased into a buffer on the stack, not a new `String`: every duration cell of
/// every table comes through here, and the allocation was a third of reading one.
pub(crate) fn unit_minutes(unit: &str, week: &WorkWeek) -> Option<(f64, u8)> {
    unit_rank(unit.as_bytes()).map(|rank| rank_minutes(rank, week))
}

/// The minutes of a unit of this rank, and the rank.
fn rank_minutes(rank: u8, week: &WorkWeek) -> (f64, u8) {
    let minutes = match rank {
        0 => 1.0,
        1 => 60.0,
        2 => week.day_minutes(),
        _ => week.week_minutes(),
    };
    (minutes, rank)
}

/// The unit a duration writes for each rank, minutes first.
const UNIT_NAMES: [&str; 4] = ["min", "h", "d", "w"];

/// The rank of a unit word (0 for minutes to 3 for weeks), in any case.
fn unit_rank(unit: &[u8]) -> Option<u8> {
    let mut lower = [0u8; 7];
    let lower = lower.get_mut(..unit.len())?;
    lower.copy_from_slice(unit);
    lower.make_ascii_lowercase();
    Some(match &*lower {
        b"m" | b"min" | b"mins" | b"minute" | b"minutes" => 0,
        b"h" | b"hr" | b"hrs" | b"hour" | b"hours" => 1,
        b"d" | b"day" | b"days" => 2,
        b"w" | b"wk" | b"wks" | b"week" | b"weeks" => 3,
        _ => return None,
    })
}

/// The unit a duration writes for a unit word (`hours` is `h`), as a column's header may name it.
pub(crate) fn unit_name(word: &str) -> Option<&'static str> {
    unit_rank(word.as_bytes()).map(|rank| UNIT_NAMES[usize::from(rank)])
}

/// Parses a duration. `span` is the cell's place, used in the error. A duration that does not
/// read is an error with, where the slip is a common one, what to write instead (`hint`).
pub fn parse(text: &str, week: &WorkWeek, span: Span) -> Result<Minutes, ContentError> {
    let trimmed = text.trim();
    match read(trimmed, week) {
        Some(total) => {
            // The error is made only when needed: `ok_or` would copy the text of every cell.
            Minutes::new(total).ok_or_else(|| ContentError::HugeDuration { found: trimmed.to_string(), span })
        }
        None => {
            if let Some(rest) = trimmed.strip_prefix(['-', '−'])
                && read(rest, week).is_some_and(|m| m > 0.0)
            {
                return Err(ContentError::NegativeDuration { found: trimmed.to_string(), span });
            }
            Err(ContentError::BadDuration { found: trimmed.to_string(), hint: hint(trimmed, week), span })
        }
    }
}

/// Whether `c` separates a duration's parts or its number from its unit: any white space (a
/// non-breaking or thin space, as text copied from a web page has), a zero-width space, or (only
/// between parts) a comma.
fn is_gap(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// The minutes of a trimmed duration, or `None` when it is not one. A bare zero is zero in any
/// unit.
fn read(trimmed: &str, week: &WorkWeek) -> Option<f64> {
    if trimmed.is_ascii() {
        return read_ascii(trimmed.as_bytes(), week);
    }
    read_text(trimmed, week)
}

/// `read` for any text, character by character.
fn read_text(trimmed: &str, week: &WorkWeek) -> Option<f64> {
    let trimmed = trimmed.trim_matches(is_gap);
    let parts = parts(trimmed).map(|part| part.map(|(number, unit)| (number.as_bytes(), unit.as_bytes())));
    read_parts(parts, week).or_else(|| bare_zero(trimmed.as_bytes()))
}

/// `read_text` for ASCII text (nearly every cell), a byte at a time: the same gaps (ASCII white
/// space), numbers, unit words and commas. Reading durations character by character was 3.6%
/// of a build.
fn read_ascii(text: &[u8], week: &WorkWeek) -> Option<f64> {
    let start = text.iter().position(|&b| !is_ascii_gap(b)).unwrap_or(text.len());
    let end = text.iter().rposition(|&b| !is_ascii_gap(b)).map_or(start, |i| i + 1);
    let text = &text[start..end];
    read_parts(ascii_parts(text), week).or_else(|| bare_zero(text))
}

/// The minutes of a duration written in parts (`4h 28min`), or `None`. Every duration cell comes
/// through here; a bare zero is looked for only when the text does not read otherwise.
fn read_parts<'t>(parts: impl Iterator<Item = Option<(&'t [u8], &'t [u8])>>, week: &WorkWeek) -> Option<f64> {
    let mut total = 0.0f64;
    let mut count = 0;
    // The rank of the last unit: each part's unit is smaller than the one before, so `1h 1h` and
    // `30min 1h` (typos, not durations anyone writes) are refused.
    let mut last_rank = u8::MAX;
    for part in parts {
        let (number, unit) = part?;
        let (minutes, rank) = rank_minutes(unit_rank(unit)?, week);
        if rank >= last_rank {
            return None;
        }
        last_rank = rank;
        total += number_value(number)? * minutes;
        count += 1;
    }
    (count > 0).then_some(total)
}

/// Zero, when the whole text is a number that is zero: a bare zero is zero in any unit.
fn bare_zero(text: &[u8]) -> Option<f64> {
    (number_value(text) == Some(0.0)).then_some(0.0)
}

/// `char::is_whitespace` on an ASCII byte: the gaps of an ASCII duration.
fn is_ascii_gap(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// `parts` of ASCII text, a byte at a time; the numbers are checked when they are read.
fn ascii_parts(text: &[u8]) -> impl Iterator<Item = Option<(&[u8], &[u8])>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let run = |at: usize, keep: fn(u8) -> bool| text[at..].iter().take_while(|&&b| keep(b)).count();
        let number = at..at + run(at, |b| b.is_ascii_digit() || b == b'.');
        let unit_start = number.end + run(number.end, is_ascii_gap);
        let unit = unit_start..unit_start + run(unit_start, |b| b.is_ascii_alphabetic());
        at = unit.end + run(unit.end, |b| is_ascii_gap(b) || b == b',');
        Some(Some((&text[number], &text[unit])))
    })
}

/// The value of a number as `is_number` accepts it (`12`, `1.5`, `.5`), exactly as the float
/// parser reads it: up to fifteen digits are an exact integer, and dividing it by an exact power
/// of ten rounds once, to the same nearest double. Longer numbers go to the parser.
fn number_value(number: &[u8]) -> Option<f64> {
    const POWERS: [f64; 16] =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    if !is_number_bytes(number) {
        return None;
    }
    if number.len() > 15 {
        return std::str::from_utf8(number).ok()?.parse().ok();
    }
    let (mut digits, mut places, mut point) = (0u64, 0usize, false);
    for &b in number {
        if b == b'.' {
            point = true;
        } else {
            digits = digits * 10 + u64::from(b - b'0');
            places += usize::from(point);
        }
    }
    Some(digits as f64 / POWERS[places])
}

/// The parts of a duration as written, each a number and the word after it (empty, or no unit
/// leverage knows), parts apart by gaps or commas; a part whose number is not one is `None`, and
/// ends them. `read_parts` reads them; `hint` looks at them when they do not read.
fn parts(text: &str) -> impl Iterator<Item = Option<(&str, &str)>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = &rest[..number_len];
        if !is_number(number) {
            rest = "";
            return Some(None);
        }
        rest = rest[number_len..].trim_start_matches(is_gap);
        let unit_len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = rest[unit_len..].trim_start_matches(|c| is_gap(c) || c == ',');
        Some(Some((number, unit)))
    })
}

/// What an AI time's cell takes, for `above_zero`.
pub const AI_TIME: &str = "an AI time above zero";
/// What a supervisory time's cell takes, for `above_zero`.
pub const SUPERVISORY_TIME: &str = "a supervisory time above zero or an empty cell";

/// A negative duration where zero is refused too (`expected`: `AI_TIME`, `SUPERVISORY_TIME`)
/// is said against what is taken, not against a duration's "zero or more".
pub fn above_zero(error: ContentError, expected: &'static str) -> ContentError {
    match error {
        ContentError::NegativeDuration { found, span } => {
            ContentError::NegativeTime { found, expected, span }
        }
        other => other,
    }
}

/// The minutes of a duration cell, or `None` when it is not one: `parse` without the error and
/// its hint, for a caller that only asks whether a text is a duration.
pub fn value(text: &str, week: &WorkWeek) -> Option<Minutes> {
    read(text.trim(), week).and_then(Minutes::new)
}

/// What to write instead of a duration that does not read, when the slip is a common one: a
/// number without a unit, an approximate mark, clock time, a decimal comma, a range, seconds, a
/// unit leverage does not know, or units out of order. Only errors come here.
fn hint(text: &str, week: &WorkWeek) -> Option<String> {
    let reads = |candidate: &str| read(candidate, week).is_some();
    // A time above zero, as a task's hint may suggest for a bound or a note (`<0` is none).
    let positive = |candidate: &str| read(candidate, week).is_some_and(|minutes| minutes > 0.0);
    // `２h`, `５分`, `٢h`: digits (and units) of another script, which figures do not take.
    // Japanese units, after ASCII digits or others.
    let units = |t: &str| t.replace("時間", "h").replace('分', "min");
    let japanese = text.contains('分') || text.contains("時間");
    if let Some(ascii) = ascii_form(text).map(|a| units(&a)).or_else(|| japanese.then(|| units(text)))
        && reads(&ascii)
    {
        return Some(format!("figures are written with ASCII digits and units; did you mean `{ascii}`?"));
    }
    if let Some(hint) = lookalike_hint(text, reads) {
        return Some(hint);
    }
    // `?`, `-`, `n/a`: unknown, as a token count or a supervisory time may be, which a task's
    // human estimate and AI time may not (only a supervisory cell may be left empty).
    if !text.trim().is_empty() && (crate::tokens::is_unknown(text) || crate::tokens::says_unknown(text)) {
        return Some(
            "a task's human estimate and AI time are always given (a best estimate will do); an unknown \
             supervisory time is left out (in a table: an empty cell, `-`, `?` or `n/a`)"
                .to_string(),
        );
    }
    if is_number(text) {
        return Some(format!("a number needs a unit, such as `{text}h` or `{text}min`"));
    }
    if let Some(rest) = text.strip_prefix(['~', '≈']).map(str::trim_start)
        && reads(rest)
    {
        return Some(format!("a duration has no approximate mark (a token count does); write `{rest}`"));
    }
    // `<1min`, `under 5min`, `40h+`: a bound, as logs often write a very short or open time.
    let unbounded = text
        .strip_prefix(['<', '>', '≤', '≥'])
        .or_else(|| text.strip_prefix("under "))
        .or_else(|| text.strip_suffix('+'))
        .map(|rest| rest.trim_start_matches('=').trim());
    if let Some(rest) = unbounded
        && positive(rest)
    {
        return Some(format!("a task's time is one figure, not a bound: write one, such as `{rest}`"));
    }
    // `20m (est)`: a note after the figure.
    if let Some((figure, note)) = text.split_once('(')
        && note.ends_with(')')
        && positive(figure.trim())
    {
        return Some(format!(
            "a cell holds the figure alone (a note goes in the text, or a column of its own); did you mean `{}`?",
            figure.trim()
        ));
    }
    // `1½h`: a vulgar fraction.
    let fractions = [('½', ".5"), ('¼', ".25"), ('¾', ".75")];
    if text.contains(['½', '¼', '¾']) {
        let mut decimal = String::new();
        for c in text.chars() {
            match fractions.iter().find(|(f, _)| *f == c) {
                Some((_, tail)) if decimal.ends_with(|d: char| d.is_ascii_digit()) => decimal.push_str(tail),
                Some((_, tail)) => decimal.push_str(&format!("0{tail}")),
                None => decimal.push(c),
            }
        }
        if reads(&decimal) {
            return Some(format!("a fraction is written as a decimal; did you mean `{decimal}`?"));
        }
    }
    // `1/2h`, `3/4 hour`: a fraction with a slash.
    if let Some((number, unit)) = text.find(|c: char| c.is_alphabetic()).map(|at| text.split_at(at))
        && let Some((top, bottom)) = number.trim().split_once('/')
        && let (Ok(top), Ok(bottom)) = (top.trim().parse::<u32>(), bottom.trim().parse::<u32>())
        && bottom > 0
        // Written exactly with two decimals at most (`1/3h` is no `0.33h`).
        && (u64::from(top) * 100) % u64::from(bottom) == 0
    {
        let gap = if number.ends_with(char::is_whitespace) { " " } else { "" };
        let decimal = format!("{}{gap}{unit}", (f64::from(top) / f64::from(bottom) * 100.0).round() / 100.0);
        if positive(&decimal) {
            return Some(format!("a fraction is written as a decimal; did you mean `{decimal}`?"));
        }
    }
    // `–2h`: an editor's dash before a time (a minus sign is said as a negative time).
    if let Some(rest) = text.strip_prefix(['\u{2013}', '\u{2014}']).map(str::trim_start)
        && positive(rest)
    {
        return Some(format!("a task's time has no sign; did you mean `{rest}`?"));
    }
    // `two hours`, `an hour`, `half an hour`: a number in words.
    if let Some(figures) = in_figures(text)
        && reads(&figures)
    {
        return Some(format!("a duration's number is written in figures; did you mean `{figures}`?"));
    }
    // `1h:30m`: a clock's colon between parts that have units.
    let spaced = text.replace(':', " ");
    if spaced != text
        && !text.starts_with(':')
        && !text.ends_with(':')
        && !text.contains("::")
        && text.chars().any(char::is_alphabetic)
        && reads(&spaced)
    {
        return Some(format!("the parts of a duration are apart by a space; did you mean `{spaced}`?"));
    }
    if let Some(clock) = clock_hint(text) {
        return Some(clock);
    }
    // `2h.` or `1.5 hrs.`: a sentence's stop, or an abbreviation's.
    if let Some(rest) = text.strip_suffix('.').map(str::trim_end)
        && reads(rest)
    {
        return Some(format!("a duration ends with its unit; did you mean `{rest}`?"));
    }
    let pointed = decimal_point(text);
    if pointed != text && reads(&pointed) {
        return Some(format!("a decimal is written with a point; did you mean `{pointed}`?"));
    }
    // `1,200min`: a comma grouping thousands, or a decimal comma before three digits.
    if groups_thousands(text) {
        let ungrouped = text.replace(',', "");
        let decimal = text.replacen(',', ".", 1);
        if reads(&ungrouped) {
            let or_decimal = if text.matches(',').count() == 1 && reads(&decimal) {
                format!(" (or `{decimal}`, if the comma is a decimal one)")
            } else {
                String::new()
            };
            return Some(format!(
                "a duration's number has no thousands separator; did you mean `{ungrouped}`{or_decimal}?"
            ));
        }
    }
    if let Some((left, right)) = range(text)
        && reads(right)
        && (is_number(left) || reads(left))
    {
        return Some("a task has one time, not a range; write one figure".to_string());
    }
    // `2 Std.`: an abbreviated unit's stop, so that an unknown one is named.
    let parts = lex(text).or_else(|| lex(text.strip_suffix('.')?))?;
    // `4h 28` or `1h30`: the last number lacks the unit after the one before it.
    if let [.., (_, before), (_, "")] = parts.as_slice()
        && let Some((_, rank)) = unit_minutes(before, week)
        && rank > 0
    {
        let smaller = UNIT_NAMES[usize::from(rank - 1)];
        let candidate = format!("{text}{smaller}");
        if reads(&candidate) {
            return Some(format!("the last number needs a unit; did you mean `{candidate}`?"));
        }
    }
    if parts.iter().any(|(_, unit)| unit.is_empty()) {
        return None;
    }
    let units: Vec<Option<(f64, u8)>> = parts.iter().map(|(_, unit)| unit_minutes(unit, week)).collect();
    if parts.iter().any(|(_, unit)| is_seconds(unit)) {
        let mut total = 0.0;
        for ((number, unit), known) in parts.iter().zip(&units) {
            let per = if is_seconds(unit) { 1.0 / 60.0 } else { known.as_ref()?.0 };
            total += number.parse::<f64>().ok()? * per;
        }
        return Some(format!("seconds are not a unit here; write minutes, such as `{}`", written(total)));
    }
    if let Some(((_, unit), _)) = parts.iter().zip(&units).find(|(_, known)| known.is_none()) {
        return Some(format!(
            "unknown unit `{unit}`: expected `min`, `h`, `d` or `w`, or `minutes`, `hours`, `days` or `weeks`"
        ));
    }
    // Every unit is known, so the slip is their order.
    let mut ranked: Vec<(u8, String)> = parts
        .iter()
        .zip(&units)
        .filter_map(|((number, unit), known)| Some((known.as_ref()?.1, format!("{number}{unit}"))))
        .collect();
    ranked.sort_by_key(|part| std::cmp::Reverse(part.0));
    if ranked.windows(2).any(|w| w[0].0 == w[1].0) {
        return Some("a duration names each unit once, largest first, such as `1h 30min`".to_string());
    }
    let sorted = ranked.into_iter().map(|(_, part)| part).collect::<Vec<_>>().join(" ");
    reads(&sorted).then(|| format!("units go largest first; did you mean `{sorted}`?"))
}

/// Whether `text` has a comma and every one of its commas stands between a digit and three
/// digits that end the number (`1,200min`, `1,000,000min`).
fn groups_thousands(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.contains(',')
        && bytes.iter().enumerate().filter(|(_, b)| **b == b',').all(|(i, _)| {
            let digits_after = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            i > 0 && bytes[i - 1].is_ascii_digit() && digits_after == 3
        })
}

/// Whether `text` is a plain number: digits with at most one point among them.
fn is_number(text: &str) -> bool {
    is_number_bytes(text.as_bytes())
}

/// `is_number` of ASCII bytes.
fn is_number_bytes(text: &[u8]) -> bool {
    text.iter().any(u8::is_ascii_digit)
        && text.iter().all(|b| b.is_ascii_digit() || *b == b'.')
        && text.iter().filter(|b| **b == b'.').count() <= 1
}

/// Whether `unit` names seconds (`s`, `sec`, `seconds` ...), which a duration cell may not use
/// and `hint` converts to minutes; milliseconds are not among them.
pub(crate) fn is_seconds(unit: &str) -> bool {
    ["s", "sec", "secs", "second", "seconds"].iter().any(|s| unit.eq_ignore_ascii_case(s))
}

/// What a unit smaller than a minute is called (`seconds`, `milliseconds`), for a header that
/// names one: a duration has none, and a bare number under it would be read wrong.
pub(crate) fn smaller_than_minutes(unit: &str) -> Option<&'static str> {
    if is_seconds(unit) {
        Some("seconds")
    } else {
        ["ms", "msec", "millisecond", "milliseconds"]
            .iter()
            .any(|s| unit.eq_ignore_ascii_case(s))
            .then_some("milliseconds")
    }
}

/// The parts of a duration-like text as (number, unit), the unit possibly empty or unknown, or
/// `None` when it is not a run of numbers and words.
fn lex(text: &str) -> Option<Vec<(&str, &str)>> {
    parts(text).collect::<Option<Vec<_>>>().filter(|parts| !parts.is_empty())
}

/// The hint for `1:30` (hours and minutes, or minutes and seconds: both readings are offered) or
/// `0:02:30`, if `text` is clock time.
/// `text` with a number written in words as figures (`two hours` is `2 hours`, `an hour` `1
/// hour`, `half an hour` `30min`); `None` when it has no such word.
fn in_figures(text: &str) -> Option<String> {
    const WORDS: [(&str, u32); 24] = [
        ("a", 1),
        ("an", 1),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("fifteen", 15),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("forty-five", 45),
        ("fifty", 50),
        ("sixty", 60),
        ("ninety", 90),
        ("eighty", 80),
        ("hundred", 100),
    ];
    let lower = text.trim().to_lowercase();
    if matches!(lower.as_str(), "half an hour" | "half hour" | "a half hour") {
        return Some("30min".to_string());
    }
    let mut changed = false;
    let words: Vec<String> = lower
        .split_whitespace()
        .map(|word| match WORDS.iter().find(|(name, _)| *name == word) {
            Some((_, number)) => {
                changed = true;
                number.to_string()
            }
            None => word.to_string(),
        })
        .collect();
    changed.then(|| words.join(" "))
}

fn clock_hint(text: &str) -> Option<String> {
    let whole = |field: &str| -> Option<u64> {
        // A clock's hours have a few digits; more could overflow the sums below.
        if field.is_empty() || field.len() > 6 || !field.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        field.parse().ok()
    };
    let sixtieths = |field: &str| whole(field).filter(|&n| n < 60 && field.len() == 2);
    let fields: Vec<&str> = text.split(':').collect();
    match fields.as_slice() {
        [first, second] => {
            let (first, second) = (whole(first)?, sixtieths(second)?);
            Some(format!(
                "clock time is not read; did you mean `{}` (or `{}` if it is minutes and seconds)?",
                written((first * 60 + second) as f64),
                written(first as f64 + second as f64 / 60.0)
            ))
        }
        [hours, minutes, seconds] => {
            let minutes = (whole(hours)? * 60 + sixtieths(minutes)?) as f64;
            let total = minutes + sixtieths(seconds)? as f64 / 60.0;
            Some(format!("clock time is not read; did you mean `{}`?", written(total)))
        }
        _ => None,
    }
}

/// `text` with each comma that sits between digits and is not a thousands separator made a
/// decimal point: `1,5h` becomes `1.5h`.
pub(crate) fn decimal_point(text: &str) -> String {
    let bytes = text.as_bytes();
    text.char_indices()
        .map(|(i, c)| {
            let digits_after = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            let decimal =
                c == ',' && i > 0 && bytes[i - 1].is_ascii_digit() && (1..=2).contains(&digits_after);
            if decimal { '.' } else { c }
        })
        .collect()
}

/// `text` with full-width forms (`２`, `ｈ`, an ideographic space) and the decimal digits of
/// Arabic and Devanagari script written in ASCII, when it has any; `None` when it has none.
pub(crate) fn ascii_form(text: &str) -> Option<String> {
    let ascii = |c: char| -> Option<char> {
        let code = u32::from(c);
        let digit = |zero: u32| char::from_digit(code - zero, 10);
        match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(code - 0xFEE0),
            '\u{3000}' => Some(' '),
            '\u{0660}'..='\u{0669}' => digit(0x0660),
            // Arabic decimal and thousands separators.
            '\u{066B}' => Some('.'),
            '\u{066C}' => Some(','),
            '\u{06F0}'..='\u{06F9}' => digit(0x06F0),
            '\u{0966}'..='\u{096F}' => digit(0x0966),
            _ => None,
        }
    };
    if text.is_ascii() || !text.chars().any(|c| ascii(c).is_some()) {
        return None;
    }
    Some(text.chars().map(|c| ascii(c).unwrap_or(c)).collect())
}

/// The Latin letter a Cyrillic or Greek one looks like (`і` for `i`, `һ` for `h`, `Μ` for `M`),
/// for figures typed or pasted with a keyboard of that script.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'е' => 'e',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' | 'χ' => 'x',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'һ' => 'h',
        'ԁ' => 'd',
        'ѕ' => 's',
        'к' | 'κ' => 'k',
        'ν' => 'v',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Н' | 'Η' => 'H',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'І' | 'Ι' => 'I',
        'Ν' => 'N',
        'Ζ' => 'Z',
        'Υ' => 'Y',
        _ => return None,
    })
}

/// The hint for a figure that reads once its Cyrillic or Greek lookalikes are the Latin letters
/// they look like (`5mіn`): the letter named by its code point, which the message's text shows
/// as the Latin one. `reads` says whether the Latin form reads.
///
/// An invisible character in it (a right-to-left mark an editor for Arabic or Hebrew types, a
/// zero-width space pasted with it) is named the same way, since the message shows the figure
/// as if it were not there: `‏2h` reads `2h`.
pub(crate) fn lookalike_hint(text: &str, reads: impl Fn(&str) -> bool) -> Option<String> {
    if let Some((hidden, name)) = text.chars().find_map(|c| Some((c, invisible_name(c)?))) {
        let seen: String = text.chars().filter(|c| invisible_name(*c).is_none()).collect();
        let seen = seen.trim();
        return reads(seen).then(|| {
            format!(
                "it holds U+{:04X} {name}, an invisible character; did you mean `{seen}`?",
                u32::from(hidden)
            )
        });
    }
    let odd = text.chars().find(|c| latin_lookalike(*c).is_some())?;
    let latin: String = text.chars().map(|c| latin_lookalike(c).unwrap_or(c)).collect();
    let script = if ('\u{0370}'..='\u{03FF}').contains(&odd) { "Greek" } else { "Cyrillic" };
    reads(&latin).then(|| {
        format!(
            "`{odd}` is U+{:04X}, a {script} letter that looks like the Latin `{}`; did you mean `{latin}`?",
            u32::from(odd),
            latin_lookalike(odd).unwrap_or(odd)
        )
    })
}

/// The name of a character that shows as nothing (Unicode's format characters a figure may
/// carry unseen: marks of direction, zero-width spaces and joiners, a soft hyphen).
fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        _ => return None,
    })
}

/// The two ends of `2-3h` or `2h to 3h`, if `text` is written as a range.
fn range(text: &str) -> Option<(&str, &str)> {
    let (left, right) = text.split_once(" to ").or_else(|| text.split_once(['-', '–', '—']))?;
    let (left, right) = (left.trim(), right.trim());
    (!left.is_empty() && !right.is_empty()).then_some((left, right))
}

/// Minutes as a hint writes them, to a hundredth of a minute: `1h 30min`, `2.5min`, `0.17min`.
fn written(minutes: f64) -> String {
    let hundredths = (minutes * 100.0).round() as u64;
    let (hours, rest) = (hundredths / 6000, hundredths % 6000);
    let (whole, fraction) = (rest / 100, rest % 100);
    let minutes = match fraction {
        0 => format!("{whole}min"),
        _ => format!("{whole}.{}min", format!("{fraction:02}").trim_end_matches('0')),
    };
    match (hours, rest) {
        (0, _) => minutes,
        (_, 0) => format!("{hours}h"),
        _ => format!("{hours}h {minutes}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileId;
    use proptest::prelude::*;

    fn span() -> Span {
        Span::file_start(FileId(0))
    }

    fn minutes(text: &str) -> f64 {
        parse(text, &WorkWeek::default(), span()).expect("a valid duration").get()
    }

    #[test]
    fn reads_every_format_of_the_contract() {
        assert_eq!(minutes("40h"), 2400.0);
        assert_eq!(minutes("60.0h"), 3600.0);
        assert_eq!(minutes("20min"), 20.0);
        assert_eq!(minutes("35m"), 35.0);
        assert_eq!(minutes("8.6m"), 8.6);
        assert_eq!(minutes("4h 28min"), 268.0);
        assert_eq!(minutes("1h30m"), 90.0);
        assert_eq!(minutes("1.5h"), 90.0);
        assert_eq!(minutes("2.5 hours"), 150.0);
        assert_eq!(minutes("90 minutes"), 90.0);
        assert_eq!(minutes("45 min"), 45.0);
        assert_eq!(minutes("1 hr"), 60.0);
        assert_eq!(minutes("1.5d"), 720.0);
        assert_eq!(minutes("1.0w"), 2400.0);
        assert_eq!(minutes("0min"), 0.0);
    }

    #[test]
    fn reads_the_spaces_of_text_copied_from_a_web_page() {
        // A non-breaking, a thin and a zero-width space, and a tab.
        assert_eq!(minutes("4h\u{a0}28min"), 268.0);
        assert_eq!(minutes("8.6\u{a0}min"), 8.6);
        assert_eq!(minutes("4h\u{2009}28min"), 268.0);
        assert_eq!(minutes("4h\u{200B}28min"), 268.0);
        assert_eq!(minutes("\u{a0}1h\t30min\u{a0}"), 90.0);
    }

    #[test]
    fn a_bare_zero_is_zero() {
        assert_eq!(minutes("0"), 0.0);
        assert_eq!(minutes("0.0"), 0.0);
        // Any other bare number needs its unit, and a zero with anything after it is no zero.
        assert!(parse("5", &WorkWeek::default(), span()).is_err());
        for text in ["0,", "0x", "0 0", "\u{a0}0,"] {
            assert!(parse(text, &WorkWeek::default(), span()).is_err(), "{text:?}");
        }
    }

    #[test]
    fn units_are_read_in_any_case_and_only_whole() {
        assert_eq!(minutes("2 HOURS"), 120.0);
        assert_eq!(minutes("1H 30Min"), 90.0);
        assert_eq!(minutes("1 Week"), 2400.0);
        for text in ["1 minutesx", "1 hourss", "1 mi", "5 µs", "1 h\u{0130}"] {
            assert!(parse(text, &WorkWeek::default(), span()).is_err(), "{text}");
        }
    }

    #[test]
    fn days_and_weeks_follow_the_work_week() {
        let week = WorkWeek { hours_per_day: 6.0, days_per_week: 4.0 };
        assert_eq!(parse("1d", &week, span()).map(Minutes::get), Ok(360.0));
        assert_eq!(parse("1w", &week, span()).map(Minutes::get), Ok(1440.0));
    }

    #[test]
    fn refuses_text_that_is_no_duration() {
        for text in ["", "soon", "40", "h", "4h 28", "1..5h", "4x", "3 parsecs", ". h"] {
            let err = parse(text, &WorkWeek::default(), span()).expect_err(text);
            assert!(matches!(err, ContentError::BadDuration { .. }), "{text}: {err:?}");
        }
    }

    /// The message for a duration that does not read.
    fn message(text: &str) -> String {
        parse(text, &WorkWeek::default(), span()).expect_err(text).to_string()
    }

    #[test]
    fn a_common_slip_is_told_what_to_write() {
        let found = |text: &str, hint: &str| {
            assert_eq!(message(text), format!("expected a duration like `4h 28min`, found `{text}`: {hint}"));
        };
        found("40", "a number needs a unit, such as `40h` or `40min`");
        for (text, ascii) in [
            ("２h", "2h"),
            ("１ｈ ３０ｍｉｎ", "1h 30min"),
            ("５分", "5min"),
            ("２時間", "2h"),
            ("٢h", "2h"),
            ("४.५h", "4.5h"),
            ("٢٫٥h", "2.5h"),
            ("30分", "30min"),
            ("2時間30分", "2h30min"),
        ] {
            found(text, &format!("figures are written with ASCII digits and units; did you mean `{ascii}`?"));
        }
        found("2.5", "a number needs a unit, such as `2.5h` or `2.5min`");
        found("~2h", "a duration has no approximate mark (a token count does); write `2h`");
        found("≈ 45min", "a duration has no approximate mark (a token count does); write `45min`");
        found(
            "1:30",
            "clock time is not read; did you mean `1h 30min` (or `1.5min` if it is minutes and seconds)?",
        );
        found(
            "0:45",
            "clock time is not read; did you mean `45min` (or `0.75min` if it is minutes and seconds)?",
        );
        found("2:00", "clock time is not read; did you mean `2h` (or `2min` if it is minutes and seconds)?");
        found("1:02:30", "clock time is not read; did you mean `1h 2.5min`?");
        found("1,5h", "a decimal is written with a point; did you mean `1.5h`?");
        // Bounds, notes, fractions and colons that real logs write.
        found("<1min", "a task's time is one figure, not a bound: write one, such as `1min`");
        found("< 1 min", "a task's time is one figure, not a bound: write one, such as `1 min`");
        found("40h+", "a task's time is one figure, not a bound: write one, such as `40h`");
        found("under 5min", "a task's time is one figure, not a bound: write one, such as `5min`");
        found(
            "20m (est)",
            "a cell holds the figure alone (a note goes in the text, or a column of its own); did you mean `20m`?",
        );
        // Nothing to suggest: a bound of zero, a colon at an end.
        for text in ["<0", "0 (none)", "1h:", "1h 30m:"] {
            let said = message(text);
            assert!(!said.contains("such as `0`") && !said.contains("did you mean `1h "), "{text}: {said}");
        }
        found("1½h", "a fraction is written as a decimal; did you mean `1.5h`?");
        found("1/2h", "a fraction is written as a decimal; did you mean `0.5h`?");
        found("3/4 hour", "a fraction is written as a decimal; did you mean `0.75 hour`?");
        found("\u{2013}2h", "a task's time has no sign; did you mean `2h`?");
        found("two hours", "a duration's number is written in figures; did you mean `2 hours`?");
        found("an hour", "a duration's number is written in figures; did you mean `1 hour`?");
        found("Half an hour", "a duration's number is written in figures; did you mean `30min`?");
        for text in ["1/3h", "a few hours", "few hours", "couple hours", "1/1000h", "50000000/3h"] {
            assert!(!message(text).contains("did you mean"), "{text}: {}", message(text));
        }
        found("forty-five minutes", "a duration's number is written in figures; did you mean `45 minutes`?");
        found("½h", "a fraction is written as a decimal; did you mean `0.5h`?");
        found("1h:30m", "the parts of a duration are apart by a space; did you mean `1h 30m`?");
        found("4h 28", "the last number needs a unit; did you mean `4h 28min`?");
        found("1.5 hrs.", "a duration ends with its unit; did you mean `1.5 hrs`?");
        found("2h.", "a duration ends with its unit; did you mean `2h`?");
        found("1h30", "the last number needs a unit; did you mean `1h30min`?");
        found("2d 4", "the last number needs a unit; did you mean `2d 4h`?");
        found("30s", "seconds are not a unit here; write minutes, such as `0.5min`");
        found("1m 30 secs", "seconds are not a unit here; write minutes, such as `1.5min`");
        found("10 seconds", "seconds are not a unit here; write minutes, such as `0.17min`");
        // Milliseconds are no seconds: converting them as such would be a thousandfold off.
        found(
            "500ms",
            "unknown unit `ms`: expected `min`, `h`, `d` or `w`, or `minutes`, `hours`, `days` or `weeks`",
        );
        found("2-3h", "a task has one time, not a range; write one figure");
        found("2h to 3h", "a task has one time, not a range; write one figure");
        found("1h–90min", "a task has one time, not a range; write one figure");
        found(
            "3 parsecs",
            "unknown unit `parsecs`: expected `min`, `h`, `d` or `w`, or `minutes`, `hours`, `days` or `weeks`",
        );
        found(
            "5 µs",
            "unknown unit `µs`: expected `min`, `h`, `d` or `w`, or `minutes`, `hours`, `days` or `weeks`",
        );
        found(
            "1,200min",
            "a duration's number has no thousands separator; did you mean `1200min` (or `1.200min`, if \
             the comma is a decimal one)?",
        );
        found("1,000,000min", "a duration's number has no thousands separator; did you mean `1000000min`?");
        found(
            "2 Std.",
            "unknown unit `Std`: expected `min`, `h`, `d` or `w`, or `minutes`, `hours`, `days` or `weeks`",
        );
        found("30min 1h", "units go largest first; did you mean `1h 30min`?");
        found("2h 1d", "units go largest first; did you mean `1d 2h`?");
        found("1h 1h", "a duration names each unit once, largest first, such as `1h 30min`");
        found("5min 5m", "a duration names each unit once, largest first, such as `1h 30min`");
    }

    /// An unknown figure (`?`, `-`, `n/a`, `TBD`) is no time a task may lack: the hint says so, and
    /// where an unknown may stand.
    #[test]
    fn an_unknown_figure_is_told_it_must_be_given() {
        for text in ["?", "-", "n/a", "TBD", "none"] {
            let err = parse(text, &WorkWeek::default(), span()).expect_err(text).to_string();
            assert!(err.contains("are always given (a best estimate will do)"), "{text}: {err}");
        }
    }

    /// A Cyrillic or Greek letter that looks like a unit's Latin one is named by its code point:
    /// the message's text shows it as the Latin letter, and "unknown unit `mіn`" read as a bug.
    #[test]
    fn a_lookalike_letter_is_named() {
        for (text, odd, meant) in [
            ("5mіn", "`і` is U+0456, a Cyrillic", "5min"),
            ("2һ", "`һ` is U+04BB", "2h"),
            ("1ο h", "Greek", ""),
        ] {
            let err = parse(text, &WorkWeek::default(), span()).expect_err(text).to_string();
            if meant.is_empty() {
                assert!(!err.contains("looks like"), "{text}: {err}");
            } else {
                assert!(
                    err.contains(odd) && err.ends_with(&format!("did you mean `{meant}`?")),
                    "{text}: {err}"
                );
            }
        }
    }

    /// An invisible character (a right-to-left mark an Arabic keyboard types) is named: the
    /// message shows `‏2h` as `2h`, which would otherwise read as a bug.
    #[test]
    fn an_invisible_character_is_named() {
        for (text, said) in [
            ("\u{200F}2h", "it holds U+200F RIGHT-TO-LEFT MARK, an invisible character; did you mean `2h`?"),
            (
                "10min\u{202E}",
                "it holds U+202E RIGHT-TO-LEFT OVERRIDE, an invisible character; did you mean `10min`?",
            ),
            ("2\u{00AD}h", "it holds U+00AD SOFT HYPHEN, an invisible character; did you mean `2h`?"),
        ] {
            let err = parse(text, &WorkWeek::default(), span()).expect_err(text).to_string();
            assert!(err.ends_with(said), "{text}: {err}");
        }
        // One that does not read without it gets no such hint.
        let err = parse("\u{200F}soon", &WorkWeek::default(), span()).expect_err("soon").to_string();
        assert!(!err.contains("invisible"), "{err}");
    }

    #[test]
    fn text_that_is_no_slip_of_a_duration_gets_no_hint() {
        for text in ["", "soon", "h", "1..5h", ". h", "1,0000min", "12:5", "1:75", "a:b", "-0min"] {
            let err = parse(text, &WorkWeek::default(), span()).expect_err(text);
            assert!(matches!(err, ContentError::BadDuration { hint: None, .. }), "{text}: {err:?}");
        }
    }

    #[test]
    fn every_suggested_duration_reads() {
        // A hint's "did you mean" must itself be a duration, or it sends the writer round again.
        for text in [
            "1:30", "0:45", "1:02:30", "1,5h", "1,200min", "4h 28", "1h30", "2d 4", "30min 1h", "2h 1d",
            "~2h",
        ] {
            let shown = message(text);
            let suggested: Vec<&str> = shown.split('`').skip(5).step_by(2).collect();
            assert!(!suggested.is_empty(), "{shown}");
            for candidate in suggested {
                assert!(
                    read(candidate, &WorkWeek::default()).is_some(),
                    "{text}: `{candidate}` does not read"
                );
            }
        }
    }

    #[test]
    fn refuses_repeated_or_rising_units() {
        for text in ["1h 1h", "30min 1h", "1h 2d", "5min 5m"] {
            assert!(parse(text, &WorkWeek::default(), span()).is_err(), "{text}");
        }
        assert_eq!(minutes("1w 2d 3h 4min"), 2400.0 + 960.0 + 180.0 + 4.0);
    }

    #[test]
    fn refuses_negative_durations() {
        let err = parse("-5min", &WorkWeek::default(), span()).expect_err("negative");
        assert_eq!(err.to_string(), "expected a duration of zero or more, found the negative `-5min`");
    }

    #[test]
    fn refuses_absurdly_large_durations() {
        let text = format!("1{}h", "0".repeat(308));
        let err = parse(&text, &WorkWeek::default(), span()).expect_err("too large");
        assert!(matches!(err, ContentError::HugeDuration { .. }));
    }

    #[test]
    fn parsed_durations_sum_to_the_decimal_total() {
        let parse = |text: &str| parse(text, &WorkWeek::default(), span()).expect("a valid duration");
        assert_eq!(parse("2.1min") + parse("2.7min"), parse("4.8min"));
        assert_eq!(minutes("0.3h"), 18.0);
        assert_eq!(minutes("1.33h"), 79.8);
    }

    #[test]
    fn reads_tiny_durations() {
        assert_eq!(minutes("0.0001min"), 0.0001);
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,24}") {
            let _ = parse(&text, &WorkWeek::default(), span());
        }

        #[test]
        fn hints_never_panic(
            text in "[0-9:.,~ hmsdw-]{0,16}|[0-9]{1,30}:[0-9]{2}(:[0-9]{2})?|[0-9０-９٠-٩.,：ｈｍ分時間\u{3000} ]{0,12}"
        ) {
            let _ = parse(&text, &WorkWeek::default(), span());
        }

        #[test]
        fn display_parses_back(m in 0u32..500_000) {
            let shown = math::display::duration(Minutes::from(m));
            prop_assert_eq!(parse(&shown, &WorkWeek::default(), span()), Ok(Minutes::from(m)));
        }

        #[test]
        fn hours_and_minutes_add_up(h in 0u32..1000, m in 0u32..60) {
            prop_assert_eq!(minutes(&format!("{h}h {m}min")), f64::from(h * 60 + m));
            prop_assert_eq!(minutes(&format!("{h}h{m}m")), f64::from(h * 60 + m));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn ascii_text_reads_as_the_character_reader_reads_it(
            text in "[ \t\x0b\x0c\r\n]{0,2}((0|0\\.0|00|\\.|1|1\\.5|\\.5|12|[0-9.]{0,6})[ \t,]{0,2}(h|m|min|mins|hours|d|w|wk|x|s|Hr|MIN|)[ ,\t]{0,2}){0,4}[ \t]{0,2}",
        ) {
            prop_assert!(text.is_ascii(), "the generator writes ASCII: {:?}", text);
            let week = WorkWeek::default();
            prop_assert_eq!(read_ascii(text.as_bytes(), &week), read_text(&text, &week), "{:?}", text);
        }

        #[test]
        fn numbers_read_as_the_float_parser_reads_them(number in "[0-9]{0,17}(\\.[0-9]{0,17})?|\\.[0-9]{1,17}") {
            prop_assert_eq!(number_value(number.as_bytes()), is_number(&number).then(|| number.parse::<f64>().expect("a number")));
        }
    }
}
