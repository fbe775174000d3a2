//! Slugs for tag and workstream names: lowercase letters and digits, every other run of
//! characters one `-` ("Edge Cases" -> `edge-cases`). Latin letters are written in ASCII as
//! Zola's slugs write them ("Édge Cases" -> `edge-cases`, "Ünïcode" -> `unicode`, by the
//! deunicode crate); letters of other scripts are kept as they are, as Hugo's URLs keep them
//! ("日本" -> `日本`, "Москва" -> `москва`): written in ASCII, words of one sound (时间, 实践,
//! 事件 are all `shi-jian`) and of one consonant skeleton (Arabic تين and طين) would share a page.

use icu_properties::props::{GeneralCategory, GeneralCategoryGroup, Script};
use icu_properties::{CodePointMapData, CodePointMapDataBorrowed};

/// The URL segment of a tag or workstream name. A name with nothing to write becomes `-`-free
/// hex of its bytes, so it still gets a page of its own.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    if name.is_ascii() {
        for c in name.chars() {
            push_ascii(&mut slug, c);
        }
    } else {
        let scripts = CodePointMapData::<Script>::new();
        let categories = CodePointMapData::<GeneralCategory>::new();
        // A mark is kept after a letter kept as it is (a Devanagari virama), and dropped after
        // one written in ASCII (a combining accent NFC left alone).
        let mut kept = false;
        // Half-width katakana (`ﾃﾞｰﾀ`, as some input methods and old systems write it) is the
        // katakana it stands for (`データ`), as full-width Latin is Latin.
        let composed = if name.chars().any(|c| ('\u{FF65}'..='\u{FF9F}').contains(&c)) {
            icu_normalizer::ComposingNormalizerBorrowed::new_nfkc().normalize(name).into_owned()
        } else {
            content::composed(name)
        };
        for c in composed.chars() {
            let category = categories.get(c);
            // Arabic's short vowels and Hebrew's points, which a writer may give or leave out
            // (`عِلم` is `علم`), and Arabic's stretching tatweel: as accents on Latin letters are.
            let optional = matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0591}'..='\u{05C7}')
                && GeneralCategoryGroup::Mark.contains(category);
            if optional || c == '\u{0640}' {
                continue;
            }
            if category == GeneralCategory::Format {
                // Invisible: a zero-width space, a soft hyphen, a direction mark. Read as
                // nothing, so that `Daten\u{200B}bank` is the tag `Datenbank` it looks like.
                continue;
            }
            // After a letter kept as it is, a mark, or a letter of the scripts' common stock (the
            // katakana-hiragana prolonged sound mark ー, half-width ｰ ﾞ ﾟ), is kept with it:
            // written in ASCII it was nothing, and サーバー (server) was サバ (mackerel).
            let joins = kept
                && (GeneralCategoryGroup::Mark.contains(category)
                    || GeneralCategoryGroup::Letter.contains(category));
            if keeps(&scripts, c, category) || joins {
                // A final sigma is the sigma it is at a word's end: `ΚΑΦΕΣ` is the tag `καφες`.
                if c == 'ς' {
                    slug.push('σ');
                } else {
                    slug.extend(c.to_lowercase());
                }
                kept = true;
                continue;
            }
            kept = false;
            match deunicode::deunicode_char(c) {
                Some(ascii) => ascii.chars().for_each(|a| push_ascii(&mut slug, a)),
                None => push_ascii(&mut slug, '-'),
            }
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() { name.bytes().map(|b| format!("{b:02x}")).collect() } else { slug.to_string() }
}

/// Appends an ASCII character to a slug: a letter lower-cased, a digit, or for anything else a
/// `-` unless the slug ends with one.
fn push_ascii(slug: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        slug.push(c.to_ascii_lowercase());
    } else if !slug.ends_with('-') {
        slug.push('-');
    }
}

