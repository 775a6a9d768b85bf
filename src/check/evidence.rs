//! What the hits of one component on one entity prove: how strong the evidence is, the
//! evidence list a report shows (strongest first, without repeats), and the notes that explain
//! weak evidence, alternates and group matches.

use std::collections::HashSet;

use super::matcher::Hit;
use crate::bom::{Component, Field, Source, SourceKind};
use crate::normalize::is_placeholder;
use crate::report::{Evidence, Strength};
use crate::rules::index::How;
use crate::rules::{Entity, Rule, RuleSet};

/// Is the evidence strong enough for the rule's full severity? A maker's name or an
/// identifier is; a supplier is only where the rule is about what the entity supplies; a part
/// number is only where no other maker is named for it.
pub(super) fn is_strong(rule: &Rule, hits: &[Hit], sources: &[Source<'_>]) -> bool {
    hits.iter().any(|h| {
        names_the_maker(h.field)
            || (rule.supplied_by && h.field == Field::Supplier)
            || (h.field == Field::Mpn
                && if h.extra {
                    // A part number from a second part-number column: its maker is the
                    // component's, if any.
                    sources.iter().all(|s| no_maker(s.manufacturer))
                } else {
                    sources
                        .get(h.source)
                        .is_some_and(|s| no_maker(s.manufacturer))
                })
    })
}

/// Fields whose value names the maker itself.
fn names_the_maker(field: Field) -> bool {
    matches!(
        field,
        Field::Manufacturer
            | Field::Publisher
            | Field::Author
            | Field::Originator
            | Field::Provider
            | Field::Cpe
            | Field::Purl
            | Field::FccId
    )
}

/// Is this manufacturer value blank or a placeholder such as `Generic`?
fn no_maker(m: &str) -> bool {
    m.is_empty() || is_placeholder(m)
}

/// Whether every hit needed a leading place name dropped (`Zhejiang Tianma`): such a match is
/// for a person to confirm, since companies of one region may share a short name.
pub(super) fn only_after_place(hits: &[Hit]) -> bool {
    !hits.is_empty() && hits.iter().all(|h| h.how == How::PlacePrefix)
}

/// Notes on how the entity was matched: weak evidence, look-alike characters.
pub(super) fn match_notes(
    entity: &Entity,
    hits: &[Hit],
    sources: &[Source<'_>],
    strong: bool,
) -> Vec<String> {
    let mut notes = Vec::new();
    if !strong {
        if hits.iter().all(|h| h.field == Field::Supplier) {
            notes.push(format!(
                "{} is named only as supplier or distributor; the manufacturer is {}: a person must confirm who made the part",
                entity.name,
                describe_makers(sources)
            ));
        } else {
            notes.push(format!(
                "the part number belongs to a part family of {}, but the manufacturer field names {}: a person must confirm who made the part",
                entity.name,
                describe_makers(sources)
            ));
        }
    }
    if only_after_place(hits) {
        notes.push(
            "the name matched only after a leading Chinese place name was dropped: another company of that region may share the short name, so a person must confirm who made the part".into(),
        );
    }
    if hits.iter().any(|h| h.how == How::Confusable) {
        notes.push(
            "the name matched only after look-alike characters (e.g. Cyrillic or Greek letters, digits for letters) were folded: an obfuscated or mis-encoded name".into(),
        );
    }
    notes
}

/// The evidence of the hits, strongest first, primary source first, without repeats.
pub(super) fn list(
    rules: &RuleSet,
    entity: &Entity,
    hits: &[Hit],
    c: &Component,
    sources: &[Source<'_>],
) -> Vec<Evidence> {
    // Linear in the hits however many there are (a package with 20,000 CPE names): the
    // extra fields are listed once, and repeats are found by hashing.
    let fields: Vec<&str> = c.fields().map(|(_, v)| v).collect();
    let mut seen = HashSet::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    for h in hits {
        let ev = one(rules, entity, h, c, &fields, sources);
        if seen.insert(ev.clone()) {
            evidence.push(ev);
        }
    }
    evidence.sort_by_key(|ev| (ev.source != "primary", ev.strength, ev.field, ev.line));
    evidence
}

/// The evidence of one hit.
fn one(
    rules: &RuleSet,
    entity: &Entity,
    h: &Hit,
    c: &Component,
    fields: &[&str],
    sources: &[Source<'_>],
) -> Evidence {
    let value = if h.extra {
        fields.get(h.source).copied().unwrap_or("")
    } else {
        sources.get(h.source).map_or("", |s| match h.field {
            Field::Manufacturer => s.manufacturer,
            Field::Mpn => s.mpn,
            _ => s.supplier,
        })
    };
    let (source, line) = if h.extra {
        ("primary".to_string(), c.location.line)
    } else {
        sources
            .get(h.source)
            .map_or(("primary".into(), None), |s| (source_label(s.kind), s.line))
    };
    let matched = rules.index.text(&rules.entities, &h.target);
    Evidence {
        strength: if h.by_name {
            Strength::Name
        } else {
            strength(h.field)
        },
        field: h.field,
        value: value.to_string(),
        matched: matched.to_string(),
        via: via(h, matched == entity.name),
        group: h.target.member.map(|m| entity.group_path(Some(m as usize))),
        source,
        line,
    }
}

/// `primary`, `alternate` or `variant NAME`.
fn source_label(kind: &SourceKind) -> String {
    match kind {
        SourceKind::Primary => "primary".to_string(),
        SourceKind::Alternate => "alternate".to_string(),
        SourceKind::Variant(v) => format!("variant {v}"),
    }
}

/// How the hit matched: `name`, `alias`, `group-member`, `mpn-family`, `cpe-vendor`,
/// `purl-namespace`, `fcc-grantee`, or `cpe-vendor-name` / `purl-namespace-name` (the vendor
/// an identifier names matched an entity's name), with `+generic-words`, `+confusable` or `+place-prefix`
/// where the name matched only after those were dropped or folded.
fn via(h: &Hit, is_entity_name: bool) -> String {
    let base = match (h.field, h.target.member) {
        (Field::Mpn, _) => "mpn-family",
        (Field::Cpe, _) if h.by_name => "cpe-vendor-name",
        (Field::Purl, _) if h.by_name => "purl-namespace-name",
        (Field::Cpe, _) => "cpe-vendor",
        (Field::Purl, _) => "purl-namespace",
        (Field::FccId, _) => "fcc-grantee",
        (_, Some(_)) => "group-member",
        (_, None) if is_entity_name => "name",
        (_, None) => "alias",
    };
    match h.how {
        How::Exact => base.to_string(),
        How::GenericWords => format!("{base}+generic-words"),
        How::Confusable => format!("{base}+confusable"),
        How::PlacePrefix => format!("{base}+place-prefix"),
    }
}

/// The strength of evidence from a field.
fn strength(field: Field) -> Strength {
    match field {
        Field::Cpe | Field::Purl | Field::FccId => Strength::Identifier,
        Field::Mpn => Strength::PartFamily,
        Field::Supplier => Strength::Supplier,
        _ => Strength::Name,
    }
}

/// Notes on the component's other sources: can the part be sourced elsewhere?
pub(super) fn alternate_notes(
    entity: &Entity,
    hits: &[Hit],
    sources: &[Source<'_>],
) -> Option<String> {
    if sources.len() <= 1 {
        return None;
    }
    // The sources that matched, found once: a part with thousands of alternate rows must not
    // cost sources × hits.
    let hit_sources: std::collections::HashSet<usize> =
        hits.iter().filter(|h| !h.extra).map(|h| h.source).collect();
    let is_hit = |i: usize| hit_sources.contains(&i);
    let others: Vec<String> = sources
        .iter()
        .enumerate()
        .filter(|(i, s)| !is_hit(*i) && !matches!(s.kind, SourceKind::Variant(_)))
        .map(|(_, s)| {
            let m = if s.manufacturer.is_empty() {
                "?"
            } else {
                s.manufacturer
            };
            format!("{m} {}", s.mpn).trim().to_string()
        })
        .collect();
    let short = short_name(entity);
    // A primary source matched only through its supplier is not made by the entity.
    let supplied = hits
        .iter()
        .filter(|h| !h.extra && h.source == 0)
        .all(|h| h.field == Field::Supplier);
    if is_hit(0) && supplied && !others.is_empty() {
        Some(format!(
            "{short} is named as the primary source's supplier; other sources exist: {}",
            others.join(", ")
        ))
    } else if is_hit(0) && !others.is_empty() {
        Some(format!(
            "{short} is the primary source; non-{short} alternates exist: {}",
            others.join(", ")
        ))
    } else if is_hit(0) {
        Some(format!("every listed source is {short}"))
    } else if !others.is_empty() {
        Some(format!(
            "{short} is an approved alternate, not the primary source ({}): remove it from the approved sources",
            others.first().map_or("", String::as_str)
        ))
    } else {
        None
    }
}

/// The makers a component names, for notes: "`Samsung`, `Micron`" or "not given".
fn describe_makers(sources: &[Source<'_>]) -> String {
    let makers: Vec<&str> = sources
        .iter()
        .map(|s| s.manufacturer)
        .filter(|m| !m.is_empty())
        .collect();
    if makers.is_empty() {
        "not given".into()
    } else {
        format!("`{}`", makers.join("`, `"))
    }
}

/// The shortest ASCII alias (`Micron`), else the name.
fn short_name(e: &Entity) -> &str {
    e.aliases
        .iter()
        .filter(|a| a.is_ascii())
        .min_by_key(|a| a.len())
        .map_or(e.name.as_str(), String::as_str)
}
