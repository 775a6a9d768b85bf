//! Summing up a check: findings in report order, counts by severity, the rules evaluated, and
//! the run record. The verdict here is the rules' own (a finding a rule denies is a
//! violation); a [`gate`](crate::gate) policy may decide otherwise.

use super::judge::Judge;
use crate::bom::BomInfo;
use crate::hash::{FxHashMap, FxHashSet};
use crate::report::{
    ContextInfo, Draft, Finding, Report, RuleInfo, Summary, Unscreenable, Verdict,
};
use crate::rules::{RuleSet, Severity};

/// What a check collected, ready to be summed up.
pub(super) struct Collected {
    pub findings: Vec<Finding>,
    pub summary: Summary,
    pub inputs: Vec<BomInfo>,
    pub unscreenable: Vec<Unscreenable>,
}

/// The report of a check.
pub(super) fn report(rules: &RuleSet, judge: &Judge<'_>, mut c: Collected) -> Report {
    sort(&mut c.findings, &c.inputs);
    number_duplicates(&mut c.findings);
    let mut warnings = Vec::new();
    if c.summary.unscreenable > 0 {
        warnings.push(format!(
            "{} of {} {} no manufacturer, supplier, part number or identifier: {} not screened and {} not known to comply",
            c.summary.unscreenable,
            crate::report::text::count(c.summary.components, "component", "components"),
            if c.summary.unscreenable == 1 { "names" } else { "name" },
            if c.summary.unscreenable == 1 { "it was" } else { "they were" },
            if c.summary.unscreenable == 1 { "is" } else { "are" },
        ));
    }
    // What the readers noticed that may hide a vendor (a parts list with no maker column).
    for i in &c.inputs {
        warnings.extend(i.warnings.iter().map(|w| format!("{}: {w}", i.file)));
    }
    c.summary.duplicates_skipped = c.inputs.iter().map(|i| i.duplicates_skipped).sum();
    count(&mut c.summary, &c.findings);
    let rule_infos: Vec<RuleInfo> = judge.active().filter_map(|r| rule_info(rules, r)).collect();
    let ctx = judge.context();
    warnings.extend(staleness(&rule_infos, ctx.as_of));
    let context = ContextInfo::undecided(
        ctx.as_of,
        ctx.jurisdictions.clone(),
        ctx.roles.clone(),
        ctx.segments.clone(),
        ctx.purposes.clone(),
    );
    Draft {
        context,
        summary: c.summary,
        findings: c.findings,
        rules: rule_infos,
        inputs: c.inputs,
        unscreenable: c.unscreenable,
        warnings,
    }
    .into_report(&rules.digest, &rules.packs)
}

/// How long after the rules' newest `checked` date a check may run before reports warn that
/// the rule data may be out of date (as a vulnerability scanner warns of an old database).
pub const STALE_AFTER_DAYS: i64 = 180;

/// The warning for rule data last checked more than [`STALE_AFTER_DAYS`] before `as_of`.
fn staleness(rules: &[RuleInfo], as_of: crate::date::Date) -> Option<String> {
    let newest = rules.iter().map(|r| r.checked).max()?;
    let age = newest.days_until(as_of);
    (age > STALE_AFTER_DAYS).then(|| {
        format!(
            "the rule data was last checked on {newest}, {age} days before the evaluation date {as_of}: it may be out of date — update bomgate or the rule pack (see `bomgate rules list`)"
        )
    })
}

/// Report order: by rule, then file (in the order read), sheet (in workbook order), line,
/// designators and entity; findings equal in all of these keep the order they were found in.
/// The keys borrow from the findings, which then move once each into their places: tens of
/// thousands of findings of several hundred bytes are not swapped about, nor their keys
/// copied.
fn sort(findings: &mut Vec<Finding>, inputs: &[BomInfo]) {
    let file_order: FxHashMap<&str, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, f)| (f.file.as_str(), i))
        .collect();
    let sheet_order: FxHashMap<(&str, &str), usize> = inputs
        .iter()
        .flat_map(|f| {
            f.sheets
                .iter()
                .enumerate()
                .map(|(k, s)| ((f.file.as_str(), s.as_str()), k))
        })
        .collect();
    // Rules by their rank among the few ids that occur: most comparisons compare numbers.
    let mut rule_ids: Vec<&str> = findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect::<FxHashSet<_>>()
        .into_iter()
        .collect();
    rule_ids.sort_unstable();
    let rule_rank: FxHashMap<&str, usize> = rule_ids
        .iter()
        .enumerate()
        .map(|(k, id)| (*id, k))
        .collect();
    let order: Vec<usize> = {
        let mut keyed: Vec<_> = findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let file = f.location.file.as_str();
                let key = (
                    rule_rank.get(f.rule.as_str()).copied(),
                    file_order.get(file).copied(),
                    f.location
                        .sheet
                        .as_deref()
                        .and_then(|s| sheet_order.get(&(file, s)).copied()),
                    f.location.line,
                    f.component.reference.as_str(),
                    f.entity.id.as_str(),
                );
                (key, i)
            })
            .collect();
        // The index is part of each pair: an unstable sort gives the stable order.
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, i)| i).collect()
    };
    let mut slots: Vec<Option<Finding>> = std::mem::take(findings).into_iter().map(Some).collect();
    findings.reserve_exact(order.len());
    findings.extend(
        order
            .iter()
            .filter_map(|i| slots.get_mut(*i).and_then(Option::take)),
    );
}

/// Makes fingerprints unique: the second and later findings (in report order) with the same
/// fingerprint, those of identical components, get their occurrence mixed in. Findings that
/// share a fingerprint share rule, entity, file, sheet and designators, so report order puts
/// them by line, then in reading order: deterministic.
fn number_duplicates(findings: &mut [Finding]) {
    // Counted on the fingerprints as found (borrowed), then changed.
    let renumber: Vec<(usize, usize)> = {
        let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
        findings
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let n = seen.entry(f.fingerprint.as_str()).or_insert(0);
                *n += 1;
                (*n > 1).then_some((i, *n))
            })
            .collect()
    };
    for (i, n) in renumber {
        if let Some(f) = findings.get_mut(i) {
            f.fingerprint = crate::report::fingerprint_occurrence(&f.fingerprint, n);
        }
    }
}

/// Counts findings by severity; the rules' own verdict fails on a `deny` finding.
fn count(s: &mut Summary, findings: &[Finding]) {
    s.findings = findings.len();
    for f in findings {
        match f.severity {
            Severity::Deny => s.deny += 1,
            Severity::Warn => s.warn += 1,
            Severity::Review => s.review += 1,
            Severity::Info => s.info += 1,
        }
    }
    s.failing = s.deny;
    s.verdict = if s.failing > 0 {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
}

/// A rule as a report describes it, with its instrument's citation and sources.
fn rule_info(rules: &RuleSet, r: &crate::rules::Rule) -> Option<RuleInfo> {
    let i = rules.instrument_of(r)?;
    Some(RuleInfo {
        id: r.id.clone(),
        title: r.title.clone(),
        instrument: i.id.clone(),
        citation: i.citation.clone(),
        jurisdiction: i.jurisdiction.clone(),
        authority: i.authority.clone(),
        binds: r.binds.clone(),
        severity: r.severity,
        sources: i.sources.clone(),
        checked: i.checked,
        interpretation: i.interpretation.clone(),
    })
}
