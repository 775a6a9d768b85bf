//! Answers a person can act on: does this vendor name match a listed entity, and how — or,
//! if not, which listed names are nearest and why each does not match; and, for one
//! component of a BOM, what each of its values matched and why it was or was not flagged.

use serde::{Deserialize, Serialize};

use crate::bom::{Bom, Component, Field, split_refs};
use crate::check::{Context, check};
use crate::error::Error;
use crate::normalize::NameKey;
use crate::report::Finding;
use crate::rules::RuleSet;
use crate::rules::index::How;

/// How a name matches, or does not match, the listed entities.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NameExplanation {
    /// The name as given.
    pub value: String,
    /// Its normalised key (`micron technology`), or nothing when it has no letters or digits.
    pub key: Option<String>,
    /// The listed entities it matches.
    pub matches: Vec<NameMatch>,
    /// When it matches nothing: the nearest listed names, and why each does not match.
    pub nearest: Vec<NearName>,
}

/// One listed entity a name matches.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NameMatch {
    /// The entity's id.
    pub entity: String,
    /// The entity's name.
    pub entity_name: String,
    /// The name, alias or member name it matched, as the rules write it.
    pub matched: String,
    /// How: `name`, `alias` or `group-member`, with `+generic-words`, `+confusable` or
    /// `+place-prefix` when the match needed them.
    pub via: String,
    /// The corporate-group path, for a member, with its dates.
    pub group: Option<String>,
    /// The rules that name the entity: `id (jurisdiction; binds roles)`.
    pub rules: Vec<String>,
}

/// A listed name near to one that matched nothing.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NearName {
    /// The listed name.
    pub name: String,
    /// Its entity's id.
    pub entity: String,
    /// Why it does not match.
    pub why: String,
}

/// Explains how `value` matches the listed entities of `rules`.
pub fn explain_name(rules: &RuleSet, value: &str) -> NameExplanation {
    let key = NameKey::new(value).map(|k| k.plain);
    let mut hits = Vec::new();
    rules.index.lookup_name(value, &mut hits);
    let mut matches: Vec<NameMatch> = Vec::new();
    for (target, how) in hits {
        let Some(entity) = rules.entities.get(target.entity as usize) else {
            continue;
        };
        let matched = rules.index.text(&rules.entities, &target).to_string();
        let base = match target.member {
            Some(_) => "group-member",
            None if matched == entity.name => "name",
            None => "alias",
        };
        let via = match how {
            How::Exact => base.to_string(),
            How::GenericWords => format!("{base}+generic-words"),
            How::Confusable => format!("{base}+confusable"),
            How::PlacePrefix => format!("{base}+place-prefix"),
        };
        let m = NameMatch {
            entity: entity.id.clone(),
            entity_name: entity.name.clone(),
            group: target.member.map(|m| member_path(entity, m as usize)),
            rules: rules_naming(rules, target.entity as usize),
            matched,
            via,
        };
        if !matches
            .iter()
            .any(|x| x.entity == m.entity && x.matched == m.matched)
        {
            matches.push(m);
        }
    }
    let nearest = if matches.is_empty() {
        nearest_names(rules, value, key.as_deref())
    } else {
        Vec::new()
    };
    NameExplanation {
        value: value.to_string(),
        key,
        matches,
        nearest,
    }
}

/// A member's group path with the dates it joined and left.
fn member_path(entity: &crate::rules::Entity, m: usize) -> String {
    let mut path = entity.group_path(Some(m));
    if let Some(member) = entity.members.get(m) {
        match (member.from, member.until) {
            (Some(f), Some(u)) => path.push_str(&format!(" (from {f} until {u})")),
            (Some(f), None) => path.push_str(&format!(" (from {f})")),
            (None, Some(u)) => path.push_str(&format!(" (until {u})")),
            (None, None) => {}
        }
    }
    path
}

/// The rules naming entity `e`: `id (jurisdiction; binds roles)`.
fn rules_naming(rules: &RuleSet, e: usize) -> Vec<String> {
    rules
        .rules
        .iter()
        .filter(|r| r.entities.contains(&e))
        .map(|r| {
            format!(
                "{} ({}; binds {})",
                r.id,
                rules.jurisdiction_of(r),
                r.binds.join(", ")
            )
        })
        .collect()
}

/// The three listed names nearest to `value` by edit distance of their keys, with why each
/// does not match.
fn nearest_names(rules: &RuleSet, value: &str, key: Option<&str>) -> Vec<NearName> {
    let Some(key) = key else {
        return Vec::new();
    };
    let mut scored: Vec<(f64, String, String, String)> = Vec::new();
    for e in &rules.entities {
        let names = std::iter::once(&e.name).chain(&e.aliases).chain(
            e.members
                .iter()
                .flat_map(|m| std::iter::once(&m.name).chain(&m.aliases)),
        );
        for n in names {
            let Some(k) = NameKey::new(n).map(|k| k.plain) else {
                continue;
            };
            let score = strsim::normalized_damerau_levenshtein(key, &k);
            scored.push((score, n.clone(), e.id.clone(), k));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.3 == b.3);
    scored
        .into_iter()
        .take(3)
        .map(|(_, name, entity, k)| NearName {
            why: format!(
                "`{value}` does not match `{name}`: different name after normalisation (`{key}` is not `{k}`; names are compared whole, never by similarity)"
            ),
            name,
            entity,
        })
        .collect()
}

/// One component of a BOM explained: its values and what each matched, its findings in the
/// context, and why it was not flagged where a value matched.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ComponentExplanation {
    /// Designators or bom-ref.
    pub reference: String,
    /// Value or description.
    pub name: String,
    /// Each value screened: field, value, and what it matched.
    pub values: Vec<ValueExplanation>,
    /// The findings on this component in the context.
    pub findings: Vec<Finding>,
    /// Why a matched entity gave no finding (rules outside the context, not yet in force…).
    pub not_flagged: Vec<String>,
}

