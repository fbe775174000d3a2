//! Slugs for tag and workstream names: lowercase ASCII letters and digits, every other run of
//! characters one `-` ("Edge Cases" -> `edge-cases`), after letters of other alphabets are
//! written in ASCII as Zola's slugs write them ("Édge Cases" -> `edge-cases`, "Ünïcode" ->
//! `unicode`, "日本" -> `ri-ben`), by the deunicode crate.

/// The URL segment of a tag or workstream name. A name with nothing to write in ASCII becomes
/// `-`-free hex of its bytes, so it still gets a page of its own.
pub fn slugify(name: &str) -> String {
    let ascii =
        if name.is_ascii() { std::borrow::Cow::Borrowed(name) } else { deunicode::deunicode(name).into() };
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() { name.bytes().map(|b| format!("{b:02x}")).collect() } else { slug.to_string() }
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

/// The id of a heading, GitHub's way (as Hugo's default): its text lower-cased, letters and
/// digits of any script kept, spaces and `-` as `-`, `_` kept, other punctuation dropped
/// (`Task Log` -> `task-log`, `Über uns` -> `über-uns`); `section` when nothing is left.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' {
            id.push('-');
        } else if c == '_' {
            id.push('_');
        }
    }
    if id.is_empty() { "section".to_string() } else { id }
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
    fn a_name_of_another_alphabet_is_written_in_ascii() {
        assert_eq!(slugify("日本"), "ri-ben");
        assert_eq!(slugify("Москва"), "moskva");
        assert_eq!(slugify("\u{200b}"), "e2808b", "nothing to write: hex, so it still has a page");
    }
}