/// Whether a slug keeps `c` as it is: a letter, digit or mark of a script other than Latin
/// (whose letters are written in ASCII) and the scripts' common stock (punctuation, symbols,
/// emoji, full-width digits: written in ASCII, or as `-`).
fn keeps(scripts: &CodePointMapDataBorrowed<'static, Script>, c: char, category: GeneralCategory) -> bool {
    let word = GeneralCategoryGroup::Letter.contains(category)
        || GeneralCategoryGroup::Number.contains(category)
        || GeneralCategoryGroup::Mark.contains(category);
    word && !matches!(scripts.get(c), Script::Latin | Script::Common | Script::Inherited | Script::Unknown)
}

/// Slugs in the order a reader looks for them: numbers by their value, the rest by its text
/// (`sprint-2` before `sprint-10`, which text order puts after `sprint-1`).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        let (Some(x), Some(y)) = (a.chars().next(), b.chars().next()) else { return a.len().cmp(&b.len()) };
        let order = if x.is_ascii_digit() && y.is_ascii_digit() {
            let run = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let (m, n) = (run(a), run(b));
            let (da, db) = (a[..m].trim_start_matches('0'), b[..n].trim_start_matches('0'));
            let order = da.len().cmp(&db.len()).then_with(|| da.cmp(db)).then_with(|| m.cmp(&n));
            (a, b) = (&a[m..], &b[n..]);
            order
        } else {
            (a, b) = (&a[x.len_utf8()..], &b[y.len_utf8()..]);
            x.cmp(&y)
        };
        if order.is_ne() {
            return order;
        }
    }
}

/// The entries of a map keyed by slug (the tags, the workstreams) in `natural_cmp`'s order.
pub fn in_natural_order<V>(by_slug: &std::collections::BTreeMap<String, V>) -> Vec<(&String, &V)> {
    let mut ordered: Vec<_> = by_slug.iter().collect();
    ordered.sort_by(|a, b| natural_cmp(a.0, b.0));
    ordered
}

/// The id of a heading, GitHub's way (as Hugo's default): its text in Unicode's composed form
/// (NFC) and lower-cased, letters, marks and digits of any script kept, spaces and `-` as `-`,
/// `_` kept, other punctuation dropped (`Task Log` -> `task-log`, `Über uns` -> `über-uns`,
/// `कार्य सूची` -> `कार्य-सूची`, its virama kept); `section` when nothing is left.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let text = content::composed(text.trim());
    let categories = CodePointMapData::<GeneralCategory>::new();
    for c in text.chars() {
        if c.is_alphanumeric() || !c.is_ascii() && GeneralCategoryGroup::Mark.contains(categories.get(c)) {
            id.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' {
            id.push('-');
        } else if c == '_' {
            id.push('_');
        }
    }
    if id.is_empty() { "section".to_string() } else { id }
}