/// One value of a component and what it matched.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ValueExplanation {
    /// The field.
    pub field: Field,
    /// The value as written.
    pub value: String,
    /// How a name matched (manufacturer, supplier, publisher…); for part numbers and
    /// identifiers, the matches only.
    pub name: Option<NameExplanation>,
}

/// Explains the components of `bom` whose designator (or bom-ref) is `reference`, checked in
/// `ctx`. Fails when no component has it.
///
/// # Errors
/// [`Error::Context`] when the reference names no component, or the context is invalid.
pub fn explain_component(
    rules: &RuleSet,
    bom: &Bom,
    reference: &str,
    ctx: Context,
) -> Result<Vec<ComponentExplanation>, Error> {
    let report = check(rules, bom, ctx.clone())?;
    let picked: Vec<&Component> = bom
        .components
        .iter()
        .filter(|c| has_reference(c, reference))
        .collect();
    if picked.is_empty() {
        return Err(Error::Context(format!(
            "no component of {} has the designator or bom-ref `{reference}`",
            bom.info.file
        )));
    }
    Ok(picked
        .into_iter()
        .map(|c| explain_one(rules, &report, c, &ctx))
        .collect())
}

/// Whether a component answers to a designator (case-insensitive, inside a list) or bom-ref.
fn has_reference(c: &Component, reference: &str) -> bool {
    c.location.path.as_deref() == Some(reference)
        || split_refs(c.reference())
            .iter()
            .any(|r| r.eq_ignore_ascii_case(reference))
}

fn explain_one(
    rules: &RuleSet,
    report: &crate::report::Report,
    c: &Component,
    ctx: &Context,
) -> ComponentExplanation {
    let mut values = Vec::new();
    for s in c.sources() {
        for (field, v) in [
            (Field::Manufacturer, s.manufacturer),
            (Field::Mpn, s.mpn),
            (Field::Supplier, s.supplier),
        ] {
            if !v.is_empty() {
                values.push(value(rules, field, v));
            }
        }
    }
    for (field, v) in c.fields() {
        values.push(value(rules, field, v));
    }
    let findings: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| f.component.reference == c.reference() && f.component.name == c.name())
        .filter(|f| f.location.line == c.location.line && f.location.sheet == c.location.sheet)
        .cloned()
        .collect();
    let not_flagged = why_not(rules, &values, &findings, ctx);
    ComponentExplanation {
        reference: c.reference().to_string(),
        name: c.name().to_string(),
        values,
        findings,
        not_flagged,
    }
}

fn value(rules: &RuleSet, field: Field, v: &str) -> ValueExplanation {
    let name = match field {
        Field::Manufacturer
        | Field::Supplier
        | Field::Publisher
        | Field::Author
        | Field::Originator
        | Field::Provider => Some(explain_name(rules, v)),
        _ => None,
    };
    ValueExplanation {
        field,
        value: v.to_string(),
        name,
    }
}

/// For each entity a value matched that has no finding: which rules name it and why none of
/// them applies in the context.
fn why_not(
    rules: &RuleSet,
    values: &[ValueExplanation],
    findings: &[Finding],
    ctx: &Context,
) -> Vec<String> {
    let mut out = Vec::new();
    // Entities already explained or flagged: each is said once.
    let mut done: std::collections::HashSet<&str> =
        findings.iter().map(|f| f.entity.id.as_str()).collect();
    let matched = values
        .iter()
        .filter_map(|v| v.name.as_ref())
        .flat_map(|n| n.matches.iter());
    for m in matched {
        if !done.insert(m.entity.as_str()) {
            continue;
        }
        let Some(ei) = rules.entity_index(&m.entity) else {
            continue;
        };
        let reasons: Vec<String> = rules
            .rules
            .iter()
            .filter(|r| r.entities.contains(&ei))
            .map(|r| rule_reason(rules, r, ctx))
            .collect();
        out.push(format!(
            "`{}` matched, but gives no finding here: {}",
            m.entity,
            if reasons.is_empty() {
                "no rule names it".to_string()
            } else {
                reasons.join("; ")
            }
        ));
    }
    out
}

/// Why one rule naming a matched entity gives no finding in the context.
fn rule_reason(rules: &RuleSet, r: &crate::rules::Rule, ctx: &Context) -> String {
    let j = rules.jurisdiction_of(r);
    if !ctx.jurisdictions.is_empty() && !ctx.jurisdictions.iter().any(|x| x == j) {
        return format!(
            "{} is a rule of {j}, outside --jurisdiction {}",
            r.id,
            ctx.jurisdictions.join(",")
        );
    }
    if !ctx.roles.is_empty() && !r.binds.iter().any(|b| ctx.roles.contains(b)) {
        return format!(
            "{} binds {}, not --role {}",
            r.id,
            r.binds.join(", "),
            ctx.roles.join(",")
        );
    }
    if let Some(first) = r.obligations.iter().map(|o| o.from).min()
        && ctx.as_of.days_until(first) > 365
    {
        return format!(
            "{} takes effect on {first}, more than a year after {}",
            r.id, ctx.as_of
        );
    }
    format!(
        "{} does not apply on {} (a member no longer in the group, an entity not listed then, a field the rule does not count, or scopes the context excludes)",
        r.id, ctx.as_of
    )
}
