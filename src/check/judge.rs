//! Judging hits against the rules in context: for each entity a component hit, each rule that
//! names it and binds in this context gives a finding, with its obligations on the as-of date,
//! its evidence, a severity capped by how strong that evidence is, and notes.

use super::matcher::Hit;
use super::{Context, evidence, obligations};
use crate::bom::{Component, Field, Kind, Source};
use crate::date::Date;
use crate::report::{ComponentRef, EntityRef, Finding, FindingLocation, ListedInfo};
use crate::rules::{Entity, Listing, MatchField, Rule, RuleSet, Severity};

/// Evidence listed per finding at most: a component with thousands of matching alternates or
/// identifiers says how many more there are instead of listing them all.
const MAX_EVIDENCE: usize = 100;

/// The rules selected by a context, indexed by the entities they name.
#[derive(Clone, Debug)]
pub(crate) struct Judge<'r> {
    rules: &'r RuleSet,
    ctx: Context,
    /// For each entity, the indices of the rules in context that name it: entity `e`'s are
    /// `rule_list[rule_start[e]..rule_start[e + 1]]`, so that a list of 20,000 entities costs
    /// two vectors, not 20,000.
    rule_start: Vec<usize>,
    /// The rule indices of every entity, one entity after another.
    rule_list: Vec<usize>,
    /// The indices of the rules in context, in rule-set order.
    active: Vec<usize>,
}

/// For each entity, the rules of `active` that name it, as (start of each entity's run,
/// runs): counted, then filled in rule order.
fn rules_by_entity(rules: &RuleSet, active: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let named = || {
        active.iter().flat_map(|ri| {
            let entities = rules
                .rules
                .get(*ri)
                .map_or(&[][..], |r| r.entities.as_slice());
            entities.iter().map(move |e| (*ri, *e))
        })
    };
    let mut start = vec![0; rules.entities.len() + 1];
    for (_, e) in named() {
        if let Some(n) = start.get_mut(e + 1) {
            *n += 1;
        }
    }
    for i in 1..start.len() {
        let before = start.get(i - 1).copied().unwrap_or(0);
        if let Some(n) = start.get_mut(i) {
            *n += before;
        }
    }
    let mut next = start.clone();
    let mut list = vec![0; start.last().copied().unwrap_or(0)];
    for (ri, e) in named() {
        if let Some(at) = next.get_mut(e)
            && let Some(slot) = list.get_mut(*at)
        {
            *slot = ri;
            *at += 1;
        }
    }
    (start, list)
}

