//! A rule's obligations on the as-of date: which apply in the context, where each stands
//! (upcoming, deadline pending, in force) and the severity it gives; and the one-sentence
//! message that sums them up.

use super::Context;
use crate::date::Date;
use crate::report::{ObligationState, State};
use crate::rules::{Entity, Obligation, Rule, Severity};

/// How far ahead an obligation that has not started yet is reported (`upcoming`).
const UPCOMING_DAYS: i64 = 365;

/// The obligations of `rule` that apply in `ctx`, with their state and severity. `listed`:
/// the day the rule's list named the entity, when the rule is list-based; an obligation takes
/// effect for the entity on the later of its own `from` and that day.
pub(super) fn states(rule: &Rule, ctx: &Context, listed: Option<Date>) -> Vec<ObligationState> {
    rule.obligations
        .iter()
        .filter_map(|o| state(rule, o, ctx, listed))
        .collect()
}

/// One obligation in the context, or `None` when its scope is excluded, it starts more than a
/// year after the as-of date, or it has ended.
fn state(
    rule: &Rule,
    o: &Obligation,
    ctx: &Context,
    listed: Option<Date>,
) -> Option<ObligationState> {
    let (scope_open, mut reason) = scope(o, ctx)?;
    let as_of = ctx.as_of;
    if o.until.is_some_and(|u| as_of >= u) {
        return None;
    }
    let from = listed.map_or(o.from, |l| l.max(o.from));
    let (state, severity) = if as_of < from {
        if as_of.days_until(from) > UPCOMING_DAYS {
            return None;
        }
        (State::Upcoming, Severity::Info)
    } else if o.deadline.is_some_and(|d| as_of < d) {
        (State::DeadlinePending, Severity::Warn.min(rule.severity))
    } else {
        (State::InForce, rule.severity)
    };
    let (state, severity) = suspension(o, as_of, state, severity, &mut reason);
    let mut severity = severity;
    if scope_open || o.cap.is_some() {
        if o.cap.is_some() && reason.is_none() {
            reason = Some(format!(
                "a quantitative cap ({}) that a BOM alone cannot decide",
                o.cap.as_deref().unwrap_or("")
            ));
        }
        severity = severity.min(Severity::Review);
    }
    Some(ObligationState {
        action: o.action,
        from,
        until: o.until,
        deadline: o.deadline,
        segments: o.segments.clone(),
        purposes: o.purposes.clone(),
        cap: o.cap.clone(),
        state,
        severity,
        reason,
    })
}

/// An obligation in force on a day inside a suspended period is `suspended` (`info`); inside
/// a period whose status is unverified it stays in force, at most `review`, saying why.
fn suspension(
    o: &Obligation,
    as_of: Date,
    state: State,
    severity: Severity,
    reason: &mut Option<String>,
) -> (State, Severity) {
    let Some(s) = o.suspended.iter().find(|s| s.covers(as_of)) else {
        return (state, severity);
    };
    if matches!(state, State::Upcoming) {
        return (state, severity);
    }
    let period = match s.until {
        Some(u) => format!("from {} until {u}", s.from),
        None => format!("from {}", s.from),
    };
    let source = s
        .source
        .as_deref()
        .map_or(String::new(), |src| format!(" ({src})"));
    if s.unverified {
        *reason = Some(format!(
            "whether the measure applies {period} is not verified{source}: a person must check its current status"
        ));
        (state, severity.min(Severity::Review))
    } else {
        *reason = Some(format!("suspended {period}{source}"));
        (State::Suspended, Severity::Info)
    }
}

/// Whether an obligation's segment and purpose scopes apply: `None` when the context
/// declares scopes that exclude it; else whether a scope is open (the context declares none
/// of a kind the obligation is limited to), and why.
fn scope(o: &Obligation, ctx: &Context) -> Option<(bool, Option<String>)> {
    let mut reason = None;
    let mut scope_open = false;
    for (wanted, declared, what) in [
        (&o.segments, &ctx.segments, "segment"),
        (&o.purposes, &ctx.purposes, "purpose"),
    ] {
        if wanted.is_empty() {
            continue;
        }
        if declared.is_empty() {
            scope_open = true;
            reason = Some(format!(
                "applies only to {what} {}; the context declares no {what} (use --{what})",
                wanted.join(", ")
            ));
        } else if !wanted.iter().any(|w| declared.contains(w)) {
            return None;
        }
    }
    Some((scope_open, reason))
}

/// One sentence: "Micron Technology, Inc. part restricted under cn-cac-2023-micron: procure
/// prohibited since 2023-05-21".
pub(super) fn message(
    rule: &Rule,
    entity: &Entity,
    obligations: &[ObligationState],
    severity: Severity,
    as_of: Date,
) -> String {
    // A rule of severity `review` restricts without forbidding (a listing that calls for a
    // licence or a decision): its obligations are "restricted", never "prohibited".
    let verb = if rule.severity == Severity::Review {
        "restricted"
    } else {
        "prohibited"
    };
    let parts: Vec<String> = obligations.iter().map(|o| phrase(o, as_of, verb)).collect();
    let suspended = obligations.iter().all(|o| o.state == State::Suspended);
    let lead = match severity {
        _ if suspended => "restricted (measure suspended)",
        Severity::Review => "needs review",
        Severity::Info => "upcoming",
        _ => "restricted",
    };
    format!(
        "{} part {lead} under {}: {}",
        entity.name,
        rule.id,
        parts.join("; ")
    )
}

/// One obligation in words, relative to the as-of date.
fn phrase(o: &ObligationState, as_of: Date, verb: &str) -> String {
    let what = o.action.as_str();
    let scope = if o.segments.is_empty() {
        String::new()
    } else {
        format!(" in {}", o.segments.join("/"))
    };
    match o.state {
        State::InForce => match o.deadline {
            Some(d) => format!("{what}{scope} {verb} since {}, due {d}", o.from),
            None => format!("{what}{scope} {verb} since {}", o.from),
        },
        State::DeadlinePending => format!(
            "{what}{scope} must end by {} ({} days after {as_of})",
            o.deadline.map_or(String::new(), |d| d.to_string()),
            o.deadline.map_or(0, |d| as_of.days_until(d))
        ),
        State::Suspended => format!(
            "{what}{scope} {verb} since {}, suspended on {as_of}",
            o.from
        ),
        State::Upcoming => format!(
            "{what}{scope} {verb} from {} ({} days after {as_of})",
            o.from,
            as_of.days_until(o.from)
        ),
    }
}
