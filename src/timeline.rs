//! Every dated event ahead for a BOM: the days on which a finding appears, changes severity
//! or state, or goes away — so that a team can plan a redesign years ahead.
//!
//! The BOM is checked on the as-of date and on every later day on which any rule's state can
//! change (obligations starting, a year before they start, deadlines, ends, suspensions,
//! listings, members joining or leaving, exceptions ending); each change between one such day
//! and the next is an event.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::bom::Bom;
use crate::check::{Context, check};
use crate::date::Date;
use crate::error::Error;
use crate::report::{Report, State};
use crate::rules::{RuleSet, Severity};

/// One change ahead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The day it happens.
    pub date: Date,
    /// The rule.
    pub rule: String,
    /// The entity (or product class) matched.
    pub entity: String,
    /// The components it concerns (designators or names).
    pub components: Vec<String>,
    /// The finding's severity and state before (`None`: no finding).
    pub before: Option<(Severity, State)>,
    /// After (`None`: the finding goes away).
    pub after: Option<(Severity, State)>,
    /// One line: "2027-06-30: us-ndaa-fy2024-805-products becomes deny for U1, U2 (quectel)".
    pub summary: String,
}

/// How far ahead events are looked for.
pub const HORIZON_YEARS: i64 = 10;

/// The events ahead for `bom` in `ctx`, from the day after `ctx.as_of`, in date order.
///
/// # Errors
/// As [`check`]: an invalid context, or one that selects no rule.
pub fn timeline(rules: &RuleSet, bom: &Bom, ctx: Context) -> Result<Vec<Event>, Error> {
    let start = ctx.as_of;
    let end = start.add_days(HORIZON_YEARS * 366);
    let mut days: Vec<Date> = change_days(rules)
        .into_iter()
        .filter(|d| *d > start && *d <= end)
        .collect();
    days.dedup();
    let mut before = states(&check(rules, bom, ctx.clone())?);
    let mut events = Vec::new();
    for day in days {
        let mut c = ctx.clone();
        c.as_of = day;
        let after = states(&check(rules, bom, c)?);
        events.extend(changes(day, &before, &after));
        before = after;
    }
    Ok(events)
}

/// Every day on which some rule's effect can change.
fn change_days(rules: &RuleSet) -> BTreeSet<Date> {
    let mut days = BTreeSet::new();
    for r in rules.rules() {
        for o in &r.obligations {
            days.insert(o.from);
            days.insert(o.from.add_days(-365));
            days.extend(o.deadline);
            days.extend(o.until);
            for s in &o.suspended {
                days.insert(s.from);
                days.extend(s.until);
            }
        }
        for l in &r.listings {
            days.insert(l.from);
            days.insert(l.from.add_days(-365));
            days.extend(l.until);
        }
        days.extend(r.exceptions.iter().filter_map(|e| e.until));
    }
    for e in rules.entities() {
        for m in &e.members {
            days.extend(m.from);
            days.extend(m.until);
        }
    }
    days
}

/// (rule, entity) → (severity, state, components) of a report's findings, the worst per pair.
type States = BTreeMap<(String, String), (Severity, State, BTreeSet<String>)>;

fn states(report: &Report) -> States {
    let mut out = States::new();
    for f in &report.findings {
        let who = if f.component.reference.is_empty() {
            f.component.name.clone()
        } else {
            f.component.reference.clone()
        };
        let e = out.entry((f.rule.clone(), f.entity.id.clone())).or_insert((
            f.severity,
            f.state,
            BTreeSet::new(),
        ));
        if (f.severity, f.state) > (e.0, e.1) {
            (e.0, e.1) = (f.severity, f.state);
        }
        e.2.insert(who);
    }
    out
}

/// The events between two days' states.
fn changes(day: Date, before: &States, after: &States) -> Vec<Event> {
    let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let b = before.get(key);
        let a = after.get(key);
        let (bs, as_) = (b.map(|x| (x.0, x.1)), a.map(|x| (x.0, x.1)));
        if bs == as_ {
            continue;
        }
        let components: Vec<String> = a
            .or(b)
            .map(|x| x.2.iter().cloned().collect())
            .unwrap_or_default();
        let what = match as_ {
            Some((s, st)) => format!("becomes {} ({})", s.as_str(), st.as_str()),
            None => "no longer applies".to_string(),
        };
        out.push(Event {
            date: day,
            rule: key.0.clone(),
            entity: key.1.clone(),
            summary: format!(
                "{day}: {} {what} for {} ({})",
                key.0,
                components.join(", "),
                key.1
            ),
            components,
            before: bs,
            after: as_,
        });
    }
    out
}
