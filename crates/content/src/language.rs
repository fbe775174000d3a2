//! Language codes: ISO 639-1's two-letter codes, for the `language` of site.toml and for a file
//! named as Zola and Hugo name a translation (`2026-03-01.de.md`).

/// ISO 639-1: every two-letter language code, in order.
const ISO_639_1: [&str; 184] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv",
    "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd",
    "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig",
    "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko",
    "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh",
    "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr",
    "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru",
    "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su",
    "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug",
    "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Whether `code` (any case) is a two-letter language code of ISO 639-1, or one withdrawn from
/// it that BCP 47 still takes (`iw`, `ji`, `in`, `mo`, `sh`: Hebrew, Yiddish, Indonesian,
/// Moldavian, Serbo-Croatian).
pub fn is_iso_639_1(code: &str) -> bool {
    let code = code.to_ascii_lowercase();
    code.len() == 2
        && (ISO_639_1.binary_search(&code.as_str()).is_ok()
            || ["iw", "ji", "in", "mo", "sh"].contains(&code.as_str()))
}

/// The language code meant by a country's code or a language's English or own name, written
/// where a language code goes (`jp` for Japanese, `english`); `None` for any other.
pub fn meant(written: &str) -> Option<&'static str> {
    let code = match written.to_ascii_lowercase().as_str() {
        "jp" => "ja",
        "cn" => "zh",
        "gr" => "el",
        "cz" => "cs",
        "ua" => "uk",
        "dk" => "da",
        "il" => "he",
        "vn" => "vi",
        "ir" => "fa",

        "gb" | "us" | "english" => "en",
        "german" | "deutsch" => "de",
        "french" | "francais" => "fr",
        "spanish" | "espanol" => "es",
        "italian" | "italiano" => "it",
        "portuguese" | "portugues" => "pt",
        "dutch" | "nederlands" => "nl",
        "japanese" => "ja",
        "chinese" => "zh",
        "korean" => "ko",
        "russian" => "ru",
        "arabic" => "ar",
        "hebrew" => "he",
        "polish" | "polski" => "pl",
        "swedish" | "svenska" => "sv",
        "turkish" | "turkce" => "tr",
        _ => return None,
    };
    Some(code)
}

/// The language a file's stem names after its last `.`, as Zola and Hugo name a translation
/// (`2026-03-01.de`, `about.pt-br`): an ISO 639-1 code, with a region or script after a `-` if
/// any. Codes that are more often a word or a numeral after a dot are left out: `am` (Amharic;
/// `2026-03-01.am` is a morning's record far more often), `ii` (Sichuan Yi; "part II"), `an`,
/// `as`, `be`, `is`, `or`, `so`, `to`.
pub fn translation_suffix(stem: &str) -> Option<&str> {
    let (name, suffix) = stem.rsplit_once('.')?;
    let language = suffix.split('-').next().unwrap_or(suffix);
    let subtags_ok = suffix
        .split('-')
        .skip(1)
        .all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    let word = ["am", "ii", "an", "as", "be", "is", "or", "so", "to"]
        .iter()
        .any(|w| language.eq_ignore_ascii_case(w));
    (!name.is_empty() && is_iso_639_1(language) && !word && subtags_ok).then_some(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_are_in_order_for_the_search() {
        assert!(ISO_639_1.windows(2).all(|w| w[0] < w[1]));
        assert!(is_iso_639_1("ja") && is_iso_639_1("DE") && !is_iso_639_1("jp") && !is_iso_639_1("eng"));
    }

    #[test]
    fn a_translation_is_named_by_its_language() {
        for (stem, suffix) in
            [("2026-03-01.de", Some("de")), ("about.pt-br", Some("pt-br")), ("x.zh-Hant", Some("zh-Hant"))]
        {
            assert_eq!(translation_suffix(stem), suffix, "{stem}");
        }
        for stem in
            ["2026-03-01", "2026-03-01.v2", "2026-03-01.pm", "2026-03-01.am", ".de", "notes.old", "a.de-x"]
        {
            assert_eq!(translation_suffix(stem), None, "{stem}");
        }
    }

    #[test]
    fn a_country_or_a_name_is_told_its_code() {
        assert_eq!(meant("jp"), Some("ja"));
        assert_eq!(meant("English"), Some("en"));
        assert_eq!(meant("xx"), None);
        // Each a code of no language, told the one it meant; none is offered for a language's.
        for written in ["jp", "cn", "gr", "cz", "ua", "dk", "il", "vn", "ir", "us", "deutsch", "turkish"] {
            assert!(!is_iso_639_1(written) && meant(written).is_some_and(is_iso_639_1), "{written}");
        }
        for language in ["se", "kr", "iw", "sh"] {
            assert!(is_iso_639_1(language), "{language}");
        }
    }
}
