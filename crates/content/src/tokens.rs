//! Token counts as writers write them: `45k`, `1.2M`, `~1.23M`, `120,000`, `~595,000`, `850`.
//!
//! An empty cell, `-` or `—` means the count is unknown. The count is computed with integer
//! arithmetic on the written digits, so `1.2M` is exactly 1,200,000.

use math::Tokens;

use crate::{ContentError, Span};

/// True for a cell that says "unknown": empty, `-`, `–`, `—`, `?` or `n/a`.
pub fn is_unknown(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "–" | "—" | "?" | "n/a" | "N/A")
}

/// Whether a cell says in words that its figure is unknown (`unknown`, `none`, `TBD`), which
/// no cell of a figure takes: the markers are `is_unknown`'s.
pub(crate) fn says_unknown(text: &str) -> bool {
    ["unknown", "none", "untracked", "not tracked", "na", "tbd"]
        .contains(&text.trim().to_lowercase().as_str())
}

/// Parses a token cell; `Ok(None)` for an unknown count. A cell that is no count is an error
/// with, where the slip is a common one, what to write instead.
pub fn parse(text: &str, span: Span) -> Result<Option<Tokens>, ContentError> {
    read(text).ok_or_else(|| {
        let found = text.trim();
        ContentError::BadTokens { found: found.to_string(), hint: hint(found), span }
    })
}

/// The count of a token cell that is one, for a caller that only asks (`parse` without the error
/// and its hint).
pub fn count(text: &str) -> Option<Tokens> {
    read(text).flatten()
}

/// How many tokens one of a count's suffix is: `k`, `M`, `B` and `T` (what leverage itself shows
/// from 999.5 billion on, so every shown count reads back), in either case; 1 for none.
pub fn scale(suffix: &str) -> Option<u64> {
    Some(match suffix {
        "" => 1,
        "k" | "K" => 1_000,
        "m" | "M" => 1_000_000,
        "b" | "B" => 1_000_000_000,
        "t" | "T" => 1_000_000_000_000,
        _ => return None,
    })
}

/// The most tokens a count may be, 999,999,999,999,999 (`999T`, short of a quadrillion): a
/// million times the most an agent's day takes. Counts below it add up without overflowing
/// `u64` over eighteen thousand tasks at the most, so that totals stay exact; a larger count is
/// a slip (`10000000T`).
pub const MAX_TOKENS: u64 = 999_999_999_999_999;
const _: () = assert!(u64::MAX / MAX_TOKENS >= 18_000, "totals of 18,000 counts fit");

/// A token cell: `Some(None)` for an unknown count, `None` for text that is no count, or a count
/// above `MAX_TOKENS`.
fn read(text: &str) -> Option<Option<Tokens>> {
    read_any(text).filter(|tokens| tokens.is_none_or(|tokens| tokens.count <= MAX_TOKENS))
}

/// A token cell as `read` reads it, of any size.
fn read_any(text: &str) -> Option<Option<Tokens>> {
    if is_unknown(text) {
        return Some(None);
    }
    let trimmed = text.trim();
    let (approx, rest) = match trimmed.strip_prefix('~') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed),
    };
    let suffix_at = rest.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(suffix_at);
    let scale = u128::from(scale(suffix.trim())?);
    let number = number.trim();
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    // A count without `k` or `M` is whole: `120.000` is a thousands point, not 120 tokens.
    if !valid_integer(int)
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (int.is_empty() && frac.is_empty())
        || (scale == 1 && number.contains('.'))
    {
        return None;
    }
    let mantissa = mantissa(int, frac)?;
    let divisor = 10u128.pow(frac.len() as u32);
    let scaled = mantissa.checked_mul(scale)?;
    // Round half up to a whole token (`1.2345k` is 1,235); a count that had to be rounded is an
    // approximation, and is shown as one (`~1.24k`), never as an exact count it was not.
    let count = u64::try_from((scaled + divisor / 2) / divisor).ok()?;
    let rounded = scaled % divisor != 0;
    Some(Some(Tokens { count, approx: approx || rounded }))
}

