//! Entity ids of an imported pack: valid rule ids (lower-case letters, digits, `-`) derived
//! from the normalised name, so that the same party keeps its id from one list to the next;
//! names that give the same id are told apart by a hash of their name, not by their order.

use unicode_normalization::UnicodeNormalization;

use crate::hash::FxHashMap;

/// The longest slug a name gives (the pack's prefix comes on top).
const MAX_SLUG: usize = 64;

/// Lower-case ASCII letters and digits of `s`, other runs as one `-`, accents dropped
/// (`Société` is `societe`), at most `max` bytes, cut at a `-`.
pub(super) fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.nfkd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !c.is_ascii() && !c.is_alphanumeric() {
            // a combining mark left by the decomposition, or a symbol: dropped
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > max {
        let cut = out
            .get(..=max)
            .and_then(|head| head.rfind('-'))
            .filter(|i| *i > 0)
            .unwrap_or(max);
        out.truncate(cut);
    }
    out.trim_matches('-').to_string()
}

/// The first eight hex digits of the SHA-256 of `key`.
fn short_hash(key: &str, digits: usize) -> String {
    use sha2::Digest;
    let hex = crate::ident::hex(&sha2::Sha256::digest(key.as_bytes()));
    hex.get(..digits).unwrap_or(&hex).to_string()
}

/// Ids for entities with these name keys, in the same order: `{pack}-{slug}`, or, where
/// several keys give one slug (or none), `{pack}-{slug}-{hash of the key}`.
pub(super) fn assign(pack: &str, keys: &[&str]) -> Vec<String> {
    let slugs: Vec<String> = keys.iter().map(|k| slug(k, MAX_SLUG)).collect();
    let mut count: FxHashMap<&str, usize> = FxHashMap::default();
    for s in &slugs {
        *count.entry(s.as_str()).or_default() += 1;
    }
    let mut ids: Vec<String> = Vec::with_capacity(keys.len());
    let mut seen = crate::hash::FxHashSet::default();
    for (key, s) in keys.iter().zip(&slugs) {
        let shared = s.is_empty() || count.get(s.as_str()).is_some_and(|n| *n > 1);
        let mut id = if shared {
            let head = if s.is_empty() { "entity" } else { s.as_str() };
            format!("{pack}-{head}-{}", short_hash(key, 8))
        } else {
            format!("{pack}-{s}")
        };
        // Eight hex digits collide once in billions of pairs; never twice in sixteen.
        if seen.contains(&id) {
            id = format!("{pack}-{s}-{}", short_hash(key, 16));
        }
        seen.insert(id.clone());
        ids.push(id);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_told_apart_by_hash() {
        assert_eq!(
            slug("Huawei Technologies Co., Ltd.", 48),
            "huawei-technologies-co-ltd"
        );
        assert_eq!(slug("Société Générale", 48), "societe-generale");
        assert_eq!(slug("北京", 48), "");
        assert_eq!(slug("aaa bbb ccc", 6), "aaa");
        let ids = assign("csl", &["acme", "北京", "上海", "acme co"]);
        assert_eq!(ids[0], "csl-acme");
        assert!(ids[1].starts_with("csl-entity-") && ids[2].starts_with("csl-entity-"));
        assert_ne!(ids[1], ids[2]);
        assert_eq!(ids[3], "csl-acme-co");
        assert_eq!(assign("csl", &["北京"]), assign("csl", &["北京"]), "stable");
    }
}
