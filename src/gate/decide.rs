//! Applying a [`Policy`] to a report: waivers, then the baseline, then the counts and verdict.

use std::collections::HashMap;

use super::Policy;
use super::baseline::{Baseline, BaselineEntry};
use crate::date::Date;
use crate::report::{BaselineUse, Finding, Report, Verdict, WaiverState, WaiverUse};
use crate::rules::{RuleSet, Severity};

/// See [`Policy::apply`].
pub(super) fn apply(policy: &Policy, rules: &RuleSet, mut report: Report) -> Report {
    let as_of = report.context.as_of;
    let mut uses = waiver_uses(policy, as_of);
    apply_waivers(rules, &mut report.findings, &mut uses);
    let mut warnings = waiver_warnings(&uses);
    report.baseline = policy
        .baseline
        .as_ref()
        .map(|b| apply_baseline(b, rules, &uses, &mut report.findings, &mut warnings));
    // The gate's warnings come first, then the core's (unscreenable components).
    warnings.append(&mut report.warnings);
    report.warnings = warnings;
    let fail_on = policy.fail_on.severity();
    count(&mut report, fail_on);
    nothing_screened(policy, &mut report);
    report.context.fail_on = fail_on;
    report.run.context.fail_on = fail_on;
    report.run.verdict = report.summary.verdict;
    report.run.waivers_applied = uses
        .iter()
        .filter(|u| u.applied > 0)
        .map(|u| u.waiver.source.clone())
        .collect();
    report.waivers = uses;
    report
}

/// Each waiver with its state on the as-of date, not yet used.
fn waiver_uses(policy: &Policy, as_of: Date) -> Vec<WaiverUse> {
    policy
        .waivers
        .iter()
        .map(|w| {
            let days_left = as_of.days_until(w.expires);
            let state = if days_left < 0 {
                WaiverState::Expired
            } else if days_left < policy.waiver_warning_days {
                WaiverState::Expiring
            } else {
                WaiverState::Active
            };
            WaiverUse {
                waiver: w.clone(),
                state,
                days_left,
                matched: 0,
                applied: 0,
            }
        })
        .collect()
}

/// Marks each finding with the first waiver that covers it and may waive it; notes on the
/// finding why a covering waiver did not (rule not waivable, waiver expired).
fn apply_waivers(rules: &RuleSet, findings: &mut [Finding], uses: &mut [WaiverUse]) {
    for f in findings {
        let waivable = rules.rule(&f.rule).is_none_or(|r| r.waivable);
        for u in uses.iter_mut() {
            if !u.waiver.covers(f) {
                continue;
            }
            u.matched += 1;
            if !waivable {
                f.notes.push(format!(
                    "waiver {} does not apply: rule {} cannot be waived",
                    u.waiver.source, f.rule
                ));
            } else if u.state == WaiverState::Expired {
                f.notes.push(format!(
                    "waiver {} expired on {} and no longer waives this finding",
                    u.waiver.source, u.waiver.expires
                ));
            } else if f.waiver.is_none() {
                f.waiver = Some(u.waiver.clone());
                u.applied += 1;
            }
        }
    }
}

/// What a reviewer must know about the waivers: unused, useless, expired, expiring.
fn waiver_warnings(uses: &[WaiverUse]) -> Vec<String> {
    let mut warnings = Vec::new();
    for u in uses {
        let w = &u.waiver;
        match (u.state, u.matched) {
            (_, 0) => warnings.push(format!(
                "waiver {} (rule {}, entity {}) matches no finding: remove it",
                w.source, w.rule, w.entity
            )),
            (WaiverState::Active | WaiverState::Expiring, _) if u.applied == 0 => {
                warnings.push(format!(
                    "waiver {} covers only findings it cannot waive (non-waivable rules, or waived by an earlier waiver): remove it",
                    w.source
                ))
            }
            (WaiverState::Expired, _) => warnings.push(format!(
                "waiver {} expired on {} ({} days ago): its findings count again (owner {}, ticket {})",
                w.source, w.expires, -u.days_left, w.owner, w.ticket
            )),
            (WaiverState::Expiring, _) => warnings.push(format!(
                "waiver {} expires on {} ({} days left; owner {}, ticket {})",
                w.source, w.expires, u.days_left, w.owner, w.ticket
            )),
            _ => {}
        }
    }
    warnings
}

