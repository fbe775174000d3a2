//! Slugs for tag and workstream names: lowercase ASCII letters and digits, every other run of
//! characters one `-` ("Edge Cases" -> `edge-cases`).

/// The URL segment of a tag or workstream name. A name with no ASCII letter or digit becomes
/// `-`-free hex of its bytes, so it still gets a page of its own.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() { name.bytes().map(|b| format!("{b:02x}")).collect() } else { slug.to_string() }
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
        assert_eq!(slugify("Ünïcode tag"), "n-code-tag");
    }

    #[test]
    fn a_name_without_ascii_still_has_a_slug() {
        assert_eq!(slugify("日本"), "e697a5e69cac");
    }
}