impl<'r> Judge<'r> {
    /// Selects the rules of the context's jurisdictions and roles.
    pub fn new(rules: &'r RuleSet, ctx: Context) -> Judge<'r> {
        let active: Vec<usize> = (0..rules.rules.len())
            .filter(|ri| {
                rules.rules.get(*ri).is_some_and(|rule| {
                    let j = rules.jurisdiction_of(rule);
                    let by_j =
                        ctx.jurisdictions.is_empty() || ctx.jurisdictions.iter().any(|x| x == j);
                    by_j && (ctx.roles.is_empty()
                        || rule.binds.iter().any(|b| ctx.roles.contains(b)))
                })
            })
            .collect();
        let (rule_start, rule_list) = rules_by_entity(rules, &active);
        Judge {
            rules,
            ctx,
            rule_start,
            rule_list,
            active,
        }
    }

    /// The indices of the rules in context that name entity `e`, in rule-set order.
    fn rules_of_entity(&self, e: usize) -> &[usize] {
        match (self.rule_start.get(e), self.rule_start.get(e + 1)) {
            (Some(s), Some(end)) => self.rule_list.get(*s..*end).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The context.
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// The rules in context, in rule-set order.
    pub fn active(&self) -> impl Iterator<Item = &'r Rule> + '_ {
        self.active
            .iter()
            .filter_map(|ri| self.rules.rules.get(*ri))
    }

    /// The findings of one component of `file` from its hits, appended to `out`. Returns
    /// whether there was any.
    pub fn judge(&self, c: &Component, hits: &[Hit], file: &str, out: &mut Vec<Finding>) -> bool {
        let mut entities: Vec<u32> = hits.iter().map(|h| h.target.entity).collect();
        entities.sort_unstable();
        entities.dedup();
        let sources: Vec<Source<'_>> = c.sources().collect();
        let before = out.len();
        for e in entities {
            let Some(entity) = self.rules.entities.get(e as usize) else {
                continue;
            };
            let rule_ids = self.rules_of_entity(e as usize);
            for rule in rule_ids.iter().filter_map(|ri| self.rules.rules.get(*ri)) {
                let (hits, listing) = self.counting_hits(rule, entity, e, hits);
                if hits.is_empty() {
                    continue;
                }
                let at = Place {
                    c,
                    sources: &sources,
                    file,
                };
                out.extend(self.finding(rule, entity, &hits, listing, &at));
            }
        }
        out.len() > before
    }

    /// The hits on entity `e` that count for `rule` on the as-of date: in the fields the rule
    /// matches, the entity's own names, and its members' while they belong to the group if
    /// the rule covers the group; for a list-based rule, only while the list names them. Also
    /// the earliest listing that counts.
    fn counting_hits(
        &self,
        rule: &'r Rule,
        entity: &Entity,
        e: u32,
        hits: &[Hit],
    ) -> (Vec<Hit>, Option<&'r Listing>) {
        let as_of = self.ctx.as_of;
        let mut listing: Option<&Listing> = None;
        let counted = hits
            .iter()
            .filter(|h| h.target.entity == e)
            .filter(|h| {
                rule.match_fields.is_empty() || rule.match_fields.contains(&MatchField::of(h.field))
            })
            .filter(|h| match h.target.member {
                None => true,
                Some(m) => rule.group && entity.member_active(m as usize, as_of),
            })
            .filter(|h| match listed(rule, e, h.target.member, as_of) {
                Listed::NotListBased => true,
                Listed::Not => false,
                Listed::Under(l) => {
                    listing = Some(listing.map_or(l, |x| if l.from < x.from { l } else { x }));
                    true
                }
            })
            .copied()
            .collect();
        (counted, listing)
    }

    /// One finding, or `None` when no obligation of the rule applies in the context.
    fn finding(
        &self,
        rule: &Rule,
        entity: &Entity,
        hits: &[Hit],
        listing: Option<&Listing>,
        at: &Place<'_>,
    ) -> Option<Finding> {
        let instrument = self.rules.instrument_of(rule)?;
        let strong = evidence::is_strong(rule, hits, at.sources);
        let mut notes = evidence::match_notes(entity, hits, at.sources, strong);
        let obligations = obligations::states(rule, &self.ctx, listing.map(|l| l.from));
        let mut severity = obligations.iter().map(|o| o.severity).max()?;
        let state = obligations.iter().map(|o| o.state).max()?;
        if !strong || evidence::only_after_place(hits) {
            severity = severity.min(Severity::Review);
        }
        let kind = kind_of(at.c);
        if !rule.kinds.is_empty() && !rule.kinds.contains(&kind) {
            severity = severity.min(Severity::Review);
            notes.push(kind_note(rule, kind));
        }
        let mut evidence = evidence::list(self.rules, entity, hits, at.c, at.sources);
        if evidence.len() > MAX_EVIDENCE {
            notes.push(format!(
                "{} more pieces of evidence of the same kind are not listed",
                evidence.len() - MAX_EVIDENCE
            ));
            evidence.truncate(MAX_EVIDENCE);
        }
        notes.extend(evidence::alternate_notes(entity, hits, at.sources));
        if instrument.interpretation.is_some() && hits.iter().any(|h| h.target.member.is_some()) {
            notes.push(
                "matched through the corporate group: that the rule covers group members is the rule file's interpretation (see the rule)".into(),
            );
        }
        let component = component_ref(at.c, at.sources);
        let message = obligations::message(rule, entity, &obligations, severity, self.ctx.as_of);
        let fingerprint = crate::report::fingerprint_at(
            &rule.id,
            &entity.id,
            at.file,
            at.c.location.sheet.as_deref(),
            &component,
            &identity(at.c, &component),
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
                id: entity.id.clone(),
                name: entity.name.clone(),
            },
            component,
            location: FindingLocation {
                file: at.file.to_string(),
                line: at.c.location.line,
                path: at.c.location.path.clone(),
                sheet: at.c.location.sheet.clone(),
            },
            evidence,
            obligations,
            listed: listing.map(|l| ListedInfo {
                from: l.from,
                until: l.until,
                source: l.source.clone(),
            }),
            source: instrument.sources.first().cloned().unwrap_or_default(),
            message,
            notes,
            fingerprint,
            waiver: None,
            baselined: false,
        })
    }
}

/// Whether a list-based rule's list names entity `e` (or its member) on a date.
enum Listed<'r> {
    /// The rule is not list-based.
    NotListBased,
    /// Not on the list that day.
    Not,
    /// On the list under this listing.
    Under(&'r Listing),
}

/// Whether `rule`'s list names entity `e`, or its member `member`, on `date`: a member counts
/// under its own listing, else (the rule covering the group) under its entity's.
fn listed(rule: &Rule, e: u32, member: Option<u32>, date: Date) -> Listed<'_> {
    if rule.listings.is_empty() {
        return Listed::NotListBased;
    }
    // Listings are sorted by entity: an imported list of tens of thousands is searched, not
    // scanned, for each match.
    let e = e as usize;
    let start = rule.listings.partition_point(|l| l.entity < e);
    let of_entity = rule.listings.get(start..).unwrap_or_default();
    let of_entity = of_entity.iter().take_while(|l| l.entity == e);
    let on = |m: Option<usize>| {
        of_entity
            .clone()
            .filter(|l| l.member == m && l.listed_on(date))
            .min_by_key(|l| l.from)
    };
    let own = member.and_then(|m| on(Some(m as usize)));
    match own.or_else(|| on(None)) {
        Some(l) => Listed::Under(l),
        None => Listed::Not,
    }
}