/// Marks the findings the baseline records, an entry for each finding (so that an entry
/// recorded once shields one finding of identical components, not every one); warns about
/// recorded entries that are gone.
///
/// A finding that a waiver covers is the waiver's, never the baseline's: an active waiver
/// waives it, and an expired one makes it count again even when the baseline records it (a
/// baseline written while the waiver was in force may record it: the entry must not outlive
/// the waiver). Such entries are noted on the finding and counted in one warning.
fn apply_baseline(
    b: &Baseline,
    rules: &RuleSet,
    uses: &[WaiverUse],
    findings: &mut [Finding],
    warnings: &mut Vec<String>,
) -> BaselineUse {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for e in &b.entries {
        *left.entry(e.fingerprint.as_str()).or_insert(0) += 1;
    }
    let (mut matched, mut waived, mut expired) = (0, 0, 0);
    for f in findings.iter_mut() {
        let Some(n) = left.get_mut(f.fingerprint.as_str()).filter(|n| **n > 0) else {
            continue;
        };
        *n -= 1;
        match covering(rules, uses, f) {
            None => {
                f.baselined = true;
                matched += 1;
            }
            Some(u) if u.state == WaiverState::Expired => {
                expired += 1;
                f.notes.push(format!(
                    "the baseline records this finding, but waiver {} covers it and expired on {}: the baseline does not shield it; renew the waiver, or remove it to leave the finding to the baseline",
                    u.waiver.source, u.waiver.expires
                ));
            }
            Some(u) => {
                waived += 1;
                f.notes.push(format!(
                    "the baseline records this finding too, but waiver {} decides it: once the waiver expires the finding counts again, whatever the baseline says",
                    u.waiver.source
                ));
            }
        }
    }
    if waived + expired > 0 {
        warnings.push(shadowed_warning(waived, expired));
    }
    let gone = gone_entries(b, &mut left);
    for e in &gone {
        warnings.push(format!(
            "baseline entry {} ({} {} in {} {}) no longer occurs: write the baseline again",
            e.fingerprint, e.rule, e.entity, e.file, e.reference
        ));
    }
    BaselineUse {
        entries: b.entries.len(),
        matched,
        new: findings.len() - matched,
        gone,
    }
}

/// The waiver that covers a finding for the baseline's purposes: the one that waives it, else
/// the first that covers it and could waive its rule (an expired one).
fn covering<'u>(rules: &RuleSet, uses: &'u [WaiverUse], f: &Finding) -> Option<&'u WaiverUse> {
    if rules.rule(&f.rule).is_some_and(|r| !r.waivable) {
        return None;
    }
    let waived_by = f.waiver.as_ref().map(|w| w.source.as_str());
    uses.iter()
        .find(|u| Some(u.waiver.source.as_str()) == waived_by)
        .or_else(|| uses.iter().find(|u| u.waiver.covers(f)))
}

/// The warning for baseline entries that record findings waivers cover.
fn shadowed_warning(waived: usize, expired: usize) -> String {
    let n = waived + expired;
    let one = |k: usize, a: &'static str, b: &'static str| if k == 1 { a } else { b };
    let mut parts = Vec::new();
    if waived > 0 {
        parts.push(format!(
            "{waived} waived (write the baseline again to drop {})",
            one(waived, "its entry", "their entries")
        ));
    }
    if expired > 0 {
        parts.push(format!(
            "{expired} under an expired waiver, which {} again (renew the waiver, or remove it to leave {} to the baseline)",
            one(expired, "counts", "count"),
            one(expired, "it", "them")
        ));
    }
    format!(
        "the baseline records {n} {} that waivers cover; a waiver, not the baseline, decides {}: {}",
        one(n, "finding", "findings"),
        one(n, "it", "them"),
        parts.join("; ")
    )
}

/// The entries no finding used, in the baseline's order (of entries recorded more than once,
/// the ones left over).
fn gone_entries(b: &Baseline, left: &mut HashMap<&str, usize>) -> Vec<BaselineEntry> {
    let mut gone = Vec::new();
    for e in &b.entries {
        if let Some(n) = left.get_mut(e.fingerprint.as_str())
            && *n > 0
        {
            *n -= 1;
            gone.push(e.clone());
        }
    }
    gone
}

/// A check in which nothing could be screened fails (policy `error` or `fail`) or passes
/// (`warn`), with a warning either way: nothing in it is known to comply.
fn nothing_screened(policy: &Policy, report: &mut Report) {
    if report.summary.screened > 0 || report.summary.components == 0 {
        return;
    }
    let what = match policy.unscreenable {
        super::Unscreenable::Warn => "the check passes by policy (unscreenable = warn)",
        _ => {
            report.summary.verdict = Verdict::Fail;
            "the check fails by policy (unscreenable = fail)"
        }
    };
    report.warnings.push(format!(
        "{}: nothing was screened, so nothing is known to comply; {what}",
        match report.summary.components {
            0 => "there is no component".to_string(),
            1 => "the one component names no manufacturer, supplier, part number or identifier"
                .to_string(),
            n => format!(
                "none of the {n} components names a manufacturer, supplier, part number or identifier"
            ),
        }
    ));
}

/// Counts waived, baselined and failing findings at `fail_on`, and sets the verdict.
fn count(report: &mut Report, fail_on: Option<Severity>) {
    let s = &mut report.summary;
    s.waived = 0;
    s.baselined = 0;
    s.failing = 0;
    for f in &report.findings {
        s.waived += usize::from(f.waiver.is_some());
        s.baselined += usize::from(f.baselined);
        s.failing += usize::from(f.fails_at(fail_on));
    }
    s.verdict = if s.failing > 0 {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
}