/// The digits of `int` (digits in groups apart by commas) and then of `frac` (digits) as one
/// whole number; `None` past thirty digits. Read digit by digit, not gathered into a string and
/// parsed: every token cell comes here.
fn mantissa(int: &str, frac: &str) -> Option<u128> {
    let mut digits = 0;
    let mut value: u128 = 0;
    for b in int.bytes().filter(|b| *b != b',').chain(frac.bytes()) {
        digits += 1;
        if digits > 30 {
            return None;
        }
        // Thirty digits are below 10^30, far from u128's limit.
        value = value * 10 + u128::from(b.wrapping_sub(b'0'));
    }
    Some(value)
}

/// What to write instead of a token count that does not read, when the slip is a common one.
/// Only errors come here.
fn hint(text: &str) -> Option<String> {
    let reads = |candidate: &str| count(candidate).is_some();
    if read_any(text).flatten().is_some() {
        return Some(format!(
            "a count is at most {} tokens (`999T`), a million times an agent's busiest day",
            math::display::grouped(MAX_TOKENS)
        ));
    }
    // `１２k`, `١٢٠٠٠`: digits of another script; `12’000`: a Swiss thousands mark.
    if let Some(ascii) = crate::duration::ascii_form(text)
        .or_else(|| text.contains(['’', '\'']).then(|| text.replace(['’', '\''], ",")))
        && reads(&ascii)
    {
        return Some(format!(
            "a count is written with ASCII digits and `,` between thousands; did you mean `{ascii}`?"
        ));
    }
    if let Some(hint) = crate::duration::lookalike_hint(text, reads) {
        return Some(hint);
    }
    if says_unknown(text) {
        return Some("an unknown count is an empty cell, `-`, `—`, `?` or `n/a`".to_string());
    }
    // `120.000` or `1.234.567`: points grouping thousands.
    let digits = text.trim_start_matches('~');
    if digits.contains('.')
        && digits.split('.').skip(1).all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    {
        let grouped = text.replace('.', ",");
        if reads(&grouped) {
            return Some(format!("a count is whole; did you mean `{grouped}`?"));
        }
    }
    if digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') && digits.contains('.') {
        return Some("a count without `k` or `M` is whole; write `45k` or `45,000`".to_string());
    }
    let pointed = crate::duration::decimal_point(text);
    if pointed != text && reads(&pointed) {
        return Some(format!("a decimal is written with a point; did you mean `{pointed}`?"));
    }
    // `120 000`: spaces grouping thousands.
    let spaced: String =
        text.split(|c: char| c.is_whitespace()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(",");
    if spaced != text && text.split_whitespace().skip(1).all(|g| g.len() == 3) && reads(&spaced) {
        return Some(format!("did you mean `{spaced}`?"));
    }
    // `1.2M tokens`, `40k+`, `about 40k`, `≈40k`: the count, with `~` where it is approximate.
    // Compared on the text itself, ASCII letters in any case: a lowercased copy may differ in
    // length (`K`, the Kelvin sign, lowercases to a one-byte `k`).
    for word in ["tokens", "token", "tok"] {
        if let Some(count) = strip_suffix_ignoring_case(text, word).map(str::trim)
            && reads(count)
        {
            return Some(format!("the column says what it counts; write `{count}`"));
        }
    }
    for mark in ["about ", "approx. ", "approx ", "ca. ", "≈", "+/-"] {
        if let Some(count) = strip_prefix_ignoring_case(text, mark).map(str::trim)
            && reads(count)
        {
            return Some(format!("an approximate count is marked with `~`; write `~{count}`"));
        }
    }
    if let Some(count) = text.strip_suffix('+').map(str::trim)
        && reads(count)
    {
        return Some(format!("an approximate count is marked with `~`; write `~{count}`"));
    }
    // `45,00`: a comma that groups no three digits, a decimal comma or a slip.
    if digits.contains(',') && digits.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Some(
            "a comma groups thousands, three digits at a time: `4,500`; a decimal is written with a point"
                .to_string(),
        );
    }
    None
}