/// Whether `text` shows nothing: only white space and invisible characters (a zero-width
/// space, a soft hyphen, a direction mark: Unicode's format characters, which a slug leaves
/// out too). A task named so is a row no reader can tell from a blank one.
pub fn shows_nothing(text: &str) -> bool {
    let categories = CodePointMapData::<GeneralCategory>::new();
    text.chars().all(|c| c.is_whitespace() || categories.get(c) == GeneralCategory::Format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_slugs_sort_by_their_value() {
        let mut slugs =
            vec!["sprint-10", "sprint-2", "alpha", "sprint-1", "sprint-02", "beta-3b", "beta-3a", "sprint"];
        slugs.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            slugs,
            ["alpha", "beta-3a", "beta-3b", "sprint", "sprint-1", "sprint-2", "sprint-02", "sprint-10"]
        );
        assert_eq!(natural_cmp("a", "a"), std::cmp::Ordering::Equal);
    }

    proptest::proptest! {
        /// A total order: antisymmetric, and equal only for equal slugs.
        #[test]
        fn natural_order_is_total(a in "[a-z0-9-]{0,8}", b in "[a-z0-9-]{0,8}") {
            proptest::prop_assert_eq!(natural_cmp(&a, &b), natural_cmp(&b, &a).reverse());
            proptest::prop_assert_eq!(natural_cmp(&a, &b).is_eq(), a == b);
        }
    }

    #[test]
    fn heading_ids_follow_github() {
        for (text, id) in [
            ("Task Log", "task-log"),
            ("Aggregate Stats", "aggregate-stats"),
            ("Über uns", "über-uns"),
            ("U\u{308}ber uns", "über-uns"),
            ("कार्य सूची", "कार्य-सूची"),
            ("What's next? (v2.0)", "whats-next-v20"),
            ("snake_case & more", "snake_case--more"),
            ("  ", "section"),
            ("!!!", "section"),
        ] {
            assert_eq!(heading_id(text), id, "{text}");
        }
    }

    #[test]
    fn follows_the_contract() {
        assert_eq!(slugify("Edge Cases"), "edge-cases");
        assert_eq!(slugify("  C++ / Rust!  "), "c-rust");
        assert_eq!(slugify("ml-pipeline"), "ml-pipeline");
        assert_eq!(slugify("Ünïcode tag"), "unicode-tag");
        assert_eq!(slugify("Édge Cases"), slugify("edge cases"));
    }

    #[test]
    fn latin_letters_are_written_in_ascii() {
        assert_eq!(slugify("Édge Cases"), "edge-cases");
        assert_eq!(slugify("Straße"), "strasse");
        assert_eq!(slugify("Ｆｕｌｌ ２０２６"), "full-2026", "full-width forms");
        assert_eq!(slugify("🚀 launch"), "rocket-launch", "a symbol as deunicode writes it");
        assert_eq!(slugify("İzmir"), "izmir");
        // A combining accent (as macOS writes names) is the accented letter.
        assert_eq!(slugify("Cafe\u{301}"), slugify("Café"));
    }

    /// Arabic's short vowels and Hebrew's points are as accents are: a writer may give them or
    /// not, and the tag is one (Hindi's vowel signs, which are letters' sounds, are kept).
    #[test]
    fn arabic_vowels_and_hebrew_points_do_not_part_tags() {
        assert_eq!(slugify("عِلم"), slugify("علم"));
        assert_eq!(slugify("عـلـم"), slugify("علم"), "the tatweel that stretches a word");
        assert_eq!(slugify("שָׁלוֹם"), slugify("שלום"));
        assert_ne!(slugify("कि"), slugify("क"));
    }

    #[test]
    fn letters_of_other_scripts_are_kept_so_that_words_stay_apart() {
        assert_eq!(slugify("日本"), "日本");
        assert_eq!(slugify("Москва"), "москва");
        // Written in ASCII, each of these groups was one slug, and so one page.
        for words in
            [&["时间", "实践", "事件"][..], &["試験", "実験"], &["機能", "技能"], &["تين", "طين", "תין"]]
        {
            let slugs: std::collections::BTreeSet<String> = words.iter().map(|w| slugify(w)).collect();
            assert_eq!(slugs.len(), words.len(), "{words:?}");
        }
        assert_eq!(slugify("कार्य सूची"), "कार्य-सूची", "the virama is kept");
        // The prolonged sound mark is of no one script: kept after a kana, so that server is
        // not mackerel.
        for (word, slug) in
            [("サーバー", "サーバー"), ("ｻｰﾊﾞｰ", "サーバー"), ("データ", "データ"), ("ﾃﾞｰﾀ", "データ")]
        {
            assert_eq!(slugify(word), slug);
        }
        assert_ne!(slugify("サーバー"), slugify("サバ"));
        assert_eq!(slugify("ΚΑΦΕΣ"), slugify("καφες"), "a final sigma folds as a capital does");
        assert_eq!(slugify("Rust 日本"), "rust-日本");
    }

    #[test]
    fn invisible_characters_are_nothing() {
        assert!(shows_nothing(" \u{200b}\u{00ad}\u{200e}\u{a0}") && shows_nothing(""));
        assert!(!shows_nothing("\u{200b}a") && !shows_nothing("·"));
        assert_eq!(slugify("Daten\u{200b}bank"), "datenbank");
        assert_eq!(slugify("Daten\u{ad}bank"), "datenbank");
        assert_eq!(slugify("\u{202e}gnp.exe"), "gnp-exe");
        assert_eq!(slugify("\u{200b}"), "e2808b", "nothing to write: hex, so it still has a page");
    }
}