/// What kind of thing a component is: as its BOM says, else as a CPE name's part says.
fn kind_of(c: &Component) -> Kind {
    if !c.kind.is_unknown() {
        return c.kind;
    }
    c.fields()
        .filter(|(f, _)| *f == Field::Cpe)
        .map(|(_, v)| Kind::of_cpe(v))
        .find(|k| !k.is_unknown())
        .unwrap_or_default()
}

/// Why a rule limited to some kinds of component gives only `review` here.
fn kind_note(rule: &Rule, kind: Kind) -> String {
    let covers: Vec<&str> = rule.kinds.iter().map(|k| k.as_str()).collect();
    let covers = covers.join(", ");
    match kind {
        Kind::Unknown => format!(
            "rule {} covers only {covers}; the BOM does not say what kind of thing this component is: a person must decide whether the rule reaches it",
            rule.id
        ),
        k => format!(
            "rule {} covers only {covers}; this component is {}: a person must decide whether the rule reaches it",
            rule.id,
            k.as_str()
        ),
    }
}

/// The component being judged, its sources and its file.
struct Place<'a> {
    c: &'a Component,
    sources: &'a [Source<'a>],
    file: &'a str,
}

/// The component as a finding names it: designators, name, quantity, and its primary source.
pub(super) fn component_ref(c: &Component, sources: &[Source<'_>]) -> ComponentRef {
    let primary = sources.first();
    ComponentRef {
        reference: c.reference().to_string(),
        manufacturer: primary.map_or("", |s| s.manufacturer).to_string(),
        mpn: primary.map_or("", |s| s.mpn).to_string(),
        supplier: primary.map_or("", |s| s.supplier).to_string(),
        name: c.name().to_string(),
        quantity: c.quantity(),
        kind: kind_of(c),
        origin: c.origin.clone(),
        class: c.class.clone(),
    }
}

/// What identifies a component without designator or bom-ref (an SBOM package) in its
/// fingerprint: its name, version and identifiers, since a line or JSON index would move.
fn identity(c: &Component, component: &ComponentRef) -> String {
    if !component.reference.is_empty() {
        return String::new();
    }
    let mut id = c.name().to_string();
    for (_, v) in c.fields() {
        id.push('\u{1}');
        id.push_str(v);
    }
    id
}