/// `text` without `suffix` at its end, compared ignoring ASCII case.
fn strip_suffix_ignoring_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let at = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case(suffix)).then(|| &text[..at])
}

/// `text` without `prefix` at its start, compared ignoring ASCII case.
fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    (text.is_char_boundary(prefix.len().min(text.len()))
        && text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix)))
    .then(|| &text[prefix.len()..])
}

/// Digits, optionally grouped by commas in threes (`120,000`).
pub(crate) fn valid_integer(int: &str) -> bool {
    if !int.contains(',') {
        return int.bytes().all(|b| b.is_ascii_digit());
    }
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileId;
    use proptest::prelude::*;

    fn span() -> Span {
        Span::file_start(FileId(0))
    }

    fn tokens(text: &str) -> Option<Tokens> {
        parse(text, span()).expect("a valid token count")
    }

    #[test]
    fn reads_every_format_of_the_contract() {
        assert_eq!(tokens("45k"), Some(Tokens::exact(45_000)));
        assert_eq!(tokens("1.2M"), Some(Tokens::exact(1_200_000)));
        assert_eq!(tokens("~1.23M"), Some(Tokens::approx(1_230_000)));
        assert_eq!(tokens("120,000"), Some(Tokens::exact(120_000)));
        assert_eq!(tokens("~595,000"), Some(Tokens::approx(595_000)));
        assert_eq!(tokens("850"), Some(Tokens::exact(850)));
        assert_eq!(tokens("1.2B"), Some(Tokens::exact(1_200_000_000)));
        assert_eq!(tokens("1T"), Some(Tokens::exact(1_000_000_000_000)));
    }

    #[test]
    fn a_count_that_is_rounded_to_a_whole_token_is_approximate() {
        assert_eq!(tokens("1.2345k"), Some(Tokens::approx(1_235)));
        assert_eq!(tokens("0.5k"), Some(Tokens::exact(500)));
        assert_eq!(tokens("1.0001M"), Some(Tokens::exact(1_000_100)));
        assert_eq!(tokens("1.0000001M"), Some(Tokens::approx(1_000_000)));
    }

    #[test]
    fn empty_and_dashes_are_unknown() {
        for text in ["", "  ", "-", "—", "–"] {
            assert_eq!(tokens(text), None, "{text:?}");
        }
    }

    #[test]
    fn refuses_what_is_no_count() {
        for text in ["lots", "12,34", "1.2.3k", "45q", "~", "k", "-5", "1e5"] {
            let err = parse(text, span()).expect_err(text);
            assert!(matches!(err, ContentError::BadTokens { .. }), "{text}: {err:?}");
        }
    }

    #[test]
    fn a_common_slip_is_told_what_to_write() {
        let message = |text: &str| parse(text, span()).expect_err(text).to_string();
        for (text, hint) in [
            ("120.000", "a count is whole; did you mean `120,000`?"),
            ("1.234.567", "a count is whole; did you mean `1,234,567`?"),
            ("12.5", "a count without `k` or `M` is whole; write `45k` or `45,000`"),
            ("1,5M", "a decimal is written with a point; did you mean `1.5M`?"),
            ("12,5k", "a decimal is written with a point; did you mean `12.5k`?"),
            ("120 000", "did you mean `120,000`?"),
            ("１２k", "a count is written with ASCII digits and `,` between thousands; did you mean `12k`?"),
            (
                "١٢٬٠٠٠",
                "a count is written with ASCII digits and `,` between thousands; did you mean `12,000`?",
            ),
            (
                "١٢٠٠٠",
                "a count is written with ASCII digits and `,` between thousands; did you mean `12000`?",
            ),
            (
                "12’000",
                "a count is written with ASCII digits and `,` between thousands; did you mean `12,000`?",
            ),
            (
                "12'000",
                "a count is written with ASCII digits and `,` between thousands; did you mean `12,000`?",
            ),
            ("1.2M tokens", "the column says what it counts; write `1.2M`"),
            ("40k+", "an approximate count is marked with `~`; write `~40k`"),
            ("about 40k", "an approximate count is marked with `~`; write `~40k`"),
            ("unknown", "an unknown count is an empty cell, `-`, `—`, `?` or `n/a`"),
            ("12K tokens", "the column says what it counts; write `12K`"),
            ("About 40k", "an approximate count is marked with `~`; write `~40k`"),
            (
                "45,00",
                "a comma groups thousands, three digits at a time: `4,500`; a decimal is written with a point",
            ),
        ] {
            assert_eq!(
                message(text),
                format!("expected a token count like `45k`, `1.2M` or `120,000`, found `{text}`: {hint}")
            );
        }
        // The Kelvin sign lowercases to a one-byte `k`: the hint must not cut the text there.
        assert!(matches!(parse("12\u{212A} tokens", span()), Err(ContentError::BadTokens { .. })));
        for text in ["lots", "45q", "~", "k"] {
            assert!(matches!(parse(text, span()), Err(ContentError::BadTokens { hint: None, .. })), "{text}");
        }
    }

    #[test]
    fn refuses_counts_beyond_u64() {
        let text = format!("1{}", "0".repeat(30));
        assert!(parse(&text, span()).is_err());
        assert!(parse("99999999999999999999B", span()).is_err());
    }

    /// A count of a quadrillion tokens or more is a slip, refused and said so; every count below
    /// it adds up exactly over any site of fewer than eighteen thousand tasks of it.
    #[test]
    fn refuses_counts_of_a_quadrillion_and_more() {
        assert_eq!(tokens("999T"), Some(Tokens::exact(999_000_000_000_000)));
        assert_eq!(tokens("999,999,999,999,999"), Some(Tokens::exact(MAX_TOKENS)));
        for text in ["1000T", "10000000T", "1,000,000,000,000,000", "~2000T"] {
            let message = parse(text, span()).expect_err(text).to_string();
            assert!(message.ends_with("a count is at most 999,999,999,999,999 tokens (`999T`), a million times an agent's busiest day"), "{message}");
        }
    }

    proptest! {
        #[test]
        fn a_mantissa_is_its_digits_parsed(int in "[0-9]{0,4}(,[0-9]{3}){0,10}|[0-9]{0,34}", frac in "[0-9]{0,12}") {
            let digits: String = int.chars().filter(|c| *c != ',').chain(frac.chars()).collect();
            let expected = match digits.len() {
                0 => Some(0),
                1..=30 => digits.parse::<u128>().ok(),
                _ => None,
            };
            prop_assert_eq!(mantissa(&int, &frac), expected);
        }

        #[test]
        fn never_panics(text in "\\PC{0,24}") {
            let _ = parse(&text, span());
        }

        /// Texts near the hints' slips, with letters that change length in lower case.
        #[test]
        fn hints_never_panic(text in "(~|about |≈|ca\\. )?[0-9.,０-９٠-٩’']{1,8} ?[kK\u{212A}Mm\u{130}ｋ]?( ?(tokens|TOKENS|to\u{212A}|\u{130}))?\\+?") {
            let _ = parse(&text, span());
        }

        #[test]
        fn plain_counts_read_back(n in 0u64..=MAX_TOKENS) {
            prop_assert_eq!(tokens(&n.to_string()), Some(Tokens::exact(n)));
        }

        #[test]
        fn larger_counts_are_refused(n in MAX_TOKENS + 1..=u64::MAX) {
            prop_assert!(parse(&n.to_string(), span()).is_err());
        }

        #[test]
        fn displayed_counts_read_back_within_rounding(n in 0u64..1_000_000_000_000) {
            let shown = math::display::count(n);
            let read = tokens(&shown).expect("known").count;
            prop_assert!((read as f64 - n as f64).abs() <= n as f64 * 0.005 + 0.5);
        }
    }
}
