//! Country-of-production rules: a component (or the product as a whole) of a product class a
//! rule covers, produced outside the countries the rule allows, is a finding — `review` when
//! its country of production is not known, `info` when a declared exception clears it.

use super::{Context, obligations};
use crate::bom::{Component, Field};
use crate::ident::country_code;
use crate::report::{EntityRef, Evidence, Finding, FindingLocation, Strength};
use crate::rules::{Rule, RuleSet, Severity};

/// The findings of country-of-production rules on one component of `file`.
pub(super) fn findings<'r>(
    rules: &RuleSet,
    active: impl Iterator<Item = &'r Rule>,
    ctx: &Context,
    c: &Component,
    file: &str,
) -> Vec<Finding> {
    let Some(class) = c.class.as_deref() else {
        return Vec::new();
    };
    active
        .filter(|r| r.classes.iter().any(|k| k == class))
        .filter_map(|r| finding(rules, r, ctx, c, class, file))
        .collect()
}

/// The finding of one rule on a component of a class it covers, if any.
fn finding(
    rules: &RuleSet,
    rule: &Rule,
    ctx: &Context,
    c: &Component,
    class: &str,
    file: &str,
) -> Option<Finding> {
    let instrument = rules.instrument_of(rule)?;
    let origin = c.origin.as_deref().map(|o| country_code(o).ok_or(o));
    if let Some(Ok(code)) = &origin
        && rule.produced_outside.contains(code)
    {
        return None; // produced where the rule allows
    }
    let obligations = obligations::states(rule, ctx, None);
    let mut severity = obligations.iter().map(|o| o.severity).max()?;
    let state = obligations.iter().map(|o| o.state).max()?;
    let allowed = rule.produced_outside.join(", ");
    let (cap, value, mut notes) = origin_notes(origin.as_ref(), class, &allowed);
    severity = severity.min(cap);
    if let Some(note) = exception_note(rule, ctx, c) {
        severity = Severity::Info;
        notes.push(note);
    }
    let sources: Vec<_> = c.sources().collect();
    let component = super::judge::component_ref(c, &sources);
    let entity_id = format!("class:{class}");
    let message = format!(
        "{class} produced outside {allowed} {} under {}",
        if severity == Severity::Deny {
            "restricted"
        } else {
            "needs review"
        },
        rule.id
    );
    let fingerprint = crate::report::fingerprint_at(
        &rule.id,
        &entity_id,
        file,
        c.location.sheet.as_deref(),
        &component,
        &format!("{}\u{1}{value}", c.name()),
    );
    Some(Finding {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        instrument: instrument.id.clone(),
        jurisdiction: instrument.jurisdiction.clone(),
        binds: rule.binds.clone(),
        severity,
        state,
        entity: EntityRef {
            id: entity_id,
            name: format!("{class} produced outside {allowed}"),
        },
        component,
        location: FindingLocation {
            file: file.to_string(),
            line: c.location.line,
            path: c.location.path.clone(),
            sheet: c.location.sheet.clone(),
        },
        evidence: vec![Evidence {
            strength: Strength::Name,
            field: Field::Origin,
            value,
            matched: format!("produced outside {allowed}"),
            via: "country-of-production".into(),
            group: None,
            source: "primary".into(),
            line: c.location.line,
        }],
        obligations,
        listed: None,
        source: instrument.sources.first().cloned().unwrap_or_default(),
        message,
        notes,
        fingerprint,
        waiver: None,
        baselined: false,
    })
}

/// How a component's country of production bears on the finding: the highest severity it
/// allows, the value to cite, and notes (`review` when it is not given or not understood).
fn origin_notes(
    origin: Option<&Result<String, &str>>,
    class: &str,
    allowed: &str,
) -> (Severity, String, Vec<String>) {
    match origin {
        Some(Ok(code)) => (Severity::Deny, code.clone(), Vec::new()),
        Some(Err(raw)) => (
            Severity::Review,
            (*raw).to_string(),
            vec![format!(
                "country of production `{raw}` is not understood: give an ISO 3166-1 alpha-2 code"
            )],
        ),
        None => (
            Severity::Review,
            "(not given)".to_string(),
            vec![format!(
                "a {class} whose country of production the BOM does not give: a person must find out where it was produced (the rule covers {class}s produced outside {allowed})"
            )],
        ),
    }
}

/// The note of an exception declared for the component or the product that the rule allows
/// and that has not ended; `None` when there is none (an ended one is said in the note too,
/// but does not clear the finding).
fn exception_note(rule: &Rule, ctx: &Context, c: &Component) -> Option<String> {
    let declared = c.exceptions.iter().chain(&ctx.exceptions);
    for id in declared {
        let Some(e) = rule.exceptions.iter().find(|e| &e.id == id) else {
            continue;
        };
        match e.until {
            Some(u) if ctx.as_of >= u => continue,
            Some(u) => {
                return Some(format!(
                    "exception `{id}` declared, allowed by the rule until {u}: not restricted while it lasts"
                ));
            }
            None => {
                return Some(format!(
                    "exception `{id}` declared and allowed by the rule: not restricted"
                ));
            }
        }
    }
    None
}
